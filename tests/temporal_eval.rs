//! Measures the temporal stage on the development corpora in `../shared/data` and prints the
//! figures; skips with a printed reason when the data is absent.
//!
//! - Date mentions against Timeline17's silver dates (HeidelTime output, one set per article;
//!   a month mention is written as its 1st, a year mention as 1 January, and annals' mentions
//!   are compared the same way, weeks left out because the silver set has none).
//! - The event day against the hand-annotated "when" of Giveme5W1H's gold standard.
//! - Summarized timelines with `scripts/eval-timelines.sh` (tilse + ROUGE), only when the
//!   scorer's venv exists; that script builds in release and times each timeline.
//!
//! `ANNALS_EVAL_ERRORS=N` prints N missed and N extra silver dates with their context.

use annals::ingest::{self, ReadContext};
use annals::model::{Article, ArticleDates, Granularity};
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn data_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    dir.is_dir().then_some(dir)
}

fn read(folder: &Path) -> Vec<Article> {
    let ingested = ingest::read_folder(folder, &[], u64::MAX, &ReadContext::new(chrono_tz::UTC));
    ingested.articles
}

/// Set precision, recall and F1; two empty sets agree perfectly.
fn prf(found: &BTreeSet<NaiveDate>, gold: &BTreeSet<NaiveDate>) -> (usize, usize, usize, f64) {
    let tp = found.intersection(gold).count();
    let f1 = if found.is_empty() && gold.is_empty() {
        1.0
    } else if tp == 0 {
        0.0
    } else {
        2.0 * tp as f64 / (found.len() + gold.len()) as f64
    };
    (tp, found.len() - tp, gold.len() - tp, f1)
}

fn mention_set(dates: &ArticleDates) -> BTreeSet<NaiveDate> {
    dates
        .sentences
        .iter()
        .flat_map(|s| &s.mentions)
        .filter(|m| m.granularity != Granularity::Week)
        .map(|m| m.value)
        .collect()
}

#[derive(Default)]
struct Tally {
    articles: usize,
    with_silver: usize,
    f1_all: f64,
    f1_with_silver: f64,
    tp: usize,
    fp: usize,
    fn_: usize,
}

fn silver_dates(data: &Path, show_errors: usize) -> Tally {
    let root = data.join("t17-dev");
    let mut tally = Tally::default();
    let mut errors_shown = (0, 0);
    let mut folders: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("silver-dates.jsonl").is_file())
        .collect();
    folders.sort();
    for folder in folders {
        let mut silver: BTreeMap<String, BTreeSet<NaiveDate>> = BTreeMap::new();
        for line in std::fs::read_to_string(folder.join("silver-dates.jsonl"))
            .unwrap()
            .lines()
        {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            let dates = value["dates"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|d| d.as_str()?.parse().ok())
                .collect();
            silver.insert(value["id"].as_str().unwrap().to_string(), dates);
        }
        let scratch = tempfile::tempdir().unwrap();
        std::fs::copy(
            folder.join("articles.jsonl"),
            scratch.path().join("articles.jsonl"),
        )
        .unwrap();
        let articles = read(scratch.path());
        let dates = annals::temporal::date_articles(&articles);
        for (article, dated) in articles.iter().zip(&dates) {
            let Some(gold) = silver.get(&article.id) else {
                continue;
            };
            let found = mention_set(dated);
            let (tp, fp, fn_, f1) = prf(&found, gold);
            tally.articles += 1;
            tally.f1_all += f1;
            if !gold.is_empty() {
                tally.with_silver += 1;
                tally.f1_with_silver += f1;
                tally.tp += tp;
                tally.fp += fp;
                tally.fn_ += fn_;
                if show_errors > 0 {
                    show(article, dated, &found, gold, show_errors, &mut errors_shown);
                }
            }
        }
    }
    tally
}

/// Prints missed and extra dates of one article with the text around them.
fn show(
    article: &Article,
    dated: &ArticleDates,
    found: &BTreeSet<NaiveDate>,
    gold: &BTreeSet<NaiveDate>,
    limit: usize,
    shown: &mut (usize, usize),
) {
    let context = |start: usize, end: usize| {
        let body = &article.body;
        let mut a = start.saturating_sub(60);
        while !body.is_char_boundary(a) {
            a -= 1;
        }
        let mut b = (end + 40).min(body.len());
        while !body.is_char_boundary(b) {
            b += 1;
        }
        format!(
            "{}[[{}]]{}",
            &body[a..start],
            &body[start..end],
            &body[end..b]
        )
    };
    for m in dated.sentences.iter().flat_map(|s| &s.mentions) {
        if m.granularity != Granularity::Week && !gold.contains(&m.value) && shown.1 < limit {
            shown.1 += 1;
            println!(
                "EXTRA {} pub {} {:?}: {}",
                m.value,
                dated.published,
                m.granularity,
                context(m.start, m.end)
            );
        }
    }
    for missed in gold.difference(found) {
        if shown.0 < limit {
            shown.0 += 1;
            // Where the text may say it: the year, the day number or the weekday.
            use chrono::Datelike;
            let cues = [
                missed.year().to_string(),
                missed.day().to_string(),
                missed.format("%A").to_string(),
                missed.format("%B").to_string(),
                "today".into(),
                "yesterday".into(),
                "tomorrow".into(),
            ];
            let hits: Vec<String> = cues
                .iter()
                .filter(|c| {
                    missed.day() != 1 || !c.chars().all(|ch| ch.is_ascii_digit()) || c.len() == 4
                })
                .flat_map(|c| article.body.match_indices(c.as_str()).take(2))
                .map(|(at, c)| context(at, at + c.len()))
                .take(3)
                .collect();
            println!(
                "MISSED {missed} pub {} in {}: {}",
                dated.published,
                article.id,
                hits.join(" || ")
            );
        }
    }
}

/// Share of Giveme5W1H gold-standard articles whose event day annals gets right.
fn event_days(data: &Path) -> Option<(usize, usize, usize)> {
    let root = data.join("giveme5w1h-news-clusters");
    let labels = std::fs::read_to_string(root.join("gold_standard_labels.tsv")).ok()?;
    let mut gold: BTreeMap<String, NaiveDate> = BTreeMap::new();
    let mut header: Vec<&str> = Vec::new();
    for (n, line) in labels.lines().enumerate() {
        let cols: Vec<&str> = line.split('\t').collect();
        if n == 0 {
            header = cols;
            continue;
        }
        let col = |name: &str| {
            header
                .iter()
                .position(|h| *h == name)
                .and_then(|i| cols.get(i))
        };
        if let (Some(file), Some(day)) = (col("file"), col("when_parsed"))
            && let Ok(day) = day.parse()
        {
            gold.insert(file.to_string(), day);
        }
    }
    let scratch = tempfile::tempdir().unwrap();
    let folder = scratch.path().join("gold_standard");
    std::fs::create_dir(&folder).unwrap();
    for file in gold.keys() {
        let name = file.trim_start_matches("gold_standard/");
        std::fs::copy(root.join(file), folder.join(name)).ok()?;
    }
    let articles = read(scratch.path());
    let dates = annals::temporal::date_articles(&articles);
    let (mut right, mut publication_right, mut compared) = (0, 0, 0);
    for (article, dated) in articles.iter().zip(&dates) {
        let Some(&want) = gold.get(&article.path) else {
            continue;
        };
        let got = dated.happened.unwrap_or(dated.published);
        compared += 1;
        right += usize::from(got == want);
        if std::env::var_os("ANNALS_EVAL_ERRORS").is_some() && got != want {
            let lead: String = article.body.chars().take(300).collect();
            println!(
                "EVENT DAY {} want {want} got {got} pub {}: {} | {lead}",
                article.path, dated.published, article.title
            );
        }
        publication_right += usize::from(dated.published == want);
    }
    Some((right, publication_right, compared))
}

#[test]
fn temporal_dev_measurements() {
    let Some(data) = data_dir() else {
        println!("skipped: ../shared/data is absent (the third-party dev corpora)");
        return;
    };
    let show_errors: usize = std::env::var("ANNALS_EVAL_ERRORS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    if data.join("t17-dev").is_dir() {
        let t = silver_dates(&data, show_errors);
        let micro_p = t.tp as f64 / (t.tp + t.fp).max(1) as f64;
        let micro_r = t.tp as f64 / (t.tp + t.fn_).max(1) as f64;
        let micro_f1 = 2.0 * micro_p * micro_r / (micro_p + micro_r).max(f64::EPSILON);
        let mean_all = t.f1_all / t.articles.max(1) as f64;
        let mean_with = t.f1_with_silver / t.with_silver.max(1) as f64;
        println!(
            "silver dates (t17-dev, {} articles, {} with silver dates):\n  \
             mean per-article F1 over all articles {mean_all:.3} (an empty silver set counts 1 \
             when annals finds nothing, else 0)\n  \
             mean per-article F1 over articles with silver dates {mean_with:.3} (target 0.85)\n  \
             micro P {micro_p:.3} R {micro_r:.3} F1 {micro_f1:.3}",
            t.articles, t.with_silver
        );
        assert!(
            t.articles > 2000,
            "only {} articles matched the silver file",
            t.articles
        );
        assert!(mean_with >= 0.85, "silver-date F1 {mean_with:.3} < 0.85");
    } else {
        println!("skipped silver dates: ../shared/data/t17-dev is absent");
    }
    match event_days(&data) {
        Some((right, publication_right, total)) => println!(
            "event day (Giveme5W1H gold standard): {right} of {total} right ({:.3}); \
             the publication day alone gets {publication_right} ({:.3})",
            right as f64 / total.max(1) as f64,
            publication_right as f64 / total.max(1) as f64
        ),
        None => println!("skipped event days: the Giveme5W1H gold standard is absent"),
    }
}

#[test]
fn timeline_summaries_on_timeline17() {
    let Some(data) = data_dir() else {
        println!("skipped: ../shared/data is absent (the third-party dev corpora)");
        return;
    };
    if !data.join("t17-dev").is_dir() {
        println!("skipped: ../shared/data/t17-dev is absent");
        return;
    }
    let venv = std::env::var_os("ANNALS_EVAL_VENV")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/annals-eval-venv"))
        });
    // The full tilse scoring builds a release binary and runs ROUGE per date: minutes, not
    // seconds, so it runs only when asked for (scripts/eval-timelines.sh runs it directly).
    if std::env::var_os("ANNALS_TLS_EVAL").is_none() {
        println!(
            "skipped timeline scoring: set ANNALS_TLS_EVAL=1 (or run scripts/eval-timelines.sh)"
        );
        return;
    }
    if !venv.is_some_and(|v| v.join("bin/python").is_file()) {
        println!("skipped timeline scoring: no tilse venv (run ../shared/eval/setup.sh once)");
        return;
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let status = std::process::Command::new(repo.join("scripts/eval-timelines.sh"))
        .arg(data.join("t17-dev"))
        .arg(out.path().join("t17"))
        .current_dir(repo)
        .status()
        .expect("cannot run scripts/eval-timelines.sh");
    assert!(status.success(), "scripts/eval-timelines.sh failed");
}
