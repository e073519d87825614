#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 600), JOBS at a time (default 2), at the lowest
# priority, each from its checked-in seeds plus the corpus it grew before (fuzz/corpus/, not
# checked in). Prints one line per target: runs, time and crashes; crash inputs land in
# fuzz/artifacts/<target>/. See fuzz/README.md.
set -euo pipefail
cd "$(dirname "$0")"
SECONDS_EACH=${1:-600}
JOBS=${JOBS:-2}
TARGETS=${TARGETS:-"markdown scraped wire html json feed temporal config"}
export RUSTC_BOOTSTRAP=1
cargo fuzz build -s none -a >/dev/null
mkdir -p logs
run_one() {
  t=$1
  mkdir -p "corpus/$t"
  cp -n seeds/"$t"/* "corpus/$t/" 2>/dev/null || true
  mkdir -p "artifacts/$t"
  # The binary cargo fuzz built, run directly so a later edit of the sources cannot rebuild it
  # mid-run.
  nice -n 19 target/x86_64-unknown-linux-gnu/release/"$t" "corpus/$t" \
    -artifact_prefix="artifacts/$t/" -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 \
    -timeout=10 -max_len=65536 -print_final_stats=1 >"logs/$t.log" 2>&1 || true
  runs=$(grep -o 'Done [0-9]* runs in [0-9]* second' "logs/$t.log" | tail -1)
  crashes=$(find "artifacts/$t" -type f | wc -l)
  echo "$t: ${runs:-stopped early, see fuzz/logs/$t.log}; crash/timeout artifacts: $crashes"
}
export -f run_one
export SECONDS_EACH
printf '%s\n' $TARGETS | xargs -P "$JOBS" -I{} bash -c 'run_one {}'
