//! The sentences one topic's key dates are chosen from: each member article's prepared
//! sentences read into the topic's own TF-IDF vocabulary, with the days they name and whether
//! they may be shown at all.
//!
//! Why it is separate from `keydates`: deciding which sentences are usable (length, chatter,
//! page templates, off-topic articles) is one job, and ranking dates and picking sentences
//! among the usable ones is another; `keydates` only reads the `Sentence`s made here.

use super::keydates::Member;
use super::sentences::SentenceCache;
use super::vectors::{Vector, Vocabulary};
use crate::model::{Article, ArticleDates, Granularity};
use crate::text::FastMap;
use chrono::NaiveDate;
use std::collections::BTreeSet;

/// Sentences shorter than this many words say too little to stand alone on a timeline.
const MIN_WORDS: usize = 6;
/// Longer "sentences" are usually a headline, byline and lede run together.
const MAX_WORDS: usize = 50;
/// A sentence that recurs, dates and numbers aside, on this many publication days is a page
/// template ("This article appeared on p1 ..."), not news. Copies of one wire story on one day
/// are not templates, so days are counted, not articles.
const BOILERPLATE_DAYS: usize = 3;

/// A sentence of a member article, ready for ranking.
pub(super) struct Sentence {
    /// Index into its article's dated sentences (its text is `sentences::shown_text`).
    pub(super) index: usize,
    /// Index into the member list.
    pub(super) member: usize,
    /// Its article's publication day.
    pub(super) published: NaiveDate,
    pub(super) vector: Vector,
    /// Days it names (day granularity, in scope), without repeats.
    pub(super) named: Vec<NaiveDate>,
    /// It names no day, week, month or year: it is about its publication day.
    pub(super) plain: bool,
    /// It may be shown: right length, not chatter, not boilerplate, from an on-topic article.
    pub(super) usable: bool,
}

/// Every sentence of the member articles, with its vector, the days it names and whether it
/// may be shown.
pub(super) fn collect_sentences(
    articles: &[Article],
    dates: &[ArticleDates],
    members: &[Member],
    terms: &[String],
    in_scope: &dyn Fn(NaiveDate) -> bool,
    cache: &SentenceCache,
) -> Vec<Sentence> {
    let stemmer = crate::text::english_stemmer();
    let term_stems: Vec<Vec<String>> = terms
        .iter()
        .map(|t| crate::text::stems(&stemmer, t))
        .filter(|t| !t.is_empty())
        .collect();
    let mut vocabulary = Vocabulary::default();
    let mut local_ids: Vec<u32> = vec![u32::MAX; cache.terms];
    let mut raw: Vec<(Sentence, Vec<u32>, u32)> = Vec::new();
    for (member_index, member) in members.iter().enumerate() {
        let article = &articles[member.article];
        let article_dates = &dates[member.article];
        let on_topic = term_stems.is_empty() || {
            let stems: BTreeSet<String> = crate::text::stems(&stemmer, &article.body)
                .into_iter()
                .chain(crate::text::stems(&stemmer, &article.title))
                .collect();
            term_stems
                .iter()
                .any(|t| t.iter().all(|w| stems.contains(w)))
        };
        for prepared in cache.articles.get(member.article).map_or(&[][..], |p| p) {
            let dated = &article_dates.sentences[prepared.index];
            let terms = vocabulary.add_interned(&prepared.terms, &mut local_ids);
            let words = prepared.words;
            let mut named: Vec<NaiveDate> = dated
                .mentions
                .iter()
                .filter(|m| m.granularity == Granularity::Day && in_scope(m.value))
                .map(|m| m.value)
                .collect();
            named.sort_unstable();
            named.dedup();
            let usable = on_topic && (MIN_WORDS..=MAX_WORDS).contains(&words) && !prepared.chatter;
            raw.push((
                Sentence {
                    index: prepared.index,
                    member: member_index,
                    published: article_dates.published,
                    vector: Vector::new(),
                    named,
                    plain: dated.mentions.is_empty(),
                    usable,
                },
                terms,
                prepared.template,
            ));
        }
    }
    // Publication days per template: (template, day) pairs sorted, each pair once.
    let mut template_days: Vec<(u32, NaiveDate)> =
        raw.iter().map(|(s, _, t)| (*t, s.published)).collect();
    template_days.sort_unstable();
    template_days.dedup();
    let mut days_seen: FastMap<u32, usize> = FastMap::default();
    for (template, _) in template_days {
        *days_seen.entry(template).or_default() += 1;
    }
    // The vocabulary is complete: vectors are made on all cores (a big story has many
    // thousands of sentences).
    use rayon::prelude::*;
    raw.into_par_iter()
        .map(|(mut s, terms, template)| {
            s.vector = vocabulary.vector(&terms);
            if s.vector.is_empty()
                || days_seen
                    .get(&template)
                    .is_some_and(|&days| days >= BOILERPLATE_DAYS)
            {
                s.usable = false;
            }
            s
        })
        .collect()
}
