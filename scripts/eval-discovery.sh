#!/usr/bin/env bash
# Measures story discovery and coverage merging on the shared corpora with the release binary,
# as the issue's protocol asks (no config, so discovery handles every article), and prints one
# table with the scores and the run time of `annals extract` on each set.
#
#   scripts/eval-discovery.sh            # needs ../shared/data and ../shared/eval (python3)
#
# Sets: Giveme5W1H news_cluster scored on `event` (gold event_id); the Timeline17 dev folders
# mixed in one folder, scored on `story`; ML-Crisis es, fr and it, scored on `story` against the
# topic folder. An article in no story counts as a story of its own. Nothing is written into
# the repository: predictions and gold files go to a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=../shared
data=$shared/data
if [[ ! -d $data || ! -f $shared/eval/cluster_eval.py ]]; then
  echo "skipped: $data or $shared/eval/cluster_eval.py is absent" >&2
  exit 0
fi
cargo build --release --quiet
bin=$PWD/target/release/annals
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Runs `annals extract --jsonl` on a folder with an empty config, timing it; writes $2.jsonl.
extract() {
  local dir=$1 name=$2
  : > "$work/empty.toml"
  local start end
  start=$(date +%s.%N)
  "$bin" -q extract --jsonl --content "$dir" --config "$work/empty.toml" > "$work/$name.jsonl"
  end=$(date +%s.%N)
  python3 -c "print(f'{$end - $start:.2f}')" > "$work/$name.time"
}

# Turns extract output into a prediction TSV: doc ids by a rule, cluster = event or story.
predict() {
  local name=$1 level=$2 ids=$3
  python3 - "$work/$name.jsonl" "$level" "$ids" > "$work/$name.tsv" <<'PY'
import json, sys
path, level, ids = sys.argv[1:]
for line in open(path, encoding="utf-8"):
    a = json.loads(line)
    cluster = "e:" + a["event"] if level == "event" or not a.get("story") else "s:" + a["story"]
    if ids == "t17":
        folder = a["path"].split("/")[0]
        docs = [f"{folder}/{a['id'].split('-')[-1]}"]
    else:
        docs = [ids + o for o in a["origins"]]
    for d in docs:
        print(f"{d}\t{cluster}")
PY
}

score() {
  local name=$1 gold=$2 column=${3:-}
  local args=(--gold "$gold" --pred "$work/$name.tsv" --json)
  [[ -n $column ]] && args+=(--gold-column "$column")
  python3 "$shared/eval/cluster_eval.py" "${args[@]}" > "$work/$name.json"
}

rows=()
row() {
  local name=$1 label=$2 target=$3
  rows+=("$(python3 - "$work/$name.json" "$label" "$target" "$(cat "$work/$name.time")" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); label, target, secs = sys.argv[2:]
print(f"{label:<22} {r['n_docs']:>5} {r['n_gold_clusters']:>4} {r['n_pred_clusters']:>5} "
      f"{r['pair']['f1']:>7.3f} {r['bcubed']['precision']:>6.3f} {r['bcubed']['recall']:>6.3f} "
      f"{r['bcubed']['f1']:>6.3f} {secs:>7}  {target}")
PY
)")
}

clusters=$data/giveme5w1h-news-clusters
extract "$clusters/news_cluster" news_cluster
predict news_cluster event news_cluster/
score news_cluster "$clusters/news_cluster_labels.tsv" event_id
row news_cluster "news_cluster (event)" "pair F1, B3 F1 >= 0.95"

mkdir -p "$work/t17mix"
for folder in "$data"/t17-dev/*/; do
  name=$(basename "$folder")
  mkdir -p "$work/t17mix/$name"
  cp "$folder/articles.jsonl" "$work/t17mix/$name/articles.jsonl"
done
extract "$work/t17mix" t17
predict t17 story t17
score t17 "$data/t17-dev/grouping-gold.tsv"
row t17 "t17-dev mix (story)" "B3 F1 >= 0.98"

for lang in es fr it; do
  root=$data/cl-tls-ml-crisis/$lang
  mkdir -p "$work/cl-$lang"
  # Everything but reference/ (annals does not follow symbolic links, so this is a copy).
  for topic in egypt libya syria yemen; do cp -r "$root/$topic" "$work/cl-$lang/$topic"; done
  (cd "$root" && find egypt libya syria yemen -name '*.txt' | sort | awk -F/ '{print $0 "\t" $1}') > "$work/cl-$lang.gold"
  extract "$work/cl-$lang" "cl-$lang"
  predict "cl-$lang" story ""
  score "cl-$lang" "$work/cl-$lang.gold"
  row "cl-$lang" "cl-tls $lang (story)" "B3 F1 >= 0.85"
done

printf '%-22s %5s %4s %5s %7s %6s %6s %6s %7s  %s\n' set docs gold pred pairF1 B3-P B3-R B3-F1 secs target
for r in "${rows[@]}"; do echo "$r"; done
echo "(secs: wall time of 'annals extract --jsonl' on the set, release build, including reading)"
