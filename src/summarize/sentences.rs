//! The part of key-date work that depends on a sentence alone, done once per article.
//!
//! Why it exists: key dates are chosen for every topic, and an article belongs to several
//! topics (its stories, its names, its rules), so squashing, stemming and templating its
//! sentences inside each topic repeated the same work many times over. Here each sentence is
//! prepared once, on all cores, with its stems interned as global ids; a topic maps them to its
//! own term ids in order of first use, which gives exactly the ids (and so the vectors) that
//! adding the stems themselves would.

use super::vectors::is_stop_word;
use crate::model::{Article, ArticleDates};
use crate::text::FastMap;

/// One sentence of an article, ready for any topic.
pub struct Prepared {
    /// Index into the article's dated sentences.
    pub index: usize,
    /// The sentence with its whitespace squashed.
    pub text: String,
    /// Its stemmed content words, in order, as global ids.
    pub terms: Vec<u32>,
    /// Its number of words.
    pub words: usize,
    /// The sentence without dates and numbers, for spotting page templates.
    pub template: String,
    /// A question, exclamation or first/second-person aside.
    pub chatter: bool,
}

/// Prepared sentences of the articles asked for (empty for the others).
pub struct SentenceCache {
    pub articles: Vec<Vec<Prepared>>,
}

/// Articles prepared on all cores per block, then interned in article order, so the global
/// ids do not depend on the number of threads and at most one block of stems is held.
const BLOCK: usize = 512;

impl SentenceCache {
    pub fn new(articles: &[Article], dates: &[ArticleDates], wanted: &[bool]) -> Self {
        use rayon::prelude::*;
        let mut ids: FastMap<String, u32> = FastMap::default();
        let mut out: Vec<Vec<Prepared>> = Vec::with_capacity(articles.len());
        let limit = articles.len().min(dates.len());
        for start in (0..articles.len()).step_by(BLOCK) {
            let end = (start + BLOCK).min(articles.len());
            let block: Vec<Vec<(Prepared, Vec<String>)>> = (start..end)
                .into_par_iter()
                .map(|a| {
                    if a >= limit || !wanted.get(a).copied().unwrap_or(false) {
                        return Vec::new();
                    }
                    prepare_article(&articles[a], &dates[a])
                })
                .collect();
            for sentences in block {
                out.push(
                    sentences
                        .into_iter()
                        .map(|(mut prepared, stems)| {
                            prepared.terms = stems
                                .into_iter()
                                .map(|stem| {
                                    let next = ids.len() as u32;
                                    *ids.entry(stem).or_insert(next)
                                })
                                .collect();
                            prepared
                        })
                        .collect(),
                );
            }
        }
        SentenceCache { articles: out }
    }
}

fn prepare_article(article: &Article, dates: &ArticleDates) -> Vec<(Prepared, Vec<String>)> {
    let stemmer = crate::text::english_stemmer();
    let mut out = Vec::new();
    for (index, dated) in dates.sentences.iter().enumerate() {
        let Some(text) = article.body.get(dated.start..dated.end) else {
            continue;
        };
        let text = crate::text::squash_whitespace(text);
        // One pass over the words for the stems, the word count, the template and chatter.
        let mut stems = Vec::new();
        let mut words = 0;
        let mut template = String::new();
        let mut chatter = ends_as_chatter(&text);
        for word in crate::text::words(&text) {
            words += 1;
            chatter = chatter || is_chatter_word(&word);
            if in_template(&word) {
                if !template.is_empty() {
                    template.push(' ');
                }
                template.push_str(&word);
            }
            if is_stop_word(&word) || word.chars().all(|c| c.is_ascii_digit()) {
                continue;
            }
            stems.push(stemmer.stem(&word));
        }
        // Shown without its dateline; compared with it, so that the choice does not change.
        let text = match crate::text::dateline::strip_dateline(&text) {
            story if story.len() < text.len() => story.to_string(),
            _ => text,
        };
        out.push((
            Prepared {
                index,
                text,
                terms: Vec::new(),
                words,
                template,
                chatter,
            },
            stems,
        ));
    }
    out
}

/// A sentence's words without numbers, month names and weekdays: what stays the same when a
/// page template is filled in on another day.
#[cfg(test)]
fn template_of(text: &str) -> String {
    crate::text::words(text)
        .filter(|w| in_template(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a (lowercased) word stays in a sentence's template: it is not a number, month or
/// weekday.
fn in_template(word: &str) -> bool {
    !word.chars().any(|c| c.is_ascii_digit())
        && crate::ingest::html::dates::month_number(word).is_none()
        && crate::temporal::lexicon::weekday(word).is_none()
}

/// Questions, exclamations and sentences in the first or second person: readers' comments,
/// quotes and asides, not statements of what happened.
#[cfg(test)]
fn is_chatter(text: &str) -> bool {
    ends_as_chatter(text) || crate::text::words(text).any(|w| is_chatter_word(&w))
}

/// Whether a sentence ends as a question or exclamation (quotes and brackets aside).
fn ends_as_chatter(text: &str) -> bool {
    let end = text.trim_end_matches(['"', '”', '’', '\'', ')']);
    end.ends_with(['?', '!'])
}

/// Whether a (lowercased) word is in the first or second person.
fn is_chatter_word(word: &str) -> bool {
    matches!(
        word,
        "i" | "me" | "my" | "you" | "your" | "im" | "ive" | "don"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chatter_and_templates_are_not_timeline_sentences() {
        assert!(is_chatter("Why doesn't Obama take charge of the spill?"));
        assert!(is_chatter(
            "I think you are wrong about the spill and its costs."
        ));
        assert!(!is_chatter(
            "BP began the top kill procedure to plug the well."
        ));
        assert_eq!(
            template_of("This article appeared on p1 on Saturday 2 May 2009"),
            template_of("This article appeared on p5 on Monday 11 May 2009")
        );
    }
}
