//! Story discovery: events that no configured topic claims (or all events, with
//! `[discover] all_articles`) are clustered into stories, and each story big enough becomes a
//! topic page like a configured one.
//!
//! Events are the unit, not articles: an event already is the coverage of one development
//! (`coverage`), and a story is a run of developments over weeks or months. Events are clustered
//! by the centroid of their articles' stemmed terms and names (`cluster`), discounted by the days
//! between them, so a long story keeps growing as long as each new development resembles it,
//! and two stories that share vocabulary ("protesters", "regime") but not their main names stay
//! apart. The similarity needed for a story is lower than for an event; both come from
//! `[discover]`. A story must also hold together without its main name (`coherence`), so a
//! name that is everywhere (a wire service's "U.S.") does not gather a catch-all story.
//!
//! Because clustering is agglomerative and ordered by (time, id), the result does not depend on
//! file order. A story's name, slug and main entities come from `naming`.

mod coherence;

use super::cluster::{self, Item, Level, Params, Work};
use super::features::{Blend, Corpus, SparseVec, dot, normalise};
use super::naming;
use super::sparse::sum_in_order;
use crate::config::DiscoverConfig;
use crate::model::{Article, Event, Topic};
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};

/// One discovered story: its events (indices into the event list, in time order).
#[derive(Debug, Clone, PartialEq)]
pub struct Story {
    pub events: Vec<usize>,
    /// Indices of its articles, in time order.
    pub articles: Vec<usize>,
}

/// Days since 1970-01-01, for time distances.
pub fn day_number(day: NaiveDate) -> i64 {
    (day - NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date")).num_days()
}

/// Events left in groups smaller than a story join the most similar story among those that
/// share one of their main names, when their similarity reaches this share of
/// `story_similarity` (0: any such story).
const ATTACH_SHARE: f32 = 0.0;

/// How events are compared and merged into stories.
#[derive(Debug, Clone, Copy)]
pub struct StoryParams {
    pub level: Level,
    /// Stories of at least this many articles whose main names (the heaviest `CORE_NAMES` of
    /// their name centroid) are at least this similar are one story (0 turns this off).
    pub core_similarity: f32,
    pub min_story_size: usize,
}

/// Names in a story's core.
const CORE_NAMES: usize = 5;

/// How events are compared and merged into stories, from `[discover]`.
pub fn story_params(config: &DiscoverConfig) -> StoryParams {
    StoryParams {
        level: story_level(config),
        core_similarity: 0.5,
        min_story_size: config.min_story_size.max(1),
    }
}

fn story_level(config: &DiscoverConfig) -> Level {
    Level {
        // A story is told by the names its articles keep returning to (`focus`); the words
        // they keep using (`gist`) carry the articles that name no one.
        blend: Blend {
            terms: 0.0,
            entities: 0.0,
            title: 0.0,
            gist: 0.1,
            focus: 1.0,
        },
        params: Params {
            threshold: config.story_similarity as f32,
            window_days: config.story_window_days as f32,
            half_life_days: config.half_life_days as f32,
            keys_per_item: 16,
            neighbours: 32,
            // A story's main name is common by nature: every list is used, and the neighbour
            // limit keeps the work linear.
            max_key_share: 1.0,
            linkage: 0.5,
            attach_weight: config.min_story_size.max(1) as f32,
            attach_threshold: config.story_similarity as f32 * ATTACH_SHARE,
        },
    }
}

/// Clusters the events `candidates` (indices into `events`) into stories, biggest first (ties
/// by first event). Every candidate ends up in exactly one story, however small.
pub fn find_stories(
    articles: &[Article],
    events: &[Event],
    candidates: &[usize],
    corpus: &Corpus,
    story: &StoryParams,
) -> (Vec<Story>, Work) {
    let level = &story.level;
    let mut order: Vec<usize> = candidates.to_vec();
    order.sort_by(|&a, &b| {
        (events[a].published, &events[a].id).cmp(&(events[b].published, &events[b].id))
    });
    let items: Vec<Item> = order
        .iter()
        .map(|&e| {
            let event = &events[e];
            let last = event
                .articles
                .iter()
                .map(|&a| day_number(articles[a].published.day()))
                .max()
                .unwrap_or(0)
                .max(day_number(event.day));
            Item {
                vector: corpus.combined(&event.articles, &level.blend, level.params.keys_per_item),
                first: day_number(event.day),
                last,
                lang: corpus.docs[event.articles[0]].lang,
                weight: event.articles.len() as f32,
                confidence: corpus.confidence(&event.articles),
            }
        })
        .collect();
    let (clusters, mut work) = cluster::agglomerate(&items, &level.params);
    let clusters = join_same_core(clusters, |m| &events[order[m]].articles, corpus, story);
    // Last, so that a story joined from pieces is tested whole, and pieces split apart are
    // not joined again through the name they only share.
    let clusters = coherence::split_incoherent(
        clusters,
        &items,
        &level.params,
        story.min_story_size as f32,
        &mut work,
    );
    let mut stories: Vec<Story> = clusters
        .into_iter()
        .map(|members| {
            let events_of: Vec<usize> = members.iter().map(|&m| order[m]).collect();
            let mut article_list: Vec<usize> = events_of
                .iter()
                .flat_map(|&e| events[e].articles.iter().copied())
                .collect();
            article_list.sort_by(|&a, &b| {
                (
                    articles[a].published.instant(chrono_tz::UTC),
                    &articles[a].id,
                )
                    .cmp(&(
                        articles[b].published.instant(chrono_tz::UTC),
                        &articles[b].id,
                    ))
            });
            Story {
                events: events_of,
                articles: article_list,
            }
        })
        .collect();
    stories.sort_by(|a, b| {
        b.articles
            .len()
            .cmp(&a.articles.len())
            .then(a.events[0].cmp(&b.events[0]))
    });
    (stories, work)
}

/// Joins stories whose main names coincide: one long story found in pieces (the revolution and,
/// two years later, the coup, both about Egypt, Mubarak, Cairo and Tahrir). Only the few
/// heaviest names count, so a story that merely mentions its neighbour's country is not joined
/// to it. Pairs are found through shared core names, so this is not quadratic either.
fn join_same_core<'a>(
    clusters: Vec<Vec<usize>>,
    articles_of: impl Fn(usize) -> &'a Vec<usize>,
    corpus: &Corpus,
    story: &StoryParams,
) -> Vec<Vec<usize>> {
    if story.core_similarity <= 0.0 {
        return clusters;
    }
    let cores: Vec<Option<SparseVec>> = clusters
        .iter()
        .map(|members| {
            let docs: Vec<usize> = members
                .iter()
                .flat_map(|&m| articles_of(m).iter().copied())
                .collect();
            if docs.len() < story.min_story_size {
                return None;
            }
            let focus: Vec<&SparseVec> = docs.iter().map(|&d| &corpus.docs[d].focus).collect();
            let mut sum = sum_in_order(&focus);
            sum.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            sum.truncate(CORE_NAMES);
            sum.sort_by_key(|e| e.0);
            normalise(&mut sum);
            let lang = corpus.docs[docs[0]].lang;
            Some(sum).filter(|_| lang.is_some())
        })
        .collect();
    let mut by_name: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for (c, core) in cores.iter().enumerate() {
        for &(name, _) in core.iter().flatten() {
            by_name.entry(name).or_default().push(c);
        }
    }
    let mut parent: Vec<usize> = (0..clusters.len()).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    let mut pairs: BTreeSet<(usize, usize)> = BTreeSet::new();
    for list in by_name.values() {
        for (i, &a) in list.iter().enumerate() {
            for &b in &list[i + 1..] {
                pairs.insert((a, b));
            }
        }
    }
    for (a, b) in pairs {
        let (Some(ca), Some(cb)) = (&cores[a], &cores[b]) else {
            continue;
        };
        if dot(ca, cb) >= story.core_similarity {
            let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
            parent[ra.max(rb)] = ra.min(rb);
        }
    }
    let mut joined: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (c, members) in clusters.into_iter().enumerate() {
        joined
            .entry(root(&mut parent, c))
            .or_default()
            .extend(members);
    }
    joined
        .into_values()
        .map(|mut m| {
            m.sort_unstable();
            m
        })
        .collect()
}

/// Runs discovery after configured topics are assigned: adds a topic for every story of at
/// least `min_story_size` articles, after the existing topics, and tags its events. Returns all
/// stories found (also the small ones, whose events stay in "Other news").
pub fn add_story_topics(
    articles: &[Article],
    events: &mut [Event],
    topics: &mut Vec<Topic>,
    corpus: &Corpus,
    config: &DiscoverConfig,
) -> Vec<Story> {
    if !config.enabled {
        return Vec::new();
    }
    let candidates: Vec<usize> = (0..events.len())
        .filter(|&e| config.all_articles || events[e].topics.is_empty())
        .collect();
    // The phrase statistics that name stories need nothing from finding them, whose merge
    // loop keeps one core busy: they are read meanwhile, on the other cores.
    let ((stories, _), namer) = rayon::join(
        || find_stories(articles, events, &candidates, corpus, &story_params(config)),
        || naming::Namer::new(articles, corpus),
    );
    let mut taken: Vec<String> = topics.iter().map(|t| t.slug.clone()).collect();
    // Topics in the order of their first event, so pages do not reorder as stories grow.
    let mut big: Vec<&Story> = stories
        .iter()
        .filter(|s| s.articles.len() >= config.min_story_size.max(1))
        .collect();
    big.sort_by_key(|s| s.events[0]);
    let labels: Vec<naming::StoryLabel> = big.iter().map(|s| namer.label(&s.articles)).collect();
    let mut names: Vec<String> = labels.iter().map(|l| l.name.clone()).collect();
    let starts: Vec<chrono::NaiveDate> = big
        .iter()
        .map(|s| {
            s.events
                .iter()
                .map(|&e| events[e].day)
                .min()
                .expect("a story has events")
        })
        .collect();
    let configured: Vec<&str> = topics.iter().map(|t| t.name.as_str()).collect();
    naming::distinct_names(&mut names, &starts, &configured);
    for ((story, label), name) in big.into_iter().zip(labels).zip(names) {
        let slug = naming::unique_slug(
            &naming::story_slug(articles, corpus, &story.articles),
            &taken,
        );
        taken.push(slug.clone());
        let mut story_events = story.events.clone();
        story_events.sort_unstable();
        for &e in &story_events {
            events[e].topics.push(slug.clone());
        }
        topics.push(Topic {
            name,
            slug,
            description: Some(label.description),
            events: story_events,
            entities: label.entities,
            discovered: true,
        });
    }
    stories
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::ingest::dates::parse_stamp;

    fn article(id: &str, date: &str, title: &str, body: &str) -> Article {
        Article {
            id: id.into(),
            title: title.into(),
            body: body.into(),
            origins: vec![format!("{id}.md")],
            ..Article::new(format!("{id}.md"), parse_stamp(date).unwrap())
        }
    }

    /// A sentence of its own for each article, so no two are near-duplicates.
    fn detail(id: &str) -> &'static str {
        match id {
            "i1" => "The announcement came after weeks of shuttle diplomacy by Omani envoys.",
            "i2" => {
                "Reporters waited outside the palace while the delegations met in separate rooms."
            }
            "i3" => {
                "Both sides described the first round as serious and said experts would continue."
            }
            "i4" => "A date for the next meeting is expected within days, officials said.",
            "s1" => "Gusts of more than 120 km/h were measured on the island of Sylt.",
            "s2" => "About 80,000 households lost electricity overnight, utilities said.",
            "s3" => "Harbour walls were breached in several towns and cars were swept away.",
            _ => "Repair crews began to count the cost of the damage on Friday.",
        }
    }

    fn iran(id: &str, day: u32, what: &str) -> Article {
        article(
            id,
            &format!("2026-02-{day:02}"),
            &format!("Iran and the United States {what}"),
            &format!(
                "Officials from Iran and the United States {what} in Muscat, Oman said. {} The foreign minister of Oman, Badr al-Busaidi, hosted the delegations of Iran and the United States. Diplomats said Tehran wants sanctions relief and Washington wants limits on enrichment.",
                detail(id)
            ),
        )
    }

    fn storm(id: &str, day: u32, what: &str) -> Article {
        article(
            id,
            &format!("2026-02-{day:02}"),
            &format!("Storm {what} across Denmark"),
            &format!(
                "Forecasters said Storm Ingrid {what} across Denmark and northern Germany. {} Ferries between Denmark and Germany were cancelled and the railway Deutsche Bahn stopped trains in Schleswig-Holstein.",
                detail(id)
            ),
        )
    }

    fn corpus_of() -> Vec<Article> {
        vec![
            iran("i1", 3, "agree to hold talks"),
            storm("s1", 4, "brings gales"),
            iran("i2", 6, "open indirect talks"),
            storm("s2", 6, "cuts power"),
            iran("i3", 9, "end a first round of talks"),
            storm("s3", 8, "floods harbours"),
        ]
    }

    /// Each of these articles is its own development: only near-identical reports would merge.
    const STRICT_EVENTS: &str = "[discover]\nevent_similarity = 0.6\nevent_window_days = 1\n";

    fn site(articles: Vec<Article>, config: &str) -> crate::model::Site {
        let text = if config.contains("[discover]") {
            config.replace("[discover]\n", STRICT_EVENTS)
        } else {
            format!("{STRICT_EVENTS}{config}")
        };
        let config = Config::parse(&text, "test.toml").unwrap();
        crate::build_model(articles, &config, &mut Vec::new())
    }

    /// (slug, sorted article ids) of every discovered topic, sorted.
    fn stories(site: &crate::model::Site) -> Vec<(String, Vec<String>)> {
        let mut out: Vec<(String, Vec<String>)> = site
            .topics
            .iter()
            .filter(|t| t.discovered)
            .map(|t| {
                let mut ids: Vec<String> = t
                    .events
                    .iter()
                    .flat_map(|&e| site.events[e].articles.iter())
                    .map(|&a| site.articles[a].id.clone())
                    .collect();
                ids.sort();
                (t.slug.clone(), ids)
            })
            .collect();
        out.sort();
        out
    }

    #[test]
    fn stories_are_found_named_after_their_names_and_do_not_depend_on_file_order() {
        let forward = site(corpus_of(), "");
        let found = stories(&forward);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found.iter().any(|(_, ids)| ids == &["i1", "i2", "i3"]));
        assert!(found.iter().any(|(_, ids)| ids == &["s1", "s2", "s3"]));
        let iran_topic = forward
            .topics
            .iter()
            .find(|t| t.discovered && t.name.contains("Iran"))
            .expect("a story named after Iran");
        assert!(iran_topic.name.contains(" · "), "{}", iran_topic.name);
        assert!(
            iran_topic.entities.iter().any(|e| e == "Oman"),
            "{:?}",
            iran_topic.entities
        );
        let mut reversed_articles = corpus_of();
        reversed_articles.reverse();
        assert_eq!(stories(&site(reversed_articles, "")), found);
    }

    #[test]
    fn a_story_keeps_its_slug_when_later_articles_join() {
        let before = stories(&site(corpus_of(), ""));
        let mut more = corpus_of();
        more.push(iran("i4", 12, "agree on a second round of talks"));
        more.push(storm("s4", 11, "leaves a clean-up bill"));
        let after = stories(&site(more, ""));
        let slugs = |s: &[(String, Vec<String>)]| s.iter().map(|x| x.0.clone()).collect::<Vec<_>>();
        assert_eq!(slugs(&before), slugs(&after));
        assert!(after.iter().any(|(_, ids)| ids.contains(&"i4".to_string())));
        assert_eq!(
            slugs(&before),
            vec![
                "iran-united-states-agree-hold-talks",
                "storm-brings-gales-across-denmark"
            ]
        );
    }

    #[test]
    fn small_groups_stay_in_other_news_and_one_article_can_be_one_story() {
        let two = vec![
            iran("i1", 3, "agree to hold talks"),
            iran("i2", 6, "open talks"),
        ];
        assert!(
            stories(&site(two.clone(), "")).is_empty(),
            "min_story_size is 3"
        );
        let one = site(
            vec![iran("i1", 3, "agree to hold talks")],
            "[discover]\nmin_story_size = 1\n",
        );
        assert_eq!(stories(&one).len(), 1);
        let off = site(corpus_of(), "[discover]\nenabled = false\n");
        assert!(stories(&off).is_empty());
    }

    #[test]
    fn configured_topics_decide_first_and_discovery_takes_the_rest() {
        let config =
            "[[topics]]\nname = \"Talks\"\n[topics.match]\nall = [\"iran\"]\nany = [\"talks\"]\n";
        let built = site(corpus_of(), config);
        assert_eq!(built.topics[0].slug, "talks");
        assert_eq!(built.topics[0].events.len(), 3);
        let found = stories(&built);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].1, vec!["s1", "s2", "s3"]);
        let all = site(
            corpus_of(),
            &format!("[discover]\nall_articles = true\n{config}"),
        );
        assert_eq!(
            stories(&all).len(),
            2,
            "with all_articles the Iran story is found too"
        );
    }

    #[test]
    fn articles_with_only_a_title_are_grouped_by_it() {
        let mut articles = corpus_of();
        articles.push(article(
            "t1",
            "2026-02-07",
            "Iran and the United States talks in Muscat, Oman",
            "",
        ));
        let found = stories(&site(articles, ""));
        assert!(
            found
                .iter()
                .any(|(_, ids)| ids.contains(&"t1".to_string()) && ids.contains(&"i1".to_string())),
            "{found:?}"
        );
    }

    #[test]
    fn other_languages_do_not_join_an_english_story_through_shared_names() {
        let mut articles = corpus_of();
        for (i, day) in [5u32, 7, 8].iter().enumerate() {
            articles.push(article(
                &format!("es{i}"),
                &format!("2026-02-{day:02}"),
                "Irán y Estados Unidos negocian en Muscat",
                "Irán y Estados Unidos celebran en Muscat una ronda de conversaciones con la mediación de Omán, y el ministro Badr al-Busaidi dijo que las negociaciones avanzan.",
            ));
        }
        let found = stories(&site(articles, ""));
        for (_, ids) in &found {
            let spanish = ids.iter().filter(|id| id.starts_with("es")).count();
            assert!(
                spanish == 0 || spanish == ids.len(),
                "mixed languages: {ids:?}"
            );
        }
    }
}
