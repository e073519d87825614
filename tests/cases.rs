//! Folder-in / folder-out cases: each `tests/cases/<name>/content/` (with its `annals.toml`) is
//! copied into a temporary folder, built, and its output checked. A new case is a new folder.

mod common;

use common::{Work, count, html_escape, markdown_files, names, split_front_matter, tree};
use serde_json::Value;

fn record<'a>(records: &'a [Value], path: &str) -> &'a Value {
    records
        .iter()
        .find(|r| r["path"] == path)
        .unwrap_or_else(|| panic!("{path} not extracted"))
}

fn topics(record: &Value) -> Vec<&str> {
    record["topics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect()
}

// markdown-basic

#[test]
fn markdown_basic_output_matches_the_snapshot() {
    let work = Work::case("markdown-basic");
    work.build("public", &["--strict"]).expect_code(0);
    let out = work.path().join("public");
    assert!(
        !out.join("index.html").exists(),
        "the config asks for Markdown only"
    );
    insta::assert_snapshot!(markdown_files(&out));
}

#[test]
fn markdown_front_matter_parses_as_toml_with_title_and_date() {
    for case in ["markdown-basic", "escaping"] {
        let work = Work::case(case);
        work.build("public", &["--format", "markdown"])
            .expect_code(0);
        let files = tree(&work.path().join("public"));
        let pages: Vec<&String> = files.keys().filter(|p| p.ends_with(".md")).collect();
        assert!(pages.len() >= 4, "{pages:?}");
        for path in pages {
            let text = String::from_utf8(files[path].clone()).unwrap();
            let (front, _) = split_front_matter(&text);
            let table: toml::Table = toml::from_str(front).unwrap_or_else(|e| {
                panic!("{case}/{path}: front matter is not TOML: {e}\n{front}")
            });
            let title = table.get("title").and_then(|t| t.as_str());
            assert!(
                title.is_some_and(|t| !t.is_empty()),
                "{case}/{path}: no title"
            );
            // Sections (`_index.md`) need no date; pages do.
            if !path.ends_with("_index.md") {
                assert!(
                    table.get("date").is_some_and(|d| d.is_datetime()),
                    "{case}/{path}: no date\n{front}"
                );
            }
        }
    }
}

#[test]
fn markdown_basic_topics_come_from_rules_and_front_matter() {
    let work = Work::case("markdown-basic");
    let records = work.extract();
    assert_eq!(records.len(), 4);
    // Matched by the rules of a configured topic.
    assert_eq!(
        topics(record(&records, "harbour-dredging.md")),
        vec!["harbour-works"]
    );
    // Named by slug in front matter; the configured topic has no rules.
    assert_eq!(
        topics(record(&records, "budget-approved.md")),
        vec!["budget"]
    );
    // Named in front matter, configured nowhere: a topic of its own.
    assert_eq!(
        topics(record(&records, "candidates-register.md")),
        vec!["local-elections"]
    );
    assert!(topics(record(&records, "notes/2026-02-04-market-day.txt")).is_empty());
}

#[test]
fn markdown_basic_keeps_stated_offsets_and_bare_dates() {
    let work = Work::case("markdown-basic");
    let records = work.extract();
    let dredging = record(&records, "harbour-dredging.md");
    assert_eq!(dredging["published"], "2026-02-02T09:15:00+05:30");
    let candidates = record(&records, "candidates-register.md");
    assert_eq!(candidates["published"], "2026-02-03");
    assert_eq!(candidates["format"], "markdown");
    let market = record(&records, "notes/2026-02-04-market-day.txt");
    assert_eq!(market["published"], "2026-02-04");
    assert_eq!(market["format"], "plain-text");
}

#[test]
fn markdown_basic_extract_matches_the_snapshot() {
    let work = Work::case("markdown-basic");
    let run = work.run(&["extract", "--jsonl", "-c", "content"]);
    run.expect_code(0);
    assert_eq!(run.stderr, "");
    insta::assert_snapshot!(run.stdout);
}

// timezone-edge

#[test]
fn digest_day_follows_the_site_time_zone() {
    let work = Work::case("timezone-edge");
    work.build("public", &["--strict"]).expect_code(0);
    let late = html_escape("Late evening report filed at 03:00 UTC");
    let feb28 = work.read("public/digest/2026-02-28/index.html");
    let mar01 = work.read("public/digest/2026-03-01/index.html");
    assert!(feb28.contains(&late), "{feb28}");
    assert!(
        feb28.contains("datetime=\"2026-02-28T22:00:00-05:00\""),
        "{feb28}"
    );
    assert!(!mar01.contains(&late), "{mar01}");
    // Local midnight is the start of the new day, and a bare date keeps its day.
    assert!(mar01.contains("Report filed at local midnight"), "{mar01}");
    assert!(
        mar01.contains("datetime=\"2026-03-01T00:00:00-05:00\""),
        "{mar01}"
    );
    assert!(mar01.contains("Report dated by day only"), "{mar01}");
    let records = work.extract();
    let r = record(&records, "late-evening.md");
    assert_eq!(r["published"], "2026-03-01T03:00:00Z");
    assert_eq!(r["published_day"], "2026-03-01");
}

#[test]
fn a_wall_time_skipped_by_daylight_saving_is_read_an_hour_later() {
    let work = Work::case("timezone-edge");
    work.build("public", &[]).expect_code(0);
    let page = work.read("public/digest/2026-03-08/index.html");
    assert!(page.contains("Report stamped inside the DST gap"), "{page}");
    assert!(
        page.contains("datetime=\"2026-03-08T03:30:00-04:00\""),
        "{page}"
    );
    let records = work.extract();
    // No offset stated: extract echoes the source as it is.
    assert_eq!(
        record(&records, "dst-gap.md")["published"],
        "2026-03-08T02:30:00"
    );
}

// oldest-first

/// Positions of the `## ` day headings in a Markdown page, and of the headlines in the HTML page.
fn timeline_order(work: &Work, out: &str) -> (Vec<String>, Vec<usize>) {
    let md = work.read(&format!("{out}/topics/bridge/index.md"));
    let headings = md
        .lines()
        .filter_map(|l| l.strip_prefix("## "))
        .map(str::to_string)
        .collect();
    let html = work.read(&format!("{out}/topics/bridge/index.html"));
    let positions = [
        "First: bridge closed",
        "Second: bridge cracks",
        "Third: bridge repair",
        "Fourth: bridge reopens",
    ]
    .iter()
    .map(|t| html.rfind(t).unwrap_or_else(|| panic!("{t} in {html}")))
    .collect();
    (headings, positions)
}

#[test]
fn oldest_first_switch_changes_the_day_order_on_topic_pages() {
    let work = Work::case("oldest-first");
    work.build("oldest", &["--format", "both"]).expect_code(0);
    let (headings, positions) = timeline_order(&work, "oldest");
    assert_eq!(
        headings,
        vec![
            "Monday 5 January 2026",
            "Wednesday 7 January 2026",
            "Friday 9 January 2026"
        ]
    );
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");

    let config = work.read("content/annals.toml");
    assert!(config.contains("timeline_order = \"oldest-first\""));
    work.write(
        "content/annals.toml",
        config.replace("oldest-first", "newest-first"),
    );
    work.build("newest", &["--format", "both"]).expect_code(0);
    let (headings, positions) = timeline_order(&work, "newest");
    assert_eq!(
        headings,
        vec![
            "Friday 9 January 2026",
            "Wednesday 7 January 2026",
            "Monday 5 January 2026"
        ]
    );
    // Days newest first, events within a day still in time order.
    assert!(
        positions[3] < positions[1] && positions[1] < positions[2] && positions[2] < positions[0],
        "{positions:?}"
    );
}

// template-override

#[test]
fn templates_next_to_the_config_override_by_name() {
    let work = Work::case("template-override");
    let run = work.build("public", &["--strict"]);
    run.expect_code(0);
    assert!(run.warnings().is_empty(), "{}", run.stderr);
    let list = work.read("public/digest/index.html");
    assert!(
        list.contains("Custom digest list for Override case"),
        "{list}"
    );
    assert!(list.contains("digest/2026-01-12/"), "{list}");
    let md_list = work.read("public/digest/_index.md");
    assert!(md_list.contains("Custom Markdown digest list"), "{md_list}");
    // The other templates are the built-in ones.
    let index = work.read("public/index.html");
    assert!(!index.contains("Custom digest list"), "{index}");
    assert!(index.contains("digest/2026-01-12/"), "{index}");
}

#[test]
fn templates_folder_is_not_read_as_articles() {
    let work = Work::case("template-override");
    let run = work.build("public", &["--strict"]);
    run.expect_code(0);
    assert!(
        run.stdout.contains("Read 1 article from content"),
        "{}",
        run.stdout
    );
    // The dated text file in templates/ would make a digest for 2026-01-01.
    assert_eq!(
        names(&work.path().join("public/digest")),
        vec!["2026-01-12", "_index.md", "atom.xml", "index.html"]
    );
    let records = work.extract();
    let paths: Vec<&str> = records
        .iter()
        .map(|r| r["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, vec!["ferry.md"]);
    let check = work.run(&["check", "--strict", "-c", "content"]);
    check.expect_code(0);
}

#[test]
fn templates_flag_overrides_from_any_folder() {
    let work = Work::case("markdown-basic");
    work.write(
        "my-templates/topic.html",
        "<h1>Flag template: {{ topic.link.name }}</h1>\n{% for d in days %}<p>{{ d.day.iso }}</p>{% endfor %}\n",
    );
    work.build(
        "public",
        &["--format", "html", "--templates", "my-templates"],
    )
    .expect_code(0);
    let page = work.read("public/topics/harbour-works/index.html");
    assert_eq!(
        page,
        "<h1>Flag template: Harbour works</h1>\n<p>2026-02-02</p>\n"
    );
    let digest = work.read("public/digest/2026-02-02/index.html");
    assert!(!digest.contains("Flag template"), "{digest}");
}

#[test]
fn templates_flag_wins_over_the_folder_next_to_the_config() {
    let work = Work::case("template-override");
    work.write("elsewhere/index.html", "Index from the flag folder\n");
    let run = work.build("public", &["--strict", "--templates", "elsewhere"]);
    run.expect_code(0);
    assert_eq!(
        work.read("public/index.html"),
        "Index from the flag folder\n"
    );
    let list = work.read("public/digest/index.html");
    assert!(!list.contains("Custom digest list"), "{list}");
    // content/templates/ is still not read as articles.
    assert!(
        run.stdout.contains("Read 1 article from content"),
        "{}",
        run.stdout
    );
}

// escaping

#[test]
fn article_markup_is_escaped_in_html() {
    let work = Work::case("escaping");
    work.build("public", &["--format", "html"]).expect_code(0);
    let files = tree(&work.path().join("public"));
    let mut pages_with_title = 0;
    for (path, bytes) in &files {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes.clone()).unwrap();
        // The site's own script tag is the one allowed.
        let own = format!(
            "<script src=\"{}annals.js\" defer></script>",
            "../".repeat(path.matches('/').count())
        );
        let html = html.replace(&own, "");
        assert!(
            !html.to_ascii_lowercase().contains("<script"),
            "{path}:\n{html}"
        );
        assert!(!html.contains("<img"), "{path}:\n{html}");
        assert!(!html.contains("<b>"), "{path}:\n{html}");
        let lower = html.to_ascii_lowercase();
        assert!(!lower.contains("javascript:"), "{path}:\n{html}");
        assert!(
            !html.contains("&lt;/script&gt; 49") && !html.contains("summary 49"),
            "{path}: a template expression in article text ran"
        );
        if html
            .contains("&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} {% if true %}yes{% endif %}")
        {
            pages_with_title += 1;
        }
    }
    // The topic page, the digest page and the index (latest headline) show the title.
    assert!(pages_with_title >= 2, "{pages_with_title}");
    let digest = work.read("public/digest/2026-02-01/index.html");
    for text in [
        "&lt;script&gt;alert(2)&lt;/script&gt; summary {{ 7*7 }}",
        "&lt;script&gt;alert(3)&lt;/script&gt; Outlet",
        "&lt;img src=x onerror=alert(4)&gt;",
        "&lt;script&gt;alert(5)&lt;/script&gt;",
        "Second {{ 7*7 }} &lt;b&gt;bold&lt;/b&gt;",
        "&lt;script&gt;alert(8)&lt;/script&gt;",
    ] {
        assert!(digest.contains(text), "{text} in {digest}");
    }
}

#[test]
fn javascript_urls_are_not_links() {
    let work = Work::case("escaping");
    work.build("public", &["--format", "both"]).expect_code(0);
    for (path, bytes) in tree(&work.path().join("public")) {
        let text = String::from_utf8(bytes).unwrap().to_ascii_lowercase();
        assert!(!text.contains("href=\"javascript:"), "{path}");
        assert!(!text.contains("javascript:"), "{path}:\n{text}");
        assert!(!text.contains("](<javascript"), "{path}");
    }
}

#[test]
fn article_markup_is_escaped_in_markdown() {
    let work = Work::case("escaping");
    work.build("public", &["--format", "markdown"])
        .expect_code(0);
    let all = markdown_files(&work.path().join("public"));
    assert!(!all.to_ascii_lowercase().contains("<script"), "{all}");
    assert!(!all.contains("<img"), "{all}");
    assert!(all.contains("\\{\\{ 7\\*7 \\}\\}"), "{all}");
    assert!(!all.contains(" 49"), "{all}");
    // The front matter still carries the text unchanged, as data.
    let page = work.read("public/digest/2026-02-01/index.md");
    let (front, body) = split_front_matter(&page);
    let table: toml::Table = toml::from_str(front).unwrap();
    assert_eq!(
        table["taxonomies"]["topics"][0].as_str(),
        Some("<script>alert(5)</script>")
    );
    assert!(
        body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{body}"
    );
    assert_eq!(count(body, "alert(1)"), 1, "{body}");
}
