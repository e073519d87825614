//! Adds a few new articles to the previous build's site model without regrouping the corpus.
//!
//! Why it exists: grouping is corpus-wide. Coverage merging and story discovery cluster every
//! article at once, which takes seconds at 10,000 articles and a minute or more at 100,000,
//! while a newsroom or a wire archive grows a few articles at a time. So, as a news aggregator
//! does, an incremental build keeps every earlier decision (events, stories, their names, slugs
//! and permalinks, entity pages, the key dates of untouched topics) and only places what is
//! new:
//!
//! 1. each new article is compared with the events of its own days, and joins the most similar
//!    one when the similarity reaches `event_similarity`; otherwise it is a new event;
//! 2. a new event gets its configured topics by the rules, as in a full build; one without (or
//!    every one, with `all_articles`) joins the most similar discovered story of its
//!    `story_window_days`, when that reaches `story_similarity`, and is "Other news" otherwise;
//! 3. it is added to the entity pages of the names it mentions;
//! 4. the timelines and digests are rebuilt (cheap) and the key dates of the touched topics only
//!    are chosen again.
//!
//! The comparisons use the same blends, thresholds and time discount as the full build
//! (`coverage::event_level`, `discover::story_params`), over features computed for the new
//! articles and their neighbours in time (a window corpus), since the whole corpus's features
//! are exactly what a small rebuild must not compute. The site is therefore not always the one
//! a full build would make (a full build may also merge or split old groups, and rename stories
//! as they grow); `annals build --full` regroups everything, and anything the placement cannot
//! honestly do, such as a changed or removed article, is a full build (`Refused`).
//!
//! This module is pure, like the stages: the caller loads and saves the `Snapshot`.

use crate::config::Config;
use crate::group::discover::day_number;
use crate::model::{Article, ArticleDates, Changes, EntityPage, Event, KeyDate, Site, Topic};
use serde::{Deserialize, Serialize};

mod place;
use place::{SoFar, Window, place, reach_days};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// At most this share of the articles may be new for an incremental build (at least
/// `MIN_NEW`): beyond it the corpus statistics the old groups were made with have moved, and a
/// full build is due.
const MAX_NEW_SHARE: usize = 50;
const MIN_NEW: usize = 10;

/// What the previous build decided, as the next one needs it. Saved with `SnapshotRef`.
#[derive(Debug, Deserialize)]
pub struct Snapshot {
    /// Code, config and reader settings the model was made with (see `cli`).
    pub key: u64,
    /// Names this model among all models made with `key` (`generation`): a site rendered from
    /// it records it, so the next build knows which model that site shows.
    pub generation: u64,
    /// Each content file the model was made from, with its hash.
    pub files: Vec<(String, u64)>,
    /// `(path, id, article_hash)` of each article, in the model's order.
    pub articles: Vec<(String, String, u64)>,
    pub events: Vec<Event>,
    pub topics: Vec<Topic>,
    pub entities: Vec<EntityPage>,
    #[serde(deserialize_with = "crate::cache::snapshot::compact_dates::deserialize")]
    pub dates: Vec<ArticleDates>,
    /// Each timeline's key dates (timeline `i` is topic `i`'s).
    pub key_dates: Vec<Vec<KeyDate>>,
    /// Articles placed since the last full build (which regrouped everything).
    pub added: usize,
    /// The warnings the model gave (topic names), repeated by every build made from it.
    pub warnings: Vec<String>,
}

/// The borrowed form of `Snapshot`, written without copying the model (same encoding).
#[derive(Debug, Serialize)]
pub struct SnapshotRef<'a> {
    pub key: u64,
    pub generation: u64,
    pub files: Vec<(&'a str, u64)>,
    pub articles: Vec<(&'a str, &'a str, u64)>,
    pub events: &'a [Event],
    pub topics: &'a [Topic],
    pub entities: &'a [EntityPage],
    #[serde(serialize_with = "crate::cache::snapshot::compact_dates::serialize")]
    pub dates: &'a [ArticleDates],
    pub key_dates: Vec<&'a [KeyDate]>,
    pub added: usize,
    pub warnings: &'a [String],
}

impl<'a> SnapshotRef<'a> {
    /// The snapshot of `site`, made from `files`, with `added` articles placed since the last
    /// full build and the model's `warnings`.
    pub fn of(
        site: &'a Site,
        key: u64,
        generation: u64,
        files: &'a BTreeMap<String, u64>,
        added: usize,
        warnings: &'a [String],
    ) -> SnapshotRef<'a> {
        SnapshotRef {
            key,
            generation,
            files: files.iter().map(|(p, h)| (p.as_str(), *h)).collect(),
            articles: site
                .articles
                .iter()
                .map(|a| (a.path.as_str(), a.id.as_str(), article_hash(a)))
                .collect(),
            events: &site.events,
            topics: &site.topics,
            entities: &site.entities,
            dates: &site.dates,
            key_dates: site
                .timelines
                .iter()
                .map(|t| t.key_dates.as_slice())
                .collect(),
            added,
            warnings,
        }
    }
}

impl std::fmt::Display for Placed {
    /// The line the build prints.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = if self.new_articles == 1 { "" } else { "s" };
        write!(
            f,
            "Placed {} new article{s} into the saved model ({} joined an event, {} a story; \
             `--full` regroups everything)",
            self.new_articles, self.joined_events, self.joined_stories
        )
    }
}

/// Why an incremental build was not possible; the caller makes a full one.
#[derive(Debug)]
pub struct Refused {
    pub articles: Vec<Article>,
    pub reason: String,
}

/// What an incremental build did, for the summary.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Placed {
    pub new_articles: usize,
    pub joined_events: usize,
    pub joined_stories: usize,
    /// Articles placed since the last full build, this build's included.
    pub added_since_full: usize,
}

/// The site of `articles` (the content as read now, all of it) made from the previous model
/// `old`, when the content only gained files (`files`: every content file and its hash now).
pub fn extend(
    old: Snapshot,
    articles: Vec<Article>,
    files: &BTreeMap<String, u64>,
    config: &Config,
    warnings: &mut Vec<String>,
) -> Result<(Site, Placed, Changes), Refused> {
    let refuse = |articles, reason: String| Err(Refused { articles, reason });
    // 1. Only additions: every old file is still there with the same bytes.
    let old_files: HashMap<&str, u64> = old.files.iter().map(|(p, h)| (p.as_str(), *h)).collect();
    if let Some((path, _)) = old
        .files
        .iter()
        .find(|(p, h)| files.get(p.as_str()) != Some(h))
    {
        return refuse(articles, format!("{path} changed or was removed"));
    }
    let new_files: BTreeSet<&str> = files
        .keys()
        .map(String::as_str)
        .filter(|p| !old_files.contains_key(p))
        .collect();
    let mut index_of: HashMap<(&str, &str), usize> = HashMap::with_capacity(articles.len());
    for (i, a) in articles.iter().enumerate() {
        index_of.insert((a.path.as_str(), a.id.as_str()), i);
    }
    // Every old article is hashed again (on all cores: a big corpus is hundreds of megabytes);
    // the first that differs or is missing, in the saved order, is the reason to refuse.
    let found: Vec<Result<usize, String>> = {
        use rayon::prelude::*;
        old.articles
            .par_iter()
            .map(|(path, id, hash)| {
                match index_of.get(&(path.as_str(), id.as_str())) {
                    // A new file that repeats an old article may fill its fields
                    // (`ingest::merge`).
                    Some(&i) if article_hash(&articles[i]) == *hash => Ok(i),
                    Some(_) => Err(format!("article {id} of {path} changed")),
                    None => Err(format!("article {id} of {path} is gone")),
                }
            })
            .collect()
    };
    let mut new_index = Vec::with_capacity(found.len());
    for result in found {
        match result {
            Ok(i) => new_index.push(i),
            Err(reason) => return refuse(articles, reason),
        }
    }
    let mut is_old = vec![false; articles.len()];
    for &i in &new_index {
        is_old[i] = true;
    }
    let fresh: Vec<usize> = (0..articles.len()).filter(|&i| !is_old[i]).collect();
    if fresh
        .iter()
        .any(|&i| !new_files.contains(articles[i].path.as_str()))
    {
        return refuse(articles, "an old file gave a new article".into());
    }
    // Counted since the last full build, so that a site growing a few articles at a time is
    // still regrouped now and then.
    let added = old.added + fresh.len();
    if added > MIN_NEW.max(articles.len() / MAX_NEW_SHARE) {
        let reason = format!("{added} articles added since the last full build");
        return refuse(articles, reason);
    }
    if old.key_dates.len() != old.topics.len() {
        return refuse(articles, "the saved model is inconsistent".into());
    }

    // 2. The old model, re-indexed to the articles as read now.
    let Snapshot {
        mut events,
        mut topics,
        mut entities,
        dates: old_dates,
        key_dates: old_key_dates,
        warnings: old_warnings,
        ..
    } = old;
    for event in &mut events {
        for a in &mut event.articles {
            *a = new_index[*a];
        }
    }
    let mut dates: Vec<Option<ArticleDates>> = vec![None; articles.len()];
    for (old_i, d) in old_dates.into_iter().enumerate() {
        if let Some(&i) = new_index.get(old_i) {
            dates[i] = Some(d);
        }
    }
    let fresh_articles: Vec<Article> = fresh.iter().map(|&i| articles[i].clone()).collect();
    for (k, d) in crate::temporal::date_articles(&fresh_articles)
        .into_iter()
        .enumerate()
    {
        dates[fresh[k]] = Some(d);
    }
    let dates: Vec<ArticleDates> = dates
        .into_iter()
        .map(|d| d.expect("every article dated"))
        .collect();
    let key_dates: Vec<Vec<KeyDate>> = old_key_dates
        .into_iter()
        .map(|mut list| {
            for key in &mut list {
                for s in &mut key.sentences {
                    s.article = new_index[s.article];
                }
            }
            list
        })
        .collect();

    // 3. Place the new articles, earliest first.
    let site_tz = config.site_tz();
    let mut order = fresh.clone();
    order.sort_by(|&a, &b| {
        (articles[a].published.instant(site_tz), &articles[a].id)
            .cmp(&(articles[b].published.instant(site_tz), &articles[b].id))
    });
    let mut placed = Placed {
        new_articles: fresh.len(),
        ..Placed::default()
    };
    let mut touched: BTreeSet<usize> = BTreeSet::new();
    // Events added or altered (indices before the reordering below), the days they were and
    // are on, and the entity pages that gained events: what the renderer must make again.
    let mut altered: BTreeSet<usize> = BTreeSet::new();
    let mut days_altered: BTreeSet<chrono::NaiveDate> = BTreeSet::new();
    let mut entities_altered: BTreeSet<usize> = BTreeSet::new();
    // Warnings are added only if the placement succeeds (a refusal's full build gives them).
    let mut found: Vec<String> = Vec::new();
    // New articles within a week of each other share one window corpus.
    let reach = reach_days(config);
    let mut window: Option<Window> = None;
    // Each new article's one-article event, made once.
    let mut singles: Vec<Event> = order
        .iter()
        .map(|&a| crate::extract::event_from_article(a, &articles[a], site_tz))
        .collect();
    crate::temporal::date_events(&mut singles, &dates);
    let days: Vec<i64> = singles.iter().map(|e| day_number(e.day)).collect();
    for (k, (&a, mut event)) in order.iter().zip(singles).enumerate() {
        let day = days[k];
        if window.as_ref().is_none_or(|w| !w.slot_of.contains_key(&a)) {
            let batch: Vec<usize> = order[k..]
                .iter()
                .zip(&days[k..])
                .take_while(|&(_, &d)| d <= day + reach)
                .map(|(&b, _)| b)
                .collect();
            let last = day + reach;
            window = Some(Window::new(&articles, &events, &batch, (day, last), reach));
        }
        let current = window.as_ref().expect("made above");
        let so_far = SoFar {
            articles: &articles,
            events: &events,
            topics: &topics,
        };
        let outcome = match place(so_far, current, a, &event, config, &mut found) {
            Ok(outcome) => outcome,
            Err(reason) => return refuse(articles, reason),
        };
        if let Some(e) = outcome.event {
            placed.joined_events += 1;
            altered.insert(e);
            days_altered.insert(events[e].day);
            let old_id = events[e].id.clone();
            let (topics_of, follows) = (events[e].topics.clone(), events[e].follows.clone());
            let old_event = std::mem::replace(&mut events[e], event.clone());
            // The earliest article stands for the event, as in `coverage::merge_coverage`.
            let mut parts = vec![old_event, event];
            parts.sort_by(|x, y| (x.published, &x.id).cmp(&(y.published, &y.id)));
            let mut merged = crate::coverage::combine(parts);
            merged.topics = topics_of;
            merged.follows = follows;
            if merged.id != old_id {
                for (i, later) in events
                    .iter_mut()
                    .enumerate()
                    .filter(|(_, x)| x.follows.as_ref() == Some(&old_id))
                {
                    later.follows = Some(merged.id.clone());
                    altered.insert(i);
                    days_altered.insert(later.day);
                }
            }
            // The topics its own rules or front matter give it, as a full build would.
            for slug in outcome.topics {
                if !merged.topics.contains(&slug)
                    && let Some(t) = topics.iter().position(|t| t.slug == slug)
                {
                    merged.topics.push(slug);
                    topics[t].events.push(e);
                }
            }
            merged
                .topics
                .sort_by_key(|slug| topics.iter().position(|t| &t.slug == slug));
            days_altered.insert(merged.day);
            events[e] = merged;
            touched.extend(topic_indices(&topics, &events[e]));
            entities_altered.extend(add_to_entities(&mut entities, &outcome.names, e));
        } else {
            placed.joined_stories += usize::from(outcome.story.is_some());
            event.topics = outcome.topics;
            let e = events.len();
            for t in topic_indices(&topics, &event) {
                topics[t].events.push(e);
                touched.insert(t);
            }
            altered.insert(e);
            days_altered.insert(event.day);
            events.push(event);
            entities_altered.extend(add_to_entities(&mut entities, &outcome.names, e));
        }
    }

    // 4. Events back in their order, and everything that points at them.
    let mut perm: Vec<usize> = (0..events.len()).collect();
    perm.sort_by(|&a, &b| {
        let (x, y) = (&events[a], &events[b]);
        (x.published, &x.sources[0].path, &x.id).cmp(&(y.published, &y.sources[0].path, &y.id))
    });
    let mut position = vec![0; events.len()];
    for (to, &from) in perm.iter().enumerate() {
        position[from] = to;
    }
    let mut slots: Vec<Option<Event>> = events.into_iter().map(Some).collect();
    let events: Vec<Event> = perm
        .iter()
        .map(|&i| slots[i].take().expect("once"))
        .collect();
    for topic in &mut topics {
        remap(&mut topic.events, &position);
    }
    for page in &mut entities {
        remap(&mut page.events, &position);
    }
    let mut timelines =
        crate::summarize::build_timelines(&topics, &events, config.build.timeline_order);
    for (t, mut list) in key_dates.into_iter().enumerate() {
        for key in &mut list {
            for s in &mut key.sentences {
                s.event = position[s.event];
            }
        }
        if let Some(timeline) = timelines.get_mut(t) {
            timeline.key_dates = list;
        }
    }
    crate::summarize::keydates::add_key_dates_where(
        &mut timelines,
        &topics,
        &events,
        &dates,
        &articles,
        config,
        &|t| touched.contains(&t),
    );
    let digests = crate::summarize::build_digests(&topics, &events);
    for w in old_warnings.into_iter().chain(found) {
        if !warnings.contains(&w) {
            warnings.push(w);
        }
    }
    placed.added_since_full = added;
    let changes = Changes {
        events: altered.into_iter().map(|e| position[e]).collect(),
        days: days_altered,
        topics: touched,
        entities: entities_altered,
    };
    let site = Site {
        articles,
        events,
        topics,
        timelines,
        digests,
        entities,
        dates,
    };
    Ok((site, placed, changes))
}

/// A hash of everything the model takes from an article (all but `origins`, the files it was
/// also read from), to tell that an old article is still what the saved model was made from.
pub fn article_hash(a: &Article) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut text = |s: &str| {
        h.update(&(s.len() as u64).to_le_bytes());
        h.update(s.as_bytes());
    };
    for field in [&a.id, &a.path, &a.title, &a.summary, &a.body] {
        text(field);
    }
    for field in [
        &a.section,
        &a.body_html,
        &a.outlet,
        &a.url,
        &a.lang,
        &a.author,
        &a.location,
    ] {
        text(field.as_deref().unwrap_or("\u{0}none"));
    }
    for list in [&a.topics, &a.warnings] {
        text(&list.len().to_string());
        list.iter().for_each(|t| text(t));
    }
    text(&format!("{:?}", a.format));
    h.update(&stamp_bytes(&a.published));
    match &a.updated {
        None => h.update(&[0]),
        Some(updated) => {
            h.update(&[1]);
            h.update(&stamp_bytes(updated));
        }
    }
    h.digest()
}

/// Every field of a stamp, in a fixed number of bytes.
fn stamp_bytes(stamp: &crate::model::Stamp) -> [u8; 18] {
    let utc = stamp.local.and_utc();
    let mut out = [0; 18];
    out[..8].copy_from_slice(&utc.timestamp().to_le_bytes());
    out[8..12].copy_from_slice(&utc.timestamp_subsec_nanos().to_le_bytes());
    if let Some(offset) = stamp.stated_offset {
        out[12] = 1;
        out[13..17].copy_from_slice(&offset.local_minus_utc().to_le_bytes());
    }
    out[17] = u8::from(stamp.date_only);
    out
}

/// Sorts and renumbers a list of event indices after the events were reordered.
fn remap(list: &mut Vec<usize>, position: &[usize]) {
    for e in list.iter_mut() {
        *e = position[*e];
    }
    list.sort_unstable();
    list.dedup();
}

/// The indices of the topics `event` is in.
fn topic_indices(topics: &[Topic], event: &Event) -> Vec<usize> {
    event
        .topics
        .iter()
        .filter_map(|slug| topics.iter().position(|t| &t.slug == slug))
        .collect()
}

/// Adds event `e` to the entity pages of `names`; gives the indices of the pages it was added to.
fn add_to_entities(pages: &mut [EntityPage], names: &[String], e: usize) -> Vec<usize> {
    let mut added = Vec::new();
    for (n, page) in pages.iter_mut().enumerate() {
        if names.contains(&page.name) && !page.events.contains(&e) {
            page.events.push(e);
            added.push(n);
        }
    }
    added
}
