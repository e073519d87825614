//! The archive (`archive/`, `archive/YYYY/`, `archive/YYYY/MM/`), the search page and its
//! prebuilt index (`search-index.json`), and the facets topic pages carry for their filters.
//!
//! Everything here is derived from the same model as the other pages, with no state kept from
//! earlier builds: the archive groups digests by the day events were reported (like the digests
//! themselves), and a topic is "active" in a period when one of its events was reported in it.
//! Filters and search are progressive enhancement: the pages are complete without JavaScript,
//! the script (`annals.js`) only reads the data attributes and the index written here. The index
//! is serialized with serde_json, so article text can never break out of its strings.

use super::views::{
    DayLabel, DigestLink, Page, PageView, SiteView, TopicLink, Views, digest_path, topic_path,
};
use crate::model::Event;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The search page's template: HTML only, since it needs the script and the JSON index.
pub const SEARCH_TEMPLATE: &str = "search";

/// Characters of an event's summary kept in the search index.
const SNIPPET_CHARS: usize = 160;

/// A year or month of the archive, as linked from another archive page.
#[derive(Debug, Clone, Serialize)]
pub struct PeriodLink {
    /// `2026` or `February 2026`.
    pub label: String,
    /// `2026` or `2026-02`, for `datetime` attributes.
    pub iso: String,
    /// Site-relative folder, `archive/2026/` or `archive/2026/02/`.
    pub path: String,
    pub digest_count: usize,
    pub event_count: usize,
}

/// A topic with events reported in a period.
#[derive(Debug, Clone, Serialize)]
pub struct ActiveTopic<'a> {
    pub link: TopicLink<'a>,
    /// Its events reported in the period.
    pub event_count: usize,
    pub first: DayLabel,
    pub last: DayLabel,
}

/// `archive/`: every year, newest first, with its months.
#[derive(Debug, Clone, Serialize)]
pub struct ArchiveIndexPage<'a> {
    pub site: SiteView<'a>,
    pub years: Vec<ArchiveYearLink>,
}

/// A year on the archive index, with its months, newest first.
#[derive(Debug, Clone, Serialize)]
pub struct ArchiveYearLink {
    pub year: PeriodLink,
    pub months: Vec<PeriodLink>,
}

/// `archive/YYYY/` or `archive/YYYY/MM/`: the digests and active topics of one period.
#[derive(Debug, Clone, Serialize)]
pub struct ArchivePeriodPage<'a> {
    pub site: SiteView<'a>,
    /// `year` or `month`.
    pub kind: &'static str,
    pub period: PeriodLink,
    /// The year page a month belongs to (`None` on year pages).
    pub parent: Option<PeriodLink>,
    /// A year's months, newest first (empty on month pages).
    pub months: Vec<PeriodLink>,
    /// The period's digests, newest first.
    pub digests: Vec<DigestLink>,
    /// Topics with events reported in the period, most events first.
    pub topics: Vec<ActiveTopic<'a>>,
    /// Events of no topic reported in the period.
    pub other_count: usize,
    pub previous: Option<PeriodLink>,
    pub next: Option<PeriodLink>,
}

/// `search/`: the search box and, filled in by the script, the results.
#[derive(Debug, Clone, Serialize)]
pub struct SearchPage<'a> {
    pub site: SiteView<'a>,
}

/// What a topic page's filters offer: each outlet and entity with its number of events.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TopicFilters<'a> {
    pub outlets: Vec<Facet<'a>>,
    pub entities: Vec<Facet<'a>>,
    /// Per event id: the values its `data-` attributes carry.
    pub events: BTreeMap<&'a str, EventFacets>,
}

/// One value of a filter.
#[derive(Debug, Clone, Serialize)]
pub struct Facet<'a> {
    pub slug: String,
    pub name: &'a str,
    pub count: usize,
}

/// The filter values of one event, space-separated slugs ready for a `data-` attribute.
#[derive(Debug, Clone, Default, Serialize)]
pub struct EventFacets {
    pub outlets: String,
    pub entities: String,
}

/// The prebuilt search index: topics, then events, both in page order.
#[derive(Debug, Serialize)]
struct SearchIndex<'a> {
    topics: Vec<SearchTopic<'a>>,
    events: Vec<SearchEvent<'a>>,
}

#[derive(Debug, Serialize)]
struct SearchTopic<'a> {
    /// Title.
    t: &'a str,
    /// Description, or empty.
    s: &'a str,
    /// Days covered, `2026-02-05/2026-02-11`.
    d: String,
    /// Site-relative URL.
    u: String,
}

#[derive(Debug, Serialize)]
struct SearchEvent<'a> {
    /// Headline.
    t: &'a str,
    /// Summary snippet.
    s: String,
    /// ISO day reported.
    d: String,
    /// Name of its first topic, or empty.
    p: &'a str,
    /// Site-relative URL with the event's anchor.
    u: String,
}

/// `archive/2026/`.
pub fn year_path(year: i32) -> String {
    format!("archive/{year:04}/")
}

/// `archive/2026/02/`.
pub fn month_path(year: i32, month: u32) -> String {
    format!("archive/{year:04}/{month:02}/")
}

/// The site-relative URL of an event: its first topic's page, else its digest, with its anchor.
pub fn event_url(event: &Event) -> String {
    let page = event
        .topics
        .first()
        .map_or_else(|| digest_path(event.day), |slug| topic_path(slug));
    format!("{page}#{}", super::views::event_anchor(event))
}

/// The anchors of an event's articles other than the one that names it, in article order.
///
/// An event's id is its earliest article's id, so it changes when an earlier report joins
/// the event. Every article keeps an anchor of its own on the event instead, and since article
/// ids come from the source (its id, else its path), `#e-<article id>` stays valid for as long
/// as that article is in the folder and on the page.
pub fn event_aliases(site: &crate::model::Site, event: &Event) -> Vec<String> {
    let own = super::views::event_anchor(event);
    let mut seen: BTreeSet<String> = BTreeSet::from([own]);
    event
        .articles
        .iter()
        .filter_map(|&a| site.articles.get(a))
        .map(|a| format!("e-{}", crate::text::slugify(&a.id)))
        .filter(|anchor| seen.insert(anchor.clone()))
        .collect()
}

/// The first `max` characters of `text`, cut at a word with an ellipsis when shortened.
fn snippet(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']))
}

/// Events per (year, month) and per day, from the digests.
type Months = BTreeMap<(i32, u32), Vec<NaiveDate>>;

/// Events counted in one month, with the first and last day they were reported.
#[derive(Debug, Clone, Copy)]
struct Tally {
    count: usize,
    first: NaiveDate,
    last: NaiveDate,
}

impl Tally {
    /// One event reported on `day`.
    fn one(day: NaiveDate) -> Tally {
        Tally {
            count: 1,
            first: day,
            last: day,
        }
    }

    /// The events of both tallies.
    fn join(self, other: Tally) -> Tally {
        Tally {
            count: self.count + other.count,
            first: self.first.min(other.first),
            last: self.last.max(other.last),
        }
    }
}

/// `Views::month_tallies`: per topic (in topic order) and for the events of no topic.
struct MonthTallies {
    topics: Vec<BTreeMap<(i32, u32), Tally>>,
    other: BTreeMap<(i32, u32), usize>,
}

impl<'a> Views<'a> {
    fn archive_months(&self) -> Months {
        let mut months: Months = BTreeMap::new();
        for digest in &self.site.digests {
            months
                .entry((digest.day.year(), digest.day.month()))
                .or_default()
                .push(digest.day);
        }
        months
    }

    fn period_link(
        &self,
        label: String,
        iso: String,
        path: String,
        days: &[NaiveDate],
    ) -> PeriodLink {
        let set: BTreeSet<NaiveDate> = days.iter().copied().collect();
        let per_day = self.events_per_day();
        PeriodLink {
            label,
            iso,
            path,
            digest_count: set.len(),
            event_count: set.iter().filter_map(|day| per_day.get(day)).sum(),
        }
    }

    fn month_link(&self, (year, month): (i32, u32), days: &[NaiveDate]) -> PeriodLink {
        let first = NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(days[0]);
        self.period_link(
            first.format("%B %Y").to_string(),
            format!("{year:04}-{month:02}"),
            month_path(year, month),
            days,
        )
    }

    fn year_link(&self, year: i32, months: &Months) -> PeriodLink {
        let days: Vec<NaiveDate> = months
            .range((year, 0)..=(year, 12))
            .flat_map(|(_, d)| d.iter().copied())
            .collect();
        self.period_link(
            year.to_string(),
            format!("{year:04}"),
            year_path(year),
            &days,
        )
    }

    /// Each topic's events reported on a digest day, and the events of no topic, tallied by
    /// month in one pass over the events; a period's active topics are then a range of each
    /// topic's months, not a walk over every event per period (a decade of wire copy has
    /// about a hundred periods and tens of thousands of events).
    fn month_tallies(&self) -> MonthTallies {
        let events = &self.site.events;
        let digest_days: BTreeSet<NaiveDate> = self.site.digests.iter().map(|d| d.day).collect();
        let topics = self
            .site
            .topics
            .iter()
            .map(|topic| {
                let mut months: BTreeMap<(i32, u32), Tally> = BTreeMap::new();
                for &e in &topic.events {
                    let day = events[e].day;
                    if digest_days.contains(&day) {
                        let one = Tally::one(day);
                        months
                            .entry((day.year(), day.month()))
                            .and_modify(|t| *t = t.join(one))
                            .or_insert(one);
                    }
                }
                months
            })
            .collect();
        let mut other: BTreeMap<(i32, u32), usize> = BTreeMap::new();
        for event in events
            .iter()
            .filter(|e| e.topics.is_empty() && digest_days.contains(&e.day))
        {
            *other
                .entry((event.day.year(), event.day.month()))
                .or_default() += 1;
        }
        MonthTallies { topics, other }
    }

    /// Topics with events reported in the months of `period`, most events first, then in topic
    /// order, and the number of events of no topic.
    fn active_topics(
        &self,
        tallies: &MonthTallies,
        period: std::ops::RangeInclusive<(i32, u32)>,
    ) -> (Vec<ActiveTopic<'a>>, usize) {
        let mut topics: Vec<ActiveTopic<'a>> = self
            .site
            .topics
            .iter()
            .zip(&tallies.topics)
            .filter_map(|(topic, months)| {
                let total = months
                    .range(period.clone())
                    .map(|(_, t)| *t)
                    .reduce(Tally::join)?;
                Some(ActiveTopic {
                    link: self.topic_link(topic),
                    event_count: total.count,
                    first: DayLabel::new(total.first),
                    last: DayLabel::new(total.last),
                })
            })
            .collect();
        // A stable sort keeps topic order among equal counts.
        topics.sort_by_key(|t| std::cmp::Reverse(t.event_count));
        let other = tallies.other.range(period).map(|(_, n)| n).sum();
        (topics, other)
    }

    fn digests_in(&self, days: &BTreeSet<NaiveDate>) -> Vec<DigestLink> {
        self.site
            .digests
            .iter()
            .rev()
            .filter(|d| days.contains(&d.day))
            .map(|d| self.digest_link(d))
            .collect()
    }

    pub fn archive_index_page(&self) -> ArchiveIndexPage<'a> {
        let months = self.archive_months();
        let years: BTreeSet<i32> = months.keys().map(|(y, _)| *y).collect();
        ArchiveIndexPage {
            site: self.site_view(),
            years: years
                .iter()
                .rev()
                .map(|&year| ArchiveYearLink {
                    year: self.year_link(year, &months),
                    months: months
                        .range((year, 0)..=(year, 12))
                        .rev()
                        .map(|(&key, days)| self.month_link(key, days))
                        .collect(),
                })
                .collect(),
        }
    }

    /// Every year page, then every month page, oldest first.
    pub fn archive_period_pages(&self) -> Vec<ArchivePeriodPage<'a>> {
        let months = self.archive_months();
        let years: Vec<i32> = months
            .keys()
            .map(|(y, _)| *y)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let tallies = self.month_tallies();
        let mut pages = Vec::new();
        for (i, &year) in years.iter().enumerate() {
            let period = self.year_link(year, &months);
            let days: BTreeSet<NaiveDate> = months
                .range((year, 0)..=(year, 12))
                .flat_map(|(_, d)| d.iter().copied())
                .collect();
            let (topics, other_count) = self.active_topics(&tallies, (year, 0)..=(year, 12));
            pages.push(ArchivePeriodPage {
                site: self.site_view(),
                kind: "year",
                period,
                parent: None,
                months: months
                    .range((year, 0)..=(year, 12))
                    .rev()
                    .map(|(&key, d)| self.month_link(key, d))
                    .collect(),
                digests: self.digests_in(&days),
                topics,
                other_count,
                previous: i.checked_sub(1).map(|p| self.year_link(years[p], &months)),
                next: years.get(i + 1).map(|&y| self.year_link(y, &months)),
            });
        }
        let keys: Vec<(i32, u32)> = months.keys().copied().collect();
        for (i, key) in keys.iter().enumerate() {
            let days: BTreeSet<NaiveDate> = months[key].iter().copied().collect();
            let (topics, other_count) = self.active_topics(&tallies, *key..=*key);
            pages.push(ArchivePeriodPage {
                site: self.site_view(),
                kind: "month",
                period: self.month_link(*key, &months[key]),
                parent: Some(self.year_link(key.0, &months)),
                months: Vec::new(),
                digests: self.digests_in(&days),
                topics,
                other_count,
                previous: i
                    .checked_sub(1)
                    .map(|p| self.month_link(keys[p], &months[&keys[p]])),
                next: keys.get(i + 1).map(|k| self.month_link(*k, &months[k])),
            });
        }
        pages
    }

    /// The archive pages and the search page, for `Views::pages`.
    pub fn archive_pages(&self) -> Vec<Page<'a>> {
        let mut pages = vec![Page {
            template: "archive",
            dir: "archive/".into(),
            section: true,
            view: PageView::Archive(self.archive_index_page()),
        }];
        for view in self.archive_period_pages() {
            pages.push(Page {
                template: "archive",
                dir: view.period.path.clone(),
                section: true,
                view: PageView::ArchivePeriod(view),
            });
        }
        pages.push(Page {
            template: SEARCH_TEMPLATE,
            dir: "search/".into(),
            section: false,
            view: PageView::Search(self.search_page()),
        });
        pages
    }

    pub fn search_page(&self) -> SearchPage<'a> {
        SearchPage {
            site: self.site_view(),
        }
    }

    /// The outlets and entities of a topic's events, for its filters.
    pub fn topic_filters(&self, topic: &'a crate::model::Topic) -> TopicFilters<'a> {
        let events = &self.site.events;
        let mut outlets: BTreeMap<String, (&'a str, usize)> = BTreeMap::new();
        let mut entity_facets: BTreeMap<&'a str, (&'a str, usize)> = BTreeMap::new();
        let mut per_event = BTreeMap::new();
        for &e in &topic.events {
            let event: &'a Event = &events[e];
            let mut slugs: BTreeSet<String> = BTreeSet::new();
            // Outlets the articles name; a source known only by its file name is no outlet.
            for &a in &event.articles {
                let Some(name) = self.site.articles.get(a).and_then(|a| a.outlet.as_deref()) else {
                    continue;
                };
                let slug = crate::text::slugify(name);
                if !slug.is_empty() && slugs.insert(slug.clone()) {
                    outlets.entry(slug).or_insert((name, 0)).1 += 1;
                }
            }
            let named: Vec<&'a crate::model::EntityPage> = self
                .entities_of_event(e)
                .iter()
                .map(|&n| &self.site.entities[n])
                .collect();
            for entity in &named {
                entity_facets
                    .entry(&entity.slug)
                    .or_insert((&entity.name, 0))
                    .1 += 1;
            }
            per_event.insert(
                event.id.as_str(),
                EventFacets {
                    outlets: slugs.into_iter().collect::<Vec<_>>().join(" "),
                    entities: named
                        .iter()
                        .map(|n| n.slug.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                },
            );
        }
        let facets = |map: Vec<(String, (&'a str, usize))>| {
            let mut list: Vec<Facet<'a>> = map
                .into_iter()
                .map(|(slug, (name, count))| Facet { slug, name, count })
                .collect();
            list.sort_by(|a, b| b.count.cmp(&a.count).then(a.name.cmp(b.name)));
            list
        };
        TopicFilters {
            outlets: facets(outlets.into_iter().collect()),
            entities: facets(
                entity_facets
                    .into_iter()
                    .map(|(s, v)| (s.to_string(), v))
                    .collect(),
            ),
            events: per_event,
        }
    }

    /// `search-index.json`: compact, deterministic (topics in site order, events by time).
    pub fn search_index_json(&self) -> anyhow::Result<Vec<u8>> {
        let events = &self.site.events;
        let index = SearchIndex {
            topics: self
                .site
                .topics
                .iter()
                .map(|topic| {
                    let first = topic.events.iter().map(|&e| events[e].day).min();
                    let last = topic.events.iter().map(|&e| events[e].day).max();
                    SearchTopic {
                        t: &topic.name,
                        s: topic.description.as_deref().unwrap_or(""),
                        d: match (first, last) {
                            (Some(f), Some(l)) => format!("{f}/{l}"),
                            _ => String::new(),
                        },
                        u: topic_path(&topic.slug),
                    }
                })
                .collect(),
            events: events
                .iter()
                .map(|event| SearchEvent {
                    t: &event.headline,
                    s: snippet(&event.summary, SNIPPET_CHARS),
                    d: event.day.format("%Y-%m-%d").to_string(),
                    p: event
                        .topics
                        .first()
                        .and_then(|slug| self.site.topics.iter().find(|t| &t.slug == slug))
                        .map_or("", |t| t.name.as_str()),
                    u: event_url(event),
                })
                .collect(),
        };
        let mut bytes = serde_json::to_vec(&index)?;
        bytes.push(b'\n');
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_cut_at_a_word_with_an_ellipsis() {
        assert_eq!(snippet("short text", 20), "short text");
        assert_eq!(snippet("one two three four", 12), "one two…");
        assert_eq!(snippet("éé éé éé", 5), "éé…");
    }

    #[test]
    fn archive_paths_are_zero_padded() {
        assert_eq!(year_path(2026), "archive/2026/");
        assert_eq!(month_path(2026, 2), "archive/2026/02/");
    }
}
