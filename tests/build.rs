//! Builds the shipped sample content and checks the seed article, the site's pages, and the
//! properties the samples promise to cover.

mod common;

use chrono::{DateTime, NaiveDate, NaiveDateTime, SecondsFormat, Utc};
use chrono_tz::Tz;
use common::{Work, count, html_escape, names, redact_ms, tree};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

const SEED_PATH: &str = "000_43653dce7a49f3b9.txt";
const SEED_TITLE: &str = "Lavrov and Oman’s Foreign Minister Discuss US-Iran Talks in Phone Call";
const SEED_LEDE: &str = "Russian Foreign Minister Sergey Lavrov and Oman’s Foreign Minister Badr bin Hamad Al Busaidi held a phone conversation to discuss the situation around Iran in the context of negotiations between Washington and Tehran, expressing the need to facilitate the continuation of the negotiation process, according to the Russian Foreign Ministry.";
const SEED_SENTENCES: &[&str] = &[
    SEED_LEDE,
    "The exchange of views focused on the situation around Iran, particularly the recent round of indirect talks between Iranian and American representatives in Muscat, mediated by Oman.",
    "There was a shared opinion on the necessity of supporting the continuation of the negotiation process to reach mutually acceptable agreements,\" the statement published on the ministry’s website said.",
    "The ministry also noted that Lavrov highly praised the efforts made by the leadership of Oman in this regard.",
];

/// The shipped content built (as HTML) into a temporary folder, with its `extract` records.
struct Built {
    work: Work,
    records: Vec<Value>,
    tz: Tz,
    /// Configured topics: slug → name.
    topic_names: BTreeMap<String, String>,
    summary: String,
}

fn built() -> Built {
    let work = Work::shipped();
    let run = work.build("public", &["--strict"]);
    run.expect_code(0);
    let records = work.extract();
    let config: toml::Table = toml::from_str(&work.read("content/annals.toml")).unwrap();
    let tz: Tz = config["site"]["time_zone"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let topic_names = config["topics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["slug"].as_str().unwrap().to_string(),
                t["name"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    Built {
        work,
        records,
        tz,
        topic_names,
        summary: run.stdout,
    }
}

impl Built {
    fn page(&self, rel: &str) -> String {
        self.work.read(&format!("public/{rel}"))
    }

    fn seed(&self) -> &Value {
        self.records
            .iter()
            .find(|r| r["path"] == SEED_PATH)
            .expect("the seed is in the extract output")
    }

    /// The digest day of a record: a bare date as stated, a time without offset as stated, a
    /// time with an offset in the site time zone.
    fn day_of(&self, record: &Value) -> NaiveDate {
        let published = record["published"].as_str().unwrap();
        if let Ok(day) = NaiveDate::parse_from_str(published, "%Y-%m-%d") {
            return day;
        }
        if let Ok(instant) = DateTime::parse_from_rfc3339(published) {
            return instant.with_timezone(&self.tz).date_naive();
        }
        NaiveDateTime::parse_from_str(published, "%Y-%m-%dT%H:%M:%S")
            .unwrap_or_else(|e| panic!("unexpected stamp {published:?}: {e}"))
            .date()
    }

    fn days(&self) -> BTreeSet<NaiveDate> {
        self.records.iter().map(|r| self.day_of(r)).collect()
    }

    fn topics_of<'a>(&self, record: &'a Value) -> Vec<&'a str> {
        record["topics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect()
    }

    /// `<time datetime>` value of a UTC instant shown in the site time zone.
    fn local_datetime(&self, utc: &str) -> String {
        DateTime::parse_from_rfc3339(utc)
            .unwrap()
            .with_timezone(&self.tz)
            .to_rfc3339_opts(SecondsFormat::Secs, true)
    }
}

fn digest_path(day: NaiveDate) -> String {
    format!("digest/{day}/index.html")
}

#[test]
fn seed_is_extracted_with_its_title_section_and_stamps() {
    let b = built();
    let seed = b.seed();
    assert_eq!(seed["title"], SEED_TITLE);
    assert_eq!(seed["section"], "International");
    assert_eq!(seed["published"], "2026-02-08T16:46:00Z");
    assert_eq!(seed["updated"], "2026-02-08T16:52:00Z");
    assert_eq!(seed["summary"], SEED_LEDE);
    assert_eq!(seed["format"], "scraped");
    assert_eq!(seed["warnings"], serde_json::json!([]));
}

#[test]
fn seed_topics_come_from_the_rules() {
    let b = built();
    assert_eq!(b.topics_of(b.seed()), vec!["us-iran-negotiations"]);
}

#[test]
fn seed_page_body_appears_once() {
    let b = built();
    let body = b.seed()["body"].as_str().unwrap();
    for sentence in SEED_SENTENCES {
        assert_eq!(count(body, sentence), 1, "{sentence:?} in\n{body}");
    }
    assert!(!body.contains("said.The"), "{body}");
    assert_eq!(count(body, "Sergey Lavrov"), 1, "{body}");
    assert_eq!(count(body, "Lavrov highly praised"), 1, "{body}");
    // The last sentence is its own paragraph, as in the second rendering of the page.
    assert!(body.contains("said.\n\nThe ministry also noted"), "{body}");
    assert!(body.starts_with(SEED_LEDE), "{body}");
}

#[test]
fn seed_event_is_on_its_topic_page_in_the_site_time_zone() {
    let b = built();
    let page = b.page("topics/us-iran-negotiations/index.html");
    assert_eq!(count(&page, &html_escape(SEED_TITLE)), 1, "{page}");
    let published = b.local_datetime("2026-02-08T16:46:00Z");
    let updated = b.local_datetime("2026-02-08T16:52:00Z");
    // Europe/Berlin in February: UTC+1.
    assert_eq!(published, "2026-02-08T17:46:00+01:00");
    assert!(
        page.contains(&format!("datetime=\"{published}\"")),
        "{page}"
    );
    assert!(page.contains(&format!("datetime=\"{updated}\"")), "{page}");
    assert!(page.contains(">17:46<"), "{page}");
    assert!(page.contains("17:52"), "{page}");
    assert!(page.contains("International"), "{page}");
    for other in ["winter-storms-europe", "ecb-interest-rates"] {
        let page = b.page(&format!("topics/{other}/index.html"));
        assert!(!page.contains(&html_escape(SEED_TITLE)), "seed on {other}");
    }
}

#[test]
fn seed_is_listed_on_its_digest_day() {
    let b = built();
    let day = b.day_of(b.seed());
    assert_eq!(day.to_string(), "2026-02-08");
    let page = b.page(&digest_path(day));
    assert_eq!(count(&page, &html_escape(SEED_TITLE)), 1, "{page}");
    assert!(page.contains(&format!("datetime=\"{day}\"")), "{page}");
}

#[test]
fn index_lists_every_topic_with_its_count() {
    let b = built();
    let index = b.page("index.html");
    assert_eq!(b.topic_names.len(), 3);
    // One event per article for now, so a topic's count is its number of articles.
    for (slug, name) in &b.topic_names {
        let n = b
            .records
            .iter()
            .filter(|r| b.topics_of(r).contains(&slug.as_str()))
            .count();
        assert!(n > 0, "topic {slug} is empty");
        assert!(
            index.contains(&format!("href=\"topics/{slug}/\"")),
            "{index}"
        );
        assert!(index.contains(&html_escape(name)), "{name} in {index}");
        assert!(
            index.contains(&format!("{n} event")),
            "{n} events of {slug}"
        );
    }
    let linked: BTreeSet<&str> = index
        .split("href=\"topics/")
        .skip(1)
        .map(|rest| rest.split('/').next().unwrap())
        .collect();
    assert_eq!(linked.len(), 3, "{linked:?}");
}

#[test]
fn digest_list_names_every_day() {
    let b = built();
    let list = b.page("digest/index.html");
    let days = b.days();
    for day in &days {
        assert!(list.contains(&format!("digest/{day}/")), "{day} in {list}");
    }
    let dirs: Vec<String> = names(&b.work.path().join("public/digest"))
        .into_iter()
        .filter(|n| n != "index.html" && n != "atom.xml")
        .collect();
    let expected: Vec<String> = days.iter().map(|d| d.to_string()).collect();
    assert_eq!(dirs, expected);
}

#[test]
fn other_news_collects_events_of_no_topic() {
    let b = built();
    let mut days_with_other = BTreeSet::new();
    for record in b.records.iter().filter(|r| b.topics_of(r).is_empty()) {
        let day = b.day_of(record);
        let page = b.page(&digest_path(day));
        let title = html_escape(record["title"].as_str().unwrap());
        assert!(page.contains("Other news"), "{page}");
        assert!(page.contains(&title), "{title} in {page}");
        days_with_other.insert(day);
    }
    assert!(!days_with_other.is_empty());
    // A day whose events all have topics has no "Other news".
    let all_topical = b
        .days()
        .into_iter()
        .find(|d| !days_with_other.contains(d))
        .expect("a day where every event has a topic");
    assert!(!b.page(&digest_path(all_topical)).contains("Other news"));
}

#[test]
fn digest_pages_link_the_previous_and_next_day_only() {
    let b = built();
    let days: Vec<NaiveDate> = b.days().into_iter().collect();
    for (i, day) in days.iter().enumerate() {
        let page = b.page(&digest_path(*day));
        for (j, other) in days.iter().enumerate().filter(|(j, _)| *j != i) {
            let linked = page.contains(&format!("digest/{other}/"));
            let neighbour = i.abs_diff(j) == 1;
            assert_eq!(
                linked, neighbour,
                "digest {day} linking {other}: expected {neighbour}"
            );
        }
    }
}

#[test]
fn build_summary_counts_articles_events_topics_and_days() {
    insta::assert_snapshot!(redact_ms(&built().summary));
}

// The samples must keep covering the cases they exist for; these catch a regression in them.

#[test]
fn samples_have_at_least_fifteen_articles_besides_the_seed() {
    let b = built();
    let others = b.records.iter().filter(|r| r["path"] != SEED_PATH).count();
    assert!(others >= 15, "{others} articles besides the seed");
}

#[test]
fn samples_have_three_topics_and_seven_days() {
    let b = built();
    let topics: BTreeSet<&str> = b.records.iter().flat_map(|r| b.topics_of(r)).collect();
    assert!(topics.len() >= 3, "{topics:?}");
    assert!(names(&b.work.path().join("public/topics")).len() >= 3);
    assert!(b.days().len() >= 7, "{:?}", b.days());
}

#[test]
fn samples_have_a_day_with_two_topics() {
    let b = built();
    let mut by_day: BTreeMap<NaiveDate, BTreeSet<&str>> = BTreeMap::new();
    for r in &b.records {
        by_day
            .entry(b.day_of(r))
            .or_default()
            .extend(b.topics_of(r));
    }
    let (day, topics) = by_day
        .iter()
        .find(|(_, topics)| topics.len() >= 2)
        .expect("a day with events in two topics");
    let page = b.page(&digest_path(*day));
    for slug in topics {
        assert!(page.contains(&format!("topics/{slug}/")), "{slug} on {day}");
    }
}

#[test]
fn samples_have_an_article_whose_local_day_differs_from_its_utc_day() {
    let b = built();
    let moved = b
        .records
        .iter()
        .filter_map(|r| {
            let instant = DateTime::parse_from_rfc3339(r["published"].as_str()?).ok()?;
            let utc_day = instant.with_timezone(&Utc).date_naive();
            (b.day_of(r) != utc_day).then_some((r, utc_day))
        })
        .collect::<Vec<_>>();
    let (record, utc_day) = moved.first().expect("an article moved by the time zone");
    let title = html_escape(record["title"].as_str().unwrap());
    let local_page = b.page(&digest_path(b.day_of(record)));
    assert!(local_page.contains(&title), "{title} on its local day");
    let utc_page = b.work.path().join("public").join(digest_path(*utc_day));
    if utc_page.exists() {
        let utc_page = std::fs::read_to_string(utc_page).unwrap();
        assert!(!utc_page.contains(&title), "{title} also on its UTC day");
    }
}

#[test]
fn samples_have_an_article_of_no_topic_and_an_updated_one() {
    let b = built();
    assert!(b.records.iter().any(|r| b.topics_of(r).is_empty()));
    let updated: Vec<&Value> = b
        .records
        .iter()
        .filter(|r| r["path"] != SEED_PATH && !r["updated"].is_null())
        .collect();
    assert!(!updated.is_empty());
    for r in updated {
        let published = DateTime::parse_from_rfc3339(r["published"].as_str().unwrap()).unwrap();
        let later = DateTime::parse_from_rfc3339(r["updated"].as_str().unwrap()).unwrap();
        assert!(later > published, "{r}");
    }
}

#[test]
fn samples_have_markdown_yaml_toml_and_plain_text_inputs() {
    let b = built();
    let formats: BTreeSet<&str> = b
        .records
        .iter()
        .map(|r| r["format"].as_str().unwrap())
        .collect();
    assert_eq!(
        formats,
        BTreeSet::from(["markdown", "plain-text", "scraped"])
    );
    let content = tree(&b.work.content());
    let fences = |fence: &str| {
        content
            .iter()
            .filter(|(p, bytes)| p.ends_with(".md") && bytes.starts_with(fence.as_bytes()))
            .count()
    };
    assert!(fences("+++") > 0 && fences("---") > 0);
}

#[test]
fn building_twice_gives_identical_trees() {
    let work = Work::shipped();
    work.build("one", &["--format", "both"]).expect_code(0);
    work.build("two", &["--format", "both"]).expect_code(0);
    let one = tree(&work.path().join("one"));
    let two = tree(&work.path().join("two"));
    assert!(one.len() > 10, "{:?}", one.keys());
    assert_eq!(
        one.keys().collect::<Vec<_>>(),
        two.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &one {
        assert!(two[path] == *bytes, "{path} differs between builds");
    }
}
