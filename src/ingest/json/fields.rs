//! Forgiving, typed look-ups of one article object's fields: the name the user mapped in
//! `[input.fields]` first, then the common names, skipping values of the wrong type with a
//! warning. Separate from the reader so the list of names and the type rules sit in one place.

use super::{kind, stamp_of, without_truncation_note};
use crate::ingest::item::{text_line, text_paragraphs};
use crate::model::Stamp;
use serde_json::{Map, Value};

/// The common names of each field, in order of preference.
pub(super) const ID: &[&str] = &["id", "uid"];
pub(super) const TITLE: &[&str] = &["title", "headline"];
pub(super) const BODY: &[&str] = &[
    "text",
    "content",
    "body",
    "maintext",
    "articleBody",
    "content_text",
    "content_html",
    "sentences",
];
pub(super) const SUMMARY: &[&str] = &["description", "summary"];
pub(super) const PUBLISHED: &[&str] = &[
    "date",
    "time",
    "published",
    "publishedAt",
    "date_publish",
    "pubDate",
    "datePublished",
    "published_at",
    "date_published",
];
pub(super) const UPDATED: &[&str] = &[
    "updated",
    "date_modify",
    "dateModified",
    "updatedAt",
    "updated_at",
    "date_modified",
];
pub(super) const URL: &[&str] = &["url", "link"];
pub(super) const OUTLET: &[&str] = &["source", "source_domain", "publisher"];
pub(super) const LANG: &[&str] = &["lang", "language"];
pub(super) const AUTHOR: &[&str] = &["author", "authors"];
pub(super) const SECTION: &[&str] = &["section"];
pub(super) const TOPICS: &[&str] = &["topics"];

/// One article object with typed, forgiving look-ups. Each getter tries the mapped name, then
/// the common names; a value of the wrong type adds a warning and the next name is tried.
pub(super) struct Fields<'v> {
    pub(super) object: &'v Map<String, Value>,
}

impl<'v> Fields<'v> {
    /// The non-null values present under the mapped name, then the common names.
    pub(super) fn candidates<'n>(
        &self,
        mapped: Option<&'n str>,
        common: &'n [&'n str],
    ) -> impl Iterator<Item = (&'n str, &'v Value)> + use<'n, 'v> {
        let object = self.object;
        mapped
            .into_iter()
            .chain(common.iter().copied())
            .filter_map(move |name| lookup(object, name).map(|value| (name, value)))
            .filter(|(_, value)| !value.is_null())
    }

    pub(super) fn has_any(&self, mapped: Option<&str>, common: &[&str]) -> bool {
        self.candidates(mapped, common).next().is_some()
    }

    pub(super) fn text(
        &self,
        mapped: Option<&str>,
        common: &[&str],
        warnings: &mut Vec<String>,
        clean: impl Fn(&str) -> String,
    ) -> Option<String> {
        for (name, value) in self.candidates(mapped, common) {
            match value {
                Value::String(s) => {
                    let cleaned = clean(s);
                    if !cleaned.is_empty() {
                        return Some(cleaned);
                    }
                }
                other => warnings.push(format!("`{name}`: expected text, found {}", kind(other))),
            }
        }
        None
    }

    /// The source's own id: text or a whole number.
    pub(super) fn id(&self, mapped: Option<&str>) -> Option<String> {
        self.candidates(mapped, ID)
            .find_map(|(_, value)| match value {
                Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
                Value::Number(n) if n.is_i64() || n.is_u64() => Some(n.to_string()),
                _ => None,
            })
    }

    /// The body: text (HTML is stripped, a NewsAPI `[+1234 chars]` tail is cut), a list of
    /// paragraphs, or a list of sentences (news-tls `sentences: [{"raw": …}]`).
    pub(super) fn body(&self, mapped: Option<&str>, warnings: &mut Vec<String>) -> String {
        for (name, value) in self.candidates(mapped, BODY) {
            let text = match value {
                Value::String(s) => text_paragraphs(without_truncation_note(s)),
                Value::Array(parts) => {
                    let texts: Vec<String> = parts
                        .iter()
                        .filter_map(|part| match part {
                            Value::String(s) => Some(s.clone()),
                            Value::Object(o) => ["raw", "text", "sentence"]
                                .iter()
                                .find_map(|k| o.get(*k).and_then(Value::as_str))
                                .map(str::to_string),
                            _ => None,
                        })
                        .collect();
                    let joiner = if name == "sentences" { " " } else { "\n" };
                    text_paragraphs(&texts.join(joiner))
                }
                other => {
                    warnings.push(format!("`{name}`: expected text, found {}", kind(other)));
                    continue;
                }
            };
            if !text.is_empty() {
                return text;
            }
        }
        String::new()
    }

    pub(super) fn stamp(
        &self,
        mapped: Option<&str>,
        common: &[&str],
        warnings: &mut Vec<String>,
    ) -> Option<Stamp> {
        for (name, value) in self.candidates(mapped, common) {
            match stamp_of(value) {
                Ok(stamp) => return Some(stamp),
                Err(found) => warnings.push(format!(
                    "`{name}`: expected a date like 2026-02-09T10:00:00Z, found {found}"
                )),
            }
        }
        None
    }

    /// An outlet: a name, a domain (`www.` dropped) or an object with a `name`.
    pub(super) fn outlet(
        &self,
        mapped: Option<&str>,
        warnings: &mut Vec<String>,
    ) -> Option<String> {
        for (name, value) in self.candidates(mapped, OUTLET) {
            let found = match value {
                Value::String(s) => Some(text_line(s)),
                Value::Object(o) => ["name", "title"]
                    .iter()
                    .find_map(|k| o.get(*k).and_then(Value::as_str))
                    .map(text_line),
                _ => None,
            };
            match found {
                Some(outlet) if !outlet.is_empty() => {
                    let is_domain = !outlet.contains(' ') && outlet.contains('.');
                    return Some(match outlet.strip_prefix("www.") {
                        Some(rest) if is_domain => rest.to_string(),
                        _ => outlet,
                    });
                }
                Some(_) => {}
                None => warnings.push(format!(
                    "`{name}`: expected a name or an object with a name, found {}",
                    kind(value)
                )),
            }
        }
        None
    }

    /// Authors: a name, a list of names, or objects with a `name`; several are joined by commas.
    pub(super) fn author(
        &self,
        mapped: Option<&str>,
        warnings: &mut Vec<String>,
    ) -> Option<String> {
        let name_of = |value: &Value| match value {
            Value::String(s) => Some(text_line(s)),
            Value::Object(o) => o.get("name").and_then(Value::as_str).map(text_line),
            _ => None,
        };
        for (name, value) in self.candidates(mapped, AUTHOR) {
            let names: Vec<String> = match value {
                Value::Array(items) => items.iter().filter_map(name_of).collect(),
                other => match name_of(other) {
                    Some(n) => vec![n],
                    None => {
                        warnings.push(format!(
                            "`{name}`: expected a name or a list of names, found {}",
                            kind(other)
                        ));
                        continue;
                    }
                },
            };
            let names: Vec<String> = names.into_iter().filter(|n| !n.is_empty()).collect();
            if !names.is_empty() {
                return Some(names.join(", "));
            }
        }
        None
    }

    pub(super) fn list(
        &self,
        mapped: Option<&str>,
        common: &[&str],
        warnings: &mut Vec<String>,
    ) -> Vec<String> {
        for (name, value) in self.candidates(mapped, common) {
            match value {
                Value::String(s) => return vec![text_line(s)],
                Value::Array(items) => {
                    return items
                        .iter()
                        .filter_map(Value::as_str)
                        .map(text_line)
                        .filter(|t| !t.is_empty())
                        .collect();
                }
                other => warnings.push(format!(
                    "`{name}`: expected a list of names, found {}",
                    kind(other)
                )),
            }
        }
        Vec::new()
    }
}

/// A key of the object, or a dotted path into nested objects (`meta.headline`).
pub(super) fn lookup<'v>(object: &'v Map<String, Value>, name: &str) -> Option<&'v Value> {
    if let Some(value) = object.get(name) {
        return Some(value);
    }
    let (first, rest) = name.split_once('.')?;
    match object.get(first)? {
        Value::Object(inner) => lookup(inner, rest),
        _ => None,
    }
}
