//! Parses the date and time stamps that article files state: front matter values, the seed's
//! `2026-02-08T16:46+0000` lines, and dates in file paths (`2026/02/08/`, `20260208/`, ...).
//!
//! Hand-written rather than `chrono`'s format strings because sources mix styles freely (a
//! missing `:` in the offset, no seconds, a space instead of `T`, no offset at all) and we must
//! keep "no offset stated" distinct from UTC. Dates written in prose belong to `extract`.

use crate::model::Stamp;
use chrono::{FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};

/// Parses an ISO-like date or date-time: `2026-02-08`, `2026-02-08 16:46`,
/// `2026-02-08T16:46:05.123Z`, `2026-02-08T16:46+0000`, `2026-02-08T17:46:00+01:00`, `… UTC`.
pub fn parse_stamp(text: &str) -> Option<Stamp> {
    let text = text.trim();
    let (date_part, rest) = split_at_checked(text, 10)?;
    let day = parse_iso_day(date_part)?;
    let rest = rest.trim_start_matches(['T', 't', ' ']);
    if rest.is_empty() {
        return Some(Stamp {
            local: day.and_time(NaiveTime::MIN),
            stated_offset: None,
            date_only: true,
        });
    }
    // Time: HH:MM[:SS[.frac]]
    let time_len = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.' || c == ','))
        .unwrap_or(rest.len());
    let (time_text, offset_text) = rest.split_at(time_len);
    let time = parse_time(time_text)?;
    let stated_offset = match offset_text.trim() {
        "" => None,
        zone => Some(parse_offset(zone)?),
    };
    Some(Stamp {
        local: NaiveDateTime::new(day, time),
        stated_offset,
        date_only: false,
    })
}

fn split_at_checked(text: &str, at: usize) -> Option<(&str, &str)> {
    if text.is_char_boundary(at) && text.len() >= at {
        Some(text.split_at(at))
    } else {
        None
    }
}

/// `YYYY-MM-DD` (also `YYYY/MM/DD`), checked to be a real calendar day.
pub fn parse_iso_day(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || !(b[4] == b'-' || b[4] == b'/') || b[7] != b[4] {
        return None;
    }
    let year = digits(&text[0..4])?;
    let month = digits(&text[5..7])?;
    let day = digits(&text[8..10])?;
    NaiveDate::from_ymd_opt(year as i32, month, day)
}

/// `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fraction`.
pub fn parse_time(text: &str) -> Option<NaiveTime> {
    let mut parts = text.splitn(3, ':');
    let hour = digits(parts.next()?)?;
    let minute = digits(parts.next()?)?;
    let (second, nanos) = match parts.next() {
        None => (0, 0),
        Some(sec) => {
            let (whole, frac) = sec.split_once(['.', ',']).unwrap_or((sec, ""));
            let mut nanos_text: String = frac.chars().take(9).collect();
            while !nanos_text.is_empty() && nanos_text.len() < 9 {
                nanos_text.push('0');
            }
            let nanos = if nanos_text.is_empty() {
                0
            } else {
                digits(&nanos_text)?
            };
            (digits(whole)?, nanos)
        }
    };
    NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)
}

/// `Z`, `UTC`, `GMT`, `+01:00`, `+0100`, `+01`, `-05:30`.
pub fn parse_offset(text: &str) -> Option<FixedOffset> {
    let text = text.trim();
    if matches!(text, "Z" | "z" | "UTC" | "GMT" | "UT") {
        return FixedOffset::east_opt(0);
    }
    let sign = match text.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let body: String = text[1..].chars().filter(|c| *c != ':').collect();
    let (hours, minutes) = match body.len() {
        2 => (digits(&body)?, 0),
        4 => (digits(&body[..2])?, digits(&body[2..])?),
        _ => return None,
    };
    if hours > 23 || minutes > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60) as i32)
}

/// Parses a string of 1 to 9 ASCII digits.
fn digits(text: &str) -> Option<u32> {
    if text.is_empty() || text.len() > 9 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// The day a file's path names: `…/2026/02/08/…`, `…/2026-02-08/…`, `2026-02-08-slug.txt`,
/// `20260208/…` or `20260208-slug.txt`. The deepest match wins, since folders are often
/// organised by year above a dated file.
pub fn day_from_path(path: &str) -> Option<NaiveDate> {
    let parts: Vec<&str> = path.split('/').collect();
    let mut found = None;
    for (i, part) in parts.iter().enumerate() {
        // `2026/02/08` spread over three components.
        if i + 2 < parts.len() && part.len() == 4 && parts[i + 1].len() == 2 {
            let day_part = parts[i + 2].get(..2).unwrap_or(parts[i + 2]);
            if let (Some(y), Some(m), Some(d)) =
                (digits(part), digits(parts[i + 1]), digits(day_part))
                && let Some(day) = NaiveDate::from_ymd_opt(y as i32, m, d)
            {
                found = Some(day);
            }
        }
        if let Some(day) = day_at_start(part) {
            found = Some(day);
        }
    }
    found
}

/// A day at the start of one path component: `2026-02-08…` or `20260208…` (not followed by
/// another digit, so `202602081234` is not read as a day).
fn day_at_start(part: &str) -> Option<NaiveDate> {
    if let Some(day) = part.get(..10).and_then(parse_iso_day)
        && !part[10..].starts_with(|c: char| c.is_ascii_digit())
    {
        return Some(day);
    }
    let compact = part.get(..8)?;
    if part[8..].starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let (y, m, d) = (
        digits(&compact[..4])?,
        digits(&compact[4..6])?,
        digits(&compact[6..8])?,
    );
    if !(1900..=2200).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y as i32, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn stamps_keep_the_stated_offset() {
        let s = parse_stamp("2026-02-08T16:46+0000").unwrap();
        assert_eq!(s.to_rfc3339(), "2026-02-08T16:46:00Z");
        let s = parse_stamp("2026-02-08T17:46:00+01:00").unwrap();
        assert_eq!(s.to_rfc3339(), "2026-02-08T17:46:00+01:00");
        let s = parse_stamp("2026-02-08 09:30").unwrap();
        assert_eq!(s.to_rfc3339(), "2026-02-08T09:30:00");
        assert_eq!(s.stated_offset, None);
        let s = parse_stamp("2026-02-08").unwrap();
        assert!(s.date_only);
        assert_eq!(s.to_rfc3339(), "2026-02-08");
        let s = parse_stamp("2026-02-08T16:46:05.5Z").unwrap();
        assert_eq!(s.local.and_utc().timestamp_subsec_millis(), 500);
    }

    #[test]
    fn bad_stamps_are_refused() {
        for bad in [
            "Feb 9th",
            "2026-02-30",
            "2026-13-01T00:00Z",
            "2026-02-08T25:00",
            "2026-02-08Txx",
            "ü2026-02-08",
        ] {
            assert_eq!(parse_stamp(bad), None, "{bad}");
        }
    }

    #[test]
    fn days_come_from_every_path_style() {
        assert_eq!(
            day_from_path("news/2026/02/08/talks.txt"),
            Some(day(2026, 2, 8))
        );
        assert_eq!(day_from_path("2026-02-08/talks.txt"), Some(day(2026, 2, 8)));
        assert_eq!(day_from_path("2026-02-08-talks.txt"), Some(day(2026, 2, 8)));
        assert_eq!(day_from_path("20260208/talks.txt"), Some(day(2026, 2, 8)));
        assert_eq!(
            day_from_path("wire/20260208-talks.txt"),
            Some(day(2026, 2, 8))
        );
        assert_eq!(day_from_path("talks.txt"), None);
        assert_eq!(day_from_path("2026/13/45/x.txt"), None);
        assert_eq!(day_from_path("id-202602081234.txt"), None);
    }
}
