#!/usr/bin/env bash
# Smoke test of the desktop app in a real (virtual) X window:
#   1. builds ./desktop into out/desktop-bin;
#   2. checks that a bad flag exits with status 2 and a message naming the flag and its range;
#   3. runs the app under Xvfb for 5 s (24 nodes), which writes a screenshot and exits on its own;
#   4. checks the exit status is 0, the PNG exists, has the window's size and is not blank
#      (standard deviation of the pixels and the number of distinct colours above thresholds);
#   5. runs it again with real X input (xdotool): a left click on node 5 must crash it, a right
#      click on node 9 must select it and Space must pause (read back from the app's -state JSON);
#   6. starts it under SWIM (-protocol swim) and checks that the P key switches to heartbeat;
#   7. starts lecture mode (-lecture): a click in the scene menu, the 4 key and PageDown load
#      lessons 3, 4 and 5, and its screenshot is not blank;
#   8. opens a share link made by the CLI (gossiplab run --share, pasted as a whole URL) and
#      checks the window shows the run with the CLI's trace hash;
#   9. starts a real cluster (gossiplab cluster, five processes), attaches the window to it with
#      -live, kills node 1 with a real click (xdotool) and checks the window shows the live real
#      nodes removing it, the supervisor killed it, and no process is left.
# Needs xvfb-run, ImageMagick's convert, xdotool and jq; as root it installs them (and the X/GL
# libraries Ebiten loads at run time) with apt-get when they are missing. Takes about 12 s with
# a warm Go build cache.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=out
BIN=$OUT/desktop-bin
SHOT=$OUT/desktop.png
PKGS="xvfb xauth imagemagick xdotool jq libgl1 libegl1 libgl1-mesa-dri libx11-6 libxrandr2 libxcursor1 libxinerama1 libxi6 libxxf86vm1"
start=$(date +%s)

need_install=0
for c in xvfb-run xdotool jq; do command -v $c >/dev/null || need_install=1; done
[ -x /usr/bin/convert ] || need_install=1 # /usr/local/bin/convert may be a stand-in
ldconfig -p | grep -q 'libGL.so.1' || need_install=1
if [ "$need_install" = 1 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing: $PKGS"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $PKGS >/dev/null
  else
    echo "FAIL: needs xvfb-run, /usr/bin/convert and libGL; as root: apt-get install $PKGS" >&2
    exit 1
  fi
fi

mkdir -p "$OUT"
rm -f "$SHOT"
echo "building $BIN"
go build -o "$BIN" ./desktop
echo "ok: built ($(du -h "$BIN" | cut -f1))"

# A bad flag: status 2 and one message that names it and its range.
set +e
msg=$("$BIN" -n 0 2>&1)
status=$?
set -e
if [ "$status" != 2 ] || ! grep -q -- '-n: must be a whole number in \[1, 1000\]' <<<"$msg"; then
  echo "FAIL: -n 0 gave status $status and: $msg" >&2
  exit 1
fi
echo "ok: -n 0 exits 2 with: $msg"
set +e
msg=$("$BIN" -protocol foo 2>&1)
status=$?
set -e
if [ "$status" != 2 ] || ! grep -q -- '-protocol: must be one of heartbeat, swim' <<<"$msg"; then
  echo "FAIL: -protocol foo gave status $status and: $msg" >&2
  exit 1
fi
echo "ok: -protocol foo exits 2 with: $msg"

# The real window.
set +e
xvfb-run -a -s '-screen 0 1280x720x24' "$BIN" -n 24 -exit-after 5s -screenshot "$SHOT" 2>"$OUT/desktop.log"
status=$?
set -e
cat "$OUT/desktop.log"
if [ "$status" != 0 ]; then
  echo "FAIL: the desktop app exited with status $status" >&2
  exit 1
fi
echo "ok: exit status 0 after -exit-after 5s"
[ -s "$SHOT" ] || { echo "FAIL: no screenshot at $SHOT" >&2; exit 1; }

size=$(/usr/bin/convert "$SHOT" -format '%wx%h' info:)
sd=$(/usr/bin/convert "$SHOT" -format '%[fx:standard_deviation]' info:)
colours=$(/usr/bin/convert "$SHOT" -format '%k' info:)
echo "screenshot $SHOT: ${size}, pixel standard deviation $sd, $colours distinct colours"
[ "$size" = "1280x720" ] || { echo "FAIL: screenshot is $size, want the 1280x720 window" >&2; exit 1; }
awk -v sd="$sd" 'BEGIN { exit !(sd > 0.05) }' || { echo "FAIL: the screenshot is blank (standard deviation $sd <= 0.05)" >&2; exit 1; }
[ "$colours" -gt 200 ] || { echo "FAIL: only $colours colours: nothing much was drawn" >&2; exit 1; }
echo "ok: the screenshot is not blank (sd $sd > 0.05, $colours > 200 colours)"
# Real clicks in the real window.
STATE=$OUT/desktop-state.json
rm -f "$STATE"
set +e
xvfb-run -a -s '-screen 0 1280x720x24' bash -c '
  "$1" -n 24 -exit-after 4s -state "$2" 2>/dev/null & app=$!
  for i in $(seq 100); do [ -s "$2" ] && break; sleep 0.1; done
  wid=$(xdotool search --sync --name "Gossip Lab" | head -1)
  at() { printf "%.0f %.0f" "$(jq ".nodes[$1].x" "$2")" "$(jq ".nodes[$1].y" "$2")"; }
  read -r x y <<<"$(at 5 "$2")"
  xdotool mousemove --window "$wid" "$x" "$y" mousedown 1 sleep 0.1 mouseup 1
  sleep 0.3 # the table opens on the left and the ring moves: read the new place of node 9
  read -r x y <<<"$(at 9 "$2")"
  xdotool mousemove --window "$wid" "$x" "$y" mousedown 3 sleep 0.1 mouseup 3
  sleep 0.2
  xdotool keydown --window "$wid" space sleep 0.1 keyup --window "$wid" space
  wait $app
' _ "$BIN" "$STATE"
status=$?
set -e
[ "$status" = 0 ] || { echo "FAIL: the interactive run exited with status $status" >&2; exit 1; }
got=$(jq -c '[.nodes[5].status, .selected, .paused]' "$STATE")
[ "$got" = '["crashed",9,true]' ] || { echo "FAIL: after clicking node 5, right-clicking node 9 and pressing Space: $got, want [\"crashed\",9,true]" >&2; exit 1; }
echo "ok: real input: a left click crashed node 5, a right click selected node 9, Space paused ($got)"
# SWIM from the flag, then the P key switches the protocol.
rm -f "$STATE"
set +e
xvfb-run -a -s '-screen 0 1280x720x24' bash -c '
  "$1" -protocol swim -n 12 -exit-after 3s -state "$2" 2>/dev/null & app=$!
  for i in $(seq 100); do [ -s "$2" ] && break; sleep 0.1; done
  first=$(jq -r .params.protocol "$2")
  wid=$(xdotool search --sync --name "Gossip Lab" | head -1)
  xdotool keydown --window "$wid" p sleep 0.1 keyup --window "$wid" p
  wait $app
  echo "$first" >"$2.first"
' _ "$BIN" "$STATE"
status=$?
set -e
[ "$status" = 0 ] || { echo "FAIL: the SWIM run exited with status $status" >&2; exit 1; }
got="$(cat "$STATE.first") $(jq -r .params.protocol "$STATE")"
[ "$got" = "swim heartbeat" ] || { echo "FAIL: -protocol swim then P: protocols \"$got\", want \"swim heartbeat\"" >&2; exit 1; }
echo "ok: -protocol swim starts SWIM and the P key switches to heartbeat ($got)"
# Lecture mode: the scene menu is open at the start; a click on its third row loads lesson 3,
# the 4 key lesson 4, PageDown lesson 5 (read back from -state); the screenshot is not blank.
rm -f "$STATE"
LSHOT=$OUT/desktop-lecture.png
rm -f "$LSHOT"
set +e
xvfb-run -a -s '-screen 0 1280x720x24' bash -c '
  "$1" -lecture -exit-after 6s -state "$2" -screenshot "$3" 2>/dev/null & app=$!
  for i in $(seq 100); do [ -s "$2" ] && break; sleep 0.1; done
  jq -c "[.lecture.menu, .lecture.scene, (.lecture.rows | length)]" "$2" >"$2.first"
  wid=$(xdotool search --sync --name "Gossip Lab" | head -1)
  x=$(jq ".lecture.rows[2] | .x + .w / 2 | round" "$2"); y=$(jq ".lecture.rows[2] | .y + .h / 2 | round" "$2")
  xdotool mousemove --window "$wid" "$x" "$y" mousedown 1 sleep 0.1 mouseup 1
  sleep 0.3
  xdotool keydown --window "$wid" 4 sleep 0.1 keyup --window "$wid" 4
  sleep 0.3
  xdotool keydown --window "$wid" Next sleep 0.1 keyup --window "$wid" Next
  wait $app
' _ "$BIN" "$STATE" "$LSHOT"
status=$?
set -e
[ "$status" = 0 ] || { echo "FAIL: the lecture run exited with status $status" >&2; exit 1; }
first=$(cat "$STATE.first")
[ "$first" = '[true,0,10]' ] || { echo "FAIL: -lecture at the start: [menu, scene, rows] = $first, want [true,0,10]" >&2; exit 1; }
got=$(jq -c '[.lecture.scene, .lecture.menu, (.caption.title | startswith("5. ")), (.nodes | length)]' "$STATE")
[ "$got" = '[5,false,true,32]' ] || { echo "FAIL: after a click on scene 3, the 4 key and PageDown: [scene, menu, caption 5, nodes] = $got, want [5,false,true,32]" >&2; exit 1; }
[ -s "$LSHOT" ] || { echo "FAIL: no screenshot at $LSHOT" >&2; exit 1; }
sd=$(/usr/bin/convert "$LSHOT" -format '%[fx:standard_deviation]' info:)
colours=$(/usr/bin/convert "$LSHOT" -format '%k' info:)
awk -v sd="$sd" 'BEGIN { exit !(sd > 0.05) }' || { echo "FAIL: the lecture screenshot is blank (standard deviation $sd)" >&2; exit 1; }
[ "$colours" -gt 200 ] || { echo "FAIL: the lecture screenshot has only $colours colours" >&2; exit 1; }
echo "ok: lecture mode: menu at the start $first, menu click + 4 + PageDown → $got, screenshot $LSHOT (sd $sd, $colours colours)"

# 8. A share link from the CLI opens in the window at the same state.
go build -o "$OUT/gossiplab" ./cmd/gossiplab
cli=$("$OUT/gossiplab" run --scenario scenarios/crash-three.json --events none --share)
link=$(sed -n 's/^share-link: //p' <<<"$cli")
want=$(sed -n 's/^trace-hash: //p' <<<"$cli")
rm -f "$STATE"
xvfb-run -a -s '-screen 0 1280x720x24' "$BIN" -share "http://127.0.0.1/index.html?share=$link" -exit-after 2s -state "$STATE" >/dev/null
got=$(jq -r '[.trace_hash, .time_ms, .paused] | @tsv' "$STATE")
[ "$got" = "$(printf '%s\t60000\ttrue' "$want")" ] || { echo "FAIL: -share of the CLI's link: [hash, time, paused] = $got, want $want at 60000 ms, paused" >&2; exit 1; }
echo "ok: -share opens the CLI's link of scenarios/crash-three.json at trace hash $want, paused at 60 s"
# 9. -live: the window attaches to a real cluster; a click on a node kills its process.
LOG=$OUT/desktop-cluster.txt
"$OUT/gossiplab" cluster --n 5 --period 300ms --t-suspect 1200ms --t-remove 2400ms --duration 40s --every 100ms --seed 3 >"$LOG" 2>&1 &
cluster=$!
trap 'kill $cluster 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q -- '-live ws://' "$LOG" && break; sleep 0.1; done
url=$(grep -o 'ws://[^ ]*' "$LOG" | head -1)
[ -n "$url" ] || { echo "FAIL: gossiplab cluster printed no live address:" >&2; cat "$LOG" >&2; exit 1; }
rm -f "$STATE"
set +e
xvfb-run -a -s '-screen 0 1280x720x24' bash -c '
  "$1" -live "$2" -exit-after 9s -state "$3" -screenshot "$4" >/dev/null &
  app=$!
  for _ in $(seq 100); do [ -s "$3" ] && break; sleep 0.1; done # written after the first frame (node places known)
  sleep 3 # -state is written again only at exit: give the real nodes time to know each other
  wid=$(xdotool search --sync --name "Gossip Lab" | head -1)
  x=$(jq ".nodes[1].x | round" "$3"); y=$(jq ".nodes[1].y | round" "$3")
  xdotool mousemove --window "$wid" "$x" "$y" mousedown 1 sleep 0.2 mouseup 1
  wait $app
' _ "$BIN" "$url" "$STATE" "$OUT/desktop-live.png"
status=$?
set -e
kill $cluster 2>/dev/null || true
wait $cluster 2>/dev/null || true
trap - EXIT
[ "$status" = 0 ] || { echo "FAIL: the -live run exited with status $status" >&2; exit 1; }
got=$(jq -c '[.source.kind, .nodes[1].status, .nodes[1].removed, ([.nodes[] | select(.id != 1) | .alive] | unique)]' "$STATE")
[ "$got" = '["live","crashed",4,[3]]' ] || { echo "FAIL: -live after a click on node 1: [kind, status, removed by, others alive] = $got, want [\"live\",\"crashed\",4,[3]]" >&2; cat "$LOG" >&2; exit 1; }
grep -q "node 1 killed (SIGKILL)" "$LOG" || { echo "FAIL: the supervisor did not kill node 1:" >&2; cat "$LOG" >&2; exit 1; }
if pgrep -f "desktop-bin -live|gossiplab node --report" >/dev/null; then echo "FAIL: processes left: $(pgrep -af 'gossiplab node --report')" >&2; exit 1; fi
echo "ok: -live $url: a click killed node 1's process and the four live real nodes removed it ($got)"
echo "desktop smoke test passed in $(( $(date +%s) - start )) s"
