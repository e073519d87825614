//! The archive pages, the search index and page, topic filter data, and permalink stability:
//! a site rebuilt after articles are added keeps every topic, digest, archive and event URL it
//! had before.

mod common;

use common::{Work, count, tree};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

fn built_sample() -> Work {
    let work = Work::shipped();
    work.build("public", &["--format", "both"]).expect_code(0);
    work
}

/// Every `href="…"` of a page.
fn hrefs(page: &str) -> Vec<&str> {
    page.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect()
}

/// Every `id="…"` of a page.
fn ids(page: &str) -> BTreeSet<String> {
    page.split(" id=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_string)
        .collect()
}

#[test]
fn archive_index_lists_years_and_months_with_counts() {
    let work = built_sample();
    let page = work.read("public/archive/index.html");
    assert!(hrefs(&page).contains(&"../archive/2026/"), "{page}");
    assert!(hrefs(&page).contains(&"../archive/2026/02/"), "{page}");
    assert!(page.contains("February 2026"), "{page}");
    // The sample has 18 events on 10 days, all in February 2026.
    assert_eq!(count(&page, "10 days · 18 events"), 2, "{page}");
    let markdown = work.read("public/archive/_index.md");
    assert!(
        markdown.contains("[February 2026](../archive/2026/02/)"),
        "{markdown}"
    );
}

#[test]
fn month_page_lists_every_digest_of_the_month_and_the_active_topics() {
    let work = built_sample();
    let page = work.read("public/archive/2026/02/index.html");
    let links = hrefs(&page);
    let digests: Vec<String> = tree(&work.path().join("public/digest"))
        .keys()
        .filter_map(|p| p.strip_suffix("/index.html").map(str::to_string))
        .collect();
    assert_eq!(digests.len(), 10, "{digests:?}");
    for day in &digests {
        let href = format!("../../../digest/{day}/");
        assert!(links.contains(&href.as_str()), "{href} missing:\n{page}");
    }
    for (slug, events) in [
        ("us-iran-negotiations", 7),
        ("winter-storms-europe", 5),
        ("ecb-interest-rates", 4),
    ] {
        let href = format!("href=\"../../../topics/{slug}/\"");
        let at = page
            .find(&href)
            .unwrap_or_else(|| panic!("{slug} not listed:\n{page}"));
        let card = &page[at..at + page[at..].find("</li>").unwrap()];
        assert!(card.contains(&format!("{events} events")), "{card}");
    }
    assert!(page.contains("2 other events in no topic"), "{page}");
    // The year page links the month and lists the same topics.
    let year = work.read("public/archive/2026/index.html");
    assert!(hrefs(&year).contains(&"../../archive/2026/02/"), "{year}");
    assert_eq!(count(&year, "class=\"topic-card\""), 3, "{year}");
    assert!(
        work.path()
            .join("public/archive/2026/02/_index.md")
            .is_file()
    );
}

#[test]
fn every_page_links_the_archive_and_has_a_search_form_that_works_without_script() {
    let work = built_sample();
    let files = tree(&work.path().join("public"));
    let pages: Vec<(&String, String)> = files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p, String::from_utf8(b.clone()).unwrap()))
        .collect();
    assert!(pages.len() > 20);
    for (path, page) in pages {
        let root = "../".repeat(path.matches('/').count());
        assert!(
            page.contains(&format!("<a href=\"{root}archive/\">Archive</a>")),
            "{path}"
        );
        assert!(
            page.contains(&format!(
                "<form class=\"site-search\" action=\"{root}search/\" method=\"get\""
            )),
            "{path}"
        );
        assert!(page.contains("name=\"q\""), "{path}");
    }
    // Search has no Markdown twin: it needs its script and index.
    assert!(
        !files
            .keys()
            .any(|p| p.starts_with("search/") && p.ends_with(".md"))
    );
}

#[test]
fn search_index_holds_every_topic_and_event_with_links_that_resolve() {
    let work = built_sample();
    let text = work.read("public/search-index.json");
    let index: Value = serde_json::from_str(&text).unwrap();
    let topics = index["topics"].as_array().unwrap();
    let events = index["events"].as_array().unwrap();
    assert_eq!(topics.len(), 3);
    assert_eq!(events.len(), 18);
    let mut pages: BTreeMap<String, String> = BTreeMap::new();
    for entry in topics.iter().chain(events) {
        for key in ["t", "s", "d", "u"] {
            assert!(entry[key].is_string(), "{key} in {entry}");
        }
        let url = entry["u"].as_str().unwrap();
        let (dir, anchor) = url.split_once('#').unwrap_or((url, ""));
        let page = pages
            .entry(dir.to_string())
            .or_insert_with(|| work.read(&format!("public/{dir}index.html")));
        if !anchor.is_empty() {
            assert!(ids(page).contains(anchor), "{url} has no target");
        }
    }
    for event in events {
        let snippet = event["s"].as_str().unwrap();
        assert!(snippet.chars().count() <= 161, "{snippet}");
        assert_eq!(event["d"].as_str().unwrap().len(), 10);
    }
    // Days in order, as built: the same input gives the same bytes.
    let days: Vec<&str> = events.iter().map(|e| e["d"].as_str().unwrap()).collect();
    let mut sorted = days.clone();
    sorted.sort();
    assert_eq!(days, sorted);
    let again = Work::shipped();
    again.build("public", &[]).expect_code(0);
    assert_eq!(again.read("public/search-index.json"), text);
}

#[test]
fn search_index_keeps_hostile_text_as_data() {
    let work = Work::case("escaping");
    work.build("public", &["--format", "html"]).expect_code(0);
    let text = work.read("public/search-index.json");
    // The index is a file of its own, fetched and parsed as JSON, never inlined into a page:
    // what matters is that hostile text is a JSON string and comes back unchanged.
    let index: Value = serde_json::from_str(&text).unwrap();
    let titles: Vec<&str> = index["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["t"].as_str().unwrap())
        .collect();
    assert!(
        titles
            .iter()
            .any(|t| t.contains("<script>alert(1)</script>")),
        "{titles:?}"
    );
    let script = work.read("public/annals.js");
    assert!(
        !script.contains("innerHTML"),
        "results go in with textContent"
    );
    let search = work.read("public/search/index.html");
    assert!(search.contains("data-index=\"../search-index.json\""));
    assert!(search.contains("<script src=\"../annals.js\" defer></script>"));
    assert!(search.contains("<noscript>"));
}

#[test]
fn topic_events_carry_day_outlet_and_entity_data_for_the_filters() {
    let work = built_sample();
    let page = work.read("public/topics/us-iran-negotiations/index.html");
    let events: Vec<&str> = page
        .split("<article class=\"event")
        .skip(1)
        .map(|rest| &rest[..rest.find('>').unwrap()])
        .collect();
    assert_eq!(events.len(), 7);
    for event in &events {
        let day = event.split("data-day=\"").nth(1).unwrap();
        assert!(
            day.as_bytes()[4] == b'-' && day.as_bytes()[10] == b'"',
            "{event}"
        );
        assert!(event.contains("data-outlets=\""), "{event}");
        assert!(event.contains("data-entities=\""), "{event}");
    }
    assert!(
        events
            .iter()
            .any(|e| e.contains("data-outlets=\"gulf-report\"")),
        "{events:?}"
    );
    assert!(page.contains("<ul class=\"filter-facets\" hidden>"));
    assert!(page.contains("data-facet=\"outlet\" data-value=\"gulf-report\""));
    assert!(page.contains("data-facet=\"entity\""));
    assert!(page.contains("<script src=\"../../annals.js\" defer></script>"));
    assert!(!page.contains(" onclick=") && !page.contains(" onchange="));
    // Digest pages show events without filter data.
    let digest = work.read("public/digest/2026-02-08/index.html");
    assert!(!digest.contains("data-outlets"));
}

/// Every page of a site and the ids on it.
fn permalinks(work: &Work, out: &str) -> BTreeMap<String, BTreeSet<String>> {
    tree(&work.path().join(out))
        .into_iter()
        .filter(|(p, _)| p.ends_with("index.html"))
        .map(|(p, bytes)| {
            let page = String::from_utf8(bytes).unwrap();
            let anchors = ids(&page)
                .into_iter()
                .filter(|id| id.starts_with("e-") || id.starts_with("d-"))
                .collect();
            (p, anchors)
        })
        .collect()
}

/// Asserts every page and anchor of `before` is still in `after`.
fn assert_kept(
    before: &BTreeMap<String, BTreeSet<String>>,
    after: &BTreeMap<String, BTreeSet<String>>,
) {
    for (page, anchors) in before {
        let Some(now) = after.get(page) else {
            panic!("{page} disappeared; pages now: {:?}", after.keys());
        };
        let lost: Vec<&String> = anchors.difference(now).collect();
        assert!(lost.is_empty(), "{page} lost anchors {lost:?}");
    }
}

#[test]
fn adding_a_newer_article_keeps_every_url_and_anchor_of_the_sample() {
    let work = Work::shipped();
    work.build("before", &[]).expect_code(0);
    let before = permalinks(&work, "before");
    assert!(before.keys().any(|p| p.starts_with("archive/2026/02/")));
    work.write(
        "content/iran/talks-third-round.md",
        "+++\ntitle = \"Iran and the United States agree on a third round of talks in Muscat\"\n\
         date = 2026-03-02T09:00:00+01:00\nsource = \"Gulf Report\"\n+++\n\
         Iran and the United States agreed to a third round of indirect talks in Muscat, Oman's \
         foreign ministry said, after the sanctions dispute of February.\n",
    );
    work.build("after", &[]).expect_code(0);
    let after = permalinks(&work, "after");
    assert_kept(&before, &after);
    assert!(
        after.contains_key("archive/2026/03/index.html"),
        "a new month page"
    );
    assert!(after.len() > before.len());
}

/// Five reports of one story (a bridge closure) and three of another (a port strike), with no
/// configured topics: both become discovered stories.
fn discovered_stories() -> Work {
    let work = Work::empty();
    work.write(
        "content/annals.toml",
        "[site]\ntitle = \"Stories\"\n\n[discover]\nmin_story_size = 3\nevent_similarity = 0.6\n\
         event_window_days = 1\n",
    );
    let bridge = [
        (
            "01",
            "Engineers close the Riverton bridge after finding cracks",
            "Riverton",
        ),
        (
            "03",
            "Riverton bridge closure snarls traffic across Marlow County",
            "Marlow County",
        ),
        (
            "05",
            "Marlow County asks the state for money to repair the Riverton bridge",
            "Governor Alma Reyes",
        ),
        (
            "08",
            "Riverton bridge repairs to take six months, Marlow County says",
            "Riverton",
        ),
    ];
    for (day, title, name) in bridge {
        work.write(
            &format!("content/2026-04-{day}-bridge.md"),
            format!(
                "+++\ntitle = \"{title}\"\ndate = 2026-04-{day}T10:00:00Z\nsource = \"Marlow Herald\"\n+++\n\
                 {title}. The Riverton bridge in Marlow County carries the main road over the \
                 Tamsin river. {name} spoke about the Riverton bridge and Marlow County commuters.\n"
            ),
        );
    }
    let strike = [
        ("02", "Dockers at Port Caldera walk out over pay"),
        (
            "04",
            "Port Caldera strike leaves ships waiting off Caldera Bay",
        ),
        (
            "07",
            "Port Caldera strike ends as Caldera Dockers Union accepts offer",
        ),
    ];
    for (day, title) in strike {
        work.write(
            &format!("content/2026-04-{day}-port.md"),
            format!(
                "+++\ntitle = \"{title}\"\ndate = 2026-04-{day}T12:00:00Z\nsource = \"Coast Courier\"\n+++\n\
                 {title}. The Caldera Dockers Union said Port Caldera in Caldera Bay would stay \
                 shut. Port Caldera handles most of the coast's container trade.\n"
            ),
        );
    }
    work
}

#[test]
fn discovered_story_urls_survive_a_newer_article_joining_the_story() {
    let work = discovered_stories();
    work.build("before", &[]).expect_code(0);
    let before = permalinks(&work, "before");
    let stories: Vec<&String> = before.keys().filter(|p| p.starts_with("topics/")).collect();
    assert_eq!(stories.len(), 2, "two discovered stories: {stories:?}");
    work.write(
        "content/2026-04-10-bridge.md",
        "+++\ntitle = \"Riverton bridge reopens to cyclists while Marlow County repairs go on\"\n\
         date = 2026-04-10T10:00:00Z\nsource = \"Marlow Herald\"\n+++\n\
         The Riverton bridge in Marlow County reopened to cyclists. Riverton commuters still \
         face detours while Marlow County repairs the bridge over the Tamsin river.\n",
    );
    work.write(
        "content/2026-05-02-library.md",
        "+++\ntitle = \"Harbour library opens a reading room\"\ndate = 2026-05-02T10:00:00Z\n+++\n\
         The harbour library opened a new reading room on Saturday.\n",
    );
    work.build("after", &[]).expect_code(0);
    let after = permalinks(&work, "after");
    assert_kept(&before, &after);
    let grown = stories
        .iter()
        .find(|p| p.contains("riverton"))
        .unwrap_or_else(|| panic!("{stories:?}"));
    assert!(
        after[*grown].len() > before[*grown].len(),
        "the new report joined the story page {grown}"
    );
}

#[test]
fn an_event_that_gains_an_earlier_report_keeps_its_old_anchor() {
    let work = discovered_stories();
    let text = "Engineers closed the Riverton bridge in Marlow County on Tuesday after an \
        inspection found deep cracks in two of its concrete piers, and officials said the \
        crossing over the Tamsin river would stay shut until further notice.";
    work.write(
        "content/2026-04-12-wire.md",
        format!(
            "+++\ntitle = \"Riverton bridge shut after inspectors find cracks in piers\"\n\
             date = 2026-04-12T10:00:00Z\nsource = \"Wire\"\n+++\n{text}\n"
        ),
    );
    work.build("before", &[]).expect_code(0);
    let before = permalinks(&work, "before");
    let anchor = "e-2026-04-12-wire";
    assert!(
        before.values().any(|ids| ids.contains(anchor)),
        "{before:?}"
    );
    // The same report, run earlier by another outlet: the event now takes the earlier id.
    work.write(
        "content/2026-04-11-herald.md",
        format!(
            "+++\ntitle = \"Riverton bridge shut after inspectors find cracks in piers\"\n\
             date = 2026-04-11T22:00:00Z\nsource = \"Marlow Herald\"\n+++\n{text}\n"
        ),
    );
    work.build("after", &[]).expect_code(0);
    let after = permalinks(&work, "after");
    let topic_pages_before: Vec<(&String, &BTreeSet<String>)> = before
        .iter()
        .filter(|(p, ids)| p.starts_with("topics/") && ids.contains(anchor))
        .collect();
    assert!(
        !topic_pages_before.is_empty(),
        "the report is in a story: {before:?}"
    );
    for (page, _) in &topic_pages_before {
        assert!(
            after[*page].contains(anchor),
            "{page} lost {anchor}: {:?}",
            after[*page]
        );
        assert!(after[*page].contains("e-2026-04-11-herald"));
    }
}

/// A topic page offers a link per month once it has more days than a phone screen holds, and
/// a link per day before that; each month link opens the first listed day of its month.
#[test]
fn long_topic_pages_jump_by_month_and_short_ones_by_day() {
    let work = Work::empty();
    work.write(
        "annals.toml",
        "[discover]\nmerge_coverage = false\n\n[[topics]]\nname = \"Harbour\"\nslug = \"harbour\"\n[topics.match]\nany = [\"harbour\"]\n\n\
         [[topics]]\nname = \"Bridge\"\nslug = \"bridge\"\n[topics.match]\nany = [\"bridge\"]\n",
    );
    // 40 days of harbour news from 1 January 2026 (into February), 3 days of bridge news; the
    // daily reports are alike, so coverage merging is off to keep one event a day.
    for n in 0..40u32 {
        let day =
            chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(n.into());
        work.write(
            &format!("content/harbour-{n:02}.md"),
            format!(
                "+++\ntitle = \"Harbour works, day {n}\"\ndate = {day}T09:00:00Z\n+++\n\
                 The harbour works went on for day {n} of the repairs.\n"
            ),
        );
    }
    for n in 0..3u32 {
        work.write(
            &format!("content/bridge-{n}.md"),
            format!(
                "+++\ntitle = \"Bridge closed, day {n}\"\ndate = 2026-03-0{}T09:00:00Z\n+++\n\
                 The bridge stayed closed on day {n}.\n",
                n + 1
            ),
        );
    }
    work.build("public", &[]).expect_code(0);

    let long = work.read("public/topics/harbour/index.html");
    assert!(
        long.contains("aria-label=\"Months in this timeline\""),
        "{long}"
    );
    assert!(
        !long.contains("aria-label=\"Days in this timeline\""),
        "{long}"
    );
    let months: Vec<&str> = hrefs(&long)
        .into_iter()
        .filter(|h| h.starts_with("#d-"))
        .collect();
    // Newest first: February opens at its last day listed first, January at the 31st.
    assert_eq!(months, ["#d-2026-02-09", "#d-2026-01-31"], "{long}");
    assert!(
        long.contains(">Feb 2026</time> <span class=\"count\">9 events</span>"),
        "{long}"
    );
    assert!(
        long.contains(">Jan 2026</time> <span class=\"count\">31 events</span>"),
        "{long}"
    );
    for target in months {
        assert!(
            ids(&long).contains(&target[1..]),
            "{target} is no section of the page"
        );
    }

    let short = work.read("public/topics/bridge/index.html");
    assert!(
        short.contains("aria-label=\"Days in this timeline\""),
        "{short}"
    );
    assert!(
        !short.contains("aria-label=\"Months in this timeline\""),
        "{short}"
    );
}

/// A topic reported in January and March and an event of no topic in March: each month page
/// counts its own events, and the year page sums the months and spans the first to the last.
#[test]
fn a_year_page_sums_its_months_for_each_topic() {
    let work = Work::empty();
    work.write(
        "content/annals.toml",
        "[site]\ntitle = \"Harbour\"\n\n[[topics]]\nname = \"Harbour works\"\n\n[topics.match]\n\
         all = [\"harbour\"]\n",
    );
    let stories = [
        (
            "2026-01-12",
            "Harbour dredging begins at the north quay",
            "harbour",
        ),
        (
            "2026-01-20",
            "Harbour crane arrives by barge from Rotterdam",
            "harbour",
        ),
        (
            "2026-03-02",
            "Harbour wall repairs finish ahead of spring tides",
            "harbour",
        ),
        (
            "2026-03-09",
            "Library opens a reading room for children",
            "library",
        ),
    ];
    for (day, title, word) in stories {
        work.write(
            &format!("content/{day}.md"),
            format!(
                "+++\ntitle = \"{title}\"\ndate = {day}T09:00:00Z\n+++\n\n{title}. The {word} \
                 project was described by officials on {day}, and residents attended.\n"
            ),
        );
    }
    work.build("public", &[]).expect_code(0);
    let card = |page: &str| -> String {
        let at = page
            .find("class=\"topic-card\"")
            .unwrap_or_else(|| panic!("no topic card:\n{page}"));
        page[at..at + page[at..].find("</li>").unwrap()].to_string()
    };
    let january = work.read("public/archive/2026/01/index.html");
    assert!(card(&january).contains("2 events"), "{january}");
    assert!(!january.contains("other event"), "{january}");
    let march = work.read("public/archive/2026/03/index.html");
    assert!(card(&march).contains("1 event<"), "{march}");
    assert!(march.contains("And 1 other event in no topic."), "{march}");
    let year = work.read("public/archive/2026/index.html");
    let year_card = card(&year);
    assert!(year_card.contains("3 events"), "{year_card}");
    assert!(year_card.contains("datetime=\"2026-01-12\""), "{year_card}");
    assert!(year_card.contains("datetime=\"2026-03-02\""), "{year_card}");
    assert!(year.contains("And 1 other event in no topic."), "{year}");
}
