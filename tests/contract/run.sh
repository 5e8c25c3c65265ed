#!/usr/bin/env bash
# The gateway's contract test: schemathesis throws generated, bad and random
# input at every endpoint of the running server's own OpenAPI document.
#
#   tests/contract/run.sh SERVER_BIN PYTHON [DATABASE_URL]
#
# DATABASE_URL is an SQLite file by default (or postgres://…, a database of
# its own). Fails on any 5xx, on a response the document does not describe
# (status, content type, body schema), on schema-invalid input that is not
# refused with a 4xx, on refused requests that left rows behind (every
# table's row count before and after a negative-only phase), and on an
# unsound database afterwards (SQLite's integrity_check, the balances).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
server=$1
python=$2
work=$(mktemp -d)
db=${3:-"sqlite://$work/gateway.db?mode=rwc"}
schemathesis=$(dirname "$python")/schemathesis
port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
# Bounded: each phase has its own time budget, the whole run stays under ~5 minutes.
budget=${HAPPYLIFE_CONTRACT_SECONDS:-90}
examples=${HAPPYLIFE_CONTRACT_EXAMPLES:-40}

export HAPPYLIFE_OPERATOR_TOKEN=${HAPPYLIFE_OPERATOR_TOKEN:-contract-operator-credential}
"$server" --sandbox --database-url "$db" --listen "127.0.0.1:$port" --blocklist-size 2000 \
  >"$work/server.log" 2>&1 &
pid=$!
cleanup() {
  status=$?
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [ "$status" != 0 ] && grep -q "ERROR" "$work/server.log"; then
    echo "--- the gateway's errors:" >&2
    grep "ERROR" "$work/server.log" | tail -20 >&2
  fi
  rm -rf "$work"
}
trap cleanup EXIT
for _ in $(seq 600); do
  "$python" -c 'import sys, urllib.request; open(sys.argv[2], "wb").write(urllib.request.urlopen(sys.argv[1], timeout=5).read())' \
    "$base/v1/openapi.json" "$work/openapi.json" 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/server.log"; exit 1; }
  sleep 0.2
done
[ -s "$work/openapi.json" ] || { echo "the gateway did not start" >&2; exit 1; }

tokens=$("$python" "$here/bank.py" login "$base")
export HAPPYLIFE_DEVICE_TOKEN=$("$python" -c 'import json,sys; print(json.loads(sys.argv[1])["device"])' "$tokens")
export HAPPYLIFE_SESSION_TOKEN=$("$python" -c 'import json,sys; print(json.loads(sys.argv[1])["session"])' "$tokens")
export SCHEMATHESIS_HOOKS=hooks
export PYTHONPATH="$here"

run() {
  # From the scratch folder, so schemathesis keeps its cache there.
  (cd "$work" && "$schemathesis" run "$work/openapi.json" --url "$base" \
    --phases examples,coverage,fuzzing --max-examples "$examples" --max-time "$budget" \
    --seed 96110 --request-timeout 20 --no-color \
    --suppress-health-check all --warnings off \
    --exclude-path /v1/events "$@")
}
# /v1/events is a stream that stays open up to a minute by design: it is
# tested by tests/sync/events.rs (session, what it says, when it ends).

echo "--- negative only: schema-invalid input must be refused and leave nothing behind"
# One worker, so each request's row counts are its own.
if [[ $db == sqlite:* ]]; then
  sqlite_file=${db#sqlite://}
  export HAPPYLIFE_CONTRACT_SQLITE=${sqlite_file%%\?*}
  rowcheck=,refusal_writes_nothing
fi
run --mode negative --workers 1 \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,negative_data_rejection${rowcheck:-}
unset HAPPYLIFE_CONTRACT_SQLITE

echo "--- all input: no 5xx, every answer as the document says"
# One worker here too: Python 3.11's AST builder keeps its recursion depth
# in one per-interpreter state, so two threads in hypothesis's ast.parse
# (it describes its strategies from their source) can interleave and fail
# with "SystemError: AST constructor recursion depth mismatch" (a CI run
# failed on it; see CPython gh-106905). The phase is bounded by time, so
# one worker runs fewer examples in the same time, not a longer test.
run --mode all --workers 1 \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance

echo "--- the database afterwards"
"$python" "$here/bank.py" integrity "$db"
if grep -q " ERROR " "$work/server.log"; then
  echo "the gateway logged errors:" >&2
  grep " ERROR " "$work/server.log" | head -20 >&2
  exit 1
fi
echo "contract test passed"
