#!/usr/bin/env bash
# Scores the HTML reader on the two dev sets in ../shared/data, through the real command line:
#   1. publication day on htmldate-eval (date_eval.py, target accuracy >= 0.93),
#   2. article body on the article extraction benchmark (extract_eval.py, target F1 >= 0.97),
#   3. speed: extraction time per page (target < 2 ms), measured in-process by the
#      `dev_evaluations_meet_their_targets` test in a release build, which excludes process
#      start-up; the wall time of each `annals extract` run is printed too (it also includes
#      start-up, grouping the articles into events and writing JSON).
#
# Usage: scripts/eval-html.sh [--errors N]     (N: list the first N date errors and the N
#                                               worst bodies; default 0)
# Needs: cargo, python3, tar with zstd, gzip. Works in a temporary folder, removed on exit.
set -euo pipefail

errors=0
if [ "${1:-}" = "--errors" ]; then errors=${2:?--errors needs a number}; fi
root=$(cd "$(dirname "$0")/.." && pwd)
data=$root/../shared/data
scorers=$root/../shared/eval
if [ ! -f "$data/htmldate-eval/gold.jsonl" ]; then
  echo "eval-html: $data is not present; nothing to evaluate" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet --manifest-path "$root/Cargo.toml"
annals=$root/target/release/annals

mkdir -p "$work/dates" "$work/bodies"
tar -I zstd -xf "$data/htmldate-eval/pages.tar.zst" -C "$work/dates"
for page in "$data"/article-extraction-benchmark/html/*.html.gz; do
  gzip -dc "$page" > "$work/bodies/$(basename "$page" .gz)"
done

# Runs `annals extract` on a folder of pages; prints the wall time per page in ms.
extract() { # folder output
  local count start end
  count=$(find "$1" -name '*.html' | wc -l)
  start=$(date +%s%N)
  "$annals" extract -q --content "$1" --jsonl > "$2"
  end=$(date +%s%N)
  python3 -c "print(f'{($end - $start) / 1e6 / $count:.2f}')"
}

date_wall=$(extract "$work/dates/pages" "$work/dates.jsonl")
body_wall=$(extract "$work/bodies" "$work/bodies.jsonl")

# `annals extract` prints one record per article read; pages it skipped (no date found) have
# no line, which the scorers count as "no answer" / an empty body.
python3 - "$work" <<'EOF'
import json, os, sys
work = sys.argv[1]
with open(os.path.join(work, "date-pred.jsonl"), "w") as out:
    for line in open(os.path.join(work, "dates.jsonl")):
        r = json.loads(line)
        # The same page saved twice is one article with both paths in `origins`.
        for path in r.get("origins") or [r["path"]]:
            out.write(json.dumps({"file": "pages/" + os.path.basename(path), "date": r["published_day"]}) + "\n")
with open(os.path.join(work, "body-pred.jsonl"), "w") as out:
    for line in open(os.path.join(work, "bodies.jsonl")):
        r = json.loads(line)
        for path in r.get("origins") or [r["path"]]:
            out.write(json.dumps({"id": os.path.basename(path).removesuffix(".html"), "body": r["body"]}) + "\n")
EOF

echo "== publication day (htmldate-eval dev), annals extract: $date_wall ms/page wall"
python3 "$scorers/date_eval.py" --gold "$data/htmldate-eval/gold.jsonl" --pred "$work/date-pred.jsonl" --errors "$errors"
echo
echo "== article body (article-extraction-benchmark dev), annals extract: $body_wall ms/page wall"
python3 "$scorers/extract_eval.py" --gold "$data/article-extraction-benchmark/ground-truth.json" --pred "$work/body-pred.jsonl" --errors "$errors"
echo
echo "== in-process extraction time (release build, both sets)"
cargo test --release --quiet --manifest-path "$root/Cargo.toml" --test html_reader dev_evaluations_meet_their_targets -- --nocapture 2>&1 | grep -E "html dev evaluation|note: date|panicked" || true
