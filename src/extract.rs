//! Turns articles into dated events: one event per article for now, dated in the site time zone.
//!
//! This is where an article's stated stamps become instants and digest days. A stamp with a
//! time is placed in the site time zone, so an article published at 23:30 UTC can belong to the
//! next local day; a stamp with only a day keeps that day as stated, since moving a bare date
//! across time zones would invent a precision the source never had.

use crate::model::{Article, Event, Source};
use chrono_tz::Tz;

/// Builds one event per article, in chronological order (ties broken by path).
pub fn events_from_articles(articles: &[Article], site_tz: Tz) -> Vec<Event> {
    let mut events: Vec<Event> = articles
        .iter()
        .enumerate()
        .map(|(index, article)| event_from_article(index, article, site_tz))
        .collect();
    events
        .sort_by(|a, b| (a.published, &a.sources[0].path).cmp(&(b.published, &b.sources[0].path)));
    events
}

/// The one-article event of `article` (at `index` in the article list).
pub fn event_from_article(index: usize, article: &Article, site_tz: Tz) -> Event {
    let published = article.published.instant(site_tz);
    let day = if article.published.date_only {
        article.published.day()
    } else {
        published.with_timezone(&site_tz).date_naive()
    };
    let updated = article
        .updated
        .map(|u| u.instant(site_tz))
        .filter(|u| *u > published);
    Event {
        id: article.id.clone(),
        headline: article.title.clone(),
        summary: article.summary.clone(),
        section: article.section.clone(),
        published,
        date_only: article.published.date_only,
        updated,
        day,
        // Set from the article's text by `temporal::date_events`.
        happened: day,
        sources: vec![source_of(article)],
        articles: vec![index],
        topics: Vec::new(),
        follows: None,
    }
}

/// Names the source of an article: its outlet, else its file name; and a link only if safe.
pub fn source_of(article: &Article) -> Source {
    let file_name = article.path.rsplit('/').next().unwrap_or(&article.path);
    Source {
        name: article
            .outlet
            .clone()
            .unwrap_or_else(|| file_name.to_string()),
        url: article.url.as_deref().and_then(crate::text::safe_url),
        path: article.path.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::dates::parse_stamp;

    fn article(path: &str, date: &str) -> Article {
        Article {
            title: "T".into(),
            body: String::new(),
            url: Some("javascript:alert(1)".into()),
            ..Article::new(path, parse_stamp(date).unwrap())
        }
    }

    #[test]
    fn local_day_follows_the_site_time_zone() {
        let tz: Tz = "Europe/Berlin".parse().unwrap();
        let events = events_from_articles(&[article("a.md", "2026-02-09T23:30:00Z")], tz);
        assert_eq!(events[0].day.to_string(), "2026-02-10");
        let events =
            events_from_articles(&[article("a.md", "2026-02-09T23:30:00Z")], chrono_tz::UTC);
        assert_eq!(events[0].day.to_string(), "2026-02-09");
    }

    #[test]
    fn a_bare_date_keeps_its_day_in_any_time_zone() {
        let tz: Tz = "America/Los_Angeles".parse().unwrap();
        let events = events_from_articles(&[article("a.md", "2026-02-09")], tz);
        assert_eq!(events[0].day.to_string(), "2026-02-09");
        assert!(events[0].date_only);
    }

    #[test]
    fn sources_fall_back_to_the_file_name_and_drop_unsafe_links() {
        let events = events_from_articles(&[article("dir/a.md", "2026-02-09")], chrono_tz::UTC);
        assert_eq!(events[0].sources[0].name, "a.md");
        assert_eq!(events[0].sources[0].url, None);
    }
}
