//! Reading capitalised names out of text: sentence splitting, the corpus's own capitalisation
//! statistics (is "Bridge" a name or a headline word?), and the runs of words that make a name.
//! Separate from `entities` proper, which normalises, aliases and counts what is read here.

use super::{MAX_NAME_WORDS, fold};
use crate::group::lang::Lang;
use std::collections::HashMap;

/// How often each word is capitalised inside a sentence, and how often it is written lowercase.
/// Counted on all cores, a map per chunk of articles, then added up: sums do not depend on the
/// order they are taken in, and the map is only ever looked up, never walked.
pub(super) struct CaseStats {
    counts: HashMap<String, (u32, u32)>,
}

impl CaseStats {
    pub(super) fn new(sources: &[super::EntitySource]) -> Self {
        use rayon::prelude::*;
        let counts = sources
            .par_iter()
            .fold(
                HashMap::new,
                |mut counts: HashMap<String, (u32, u32)>, source| {
                    for sentence in split_sentences(source.text, source.lang) {
                        for (i, token) in sentence.iter().enumerate() {
                            let Token::Word(word) = token else { continue };
                            if !word.chars().any(char::is_alphabetic) {
                                continue;
                            }
                            let entry = counts.entry(fold(word)).or_default();
                            if looks_capitalised(word) {
                                if i > 0 {
                                    entry.0 += 1;
                                }
                            } else {
                                entry.1 += 1;
                            }
                        }
                    }
                    counts
                },
            )
            .reduce(HashMap::new, |mut a, mut b| {
                if a.len() < b.len() {
                    std::mem::swap(&mut a, &mut b);
                }
                for (word, (capital, lower)) in b {
                    let entry = a.entry(word).or_default();
                    entry.0 += capital;
                    entry.1 += lower;
                }
                a
            });
        CaseStats { counts }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token<'a> {
    Word(&'a str),
    /// Punctuation that ends a name: a comma, a bracket, a dash, a quote.
    Break,
}

/// Splits text into sentences of word tokens and breaks. An elided article or preposition is
/// not part of the word it is joined to ("dell'Egitto" is a mention of "Egitto").
fn split_sentences(text: &str, lang: Lang) -> Vec<Vec<Token<'_>>> {
    let mut sentences = vec![Vec::new()];
    for line in text.lines() {
        for raw in line.split_whitespace() {
            let start = raw
                .char_indices()
                .find(|(_, c)| c.is_alphanumeric())
                .map(|(i, _)| i);
            let Some(start) = start else {
                sentences.last_mut().expect("one").push(Token::Break);
                continue;
            };
            let end = raw
                .char_indices()
                .rev()
                .find(|(_, c)| c.is_alphanumeric())
                .map(|(i, c)| i + c.len_utf8())
                .unwrap_or(raw.len());
            let lead = &raw[..start];
            let tail = &raw[end..];
            let current = sentences.last_mut().expect("one");
            let sentence_start = !current.iter().any(|t| matches!(t, Token::Word(_)));
            if !lead.is_empty() {
                current.push(Token::Break);
            }
            current.push(Token::Word(
                lang.strip_elision(&raw[start..end], sentence_start),
            ));
            if tail.contains(['.', '!', '?', ':', ';']) {
                sentences.push(Vec::new());
            } else if !tail.is_empty() {
                current.push(Token::Break);
            }
        }
        // A line break ends a sentence (headlines, list items, paragraphs).
        sentences.push(Vec::new());
    }
    sentences.retain(|s| !s.is_empty());
    sentences
}

/// Words that join two parts of one name: "Gulf of Oman", "Bashar al Assad".
const CONNECTORS: &[&str] = &[
    "al", "bin", "da", "de", "del", "der", "di", "du", "el", "ibn", "la", "of", "van", "von",
];
/// Lowercase prefixes of a hyphenated name: "al-Busaidi", "el-Sisi".
const PARTICLES: &[&str] = &[
    "abu", "ad", "al", "an", "ar", "as", "at", "bin", "el", "ibn",
];

/// The capitalised names written in `text`, as written.
pub(super) fn names_in(text: &str, lang: Lang, case: &CaseStats) -> Vec<String> {
    let mut out = Vec::new();
    for sentence in split_sentences(text, lang) {
        let kinds: Vec<WordKind> = sentence
            .iter()
            .map(|t| match t {
                Token::Word(word) => word_kind(word, lang, case),
                Token::Break => WordKind::Other,
            })
            .collect();
        let mut run: Vec<&str> = Vec::new();
        let mut flush = |run: &mut Vec<&str>| {
            while run.last().is_some_and(|w| CONNECTORS.contains(w)) {
                run.pop();
            }
            if run.len() == 1
                && (lang == Lang::En && is_nationality(run[0]) || is_company_suffix(run[0]))
            {
                run.clear();
            }
            if !run.is_empty() && run.len() <= MAX_NAME_WORDS {
                out.push(run.join(" "));
            }
            run.clear();
        };
        for (i, token) in sentence.iter().enumerate() {
            let Token::Word(word) = token else {
                flush(&mut run);
                continue;
            };
            let name = match kinds[i] {
                WordKind::Name => true,
                // A capitalised word never seen inside a sentence starts a name only when a
                // known name follows it ("Sergey Lavrov said ...").
                WordKind::Unseen => kinds.get(i + 1) == Some(&WordKind::Name),
                WordKind::Other => false,
            };
            if name || (!run.is_empty() && CONNECTORS.contains(word)) {
                run.push(word);
            } else {
                flush(&mut run);
            }
        }
        flush(&mut run);
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WordKind {
    /// Capitalised, and capitalised inside sentences more often than not.
    Name,
    /// Capitalised, but never seen inside a sentence (a sentence start or a headline word).
    Unseen,
    Other,
}

/// Whether a word is written like a name: a capital first letter, or a lowercase particle and
/// a capital ("al-Busaidi", "el-Sisi").
fn looks_capitalised(word: &str) -> bool {
    let capitalised = word
        .chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(char::is_uppercase);
    capitalised
        || word.split_once('-').is_some_and(|(head, rest)| {
            PARTICLES.contains(&head.to_lowercase().as_str())
                && rest.chars().next().is_some_and(char::is_uppercase)
        })
}

fn word_kind(word: &str, lang: Lang, case: &CaseStats) -> WordKind {
    let folded = fold(word);
    let bare = folded.strip_suffix("'s").unwrap_or(&folded);
    if folded.chars().count() < 2 || folded.chars().all(|c| c.is_ascii_digit()) {
        return WordKind::Other;
    }
    if !looks_capitalised(word) || lang.is_stopword(&word.to_lowercase()) || is_common_opener(bare)
    {
        return WordKind::Other;
    }
    match case.counts.get(&folded) {
        Some(&(capitalised, lower)) if capitalised > lower => WordKind::Name,
        Some(_) => WordKind::Other,
        None => WordKind::Unseen,
    }
}

/// Capitalised words that are not names of people, places or organisations: common sentence
/// openers, and days and months (capitalised in English and German).
fn is_common_opener(folded: &str) -> bool {
    const OPENERS: &[&str] = &[
        "after",
        "although",
        "april",
        "as",
        "august",
        "but",
        "december",
        "even",
        "february",
        "friday",
        "however",
        "if",
        "in",
        "it",
        "january",
        "july",
        "june",
        "march",
        "may",
        "meanwhile",
        "monday",
        "november",
        "october",
        "on",
        "saturday",
        "september",
        "sunday",
        "the",
        "this",
        "thursday",
        "today",
        "tuesday",
        "we",
        "wednesday",
        "when",
        "while",
        "yesterday",
    ];
    OPENERS.contains(&folded)
}

/// A lone word that reads like an English adjective of nationality ("Iranian", "Chinese",
/// "Danish"). Only lone words are dropped: "Sebastian Kurz" and "European Central Bank" stay.
fn is_nationality(word: &str) -> bool {
    let folded = fold(word);
    folded.len() > 5
        && ["ian", "ese", "ish", "ean"]
            .iter()
            .any(|suffix| folded.ends_with(suffix))
}

/// Company-form suffixes ("Ford Motor Co", "Apple Inc."): the end of a name, never a name on
/// its own; alone they are what is left of a name split at a line break or a comma.
const COMPANY_SUFFIXES: &[&str] = &[
    "ag", "co", "corp", "gmbh", "inc", "llc", "lp", "ltd", "nv", "plc", "sa", "spa",
];

/// Whether a word is only a company-form suffix.
pub(super) fn is_company_suffix(word: &str) -> bool {
    let folded = fold(word);
    let bare = ["'s", "’s"]
        .iter()
        .find_map(|p| folded.strip_suffix(p))
        .unwrap_or(&folded);
    COMPANY_SUFFIXES.contains(&bare)
}
