//! Reading capitalised names out of text: sentence splitting, what kind of word each one is,
//! and the runs of words that make a name. Separate from `entities` proper, which normalises,
//! aliases and counts what is read here, and from `case`, which learns from the corpus which
//! words are names.

use super::MAX_NAME_WORDS;
pub(super) use super::case::CaseStats;
use super::fold;
use crate::group::lang::Lang;

mod words;
#[cfg(test)]
pub(super) use words::is_nationality;
use words::is_regional_adjective;
pub(super) use words::{COMPANY_SUFFIXES, is_common_opener, is_company_suffix, is_contraction};

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Token<'a> {
    Word(&'a str),
    /// Punctuation that ends a name: a comma, a bracket, a dash, a quote.
    Break,
}

/// Cuts text into sentences of word tokens and breaks, and calls `each` with every non-empty
/// sentence in turn (`sentence` is the buffer it is collected in). An elided article or
/// preposition is not part of the word it is joined to ("dell'Egitto" is a mention of "Egitto").
pub(super) fn for_each_sentence<'a>(
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
pub(super) fn is_initialism(word: &str) -> bool {
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
/// Whether a word (as written) is the head word of an institution's name, which "for" may
/// follow ("Institute for Supply Management").
fn is_institution_head(word: &str) -> bool {
    const HEADS: &[&str] = &[
        "alliance",
        "center",
        "centre",
        "coalition",
        "foundation",
        "fund",
        "organisation",
        "organization",
        "society",
    ];
    let folded = fold(word);
    super::is_generic_head(&folded) || HEADS.contains(&folded.as_str())
}

/// Whether a word joins two parts of one name (`CONNECTORS`).
pub(super) fn is_connector(word: &str) -> bool {
    CONNECTORS.contains(&word)
}

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
        if run.len() == 1 && is_company_suffix(run[0])
            || lang == Lang::En && is_regional_adjective(run)
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
        let mut inside_until = 0;
        let mut title_case = None;
        for (i, token) in sentence.iter().enumerate() {
            let Token::Word(word) = *token else {
                // The full stop after initials mostly written before the next word is no
                // break in the name ("J.P. Morgan").
                if let (Some(Token::Word(before)), Some(Token::Word(next))) = (
                    i.checked_sub(1).and_then(|b| sentence.get(b)),
                    sentence.get(i + 1),
                ) && is_initialism(before)
                    && run.last() == Some(before)
                    && case.initials_lead(before, next, &mut folded)
                {
                    continue;
                }
                flush(&mut run, &mut out);
                continue;
            };
            // "Chapter 11": the number ends the name of a word mostly written before one.
            if let Some(last) = run.last()
                && case.numbered(last, word, &mut folded)
            {
                run.push(word);
                flush(&mut run, &mut out);
                continue;
            }
            // "Institute for Supply Management", "Center for Veterinary Medicine": after an
            // institution's head word, "for" and the capitalised words after it (with an "and"
            // or "of" between two of them) are one name, when it stays short enough.
            if word == "for"
                && run.last().is_some_and(|w| is_institution_head(w))
                && !*title_case.get_or_insert_with(|| case.title_case(sentence, lang, &mut folded))
            {
                let capital = |k: usize| matches!(sentence.get(k), Some(Token::Word(w)) if super::case::written_as_name_part(w));
                let mut end = i + 1;
                while capital(end)
                    || matches!(sentence.get(end), Some(Token::Word("and" | "of")))
                        && capital(end + 1)
                        && end > i + 1
                {
                    end += 1;
                }
                if end > i + 1 && run.len() + (end - i) <= MAX_NAME_WORDS {
                    run.push(word);
                    inside_until = end;
                    continue;
                }
            }
            // Capitalised common words between two names are part of one name, in prose:
            // "Federal Energy Regulatory Commission". Not in a Title Case headline, where every
            // word is capitalised ("Exxon Beats Apple").
            if i < inside_until {
                run.push(word);
                continue;
            }
            let after_possessive = run.last().is_some_and(|w| possessor(w).is_some());
            // ("Barneys" and "New York" stay two names: "New" leads "York", below.)
            if !run.is_empty()
                && !after_possessive
                && kinds[i] == WordKind::Other
                && !matches!(sentence.get(i + 1),
                    Some(Token::Word(next)) if case.leads(word, next, &mut folded))
            {
                let mut end = i;
                while end < sentence.len()
                    && end - i < MAX_NAME_WORDS
                    && kinds[end] == WordKind::Other
                    && matches!(sentence[end], Token::Word(w) if case.inside_name(w, lang, &mut folded))
                {
                    end += 1;
                }
                // Not before a company form: "Wal-Mart Stores Inc" is Wal-Mart. Unless the name
                // so far is a word never a name alone: "International Business Machines Corp".
                let before_form = matches!(sentence.get(end),
                    Some(Token::Word(w)) if is_company_suffix(w.trim_end_matches('.')));
                if end > i
                    && kinds.get(end) == Some(&WordKind::Name)
                    && (!before_form || run.len() == 1 && case.dependent(run[0], &mut folded))
                    && !*title_case
                        .get_or_insert_with(|| case.title_case(sentence, lang, &mut folded))
                {
                    run.push(word);
                    inside_until = end;
                    continue;
                }
            }
            // The "and" of "Securities and Exchange Commission", taken with the word before.
            if i == and_at {
                run.push(word);
                continue;
            }
            // A common word before an "and" belongs to the name after it (`and_joins`) when that
            // name goes on: the word after the "and" is a name ("Exchange"), or joins one.
            let name_after_and =
                |folded: &mut String| match (kinds.get(i + 2), sentence.get(i + 2..i + 4)) {
                    (Some(WordKind::Name), _) => true,
                    (Some(WordKind::Other), Some([Token::Word(after), Token::Word(next)])) => {
                        kinds.get(i + 3) == Some(&WordKind::Name) && case.joins(after, next, folded)
                    }
                    _ => false,
                };
            if looks_capitalised(word)
                && let (Some(Token::Word("and")), Some(Token::Word(after))) =
                    (sentence.get(i + 1), sentence.get(i + 2))
                && case.and_joins(word, after, &mut folded)
                && name_after_and(&mut folded)
            {
                run.push(word);
                and_at = i + 1;
                continue;
            }
            // "New" before "York" begins a name of its own ("Barneys" and "New York"), but
            // "Stock" before "Exchange", mostly written after a name, goes on with the one
            // before it ("London Stock Exchange").
            if kinds[i] == WordKind::Other
                && let (Some(WordKind::Name), Some(Token::Word(next))) =
                    (kinds.get(i + 1), sentence.get(i + 1))
                && case.leads(word, next, &mut folded)
            {
                if run.is_empty() || !case.follows_names(word, &mut folded) {
                    flush(&mut run, &mut out);
                }
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
            // "Reserve" after "Federal": a common word that mostly ends that name, in prose.
            if kinds[i] == WordKind::Other
                && let Some(before) = run.last()
                && case.trails(before, word, &mut folded)
                && !*title_case.get_or_insert_with(|| case.title_case(sentence, lang, &mut folded))
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
                let possessor = possessor(word);
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
pub(super) enum WordKind {
    /// Capitalised, and capitalised inside sentences more often than not.
    Name,
    /// Capitalised, but never seen inside a sentence (a sentence start or a headline word).
    Unseen,
    Other,
}

/// The name a possessive is written on ("Germany" of "Germany's"), or `None` when `word` is
/// not in the possessive.
pub(super) fn possessor(word: &str) -> Option<&str> {
    word.strip_suffix("'s").or_else(|| word.strip_suffix("’s"))
}

/// Whether a word is written like a name: a capital first letter, or a lowercase particle and
/// a capital ("al-Busaidi", "el-Sisi").
pub(super) fn looks_capitalised(word: &str) -> bool {
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
pub(super) fn word_kind(word: &str, lang: Lang, case: &CaseStats, folded: &mut String) -> WordKind {
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
    // Nor are sums of money ("A$6.20", "C$1.5").
    let period = matches!(bare, "q1" | "q2" | "q3" | "q4" | "h1" | "h2")
        || folded.contains(['$', '€', '£', '¥']);
    let zone = crate::ingest::dates::zone_abbreviation(word).is_some();
    if stopword || period || zone || is_contraction(word) || is_common_opener(bare) {
        return WordKind::Other;
    }
    // "US" in capitals is the country ("US Airways"), whatever "us" says, as "U.S." is.
    if lang == Lang::En && word == "US" {
        return WordKind::Name;
    }
    // "the Internet" and "the Web" are capitalised by house style (Reuters, AP until 2016),
    // not because they name anyone: their case counts look like a name's, and they stood in
    // story names ("Google · Web · Web search").
    if lang == Lang::En && matches!(bare, "internet" | "web") {
        return WordKind::Other;
    }
    // "GDP", "M&A": an acronym that articles spell out in lowercase words names a thing.
    if possessor(word)
        .unwrap_or(word)
        .bytes()
        .all(|b| b.is_ascii_uppercase() || b == b'&')
        && case.spelled_out(bare)
    {
        return WordKind::Other;
    }
    if common_acronym(word, folded, case) {
        return WordKind::Other;
    }
    match case.counts.get(folded) {
        Some(c) if c.capitalised > c.lower => WordKind::Name,
        Some(_) => WordKind::Other,
        None => WordKind::Unseen,
    }
}

/// Whether `word` is an acronym of a thing, not of a name: one written in the plural with a
/// lowercase "s" ("TVs", "IPOs", "CEOs", "PCs"), or that plural itself. A name's acronym is
/// seldom made plural ("GM", "SEC", "UBS"); one in 8 uses in the plural is enough (10k
/// Reuters articles: "TV" 25%, "IPO" 13%, but "HCA", a hospital company, 11%, as a
/// chemical's "HCAs", and "KFC" 3%).
fn common_acronym(word: &str, folded: &str, case: &CaseStats) -> bool {
    // In the possessive too ("IPO's").
    let (word, folded) = match (possessor(word), possessor(folded)) {
        (Some(word), Some(folded)) => (word, folded),
        _ => (word, folded),
    };
    let capitals =
        |w: &str| (2..=5).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_uppercase());
    if let Some(singular) = word.strip_suffix('s')
        && capitals(singular)
    {
        return true;
    }
    if !capitals(word) {
        return false;
    }
    case.made_plural(folded)
}

/// Whether `word` is ASCII short of DEL, which folding leaves as it is but for case.
fn is_plain_ascii(word: &str) -> bool {
    word.bytes().all(|b| b < 0x7f)
}

/// `fold(word)` into `out` (cleared first), without allocating for a plain ASCII word.
pub(super) fn fold_into(word: &str, out: &mut String) {
    out.clear();
    push_folded(word, out);
}

/// `fold(word)` appended to `out`.
pub(super) fn push_folded(word: &str, out: &mut String) {
    if is_plain_ascii(word) {
        // Copied at once and lowercased in place, not pushed a character at a time.
        let at = out.len();
        out.push_str(word);
        out[at..].make_ascii_lowercase();
    } else {
        out.push_str(&fold(word));
    }
}
