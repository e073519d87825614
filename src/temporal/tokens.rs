//! Splits a sentence into the tokens temporal expressions are made of: runs of digits, words
//! (kept lowercase and accent-folded for matching) and single punctuation marks.
//!
//! The splitting is the HTML reader's date tokenizer (`ingest::html::dates`); this module adds
//! each word's folded form and capitalisation, which the relative expressions need ("Friday" is
//! a day, "friday" and "Black Friday" are not), and it is shared by `scan` and `ranges`.

pub use crate::ingest::html::dates::Kind;

/// One token of a sentence. Words carry their lowercase, accent-folded form.
#[derive(Debug, Clone)]
pub struct Token {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    /// Whitespace comes right before this token.
    pub spaced: bool,
    /// Lowercase, accent-folded text of a word; empty for other tokens.
    pub folded: String,
    /// The word starts with a capital letter.
    pub capital: bool,
}

/// Splits a sentence into words, numbers and single punctuation marks (the date finder's
/// tokenizer, with 年, 月 and 日 read as letters), adding each word's folded form.
pub fn tokenize(text: &str) -> Vec<Token> {
    crate::ingest::html::dates::tokenize_marking(text, false)
        .into_iter()
        .map(|t| {
            let (folded, capital) = if t.kind == Kind::Word {
                let word = &text[t.start..t.end];
                (fold(word), word.starts_with(char::is_uppercase))
            } else {
                (String::new(), false)
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

/// Lowercase with the accents of the supported languages removed (`mercoledì` → `mercoledi`).
fn fold(word: &str) -> String {
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
        .collect()
}

/// The folded word at token `i`, or "" when there is none.
pub fn word(tokens: &[Token], i: usize) -> &str {
    match tokens.get(i) {
        Some(t) if t.kind == Kind::Word => &t.folded,
        _ => "",
    }
}
