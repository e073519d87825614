//! Finds calendar dates written in prose, in the styles news pages use, in several languages:
//! `March 5, 2024`, `Mar. 5`, `5 March 2024`, `5. März 2024`, `le 1er mars 2024`,
//! `5 de marzo de 2024`, `5 marzo 2024`, `05.03.2024`, `5/3/24`, `2024-03-05`, `2024年3月5日`.
//!
//! This is the reusable part of HTML date finding: it knows nothing about pages, only text, so
//! a later temporal-expression module can call `find_dates` and `month_number` on article
//! sentences as they are. A date may lack its year (`Mar. 5`) or its day (`March 2024`); the
//! caller decides what such a partial date means. Month names of English, German, French,
//! Spanish, Italian, Portuguese and Dutch are known, with their usual abbreviations.
//!
//! Hand-written rather than regular expressions: one pass over the text's tokens tries the few
//! shapes at each number or month word, which is fast enough to run over a whole page, and the
//! ambiguous cases (a month word that is also an English word, `05/03/2024`) are decided by
//! explicit rules next to the code, not hidden in a pattern.

use chrono::NaiveDate;

/// A date found in prose. `start..end` is its byte range in the searched text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProseDate {
    pub year: Option<i32>,
    pub month: u32,
    pub day: Option<u32>,
    pub start: usize,
    pub end: usize,
}

impl ProseDate {
    /// The calendar day, when year, month and day are all stated and form a real day.
    pub fn to_date(&self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year?, self.month, self.day?)
    }
}

/// How to read an all-numeric date whose first two numbers could both be the month
/// (`05/03/2024`): 5 March (day first, most of the world) or May 3 (month first, the US).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayOrder {
    DayFirst,
    MonthFirst,
}

/// Month names and abbreviations (lowercase, accents folded) in en, de, fr, es, it, pt, nl.
/// The flag marks short forms that are also common words or ambiguous abbreviations: they
/// count as a month only next to a day and a year, or when followed by a period.
#[rustfmt::skip]
const MONTHS: &[(&str, u32, bool)] = &[
    ("january", 1, false), ("januar", 1, false), ("janner", 1, false), ("jaenner", 1, false),
    ("janvier", 1, false), ("enero", 1, false), ("gennaio", 1, false), ("janeiro", 1, false),
    ("januari", 1, false), ("jan", 1, true), ("janv", 1, true), ("ene", 1, true), ("gen", 1, true),
    ("february", 2, false), ("februar", 2, false), ("fevrier", 2, false), ("febrero", 2, false),
    ("febbraio", 2, false), ("fevereiro", 2, false), ("februari", 2, false), ("feb", 2, true),
    ("febr", 2, true), ("fev", 2, true), ("fevr", 2, true), ("march", 3, false),
    ("marz", 3, false), ("maerz", 3, false), ("mars", 3, false), ("marzo", 3, false),
    ("marco", 3, false), ("maart", 3, false), ("mar", 3, true), ("mrz", 3, true),
    ("april", 4, false), ("avril", 4, false), ("abril", 4, false), ("aprile", 4, false),
    ("apr", 4, true), ("avr", 4, true), ("abr", 4, true), ("may", 5, true), ("mai", 5, false),
    ("mayo", 5, false), ("maggio", 5, false), ("maio", 5, false), ("mei", 5, false),
    ("mag", 5, true), ("june", 6, false), ("juni", 6, false), ("juin", 6, false),
    ("junio", 6, false), ("giugno", 6, false), ("junho", 6, false), ("jun", 6, true),
    ("giu", 6, true), ("july", 7, false), ("juli", 7, false), ("juillet", 7, false),
    ("julio", 7, false), ("luglio", 7, false), ("julho", 7, false), ("jul", 7, true),
    ("juil", 7, true), ("lug", 7, true), ("august", 8, false), ("aout", 8, false),
    ("agosto", 8, false), ("augustus", 8, false), ("aug", 8, true), ("ago", 8, true),
    ("september", 9, false), ("septembre", 9, false), ("septiembre", 9, false),
    ("setiembre", 9, false), ("settembre", 9, false), ("setembro", 9, false), ("sep", 9, true),
    ("sept", 9, true), ("set", 9, true), ("october", 10, false), ("oktober", 10, false),
    ("octobre", 10, false), ("octubre", 10, false), ("ottobre", 10, false), ("outubro", 10, false),
    ("oct", 10, true), ("okt", 10, true), ("ott", 10, true), ("out", 10, true),
    ("november", 11, false), ("novembre", 11, false), ("noviembre", 11, false),
    ("novembro", 11, false), ("nov", 11, true), ("december", 12, false), ("dezember", 12, false),
    ("decembre", 12, false), ("diciembre", 12, false), ("dicembre", 12, false),
    ("dezembro", 12, false), ("dec", 12, true), ("dez", 12, true), ("dic", 12, true),
];

/// The month a word names, and whether the word is a short or ambiguous form.
/// Case and accents are ignored: `März`, `MARZ`, `février` and `Fevrier` all work.
pub fn month_number(word: &str) -> Option<(u32, bool)> {
    if word.len() < 3 || word.len() > 24 {
        return None;
    }
    // A word that is folded already (the temporal scanner's words nearly always are) is
    // looked up as it is.
    if word.bytes().all(|b| b.is_ascii_lowercase()) {
        return months_by_name().get(word).copied();
    }
    // Folded letters are ASCII and there are at most 24 of them: no allocation per word.
    let mut buffer = [0u8; 24];
    let mut len = 0;
    for c in word.chars() {
        let lower = if c.is_ascii() {
            c.to_ascii_lowercase()
        } else {
            c.to_lowercase().next().unwrap_or(c)
        };
        buffer[len] = match lower {
            'ä' | 'à' | 'â' | 'á' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'û' | 'ü' | 'ù' | 'ú' => 'u',
            'ô' | 'ö' | 'ó' => 'o',
            'î' | 'ï' | 'í' => 'i',
            'ç' => 'c',
            c if c.is_ascii_alphabetic() => c,
            _ => return None,
        } as u8;
        len += 1;
    }
    let folded = std::str::from_utf8(&buffer[..len]).unwrap_or_default();
    months_by_name().get(folded).copied()
}

/// `MONTHS` by name, built once, keeping the first entry of a name as a scan would.
fn months_by_name() -> &'static crate::text::FastMap<&'static str, (u32, bool)> {
    static BY_NAME: std::sync::OnceLock<crate::text::FastMap<&'static str, (u32, bool)>> =
        std::sync::OnceLock::new();
    BY_NAME.get_or_init(|| {
        let mut map = crate::text::FastMap::default();
        for &(name, month, short) in MONTHS {
            map.entry(name).or_insert((month, short));
        }
        map
    })
}

/// What a token is. Shared with `temporal::tokens`, which adds each word's folded form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A run of ASCII digits: its value (saturating) and digit count.
    Number(u32, usize),
    Word,
    Punct(char),
}

#[derive(Debug, Clone, Copy)]
pub struct Token {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    /// Whitespace comes right before this token.
    pub spaced: bool,
}

fn tokenize(text: &str) -> Vec<Token> {
    tokenize_marking(text, true)
}

/// Splits text into runs of ASCII digits, words and single punctuation marks. With
/// `cjk_date_marks`, 年, 月 and 日 stand alone as punctuation, as the date finder reads
/// `2024年3月5日`; without, they are letters like any other.
pub fn tokenize_marking(text: &str, cjk_date_marks: bool) -> Vec<Token> {
    let is_mark = |c: char| cjk_date_marks && matches!(c, '年' | '月' | '日');
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut spaced = true;
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            spaced = true;
            continue;
        }
        let kind = if c.is_ascii_digit() {
            let mut value = c as u32 - '0' as u32;
            let mut count = 1;
            while let Some(&(_, d)) = chars.peek() {
                if !d.is_ascii_digit() {
                    break;
                }
                value = value
                    .saturating_mul(10)
                    .saturating_add(d as u32 - '0' as u32);
                count += 1;
                chars.next();
            }
            Kind::Number(value, count)
        } else if c.is_alphabetic() && !is_mark(c) {
            while chars
                .peek()
                .is_some_and(|&(_, d)| d.is_alphabetic() && !is_mark(d))
            {
                chars.next();
            }
            Kind::Word
        } else {
            Kind::Punct(c)
        };
        let end = chars.peek().map_or(text.len(), |&(i, _)| i);
        tokens.push(Token {
            kind,
            start,
            end,
            spaced,
        });
        spaced = false;
    }
    tokens
}

/// Every date in `text`, in order of appearance, not overlapping.
pub fn find_dates(text: &str, order: DayOrder) -> Vec<ProseDate> {
    // Dates need a digit; most text nodes have none.
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    find_dates_in(text, &tokenize(text), order)
}

/// `find_dates` over `text` already cut by `tokenize_marking(text, true)` (the same tokens as
/// `tokenize_marking(text, false)` gives when the text has no 年, 月 or 日).
pub fn find_dates_in(text: &str, tokens: &[Token], order: DayOrder) -> Vec<ProseDate> {
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    let mut found = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let hit = numeric_date(tokens, i, order)
            .or_else(|| day_first(text, tokens, i))
            .or_else(|| month_first(text, tokens, i));
        match hit {
            Some((date, next)) => {
                found.push(date);
                i = next;
            }
            None => i += 1,
        }
    }
    found
}

/// The date that `text` states, when it states one (the first one found).
pub fn parse_textual_date(text: &str, order: DayOrder) -> Option<ProseDate> {
    find_dates(text, order).into_iter().next()
}

/// A plausible year: two digits are read as 19xx/20xx, four must be 1900..=2100.
fn year_of(token: &Token) -> Option<i32> {
    match token.kind {
        Kind::Number(value, 4) if (1900..=2100).contains(&value) => Some(value as i32),
        _ => None,
    }
}

fn two_digit_year(value: u32) -> i32 {
    if value < 70 {
        2000 + value as i32
    } else {
        1900 + value as i32
    }
}

fn punct(tokens: &[Token], i: usize, set: &[char]) -> bool {
    matches!(tokens.get(i), Some(Token { kind: Kind::Punct(c), spaced: false, .. }) if set.contains(c))
}

/// `2024-03-05`, `2024/3/5`, `05.03.2024`, `5.3.24`, `05/03/2024`, `2024年3月5日`.
fn numeric_date(tokens: &[Token], i: usize, order: DayOrder) -> Option<(ProseDate, usize)> {
    let Kind::Number(a, a_len) = tokens[i].kind else {
        return None;
    };
    // Not the tail of a longer number or version (`1.2.3.2024`, `v2-3-2024`).
    if i > 0
        && !tokens[i].spaced
        && let Kind::Punct('.' | '/' | '-' | ':' | ',') | Kind::Number(..) = tokens[i - 1].kind
    {
        return None;
    }
    let Kind::Punct(sep) = tokens.get(i + 1)?.kind else {
        return None;
    };
    // `26 | 01 | 2022` is written with spaces, like `5. 3. 2024`.
    let spaced_ok = matches!(sep, '.' | '|');
    if (tokens[i + 1].spaced && sep != '|') || !matches!(sep, '.' | '/' | '-' | '年' | '|') {
        return None;
    }
    let b_token = tokens.get(i + 2)?;
    let Kind::Number(b, b_len) = b_token.kind else {
        return None;
    };
    // German style allows a space after the dot: `5. 3. 2024`.
    if b_token.spaced && !spaced_ok || b_len > 2 {
        return None;
    }
    let sep2 = if sep == '年' { '月' } else { sep };
    let sep2_token = tokens.get(i + 3)?;
    if sep2_token.kind != Kind::Punct(sep2) || (sep2_token.spaced && sep != '|') {
        return None;
    }
    let c_token = tokens.get(i + 4)?;
    let Kind::Number(c, c_len) = c_token.kind else {
        return None;
    };
    if c_token.spaced && !spaced_ok || sep == '|' && c_len != 4 {
        return None;
    }
    let mut next = i + 5;
    // Not followed by more of a number or version (`05.03.2024.1`, `1-2-3-4`).
    if let (Some(t), Some(after)) = (tokens.get(next), tokens.get(next + 1))
        && !t.spaced
        && matches!(t.kind, Kind::Punct(p) if p == sep || p == '.' && sep != '.')
        && !after.spaced
        && matches!(after.kind, Kind::Number(..))
    {
        return None;
    }
    let (year, month, day) = if a_len == 4 {
        if c_len > 2 {
            return None;
        }
        if sep == '年' && punct(tokens, next, &['日']) {
            next += 1;
        }
        (year_of(&tokens[i])?, b, c)
    } else if a_len <= 2 && (c_len == 4 || c_len == 2) && sep != '年' {
        let year = if c_len == 4 {
            year_of(c_token)?
        } else {
            two_digit_year(c)
        };
        let month_first = match (a > 12, b > 12) {
            (true, _) => false,
            (false, true) => true,
            _ => sep == '/' && order == DayOrder::MonthFirst,
        };
        if month_first {
            (year, a, b)
        } else {
            (year, b, a)
        }
    } else {
        return None;
    };
    NaiveDate::from_ymd_opt(year, month, day)?;
    let end = tokens[next - 1].end;
    Some((
        ProseDate {
            year: Some(year),
            month,
            day: Some(day),
            start: tokens[i].start,
            end,
        },
        next,
    ))
}

/// The month a token names, if it is a word that names one, with its "short form" flag and
/// whether a period follows it.
fn month_at(text: &str, tokens: &[Token], i: usize) -> Option<(u32, bool, bool)> {
    let token = tokens.get(i)?;
    if token.kind != Kind::Word {
        return None;
    }
    let (month, short) = month_number(&text[token.start..token.end])?;
    Some((month, short, punct(tokens, i + 1, &['.'])))
}

/// The day number at token `i` with an optional ordinal suffix (`5th`, `1er`, `5.`, `3º`):
/// (day, index after it).
fn day_at(tokens: &[Token], i: usize, text: &str) -> Option<(u32, usize)> {
    let Kind::Number(day, len) = tokens.get(i)?.kind else {
        return None;
    };
    if len > 2 || !(1..=31).contains(&day) {
        return None;
    }
    let mut next = i + 1;
    if let Some(t) = tokens.get(next)
        && !t.spaced
    {
        match t.kind {
            Kind::Word
                if matches!(
                    text[t.start..t.end].to_ascii_lowercase().as_str(),
                    "st" | "nd" | "rd" | "th" | "er" | "o" | "e"
                ) =>
            {
                next += 1
            }
            Kind::Punct('.' | 'º' | '°') => next += 1,
            _ => {}
        }
    }
    Some((day, next))
}

/// `5 March 2024`, `5. März 2024`, `1er mars 2024`, `5 de marzo de 2024`, `5th of March`.
fn day_first(text: &str, tokens: &[Token], i: usize) -> Option<(ProseDate, usize)> {
    if i > 0
        && !tokens[i].spaced
        && matches!(
            tokens[i - 1].kind,
            Kind::Number(..) | Kind::Punct('.' | ',' | ':' | '/')
        )
    {
        return None;
    }
    let (day, mut next) = day_at(tokens, i, text)?;
    if let Some(t) = tokens.get(next)
        && t.kind == Kind::Word
        && matches!(
            text[t.start..t.end].to_ascii_lowercase().as_str(),
            "of" | "de"
        )
    {
        next += 1;
    }
    let (month, short, dotted) = month_at(text, tokens, next)?;
    // After a day number, a capitalised `May` is the month: the verb is capitalised only at
    // the start of a sentence ("relief wells began on 2 May and 16 May").
    let month_may = {
        let word = &text[tokens[next].start..tokens[next].end];
        word == "May"
    };
    next += 1 + usize::from(dotted);
    let mut year_index = next;
    if punct(tokens, year_index, &[',']) {
        year_index += 1;
    }
    if let Some(t) = tokens.get(year_index)
        && t.kind == Kind::Word
        && matches!(
            text[t.start..t.end].to_ascii_lowercase().as_str(),
            "de" | "del"
        )
    {
        year_index += 1;
    }
    let year = tokens.get(year_index).and_then(year_of);
    if year.is_none() && short && !dotted && !month_may {
        return None;
    }
    if year.is_some() {
        next = year_index + 1;
    }
    checked(
        year,
        month,
        Some(day),
        tokens[i].start,
        tokens[next - 1].end,
        next,
    )
}

/// `March 5, 2024`, `Mar. 5th 2024`, `Mar. 5`, `March 2024`.
fn month_first(text: &str, tokens: &[Token], i: usize) -> Option<(ProseDate, usize)> {
    let (month, short, dotted) = month_at(text, tokens, i)?;
    let mut next = i + 1 + usize::from(dotted);
    if let Some(year) = tokens.get(next).and_then(year_of) {
        if short && !dotted {
            return None;
        }
        return checked(
            Some(year),
            month,
            None,
            tokens[i].start,
            tokens[next].end,
            next + 1,
        );
    }
    let (day, after_day) = day_at(tokens, next, text)?;
    // `March 5.5 million` or `May 12-15`: the number is not a day.
    if let Some(t) = tokens.get(after_day)
        && !t.spaced
        && matches!(
            t.kind,
            Kind::Number(..) | Kind::Punct('-' | '–' | '/' | ':')
        )
    {
        return None;
    }
    next = after_day;
    let mut year_index = next;
    if punct(tokens, year_index, &[',']) {
        year_index += 1;
    }
    let year = tokens.get(year_index).and_then(year_of);
    if year.is_some() {
        next = year_index + 1;
    } else {
        // Without a year, an English `may 5` or `Jan 5` must be written like a date.
        let word = &text[tokens[i].start..tokens[i].end];
        let capitalised = word.chars().next().is_some_and(char::is_uppercase);
        if !capitalised && !dotted {
            return None;
        }
    }
    checked(
        year,
        month,
        Some(day),
        tokens[i].start,
        tokens[next - 1].end,
        next,
    )
}

fn checked(
    year: Option<i32>,
    month: u32,
    day: Option<u32>,
    start: usize,
    end: usize,
    next: usize,
) -> Option<(ProseDate, usize)> {
    // Validate against a leap year when the year is unknown, so `Feb. 29` stays possible.
    NaiveDate::from_ymd_opt(year.unwrap_or(2000), month, day.unwrap_or(1))?;
    Some((
        ProseDate {
            year,
            month,
            day,
            start,
            end,
        },
        next,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(text: &str) -> Vec<String> {
        find_dates(text, DayOrder::DayFirst)
            .iter()
            .map(|d| match (d.year, d.day) {
                (Some(y), Some(day)) => format!("{y:04}-{:02}-{day:02}", d.month),
                (None, Some(day)) => format!("--{:02}-{day:02}", d.month),
                (Some(y), None) => format!("{y:04}-{:02}", d.month),
                (None, None) => unreachable!(),
            })
            .collect()
    }

    #[test]
    fn english_styles() {
        assert_eq!(days("Published March 5, 2024 at 10:00"), ["2024-03-05"]);
        assert_eq!(days("Tuesday, 5th March 2024"), ["2024-03-05"]);
        assert_eq!(days("Updated Mar. 5"), ["--03-05"]);
        assert_eq!(days("in March 2024 we"), ["2024-03"]);
        assert_eq!(days("Sept. 30th, 2019"), ["2019-09-30"]);
    }

    #[test]
    fn other_languages() {
        assert_eq!(days("am 5. März 2024"), ["2024-03-05"]);
        assert_eq!(days("Veröffentlicht: 05. Maerz 2024"), ["2024-03-05"]);
        assert_eq!(days("le 1er février 2024"), ["2024-02-01"]);
        assert_eq!(days("publié le 12 août 2019"), ["2019-08-12"]);
        assert_eq!(days("5 de marzo de 2024"), ["2024-03-05"]);
        assert_eq!(days("pubblicato il 7 giugno 2021"), ["2021-06-07"]);
        assert_eq!(days("3 de dezembro de 2020"), ["2020-12-03"]);
    }

    #[test]
    fn numeric_styles() {
        assert_eq!(days("Stand: 05.03.2024, 10:12 Uhr"), ["2024-03-05"]);
        assert_eq!(days("am 5. 3. 2024"), ["2024-03-05"]);
        assert_eq!(days("2024-03-05T10:00"), ["2024-03-05"]);
        assert_eq!(days("on 2024/3/5"), ["2024-03-05"]);
        assert_eq!(days("05.03.24"), ["2024-03-05"]);
        assert_eq!(days("2024年3月5日"), ["2024-03-05"]);
        assert_eq!(days("26 | 01 | 2022"), ["2022-01-26"]);
        assert_eq!(days("13/03/2024"), ["2024-03-13"]);
        assert_eq!(days("03/13/2024"), ["2024-03-13"]);
        let us = find_dates("03/05/2024", DayOrder::MonthFirst);
        assert_eq!(us[0].to_date(), NaiveDate::from_ymd_opt(2024, 3, 5));
    }

    #[test]
    fn numbers_that_are_not_dates() {
        assert!(days("version 1.2.3.2024 and 10.5.2024.1").is_empty());
        assert!(days("we may 5 times try; set 3 records; March 5.5 million").is_empty());
        // A capitalised `May` after a day number is the month; a lowercase one stays a verb.
        assert_eq!(days("wells on 2 May and 16 May"), ["--05-02", "--05-16"]);
        assert!(days("those 2 may leave").is_empty());
        assert!(days("call 555-12-2024 or 31.02.2024 or 2024-13-01").is_empty());
        assert!(days("it cost 12.50 and 3,000").is_empty());
    }

    #[test]
    fn month_names_ignore_case_and_accents() {
        assert_eq!(month_number("MÄRZ"), Some((3, false)));
        assert_eq!(month_number("Février"), Some((2, false)));
        assert_eq!(month_number("dic"), Some((12, true)));
        assert_eq!(month_number("monday"), None);
    }
}
