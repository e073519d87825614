//! Story discovery through the command line: stories become topic pages with their main names,
//! entity pages link them, `annals extract` tells each article's story and event, and
//! `annals topics --suggest` prints `[[topics]]` blocks that parse and match their story.

mod common;

use common::{TWO_STORIES, Work};

/// Each article is its own development here; only near-identical reports would be one event.
const DAILY_EVENTS: &str = "[discover]\nevent_similarity = 0.6\nevent_window_days = 1\n\n";

/// Three articles about the Muscat talks and three about a storm, on different days, each with
/// wording of its own; no topics configured.
fn two_stories() -> Work {
    let work = Work::empty();
    work.write("content/annals.toml", DAILY_EVENTS);
    for (i, (day, title, body)) in TWO_STORIES.iter().enumerate() {
        work.write(
            &format!("content/{i}.md"),
            format!("+++\ntitle = \"{title}\"\ndate = 2026-02-{day}\n+++\n\n{body}\n"),
        );
    }
    work
}

#[test]
fn discovered_stories_are_topic_pages_with_main_names_and_entity_pages() {
    let work = two_stories();
    work.build("public", &[]).expect_code(0);
    let index = work.read("public/index.html");
    assert!(index.contains("Iran"), "{index}");
    assert!(index.contains("Denmark"), "{index}");
    let topics: Vec<String> = std::fs::read_dir(work.path().join("public/topics"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(topics.len(), 2, "{topics:?}");
    let entities = work.path().join("public/entities");
    assert!(entities.join("denmark/index.html").is_file());
    let page = work.read("public/entities/denmark/index.html");
    assert!(
        page.contains("Power cuts as Storm Ingrid crosses Denmark"),
        "{page}"
    );
    assert!(page.contains("class=\"entity-topics\""), "{page}");
}

#[test]
fn extract_names_each_articles_story_and_event() {
    let work = two_stories();
    let records = work.extract();
    assert_eq!(records.len(), 6);
    let mut events: Vec<&str> = records
        .iter()
        .map(|r| r["event"].as_str().unwrap())
        .collect();
    events.sort_unstable();
    events.dedup();
    assert_eq!(events.len(), 6, "one development per article here");
    for r in &records {
        assert!(r["story"].is_string(), "{r}");
        assert!(r["event"].is_string(), "{r}");
    }
    let story_of = |path: &str| {
        records.iter().find(|r| r["path"] == path).unwrap()["story"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(story_of("0.md"), story_of("2.md"));
    assert_eq!(story_of("3.md"), story_of("5.md"));
    assert_ne!(story_of("0.md"), story_of("3.md"));
}

#[test]
fn suggested_topics_parse_as_config_and_match_their_story() {
    let work = two_stories();
    let run = work.run(&["topics", "-c", "content", "--suggest"]);
    run.expect_code(0);
    let config = annals::config::Config::parse(&run.stdout, "suggestions")
        .unwrap_or_else(|e| panic!("{e:#}\n{}", run.stdout));
    assert_eq!(config.topics.len(), 2, "{}", run.stdout);
    assert!(
        run.stdout.contains("these rules match 3 of them"),
        "{}",
        run.stdout
    );
    // Pasted into annals.toml, the suggestions claim the articles, and nothing is left to
    // discover.
    work.write(
        "content/annals.toml",
        format!("{DAILY_EVENTS}{}", run.stdout),
    );
    let listed = work.run(&["topics", "-c", "content"]);
    listed.expect_code(0);
    assert!(!listed.stdout.contains("(discovered)"), "{}", listed.stdout);
    assert_eq!(listed.stdout.lines().count(), 2, "{}", listed.stdout);
}

#[test]
fn entity_pages_count_the_sources_of_each_event_and_link_to_the_full_entry() {
    let work = two_stories();
    // Four more outlets carry the power-cut report under headlines of their own (the same
    // headline and text on one day would be read as one article): one event, four sources.
    for (k, outlet) in ["Nordic Wire", "Baltic Post", "Coast Daily", "Harbour News"]
        .iter()
        .enumerate()
    {
        work.write(
            &format!("content/copy{k}.md"),
            format!(
                "+++\ntitle = \"{outlet}: Storm Ingrid cuts power in Denmark\"\ndate = 2026-02-06\nsource = \"{outlet}\"\n+++\n\nAbout 80,000 households in Denmark lost power as Storm Ingrid crossed the country, and trains in Germany stopped in Schleswig-Holstein.\n"
            ),
        );
    }
    work.build("public", &[]).expect_code(0);
    let topic_dir = std::fs::read_dir(work.path().join("public/topics"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            std::fs::read_to_string(p.join("index.html"))
                .unwrap()
                .contains("Storm Ingrid brings")
        })
        .expect("the storm story has a page");
    let topic = std::fs::read_to_string(topic_dir.join("index.html")).unwrap();
    // The topic page lists every source of the event...
    for outlet in ["Nordic Wire", "Baltic Post", "Coast Daily", "Harbour News"] {
        assert!(
            topic.contains(outlet),
            "{outlet} missing from the topic page"
        );
    }
    // ...the entity page counts them and links to that entry, which lists them all.
    let page = work.read("public/entities/denmark/index.html");
    assert!(page.contains("4 sources"), "{page}");
    let more = page
        .split("class=\"full-entry\" href=\"")
        .nth(1)
        .expect("a link to the full entry");
    let slug = topic_dir
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(
        more.starts_with(&format!("../../topics/{slug}/#e-")),
        "{more}"
    );
    assert!(more.contains(">Full entry</a>"), "{more}");
    let named = ["Nordic Wire", "Baltic Post", "Coast Daily", "Harbour News"]
        .iter()
        .filter(|o| page.contains(&format!(">{o}</a>")))
        .count();
    assert_eq!(named, 0, "sources linked on the entity page: {page}");
}

/// An entity with more events than `[build] entity_page_events` lists its latest ones on its
/// page and every event on the page of its year, which the main page and each year page link.
#[test]
fn a_big_entity_lists_its_latest_events_and_has_a_page_per_year() {
    let work = Work::empty();
    work.write(
        "content/annals.toml",
        format!("[build]\nentity_page_events = 2\n\n{DAILY_EVENTS}"),
    );
    // The storm runs over New Year: two of its days are in 2025, one in 2026.
    let storm_days = ["2025-12-30", "2025-12-31", "2026-01-02"];
    for (i, (day, title, body)) in TWO_STORIES.iter().enumerate() {
        let date = if i < 3 {
            format!("2026-02-{day}")
        } else {
            storm_days[i - 3].to_string()
        };
        work.write(
            &format!("content/{i}.md"),
            format!("+++\ntitle = \"{title}\"\ndate = {date}\n+++\n\n{body}\n"),
        );
    }
    work.build("public", &[]).expect_code(0);
    let main = work.read("public/entities/denmark/index.html");
    let y2025 = work.read("public/entities/denmark/2025/index.html");
    let y2026 = work.read("public/entities/denmark/2026/index.html");
    let headlines = [
        "Storm Ingrid brings gales to Denmark",
        "Power cuts as Storm Ingrid crosses Denmark",
        "Harbours flood in Denmark after Storm Ingrid",
    ];
    let listed = |page: &str| -> Vec<bool> { headlines.iter().map(|h| page.contains(h)).collect() };
    assert_eq!(listed(&main), [false, true, true], "the latest two: {main}");
    assert_eq!(listed(&y2025), [true, true, false], "{y2025}");
    assert_eq!(listed(&y2026), [false, false, true], "{y2026}");
    assert!(main.contains("3 events"), "{main}");
    assert!(
        main.contains("href=\"../../entities/denmark/2025/\""),
        "{main}"
    );
    assert!(
        y2026.contains("href=\"../../../entities/denmark/2025/\""),
        "{y2026}"
    );
    assert!(
        y2025.contains("href=\"../../../entities/denmark/\""),
        "{y2025}"
    );
    assert!(
        y2025.contains("<span aria-current=\"page\">2025 <span class=\"count\">2</span>"),
        "{y2025}"
    );
    // The Markdown pages are split the same way.
    work.build("md", &["--format", "markdown"]).expect_code(0);
    // The main page is the section of its year pages, as Hugo and Zola read no page inside
    // another page's folder.
    let section = work.read("md/entities/denmark/_index.md");
    assert!(!section.contains("\ndate = "), "{section}");
    assert!(!work.path().join("md/entities/denmark/index.md").exists());
    let year = work.read("md/entities/denmark/2025/index.md");
    assert!(
        year.contains("Storm Ingrid brings gales to Denmark"),
        "{year}"
    );
    assert!(year.contains("\ndate = "), "{year}");
}

/// A daily report that merging follows as one development for ten days is listed near its own
/// day (one event per burst of `event_window_days`), while `extract` still names the one
/// development.
#[test]
fn every_report_of_a_long_development_is_listed_within_the_window_of_its_day() {
    let work = Work::empty();
    work.write("content/annals.toml", "[discover]\nevent_window_days = 2\n");
    let body = "The Harbour Exchange index of Port Vella rose as shipping shares gained, traders at the Harbour Exchange said, and the Vella dollar held steady against the euro in quiet trade.";
    for day in 1..=10 {
        work.write(
            &format!("content/report-{day:02}.md"),
            format!(
                "+++\ntitle = \"Harbour Exchange report {day}\"\ndate = 2026-03-{day:02}\n+++\n\n{body} Volume was {day} million shares.\n"
            ),
        );
    }
    work.build("public", &[]).expect_code(0);
    let records = work.extract();
    assert_eq!(records.len(), 10);
    let developments: std::collections::BTreeSet<&str> = records
        .iter()
        .map(|r| r["event"].as_str().unwrap())
        .collect();
    assert_eq!(developments.len(), 1, "one development: {developments:?}");
    // Each report is listed on the digest of its burst's first day, at most the window before
    // its own (before bursts, every report was listed on 1 March only).
    for (start, days) in [(1, 1..=3), (4, 4..=6), (7, 7..=9), (10, 10..=10)] {
        let digest = work.read(&format!("public/digest/2026-03-{start:02}/index.html"));
        for day in days {
            // A source without an outlet is named by its file.
            assert!(
                digest.contains(&format!("report-{day:02}.md")),
                "report {day} is not on the digest of {start} March"
            );
        }
    }
    let events = work.read("public/events.jsonl");
    let events = common::parse_jsonl(&events);
    assert_eq!(events.len(), 4, "bursts of days 1-3, 4-6, 7-9 and 10");
    let first = events[0]["id"].as_str().unwrap();
    assert!(events[0].get("follows").is_none());
    assert!(events[1..].iter().all(|e| e["follows"] == first));
}

/// The front page lists configured topics first, in config order, then discovered stories by
/// their latest event, newest first: a story that started first but went quiet comes after one
/// still moving.
#[test]
fn front_page_lists_configured_topics_then_the_latest_stories_first() {
    let work = Work::empty();
    work.write(
        "content/annals.toml",
        format!(
            "{DAILY_EVENTS}[[topics]]\nname = \"Quay works\"\nslug = \"quay\"\n\
             [topics.match]\nany = [\"quay\"]\n"
        ),
    );
    work.write(
        "content/quay.md",
        "+++\ntitle = \"Quay works begin\"\ndate = 2026-01-05\n+++\n\nThe quay works began.\n",
    );
    // The Muscat talks run from 3 to 9 February; the storm comes a month later.
    for (i, (day, title, body)) in TWO_STORIES.iter().enumerate() {
        let month = if i < 3 { "02" } else { "03" };
        work.write(
            &format!("content/{i}.md"),
            format!("+++\ntitle = \"{title}\"\ndate = 2026-{month}-{day}\n+++\n\n{body}\n"),
        );
    }
    work.build("public", &[]).expect_code(0);
    let index = work.read("public/index.html");
    // The names of the topics, in the order the front page lists them.
    let names: Vec<&str> = index
        .split("class=\"topic-name\"")
        .skip(1)
        .filter_map(|rest| rest.split_once('>')?.1.split('<').next())
        .collect();
    assert_eq!(names.len(), 3, "{index}");
    assert_eq!(names[0], "Quay works", "{names:?}");
    assert!(names[1].contains("Denmark"), "{names:?}");
    assert!(names[2].contains("Iran"), "{names:?}");
}
