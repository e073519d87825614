//! Data exports for other tools: a TimelineJS 3 file per topic (`topics/<slug>/timeline.json`)
//! and every event as JSON Lines (`events.jsonl`).
//!
//! These are data, not pages, so they are written with serde rather than templates, and in
//! every output format (Zola and Hugo copy them along as page and section assets).
//!
//! TimelineJS (<https://timeline.knightlab.com/docs/json-format.html>) renders `headline` and
//! `text` as HTML, so both are escaped here and the sources become links in `text`. A date says
//! only what is known: `year`, `month` and `day` always (annals places every event on a day),
//! `hour` and `minute` only when the source gave a time and the event happened the day it was
//! reported; an event that happened on an earlier day has only that day.
//!
//! Sub-stories: the model has no stories inside a topic, but with `[discover] all_articles` an
//! event of a configured topic may also be in a discovered story. Those stories are the topic's
//! sub-stories, and each event's `group` is its story's name when the topic's events fall into
//! two stories or more; otherwise `group` is left out, as TimelineJS then shows one row.

use super::feeds::xml_text;
use super::views::{Views, event_anchor, event_permalink, topic_path};
use super::{OutputFile, Renderer, Templates};
use crate::model::{Event, Topic};
use anyhow::{Context as _, Result};
use chrono::{DateTime, Datelike as _, NaiveDate, Timelike as _, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// `timeline.json` for every topic and `events.jsonl` at the root.
pub struct ExportRenderer;

impl Renderer for ExportRenderer {
    fn name(&self) -> &'static str {
        "exports"
    }

    fn render_into(
        &self,
        views: &Views,
        _: &Templates,
        keys: Option<&super::fingerprint::PageKeys>,
        sink: &dyn super::Sink,
    ) -> Result<()> {
        for (t, topic) in views.site.topics.iter().enumerate() {
            // A topic that did not change keeps its document without making it.
            if let Some(dir) = views.unchanged_topic(t)
                && sink.keep_as_before(&format!("{dir}timeline.json"))?
            {
                continue;
            }
            let timeline = topic_timeline(views, topic);
            let dir = topic_path(&topic.slug);
            let path = format!("{dir}timeline.json");
            // The file's bytes are a function of the code and of the document, so a document
            // that hashes as before keeps the previous build's file (most topics, when one
            // article was added).
            let fingerprint = keys.and_then(|k| k.view("json", "timeline.json", &dir, &timeline));
            super::keep_or_write(sink, path, fingerprint, || {
                let mut json = serde_json::to_vec_pretty(&timeline)
                    .with_context(|| format!("writing the timeline of topic {}", topic.slug))?;
                json.push(b'\n');
                Ok(json)
            })?;
        }
        let previous = views
            .is_reusing()
            .then(|| sink.previous("events.jsonl"))
            .flatten();
        sink.write(
            OutputFile {
                path: "events.jsonl".into(),
                contents: events_jsonl_reusing(views, previous.as_deref())?,
            },
            super::fingerprint::NO_FINGERPRINT,
        )
    }
}

/// A TimelineJS 3 document.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineDoc {
    pub title: TitleSlide,
    pub events: Vec<TimelineEvent>,
}

/// The title slide.
#[derive(Debug, Clone, Serialize)]
pub struct TitleSlide {
    pub text: SlideText,
}

/// A slide's headline and text (HTML, escaped).
#[derive(Debug, Clone, Serialize)]
pub struct SlideText {
    pub headline: String,
    pub text: String,
}

/// One event slide.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineEvent {
    pub start_date: TimelineDate,
    pub text: SlideText,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The event's fragment id on its topic page, so TimelineJS deep links match the page's.
    pub unique_id: String,
}

/// A TimelineJS date: fields finer than what is known are absent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimelineDate {
    pub year: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub month: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub day: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hour: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minute: Option<u32>,
    pub display_date: String,
}

/// How precisely a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    Year,
    Month,
    Day,
    Minute,
}

impl TimelineDate {
    /// The date of `local` (a wall time in the site time zone) down to `precision`.
    pub fn new(local: chrono::NaiveDateTime, precision: Precision, zone: &str) -> Self {
        let at_least = |p: Precision| precision_rank(precision) >= precision_rank(p);
        let display_date = match precision {
            Precision::Year => local.format("%Y").to_string(),
            Precision::Month => local.format("%B %Y").to_string(),
            Precision::Day => local.format("%-d %B %Y").to_string(),
            Precision::Minute => format!("{} {zone}", local.format("%-d %B %Y, %H:%M")),
        };
        TimelineDate {
            year: local.year(),
            month: at_least(Precision::Month).then(|| local.month()),
            day: at_least(Precision::Day).then(|| local.day()),
            hour: at_least(Precision::Minute).then(|| local.hour()),
            minute: at_least(Precision::Minute).then(|| local.minute()),
            display_date,
        }
    }
}

fn precision_rank(p: Precision) -> u8 {
    match p {
        Precision::Year => 0,
        Precision::Month => 1,
        Precision::Day => 2,
        Precision::Minute => 3,
    }
}

/// When an event is placed on a timeline, at the precision known: the day it happened when
/// that is an earlier day than its report, else its first report's time (or day).
pub fn event_date(event: &Event, site_tz: Tz) -> TimelineDate {
    if event.happened != event.day {
        return TimelineDate::new(midnight(event.happened), Precision::Day, "");
    }
    if event.date_only {
        return TimelineDate::new(midnight(event.day), Precision::Day, "");
    }
    let local = event.published.with_timezone(&site_tz);
    let zone = local.format("%Z").to_string();
    TimelineDate::new(local.naive_local(), Precision::Minute, &zone)
}

fn midnight(day: NaiveDate) -> chrono::NaiveDateTime {
    day.and_hms_opt(0, 0, 0).unwrap_or_default()
}

/// One topic as a TimelineJS document, events in chronological order.
pub fn topic_timeline(views: &Views, topic: &Topic) -> TimelineDoc {
    let site = views.site;
    let groups = sub_stories(views, topic);
    let events = topic
        .events
        .iter()
        .map(|&e| {
            let event = &site.events[e];
            TimelineEvent {
                start_date: event_date(event, views.site_tz),
                text: SlideText {
                    headline: html_escape(&event.headline),
                    text: slide_text(event),
                },
                group: groups.get(&e).map(|name| name.to_string()),
                unique_id: event_anchor(event),
            }
        })
        .collect();
    TimelineDoc {
        title: TitleSlide {
            text: SlideText {
                headline: html_escape(&topic.name),
                text: topic
                    .description
                    .as_deref()
                    .map(|d| format!("<p>{}</p>", html_escape(d)))
                    .unwrap_or_default(),
            },
        },
        events,
    }
}

/// The summary and the linked sources, as HTML.
fn slide_text(event: &Event) -> String {
    let mut html = String::new();
    if !event.summary.is_empty() {
        html.push_str(&format!("<p>{}</p>", html_escape(&event.summary)));
    }
    let sources: Vec<String> = event
        .sources
        .iter()
        .map(|s| match &s.url {
            Some(url) => format!(
                "<a href=\"{}\" rel=\"noopener noreferrer nofollow\">{}</a>",
                html_escape(url),
                html_escape(&s.name)
            ),
            None => html_escape(&s.name),
        })
        .collect();
    html.push_str(&format!(
        "<p class=\"sources\">Source{}: {}</p>",
        if sources.len() == 1 { "" } else { "s" },
        sources.join(", ")
    ));
    html
}

/// For a configured topic whose events fall into two discovered stories or more: the story
/// name of each event in one (by event index). Empty when there are no such sub-stories.
fn sub_stories<'a>(views: &Views<'a>, topic: &Topic) -> BTreeMap<usize, &'a str> {
    let site = views.site;
    if topic.discovered {
        return BTreeMap::new();
    }
    let stories: BTreeMap<&str, &str> = site
        .topics
        .iter()
        .filter(|t| t.discovered && t.slug != topic.slug)
        .map(|t| (t.slug.as_str(), t.name.as_str()))
        .collect();
    let groups: BTreeMap<usize, &str> = topic
        .events
        .iter()
        .filter_map(|&e| {
            let event = &site.events[e];
            let story = event.topics.iter().find_map(|s| stories.get(s.as_str()))?;
            Some((e, *story))
        })
        .collect();
    let names: BTreeSet<&str> = groups.values().copied().collect();
    if names.len() >= 2 {
        groups
    } else {
        BTreeMap::new()
    }
}

/// One line of `events.jsonl`.
#[derive(Debug, Clone, Serialize)]
pub struct EventRecord<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub summary: &'a str,
    pub section: Option<&'a str>,
    /// Slugs of its topics, in topic order.
    pub topics: Vec<&'a str>,
    pub sources: Vec<SourceRecord<'a>>,
    /// The day it happened, or its first report's time (RFC 3339, site offset) when it
    /// happened the day it was reported and the source gave a time.
    pub happened: String,
    /// The day it was first reported, in the site time zone (its digest day).
    pub reported: String,
    /// First report, RFC 3339 UTC; a day only when the source gave only a day.
    pub published: String,
    pub updated: Option<String>,
    /// Names of the entities with pages that list this event.
    pub entities: Vec<&'a str>,
    /// Site-relative link to the event on its first topic's page, else its digest day.
    pub permalink: String,
    /// For a later burst of a development that ran longer than the event window, the id of
    /// the development's first event (`Event::follows`); left out otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub follows: Option<&'a str>,
}

/// One article that reported an event.
#[derive(Debug, Clone, Serialize)]
pub struct SourceRecord<'a> {
    pub outlet: &'a str,
    pub url: Option<&'a str>,
    pub title: Option<&'a str>,
    /// The content path it was read from.
    pub path: &'a str,
}

/// Every event, in the model's order (first report, then path), one JSON object a line.
pub fn events_jsonl(views: &Views) -> Result<Vec<u8>> {
    events_jsonl_reusing(views, None)
}

/// `events_jsonl`, copying the line of each event that `views` says is unchanged from
/// `previous` (the previous site's file, which shows the model these views extend) when it
/// has one for the event's id: at 100,000 events, writing every record again was most of an
/// incremental build's export time.
fn events_jsonl_reusing(views: &Views, previous: Option<&[u8]>) -> Result<Vec<u8>> {
    let site = views.site;
    let old_lines: std::collections::HashMap<String, &[u8]> = previous
        .map(|bytes| {
            bytes
                .split_inclusive(|&b| b == b'\n')
                .filter_map(|line| Some((record_id(line)?, line)))
                .collect()
        })
        .unwrap_or_default();
    let mut out = Vec::with_capacity(previous.map_or(0, |p| p.len() + p.len() / 64));
    for (index, event) in site.events.iter().enumerate() {
        if views.event_unchanged(index)
            && let Some(line) = old_lines.get(event.id.as_str())
        {
            out.extend_from_slice(line);
            continue;
        }
        let record = EventRecord {
            id: &event.id,
            title: &event.headline,
            summary: &event.summary,
            section: event.section.as_deref(),
            topics: event.topics.iter().map(String::as_str).collect(),
            sources: event
                .sources
                .iter()
                .map(|s| SourceRecord {
                    outlet: &s.name,
                    url: s.url.as_deref(),
                    title: event
                        .articles
                        .iter()
                        .filter_map(|&a| site.articles.get(a))
                        .find(|a| a.path == s.path)
                        .map(|a| a.title.as_str()),
                    path: &s.path,
                })
                .collect(),
            happened: if event.happened == event.day && !event.date_only {
                event
                    .published
                    .with_timezone(&views.site_tz)
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            } else {
                event.happened.format("%Y-%m-%d").to_string()
            },
            reported: event.day.format("%Y-%m-%d").to_string(),
            published: if event.date_only {
                event.day.format("%Y-%m-%d").to_string()
            } else {
                utc(event.published)
            },
            updated: event.updated.map(utc),
            entities: views
                .entities_of_event(index)
                .iter()
                .map(|&n| site.entities[n].name.as_str())
                .collect(),
            permalink: event_permalink(event),
            follows: event.follows.as_deref(),
        };
        serde_json::to_writer(&mut out, &record)
            .with_context(|| format!("writing event {} to events.jsonl", event.id))?;
        out.push(b'\n');
    }
    Ok(out)
}

/// The id of an `events.jsonl` line (its first field, as `EventRecord` writes it).
fn record_id(line: &[u8]) -> Option<String> {
    let rest = line.strip_prefix(b"{\"id\":")?;
    let mut at = 1;
    while *rest.get(at)? != b'"' {
        at += if rest[at] == b'\\' { 2 } else { 1 };
    }
    serde_json::from_slice(rest.get(..=at)?).ok()
}

/// Escaped HTML without the control characters HTML and XML forbid.
fn html_escape(text: &str) -> String {
    crate::text::escape_html(&xml_text(text))
}

fn utc(instant: DateTime<Utc>) -> String {
    instant.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_records_id_is_read_back_even_with_escapes() {
        assert_eq!(
            record_id(b"{\"id\":\"a-1\",\"title\":\"x\"}\n").as_deref(),
            Some("a-1")
        );
        assert_eq!(
            record_id(br#"{"id":"say \"hi\" \\","title":"x"}"#).as_deref(),
            Some(r#"say "hi" \"#)
        );
        assert_eq!(record_id(br#"{"title":"x"}"#), None);
        assert_eq!(record_id(br#"{"id":"unterminated"#), None);
    }

    fn local(text: &str) -> chrono::NaiveDateTime {
        chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    fn event(id: &str, day: u32, topics: &[&str]) -> Event {
        let day = NaiveDate::from_ymd_opt(2026, 3, day).unwrap();
        Event {
            id: id.into(),
            headline: format!("Headline {id}"),
            summary: String::new(),
            section: None,
            published: midnight(day).and_utc(),
            date_only: true,
            updated: None,
            day,
            happened: day,
            sources: Vec::new(),
            articles: Vec::new(),
            topics: topics.iter().map(|t| t.to_string()).collect(),
            follows: None,
        }
    }

    fn topic(slug: &str, events: Vec<usize>, discovered: bool) -> Topic {
        Topic {
            name: format!("Name of {slug}"),
            slug: slug.into(),
            description: None,
            events,
            entities: Vec::new(),
            discovered,
        }
    }

    fn site(events: Vec<Event>, topics: Vec<Topic>) -> crate::model::Site {
        crate::model::Site {
            articles: Vec::new(),
            events,
            topics,
            timelines: Vec::new(),
            digests: Vec::new(),
            entities: Vec::new(),
            dates: Vec::new(),
        }
    }

    fn groups(doc: &TimelineDoc) -> Vec<Option<&str>> {
        doc.events.iter().map(|e| e.group.as_deref()).collect()
    }

    #[test]
    fn discovered_stories_inside_a_topic_become_groups() {
        let config = crate::config::Config::default();
        let site = site(
            vec![
                event("a", 1, &["harbour", "cranes"]),
                event("b", 2, &["harbour"]),
                event("c", 3, &["harbour", "dredging"]),
            ],
            vec![
                topic("harbour", vec![0, 1, 2], false),
                topic("cranes", vec![0], true),
                topic("dredging", vec![2], true),
            ],
        );
        let views = Views::new(&site, &config);
        let doc = topic_timeline(&views, &site.topics[0]);
        assert_eq!(
            groups(&doc),
            vec![Some("Name of cranes"), None, Some("Name of dredging")]
        );
        // A discovered story has no sub-stories of its own.
        assert_eq!(groups(&topic_timeline(&views, &site.topics[1])), vec![None]);
    }

    #[test]
    fn one_story_covering_a_topic_is_no_grouping() {
        let config = crate::config::Config::default();
        let site = site(
            vec![
                event("a", 1, &["harbour", "cranes"]),
                event("b", 2, &["harbour", "cranes"]),
            ],
            vec![
                topic("harbour", vec![0, 1], false),
                topic("cranes", vec![0, 1], true),
            ],
        );
        let views = Views::new(&site, &config);
        let doc = topic_timeline(&views, &site.topics[0]);
        assert_eq!(groups(&doc), vec![None, None]);
        let json = serde_json::to_string(&doc).unwrap();
        assert!(!json.contains("\"group\""), "{json}");
    }

    #[test]
    fn timeline_dates_keep_only_the_known_precision() {
        let at = local("2026-02-08 17:46");
        let json = |p| serde_json::to_value(TimelineDate::new(at, p, "CET")).unwrap();
        assert_eq!(
            json(Precision::Minute),
            serde_json::json!({"year": 2026, "month": 2, "day": 8, "hour": 17, "minute": 46,
                "display_date": "8 February 2026, 17:46 CET"})
        );
        assert_eq!(
            json(Precision::Day),
            serde_json::json!({"year": 2026, "month": 2, "day": 8, "display_date": "8 February 2026"})
        );
        assert_eq!(
            json(Precision::Month),
            serde_json::json!({"year": 2026, "month": 2, "display_date": "February 2026"})
        );
        assert_eq!(
            json(Precision::Year),
            serde_json::json!({"year": 2026, "display_date": "2026"})
        );
    }
}
