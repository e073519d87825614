//! Lines that recur across articles published on different days: site navigation, cookie
//! notices, "Subscribe" boxes, the same headline list scraped into every page of a site.
//!
//! Saved pages often carry more of that than of the article, and it is identical from page to
//! page, so left in it would make every page of one site look like one story. A line is
//! boilerplate when it occurs in at least `MIN_ARTICLES` articles published on at least
//! `MIN_DAYS` different days. The day condition keeps wire copy: the same story run by several
//! outlets shares its lines too, but on one or two days. Discovery reads articles without those
//! lines; nothing shown on the site changes.

use super::sparse::{FNV_BASIS, fnv};
use crate::model::Article;
use crate::text::{FastMap as HashMap, FastSet as HashSet};
use chrono::NaiveDate;
use rayon::prelude::*;

const MIN_ARTICLES: usize = 3;
const MIN_DAYS: usize = 3;
/// Titles are templates ("Ce billet fait partie de notre dossier ...", "LIVE: ...") when this
/// many of their first words open at least `MIN_TEMPLATE_TITLES` titles on `MIN_DAYS` days.
const TEMPLATE_WORDS: usize = 5;
const MIN_TEMPLATE_TITLES: usize = 5;

/// The boilerplate lines of a corpus, by hash.
#[derive(Debug, Clone, Default)]
pub struct Boilerplate {
    lines: HashSet<u64>,
    title_openings: HashSet<u64>,
}

impl Boilerplate {
    /// Finds the recurring lines of titles, summaries and bodies. Only set membership is kept,
    /// so the hash map's order never shows.
    pub fn find(articles: &[Article]) -> Boilerplate {
        // Per line: the articles seen (counted once each) and up to MIN_DAYS distinct days.
        let mut seen: HashMap<u64, (usize, Vec<NaiveDate>)> = HashMap::default();
        let mut openings: HashMap<u64, (usize, Vec<NaiveDate>)> = HashMap::default();
        // Hashing every line is the costly part and is done on all cores; the counting that
        // follows is in article order.
        let hashed: Vec<(NaiveDate, Option<u64>, Vec<u64>)> = articles
            .par_iter()
            .map(|article| {
                let mut keys: Vec<u64> = [&article.title, &article.summary, &article.body]
                    .into_iter()
                    .flat_map(|text| text.lines())
                    .filter_map(line_key)
                    .collect();
                keys.sort_unstable();
                keys.dedup();
                (article.published.day(), title_opening(&article.title), keys)
            })
            .collect();
        for (day, opening, keys) in hashed {
            if let Some(key) = opening {
                count(&mut openings, key, day);
            }
            for key in keys {
                count(&mut seen, key, day);
            }
        }
        let frequent = |map: HashMap<u64, (usize, Vec<NaiveDate>)>, min: usize| {
            map.into_iter()
                .filter(|(_, (count, days))| *count >= min && days.len() >= MIN_DAYS)
                .map(|(key, _)| key)
                .collect()
        };
        Boilerplate {
            lines: frequent(seen, MIN_ARTICLES),
            title_openings: frequent(openings, MIN_TEMPLATE_TITLES),
        }
    }

    /// Whether a title opens like many others on many days: a site's template, not a headline.
    pub fn is_template_title(&self, title: &str) -> bool {
        title_opening(title).is_some_and(|k| self.title_openings.contains(&k))
    }

    pub fn is_boilerplate(&self, line: &str) -> bool {
        line_key(line).is_some_and(|k| self.lines.contains(&k))
    }

    /// `text` without its boilerplate lines.
    pub fn clean(&self, text: &str) -> String {
        if self.lines.is_empty() {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len());
        for line in text.lines() {
            if !self.is_boilerplate(line) {
                out.push_str(line);
                out.push('\n');
            }
        }
        out
    }
}

/// Longest link note read, in bytes: a note runs to its closing bracket on the same line.
const MAX_LINK_NOTE: usize = 200;

/// Longest credits line read, in bytes.
const MAX_CREDITS: usize = 400;

/// `text` without the asides a wire service puts in parentheses:
/// - credits, a parenthesis that opens with "Reporting by", "Additional reporting by",
///   "Editing by", "Writing by" or "Compiled by". Credits name reporters, editors and the
///   bureaus they sit in; counted as names, "Additional" and the editors' names tie unrelated
///   stories of one newsroom together.
/// - instrument codes, a parenthesis holding only stock codes with an exchange suffix:
///   "Nike Inc. ( NKE.N )", "( BRKa.N ) ( BRKb.N )", "(005380.KS)". Reuters puts one after
///   every company it names; read as words they made "Inc NKE" and "MMM.N" story names.
///
/// Reuters also writes codes bare, after the name: "Pathmark Stores Inc. PTMK.O", "Bear
/// Stearns Cos BSC.N"; those go too, when the code has at least two characters, so "U.S."
/// and "E.ON" stay.
pub fn without_wire_asides(text: &str) -> std::borrow::Cow<'_, str> {
    let parentheses = without_wire_parentheses(text);
    match without_bare_codes(&parentheses) {
        Some(out) => out.into(),
        None => parentheses,
    }
}

/// Credits and instrument codes in parentheses (see `without_wire_asides`).
fn without_wire_parentheses(text: &str) -> std::borrow::Cow<'_, str> {
    const OPENINGS: [&str; 6] = [
        "reporting by",
        "additional reporting",
        "editing by",
        "writing by",
        "compiled by",
        "reporting and writing by",
    ];
    if !text.contains('(') {
        return text.into();
    }
    let mut out = String::new();
    let mut kept = 0;
    let mut from = 0;
    while let Some(open) = text[from..].find('(').map(|i| from + i) {
        let inside = &text[open + 1..];
        let close = inside
            .char_indices()
            .take_while(|&(i, c)| i < MAX_CREDITS && c != '(' && c != '\n')
            .find(|&(_, c)| c == ')')
            .map(|(i, _)| open + 1 + i);
        let head: String = inside
            .trim_start()
            .chars()
            .take(26)
            .collect::<String>()
            .to_lowercase();
        match close {
            Some(close)
                if OPENINGS.iter().any(|o| head.starts_with(o))
                    || is_instrument_codes(&text[open + 1..close]) =>
            {
                out.push_str(&text[kept..open]);
                kept = close + 1;
                from = close + 1;
            }
            _ => from = open + 1,
        }
    }
    if kept == 0 {
        return text.into();
    }
    out.push_str(&text[kept..]);
    out.into()
}

/// Whether the inside of a parenthesis is one or more stock instrument codes: a code of up to
/// ten letters and digits, a dot and an upper-case exchange suffix of one to three letters
/// ("NKE.N", "BRKa.N", "VOD.L", "6701.T", "TSE.UL"). Abbreviations ("(KKR)"), domains
/// ("(cchgroup.com)") and prose do not have that shape.
fn is_instrument_codes(inside: &str) -> bool {
    let mut words = inside.split_whitespace().peekable();
    words.peek().is_some() && words.all(|w| is_instrument_code(w, 1) || is_index_code(w))
}

/// Whether `word` is a market index code: a dot, then two to ten capitals or digits with at
/// least one letter (".SPX", ".DJI", ".N225", ".GDAXI"). Reuters writes one after every index
/// it names, and read as words they made "SPX" and "IXIC" names.
fn is_index_code(word: &str) -> bool {
    word.strip_prefix('.').is_some_and(|code| {
        (2..=10).contains(&code.len())
            && code
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            && code.bytes().any(|b| b.is_ascii_uppercase())
    })
}

/// Whether `word` is one instrument code whose code part has at least `shortest` characters.
fn is_instrument_code(word: &str, shortest: usize) -> bool {
    let Some((code, exchange)) = word.split_once('.') else {
        return false;
    };
    (shortest..=10).contains(&code.len())
        && code.bytes().all(|b| b.is_ascii_alphanumeric())
        && code
            .bytes()
            .any(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        && (1..=3).contains(&exchange.len())
        && exchange.bytes().all(|b| b.is_ascii_uppercase())
}

/// `text` without bare instrument codes, or `None` when it has none. A bare code must look
/// like a ticker, not an abbreviation: two or more capitals or digits, at most one
/// lower-case share-class letter at its end ("BRKa.N"), then the exchange; a sentence's
/// closing stop or a comma after it is kept.
fn without_bare_codes(text: &str) -> Option<String> {
    const AFTER: [char; 4] = ['.', ',', ';', ':'];
    let is_bare_code = |word: &str| {
        // A code has a dot before its exchange; most words have none.
        if !word.as_bytes().contains(&b'.') {
            return false;
        }
        let word = word.trim_end_matches(AFTER);
        if is_index_code(word) {
            return true;
        }
        let code = word.split('.').next().unwrap_or("");
        let upper = code.trim_end_matches(|c: char| c.is_ascii_lowercase());
        code.len() - upper.len() <= 1
            && upper.len() >= 2
            && upper
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            && is_instrument_code(word, 2)
    };
    // Cheap test first: most texts have no capital right after a dot inside a word or at the
    // start of one.
    let maybe = text.as_bytes().windows(3).any(|w| {
        (w[0].is_ascii_alphanumeric() || w[0].is_ascii_whitespace())
            && w[1] == b'.'
            && w[2].is_ascii_uppercase()
    });
    if !maybe {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut kept = 0;
    for word in text.split_ascii_whitespace() {
        if is_bare_code(word) {
            let start = word.as_ptr() as usize - text.as_ptr() as usize;
            out.push_str(&text[kept..start]);
            kept = start + word.trim_end_matches(AFTER).len();
        }
    }
    if kept == 0 {
        return None;
    }
    out.push_str(&text[kept..]);
    Some(out)
}

/// `text` without the notes that say which language a link leads to: "[en]", "[ar]", or
/// "[en, come tutti i link che seguono tranne ove diversamente indicato]" ("like all the links
/// that follow"). Translated news (Global Voices in every language, and sites that copy its
/// style) puts one after nearly every link, so they would make every translated article share a
/// frequent term and fill story names with "en" and "link". A note is a bracket opened by a
/// two-letter lowercase code and closed right after it or after a comma and a few words;
/// brackets of prose ("[al fine di salvare il paese]", "[sic]") do not open that way.
pub fn without_link_notes(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('[') {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let code = after.as_bytes();
        let is_note = code.len() >= 3
            && code[0].is_ascii_lowercase()
            && code[1].is_ascii_lowercase()
            && (code[2] == b']' || code[2] == b',');
        let end = if !is_note {
            None
        } else if code[2] == b']' {
            Some(3)
        } else {
            after
                .char_indices()
                .take_while(|&(i, c)| i < MAX_LINK_NOTE && c != '\n' && c != '[')
                .find(|&(_, c)| c == ']')
                .map(|(i, _)| i + 1)
        };
        match end {
            Some(end) => {
                out.push_str(&rest[..open]);
                rest = &after[end..];
            }
            None => {
                out.push_str(&rest[..=open]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.into()
}

/// Counts one more article (and its day, up to `MIN_DAYS` days) for `key`.
fn count(map: &mut HashMap<u64, (usize, Vec<NaiveDate>)>, key: u64, day: NaiveDate) {
    let entry = map.entry(key).or_default();
    entry.0 += 1;
    if entry.1.len() < MIN_DAYS && !entry.1.contains(&day) {
        entry.1.push(day);
    }
}

/// The hash of a title's first `TEMPLATE_WORDS` words; `None` for shorter titles.
fn title_opening(title: &str) -> Option<u64> {
    let words: Vec<&str> = title.split_whitespace().take(TEMPLATE_WORDS).collect();
    (words.len() == TEMPLATE_WORDS)
        .then(|| line_key(&words.join(" ")))
        .flatten()
}

/// A line's hash after folding case and whitespace; `None` for a blank line.
fn line_key(line: &str) -> Option<u64> {
    if line.is_ascii() {
        return ascii_line_key(line);
    }
    let mut hash = FNV_BASIS;
    let mut any = false;
    for word in line.split_whitespace() {
        any = true;
        for c in word.chars() {
            if c.is_ascii() {
                // An ASCII letter lowercases to one byte.
                hash = fnv(hash, c.to_ascii_lowercase() as u8);
                continue;
            }
            for c in c.to_lowercase() {
                let mut buf = [0u8; 4];
                for &byte in c.encode_utf8(&mut buf).as_bytes() {
                    hash = fnv(hash, byte);
                }
            }
        }
        hash = fnv(hash, b' ');
    }
    any.then_some(hash)
}

/// `line_key` of an ASCII line, read byte by byte: the same hash, without splitting the line
/// into words by decoding it (every line of every article is hashed, twice).
fn ascii_line_key(line: &str) -> Option<u64> {
    let mut hash = FNV_BASIS;
    let (mut any, mut in_word) = (false, false);
    for &byte in line.as_bytes() {
        // The ASCII characters `char::is_whitespace` (and so `split_whitespace`) knows.
        if matches!(byte, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r') {
            if in_word {
                hash = fnv(hash, b' ');
                in_word = false;
            }
        } else {
            (any, in_word) = (true, true);
            hash = fnv(hash, byte.to_ascii_lowercase());
        }
    }
    if in_word {
        hash = fnv(hash, b' ');
    }
    any.then_some(hash)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_lines_hash_as_the_words_they_split_into() {
        // The definition: FNV-1a over the words `split_whitespace` gives, lowercased, each
        // followed by a space.
        for line in [
            "  Reuters  TOP\tNews\x0b\x0cx\r ",
            "a",
            "",
            " \t ",
            "(c) Copyright Thomson Reuters 2007.",
        ] {
            let mut hash = FNV_BASIS;
            let words: Vec<&str> = line.split_whitespace().collect();
            for byte in words.iter().flat_map(|w| w.bytes().chain([b' '])) {
                hash = fnv(hash, byte.to_ascii_lowercase());
            }
            let expected = (!words.is_empty()).then_some(hash);
            assert_eq!(ascii_line_key(line), expected, "{line:?}");
            assert_eq!(line_key(line), expected, "{line:?}");
        }
    }

    #[test]
    fn wire_credits_and_codes_are_not_read_but_other_parentheses_are() {
        let text = "Shares rose (in early trade). (Additional reporting by Lisa Lee in New \
                    York; Editing by Gary Hill) More text ( Reporting by Jo Doe ).";
        assert_eq!(
            without_wire_asides(text),
            "Shares rose (in early trade).  More text ."
        );
        // An unclosed parenthesis and prose that merely mentions reporting stay.
        assert_eq!(without_wire_asides("(Reporting by a"), "(Reporting by a");
        assert_eq!(
            without_wire_asides("(reportedly by phone)"),
            "(reportedly by phone)"
        );
        // Instrument codes go, alone or in a row; abbreviations, domains and figures stay.
        assert_eq!(
            without_wire_asides("Nike Inc. ( NKE.N ) and Berkshire (BRKa.N) (6701.T) rose"),
            "Nike Inc.  and Berkshire   rose"
        );
        // Index codes go, bare or in parentheses.
        assert_eq!(
            without_wire_asides("The S&P 500 Index .SPX fell, the Nasdaq ( .IXIC ) and .N225 rose"),
            "The S&P 500 Index  fell, the Nasdaq  and  rose"
        );
        // Bare codes go too; the stop or comma after them stays, abbreviations stay.
        assert_eq!(
            without_wire_asides(
                "bought Pathmark Stores Inc. PTMK.O. Bear Stearns Cos BSC.N, and Alitalia \
                 AZPIa.MI rose"
            ),
            "bought Pathmark Stores Inc. . Bear Stearns Cos , and Alitalia  rose"
        );
        for kept in [
            "the U.S. economy",
            "E.ON and N.Y. and J.P. Morgan",
            "a Ph.D. student",
            "Kohlberg Kravis Roberts (KKR)",
            "see (cchgroup.com)",
            "up (3.5 pct)",
            "the (U.S.) market",
            "( )",
            "a .5 stake, .22 calibre",
            "it said. .. Then",
        ] {
            assert_eq!(without_wire_asides(kept), kept);
        }
    }
    use crate::ingest::dates::parse_stamp;
    use crate::model::InputFormat;

    fn article(day: &str, body: &str) -> Article {
        Article {
            id: day.into(),
            format: InputFormat::PlainText,
            title: "T".into(),
            body: body.into(),
            ..Article::new(format!("{day}.txt"), parse_stamp(day).unwrap())
        }
    }

    #[test]
    fn link_language_notes_are_dropped_and_prose_brackets_kept() {
        assert_eq!(
            without_link_notes(
                "Rapporti di proteste [en, come tutti i link che seguono tranne ove diversamente indicato] in Yemen [ar]."
            ),
            "Rapporti di proteste  in Yemen ."
        );
        for kept in [
            "una nuova road map [al fine di salvare il paese]",
            "he said [sic] that",
            "[en, never closed",
            "[",
            "a [b]",
            "[é]",
        ] {
            assert_eq!(without_link_notes(kept), kept);
        }
        assert_eq!(without_link_notes("Morsi [it], [en]x"), "Morsi , x");
    }

    #[test]
    fn lines_on_many_days_are_boilerplate_but_same_day_wire_copy_is_not() {
        let articles = vec![
            article("2026-02-01", "Accept cookies\nStorm hits the coast."),
            article("2026-02-02", "Accept  COOKIES\nTalks resume in Muscat."),
            article("2026-02-03", "Accept cookies\nRates stay on hold."),
            article("2026-02-04", "Wire: quake strikes\nOther text."),
            article("2026-02-04", "Wire: quake strikes\nMore text."),
            article("2026-02-04", "Wire: quake strikes\nStill more."),
        ];
        let b = Boilerplate::find(&articles);
        assert!(b.is_boilerplate("accept cookies"));
        assert!(!b.is_boilerplate("Wire: quake strikes"));
        assert_eq!(
            b.clean("Accept cookies\nStorm hits the coast."),
            "Storm hits the coast.\n"
        );
    }
}
