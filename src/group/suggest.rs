//! `[[topics]]` suggestions for discovered stories, ready to paste into `annals.toml`.
//!
//! A suggestion is only useful if its rules pick the story's articles and few others, so terms
//! are chosen and checked with the very rules `group::rules` applies: `all` is the name found
//! in most of the story's articles (when it is in most of them), `any` is a greedy cover of the
//! rest by the story's other main names, and `min_score` is the one of 2 to 5 that keeps the
//! most story articles for the fewest others. The comment above each block says how well it
//! does, so nobody pastes a rule blind.

use super::rules::{ArticleStems, CompiledRules};
use crate::config::MatchRules;
use crate::model::{Article, Site};

/// One suggested `[[topics]]` entry and how well its rules fit the story.
#[derive(Debug, Clone)]
pub struct Suggestion {
    pub name: String,
    pub slug: String,
    pub description: Option<String>,
    pub rules: MatchRules,
    /// Articles in the story.
    pub articles: usize,
    /// Story articles the rules match.
    pub matched: usize,
    /// Articles outside the story the rules also match.
    pub outside: usize,
}

/// Names tried as `any` terms.
const MAX_ANY: usize = 5;
/// `all` is used only when its name is in at least this share of the story's articles.
const ALL_SHARE: f64 = 0.8;

/// Suggestions for the `limit` largest discovered topics of `site`, largest first.
pub fn suggest_topics(site: &Site, limit: usize) -> Vec<Suggestion> {
    let stemmer = crate::text::english_stemmer();
    let stems: Vec<ArticleStems> = site
        .articles
        .iter()
        .map(|a| ArticleStems::new(&stemmer, a))
        .collect();
    let mut discovered: Vec<(usize, Vec<usize>)> = site
        .topics
        .iter()
        .enumerate()
        .filter(|(_, t)| t.discovered)
        .map(|(i, t)| {
            let mut members: Vec<usize> = t
                .events
                .iter()
                .flat_map(|&e| site.events[e].articles.iter().copied())
                .collect();
            members.sort_unstable();
            members.dedup();
            (i, members)
        })
        .collect();
    discovered.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    discovered
        .into_iter()
        .take(limit)
        .map(|(t, members)| {
            let topic = &site.topics[t];
            let rules = choose_rules(&topic.entities, &members, &stems, &stemmer);
            let compiled = CompiledRules::new(&stemmer, &rules);
            let (matched, outside) = coverage(&compiled, &members, &stems);
            Suggestion {
                name: topic.name.clone(),
                slug: topic.slug.clone(),
                description: topic.description.clone(),
                rules,
                articles: members.len(),
                matched,
                outside,
            }
        })
        .collect()
}

fn choose_rules(
    names: &[String],
    members: &[usize],
    stems: &[ArticleStems],
    stemmer: &crate::text::Stemmer,
) -> MatchRules {
    let rule = |all: &[String], any: &[String], min_score: f64| MatchRules {
        all: all.to_vec(),
        any: any.to_vec(),
        min_score,
    };
    // Which story articles mention each name anywhere (score ≥ 1).
    let mentions: Vec<Vec<bool>> = names
        .iter()
        .map(|name| {
            let compiled = CompiledRules::new(stemmer, &rule(&[], std::slice::from_ref(name), 1.0));
            members
                .iter()
                .map(|&a| compiled.score(&stems[a]).is_some())
                .collect()
        })
        .collect();
    let count = |m: &Vec<bool>| m.iter().filter(|x| **x).count();
    let best_all = (0..names.len()).max_by(|&a, &b| {
        count(&mentions[a])
            .cmp(&count(&mentions[b]))
            .then(b.cmp(&a))
    });
    let all: Vec<String> = best_all
        .filter(|&i| count(&mentions[i]) as f64 >= ALL_SHARE * members.len() as f64)
        .map(|i| vec![names[i].clone()])
        .unwrap_or_default();
    // Greedy cover of the story articles by the other names.
    let mut covered = vec![false; members.len()];
    let mut any: Vec<String> = Vec::new();
    while any.len() < MAX_ANY {
        let gain = |i: usize| {
            mentions[i]
                .iter()
                .zip(&covered)
                .filter(|(m, c)| **m && !**c)
                .count()
        };
        let next = (0..names.len())
            .filter(|&i| !all.contains(&names[i]) && !any.contains(&names[i]))
            .max_by(|&a, &b| gain(a).cmp(&gain(b)).then(b.cmp(&a)));
        let Some(next) = next.filter(|&i| gain(i) > 0) else {
            break;
        };
        for (c, m) in covered.iter_mut().zip(&mentions[next]) {
            *c |= *m;
        }
        any.push(names[next].clone());
    }
    if all.is_empty() && any.is_empty() {
        return rule(&[], &names[..names.len().min(1)], 3.0);
    }
    // The least demanding score that keeps the rules from matching much outside the story.
    let mut best = rule(&all, &any, 3.0);
    let mut best_value = i64::MIN;
    for min_score in [2.0, 3.0, 4.0, 5.0] {
        let candidate = rule(&all, &any, min_score);
        let (matched, outside) = coverage(&CompiledRules::new(stemmer, &candidate), members, stems);
        let value = matched as i64 - 2 * outside as i64;
        if value > best_value {
            best_value = value;
            best = candidate;
        }
    }
    best
}

/// (story articles matched, other articles matched).
fn coverage(rules: &CompiledRules, members: &[usize], stems: &[ArticleStems]) -> (usize, usize) {
    let mut matched = 0;
    let mut outside = 0;
    for (a, article_stems) in stems.iter().enumerate() {
        if rules.score(article_stems).is_some() {
            if members.binary_search(&a).is_ok() {
                matched += 1;
            } else {
                outside += 1;
            }
        }
    }
    (matched, outside)
}

/// The suggestions as TOML text, each block with a comment on how well it fits.
pub fn suggestions_toml(suggestions: &[Suggestion], articles: &[Article]) -> String {
    let quote = crate::render::toml_string;
    let list = |terms: &[String]| {
        terms
            .iter()
            .map(|t| quote(t))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out = String::new();
    if suggestions.is_empty() {
        out.push_str(&format!(
            "# No stories found among {} article{} that no configured topic claims.\n",
            articles.len(),
            if articles.len() == 1 { "" } else { "s" }
        ));
    }
    for s in suggestions {
        out.push_str(&format!(
            "# A story of {} article{}; these rules match {} of them and {} other article{}.\n",
            s.articles,
            if s.articles == 1 { "" } else { "s" },
            s.matched,
            s.outside,
            if s.outside == 1 { "" } else { "s" }
        ));
        out.push_str("[[topics]]\n");
        out.push_str(&format!("name = {}\n", quote(&s.name)));
        out.push_str(&format!("slug = {}\n", quote(&s.slug)));
        if let Some(description) = &s.description {
            out.push_str(&format!("description = {}\n", quote(description)));
        }
        out.push_str("\n[topics.match]\n");
        if !s.rules.all.is_empty() {
            out.push_str(&format!("all = [{}]\n", list(&s.rules.all)));
        }
        if !s.rules.any.is_empty() {
            out.push_str(&format!("any = [{}]\n", list(&s.rules.any)));
        }
        out.push_str(&format!("min_score = {:.1}\n\n", s.rules.min_score));
    }
    out
}
