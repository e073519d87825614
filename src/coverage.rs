//! Merges the coverage of one development into one event: the articles several outlets (or one
//! outlet, republishing an update) wrote about the same thing become a single event that lists
//! every source and takes the earliest article's time.
//!
//! Two steps. Near-duplicates first: articles whose wording mostly coincides (MinHash of word
//! shingles, bucketed by locality-sensitive hashing, so only articles that share a bucket are
//! ever compared) are one event whatever else they say; that is what an updated republication
//! or a wire story run by several outlets looks like, and it keeps ten thousand copies of one
//! text from costing ten thousand squared comparisons. Then the remaining groups are clustered
//! by the similarity of their stemmed terms and names (`group::cluster`), with a high threshold,
//! full strength within `event_window_days` and fading beyond it, so the follow-ups of one
//! development join it while another development with similar words does not.

use crate::config::DiscoverConfig;
use crate::group::cluster::{self, Item, Level, Params, Work};
use crate::group::features::{Blend, Corpus, MINHASH_LEN, minhash_similarity};
use crate::model::Event;

mod bursts;
pub use bursts::split_into_bursts;
use std::collections::BTreeMap;

/// Least MinHash similarity (estimated share of shared shingles) for a near-duplicate.
pub(crate) const NEAR_DUPLICATE: f32 = 0.5;
/// Rows per LSH band: with 32 hashes, 8 bands of 4; two texts sharing half their shingles
/// meet in some band with probability about 0.4, sharing 80% with probability about 0.99.
const BAND_ROWS: usize = 4;

/// Work done by coverage merging, for tests on how it scales.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CoverageWork {
    pub near_duplicate_comparisons: usize,
    pub clustering: Work,
}

/// Merges one-article events (as `extract` makes them) into events of one development each.
/// Returns the events in chronological order, ties by first source path.
pub fn merge_coverage(
    events: Vec<Event>,
    corpus: &Corpus,
    level: &Level,
) -> (Vec<Event>, CoverageWork) {
    let mut work = CoverageWork::default();
    if events.len() < 2 {
        return (events, work);
    }
    // A canonical order that does not depend on how files were read: time, then article id.
    let mut order: Vec<usize> = (0..events.len()).collect();
    order.sort_by(|&a, &b| {
        (events[a].published, &events[a].id).cmp(&(events[b].published, &events[b].id))
    });
    let article_of = |e: usize| events[e].articles[0];
    let day = |e: usize| crate::group::discover::day_number(events[e].day);
    let params = level.params;

    // 1. Near-duplicates, by MinHash LSH.
    let mut groups = UnionFind::new(order.len());
    let mut buckets: BTreeMap<(usize, u64), usize> = BTreeMap::new();
    for (rank, &e) in order.iter().enumerate() {
        let signature = &corpus.docs[article_of(e)].minhash;
        if signature.len() != MINHASH_LEN {
            continue;
        }
        for (band, rows) in signature.chunks(BAND_ROWS).enumerate() {
            let key = rows.iter().fold(0u64, |h, r| {
                h.rotate_left(7) ^ r.wrapping_mul(0x9e37_79b9_7f4a_7c15)
            });
            match buckets.get(&(band, key)) {
                None => {
                    buckets.insert((band, key), rank);
                }
                Some(&first) => {
                    // Compared with the bucket's first member only: linear in the bucket size.
                    if groups.find(first) == groups.find(rank) {
                        continue;
                    }
                    work.near_duplicate_comparisons += 1;
                    let other = order[first];
                    let same_lang =
                        corpus.docs[article_of(other)].lang == corpus.docs[article_of(e)].lang;
                    let gap = (day(e) - day(other)).abs() as f32;
                    let similarity =
                        minhash_similarity(&corpus.docs[article_of(other)].minhash, signature)
                            * cluster::time_discount(gap, &params);
                    if same_lang && similarity >= NEAR_DUPLICATE {
                        groups.join(first, rank);
                    }
                }
            }
        }
    }

    // 2. Cluster the near-duplicate groups by content.
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for rank in 0..order.len() {
        members.entry(groups.find(rank)).or_default().push(rank);
    }
    let groups: Vec<Vec<usize>> = members.into_values().collect();
    let items: Vec<Item> = groups
        .iter()
        .map(|ranks| {
            let docs: Vec<usize> = ranks.iter().map(|&r| article_of(order[r])).collect();
            let days: Vec<i64> = ranks.iter().map(|&r| day(order[r])).collect();
            Item {
                vector: corpus.combined(&docs, &level.blend, params.keys_per_item),
                first: *days.iter().min().expect("not empty"),
                last: *days.iter().max().expect("not empty"),
                lang: corpus.docs[docs[0]].lang,
                weight: docs.len() as f32,
                confidence: corpus.confidence(&docs),
            }
        })
        .collect();
    let (clusters, clustering) = cluster::agglomerate(&items, &params);
    work.clustering = clustering;

    let mut slots: Vec<Option<Event>> = events.into_iter().map(Some).collect();
    let mut merged: Vec<Event> = clusters
        .into_iter()
        .map(|cluster| {
            let mut ranks: Vec<usize> = cluster
                .iter()
                .flat_map(|&g| groups[g].iter().copied())
                .collect();
            ranks.sort_unstable();
            let parts: Vec<Event> = ranks
                .iter()
                .map(|&r| slots[order[r]].take().expect("each event once"))
                .collect();
            combine(parts)
        })
        .collect();
    merged.sort_by(|a, b| {
        (a.published, &a.sources[0].path, &a.id).cmp(&(b.published, &b.sources[0].path, &b.id))
    });
    (merged, work)
}

/// How articles are compared and merged into events, from `[discover]`.
pub fn event_level(config: &DiscoverConfig) -> Level {
    Level {
        // Wording first, then the headline (outlets retitle, but keep the key words), then names.
        blend: Blend {
            terms: 0.5,
            entities: 0.2,
            title: 0.3,
            gist: 0.0,
            focus: 0.0,
        },
        params: Params {
            threshold: config.event_similarity as f32,
            window_days: config.event_window_days as f32,
            half_life_days: config.half_life_days as f32,
            keys_per_item: 12,
            neighbours: 24,
            max_key_share: 0.05,
            // Average linkage: every article of an event must resemble the others, so a broad
            // cluster cannot swallow the next development just because its centroid is near.
            linkage: 0.0,
            attach_weight: 0.0,
            attach_threshold: 0.0,
        },
    }
}

/// One event from several, the earliest first: its id, time, headline and summary stand for
/// all; every source is listed once, and a later update of any of them is the event's update.
pub(crate) fn combine(mut parts: Vec<Event>) -> Event {
    let mut event = parts.remove(0);
    for part in parts {
        for source in part.sources {
            if !event
                .sources
                .iter()
                .any(|s| s.name == source.name && s.url == source.url && s.path == source.path)
            {
                event.sources.push(source);
            }
        }
        event.articles.extend(part.articles);
        let latest = [part.updated, Some(part.published)]
            .into_iter()
            .flatten()
            .filter(|t| *t > event.published)
            .max();
        if part.updated.is_some() {
            event.updated = event.updated.max(latest);
        }
    }
    event
}

/// Disjoint sets over `0..n`, joined towards the smaller index.
struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n).collect(),
        }
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    fn join(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
        self.parent[hi] = lo;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::DiscoverConfig;
    use crate::ingest::dates::parse_stamp;
    use crate::model::Article;

    pub(crate) fn article(id: &str, outlet: &str, date: &str, title: &str, body: &str) -> Article {
        Article {
            id: id.into(),
            title: title.into(),
            body: body.into(),
            outlet: Some(outlet.into()),
            origins: vec![format!("{id}.md")],
            ..Article::new(format!("{id}.md"), parse_stamp(date).unwrap())
        }
    }

    fn merged(articles: &[Article], config: &DiscoverConfig) -> (Vec<Event>, CoverageWork) {
        let corpus = Corpus::new(articles);
        let events = crate::extract::events_from_articles(articles, chrono_tz::UTC);
        merge_coverage(events, &corpus, &event_level(config))
    }

    const TALKS: &str = "Oman's foreign minister said on Sunday that indirect talks between Iran and the United States would resume in Muscat next week, after a first round that both sides called constructive. Diplomats said the agenda covers sanctions relief and the nuclear programme.";

    #[test]
    fn identical_articles_from_two_outlets_are_one_event_with_both_sources() {
        let articles = vec![
            article(
                "b",
                "Gulf Report",
                "2026-02-08T12:00:00Z",
                "Talks to resume in Muscat",
                TALKS,
            ),
            article(
                "a",
                "Annals Wire",
                "2026-02-08T09:00:00Z",
                "Talks to resume in Muscat",
                TALKS,
            ),
            article(
                "c",
                "Weather Desk",
                "2026-02-08T10:00:00Z",
                "Storm warning for the Baltic coast",
                "Gale force winds and a storm surge are expected along the Baltic coast tonight, forecasters warned, and ferries were cancelled.",
            ),
        ];
        let (events, _) = merged(&articles, &DiscoverConfig::default());
        assert_eq!(events.len(), 2);
        let talks = events.iter().find(|e| e.articles.len() == 2).unwrap();
        assert_eq!(talks.id, "a", "the earliest article names the event");
        assert_eq!(
            talks.published,
            articles[1].published.instant(chrono_tz::UTC)
        );
        let names: Vec<&str> = talks.sources.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, vec!["Annals Wire", "Gulf Report"]);
    }

    #[test]
    fn an_updated_republication_is_one_event() {
        let mut update = article(
            "a2",
            "Annals Wire",
            "2026-02-08T15:00:00Z",
            "Talks to resume in Muscat on Tuesday",
            &format!("{TALKS} The date was confirmed on Sunday evening."),
        );
        update.updated = Some(parse_stamp("2026-02-08T16:00:00Z").unwrap());
        let articles = vec![
            article(
                "a1",
                "Annals Wire",
                "2026-02-08T09:00:00Z",
                "Talks to resume in Muscat",
                TALKS,
            ),
            update,
        ];
        let (events, _) = merged(&articles, &DiscoverConfig::default());
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].id, "a1");
        assert!(
            events[0].updated.is_some(),
            "the later version is the event's update"
        );
    }

    #[test]
    fn different_developments_stay_apart_and_merging_can_be_turned_off() {
        let articles = vec![
            article(
                "a",
                "Annals Wire",
                "2026-02-08",
                "Talks to resume in Muscat",
                TALKS,
            ),
            article(
                "b",
                "Markets Daily",
                "2026-02-08",
                "ECB keeps interest rates unchanged",
                "The European Central Bank left its deposit rate unchanged on Thursday and said inflation was close to target, sending the euro lower against the dollar.",
            ),
        ];
        assert_eq!(merged(&articles, &DiscoverConfig::default()).0.len(), 2);
    }

    #[test]
    fn ten_thousand_near_identical_articles_cost_linear_work() {
        let n = 10_000;
        let articles: Vec<Article> = (0..n)
            .map(|i| {
                article(
                    &format!("copy-{i:05}"),
                    &format!("Outlet {}", i % 50),
                    "2026-02-08T09:00:00Z",
                    "Talks to resume in Muscat",
                    &format!("{TALKS} Copy number {i}."),
                )
            })
            .collect();
        let (events, work) = merged(&articles, &DiscoverConfig::default());
        assert_eq!(events.len(), 1, "every copy is the same development");
        assert_eq!(events[0].articles.len(), n);
        // Each article meets each LSH band's first member at most once, and clustering sees
        // one group: nothing grows with n².
        let bands = MINHASH_LEN / BAND_ROWS;
        assert!(work.near_duplicate_comparisons <= n * bands, "{work:?}");
        assert!(work.clustering.similarities <= n, "{work:?}");
    }
}
