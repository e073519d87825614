//! Reads what an element's `class`, `id`, `itemprop`, `rel` and `property` words say about
//! it: page furniture, the article body, a date line, a part whose dates are about other pages.
//!
//! The word lists follow readability and trafilatura. Distinctive parts match anywhere in the
//! words (`newsletter`, `cookie`); short words only whole (`ad`, `nav`, `rail`), so `shadow`,
//! `header-advisory` and `detail` do not count. Weak furniture words give way to content words
//! (`content-with-sidebar-wrp`, `elementor-widget-theme-post-content` hold articles), strong
//! ones do not (`comment-body`, `related-content`).
//!
//! All lists are matched in one pass with an Aho-Corasick automaton, and each distinct
//! combination of attribute values is matched once per page: pages repeat a few hundred class
//! strings thousands of times, and matching them word list by word list cost more than parsing.

use super::dom::{Document, NodeData};
use aho_corasick::AhoCorasick;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Page furniture (body extraction).
pub const BOILERPLATE: u8 = 1;
/// The article body itself.
pub const ARTICLE: u8 = 2;
/// A part whose dates are about other pages: comments, related lists, footers (date finding).
pub const NOISE: u8 = 4;
/// A part that holds the page's own date line.
pub const DATE_LINE: u8 = 8;
/// Names a date at all (`date`, `time`, `publish`, `created`).
pub const DATED: u8 = 16;
/// Names the publication time.
pub const PUBLISHED: u8 = 32;
/// Names an update time.
pub const UPDATED: u8 = 64;

/// Class or id words that mark boilerplate when they appear as a whole word.
#[rustfmt::skip]
const BOILERPLATE_WORDS: &[&str] = &[
    "ad", "ads", "adv", "advert", "advertisement", "advertising", "banner", "breadcrumb",
    "breadcrumbs", "byline", "caption", "comment", "comments", "cookie", "cookies", "credit",
    "credits", "disclaimer", "dropdown", "footer", "hidden", "masthead", "menu", "meta", "modal",
    "nav", "navbar", "navigation", "outbrain", "pagination", "pager", "popup", "print", "promo",
    "rail", "recommended", "related", "share", "sharing", "sidebar", "skip", "social", "sponsor",
    "sponsored", "subscribe", "subscription", "tags", "taboola", "toolbar", "tools", "topbar",
    "trending", "signup", "newsletter", "paywall", "tooltip", "overlay",
];

/// Parts of class or id words that mark boilerplate wherever they appear.
#[rustfmt::skip]
const BOILERPLATE_PARTS: &[&str] = &[
    "advert", "banner", "breadcrumb", "comment", "cookie", "consent", "disqus", "footer", "gdpr",
    "newsletter", "outbrain", "promo", "related", "share", "sidebar", "social", "sponsor",
    "subscribe", "taboola", "readmore", "read-more", "morestories", "more-stories", "most-popular",
    "mostpopular", "recirc", "signup", "sign-up", "author-bio", "authorbio", "sr-only",
    "visually-hidden", "screen-reader", "visuallyhidden", "hide-for", "inline-ad", "ad-slot",
    "ad-container", "ad-wrapper", "adslot", "adunit", "ad-unit", "dfp", "jump-link", "newsletter",
    "recommend", "headline-list", "article-list", "list-articles", "teaser", "toc",
];

/// Parts that mark boilerplate even next to a content word (`comment-body`).
#[rustfmt::skip]
const STRONG_PARTS: &[&str] = &[
    "comment", "related", "recommend", "footer", "newsletter", "cookie", "consent", "gdpr",
    "disqus", "outbrain", "taboola", "promo", "advert", "sponsor", "breadcrumb", "share", "social",
    "subscribe", "signup", "sign-up", "sr-only", "visually-hidden", "screen-reader",
    "most-popular", "mostpopular", "more-stories", "morestories", "author-bio", "authorbio",
    "copyright", "rollover", "popover", "hovercard", "tooltip",
];

/// Words that make weaker boilerplate words harmless, as in readability.
#[rustfmt::skip]
const CONTENT_PARTS: &[&str] = &[
    "content", "article", "body", "main", "entry", "story", "text",
];

/// Class or id parts that mark the article itself; such an element is never boilerplate.
#[rustfmt::skip]
const ARTICLE_PARTS: &[&str] = &[
    "articlebody", "article-body", "article__body", "article_body", "article-content",
    "article__content", "article_content", "articlecontent", "story-body", "storybody",
    "story-content", "storycontent", "entry-content", "post-content", "post-body", "postbody",
    "post_content", "main-content", "article-text", "articletext", "body-text", "bodytext",
    "content-body", "text-body", "paywall-content", "rich-text", "richtext",
];

/// Parts of the words of elements that hold a page's own date line.
#[rustfmt::skip]
const DATE_LINE_PARTS: &[&str] = &[
    "date", "time", "publish", "posted", "byline", "meta", "datum", "fecha", "data", "info",
    "stamp", "author", "dateline", "zeit", "entry-header", "article-header", "post-header",
];

/// Parts whose dates are about other pages or other times.
#[rustfmt::skip]
const NOISE_PARTS: &[&str] = &[
    "comment", "related", "footer", "sidebar", "widget", "recommend", "teaser", "popular",
    "trending", "archive", "calendar", "copyright", "newsletter", "pagination", "breadcrumb",
    "disqus", "outbrain", "taboola", "cookie", "sharing",
];

/// Whole words whose dates are about other pages or other times (`rail` but not `detail`).
#[rustfmt::skip]
const NOISE_WORDS: &[&str] = &[
    "share", "next", "prev", "previous", "reply", "replies", "promo", "aside", "rail", "latest",
    "recent", "nav", "navigation", "menu", "more", "events", "sidebar", "footer",
];

const DATED_PARTS: &[&str] = &["date", "time", "publish", "created"];
const PUBLISHED_PARTS: &[&str] = &["publish", "entry-date", "post-date", "created"];
const UPDATED_PARTS: &[&str] = &["updat", "modif"];

/// The lists in matching order, and whether each matches whole words only.
const LISTS: &[(&[&str], bool)] = &[
    (BOILERPLATE_WORDS, true),
    (BOILERPLATE_PARTS, false),
    (STRONG_PARTS, false),
    (CONTENT_PARTS, false),
    (ARTICLE_PARTS, false),
    (DATE_LINE_PARTS, false),
    (NOISE_PARTS, false),
    (NOISE_WORDS, true),
    (DATED_PARTS, false),
    (PUBLISHED_PARTS, false),
    (UPDATED_PARTS, false),
];

struct Matcher {
    automaton: AhoCorasick,
    /// For each pattern: (list index, whole words only).
    patterns: Vec<(usize, bool)>,
}

fn matcher() -> &'static Matcher {
    static MATCHER: OnceLock<Matcher> = OnceLock::new();
    MATCHER.get_or_init(|| {
        let mut words = Vec::new();
        let mut patterns = Vec::new();
        for (list, &(items, whole)) in LISTS.iter().enumerate() {
            for item in items {
                words.push(*item);
                patterns.push((list, whole));
            }
        }
        Matcher {
            automaton: AhoCorasick::new(&words).expect("the class word lists are valid patterns"),
            patterns,
        }
    })
}

/// Which lists match lowercase class/id text: bit `n` is set when list `n` of `LISTS` does.
fn lists_matching(words: &str) -> u32 {
    let m = matcher();
    let bytes = words.as_bytes();
    let mut found = 0u32;
    for hit in m.automaton.find_overlapping_iter(words) {
        let (list, whole) = m.patterns[hit.pattern().as_usize()];
        if whole {
            let before = hit.start().checked_sub(1).map(|i| bytes[i]);
            let after = bytes.get(hit.end()).copied();
            if before.is_some_and(|b| b.is_ascii_alphanumeric())
                || after.is_some_and(|b| b.is_ascii_alphanumeric())
            {
                continue;
            }
        }
        found |= 1 << list;
    }
    found
}

/// The lowercase `class` and `id` text of an element, joined by a space.
pub fn class_and_id(doc: &Document, id: u32) -> String {
    let mut out = String::new();
    for attr in ["class", "id"] {
        if let Some(value) = doc.attr(id, attr) {
            out.push_str(&value.to_ascii_lowercase());
            out.push(' ');
        }
    }
    out
}

/// The flags of lowercase class/id text.
pub fn flags_of(words: &str) -> u8 {
    let lists = lists_matching(words);
    let has = |list: usize| lists & (1 << list) != 0;
    let mut flags = 0;
    let article = has(4);
    if article {
        flags |= ARTICLE;
    }
    if !article && (has(2) || !has(3) && (has(0) || has(1))) {
        flags |= BOILERPLATE;
    }
    if has(6) || has(7) {
        flags |= NOISE;
    }
    if has(5) {
        flags |= DATE_LINE;
    }
    if has(8) {
        flags |= DATED;
    }
    if has(9) {
        flags |= PUBLISHED;
    }
    if has(10) {
        flags |= UPDATED;
    }
    flags
}

/// The flags of every node (0 for text and for elements without such attributes).
pub fn class_flags(doc: &Document) -> Vec<u8> {
    let mut cache: HashMap<[&str; 5], u8> = HashMap::new();
    let mut flags = vec![0u8; doc.nodes.len()];
    for (id, node) in doc.nodes.iter().enumerate() {
        if !matches!(node.data, NodeData::Element { .. }) {
            continue;
        }
        let key = ["class", "id", "itemprop", "rel", "property"]
            .map(|a| doc.attr(id as u32, a).unwrap_or(""));
        if key.iter().all(|v| v.is_empty()) {
            continue;
        }
        flags[id] = *cache
            .entry(key)
            .or_insert_with(|| flags_of(&key.join(" ").to_ascii_lowercase()));
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_words_are_matched_whole_or_by_distinctive_part() {
        assert_ne!(flags_of("ad") & BOILERPLATE, 0);
        assert_ne!(flags_of("site-nav header") & BOILERPLATE, 0);
        assert_ne!(flags_of("js-newsletterbox") & BOILERPLATE, 0);
        assert_eq!(flags_of("shadow headline") & BOILERPLATE, 0);
        assert_eq!(flags_of("header-advisory") & BOILERPLATE, 0);
        assert_eq!(flags_of("content-with-sidebar-wrp") & BOILERPLATE, 0);
        assert_ne!(flags_of("comment-body") & BOILERPLATE, 0);
        assert_eq!(flags_of("news-detail") & NOISE, 0);
        assert_ne!(flags_of("right rail") & NOISE, 0);
        assert_ne!(flags_of("entry-date published") & PUBLISHED, 0);
    }
}
