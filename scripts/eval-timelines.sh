#!/usr/bin/env bash
# Runs the Timeline17 timeline-summarization evaluation on the development data:
# one `annals timeline` per gold timeline (release build, news-tls protocol: the gold
# timeline gives only L = its number of dates, K = round(mean sentences per date) and the span),
# then scores all of them with shared/eval/tls_eval.py (tilse + ROUGE-1.5.5).
#
#   scripts/eval-timelines.sh [DATA_DIR] [OUT_DIR]
#
# DATA_DIR defaults to ../shared/data/t17-dev, OUT_DIR to out/t17. Needs the venv made by
# ../shared/eval/setup.sh for scoring; without it the timelines are still written and timed.
set -euo pipefail

cd "$(dirname "$0")/.."
DATA="${1:-../shared/data/t17-dev}"
OUT="${2:-out/t17}"
EVAL="$(dirname "$DATA")/../eval/tls_eval.py"
[ -f "$EVAL" ] || EVAL="../shared/eval/tls_eval.py"
[ -d "$DATA" ] || { echo "error: $DATA not found (the Timeline17 dev data)" >&2; exit 2; }

case "$OUT" in
  "" | "/" | "." | "..") echo "error: refusing to use $OUT as the output folder" >&2; exit 2 ;;
esac
cargo build --release --quiet
BIN="target/release/annals"
rm -rf "$OUT"
mkdir -p "$OUT"

terms_for() {
  case "$1" in
    bpoil*) echo "bp,oil,spill" ;;
    H1N1*) echo "h1n1,swine,flu" ;;
    haiti*) echo "haiti,quake,earthquake" ;;
    *) echo "" ;;
  esac
}

# name L K first last, one line per gold timeline (standard library Python only).
plan() {
  python3 - "$1" <<'PY'
import sys, re
dates, sents, cur = [], 0, None
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", line):
        if line not in dates:
            dates.append(line)
        cur = line
    elif line and not re.fullmatch(r"-{3,}", line) and cur:
        sents += 1
k = round(sents / len(dates))
print(len(dates), k, min(dates), max(dates))
PY
}

total_ms=0
count=0
for folder in "$DATA"/*/; do
  folder="${folder%/}"
  name="$(basename "$folder")"
  [ -d "$folder/timelines" ] || continue
  topic="${name%%_*}"
  terms="$(terms_for "$name")"
  mkdir -p "$OUT/$name/timelines"
  for gold in "$folder"/timelines/*.txt; do
    read -r L K FROM TO < <(plan "$gold")
    start=$(date +%s%N)
    "$BIN" -q timeline --content "$folder" --single-topic "$topic" --terms "$terms" \
      --from "$FROM" --to "$TO" --dates "$L" --sentences "$K" --format tilse \
      > "$OUT/$name/timelines/$(basename "$gold")"
    end=$(date +%s%N)
    ms=$(( (end - start) / 1000000 ))
    total_ms=$((total_ms + ms))
    count=$((count + 1))
    printf '%-28s %-40s L=%-3s K=%s %s..%s %5d ms\n' "$name" "$(basename "$gold")" "$L" "$K" "$FROM" "$TO" "$ms"
  done
done
awk -v t="$total_ms" -v n="$count" 'BEGIN { printf "%d timelines, %.3f s per timeline (release build, including reading the folder)\n", n, t / n / 1000 }'

VENV="${ANNALS_EVAL_VENV:-$HOME/.cache/annals-eval-venv}"
if [ -x "$VENV/bin/python" ]; then
  python3 "$EVAL" --system "$OUT" --gold "$DATA" --jobs 2
else
  echo "scoring skipped: no tilse venv at $VENV (run ../shared/eval/setup.sh once)"
fi
