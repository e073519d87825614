//! Checks that a generated page, feed or email holds nothing executable that came from an
//! article: shared by `tests/injection.rs` and `tests/validity.rs`.
//!
//! A small, strict HTML tag scanner rather than a full parser: it reads every start tag with
//! its attributes (entities decoded, as a browser would) and every script's text, and reports
//! anything a browser would run or a template engine would interpret. The site's own scripts
//! are allowed when they are what templates may add: an empty `<script src>` pointing at a file
//! of the site, or a JSON data block.

#![allow(dead_code)] // Each test binary uses a different part of this module.

/// One start tag.
#[derive(Debug, Clone)]
pub struct Tag {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    /// For `<script>` and `<style>`: the raw text up to the end tag.
    pub text: String,
}

impl Tag {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The start tags of `html`, in order. Comments, doctypes and end tags are skipped.
pub fn tags(html: &str) -> Vec<Tag> {
    let bytes = html.as_bytes();
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(offset) = html[i..].find('<') {
        i += offset;
        if html[i..].starts_with("<!--") {
            i = html[i..].find("-->").map_or(html.len(), |e| i + e + 3);
            continue;
        }
        let next = bytes.get(i + 1).copied().unwrap_or(b' ');
        if !next.is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < bytes.len() && !bytes[j].is_ascii_whitespace() && !b"/>".contains(&bytes[j]) {
            j += 1;
        }
        let name = html[i + 1..j].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while j < bytes.len() && (bytes[j].is_ascii_whitespace() || bytes[j] == b'/') {
                j += 1;
            }
            if j >= bytes.len() || bytes[j] == b'>' {
                j += 1;
                break;
            }
            let start = j;
            while j < bytes.len() && !bytes[j].is_ascii_whitespace() && !b"=>/".contains(&bytes[j])
            {
                j += 1;
            }
            let attr_name = html[start..j].to_ascii_lowercase();
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            let mut value = String::new();
            if j < bytes.len() && bytes[j] == b'=' {
                j += 1;
                while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                    j += 1;
                }
                if j < bytes.len() && (bytes[j] == b'"' || bytes[j] == b'\'') {
                    let quote = bytes[j] as char;
                    let end = html[j + 1..].find(quote).map_or(html.len(), |e| j + 1 + e);
                    value = decode_entities(&html[j + 1..end]);
                    j = (end + 1).min(html.len());
                } else {
                    let start = j;
                    while j < bytes.len() && !bytes[j].is_ascii_whitespace() && bytes[j] != b'>' {
                        j += 1;
                    }
                    value = decode_entities(&html[start..j]);
                }
            }
            if !attr_name.is_empty() {
                attrs.push((attr_name, value));
            }
        }
        let mut text = String::new();
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            let end = lower[j.min(html.len())..]
                .find(&close)
                .map_or(html.len(), |e| j + e);
            text = html[j.min(end)..end].to_string();
            j = end;
        }
        out.push(Tag { name, attrs, text });
        i = j.min(html.len());
    }
    out
}

/// Decodes the character references a browser decodes in attribute values.
pub fn decode_entities(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[1..]
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '#')
            .map_or(rest.len(), |e| e + 1);
        let entity = &rest[1..end];
        let decoded = match entity.to_ascii_lowercase().as_str() {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "colon" => Some(':'),
            "tab" => Some('\t'),
            "newline" => Some('\n'),
            e if e.starts_with("#x") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = rest[end..].strip_prefix(';').unwrap_or(&rest[end..]);
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The scheme of a URL as a browser reads it (whitespace and controls dropped), if any.
pub fn url_scheme(url: &str) -> Option<String> {
    let squashed: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    let colon = squashed.find(':')?;
    match squashed.find(['/', '?', '#']) {
        Some(delimiter) if delimiter < colon => None,
        _ => Some(squashed[..colon].to_string()),
    }
}

/// Attributes whose value a browser loads or navigates to.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "poster",
    "background",
    "cite",
    "data",
    "srcset",
    "ping",
    "manifest",
    "codebase",
    "longdesc",
    "dynsrc",
    "lowsrc",
];

/// Elements that run or embed code, or change how the page loads; no template uses them, except
/// the site's own search form (a GET form to a page of the site).
const ACTIVE_ELEMENTS: &[&str] = &[
    "iframe", "frame", "frameset", "object", "embed", "applet", "base", "form", "svg", "math",
    "portal", "xml", "import",
];

/// Everything executable in one HTML document. `exists` tells whether a same-origin script
/// `src` (as written in the page) names a file of the site.
pub fn active_content(html: &str, exists: &dyn Fn(&str) -> bool) -> Vec<String> {
    let mut problems = Vec::new();
    for tag in tags(html) {
        let name = tag.name.as_str();
        // The site's own search box: a GET form to a page of the site.
        let own_search_form = name == "form"
            && tag
                .attr("method")
                .is_some_and(|m| m.eq_ignore_ascii_case("get"))
            && tag.attr("action").is_some_and(|action| {
                url_scheme(action).is_none()
                    && !action.trim_start().starts_with("//")
                    && (exists(action) || exists(&format!("{action}index.html")))
            });
        if ACTIVE_ELEMENTS.contains(&name) && !own_search_form {
            problems.push(format!("a <{name}> element"));
        }
        if name == "meta"
            && tag
                .attr("http-equiv")
                .is_some_and(|v| v.eq_ignore_ascii_case("refresh"))
        {
            problems.push("a <meta http-equiv=refresh>".into());
        }
        for (attr, value) in &tag.attrs {
            if attr.starts_with("on") {
                problems.push(format!("an event handler {attr}={value:?} on <{name}>"));
            }
            if attr == "style" || name == "style" {
                let css: String = value
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect::<String>()
                    .to_ascii_lowercase();
                for bad in ["expression(", "javascript:", "behavior:", "-moz-binding"] {
                    if css.contains(bad) {
                        problems.push(format!("CSS {bad} in <{name} style={value:?}>"));
                    }
                }
            }
            if URL_ATTRIBUTES.contains(&attr.as_str()) {
                let urls: Vec<&str> = if attr == "srcset" {
                    value.split(',').collect()
                } else {
                    vec![value.as_str()]
                };
                for url in urls {
                    if let Some(scheme) = url_scheme(url)
                        && !matches!(scheme.as_str(), "http" | "https" | "mailto")
                    {
                        problems.push(format!("a {scheme}: URL in <{name} {attr}={value:?}>"));
                    }
                }
            }
        }
        if name == "style" {
            let css = tag
                .text
                .to_ascii_lowercase()
                .replace(char::is_whitespace, "");
            if css.contains("expression(") || css.contains("javascript:") {
                problems.push(format!("active CSS in a <style> block: {:?}", tag.text));
            }
        }
        if name == "script" {
            let data_block = tag.attr("type").is_some_and(|t| {
                matches!(
                    t.to_ascii_lowercase().as_str(),
                    "application/json" | "application/ld+json"
                )
            });
            match tag.attr("src") {
                _ if data_block => {
                    if tag.text.contains('<') {
                        problems.push(format!("markup inside a JSON script block: {:?}", tag.text));
                    }
                }
                Some(src) => {
                    let own = url_scheme(src).is_none() && !src.trim_start().starts_with("//");
                    if !own || !exists(src) {
                        problems.push(format!("a script from {src:?}, not a file of the site"));
                    }
                    if !tag.text.trim().is_empty() {
                        problems.push(format!("a script with both src and text: {:?}", tag.text));
                    }
                }
                None => problems.push(format!("an inline script: {:?}", tag.text)),
            }
        }
    }
    problems
}

/// Template syntax from the injection corpus that would show if a template engine had
/// evaluated it: `{{ 1234*1000 }}` gives 1234000, the `for` loop gives LOOPLOOPLOOP, the `if`
/// leaves IFRAN without the `}` of its tag before it.
pub fn evaluated_templates(text: &str) -> Vec<String> {
    let mut problems = Vec::new();
    if text.contains("1234000") {
        problems.push("`{{ 1234*1000 }}` was evaluated (1234000)".to_string());
    }
    if text.contains("LOOPLOOP") {
        problems.push("a `{% for %}` loop ran (LOOPLOOP)".to_string());
    }
    for (at, _) in text.match_indices("IFRAN") {
        if !text[..at].ends_with('}') {
            problems.push(format!(
                "a `{{% if %}}` was evaluated: {:?}",
                &text[at.saturating_sub(30)..at + 5]
            ));
        }
    }
    problems
}

#[cfg(test)]
mod self_test {
    use super::*;

    /// The checker itself must find each kind of payload, or the tests that use it prove nothing.
    #[test]
    fn the_checker_finds_every_kind_of_payload() {
        let none = |_: &str| false;
        for bad in [
            "<script>alert(1)</script>",
            "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
            "<script src=\"app.js\"></script>",
            "<img src=x onerror=alert(1)>",
            "<svg/onload=alert(1)>",
            "<a href=\" jav&#x61;script:alert(1)\">x</a>",
            "<a href='java\tscript:alert(1)'>x</a>",
            "<a href=\"data:text/html,x\">x</a>",
            "<p style=\"width: expression(alert(1))\">x</p>",
            "<iframe src=\"https://example.org\"></iframe>",
            "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        ] {
            assert!(!active_content(bad, &none).is_empty(), "missed {bad}");
        }
        let own = |src: &str| src == "../search.js";
        for fine in [
            "<p>&lt;script&gt;alert(1)&lt;/script&gt; onerror=alert(1)</p>",
            "<a href=\"https://example.org/a:b\">x</a> <a href=\"../x/\">y</a>",
            "<script src=\"../search.js\"></script>",
            "<script type=\"application/json\">{\"a\":\"\\u003c\"}</script>",
            "<!-- <script>alert(1)</script> -->",
        ] {
            assert_eq!(active_content(fine, &own), Vec::<String>::new(), "{fine}");
        }
        assert!(!evaluated_templates("x 1234000 y").is_empty());
        assert!(!evaluated_templates("Title IFRAN").is_empty());
        assert!(evaluated_templates("{% if true %}IFRAN{% endif %} {{ 1234*1000 }}").is_empty());
    }
}
