//! Reads machine-readable date values as pages write them: ISO 8601 in its many spellings,
//! RFC 2822, compact `20240305`, Unix times, a day in a URL path, or a date in a script's JSON
//! data. Split from `published`, which decides between the values; this module only parses.

use super::dates::{DayOrder, ProseDate, find_dates};
use crate::ingest::dates::{day_from_path, parse_stamp};
use crate::model::Stamp;
use chrono::{DateTime, Datelike, NaiveDate, NaiveTime};

/// The earliest year a web page can have been published.
pub const FIRST_YEAR: i32 = 1995;

pub fn day_stamp(day: NaiveDate) -> Stamp {
    Stamp {
        local: day.and_time(NaiveTime::MIN),
        stated_offset: None,
        date_only: true,
    }
}

/// Parses a machine-readable date value: ISO 8601 in its many spellings, RFC 2822, compact
/// `20240305`, a Unix time, or failing those a date in prose.
pub fn parse_date_value(value: &str, order: DayOrder) -> Option<Stamp> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    // Machine-written slashed dates follow the invariant (US) convention: `11/01/2023 12:43`.
    let order = if value.contains('/') && value.contains(':') {
        DayOrder::MonthFirst
    } else {
        order
    };
    let stamp = parse_stamp(value)
        .or_else(|| {
            // `2024-03-05T10:00:00 (local time)`, `2024-03-05 10h00`: keep the day.
            let day = crate::ingest::dates::parse_iso_day(value.get(..10)?)?;
            Some(day_stamp(day))
        })
        .or_else(|| {
            let parsed = DateTime::parse_from_rfc2822(value).ok()?;
            Some(Stamp {
                local: parsed.naive_local(),
                stated_offset: Some(*parsed.offset()),
                date_only: false,
            })
        })
        .or_else(|| {
            let digits = value.bytes().all(|b| b.is_ascii_digit());
            match value.len() {
                8 if digits => day_from_path(value).map(day_stamp),
                10 | 13 if digits => {
                    let seconds: i64 = value[..10].parse().ok()?;
                    let utc = DateTime::from_timestamp(seconds, 0)?;
                    Some(Stamp {
                        local: utc.naive_utc(),
                        stated_offset: Some(chrono::FixedOffset::east_opt(0)?),
                        date_only: false,
                    })
                }
                _ => None,
            }
        })
        .or_else(|| {
            let found = find_dates(value, order);
            found.iter().find_map(|d| d.to_date()).map(day_stamp)
        })?;
    (stamp.day().year() >= FIRST_YEAR && stamp.day().year() <= 2100).then_some(stamp)
}

/// Month-first for US English pages, day-first elsewhere.
pub fn day_order(lang: Option<&str>) -> DayOrder {
    match lang.map(|l| l.to_ascii_lowercase()) {
        Some(l) if l == "en-us" || l == "en_us" => DayOrder::MonthFirst,
        _ => DayOrder::DayFirst,
    }
}

/// The day in a URL path such as `/2024/03/05/slug` or `/2024-03-05-slug`.
pub fn url_day(url: &str) -> Option<NaiveDate> {
    let path = url.split(['?', '#']).next()?;
    let path = path.split_once("//").map_or(path, |(_, rest)| rest);
    let path = path.split_once('/').map_or("", |(_, rest)| rest);
    day_from_path(path).or_else(|| {
        // `/news/20240305-slug` or `-2024-03-05.html` inside a component.
        path.split('/').find_map(|part| {
            find_dates(part, DayOrder::DayFirst)
                .into_iter()
                .filter(|d| d.year.is_some_and(|y| y >= FIRST_YEAR))
                .find_map(|d: ProseDate| d.to_date())
        })
    })
}

/// The target of a redirect: `<meta http-equiv="refresh" content="0; url=…">` gives its
/// content, a script its `location.href = "…"`, `location.replace("…")` or
/// `window.location = "…"`. A saved redirect page names its article's URL only there.
pub fn redirect_url(text: &str, from_script: bool) -> Option<&str> {
    if !from_script {
        let at = text.to_ascii_lowercase().find("url=")?;
        let url = text[at + 4..].trim().trim_matches(['\'', '"']);
        return (!url.is_empty()).then_some(url);
    }
    for key in [
        "location.href",
        "location.replace(",
        "window.location",
        "location.assign(",
    ] {
        let Some(at) = text.find(key) else { continue };
        let rest = text[at + key.len()..].trim_start();
        let rest = rest.strip_prefix('=').unwrap_or(rest).trim_start();
        let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        let rest = &rest[1..];
        let url = &rest[..rest.find(quote)?];
        if url.starts_with("http") || url.starts_with('/') {
            return Some(url);
        }
    }
    None
}

/// A publication date in a script's JSON data, under one of the usual key names.
pub fn script_date(script: &str, order: DayOrder) -> Option<Stamp> {
    const KEYS: &[&str] = &[
        "\"datePublished\"",
        "\"publishedDate\"",
        "\"published_at\"",
        "\"publishDate\"",
        "\"publicationDate\"",
        "\"date_published\"",
        "\"pubDate\"",
        "\"firstPublished\"",
    ];
    KEYS.iter().find_map(|key| keyed_value(script, key, order))
}

/// A full date and time written in a script that prints it into the page
/// (`showDate("2020/04/17 01:43:09")`): a last resort when the page shows no other date. Only
/// date-times count, not bare days, which scripts carry for many other reasons.
pub fn script_datetime(script: &str, order: DayOrder) -> Option<Stamp> {
    let bytes = script.as_bytes();
    let is_digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    (0..bytes.len().saturating_sub(16)).find_map(|i| {
        let shape = (0..4).all(|k| is_digit(i + k))
            && matches!(bytes[i + 4], b'-' | b'/')
            && bytes[i + 7] == bytes[i + 4]
            && (5..7).chain(8..10).all(|k| is_digit(i + k))
            && matches!(bytes[i + 10], b' ' | b'T')
            && is_digit(i + 11)
            && is_digit(i + 12)
            && bytes[i + 13] == b':'
            && (i == 0 || !bytes[i - 1].is_ascii_digit())
            && printed_argument(&script[..i]);
        if !shape {
            return None;
        }
        let text = script.get(i..i + 16)?.replace('/', "-");
        parse_date_value(&text, order).filter(|s| !s.date_only)
    })
}

/// Date-times with an explicit, non-UTC offset written anywhere in a script
/// (`"date":"2023-11-08T22:28:35-05:00"`), at most `limit` of them: the local statement of an
/// instant that structured data may give only in UTC.
pub fn script_offset_stamps(script: &str, order: DayOrder, limit: usize, out: &mut Vec<Stamp>) {
    let bytes = script.as_bytes();
    let is_digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    let mut from = 0;
    while out.len() < limit {
        let Some(t) = memchr::memchr(b'T', &bytes[from..]).map(|k| from + k) else {
            return;
        };
        from = t + 1;
        if t < 10 || t + 15 > bytes.len() {
            continue;
        }
        let i = t - 10;
        let shape = (0..4).all(|k| is_digit(i + k))
            && bytes[i + 4] == b'-'
            && bytes[i + 7] == b'-'
            && (5..7).chain(8..10).all(|k| is_digit(i + k))
            && is_digit(t + 1)
            && is_digit(t + 2)
            && bytes[t + 3] == b':';
        if !shape {
            continue;
        }
        // The offset follows the time (and optional seconds and fraction).
        let mut end = t + 1;
        while end < bytes.len()
            && (bytes[end].is_ascii_digit() || matches!(bytes[end], b':' | b'.'))
        {
            end += 1;
        }
        if end + 6 > bytes.len() || !matches!(bytes[end], b'+' | b'-') {
            continue;
        }
        let Some(text) = script.get(i..end + 6) else {
            continue;
        };
        if let Some(stamp) = parse_date_value(text, order)
            .filter(|s| s.stated_offset.is_some_and(|o| o.local_minus_utc() != 0))
        {
            out.push(stamp);
        }
    }
}

/// Whether the text before a date opens a call's string argument, `showDate("` or
/// `document.write('`: the date is printed, not stored as data under a key.
fn printed_argument(before: &str) -> bool {
    let before = before.trim_end();
    let Some(before) = before.strip_suffix(['"', '\'']) else {
        return false;
    };
    before.trim_end().ends_with('(')
}

fn keyed_value(script: &str, key: &str, order: DayOrder) -> Option<Stamp> {
    let at = memchr::memmem::find(script.as_bytes(), key.as_bytes())?;
    let rest = script[at + key.len()..]
        .trim_start()
        .strip_prefix(':')?
        .trim_start();
    let rest = rest.strip_prefix('"')?;
    let value = &rest[..rest.find('"')?];
    parse_date_value(value, order)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_offset_stamps_keep_only_local_offsets() {
        let script = r#"{"dateCreated":"2023-11-09T03:28:35Z","date":"2023-11-08T22:28:35-05:00",
            "other":"2023-11-08T10:00:00+00:00","t":"T","x":"2023-11-08T22:28"}"#;
        let mut out = Vec::new();
        script_offset_stamps(script, DayOrder::DayFirst, 16, &mut out);
        let found: Vec<String> = out.iter().map(|s| s.to_rfc3339()).collect();
        assert_eq!(found, ["2023-11-08T22:28:35-05:00"]);
        let mut capped = Vec::new();
        script_offset_stamps(&script.repeat(3), DayOrder::DayFirst, 2, &mut capped);
        assert_eq!(capped.len(), 2);
    }

    #[test]
    fn date_values_in_many_spellings() {
        let order = DayOrder::DayFirst;
        let s = parse_date_value("2019-11-19T12:00:00.000-05:00", order).unwrap();
        assert_eq!(s.to_rfc3339(), "2019-11-19T12:00:00-05:00");
        let s = parse_date_value("Tue, 19 Nov 2019 12:00:00 +0100", order).unwrap();
        assert_eq!(s.to_rfc3339(), "2019-11-19T12:00:00+01:00");
        assert_eq!(
            parse_date_value("20191119", order).unwrap().to_rfc3339(),
            "2019-11-19"
        );
        assert_eq!(
            parse_date_value("19. November 2019", order)
                .unwrap()
                .to_rfc3339(),
            "2019-11-19"
        );
        assert_eq!(
            parse_date_value("2019-11-19T12:00:00 (local time)", order)
                .unwrap()
                .to_rfc3339(),
            "2019-11-19"
        );
        assert!(parse_date_value("1970-01-01", order).is_none());
        let us = parse_date_value("11/01/2023 12:43:42", order).unwrap();
        assert_eq!(us.to_rfc3339(), "2023-11-01");
    }

    #[test]
    fn urls_give_their_day() {
        assert_eq!(
            url_day("https://x.org/2024/03/05/slug"),
            NaiveDate::from_ymd_opt(2024, 3, 5)
        );
        assert_eq!(
            url_day("https://x.org/news/2024-03-05-slug.html"),
            NaiveDate::from_ymd_opt(2024, 3, 5)
        );
        assert_eq!(url_day("https://x.org/2024/03/slug"), None);
        assert_eq!(
            redirect_url("0; URL='https://x.org/20200428/a'", false),
            Some("https://x.org/20200428/a")
        );
        assert_eq!(
            redirect_url(
                r#"document.cookie="a";location.href="https://x.org/20200428/a";"#,
                true
            ),
            Some("https://x.org/20200428/a")
        );
        assert_eq!(redirect_url("var location = 5;", true), None);
        let order = DayOrder::DayFirst;
        assert!(script_datetime(r#"showDate("2020/04/17 01:43:09")"#, order).is_some());
        assert!(script_datetime(r#"{"createTime": "2008-02-02T03:02:36"}"#, order).is_none());
    }
}
