//! Shows a development that ran for weeks as the bursts it came in: one event per stretch of
//! `event_window_days`, each later one following the first.
//!
//! Why it is apart from merging: merging decides which articles tell one development and is
//! measured as such; this decides how that development is shown by day. Merging follows a
//! development across months when its follow-ups stay similar (a company's monthly sales, a
//! market's daily report), and an event is shown once, on its first day; without the split,
//! the later articles would be on no day's digest and a topic's timeline would hold one entry
//! for months of news.

use super::combine;
use crate::model::{Article, ArticleDates, Event, Topic};
use crate::{extract, temporal};
use chrono::NaiveDate;
use chrono_tz::Tz;

/// Splits each development whose articles span more than `window_days` into bursts: a new
/// event starts with the first article published more than `window_days` after the start of
/// the current one. Each burst keeps the development's topics, and every burst after the first
/// `follows` the development's id (the first keeps that id). Topics' event lists are
/// renumbered to match; events stay in time order.
pub fn split_into_bursts(
    events: Vec<Event>,
    topics: &mut [Topic],
    articles: &[Article],
    dates: &[ArticleDates],
    site_tz: Tz,
    window_days: f64,
) -> Vec<Event> {
    let developments = events.len();
    let beyond = |start: NaiveDate, day: NaiveDate| (day - start).num_days() as f64 > window_days;
    // Each event out, with the index of the development it came from.
    let mut out: Vec<(Event, usize)> = Vec::with_capacity(events.len());
    for (index, event) in events.into_iter().enumerate() {
        if event.articles.len() < 2 {
            out.push((event, index));
            continue;
        }
        // The development as one-article events, in the order merging combined them.
        let mut parts: Vec<Event> = event
            .articles
            .iter()
            .filter_map(|&a| Some(extract::event_from_article(a, articles.get(a)?, site_tz)))
            .collect();
        parts.sort_by(|a, b| (a.published, &a.id).cmp(&(b.published, &b.id)));
        let first = parts.iter().map(|p| p.day).min();
        let last = parts.iter().map(|p| p.day).max();
        match (first, last) {
            (Some(first), Some(last)) if beyond(first, last) => {}
            _ => {
                out.push((event, index));
                continue;
            }
        }
        temporal::date_events(&mut parts, dates);
        let mut bursts: Vec<Vec<Event>> = Vec::new();
        for part in parts {
            match bursts.last_mut() {
                Some(burst) if !beyond(burst[0].day, part.day) => burst.push(part),
                _ => bursts.push(vec![part]),
            }
        }
        for (n, burst) in bursts.into_iter().enumerate() {
            let mut burst = combine(burst);
            burst.topics = event.topics.clone();
            if n > 0 {
                burst.follows = Some(event.id.clone());
            }
            out.push((burst, index));
        }
    }
    out.sort_by(|(a, _), (b, _)| {
        (a.published, &a.sources[0].path, &a.id).cmp(&(b.published, &b.sources[0].path, &b.id))
    });
    let mut renumbered: Vec<Vec<usize>> = vec![Vec::new(); developments];
    for (new, &(_, old)) in out.iter().enumerate() {
        renumbered[old].push(new);
    }
    for topic in topics {
        let mut events: Vec<usize> = topic
            .events
            .iter()
            .flat_map(|&e| renumbered.get(e).into_iter().flatten().copied())
            .collect();
        events.sort_unstable();
        topic.events = events;
    }
    out.into_iter().map(|(event, _)| event).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coverage::tests::article;
    use crate::model::Topic;

    fn topic(events: Vec<usize>) -> Topic {
        Topic {
            name: "Talks".into(),
            slug: "talks".into(),
            description: None,
            events,
            entities: vec![],
            discovered: true,
        }
    }

    /// Articles a..d on 1, 2, 9 and 10 February, merged into one development, and e on 5
    /// February alone.
    fn development() -> (Vec<Article>, Vec<Event>) {
        let articles = vec![
            article("a", "Wire", "2026-02-01T09:00:00Z", "Talks open", "x"),
            article("b", "Wire", "2026-02-02T09:00:00Z", "Talks go on", "x"),
            article("c", "Wire", "2026-02-09T09:00:00Z", "Talks resume", "x"),
            article("d", "Gazette", "2026-02-10T09:00:00Z", "Talks end", "x"),
            article("e", "Gazette", "2026-02-05T09:00:00Z", "Storm", "x"),
        ];
        let mut one = extract::events_from_articles(&articles, chrono_tz::UTC);
        let storm = one.remove(2);
        assert_eq!(storm.id, "e");
        let mut talks = combine(one);
        talks.topics = vec!["talks".into()];
        (articles, vec![talks, storm])
    }

    #[test]
    fn a_development_longer_than_the_window_is_shown_as_its_bursts() {
        let (articles, events) = development();
        let mut topics = vec![topic(vec![0])];
        let out = split_into_bursts(events, &mut topics, &articles, &[], chrono_tz::UTC, 3.0);
        let ids: Vec<&str> = out.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, vec!["a", "e", "c"], "in time order");
        assert_eq!(out[0].articles, vec![0, 1]);
        assert_eq!(
            out[0].follows, None,
            "the first burst keeps the development's id"
        );
        assert_eq!(out[2].articles, vec![2, 3]);
        assert_eq!(out[2].follows.as_deref(), Some("a"));
        assert_eq!(out[2].topics, vec!["talks".to_string()]);
        assert_eq!(out[2].sources.len(), 2);
        assert_eq!(topics[0].events, vec![0, 2], "the topic lists both bursts");
    }

    #[test]
    fn a_development_within_the_window_stays_one_event() {
        let (articles, events) = development();
        let before = events.clone();
        let mut topics = vec![topic(vec![0])];
        let out = split_into_bursts(events, &mut topics, &articles, &[], chrono_tz::UTC, 9.0);
        assert_eq!(out, before);
        assert_eq!(topics[0].events, vec![0]);
    }
}
