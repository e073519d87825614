//! Entry points shared by the fuzz targets in `fuzz/` and the regression test that replays
//! the inputs they found (`tests/fuzz_regressions.rs`).
//!
//! Each function takes arbitrary bytes and runs one reader (or the temporal resolver, or the
//! config parser) on them the way a build would, plus the stage that consumes its output. A
//! function must return, whatever the bytes: a panic, a hang or an abort is the bug the
//! fuzzer looks for. Keeping the entry points in the library means a crash found by
//! `cargo fuzz` is replayed by a plain `cargo test`, with no nightly toolchain and no
//! libFuzzer, on every CI run.

use crate::ingest::{self, ReadContext, SourceFile};
use chrono::NaiveDate;

/// The fuzz targets, by name: the folder names under `fuzz/fuzz_targets/` and
/// `tests/fuzz_regressions/`.
pub const TARGETS: &[&str] = &[
    "markdown", "scraped", "wire", "html", "json", "feed", "temporal", "config",
];

/// Runs the target called `name` on `data`. Unknown names panic (a test bug, not input).
pub fn run(name: &str, data: &[u8]) {
    match name {
        "markdown" => markdown(data),
        "scraped" => scraped(data),
        "wire" => wire(data),
        "html" => html(data),
        "json" => json(data),
        "feed" => feed(data),
        "temporal" => temporal(data),
        "config" => config(data),
        other => panic!("no fuzz target called {other:?}"),
    }
}

fn context() -> ReadContext<'static> {
    ReadContext::new(chrono_tz::Europe::Berlin)
}

/// Dates what a reader produced, as a build does right after reading.
fn date_all(articles: &[crate::model::Article]) {
    for article in articles {
        let _ = crate::temporal::date_article(article);
    }
}

fn read_one(
    read: fn(&SourceFile, &ReadContext) -> Result<crate::model::Article, ingest::ReadError>,
    path: &str,
    data: &[u8],
) {
    let file = SourceFile { path, bytes: data };
    if let Ok(article) = read(&file, &context()) {
        date_all(std::slice::from_ref(&article));
    }
    // The same bytes through content detection, as `read_folder` sees them.
    if let Ok(read) = ingest::read_file(&file, &context()) {
        date_all(&read.articles);
    }
}

/// Markdown with TOML or YAML front matter.
pub fn markdown(data: &[u8]) {
    read_one(ingest::markdown::read, "2026/02/08/fuzz.md", data);
}

/// Scraped seed-style pages (and plain text, which shares the fallback).
pub fn scraped(data: &[u8]) {
    read_one(ingest::scraped::read, "2026-02-08-fuzz.txt", data);
    let file = SourceFile {
        path: "2026-02-08-fuzz.txt",
        bytes: data,
    };
    let _ = ingest::plaintext::read(&file, &context());
}

/// Reuters-style wire copy.
pub fn wire(data: &[u8]) {
    read_one(ingest::wire::read, "fuzz", data);
}

/// Saved HTML pages, in any encoding.
pub fn html(data: &[u8]) {
    read_one(ingest::html::read, "fuzz.html", data);
}

fn read_many(
    read: fn(&SourceFile, &ReadContext) -> Result<ingest::FileArticles, ingest::ReadError>,
    path: &str,
    data: &[u8],
) {
    let file = SourceFile { path, bytes: data };
    if let Ok(read) = read(&file, &context()) {
        date_all(&read.articles);
    }
    if let Ok(read) = ingest::read_file(&file, &context()) {
        date_all(&read.articles);
    }
}

/// JSON and JSON Lines.
pub fn json(data: &[u8]) {
    read_many(ingest::json::read, "fuzz.jsonl", data);
}

/// RSS, Atom and JSON Feed.
pub fn feed(data: &[u8]) {
    read_many(ingest::feed::read, "fuzz.xml", data);
}

/// The temporal resolver on prose. The first two bytes pick the publication day (or none), so
/// the fuzzer also explores the edges of the calendar.
pub fn temporal(data: &[u8]) {
    let (published, text) = match data {
        [a, b, rest @ ..] => {
            let offset = i64::from(u16::from_le_bytes([*a, *b])) - 30_000;
            let base = NaiveDate::from_ymd_opt(2026, 2, 8).expect("a valid day");
            let day = base.checked_add_signed(chrono::Duration::days(offset * 30));
            (if *a == 0 { None } else { day }, rest)
        }
        _ => (None, data),
    };
    let text = String::from_utf8_lossy(text);
    let _ = crate::temporal::resolve_mentions(&text, published);
    let _ = crate::temporal::sentence_spans(&text);
}

/// The config parser and its validation.
pub fn config(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(config) = crate::config::Config::parse(&text, "fuzz.toml") {
        let _ = config.site_tz();
        for i in 0..config.topics.len() {
            let _ = config.topic_slug(i);
        }
    }
}
