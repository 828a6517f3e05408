#!/usr/bin/env bash
# Regenerates the screenshots in docs/screenshots/ from scripted runs of the desktop app under
# Xvfb (see desktop/smoke_test.sh for the packages it needs). Each run sets up a scene with -do,
# plays for a moment at the default speed and writes the screen just before it exits.
# An argument keeps only the shots whose names match it: desktop/screenshots.sh 'lecture*'.
set -euo pipefail
ONLY=${1:-}
cd "$(dirname "$0")/.."
OUT=docs/screenshots
mkdir -p "$OUT" out
go build -o out/desktop-bin ./desktop

shot() { # name WxH seconds args...
  local name=$1 size=$2 secs=$3
  shift 3
  # shellcheck disable=SC2053 # ONLY is a glob on purpose
  [ -n "$ONLY" ] && [[ $name != $ONLY ]] && return 0
  xvfb-run -a -s "-screen 0 ${size}x24" out/desktop-bin -size "$size" -exit-after "${secs}s" \
    -screenshot "$OUT/$name.png" "$@" 2>&1 | sed "s/^/$name: /"
}

shot n24-default 1280x720 4 -n 24
shot crash-suspected 1280x720 3 -n 16 -do "advance 3000; crash 3; advance 6000"
shot membership-table 1280x720 3 -n 16 -do "advance 3000; crash 3; advance 7200; select 5"
shot partition 1280x720 3 -n 16 -do "advance 2000; cut 60; advance 7500"
shot matrix 1280x720 3 -n 16 -do "advance 3000; crash 3; advance 9000; cut 10; advance 6000; matrix"
shot n256 1280x720 3 -n 256 -do "advance 2000; crash 10; crash 100; advance 9500"
shot n1000 1280x720 4 -n 1000 -do "advance 2000; crash 10; crash 500; advance 12000"
shot help 1280x720 2 -n 16 -do "help"
shot projector-1080p 1920x1080 3 -n 24 -scale 1.2 -do "advance 3000; crash 5; advance 7000; select 11"
# SWIM: pings, acks and ping-reqs (30 % loss makes direct probes fail), probe lines, the table.
shot swim 1280x720 3 -protocol swim -n 16 -loss 0.3 -speed 0.1 -do "advance 3000; pause"
shot swim-table 1280x720 3 -protocol swim -n 16 -loss 0.25 -do "advance 3000; crash 3; advance 3500; select 5"
shot swim-n1000 1280x720 4 -protocol swim -n 1000 -do "advance 2000; crash 10; crash 500; advance 6000"
# Pitfalls: the badge in the top bar and the toggles on the right.
shot pitfalls 1280x720 3 -n 16 -pitfalls no_tombstone,no_generation -do "advance 3000; crash 4; advance 16000"
# Rumor spreading: mid-spread under pull (informed and not yet, calls and rumors), and N=1000.
shot rumor 1280x720 3 -protocol rumor -mode pull -n 48 -loss 0.05 -speed 0.1 -do "inject 0; advance 2600; pause"
shot rumor-n1000 1280x720 3 -protocol rumor -mode push -n 1000 -do "inject 0; advance 6000; pause"
# The split view: heartbeat gossip and SWIM on the same scenario, and the comparison table.
shot compare 1280x720 3 -compare heartbeat,swim -n 12 -seed 2 -do "advance 3000; crash 4; advance 9000; pause"
# Lecture mode (-lecture): lesson 4 with its caption in the presenter theme, the scene menu
# (open at the start), and lesson 9 on a 1080p projector.
shot lecture 1280x720 3 -lecture -scene 4 -do "advance 8000; crash 3; crash 9; advance 7000"
shot lecture-menu 1280x720 2 -lecture
shot lecture-1080p 1920x1080 3 -lecture -scene 9 -do "advance 4000; cut 60; advance 9000"
# Lossless only: a 256-colour palette loses the faint greys of buttons and slider tracks.
if [ -x /usr/bin/convert ]; then
  for f in "$OUT"/${ONLY:-*}.png; do [ -e "$f" ] && /usr/bin/convert "$f" -strip -define png:compression-level=9 "$f"; done
fi
ls -la "$OUT"
