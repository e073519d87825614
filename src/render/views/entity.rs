//! The views of entity pages (a person's, a place's or an organization's events across
//! topics) and the entity links other pages print.
//!
//! Why it is separate: entity pages are a page kind of their own, built from
//! `Site::entities` rather than from a topic or a day; keeping them here keeps `views.rs` to
//! the shared view structs and the topic and digest pages.

use super::{
    DayLabel, SiteView, TimelineDayView, TopicLink, Views, digest_path, entity_path, rfc3339,
};
use chrono::NaiveDate;
use serde::Serialize;

/// An entity's name and, when it has a page, the link to it.
#[derive(Debug, Clone, Serialize)]
pub struct EntityLink<'a> {
    pub name: &'a str,
    /// Relative to the site root, e.g. `entities/sergey-lavrov/`.
    pub path: Option<String>,
}

/// Which part of an entity's timeline a page shows. An entity with more events than
/// `[build] entity_page_events` gets its latest ones on its main page and every year on a page
/// of its own (`entities/<slug>/<year>/`): an event stays at the same address as the entity
/// gains events, and no page grows with the size of the corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntityPart {
    /// The main page: every event, or the latest ones when the entity has a page per year.
    Main,
    Year(i32),
}

/// Site-relative folder of one page of an entity, e.g. `entities/asia/2008/`.
pub fn entity_part_path(slug: &str, part: EntityPart) -> String {
    match part {
        EntityPart::Main => entity_path(slug),
        EntityPart::Year(year) => format!("{}{year}/", entity_path(slug)),
    }
}

/// A link to one year's page of a big entity.
#[derive(Debug, Clone, Serialize)]
pub struct EntityYearLink {
    pub year: i32,
    pub events: usize,
    /// Relative to the site root, e.g. `entities/asia/2008/`.
    pub path: String,
    /// Whether this is the page being shown.
    pub current: bool,
}

/// One entity's page: its events across topics, under day headings.
#[derive(Debug, Clone, Serialize)]
pub struct EntityPageView<'a> {
    pub site: SiteView<'a>,
    pub name: &'a str,
    /// This page's folder; `entity_path` is the entity's main page.
    pub path: String,
    pub entity_path: String,
    /// All the entity's events, on every page.
    pub event_count: usize,
    /// The events this page lists.
    pub shown: usize,
    /// The year this page shows, on a year page.
    pub year: Option<i32>,
    /// A link to every year's page, oldest first; empty when every event is on the main page.
    pub years: Vec<EntityYearLink>,
    pub first: Option<DayLabel>,
    pub last: Option<DayLabel>,
    /// The topics that list it among their main entities.
    pub topics: Vec<TopicLink<'a>>,
    pub days: Vec<TimelineDayView<'a>>,
    /// Time of the latest event, for Markdown front matter.
    pub updated: Option<String>,
}

impl<'a> Views<'a> {
    /// An entity's name with a link to its page (the first with that name), if it has one.
    pub fn entity_link(&self, name: &'a str) -> EntityLink<'a> {
        // Looked up by name in a map made once: every topic summary links its main names, and
        // a big corpus has thousands of entity pages.
        let by_name = self.entity_by_name.get_or_init(|| {
            let mut by_name = crate::text::FastMap::default();
            for (n, entity) in self.site.entities.iter().enumerate() {
                by_name.entry(entity.name.as_str()).or_insert(n);
            }
            by_name
        });
        EntityLink {
            name,
            path: by_name
                .get(name)
                .map(|&n| entity_path(&self.site.entities[n].slug)),
        }
    }

    /// The years of `entity`'s events with their counts, oldest first, when it has more
    /// events than one page lists (`[build] entity_page_events`); empty otherwise.
    pub fn entity_years(&self, entity: &crate::model::EntityPage) -> Vec<(i32, usize)> {
        use chrono::Datelike;
        let limit = self.config.build.entity_page_events;
        if limit == 0 || entity.events.len() <= limit {
            return Vec::new();
        }
        let mut years: std::collections::BTreeMap<i32, usize> = std::collections::BTreeMap::new();
        for &e in &entity.events {
            *years.entry(self.site.events[e].day.year()).or_default() += 1;
        }
        years.into_iter().collect()
    }

    /// One page of an entity (see `EntityPart`), with its days in the configured timeline
    /// order.
    pub fn entity_page(
        &self,
        entity: &'a crate::model::EntityPage,
        part: EntityPart,
    ) -> EntityPageView<'a> {
        use chrono::Datelike;
        let events = &self.site.events;
        let years = self.entity_years(entity);
        // `EntityPage::events` is in chronological order, so the latest are the last ones.
        let listed: &[usize] = match part {
            EntityPart::Main if !years.is_empty() => {
                let limit = self.config.build.entity_page_events;
                &entity.events[entity.events.len() - limit..]
            }
            _ => &entity.events,
        };
        let mut days: std::collections::BTreeMap<NaiveDate, Vec<usize>> =
            std::collections::BTreeMap::new();
        for &e in listed {
            if let EntityPart::Year(year) = part
                && events[e].day.year() != year
            {
                continue;
            }
            days.entry(events[e].day).or_default().push(e);
        }
        let shown = days.values().map(Vec::len).sum();
        let mut days: Vec<TimelineDayView<'a>> = days
            .into_iter()
            .map(|(day, list)| TimelineDayView {
                day: DayLabel::new(day),
                digest_path: digest_path(day),
                events: list.iter().map(|&e| self.listed_event(e)).collect(),
            })
            .collect();
        if self.config.build.timeline_order == crate::config::TimelineOrder::NewestFirst {
            days.reverse();
        }
        let first = entity.events.iter().map(|&e| events[e].day).min();
        let last = entity.events.iter().map(|&e| events[e].day).max();
        let latest = entity.events.iter().max_by_key(|&&e| events[e].published);
        let main_path = entity_path(&entity.slug);
        let year_path = |year: i32| entity_part_path(&entity.slug, EntityPart::Year(year));
        EntityPageView {
            site: self.site_view(),
            name: &entity.name,
            path: entity_part_path(&entity.slug, part),
            event_count: entity.events.len(),
            shown,
            year: match part {
                EntityPart::Main => None,
                EntityPart::Year(year) => Some(year),
            },
            years: years
                .iter()
                .map(|&(year, count)| EntityYearLink {
                    year,
                    events: count,
                    path: year_path(year),
                    current: part == EntityPart::Year(year),
                })
                .collect(),
            entity_path: main_path,
            first: first.map(DayLabel::new),
            last: last.map(DayLabel::new),
            topics: entity
                .topics
                .iter()
                .map(|&t| self.topic_link(&self.site.topics[t]))
                .collect(),
            days,
            updated: latest.map(|&e| {
                if events[e].date_only {
                    events[e].day.format("%Y-%m-%d").to_string()
                } else {
                    rfc3339(events[e].published)
                }
            }),
        }
    }
}
