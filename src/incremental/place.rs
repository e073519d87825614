//! Placing one new article: the window corpus of its weeks, and the event, topics and story it
//! joins (see `incremental` for why and how).
//!
//! Why it is separate: `incremental` keeps the bookkeeping of the model (indices, orders,
//! summaries); this is the one place that decides where an article goes, with the blends,
//! thresholds and time discount of the full build's `coverage` and `group::discover`.

use crate::config::Config;
use crate::coverage::NEAR_DUPLICATE;
use crate::group::cluster::{Level, time_discount};
use crate::group::discover::day_number;
use crate::group::features::{Corpus, minhash_similarity};
use crate::group::sparse::{SparseVec, dot};
use crate::model::{Article, Event, Topic};
use std::collections::HashMap;

/// How far in days the window corpus reaches around a new article.
pub(super) fn reach_days(config: &Config) -> i64 {
    let discover = &config.discover;
    discover
        .event_window_days
        .max(discover.story_window_days)
        .ceil() as i64
}

/// Features of new articles and of the articles of the events around them, computed together.
pub(super) struct Window {
    corpus: Corpus,
    /// Each article's document in `corpus`.
    pub(super) slot_of: HashMap<usize, usize>,
}

impl Window {
    /// The window of the new articles `batch` (days `first..=last`), over `events`.
    pub(super) fn new(
        articles: &[Article],
        events: &[Event],
        batch: &[usize],
        days: (i64, i64),
        reach: i64,
    ) -> Window {
        let mut members: Vec<usize> = Vec::new();
        let mut slot_of: HashMap<usize, usize> = HashMap::new();
        let in_reach = |e: &Event| {
            let d = day_number(e.day);
            d >= days.0 - reach && d <= days.1 + reach
        };
        let around = events
            .iter()
            .filter(|e| in_reach(e))
            .flat_map(|e| e.articles.iter());
        for &m in batch.iter().chain(around) {
            slot_of.entry(m).or_insert_with(|| {
                members.push(m);
                members.len() - 1
            });
        }
        let texts: Vec<Article> = members.iter().map(|&m| articles[m].clone()).collect();
        Window {
            corpus: Corpus::new(&texts),
            slot_of,
        }
    }
}

/// The model as far as it is placed: all articles, the events and topics so far.
#[derive(Clone, Copy)]
pub(super) struct SoFar<'a> {
    pub(super) articles: &'a [Article],
    pub(super) events: &'a [Event],
    pub(super) topics: &'a [Topic],
}

/// Where one new article goes.
#[derive(Debug, Default)]
pub(super) struct Placement {
    /// The event it joins.
    pub(super) event: Option<usize>,
    /// Else the topics of its new event, and the story among them it joined by similarity.
    pub(super) topics: Vec<String>,
    pub(super) story: Option<String>,
    /// The names it mentions.
    pub(super) names: Vec<String>,
}

/// Decides where article `a` (its one-article event `event`) goes among `events`.
pub(super) fn place(
    so_far: SoFar,
    window: &Window,
    a: usize,
    event: &Event,
    config: &Config,
    warnings: &mut Vec<String>,
) -> Result<Placement, String> {
    let SoFar {
        articles,
        events,
        topics,
    } = so_far;
    let discover = &config.discover;
    let event_level = crate::coverage::event_level(discover);
    let story_level = crate::group::discover::story_params(discover).level;
    let day = day_number(event.day);
    let reach = reach_days(config);
    let Window { corpus, slot_of } = window;
    let own = slot_of[&a];
    // The events of its weeks whose articles the window corpus holds (all of them, unless an
    // old event reaches beyond the window).
    let near: Vec<usize> = (0..events.len())
        .filter(|&e| (day_number(events[e].day) - day).abs() <= reach)
        .filter(|&e| events[e].articles.iter().all(|m| slot_of.contains_key(m)))
        .collect();
    let names: Vec<String> = corpus.entities.mentions[own]
        .iter()
        .map(|&(id, _)| corpus.entity_name(id).to_string())
        .collect();
    let docs_of = |list: &[usize]| -> Vec<usize> {
        list.iter()
            .flat_map(|&e| events[e].articles.iter().map(|m| slot_of[m]))
            .collect()
    };
    // The similarity of the article to a group of articles, and whether the group has one of
    // the article's `keys_per_item` heaviest dimensions (the full build's candidate test).
    // The article's own vector at a level, and its heaviest dimensions (computed once a level).
    let own_at = |level: &Level| -> (SparseVec, Vec<u32>) {
        let keys = level.params.keys_per_item;
        let vector = corpus.combined(&[own], &level.blend, keys);
        let mut heaviest = vector.clone();
        heaviest.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        (vector, heaviest.iter().take(keys).map(|e| e.0).collect())
    };
    let own_trust = corpus.confidence(&[own]);
    // The similarity of the article (`one` at `level`) to a group of articles, and whether the
    // group has one of the article's heaviest dimensions (the full build's candidate test).
    let similarity = |level: &Level,
                      one: &(SparseVec, Vec<u32>),
                      docs: &[usize],
                      first: i64,
                      last: i64|
     -> (f32, bool) {
        if docs.is_empty() || corpus.docs[docs[0]].lang != corpus.docs[own].lang {
            return (0.0, false);
        }
        let keys = level.params.keys_per_item;
        let other = corpus.combined(docs, &level.blend, keys);
        let gap = (first - day).max(day - last).max(0) as f32;
        let trust = (own_trust * corpus.confidence(docs)).sqrt();
        // How spread out the group is, as `cluster::linkage` weighs it: the mean similarity of
        // its members to its centroid (1 for one article).
        let cohesion = if docs.len() < 2 {
            1.0
        } else {
            let each = |&d: &usize| dot(&other, &corpus.combined(&[d], &level.blend, keys));
            docs.iter().map(each).sum::<f32>() / docs.len() as f32
        };
        let spread = cohesion.clamp(0.0, 1.0).powf(1.0 - level.params.linkage);
        let shares_key = one
            .1
            .iter()
            .any(|d| other.binary_search_by_key(d, |e| e.0).is_ok());
        let score = dot(&one.0, &other) * spread * trust * time_discount(gap, &level.params);
        (score, shares_key)
    };

    // Its configured and front-matter topics, by the rules, wherever it goes.
    // (The rules' own warnings were given by the full build; each is kept once.)
    let mut one = [event.clone()];
    let mut rule_warnings = Vec::new();
    crate::group::assign_topics(articles, &mut one, config, &mut rule_warnings);
    for w in rule_warnings {
        if !warnings.contains(&w) {
            warnings.push(w);
        }
    }
    let [event] = one;
    if let Some(slug) = event
        .topics
        .iter()
        .find(|s| !topics.iter().any(|t| &t.slug == *s))
    {
        return Err(format!("a new article names a new topic ({slug})"));
    }
    let topic_slugs = event.topics;

    // 1. The event of its days that has a near-duplicate of it (as `coverage` finds them by
    // MinHash), else the most similar one; ties by index.
    if discover.merge_coverage {
        let own_event = own_at(&event_level);
        let window = discover.event_window_days.ceil() as i64;
        let near_duplicate = |docs: &[usize], gap: i64| {
            docs.iter().any(|&d| {
                d != own
                    && corpus.docs[d].lang == corpus.docs[own].lang
                    && minhash_similarity(&corpus.docs[d].minhash, &corpus.docs[own].minhash)
                        * time_discount(gap as f32, &event_level.params)
                        >= NEAR_DUPLICATE
            })
        };
        let best = near
            .iter()
            // Joining must keep the event within the window (`coverage::split_into_bursts`).
            .filter(|&&e| {
                let days = events[e]
                    .articles
                    .iter()
                    .map(|&m| day_number(articles[m].published.day()));
                let (first, last) = days.fold((day, day), |(lo, hi), d| (lo.min(d), hi.max(d)));
                (day_number(events[e].day) - day).abs() <= window && last - first <= window
            })
            .map(|&e| {
                let d = day_number(events[e].day);
                let docs = docs_of(&[e]);
                let score = if near_duplicate(&docs, (d - day).abs()) {
                    f32::INFINITY
                } else {
                    similarity(&event_level, &own_event, &docs, d, d).0
                };
                (e, score)
            })
            .filter(|&(_, s)| s >= event_level.params.threshold)
            .max_by(|x, y| x.1.total_cmp(&y.1).then(y.0.cmp(&x.0)));
        if let Some((e, _)) = best {
            return Ok(Placement {
                event: Some(e),
                topics: topic_slugs,
                names,
                ..Placement::default()
            });
        }
    }

    let mut topic_slugs = topic_slugs;
    let mut story = None;

    // 2. The most similar discovered story of its weeks.
    if discover.enabled && (discover.all_articles || topic_slugs.is_empty()) {
        let own_story = own_at(&story_level);
        let mut best: Option<(usize, f32)> = None;
        for (t, topic) in topics.iter().enumerate().filter(|(_, t)| t.discovered) {
            let in_window: Vec<usize> = topic
                .events
                .iter()
                .copied()
                .filter(|e| near.binary_search(e).is_ok())
                .collect();
            let Some(first) = in_window.iter().map(|&e| day_number(events[e].day)).min() else {
                continue;
            };
            let last = in_window
                .iter()
                .map(|&e| day_number(events[e].day))
                .max()
                .unwrap_or(first);
            let (s, shares_key) =
                similarity(&story_level, &own_story, &docs_of(&in_window), first, last);
            if shares_key && s > 0.0 && best.is_none_or(|(_, b)| s > b) {
                best = Some((t, s));
            }
        }
        // A story it is similar enough to; else, as a leftover too small to be a story of its
        // own, the most similar one it shares anything with (`cluster::attach`'s rule).
        let params = &story_level.params;
        let floor = if params.attach_weight > 1.0 {
            params.attach_threshold
        } else {
            params.threshold
        };
        if let Some((t, _)) = best.filter(|&(_, s)| s >= params.threshold || s > floor) {
            story = Some(topics[t].slug.clone());
            topic_slugs.push(topics[t].slug.clone());
        }
    }
    Ok(Placement {
        event: None,
        topics: topic_slugs,
        story,
        names,
    })
}
