//! The JSON, JSON Lines, feed and wire readers, the duplicate merge, and `annals extract` over
//! them: small made-up fixtures in `tests/fixtures/{json,feed,wire}/`, then runs over the
//! development corpora in `../shared/data` when it is there (skipped with a printed reason
//! otherwise).

use annals::config::FieldNames;
use annals::ingest::{self, FileArticles, ReadContext, ReadError, SourceFile};
use annals::model::{Article, InputFormat};
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Reads one fixture file (path relative to `tests/fixtures`) the way a build does.
fn read(rel: &str) -> Result<FileArticles, ReadError> {
    read_with(rel, &ReadContext::new(chrono_tz::UTC))
}

fn read_with(rel: &str, context: &ReadContext) -> Result<FileArticles, ReadError> {
    let bytes = std::fs::read(fixtures().join(rel)).unwrap();
    ingest::read_file(
        &SourceFile {
            path: rel,
            bytes: &bytes,
        },
        context,
    )
}

fn only(read: FileArticles) -> Article {
    assert_eq!(read.articles.len(), 1, "{:?}", read.articles);
    read.articles.into_iter().next().unwrap()
}

fn stamps(articles: &[Article]) -> Vec<String> {
    articles.iter().map(|a| a.published.to_rfc3339()).collect()
}

// ---------------------------------------------------------------------------------------------
// JSON and JSON Lines

#[test]
fn news_please_json_gives_every_field() {
    let a = only(read("json/news-please.json").unwrap());
    assert_eq!(a.format, InputFormat::Json);
    assert_eq!(a.id, "json-news-please");
    assert_eq!(a.title, "Ferry pier reopens after repairs");
    assert_eq!(a.published.to_rfc3339(), "2016-07-15T21:19:18");
    assert_eq!(a.updated, None);
    assert_eq!(a.author.as_deref(), Some("Ada Byline, Ben Writer"));
    assert_eq!(a.outlet.as_deref(), Some("example-harbour-news.org"));
    assert_eq!(a.lang.as_deref(), Some("en"));
    assert_eq!(
        a.summary,
        "Harbour officials reopened the old ferry pier after a year of repairs."
    );
    assert_eq!(
        a.body,
        "Harbour officials reopened the old ferry pier on Friday.\n\nThe first boat left at noon, with the mayor on board.\n\nRepairs took a year."
    );
    assert_eq!(a.origins, vec!["json/news-please.json"]);
    assert!(a.warnings.is_empty(), "{:?}", a.warnings);
}

#[test]
fn newsapi_export_gives_one_article_per_entry() {
    let read = read("json/newsapi.json").unwrap();
    assert!(read.skipped.is_empty(), "{:?}", read.skipped);
    let [toll, library] = read.articles.as_slice() else {
        panic!("expected two articles: {:?}", read.articles);
    };
    assert_eq!(toll.id, "json-newsapi-1");
    assert_eq!(toll.outlet.as_deref(), Some("Example Ledger"));
    assert_eq!(toll.published.to_rfc3339(), "2026-02-03T08:30:00Z");
    assert!(
        toll.body.ends_with("the transport board said on Tuesday"),
        "the [+1840 chars] note is cut: {:?}",
        toll.body
    );
    assert_eq!(library.outlet.as_deref(), Some("Example Times"));
    assert_eq!(library.published.to_rfc3339(), "2026-02-03T18:15:00+01:00");
    assert_eq!(
        library.body,
        "The central library will stay open until 9 pm on Thursdays.\n\nThe trial runs until June."
    );
    assert_eq!(
        library.summary,
        "The central library will stay open until 9 pm on Thursdays."
    );
}

#[test]
fn wrong_types_cost_a_warning_or_an_item_never_the_file() {
    let read = read("json/mixed-types.json").unwrap();
    let ids: Vec<&str> = read.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["a-1", "a-2", "a-5"]);
    assert_eq!(
        stamps(&read.articles),
        ["2026-02-03T10:00:00Z", "2026-02-03", "2026-02-03T10:00:00Z"]
    );
    // A numeric title: a warning, and a title made from the text.
    let numeric = &read.articles[1];
    assert_eq!(numeric.title, "Numbers are not titles.");
    assert_eq!(
        numeric.warnings,
        ["item 2 (id \"a-2\"): `title`: expected text, found a number"]
    );
    // A bad `updated` is a warning on an article that is otherwise fine.
    assert!(
        read.articles[2].warnings[0].contains("`updated`: expected a date"),
        "{:?}",
        read.articles[2].warnings
    );
    let reasons: Vec<&str> = read.skipped.iter().map(|s| s.reason.as_str()).collect();
    assert_eq!(
        reasons,
        [
            "item 3 (id \"a-3\"): no usable date: `date`: expected a date like 2026-02-09T10:00:00Z, found an object",
            "item 4: expected an article object, found text",
        ]
    );
    assert!(
        read.skipped
            .iter()
            .all(|s| s.path == "json/mixed-types.json")
    );
}

#[test]
fn json_lines_read_line_by_line() {
    let read = read("json/articles.jsonl").unwrap();
    let ids: Vec<&str> = read.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["17", "18", "21"]);
    assert!(
        read.articles
            .iter()
            .all(|a| a.format == InputFormat::JsonLines)
    );
    assert_eq!(
        stamps(&read.articles),
        ["2010-04-21", "2010-04-22", "2010-04-24"]
    );
    // news-tls has no titles: they come from the first sentence, with one warning per file.
    assert_eq!(
        read.articles[0].title,
        "An oil rig exploded in the Gulf of Mexico late on Tuesday."
    );
    assert_eq!(read.articles[0].warnings.len(), 1);
    assert!(read.articles[0].warnings[0].starts_with("3 of 7 items have no title"));
    assert!(read.articles[1].warnings.is_empty());
    assert_eq!(
        read.articles[2].body,
        "Oil reached the coast. Beaches closed."
    );
    let reasons: Vec<&str> = read.skipped.iter().map(|s| s.reason.as_str()).collect();
    assert_eq!(reasons.len(), 4, "in line order: {reasons:?}");
    assert!(reasons[0].starts_with("line 4 (id \"19\"): no date (looked for date, time,"));
    assert_eq!(reasons[1], "line 5 (id \"20\"): no title and no text");
    assert!(
        reasons[2].starts_with("line 7: not valid JSON: "),
        "{reasons:?}"
    );
    assert_eq!(
        reasons[3],
        "line 8: expected an article object, found a list"
    );
}

#[test]
fn input_fields_map_other_names() {
    let names = FieldNames {
        title: Some("heading".into()),
        body: Some("story_text".into()),
        published: Some("meta.when".into()),
        ..Default::default()
    };
    let context = ReadContext {
        site_tz: chrono_tz::UTC,
        fields: &names,
        follow_outside_symlinks: false,
    };
    let a = only(read_with("json/mapped.json", &context).unwrap());
    assert_eq!(a.title, "Tram line approved");
    assert_eq!(
        a.body,
        "The council approved the tram line.\n\nBuilding starts in May."
    );
    assert_eq!(a.published.to_rfc3339(), "2026-02-05T09:00:00-05:00");
    let err = read("json/mapped.json").unwrap_err();
    assert!(matches!(err, ReadError::NoTitle(_)), "{err}");
}

#[test]
fn bad_json_files_fail_with_a_reason() {
    let err = read("json/bad-encoding.json").unwrap_err();
    assert_eq!(err, ReadError::NotUtf8(14));
    let err = read("json/wrong-types.json").unwrap_err().to_string();
    assert!(
        err.starts_with("no usable item: none of its 2 items could be used; item 1: "),
        "{err}"
    );
    let bytes = b"{\"title\": \"x\",\n \"date\": }";
    let err = ingest::read_file(
        &SourceFile {
            path: "broken.json",
            bytes,
        },
        &ReadContext::new(chrono_tz::UTC),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "not valid JSON: expected value at line 2 column 10"
    );
}

// ---------------------------------------------------------------------------------------------
// Feeds

#[test]
fn rss_items_keep_their_stated_offsets() {
    let read = read("feed/city.rss").unwrap();
    let [water, market] = read.articles.as_slice() else {
        panic!("expected two articles: {:?}", read.articles);
    };
    assert_eq!(water.format, InputFormat::Feed);
    assert_eq!(water.id, "city-2026-0142");
    assert_eq!(water.title, "Water main bursts on High Street");
    assert_eq!(water.published.to_rfc3339(), "2026-02-03T23:30:00+02:00");
    assert_eq!(water.updated, None, "RSS has no updated stamp of its own");
    assert_eq!(water.outlet.as_deref(), Some("Example City News"));
    assert_eq!(water.author.as_deref(), Some("Dana Desk"));
    assert_eq!(water.section.as_deref(), Some("Local"));
    assert_eq!(water.lang.as_deref(), Some("en-gb"));
    assert_eq!(
        water.body,
        "A water main burst on High Street late on Tuesday.\n\nEngineers expect repairs to take two days."
    );
    assert_eq!(water.summary, "A water main burst & flooded the street.");
    assert_eq!(
        water.url.as_deref(),
        Some("https://city.example.net/news/water-main")
    );
    // No guid: a stable id from the path and the item's position.
    assert_eq!(market.id, "feed-city-2");
    assert_eq!(market.published.to_rfc3339(), "2026-02-04T07:05:00-05:00");
    assert_eq!(read.skipped.len(), 1);
    assert_eq!(
        read.skipped[0].reason,
        "item 3: no usable date: published date: expected a date like Tue, 10 Jun 2003 04:00:00 GMT or 2003-06-10T04:00:00Z, found \"sometime next week\""
    );
}

#[test]
fn atom_entries_read_published_updated_and_xhtml() {
    let read = read("feed/science.atom").unwrap();
    let [comet, update_only] = read.articles.as_slice() else {
        panic!("expected two articles: {:?}", read.articles);
    };
    assert_eq!(comet.id, "urn:example:science:comet");
    assert_eq!(comet.title, "Comet visible tonight");
    assert_eq!(comet.published.to_rfc3339(), "2026-02-05T06:00:00+09:00");
    assert_eq!(
        comet.updated.map(|u| u.to_rfc3339()).as_deref(),
        Some("2026-02-05T08:30:00+09:00")
    );
    assert_eq!(comet.published.day().to_string(), "2026-02-05");
    assert_eq!(
        comet.body,
        "A bright comet can be seen after dusk.\n\nLook to the west."
    );
    assert_eq!(comet.author.as_deref(), Some("Eve Astronomer"));
    assert_eq!(comet.lang.as_deref(), Some("en"));
    // An entry with only `updated` is dated by it.
    assert_eq!(
        update_only.published.to_rfc3339(),
        "2026-02-04T17:45:00-08:00"
    );
    assert_eq!(update_only.updated, None);
}

#[test]
fn json_feed_is_read_as_a_feed() {
    let read = read("feed/briefs.json").unwrap();
    let a = &read.articles[0];
    assert_eq!(read.articles.len(), 1);
    assert_eq!(a.format, InputFormat::Feed);
    assert_eq!(a.id, "brief-7");
    assert_eq!(a.title, "Rathaus renoviert");
    assert_eq!(a.lang.as_deref(), Some("de"));
    assert_eq!(a.published.to_rfc3339(), "2026-02-06T10:00:00+01:00");
    assert_eq!(
        a.updated.map(|u| u.to_rfc3339()).as_deref(),
        Some("2026-02-06T11:15:00+01:00")
    );
    assert_eq!(a.author.as_deref(), Some("Fritz Feder"));
    assert_eq!(
        read.skipped[0].reason,
        "item 2 (id \"brief-8\"): no date (the item has no pubDate, published or updated)"
    );
}

#[test]
fn a_feed_without_dates_fails_with_reasons_not_a_panic() {
    let err = read("feed/undated.xml").unwrap_err().to_string();
    assert_eq!(
        err,
        "no usable item: none of its 2 items could be used; item 1 (id \"u-1\"): no date (the item has no pubDate, published or updated)"
    );
    let err = read("feed/not-a-feed.xml").unwrap_err().to_string();
    assert!(
        err.starts_with("not a readable RSS, Atom or JSON feed"),
        "{err}"
    );
}

// ---------------------------------------------------------------------------------------------
// Wire

#[test]
fn wire_header_gives_title_byline_stamp_and_url() {
    let a = only(read("wire/20061021/us-crane-order-idUSN2020200620061020").unwrap());
    assert_eq!(a.format, InputFormat::Wire);
    assert_eq!(a.title, "Harbour crane maker wins port order");
    assert_eq!(a.author.as_deref(), Some("Gus Wire"));
    assert_eq!(a.published.to_rfc3339(), "2006-10-20T20:15:00-04:00");
    assert_eq!(a.published_day_utc(), "2006-10-21", "the folder's UTC day");
    assert_eq!(
        a.url.as_deref(),
        Some("http://www.example-wire.com/article/2006/10/20/us-crane-order-idUSN2020200620061020")
    );
    assert_eq!(a.outlet.as_deref(), Some("Reuters"));
    assert_eq!(a.location.as_deref(), Some("Southampton, England"));
    assert_eq!(
        a.summary,
        "A harbour crane maker said on Friday it had won an order for six cranes from the port, its largest order in a decade."
    );
    assert_eq!(
        a.body,
        "SOUTHAMPTON, England (Reuters) - A harbour crane maker said on Friday it had won an order for six cranes from the port, its largest order in a decade.\n\n\
         The company did not give the value of the order.\n\n\
         Shares rose 3 percent in late trading.\n\n\
         \"This is a big day for us,\" the chief executive said.\n\n\
         (Reporting by Gus Wire; Editing by Ann Editor)"
    );
}

trait UtcDay {
    fn published_day_utc(&self) -> String;
}

impl UtcDay for Article {
    fn published_day_utc(&self) -> String {
        self.published
            .instant(chrono_tz::UTC)
            .date_naive()
            .to_string()
    }
}

#[test]
fn wire_editors_note_is_not_the_summary() {
    let a = only(read("wire/20061212/us-refiners-idUSN1212121220061212").unwrap());
    assert_eq!(a.published.to_rfc3339(), "2006-12-12T17:05:00-05:00");
    assert_eq!(a.location.as_deref(), Some("New York"));
    assert_eq!(
        a.summary,
        "Refiners reported higher stocks of gasoline for the week."
    );
}

#[test]
fn wire_files_without_story_or_header_are_handled() {
    // A header and no story: the headline is kept, with a warning.
    let flash = only(read("wire/20061021/us-rates-flash-idUSN2121212120061021").unwrap());
    assert_eq!(flash.title, "Flash: rates unchanged");
    assert_eq!(flash.author, None);
    assert_eq!((flash.body.as_str(), flash.summary.as_str()), ("", ""));
    assert_eq!(flash.published.to_rfc3339(), "2006-10-21T09:00:00-04:00");
    assert!(
        flash.warnings[0].contains("headline-only"),
        "{:?}",
        flash.warnings
    );
    assert_eq!(
        read("wire/20061022/us-empty-idUSN2222222320061022").unwrap_err(),
        ReadError::Empty
    );
    // No header at all: plain text, dated by the `YYYYMMDD/` folder.
    let a = only(read("wire/20061022/us-exporters-currency-idUSN2222222220061022").unwrap());
    assert_eq!(a.format, InputFormat::PlainText);
    assert_eq!(a.published.to_rfc3339(), "2006-10-22");
    assert_eq!(a.title, "Exporters brace for a stronger currency");
}

// ---------------------------------------------------------------------------------------------
// Folders, duplicates and `annals extract`

#[test]
fn the_fixture_folders_read_in_stable_order_with_skips_named() {
    let ingested = ingest::read_folder(
        &fixtures(),
        &[fixtures().join("html")],
        20 * 1024 * 1024,
        &ReadContext::new(chrono_tz::UTC),
    );
    let paths: Vec<&str> = ingested.articles.iter().map(|a| a.path.as_str()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    let ids: std::collections::HashSet<&str> =
        ingested.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids.len(), ingested.articles.len(), "ids are unique");
    for skipped in &ingested.skipped {
        assert!(!skipped.reason.is_empty(), "{skipped:?}");
    }
    assert!(
        ingested
            .skipped
            .iter()
            .any(|s| s.path == "feed/undated.xml")
    );
}

fn article(path: &str, title: &str, day: &str, url: Option<&str>, body: &str) -> Article {
    Article {
        id: ingest::id_from_path(path),
        path: path.into(),
        format: InputFormat::Json,
        title: title.into(),
        section: None,
        published: annals::ingest::dates::parse_stamp(day).unwrap(),
        updated: None,
        summary: String::new(),
        body: body.into(),
        body_html: None,
        topics: vec![],
        outlet: None,
        url: url.map(str::to_string),
        lang: None,
        author: None,
        location: None,
        origins: vec![path.into()],
        warnings: vec![],
    }
}

#[test]
fn the_same_article_from_two_files_is_kept_once_with_both_origins() {
    let text =
        "The council approved the budget on Monday after a long debate about schools and roads.";
    let merged = ingest::merge_duplicates(vec![
        article(
            "a.json",
            "Budget passed",
            "2026-02-02",
            Some("https://www.example.org/budget?utm_source=rss"),
            text,
        ),
        article(
            "b.xml",
            "Other story",
            "2026-02-02",
            Some("http://example.org/budget/"),
            "Short.",
        ),
        article(
            "c.txt",
            "Budget  passed!",
            "2026-02-02T18:00:00Z",
            None,
            text,
        ),
        article("d.txt", "Budget passed", "2026-02-03", None, text),
        article(
            "e.txt",
            "Budget passed",
            "2026-02-02",
            None,
            "Entirely different words in this one, about the weather and trains.",
        ),
        article(
            "f.json",
            "Front page",
            "2026-02-02",
            Some("https://example.org/"),
            "x",
        ),
        article(
            "g.json",
            "Front page 2",
            "2026-02-02",
            Some("https://example.org/"),
            "y",
        ),
    ]);
    let kept: Vec<(&str, Vec<&str>)> = merged
        .iter()
        .map(|a| {
            (
                a.path.as_str(),
                a.origins.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        kept,
        [
            ("a.json", vec!["a.json", "b.xml", "c.txt"]),
            ("d.txt", vec!["d.txt"]),
            ("e.txt", vec!["e.txt"]),
            ("f.json", vec!["f.json"]),
            ("g.json", vec!["g.json"]),
        ]
    );
    // The kept article takes a more precise stamp from its duplicate.
    assert_eq!(merged[0].published.to_rfc3339(), "2026-02-02T18:00:00Z");
}

#[test]
fn extract_prints_every_format_with_origins_and_location() {
    let work = tempfile::tempdir().unwrap();
    let content = work.path().join("content");
    for rel in [
        "json/newsapi.json",
        "feed/city.rss",
        "wire/20061021/us-crane-order-idUSN2020200620061020",
    ] {
        let to = content.join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(fixtures().join(rel), to).unwrap();
    }
    // The same NewsAPI entry saved again as its own JSON file.
    std::fs::write(
        content.join("json/toll-again.json"),
        r#"{"title": "Bridge toll to rise in March", "url": "https://ledger.example.com/bridge-toll",
            "publishedAt": "2026-02-03T08:30:00Z", "text": "The toll will rise."}"#,
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_annals"))
        .args(["extract", "--jsonl", "-c"])
        .arg(&content)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let records: Vec<serde_json::Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let summary: Vec<(String, String, String)> = records
        .iter()
        .map(|r| {
            (
                r["path"].as_str().unwrap().to_string(),
                r["format"].as_str().unwrap().to_string(),
                r["published"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected = [
        ("feed/city.rss", "feed", "2026-02-03T23:30:00+02:00"),
        ("feed/city.rss", "feed", "2026-02-04T07:05:00-05:00"),
        ("json/newsapi.json", "json", "2026-02-03T08:30:00Z"),
        ("json/newsapi.json", "json", "2026-02-03T18:15:00+01:00"),
        (
            "wire/20061021/us-crane-order-idUSN2020200620061020",
            "wire",
            "2006-10-20T20:15:00-04:00",
        ),
    ];
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(summary, expected);
    let toll = &records[2];
    assert_eq!(
        toll["origins"],
        serde_json::json!(["json/newsapi.json", "json/toll-again.json"])
    );
    assert_eq!(toll["id"], "json-newsapi-1");
    assert_eq!(records[0]["id"], "city-2026-0142");
    assert_eq!(records[0]["published_day"], "2026-02-03");
    assert_eq!(records[4]["location"], "Southampton, England");
    assert_eq!(records[0]["location"], serde_json::Value::Null);
    for key in [
        "id",
        "path",
        "format",
        "title",
        "url",
        "outlet",
        "author",
        "lang",
        "summary",
        "body",
        "topics",
        "warnings",
        "published",
        "updated",
        "published_day",
        "origins",
        "location",
    ] {
        assert!(records[0].get(key).is_some(), "extract prints `{key}`");
    }
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("city.rss: item 3: no usable date"),
        "{stderr}"
    );
}

#[test]
fn a_huge_file_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.jsonl");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(200 * 1024 * 1024).unwrap();
    let err = ingest::load_and_read(
        &path,
        "huge.jsonl",
        20 * 1024 * 1024,
        &ReadContext::new(chrono_tz::UTC),
    )
    .unwrap_err();
    assert!(matches!(err, ReadError::TooLarge { .. }), "{err}");
}

// ---------------------------------------------------------------------------------------------
// The development corpora in ../shared/data

fn shared_data() -> Option<PathBuf> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    if data.is_dir() {
        Some(data)
    } else {
        println!(
            "skipped: {} does not exist (the development corpora live there)",
            data.display()
        );
        None
    }
}

/// Reads every file under `dir` with `read_file` (no merge), returning (files, articles, errors).
fn read_tree(dir: &Path, keep: impl Fn(&Path) -> bool) -> (usize, Vec<Article>, Vec<String>) {
    let context = ReadContext::new(chrono_tz::UTC);
    let mut files = 0;
    let mut articles = Vec::new();
    let mut errors = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() || !keep(entry.path()) {
            continue;
        }
        files += 1;
        let rel = ingest::relative_path(dir, entry.path());
        let bytes = std::fs::read(entry.path()).unwrap();
        match ingest::read_file(
            &SourceFile {
                path: &rel,
                bytes: &bytes,
            },
            &context,
        ) {
            Ok(read) => articles.extend(read.articles),
            Err(err) => errors.push(format!("{rel}: {err}")),
        }
    }
    (files, articles, errors)
}

#[test]
fn giveme5w1h_news_please_json_is_read_with_dates() {
    let Some(data) = shared_data() else { return };
    let root = data.join("giveme5w1h-news-clusters");
    let (files, articles, errors) =
        read_tree(&root, |p| p.extension().is_some_and(|e| e == "json"));
    println!(
        "giveme5w1h: {files} JSON files, {} articles with a date, {} refused: {errors:?}",
        articles.len(),
        errors.len()
    );
    assert!(files >= 260, "{files}");
    assert!(
        errors.len() * 100 <= files,
        "more than 1% refused: {errors:?}"
    );
    assert!(
        articles
            .iter()
            .all(|a| !a.title.is_empty() && !a.body.is_empty())
    );
    let with_time = articles.iter().filter(|a| !a.published.date_only).count();
    assert_eq!(with_time, articles.len(), "news-please stamps carry a time");
}

#[test]
fn t17_articles_jsonl_is_read_with_dates() {
    let Some(data) = shared_data() else { return };
    let root = data.join("t17-dev");
    let (files, articles, errors) = read_tree(&root, |p| p.ends_with("articles.jsonl"));
    let lines: usize = walkdir::WalkDir::new(&root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().ends_with("articles.jsonl"))
        .map(|e| std::fs::read_to_string(e.path()).unwrap().lines().count())
        .sum();
    println!(
        "t17-dev: {files} articles.jsonl files, {lines} lines, {} articles, errors {errors:?}",
        articles.len()
    );
    assert!(errors.is_empty(), "{errors:?}");
    assert!(
        articles.len() * 100 >= lines * 99,
        "{} of {lines}",
        articles.len()
    );
    assert!(articles.iter().all(|a| a.published.date_only));
}

/// Calls `each` with the path and bytes of every regular file in a tar stream (GNU or ustar,
/// with GNU long names). Small enough to spare 554 MB of unpacking for the Reuters corpus.
fn for_each_tar_file(
    mut tar: impl std::io::Read,
    mut each: impl FnMut(&str, Vec<u8>),
) -> std::io::Result<()> {
    let field = |bytes: &[u8]| -> String {
        let end = bytes.iter().position(|b| *b == 0).unwrap_or(bytes.len());
        String::from_utf8_lossy(&bytes[..end]).into_owned()
    };
    let mut header = [0u8; 512];
    let mut long_name: Option<String> = None;
    loop {
        if tar.read_exact(&mut header).is_err() || header.iter().all(|b| *b == 0) {
            return Ok(());
        }
        let size_text = field(&header[124..136]);
        let size = usize::from_str_radix(size_text.trim(), 8)
            .map_err(|e| std::io::Error::other(format!("bad tar size {size_text:?}: {e}")))?;
        let mut data = vec![0u8; size.div_ceil(512) * 512];
        tar.read_exact(&mut data)?;
        data.truncate(size);
        let name = long_name.take().unwrap_or_else(|| {
            let prefix = field(&header[345..500]);
            let name = field(&header[..100]);
            if prefix.is_empty() {
                name
            } else {
                format!("{prefix}/{name}")
            }
        });
        match header[156] {
            b'L' => long_name = Some(field(&data)),
            b'0' | 0 => each(&name, data),
            _ => {}
        }
    }
}

/// Counts over Reuters files: how many were read, refused, and dated on their folder's UTC day.
#[derive(Debug, Default)]
struct WireTally {
    files: usize,
    headed: usize,
    read: usize,
    matching: usize,
    empty: usize,
    /// Read, but nothing after the header lines.
    header_only: usize,
}

impl WireTally {
    fn add(&mut self, rel: &str, bytes: &[u8]) {
        self.files += 1;
        let has_header = bytes.starts_with(b"-- ");
        self.headed += usize::from(has_header);
        let folder_day = rel.split('/').next().unwrap_or_default();
        let context = ReadContext::new(chrono_tz::UTC);
        match ingest::read_file(&SourceFile { path: rel, bytes }, &context) {
            Ok(file) => {
                let a = &file.articles[0];
                self.read += 1;
                self.header_only += usize::from(a.body.is_empty());
                if has_header {
                    assert_eq!(a.format, InputFormat::Wire, "{rel}");
                    let utc_day = a.published.instant(chrono_tz::UTC).format("%Y%m%d");
                    self.matching += usize::from(utc_day.to_string() == folder_day);
                }
            }
            Err(ReadError::Empty) => self.empty += 1,
            Err(err) => panic!("{rel}: unexpected refusal: {err}"),
        }
    }

    fn merge(&mut self, other: WireTally) {
        self.files += other.files;
        self.headed += other.headed;
        self.read += other.read;
        self.matching += other.matching;
        self.empty += other.empty;
        self.header_only += other.header_only;
    }
}

#[test]
fn reuters_wire_files_read_and_their_utc_day_matches_the_folder() {
    let Some(data) = shared_data() else { return };
    let archive = data.join("reuters-financial-106k/ReutersNews106521.tar.zst");
    if !archive.is_file() {
        println!("skipped: {} does not exist", archive.display());
        return;
    }
    let child = Command::new("zstd")
        .arg("-dc")
        .arg(&archive)
        .stdout(std::process::Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(err) => {
            println!(
                "skipped: cannot run zstd to unpack {}: {err}",
                archive.display()
            );
            return;
        }
    };
    let stream = std::io::BufReader::with_capacity(1 << 20, child.stdout.take().unwrap());
    // Two readers take turns with the files (debug builds are slow; machines have two cores).
    let mut tally = WireTally::default();
    std::thread::scope(|scope| {
        let (senders, workers): (Vec<_>, Vec<_>) = (0..2)
            .map(|_| {
                let (send, receive) = std::sync::mpsc::sync_channel::<(String, Vec<u8>)>(256);
                let worker = scope.spawn(move || {
                    let mut tally = WireTally::default();
                    for (rel, bytes) in receive {
                        tally.add(&rel, &bytes);
                    }
                    tally
                });
                (send, worker)
            })
            .unzip();
        let mut turn = 0;
        for_each_tar_file(stream, |path, bytes| {
            let rel = path.strip_prefix("ReutersNews106521/").unwrap_or(path);
            // Not an article file: listing skips it by its extension.
            if !rel.ends_with(".tar.gz") {
                senders[turn % 2].send((rel.to_string(), bytes)).unwrap();
                turn += 1;
            }
        })
        .unwrap();
        drop(senders);
        for worker in workers {
            tally.merge(worker.join().unwrap());
        }
    });
    let WireTally {
        files,
        headed,
        read,
        matching,
        empty,
        header_only,
    } = tally;
    assert!(child.wait().unwrap().success(), "zstd failed");
    let share = matching as f64 / headed as f64;
    println!(
        "reuters: {files} files, {headed} with a header, {read} read ({header_only} of them a \
         header only), {empty} empty refused; UTC day = folder day for {matching} of {headed} \
         files with a header ({:.3}%)",
        share * 100.0
    );
    assert_eq!(
        read + empty,
        files,
        "every file is read or refused as empty"
    );
    assert!(files >= 106_000, "{files}");
    assert!(share >= 0.998, "UTC-day share {share}");
}
