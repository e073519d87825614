#!/usr/bin/env bash
# Resource limits under hostile input, too heavy for `cargo test`: a 2 GB file, a file of one
# 100 MB line, 100,000 tiny files, 10,000 copies of one article and one topic holding every
# article. Builds each (release binary) and prints wall time, peak RSS (from /usr/bin/time -v)
# and the warnings annals gave. Needs ~2.5 GB of free disk in $TMPDIR.
#   scripts/limits.sh [CASE...]   cases: big-file long-line many-files copies one-topic
#   ANNALS_BIN=target/debug/annals scripts/limits.sh   (use an existing binary)
set -euo pipefail
cd "$(dirname "$0")/.."
# ANNALS_BIN=target/debug/annals skips the release build (slower runs, similar memory).
if [ -z "${ANNALS_BIN:-}" ]; then
  cargo build --release -q
  ANNALS_BIN=$PWD/target/release/annals
fi
BIN=$(realpath "$ANNALS_BIN")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/annals-limits.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
CASES=${*:-big-file long-line many-files copies one-topic}

article() { # $1 = index, $2 = title prefix
  printf '+++\ntitle = "%s %s"\ndate = 2026-02-%02dT10:00:00Z\nsource = "Outlet"\n+++\nThe harbour council met again and discussed the dredging plan, item %s.\n' \
    "$2" "$1" $((1 + $1 % 28)) "$1"
}

measure() { # $1 = case name, $2 = content folder, rest = extra build args
  local name=$1 content=$2; shift 2
  /usr/bin/time -v "$BIN" build -c "$content" -o "$WORK/out-$name" "$@" \
    >"$WORK/$name.out" 2>"$WORK/$name.err" || true
  local rss wall warnings
  rss=$(grep 'Maximum resident' "$WORK/$name.err" | awk '{print $NF}')
  wall=$(grep 'Elapsed (wall' "$WORK/$name.err" | awk '{print $NF}')
  warnings=$(grep -c '^warning:' "$WORK/$name.err" || true)
  printf '%-11s wall %-8s peak RSS %6d MB  warnings %s\n' "$name" "$wall" $((rss / 1024)) "$warnings"
  { grep '^warning:' "$WORK/$name.err" || true; } | head -2 | cut -c1-160 | sed 's/^/            /'
  { grep -hE '^(Read|Built)' "$WORK/$name.out" "$WORK/$name.err" || true; } | sed 's/^/            /'
  rm -rf "$WORK/out-$name"
}

for c in $CASES; do
  d="$WORK/$c"; mkdir -p "$d"
  case $c in
    big-file)
      article 1 "Small article" >"$d/small.md"
      truncate -s 2G "$d/huge.txt"   # sparse: 2 GB of NULs, larger than max_file_size
      measure "$c" "$d"
      ;;
    long-line)
      article 1 "Small article" >"$d/small.md"
      # One 100 MB line, under a raised size limit so it is read.
      printf '[build]\nmax_file_size = 209715200\n' >"$d/annals.toml"
      { printf 'A title\n\n'; head -c 100000000 /dev/zero | tr '\0' 'a'; printf '\n'; } >"$d/2026-02-01-long.txt"
      measure "$c" "$d"
      ;;
    many-files)
      for i in $(seq 0 99); do mkdir -p "$d/$i"; done
      python3 - "$d" <<'PY'
import sys
root = sys.argv[1]
for i in range(100_000):
    with open(f"{root}/{i % 100}/2026-02-{1 + i % 28:02d}-n{i}.txt", "w") as f:
        f.write(f"Note {i}\n\nA tiny note number {i}.\n")
PY
      measure "$c" "$d"
      ;;
    copies)
      article 1 "The same article" >"$d/a0.md"
      for i in $(seq 1 9999); do cp "$d/a0.md" "$d/a$i.md"; done
      measure "$c" "$d"
      ;;
    one-topic)
      printf '[[topics]]\nname = "Harbour"\n[topics.match]\nany = ["harbour"]\nmin_score = 1.0\n' >"$d/annals.toml"
      for i in $(seq 0 9999); do article "$i" "Harbour report" >"$d/a$i.md"; done
      measure "$c" "$d"
      ;;
  esac
  rm -rf "$d"
done
