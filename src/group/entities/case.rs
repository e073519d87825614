//! What the corpus itself says about capitalisation: how often each word is capitalised inside
//! a sentence and how often written lowercase, and which pairs of words belong to one name
//! although the first is a common word ("New York", "Labor Department", "Securities and
//! Exchange Commission", "Deutsche Bank"), which words are only ever parts of longer names
//! ("International"), which take a number ("Chapter 11"), which initials begin a name ("J.P.
//! Morgan") and which short words are written in the plural, as things are ("TVs"). Learnt
//! once per build from every article, then only looked up while `names` reads each text: no
//! word list could know a corpus's own names.

use super::names::{
    Token, WordKind, fold_into, for_each_sentence, is_common_opener, is_company_suffix,
    is_initialism, looks_capitalised, possessor, push_folded, word_kind,
};
use crate::group::lang::Lang;
use crate::text::{FastMap, FastSet};
use spelled::could_be_acronym;

mod spelled;

/// How often each word is capitalised inside a sentence, and how often it is written lowercase.
/// Counted on all cores, a map per chunk of articles, then added up: sums do not depend on the
/// order they are taken in, and the map is only ever looked up, never walked.
pub(super) struct CaseStats {
    /// Per folded word: how it is written (`Case`).
    pub(super) counts: FastMap<String, Case>,
    /// "new york": a word mostly written lowercase ("new") that is the first word of a name
    /// when it stands capitalised before the name it most often precedes ("York"), as folded
    /// "word next" pairs.
    leads: FastSet<String>,
    /// "trade commission": a word mostly written lowercase that, when capitalised inside a
    /// sentence, mostly stands before one name, which it then belongs to ("Federal Trade
    /// Commission", "the Justice Department"), as folded "word next" pairs.
    joins: FastSet<String>,
    /// "securities exchange": the two words around an "and" inside one name ("Securities and
    /// Exchange Commission"), as folded "before after" pairs (see `find_leads`).
    ands: FastSet<String>,
    /// "federal reserve": a word mostly written lowercase that, when capitalised inside a
    /// sentence, mostly stands after one capitalised word, whose name it ends ("Federal
    /// Reserve"), as folded "before word" pairs.
    trails: FastSet<String>,
    /// "chapter": a capitalised word mostly followed by a number, which is part of its name
    /// ("Chapter 11", "FTSE 100", "Fortune 500"), folded.
    numbered: FastSet<String>,
    /// "j.p morgan": initials mostly written before one name, which they begin ("J.P. Morgan",
    /// "J.C. Penney"), as folded "initials next" pairs; initials before many names ("U.S.")
    /// are a name of their own.
    initials: FastSet<String>,
    /// "gdp", "m&a": acronyms that articles spell out in lowercase words ("gross domestic
    /// product", "mergers and acquisitions"): names of things, not of anyone.
    spelled_out: FastSet<String>,
    /// "tv": short words (two to five letters) written in the plural with an "s" at least once
    /// for every 8 uses, and at least twice ("TVs", "IPOs"), folded.
    plurals: FastSet<String>,
}

/// How a word (folded) is written across the corpus.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Case {
    /// Capitalised inside a sentence (not its first word).
    pub(super) capitalised: u32,
    /// Written lowercase.
    pub(super) lower: u32,
    /// Capitalised inside a sentence with no capitalised word next to it (`linked`).
    pub(super) alone: u32,
    /// Capitalised inside a sentence right after a capitalised word ("Stock" in "London Stock
    /// Exchange").
    pub(super) after_name: u32,
    /// Written in capitals inside a sentence ("GDP"), counted among `capitalised`.
    pub(super) capitals: u32,
}

impl Case {
    /// Adds the counts of `other` (the same word in another chunk of articles).
    fn add(&mut self, other: Case) {
        self.capitalised += other.capitalised;
        self.lower += other.lower;
        self.alone += other.alone;
        self.after_name += other.after_name;
        self.capitals += other.capitals;
    }
}

/// The `leads`, `joins`, `ands`, `trails`, `numbered` and `initials` of `CaseStats`, as
/// `find_leads` finds them.
type PairSets = (
    FastSet<String>,
    FastSet<String>,
    FastSet<String>,
    FastSet<String>,
    FastSet<String>,
    FastSet<String>,
);

/// Fewest articles per chunk whose case counts are taken together (there are a few chunks per
/// thread, so that adding up the maps of the chunks costs little).
const CASE_CHUNK: usize = 128;

impl CaseStats {
    pub(super) fn new(sources: &[super::EntitySource]) -> Self {
        use rayon::prelude::*;
        let size = CASE_CHUNK.max(sources.len() / (4 * rayon::current_num_threads()));
        // Besides the counts: the words each article writes in capitals that could be acronyms
        // (`find_spelled_out`), by article index, for the articles that have any.
        let (counts, capitals) = sources
            .par_chunks(size)
            .enumerate()
            .map(|(k, chunk)| {
                let mut counts: FastMap<String, Case> =
                    FastMap::with_capacity_and_hasher(1 << 14, Default::default());
                let mut capitals: Vec<(usize, Vec<String>)> = Vec::new();
                let mut sentence = Vec::new();
                let (mut folded, mut lower) = (String::new(), String::new());
                for (j, source) in chunk.iter().enumerate() {
                    let mut here: Vec<String> = Vec::new();
                    for_each_sentence(source.text, source.lang, &mut sentence, |sentence| {
                        for (i, token) in sentence.iter().enumerate() {
                            let Token::Word(word) = *token else { continue };
                            let ascii_letter =
                                word.as_bytes().first().is_some_and(u8::is_ascii_alphabetic);
                            if !ascii_letter && !word.chars().any(char::is_alphabetic) {
                                continue;
                            }
                            fold_into(word, &mut folded);
                            let entry = match counts.get_mut(folded.as_str()) {
                                Some(entry) => entry,
                                None => counts.entry(folded.clone()).or_default(),
                            };
                            if looks_capitalised(word) {
                                if i > 0 {
                                    entry.capitalised += 1;
                                    let lang = source.lang;
                                    let after_name = linked(sentence, i, -1, lang, &mut lower);
                                    let alone =
                                        !after_name && !linked(sentence, i, 1, lang, &mut lower);
                                    entry.alone += u32::from(alone);
                                    entry.after_name += u32::from(after_name);
                                    let capital = is_all_capitals(word);
                                    entry.capitals += u32::from(capital);
                                    if capital && could_be_acronym(&folded) {
                                        here.push(folded.clone());
                                    }
                                }
                            } else {
                                entry.lower += 1;
                            }
                        }
                    });
                    if !here.is_empty() {
                        here.sort_unstable();
                        here.dedup();
                        capitals.push((k * size + j, here));
                    }
                }
                (counts, capitals)
            })
            .reduce(Default::default, |(mut a, mut ca), (mut b, mut cb)| {
                if ca.len() < cb.len() {
                    std::mem::swap(&mut ca, &mut cb);
                }
                ca.append(&mut cb);
                if a.len() < b.len() {
                    std::mem::swap(&mut a, &mut b);
                }
                for (word, case) in b {
                    a.entry(word).or_default().add(case);
                }
                (a, ca)
            });
        let mut stats = CaseStats {
            counts,
            leads: FastSet::default(),
            joins: FastSet::default(),
            ands: FastSet::default(),
            trails: FastSet::default(),
            numbered: FastSet::default(),
            initials: FastSet::default(),
            spelled_out: FastSet::default(),
            plurals: FastSet::default(),
        };
        let uses = |c: &Case| c.capitalised + c.lower;
        stats.plurals = stats
            .counts
            .iter()
            .filter_map(|(word, plural)| {
                let singular = word.strip_suffix('s')?;
                let short = (2..=5).contains(&singular.len())
                    && singular.bytes().all(|b| b.is_ascii_lowercase());
                let singular_uses = uses(stats.counts.get(singular)?);
                (short && uses(plural) >= 2 && uses(plural) * 8 >= singular_uses)
                    .then(|| singular.to_string())
            })
            .collect();
        (
            stats.leads,
            stats.joins,
            stats.ands,
            stats.trails,
            stats.numbered,
            stats.initials,
        ) = stats.find_leads(sources);
        stats.spelled_out = stats.find_spelled_out(sources, capitals);
        stats
    }

    /// Whether `possessor`, the name in the possessive `word` ("Germany" of "Germany's"), is a
    /// name on its own: one by its case counts, and written without the possessive at least a
    /// quarter as often as with it. Then its possessive ends a name before another name
    /// ("Germany's ThyssenKrupp", "Britain's Rexam"), while a brand seldom written without its
    /// own 's goes on ("Wendy's International", "McDonald's Corp").
    pub(super) fn stands_alone(
        &self,
        word: &str,
        possessor: &str,
        lang: Lang,
        folded: &mut String,
    ) -> bool {
        if word_kind(possessor, lang, self, folded) != WordKind::Name {
            return false;
        }
        let mut capitalised = |w: &str| self.case_of(w, folded).map_or(0, |c| c.capitalised);
        let alone = capitalised(possessor);
        alone * 4 >= capitalised(word)
    }

    /// The pairs for `leads` and `joins`, counted where a capitalised word that the counts call
    /// lowercase stands inside a sentence before a name, and kept when seen at least twice:
    /// - a lead when the pair is at least half of that name's capitalised uses ("New York",
    ///   "New Zealand", "Los Angeles"), so a headline's "Lifts Exxon" never is;
    /// - else a join when the pair is at least half of the word's own capitalised uses, not
    ///   counting words in capitals ("Labor Department", "Trade Commission", "Whole Foods"):
    ///   the word is capitalised because it is part of that name. A title ("Attorney",
    ///   "Treasurer") or a company form never joins, so titles are still dropped from names.
    ///
    /// The pairs for `ands` are counted where two capitalised words, not in capitals, stand on
    /// either side of an "and" inside a sentence, and kept when seen at least twice, when the
    /// first is a common word too (written lowercase at least a quarter as often as
    /// capitalised) and when the pair is at least a third of its capitalised uses:
    /// "Securities and Exchange Commission" is one name, while "Westin and Sheraton" are two
    /// ("westin" is never lowercase) and so are "Treasury and Federal Reserve" ("Treasury" is
    /// mostly capitalised elsewhere).
    ///
    /// The words of `numbered` are counted where a capitalised word stands inside a sentence
    /// before a whole number, and kept when seen at least twice and at least half of the
    /// word's capitalised uses ("Chapter 11", "FTSE 100").
    ///
    /// The pairs for `initials` are counted where initials ("J.P") stand inside a sentence
    /// before a capitalised word, past the full stop that `for_each_sentence` reads as a break,
    /// and kept when seen at least twice and at least half of the initials' uses inside
    /// sentences ("J.P. Morgan"; "U.S." stands before too many names).
    ///
    /// The pairs for `trails` are counted where a capitalised word that the counts call
    /// lowercase stands inside a sentence right after another capitalised word, neither in
    /// capitals nor in the possessive, and kept when seen at least twice and at least half of
    /// the word's capitalised uses ("Reserve" after "Federal"), or at least half of those of
    /// the word before when that one is a name ("Bank" after "Deutsche", "Brothers" after
    /// "Lehman"). Titles, company forms and stopwords never count ("President", "Corp",
    /// "The").
    fn find_leads(&self, sources: &[super::EntitySource]) -> PairSets {
        use rayon::prelude::*;
        let pairs = sources
            .par_chunks(CASE_CHUNK.max(sources.len() / (4 * rayon::current_num_threads())))
            .map(|chunk| {
                // (all uses, uses written in capitals and lowercase): an all-capitals
                // subhead ("NORTHROP MISSES Northrop ...") shows nothing about names.
                let mut pairs: FastMap<String, (u32, u32)> = FastMap::default();
                let mut ands: FastMap<String, u32> = FastMap::default();
                let mut trails: FastMap<String, u32> = FastMap::default();
                let mut numbers: FastMap<String, u32> = FastMap::default();
                // Initials: (pairs with the next word, uses inside a sentence).
                let mut initial_pairs: FastMap<String, u32> = FastMap::default();
                let mut initial_uses: FastMap<String, u32> = FastMap::default();
                let (mut sentence, mut folded, mut pair) =
                    (Vec::new(), String::new(), String::new());
                for source in chunk {
                    for_each_sentence(source.text, source.lang, &mut sentence, |sentence| {
                        for (i, token) in sentence.iter().enumerate().skip(1) {
                            let Token::Word(word) = *token else { continue };
                            if !is_initialism(word) {
                                continue;
                            }
                            fold_into(word, &mut folded);
                            *initial_uses.entry(folded.clone()).or_default() += 1;
                            if let Some([Token::Break, Token::Word(next)]) =
                                sentence.get(i + 1..i + 3)
                                && looks_capitalised(next)
                                && !is_all_capitals(next)
                            {
                                lead_key(word, next, &mut pair);
                                *initial_pairs.entry(pair.clone()).or_default() += 1;
                            }
                        }
                        for i in 1..sentence.len().saturating_sub(2) {
                            if let [Token::Word(before), Token::Word("and"), Token::Word(after)] =
                                sentence[i..i + 3]
                                && [before, after]
                                    .iter()
                                    .all(|w| looks_capitalised(w) && !is_all_capitals(w))
                            {
                                lead_key(before, after, &mut pair);
                                *ands.entry(pair.clone()).or_default() += 1;
                            }
                        }
                        for i in 1..sentence.len() {
                            let (Token::Word(before), Token::Word(word)) =
                                (sentence[i - 1], sentence[i])
                            else {
                                continue;
                            };
                            if i >= 2 && is_number(word) && looks_capitalised(before) {
                                fold_into(before, &mut folded);
                                *numbers.entry(folded.clone()).or_default() += 1;
                            }
                            if written_as_name_part(before)
                                && written_as_name_part(word)
                                && self.lowercase_word(word, source.lang, &mut folded)
                            {
                                lead_key(before, word, &mut pair);
                                *trails.entry(pair.clone()).or_default() += 1;
                            }
                        }
                        for i in 1..sentence.len().saturating_sub(1) {
                            let (Token::Word(word), Token::Word(next)) =
                                (sentence[i], sentence[i + 1])
                            else {
                                continue;
                            };
                            if !looks_capitalised(word)
                                || word_kind(next, source.lang, self, &mut folded) != WordKind::Name
                                || !self.lowercase_word(word, source.lang, &mut folded)
                            {
                                continue;
                            }
                            lead_key(word, next, &mut pair);
                            let entry = pairs.entry(pair.clone()).or_default();
                            entry.0 += 1;
                            entry.1 += u32::from(!is_all_capitals(word));
                        }
                    });
                }
                (pairs, ands, trails, numbers, initial_pairs, initial_uses)
            })
            .reduce(
                Default::default,
                |(mut a, mut a_ands, mut a_trails, mut a_numbers, mut a_initials, mut a_uses),
                 (b, b_ands, b_trails, b_numbers, b_initials, b_uses)| {
                    for (pair, (all, mixed)) in b {
                        let entry = a.entry(pair).or_default();
                        entry.0 += all;
                        entry.1 += mixed;
                    }
                    for (pair, count) in b_ands {
                        *a_ands.entry(pair).or_default() += count;
                    }
                    for (pair, count) in b_trails {
                        *a_trails.entry(pair).or_default() += count;
                    }
                    for (word, count) in b_numbers {
                        *a_numbers.entry(word).or_default() += count;
                    }
                    for (pair, count) in b_initials {
                        *a_initials.entry(pair).or_default() += count;
                    }
                    for (word, count) in b_uses {
                        *a_uses.entry(word).or_default() += count;
                    }
                    (a, a_ands, a_trails, a_numbers, a_initials, a_uses)
                },
            );
        let (pairs, and_pairs, trail_pairs, number_counts, initial_pairs, initial_uses) = pairs;
        let capitalised = |word: &str| self.counts.get(word).map_or(0, |c| c.capitalised);
        let (mut leads, mut joins) = (FastSet::default(), FastSet::default());
        for (pair, (count, mixed)) in pairs {
            let (word, next) = pair.split_once(' ').unwrap_or_default();
            if count < 2 {
                continue;
            }
            if count * 2 >= capitalised(next) {
                leads.insert(pair);
            } else if mixed >= 2
                && mixed * 2 >= capitalised(word)
                && !is_company_suffix(next)
                && !super::is_title(word)
                && !super::is_title(next)
            {
                joins.insert(pair);
            }
        }
        let ands = and_pairs
            .into_iter()
            .filter(|(pair, count)| {
                let before = pair.split(' ').next().unwrap_or_default();
                let Case {
                    capitalised: upper,
                    lower,
                    ..
                } = self.counts.get(before).copied().unwrap_or_default();
                *count >= 2
                    && *count * 3 >= upper
                    && lower * 4 >= upper
                    && !Lang::En.is_stopword(before)
                    && !is_common_opener(before)
            })
            .map(|(pair, _)| pair)
            .collect();
        let trails = trail_pairs
            .into_iter()
            .filter(|(pair, count)| {
                let (before, word) = pair.split_once(' ').unwrap_or_default();
                // Half of the word's capitalised uses ("Reserve" after "Federal"), or half of
                // those of a name it follows ("Deutsche Bank", "Lehman Brothers").
                let name_before = self
                    .counts
                    .get(before)
                    .is_some_and(|c| c.capitalised > c.lower);
                *count >= 2
                    && (*count * 2 >= capitalised(word)
                        || name_before && *count * 2 >= capitalised(before))
                    && ![before, word]
                        .iter()
                        .any(|w| super::is_title(w) || is_company_suffix(w))
                    && !Lang::En.is_stopword(before)
                    && !is_common_opener(before)
            })
            .map(|(pair, _)| pair)
            .collect();
        let numbered = number_counts
            .into_iter()
            .filter(|(word, count)| *count >= 2 && *count * 2 >= capitalised(word))
            .map(|(word, _)| word)
            .collect();
        let initials = initial_pairs
            .into_iter()
            .filter(|(pair, count)| {
                let initials = pair.split(' ').next().unwrap_or_default();
                let uses = initial_uses.get(initials).copied().unwrap_or(0);
                *count >= 2 && *count * 2 >= uses
            })
            .map(|(pair, _)| pair)
            .collect();
        (leads, joins, ands, trails, numbered, initials)
    }

    /// Whether a capitalised word is part of longer names nearly always: fewer than one in 10
    /// of its capitalised uses inside sentences, and at least 10 uses, stand with no
    /// capitalised word next to it ("International", "Capital", "Airlines"). Alone, such a word
    /// is what is left of a name read in part ("International Business Machines Corp"), not a
    /// name.
    pub(super) fn dependent(&self, word: &str, buffer: &mut String) -> bool {
        self.case_of(word, buffer)
            .is_some_and(|c| c.capitalised >= 10 && c.alone * 10 < c.capitalised)
    }

    /// Whether a capitalised word mostly stands right after another capitalised word, in at
    /// least half of its capitalised uses and at least 5 ("Stock" of "London Stock Exchange",
    /// not "New" of "in New York").
    pub(super) fn follows_names(&self, word: &str, buffer: &mut String) -> bool {
        self.case_of(word, buffer)
            .is_some_and(|c| c.capitalised >= 5 && c.after_name * 2 >= c.capitalised)
    }

    /// How a word is written across the corpus, looked up by its folded form (made in
    /// `buffer`).
    fn case_of(&self, word: &str, buffer: &mut String) -> Option<&Case> {
        fold_into(word, buffer);
        self.counts.get(buffer.as_str())
    }

    /// Whether a short word (folded) is often written in the plural ("tv" of "TVs").
    pub(super) fn made_plural(&self, folded: &str) -> bool {
        self.plurals.contains(folded)
    }

    /// Whether `number` is part of the name that `word`, the word before it, ends ("11" of
    /// "Chapter 11").
    pub(super) fn numbered(&self, word: &str, number: &str, buffer: &mut String) -> bool {
        if self.numbered.is_empty() || !is_number(number) {
            return false;
        }
        fold_into(word, buffer);
        self.numbered.contains(buffer.as_str())
    }

    /// Whether `word` ends the name that `before`, the word just before it, is part of
    /// ("Reserve" after "Federal").
    pub(super) fn trails(&self, before: &str, word: &str, buffer: &mut String) -> bool {
        written_as_name_part(word) && has_pair(&self.trails, before, word, buffer)
    }

    /// Whether `before`, "and" and `after` are words of one name ("Securities and Exchange").
    pub(super) fn and_joins(&self, before: &str, after: &str, buffer: &mut String) -> bool {
        !is_all_capitals(before)
            && looks_capitalised(after)
            && has_pair(&self.ands, before, after, buffer)
    }

    /// Whether a word is one the counts say is mostly written lowercase (not a stopword, a
    /// sentence opener or too short); `folded` is left holding its folded form.
    pub(super) fn lowercase_word(&self, word: &str, lang: Lang, folded: &mut String) -> bool {
        fold_into(word, folded);
        folded.chars().count() >= 2
            && !lang.is_stopword(folded)
            && !is_common_opener(folded)
            && self
                .counts
                .get(folded.as_str())
                .is_some_and(|c| c.capitalised <= c.lower)
    }

    /// Whether a word may stand inside a name between two names although the counts call it
    /// lowercase ("Energy" and "Regulatory" in "Federal Energy Regulatory Commission"):
    /// capitalised, not in capitals, not a title, a possessive or "New York-based".
    pub(super) fn inside_name(&self, word: &str, lang: Lang, folded: &mut String) -> bool {
        written_as_name_part(word)
            && self.lowercase_word(word, lang, folded)
            && !super::is_title(folded)
            && !folded.ends_with("-based")
    }

    /// Whether a sentence is written in Title Case (a headline): more than half of the words
    /// the counts call lowercase are capitalised in it, after its first word, and at least two.
    pub(super) fn title_case(&self, sentence: &[Token], lang: Lang, folded: &mut String) -> bool {
        let (mut capitalised, mut lowercase) = (0, 0);
        for token in sentence.iter().skip(1) {
            if let Token::Word(word) = *token
                && self.lowercase_word(word, lang, folded)
            {
                if looks_capitalised(word) {
                    capitalised += 1;
                } else {
                    lowercase += 1;
                }
            }
        }
        capitalised >= 2 && capitalised > lowercase
    }

    /// Whether initials begin the name that `next` continues ("J.P" before "Morgan").
    pub(super) fn initials_lead(&self, initials: &str, next: &str, buffer: &mut String) -> bool {
        has_pair(&self.initials, initials, next, buffer)
    }

    /// Whether `word` begins the name that `next` continues ("New" before "York").
    pub(super) fn leads(&self, word: &str, next: &str, buffer: &mut String) -> bool {
        looks_capitalised(word) && has_pair(&self.leads, word, next, buffer)
    }

    /// Whether `word` belongs to the name that `next` continues, with any name before it
    /// ("Trade" in "Federal Trade Commission").
    pub(super) fn joins(&self, word: &str, next: &str, buffer: &mut String) -> bool {
        written_as_name_part(word) && has_pair(&self.joins, word, next, buffer)
    }
}

/// Whether the word `step` (-1 or 1) places from `sentence[i]` is a capitalised word, or one
/// after a connector ("Bank of America"): a word of the same name. Stopwords and breaks
/// between are not.
/// `buffer` holds lowercased words.
fn linked(sentence: &[Token], i: usize, step: isize, lang: Lang, buffer: &mut String) -> bool {
    let at = |k: isize| {
        i.checked_add_signed(k)
            .and_then(|j| sentence.get(j))
            .and_then(|t| match *t {
                Token::Word(w) => Some(w),
                Token::Break => None,
            })
    };
    // Lowercased as `word_kind` does before asking for a stopword, without allocating for
    // a plain ASCII word.
    let mut name_word = |w: &str| {
        looks_capitalised(w)
            && if w.is_ascii() {
                buffer.clear();
                buffer.push_str(w);
                buffer.make_ascii_lowercase();
                !lang.is_stopword(buffer)
            } else {
                !lang.is_stopword(&w.to_lowercase())
            }
    };
    match at(step) {
        Some(w) if super::names::is_connector(w) => at(2 * step).is_some_and(name_word),
        Some(w) => name_word(w),
        None => false,
    }
}

/// Whether a word is a whole number ("11", "500").
fn is_number(word: &str) -> bool {
    !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit())
}

/// Whether a word is written in capitals only ("MISSES", "NYSE"): two letters or more, none
/// of them lowercase.
fn is_all_capitals(word: &str) -> bool {
    word.chars().filter(|c| c.is_alphabetic()).nth(1).is_some()
        && !word.chars().any(char::is_lowercase)
}

/// Whether a common word is written as part of a longer name would be: capitalised, not in
/// capitals (a subhead) and not in the possessive (which ends a name).
pub(super) fn written_as_name_part(word: &str) -> bool {
    looks_capitalised(word) && !is_all_capitals(word) && possessor(word).is_none()
}

/// Whether the pair of `first` and `second` is in `pairs` (`leads`, `joins`, `ands` or
/// `trails`); an empty set is answered without folding the words.
fn has_pair(pairs: &FastSet<String>, first: &str, second: &str, buffer: &mut String) -> bool {
    if pairs.is_empty() {
        return false;
    }
    lead_key(first, second, buffer);
    pairs.contains(buffer.as_str())
}

/// The key of a pair in `CaseStats::leads`: both words folded, a space between, into `out`.
fn lead_key(word: &str, next: &str, out: &mut String) {
    fold_into(word, out);
    out.push(' ');
    push_folded(next, out);
}
