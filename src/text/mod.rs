//! Small text helpers shared by several stages: slugs, words, stems, sentences and safe links.
//!
//! Kept in one place so that "a word" or "a slug" means the same thing in topic rules, file
//! names and page links. Stemming uses the Snowball stemmers (`rust-stemmers`) rather than a
//! hand-written suffix list, so "negotiation", "negotiations" and "negotiated" meet.

pub mod dateline;

pub use rust_stemmers::Algorithm;

/// Turns a name into a lowercase ASCII slug of letters, digits and single dashes.
///
/// Non-ASCII letters are transliterated ("Zürich" → "zurich"); anything else becomes a dash.
/// The result never contains `/`, `.` or NUL, so it is always a safe single path component.
pub fn slugify(name: &str) -> String {
    let ascii = deunicode::deunicode(name);
    let mut slug = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') && c != '\'' {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.len() > 80 {
        slug.truncate(80);
        while slug.ends_with('-') {
            slug.pop();
        }
    }
    // A device name such as "con" cannot be a folder on Windows, and `render` refuses it.
    if is_windows_reserved(&slug) {
        slug.push_str("-1");
    }
    slug
}

/// Whether a path component is a name Windows reserves for a device (`CON`, `nul.txt`, `COM1`).
pub fn is_windows_reserved(component: &str) -> bool {
    let stem = component
        .split('.')
        .next()
        .unwrap_or("")
        .to_ascii_uppercase();
    matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (stem.len() == 4
            && (stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.as_bytes()[3].is_ascii_digit())
}

/// Splits text into lowercase words: runs of letters and digits, keeping inner apostrophes out.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
}

/// A hash map with a fast, non-cryptographic hash (Fx), for lookups on the hot paths (stems,
/// interned words). Its iteration order is arbitrary: whatever reaches the output must be
/// sorted first, as with any hash map here.
pub type FastMap<K, V> = rustc_hash::FxHashMap<K, V>;
/// The set of `FastMap`, under the same rule.
pub type FastSet<T> = rustc_hash::FxHashSet<T>;

/// The words of `text`, exactly as `words` gives them, lowercased one after the other into
/// `buf`, with where each one is in `buf` appended to `spans`: one allocation for a whole text
/// instead of one per word (an ASCII word is lowercased byte by byte, any other as `words`
/// does it).
pub fn words_into(text: &str, buf: &mut String, spans: &mut Vec<(usize, usize)>) {
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        let start = buf.len();
        if word.is_ascii() {
            // Copied at once and lowercased in place, not pushed a character at a time.
            buf.push_str(word);
            buf[start..].make_ascii_lowercase();
        } else {
            buf.push_str(&word.to_lowercase());
        }
        spans.push((start, buf.len()));
    }
}

/// An English Snowball stemmer.
pub fn english_stemmer() -> Stemmer {
    Stemmer::new(Algorithm::English)
}

/// Lowercased, stemmed words of `text`, in order.
pub fn stems(stemmer: &Stemmer, text: &str) -> Vec<String> {
    words(text).map(|w| stemmer.stem(&w)).collect()
}

/// A Snowball stemmer that remembers its answers. Stemming is the costliest step of reading a
/// word, every article is read by several stages (rules, features, key dates), and a corpus
/// uses the same few thousand words over and over; so each thread keeps the stems it has
/// computed, per algorithm, and a word is stemmed once per thread rather than once per use.
/// The answer is the same either way.
pub struct Stemmer {
    algorithm: Algorithm,
    inner: rust_stemmers::Stemmer,
}

/// Stems kept per thread and algorithm before the memory is given back and counting restarts.
const STEM_CACHE_WORDS: usize = 200_000;

/// Word → stem, for one algorithm.
type StemsOf = FastMap<Box<str>, Box<str>>;

thread_local! {
    static STEM_CACHE: std::cell::RefCell<Vec<(Algorithm, StemsOf)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

impl Stemmer {
    pub fn new(algorithm: Algorithm) -> Self {
        Stemmer {
            algorithm,
            inner: rust_stemmers::Stemmer::create(algorithm),
        }
    }

    /// The stem of one lowercased word.
    pub fn stem(&self, word: &str) -> String {
        STEM_CACHE.with(|cell| {
            let Ok(mut caches) = cell.try_borrow_mut() else {
                return self.inner.stem(word).into_owned();
            };
            let at = match caches.iter().position(|(a, _)| *a == self.algorithm) {
                Some(at) => at,
                None => {
                    caches.push((self.algorithm, Default::default()));
                    caches.len() - 1
                }
            };
            let cache = &mut caches[at].1;
            if let Some(stem) = cache.get(word) {
                return stem.to_string();
            }
            let stem = self.inner.stem(word).into_owned();
            if cache.len() >= STEM_CACHE_WORDS {
                cache.clear();
            }
            cache.insert(word.into(), stem.as_str().into());
            stem
        })
    }
}

/// Collapses runs of whitespace into single spaces and trims the ends.
pub fn squash_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A link target that is safe to put in an `href`: http(s), mailto, or a relative path.
///
/// `javascript:`, `data:`, `vbscript:` and any other scheme give `None`, as do URLs with
/// control characters. Whitespace and case tricks (`" JaVaScRiPt:"`) are seen through.
pub fn safe_url(url: &str) -> Option<String> {
    let trimmed = url.trim();
    if trimmed.is_empty() || trimmed.chars().any(|c| c.is_control()) {
        return None;
    }
    let lowered: String = trimmed
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    let scheme_end = lowered.find(':');
    let first_delimiter = lowered.find(['/', '?', '#']);
    match scheme_end {
        Some(colon) if first_delimiter.is_none_or(|d| colon < d) => {
            let scheme = &lowered[..colon];
            if matches!(scheme, "http" | "https" | "mailto") {
                Some(trimmed.to_string())
            } else {
                None
            }
        }
        _ => Some(trimmed.to_string()),
    }
}

/// Splits a paragraph into sentences at `.`, `!` or `?` followed by a space and a capital,
/// an opening quote or a digit. Abbreviations such as "Mr." or "U.S." stay inside sentences.
pub fn sentences(paragraph: &str) -> Vec<&str> {
    let bytes = paragraph.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if matches!(b, b'.' | b'!' | b'?') {
            // Include closing quotes and brackets after the mark.
            let mut end = i + 1;
            while end < bytes.len() && matches!(bytes[end], b'"' | b'\'' | b')') {
                end += 1;
            }
            for closer in ["”", "’"] {
                if paragraph[end..].starts_with(closer) {
                    end += closer.len();
                }
            }
            let rest = &paragraph[end..];
            let after_space = rest.trim_start();
            let spaced = rest.len() != after_space.len();
            let next_starts = after_space
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "\"“‘'(".contains(c));
            if spaced && next_starts && !is_abbreviation(&paragraph[start..i]) {
                let sentence = paragraph[start..end].trim();
                if !sentence.is_empty() {
                    out.push(sentence);
                }
                start = end;
                i = end;
                continue;
            }
        }
        i += 1;
    }
    let tail = paragraph[start..].trim();
    if !tail.is_empty() {
        out.push(tail);
    }
    out
}

/// Whether the text before a period ends with a common abbreviation or an initial.
fn is_abbreviation(before: &str) -> bool {
    let last = before
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("");
    let last = last.trim_start_matches(['(', '"', '“']);
    const ABBREVIATIONS: &[&str] = &[
        "Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Sgt", "Capt",
        "St", "Jr", "Sr", "Inc", "Corp", "Ltd", "Co", "vs", "No", "Jan", "Feb", "Mar", "Apr",
        "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "U.S", "U.N", "U.K", "E.U",
    ];
    ABBREVIATIONS.contains(&last)
        || (last.chars().count() == 1 && last.chars().all(|c| c.is_uppercase()))
}

/// Escapes text for HTML written by Rust code rather than a template (feed content, TimelineJS
/// text, the serve banner, `annals timeline --format html`): `& < > " '` become entities.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_ascii_and_safe() {
        assert_eq!(slugify("US–Iran negotiations"), "us-iran-negotiations");
        assert_eq!(slugify("Zürich Börse"), "zurich-borse");
        assert_eq!(slugify("../../etc/passwd"), "etc-passwd");
        assert_eq!(slugify("Oman's role"), "omans-role");
        assert_eq!(slugify("  "), "");
        assert_eq!(slugify("CON"), "con-1");
        assert_eq!(slugify("Con artists"), "con-artists");
    }

    #[test]
    fn javascript_urls_are_not_links() {
        assert_eq!(safe_url("javascript:alert(1)"), None);
        assert_eq!(safe_url(" JaVa\tScRipt:alert(1)"), None);
        assert_eq!(safe_url("data:text/html;base64,xx"), None);
        assert_eq!(
            safe_url("https://example.org/a?b=c:d").as_deref(),
            Some("https://example.org/a?b=c:d")
        );
        assert_eq!(
            safe_url("/relative/path").as_deref(),
            Some("/relative/path")
        );
    }

    #[test]
    fn words_into_gives_the_words_of_words() {
        for text in [
            "Oman's  FOREIGN minister, 12 talks—Zürich ΟΔΟΣ İstanbul\nx",
            "",
            "  ,;  ",
            "a\u{7f}B",
        ] {
            let mut buf = "prefix".to_string();
            let mut spans = Vec::new();
            words_into(text, &mut buf, &mut spans);
            let read: Vec<&str> = spans.iter().map(|&(s, e)| &buf[s..e]).collect();
            assert_eq!(read, words(text).collect::<Vec<_>>(), "{text}");
        }
    }

    #[test]
    fn stems_meet_across_inflections() {
        let stemmer = english_stemmer();
        let a = stems(&stemmer, "negotiation negotiations negotiated");
        assert!(a.iter().all(|s| s == &a[0]), "{a:?}");
    }

    #[test]
    fn sentences_split_at_capitals_but_not_abbreviations() {
        let s = sentences("Mr. Lavrov spoke. The U.S. delegation left. \"It went well,\" he said.");
        assert_eq!(
            s,
            vec![
                "Mr. Lavrov spoke.",
                "The U.S. delegation left.",
                "\"It went well,\" he said."
            ]
        );
    }
}
