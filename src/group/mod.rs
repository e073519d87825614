//! Groups events into topics: configured topics by their match rules, plus the topics that
//! articles name in their own front matter.
//!
//! Topic order is explicit and stable: configured topics in config order, then topics named
//! only in front matter, sorted by slug. A front matter name that matches a configured topic's
//! name or slug joins that topic; any other name makes a topic of its own, like a taxonomy term.

pub mod boilerplate;
pub mod cluster;
pub mod discover;
pub mod entities;
pub mod entity_pages;
pub mod features;
pub mod lang;
pub mod naming;
pub mod rules;
pub mod sparse;
pub mod suggest;

use crate::config::Config;
use crate::model::{Article, Event, Topic};
use rules::{ArticleStems, CompiledRules};
use std::collections::BTreeMap;

/// Assigns each event to its topics and returns the topics with their events in time order.
/// Also fills `Event::topics`. Warnings (such as an unusable topic name) are pushed to `warnings`.
pub fn assign_topics(
    articles: &[Article],
    events: &mut [Event],
    config: &Config,
    warnings: &mut Vec<String>,
) -> Vec<Topic> {
    let stemmer = crate::text::english_stemmer();
    let mut topics: Vec<Topic> = config
        .topics
        .iter()
        .enumerate()
        .map(|(i, t)| Topic {
            name: t.name.clone(),
            slug: config.topic_slug(i),
            description: t.description.clone(),
            events: Vec::new(),
            entities: Vec::new(),
            discovered: false,
        })
        .collect();
    let compiled: Vec<Option<CompiledRules>> = config
        .topics
        .iter()
        .map(|t| t.rules.as_ref().map(|r| CompiledRules::new(&stemmer, r)))
        .collect();

    // Front matter names: configured names and slugs first, then new topics by slug.
    let mut by_key: BTreeMap<String, usize> = BTreeMap::new();
    for (i, topic) in topics.iter().enumerate() {
        by_key.insert(fold_name(&topic.name), i);
        by_key.insert(topic.slug.clone(), i);
    }
    let mut named_only: BTreeMap<String, String> = BTreeMap::new();
    for article in articles {
        for name in &article.topics {
            let slug = crate::text::slugify(name);
            if by_key.contains_key(&fold_name(name)) || by_key.contains_key(&slug) {
                continue;
            }
            if slug.is_empty() {
                warnings.push(format!(
                    "{}: topic {name:?} has no letters or digits to make a page name from; ignored",
                    article.path
                ));
                continue;
            }
            named_only.entry(slug).or_insert_with(|| name.clone());
        }
    }
    for (slug, name) in named_only {
        by_key.insert(slug.clone(), topics.len());
        by_key.insert(fold_name(&name), topics.len());
        topics.push(Topic {
            name,
            slug,
            description: None,
            events: Vec::new(),
            entities: Vec::new(),
            discovered: false,
        });
    }

    for (event_index, event) in events.iter_mut().enumerate() {
        let mut member = vec![false; topics.len()];
        for &article_index in &event.articles {
            let article = &articles[article_index];
            for name in &article.topics {
                let key = by_key
                    .get(&fold_name(name))
                    .or_else(|| by_key.get(&crate::text::slugify(name)));
                if let Some(&i) = key {
                    member[i] = true;
                }
            }
            if compiled.iter().all(Option::is_none) {
                continue;
            }
            let stems = ArticleStems::new(&stemmer, article);
            for (i, rules) in compiled.iter().enumerate() {
                if let Some(rules) = rules
                    && rules.score(&stems).is_some()
                {
                    member[i] = true;
                }
            }
        }
        for (i, is_member) in member.into_iter().enumerate() {
            if is_member {
                topics[i].events.push(event_index);
                event.topics.push(topics[i].slug.clone());
            }
        }
    }
    topics
}

/// A topic name folded for lookup: lowercase, dashes unified, whitespace squashed.
fn fold_name(name: &str) -> String {
    crate::text::squash_whitespace(&name.replace(['–', '—'], "-").to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::dates::parse_stamp;

    fn article(path: &str, title: &str, topics: &[&str]) -> Article {
        Article {
            title: title.into(),
            body: String::new(),
            topics: topics.iter().map(|s| s.to_string()).collect(),
            ..Article::new(path, parse_stamp("2026-02-08").unwrap())
        }
    }

    #[test]
    fn rules_and_front_matter_both_assign_and_no_event_is_listed_twice() {
        let config = Config::parse(
            "[[topics]]\nname = \"US–Iran negotiations\"\n[topics.match]\nall = [\"iran\"]\nany = [\"talks\"]\n",
            "a.toml",
        )
        .unwrap();
        let articles = vec![
            article("a.md", "Iran talks resume", &["us-iran negotiations"]),
            article("b.md", "Weather", &["US-Iran Negotiations"]),
            article("c.md", "Football", &["Sport"]),
            article("d.md", "Nothing", &[]),
        ];
        let mut events = crate::extract::events_from_articles(&articles, chrono_tz::UTC);
        let mut warnings = vec![];
        let topics = assign_topics(&articles, &mut events, &config, &mut warnings);
        assert_eq!(topics.len(), 2);
        assert_eq!(topics[0].slug, "us-iran-negotiations");
        assert_eq!(topics[0].events.len(), 2);
        assert_eq!(topics[1].slug, "sport");
        assert!(
            events
                .iter()
                .find(|e| e.id == "d.md")
                .unwrap()
                .topics
                .is_empty()
        );
        assert!(warnings.is_empty());
    }
}
