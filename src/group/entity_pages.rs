//! Main entities of every topic, and the entity pages: one entity's own timeline across topics.
//!
//! Discovered stories already know their main entities (`naming`); configured and front-matter
//! topics get theirs here, by the same measure, so every topic page can list them. An entity
//! gets a page when it is a main entity of some topic and is named in at least two events; the
//! page lists every event whose articles name it, whichever topic (or none) the event is in.
//! Pages are limited to those entities on purpose: a page for every capitalised name in the
//! corpus would be mostly noise. A name found in a large share of a big corpus's articles (the
//! agency's own name in wire copy, "U.S." in financial news) gets no page either: its "own
//! timeline" would be most of the site again, the biggest page of the site, and tell no story
//! apart.

use super::features::Corpus;
use super::naming::Namer;
use crate::model::{Article, EntityPage, Event, Topic};
use std::collections::{BTreeMap, BTreeSet};

/// Events an entity must appear in to get a page.
const MIN_EVENTS: usize = 2;
/// A name in more than this share of the articles gets no page...
const MAX_ARTICLE_SHARE: f64 = 0.05;
/// ...when the corpus has at least this many articles (a small, focused corpus names its
/// subject everywhere, and that page is wanted).
const SHARE_MIN_ARTICLES: usize = 400;

/// Fills `entities` of topics that have none yet, and returns the entity pages, by name.
pub fn entity_pages(
    articles: &[Article],
    events: &[Event],
    topics: &mut [Topic],
    corpus: &Corpus,
) -> Vec<EntityPage> {
    if corpus.docs.len() != articles.len() {
        return Vec::new();
    }
    let unnamed = topics.iter().any(|t| t.entities.is_empty());
    let namer = unnamed.then(|| Namer::new(articles, corpus));
    for topic in topics.iter_mut().filter(|t| t.entities.is_empty()) {
        let Some(namer) = &namer else { break };
        let mut members: Vec<usize> = topic
            .events
            .iter()
            .flat_map(|&e| events[e].articles.iter().copied())
            .collect();
        members.sort_unstable();
        members.dedup();
        topic.entities = namer.label(&members).entities;
    }

    // Entity id by display name, for the names topics list.
    let id_of: BTreeMap<&str, u32> = corpus
        .entities
        .names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i as u32))
        .collect();
    let ubiquitous = |id: u32| {
        too_common(
            corpus.entity_df.get(id as usize).copied().unwrap_or(0),
            articles.len(),
        )
    };
    let mut wanted: BTreeMap<u32, BTreeSet<usize>> = BTreeMap::new();
    for (t, topic) in topics.iter().enumerate() {
        for name in &topic.entities {
            if let Some(&id) = id_of.get(name.as_str())
                && !ubiquitous(id)
            {
                wanted.entry(id).or_default().insert(t);
            }
        }
    }
    let mut events_of: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for (e, event) in events.iter().enumerate() {
        let mut named: BTreeSet<u32> = BTreeSet::new();
        for &a in &event.articles {
            for &(id, _) in &corpus.entities.mentions[a] {
                if wanted.contains_key(&id) {
                    named.insert(id);
                }
            }
        }
        for id in named {
            events_of.entry(id).or_default().push(e);
        }
    }
    let mut pages: Vec<EntityPage> = wanted
        .into_iter()
        .map(|(id, topic_set)| EntityPage {
            name: corpus.entity_name(id).to_string(),
            slug: String::new(),
            events: events_of.remove(&id).unwrap_or_default(),
            topics: topic_set.into_iter().collect(),
        })
        // A page with a single event would only repeat it.
        .filter(|page| page.events.len() >= MIN_EVENTS)
        .collect();
    pages.sort_by(|a, b| a.name.cmp(&b.name));
    let mut taken: Vec<String> = Vec::new();
    for page in &mut pages {
        let base = crate::text::slugify(&page.name);
        let base = if base.is_empty() {
            "entity".to_string()
        } else {
            base
        };
        page.slug = super::naming::unique_slug(&base, &taken);
        taken.push(page.slug.clone());
    }
    pages
}

/// Whether a name found in `named_in` of `articles` articles is too common to get a page.
fn too_common(named_in: u32, articles: usize) -> bool {
    articles >= SHARE_MIN_ARTICLES && f64::from(named_in) > MAX_ARTICLE_SHARE * articles as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_a_large_share_of_a_big_corpus_get_no_page() {
        // The agency's name in every wire story of a 10,000-article corpus.
        assert!(too_common(9_000, 10_000));
        assert!(too_common(501, 10_000));
        // A company in 5% of them, or fewer, keeps its page.
        assert!(!too_common(500, 10_000));
        assert!(!too_common(40, 10_000));
        // A small, focused corpus names its subject everywhere, and that page is wanted.
        assert!(!too_common(300, 300));
    }
}
