//! Arranges grouped events for reading: a timeline per topic (events under day headings) and a
//! digest per day (a section per topic, then the events of no topic).
//!
//! This stage decides order, not looks: newest or oldest day first, topic order in digests, and
//! the previous and next day links. Picking key dates and sentences for long topics also
//! belongs here.

pub mod keydates;
mod sentences;
mod topicsentences;
mod vectors;

use crate::config::TimelineOrder;
use crate::model::{Digest, DigestSection, Event, Timeline, TimelineDay, Topic};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// One timeline per topic, with days in the configured order and events in time order.
pub fn build_timelines(topics: &[Topic], events: &[Event], order: TimelineOrder) -> Vec<Timeline> {
    topics
        .iter()
        .enumerate()
        .map(|(topic_index, topic)| {
            let mut days: BTreeMap<NaiveDate, Vec<usize>> = BTreeMap::new();
            for &e in &topic.events {
                days.entry(events[e].happened).or_default().push(e);
            }
            let mut days: Vec<TimelineDay> = days
                .into_iter()
                .map(|(day, events)| TimelineDay { day, events })
                .collect();
            if order == TimelineOrder::NewestFirst {
                days.reverse();
            }
            Timeline {
                topic: topic_index,
                days,
                key_dates: Vec::new(),
            }
        })
        .collect()
}

/// One digest per day that has events, oldest first, linked to the days before and after.
pub fn build_digests(topics: &[Topic], events: &[Event]) -> Vec<Digest> {
    let mut by_day: BTreeMap<NaiveDate, Vec<usize>> = BTreeMap::new();
    for (i, event) in events.iter().enumerate() {
        by_day.entry(event.day).or_default().push(i);
    }
    let days: Vec<NaiveDate> = by_day.keys().copied().collect();
    // Each event's topics are looked up by slug, not each topic searched for each day's events:
    // a decade of wire copy has thousands of days and of topics.
    let mut topics_by_slug: crate::text::FastMap<&str, Vec<usize>> = Default::default();
    for (topic_index, topic) in topics.iter().enumerate() {
        topics_by_slug
            .entry(topic.slug.as_str())
            .or_default()
            .push(topic_index);
    }
    by_day
        .into_iter()
        .enumerate()
        .map(|(n, (day, day_events))| {
            // Sections in topic order, each with its events in the day's order, once each.
            let mut by_topic: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
            for &e in &day_events {
                for slug in &events[e].topics {
                    for &topic_index in topics_by_slug.get(slug.as_str()).into_iter().flatten() {
                        let listed = by_topic.entry(topic_index).or_default();
                        if listed.last() != Some(&e) {
                            listed.push(e);
                        }
                    }
                }
            }
            let sections = by_topic
                .into_iter()
                .map(|(topic, events)| DigestSection { topic, events })
                .collect();
            let other = day_events
                .iter()
                .copied()
                .filter(|e| events[*e].topics.is_empty())
                .collect();
            Digest {
                day,
                sections,
                other,
                previous: n.checked_sub(1).map(|p| days[p]),
                next: days.get(n + 1).copied(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn event(id: &str, day: u32, topics: &[&str]) -> Event {
        Event {
            id: id.into(),
            headline: id.into(),
            summary: String::new(),
            section: None,
            published: Utc.with_ymd_and_hms(2026, 2, day, 12, 0, 0).unwrap(),
            date_only: false,
            updated: None,
            day: NaiveDate::from_ymd_opt(2026, 2, day).unwrap(),
            happened: NaiveDate::from_ymd_opt(2026, 2, day).unwrap(),
            sources: vec![],
            articles: vec![],
            topics: topics.iter().map(|s| s.to_string()).collect(),
            follows: None,
        }
    }

    fn topic(slug: &str, events: Vec<usize>) -> Topic {
        Topic {
            name: slug.into(),
            slug: slug.into(),
            description: None,
            events,
            entities: vec![],
            discovered: false,
        }
    }

    #[test]
    fn timelines_put_the_newest_day_first_unless_asked_otherwise() {
        let events = vec![
            event("a", 1, &["t"]),
            event("b", 1, &["t"]),
            event("c", 3, &["t"]),
        ];
        let topics = vec![topic("t", vec![0, 1, 2])];
        let newest = build_timelines(&topics, &events, TimelineOrder::NewestFirst);
        assert_eq!(newest[0].days[0].day.to_string(), "2026-02-03");
        assert_eq!(newest[0].days[1].events, vec![0, 1]);
        let oldest = build_timelines(&topics, &events, TimelineOrder::OldestFirst);
        assert_eq!(oldest[0].days[0].day.to_string(), "2026-02-01");
    }

    #[test]
    fn digests_list_topics_in_order_then_other_news_with_neighbour_links() {
        let events = vec![
            event("a", 1, &["y"]),
            event("b", 1, &["x"]),
            event("c", 1, &[]),
            event("d", 4, &[]),
        ];
        let topics = vec![topic("x", vec![1]), topic("y", vec![0])];
        let digests = build_digests(&topics, &events);
        assert_eq!(digests.len(), 2);
        assert_eq!(
            digests[0]
                .sections
                .iter()
                .map(|s| s.topic)
                .collect::<Vec<_>>(),
            vec![0, 1]
        );
        assert_eq!(digests[0].other, vec![2]);
        assert_eq!(digests[0].previous, None);
        assert_eq!(digests[0].next.unwrap().to_string(), "2026-02-04");
        assert_eq!(digests[1].previous.unwrap().to_string(), "2026-02-01");
    }

    #[test]
    fn a_digest_section_lists_the_days_events_in_order_once_each() {
        // Event 1 names its topics in the other order, once twice, and a slug no topic has.
        let events = vec![
            event("a", 1, &["x"]),
            event("b", 1, &["y", "x", "y", "gone"]),
            event("c", 1, &["y"]),
        ];
        let topics = vec![topic("x", vec![0, 1]), topic("y", vec![1, 2])];
        let digests = build_digests(&topics, &events);
        let sections: Vec<(usize, Vec<usize>)> = digests[0]
            .sections
            .iter()
            .map(|s| (s.topic, s.events.clone()))
            .collect();
        assert_eq!(sections, vec![(0, vec![0, 1]), (1, vec![1, 2])]);
        assert!(digests[0].other.is_empty());
    }
}
