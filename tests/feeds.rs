//! Feeds and exports: the Atom feeds parse back with feed-rs, `timeline.json` has the shape
//! TimelineJS 3 documents, and `events.jsonl` lists every event. The `feeds` case holds hostile
//! article text, a day-only event and one that happened the day before it was reported, and has
//! no `base_url`; the shipped sample has one.

mod common;

use common::{Work, parse_jsonl};
use feed_rs::model::{Feed, FeedType};
use serde_json::Value;
use std::collections::BTreeSet;

const BASE: &str = "https://example.org/annals/";

/// Parses an Atom file, as if fetched from `url` (relative links resolve against it).
fn parse_feed(work: &Work, rel: &str, url: Option<&str>) -> Feed {
    let text = work.read(rel);
    if let Some(bad) = text.chars().find(|&c| {
        !(matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}'))
    }) {
        panic!("{rel} holds {bad:?}, which XML 1.0 forbids");
    }
    let feed = feed_rs::parser::Builder::new()
        .base_uri(url)
        .sanitize_content(false)
        .build()
        .parse(text.as_bytes())
        .unwrap_or_else(|e| panic!("{rel} does not parse: {e}\n{text}"));
    assert_eq!(feed.feed_type, FeedType::Atom, "{rel}");
    feed
}

fn alternate(links: &[feed_rs::model::Link]) -> &str {
    &links
        .iter()
        .find(|l| l.rel.as_deref() == Some("alternate"))
        .expect("an alternate link")
        .href
}

/// Checks what every feed must have: a tag id, stable entry ids, newest first, `updated` the
/// latest entry's.
fn check_feed(rel: &str, feed: &Feed, id_prefix: &str) {
    assert!(feed.id.starts_with(id_prefix), "{rel}: id {}", feed.id);
    assert!(
        feed.title.as_ref().is_some_and(|t| !t.content.is_empty()),
        "{rel}"
    );
    let ids: BTreeSet<&str> = feed.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), feed.entries.len(), "{rel}: entry ids repeat");
    assert!(ids.iter().all(|id| id.starts_with(id_prefix)), "{rel}");
    let published: Vec<_> = feed.entries.iter().map(|e| e.published.unwrap()).collect();
    assert!(
        published.windows(2).all(|w| w[0] >= w[1]),
        "{rel}: not newest first: {published:?}"
    );
    let latest = feed.entries.iter().map(|e| e.updated.unwrap()).max();
    assert_eq!(
        feed.updated, latest,
        "{rel}: updated is not the latest entry's"
    );
}

fn events_of(work: &Work, out: &str) -> Vec<Value> {
    parse_jsonl(&work.read(&format!("{out}/events.jsonl")))
}

#[test]
fn site_topic_and_digest_feeds_parse_back_with_feed_rs() {
    let work = Work::shipped();
    work.build("public", &[]).expect_code(0);
    let events = events_of(&work, "public");
    assert_eq!(events.len(), 18);
    let prefix = "tag:example.org,2026:/annals/";

    let site = parse_feed(&work, "public/atom.xml", None);
    check_feed("atom.xml", &site, prefix);
    assert_eq!(site.entries.len(), events.len());
    assert_eq!(site.title.as_ref().unwrap().content, "Annals sample");
    // The newest event is in no topic: it links to its digest day.
    assert_eq!(
        alternate(&site.entries[0].links),
        format!("{BASE}digest/2026-02-12/#e-culture-library-reopens")
    );
    let newest = site.entries[1].clone();
    assert_eq!(
        alternate(&newest.links),
        format!("{BASE}topics/us-iran-negotiations/#e-iran-tehran-sanctions-relief")
    );
    assert!(
        newest
            .categories
            .iter()
            .any(|c| c.term == "us-iran-negotiations"),
        "{:?}",
        newest.categories
    );

    let slugs: BTreeSet<&str> = events
        .iter()
        .flat_map(|e| e["topics"].as_array().unwrap())
        .map(|t| t.as_str().unwrap())
        .collect();
    assert_eq!(slugs.len(), 3);
    for slug in slugs {
        let rel = format!("public/topics/{slug}/atom.xml");
        let feed = parse_feed(&work, &rel, None);
        check_feed(&rel, &feed, prefix);
        let count = events
            .iter()
            .filter(|e| e["topics"].as_array().unwrap().iter().any(|t| t == slug))
            .count();
        assert_eq!(feed.entries.len(), count, "{rel}");
        for entry in &feed.entries {
            assert!(
                alternate(&entry.links).starts_with(&format!("{BASE}topics/{slug}/#e-")),
                "{rel}: {:?}",
                entry.links
            );
            // The same event is the same entry in the site feed.
            assert!(
                site.entries.iter().any(|e| e.id == entry.id),
                "{}",
                entry.id
            );
        }
    }

    let digest = parse_feed(&work, "public/digest/atom.xml", None);
    check_feed("digest/atom.xml", &digest, prefix);
    assert_eq!(digest.entries.len(), 10, "one entry per day");
    let first = &digest.entries[0];
    assert_eq!(
        first.title.as_ref().unwrap().content,
        "Thursday 12 February 2026"
    );
    assert_eq!(alternate(&first.links), format!("{BASE}digest/2026-02-12/"));
    let body = first.content.as_ref().unwrap().body.as_ref().unwrap();
    assert!(body.contains("Tehran says sanctions relief"), "{body}");
}

#[test]
fn feeds_keep_hostile_text_as_text_in_valid_xml() {
    let work = Work::case("feeds");
    work.build("public", &["--strict"]).expect_code(0);
    let feed = parse_feed(&work, "public/topics/harbour-works/atom.xml", None);
    check_feed("topic feed", &feed, "tag:annals.invalid,2026:/");
    assert_eq!(
        feed.title.as_ref().unwrap().content,
        "Harbour works · Feeds & <Exports>"
    );
    let ports = feed
        .entries
        .iter()
        .find(|e| e.id.ends_with("/event/ports-reopen"))
        .expect("the ports entry");
    assert_eq!(
        ports.title.as_ref().unwrap().content,
        "Ports & <b>docks</b> ]]> reopen after repairs"
    );
    assert_eq!(
        ports.summary.as_ref().unwrap().content,
        "The port authority said </content> the docks & quays were open again ]]> today."
    );
    let html = ports.content.as_ref().unwrap().body.as_ref().unwrap();
    assert!(
        html.contains("said &lt;/content&gt; the docks &amp; quays"),
        "{html}"
    );
    assert!(
        html.contains(
            "<a href=\"https://example.org/ports?x=1&amp;y=2\">Quay &amp; Co &lt;Ltd&gt;</a>"
        ),
        "{html}"
    );
}

#[test]
fn relative_feed_links_resolve_from_where_the_feed_is_served() {
    let work = Work::case("feeds");
    work.build("public", &[]).expect_code(0);
    let at = "https://host.test/site/";
    for (rel, page, entry) in [
        (
            "atom.xml",
            "",
            "digest/2026-03-04/#e-library-hours", // in no topic: its digest day
        ),
        (
            "topics/harbour-works/atom.xml",
            "topics/harbour-works/",
            "topics/harbour-works/#e-crane-collapse",
        ),
        (
            "digest/atom.xml",
            "digest/",
            "digest/2026-03-05/", // the newest day
        ),
    ] {
        let feed = parse_feed(&work, &format!("public/{rel}"), Some(&format!("{at}{rel}")));
        let self_link = feed
            .links
            .iter()
            .find(|l| l.rel.as_deref() == Some("self"))
            .unwrap();
        assert_eq!(self_link.href, format!("{at}{rel}"));
        assert_eq!(alternate(&feed.links), format!("{at}{page}"), "{rel}");
        let hrefs: Vec<&str> = feed.entries.iter().map(|e| alternate(&e.links)).collect();
        assert!(
            hrefs.contains(&format!("{at}{entry}").as_str()),
            "{rel}: {hrefs:?}"
        );
    }
}

#[test]
fn feeds_hold_the_newest_fifty_events() {
    let work = Work::empty();
    // Every report its own event.
    work.write(
        "content/annals.toml",
        "[discover]\nenabled = false\nmerge_coverage = false\n",
    );
    for day in 1..=28 {
        for hour in [8, 16] {
            work.write(
                &format!("content/2026-02-{day:02}-{hour}.md"),
                format!(
                    "+++\ntitle = \"Report {day} at {hour}\"\ndate = 2026-02-{day:02}T{hour:02}:00:00Z\n+++\nText {day} {hour}.\n"
                ),
            );
        }
    }
    work.build("public", &[]).expect_code(0);
    let feed = parse_feed(&work, "public/atom.xml", None);
    assert_eq!(feed.entries.len(), 50);
    assert_eq!(
        feed.entries[0].title.as_ref().unwrap().content,
        "Report 28 at 16"
    );
    // 56 reports: the six oldest (1, 2 and 3 February) are left out.
    assert_eq!(
        feed.entries[49].title.as_ref().unwrap().content,
        "Report 4 at 8"
    );
}

#[test]
fn every_page_links_the_site_feed_and_topic_pages_their_own() {
    let work = Work::case("feeds");
    work.build("public", &[]).expect_code(0);
    let alternate = |href: &str| {
        format!("<link rel=\"alternate\" type=\"application/atom+xml\" href=\"{href}\"")
    };
    let index = work.read("public/index.html");
    assert!(index.contains(&alternate("atom.xml")), "{index}");
    assert!(index.contains("href=\"atom.xml\">Atom feed</a>"), "{index}");
    let topic = work.read("public/topics/harbour-works/index.html");
    assert!(topic.contains(&alternate("../../atom.xml")), "{topic}");
    assert!(
        topic.contains(&alternate("../../topics/harbour-works/atom.xml")),
        "{topic}"
    );
    assert!(
        topic.contains("href=\"../../topics/harbour-works/timeline.json\""),
        "{topic}"
    );
    let digest = work.read("public/digest/2026-03-04/index.html");
    assert!(
        digest.contains(&alternate("../../digest/atom.xml")),
        "{digest}"
    );
}

/// Checks a TimelineJS 3 document against the documented JSON format: a title slide and
/// events whose `start_date` has a year and finer fields only under coarser ones.
fn check_timelinejs(rel: &str, doc: &Value) {
    let top: BTreeSet<&str> = doc
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert!(
        top.is_subset(&BTreeSet::from(["title", "events", "eras", "scale"])),
        "{rel}: {top:?}"
    );
    assert!(doc["title"]["text"]["headline"].is_string(), "{rel}");
    assert!(doc["title"]["text"]["text"].is_string(), "{rel}");
    let events = doc["events"].as_array().expect("events");
    assert!(!events.is_empty(), "{rel}");
    let slide_keys = BTreeSet::from([
        "start_date",
        "end_date",
        "text",
        "media",
        "group",
        "display_date",
        "background",
        "autolink",
        "unique_id",
    ]);
    let date_keys = BTreeSet::from([
        "year",
        "month",
        "day",
        "hour",
        "minute",
        "second",
        "millisecond",
        "display_date",
        "format",
    ]);
    for event in events {
        let keys: BTreeSet<&str> = event
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert!(keys.is_subset(&slide_keys), "{rel}: {keys:?}");
        assert!(event["text"]["headline"].is_string(), "{rel}: {event}");
        assert!(event["text"]["text"].is_string(), "{rel}: {event}");
        let date = event["start_date"].as_object().expect("start_date");
        let keys: BTreeSet<&str> = date.keys().map(String::as_str).collect();
        assert!(keys.is_subset(&date_keys), "{rel}: {keys:?}");
        assert!(date["year"].is_i64(), "{rel}: year is required: {event}");
        for (finer, coarser, range) in [
            ("month", "year", 1..=12),
            ("day", "month", 1..=31),
            ("hour", "day", 0..=23),
            ("minute", "hour", 0..=59),
        ] {
            if let Some(value) = date.get(finer) {
                assert!(
                    date.contains_key(coarser),
                    "{rel}: {finer} without {coarser}"
                );
                let value = value.as_u64().expect("a number");
                assert!(range.contains(&value), "{rel}: {finer} {value}");
            }
        }
    }
}

#[test]
fn timeline_json_has_the_timelinejs_shape_and_real_precision() {
    let work = Work::case("feeds");
    work.build("public", &[]).expect_code(0);
    let rel = "public/topics/harbour-works/timeline.json";
    let doc: Value = serde_json::from_str(&work.read(rel)).unwrap();
    check_timelinejs(rel, &doc);
    assert_eq!(doc["title"]["text"]["headline"], "Harbour works");
    assert_eq!(
        doc["title"]["text"]["text"],
        "<p>Works in the &lt;old&gt; harbour &amp; docks.</p>"
    );
    let events = doc["events"].as_array().unwrap();
    let dates: Vec<&Value> = events.iter().map(|e| &e["start_date"]).collect();
    // A stated time, in the site time zone (Europe/Berlin, UTC+1 in March).
    assert_eq!(
        dates[0],
        &serde_json::json!({"year": 2026, "month": 3, "day": 2, "hour": 10, "minute": 30,
            "display_date": "2 March 2026, 10:30 CET"})
    );
    // A day-only source: no hour.
    assert_eq!(
        dates[1],
        &serde_json::json!({"year": 2026, "month": 3, "day": 3, "display_date": "3 March 2026"})
    );
    // Reported on the 5th, happened "yesterday": the day it happened, and no time.
    assert_eq!(
        dates[2],
        &serde_json::json!({"year": 2026, "month": 3, "day": 4, "display_date": "4 March 2026"})
    );
    let ports = &events[0]["text"];
    assert_eq!(
        ports["headline"],
        "Ports &amp; &lt;b&gt;docks&lt;/b&gt; ]]&gt; reopen after repairs"
    );
    let text = ports["text"].as_str().unwrap();
    assert!(
        text.contains("<a href=\"https://example.org/ports?x=1&amp;y=2\""),
        "{text}"
    );
    assert!(text.contains("Quay &amp; Co &lt;Ltd&gt;</a>"), "{text}");
    assert_eq!(events[0]["unique_id"], "e-ports-reopen");
    // No discovered stories inside the topic: no groups.
    assert!(events.iter().all(|e| e.get("group").is_none()));
}

#[test]
fn shipped_timelines_have_the_timelinejs_shape() {
    let work = Work::shipped();
    work.build("public", &[]).expect_code(0);
    for slug in [
        "us-iran-negotiations",
        "winter-storms-europe",
        "ecb-interest-rates",
    ] {
        let rel = format!("public/topics/{slug}/timeline.json");
        let doc: Value = serde_json::from_str(&work.read(&rel)).unwrap();
        check_timelinejs(&rel, &doc);
    }
}

#[test]
fn events_jsonl_lists_every_event_with_topics_sources_and_dates() {
    let work = Work::case("feeds");
    work.build("public", &[]).expect_code(0);
    let events = events_of(&work, "public");
    let ids: Vec<&str> = events.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        vec![
            "ports-reopen",
            "dredging-starts",
            "library-hours",
            "crane-collapse"
        ]
    );
    let crane = &events[3];
    assert_eq!(crane["happened"], "2026-03-04");
    assert_eq!(crane["reported"], "2026-03-05");
    assert_eq!(crane["published"], "2026-03-05T07:00:00Z");
    assert_eq!(crane["topics"], serde_json::json!(["harbour-works"]));
    assert_eq!(
        crane["sources"],
        serde_json::json!([{"outlet": "Harbour Herald", "url": "https://example.org/crane",
            "title": "A crane collapsed at the harbour yesterday, the port authority said",
            "path": "crane-collapse.md"}])
    );
    assert_eq!(events[0]["happened"], "2026-03-02T10:30:00+01:00");
    assert_eq!(events[1]["published"], "2026-03-03");
    let library = &events[2];
    assert_eq!(library["topics"], serde_json::json!([]));
    assert!(library["entities"].is_array());
    // Every permalink points at an anchor on the page it names.
    for event in &events {
        let permalink = event["permalink"].as_str().unwrap();
        let (page, anchor) = permalink.split_once('#').unwrap();
        let html = work.read(&format!("public/{page}index.html"));
        assert!(html.contains(&format!("id=\"{anchor}\"")), "{permalink}");
    }
}

#[test]
fn markdown_only_builds_write_the_exports_but_no_feeds() {
    let work = Work::case("feeds");
    work.build("public", &["--format", "markdown"])
        .expect_code(0);
    let out = work.path().join("public");
    assert!(!out.join("atom.xml").exists());
    assert!(!out.join("topics/harbour-works/atom.xml").exists());
    assert!(out.join("events.jsonl").is_file());
    assert!(out.join("topics/harbour-works/timeline.json").is_file());
}

#[test]
fn timelinejs_embed_is_off_by_default_and_on_when_asked() {
    let work = Work::case("feeds");
    work.build("off", &[]).expect_code(0);
    let page = work.read("off/topics/harbour-works/index.html");
    // The site's own filter script is the only script a topic page loads by default.
    let scripts: Vec<&str> = page
        .match_indices("<script")
        .map(|(i, _)| &page[i..])
        .collect();
    assert_eq!(scripts.len(), 1, "{page}");
    assert!(
        scripts[0].starts_with("<script src=\"../../annals.js\""),
        "{page}"
    );
    assert!(!page.contains("knightlab"), "{page}");
    assert!(!page.contains("TL.Timeline"), "{page}");

    let config = work.read("content/annals.toml");
    work.write(
        "content/annals.toml",
        config.replace("[site]\n", "[site]\ntimelinejs_embed = true\n"),
    );
    work.build("on", &[]).expect_code(0);
    let page = work.read("on/topics/harbour-works/index.html");
    assert!(
        page.contains("https://cdn.knightlab.com/libs/timeline3/latest/js/timeline.js"),
        "{page}"
    );
    assert!(
        page.contains(
            "new TL.Timeline(\"timeline-embed\", \"../../topics/harbour-works/timeline.json\")"
        ),
        "{page}"
    );
    assert!(!work.read("on/index.html").contains("knightlab"));
}

#[test]
fn a_user_atom_template_overrides_the_built_in_one() {
    let work = Work::case("feeds");
    work.write(
        "content/templates/atom.xml",
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><id>{{ id }}</id><title>Custom {{ kind }}: {{ title }}</title><updated>{{ updated }}</updated>{% for e in entries %}<entry><id>{{ e.id }}</id><title>{{ e.title }}</title><updated>{{ e.updated }}</updated></entry>{% endfor %}</feed>\n",
    );
    work.build("public", &[]).expect_code(0);
    let feed = parse_feed(&work, "public/topics/harbour-works/atom.xml", None);
    assert_eq!(
        feed.title.unwrap().content,
        "Custom topic: Harbour works · Feeds & <Exports>"
    );
    assert_eq!(feed.entries.len(), 3);
}
