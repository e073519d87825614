//! The view structs templates receive: borrowed from the model, serializable, with every date
//! already formatted, so templates never compute and never see a raw model type.
//!
//! Views also decide links: every URL a template prints is either built here from slugs and
//! days (always safe path components) or passed through `text::safe_url`, so a template cannot
//! turn an article's `javascript:` URL into a link by accident.

use crate::config::Config;
use crate::model::{Digest, Event, Site, Timeline, Topic};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use std::collections::BTreeMap;

mod entity;
mod labels;
mod pages;

pub use entity::{EntityLink, EntityPageView, EntityPart, EntityYearLink};
pub use labels::{DayLabel, MONTH_JUMPS_AFTER_DAYS, MonthJump, TimeLabel, month_jumps};
pub use pages::{Page, PageKey, PageView};

/// Site-wide settings every page shows.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub language: &'a str,
    pub base_url: Option<&'a str>,
    pub time_zone: &'a str,
    /// Embed the TimelineJS viewer on topic pages (`[site] timelinejs_embed`).
    pub timelinejs_embed: bool,
}

/// One source of an event.
#[derive(Debug, Clone, Serialize)]
pub struct SourceView<'a> {
    pub name: &'a str,
    pub url: Option<&'a str>,
}

/// A link to a topic page.
#[derive(Debug, Clone, Serialize)]
pub struct TopicLink<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    /// Relative to the site root, e.g. `topics/us-iran-negotiations/`.
    pub path: String,
}

/// One event as shown on topic and digest pages.
#[derive(Debug, Clone, Serialize)]
pub struct EventView<'a> {
    pub id: &'a str,
    /// Fragment id for permalinks, `e-<id>`.
    pub anchor: String,
    /// Site-relative link to its full entry (`event_permalink`).
    pub permalink: String,
    /// `e-<article id>` of its other articles: an event that gains an earlier article changes
    /// its id, and these keep every anchor it had reachable (see `render::archive`).
    pub aliases: Vec<String>,
    pub headline: &'a str,
    pub summary: &'a str,
    pub section: Option<&'a str>,
    pub day: DayLabel,
    /// The day it happened, when the text names one other than `day` (the day it was
    /// reported): pages then show both.
    pub happened: Option<DayLabel>,
    /// `None` when the source gave only a day.
    pub time: Option<TimeLabel>,
    pub updated: Option<TimeLabel>,
    pub sources: Vec<SourceView<'a>>,
    /// How many articles reported it (shown as "N sources" when more than one).
    pub source_count: usize,
    pub topics: Vec<TopicLink<'a>>,
    /// The first safe source link, for the headline.
    pub url: Option<&'a str>,
}

/// An event as a page lists it: its `EventView`, made once for the whole site, and turned into
/// a template value once, the first time a page that lists it is rendered. An event is listed
/// on the pages of its topics, its day and its entities (dozens of pages for a big story), and
/// turning its view into a value on every page cost as much as rendering the pages; a build
/// that keeps most pages from the previous one (`render::fingerprint`) renders few of them, so
/// most events never need a value at all.
#[derive(Debug, Clone)]
pub struct ListedEvent<'a>(std::sync::Arc<Listed<'a>>);

/// What a `ListedEvent` shares.
#[derive(Debug)]
pub struct Listed<'a> {
    view: EventView<'a>,
    /// The hash of `view` as JSON, which stands for the event in a page's fingerprint
    /// (`render::fingerprint`); `None` if it could not be hashed, and then no page that lists
    /// the event has a fingerprint.
    hash: Option<u64>,
    /// `view` as a template value, made when first rendered.
    value: std::sync::OnceLock<tera::Value>,
}

impl<'a> Listed<'a> {
    fn new(view: EventView<'a>) -> Self {
        Listed {
            hash: crate::render::fingerprint::json_hash(&view),
            view,
            value: std::sync::OnceLock::new(),
        }
    }
}

impl Serialize for ListedEvent<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let listed = &self.0;
        if crate::render::fingerprint::hashing_views() {
            return match listed.hash {
                Some(hash) => serializer.serialize_u64(hash),
                None => Err(serde::ser::Error::custom("an event view without a hash")),
            };
        }
        // An `EventView` holds only strings, numbers, options and lists, which always become
        // template values. Tera's own serializer clones the value (reference counted) rather
        // than walking it.
        let value = listed
            .value
            .get_or_init(|| tera::Value::from_serializable(&listed.view));
        value.serialize(serializer)
    }
}

/// A topic as listed on the index and heading its own page.
#[derive(Debug, Clone, Serialize)]
pub struct TopicSummary<'a> {
    pub link: TopicLink<'a>,
    pub description: Option<&'a str>,
    pub event_count: usize,
    pub first: Option<DayLabel>,
    pub last: Option<DayLabel>,
    pub latest_headline: Option<&'a str>,
    /// Time of the latest event, for feeds and Markdown front matter.
    pub updated: Option<String>,
    /// Its main entities, linked to their pages when they have one.
    pub entities: Vec<EntityLink<'a>>,
    /// Found by story discovery rather than configured.
    pub discovered: bool,
}

/// A day heading on a topic page.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineDayView<'a> {
    pub day: DayLabel,
    /// Relative to the site root, e.g. `digest/2026-02-08/`.
    pub digest_path: String,
    pub events: Vec<ListedEvent<'a>>,
}

/// A link to one daily digest.
#[derive(Debug, Clone, Serialize)]
pub struct DigestLink {
    pub day: DayLabel,
    pub path: String,
    pub event_count: usize,
}

/// One topic's part of a digest.
#[derive(Debug, Clone, Serialize)]
pub struct DigestSectionView<'a> {
    pub topic: TopicLink<'a>,
    pub events: Vec<ListedEvent<'a>>,
}

/// The home page.
#[derive(Debug, Clone, Serialize)]
pub struct IndexPage<'a> {
    pub site: SiteView<'a>,
    pub topics: Vec<TopicSummary<'a>>,
    pub recent_digests: Vec<DigestLink>,
    pub event_count: usize,
    pub article_count: usize,
}

/// A topic's timeline page.
#[derive(Debug, Clone, Serialize)]
pub struct TopicPage<'a> {
    pub site: SiteView<'a>,
    pub topic: TopicSummary<'a>,
    pub days: Vec<TimelineDayView<'a>>,
    /// The months of `days`, in the same order, when the topic has more than
    /// `MONTH_JUMPS_AFTER_DAYS` days: a page then offers a link per month rather than a wall of
    /// day links. Empty otherwise.
    pub months: Vec<MonthJump>,
    /// The summary shown first on long topics; empty otherwise.
    pub key_dates: Vec<KeyDateView<'a>>,
    /// Outlets and entities for the filters the script adds (see `render::archive`).
    pub filters: super::archive::TopicFilters<'a>,
}

/// One key date of a topic's summary.
#[derive(Debug, Clone, Serialize)]
pub struct KeyDateView<'a> {
    pub day: DayLabel,
    pub sentences: Vec<KeySentenceView<'a>>,
    /// How many articles refer to the day.
    pub mentioned_by: usize,
}

/// A sentence of a key date, with the event it comes from.
#[derive(Debug, Clone, Serialize)]
pub struct KeySentenceView<'a> {
    pub text: &'a str,
    /// The event's fragment id on the topic page (`e-<id>`).
    pub anchor: String,
    /// The source's name and safe link.
    pub source: &'a str,
    pub url: Option<&'a str>,
}

/// One day's digest page.
#[derive(Debug, Clone, Serialize)]
pub struct DigestPage<'a> {
    pub site: SiteView<'a>,
    pub day: DayLabel,
    pub path: String,
    pub sections: Vec<DigestSectionView<'a>>,
    pub other: Vec<ListedEvent<'a>>,
    pub event_count: usize,
    pub previous: Option<DigestLink>,
    pub next: Option<DigestLink>,
    /// Names of the topics that day, for front matter taxonomies.
    pub topic_names: Vec<&'a str>,
}

/// The list of all digests, newest first.
#[derive(Debug, Clone, Serialize)]
pub struct DigestIndexPage<'a> {
    pub site: SiteView<'a>,
    pub digests: Vec<DigestLink>,
}

/// Builds views from the site model; holds what every view needs.
pub struct Views<'a> {
    pub site: &'a Site,
    pub config: &'a Config,
    pub site_tz: Tz,
    /// Each event's view, made once, when a page first lists it (see `ListedEvent`).
    listed: Vec<std::sync::OnceLock<std::sync::Arc<Listed<'a>>>>,
    /// The pages an incremental build must make again (`reusing`); `None` makes every page.
    remake: Option<pages::Remake>,
    /// For each event, the entity pages that list it (indices, in entity order), made once.
    entities_by_event: std::sync::OnceLock<Vec<Vec<usize>>>,
    /// How many events each day has, made once (`events_per_day`).
    per_day: std::sync::OnceLock<BTreeMap<NaiveDate, usize>>,
    /// The first entity page of each name, made once (`entity_link`).
    entity_by_name: std::sync::OnceLock<crate::text::FastMap<&'a str, usize>>,
}

impl<'a> Views<'a> {
    pub fn new(site: &'a Site, config: &'a Config) -> Self {
        Views {
            site,
            config,
            site_tz: config.site_tz(),
            listed: (0..site.events.len())
                .map(|_| std::sync::OnceLock::new())
                .collect(),
            remake: None,
            entities_by_event: std::sync::OnceLock::new(),
            per_day: std::sync::OnceLock::new(),
            entity_by_name: std::sync::OnceLock::new(),
        }
    }

    pub fn site_view(&self) -> SiteView<'a> {
        let s = &self.config.site;
        SiteView {
            title: &s.title,
            description: s.description.as_deref(),
            language: &s.language,
            base_url: s.base_url.as_deref(),
            time_zone: &s.time_zone,
            timelinejs_embed: s.timelinejs_embed,
        }
    }

    pub fn topic_link(&self, topic: &'a Topic) -> TopicLink<'a> {
        TopicLink {
            name: &topic.name,
            slug: &topic.slug,
            path: topic_path(&topic.slug),
        }
    }

    fn topic_by_slug(&self, slug: &str) -> Option<&'a Topic> {
        self.site.topics.iter().find(|t| t.slug == slug)
    }

    pub fn event(&self, index: usize) -> EventView<'a> {
        let event: &'a Event = &self.site.events[index];
        let sources: Vec<SourceView<'a>> = event
            .sources
            .iter()
            .map(|s| SourceView {
                name: &s.name,
                url: s.url.as_deref(),
            })
            .collect();
        EventView {
            id: &event.id,
            anchor: event_anchor(event),
            permalink: event_permalink(event),
            aliases: super::archive::event_aliases(self.site, event),
            headline: &event.headline,
            summary: &event.summary,
            section: event.section.as_deref(),
            day: DayLabel::new(event.day),
            happened: (event.happened != event.day).then(|| DayLabel::new(event.happened)),
            time: (!event.date_only).then(|| TimeLabel::new(event.published, self.site_tz)),
            updated: event.updated.map(|u| TimeLabel::new(u, self.site_tz)),
            url: sources.iter().find_map(|s| s.url),
            source_count: event.articles.len().max(sources.len()),
            sources,
            topics: event
                .topics
                .iter()
                .filter_map(|slug| self.topic_by_slug(slug))
                .map(|t| self.topic_link(t))
                .collect(),
        }
    }

    /// Makes every event's listing, on all cores (for a build that makes every page).
    pub fn list_all_events(&self) {
        use rayon::prelude::*;
        (0..self.listed.len()).into_par_iter().for_each(|e| {
            self.listed_event(e);
        });
    }

    /// The entity pages that list the event at `index`, in entity order.
    pub fn entities_of_event(&self, index: usize) -> &[usize] {
        let by_event = self.entities_by_event.get_or_init(|| {
            let mut by_event = vec![Vec::new(); self.site.events.len()];
            for (n, entity) in self.site.entities.iter().enumerate() {
                for &e in &entity.events {
                    if let Some(list) = by_event.get_mut(e) {
                        list.push(n);
                    }
                }
            }
            by_event
        });
        by_event.get(index).map_or(&[], Vec::as_slice)
    }

    /// How many events each day has (by `Event::day`), counted once for every archive page.
    pub fn events_per_day(&self) -> &BTreeMap<NaiveDate, usize> {
        self.per_day.get_or_init(|| {
            let mut per_day = BTreeMap::new();
            for event in &self.site.events {
                *per_day.entry(event.day).or_default() += 1;
            }
            per_day
        })
    }

    /// The event at `index` as pages list it.
    pub fn listed_event(&self, index: usize) -> ListedEvent<'a> {
        let listed =
            self.listed[index].get_or_init(|| std::sync::Arc::new(Listed::new(self.event(index))));
        ListedEvent(listed.clone())
    }

    pub fn topic_summary(&self, topic: &'a Topic) -> TopicSummary<'a> {
        let events = &self.site.events;
        let first = topic.events.first().map(|&e| events[e].day);
        let last = topic.events.iter().map(|&e| events[e].day).max();
        let latest = topic.events.iter().max_by_key(|&&e| events[e].published);
        TopicSummary {
            link: self.topic_link(topic),
            description: topic.description.as_deref(),
            event_count: topic.events.len(),
            first: first.map(DayLabel::new),
            last: last.map(DayLabel::new),
            latest_headline: latest.map(|&e| events[e].headline.as_str()),
            // A day-only source gives a day, not the UTC instant of some midnight.
            updated: latest.map(|&e| {
                if events[e].date_only {
                    events[e].day.format("%Y-%m-%d").to_string()
                } else {
                    rfc3339(events[e].published)
                }
            }),
            entities: topic.entities.iter().map(|n| self.entity_link(n)).collect(),
            discovered: topic.discovered,
        }
    }

    pub fn digest_link(&self, digest: &Digest) -> DigestLink {
        DigestLink {
            day: DayLabel::new(digest.day),
            path: digest_path(digest.day),
            event_count: digest_event_count(digest),
        }
    }

    fn digest_link_for_day(&self, day: NaiveDate) -> Option<DigestLink> {
        self.site
            .digests
            .iter()
            .find(|d| d.day == day)
            .map(|d| self.digest_link(d))
    }

    pub fn index_page(&self) -> IndexPage<'a> {
        IndexPage {
            site: self.site_view(),
            topics: self
                .index_order()
                .into_iter()
                .map(|t| self.topic_summary(&self.site.topics[t]))
                .collect(),
            recent_digests: self
                .site
                .digests
                .iter()
                .rev()
                .take(self.config.build.recent_digests)
                .map(|d| self.digest_link(d))
                .collect(),
            event_count: self.site.events.len(),
            article_count: self.site.articles.len(),
        }
    }

    pub fn topic_page(&self, timeline: &'a Timeline) -> TopicPage<'a> {
        let topic = &self.site.topics[timeline.topic];
        let days: Vec<TimelineDayView> = timeline
            .days
            .iter()
            .map(|d| TimelineDayView {
                day: DayLabel::new(d.day),
                digest_path: digest_path(d.day),
                events: d.events.iter().map(|&e| self.listed_event(e)).collect(),
            })
            .collect();
        let months = if days.len() > MONTH_JUMPS_AFTER_DAYS {
            month_jumps(timeline.days.iter().map(|d| (d.day, d.events.len())))
        } else {
            Vec::new()
        };
        TopicPage {
            site: self.site_view(),
            topic: self.topic_summary(topic),
            filters: self.topic_filters(topic),
            key_dates: timeline
                .key_dates
                .iter()
                .map(|k| self.key_date(k))
                .collect(),
            days,
            months,
        }
    }

    pub fn digest_page(&self, digest: &'a Digest) -> DigestPage<'a> {
        let sections: Vec<DigestSectionView<'a>> = digest
            .sections
            .iter()
            .map(|s| DigestSectionView {
                topic: self.topic_link(&self.site.topics[s.topic]),
                events: s.events.iter().map(|&e| self.listed_event(e)).collect(),
            })
            .collect();
        DigestPage {
            site: self.site_view(),
            day: DayLabel::new(digest.day),
            path: digest_path(digest.day),
            topic_names: sections.iter().map(|s| s.topic.name).collect(),
            sections,
            other: digest.other.iter().map(|&e| self.listed_event(e)).collect(),
            event_count: digest_event_count(digest),
            previous: digest.previous.and_then(|d| self.digest_link_for_day(d)),
            next: digest.next.and_then(|d| self.digest_link_for_day(d)),
        }
    }

    pub fn digest_index_page(&self) -> DigestIndexPage<'a> {
        DigestIndexPage {
            site: self.site_view(),
            digests: self
                .site
                .digests
                .iter()
                .rev()
                .map(|d| self.digest_link(d))
                .collect(),
        }
    }
}

impl<'a> Views<'a> {
    /// A key date with each sentence linked to its event on the topic page.
    pub fn key_date(&self, key: &'a crate::model::KeyDate) -> KeyDateView<'a> {
        KeyDateView {
            day: DayLabel::new(key.day),
            mentioned_by: key.mentioned_by,
            sentences: key
                .sentences
                .iter()
                .filter_map(|s| {
                    let event = self.site.events.get(s.event)?;
                    let path = &self.site.articles.get(s.article)?.path;
                    let source = event
                        .sources
                        .iter()
                        .find(|src| &src.path == path)
                        .or(event.sources.first())?;
                    Some(KeySentenceView {
                        text: &s.text,
                        anchor: event_anchor(event),
                        source: &source.name,
                        url: source.url.as_deref(),
                    })
                })
                .collect(),
        }
    }
}

/// The fragment id of an event on topic and digest pages.
pub fn event_anchor(event: &Event) -> String {
    format!("e-{}", crate::text::slugify(&event.id))
}

/// Site-relative link to an event's full entry: its anchor on the page of its first topic, or
/// on its day's digest when it is in no topic.
pub fn event_permalink(event: &Event) -> String {
    let page = match event.topics.first() {
        Some(slug) => topic_path(slug),
        None => digest_path(event.day),
    };
    format!("{page}#{}", event_anchor(event))
}

/// Distinct events of a digest (an event in two topics counts once).
fn digest_event_count(digest: &Digest) -> usize {
    let mut all: Vec<usize> = digest
        .sections
        .iter()
        .flat_map(|s| s.events.iter().copied())
        .chain(digest.other.iter().copied())
        .collect();
    all.sort_unstable();
    all.dedup();
    all.len()
}

fn rfc3339(instant: DateTime<Utc>) -> String {
    instant.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Site-relative folder of a topic page. Slugs are checked ASCII, so this stays inside the site.
pub fn topic_path(slug: &str) -> String {
    format!("topics/{slug}/")
}

/// Site-relative folder of an entity page. Slugs are ASCII, so this stays inside the site.
pub fn entity_path(slug: &str) -> String {
    format!("entities/{slug}/")
}

/// Site-relative folder of a digest page.
pub fn digest_path(day: NaiveDate) -> String {
    format!("digest/{}/", day.format("%Y-%m-%d"))
}
