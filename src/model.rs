//! The model types every stage passes along: `Article`, `Event`, `Topic`, `Timeline`, `Digest`.
//!
//! They live in one place so each stage can be read as "this type in, that type out". They hold
//! plain data and do no I/O; formatting for people happens in `render::views`, not here.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

/// The input format an article was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InputFormat {
    /// Markdown with TOML (`+++`) or YAML (`---`) front matter.
    Markdown,
    /// A scraped page like the seed: a `date … Section` line, stamps, and the page rendered twice.
    Scraped,
    /// Plain text: a title line, then paragraphs; the date comes from the path.
    PlainText,
    /// JSON: one article object, a list of them, or an object holding such a list.
    Json,
    /// JSON Lines (`.jsonl`, `.ndjson`): one article object per line.
    JsonLines,
    /// An RSS 2.0, Atom or JSON Feed file: one article per item.
    Feed,
    /// Wire copy with `-- ` header lines (title, byline, stamp, URL), as in the Reuters corpus.
    Wire,
    /// A saved web page: metadata, dates and the article text are extracted from the HTML.
    Html,
}

/// A date and time exactly as a source states it: local wall time, and the offset if stated.
///
/// Keeping "no offset stated" apart from "UTC" lets `annals extract` echo the source faithfully,
/// while `instant` resolves the stamp in the site time zone when the source is silent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Stamp {
    pub local: NaiveDateTime,
    pub stated_offset: Option<FixedOffset>,
    /// The source gave a day only; `local` is then midnight.
    pub date_only: bool,
}

impl Stamp {
    /// The calendar day as the source states it.
    pub fn day(&self) -> NaiveDate {
        self.local.date()
    }

    /// The moment this stamp names, reading an unstated offset in `site_tz`.
    pub fn instant(&self, site_tz: chrono_tz::Tz) -> DateTime<Utc> {
        match self.stated_offset {
            Some(offset) => (self.local - offset).and_utc(),
            None => site_tz
                .from_local_datetime(&self.local)
                .earliest()
                .map(|t| t.with_timezone(&Utc))
                .or_else(|| {
                    // A wall time skipped by a DST jump: read it as the same time an hour later.
                    site_tz
                        .from_local_datetime(&(self.local + chrono::Duration::hours(1)))
                        .earliest()
                        .map(|t| t.with_timezone(&Utc))
                })
                .unwrap_or_else(|| self.local.and_utc()),
        }
    }

    /// RFC 3339 with the stated offset (`Z` for UTC), without one when none was stated, and
    /// just the day for day-only stamps.
    pub fn to_rfc3339(&self) -> String {
        if self.date_only && self.stated_offset.is_none() {
            return self.local.format("%Y-%m-%d").to_string();
        }
        let local = self.local.format("%Y-%m-%dT%H:%M:%S");
        match self.stated_offset {
            Some(offset) if offset.local_minus_utc() == 0 => format!("{local}Z"),
            Some(offset) => format!("{local}{offset}"),
            None => local.to_string(),
        }
    }
}

impl Serialize for Stamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_rfc3339())
    }
}

/// One article as read from a file (a file may hold several), before any interpretation beyond
/// its own fields.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Article {
    /// Stable id: the source's own id when it has one, otherwise derived from the path.
    pub id: String,
    /// Path relative to the content folder, with `/` separators.
    pub path: String,
    pub format: InputFormat,
    pub title: String,
    /// The page section ("International"), when the source states one.
    pub section: Option<String>,
    /// When it was published, as the source states it.
    pub published: Stamp,
    /// When it was last updated, if the source says so.
    pub updated: Option<Stamp>,
    /// One paragraph that says what the article is about.
    pub summary: String,
    /// Plain text, paragraphs separated by a blank line.
    pub body: String,
    /// Body rendered as HTML when the source is Markdown; `None` means "render `body` as text".
    pub body_html: Option<String>,
    /// Topic names or slugs the source itself assigns (front matter `topics`).
    pub topics: Vec<String>,
    /// Outlet name ("Reuters"), when known.
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub lang: Option<String>,
    pub author: Option<String>,
    /// Where the reported events happened, when the source says so (a wire dateline's place).
    pub location: Option<String>,
    /// Every path this article was read from, `path` first: the same article found in several
    /// files is kept once (see `ingest::merge_duplicates`).
    pub origins: Vec<String>,
    /// Non-fatal problems met while reading this file.
    pub warnings: Vec<String>,
}

impl Article {
    /// An article with a path and a publication stamp and every other field empty (the id is
    /// the path, the format Markdown): a base that readers' tests and stage tests fill in with
    /// struct update syntax, so a new field is added here once.
    pub fn new(path: impl Into<String>, published: Stamp) -> Article {
        let path = path.into();
        Article {
            id: path.clone(),
            origins: Vec::new(),
            path,
            format: InputFormat::Markdown,
            title: String::new(),
            section: None,
            published,
            updated: None,
            summary: String::new(),
            body: String::new(),
            body_html: None,
            topics: Vec::new(),
            outlet: None,
            url: None,
            lang: None,
            author: None,
            location: None,
            warnings: Vec::new(),
        }
    }
}

/// One source that reported an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// The outlet name, or the file name when no outlet is known.
    pub name: String,
    /// A safe link (http, https or relative), if any.
    pub url: Option<String>,
    /// The content path of the article this source came from.
    pub path: String,
}

/// One dated development, built from one or more articles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Stable id derived from the first article's id.
    pub id: String,
    pub headline: String,
    pub summary: String,
    pub section: Option<String>,
    /// When it was first reported.
    pub published: DateTime<Utc>,
    /// Whether the source gave only a day, so no time of day is shown.
    pub date_only: bool,
    pub updated: Option<DateTime<Utc>>,
    /// The calendar day in the site time zone (digest days follow it).
    pub day: NaiveDate,
    /// The day it happened: the day the article's title or lead clearly names (`yesterday`,
    /// `on Friday`), else `day`. Topic timelines place events on this day.
    pub happened: NaiveDate,
    pub sources: Vec<Source>,
    /// Indices into the article list this event was built from.
    pub articles: Vec<usize>,
    /// Slugs of the topics this event belongs to, in topic order.
    pub topics: Vec<String>,
    /// For a later burst of a development that ran longer than the event window: the id of
    /// the development's first event (see `coverage::split_into_bursts`).
    pub follows: Option<String>,
}

/// How precisely a date mention names its time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    Day,
    Week,
    Month,
    Year,
}

/// A date expression found in text (`March 5`, `yesterday`, `in 2009`) placed on the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateMention {
    /// Byte range in the text it was found in (for an article, its `body`).
    pub start: usize,
    pub end: usize,
    pub granularity: Granularity,
    /// The first day it covers: the day, the Monday of a week, the 1st of a month, 1 January.
    pub value: NaiveDate,
    /// Resolved against the publication day (`yesterday`, `Friday`, `March 5`).
    pub relative: bool,
}

/// One sentence of an article's body, its date mentions and the day it is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatedSentence {
    /// Byte range in the article's `body`.
    pub start: usize,
    pub end: usize,
    pub mentions: Vec<DateMention>,
    /// Its first day mention; else the publication day, unless a week, month or year mention
    /// places it at another time.
    pub day: Option<NaiveDate>,
}

/// When an article's contents happened, as the extract stage reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleDates {
    /// The publication day as the source states it: the anchor of relative mentions.
    pub published: NaiveDate,
    pub sentences: Vec<DatedSentence>,
    /// The day its main event happened, when the title or lead says so clearly.
    pub happened: Option<NaiveDate>,
}

/// A configured (or later, discovered) topic with its events, newest last.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Topic {
    pub name: String,
    pub slug: String,
    pub description: Option<String>,
    /// Indices into the event list, in chronological order.
    pub events: Vec<usize>,
    /// Names of its main entities (people, places, organisations), most telling first.
    pub entities: Vec<String>,
    /// Found by story discovery rather than configured or named in front matter.
    pub discovered: bool,
}

/// A named entity with a page of its own: its events across all topics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityPage {
    pub name: String,
    pub slug: String,
    /// Indices into the event list, in chronological order.
    pub events: Vec<usize>,
    /// Indices of the topics that list it among their main entities, in topic order.
    pub topics: Vec<usize>,
}

/// A topic's events grouped under day headings, in the order the site shows them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timeline {
    pub topic: usize,
    pub days: Vec<TimelineDay>,
    /// The summary of a long topic: its key dates, in chronological order (empty otherwise).
    pub key_dates: Vec<KeyDate>,
}

/// One key date of a topic and the sentences that best say what happened on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyDate {
    pub day: NaiveDate,
    pub sentences: Vec<KeySentence>,
    /// How many of the topic's articles refer to the day in their text.
    pub mentioned_by: usize,
    /// How many of the topic's articles were published on the day.
    pub published: usize,
}

/// A sentence chosen for a key date, the article it comes from and that article's event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeySentence {
    pub text: String,
    pub article: usize,
    pub event: usize,
}

/// One day heading of a timeline with its events, in chronological order within the day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineDay {
    pub day: NaiveDate,
    pub events: Vec<usize>,
}

/// Everything of one day: a section per topic in topic order, then the events of no topic.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Digest {
    pub day: NaiveDate,
    pub sections: Vec<DigestSection>,
    /// Events that fit no topic ("Other news").
    pub other: Vec<usize>,
    pub previous: Option<NaiveDate>,
    pub next: Option<NaiveDate>,
}

/// The events of one topic on a digest's day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DigestSection {
    pub topic: usize,
    pub events: Vec<usize>,
}

/// A file that could not be read as an article, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub path: String,
    pub reason: String,
}

/// What an incremental build changed in the model it extended, as indices into the new model:
/// the events it added or altered (with the days they were and are on), the topics and entity
/// pages that gained events. A page that none of these reach shows what it showed when the
/// extended model was rendered, so that page is kept without being made again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    pub events: std::collections::BTreeSet<usize>,
    pub days: std::collections::BTreeSet<NaiveDate>,
    pub topics: std::collections::BTreeSet<usize>,
    pub entities: std::collections::BTreeSet<usize>,
}

/// The whole site model after the pipeline: what `render` turns into pages.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Site {
    pub articles: Vec<Article>,
    pub events: Vec<Event>,
    pub topics: Vec<Topic>,
    pub timelines: Vec<Timeline>,
    pub digests: Vec<Digest>,
    /// Entities with pages, in name order.
    pub entities: Vec<EntityPage>,
    /// When each article's contents happened, index-aligned with `articles`.
    pub dates: Vec<ArticleDates>,
}
