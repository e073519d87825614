//! Finds the article text of a page and returns it as plain paragraphs.
//!
//! The method is readability's, with trafilatura's clean-up: boilerplate parts are marked first
//! (`boilerplate`), then every paragraph-like block scores its ancestors by its length and
//! commas, discounted by how much of it is link text; the best-scoring element is the article
//! container; its siblings that score close to it or read like prose are added back (articles
//! split by an ad slot); finally the blocks inside are kept unless they are link lists, the
//! headline, or one-line boilerplate ("Advertisement", "Share this article").
//!
//! Everything is computed in linear passes over the node arena (children always have larger
//! indices than their parents), so there is no recursion and the cost is a few hundred
//! microseconds for a large page. Captions, bylines and titles are left out on purpose: the
//! body is what a reader reads as the story.

use super::boilerplate::Marks;
use super::classes::class_and_id;
use super::dom::{Document, NodeData};

/// Elements that start and end a paragraph of output text.
fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "pre"
            | "table"
            | "tr"
            | "td"
            | "th"
            | "br"
            | "hr"
            | "address"
            | "center"
            | "body"
    )
}

/// Per-node sizes, over text that is not boilerplate.
struct Sizes {
    /// Non-whitespace characters of text below the node.
    text: Vec<u32>,
    /// Of those, characters inside links.
    links: Vec<u32>,
    /// Commas below the node.
    commas: Vec<u32>,
}

fn measure(doc: &Document, marks: &Marks) -> Sizes {
    let count = doc.nodes.len();
    let mut in_link = vec![false; count];
    let mut sizes = Sizes {
        text: vec![0; count],
        links: vec![0; count],
        commas: vec![0; count],
    };
    for id in 1..count {
        let parent = doc.nodes[id].parent as usize;
        in_link[id] = in_link[parent] || doc.is(id as u32, "a");
        if let NodeData::Text(text) = &doc.nodes[id].data
            && !marks.boilerplate[id]
        {
            let chars = text.chars().filter(|c| !c.is_whitespace()).count() as u32;
            sizes.text[id] = chars;
            sizes.commas[id] = text.matches([',', '，', '、']).count() as u32;
            if in_link[id] {
                sizes.links[id] = chars;
            }
        }
    }
    for id in (1..count).rev() {
        if marks.boilerplate[id] {
            continue;
        }
        let parent = doc.nodes[id].parent as usize;
        sizes.text[parent] += sizes.text[id];
        sizes.links[parent] += sizes.links[id];
        sizes.commas[parent] += sizes.commas[id];
    }
    sizes
}

fn link_density(sizes: &Sizes, id: usize) -> f32 {
    if sizes.text[id] == 0 {
        return 0.0;
    }
    sizes.links[id] as f32 / sizes.text[id] as f32
}

/// Whether an element holds text directly (a `div` used as a paragraph).
fn has_direct_text(doc: &Document, id: u32) -> bool {
    doc.children(id).any(|c| {
        doc.text(c)
            .is_some_and(|t| t.chars().filter(|c| !c.is_whitespace()).count() >= 25)
    })
}

/// The starting weight of a candidate container by its tag and class words.
fn base_score(doc: &Document, id: u32, tag: &str, marks: &Marks) -> f32 {
    let mut score: f32 = match tag {
        "article" => 10.0,
        "div" | "main" | "section" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    };
    if marks.article[id as usize] {
        score += 25.0;
    }
    let class_id = class_and_id(doc, id);
    if class_id.contains("content")
        || class_id.contains("article")
        || class_id.contains("story")
        || class_id.contains("entry")
        || class_id.contains("post")
        || class_id.contains("text")
    {
        score += 10.0;
    }
    score
}

/// The article text: paragraphs separated by a blank line. Empty when the page has none.
pub fn extract_body(doc: &Document, marks: &Marks, headline: Option<&str>) -> String {
    let sizes = measure(doc, marks);
    let count = doc.nodes.len();
    let mut score = vec![0f32; count];
    let mut scored = vec![false; count];
    for id in 1..count {
        let Some(tag) = doc.name(id as u32) else {
            continue;
        };
        if marks.boilerplate[id] || sizes.text[id] < 25 {
            continue;
        }
        let paragraph = matches!(tag, "p" | "pre" | "td" | "blockquote" | "dd")
            || (matches!(tag, "div" | "section" | "span" | "font" | "li")
                && has_direct_text(doc, id as u32));
        if !paragraph {
            continue;
        }
        let text = sizes.text[id] as f32;
        let block_score = (1.0 + sizes.commas[id] as f32 + (text / 100.0).min(3.0))
            * (1.0 - link_density(&sizes, id));
        let mut ancestor = doc.nodes[id].parent;
        let mut level = 0;
        while ancestor != super::dom::NONE && ancestor != 0 && level < 5 {
            let a = ancestor as usize;
            if !scored[a] {
                scored[a] = true;
                let tag = doc.name(ancestor).unwrap_or("");
                score[a] += base_score(doc, ancestor, tag, marks);
            }
            score[a] += match level {
                0 => block_score,
                1 => block_score / 2.0,
                _ => block_score / (level as f32 * 3.0),
            };
            ancestor = doc.nodes[a].parent;
            level += 1;
        }
    }
    let mut best = None::<(usize, f32)>;
    for id in 1..count {
        if !scored[id] || marks.boilerplate[id] {
            continue;
        }
        let final_score = score[id] * (1.0 - link_density(&sizes, id));
        score[id] = final_score;
        if best.is_none_or(|(_, s)| final_score > s) {
            best = Some((id, final_score));
        }
    }
    let Some((top, top_score)) = best else {
        return String::new();
    };
    let mut top = top as u32;
    // An article split into chunks under different parents (`article__body` once per chunk):
    // climb to the nearest common ancestor of the top and any close runner-up.
    for (id, &s) in score.iter().enumerate() {
        if id as u32 == top || !scored[id] || marks.boilerplate[id] || s < top_score * 0.4 {
            continue;
        }
        let same_kind = doc.name(id as u32) == doc.name(top)
            && class_and_id(doc, id as u32) == class_and_id(doc, top);
        if !same_kind {
            continue;
        }
        if let Some(common) = common_ancestor(doc, top, id as u32, 3) {
            top = common;
        }
    }
    // The article may be split across siblings of the container (an ad slot between parts).
    let parent = doc.parent(top);
    let threshold = (top_score * 0.2).max(10.0);
    let mut roots = Vec::new();
    if parent == super::dom::NONE {
        roots.push(top);
    } else {
        for sibling in doc.children(parent) {
            let s = sibling as usize;
            if sibling == top {
                roots.push(sibling);
                continue;
            }
            if marks.boilerplate[s] || doc.name(sibling).is_none() {
                continue;
            }
            let density = link_density(&sizes, s);
            let prose = doc.is(sibling, "p")
                && ((sizes.text[s] >= 80 && density < 0.25)
                    || (density == 0.0 && ends_sentence(&doc.text_content(sibling))));
            if (scored[s] && score[s] >= threshold && density < 0.3) || prose {
                roots.push(sibling);
            }
        }
    }
    let mut blocks = Vec::new();
    for root in roots {
        collect_blocks(doc, marks, &sizes, root, &mut blocks);
    }
    clean_blocks(blocks, headline)
}

/// The nearest common ancestor of `a` and `b`, if it is at most `max_up` levels above `a`
/// and neither is inside the other.
fn common_ancestor(doc: &Document, a: u32, b: u32, max_up: usize) -> Option<u32> {
    let mut above_a = Vec::with_capacity(max_up);
    let mut at = doc.parent(a);
    while at != super::dom::NONE && above_a.len() < max_up {
        above_a.push(at);
        at = doc.parent(at);
    }
    let mut at = doc.parent(b);
    let mut steps = 0;
    while at != super::dom::NONE && steps < 64 {
        if at == a {
            return None;
        }
        if let Some(&common) = above_a.iter().find(|&&x| x == at) {
            return (common != 0 && !doc.is(common, "body")).then_some(common);
        }
        at = doc.parent(at);
        steps += 1;
    }
    None
}

fn ends_sentence(text: &str) -> bool {
    text.trim_end()
        .ends_with(['.', '!', '?', '"', '”', '»', '…'])
}

/// A paragraph of output text with what is known about where it came from.
struct Block {
    text: String,
    /// Characters inside links.
    link_chars: usize,
    /// The innermost block element it came from.
    tag: String,
}

/// Walks `root` and cuts its text into blocks at block elements, skipping boilerplate.
fn collect_blocks(doc: &Document, marks: &Marks, sizes: &Sizes, root: u32, out: &mut Vec<Block>) {
    let mut current = Block {
        text: String::new(),
        link_chars: 0,
        tag: doc.name(root).unwrap_or("").to_string(),
    };
    let mut in_link_depth = 0usize;
    // (node, leaving)
    let mut stack: Vec<(u32, bool)> = vec![(root, false)];
    let mut children = Vec::new();
    while let Some((id, leaving)) = stack.pop() {
        let tag = doc.name(id);
        if leaving {
            if tag == Some("a") {
                in_link_depth = in_link_depth.saturating_sub(1);
            }
            if tag.is_some_and(is_block) {
                flush(&mut current, out, tag.unwrap_or(""));
            }
            continue;
        }
        if marks.boilerplate[id as usize] {
            continue;
        }
        match &doc.nodes[id as usize].data {
            NodeData::Text(text) => {
                push_text(&mut current.text, text);
                if in_link_depth > 0 {
                    current.link_chars += text.chars().filter(|c| !c.is_whitespace()).count();
                }
            }
            NodeData::Element { name, .. } => {
                let tag = name.as_ref();
                if sizes.text[id as usize] == 0 && tag != "br" {
                    continue;
                }
                if is_block(tag) {
                    flush(&mut current, out, tag);
                    current.tag = tag.to_string();
                }
                if tag == "a" {
                    in_link_depth += 1;
                }
                stack.push((id, true));
                children.clear();
                children.extend(doc.children(id));
                stack.extend(children.iter().rev().map(|&c| (c, false)));
            }
            NodeData::Document => {}
        }
    }
    flush(&mut current, out, "");
}

fn push_text(out: &mut String, text: &str) {
    for (i, word) in text.split(char::is_whitespace).enumerate() {
        if i > 0 && !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
        out.push_str(word);
    }
}

fn flush(current: &mut Block, out: &mut Vec<Block>, next_tag: &str) {
    let text = current.text.trim();
    if !text.is_empty() {
        out.push(Block {
            text: text.to_string(),
            link_chars: current.link_chars,
            tag: std::mem::take(&mut current.tag),
        });
    }
    current.text.clear();
    current.link_chars = 0;
    current.tag = next_tag.to_string();
}

/// One-line texts that are page furniture, not article text (compared lowercase, without
/// trailing punctuation).
const FURNITURE: &[&str] = &[
    "advertisement",
    "advertisements",
    "anzeige",
    "publicité",
    "publicidad",
    "pubblicità",
    "share",
    "share this",
    "share this article",
    "share this story",
    "tweet",
    "email",
    "print",
    "read more",
    "continue reading",
    "related",
    "related articles",
    "related stories",
    "recommended",
    "comments",
    "loading",
    "loading...",
    "sponsored",
    "skip advertisement",
    "story continues below advertisement",
    "article continues below advertisement",
    "continue reading below",
];

/// Drops link lists, the headline and furniture lines; joins the rest with blank lines.
fn clean_blocks(blocks: Vec<Block>, headline: Option<&str>) -> String {
    let headline = headline.map(normalise);
    let mut out = String::new();
    for block in blocks {
        let chars = block.text.chars().filter(|c| !c.is_whitespace()).count();
        let density = if chars == 0 {
            0.0
        } else {
            block.link_chars as f32 / chars as f32
        };
        if density > 0.5 && (chars < 200 || block.tag == "li") {
            continue;
        }
        let lower = block
            .text
            .trim_end_matches([':', '.', '…', '!'])
            .to_lowercase();
        if FURNITURE.contains(&lower.as_str()) {
            continue;
        }
        if block.tag.starts_with('h')
            && headline
                .as_deref()
                .is_some_and(|h| !h.is_empty() && normalise(&block.text) == h)
        {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&block.text);
    }
    out
}

fn normalise(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}
