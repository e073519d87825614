//! Marks the parts of a page that are never the article: navigation, ads, share bars, cookie
//! banners, comments, related-article lists, footers, captions, hidden elements and the like.
//!
//! Both the body extractor and the date finder use the marks: a date in a footer or in a list
//! of related stories must not become the publication date, and the same parts must not leak
//! into the body. The marks come from tag names and from the words in `class`/`id`, the way
//! readability and trafilatura do it. Class words are matched whole (`ad`, `nav`, `share`)
//! or, for long distinctive ones, as parts (`newsletter`, `cookie`), so `header-advisory` or
//! `shadow` do not count as ads. An element that holds the article itself (`<article>`,
//! `itemprop=articleBody`, `class="entry-content"`…) is never marked, whatever else its classes
//! say, because wrappers like `<div class="page has-sidebar">` would otherwise take the whole
//! page with them.

use super::classes;
use super::dom::{Document, NodeData};

/// Tags whose content is never article text.
fn is_dropped_tag(tag: &str) -> bool {
    matches!(
        tag,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "canvas"
            | "iframe"
            | "object"
            | "embed"
            | "video"
            | "audio"
            | "select"
            | "option"
            | "textarea"
            | "input"
            | "button"
            | "head"
            | "title"
            | "nav"
            | "aside"
            | "footer"
            | "figure"
            | "figcaption"
            | "menu"
            | "dialog"
    )
}

/// Whether the element itself says it is hidden.
fn is_hidden(doc: &Document, id: u32) -> bool {
    if doc.attr(id, "hidden").is_some()
        || doc
            .attr(id, "aria-hidden")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    {
        return true;
    }
    doc.attr(id, "style").is_some_and(|style| {
        if !(style.contains("none") || style.contains("hidden")) {
            return false;
        }
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        style.contains("display:none") || style.contains("visibility:hidden")
    })
}

/// What each node is, for the extractors: `boilerplate[id]` is true when the node or one of
/// its ancestors is not article content; `article[id]` when the element itself is marked as
/// the article body (by tag, `itemprop` or class).
pub struct Marks {
    pub boilerplate: Vec<bool>,
    pub article: Vec<bool>,
}

/// Marks every node of the document. Two linear passes, no recursion: node indices are in
/// document order, so every parent comes before its children.
pub fn mark(doc: &Document, protected: &[bool], flags: &[u8]) -> Marks {
    let count = doc.nodes.len();
    let mut article = vec![false; count];
    let mut own_boilerplate = vec![false; count];
    // Whether the subtree holds an element marked as the article by class or `itemprop`
    // (strong), or an `<article>`/`<main>` element (weak: teaser lists use them too).
    let mut holds_strong = vec![false; count];
    let mut holds_weak = vec![false; count];
    let mut text_len = vec![0usize; count];
    for (id, node) in doc.nodes.iter().enumerate() {
        let name = match &node.data {
            NodeData::Element { name, .. } => name,
            NodeData::Text(text) => {
                text_len[id] = text.len();
                continue;
            }
            NodeData::Document => continue,
        };
        let id32 = id as u32;
        let itemprop_body = doc
            .attr(id32, "itemprop")
            .is_some_and(|p| p.eq_ignore_ascii_case("articleBody"));
        article[id] = itemprop_body || flags[id] & classes::ARTICLE != 0;
        let tag = name.as_ref();
        own_boilerplate[id] = is_dropped_tag(tag)
            || is_hidden(doc, id32)
            || (!matches!(tag, "html" | "body" | "article" | "main" | "p" | "h1")
                && flags[id] & classes::BOILERPLATE != 0
                && !article[id])
            || doc.attr(id32, "role").is_some_and(|r| {
                matches!(
                    r.to_ascii_lowercase().as_str(),
                    "navigation" | "banner" | "contentinfo" | "complementary" | "dialog" | "alert"
                )
            });
        holds_strong[id] = article[id];
        holds_weak[id] = matches!(tag, "article" | "main");
        if matches!(tag, "script" | "style" | "noscript" | "template") {
            text_len[id] = usize::MAX / 4; // Marked below: script text is not page text.
        }
    }
    for id in (1..count).rev() {
        let parent = doc.nodes[id].parent as usize;
        if text_len[id] >= usize::MAX / 4 {
            continue;
        }
        text_len[parent] += text_len[id];
        holds_strong[parent] |= holds_strong[id];
        holds_weak[parent] |= holds_weak[id];
    }
    let page_text = text_len[0].max(1);
    let mut boilerplate = vec![false; count];
    for id in 1..count {
        let parent = doc.nodes[id].parent as usize;
        let protected = doc.name(id as u32).is_some_and(|t| !is_dropped_tag(t))
            && (protected[id]
                || holds_strong[id]
                || holds_weak[id] && text_len[id] * 10 > page_text * 6);
        boilerplate[id] = boilerplate[parent] || own_boilerplate[id] && !protected;
    }
    Marks {
        boilerplate,
        article,
    }
}

/// `true` for `node` and every element above it: parts that hold the headline are never page
/// furniture, whatever their classes say (`class="sidebar_content"` around a whole post).
pub fn ancestors(doc: &Document, node: Option<u32>) -> Vec<bool> {
    let mut marks = vec![false; doc.nodes.len()];
    let mut at = node.unwrap_or(super::dom::NONE);
    while at != super::dom::NONE {
        marks[at as usize] = true;
        at = doc.parent(at);
    }
    marks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::html::dom::parse;

    #[test]
    fn wrappers_holding_the_article_are_kept() {
        let doc = parse(
            "<body><div class='page has-sidebar'><article><p>text</p></article>\
             <div class='sidebar'><p>side</p></div></div></body>",
        );
        let marks = mark(&doc, &[false; 64], &classes::class_flags(&doc));
        let text_of = |needle: &str| {
            doc.descendants(0)
                .find(|&id| doc.text(id) == Some(needle))
                .unwrap() as usize
        };
        assert!(!marks.boilerplate[text_of("text")]);
        assert!(marks.boilerplate[text_of("side")]);
    }
}
