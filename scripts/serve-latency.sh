#!/usr/bin/env bash
# Measures how long `annals serve` takes to show an edit to one article of the shipped
# content/ (18 articles): from the moment the edited file is saved (written and renamed into
# place, as editors do) until the page served over HTTP has the new title. A browser sees it
# then, plus one poll answer and one page load on localhost.
# A benchmark, not a test: it prints the median and the slowest of several edits.
# Usage: scripts/serve-latency.sh [RUNS]   (ANNALS=path/to/annals skips the release build)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
if [ -z "${ANNALS:-}" ]; then
  cargo build --release --quiet
  ANNALS=$PWD/target/release/annals
fi
work=$(mktemp -d)
cp -r content "$work/content"
cd "$work"
"$ANNALS" serve --port 0 -c content >serve.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 600); do
  grep -q '^Serving' serve.log && break
  sleep 0.1
done
port=$(sed -n 's|^Serving http://127.0.0.1:\([0-9]*\)/.*|\1|p' serve.log)
[ -n "$port" ] || { cat serve.log; echo "annals serve did not start" >&2; exit 1; }
article=content/iran/muscat-talks-open.md
page="http://127.0.0.1:$port/topics/us-iran-negotiations/"
curl -sf "$page" | grep -q 'talks open in Muscat' || { echo "the article is not on $page" >&2; exit 1; }

times=()
for i in $(seq "$runs"); do
  sleep 0.3 # let the previous rebuild settle
  sed "s/talks open in Muscat[^\"]*/talks open in Muscat (edit $i)/" "$article" >"$work/.edit"
  start=$(date +%s%N)
  mv "$work/.edit" "$article"
  until curl -s "$page" | grep -q "talks open in Muscat (edit $i)"; do :; done
  end=$(date +%s%N)
  times+=($(( (end - start) / 1000000 )))
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
median=$(echo "$sorted" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
slowest=$(echo "$sorted" | tail -1)
echo "machine: $(nproc) cores, $(uname -m), load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
echo "edit to served page, content/ ($(find content -type f ! -name annals.toml | wc -l) articles), $runs edits: median ${median} ms, slowest ${slowest} ms"
echo "server log (last rebuilds):"
grep '^Rebuilt' serve.log | tail -3 | sed 's/^/  /'
