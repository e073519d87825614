//! What story discovery and coverage merging know about each article: its language, a TF-IDF
//! vector of stemmed terms, its named entities, and a MinHash signature of its wording.
//!
//! Everything is computed once per build, from the whole corpus, so document frequencies reflect
//! every article (a word common in this corpus says little, whatever it says elsewhere). Terms
//! are keyed by language as well as stem, so an English and a Spanish article never share a
//! term by accident of spelling; names are kept apart from words because they carry most of what
//! tells one story from its neighbours. Ids are assigned in sorted order, so nothing depends on
//! the order articles were read in.

use super::boilerplate::{Boilerplate, without_link_notes, without_wire_asides};
use super::entities::{EntitySource, find_entities};
use super::lang::{self, Lang};
pub use super::sparse::{
    MINHASH_LEN, SparseVec, add_scaled, dot, minhash, minhash_similarity, normalise,
};
use super::sparse::{keep_heaviest, signature, sum_in_order};
use crate::model::Article;
use crate::text::FastMap;
use crate::text::dateline::strip_dateline;
use rayon::prelude::*;
use std::collections::BTreeMap;

/// How much a word in the title counts, relative to one in the text.
const TITLE_WEIGHT: f32 = 3.0;
/// Words of the text that are read; the lede says what an article is about, and this bounds
/// the work on very long articles.
const MAX_TEXT_WORDS: usize = 800;
/// Terms kept per article vector (the heaviest ones).
const MAX_TERMS: usize = 120;
/// Term weights of the gist vector: `tf^GIST_TF_POWER × ln(1 + N/df)^GIST_IDF_POWER`.
const GIST_TF_POWER: f32 = 1.0;
const GIST_IDF_POWER: f32 = 1.0;
/// Entity weights of the focus vector: `count^FOCUS_TF_POWER × ln(1 + N/df)^FOCUS_IDF_POWER`.
const FOCUS_TF_POWER: f32 = 1.0;
const FOCUS_IDF_POWER: f32 = 0.0;
/// Articles with at least this many different terms are fully trusted (see `confidence`).
const EVIDENCE_TERMS: f32 = 40.0;

/// The features of every article of a corpus, indexed like the article list.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    pub docs: Vec<DocFeatures>,
    /// `lang:stem` of each term id.
    pub terms: Vec<String>,
    /// How many articles use each term.
    pub term_df: Vec<u32>,
    pub entities: super::entities::Entities,
    /// How many articles name each entity.
    pub entity_df: Vec<u32>,
}

/// How much each kind of evidence counts in a similarity: shares of stemmed terms (title and
/// text), names, and the title's terms alone.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Blend {
    pub terms: f32,
    pub entities: f32,
    pub title: f32,
    pub gist: f32,
    pub focus: f32,
}

/// What is known about one article.
#[derive(Debug, Clone, Default)]
pub struct DocFeatures {
    pub lang: Option<Lang>,
    /// Unit-length TF-IDF vector over term ids.
    pub terms: SparseVec,
    /// Unit-length TF-IDF vector over entity ids.
    pub entities: SparseVec,
    /// Unit-length TF-IDF vector over the term ids of the title alone.
    pub title: SparseVec,
    /// What the article is mostly about: term counts taken almost as they are, with a mild
    /// inverse document frequency, so the words it keeps coming back to (a country, a company)
    /// outweigh the rare details that tell one development from the next.
    pub gist: SparseVec,
    /// The names the article keeps returning to: entity mention counts with a mild inverse
    /// document frequency, over entity ids.
    pub focus: SparseVec,
    /// MinHash of the article's word shingles; empty when it has too few words.
    pub minhash: Vec<u64>,
    /// Whether the article has text beyond its title.
    pub has_text: bool,
    /// How many different terms it uses: a handful of words is weak evidence of anything.
    pub distinct_terms: usize,
}

impl Corpus {
    /// Computes the features of `articles` (their order does not matter).
    pub fn new(articles: &[Article]) -> Corpus {
        let boilerplate = Boilerplate::find(articles);
        // Articles are read a block at a time, each block on all cores, and each article's
        // words are looked up in the vocabulary as soon as its block is read: its lowercased
        // text and word spans go then, so only one block's are ever held (every article's at
        // once were the largest thing a big corpus's build held). `collect` keeps the order,
        // so words are met in article order, as they would be all at once.
        let mut vocabulary = Vocabulary::default();
        let mut prepared: Vec<Prepared> = Vec::with_capacity(articles.len());
        let mut word_counts: Vec<Vec<(u32, u32, u32)>> = Vec::with_capacity(articles.len());
        for block in articles.chunks(PREPARE_BLOCK) {
            let read: Vec<(Prepared, Words)> =
                block.par_iter().map(|a| prepare(a, &boilerplate)).collect();
            for (p, words) in read {
                word_counts.push(vocabulary.add(p.lang, &words));
                prepared.push(p);
            }
        }
        // Every different word of the corpus (per language) is stemmed once, and each term
        // (`lang:stem`) is written out once; term ids are in sorted order of those strings.
        let (terms, term_of_word) = vocabulary.terms();
        // Per article: (term id, weighted count, count in the title), sorted by id; words that
        // share a stem are added up (whole numbers, so the order of the sums does not matter).
        let counted: Vec<Vec<(u32, f32, f32)>> = word_counts
            .into_par_iter()
            .map(|words| {
                let mut counts: Vec<(u32, f32, f32)> = words
                    .into_iter()
                    .map(|(word, title, text)| {
                        let (title, text) = (title as f32, text as f32);
                        (
                            term_of_word[word as usize],
                            title * TITLE_WEIGHT + text,
                            title,
                        )
                    })
                    .collect();
                counts.sort_unstable_by_key(|c| c.0);
                counts.dedup_by(|next, kept| {
                    if next.0 == kept.0 {
                        kept.1 += next.1;
                        kept.2 += next.2;
                        true
                    } else {
                        false
                    }
                });
                counts.shrink_to_fit();
                counts
            })
            .collect();
        let mut term_df = vec![0u32; terms.len()];
        for counts in &counted {
            for c in counts {
                term_df[c.0 as usize] += 1;
            }
        }
        // Articles per language, for inverse document frequencies within a language.
        let mut per_lang: BTreeMap<Lang, u32> = BTreeMap::new();
        for p in &prepared {
            *per_lang.entry(p.lang).or_default() += 1;
        }

        let sources: Vec<EntitySource> = articles
            .iter()
            .zip(&prepared)
            .map(|(a, p)| EntitySource {
                title: &p.title,
                text: &p.text,
                lang: p.lang,
                outlet: a.outlet.as_deref(),
            })
            .collect();
        let entities = find_entities(&sources);
        let mut entity_df = vec![0u32; entities.keys.len()];
        for mentions in &entities.mentions {
            for (id, _) in mentions {
                entity_df[*id as usize] += 1;
            }
        }
        let total = articles.len().max(1) as f32;

        let docs = prepared
            .par_iter()
            .zip(&counted)
            .enumerate()
            .map(|(i, (p, counts))| {
                let n = per_lang[&p.lang] as f32;
                let mut vector: SparseVec = counts
                    .iter()
                    .map(|&(id, tf, _)| {
                        let idf = (n / term_df[id as usize] as f32).ln() + 1.0;
                        (id, (1.0 + tf.ln()) * idf)
                    })
                    .collect();
                keep_heaviest(&mut vector, MAX_TERMS);
                normalise(&mut vector);
                let mut title: SparseVec = counts
                    .iter()
                    .filter(|c| c.2 > 0.0)
                    .map(|&(id, _, tf)| {
                        let idf = (n / term_df[id as usize] as f32).ln() + 1.0;
                        (id, (1.0 + tf.ln()) * idf)
                    })
                    .collect();
                title.sort_by_key(|e| e.0);
                normalise(&mut title);
                let mut gist: SparseVec = counts
                    .iter()
                    .map(|&(id, tf, _)| {
                        let idf = (1.0 + n / term_df[id as usize] as f32).ln();
                        (id, tf.powf(GIST_TF_POWER) * idf.powf(GIST_IDF_POWER))
                    })
                    .collect();
                keep_heaviest(&mut gist, MAX_TERMS);
                normalise(&mut gist);
                let mut entity_vector: SparseVec = entities.mentions[i]
                    .iter()
                    .map(|&(id, weight)| {
                        let idf = (total / entity_df[id as usize] as f32).ln() + 1.0;
                        (id, (1.0 + weight.ln()) * idf)
                    })
                    .collect();
                normalise(&mut entity_vector);
                let mut focus: SparseVec = entities.mentions[i]
                    .iter()
                    .map(|&(id, weight)| {
                        let idf = (1.0 + total / entity_df[id as usize] as f32).ln();
                        (id, weight.powf(FOCUS_TF_POWER) * idf.powf(FOCUS_IDF_POWER))
                    })
                    .collect();
                normalise(&mut focus);
                DocFeatures {
                    lang: Some(p.lang),
                    terms: vector,
                    entities: entity_vector,
                    title,
                    gist,
                    focus,
                    minhash: p.minhash.clone(),
                    has_text: p.has_text,
                    distinct_terms: counts.len(),
                }
            })
            .collect();
        Corpus {
            docs,
            terms,
            term_df,
            entities,
            entity_df,
        }
    }

    /// The vector clustering compares for a group of articles: for each article, its term,
    /// entity and title vectors side by side (entity ids after the term ids, title ids after
    /// those), weighted by `blend`, summed and normalised. For two single articles the dot
    /// product is the blend-weighted mean of the three cosines; a missing block (no names, no
    /// title) passes its share to the others.
    ///
    /// Blocks the blend gives no weight are left out: they add nothing to sums or dot products,
    /// and at 100,000 articles they were a large share of what clustering holds. Unless the
    /// vector would then have fewer than `keys` dimensions: clustering finds candidates by an
    /// item's `keys` heaviest dimensions, and takes weightless ones when it runs out.
    pub fn combined(&self, docs: &[usize], blend: &Blend, keys: usize) -> SparseVec {
        let sum = self.combined_blocks(docs, blend, false);
        if sum.len() >= keys {
            return sum;
        }
        self.combined_blocks(docs, blend, true)
    }

    /// `combined`, with the weightless blocks or without them.
    fn combined_blocks(&self, docs: &[usize], blend: &Blend, weightless: bool) -> SparseVec {
        let entity_offset = self.terms.len() as u32;
        let title_offset = entity_offset + self.entities.keys.len() as u32;
        let gist_offset = title_offset + self.terms.len() as u32;
        let focus_offset = gist_offset + self.terms.len() as u32;
        let mut ones: Vec<SparseVec> = Vec::with_capacity(docs.len());
        for &d in docs {
            let doc = &self.docs[d];
            let blocks = [
                (&doc.terms, blend.terms, 0),
                (&doc.entities, blend.entities, entity_offset),
                (&doc.title, blend.title, title_offset),
                (&doc.gist, blend.gist, gist_offset),
                (&doc.focus, blend.focus, focus_offset),
            ];
            let present: f32 = blocks.iter().filter(|b| !b.0.is_empty()).map(|b| b.1).sum();
            if present <= 0.0 {
                continue;
            }
            let mut one: SparseVec = Vec::new();
            for (vector, share, offset) in blocks {
                if share == 0.0 && !weightless {
                    continue;
                }
                let weight = (share / present).sqrt();
                one.extend(vector.iter().map(|&(t, w)| (offset + t, w * weight)));
            }
            ones.push(one);
        }
        let mut sum = sum_in_order(&ones);
        normalise(&mut sum);
        sum
    }

    /// How far the similarities of a group of articles can be trusted, 0 to 1: short texts
    /// share a word or two by chance, so an article of fewer than `EVIDENCE_TERMS` different
    /// terms counts for less. A group is as trustworthy as its longest article.
    pub fn confidence(&self, docs: &[usize]) -> f32 {
        docs.iter()
            .map(|&d| (self.docs[d].distinct_terms as f32 / EVIDENCE_TERMS).min(1.0))
            .fold(0.0, f32::max)
    }

    /// The display name of entity `id`.
    pub fn entity_name(&self, id: u32) -> &str {
        &self.entities.names[id as usize]
    }
}

/// Articles read at once when computing features (see `Corpus::new`).
const PREPARE_BLOCK: usize = 4096;

/// Per-article intermediate results before corpus statistics are known.
struct Prepared {
    lang: Lang,
    /// The title, unless it is boilerplate.
    title: String,
    /// Summary and the start of the body, without boilerplate lines, for entities.
    text: String,
    minhash: Vec<u64>,
    has_text: bool,
}

/// The words of one article, until they are looked up in the vocabulary.
struct Words {
    /// The lowercased words of the title and the text, one after the other.
    lower: String,
    /// Each different word that makes a term, as a span of `lower`, with how often the title
    /// and the text use it.
    words: Vec<((usize, usize), u32, u32)>,
}

/// Every different word of the corpus, per language, numbered in the order first met.
#[derive(Default)]
struct Vocabulary {
    ids: BTreeMap<Lang, FastMap<Box<str>, u32>>,
    count: u32,
}

impl Vocabulary {
    /// Numbers the new words of one article; returns (word id, count in the title, count in
    /// the text) for each of its words, in the order given.
    fn add(&mut self, lang: Lang, words: &Words) -> Vec<(u32, u32, u32)> {
        let ids = self.ids.entry(lang).or_default();
        words
            .words
            .iter()
            .map(|&((start, end), title, text)| {
                let word = &words.lower[start..end];
                let id = match ids.get(word) {
                    Some(&id) => id,
                    None => {
                        ids.insert(word.into(), self.count);
                        self.count += 1;
                        self.count - 1
                    }
                };
                (id, title, text)
            })
            .collect()
    }

    /// The terms of the corpus (`lang:stem`, sorted) and the term of each word id.
    fn terms(self) -> (Vec<String>, Vec<u32>) {
        let mut distinct: Vec<(u32, Lang, Box<str>)> = Vec::with_capacity(self.count as usize);
        for (lang, ids) in self.ids {
            distinct.extend(ids.into_iter().map(|(word, id)| (id, lang, word)));
        }
        distinct.par_sort_unstable_by_key(|w| w.0);
        let written: Vec<String> = distinct
            .par_iter()
            .map(|(_, lang, word)| format!("{}:{}", lang.code(), lang.stemmer().stem(word)))
            .collect();
        drop(distinct);
        let mut terms = written.clone();
        terms.par_sort_unstable();
        terms.dedup();
        let term_of_word: Vec<u32> = written
            .par_iter()
            .map(|t| terms.binary_search(t).expect("every term is listed") as u32)
            .collect();
        (terms, term_of_word)
    }
}

/// One different word of an article while it is read: its span, its uses in the title and
/// in the text, and the languages it is a stopword of (`lang::stopword_mask`).
type Counted = ((usize, usize), u32, u32, u8);

fn prepare(article: &Article, boilerplate: &Boilerplate) -> (Prepared, Words) {
    let title = if boilerplate.is_boilerplate(&article.title)
        || boilerplate.is_template_title(&article.title)
    {
        String::new()
    } else {
        without_link_notes(&article.title).into_owned()
    };
    // What discovery reads of a summary or body: no boilerplate lines, no link notes, no
    // dateline ("NEW YORK (Reuters) -" names where the story was filed, not what it is about,
    // and opens every wire story alike), no credits ("(Additional reporting by ...)" names the
    // newsroom) and no instrument codes ("( NKE.N )").
    let readable = |text: &str| {
        let cleaned = boilerplate.clean(text);
        let noted = without_link_notes(&cleaned);
        without_wire_asides(strip_dateline(&noted)).into_owned()
    };
    let summary = readable(&article.summary);
    let body = readable(&article.body);
    let mut text = String::new();
    // A summary that is the body's own opening (a reader takes the first paragraph when an
    // article states none) is read once, in the body: counted again it would weigh the lede
    // double, and when a file has no blank lines its "first paragraph" is the whole file, read
    // in full and past the boilerplate filter, which works line by line.
    if !opens_with(&article.body, &article.summary) {
        text.push_str(&summary);
        text.push('\n');
    }
    // Only the first MAX_TEXT_WORDS words of the text count.
    let mut taken = 0;
    let mut end = body.len();
    for (i, _) in body.match_indices(char::is_whitespace) {
        taken += 1;
        if taken >= MAX_TEXT_WORDS {
            end = i;
            break;
        }
    }
    text.push_str(&body[..end]);
    // The words of the title, then those of the text, each lowercased once for everything
    // below (language, terms, shingles).
    let mut lower = String::with_capacity(title.len() + text.len());
    let mut spans = Vec::new();
    crate::text::words_into(&title, &mut lower, &mut spans);
    let title_words = spans.len();
    crate::text::words_into(&text, &mut lower, &mut spans);
    let word = |&(start, end): &(usize, usize)| &lower[start..end];
    let has_text = spans.len() > title_words;
    // Per different word: its span, how often the title and the text use it, and the
    // languages it is a stopword of. One hashed look-up per word read; the stopword lists
    // and the other tests are asked once per different word, not once per use. The map is
    // made big enough for most articles at once (about half of a text's words differ).
    let mut counts: FastMap<&str, Counted> =
        FastMap::with_capacity_and_hasher(spans.len() / 2, Default::default());
    let mut stopwords = lang::StopwordCounts::default();
    for (i, span) in spans.iter().enumerate() {
        let entry = counts
            .entry(word(span))
            .or_insert_with_key(|w| (*span, 0, 0, lang::stopword_mask(w)));
        if i < title_words {
            entry.1 += 1;
        } else {
            entry.2 += 1;
        }
        stopwords.add(i, entry.3);
    }
    let lang = stopwords.language(article.lang.as_deref());
    let words = counts
        .into_iter()
        .filter(|&(w, (_, _, _, mask))| {
            !(w.chars().count() < 2
                || w.chars().all(|c| c.is_ascii_digit())
                || mask & lang.bit() != 0)
        })
        .map(|(_, (span, title, text, _))| (span, title, text))
        .collect();
    let minhash = signature(&spans.iter().map(word).collect::<Vec<_>>());
    let prepared = Prepared {
        lang,
        title,
        text,
        minhash,
        has_text,
    };
    (prepared, Words { lower, words })
}

/// Whether `body` begins with the words of `summary`, whatever the whitespace between them.
fn opens_with(body: &str, summary: &str) -> bool {
    let mut body_words = body.split_whitespace();
    summary
        .split_whitespace()
        .all(|word| body_words.next() == Some(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dateline_and_credits_are_not_read_as_names() {
        let article = |id: &str, body: &str| Article {
            id: id.into(),
            title: format!("Acme story {id}"),
            body: body.into(),
            ..Article::new(
                format!("{id}.txt"),
                crate::ingest::dates::parse_stamp("2007-05-01").unwrap(),
            )
        };
        let corpus = Corpus::new(&[
            article(
                "a",
                "NEW YORK (Reuters) - Acme Corp said on Monday it would cut jobs at its plants. \
                 (Additional reporting by Jane Smith; Editing by Gary Hill)",
            ),
            article(
                "b",
                "On Tuesday, Acme Corp said that the cuts at Acme Corp would be smaller.",
            ),
        ]);
        let names: Vec<&str> = corpus.entities.names.iter().map(String::as_str).collect();
        assert!(names.contains(&"Acme"), "{names:?}");
        for noise in [
            "NEW YORK",
            "New York",
            "York",
            "Reuters",
            "Additional",
            "Gary Hill",
        ] {
            assert!(!names.contains(&noise), "{noise} in {names:?}");
        }
    }

    #[test]
    fn a_summary_that_opens_the_body_is_read_once() {
        assert!(opens_with("Rates held.\n\nMarkets  rose.", "Rates held."));
        assert!(opens_with(
            "Rates held.\n\nMarkets rose.",
            "Rates  held.\nMarkets"
        ));
        assert!(!opens_with("Rates held.", "Rates held. Markets rose."));
        assert!(!opens_with("Rates held.", "The bank kept rates."));
        let lede = "Envoys of Iran and the United States met in Muscat.";
        let article = Article {
            title: "Talks".into(),
            summary: lede.into(),
            // Wrapped otherwise than the summary, as readers that keep line breaks leave it.
            body: format!("{}\n\nOman hosted them.", lede.replace(" met", "\nmet")),
            ..Article::new(
                "a.md".to_string(),
                crate::ingest::dates::parse_stamp("2026-02-08").unwrap(),
            )
        };
        let (prepared, _) = prepare(&article, &Boilerplate::default());
        assert_eq!(
            prepared.text.matches("Muscat").count(),
            1,
            "{}",
            prepared.text
        );
    }
}
