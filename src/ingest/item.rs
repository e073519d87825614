//! What the structured readers (JSON, feeds, wire) share: naming an item in a warning, giving it
//! an id, making a title when a source has none, and turning the HTML snippets that feeds and
//! APIs put in text fields into plain paragraphs.
//!
//! The HTML here is a snippet inside a field, not a page, so a small tag stripper is enough: block
//! tags become paragraph breaks, `script`/`style` are dropped, entities are decoded. It never
//! fails; broken markup comes out as text. Whole HTML pages are the HTML reader's job.

/// How warnings name item `index` (1-based) of a file: `item 3` or `item 3 (id "abc")`; JSON
/// Lines files name the `line` instead.
pub fn item_label(unit: &str, index: usize, source_id: Option<&str>) -> String {
    match source_id {
        Some(id) => format!("{unit} {index} (id {:?})", shorten(id, 60)),
        None => format!("{unit} {index}"),
    }
}

/// The articles and skipped items of a many-article file. The file as a whole fails only when
/// none of its `total` items is usable; the error then gives the first item's reason.
pub fn file_articles(
    path: &str,
    articles: Vec<crate::model::Article>,
    skipped_reasons: Vec<String>,
    total: usize,
) -> Result<super::FileArticles, super::ReadError> {
    if articles.is_empty() {
        return Err(super::ReadError::NoItems(match skipped_reasons.first() {
            None => "the file holds no items".to_string(),
            Some(first) if total == 1 => first.clone(),
            Some(first) => format!("none of its {total} items could be used; {first}"),
        }));
    }
    Ok(super::FileArticles {
        articles,
        skipped: skipped_reasons
            .into_iter()
            .map(|reason| crate::model::Skipped {
                path: path.to_string(),
                reason,
            })
            .collect(),
    })
}

/// The id of item `index` (1-based) of a many-article file: the source's own id when it has one,
/// else `<path-id>-<index>`.
pub fn item_id(path: &str, index: usize, source_id: Option<&str>) -> String {
    match source_id {
        Some(id) => id.to_string(),
        None => format!("{}-{index}", super::id_from_path(path)),
    }
}

/// A headline made from a body that came without one: its first sentence, cut at a word near
/// 100 characters.
pub fn title_from_text(body: &str) -> Option<String> {
    let first = super::first_paragraph(body);
    let sentence = crate::text::sentences(&first)
        .into_iter()
        .next()
        .unwrap_or(first.as_str())
        .trim()
        .to_string();
    if sentence.is_empty() {
        return None;
    }
    Some(shorten(&sentence, 100))
}

/// `text` cut at a word boundary to at most about `max` characters, with `…` when cut.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let at_word = match cut.rfind(' ') {
        Some(space) if space > max / 2 => &cut[..space],
        _ => cut.as_str(),
    };
    format!(
        "{}…",
        at_word.trim_end_matches([' ', ',', ';', ':', '-', '.'])
    )
}

/// Plain text from a field's value: HTML snippets are stripped, other text keeps its line breaks
/// as paragraph breaks. Paragraphs come out squashed and separated by a blank line.
pub fn text_paragraphs(value: &str) -> String {
    if looks_like_html(value) {
        html_paragraphs(value)
    } else {
        lines_as_paragraphs(&decode_entities(value))
    }
}

/// Plain text of an HTML snippet, paragraphs separated by a blank line.
pub fn html_paragraphs(html: &str) -> String {
    lines_as_paragraphs(&html_to_text(html))
}

fn lines_as_paragraphs(text: &str) -> String {
    text.split('\n')
        .map(crate::text::squash_whitespace)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// One line of text from a field's value (a title, a name): tags stripped, entities decoded.
pub fn text_line(value: &str) -> String {
    if looks_like_html(value) {
        crate::text::squash_whitespace(&html_to_text(value))
    } else {
        crate::text::squash_whitespace(&decode_entities(value))
    }
}

/// Whether a text field holds HTML markup rather than plain text.
pub fn looks_like_html(text: &str) -> bool {
    let mut end = text.len().min(4096);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let lower = text[..end].to_ascii_lowercase();
    [
        "</p>",
        "<p>",
        "<p ",
        "<br",
        "</div>",
        "</a>",
        "</li>",
        "</em>",
        "</strong>",
        "</b>",
        "</i>",
    ]
    .iter()
    .any(|tag| lower.contains(tag))
}

/// Tags that end a paragraph.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "tr",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "figure",
    "figcaption",
    "pre",
    "hr",
    "dd",
    "dt",
];

/// Plain text of an HTML snippet: one paragraph per line, tags removed, entities decoded.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&decode_entities(&rest[..open]));
        let tag_text = &rest[open..];
        if let Some(comment) = tag_text.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let Some(close) = tag_text.find('>') else {
            // A lone `<`: it is text.
            out.push_str(&decode_entities(tag_text));
            rest = "";
            break;
        };
        let inside = &tag_text[1..close];
        rest = &tag_text[close + 1..];
        let name: String = inside
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() && !inside.starts_with(['/', '!', '?']) {
            // `a < b` written without escaping.
            out.push('<');
            rest = &tag_text[1..];
            continue;
        }
        if (name == "script" || name == "style") && !inside.starts_with('/') {
            let end_tag = format!("</{name}");
            let lower = rest.to_ascii_lowercase();
            rest = lower
                .find(&end_tag)
                .and_then(|end| rest[end..].find('>').map(|gt| &rest[end + gt + 1..]))
                .unwrap_or("");
            continue;
        }
        if BLOCK_TAGS.contains(&name.as_str()) {
            out.push('\n');
        } else if name == "td" || name == "th" {
            out.push(' ');
        }
    }
    out.push_str(&decode_entities(rest));
    out.split('\n')
        .map(crate::text::squash_whitespace)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Decodes `&amp;`, `&#8217;`, `&#x2019;` and the common named entities; anything else is kept.
pub fn decode_entities(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('&') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let decoded = after
            .find(';')
            .filter(|&semi| semi <= 10)
            .and_then(|semi| entity(&after[..semi]).map(|c| (c, semi)));
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

fn entity(name: &str) -> Option<char> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return char::from_u32(code).filter(|c| *c != '\0');
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "laquo" => '«',
        "raquo" => '»',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "euro" => '€',
        "pound" => '£',
        "deg" => '°',
        "eacute" => 'é',
        "egrave" => 'è',
        "aacute" => 'á',
        "agrave" => 'à',
        "iacute" => 'í',
        "oacute" => 'ó',
        "uacute" => 'ú',
        "ntilde" => 'ñ',
        "ccedil" => 'ç',
        "auml" => 'ä',
        "ouml" => 'ö',
        "uuml" => 'ü',
        "szlig" => 'ß',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_snippets_become_paragraphs() {
        let html = "<p>First &amp; <b>bold</b>.</p><p>Second<br>line</p><script>x()</script>";
        assert_eq!(html_to_text(html), "First & bold.\nSecond\nline");
        assert_eq!(text_paragraphs(html), "First & bold.\n\nSecond\n\nline");
        assert_eq!(html_to_text("a < b and <unclosed"), "a < b and <unclosed");
        assert_eq!(html_to_text("<!-- x --><i>y</i>"), "y");
    }

    #[test]
    fn entities_are_decoded() {
        assert_eq!(
            decode_entities("Tom&#8217;s &amp; &#x2019; &bogus; & x"),
            "Tom’s & ’ &bogus; & x"
        );
    }

    #[test]
    fn missing_titles_come_from_the_first_sentence() {
        assert_eq!(
            title_from_text("Storm hits coast. More later.\n\nSecond.").as_deref(),
            Some("Storm hits coast.")
        );
        let long = "word ".repeat(60);
        let title = title_from_text(&long).unwrap();
        assert!(
            title.ends_with('…') && title.chars().count() <= 101,
            "{title}"
        );
        assert_eq!(title_from_text("  "), None);
    }

    #[test]
    fn items_are_named_and_given_ids() {
        assert_eq!(item_label("item", 3, None), "item 3");
        assert_eq!(item_label("line", 3, Some("a1")), "line 3 (id \"a1\")");
        assert_eq!(item_id("feeds/world.xml", 2, None), "feeds-world-2");
        assert_eq!(item_id("feeds/world.xml", 2, Some("g-1")), "g-1");
    }
}
