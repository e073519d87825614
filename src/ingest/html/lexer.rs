//! The lexical half of the HTML parser: tag names, attributes, raw-text ends and character
//! references. Kept apart from the tree rules in `dom` so each reads on its own; everything
//! here works on byte offsets into the page and borrows from it unless a reference or an
//! uppercase name forces a copy.

use std::borrow::Cow;

/// Where a tag name ends: at whitespace, `/`, `>` or the end.
pub(super) fn tag_name_end(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|b| b.is_ascii_whitespace() || *b == b'/' || *b == b'>')
        .map_or(bytes.len(), |p| from + p)
}

pub(super) fn lowercase(text: &str) -> Cow<'_, str> {
    if text.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(text.to_ascii_lowercase())
    } else {
        Cow::Borrowed(text)
    }
}

pub(super) type Attrs<'a> = Vec<(Cow<'a, str>, Cow<'a, str>)>;

/// Reads attributes from `from` to the tag's `>`: (attributes, self-closing, position after `>`).
pub(super) fn parse_attributes(html: &str, from: usize) -> (Attrs<'_>, bool, usize) {
    let bytes = html.as_bytes();
    let mut attrs: Attrs = Vec::new();
    let mut pos = from;
    let mut self_closing = false;
    loop {
        while pos < bytes.len() && (bytes[pos].is_ascii_whitespace() || bytes[pos] == b'/') {
            self_closing = bytes[pos] == b'/';
            pos += 1;
        }
        if pos >= bytes.len() {
            return (attrs, self_closing, bytes.len());
        }
        if bytes[pos] == b'>' {
            return (attrs, self_closing, pos + 1);
        }
        self_closing = false;
        let name_start = pos;
        pos += 1; // The first character may be anything, even `=`.
        while pos < bytes.len()
            && !(bytes[pos].is_ascii_whitespace() || matches!(bytes[pos], b'/' | b'>' | b'='))
        {
            pos += 1;
        }
        let name = lowercase(&html[name_start..pos]);
        let mut after_name = pos;
        while after_name < bytes.len() && bytes[after_name].is_ascii_whitespace() {
            after_name += 1;
        }
        let mut value: Cow<str> = Cow::Borrowed("");
        if bytes.get(after_name) == Some(&b'=') {
            pos = after_name + 1;
            while pos < bytes.len() && bytes[pos].is_ascii_whitespace() {
                pos += 1;
            }
            match bytes.get(pos) {
                Some(&quote @ (b'"' | b'\'')) => {
                    let start = pos + 1;
                    let end = memchr::memchr(quote, &bytes[start.min(bytes.len())..])
                        .map_or(bytes.len(), |e| start + e);
                    value = decode_entities(&html[start.min(end)..end]);
                    pos = (end + 1).min(bytes.len());
                }
                Some(_) => {
                    let start = pos;
                    while pos < bytes.len()
                        && !(bytes[pos].is_ascii_whitespace() || bytes[pos] == b'>')
                    {
                        pos += 1;
                    }
                    value = decode_entities(&html[start..pos]);
                }
                None => {}
            }
        }
        if !name.is_empty() && !attrs.iter().any(|(k, _)| *k == name) {
            attrs.push((name, value));
        }
    }
}

/// For raw-text content starting at `from`: (end of the content, position after the end tag).
pub(super) fn find_end_tag(bytes: &[u8], from: usize, tag: &str) -> (usize, usize) {
    let mut at = from;
    while let Some(found) = find(bytes, at, b"</") {
        let name_start = found + 2;
        let name_end = name_start + tag.len();
        if name_end <= bytes.len()
            && bytes[name_start..name_end].eq_ignore_ascii_case(tag.as_bytes())
            && bytes
                .get(name_end)
                .is_none_or(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')
        {
            let after =
                memchr::memchr(b'>', &bytes[name_end..]).map_or(bytes.len(), |e| name_end + e + 1);
            return (found, after);
        }
        at = found + 2;
    }
    (bytes.len(), bytes.len())
}

pub(super) fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from >= bytes.len() {
        return None;
    }
    memchr::memmem::find(&bytes[from..], needle).map(|p| from + p)
}

/// Decodes character references (`&amp;`, `&eacute;`, `&#8217;`, `&#x2019;`) and drops NULs.
pub fn decode_entities(text: &str) -> Cow<'_, str> {
    if !text.contains(['&', '\0']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(['&', '\0']) {
        out.push_str(&rest[..at]);
        if rest.as_bytes()[at] == 0 {
            rest = &rest[at + 1..];
            continue;
        }
        let after = &rest[at + 1..];
        match decode_reference(after) {
            Some((decoded, used)) => {
                out.push(decoded.0);
                if let Some(second) = decoded.1 {
                    out.push(second);
                }
                rest = &after[used..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// One reference after its `&`: the character(s) and how many bytes it used.
fn decode_reference(after: &str) -> Option<((char, Option<char>), usize)> {
    let bytes = after.as_bytes();
    if bytes.first() == Some(&b'#') {
        let (hex, start) = match bytes.get(1) {
            Some(b'x' | b'X') => (true, 2),
            _ => (false, 1),
        };
        let digits = bytes[start..]
            .iter()
            .take_while(|b| {
                if hex {
                    b.is_ascii_hexdigit()
                } else {
                    b.is_ascii_digit()
                }
            })
            .count();
        if digits == 0 {
            return None;
        }
        let number = u32::from_str_radix(&after[start..start + digits], if hex { 16 } else { 10 })
            .unwrap_or(0x110000);
        let mut used = start + digits;
        if bytes.get(used) == Some(&b';') {
            used += 1;
        }
        let decoded = match number {
            0x80..=0x9F => web_atoms::C1_REPLACEMENTS[(number - 0x80) as usize]
                .unwrap_or(char::REPLACEMENT_CHARACTER),
            0 => char::REPLACEMENT_CHARACTER,
            _ => char::from_u32(number).unwrap_or(char::REPLACEMENT_CHARACTER),
        };
        return Some(((decoded, None), used));
    }
    let name_len = bytes
        .iter()
        .take(32)
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    if name_len == 0 {
        return None;
    }
    let with_semicolon = bytes.get(name_len) == Some(&b';');
    let key = if with_semicolon {
        &after[..name_len + 1]
    } else {
        &after[..name_len]
    };
    let &(first, second) = web_atoms::NAMED_ENTITIES.get(key)?;
    if first == 0 {
        return None;
    }
    let first = char::from_u32(first)?;
    let second = (second != 0).then(|| char::from_u32(second)).flatten();
    Some(((first, second), key.len()))
}
