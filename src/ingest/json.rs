//! Reads JSON and JSON Lines exports of articles: one article object, a list of them, an object
//! holding such a list under `articles`, `items` or `data` (NewsAPI), or one object per line.
//!
//! Scrapers and datasets each name their fields differently (news-please `date_publish` and
//! `maintext`, NewsAPI `publishedAt` and `source.name`, news-tls `time` and `text`), so every
//! article field is looked up under a list of common names, after the name the user mapped in
//! `[input.fields]`. Values are parsed into a loose `serde_json::Value` first and checked field
//! by field, so a wrong type (a numeric title, a date that is an object) costs one warning or
//! one item, never the file. An item is skipped only when it has no usable date or neither
//! title nor text; the file fails only when no item is usable.

use super::item::{item_id, item_label, shorten, text_line, text_paragraphs, title_from_text};
use super::{FileArticles, ReadContext, ReadError, SourceFile, dates};
use crate::model::{Article, InputFormat, Stamp};
use serde_json::{Map, Value};

mod fields;
use fields::*;

/// Keys whose list value holds the articles of a wrapping object.
const LIST_KEYS: &[&str] = &["articles", "items", "data"];

/// Whether the text starts like a JSON object or list (`{"`, `{}`, `[{`, `[]`), so that a plain
/// text title such as `[Video] Storm` is not taken for JSON.
pub fn looks_like_json(text: &str) -> bool {
    let mut chars = text.trim_start().chars();
    let first = chars.next();
    let next = chars.find(|c| !c.is_whitespace());
    matches!(
        (first, next),
        (Some('{'), Some('"' | '}')) | (Some('['), Some('{' | ']'))
    )
}

/// Reads one JSON or JSON Lines file.
pub fn read(file: &SourceFile, context: &ReadContext) -> Result<FileArticles, ReadError> {
    let text = std::str::from_utf8(file.bytes).map_err(|e| ReadError::NotUtf8(e.valid_up_to()))?;
    let lower = file.path.to_ascii_lowercase();
    let lines_by_name = lower.ends_with(".jsonl") || lower.ends_with(".ndjson");
    if !lines_by_name {
        match serde_json::from_str::<Value>(text) {
            Ok(value) => return read_value(file, context, value),
            Err(err) if !first_line_is_object(text) => {
                return Err(ReadError::Malformed(format!("not valid JSON: {err}")));
            }
            Err(_) => {}
        }
    }
    let mut items = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_number = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let item = match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(object)) => Ok(object),
            Ok(other) => Err(format!(
                "line {line_number}: expected an article object, found {}",
                kind(&other)
            )),
            Err(err) => Err(format!(
                "line {line_number}: not valid JSON: {}",
                without_position(&err)
            )),
        };
        items.push((line_number, item));
    }
    finish(file, context, InputFormat::JsonLines, "line", items)
}

fn first_line_is_object(text: &str) -> bool {
    text.lines()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| matches!(serde_json::from_str::<Value>(l), Ok(Value::Object(_))))
}

/// serde's message without its `at line 1 column 5` (the line is named separately).
fn without_position(err: &serde_json::Error) -> String {
    let text = err.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

fn read_value(
    file: &SourceFile,
    context: &ReadContext,
    value: Value,
) -> Result<FileArticles, ReadError> {
    let list = match value {
        Value::Object(object) => {
            if object
                .get("version")
                .and_then(Value::as_str)
                .is_some_and(|v| v.starts_with("https://jsonfeed.org/version/"))
            {
                return super::feed::read(file, context);
            }
            let list_key = LIST_KEYS
                .iter()
                .find(|key| matches!(object.get(**key), Some(Value::Array(_))));
            match list_key {
                Some(key) => match object.get(*key) {
                    Some(Value::Array(items)) => items.clone(),
                    _ => Vec::new(),
                },
                None => {
                    let (mut article, made_title) =
                        article_from_object(file, context, &object, None)
                            .map_err(|unusable| unusable.error)?;
                    article.format = InputFormat::Json;
                    let mut read = FileArticles::one(article);
                    add_title_warning(&mut read, usize::from(made_title), 1);
                    return Ok(read);
                }
            }
        }
        Value::Array(items) => items,
        other => {
            return Err(ReadError::Malformed(format!(
                "expected an article object or a list of them, found {}",
                kind(&other)
            )));
        }
    };
    let items = list
        .into_iter()
        .enumerate()
        .map(|(i, value)| match value {
            Value::Object(object) => (i + 1, Ok(object)),
            other => (
                i + 1,
                Err(format!(
                    "item {}: expected an article object, found {}",
                    i + 1,
                    kind(&other)
                )),
            ),
        })
        .collect();
    finish(file, context, InputFormat::Json, "item", items)
}

/// One item of a many-article file: its position (item number or line), and its object or why
/// it is none.
type ListedObject = (usize, Result<Map<String, Value>, String>);

/// Turns the items of a many-article file, in file order, into articles and skips.
fn finish(
    file: &SourceFile,
    context: &ReadContext,
    format: InputFormat,
    unit: &str,
    items: Vec<ListedObject>,
) -> Result<FileArticles, ReadError> {
    let total = items.len();
    let mut articles = Vec::with_capacity(total);
    let mut skipped_reasons = Vec::new();
    let mut made_titles = 0;
    for (index, item) in items {
        let object = match item {
            Ok(object) => object,
            Err(reason) => {
                skipped_reasons.push(reason);
                continue;
            }
        };
        match article_from_object(file, context, &object, Some((unit, index))) {
            Ok((mut article, made_title)) => {
                article.format = format;
                made_titles += usize::from(made_title);
                articles.push(article);
            }
            Err(unusable) => skipped_reasons.push(unusable.reason),
        }
    }
    let mut read = super::item::file_articles(file.path, articles, skipped_reasons, total)?;
    add_title_warning(&mut read, made_titles, total);
    Ok(read)
}

/// Says once per file, on its first article, that titles were made up: a dataset without titles
/// (news-tls) would otherwise give one warning per article.
fn add_title_warning(read: &mut FileArticles, made: usize, total: usize) {
    if made == 0 {
        return;
    }
    let what = if total == 1 {
        "the article has no title".to_string()
    } else {
        format!("{made} of {total} items have no title")
    };
    read.articles[0].warnings.insert(
        0,
        format!(
            "{what}; made from the first sentence of the text (name the title field with [input.fields] title = \"...\")"
        ),
    );
}

/// Why an item could not be used: the reason as a skipped item's warning gives it (naming the
/// item), and the error to give when the item is the whole file.
struct Unusable {
    reason: String,
    error: ReadError,
}

/// Reads one article object. `position` is `(unit, index)` in a many-article file, `None` for a
/// file that is one article. Also tells whether the title was made from the text because the
/// object has no title field at all.
fn article_from_object(
    file: &SourceFile,
    context: &ReadContext,
    object: &Map<String, Value>,
    position: Option<(&str, usize)>,
) -> Result<(Article, bool), Unusable> {
    let names = context.fields;
    let mut warnings = Vec::new();
    let fields = Fields { object };
    let source_id = fields.id(names.id.as_deref());
    let label = position.map(|(unit, index)| item_label(unit, index, source_id.as_deref()));
    let prefix = |message: String| match &label {
        Some(label) => format!("{label}: {message}"),
        None => message,
    };

    let text = fields.body(names.body.as_deref(), &mut warnings);
    let description = fields.text(
        names.summary.as_deref(),
        SUMMARY,
        &mut warnings,
        text_paragraphs,
    );
    // A scrape that lost the text still has its description: better than an empty body.
    let body = match (&description, text.is_empty()) {
        (Some(description), true) => description.clone(),
        _ => text,
    };
    let title_given = fields.text(names.title.as_deref(), TITLE, &mut warnings, text_line);
    let made_title = title_given.is_none() && !fields.has_any(names.title.as_deref(), TITLE);
    let title = match title_given {
        Some(title) => title,
        None => match title_from_text(&body) {
            Some(title) => title,
            None => {
                let mut reason = "no title and no text".to_string();
                if !warnings.is_empty() {
                    reason = format!("{reason} ({})", warnings.join("; "));
                }
                return Err(Unusable {
                    error: ReadError::NoTitle(format!(
                        "{reason}; name the fields with [input.fields] title = \"...\" and body = \"...\""
                    )),
                    reason: prefix(reason),
                });
            }
        },
    };
    let mut date_problems = Vec::new();
    let stated = fields.stamp(names.published.as_deref(), PUBLISHED, &mut date_problems);
    let published = match stated.or_else(|| dates::path_day_stamp(file.path)) {
        Some(stamp) => stamp,
        None => {
            let hint = format!(
                "looked for {}; name the field with [input.fields] published = \"...\"",
                PUBLISHED.join(", ")
            );
            let (reason, error) = match date_problems.first() {
                Some(problem) => (format!("no usable date: {problem}"), problem.clone()),
                None => (format!("no date ({hint})"), hint),
            };
            return Err(Unusable {
                reason: prefix(reason),
                error: ReadError::NoDate(error),
            });
        }
    };
    warnings.extend(date_problems);
    let updated = fields.stamp(names.updated.as_deref(), UPDATED, &mut warnings);
    let summary = description
        .as_deref()
        .map(super::first_paragraph)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| super::first_paragraph(&body));
    let outlet = fields.outlet(names.outlet.as_deref(), &mut warnings);
    let author = fields.author(names.author.as_deref(), &mut warnings);
    let topics = fields.list(names.topics.as_deref(), TOPICS, &mut warnings);
    let article = Article {
        id: match position {
            Some((_, index)) => item_id(file.path, index, source_id.as_deref()),
            None => source_id.unwrap_or_else(|| super::id_from_path(file.path)),
        },
        path: file.path.to_string(),
        format: InputFormat::Json,
        title,
        section: fields.text(names.section.as_deref(), SECTION, &mut warnings, text_line),
        published,
        updated,
        summary,
        body,
        body_html: None,
        topics,
        outlet,
        url: fields.text(names.url.as_deref(), URL, &mut warnings, |s| {
            s.trim().to_string()
        }),
        lang: fields.text(names.lang.as_deref(), LANG, &mut warnings, text_line),
        author,
        location: None,
        origins: vec![file.path.to_string()],
        warnings: warnings.into_iter().map(prefix).collect(),
    };
    Ok((article, made_title))
}

/// A date from text in any common style, epoch seconds or milliseconds, or a MongoDB-style
/// `{"$date": …}`. The error describes what was found instead.
fn stamp_of(value: &Value) -> Result<Stamp, String> {
    match value {
        Value::String(s) => {
            dates::parse_loose_stamp(s).ok_or_else(|| format!("{:?}", shorten(s.trim(), 40)))
        }
        Value::Number(n) => {
            let seconds = n
                .as_i64()
                .or_else(|| n.as_f64().filter(|f| f.is_finite()).map(|f| f as i64));
            seconds
                .and_then(dates::epoch_stamp)
                .ok_or_else(|| format!("the number {n}, which is no time between 1900 and 2200"))
        }
        Value::Object(o) if o.len() == 1 && o.contains_key("$date") => stamp_of(&o["$date"]),
        other => Err(kind(other).to_string()),
    }
}

/// NewsAPI cuts `content` and appends `… [+1234 chars]`; the note is not article text.
fn without_truncation_note(text: &str) -> &str {
    let trimmed = text.trim_end();
    if trimmed.ends_with("chars]")
        && let Some(start) = trimmed.rfind("[+")
    {
        return trimmed[..start].trim_end().trim_end_matches(['…', '.']);
    }
    text
}

/// The kind of a JSON value, as warnings name it.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing (null)",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(path: &str, text: &str) -> Result<FileArticles, ReadError> {
        read(
            &SourceFile {
                path,
                bytes: text.as_bytes(),
            },
            &ReadContext::new(chrono_tz::UTC),
        )
    }

    #[test]
    fn json_is_told_from_bracketed_text() {
        assert!(looks_like_json("{\"title\": 1}"));
        assert!(looks_like_json(" [\n {\"a\": 1}]"));
        assert!(!looks_like_json("[Video] Storm hits"));
        assert!(!looks_like_json("{{template}}"));
    }

    #[test]
    fn epoch_numbers_and_mongo_dates_are_read() {
        let read = read_text(
            "b.json",
            r#"[{"title": "x", "date": 1357120800}, {"title": "y", "date": 1357120800000},
                {"title": "z", "date": {"$date": "2013-01-02T10:00:00Z"}}]"#,
        )
        .unwrap();
        let stamps: Vec<String> = read
            .articles
            .iter()
            .map(|a| a.published.to_rfc3339())
            .collect();
        assert_eq!(stamps, ["2013-01-02T10:00:00Z"; 3]);
    }

    #[test]
    fn dotted_names_reach_into_nested_objects() {
        let object: Map<String, Value> =
            serde_json::from_str(r#"{"meta": {"when": "x"}, "a.b": 1}"#).unwrap();
        assert_eq!(lookup(&object, "meta.when"), Some(&Value::from("x")));
        assert_eq!(lookup(&object, "a.b"), Some(&Value::from(1)));
        assert_eq!(lookup(&object, "meta.who"), None);
    }

    #[test]
    fn truncation_note_is_cut() {
        assert_eq!(
            without_truncation_note("Text here… [+2345 chars]"),
            "Text here"
        );
        assert_eq!(without_truncation_note("Plain."), "Plain.");
    }
}
