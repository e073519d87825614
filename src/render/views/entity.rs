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

/// One entity's page: its events across topics, under day headings.
#[derive(Debug, Clone, Serialize)]
pub struct EntityPageView<'a> {
    pub site: SiteView<'a>,
    pub name: &'a str,
    pub path: String,
    pub event_count: usize,
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

    /// One entity's page, with its days in the configured timeline order.
    pub fn entity_page(&self, entity: &'a crate::model::EntityPage) -> EntityPageView<'a> {
        let events = &self.site.events;
        let mut days: std::collections::BTreeMap<NaiveDate, Vec<usize>> =
            std::collections::BTreeMap::new();
        for &e in &entity.events {
            days.entry(events[e].day).or_default().push(e);
        }
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
        EntityPageView {
            site: self.site_view(),
            name: &entity.name,
            path: entity_path(&entity.slug),
            event_count: entity.events.len(),
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
