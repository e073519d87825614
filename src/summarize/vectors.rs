//! Sparse TF-IDF vectors of sentences, for choosing the sentences closest to a centroid and
//! for keeping near-duplicates off a timeline.
//!
//! Terms are Snowball stems (`text::stems`) without English stop words, so "negotiations"
//! and "negotiated" meet and "the" counts for nothing. Vectors are sorted `(term id, weight)`
//! lists with unit length; a sentence has a few dozen terms, so merging two sorted lists is
//! the cheapest dot product and no matrix library is needed.

/// A unit-length sparse vector: `(term id, weight)` sorted by term id.
pub type Vector = Vec<(u32, f32)>;

/// Unit length and cosine are the same arithmetic as discovery's sparse vectors.
pub use crate::group::sparse::{dot, normalise};

/// Term ids and document frequencies of one collection of sentences.
#[derive(Debug, Default)]
pub struct Vocabulary {
    document_frequency: Vec<u32>,
    documents: u32,
}

impl Vocabulary {
    /// Counts a sentence, given as its stems interned elsewhere as `global` ids (see
    /// `sentences.rs`), as one document and returns its term ids: `local` maps global ids to
    /// this vocabulary's ids, given in order of first use, so the ids, frequencies and vectors
    /// do not depend on how the global ids were numbered. `local` has a slot for every global
    /// id, `u32::MAX` for ids not seen yet.
    pub fn add_interned(&mut self, global: &[u32], local: &mut [u32]) -> Vec<u32> {
        let terms: Vec<u32> = global
            .iter()
            .map(|&g| {
                let slot = &mut local[g as usize];
                if *slot == u32::MAX {
                    self.document_frequency.push(0);
                    *slot = self.document_frequency.len() as u32 - 1;
                }
                *slot
            })
            .collect();
        let mut seen = terms.clone();
        seen.sort_unstable();
        seen.dedup();
        for &t in &seen {
            self.document_frequency[t as usize] += 1;
        }
        self.documents += 1;
        terms
    }

    /// Smoothed inverse document frequency, as scikit-learn computes it.
    pub fn idf(&self, term: u32) -> f32 {
        let df = self
            .document_frequency
            .get(term as usize)
            .copied()
            .unwrap_or(0) as f32;
        ((1.0 + self.documents as f32) / (1.0 + df)).ln() + 1.0
    }

    /// The unit TF-IDF vector of a list of term ids.
    pub fn vector(&self, terms: &[u32]) -> Vector {
        let mut sorted = terms.to_vec();
        sorted.sort_unstable();
        let mut out: Vector = Vec::with_capacity(sorted.len());
        for t in sorted {
            match out.last_mut() {
                Some((last, weight)) if *last == t => *weight += 1.0,
                _ => out.push((t, 1.0)),
            }
        }
        for (t, weight) in &mut out {
            *weight *= self.idf(*t);
        }
        normalise(&mut out);
        out
    }
}

/// The unit-length mean of some vectors. Each term's weights are added in the order the
/// vectors come, in a dense array as long as the largest term id.
pub fn centroid<'a>(vectors: impl Iterator<Item = &'a Vector> + Clone) -> Vector {
    let Some(top) = vectors.clone().flatten().map(|&(t, _)| t).max() else {
        return Vector::new();
    };
    let mut sum = vec![0.0f32; top as usize + 1];
    let mut seen = vec![false; top as usize + 1];
    let mut terms: Vec<u32> = Vec::new();
    for v in vectors {
        for &(t, w) in v {
            if !seen[t as usize] {
                seen[t as usize] = true;
                terms.push(t);
            }
            sum[t as usize] += w;
        }
    }
    terms.sort_unstable();
    let mut out: Vector = terms.into_iter().map(|t| (t, sum[t as usize])).collect();
    normalise(&mut out);
    out
}

/// Common English words that carry no topic: ROUGE's evaluations drop a similar list.
pub(super) fn is_stop_word(word: &str) -> bool {
    const STOP: &[&str] = &[
        "a", "about", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are",
        "as", "at", "be", "because", "been", "before", "being", "between", "both", "but", "by",
        "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for",
        "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "him",
        "his", "how", "i", "if", "in", "into", "is", "it", "its", "just", "last", "me", "more",
        "most", "mr", "mrs", "ms", "my", "no", "nor", "not", "now", "of", "off", "on", "once",
        "one", "only", "or", "other", "our", "out", "over", "own", "s", "said", "same", "says",
        "she", "should", "so", "some", "such", "t", "than", "that", "the", "their", "them", "then",
        "there", "these", "they", "this", "those", "through", "to", "too", "two", "under", "until",
        "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who",
        "whom", "why", "will", "with", "would", "you", "your",
    ];
    STOP.binary_search(&word).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(is_stop_word("the") && is_stop_word("your") && !is_stop_word("spill"));
    }

    #[test]
    fn similar_sentences_are_close_and_others_far() {
        let stemmer = crate::text::english_stemmer();
        let mut vocabulary = Vocabulary::default();
        let texts = [
            "The oil spill reached the coast of Louisiana.",
            "Oil from the spill reached Louisiana's coast.",
            "The president met rescue teams in the capital.",
        ];
        let (mut global, mut local) = (HashMap::new(), vec![u32::MAX; 64]);
        let terms: Vec<Vec<u32>> = texts
            .iter()
            .map(|t| {
                let ids: Vec<u32> = crate::text::words(t)
                    .filter(|w| !is_stop_word(w))
                    .map(|w| {
                        let next = global.len() as u32;
                        *global.entry(stemmer.stem(&w)).or_insert(next)
                    })
                    .collect();
                vocabulary.add_interned(&ids, &mut local)
            })
            .collect();
        let v: Vec<Vector> = terms.iter().map(|t| vocabulary.vector(t)).collect();
        assert!(dot(&v[0], &v[1]) > 0.8, "{}", dot(&v[0], &v[1]));
        assert!(dot(&v[0], &v[2]) < 0.1);
        let c = centroid(v.iter().take(2));
        assert!(dot(&c, &v[0]) > 0.9);
    }
}
