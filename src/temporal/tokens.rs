//! Splits a sentence into the tokens temporal expressions are made of: runs of digits, words
//! (kept lowercase and accent-folded for matching) and single punctuation marks.
//!
//! The HTML reader's date finder has a tokenizer of its own; this one also keeps each word's
//! folded form and capitalisation, which the relative expressions need ("Friday" is a day,
//! "friday" and "Black Friday" are not), and it is shared by `scan` and `ranges`.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A run of ASCII digits: its value (saturating) and digit count.
    Number(u32, usize),
    Word,
    Punct(char),
}

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

/// Splits a sentence into words, numbers and single punctuation marks.
pub fn tokenize(text: &str) -> Vec<Token> {
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
        } else if c.is_alphabetic() {
            while chars.peek().is_some_and(|&(_, d)| d.is_alphabetic()) {
                chars.next();
            }
            Kind::Word
        } else {
            Kind::Punct(c)
        };
        let end = chars.peek().map_or(text.len(), |&(i, _)| i);
        let (folded, capital) = if kind == Kind::Word {
            (fold(&text[start..end]), c.is_uppercase())
        } else {
            (String::new(), false)
        };
        tokens.push(Token {
            kind,
            start,
            end,
            spaced,
            folded,
            capital,
        });
        spaced = false;
    }
    tokens
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
