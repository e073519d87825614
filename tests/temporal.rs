//! When things happened, end to end: the "Key dates" summary on long topics' pages, an event's
//! day when it differs from the day it was reported, and `annals timeline` in its four formats,
//! with the bad input it must survive (one article, empty articles, far dates, no date).

mod common;

use common::Work;

/// Tags that never close in HTML.
const VOID: &[&str] = &["meta", "link", "br", "img", "hr", "input", "source", "wbr"];

/// Checks that every opened element is closed in order (a well-nested page).
fn assert_well_nested(html: &str) {
    let mut stack: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        let end = rest.find('>').expect("unclosed tag");
        let tag = &rest[..end];
        rest = &rest[end + 1..];
        if tag.starts_with('!') || tag.ends_with('/') {
            continue;
        }
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if VOID.contains(&name.as_str()) {
            continue;
        }
        if tag.starts_with('/') {
            let open = stack.pop();
            assert_eq!(
                open.as_deref(),
                Some(name.as_str()),
                "</{name}> closes {open:?}"
            );
        } else {
            stack.push(name);
        }
    }
    assert!(stack.is_empty(), "never closed: {stack:?}");
}

#[test]
fn long_topics_show_key_dates_before_the_event_log() {
    let work = Work::case("key-dates");
    work.build("public", &["--strict"]).expect_code(0);
    let page = work.read("public/topics/old-bridge/index.html");
    assert_well_nested(&page);
    let key = page
        .find("<section class=\"key-dates\"")
        .expect("no key dates");
    let log = page.find("<div class=\"timeline\">").expect("no event log");
    assert!(key < log, "key dates come first");
    let section = &page[key..log];
    assert_eq!(section.matches("<li>").count(), 3, "{section}");
    assert!(section.contains("datetime=\"2026-03-01\""), "{section}");
    assert!(section.contains("datetime=\"2026-03-03\""), "{section}");
    // Every sentence links to its event on the same page.
    for link in section.split("href=\"#").skip(1) {
        let anchor = &link[..link.find('"').unwrap()];
        assert!(
            page.contains(&format!("id=\"{anchor}\"")),
            "no event {anchor}"
        );
    }
    let markdown = work.read("public/topics/old-bridge/index.md");
    let key = markdown
        .find("## Key dates")
        .expect("no key dates in Markdown");
    assert!(key < markdown.find("## Wednesday 11 March 2026").unwrap());
}

#[test]
fn events_show_when_they_happened_and_when_they_were_reported() {
    let work = Work::case("key-dates");
    work.build("public", &[]).expect_code(0);
    let page = work.read("public/topics/old-bridge/index.html");
    assert!(
        page.contains("Happened <time datetime=\"2026-03-01\">1 Mar 2026</time> · reported <time datetime=\"2026-03-02\">2 Mar 2026</time>"),
        "{page}"
    );
    // The event sits on the timeline under the day it happened.
    let day = page
        .find("id=\"d-2026-03-01\"")
        .expect("no heading for 1 March");
    assert!(page[day..].contains("Cracks found in the old bridge"));
    // Its digest stays on the day it was reported.
    let digest = work.read("public/digest/2026-03-02/index.html");
    assert!(digest.contains("Cracks found in the old bridge"));
    let markdown = work.read("public/topics/old-bridge/index.md");
    assert!(markdown.contains("(happened 1 Mar 2026, reported 2 Mar 2026)"));
    // An event whose text names only its own day shows no second date.
    assert_eq!(page.matches("class=\"when\"").count(), 1, "{page}");
}

#[test]
fn timeline_prints_tilse_markdown_html_and_json() {
    let work = Work::case("key-dates");
    let args = |format: &'static str| {
        vec![
            "timeline",
            "--content",
            "content",
            "--topic",
            "old-bridge",
            "--dates",
            "2",
            "--sentences",
            "1",
            "--format",
            format,
        ]
    };
    let tilse = work.run(&args("tilse"));
    tilse.expect_code(0);
    let lines: Vec<&str> = tilse.stdout.lines().collect();
    assert_eq!(lines.len(), 6, "{}", tilse.stdout);
    assert_eq!(lines[0], "2026-03-01");
    assert_eq!(lines[2], "-".repeat(32));
    assert_eq!(lines[3], "2026-03-03");

    let json = work.run(&args("json"));
    json.expect_code(0);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(value["topic"], "Old bridge closure");
    assert_eq!(value["key_dates"][1]["day"], "2026-03-03");
    assert!(value["key_dates"][1]["mentioned_by"].as_u64().unwrap() >= 5);
    assert!(value["key_dates"][0]["sentences"][0]["source"].is_string());

    let html = work.run(&args("html"));
    html.expect_code(0);
    assert_well_nested(&html.stdout);
    assert!(html.stdout.contains("<time datetime=\"2026-03-03\">"));

    let markdown = work.run(&args("markdown"));
    markdown.expect_code(0);
    assert!(
        markdown
            .stdout
            .starts_with("# Key dates: Old bridge closure\n")
    );
    assert!(markdown.stdout.contains("## Tuesday 3 March 2026"));
}

#[test]
fn single_topic_mode_needs_no_config_and_keeps_to_the_span() {
    let work = Work::empty();
    let lines = [
        r#"{"id": "a", "time": "2010-04-21", "text": "The Deepwater Horizon rig exploded yesterday in the Gulf of Mexico, killing eleven workers."}"#,
        r#"{"id": "b", "time": "2010-04-23", "text": "The rig sank on Thursday, two days after the explosion of 20 April. Oil began to leak from the well."}"#,
        r#"{"id": "c", "time": "2010-05-03", "text": "Oil from the well that blew out on 20 April reached the coast of Louisiana on Friday."}"#,
        r#"{"id": "d", "time": "2010-06-01", "text": "BP began a new attempt to cap the leaking well, six weeks after the blowout of 20 April."}"#,
    ];
    work.write("content/articles.jsonl", lines.join("\n"));
    let run = work.run(&[
        "timeline",
        "--content",
        "content",
        "--single-topic",
        "bpoil",
        "--terms",
        "bp,oil,spill",
        "--from",
        "2010-04-20",
        "--to",
        "2010-05-10",
        "--dates",
        "3",
        "--sentences",
        "1",
        "--format",
        "json",
    ]);
    run.expect_code(0);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(value["articles"], 3, "the June article is outside the span");
    let days: Vec<&str> = value["key_dates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["day"].as_str().unwrap())
        .collect();
    assert_eq!(days[0], "2010-04-20", "{days:?}");
    assert!(
        days.iter()
            .all(|d| ("2010-04-20".."2010-05-11").contains(d)),
        "{days:?}"
    );
    assert_eq!(value["terms"][2], "spill");
}

#[test]
fn timeline_survives_bad_input_with_clear_messages() {
    let work = Work::empty();
    // One article, far dates, an article with no text, and one without a date.
    work.write(
        "content/articles.jsonl",
        [
            r#"{"id": "far", "time": "2010-04-21", "text": "The abbey, founded in 1066, will stand until 2099, the monks said on 5 March 2099 and yesterday."}"#,
            r#"{"id": "empty", "time": "2010-04-22", "title": "Photo gallery", "text": ""}"#,
            r#"{"id": "undated", "text": "Nobody knows when this was written, but it says yesterday."}"#,
        ]
        .join("\n"),
    );
    let args = [
        "timeline",
        "--content",
        "content",
        "--single-topic",
        "abbey",
        "--format",
        "tilse",
    ];
    let run = work.run(&args);
    run.expect_code(0);
    assert!(run.stdout.starts_with("2010-04-20\n"), "{}", run.stdout);
    let date_lines = run
        .stdout
        .lines()
        .filter(|l| l.len() == 10 && l.as_bytes()[4] == b'-');
    assert!(date_lines.clone().count() >= 1);
    assert!(
        date_lines.into_iter().all(|l| l.starts_with("2010-")),
        "{}",
        run.stdout
    );
    let warnings = run.warnings().join("\n");
    assert!(
        warnings.contains("\"empty\" has no sentences"),
        "{warnings}"
    );
    assert!(warnings.contains("no date"), "{warnings}");

    let only_one = work.run(&[
        "timeline",
        "--content",
        "content",
        "--single-topic",
        "abbey",
        "--to",
        "2010-04-21",
    ]);
    only_one.expect_code(0);
    assert!(
        only_one.stderr.contains("has only one article"),
        "{}",
        only_one.stderr
    );

    let unknown = work.run(&["timeline", "--content", "content", "--topic", "nope"]);
    unknown.expect_code(1);
    assert!(
        unknown.stderr.contains("no topic \"nope\""),
        "{}",
        unknown.stderr
    );
    let backwards = work.run(&[
        "timeline",
        "--content",
        "content",
        "--single-topic",
        "x",
        "--from",
        "2010-05-01",
        "--to",
        "2010-04-01",
    ]);
    backwards.expect_code(1);
    assert!(
        backwards.stderr.contains("is after --to"),
        "{}",
        backwards.stderr
    );
    let neither = work.run(&["timeline", "--content", "content"]);
    neither.expect_code(2);
}
