//! Turns the bytes of a saved web page into text, whatever encoding the page was written in.
//!
//! Saved pages come without the HTTP headers that named their encoding, so we go by what the
//! bytes themselves say, in the order browsers trust it: a byte order mark, then a
//! `<meta charset>` or `<meta http-equiv="Content-Type" content="…; charset=…">` near the top.
//! Labels are resolved with `encoding_rs` (the WHATWG Encoding Standard), so `latin1`,
//! `iso-8859-1` and `windows-1252` all mean windows-1252, as they do in a browser.
//!
//! Two departures from a browser, both because saved pages are often re-encoded by whoever
//! saved them: a page that declares a legacy single-byte encoding but is valid UTF-8 with some
//! non-ASCII text is read as UTF-8 (text in a legacy encoding is almost never valid UTF-8 by
//! chance), and a page that declares nothing is read as UTF-8 when valid, else as
//! windows-1252. Undecodable bytes become U+FFFD; decoding never fails and never panics.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use std::borrow::Cow;

/// How far into the file to look for a `<meta>` that names the encoding. The standard says
/// 1024 bytes; real pages put long comments and scripts first, so we look further.
const PRESCAN_LIMIT: usize = 16 * 1024;

/// The page's text, and the name of the encoding it was read with (for warnings).
pub fn decode_page(bytes: &[u8]) -> (Cow<'_, str>, &'static str) {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return (text, encoding.name());
    }
    let declared = declared_encoding(bytes);
    let utf8 = std::str::from_utf8(bytes).ok();
    match (declared, utf8) {
        // Valid UTF-8 wins over no declaration, a UTF-8 declaration, or a single-byte legacy
        // declaration that the page's own bytes contradict.
        (None, Some(text)) => (Cow::Borrowed(text), UTF_8.name()),
        (Some(enc), Some(text)) if enc == UTF_8 || enc.is_single_byte() || text.is_ascii() => {
            (Cow::Borrowed(text), UTF_8.name())
        }
        (Some(enc), _) => {
            let (text, _) = enc.decode_without_bom_handling(bytes);
            (text, enc.name())
        }
        (None, None) => {
            let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
            (text, WINDOWS_1252.name())
        }
    }
}

/// The encoding a `<meta>` tag near the top of the page declares, if any usable one.
pub fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(PRESCAN_LIMIT)];
    let mut from = 0;
    while let Some(at) = find_ascii_ci(&head[from..], b"<meta") {
        let start = from + at + 5;
        let end = memchr::memchr(b'>', &head[start..]).map_or(head.len(), |e| start + e);
        if let Some(label) = charset_in(&head[start..end])
            && let Some(enc) = Encoding::for_label(label)
        {
            // A page cannot really be UTF-16 if its ASCII `<meta>` was readable; browsers
            // read such pages as UTF-8, and x-user-defined as windows-1252.
            return Some(
                if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
                    UTF_8
                } else if enc == encoding_rs::X_USER_DEFINED {
                    WINDOWS_1252
                } else {
                    enc
                },
            );
        }
        from = end;
    }
    None
}

/// The label after `charset=` inside one tag's attribute text (covers both `charset="x"` and
/// `content="text/html; charset=x"`).
fn charset_in(tag: &[u8]) -> Option<&[u8]> {
    let at = find_ascii_ci(tag, b"charset")?;
    let rest = &tag[at + 7..];
    let rest = trim_start(rest);
    let rest = trim_start(rest.strip_prefix(b"=")?);
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let len = rest
        .iter()
        .position(|b| matches!(b, b'"' | b'\'' | b';' | b'/' | b'>') || b.is_ascii_whitespace())
        .unwrap_or(rest.len());
    (len > 0).then(|| &rest[..len])
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let skip = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    &bytes[skip..]
}

/// The first position of `needle` (lowercase ASCII) in `hay`, ignoring ASCII case.
pub fn find_ascii_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let first = needle.first()?;
    let mut from = 0;
    while from + needle.len() <= hay.len() {
        let at = memchr::memchr2(*first, first.to_ascii_uppercase(), &hay[from..])?;
        let start = from + at;
        if start + needle.len() <= hay.len()
            && hay[start..start + needle.len()].eq_ignore_ascii_case(needle)
        {
            return Some(start);
        }
        from = start + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_charset_names_a_legacy_encoding() {
        let page = b"<html><head><meta charset=\"windows-1252\"><title>Caf\xe9</title>";
        let (text, name) = decode_page(page);
        assert!(text.contains("Café"), "{text}");
        assert_eq!(name, "windows-1252");
    }

    #[test]
    fn http_equiv_content_type_is_read() {
        let page = b"<meta http-equiv='Content-Type' content='text/html; charset=iso-8859-2'>\xb1";
        let (text, name) = decode_page(page);
        assert_eq!(name, "ISO-8859-2");
        assert!(text.ends_with('ą'), "{text}");
    }

    #[test]
    fn bom_wins_over_meta() {
        let mut page = vec![0xFF, 0xFE];
        for unit in "<meta charset=latin1>é".encode_utf16() {
            page.extend_from_slice(&unit.to_le_bytes());
        }
        let (text, name) = decode_page(&page);
        assert_eq!(name, "UTF-16LE");
        assert!(text.ends_with('é'));
    }

    #[test]
    fn undeclared_invalid_utf8_falls_back_to_windows_1252() {
        let (text, name) = decode_page(b"<p>M\xe4rz</p>");
        assert_eq!(name, "windows-1252");
        assert!(text.contains("März"));
    }

    #[test]
    fn valid_utf8_beats_a_wrong_legacy_declaration() {
        let page = "<meta charset=iso-8859-1><p>März</p>".as_bytes();
        let (text, _) = decode_page(page);
        assert!(text.contains("März"));
    }
}
