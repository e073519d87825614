//! Acronyms that name things, not anyone: "GDP", "M&A", "CFO". Learnt per corpus with the
//! other case statistics (`CaseStats::spelled_out`), from the articles that use each acronym.
//!
//! Why apart from `case.rs`: it reads runs of lowercase words, not capitalised names, and is
//! the one statistic that needs a second reading of (some) articles.

use super::super::names::{Token, for_each_sentence};
use super::{CASE_CHUNK, CaseStats};
use crate::text::{FastMap, FastSet};

impl CaseStats {
    /// The acronyms for `spelled_out`: words of 3 to 5 letters (or 2 around an "&") written in
    /// capitals in at least half of their capitalised uses inside sentences, whose letters are
    /// the initials of one run of lowercase words, none a function word ("and" stands for the
    /// "&"), in at least 4 of the articles that write the acronym and at least one in 10 of
    /// them (3 let "private equity partners" take "PEP", a firm, at 10k Reuters articles). An
    /// acronym of a name is spelled out in capitalised words ("SEC", "Securities and
    /// Exchange Commission"), so it is not found so.
    ///
    /// Why in the same articles: across a corpus, runs of words spell any three letters by
    /// chance ("fixed cost cuts" and "FCC"), while an article that uses a thing's acronym
    /// spells it out too ("gross domestic product" in 4 of 10 articles with "GDP" at 10k
    /// Reuters articles). Two-letter acronyms are not looked for: two words spell any of them
    /// ("GM", "gross margin").
    pub(super) fn find_spelled_out(
        &self,
        sources: &[super::super::EntitySource],
        capitals: Vec<(usize, Vec<String>)>,
    ) -> FastSet<String> {
        use rayon::prelude::*;
        let wanted: FastSet<&str> = self
            .counts
            .iter()
            .filter(|(word, c)| {
                could_be_acronym(word) && c.capitals >= 3 && c.capitals * 2 >= c.capitalised
            })
            .map(|(word, _)| word.as_str())
            .collect();
        if wanted.is_empty() {
            return FastSet::default();
        }
        // Per acronym: the articles writing it, and per run of words spelling it, those of
        // them that have the run too.
        type Counts<'w> = (FastMap<&'w str, u32>, FastMap<(&'w str, String), u32>);
        let (written, spelled): Counts = capitals
            .par_chunks(CASE_CHUNK)
            .map(|chunk| {
                let (mut written, mut spelled): Counts = Default::default();
                let (mut sentence, mut initials, mut phrase) =
                    (Vec::new(), String::new(), String::new());
                let mut here: FastSet<&str> = FastSet::default();
                let mut runs: FastSet<(&str, String)> = FastSet::default();
                for (article, words) in chunk {
                    let source = &sources[*article];
                    here.clear();
                    runs.clear();
                    // The acronyms the article writes (read with the case counts); only runs
                    // that could spell one of them are then read.
                    here.extend(words.iter().filter_map(|w| wanted.get(w.as_str()).copied()));
                    if here.is_empty() {
                        continue;
                    }
                    for &key in &here {
                        *written.entry(key).or_default() += 1;
                    }
                    let could_spell = |initials: &str| here.iter().any(|k| k.starts_with(initials));
                    for_each_sentence(source.text, source.lang, &mut sentence, |sentence| {
                        for start in 0..sentence.len() {
                            initials.clear();
                            phrase.clear();
                            for token in &sentence[start..] {
                                let Token::Word(word) = *token else { break };
                                if !word.bytes().all(|b| b.is_ascii_lowercase()) {
                                    break;
                                }
                                if word == "and" {
                                    if initials.is_empty() || initials.ends_with('&') {
                                        break;
                                    }
                                    initials.push('&');
                                    phrase.push_str(" and");
                                    if !could_spell(&initials) {
                                        break;
                                    }
                                    continue;
                                }
                                initials.push(char::from(word.as_bytes()[0]));
                                // Function words spell anything ("will take over").
                                if !could_spell(&initials) || source.lang.is_stopword(word) {
                                    break;
                                }
                                if !phrase.is_empty() {
                                    phrase.push(' ');
                                }
                                phrase.push_str(word);
                                if let Some(&key) = here.get(initials.as_str()) {
                                    runs.insert((key, phrase.clone()));
                                }
                            }
                        }
                    });
                    for (key, phrase) in runs.drain() {
                        *spelled.entry((key, phrase)).or_default() += 1;
                    }
                }
                (written, spelled)
            })
            .reduce(Default::default, |(mut wa, mut sa), (wb, sb)| {
                for (key, count) in wb {
                    *wa.entry(key).or_default() += count;
                }
                for (pair, count) in sb {
                    *sa.entry(pair).or_default() += count;
                }
                (wa, sa)
            });
        let mut out = FastSet::default();
        for ((key, _), count) in spelled {
            if count >= 4 && count * 10 >= written[key] {
                out.insert(key.to_string());
            }
        }
        out
    }

    /// Whether an acronym (folded) is spelled out in lowercase words where it is used ("gdp").
    pub(in crate::group::entities) fn spelled_out(&self, folded: &str) -> bool {
        self.spelled_out.contains(folded)
    }
}

/// Whether a folded word written in capitals could be an acronym `find_spelled_out` looks
/// for: 3 to 5 letters, or 2 around an "&".
pub(super) fn could_be_acronym(folded: &str) -> bool {
    let letters = folded.bytes().filter(u8::is_ascii_lowercase).count();
    folded.bytes().all(|b| b.is_ascii_lowercase() || b == b'&')
        && if folded.contains('&') {
            letters == 2
        } else {
            (3..=5).contains(&letters)
        }
}
