//! Parses the date and time stamps that article files state: front matter values, the seed's
//! `2026-02-08T16:46+0000` lines, JSON and feed stamps (RFC 3339, RFC 2822, epoch numbers),
//! wire headers (`Fri Oct 20, 2006 6:15pm EDT`), and dates in file paths (`2026/02/08/`, ...).
//!
//! Hand-written rather than `chrono`'s format strings because sources mix styles freely (a
//! missing `:` in the offset, no seconds, a space instead of `T`, no offset at all, a zone
//! abbreviation instead of an offset) and we must keep "no offset stated" distinct from UTC.
//! Zone abbreviations are read with their usual English-language news meaning (`IST` is India,
//! `CST` is US Central); dates written in prose belong to `extract`.

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
    // Digits only, so the byte slices below cut no character (found by fuzzing,
    // tests/fuzz_regressions/feed/).
    if !body.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
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

/// The offset a time zone abbreviation stands for, upper case as sources write it.
pub fn zone_abbreviation(abbreviation: &str) -> Option<FixedOffset> {
    let minutes = match abbreviation {
        "UT" | "UTC" | "GMT" | "Z" | "WET" => 0,
        "BST" | "WEST" | "CET" | "MET" | "WAT" => 60,
        "CEST" | "MEST" | "EET" | "SAST" | "CAT" => 120,
        "EEST" | "MSK" | "EAT" => 180,
        "PKT" => 300,
        "IST" => 330,
        "ICT" | "WIB" => 420,
        "HKT" | "SGT" | "AWST" | "PHT" => 480,
        "JST" | "KST" => 540,
        "ACST" => 570,
        "AEST" => 600,
        "ACDT" => 630,
        "AEDT" => 660,
        "NZST" => 720,
        "NZDT" => 780,
        "NDT" => -150,
        "NST" => -210,
        "ADT" | "BRT" | "ART" => -180,
        "AST" | "EDT" => -240,
        "EST" | "CDT" => -300,
        "CST" | "MDT" => -360,
        "MST" | "PDT" => -420,
        "PST" | "AKDT" => -480,
        "AKST" => -540,
        "HST" => -600,
        _ => return None,
    };
    FixedOffset::east_opt(minutes * 60)
}

/// Parses any stamp a structured source may give: ISO 8601 and RFC 3339 (`parse_stamp`), RFC
/// 2822 (`Tue, 10 Jun 2003 04:00:00 GMT`), US style (`Fri Oct 20, 2006 6:15pm EDT`,
/// `October 20, 2006`), a compact day (`20061020`), and epoch seconds or milliseconds written as
/// digits.
pub fn parse_loose_stamp(text: &str) -> Option<Stamp> {
    let text = text.trim();
    if let Some(stamp) = parse_stamp(text) {
        return Some(stamp);
    }
    // ISO with a zone abbreviation: `2013-01-02T10:00:00 CEST`.
    if let Some((stamp_text, zone)) = text.rsplit_once(' ')
        && let Some(offset) = zone_abbreviation(zone)
        && let Some(stamp) =
            parse_stamp(stamp_text).filter(|s| s.stated_offset.is_none() && !s.date_only)
    {
        return Some(Stamp {
            stated_offset: Some(offset),
            ..stamp
        });
    }
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return match text.len() {
            8 => day_at_start(text).map(|day| Stamp {
                local: day.and_time(NaiveTime::MIN),
                stated_offset: None,
                date_only: true,
            }),
            9..=13 => epoch_stamp(text.parse().ok()?),
            _ => None,
        };
    }
    parse_named_month_stamp(text)
}

/// A stamp from epoch seconds, or milliseconds when the number is too large to be seconds (any
/// time after 5138); stated in UTC. `None` for moments before 1900 or after 2200.
pub fn epoch_stamp(number: i64) -> Option<Stamp> {
    let moment = if number.abs() >= 100_000_000_000 {
        chrono::DateTime::from_timestamp_millis(number)?
    } else {
        chrono::DateTime::from_timestamp(number, 0)?
    };
    let year = chrono::Datelike::year(&moment);
    if !(1900..=2200).contains(&year) {
        return None;
    }
    Some(Stamp {
        local: moment.naive_utc(),
        stated_offset: FixedOffset::east_opt(0),
        date_only: false,
    })
}

/// Dates with a month name, day-month (`10 Jun 2003`, RFC 2822) or month-day (`Oct 20, 2006`),
/// after an optional weekday, then an optional time (24-hour or with am/pm) and zone.
fn parse_named_month_stamp(text: &str) -> Option<Stamp> {
    let cleaned: String = text.replace(',', " ");
    let mut tokens: Vec<&str> = cleaned.split_whitespace().collect();
    // A trailing comment such as `(UTC)` or `(Eastern)`.
    while tokens.last().is_some_and(|t| t.ends_with(')')) {
        let open = tokens.iter().rposition(|t| t.starts_with('('))?;
        tokens.truncate(open);
    }
    let mut rest = tokens.as_slice();
    if rest.first().is_some_and(|t| weekday(t)) {
        rest = &rest[1..];
    }
    let (month, day_number, after) = match rest {
        [a, b, tail @ ..] if month_number(a).is_some() => {
            (month_number(a)?, day_of_month(b)?, tail)
        }
        [a, b, tail @ ..] => (month_number(b)?, day_of_month(a)?, tail),
        _ => return None,
    };
    let (year, mut rest) = match after {
        [y, tail @ ..] if y.len() == 4 => (digits(y)? as i32, tail),
        [y, tail @ ..] if y.len() == 2 => {
            let short = digits(y)? as i32;
            (
                if short < 50 {
                    2000 + short
                } else {
                    1900 + short
                },
                tail,
            )
        }
        _ => return None,
    };
    let day = NaiveDate::from_ymd_opt(year, month, day_number)?;
    let Some((time_token, tail)) = rest.split_first() else {
        return Some(Stamp {
            local: day.and_time(NaiveTime::MIN),
            stated_offset: None,
            date_only: true,
        });
    };
    rest = tail;
    let lower = time_token.to_ascii_lowercase();
    let (clock, mut meridiem) = split_meridiem(&lower);
    if meridiem.is_none()
        && let Some((next, tail)) = rest.split_first()
        && let ("", Some(afternoon)) = split_meridiem(&next.to_ascii_lowercase())
    {
        (meridiem, rest) = (Some(afternoon), tail);
    }
    let mut time = parse_time(clock)?;
    if let Some(afternoon) = meridiem {
        let hour = chrono::Timelike::hour(&time);
        if !(1..=12).contains(&hour) {
            return None;
        }
        let hour24 = match (afternoon, hour) {
            (false, 12) => 0,
            (false, h) => h,
            (true, 12) => 12,
            (true, h) => h + 12,
        };
        time = chrono::Timelike::with_hour(&time, hour24)?;
    }
    let stated_offset = match rest {
        [] => None,
        [zone] => Some(parse_offset(zone).or_else(|| zone_abbreviation(zone))?),
        _ => return None,
    };
    Some(Stamp {
        local: NaiveDateTime::new(day, time),
        stated_offset,
        date_only: false,
    })
}

/// `6:15pm` → (`6:15`, Some(true)); `18:15` → (`18:15`, None).
fn split_meridiem(token: &str) -> (&str, Option<bool>) {
    for (suffix, afternoon) in [("a.m.", false), ("p.m.", true), ("am", false), ("pm", true)] {
        if let Some(clock) = token.strip_suffix(suffix) {
            return (clock, Some(afternoon));
        }
    }
    (token, None)
}

fn weekday(token: &str) -> bool {
    let lower = token.trim_end_matches('.').to_ascii_lowercase();
    ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        .iter()
        .any(|d| {
            lower.starts_with(d)
                && lower.len() <= 9
                && lower.chars().all(|c| c.is_ascii_alphabetic())
        })
}

/// The English month names, lowercase, January first. Stamps here and date mentions in the
/// `temporal` stage both read them from this one table.
pub const ENGLISH_MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// `Jan`, `january`, `Sept.` → 1..=12.
pub fn month_number(token: &str) -> Option<u32> {
    let lower = token.trim_end_matches('.').to_ascii_lowercase();
    if lower.len() < 3 || !lower.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let position = ENGLISH_MONTHS.iter().position(|m| m.starts_with(&lower))?;
    Some(position as u32 + 1)
}

fn day_of_month(token: &str) -> Option<u32> {
    let token = token.trim_end_matches(['.', 's', 't', 'n', 'd', 'r', 'h']);
    let day = digits(token).filter(|_| token.len() <= 2)?;
    (1..=31).contains(&day).then_some(day)
}

/// Parses a string of 1 to 9 ASCII digits.
fn digits(text: &str) -> Option<u32> {
    if text.is_empty() || text.len() > 9 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// The day a file's path names (see `day_from_path`) as a day-only stamp with no offset.
pub fn path_day_stamp(path: &str) -> Option<Stamp> {
    day_from_path(path).map(|day| Stamp {
        local: day.and_time(NaiveTime::MIN),
        stated_offset: None,
        date_only: true,
    })
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
    // Digits only: a multi-byte character in the first eight bytes would make the slices
    // below cut it (found by fuzzing, tests/fuzz_regressions/html/).
    let compact = part
        .get(..8)
        .filter(|c| c.bytes().all(|b| b.is_ascii_digit()))?;
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
    fn an_offset_with_a_multibyte_character_is_no_offset() {
        assert_eq!(parse_offset("+0\u{d8}0"), None);
        assert_eq!(
            parse_offset("+01:00").map(|o| o.local_minus_utc()),
            Some(3600)
        );
    }

    #[test]
    fn a_path_component_with_multibyte_characters_is_no_day() {
        assert_eq!(day_from_path("https://example.org/tr\u{20ac}abcd/x"), None);
        assert_eq!(day_from_path("a/20\u{20ac}260208/b"), None);
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
    fn loose_stamps_cover_feeds_wires_and_epochs() {
        let cases = [
            ("Tue, 10 Jun 2003 04:00:00 GMT", "2003-06-10T04:00:00Z"),
            (
                "Tue, 10 Jun 2003 04:00:00 +0200",
                "2003-06-10T04:00:00+02:00",
            ),
            ("10 Jun 03 04:00 EST", "2003-06-10T04:00:00-05:00"),
            (
                "Wed, 4 Feb 2026 07:05:00 -0000 (UTC)",
                "2026-02-04T07:05:00Z",
            ),
            ("Fri Oct 20, 2006 6:15pm EDT", "2006-10-20T18:15:00-04:00"),
            ("Mon Nov 30, 2009 12:05am EST", "2009-11-30T00:05:00-05:00"),
            ("Sun Jan 4, 2009 12:30 PM BST", "2009-01-04T12:30:00+01:00"),
            ("October 20, 2006", "2006-10-20"),
            ("2013-01-02 10:00:00", "2013-01-02T10:00:00"),
            ("2013-01-02T10:00:00 CEST", "2013-01-02T10:00:00+02:00"),
            ("1357120800", "2013-01-02T10:00:00Z"),
            ("1357120800000", "2013-01-02T10:00:00Z"),
            ("20130102", "2013-01-02"),
        ];
        for (text, expected) in cases {
            let stamp = parse_loose_stamp(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(stamp.to_rfc3339(), expected, "{text}");
        }
        for bad in [
            "None",
            "sometime next week",
            "Fri Oct 20, 2006 6:15pm XYZ",
            "Oct 32, 2006",
            "13:00pm Oct 20, 2006",
            "2013-01-02 EST",
            "99999999999999999999",
            "",
        ] {
            assert_eq!(parse_loose_stamp(bad), None, "{bad}");
        }
        assert_eq!(epoch_stamp(-10_000_000_000), None, "before 1900");
    }

    #[test]
    fn zone_abbreviations_are_offsets() {
        let hours = |abbreviation: &str| {
            zone_abbreviation(abbreviation).map(|o| o.local_minus_utc() / 3600)
        };
        assert_eq!(hours("EDT"), Some(-4));
        assert_eq!(hours("EST"), Some(-5));
        assert_eq!(hours("PDT"), Some(-7));
        assert_eq!(hours("PST"), Some(-8));
        assert_eq!(hours("GMT"), Some(0));
        assert_eq!(hours("BST"), Some(1));
        assert_eq!(hours("CET"), Some(1));
        assert_eq!(hours("CEST"), Some(2));
        assert_eq!(hours("JST"), Some(9));
        assert_eq!(
            zone_abbreviation("IST").map(|o| o.local_minus_utc()),
            Some(19_800)
        );
        assert_eq!(zone_abbreviation("edt"), None);
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
