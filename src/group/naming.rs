//! Names, slugs and main entities of topics, and `[[topics]]` suggestions for discovered stories.
//!
//! A story is named after what tells it apart: its most telling names and one key phrase, as in
//! "Iran · United States · Muscat talks". "Telling" means frequent inside the story and rare
//! outside it, so a name every story mentions ("United Nations") loses to the one only this story
//! is about. Phrases are two-word runs of non-stopwords from titles and summaries.
//!
//! The slug is not made from that name, because the name may change as articles join. It comes
//! from the story's earliest article alone (the first words of its title), so it stays the same
//! when later articles are added; only an article older than the story's first one, or a
//! merge with an older story, changes it. A clash with an existing slug gets `-2`, `-3`, ...
//! in the order stories began.

use super::boilerplate::{without_link_notes, without_wire_asides};
use super::features::Corpus;
use super::lang::Lang;
use crate::model::Article;
use crate::text::FastMap;
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};

/// What a story is called and what it is about.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryLabel {
    pub name: String,
    pub description: String,
    /// Main entities, most telling first.
    pub entities: Vec<String>,
    /// Key phrases, most telling first.
    pub phrases: Vec<String>,
}

/// Entities listed on a topic page.
const MAIN_ENTITIES: usize = 8;
/// Key phrases kept for a story (the first one joins the name).
const SHOWN_PHRASES: usize = 3;
/// English words a key phrase cannot end in: prepositions, conjunctions and adverbs that the
/// stopword lists leave in ("strong despite"), and headline verbs that are never nouns
/// ("Greenspan sees", "jury convicts"). Such a phrase is a piece of a sentence, not a topic.
/// Keys are lowercase ASCII, as these are. Sorted, for the binary search.
const FRAGMENT_ENDS: &[&str] = &[
    "across", "after", "against", "ahead", "along", "already", "also", "although", "amid",
    "amidst", "among", "around", "because", "before", "behind", "below", "beside", "besides",
    "between", "beyond", "buys", "convicts", "despite", "during", "even", "expects", "gives",
    "hires", "inside", "instead", "mulls", "nears", "onto", "outside", "said", "says", "seeks",
    "sees", "since", "still", "sues", "though", "through", "toward", "towards", "unless", "unlike",
    "until", "upon", "versus", "warned", "warns", "whereas", "whether", "while", "within",
    "without", "yet",
];

/// Words of the first title that make a slug.
const SLUG_WORDS: usize = 6;

/// Corpus-wide phrase statistics, computed once for naming every story.
pub struct Namer<'a> {
    articles: &'a [Article],
    corpus: &'a Corpus,
    /// Per article: the phrase keys of its title and summary, sorted, each once.
    phrases: Vec<Vec<String>>,
    /// Per phrase key: written forms and how often. Hashed maps: only looked up, and the most
    /// frequent form is chosen by a total order, so no iteration order reaches the output.
    forms: FastMap<String, FastMap<String, usize>>,
    phrase_df: FastMap<String, usize>,
}

impl<'a> Namer<'a> {
    pub fn new(articles: &'a [Article], corpus: &'a Corpus) -> Self {
        use rayon::prelude::*;
        /// Articles whose phrases are read on all cores at once (bounds the memory held).
        const CHUNK: usize = 4096;
        let mut phrases = Vec::with_capacity(articles.len());
        let mut forms: FastMap<String, FastMap<String, usize>> = FastMap::default();
        let mut phrase_df: FastMap<String, usize> = FastMap::default();
        for (c, chunk) in articles.chunks(CHUNK).enumerate() {
            // Reading phrases is independent per article; counting stays in article order.
            let found: Vec<Vec<(String, String)>> = chunk
                .par_iter()
                .enumerate()
                .map(|(k, article)| {
                    let i = c * CHUNK + k;
                    let lang = corpus.docs.get(i).and_then(|d| d.lang).unwrap_or(Lang::En);
                    let mut found = phrases_in(&readable(&article.title), lang);
                    found.extend(phrases_in(lead(&readable(&article.summary)), lang));
                    found
                })
                .collect();
            for found in found {
                let mut keys = Vec::with_capacity(found.len());
                for (key, form) in found {
                    let counts = match forms.get_mut(&key) {
                        Some(counts) => counts,
                        None => forms.entry(key.clone()).or_default(),
                    };
                    *counts.entry(form).or_default() += 1;
                    keys.push(key);
                }
                keys.sort_unstable();
                keys.dedup();
                for key in &keys {
                    match phrase_df.get_mut(key) {
                        Some(df) => *df += 1,
                        None => {
                            phrase_df.insert(key.clone(), 1);
                        }
                    }
                }
                phrases.push(keys);
            }
        }
        Namer {
            articles,
            corpus,
            phrases,
            forms,
            phrase_df,
        }
    }

    /// Names a group of articles (indices into the article list).
    pub fn label(&self, members: &[usize]) -> StoryLabel {
        let total = self.articles.len();
        let size = members.len();
        // Entities by how telling they are.
        let mut entity_count: BTreeMap<u32, usize> = BTreeMap::new();
        for &a in members {
            for &(id, _) in &self.corpus.entities.mentions[a] {
                *entity_count.entry(id).or_default() += 1;
            }
        }
        let min_count = if size >= 2 { 2 } else { 1 };
        let mut entities: Vec<(f64, String, u32)> = entity_count
            .iter()
            .filter(|(_, c)| **c >= min_count)
            .map(|(&id, &c)| {
                let df = self.corpus.entity_df[id as usize] as usize;
                (
                    telling(c, size, df, total),
                    self.corpus.entity_name(id).to_string(),
                    id,
                )
            })
            .collect();
        entities.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut entity_names: Vec<String> = Vec::new();
        // Each name as shown, and the key it is known by ("Fed", "federal reserve").
        let mut entity_words: Vec<String> = Vec::new();
        for (_, name, id) in entities {
            if !entity_names.iter().any(|n| n.eq_ignore_ascii_case(&name)) {
                let key = self.corpus.entities.keys.get(id as usize);
                entity_words.push(format!("{name} {}", key.map_or("", String::as_str)));
                entity_names.push(name);
            }
            if entity_names.len() == MAIN_ENTITIES {
                break;
            }
        }
        // Phrases by how telling they are, leaving out those that only repeat one of the main
        // names (with or without a title in front).
        let mut phrase_count: BTreeMap<&str, usize> = BTreeMap::new();
        for &a in members {
            for key in &self.phrases[a] {
                *phrase_count.entry(key).or_default() += 1;
            }
        }
        let words_of = |names: &[String]| -> BTreeSet<String> {
            names
                .iter()
                .flat_map(|n| crate::text::words(n).collect::<Vec<_>>())
                .map(|w| deunicode::deunicode(&w))
                .collect()
        };
        let named = words_of(&entity_words);
        // German capitalises every noun, so there a capitalised phrase may say what happened.
        let german = members
            .iter()
            .filter(|&&a| self.corpus.docs.get(a).and_then(|d| d.lang) == Some(Lang::De))
            .count();
        let names_are_capitalised = german * 2 < size;
        // The words of the two names the story's name shows.
        let shown = words_of(&entity_words[..entity_words.len().min(2)]);
        let scored: Vec<(f64, &str)> = phrase_count
            .iter()
            .filter(|(_, c)| **c >= min_count)
            // "presidente Ali" says no more than the name "Ali Abdullah Saleh", and "President
            // George" (of "President George W. Bush") is a piece of a name: a phrase with a
            // title in it points at a person, not at what happened. Words are compared as
            // `text::words` splits them, so "Wendy's International" repeats the name it is
            // (keys are already folded to ASCII, as `named` is).
            // Nor does "retailer Abercrombie" next to "Abercrombie & Fitch", or "Google Inc",
            // "Kimberly-Clark Corp" and "Networks Corp": a phrase that ends in a word of a name
            // shown beside it (its head word is that name), or that has a company form, is a
            // piece of a name, not what happened. "Muscat talks" beside "Muscat" says what
            // happened there.
            // A phrase mostly written with its last word capitalised is a name or a piece of
            // one ("Capital Management" of "Cerberus Capital Management", "Chicago Board" of
            // "Chicago Board of Trade"), or a name with a word before it ("firm Ernst", "buy
            // Sparrowhawk"): it names someone, and the names are shown beside it already.
            .filter(|(key, _)| {
                let words: Vec<String> = crate::text::words(key).collect();
                let repeats_names = words.iter().all(|w| named.contains(w) || w == "s");
                let piece_of_name = words.last().is_some_and(|w| shown.contains(w))
                    || words.iter().any(|w| {
                        super::entities::is_title(w) || super::entities::is_company_form(w)
                    })
                    || (names_are_capitalised && self.ends_capitalised(key))
                    || words
                        .last()
                        .is_some_and(|w| FRAGMENT_ENDS.binary_search(&w.as_str()).is_ok());
                !(repeats_names || piece_of_name)
            })
            .map(|(key, &c)| (telling(c, size, self.phrase_df[*key], total), *key))
            .collect();
        // A big story has thousands of phrases and three are shown: only those scoring at
        // least the third best score (ties included) get their written form and a sort.
        let mut scores: Vec<f64> = scored.iter().map(|p| p.0).collect();
        let cut = if scores.len() > SHOWN_PHRASES {
            let (_, third, _) =
                scores.select_nth_unstable_by(SHOWN_PHRASES - 1, |a, b| b.total_cmp(a));
            *third
        } else {
            f64::NEG_INFINITY
        };
        let mut phrases: Vec<(f64, String)> = scored
            .into_iter()
            .filter(|p| p.0.total_cmp(&cut).is_ge())
            .map(|(score, key)| (score, self.form_of(key)))
            .collect();
        phrases.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let phrases: Vec<String> = phrases
            .into_iter()
            .take(SHOWN_PHRASES)
            .map(|p| p.1)
            .collect();

        let mut parts: Vec<String> = entity_names.iter().take(2).cloned().collect();
        if let Some(phrase) = phrases.first() {
            parts.push(phrase.clone());
        }
        let first = members.first().map(|&a| &self.articles[a]);
        let name = if parts.is_empty() {
            first.map_or_else(|| "Untitled story".to_string(), |a| a.title.clone())
        } else {
            parts.join(" · ")
        };
        StoryLabel {
            name,
            description: self.describe(members),
            entities: entity_names,
            phrases,
        }
    }

    fn form_of(&self, key: &str) -> String {
        self.main_form(key)
            .map_or_else(|| key.to_string(), str::to_string)
    }

    /// The form `key` is most often written in (ties: the first in byte order).
    fn main_form(&self, key: &str) -> Option<&str> {
        self.forms
            .get(key)
            .and_then(|f| f.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))))
            .map(|(form, _)| form.as_str())
    }

    /// Whether `key` is mostly written with its last word capitalised.
    fn ends_capitalised(&self, key: &str) -> bool {
        self.main_form(key).is_some_and(|form| {
            form.rsplit([' ', '-'])
                .find(|w| !w.is_empty())
                .and_then(|w| w.chars().next())
                .is_some_and(char::is_uppercase)
        })
    }

    fn describe(&self, members: &[usize]) -> String {
        let days: Vec<chrono::NaiveDate> = members
            .iter()
            .map(|&a| self.articles[a].published.day())
            .collect();
        let (Some(first), Some(last)) = (days.iter().min(), days.iter().max()) else {
            return String::new();
        };
        let span = if first == last {
            first.format("%-d %b %Y").to_string()
        } else {
            format!(
                "{} – {}",
                first.format("%-d %b %Y"),
                last.format("%-d %b %Y")
            )
        };
        let n = members.len();
        format!(
            "Found by annals: {n} article{} about one story, {span}.",
            if n == 1 { "" } else { "s" }
        )
    }
}

/// Words of a summary that phrases are taken from: the lede, not a whole article some
/// sources put in the summary.
const LEAD_WORDS: usize = 60;

/// A title or summary as naming reads it: without link-language notes and wire asides
/// (credits, instrument codes), which are furniture, not what the story is about.
fn readable(text: &str) -> String {
    without_wire_asides(&without_link_notes(text)).into_owned()
}

/// The first `LEAD_WORDS` words of `text`.
fn lead(text: &str) -> &str {
    match text.split_whitespace().nth(LEAD_WORDS) {
        Some(word) => {
            let end = word.as_ptr() as usize - text.as_ptr() as usize;
            &text[..end]
        }
        None => text,
    }
}

/// How telling a feature is of a group: frequent inside it and rare outside it.
fn telling(inside: usize, size: usize, df: usize, total: usize) -> f64 {
    let share_in = inside as f64 / size.max(1) as f64;
    let outside = df.saturating_sub(inside) as f64;
    let share_out = outside / (total.saturating_sub(size) as f64 + 1.0);
    share_in * (1.0 + share_in / (share_out + 0.02)).ln()
}

/// Two-word runs of non-stopwords: (folded key, written form).
fn phrases_in(text: &str, lang: Lang) -> Vec<(String, String)> {
    let words: Vec<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\''))
        .filter(|w| !w.is_empty())
        .collect();
    words
        .windows(2)
        .filter(|pair| {
            pair.iter().all(|w| {
                let lower = w.to_lowercase();
                w.chars().count() > 2
                    && !lang.is_stopword(&lower)
                    && !w.chars().all(|c| c.is_ascii_digit())
            })
        })
        .map(|pair| {
            let key = pair
                .iter()
                .map(|w| deunicode::deunicode(&w.to_lowercase()))
                .collect::<Vec<_>>()
                .join(" ");
            (key, pair.join(" "))
        })
        .collect()
}

/// The slug of a story: the first significant words of the title of its earliest article that
/// has a title of its own (not a site's boilerplate or template title), or the earliest
/// article's id when none has.
pub fn story_slug(articles: &[Article], corpus: &Corpus, members: &[usize]) -> String {
    let Some(&first) = members.first() else {
        return "story".to_string();
    };
    let titled = members
        .iter()
        .copied()
        .find(|&a| corpus.docs.get(a).is_some_and(|d| !d.title.is_empty()));
    if let Some(a) = titled {
        let lang = corpus.docs[a].lang.unwrap_or(Lang::En);
        let words: Vec<String> = crate::text::words(&readable(&articles[a].title))
            .filter(|w| !lang.is_stopword(w))
            .take(SLUG_WORDS)
            .collect();
        let slug = crate::text::slugify(&words.join(" "));
        if !slug.is_empty() {
            return slug;
        }
    }
    let from_id = crate::text::slugify(&articles[first].id);
    if from_id.is_empty() {
        "story".to_string()
    } else {
        format!("story-{from_id}")
    }
}

/// `slug`, or `slug-2`, `slug-3`, ... whichever is not taken yet.
pub fn unique_slug(slug: &str, taken: &[String]) -> String {
    if !taken.iter().any(|t| t == slug) {
        return slug.to_string();
    }
    (2..)
        .map(|n| format!("{slug}-{n}"))
        .find(|candidate| !taken.iter().any(|t| t == candidate))
        .expect("some number is free")
}

/// Tells apart discovered stories that got the same name: the same cast at different times
/// (a yearly forum, a company's second bankruptcy). Each story whose name is shared with
/// another, or with a configured topic (`taken`), gets the year it began, then the month if
/// that is not enough, then a number: "Davos · WEF (2008)" and "Davos · WEF (2011)". `names`
/// and `starts` are the stories' names and first days, in the order stories began.
pub fn distinct_names(names: &mut [String], starts: &[NaiveDate], taken: &[&str]) {
    // Counted, not compared pairwise: a corpus of small stories has tens of thousands.
    let bare: Vec<String> = names.to_vec();
    for format in ["%Y", "%Y-%m"] {
        let mut uses: BTreeMap<&str, usize> = taken.iter().map(|&t| (t, 1)).collect();
        for name in names.iter() {
            *uses.entry(name).or_default() += 1;
        }
        let clashing: Vec<usize> = (0..names.len())
            .filter(|&i| uses[names[i].as_str()] > 1)
            .collect();
        for i in clashing {
            names[i] = format!("{} ({})", bare[i], starts[i].format(format));
        }
    }
    // The same name, year and month: the later ones are numbered, in the order they began.
    let mut seen: BTreeSet<String> = taken.iter().map(|t| t.to_string()).collect();
    for name in names.iter_mut() {
        if seen.contains(name.as_str()) {
            let base = name.clone();
            *name = (2..)
                .map(|n| format!("{base} {n}"))
                .find(|candidate| !seen.contains(candidate))
                .expect("some number is free");
        }
        seen.insert(name.clone());
    }
}

#[cfg(test)]
mod tests;
