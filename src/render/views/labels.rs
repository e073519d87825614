//! The labels a page shows for a day or a moment, in the forms templates need (ISO for
//! attributes and paths, long and short for reading), made once per view.

use chrono::{DateTime, Datelike as _, NaiveDate, Utc};
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

/// A topic with more days than this is navigated by month (`TopicPage::months`): a link per
/// day of a story covered for a year would fill a phone's screen several times over.
pub const MONTH_JUMPS_AFTER_DAYS: usize = 31;

/// A link to one month of a topic's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonthJump {
    /// `2007-08`.
    pub iso: String,
    /// `Aug 2007`.
    pub label: String,
    /// The ISO form of the month's first day in page order, whose section the link opens.
    pub first_day: String,
    /// Days with events in the month.
    pub days: usize,
    /// Events on those days.
    pub events: usize,
}

/// The months of a topic's days, given as (day, events that day) in page order (newest or
/// oldest first); each month once, where its first day stands.
pub fn month_jumps(days: impl IntoIterator<Item = (NaiveDate, usize)>) -> Vec<MonthJump> {
    let mut months: Vec<(i32, u32, MonthJump)> = Vec::new();
    for (day, events) in days {
        match months.last_mut() {
            Some((year, month, jump)) if *year == day.year() && *month == day.month() => {
                jump.days += 1;
                jump.events += events;
            }
            _ => months.push((
                day.year(),
                day.month(),
                MonthJump {
                    iso: day.format("%Y-%m").to_string(),
                    label: day.format("%b %Y").to_string(),
                    first_day: DayLabel::new(day).iso,
                    days: 1,
                    events,
                },
            )),
        }
    }
    months.into_iter().map(|(_, _, jump)| jump).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_jumps_follow_the_page_order_and_open_each_months_first_listed_day() {
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        // Newest first, as a topic page lists them, across a year's end.
        let jumps = month_jumps([
            (day("2008-01-03"), 2),
            (day("2008-01-01"), 1),
            (day("2007-12-31"), 4),
            (day("2007-12-02"), 1),
            (day("2006-12-30"), 5),
        ]);
        let seen: Vec<(&str, &str, &str, usize, usize)> = jumps
            .iter()
            .map(|m| (&*m.iso, &*m.label, &*m.first_day, m.days, m.events))
            .collect();
        assert_eq!(
            seen,
            [
                ("2008-01", "Jan 2008", "2008-01-03", 2, 3),
                ("2007-12", "Dec 2007", "2007-12-31", 2, 5),
                ("2006-12", "Dec 2006", "2006-12-30", 1, 5),
            ]
        );
        assert!(month_jumps([]).is_empty());
    }

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
