//! Measures story discovery and coverage merging on the third-party corpora in `../shared/data`
//! with `../shared/eval/cluster_eval.py`, and prints the figures. It needs those folders and
//! `python3`; without them it says why and skips.
//!
//! Predictions are built in-process through the library (ingest, then `build_model` with no
//! configured topics), so every article goes through discovery, as the protocol asks:
//! - events: Giveme5W1H `news_cluster`, scored on the event of each article (`event_id`);
//! - stories: the Timeline17 dev folders mixed in one content folder, scored on the story;
//! - stories: each language of the ML-Crisis corpus (es, fr, it), topic folder as the gold.
//!
//! The test asserts only that every set was scored; the figures and the targets are printed
//! (`cargo test --release --test discovery_eval -- --nocapture`). In a debug build it takes
//! about a minute (Timeline17 is 2,148 long articles); in release a few seconds. `scripts/eval-discovery.sh`
//! runs the same sets through the release binary and adds run times. Setting
//! `ANNALS_DISCOVER_TOML` to TOML text (such as `[discover]\nstory_similarity = 0.3`) runs with
//! that configuration instead of the defaults, for tuning.

use annals::config::Config;
use annals::group::features::Corpus;
use annals::ingest::{self, ReadContext};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

fn shared() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared")
}

fn config() -> Config {
    match std::env::var("ANNALS_DISCOVER_TOML") {
        Ok(text) => Config::parse(&text, "ANNALS_DISCOVER_TOML").expect("valid tuning config"),
        Err(_) => Config::default(),
    }
}

/// Which level of the result a set is scored on.
#[derive(Clone, Copy)]
enum Level {
    Event,
    Story,
}

/// Reads `content` (minus `exclude`), runs the model, and returns one prediction per origin
/// file path (or per `doc_id_of` key) at `level`.
fn predict(
    content: &Path,
    exclude: &[PathBuf],
    level_of: Level,
    doc_ids: &dyn Fn(&annals::model::Article) -> Vec<String>,
) -> BTreeMap<String, String> {
    let config = config();
    let ingested = ingest::read_folder(
        content,
        exclude,
        config.build.max_file_size,
        &ReadContext::new(chrono_tz::UTC),
    );
    // The grouping half of `build_model` (no dating, timelines or pages): what is scored.
    let articles = ingested.articles;
    let corpus = Corpus::new(&articles);
    let events = annals::extract::events_from_articles(&articles, config.site_tz());
    let level = annals::coverage::event_level(&config.discover);
    let (mut events, _) = annals::coverage::merge_coverage(events, &corpus, &level);
    let mut topics = annals::group::assign_topics(&articles, &mut events, &config, &mut Vec::new());
    annals::group::discover::add_story_topics(
        &articles,
        &mut events,
        &mut topics,
        &corpus,
        &config.discover,
    );
    let mut out = BTreeMap::new();
    for event in &events {
        let story = event.topics.first();
        let cluster = match level_of {
            Level::Event => format!("e:{}", event.id),
            // An article in no story is a story of its own.
            Level::Story => story.map_or_else(|| format!("e:{}", event.id), |s| format!("s:{s}")),
        };
        for &a in &event.articles {
            for id in doc_ids(&articles[a]) {
                out.insert(id, cluster.clone());
            }
        }
    }
    out
}

/// Writes predictions (and a gold file, if given) and scores them; returns the JSON report.
fn score(
    name: &str,
    pred: &BTreeMap<String, String>,
    gold: &Path,
    gold_column: Option<&str>,
) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let pred_path = dir.path().join(format!("{name}.tsv"));
    let mut text = String::new();
    for (doc, cluster) in pred {
        writeln!(text, "{doc}\t{cluster}").unwrap();
    }
    std::fs::write(&pred_path, text).unwrap();
    let mut command = Command::new("python3");
    command
        .arg(shared().join("eval/cluster_eval.py"))
        .arg("--gold")
        .arg(gold)
        .arg("--pred")
        .arg(&pred_path)
        .arg("--json");
    if let Some(column) = gold_column {
        command.arg("--gold-column").arg(column);
    }
    let output = command.output().expect("python3 runs");
    assert!(
        output.status.success(),
        "cluster_eval.py failed for {name}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("cluster_eval.py prints JSON")
}

fn print_row(name: &str, report: &serde_json::Value, target: &str) {
    let f = |path: &[&str]| {
        let mut v = report;
        for p in path {
            v = &v[*p];
        }
        v.as_f64().unwrap_or(f64::NAN)
    };
    println!(
        "{name:<22} docs {:>5}  gold {:>3}  pred {:>4}  pair F1 {:.3}  B3 P {:.3} R {:.3} F1 {:.3}  missing {:>3}  target {target}",
        report["n_docs"],
        report["n_gold_clusters"],
        report["n_pred_clusters"],
        f(&["pair", "f1"]),
        f(&["bcubed", "precision"]),
        f(&["bcubed", "recall"]),
        f(&["bcubed", "f1"]),
        report["missing_in_pred"],
    );
}

/// The doc ids of an article read from a folder of files: every origin path.
fn origin_ids(prefix: &str) -> impl Fn(&annals::model::Article) -> Vec<String> + '_ {
    move |a| a.origins.iter().map(|o| format!("{prefix}{o}")).collect()
}

#[test]
fn discovery_figures_on_the_shared_corpora() {
    let data = shared().join("data");
    if !data.is_dir() || !shared().join("eval/cluster_eval.py").is_file() {
        println!(
            "skipped: {} is absent (the third-party corpora live next to the repository)",
            data.display()
        );
        return;
    }
    if Command::new("python3").arg("--version").output().is_err() {
        println!("skipped: python3 is not available to run cluster_eval.py");
        return;
    }
    let mut scored = 0;

    // 1. Events: Giveme5W1H news_cluster.
    let clusters = data.join("giveme5w1h-news-clusters");
    if clusters.join("news_cluster").is_dir() {
        let pred = predict(
            &clusters.join("news_cluster"),
            &[],
            Level::Event,
            &origin_ids("news_cluster/"),
        );
        let report = score(
            "news_cluster",
            &pred,
            &clusters.join("news_cluster_labels.tsv"),
            Some("event_id"),
        );
        print_row("news_cluster (event)", &report, "pair F1 and B3 F1 >= 0.95");
        scored += 1;
    } else {
        println!("skipped news_cluster: {} is absent", clusters.display());
    }

    // 2. Stories: the Timeline17 dev folders mixed.
    let t17 = data.join("t17-dev");
    if t17.join("grouping-gold.tsv").is_file() {
        let mix = tempfile::tempdir().unwrap();
        for entry in std::fs::read_dir(&t17).unwrap() {
            let path = entry.unwrap().path();
            if path.join("articles.jsonl").is_file() {
                let folder = mix.path().join(path.file_name().unwrap());
                std::fs::create_dir_all(&folder).unwrap();
                std::fs::copy(path.join("articles.jsonl"), folder.join("articles.jsonl")).unwrap();
            }
        }
        let t17_ids = |a: &annals::model::Article| {
            let folder = a.path.split('/').next().unwrap_or("").to_string();
            // `unique_ids` prefixes an id that another folder also uses; the gold uses the
            // folder's own id.
            let prefix = format!("{}-", ingest::id_from_path(&a.path));
            let id = a.id.strip_prefix(&prefix).unwrap_or(&a.id);
            vec![format!("{folder}/{id}")]
        };
        let pred = predict(mix.path(), &[], Level::Story, &t17_ids);
        let report = score("t17", &pred, &t17.join("grouping-gold.tsv"), None);
        print_row("t17-dev mix (story)", &report, "B3 F1 >= 0.98");
        scored += 1;
    } else {
        println!("skipped t17-dev: {} is absent", t17.display());
    }

    // 3. Stories: ML-Crisis, one language at a time; the gold is the topic folder.
    let crisis = data.join("cl-tls-ml-crisis");
    for lang in ["es", "fr", "it"] {
        let root = crisis.join(lang);
        if !root.is_dir() {
            println!("skipped cl-tls {lang}: {} is absent", root.display());
            continue;
        }
        let (files, _) = ingest::list_files(&root, &[root.join("reference")]);
        let mut gold = String::new();
        for file in files {
            let rel = ingest::relative_path(&root, &file);
            if rel.ends_with(".txt") {
                let topic = rel.split('/').next().unwrap_or("");
                writeln!(gold, "{rel}\t{topic}").unwrap();
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let gold_path = dir.path().join("gold.tsv");
        std::fs::write(&gold_path, gold).unwrap();
        let pred = predict(
            &root,
            &[root.join("reference")],
            Level::Story,
            &origin_ids(""),
        );
        let report = score(&format!("cl-tls-{lang}"), &pred, &gold_path, None);
        print_row(&format!("cl-tls {lang} (story)"), &report, "B3 F1 >= 0.85");
        scored += 1;
    }
    assert!(scored > 0, "no set was scored");
}
