#!/usr/bin/env bash
# Desktop smoke test: the real desktop binary (Dioxus desktop, webkit2gtk)
# starts under Xvfb, shows the home screen (its heading mounted in the
# webview, a screenshot that is not blank), and closes cleanly (exit 0).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${HAPPYLIFE_DESKTOP_BIN:-${CARGO_TARGET_DIR:-$root/target}/debug/happylife-desktop}
artifacts=${HAPPYLIFE_ARTIFACTS:-$root/tests/desktop/artifacts}
mkdir -p "$artifacts"
work=$(mktemp -d)
display=":$((90 + RANDOM % 9))"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "desktop smoke FAILED: $*"; echo "--- app stdout"; cat "$work/out" 2>/dev/null || true; echo "--- app stderr"; tail -20 "$work/err" 2>/dev/null || true; echo "desktop: 0 passed, 1 failed"; exit 1; }

Xvfb "$display" -screen 0 1024x1000x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do xdpyinfo -display "$display" >/dev/null 2>&1 && break; sleep 0.1; done
xdpyinfo -display "$display" >/dev/null 2>&1 || fail "Xvfb did not start"

DISPLAY=$display HAPPYLIFE_CLOSE_WHEN_FILE_EXISTS="$work/close" NO_AT_BRIDGE=1 \
  "$bin" --data-dir "$work/data" --clock 2026-11-25T09:30:00+08:00 >"$work/out" 2>"$work/err" &
app=$!
pids+=("$app")
for _ in $(seq 600); do grep -q '^HAPPYLIFE_HOME_MOUNTED ' "$work/out" 2>/dev/null && break; kill -0 "$app" 2>/dev/null || break; sleep 0.1; done
grep -q '^HAPPYLIFE_HOME_MOUNTED 幸福生活$' "$work/out" || fail "the home heading never mounted"
sleep 1 # let webkit paint
DISPLAY=$display xdotool search --name '^幸福生活 · HappyLife$' >/dev/null || fail "no window titled 幸福生活 · HappyLife"
import -display "$display" -window root "$artifacts/desktop-home.png"
colours=$(convert "$artifacts/desktop-home.png" -format '%k' info:)
spread=$(convert "$artifacts/desktop-home.png" -format '%[fx:standard_deviation]' info:)
echo "screenshot: $colours colours, standard deviation $spread"
[ "$colours" -gt 16 ] || fail "screenshot is blank ($colours colours)"

touch "$work/close"
for _ in $(seq 200); do kill -0 "$app" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$app" 2>/dev/null; then fail "window did not close in 20 s"; fi
code=0; wait "$app" || code=$?
[ "$code" -eq 0 ] || fail "desktop app exited with $code"
[ -f "$work/data/companion.db" ] || fail "no database written"
echo "desktop: 1 passed, 0 failed"
