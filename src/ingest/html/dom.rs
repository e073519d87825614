//! A small, forgiving HTML parser that builds a flat tree (an arena of nodes) for extraction.
//!
//! Why not html5ever: measured on the htmldate pages (155 KB on average), html5ever's tokenizer
//! alone takes about 1.3 ms a page and its tree builder 1.4-1.6 ms, which is the whole 2 ms
//! budget for date and body extraction together; `tl` is fast (0.25 ms) but unmaintained, has no
//! implied end tags and decodes no entities. This parser takes about 0.3 ms a page and does only
//! what extraction needs, borrowing from the input wherever it can:
//! - tags, attributes (quoted or not), comments, doctype, and raw text (`script`, `style`, …),
//!   with named and numeric character references decoded (the table comes from `web_atoms`,
//!   the one html5ever uses);
//! - the tree rules that change what text belongs together: void elements, `<p>` closed by a
//!   block, `<li>`/`<dt>`/`<dd>`/`<tr>`/`<td>`/`<option>` closing their open sibling, an end tag
//!   closing the elements left open inside it, and a stray end tag ignored.
//!
//! It does not do foster parenting, the adoption agency or form ownership: a misnested `<b>`
//! changes no text. Nodes live in one `Vec` and point at each other by index, so no traversal
//! needs recursion and dropping a document never recurses; elements nested deeper than
//! `MAX_DEPTH` are kept in order but flattened, so 100 000 nested `<div>`s cost nothing special.
//! Malformed or truncated markup never fails: whatever is left at the end becomes text or is
//! closed.

use super::lexer::{
    decode_entities, find, find_end_tag, lowercase, parse_attributes, tag_name_end,
};
use std::borrow::Cow;

/// Index of no node (no parent, no child, no sibling).
pub const NONE: u32 = u32::MAX;
/// Deeper elements are attached flat to the element at this depth.
pub const MAX_DEPTH: usize = 512;

/// A parsed page. Node 0 is the document itself.
#[derive(Debug)]
pub struct Document<'a> {
    pub nodes: Vec<Node<'a>>,
}

#[derive(Debug)]
pub struct Node<'a> {
    pub parent: u32,
    pub first_child: u32,
    pub last_child: u32,
    pub next_sibling: u32,
    pub data: NodeData<'a>,
}

#[derive(Debug)]
pub enum NodeData<'a> {
    Document,
    /// Tag names are lowercase; attribute names are lowercase and values decoded.
    Element {
        name: Cow<'a, str>,
        attrs: Vec<(Cow<'a, str>, Cow<'a, str>)>,
    },
    /// Decoded text (raw text for `script` and `style`).
    Text(Cow<'a, str>),
}

impl<'a> Document<'a> {
    /// The element's tag name, or `None` for text and the document.
    pub fn name(&self, id: u32) -> Option<&str> {
        match &self.nodes[id as usize].data {
            NodeData::Element { name, .. } => Some(name),
            _ => None,
        }
    }

    pub fn is(&self, id: u32, tag: &str) -> bool {
        self.name(id) == Some(tag)
    }

    pub fn attr(&self, id: u32, attr: &str) -> Option<&str> {
        match &self.nodes[id as usize].data {
            NodeData::Element { attrs, .. } => attrs
                .iter()
                .find(|(name, _)| name == attr)
                .map(|(_, value)| value.as_ref()),
            _ => None,
        }
    }

    pub fn text(&self, id: u32) -> Option<&str> {
        match &self.nodes[id as usize].data {
            NodeData::Text(text) => Some(text),
            _ => None,
        }
    }

    pub fn parent(&self, id: u32) -> u32 {
        self.nodes[id as usize].parent
    }

    /// The direct children of `id`, in document order.
    pub fn children(&self, id: u32) -> impl Iterator<Item = u32> + '_ {
        let mut next = self.nodes[id as usize].first_child;
        std::iter::from_fn(move || {
            (next != NONE).then(|| {
                let here = next;
                next = self.nodes[here as usize].next_sibling;
                here
            })
        })
    }

    /// Every node below `id` in document order (not `id` itself).
    pub fn descendants(&self, id: u32) -> Descendants<'_, 'a> {
        Descendants {
            doc: self,
            root: id,
            next: self.nodes[id as usize].first_child,
            skip: None,
        }
    }

    /// The node after `id` in document order, not entering `id`'s subtree, or `NONE` when
    /// `id` is the last one inside `root`.
    pub fn next_skipping_children(&self, id: u32, root: u32) -> u32 {
        let mut at = id;
        while at != root && at != NONE {
            let node = &self.nodes[at as usize];
            if node.next_sibling != NONE {
                return node.next_sibling;
            }
            at = node.parent;
        }
        NONE
    }

    /// All elements with this tag name, in document order.
    pub fn elements_named<'d>(&'d self, tag: &'d str) -> impl Iterator<Item = u32> + 'd {
        self.descendants(0).filter(move |&id| self.is(id, tag))
    }

    /// The text of everything below `id`, scripts and styles excluded, whitespace as in the
    /// source.
    pub fn text_content(&self, id: u32) -> String {
        let mut out = String::new();
        let mut walk = self.descendants(id);
        while let Some(node) = walk.next() {
            match &self.nodes[node as usize].data {
                NodeData::Text(text) => out.push_str(text),
                NodeData::Element { name, .. }
                    if matches!(name.as_ref(), "script" | "style" | "template") =>
                {
                    walk.skip_children(node)
                }
                _ => {}
            }
        }
        out
    }
}

/// A pre-order walk that can be told to skip the subtree of the node it just returned.
pub struct Descendants<'d, 'a> {
    doc: &'d Document<'a>,
    root: u32,
    next: u32,
    skip: Option<u32>,
}

impl Descendants<'_, '_> {
    /// Do not enter the children of `id` (the node just returned).
    pub fn skip_children(&mut self, id: u32) {
        self.skip = Some(id);
    }
}

impl Iterator for Descendants<'_, '_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        if let Some(skipped) = self.skip.take() {
            self.next = self.doc.next_skipping_children(skipped, self.root);
        }
        let here = self.next;
        if here == NONE {
            return None;
        }
        let node = &self.doc.nodes[here as usize];
        self.next = if node.first_child != NONE {
            node.first_child
        } else {
            self.doc.next_skipping_children(here, self.root)
        };
        Some(here)
    }
}

#[rustfmt::skip]
fn is_void(tag: &str) -> bool {
    matches!(tag, "area" | "base" | "br" | "col" | "embed" | "hr" | "img" | "input" | "keygen"
        | "link" | "meta" | "param" | "source" | "track" | "wbr")
}

/// Elements whose content is raw text up to their own end tag.
#[rustfmt::skip]
fn is_raw_text(tag: &str) -> bool {
    matches!(tag, "script" | "style" | "textarea" | "title" | "xmp" | "iframe" | "noembed"
        | "noframes" | "noscript" | "plaintext")
}

/// Start tags that close an open `<p>`.
#[rustfmt::skip]
fn closes_p(tag: &str) -> bool {
    matches!(tag, "address" | "article" | "aside" | "blockquote" | "center" | "details"
        | "dialog" | "dir" | "div" | "dl" | "fieldset" | "figcaption" | "figure" | "footer"
        | "form" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "header" | "hgroup" | "hr" | "main"
        | "menu" | "nav" | "ol" | "p" | "pre" | "section" | "summary" | "table" | "ul" | "li"
        | "dd" | "dt")
}

/// Elements an end tag of an unrelated inline element may not close ("special" in the
/// standard, reduced to what occurs in pages).
#[rustfmt::skip]
fn is_block(tag: &str) -> bool {
    closes_p(tag)
        || matches!(tag, "body" | "html" | "head" | "td" | "th" | "tr" | "tbody" | "thead"
            | "tfoot" | "caption" | "button" | "select" | "object" | "template" | "li")
}

/// Elements a search for an open element stops at (the standard's scope boundaries).
fn is_scope_boundary(tag: &str) -> bool {
    matches!(
        tag,
        "html" | "table" | "td" | "th" | "caption" | "template" | "object" | "marquee" | "button"
    )
}

/// How many open elements an end tag or implied end looks through before giving up; keeps
/// stray end tags in very deep documents from costing quadratic time.
const SEARCH_LIMIT: usize = 256;

/// Parses a page. Never fails: any input gives some tree.
pub fn parse(html: &str) -> Document<'_> {
    let mut builder = Builder {
        doc: Document {
            nodes: Vec::with_capacity(html.len() / 40 + 16),
        },
        stack: vec![0],
        html: NONE,
        head: NONE,
        body: NONE,
        head_closed: false,
    };
    builder.doc.nodes.push(Node {
        parent: NONE,
        first_child: NONE,
        last_child: NONE,
        next_sibling: NONE,
        data: NodeData::Document,
    });
    let bytes = html.as_bytes();
    let mut pos = 0;
    let mut text_start = 0;
    while let Some(found) = memchr::memchr(b'<', &bytes[pos..]) {
        let lt = pos + found;
        let next = bytes.get(lt + 1).copied().unwrap_or(b' ');
        if next == b'!' || next == b'?' {
            builder.text(&html[text_start..lt]);
            pos = if bytes[lt..].starts_with(b"<!--") {
                find(bytes, lt + 4, b"-->").map_or(bytes.len(), |e| e + 3)
            } else {
                memchr::memchr(b'>', &bytes[lt..]).map_or(bytes.len(), |e| lt + e + 1)
            };
            text_start = pos;
        } else if next == b'/' && bytes.get(lt + 2).is_some_and(u8::is_ascii_alphabetic) {
            builder.text(&html[text_start..lt]);
            let name_end = tag_name_end(bytes, lt + 2);
            let name = lowercase(&html[lt + 2..name_end]);
            pos =
                memchr::memchr(b'>', &bytes[name_end..]).map_or(bytes.len(), |e| name_end + e + 1);
            text_start = pos;
            builder.end_tag(&name);
        } else if next.is_ascii_alphabetic() {
            builder.text(&html[text_start..lt]);
            let name_end = tag_name_end(bytes, lt + 1);
            let name = lowercase(&html[lt + 1..name_end]);
            let (attrs, self_closing, tag_end) = parse_attributes(html, name_end);
            pos = tag_end;
            text_start = pos;
            let raw = is_raw_text(&name);
            let id = builder.start_tag(name.clone(), attrs, self_closing && !raw);
            if raw && !self_closing {
                let (content_end, after) = find_end_tag(bytes, pos, &name);
                let content = &html[pos..content_end];
                if !content.is_empty() {
                    let text = if matches!(name.as_ref(), "title" | "textarea") {
                        decode_entities(content)
                    } else {
                        Cow::Borrowed(content)
                    };
                    builder.append(id, NodeData::Text(text));
                }
                builder.end_tag(&name);
                pos = after;
                text_start = pos;
            }
        } else {
            // A `<` that starts no tag is text.
            pos = lt + 1;
        }
        if pos >= bytes.len() {
            break;
        }
    }
    if text_start < html.len() {
        builder.text(&html[text_start..]);
    }
    builder.doc
}

struct Builder<'a> {
    doc: Document<'a>,
    stack: Vec<u32>,
    html: u32,
    head: u32,
    body: u32,
    head_closed: bool,
}

impl<'a> Builder<'a> {
    fn current(&self) -> u32 {
        *self.stack.last().unwrap_or(&0)
    }

    fn append(&mut self, parent: u32, data: NodeData<'a>) -> u32 {
        let id = self.doc.nodes.len() as u32;
        self.doc.nodes.push(Node {
            parent,
            first_child: NONE,
            last_child: NONE,
            next_sibling: NONE,
            data,
        });
        let last = self.doc.nodes[parent as usize].last_child;
        if last == NONE {
            self.doc.nodes[parent as usize].first_child = id;
        } else {
            self.doc.nodes[last as usize].next_sibling = id;
        }
        self.doc.nodes[parent as usize].last_child = id;
        id
    }

    fn text(&mut self, raw: &'a str) {
        if raw.is_empty() {
            return;
        }
        let text = decode_entities(raw);
        let parent = self.current();
        let last = self.doc.nodes[parent as usize].last_child;
        if last != NONE
            && let NodeData::Text(existing) = &mut self.doc.nodes[last as usize].data
        {
            existing.to_mut().push_str(&text);
            return;
        }
        self.append(parent, NodeData::Text(text));
    }

    /// Opens an element (or merges a repeated `html`/`head`/`body` into the first one).
    fn start_tag(
        &mut self,
        name: Cow<'a, str>,
        attrs: Vec<(Cow<'a, str>, Cow<'a, str>)>,
        self_closing: bool,
    ) -> u32 {
        let repeated = match name.as_ref() {
            "html" => self.html,
            "head" => self.head,
            "body" => self.body,
            _ => NONE,
        };
        if repeated != NONE {
            if let NodeData::Element {
                attrs: existing, ..
            } = &mut self.doc.nodes[repeated as usize].data
            {
                for (key, value) in attrs {
                    if !existing.iter().any(|(k, _)| *k == key) {
                        existing.push((key, value));
                    }
                }
            }
            return repeated;
        }
        self.close_implied_by(&name);
        let void = is_void(&name);
        let tag = name.clone();
        let id = self.append(self.current(), NodeData::Element { name, attrs });
        match tag.as_ref() {
            "html" => self.html = id,
            "head" => self.head = id,
            "body" => self.body = id,
            _ => {}
        }
        if !void && !self_closing && self.stack.len() < MAX_DEPTH {
            self.stack.push(id);
        }
        id
    }

    /// Closes the open elements that a start tag of `tag` ends implicitly.
    fn close_implied_by(&mut self, tag: &str) {
        // Content closes an unclosed `<head>`.
        if self.head != NONE
            && !self.head_closed
            && !matches!(
                tag,
                "meta" | "link" | "title" | "style" | "script" | "noscript" | "base" | "template"
            )
        {
            if let Some(at) = self.stack.iter().rposition(|&id| id == self.head) {
                self.stack.truncate(at);
            }
            self.head_closed = true;
        }
        if closes_p(tag) {
            self.close_open("p", &[]);
        }
        match tag {
            "li" => self.close_open("li", &["ul", "ol", "menu"]),
            "dt" | "dd" => {
                self.close_open("dt", &["dl"]);
                self.close_open("dd", &["dl"]);
            }
            "tr" => self.close_open("tr", &["tbody", "thead", "tfoot"]),
            "td" | "th" => {
                self.close_open("td", &["tr"]);
                self.close_open("th", &["tr"]);
            }
            "tbody" | "thead" | "tfoot" => {
                for open in ["tr", "tbody", "thead", "tfoot"] {
                    self.close_open(open, &[]);
                }
            }
            "option" | "optgroup" => self.close_open("option", &["select"]),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
                if self
                    .doc
                    .name(self.current())
                    .is_some_and(|n| matches!(n, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")) =>
            {
                self.stack.pop();
            }
            "a" if self.doc.is(self.current(), "a") => {
                self.stack.pop();
            }
            _ => {}
        }
    }

    /// Pops up to and including the nearest open `tag`, unless a scope boundary (or one of
    /// `also_stop_at`) comes first.
    fn close_open(&mut self, tag: &str, also_stop_at: &[&str]) {
        for depth in (1..self.stack.len()).rev().take(SEARCH_LIMIT) {
            let Some(name) = self.doc.name(self.stack[depth]) else {
                return;
            };
            if name == tag {
                self.stack.truncate(depth);
                return;
            }
            if is_scope_boundary(name) || also_stop_at.contains(&name) {
                return;
            }
        }
    }

    fn end_tag(&mut self, tag: &str) {
        match tag {
            // Content after `</body>` still belongs to the body.
            "html" | "body" | "br" => return,
            _ => {}
        }
        let table_part = matches!(
            tag,
            "table" | "tbody" | "thead" | "tfoot" | "tr" | "td" | "th" | "caption"
        );
        let block = is_block(tag);
        for depth in (1..self.stack.len()).rev().take(SEARCH_LIMIT) {
            let Some(name) = self.doc.name(self.stack[depth]) else {
                return;
            };
            if name == tag {
                self.stack.truncate(depth);
                return;
            }
            // An inline end tag may not close a block; a block end tag stops at table cells
            // unless it is itself part of a table.
            if !block && is_block(name) {
                return;
            }
            if block && !table_part && is_scope_boundary(name) {
                return;
            }
            if name == "body" || name == "html" {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outline(doc: &Document, id: u32) -> String {
        let mut out = String::new();
        for child in doc.children(id) {
            match &doc.nodes[child as usize].data {
                NodeData::Element { name, .. } => {
                    out.push_str(&format!("<{name}>{}</{name}>", outline(doc, child)))
                }
                NodeData::Text(t) => out.push_str(t),
                NodeData::Document => {}
            }
        }
        out
    }

    #[test]
    fn implied_end_tags_close_paragraphs_and_items() {
        let doc = parse("<body><p>one<p>two<div>x</div><ul><li>a<li>b</ul>");
        assert_eq!(
            outline(&doc, 0),
            "<body><p>one</p><p>two</p><div>x</div><ul><li>a</li><li>b</li></ul></body>"
        );
    }

    #[test]
    fn attributes_quoted_unquoted_and_entities() {
        let doc = parse(
            r#"<a HREF=/x?a=1&amp;b=2 title='it&#39;s' data-x="a>b" hidden>T&eacute;l&eacute;</a>"#,
        );
        let a = doc.elements_named("a").next().unwrap();
        assert_eq!(doc.attr(a, "href"), Some("/x?a=1&b=2"));
        assert_eq!(doc.attr(a, "title"), Some("it's"));
        assert_eq!(doc.attr(a, "data-x"), Some("a>b"));
        assert_eq!(doc.attr(a, "hidden"), Some(""));
        assert_eq!(doc.text_content(a), "Télé");
    }

    #[test]
    fn scripts_are_raw_text_and_comments_vanish() {
        let doc = parse("<p>a<!-- <p>no --></p><script>if (a<b) '</p>';</script><p>b</p>");
        let script = doc.elements_named("script").next().unwrap();
        assert_eq!(doc.text_content(0), "ab");
        let inner = doc.children(script).next().unwrap();
        assert_eq!(doc.text(inner), Some("if (a<b) '</p>';"));
    }

    #[test]
    fn stray_and_inline_end_tags_do_not_close_blocks() {
        let doc = parse("<div><span><div>x</span>y</div>z</div>");
        assert_eq!(outline(&doc, 0), "<div><span><div>xy</div>z</span></div>");
    }

    #[test]
    fn truncated_markup_still_parses() {
        for page in [
            "<p>abc<a href=\"x",
            "<div><p>text",
            "<!-- open",
            "<scr",
            "a < b &",
            "<p>x</",
        ] {
            let _ = parse(page);
        }
        let doc = parse("<div><p>text");
        assert_eq!(doc.text_content(0), "text");
    }

    #[test]
    fn deep_nesting_is_flattened_without_recursion() {
        let page = "<div>".repeat(100_000) + "deep" + &"</div>".repeat(100_000);
        let doc = parse(&page);
        assert_eq!(doc.text_content(0), "deep");
        assert_eq!(doc.descendants(0).count(), 100_001);
    }
}
