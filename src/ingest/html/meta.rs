//! Reads what a page says about itself in machine-readable form: `<meta>` tags (Open Graph,
//! Dublin Core, Parse.ly, Sailthru, `itemprop`…), `<link rel=canonical>`, `<html lang>`,
//! `<title>` and JSON-LD (`@graph`, arrays and nested objects included).
//!
//! Everything is collected raw, in document order, with the name it was found under; deciding
//! which date to trust is `published`'s job. JSON-LD that is not valid JSON (comments, CDATA
//! wrappers, raw newlines in strings, several objects glued together) is cleaned and retried,
//! and as a last resort its `"datePublished": "…"` pairs are picked out of the text.

use super::dom::{Document, NodeData};
use serde_json::Value;

/// Meta names (lowercase) that state when a page was first published, most trusted first.
pub const PUBLISHED_KEYS: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "article:published",
    "datepublished",
    "article.published",
    "published_time",
    "published-date",
    "publish-date",
    "publishdate",
    "publish_date",
    "published_date",
    "publication_date",
    "date_published",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "dc.date",
    "dcterms.date",
    "dc.created",
    "citation_publication_date",
    "citation_date",
    "citation_online_date",
    "originalpublicationdate",
    "article_date_original",
    "og:pubdate",
    "pubdate",
    "pub_date",
    "rnews:datepublished",
    "shareaholic:article_published_time",
    "cxenseparse:recs:publishtime",
    "article:post_date",
    "bt:pubdate",
    "displaydate",
    "release_date",
    "datecreated",
    "created",
    "creation_date",
    "date",
];

/// Meta names (lowercase) that state when a page was last changed.
pub const MODIFIED_KEYS: &[&str] = &[
    "article:modified_time",
    "og:article:modified_time",
    "og:updated_time",
    "article:modified",
    "datemodified",
    "modified_time",
    "dc.date.modified",
    "dcterms.modified",
    "last-modified",
    "lastmod",
    "modified",
    "updated",
    "revised",
];

/// One JSON-LD object that states a date, with what kind of thing it describes.
#[derive(Debug, Clone, Default)]
pub struct LinkedData {
    pub types: Vec<String>,
    pub published: Option<String>,
    pub created: Option<String>,
    pub modified: Option<String>,
    pub headline: Option<String>,
    pub author: Option<String>,
    pub publisher: Option<String>,
    pub lang: Option<String>,
    pub url: Option<String>,
    /// How deep in the JSON the object sat (0 = top level or `@graph` member).
    pub depth: usize,
}

impl LinkedData {
    /// Whether it describes an article-like creative work (not a site, list or person).
    pub fn is_article(&self) -> bool {
        self.types.iter().any(|t| {
            t.ends_with("Article")
                || matches!(
                    t.as_str(),
                    "BlogPosting"
                        | "LiveBlogPosting"
                        | "SocialMediaPosting"
                        | "DiscussionForumPosting"
                        | "Report"
                        | "Review"
                        | "CreativeWork"
                        | "Blog"
                )
        })
    }
}

/// What the page states about itself.
#[derive(Debug, Default)]
pub struct Metadata {
    /// `(key, value)` of every `<meta>` with content, keys lowercase, in document order.
    pub metas: Vec<(String, String)>,
    /// `itemprop` date values found outside `<meta>` (`<time itemprop=datePublished>`).
    pub itemprops: Vec<(String, String)>,
    pub linked: Vec<LinkedData>,
    pub html_title: Option<String>,
    pub canonical: Option<String>,
    pub lang: Option<String>,
}

impl Metadata {
    /// The first `<meta>` value under any of `keys`, in the order of `keys`.
    pub fn first(&self, keys: &[&str]) -> Option<&str> {
        keys.iter().find_map(|key| {
            self.metas
                .iter()
                .find(|(k, v)| k == key && !v.trim().is_empty())
                .map(|(_, v)| v.trim())
        })
    }
}

/// Collects the page's metadata in one walk over the tree.
pub fn read_metadata(doc: &Document) -> Metadata {
    let mut meta = Metadata::default();
    let mut walk = doc.descendants(0);
    while let Some(id) = walk.next() {
        let NodeData::Element { name, .. } = &doc.nodes[id as usize].data else {
            continue;
        };
        match name.as_ref() {
            "meta" => {
                let content = doc.attr(id, "content").or_else(|| doc.attr(id, "value"));
                let Some(content) = content else { continue };
                for key_attr in ["property", "name", "itemprop", "http-equiv"] {
                    if let Some(key) = doc.attr(id, key_attr) {
                        meta.metas
                            .push((key.trim().to_ascii_lowercase(), content.to_string()));
                    }
                }
            }
            "link" => {
                if meta.canonical.is_none()
                    && doc
                        .attr(id, "rel")
                        .is_some_and(|r| r.eq_ignore_ascii_case("canonical"))
                {
                    meta.canonical = doc.attr(id, "href").map(|h| h.trim().to_string());
                }
            }
            "title" => {
                if meta.html_title.is_none() {
                    let text = crate::text::squash_whitespace(&doc.text_content(id));
                    meta.html_title = (!text.is_empty()).then_some(text);
                }
                walk.skip_children(id);
            }
            "html" => {
                meta.lang = doc
                    .attr(id, "lang")
                    .or_else(|| doc.attr(id, "xml:lang"))
                    .map(|l| l.trim().to_string())
                    .filter(|l| !l.is_empty());
            }
            "script" => {
                if doc
                    .attr(id, "type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"))
                {
                    let text = doc.text_content_raw(id);
                    read_linked_data(&text, &mut meta.linked);
                }
                walk.skip_children(id);
            }
            "style" | "svg" => walk.skip_children(id),
            _ => {
                if let Some(prop) = doc.attr(id, "itemprop") {
                    let prop = prop.trim().to_ascii_lowercase();
                    if matches!(
                        prop.as_str(),
                        "datepublished" | "datecreated" | "datemodified"
                    ) {
                        let value = doc
                            .attr(id, "content")
                            .or_else(|| doc.attr(id, "datetime"))
                            .map(str::to_string)
                            .unwrap_or_else(|| doc.text_content(id));
                        meta.itemprops.push((prop, value));
                    }
                }
            }
        }
    }
    meta
}

impl Document<'_> {
    /// The raw text of a `script` element (its only child).
    pub fn text_content_raw(&self, id: u32) -> String {
        self.children(id)
            .filter_map(|c| self.text(c))
            .collect::<Vec<_>>()
            .concat()
    }
}

/// Parses one JSON-LD block into the objects in it that carry dates or article fields.
pub fn read_linked_data(text: &str, out: &mut Vec<LinkedData>) {
    let trimmed = text.trim();
    let value = serde_json::from_str::<Value>(trimmed)
        .ok()
        .or_else(|| serde_json::from_str::<Value>(&clean_json(trimmed)).ok());
    match value {
        Some(value) => collect_objects(&value, out),
        None => {
            // Broken JSON: pick the date pairs out of the text.
            let mut found = LinkedData {
                published: string_after_key(trimmed, "\"datePublished\""),
                created: string_after_key(trimmed, "\"dateCreated\""),
                modified: string_after_key(trimmed, "\"dateModified\""),
                ..LinkedData::default()
            };
            if found.published.is_some() || found.modified.is_some() {
                if trimmed.contains("Article\"") || trimmed.contains("BlogPosting\"") {
                    found.types.push("Article".into());
                }
                out.push(found);
            }
        }
    }
}

/// Makes common JSON-LD mistakes parseable: HTML comment and CDATA wrappers, raw control
/// characters inside strings, and several top-level objects in a row.
fn clean_json(text: &str) -> String {
    let mut t = text.trim();
    for prefix in ["<!--", "//<![CDATA[", "<![CDATA["] {
        t = t.strip_prefix(prefix).unwrap_or(t).trim();
    }
    for suffix in ["-->", "//]]>", "]]>"] {
        t = t.strip_suffix(suffix).unwrap_or(t).trim();
    }
    let mut out = String::with_capacity(t.len() + 2);
    out.push('[');
    let mut in_string = false;
    let mut escaped = false;
    let mut depth = 0i32;
    for c in t.chars() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                '\n' | '\r' | '\t' => {
                    out.push(' ');
                    continue;
                }
                _ => {}
            }
        } else {
            match c {
                '"' => in_string = true,
                '{' | '[' => depth += 1,
                '}' | ']' => depth -= 1,
                _ => {}
            }
            // `}{` or `} {` between top-level objects.
            if depth == 1 && c == '{' && out.trim_end().ends_with('}') {
                out.push(',');
            }
        }
        out.push(c);
    }
    out.push(']');
    out
}

/// The string value after `"key":` in broken JSON.
fn string_after_key(text: &str, key: &str) -> Option<String> {
    let at = text.find(key)?;
    let rest = text[at + key.len()..]
        .trim_start()
        .strip_prefix(':')?
        .trim_start();
    let rest = rest.strip_prefix('"')?;
    let end = rest.find('"')?;
    Some(rest[..end].to_string())
}

/// Walks the JSON without recursion and records every object with a type or a date.
fn collect_objects(root: &Value, out: &mut Vec<LinkedData>) {
    let mut stack: Vec<(&Value, usize)> = vec![(root, 0)];
    while let Some((value, depth)) = stack.pop() {
        if out.len() > 200 {
            return;
        }
        match value {
            Value::Array(items) => {
                for item in items.iter().rev() {
                    stack.push((item, depth));
                }
            }
            Value::Object(map) => {
                let mut found = LinkedData {
                    depth,
                    ..LinkedData::default()
                };
                match map.get("@type") {
                    Some(Value::String(t)) => found.types.push(t.clone()),
                    Some(Value::Array(ts)) => found
                        .types
                        .extend(ts.iter().filter_map(|t| t.as_str().map(str::to_string))),
                    _ => {}
                }
                found.published = map.get("datePublished").and_then(scalar);
                found.created = map.get("dateCreated").and_then(scalar);
                found.modified = map.get("dateModified").and_then(scalar);
                found.headline = map.get("headline").and_then(scalar).or_else(|| {
                    found
                        .is_article()
                        .then(|| map.get("name").and_then(scalar))
                        .flatten()
                });
                found.author = map.get("author").and_then(name_of);
                found.publisher = map.get("publisher").and_then(name_of);
                found.lang = map.get("inLanguage").and_then(scalar);
                found.url = map.get("url").and_then(scalar).or_else(|| {
                    map.get("mainEntityOfPage").and_then(|m| match m {
                        Value::String(s) => Some(s.clone()),
                        Value::Object(o) => o.get("@id").and_then(scalar),
                        _ => None,
                    })
                });
                let useful = !found.types.is_empty()
                    || found.published.is_some()
                    || found.modified.is_some();
                // Children of `@graph` count as top level.
                for (key, child) in map.iter() {
                    if matches!(child, Value::Object(_) | Value::Array(_))
                        && !matches!(key.as_str(), "author" | "publisher" | "image" | "logo")
                    {
                        let child_depth = if key == "@graph" { depth } else { depth + 1 };
                        stack.push((child, child_depth));
                    }
                }
                if useful {
                    out.push(found);
                }
            }
            _ => {}
        }
    }
}

fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(items) => items.iter().find_map(scalar),
        _ => None,
    }
}

/// A person's or organisation's name: a string, `{"name": …}`, or a list of those joined.
fn name_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Object(map) => map.get("name").and_then(|n| match n {
            Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
            _ => None,
        }),
        Value::Array(items) => {
            let names: Vec<String> = items.iter().filter_map(name_of).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_and_arrays_are_walked() {
        let mut out = Vec::new();
        read_linked_data(
            r#"{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"X"},
            {"@type":["NewsArticle"],"headline":"H","datePublished":"2024-03-05T10:00:00+01:00",
             "author":[{"@type":"Person","name":"A"},{"name":"B"}],"publisher":{"name":"Pub"}}]}"#,
            &mut out,
        );
        let article = out.iter().find(|o| o.is_article()).unwrap();
        assert_eq!(
            article.published.as_deref(),
            Some("2024-03-05T10:00:00+01:00")
        );
        assert_eq!(article.author.as_deref(), Some("A, B"));
        assert_eq!(article.publisher.as_deref(), Some("Pub"));
        assert_eq!(article.depth, 0);
    }

    #[test]
    fn broken_json_still_gives_dates() {
        let mut out = Vec::new();
        read_linked_data(
            "{\"@type\":\"Article\",\"headline\":\"line\nbreak\",\"datePublished\":\"2020-01-02\"}",
            &mut out,
        );
        assert_eq!(out[0].published.as_deref(), Some("2020-01-02"));
        let mut out = Vec::new();
        read_linked_data(
            "{\"@type\":\"Article\",\"datePublished\":\"2020-01-02\",}}",
            &mut out,
        );
        assert_eq!(out[0].published.as_deref(), Some("2020-01-02"));
    }
}
