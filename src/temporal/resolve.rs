//! Places expressions on the calendar: a pure function of the expression, the publication day
//! (the anchor, in the article's own time zone) and the tense of the words around it.
//!
//! The rules follow how news prose uses these words, much as HeidelTime's news mode does:
//! - a bare weekday names the most recent one (the publication day's own weekday is that day),
//!   unless the sentence speaks of the future or in the present tense news uses for schedules
//!   ("talks resume on Monday"), when it names the next one;
//! - a bare month names the most recent one, the next one in the future tense, and the nearer
//!   one in the present tense;
//! - `last` and `next` step strictly back or forward;
//! - a day without a year takes the year that puts it nearest to publication, moved a year
//!   only when the tense clearly points the other way; this handles the year wrap in January
//!   ("on December 28", published 3 January, is last year's).
//!
//! The tense is a guess from nearby words (auxiliaries, modals, irregular and `-ed` past
//! forms), not a parse; it was checked against Timeline17's HeidelTime dates, which it
//! matches about as well, and on the weekdays where they disagree ("experts will meet on
//! Tuesday", published Monday) the reading here is the right one.

use super::lexicon::{Tense, Unit};
use super::scan::{Expr, Kind, Shift, Token};
use crate::model::Granularity;
use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

/// The day an expression names and how precise it is; `None` for days that do not exist
/// (`the 31st` in a 30-day month) or that fall off the calendar.
pub fn resolve(
    expr: Expr,
    anchor: NaiveDate,
    tense: Option<Tense>,
) -> Option<(NaiveDate, Granularity)> {
    let future = tense == Some(Tense::Future);
    Some(match expr {
        Expr::Day(day) => (day, Granularity::Day),
        Expr::MonthOfYear { year, month } => {
            (NaiveDate::from_ymd_opt(year, month, 1)?, Granularity::Month)
        }
        Expr::Year(year) => (NaiveDate::from_ymd_opt(year, 1, 1)?, Granularity::Year),
        Expr::MonthDay { month, day } => (month_day(anchor, month, day, tense)?, Granularity::Day),
        Expr::Month { month, shift } => {
            let this = NaiveDate::from_ymd_opt(anchor.year(), month, 1)?;
            let current = first_of_month(anchor);
            let year_shift = match shift {
                Shift::Last if this >= current => -1,
                Shift::Next if this <= current => 1,
                Shift::Unstated if future && this < current => 1,
                // In the present tense, the nearer of last year's and next year's month.
                Shift::Unstated if tense == Some(Tense::Present) => {
                    let ahead = (this.year() * 12 + this.month() as i32)
                        - (current.year() * 12 + current.month() as i32);
                    match ahead {
                        a if a > 6 => -1,
                        a if a < -6 => 1,
                        _ => 0,
                    }
                }
                Shift::Unstated if !future && this > current => -1,
                _ => 0,
            };
            (
                NaiveDate::from_ymd_opt(anchor.year() + year_shift, month, 1)?,
                Granularity::Month,
            )
        }
        Expr::Weekday { weekday, shift } => (
            weekday_day(
                anchor,
                weekday,
                shift,
                future || tense == Some(Tense::Present),
            )?,
            Granularity::Day,
        ),
        Expr::Offset { unit, count } => offset(anchor, unit, count)?,
        Expr::DayOfMonth(day) => {
            let this = NaiveDate::from_ymd_opt(anchor.year(), anchor.month(), day);
            let step = if future && day < anchor.day() {
                1
            } else if !future && day > anchor.day() {
                -1
            } else {
                0
            };
            let day = match step {
                0 => this?,
                _ => {
                    let month = shift_months(first_of_month(anchor), step)?;
                    NaiveDate::from_ymd_opt(month.year(), month.month(), day)?
                }
            };
            (day, Granularity::Day)
        }
    })
}

/// Whether the expression was resolved against the publication day.
pub fn is_relative(expr: &Expr) -> bool {
    !matches!(
        expr,
        Expr::Day(_) | Expr::MonthOfYear { .. } | Expr::Year(_)
    )
}

fn first_of_month(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

fn shift_months(day: NaiveDate, count: i64) -> Option<NaiveDate> {
    let months = Months::new(u32::try_from(count.unsigned_abs()).ok()?);
    if count < 0 {
        day.checked_sub_months(months)
    } else {
        day.checked_add_months(months)
    }
}

fn shift_days(day: NaiveDate, count: i64) -> Option<NaiveDate> {
    let days = Days::new(count.unsigned_abs());
    if count < 0 {
        day.checked_sub_days(days)
    } else {
        day.checked_add_days(days)
    }
}

/// `March 5` without a year: the nearest such day to publication (of the anchor's year, the
/// one before or after), unless the tense points the other way and the day is more than
/// `TENSE_SLACK_DAYS` on the wrong side; then the year before or after. The slack keeps a
/// misjudged tense ("shut until 7 June", read as past) from moving a day by a whole year.
fn month_day(anchor: NaiveDate, month: u32, day: u32, tense: Option<Tense>) -> Option<NaiveDate> {
    const TENSE_SLACK_DAYS: i64 = 31;
    let at = |shift: i32| NaiveDate::from_ymd_opt(anchor.year() + shift, month, day);
    let nearest = (-1..=1)
        .filter_map(|shift| Some((shift, at(shift)?)))
        // A tie (half a year either way) goes to the past.
        .min_by_key(|(_, d)| ((*d - anchor).num_days().abs(), *d > anchor))?;
    let (shift, day) = nearest;
    let ahead = (day - anchor).num_days();
    match tense {
        Some(Tense::Past) if ahead > TENSE_SLACK_DAYS => at(shift - 1),
        Some(Tense::Future) if ahead < -TENSE_SLACK_DAYS => at(shift + 1),
        _ => Some(day),
    }
}

/// A weekday: `last` is strictly before the publication day, `next` strictly after, `this`
/// within its Monday-to-Sunday week; unstated, the most recent such day (the publication day
/// itself included), or the next one when the sentence speaks of the future.
fn weekday_day(
    anchor: NaiveDate,
    weekday: Weekday,
    shift: Shift,
    future: bool,
) -> Option<NaiveDate> {
    let back = (7 + anchor.weekday().num_days_from_monday() as i64
        - weekday.num_days_from_monday() as i64)
        % 7;
    let forward = (7 - back) % 7;
    let count = match shift {
        Shift::Last => -(if back == 0 { 7 } else { back }),
        Shift::Next => {
            if forward == 0 {
                7
            } else {
                forward
            }
        }
        Shift::This => {
            weekday.num_days_from_monday() as i64 - anchor.weekday().num_days_from_monday() as i64
        }
        Shift::Unstated if future => forward,
        Shift::Unstated => -back,
    };
    shift_days(anchor, count)
}

/// `yesterday`, `last week`, `this month`, `next year`, `two days ago`.
fn offset(anchor: NaiveDate, unit: Unit, count: i64) -> Option<(NaiveDate, Granularity)> {
    Some(match unit {
        Unit::Day => (shift_days(anchor, count)?, Granularity::Day),
        Unit::Week => {
            let monday = shift_days(anchor, -(anchor.weekday().num_days_from_monday() as i64))?;
            (
                shift_days(monday, count.checked_mul(7)?)?,
                Granularity::Week,
            )
        }
        Unit::Month => (
            shift_months(first_of_month(anchor), count)?,
            Granularity::Month,
        ),
        Unit::Year => (
            NaiveDate::from_ymd_opt(anchor.year().checked_add(i32::try_from(count).ok()?)?, 1, 1)?,
            Granularity::Year,
        ),
    })
}

/// The tense of the words nearest to tokens `from..to` in the same sentence: the closest tense
/// marker on either side (before wins a tie), looking at most eight tokens away, not across
/// a semicolon, and not ahead into a subordinate clause.
pub fn tense_near(tokens: &[Token], from: usize, to: usize) -> Option<Tense> {
    const REACH: usize = 8;
    let stop = |t: &Token| matches!(t.kind, Kind::Punct(';' | '"' | '“' | '”'));
    let tense_at = |i: usize| {
        // Inside a sentence a capitalised `May` is the month, not the verb.
        if i > 0 && tokens[i].capital && tokens[i].folded == "may" {
            return None;
        }
        let previous = i.checked_sub(1).map_or("", |p| tokens[p].folded.as_ref());
        let next = tokens.get(i + 1).map_or("", |t| t.folded.as_ref());
        super::lexicon::tense_of_word(&tokens[i].folded, previous, next)
    };
    let nearest = |indices: &mut dyn Iterator<Item = usize>| {
        for (distance, i) in indices.take(REACH).enumerate() {
            if stop(&tokens[i]) {
                return None;
            }
            if let Some(t) = tense_at(i) {
                return Some((distance, t));
            }
        }
        None
    };
    // A deadline is ahead: "closed until Thursday", "open until at least May 6".
    let deadline = (0..from.min(tokens.len()))
        .rev()
        .take(5)
        .map(|i| tokens[i].folded.as_ref())
        .find(|w| {
            !matches!(
                *w,
                "" | "at"
                    | "least"
                    | "late"
                    | "early"
                    | "mid"
                    | "middle"
                    | "on"
                    | "the"
                    | "end"
                    | "of"
                    | "beginning"
                    | "start"
            )
        })
        .is_some_and(|w| matches!(w, "until" | "till" | "by"));
    if deadline {
        return Some(Tense::Future);
    }
    let before = nearest(&mut (0..from.min(tokens.len())).rev());
    // Looking ahead stops where a subordinate clause opens: in "said on Wednesday that costs
    // could rise", the day belongs to `said`, not to the reported `could`.
    let clause = (to.min(tokens.len())..tokens.len())
        .find(|&i| super::lexicon::opens_clause(&tokens[i].folded))
        .unwrap_or(tokens.len());
    let after = nearest(&mut (to.min(tokens.len())..clause));
    match (before, after) {
        (Some((b, t)), Some((a, _))) if b <= a => Some(t),
        (_, Some((_, t))) => Some(t),
        (Some((_, t)), None) => Some(t),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    // 2010-06-16 is a Wednesday.
    const WED: (i32, u32, u32) = (2010, 6, 16);

    fn at(expr: Expr, tense: Option<Tense>) -> NaiveDate {
        resolve(expr, day(WED.0, WED.1, WED.2), tense).unwrap().0
    }

    #[test]
    fn weekdays_look_back_unless_the_future_is_meant() {
        let friday = |shift| Expr::Weekday {
            weekday: Weekday::Fri,
            shift,
        };
        assert_eq!(
            at(friday(Shift::Unstated), Some(Tense::Past)),
            day(2010, 6, 11)
        );
        assert_eq!(at(friday(Shift::Unstated), None), day(2010, 6, 11));
        assert_eq!(
            at(friday(Shift::Unstated), Some(Tense::Future)),
            day(2010, 6, 18)
        );
        assert_eq!(at(friday(Shift::Last), None), day(2010, 6, 11));
        assert_eq!(at(friday(Shift::Next), None), day(2010, 6, 18));
        assert_eq!(at(friday(Shift::This), None), day(2010, 6, 18));
        let wednesday = |shift| Expr::Weekday {
            weekday: Weekday::Wed,
            shift,
        };
        assert_eq!(at(wednesday(Shift::Unstated), None), day(2010, 6, 16));
        assert_eq!(at(wednesday(Shift::Last), None), day(2010, 6, 9));
        assert_eq!(at(wednesday(Shift::Next), None), day(2010, 6, 23));
    }

    #[test]
    fn months_without_a_year_follow_the_tense() {
        let month = |m, shift| Expr::Month { month: m, shift };
        assert_eq!(at(month(3, Shift::Unstated), None), day(2010, 3, 1));
        assert_eq!(at(month(8, Shift::Unstated), None), day(2009, 8, 1));
        assert_eq!(
            at(month(8, Shift::Unstated), Some(Tense::Future)),
            day(2010, 8, 1)
        );
        assert_eq!(
            at(month(3, Shift::Unstated), Some(Tense::Future)),
            day(2011, 3, 1)
        );
        assert_eq!(at(month(6, Shift::Last), None), day(2009, 6, 1));
        assert_eq!(at(month(6, Shift::Unstated), None), day(2010, 6, 1));
        assert_eq!(at(month(4, Shift::Next), None), day(2011, 4, 1));
    }

    #[test]
    fn a_day_without_a_year_wraps_around_new_year() {
        let jan3 = day(2011, 1, 3);
        let dec28 = Expr::MonthDay { month: 12, day: 28 };
        assert_eq!(
            resolve(dec28, jan3, Some(Tense::Past)).unwrap().0,
            day(2010, 12, 28)
        );
        assert_eq!(resolve(dec28, jan3, None).unwrap().0, day(2010, 12, 28));
        let dec30 = day(2010, 12, 30);
        let jan4 = Expr::MonthDay { month: 1, day: 4 };
        assert_eq!(
            resolve(jan4, dec30, Some(Tense::Future)).unwrap().0,
            day(2011, 1, 4)
        );
        // The day before a January publication is in last year's December.
        let jan1 = day(2011, 1, 1);
        let yesterday = Expr::Offset {
            unit: Unit::Day,
            count: -1,
        };
        assert_eq!(resolve(yesterday, jan1, None).unwrap().0, day(2010, 12, 31));
        let last_month = Expr::Offset {
            unit: Unit::Month,
            count: -1,
        };
        assert_eq!(
            resolve(last_month, jan1, None).unwrap(),
            (day(2010, 12, 1), Granularity::Month)
        );
        let december = Expr::Month {
            month: 12,
            shift: Shift::Unstated,
        };
        assert_eq!(
            resolve(december, jan1, Some(Tense::Past)).unwrap().0,
            day(2010, 12, 1)
        );
    }

    #[test]
    fn offsets_and_ordinals() {
        let off = |unit, count| Expr::Offset { unit, count };
        assert_eq!(at(off(Unit::Day, -2), None), day(2010, 6, 14));
        assert_eq!(
            resolve(off(Unit::Week, 0), day(2010, 6, 16), None).unwrap(),
            (day(2010, 6, 14), Granularity::Week)
        );
        assert_eq!(
            resolve(off(Unit::Year, -1), day(2010, 6, 16), None).unwrap(),
            (day(2009, 1, 1), Granularity::Year)
        );
        assert_eq!(at(Expr::DayOfMonth(12), None), day(2010, 6, 12));
        assert_eq!(at(Expr::DayOfMonth(20), None), day(2010, 5, 20));
        assert_eq!(
            at(Expr::DayOfMonth(20), Some(Tense::Future)),
            day(2010, 6, 20)
        );
        assert_eq!(
            at(Expr::DayOfMonth(2), Some(Tense::Future)),
            day(2010, 7, 2)
        );
        assert!(resolve(Expr::DayOfMonth(31), day(2010, 6, 16), Some(Tense::Future)).is_none());
    }

    #[test]
    fn far_years_resolve_without_overflow() {
        assert_eq!(at(Expr::Year(1066), None), day(1066, 1, 1));
        assert_eq!(at(Expr::Year(2099), None), day(2099, 1, 1));
        let far = Expr::Offset {
            unit: Unit::Year,
            count: i64::MAX,
        };
        assert!(resolve(far, day(2010, 1, 1), None).is_none());
        let far = Expr::Offset {
            unit: Unit::Day,
            count: i64::MIN,
        };
        assert!(resolve(far, day(2010, 1, 1), None).is_none());
    }
}
