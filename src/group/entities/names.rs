//! Reading capitalised names out of text: sentence splitting, the corpus's own capitalisation
//! statistics (is "Bridge" a name or a headline word?), and the runs of words that make a name.
//! Separate from `entities` proper, which normalises, aliases and counts what is read here.

use super::{MAX_NAME_WORDS, fold};
use crate::group::lang::Lang;
use crate::text::{FastMap, FastSet};

/// How often each word is capitalised inside a sentence, and how often it is written lowercase.
/// Counted on all cores, a map per chunk of articles, then added up: sums do not depend on the
/// order they are taken in, and the map is only ever looked up, never walked.
pub(super) struct CaseStats {
    counts: FastMap<String, (u32, u32)>,
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
}

/// The `leads`, `joins` and `ands` of `CaseStats`, as `find_leads` finds them.
type PairSets = (FastSet<String>, FastSet<String>, FastSet<String>);

/// Fewest articles per chunk whose case counts are taken together (there are a few chunks per
/// thread, so that adding up the maps of the chunks costs little).
const CASE_CHUNK: usize = 128;

impl CaseStats {
    pub(super) fn new(sources: &[super::EntitySource]) -> Self {
        use rayon::prelude::*;
        let counts = sources
            .par_chunks(CASE_CHUNK.max(sources.len() / (4 * rayon::current_num_threads())))
            .map(|chunk| {
                let mut counts: FastMap<String, (u32, u32)> =
                    FastMap::with_capacity_and_hasher(1 << 14, Default::default());
                let mut sentence = Vec::new();
                let mut folded = String::new();
                for source in chunk {
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
                                    entry.0 += 1;
                                }
                            } else {
                                entry.1 += 1;
                            }
                        }
                    });
                }
                counts
            })
            .reduce(FastMap::default, |mut a, mut b| {
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
        let mut stats = CaseStats {
            counts,
            leads: FastSet::default(),
            joins: FastSet::default(),
            ands: FastSet::default(),
        };
        (stats.leads, stats.joins, stats.ands) = stats.find_leads(sources);
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
        let mut capitalised = |w: &str| {
            fold_into(w, folded);
            self.counts.get(folded.as_str()).map_or(0, |c| c.0)
        };
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
    fn find_leads(&self, sources: &[super::EntitySource]) -> PairSets {
        use rayon::prelude::*;
        let pairs = sources
            .par_chunks(CASE_CHUNK.max(sources.len() / (4 * rayon::current_num_threads())))
            .map(|chunk| {
                // (all uses, uses written in capitals and lowercase): an all-capitals
                // subhead ("NORTHROP MISSES Northrop ...") shows nothing about names.
                let mut pairs: FastMap<String, (u32, u32)> = FastMap::default();
                let mut ands: FastMap<String, u32> = FastMap::default();
                let (mut sentence, mut folded, mut pair) =
                    (Vec::new(), String::new(), String::new());
                for source in chunk {
                    for_each_sentence(source.text, source.lang, &mut sentence, |sentence| {
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
                (pairs, ands)
            })
            .reduce(Default::default, |(mut a, mut a_ands), (b, b_ands)| {
                for (pair, (all, mixed)) in b {
                    let entry = a.entry(pair).or_default();
                    entry.0 += all;
                    entry.1 += mixed;
                }
                for (pair, count) in b_ands {
                    *a_ands.entry(pair).or_default() += count;
                }
                (a, a_ands)
            });
        let (pairs, and_pairs) = pairs;
        let capitalised = |word: &str| self.counts.get(word).map_or(0, |c| c.0);
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
                let (upper, lower) = self.counts.get(before).copied().unwrap_or_default();
                *count >= 2
                    && *count * 3 >= upper
                    && lower * 4 >= upper
                    && !Lang::En.is_stopword(before)
                    && !is_common_opener(before)
            })
            .map(|(pair, _)| pair)
            .collect();
        (leads, joins, ands)
    }

    /// Whether `before`, "and" and `after` are words of one name ("Securities and Exchange").
    fn and_joins(&self, before: &str, after: &str, buffer: &mut String) -> bool {
        if self.ands.is_empty() || is_all_capitals(before) || !looks_capitalised(after) {
            return false;
        }
        lead_key(before, after, buffer);
        self.ands.contains(buffer.as_str())
    }

    /// Whether a word is one the counts say is mostly written lowercase (not a stopword, a
    /// sentence opener or too short); `folded` is left holding its folded form.
    fn lowercase_word(&self, word: &str, lang: Lang, folded: &mut String) -> bool {
        fold_into(word, folded);
        folded.chars().count() >= 2
            && !lang.is_stopword(folded)
            && !is_common_opener(folded)
            && self.counts.get(folded.as_str()).is_some_and(|c| c.0 <= c.1)
    }

    /// Whether `word` begins the name that `next` continues ("New" before "York").
    fn leads(&self, word: &str, next: &str, buffer: &mut String) -> bool {
        if self.leads.is_empty() || !looks_capitalised(word) {
            return false;
        }
        lead_key(word, next, buffer);
        self.leads.contains(buffer.as_str())
    }

    /// Whether `word` belongs to the name that `next` continues, with any name before it
    /// ("Trade" in "Federal Trade Commission").
    fn joins(&self, word: &str, next: &str, buffer: &mut String) -> bool {
        if self.joins.is_empty()
            || !looks_capitalised(word)
            || is_all_capitals(word)
            || word.ends_with("'s")
            || word.ends_with("’s")
        {
            return false;
        }
        lead_key(word, next, buffer);
        self.joins.contains(buffer.as_str())
    }
}

/// Whether a word is written in capitals only ("MISSES", "NYSE"): two letters or more, none
/// of them lowercase.
fn is_all_capitals(word: &str) -> bool {
    word.chars().filter(|c| c.is_alphabetic()).nth(1).is_some()
        && !word.chars().any(char::is_lowercase)
}

/// The key of a pair in `CaseStats::leads`: both words folded, a space between, into `out`.
fn lead_key(word: &str, next: &str, out: &mut String) {
    fold_into(word, out);
    out.push(' ');
    push_folded(next, out);
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Token<'a> {
    Word(&'a str),
    /// Punctuation that ends a name: a comma, a bracket, a dash, a quote.
    Break,
}

/// Cuts text into sentences of word tokens and breaks, and calls `each` with every non-empty
/// sentence in turn (`sentence` is the buffer it is collected in). An elided article or
/// preposition is not part of the word it is joined to ("dell'Egitto" is a mention of "Egitto").
fn for_each_sentence<'a>(
    text: &'a str,
    lang: Lang,
    sentence: &mut Vec<Token<'a>>,
    mut each: impl FnMut(&[Token<'a>]),
) {
    sentence.clear();
    let mut end = |sentence: &mut Vec<Token<'a>>| {
        if !sentence.is_empty() {
            each(sentence);
            sentence.clear();
        }
    };
    for line in text.lines() {
        // Whether the sentence being read has a word yet.
        let mut has_word = false;
        for raw in line.split_whitespace() {
            // Most words open and end with an ASCII letter or digit: then the ends are known
            // without decoding.
            let bytes = raw.as_bytes();
            let start = if bytes.first().is_some_and(u8::is_ascii_alphanumeric) {
                Some(0)
            } else {
                raw.char_indices()
                    .find(|(_, c)| c.is_alphanumeric())
                    .map(|(i, _)| i)
            };
            let Some(start) = start else {
                // A lone ampersand joins the two halves of a name ("Barnes & Noble"); other
                // punctuation on its own breaks a name.
                sentence.push(if raw == "&" {
                    Token::Word(raw)
                } else {
                    Token::Break
                });
                continue;
            };
            let end_at = if bytes.last().is_some_and(u8::is_ascii_alphanumeric) {
                raw.len()
            } else {
                raw.char_indices()
                    .rev()
                    .find(|(_, c)| c.is_alphanumeric())
                    .map(|(i, c)| i + c.len_utf8())
                    .unwrap_or(raw.len())
            };
            let lead = &raw[..start];
            let tail = &raw[end_at..];
            let sentence_start = !has_word;
            if !lead.is_empty() {
                sentence.push(Token::Break);
            }
            let word = &raw[start..end_at];
            sentence.push(Token::Word(lang.strip_elision(word, sentence_start)));
            has_word = true;
            if tail == "." && is_abbreviation(word) {
                // "Mr. Lavrov", "Wm. Wrigley Jr. Co.": the name goes on. "U.S. District
                // Court": the sentence goes on, but "U.S" is a name of its own.
                if is_initialism(word) {
                    sentence.push(Token::Break);
                }
            } else if tail.contains(['.', '!', '?', ':', ';']) {
                end(sentence);
                has_word = false;
            } else if !tail.is_empty() {
                sentence.push(Token::Break);
            }
        }
        // A line break ends a sentence (headlines, list items, paragraphs).
        end(sentence);
    }
}

/// Abbreviations written with a full stop that does not end the sentence: titles and name
/// parts ("Mr.", "Wm.", "Jr."), and initialisms ("U.S.", "U.N.").
fn is_abbreviation(word: &str) -> bool {
    const ABBREVIATIONS: &[&str] = &[
        "capt", "col", "dr", "gen", "gov", "jr", "lt", "messrs", "mr", "mrs", "ms", "rep", "sen",
        "sgt", "sr", "st", "wm",
    ];
    is_initialism(word)
        || word.len() <= 6
            && word.chars().next().is_some_and(char::is_uppercase)
            && ABBREVIATIONS.contains(&word.to_ascii_lowercase().as_str())
}

/// Single capital letters joined by full stops: "U.S" (the last stop is not part of the word).
fn is_initialism(word: &str) -> bool {
    let bytes = word.as_bytes();
    bytes.len() >= 3
        && bytes.iter().enumerate().all(|(i, b)| {
            if i % 2 == 0 {
                b.is_ascii_uppercase()
            } else {
                *b == b'.'
            }
        })
        && bytes.len() % 2 == 1
}

/// Words that join two parts of one name: "Gulf of Oman", "Bashar al Assad", "Procter &
/// Gamble".
const CONNECTORS: &[&str] = &[
    "&", "al", "bin", "da", "de", "del", "der", "di", "du", "el", "ibn", "la", "of", "van", "von",
];
/// Lowercase prefixes of a hyphenated name: "al-Busaidi", "el-Sisi".
const PARTICLES: &[&str] = &[
    "abu", "ad", "al", "an", "ar", "as", "at", "bin", "el", "ibn",
];

/// The capitalised names written in `text`, as written.
pub(super) fn names_in(text: &str, lang: Lang, case: &CaseStats) -> Vec<String> {
    let mut out = Vec::new();
    let mut sentence = Vec::new();
    let mut kinds: Vec<WordKind> = Vec::new();
    let mut folded = String::new();
    let mut run: Vec<&str> = Vec::new();
    let flush = |run: &mut Vec<&str>, out: &mut Vec<String>| {
        while run
            .last()
            .is_some_and(|w| CONNECTORS.contains(w) || *w == "and")
        {
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
    for_each_sentence(text, lang, &mut sentence, |sentence| {
        kinds.clear();
        kinds.extend(sentence.iter().map(|t| match t {
            Token::Word(word) => word_kind(word, lang, case, &mut folded),
            Token::Break => WordKind::Other,
        }));
        let mut and_at = usize::MAX;
        for (i, token) in sentence.iter().enumerate() {
            let Token::Word(word) = *token else {
                flush(&mut run, &mut out);
                continue;
            };
            // The "and" of "Securities and Exchange Commission" (see `and_joins` below).
            if i == and_at {
                run.push(word);
                continue;
            }
            // ...when the name goes on after it: "Exchange" is a name, or joins the next one.
            let name_after_and = || match (kinds.get(i + 2), sentence.get(i + 2..i + 4)) {
                (Some(WordKind::Name), _) => true,
                (Some(WordKind::Other), Some([Token::Word(after), Token::Word(next)])) => {
                    kinds.get(i + 3) == Some(&WordKind::Name)
                        && case.joins(after, next, &mut String::new())
                }
                _ => false,
            };
            if looks_capitalised(word)
                && let (Some(Token::Word("and")), Some(Token::Word(after))) =
                    (sentence.get(i + 1), sentence.get(i + 2))
                && case.and_joins(word, after, &mut folded)
                && name_after_and()
            {
                run.push(word);
                and_at = i + 1;
                continue;
            }
            // "New" before "York" begins a name of its own ("Barneys" and "New York").
            if kinds[i] == WordKind::Other
                && let (Some(WordKind::Name), Some(Token::Word(next))) =
                    (kinds.get(i + 1), sentence.get(i + 1))
                && case.leads(word, next, &mut folded)
            {
                flush(&mut run, &mut out);
                run.push(word);
                continue;
            }
            if kinds[i] == WordKind::Other
                && let (Some(WordKind::Name), Some(Token::Word(next))) =
                    (kinds.get(i + 1), sentence.get(i + 1))
                && case.joins(word, next, &mut folded)
            {
                run.push(word);
                continue;
            }
            let name = match kinds[i] {
                WordKind::Name => true,
                // A capitalised word never seen inside a sentence starts a name only when a
                // known name follows it ("Sergey Lavrov said ...").
                WordKind::Unseen => kinds.get(i + 1) == Some(&WordKind::Name),
                WordKind::Other => false,
            };
            if name || (!run.is_empty() && CONNECTORS.contains(&word)) {
                run.push(word);
                // A company form in the possessive ends its name: "Google Inc.'s YouTube" is
                // two names ("McDonald's Corp" and "Wendy's International" are one).
                // So does a possessor that is a name on its own before another name:
                // "Germany's ThyssenKrupp" is two names too.
                let possessor = word.strip_suffix("'s").or_else(|| word.strip_suffix("’s"));
                let name_follows = || match (kinds.get(i + 1), sentence.get(i + 1)) {
                    (Some(WordKind::Name), Some(Token::Word(next))) => {
                        !is_company_suffix(next.trim_end_matches('.'))
                    }
                    _ => false,
                };
                if possessor.is_some_and(|p| {
                    is_company_suffix(p.trim_end_matches('.'))
                        || name_follows() && case.stands_alone(word, p, lang, &mut folded)
                }) {
                    flush(&mut run, &mut out);
                }
            } else {
                flush(&mut run, &mut out);
            }
        }
        flush(&mut run, &mut out);
    });
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
    // Asked of every word several times: a word that opens with an ASCII letter (nearly
    // every one) is answered by that byte.
    let capitalised = match word.as_bytes().first() {
        Some(b) if b.is_ascii_alphabetic() => b.is_ascii_uppercase(),
        _ => word
            .chars()
            .find(|c| c.is_alphabetic())
            .is_some_and(char::is_uppercase),
    };
    capitalised
        || word.as_bytes().contains(&b'-')
            && word.split_once('-').is_some_and(|(head, rest)| {
                PARTICLES.contains(&head.to_lowercase().as_str())
                    && rest.chars().next().is_some_and(char::is_uppercase)
            })
}

/// What a word is; `folded` is a buffer for its folded form.
fn word_kind(word: &str, lang: Lang, case: &CaseStats, folded: &mut String) -> WordKind {
    // Not written like a name: nothing else to know (the other tests below only ever add
    // reasons to say `Other`).
    if !looks_capitalised(word) {
        return WordKind::Other;
    }
    fold_into(word, folded);
    let folded = folded.as_str();
    let bare = folded.strip_suffix("'s").unwrap_or(folded);
    if folded.chars().count() < 2 || folded.chars().all(|c| c.is_ascii_digit()) {
        return WordKind::Other;
    }
    // An ASCII word lowercases to its folded form.
    let stopword = if is_plain_ascii(word) {
        lang.is_stopword(folded)
    } else {
        lang.is_stopword(&word.to_lowercase())
    };
    // Quarters and halves of a year ("Q3 profit rises") are not names, nor are time zones
    // ("1430 GMT") or contractions ("I'm").
    let period = matches!(bare, "q1" | "q2" | "q3" | "q4" | "h1" | "h2");
    let zone = crate::ingest::dates::zone_abbreviation(word).is_some();
    if stopword || period || zone || is_contraction(word) || is_common_opener(bare) {
        return WordKind::Other;
    }
    match case.counts.get(folded) {
        Some(&(capitalised, lower)) if capitalised > lower => WordKind::Name,
        Some(_) => WordKind::Other,
        None => WordKind::Unseen,
    }
}

/// Whether `word` is ASCII short of DEL, which folding leaves as it is but for case.
fn is_plain_ascii(word: &str) -> bool {
    word.bytes().all(|b| b < 0x7f)
}

/// `fold(word)` into `out` (cleared first), without allocating for a plain ASCII word.
fn fold_into(word: &str, out: &mut String) {
    out.clear();
    push_folded(word, out);
}

/// `fold(word)` appended to `out`.
fn push_folded(word: &str, out: &mut String) {
    if is_plain_ascii(word) {
        // Copied at once and lowercased in place, not pushed a character at a time.
        let at = out.len();
        out.push_str(word);
        out[at..].make_ascii_lowercase();
    } else {
        out.push_str(&fold(word));
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

/// A lone word that reads like an English adjective or plural of nationality ("Iranian",
/// "Chinese", "Danish", "Americans", "French"). Only lone words are dropped: "Sebastian Kurz",
/// "European Central Bank" and "American Express" stay. Most of these words end alike; the
/// common ones that do not ("American", "German", "Swiss") are listed, a closed class like
/// stopwords. Words ending in "-an" alone are not taken as nationalities: "Jordan", "Sudan",
/// "Japan" and "Morgan" are names.
pub(super) fn is_nationality(word: &str) -> bool {
    /// Demonyms the suffix test misses, folded, singular.
    const IRREGULAR: &str = "afghan african american arab asian cuban czech dutch french \
        german greek iraqi irish israeli jamaican kenyan kuwaiti libyan mexican moroccan omani \
        pakistani qatari saudi somali swiss thai turk venezuelan welsh yemeni";
    let folded = fold(word);
    let suffixed = |w: &str| {
        w.len() > 5
            && ["ian", "ese", "ish", "ean"]
                .iter()
                .any(|suffix| w.ends_with(suffix))
    };
    let singular = folded.strip_suffix('s').filter(|w| !w.ends_with('s'));
    [Some(folded.as_str()), singular]
        .into_iter()
        .flatten()
        .any(|w| suffixed(w) || IRREGULAR.split_whitespace().any(|d| d == w))
}

/// A word ending in an English contraction ("I'm", "We're", "They'll", "I'd", "We've"): a
/// pronoun and a verb, capitalised only because the pronoun is, never a name.
pub(super) fn is_contraction(word: &str) -> bool {
    ["m", "re", "ve", "ll", "d"].iter().any(|ending| {
        ["'", "’"].iter().any(|apostrophe| {
            word.strip_suffix(ending)
                .and_then(|rest| rest.strip_suffix(apostrophe))
                .is_some_and(|rest| !rest.is_empty())
        })
    })
}

/// Company-form suffixes ("Ford Motor Co", "Apple Inc."): the end of a name, never a name on
/// its own; alone they are what is left of a name split at a line break or a comma. A name's
/// key leaves them out, so "Google Inc" and "Google" are one entity.
pub(super) const COMPANY_SUFFIXES: &[&str] = &[
    "ag",
    "co",
    "company",
    "corp",
    "corporation",
    "cos",
    "gmbh",
    "inc",
    "incorporated",
    "limited",
    "llc",
    "lp",
    "ltd",
    "nv",
    "plc",
    "sa",
    "spa",
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
