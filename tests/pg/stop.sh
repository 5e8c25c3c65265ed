#!/usr/bin/env bash
# Stops the PostgreSQL server that tests/pg/start.sh started in DIR.
set -euo pipefail
dir=$1
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
rm -rf "$dir"
