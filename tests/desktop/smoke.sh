#!/usr/bin/env bash
# Desktop smoke test: the real desktop binary (Dioxus desktop, webkit2gtk)
# starts under Xvfb, shows the home screen (its heading mounted in the
# webview, a screenshot that is not blank), reads the home screen aloud
# through espeak-ng when 朗读本页 is pressed (written to a WAV, since the
# machine has no speakers: sox must find speech of a plausible length, not
# silence), and closes cleanly (exit 0).
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
  HAPPYLIFE_ESPEAK_WAV="$work/said.wav" \
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

# 朗读本页: the window's first buttons are 刷新 and 朗读本页; the keyboard
# reaches it as she would without a mouse.
wid=$(DISPLAY=$display xdotool search --name '^幸福生活 · HappyLife$' | head -1)
DISPLAY=$display xdotool windowfocus --sync "$wid" 2>/dev/null || true
said=""
for presses in 1 2 3 4; do
  DISPLAY=$display xdotool key --window "$wid" Tab
  DISPLAY=$display xdotool key --window "$wid" Return
  for _ in $(seq 50); do [ -s "$work/said.wav" ] && break; sleep 0.1; done
  if [ -s "$work/said.wav" ]; then said=$presses; break; fi
done
[ -n "$said" ] || fail "朗读本页 wrote no speech"
# espeak-ng has finished the file when its size stops changing.
size=-1
for _ in $(seq 60); do
  now=$(stat -c %s "$work/said.wav"); [ "$now" = "$size" ] && break; size=$now; sleep 0.5
done
secs=$(soxi -D "$work/said.wav")
rms=$(sox "$work/said.wav" -n stat 2>&1 | awk '/RMS +amplitude/ {print $3}')
echo "read aloud (the control $said Tab presses in): $secs s of speech, RMS amplitude $rms"
awk -v s="$secs" 'BEGIN { exit !(s >= 2 && s <= 120) }' || fail "the speech is $secs s long"
awk -v r="$rms" 'BEGIN { exit !(r >= 0.01) }' || fail "the speech is silence (RMS $rms)"

touch "$work/close"
closing=$(date +%s.%N)
for _ in $(seq 200); do kill -0 "$app" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$app" 2>/dev/null; then fail "window did not close in 20 s"; fi
code=0; wait "$app" || code=$?
echo "closed in $(awk -v a="$closing" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s"
[ "$code" -eq 0 ] || fail "desktop app exited with $code"
[ -f "$work/data/companion.db" ] || fail "no database written"
echo "desktop: 1 passed, 0 failed"
