#!/usr/bin/env bash
# Times `annals build` on the shipped content/ and on N copies of its articles (default 1,000).
# A benchmark, not a test: it prints medians of several runs and what the machine is.
# Usage: scripts/bench-sample.sh [COPIES] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
copies=${1:-1000}
runs=${2:-5}
cargo build --release --quiet
bin=$PWD/target/release/annals
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# N copies, each in its own folder so paths (and path dates) stay as they are.
mkdir -p "$work/copies"
cp content/annals.toml "$work/copies/"
for i in $(seq -f "%04g" 1 "$copies"); do
  cp -r content "$work/copies/copy$i"
  rm "$work/copies/copy$i/annals.toml"
done

median_ms() { # command... ; prints the median wall time in ms over $runs runs
  local times=()
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

articles=$(find content -type f ! -name annals.toml | wc -l)
echo "machine: $(nproc) cores, $(uname -m); runs per figure: $runs (median)"
ms=$(median_ms "$bin" -q build --content content --output "$work/out1")
echo "content/ ($articles articles): ${ms} ms"
ms=$(median_ms "$bin" -q build --content "$work/copies" --output "$work/out2")
echo "$copies copies ($((articles * copies)) articles): ${ms} ms"
read_all() { find "$work/copies" -type f -exec cat {} + >/dev/null; }
ms=$(median_ms read_all)
echo "floor, reading the bytes of the copies with cat: ${ms} ms"
