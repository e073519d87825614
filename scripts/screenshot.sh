#!/usr/bin/env bash
# Builds the sample site, serves it on a loopback port and takes headless-Chromium screenshots
# of the main page types at phone (390px) and desktop (1280px) widths, for visual checks.
#
# Usage: scripts/screenshot.sh OUTDIR
#
# Environment (all optional):
#   CHROMIUM   browser binary            (default: chromium, else chromium-browser, google-chrome)
#   PORT       loopback port to serve on (default: a free one)
#   CONTENT    content folder to build   (default: content)
#   TOPIC      topic slug to shoot       (default: the one with the most events)
#   DIGEST     digest day to shoot       (default: the day with the most topics)
#   QUERY      search page query         (default: iran)
#   HEIGHT     window height in px      (default: 2400; screenshots are of the window only)
#   DARK=1     also shoot dark-mode variants (*-dark.png)
#   PRINT=1    also print the topic and digest pages to PDF (*-print.pdf)
#   NO_BUILD=1 skip `cargo build` (use target/debug/annals as it is)
#
# The site is built into a temporary folder, so public/ is left alone. The server is stopped on
# exit, whatever happens.
set -euo pipefail

out=${1:?usage: scripts/screenshot.sh OUTDIR}
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)

browser=${CHROMIUM:-}
if [ -z "$browser" ]; then
  for b in chromium chromium-browser google-chrome; do
    if command -v "$b" >/dev/null 2>&1; then browser=$b; break; fi
  done
fi
[ -n "$browser" ] || { echo "screenshot.sh: no Chromium found (apt-get install chromium)" >&2; exit 1; }

work=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

cd "$root"
if [ -z "${NO_BUILD:-}" ]; then cargo build --quiet; fi
site="$work/site"
# --templates: shoot the templates as they are in the work tree, even with a binary built before
# the last template edit (the built-in ones are the same files, compiled in).
./target/debug/annals build --quiet --content "${CONTENT:-content}" --output "$site" --templates "$root/templates"

port=${PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
python3 -m http.server "$port" --bind 127.0.0.1 -d "$site" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 50); do
  if python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/')" 2>/dev/null; then break; fi
  sleep 0.1
done
base="http://127.0.0.1:$port"

if [ -z "${TOPIC:-}" ]; then
  # The topic with the most events shows the most of the timeline.
  TOPIC=$(for f in "$site"/topics/*/index.html; do
    printf '%s %s\n' "$(grep -o 'class="event[" ]' "$f" | wc -l)" "$(basename "$(dirname "$f")")"
  done | sort -k1,1nr -k2,2 | head -n 1 | cut -d' ' -f2)
fi
if [ -z "${DIGEST:-}" ]; then
  # The digest with the most topic sections shows the most of the layout.
  DIGEST=$(for f in "$site"/digest/*/index.html; do
    printf '%s %s\n' "$(grep -o 'class="digest-topic' "$f" | wc -l)" "$(basename "$(dirname "$f")")"
  done | sort -k1,1nr -k2,2r | head -n 1 | cut -d' ' -f2)
fi

# The earliest day's month for an archive page, and the third day as a "from" filter.
first_day=$(basename "$(ls -d "$site"/digest/*/ | head -n 1)")
third_day=$(basename "$(ls -d "$site"/digest/*/ | sed -n 3p)")

pages=(
  "index|/"
  "topic|/topics/$TOPIC/"
  "digest|/digest/$DIGEST/"
  "digests|/digest/"
  "archive|/archive/"
  "archive-month|/archive/${first_day:0:4}/${first_day:5:2}/"
  "topic-filtered|/topics/$TOPIC/?from=$third_day"
  "search|/search/?q=${QUERY:-iran}"
)

chrome() {
  local profile
  profile=$(mktemp -d -p "$work")
  "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --hide-scrollbars --virtual-time-budget=5000 "$@" >/dev/null 2>&1
}

height=${HEIGHT:-2400}
for page in "${pages[@]}"; do
  name=${page%%|*}
  path=${page#*|}
  for width in 390 1280; do
    chrome --window-size="$width,$height" --screenshot="$out/$name-$width.png" "$base$path"
    echo "$out/$name-$width.png"
    if [ -n "${DARK:-}" ]; then
      chrome --force-dark-mode --blink-settings=preferredColorScheme=0 \
        --window-size="$width,$height" --screenshot="$out/$name-$width-dark.png" "$base$path"
      echo "$out/$name-$width-dark.png"
    fi
  done
  if [ -n "${PRINT:-}" ] && { [ "$name" = topic ] || [ "$name" = digest ]; }; then
    chrome --no-pdf-header-footer --print-to-pdf="$out/$name-print.pdf" "$base$path"
    echo "$out/$name-print.pdf"
  fi
done
