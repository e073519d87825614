//! Splits a sentence into the tokens temporal expressions are made of: runs of digits, words
//! (kept lowercase and accent-folded for matching) and single punctuation marks.
//!
//! The splitting is the HTML reader's date tokenizer (`ingest::html::dates`); this module adds
//! each word's folded form and capitalisation, which the relative expressions need ("Friday" is
//! a day, "friday" and "Black Friday" are not), and it is shared by `scan` and `ranges`.

pub use crate::ingest::html::dates::Kind;
use std::borrow::Cow;

/// One token of a sentence. Words carry their lowercase, accent-folded form.
#[derive(Debug, Clone)]
pub struct Token<'a> {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    /// Whitespace comes right before this token.
    pub spaced: bool,
    /// Lowercase, accent-folded text of a word; empty for other tokens. Borrowed from the
    /// sentence when the word is already folded (most words of prose are).
    pub folded: Cow<'a, str>,
    /// The word starts with a capital letter.
    pub capital: bool,
}

/// Splits a sentence into words, numbers and single punctuation marks (the date finder's
/// tokenizer, with 年, 月 and 日 read as letters), adding each word's folded form.
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    crate::ingest::html::dates::tokenize_marking(text, false)
        .into_iter()
        .map(|t| {
            let (folded, capital) = if t.kind == Kind::Word {
                let word = &text[t.start..t.end];
                (fold(word), word.starts_with(char::is_uppercase))
            } else {
                (Cow::Borrowed(""), false)
            };
            Token {
                kind: t.kind,
                start: t.start,
                end: t.end,
                spaced: t.spaced,
                folded,
                capital,
            }
        })
        .collect()
}

impl Token<'_> {
    /// The token as the date finder's tokenizer gives it.
    pub fn raw(&self) -> crate::ingest::html::dates::Token {
        crate::ingest::html::dates::Token {
            kind: self.kind,
            start: self.start,
            end: self.end,
            spaced: self.spaced,
        }
    }
}

/// Lowercase with the accents of the supported languages removed (`mercoledì` → `mercoledi`).
/// A word that is lowercase ASCII already is its own folded form, and is not copied.
fn fold(word: &str) -> Cow<'_, str> {
    if word.bytes().all(|b| b.is_ascii_lowercase()) {
        return Cow::Borrowed(word);
    }
    if word.is_ascii() {
        return Cow::Owned(word.to_ascii_lowercase());
    }
    word.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'ä' | 'à' | 'â' | 'á' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'û' | 'ü' | 'ù' | 'ú' => 'u',
            'ô' | 'ö' | 'ó' | 'ò' => 'o',
            'î' | 'ï' | 'í' | 'ì' => 'i',
            'ç' => 'c',
            'ñ' => 'n',
            c => c,
        })
        .collect::<String>()
        .into()
}

/// The folded word at token `i`, or "" when there is none.
pub fn word<'t>(tokens: &'t [Token<'_>], i: usize) -> &'t str {
    match tokens.get(i) {
        Some(t) if t.kind == Kind::Word => &t.folded,
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::html::dates::{DayOrder, find_dates, find_dates_in};

    #[test]
    fn folded_words_are_borrowed_when_already_folded() {
        assert!(matches!(fold("friday"), Cow::Borrowed("friday")));
        assert_eq!(fold("Friday"), "friday");
        assert_eq!(fold("Mercoledì"), "mercoledi");
        assert_eq!(fold("MÄRZ"), "marz");
    }

    #[test]
    fn the_date_finder_reads_these_tokens_as_its_own() {
        for text in [
            "It began March 5, 2024, and on 05.03.2024 again; Am 5. März 2024.",
            "Le 1er mars 2024 à 10h, 2024-03-05 et 5/3/24.",
            "",
            "no digits here",
        ] {
            let raw: Vec<_> = tokenize(text).iter().map(Token::raw).collect();
            for order in [DayOrder::DayFirst, DayOrder::MonthFirst] {
                assert_eq!(
                    find_dates_in(text, &raw, order),
                    find_dates(text, order),
                    "{text}"
                );
            }
        }
    }
}
