//! Removes from article text the code points that no page, feed or email may carry.
//!
//! HTML forbids NUL, the other C0 and C1 controls and the Unicode noncharacters; XML 1.0 (the
//! feeds) rejects most of them outright, and a CR or LF in a one-line field is how a header
//! is injected into an email. Scraped text carries all of these now and then, and an attacker
//! can put them in on purpose. Every reader's output passes through here once
//! (`ingest::read_file`), so no renderer has to think about it: one-line fields (title, outlet,
//! author, ...) lose every control character, line breaks and tabs becoming spaces; text
//! fields keep their line breaks and tabs.

use crate::model::Article;

/// Lines longer than this are worth a warning: no article has a paragraph of a megabyte, so
/// the file is probably a dump, minified markup or an attack, and it slows every stage.
pub const LONG_LINE: usize = 1 << 20;

/// A warning for the longest line of `bytes` when it is over `LONG_LINE` bytes.
pub fn long_line_warning(bytes: &[u8]) -> Option<String> {
    let (mut longest, mut longest_at, mut line, mut start) = (0, 0, 1, 0);
    for end in memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len())) {
        if end - start > longest {
            (longest, longest_at) = (end - start, line);
        }
        line += 1;
        start = end + 1;
    }
    (longest > LONG_LINE).then(|| {
        format!(
            "line {longest_at} is {longest} bytes long; a line over {LONG_LINE} bytes is unusual for an article and slows the build"
        )
    })
}

/// Whether `c` may appear in output text (besides tab, LF and CR, checked separately).
pub fn is_forbidden(c: char) -> bool {
    let n = u32::from(c);
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || (0xFDD0..=0xFDEF).contains(&n)
        || (n & 0xFFFE) == 0xFFFE
}

/// A one-line field: controls removed, line breaks and tabs turned into spaces.
pub fn one_line(text: &str) -> String {
    if !text.chars().any(|c| c.is_control() || is_forbidden(c)) {
        return text.to_string();
    }
    let spaced: String = text
        .chars()
        .filter(|&c| !is_forbidden(c))
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    crate::text::squash_whitespace(&spaced)
}

/// A text field: forbidden code points removed, CR LF and lone CR made LF.
pub fn multi_line(text: &str) -> String {
    if is_clean_text(text) {
        return text.to_string();
    }
    text.replace("\r\n", "\n")
        .chars()
        .filter(|&c| !is_forbidden(c))
        .map(|c| if c == '\r' { '\n' } else { c })
        .collect()
}

/// Whether `multi_line` would leave `text` as it is: no CR and nothing forbidden. Printable
/// ASCII, tabs and line feeds are read byte by byte; only other characters are decoded.
fn is_clean_text(text: &str) -> bool {
    let plain = |b: u8| (0x20..0x7f).contains(&b) || b == b'\t' || b == b'\n';
    // Without an early exit inside a block, the test of a block is vectorised.
    let mut blocks = text.as_bytes().chunks(64);
    if blocks.all(|block| block.iter().fold(true, |ok, &b| ok & plain(b))) {
        return true;
    }
    !text.chars().any(|c| c == '\r' || is_forbidden(c))
}

/// `multi_line` in place: a clean text (nearly every one) is not copied.
fn scrub_multi_line(text: &mut String) {
    if !is_clean_text(text) {
        *text = multi_line(text);
    }
}

/// Scrubs every text field of `article` that reaches the output.
pub fn scrub_article(article: &mut Article) {
    let line = |s: &mut String| *s = one_line(s);
    let opt_line = |s: &mut Option<String>| {
        if let Some(s) = s {
            *s = one_line(s);
        }
    };
    line(&mut article.title);
    opt_line(&mut article.section);
    opt_line(&mut article.outlet);
    opt_line(&mut article.url);
    opt_line(&mut article.lang);
    opt_line(&mut article.author);
    opt_line(&mut article.location);
    article.topics.iter_mut().for_each(line);
    scrub_multi_line(&mut article.summary);
    scrub_multi_line(&mut article.body);
    if let Some(html) = &mut article.body_html {
        scrub_multi_line(html);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_over_a_megabyte_is_worth_a_warning() {
        let mut text = b"Title\n\n".to_vec();
        text.extend(std::iter::repeat_n(b'a', LONG_LINE + 1));
        let warning = long_line_warning(&text).unwrap();
        assert!(
            warning.starts_with("line 3 is 1048577 bytes long"),
            "{warning}"
        );
        assert_eq!(long_line_warning(b"short\nlines\n"), None);
    }

    #[test]
    fn controls_and_noncharacters_leave_and_line_breaks_stay_only_in_text() {
        assert_eq!(one_line("a\0b\r\nBcc: x\u{7f}\u{85}"), "ab Bcc: x");
        assert_eq!(one_line("plain"), "plain");
        assert_eq!(
            multi_line("one\r\ntwo\rthree\u{1}\u{FFFE}\u{FDD0}"),
            "one\ntwo\nthree"
        );
        assert!(!is_forbidden('é') && is_forbidden('\u{1}') && is_forbidden('\u{10FFFF}'));
    }
}
