//! Reads RSS 2.0 (and 0.9x/1.0), Atom and JSON Feed files with `feed-rs`: each item is an
//! article, the feed's title is its outlet.
//!
//! feed-rs turns every date into UTC, but `annals extract` must echo the offset a source states
//! and the digest day must follow it. So we hand feed-rs a timestamp parser that only records
//! the raw text and returns a token (its 1-based index as epoch seconds), and afterwards parse
//! the raw text ourselves with `dates::parse_loose_stamp`. RSS copies `pubDate` into `updated`;
//! the token being the same shows it was never stated. Entry ids feed-rs would invent (a hash or
//! a random UUID) are refused too, so an item without a guid gets a stable `<path-id>-<index>`.
//! Item text is reduced to plain paragraphs; we do not keep the feed's HTML.

use super::item::{self, item_id, item_label, text_line, text_paragraphs, title_from_text};
use super::{FileArticles, ReadContext, ReadError, SourceFile, dates};
use crate::model::{Article, InputFormat, Stamp};
use chrono::{DateTime, Utc};
use std::sync::{Arc, Mutex};

/// Whether the text is an XML feed (root element `rss`, `feed` or `rdf:RDF`) or a JSON Feed.
pub fn looks_like_feed(text: &str) -> bool {
    let start = text.trim_start();
    if start.starts_with('{') {
        let mut end = start.len().min(64 * 1024);
        while !start.is_char_boundary(end) {
            end -= 1;
        }
        return start[..end].contains("\"https://jsonfeed.org/version/");
    }
    matches!(root_element(start), Some("rss" | "feed" | "RDF"))
}

/// The local name of the first element, skipping the XML declaration, comments and a doctype.
fn root_element(text: &str) -> Option<&str> {
    let mut rest = text.trim_start();
    for _ in 0..64 {
        if let Some(after) = rest.strip_prefix("<?") {
            rest = &after[after.find("?>")? + 2..];
        } else if let Some(after) = rest.strip_prefix("<!--") {
            rest = &after[after.find("-->")? + 3..];
        } else if let Some(after) = rest.strip_prefix("<!") {
            rest = &after[after.find('>')? + 1..];
        } else {
            let after = rest.strip_prefix('<')?;
            let end = after
                .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .unwrap_or(after.len());
            let name = &after[..end];
            return Some(name.rsplit_once(':').map_or(name, |(_, local)| local));
        }
        rest = rest.trim_start();
    }
    None
}

/// Reads one feed file.
pub fn read(file: &SourceFile, _context: &ReadContext) -> Result<FileArticles, ReadError> {
    let text = std::str::from_utf8(file.bytes).map_err(|e| ReadError::NotUtf8(e.valid_up_to()))?;
    let raw_stamps: Arc<Mutex<Vec<String>>> = Arc::default();
    let recorder = Arc::clone(&raw_stamps);
    let parser = feed_rs::parser::Builder::new()
        .sanitize_content(false)
        .id_generator(|_, _, _| String::new())
        .timestamp_parser(move |raw| {
            let mut stamps = recorder.lock().unwrap_or_else(|e| e.into_inner());
            stamps.push(raw.to_string());
            DateTime::from_timestamp(stamps.len() as i64, 0)
        })
        .build();
    let source = as_utf8_declared(text);
    // feed-rs parses untrusted input; a bug there must cost this file, not the run.
    let parsed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        parser.parse(source.as_bytes())
    }));
    let feed = match parsed {
        Ok(Ok(feed)) => feed,
        Ok(Err(err)) => {
            return Err(ReadError::Malformed(format!(
                "not a readable RSS, Atom or JSON feed: {err}"
            )));
        }
        Err(_) => {
            return Err(ReadError::Malformed(
                "the feed parser failed on this file".into(),
            ));
        }
    };
    let raw_stamps = raw_stamps.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let outlet = feed.title.as_ref().map(|t| text_line(&t.content));
    let feed_lang = feed.language.clone();

    let total = feed.entries.len();
    let mut articles = Vec::with_capacity(total);
    let mut skipped = Vec::new();
    for (i, entry) in feed.entries.into_iter().enumerate() {
        let index = i + 1;
        let source_id = Some(entry.id.trim()).filter(|id| !id.is_empty());
        let label = item_label("item", index, source_id);
        let mut problems = Vec::new();
        let mut stamp = |token: Option<DateTime<Utc>>, name: &str| -> Option<Stamp> {
            let raw = raw_stamps.get(usize::try_from(token?.timestamp()).ok()?.checked_sub(1)?)?;
            let parsed = dates::parse_loose_stamp(raw);
            if parsed.is_none() {
                problems.push(format!(
                    "{name}: expected a date like Tue, 10 Jun 2003 04:00:00 GMT or 2003-06-10T04:00:00Z, found {:?}",
                    item::shorten(raw.trim(), 40)
                ));
            }
            parsed
        };
        let stated_updated = entry.updated.filter(|u| Some(*u) != entry.published);
        let published = stamp(entry.published, "published date");
        let updated = stamp(stated_updated, "updated date");
        let (published, updated) = match (published, updated) {
            (Some(p), u) => (Some(p), u),
            // Atom requires only `updated`: then it is the best publication date there is.
            (None, u) => (u, None),
        };
        let Some(published) = published.or_else(|| dates::path_day_stamp(file.path)) else {
            let reason = match problems.first() {
                Some(problem) => format!("no usable date: {problem}"),
                None => "no date (the item has no pubDate, published or updated)".into(),
            };
            skipped.push(format!("{label}: {reason}"));
            continue;
        };

        let content = entry.content.as_ref().and_then(|c| {
            let body = c.body.as_deref()?;
            Some(plain(body, c.content_type.as_ref()))
        });
        let summary_text = entry
            .summary
            .as_ref()
            .map(|t| plain(&t.content, t.content_type.as_ref()))
            .filter(|s| !s.is_empty());
        let body = content
            .filter(|c| !c.is_empty())
            .or_else(|| summary_text.clone())
            .unwrap_or_default();
        let title = entry
            .title
            .as_ref()
            .map(|t| text_line(&t.content))
            .filter(|t| !t.is_empty())
            .or_else(|| title_from_text(&body));
        let Some(title) = title else {
            skipped.push(format!("{label}: no title and no text"));
            continue;
        };
        let summary = summary_text
            .map(|s| super::first_paragraph(&s))
            .unwrap_or_else(|| super::first_paragraph(&body));
        let url = entry
            .links
            .iter()
            .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
            .or_else(|| entry.links.first())
            .map(|l| l.href.trim().to_string());
        let authors: Vec<String> = entry
            .authors
            .iter()
            .filter_map(|p| p.name.as_deref().map(text_line))
            .filter(|n| !n.is_empty())
            .collect();
        let section = entry
            .categories
            .first()
            .map(|c| text_line(c.label.as_deref().unwrap_or(&c.term)))
            .filter(|s| !s.is_empty());
        articles.push(Article {
            id: item_id(file.path, index, source_id),
            path: file.path.to_string(),
            format: InputFormat::Feed,
            title,
            section,
            published,
            updated,
            summary,
            body,
            body_html: None,
            topics: Vec::new(),
            outlet: outlet.clone().filter(|o| !o.is_empty()),
            url: url.filter(|u| !u.is_empty()),
            lang: entry.language.clone().or_else(|| feed_lang.clone()),
            author: (!authors.is_empty()).then(|| authors.join(", ")),
            location: None,
            origins: vec![file.path.to_string()],
            warnings: problems.iter().map(|p| format!("{label}: {p}")).collect(),
        });
    }
    item::file_articles(file.path, articles, skipped, total)
}

/// Plain paragraphs of an item's text; HTML content types are stripped of markup.
fn plain(content: &str, content_type: &str) -> String {
    if content_type.contains("html") {
        item::html_paragraphs(content)
    } else {
        text_paragraphs(content)
    }
}

/// The text with its XML declaration saying UTF-8. The bytes were checked to be UTF-8 before
/// this reader ran, so a declaration naming another encoding (left over after the file was
/// converted) would make the parser garble every accented letter.
fn as_utf8_declared(text: &str) -> std::borrow::Cow<'_, str> {
    let trimmed = text.trim_start();
    let Some(declaration_end) = trimmed.strip_prefix("<?xml").and_then(|d| d.find("?>")) else {
        return std::borrow::Cow::Borrowed(text);
    };
    let declaration = &trimmed[..declaration_end + 5 + 2];
    let Some(at) = declaration.find("encoding") else {
        return std::borrow::Cow::Borrowed(text);
    };
    let value = &declaration[at..];
    let quoted = value.find(['"', '\'']).and_then(|q| {
        value[q + 1..]
            .find(['"', '\''])
            .map(|end| &value[q + 1..q + 1 + end])
    });
    match quoted {
        Some(name) if !name.eq_ignore_ascii_case("utf-8") => std::borrow::Cow::Owned(format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>{}",
            &trimmed[declaration.len()..]
        )),
        _ => std::borrow::Cow::Borrowed(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feeds_are_told_by_their_root_element() {
        assert!(looks_like_feed(
            "<?xml version=\"1.0\"?>\n<!-- c -->\n<rss version=\"2.0\">"
        ));
        assert!(looks_like_feed(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\">"
        ));
        assert!(looks_like_feed("<rdf:RDF xmlns:rdf=\"x\">"));
        assert!(looks_like_feed(
            "{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": []}"
        ));
        assert!(!looks_like_feed(
            "<!DOCTYPE html><html><body>rss</body></html>"
        ));
        assert!(!looks_like_feed("{\"title\": \"x\"}"));
    }

    #[test]
    fn a_stale_encoding_declaration_is_replaced() {
        let fixed = as_utf8_declared("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss/>");
        assert_eq!(fixed, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss/>");
        let kept = as_utf8_declared("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss/>");
        assert!(matches!(kept, std::borrow::Cow::Borrowed(_)));
    }
}
