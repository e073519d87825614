//! Reads Markdown articles with TOML (`+++`) or YAML (`---`) front matter.
//!
//! Front matter is parsed into a loose table first and the known fields are picked out by hand,
//! so that an unexpected extra key (authors, tags, whatever a CMS exports) is tolerated while a
//! known key with a bad value is an error naming its line. The body is rendered with
//! pulldown-cmark; raw HTML in it is shown as text, and the result goes through ammonia, because
//! article text is untrusted and ends up in published pages.

use super::{ReadContext, ReadError, SourceFile, dates};
use crate::model::{Article, InputFormat, Stamp};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::collections::BTreeMap;

/// A front matter value, reduced to what article fields need.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Text(String),
    List(Vec<String>),
    Other(&'static str),
}

/// Reads one Markdown file.
pub fn read(file: &SourceFile, _context: &ReadContext) -> Result<Article, ReadError> {
    let text = std::str::from_utf8(file.bytes).map_err(|e| ReadError::NotUtf8(e.valid_up_to()))?;
    let (fields, front_text, body_md) = split_front_matter(text)?;
    let line_of = |key: &str| key_line(front_text, key);

    let stamp = |key: &str| -> Result<Option<Stamp>, ReadError> {
        match fields.get(key) {
            None => Ok(None),
            Some(Value::Text(s)) => dates::parse_stamp(s).map(Some).ok_or_else(|| {
                ReadError::FrontMatter {
                    line: line_of(key),
                    message: format!(
                        "`{key}`: expected a date like 2026-02-09 or 2026-02-09T10:00:00Z, found {s:?}"
                    ),
                }
            }),
            Some(other) => Err(wrong_type(key, "a date", other, line_of(key))),
        }
    };
    let text_field = |keys: &[&str]| -> Result<Option<String>, ReadError> {
        for key in keys {
            match fields.get(*key) {
                None => continue,
                Some(Value::Text(s)) => {
                    let s = crate::text::squash_whitespace(s);
                    return Ok((!s.is_empty()).then_some(s));
                }
                Some(other) => return Err(wrong_type(key, "text", other, line_of(key))),
            }
        }
        Ok(None)
    };

    let (body, body_html, first_heading) = render_body(body_md);
    let published = match stamp("date")? {
        Some(s) => s,
        None => match dates::day_from_path(file.path) {
            Some(day) => Stamp {
                local: day.and_time(chrono::NaiveTime::MIN),
                stated_offset: None,
                date_only: true,
            },
            None => {
                return Err(ReadError::NoDate(
                    "add `date = 2026-02-09` to the front matter, or put the day in the path"
                        .into(),
                ));
            }
        },
    };
    let title = match text_field(&["title"])?.or(first_heading) {
        Some(t) => t,
        None => {
            return Err(ReadError::NoTitle(
                "add `title` to the front matter or start the body with a `# heading`".into(),
            ));
        }
    };
    let topics = match fields.get("topics") {
        None => Vec::new(),
        Some(Value::List(items)) => items.clone(),
        Some(Value::Text(one)) => vec![one.clone()],
        Some(other) => {
            return Err(wrong_type(
                "topics",
                "a list of names",
                other,
                line_of("topics"),
            ));
        }
    };
    let summary =
        text_field(&["summary", "description"])?.unwrap_or_else(|| super::first_paragraph(&body));
    Ok(Article {
        id: text_field(&["id"])?.unwrap_or_else(|| super::id_from_path(file.path)),
        path: file.path.to_string(),
        format: InputFormat::Markdown,
        title,
        section: text_field(&["section"])?,
        published,
        updated: stamp("updated")?,
        summary,
        body,
        body_html: Some(body_html),
        topics: topics
            .into_iter()
            .map(|t| crate::text::squash_whitespace(&t))
            .filter(|t| !t.is_empty())
            .collect(),
        outlet: text_field(&["source", "outlet", "publisher"])?,
        url: text_field(&["url", "link"])?,
        lang: text_field(&["lang", "language"])?,
        author: text_field(&["author", "by"])?,
        location: None,
        origins: vec![file.path.to_string()],
        warnings: Vec::new(),
    })
}

fn wrong_type(key: &str, expected: &str, found: &Value, line: usize) -> ReadError {
    let found = match found {
        Value::Text(_) => "text",
        Value::List(_) => "a list",
        Value::Other(kind) => kind,
    };
    ReadError::FrontMatter {
        line,
        message: format!("`{key}`: expected {expected}, found {found}"),
    }
}

/// The file line (1-based) where `key` is set in the front matter; 1 (the fence) if not found.
fn key_line(front_text: &str, key: &str) -> usize {
    front_text
        .lines()
        .position(|line| {
            let line = line.trim_start();
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(['=', ':']))
        })
        .map_or(1, |i| i + 2)
}

/// Splits off the front matter and parses it; files without one give an empty table.
fn split_front_matter(text: &str) -> Result<(BTreeMap<String, Value>, &str, &str), ReadError> {
    let start = text.trim_start_matches(['\n', '\r']);
    let fence = if start.starts_with("+++") {
        "+++"
    } else if start.starts_with("---") {
        "---"
    } else {
        return Ok((BTreeMap::new(), "", text));
    };
    let after_open = start[3..]
        .split_once('\n')
        .map(|(_, rest)| rest)
        .ok_or_else(|| ReadError::FrontMatter {
            line: 1,
            message: format!("the front matter opened with `{fence}` is never closed"),
        })?;
    let mut offset = 0;
    let mut close = None;
    for line in after_open.split_inclusive('\n') {
        if line.trim_end() == fence {
            close = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let (end, body_start) = close.ok_or_else(|| ReadError::FrontMatter {
        line: 1,
        message: format!("the front matter opened with `{fence}` is never closed"),
    })?;
    let front = &after_open[..end];
    let body = &after_open[body_start..];
    let fields = if fence == "+++" {
        parse_toml(front)?
    } else {
        parse_yaml(front)?
    };
    Ok((fields, front, body))
}

fn parse_toml(front: &str) -> Result<BTreeMap<String, Value>, ReadError> {
    let table: toml::Table = toml::from_str(front).map_err(|e| ReadError::FrontMatter {
        line: e.span().map_or(1, |s| {
            front[..s.start.min(front.len())].matches('\n').count() + 2
        }),
        message: format!("not valid TOML: {}", e.message().trim()),
    })?;
    Ok(table
        .into_iter()
        .map(|(k, v)| {
            let value = match v {
                toml::Value::String(s) => Value::Text(s),
                toml::Value::Datetime(d) => Value::Text(d.to_string()),
                toml::Value::Array(items) => Value::List(
                    items
                        .into_iter()
                        .map(|i| match i {
                            toml::Value::String(s) => s,
                            other => other.to_string(),
                        })
                        .collect(),
                ),
                toml::Value::Integer(_) | toml::Value::Float(_) => Value::Other("a number"),
                toml::Value::Boolean(_) => Value::Other("true or false"),
                toml::Value::Table(_) => Value::Other("a table"),
            };
            (k, value)
        })
        .collect())
}

fn parse_yaml(front: &str) -> Result<BTreeMap<String, Value>, ReadError> {
    if front.trim().is_empty() {
        return Ok(BTreeMap::new());
    }
    let value: serde_json::Value =
        serde_saphyr::from_str(front).map_err(|e| ReadError::FrontMatter {
            line: e.location().map_or(1, |l| l.line() as usize + 1),
            message: format!(
                "not valid YAML: {}",
                e.to_string().lines().next().unwrap_or("parse error")
            ),
        })?;
    let serde_json::Value::Object(map) = value else {
        return Err(ReadError::FrontMatter {
            line: 2,
            message: "expected `key: value` lines".into(),
        });
    };
    let scalar = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    Ok(map
        .into_iter()
        .map(|(k, v)| {
            let value = match &v {
                serde_json::Value::String(s) => Value::Text(s.clone()),
                serde_json::Value::Array(items) => {
                    Value::List(items.iter().filter_map(scalar).collect())
                }
                serde_json::Value::Number(_) => Value::Other("a number"),
                serde_json::Value::Bool(_) => Value::Other("true or false"),
                serde_json::Value::Null => Value::Other("nothing"),
                serde_json::Value::Object(_) => Value::Other("a table"),
            };
            (k, value)
        })
        .collect())
}

/// Renders Markdown to plain text (paragraphs separated by blank lines) and to sanitized HTML.
/// Also returns the text of a leading `# heading`, which can stand in for a missing title.
fn render_body(markdown: &str) -> (String, String, Option<String>) {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_SMART_PUNCTUATION;
    let mut text = String::new();
    let mut block = String::new();
    let mut first_heading = None;
    let mut in_heading = None::<String>;
    let mut seen_block = false;
    let events: Vec<Event> = Parser::new_ext(markdown, options)
        .map(|event| {
            match &event {
                Event::Text(t) | Event::Code(t) => {
                    block.push_str(t);
                    if let Some(h) = in_heading.as_mut() {
                        h.push_str(t);
                    }
                }
                Event::SoftBreak | Event::HardBreak => block.push(' '),
                Event::Start(Tag::Heading { level, .. })
                    if !seen_block && *level == pulldown_cmark::HeadingLevel::H1 =>
                {
                    in_heading = Some(String::new());
                }
                Event::End(TagEnd::Heading(_)) => {
                    if let Some(h) = in_heading.take() {
                        first_heading = Some(crate::text::squash_whitespace(&h));
                        block.clear();
                    }
                    seen_block = true;
                    flush(&mut text, &mut block);
                }
                Event::End(
                    TagEnd::Paragraph | TagEnd::Item | TagEnd::CodeBlock | TagEnd::TableRow,
                ) => {
                    seen_block = true;
                    flush(&mut text, &mut block);
                }
                Event::End(TagEnd::TableCell) => block.push(' '),
                _ => {}
            }
            // Raw HTML is shown as text, never passed through.
            match event {
                Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
                other => other,
            }
        })
        .collect();
    flush(&mut text, &mut block);
    // Drop the leading heading from the HTML when it became the title.
    let events = if first_heading.is_some() {
        let end = events
            .iter()
            .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
            .map_or(0, |i| i + 1);
        events[end..].to_vec()
    } else {
        events
    };
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    (
        text.trim_end().to_string(),
        sanitize_html(&html),
        first_heading,
    )
}

fn flush(text: &mut String, block: &mut String) {
    let squashed = crate::text::squash_whitespace(block);
    if !squashed.is_empty() {
        text.push_str(&squashed);
        text.push_str("\n\n");
    }
    block.clear();
}

/// Keeps formatting tags and safe links only; scripts, handlers and `javascript:` URLs go.
pub fn sanitize_html(html: &str) -> String {
    ammonia::Builder::default()
        .url_schemes(["http", "https", "mailto"].into())
        .link_rel(Some("noopener noreferrer nofollow"))
        .clean(html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::ReadContext;

    fn read_text(path: &str, text: &str) -> Result<Article, ReadError> {
        let file = SourceFile {
            path,
            bytes: text.as_bytes(),
        };
        read(&file, &ReadContext::new(chrono_tz::UTC))
    }

    #[test]
    fn toml_front_matter_gives_every_field() {
        let a = read_text(
            "a.md",
            "+++\ntitle = \"Talks resume\"\ndate = 2026-02-09T10:00:00+01:00\nupdated = \"2026-02-09 12:00\"\ntopics = [\"Iran\"]\nsource = \"Wire\"\nurl = \"https://example.org/a\"\nlang = \"en\"\n+++\nFirst *paragraph*.\n\nSecond one.\n",
        )
        .unwrap();
        assert_eq!(a.title, "Talks resume");
        assert_eq!(a.published.to_rfc3339(), "2026-02-09T10:00:00+01:00");
        assert_eq!(a.updated.unwrap().to_rfc3339(), "2026-02-09T12:00:00");
        assert_eq!(a.topics, vec!["Iran"]);
        assert_eq!(a.outlet.as_deref(), Some("Wire"));
        assert_eq!(a.summary, "First paragraph.");
        assert_eq!(a.body, "First paragraph.\n\nSecond one.");
        assert!(a.body_html.unwrap().contains("<em>paragraph</em>"));
    }

    #[test]
    fn yaml_front_matter_is_read() {
        let a = read_text(
            "b.md",
            "---\ntitle: Storm warning\ndate: 2026-02-05\ntopics:\n  - Weather\nsummary: A short one.\n---\nBody text.\n",
        )
        .unwrap();
        assert_eq!(a.title, "Storm warning");
        assert!(a.published.date_only);
        assert_eq!(a.summary, "A short one.");
        assert_eq!(a.topics, vec!["Weather"]);
    }

    #[test]
    fn bad_date_names_the_line() {
        let err = read_text(
            "c.md",
            "+++\ntitle = \"x\"\ndate = \"Feb 9th\"\n+++\nBody\n",
        )
        .unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("front matter line 3:"), "{text}");
        assert!(text.contains("\"Feb 9th\""), "{text}");
    }

    #[test]
    fn broken_front_matter_is_an_error() {
        assert!(matches!(
            read_text("d.md", "+++\ntitle = \n+++\nBody\n"),
            Err(ReadError::FrontMatter { .. })
        ));
        assert!(matches!(
            read_text("d.md", "+++\ntitle = \"x\"\nBody\n"),
            Err(ReadError::FrontMatter { .. })
        ));
        assert!(matches!(
            read_text("d.md", "---\ntitle: [unclosed\n---\nBody\n"),
            Err(ReadError::FrontMatter { .. })
        ));
        assert!(matches!(
            read_text("d.md", "+++\ntitle = 5\ndate = 2026-01-01\n+++\nBody\n"),
            Err(ReadError::FrontMatter { line: 2, .. })
        ));
    }

    #[test]
    fn raw_html_in_the_body_is_not_passed_through() {
        let a = read_text(
            "e.md",
            "+++\ntitle = \"x\"\ndate = 2026-01-01\n+++\nHi <script>alert(1)</script> [x](javascript:alert(1))\n",
        )
        .unwrap();
        let html = a.body_html.unwrap();
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
    }

    #[test]
    fn missing_date_and_title_fall_back_to_path_and_heading() {
        let a = read_text("2026/02/08/x.md", "# From the heading\n\nBody.\n").unwrap();
        assert_eq!(a.title, "From the heading");
        assert_eq!(a.published.to_rfc3339(), "2026-02-08");
        assert_eq!(a.body, "Body.");
        assert!(matches!(
            read_text("x.md", "# T\n\nBody"),
            Err(ReadError::NoDate(_))
        ));
    }
}
