//! The part of key-date work that depends on a sentence alone, done once per article.
//!
//! Why it exists: key dates are chosen for every topic, and an article belongs to several
//! topics (its stories, its names, its rules), so squashing, stemming and templating its
//! sentences inside each topic repeated the same work many times over. Here each sentence is
//! prepared once, on all cores, with its stems interned as global ids; a topic maps them to its
//! own term ids in order of first use, which gives exactly the ids (and so the vectors) that
//! adding the stems themselves would. Templates get ids the same way, and the text a key date
//! shows is made only for the sentences chosen (`shown_text`).

use super::vectors::is_stop_word;
use crate::model::{Article, ArticleDates};
use crate::text::FastMap;
use rayon::prelude::*;

/// One sentence of an article, ready for any topic.
pub struct Prepared {
    /// Index into the article's dated sentences.
    pub index: usize,
    /// Its stemmed content words, in order, as global ids (below `SentenceCache::terms`).
    pub terms: Vec<u32>,
    /// Its number of words.
    pub words: usize,
    /// The sentence without dates and numbers, for spotting page templates, as a global id:
    /// two sentences have the same id exactly when their templates are the same words (told
    /// apart by their 128-bit hashes, `template_key`).
    pub template: u32,
    /// A question, exclamation or first/second-person aside.
    pub chatter: bool,
}

/// Prepared sentences of the articles asked for (empty for the others).
pub struct SentenceCache {
    pub articles: Vec<Vec<Prepared>>,
    /// How many different stems there are: every term id is below this.
    pub terms: usize,
}

/// One article's sentences as read on one core.
#[derive(Default)]
struct ReadArticle {
    sentences: Vec<Prepared>,
    /// Its content words (no stop words, no numbers), in order, as ids of its block's words;
    /// sentence `i`'s are `words[word_ranges[i].0..word_ranges[i].1]`.
    words: Vec<u32>,
    word_ranges: Vec<(usize, usize)>,
    /// Each sentence's template, as its 128-bit hash (`template_key`): the templates are
    /// nearly as long as the text, and every article's were held at once until they were
    /// given ids (hundreds of megabytes at 100,000 articles).
    templates: Vec<u128>,
}

/// What a template is known by: its xxh3 128-bit hash. Two different templates of a corpus
/// sharing one is as likely as guessing a random 128-bit number twice in a row.
fn template_key(template: &str) -> u128 {
    xxhash_rust::xxh3::xxh3_128(template.as_bytes())
}

/// Articles read together on one core, which also gives their words ids within the block:
/// the one-core step that follows only sees each block's different words, not every word.
const BLOCK: usize = 128;

/// A block of articles with their content words as ids into the block's own word list.
struct ReadBlock {
    articles: Vec<ReadArticle>,
    /// The block's different content words, one after the other, at `spans` (by block id).
    words: String,
    spans: Vec<(usize, usize)>,
}

/// What a block knows about each different (lowercased) word it has read, so that each is
/// looked up in the stop word, month and weekday lists once per block, not once per use.
#[derive(Clone, Copy)]
struct WordKind {
    chatter: bool,
    in_template: bool,
    /// Its block id when it is a content word, else `u32::MAX`.
    content: u32,
}

/// The words of one block: their kinds and the list of content words.
#[derive(Default)]
struct BlockWords {
    kinds: FastMap<Box<str>, WordKind>,
    words: String,
    spans: Vec<(usize, usize)>,
}

impl BlockWords {
    fn kind(&mut self, word: &str) -> WordKind {
        if let Some(&kind) = self.kinds.get(word) {
            return kind;
        }
        let content = if is_stop_word(word) || word.chars().all(|c| c.is_ascii_digit()) {
            u32::MAX
        } else {
            let id = self.spans.len() as u32;
            let at = self.words.len();
            self.words.push_str(word);
            self.spans.push((at, self.words.len()));
            id
        };
        let kind = WordKind {
            chatter: is_chatter_word(word),
            in_template: in_template(word),
            content,
        };
        self.kinds.insert(word.into(), kind);
        kind
    }
}

impl SentenceCache {
    /// Reads the wanted articles on all cores, then gives each different word, stem and
    /// template an id: words are interned first (borrowed from the buffers, no allocation),
    /// each different word is stemmed once, and stems are interned in word order. Blocks
    /// are fixed and interned in article order, so ids do not depend on the number of threads.
    pub fn new(articles: &[Article], dates: &[ArticleDates], wanted: &[bool]) -> Self {
        let starts: Vec<usize> = (0..articles.len()).step_by(BLOCK).collect();
        let blocks: Vec<ReadBlock> = starts
            .into_par_iter()
            .map(|start| read_block(articles, dates, wanted, start))
            .collect();

        // Each block's different words and every template, interned in article order.
        let mut word_ids: FastMap<&str, u32> = FastMap::default();
        let mut template_ids: FastMap<u128, u32> = FastMap::default();
        let mut global_words: Vec<Vec<u32>> = Vec::with_capacity(blocks.len());
        let mut block_templates: Vec<Vec<Vec<u32>>> = Vec::with_capacity(blocks.len());
        for block in &blocks {
            global_words.push(
                block
                    .spans
                    .iter()
                    .map(|&(s, e)| {
                        let next = word_ids.len() as u32;
                        *word_ids.entry(&block.words[s..e]).or_insert(next)
                    })
                    .collect(),
            );
            block_templates.push(
                block
                    .articles
                    .iter()
                    .map(|r| {
                        r.templates
                            .iter()
                            .map(|&key| {
                                let next = template_ids.len() as u32;
                                *template_ids.entry(key).or_insert(next)
                            })
                            .collect()
                    })
                    .collect(),
            );
        }
        drop(template_ids);

        // Each different word stemmed once, on all cores; stems interned in word id order.
        let mut words_by_id: Vec<&str> = vec![""; word_ids.len()];
        for (word, id) in word_ids {
            words_by_id[id as usize] = word;
        }
        let stemmed: Vec<String> = words_by_id
            .par_iter()
            .map_init(crate::text::english_stemmer, |stemmer, word| {
                stemmer.stem(word)
            })
            .collect();
        drop(words_by_id);
        let mut stem_ids: FastMap<&str, u32> = FastMap::default();
        let term_of_word: Vec<u32> = stemmed
            .iter()
            .map(|stem| {
                let next = stem_ids.len() as u32;
                *stem_ids.entry(stem.as_str()).or_insert(next)
            })
            .collect();
        let terms = stem_ids.len();
        drop(stem_ids);

        let prepared: Vec<Vec<Vec<Prepared>>> = blocks
            .into_par_iter()
            .zip(global_words)
            .zip(block_templates)
            .map(|((block, global), templates)| {
                block
                    .articles
                    .into_iter()
                    .zip(templates)
                    .map(|(r, templates)| {
                        let mut sentences = r.sentences;
                        for ((prepared, &(from, to)), template) in
                            sentences.iter_mut().zip(&r.word_ranges).zip(templates)
                        {
                            prepared.terms = r.words[from..to]
                                .iter()
                                .map(|&w| term_of_word[global[w as usize] as usize])
                                .collect();
                            prepared.template = template;
                        }
                        sentences
                    })
                    .collect()
            })
            .collect();
        SentenceCache {
            articles: prepared.into_iter().flatten().collect(),
            terms,
        }
    }
}

/// Reads the wanted articles of the block that starts at `start`, giving their content words
/// ids within the block.
fn read_block(
    articles: &[Article],
    dates: &[ArticleDates],
    wanted: &[bool],
    start: usize,
) -> ReadBlock {
    let end = (start + BLOCK).min(articles.len());
    let mut words = BlockWords::default();
    let read = (start..end)
        .map(|a| match (articles.get(a), dates.get(a)) {
            (Some(article), Some(dates)) if wanted.get(a).copied().unwrap_or(false) => {
                read_article(article, dates, &mut words)
            }
            _ => ReadArticle::default(),
        })
        .collect();
    ReadBlock {
        articles: read,
        words: words.words,
        spans: words.spans,
    }
}

/// The text a key date shows for an article's dated sentence `index`: its whitespace squashed
/// and its dateline cut (the sentence is compared with its dateline, so that cutting it does
/// not change which sentences are chosen). Only chosen sentences need it, so it is made then.
pub fn shown_text(article: &Article, dates: &ArticleDates, index: usize) -> String {
    let Some(text) = dates
        .sentences
        .get(index)
        .and_then(|dated| article.body.get(dated.start..dated.end))
    else {
        return String::new();
    };
    let text = crate::text::squash_whitespace(text);
    match crate::text::dateline::strip_dateline(&text) {
        story if story.len() < text.len() => story.to_string(),
        _ => text,
    }
}

/// One pass over each sentence's words for its content words, word count, template and
/// chatter. Words are those of the squashed sentence (squashing only changes whitespace,
/// which never belongs to a word).
fn read_article(article: &Article, dates: &ArticleDates, block: &mut BlockWords) -> ReadArticle {
    let mut out = ReadArticle::default();
    let mut lowered = String::new();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut template = String::new();
    for (index, dated) in dates.sentences.iter().enumerate() {
        let Some(text) = article.body.get(dated.start..dated.end) else {
            continue;
        };
        lowered.clear();
        spans.clear();
        crate::text::words_into(text, &mut lowered, &mut spans);
        let mut chatter = ends_as_chatter(text.trim());
        let words_from = out.words.len();
        template.clear();
        let mut first_in_template = true;
        for &(s, e) in &spans {
            let word = &lowered[s..e];
            let kind = block.kind(word);
            chatter = chatter || kind.chatter;
            if kind.in_template {
                if !first_in_template {
                    template.push(' ');
                }
                first_in_template = false;
                template.push_str(word);
            }
            if kind.content != u32::MAX {
                out.words.push(kind.content);
            }
        }
        out.word_ranges.push((words_from, out.words.len()));
        out.templates.push(template_key(&template));
        out.sentences.push(Prepared {
            index,
            terms: Vec::new(),
            words: spans.len(),
            template: 0,
            chatter,
        });
    }
    out
}

/// Whether a (lowercased) word stays in a sentence's template, the words that stay the same
/// when a page template is filled in on another day: it is not a number, month or weekday.
fn in_template(word: &str) -> bool {
    !word.chars().any(|c| c.is_ascii_digit())
        && crate::ingest::html::dates::month_number(word).is_none()
        && crate::temporal::lexicon::weekday(word).is_none()
}

/// Whether a (trimmed) sentence ends as a question or exclamation (quotes and brackets aside).
/// With a word in the first or second person (`is_chatter_word`), this makes a sentence
/// chatter: readers' comments, quotes and asides, not statements of what happened.
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
        use crate::ingest::dates::parse_stamp;
        let body = "Why doesn't Obama take charge of the spill? \
                    I think you are wrong about the spill and its costs. \
                    BP began the top kill procedure to plug the well. \
                    This article appeared on p1 on Saturday 2 May 2009. \
                    This article appeared on p5 on Monday 11 May 2009.";
        let articles = vec![Article {
            body: body.into(),
            ..Article::new("a.md", parse_stamp("2009-05-12").unwrap())
        }];
        let dates = crate::temporal::date_articles(&articles);
        let cache = SentenceCache::new(&articles, &dates, &[true]);
        let sentences = &cache.articles[0];
        assert_eq!(sentences.len(), 5);
        let chatter: Vec<bool> = sentences.iter().map(|p| p.chatter).collect();
        assert_eq!(chatter, [true, true, false, false, false]);
        assert_eq!(sentences[3].template, sentences[4].template);
        assert_ne!(sentences[2].template, sentences[3].template);
    }

    #[test]
    fn sentences_share_ids_of_templates_and_stems_and_show_without_dateline() {
        use crate::ingest::dates::parse_stamp;
        let article = |day: &str, body: &str| Article {
            id: day.into(),
            body: body.into(),
            ..Article::new(format!("{day}.md"), parse_stamp(day).unwrap())
        };
        let articles = vec![
            article(
                "2009-05-02",
                "This article appeared on p1 on Saturday 2 May 2009. Negotiations resumed in Geneva.",
            ),
            article(
                "2009-05-11",
                "This article appeared on p5 on Monday 11 May 2009. Have you negotiated?",
            ),
            article(
                "2010-07-15",
                "NEW ORLEANS (AP) -- Choppy   seas halted the cleanup.",
            ),
        ];
        let dates = crate::temporal::date_articles(&articles);
        let cache = SentenceCache::new(&articles, &dates, &[true, true, false]);
        let (a, b) = (&cache.articles[0], &cache.articles[1]);
        assert_eq!((a.len(), b.len()), (2, 2));
        assert!(cache.articles[2].is_empty(), "not asked for");
        assert_eq!(a[0].template, b[0].template);
        assert_ne!(a[0].template, a[1].template);
        assert_eq!(a[1].terms.len(), 3, "stop words are left out");
        assert_eq!(
            a[1].terms[0], b[1].terms[0],
            "one stem for both inflections"
        );
        assert_ne!(a[1].terms[1], a[1].terms[2]);
        assert!(
            cache
                .articles
                .iter()
                .flatten()
                .all(|p| { p.terms.iter().all(|&t| (t as usize) < cache.terms) })
        );
        assert!(b[1].chatter && !a[1].chatter);
        assert_eq!((a[1].words, b[1].words), (4, 3));
        assert_eq!(
            shown_text(&articles[2], &dates[2], 0),
            "Choppy seas halted the cleanup."
        );
        assert_eq!(shown_text(&articles[2], &dates[2], 9), "");
    }
}
