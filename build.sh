#!/usr/bin/env bash
# Gossip Lab's one entry point: ./build.sh <command>. Run without arguments for the list.
set -euo pipefail
cd "$(dirname "$0")"

GOROOT_DIR=$(go env GOROOT)
WASM_EXEC="$GOROOT_DIR/lib/wasm/go_js_wasm_exec"
OUT=out

say() { printf '\n== %s\n' "$*"; }

cmd_cli() { # build the headless CLI into out/gossiplab
  mkdir -p "$OUT"
  go build -o "$OUT/gossiplab" ./cmd/gossiplab
  echo "built $OUT/gossiplab"
}

# The Debian packages the browser and window tests need: Chromium (never a downloaded browser),
# Xvfb and the X/GL libraries Ebiten loads at run time, ImageMagick and xdotool for the window
# test, brotli for the .br files.
APT_PACKAGES="chromium xvfb xauth imagemagick xdotool jq brotli libgl1 libegl1 libgl1-mesa-dri libx11-6 libxrandr2 libxcursor1 libxinerama1 libxi6 libxxf86vm1"

ensure_packages() {
  local missing=()
  for p in $APT_PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    echo "missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
  say "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

ensure_npm() {
  if [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "npm ci (playwright-core, pinned in package-lock.json)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

cmd_vet() {
  say "go vet (native)"
  go vet ./...
  say "go vet (GOOS=js GOARCH=wasm: core, lesson, session, trace, view, wasm)"
  GOOS=js GOARCH=wasm go vet ./core/... ./lesson ./session ./trace ./view ./wasm
}

cmd_site() { # the static site and the local server, for running one browser test by hand
  build_site "$OUT/site"
  go build -o "$OUT/serve" ./cmd/serve
  go build -o "$OUT/gossiplab" ./cmd/gossiplab
}

# browser [FILE…]: all browser tests, or the given test files.
cmd_browser() { # the app in a real Chromium, driven by Playwright
  ensure_packages
  ensure_npm
  cmd_site
  say "browser tests (Playwright + Debian Chromium); screenshots in test-artifacts/"
  if [ $# -gt 0 ]; then
    node --test --test-concurrency=1 "$@"
  else
    node --test --test-concurrency=1 tests/browser/
  fi
}

cmd_window() { # the desktop app in a real X window under Xvfb
  ensure_packages
  say "desktop smoke test under Xvfb"
  bash desktop/smoke_test.sh
}

cmd_unit() {
  say "go test (native)"
  go test -count=1 ./...
  say "fuzz: a short pass over each fuzz target"
  # Counts, not durations: a duration races Go's fuzz coordinator on a busy machine and fails
  # with "context deadline exceeded" and no crasher (go.dev/issue/75804). Each is about 5 s here.
  go test -run '^$' -fuzz '^FuzzMerge$' -fuzztime 250000x ./core
  go test -run '^$' -fuzz '^FuzzParseScenario$' -fuzztime 150000x ./core
  go test -run '^$' -fuzz '^FuzzDecodeShare$' -fuzztime 120000x ./core
  go test -run '^$' -fuzz '^FuzzDecodeDatagram$' -fuzztime 200000x ./core
  say "core, lesson, session and trace tests compiled to wasm, run under node"
  command -v node >/dev/null || { echo "node is needed to run wasm tests (apt-get install nodejs)"; exit 1; }
  GOOS=js GOARCH=wasm go test -count=1 -exec="$WASM_EXEC" ./core/... ./lesson ./session ./trace
}

cmd_test() { # everything CI runs
  cmd_vet
  cmd_unit
  cmd_browser
  cmd_window
  say "all tests passed"
}

cmd_bench() { # speed and memory figures for the README
  say "go test -bench (native)"
  go test -run '^$' -bench . -benchtime 20x ./core/...
  go test -run '^$' -bench 'SeekTenMinute' -benchtime 10x ./view
  go test -run '^$' -bench 'FeedFrame' -benchtime 2000x ./session
  say "go test -bench (wasm under node)"
  GOOS=js GOARCH=wasm go test -run '^$' -bench 'Sim' -benchtime 10x -exec="$WASM_EXEC" ./core
  say "browser: each lesson's Run it, wall-clock time in headless Chromium"
  ensure_packages
  ensure_npm
  cmd_site
  node tests/bench/lesson-experiments.mjs
  say "browser: frame times (CPU per frame of Update and Draw) and seek times"
  node tests/bench/frame-stats.mjs
}

# build_site writes the static site (index.html, web/, the wasm and wasm_exec.js) into $1,
# with .gz and, where brotli exists, .br next to the big files.
build_site() {
  local site=$1
  rm -rf "$site" && mkdir -p "$site/web"
  GOOS=js GOARCH=wasm go build -trimpath -ldflags="-s -w" -o "$site/web/gossiplab.wasm" ./wasm
  cp index.html "$site/"
  cp web/*.css web/*.js web/*.svg web/*.html "$site/web/"
  [ -d web/lessons ] && cp -r web/lessons "$site/web/"
  [ -d web/vendor ] && cp -r web/vendor "$site/web/"
  cp -r scenarios "$site/"
  cp "$GOROOT_DIR/lib/wasm/wasm_exec.js" "$site/web/"
  local bytes; bytes=$(wc -c <"$site/web/gossiplab.wasm")
  printf '{"wasm_bytes": %d}\n' "$bytes" >"$site/web/build.json"
  for f in "$site/web/gossiplab.wasm" "$site/web/wasm_exec.js" "$site/index.html"; do
    gzip -9 -k -f "$f"
    if command -v brotli >/dev/null; then brotli -q 9 -k -f "$f"; fi
  done
  local br="no brotli"
  [ -f "$site/web/gossiplab.wasm.br" ] && br="$(( $(wc -c <"$site/web/gossiplab.wasm.br") / 1024 )) KiB brotli"
  echo "site built in $site (wasm $(( bytes / 1024 )) KiB raw, $(( $(wc -c <"$site/web/gossiplab.wasm.gz") / 1024 )) KiB gzip, $br)"
}

cmd_serve() { # build the site and serve it on 127.0.0.1:${PORT:-8080}
  build_site "$OUT/site"
  go build -o "$OUT/serve" ./cmd/serve
  exec "$OUT/serve" -dir "$OUT/site"
}

cmd_live() { # a real cluster of node processes, served with the app; arguments go to gossiplab cluster
  build_site "$OUT/site"
  go build -o "$OUT/gossiplab" ./cmd/gossiplab
  exec "$OUT/gossiplab" cluster --duration 0 --site "$OUT/site" --serve "127.0.0.1:${PORT:-8090}" "$@"
}

cmd_desktop() { # build and run the desktop app; arguments go to it (e.g. -n 64 -fullscreen)
  mkdir -p "$OUT"
  go build -o "$OUT/gossiplab-desktop" ./desktop
  exec "$OUT/gossiplab-desktop" "$@"
}

cmd_dist() { # dist/site for any static host, dist/desktop binaries for four platforms (no cgo)
  rm -rf dist && mkdir -p dist/desktop
  build_site dist/site
  local target
  for target in linux/amd64 windows/amd64 darwin/amd64 darwin/arm64; do
    local os=${target%/*} arch=${target#*/} ext=""
    [ "$os" = windows ] && ext=.exe
    CGO_ENABLED=0 GOOS=$os GOARCH=$arch go build -trimpath -ldflags="-s -w" \
      -o "dist/desktop/gossiplab-$os-$arch$ext" ./desktop
    echo "built dist/desktop/gossiplab-$os-$arch$ext"
  done
}

usage() {
  cat <<'USAGE'
usage: ./build.sh <command>
  serve   build and serve the browser app on 127.0.0.1:${PORT:-8080}, print its URL
  desktop build and run the desktop app (arguments go to it: -n 64 -fullscreen -scale 1.5;
          -lecture [-scene N] for lecture mode: the lessons as scenes)
  live    a real cluster of node processes, drawn live in the app: open the URL it prints
          (arguments go to gossiplab cluster: --n 16 --protocol swim --loss 0.05; Ctrl+C ends it)
  dist    dist/site for any static host, dist/desktop binaries for linux, windows, macOS
  test    everything CI runs: vet, unit, fuzz pass, core under wasm, browser, desktop window
  unit    vet-free Go tests only (native, fuzz pass, core under wasm): the quick loop
  browser the browser tests alone, or the given files (builds the site; installs Chromium if missing)
  site    build out/site, out/serve and out/gossiplab (what the browser tests use)
  window  the desktop smoke test alone, under Xvfb
  bench   benchmarks, native and wasm
  cli     build the gossiplab CLI into out/gossiplab
USAGE
}

case "${1:-}" in
  serve) cmd_serve ;;
  desktop) shift; cmd_desktop "$@" ;;
  live) shift; cmd_live "$@" ;;
  dist) cmd_dist ;;
  test) cmd_test ;;
  bench) cmd_bench ;;
  cli) cmd_cli ;;
  vet) cmd_vet ;;
  unit) cmd_unit ;;
  browser) shift; cmd_browser "$@" ;;
  site) cmd_site ;;
  window) cmd_window ;;
  *) usage; [ -n "${1:-}" ] && exit 2; exit 0 ;;
esac
