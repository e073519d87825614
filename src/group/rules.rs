//! Topic match rules: whole-word, case-insensitive terms with inflections, weighted by field.
//!
//! Terms and article text are both reduced to Snowball stems, so "negotiation" matches
//! "negotiations" and "negotiated", and "talk" matches "talks" but not "stalk". A term of several
//! words matches those stems in a row. The title weighs more than the summary, which weighs
//! more than the body, so a passing mention deep in a long article does not pull it in.

use crate::config::MatchRules;
use crate::model::Article;
use crate::text::Stemmer;

/// Weight of a term found in the title, the summary and the body.
pub const TITLE_WEIGHT: f64 = 3.0;
pub const SUMMARY_WEIGHT: f64 = 2.0;
pub const BODY_WEIGHT: f64 = 1.0;

/// An article's stems, field by field, computed once and matched against every topic.
#[derive(Debug, Clone)]
pub struct ArticleStems {
    title: Vec<String>,
    summary: Vec<String>,
    body: Vec<String>,
}

impl ArticleStems {
    pub fn new(stemmer: &Stemmer, article: &Article) -> Self {
        ArticleStems {
            title: crate::text::stems(stemmer, &article.title),
            summary: crate::text::stems(stemmer, &article.summary),
            body: crate::text::stems(stemmer, &article.body),
        }
    }
}

/// A rule set with its terms already stemmed.
#[derive(Debug, Clone)]
pub struct CompiledRules {
    all: Vec<Vec<String>>,
    any: Vec<Vec<String>>,
    min_score: f64,
}

impl CompiledRules {
    pub fn new(stemmer: &Stemmer, rules: &MatchRules) -> Self {
        let compile = |terms: &[String]| -> Vec<Vec<String>> {
            terms
                .iter()
                .map(|t| crate::text::stems(stemmer, t))
                .filter(|t| !t.is_empty())
                .collect()
        };
        CompiledRules {
            all: compile(&rules.all),
            any: compile(&rules.any),
            min_score: rules.min_score,
        }
    }

    /// The article's score if it matches, `None` if it does not.
    pub fn score(&self, article: &ArticleStems) -> Option<f64> {
        let mut total = 0.0;
        for term in &self.all {
            let s = term_score(term, article);
            if s == 0.0 {
                return None;
            }
            total += s;
        }
        let mut any_found = self.any.is_empty();
        for term in &self.any {
            let s = term_score(term, article);
            any_found |= s > 0.0;
            total += s;
        }
        (any_found && total >= self.min_score).then_some(total)
    }
}

fn term_score(term: &[String], article: &ArticleStems) -> f64 {
    let mut score = 0.0;
    if contains(&article.title, term) {
        score += TITLE_WEIGHT;
    }
    if contains(&article.summary, term) {
        score += SUMMARY_WEIGHT;
    }
    if contains(&article.body, term) {
        score += BODY_WEIGHT;
    }
    score
}

/// Whether `needle` occurs as consecutive words in `haystack`.
fn contains(haystack: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::dates::parse_stamp;

    fn article(title: &str, summary: &str, body: &str) -> Article {
        Article {
            id: "a".into(),
            title: title.into(),
            summary: summary.into(),
            body: body.into(),
            ..Article::new("a.md", parse_stamp("2026-02-08").unwrap())
        }
    }

    fn rules(all: &[&str], any: &[&str], min_score: f64) -> CompiledRules {
        let stemmer = crate::text::english_stemmer();
        CompiledRules::new(
            &stemmer,
            &MatchRules {
                all: all.iter().map(|s| s.to_string()).collect(),
                any: any.iter().map(|s| s.to_string()).collect(),
                min_score,
            },
        )
    }

    fn score(r: &CompiledRules, a: &Article) -> Option<f64> {
        r.score(&ArticleStems::new(&crate::text::english_stemmer(), a))
    }

    #[test]
    fn inflections_match_and_the_title_weighs_most() {
        let r = rules(&["iran"], &["negotiation"], 3.0);
        let a = article("Iran negotiations resume", "", "They negotiated.");
        assert_eq!(score(&r, &a), Some(3.0 + 3.0 + 1.0));
        let b = article("Weather", "", "Iran negotiated.");
        assert_eq!(
            score(&r, &b),
            None,
            "body-only mentions stay under the minimum score"
        );
    }

    #[test]
    fn whole_words_only_and_case_insensitive() {
        let r = rules(&[], &["talk"], 1.0);
        assert!(score(&r, &article("TALKS", "", "")).is_some());
        assert!(score(&r, &article("Stalker", "", "")).is_none());
    }

    #[test]
    fn every_all_term_must_occur() {
        let r = rules(&["iran", "oman"], &[], 1.0);
        assert!(score(&r, &article("Iran", "", "")).is_none());
        assert!(score(&r, &article("Iran and Oman", "", "")).is_some());
    }

    #[test]
    fn phrases_match_consecutive_words() {
        let r = rules(&["central bank"], &[], 1.0);
        assert!(score(&r, &article("The central banks met", "", "")).is_some());
        assert!(score(&r, &article("Central Asia bank", "", "")).is_none());
    }
}
