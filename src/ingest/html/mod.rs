//! Reads saved web pages (news articles as HTML) into `Article`s.
//!
//! A page goes through five steps, one submodule each: `encoding` turns its bytes into text
//! (BOM, `<meta charset>`, http-equiv, else UTF-8 with a windows-1252 fallback); `dom` (with
//! `lexer`) parses it into a flat tree; `meta` collects what the page says about itself (meta
//! tags, JSON-LD, canonical link); `boilerplate` marks navigation, ads, comments and other page
//! furniture; then `published` decides the publication date (parsing values with `values`) and
//! `body` finds the article text. `dates` holds the prose date parser, which knows nothing
//! about HTML so other stages (a temporal-expression module) can reuse it.
//!
//! The reader never panics on bad input and never hangs: the parser is linear and iterative,
//! deep nesting is flattened, and as a last resort extraction runs under `catch_unwind`, so one
//! page can only ever cost its own article. A page without any date is refused with
//! `ReadError::NoDate` like other formats; `extract_page` gives the raw findings (date or not)
//! for evaluation and tools.

pub mod body;
pub mod boilerplate;
pub mod classes;
pub mod dates;
pub mod dom;
pub mod encoding;
pub mod lexer;
pub mod meta;
pub mod published;
pub mod values;

use super::{ReadContext, ReadError, SourceFile};
use crate::model::{Article, InputFormat, Stamp};

/// Everything extracted from one page, before it becomes an `Article`.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub title: Option<String>,
    pub published: Option<Stamp>,
    pub updated: Option<Stamp>,
    /// Which evidence gave the publication date ("json-ld", "meta", "time", "url", "text").
    pub date_source: &'static str,
    pub author: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub lang: Option<String>,
    pub section: Option<String>,
    pub description: Option<String>,
    /// Plain text, paragraphs separated by a blank line.
    pub body: String,
}

/// Whether a file is an HTML page: by its first bytes (after a BOM, whitespace and comments)
/// in any ASCII-compatible encoding, with a `.html`/`.htm` name only tipping the balance for
/// pages that start with some other tag.
pub fn looks_like_html(path: &str, bytes: &[u8]) -> bool {
    let lower_path = path.to_ascii_lowercase();
    let named_html = lower_path.ends_with(".html") || lower_path.ends_with(".htm");
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return named_html;
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let head = &bytes[start..bytes.len().min(start + 2048)];
    let starts = |prefix: &[u8]| {
        head.len() >= prefix.len() && head[..prefix.len()].eq_ignore_ascii_case(prefix)
    };
    if starts(b"<!doctype html") || starts(b"<html") || starts(b"<head") {
        return true;
    }
    // A comment or XML declaration first: look a little further.
    if starts(b"<!--") || starts(b"<?xml") {
        return encoding::find_ascii_ci(head, b"<html").is_some()
            || encoding::find_ascii_ci(head, b"<!doctype html").is_some();
    }
    named_html && head.first() == Some(&b'<')
}

/// Reads one HTML page.
pub fn read(file: &SourceFile, _context: &ReadContext) -> Result<Article, ReadError> {
    let page = read_page(file.bytes)?;
    let title = match page.title.clone() {
        Some(title) => title,
        None => {
            return Err(ReadError::NoTitle(
                "the page has no <title>, og:title, JSON-LD headline or <h1>".into(),
            ));
        }
    };
    let Some(published) = page.published else {
        return Err(ReadError::NoDate(
            "the page states no publication date in its metadata, a <time> element, its URL \
             or the text near its headline"
                .into(),
        ));
    };
    let mut warnings = Vec::new();
    if page.body.is_empty() {
        warnings.push("no article text found in the page".to_string());
    }
    let summary = page
        .description
        .clone()
        .unwrap_or_else(|| super::first_paragraph(&page.body));
    Ok(Article {
        id: super::id_from_path(file.path),
        path: file.path.to_string(),
        format: InputFormat::Html,
        title,
        section: page.section,
        published,
        updated: page.updated,
        summary,
        body: page.body,
        body_html: None,
        topics: Vec::new(),
        outlet: page.outlet,
        url: page.url,
        lang: page.lang,
        author: page.author,
        location: None,
        origins: vec![file.path.to_string()],
        warnings,
    })
}

/// Decodes and extracts one page from its bytes, refusing empty and binary files.
pub fn read_page(bytes: &[u8]) -> Result<Page, ReadError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ReadError::Empty);
    }
    let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    if !utf16 && bytes[..bytes.len().min(4096)].contains(&0) {
        return Err(ReadError::Binary);
    }
    let (text, _encoding) = encoding::decode_page(bytes);
    std::panic::catch_unwind(|| extract_page(&text)).map_err(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        ReadError::Io(format!(
            "the HTML reader failed on this page ({message}); please report it"
        ))
    })
}

/// Extracts title, dates, metadata and body text from a decoded page.
pub fn extract_page(html: &str) -> Page {
    let doc = dom::parse(html);
    let meta = meta::read_metadata(&doc);
    let article = meta.linked.iter().find(|l| l.is_article());
    let clean = |s: &str| {
        let s = crate::text::squash_whitespace(s);
        (!s.is_empty()).then_some(s)
    };
    let first_of = |keys: &[&str]| meta.first(keys).and_then(clean);
    let outlet = first_of(&["og:site_name"])
        .or_else(|| meta.linked.iter().find_map(|l| l.publisher.clone()))
        .or_else(|| first_of(&["application-name", "twitter:site"]));
    let headline_node = find_headline(
        &doc,
        first_of(&["og:title", "twitter:title"])
            .as_deref()
            .or(meta.html_title.as_deref()),
    );
    let headline_text = headline_node
        .map(|h| crate::text::squash_whitespace(&doc.text_content(h)))
        .filter(|t| !t.is_empty());
    let title = first_of(&["og:title", "twitter:title"])
        .or_else(|| article.and_then(|a| a.headline.as_deref()).and_then(clean))
        .or_else(|| headline_text.clone())
        .or_else(|| meta.html_title.clone());
    let headline = headline_text.or_else(|| title.clone());
    let protected = boilerplate::ancestors(&doc, headline_node);
    let flags = classes::class_flags(&doc);
    let dates = published::find_page_dates(&doc, &meta, headline_node, &protected, &flags);
    let marks = boilerplate::mark(&doc, &protected, &flags);
    let body = body::extract_body(&doc, &marks, headline.as_deref());
    let author = article
        .and_then(|a| a.author.clone())
        .or_else(|| {
            first_of(&[
                "author",
                "article:author",
                "parsely-author",
                "sailthru.author",
                "dc.creator",
            ])
        })
        .filter(|a| !a.starts_with("http"));
    let url = meta
        .canonical
        .clone()
        .or_else(|| first_of(&["og:url"]))
        .or_else(|| article.and_then(|a| a.url.clone()))
        .or_else(|| dates.redirect.clone())
        .and_then(|u| crate::text::safe_url(&u))
        .filter(|u| u.starts_with("http"));
    let lang = meta
        .lang
        .clone()
        .or_else(|| first_of(&["og:locale", "content-language", "language", "dc.language"]))
        .or_else(|| article.and_then(|a| a.lang.clone()));
    // A page with no title anywhere (a saved redirect stub) is named after its URL's slug.
    let title = title.or_else(|| url.as_deref().and_then(title_from_url));
    Page {
        title,
        published: dates.published,
        updated: dates.updated,
        date_source: dates.source,
        author,
        outlet,
        url,
        lang,
        section: first_of(&["article:section", "parsely-section"]),
        description: first_of(&["description", "og:description", "twitter:description"]),
        body,
    }
}

/// A readable title from the last path segment of a URL: `/20200428/meet-the-swede` gives
/// "Meet the swede". Only slugs of two words or more count; ids and bare dates do not.
fn title_from_url(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next()?;
    let segment = path.trim_end_matches('/').rsplit('/').next()?;
    let segment = segment
        .rsplit_once('.')
        .filter(|(_, ext)| ext.len() <= 5)
        .map_or(segment, |(stem, _)| stem);
    let words: Vec<&str> = segment
        .split(['-', '_', '+'])
        .filter(|w| !w.is_empty())
        .collect();
    let wordy = words
        .iter()
        .filter(|w| w.chars().all(char::is_alphabetic))
        .count();
    if words.len() < 2 || wordy * 2 < words.len() {
        return None;
    }
    let text = words.join(" ");
    let mut chars = text.chars();
    let first = chars.next()?;
    Some(first.to_uppercase().chain(chars).collect())
}

/// The page's headline element: the first `<h1>` (else `<h2>`) that reads like the title,
/// else the first non-empty `<h1>`.
fn find_headline(doc: &dom::Document, title: Option<&str>) -> Option<u32> {
    let mut first_h1 = None;
    for tag in ["h1", "h2"] {
        for id in doc.elements_named(tag) {
            let text = doc.text_content(id);
            if text.trim().is_empty() {
                continue;
            }
            if tag == "h1" && first_h1.is_none() {
                first_h1 = Some(id);
            }
            if title.is_some_and(|t| similar(&text, t) && text.trim().len() >= 8) {
                return Some(id);
            }
        }
    }
    first_h1
}

/// Whether two titles are the same up to case, punctuation and a site-name suffix.
fn similar(a: &str, b: &str) -> bool {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let (a, b) = (norm(a), norm(b));
    !a.is_empty() && !b.is_empty() && (a.contains(&b) || b.contains(&a))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_title_can_come_from_the_url_slug() {
        assert_eq!(
            super::title_from_url("https://x.se/20200428/meet-the-swede-who?a=1").as_deref(),
            Some("Meet the swede who")
        );
        assert_eq!(super::title_from_url("https://x.se/news/123456.html"), None);
        assert_eq!(super::title_from_url("https://x.se/2020/04/28/"), None);
    }

    use super::*;

    #[test]
    fn html_is_recognised_by_content_with_the_name_as_a_hint() {
        assert!(looks_like_html(
            "a.txt",
            b"\xEF\xBB\xBF  <!DOCTYPE html><p>x"
        ));
        assert!(looks_like_html("a", b"<html lang=de>"));
        assert!(looks_like_html("a.md", b"<!-- saved -->\n<html>"));
        assert!(looks_like_html("a.htm", b"<div>fragment</div>"));
        assert!(!looks_like_html("a.txt", b"<div>fragment</div>"));
        assert!(!looks_like_html("a.html", b"Title\n\nBody"));
        assert!(!looks_like_html(
            "feed.xml",
            b"<?xml version=\"1.0\"?><rss>"
        ));
    }

    #[test]
    fn a_page_without_a_date_is_skipped_with_a_reason() {
        let err = read(
            &SourceFile {
                path: "x.html",
                bytes: b"<html><title>T</title><p>Nothing dated here.</p>",
            },
            &ReadContext::new(chrono_tz::UTC),
        )
        .unwrap_err();
        assert!(matches!(err, ReadError::NoDate(_)), "{err}");
    }
}
