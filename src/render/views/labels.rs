//! The labels a page shows for a day or a moment, in the forms templates need (ISO for
//! attributes and paths, long and short for reading), made once per view.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::Serialize;

/// A calendar day in the forms pages need.
#[derive(Debug, Clone, Serialize)]
pub struct DayLabel {
    /// `2026-02-08`: for `datetime` attributes, anchors and paths.
    pub iso: String,
    /// `Sunday 8 February 2026`.
    pub long: String,
    /// `8 Feb 2026`.
    pub short: String,
}

impl DayLabel {
    /// The labels of `day`, as chrono's `%Y-%m-%d`, `%A %-d %B %Y` and `%-d %b %Y` write them
    /// (English names). Written out here because every listed event and day needs them, and
    /// interpreting the format strings each time was a visible share of rendering a big site.
    pub fn new(day: NaiveDate) -> Self {
        use chrono::Datelike as _;
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        const WEEKDAYS: [&str; 7] = [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ];
        let year = day.year();
        if !(0..=9999).contains(&year) {
            // chrono signs years outside four digits; keep its exact forms there.
            return DayLabel {
                iso: day.format("%Y-%m-%d").to_string(),
                long: day.format("%A %-d %B %Y").to_string(),
                short: day.format("%-d %b %Y").to_string(),
            };
        }
        let month = MONTHS[day.month0() as usize];
        let weekday = WEEKDAYS[day.weekday().num_days_from_monday() as usize];
        let d = day.day();
        DayLabel {
            iso: format!("{year:04}-{:02}-{d:02}", day.month()),
            long: format!("{weekday} {d} {month} {year:04}"),
            short: format!("{d} {} {year:04}", &month[..3]),
        }
    }
}

/// A moment shown in the site time zone.
#[derive(Debug, Clone, Serialize)]
pub struct TimeLabel {
    /// RFC 3339 with the site's offset, for `<time datetime>`.
    pub datetime: String,
    /// `17:46`.
    pub clock: String,
    /// `CET`.
    pub zone: String,
    /// `8 Feb 2026, 17:46 CET`.
    pub full: String,
}

impl TimeLabel {
    pub fn new(instant: DateTime<Utc>, site_tz: Tz) -> Self {
        let local = instant.with_timezone(&site_tz);
        TimeLabel {
            datetime: local.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            clock: local.format("%H:%M").to_string(),
            zone: local.format("%Z").to_string(),
            full: local.format("%-d %b %Y, %H:%M %Z").to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_labels_are_what_chrono_formats() {
        let mut day = NaiveDate::from_ymd_opt(1899, 12, 25).unwrap();
        let days = std::iter::from_fn(|| {
            day = day.checked_add_days(chrono::Days::new(13))?;
            Some(day)
        })
        .take(4000)
        .chain([0, 1, 9999, 10000, -5].map(|y| NaiveDate::from_ymd_opt(y, 2, 8).unwrap()));
        for day in days {
            let label = DayLabel::new(day);
            assert_eq!(label.iso, day.format("%Y-%m-%d").to_string());
            assert_eq!(label.long, day.format("%A %-d %B %Y").to_string());
            assert_eq!(label.short, day.format("%-d %b %Y").to_string());
        }
    }
}
