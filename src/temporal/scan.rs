//! Finds temporal expressions in one sentence, without resolving them: which words say "when",
//! and what they say (a stated date, "last Tuesday", "two days ago", "in 2009").
//!
//! Written dates (`March 5, 2024`, `5. März 2024`, `05.03.2024`, `Mar. 5`, `March 2024`) come from
//! the prose date finder the HTML reader uses (`ingest::html::dates::find_dates`); this module
//! adds what that finder does not look for: weekdays, day words, relative phrases, bare month
//! names, ordinal days and years. Each recogniser is a few token comparisons with its false
//! readings ("Black Friday", "the Today programme", "1,500 barrels") ruled out next to it.

use super::lexicon::{self, Unit};
use super::ranges::{month_day_range, paired_days, year_range_end};
use super::tokens::word;
pub use super::tokens::{Kind, Token, tokenize};
use crate::ingest::html::dates::{DayOrder, find_dates, find_dates_in, month_number};
use chrono::{NaiveDate, Weekday};

/// Which occurrence a relative expression points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shift {
    /// "last Friday", "last March": strictly before the publication day's week or month.
    Last,
    /// "this Friday", "this March".
    This,
    /// "next Friday", "next March": strictly after.
    Next,
    /// Nothing said: the tense decides.
    Unstated,
}

/// What an expression says, before it is placed on the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expr {
    /// A fully stated day: `5 March 2024`.
    Day(NaiveDate),
    /// A day without its year: `March 5`, `Mar. 5`.
    MonthDay { month: u32, day: u32 },
    /// A month with its year: `March 2024`.
    MonthOfYear { year: i32, month: u32 },
    /// A year: `in 2009`.
    Year(i32),
    /// A month without a year: `in March`, `last March`.
    Month { month: u32, shift: Shift },
    /// A weekday: `Friday`, `last Tuesday`, `on Monday night`.
    Weekday { weekday: Weekday, shift: Shift },
    /// A number of units from the publication day: `yesterday` (−1 day), `last week`
    /// (−1 week), `this year` (0 years), `two days ago` (−2 days).
    Offset { unit: Unit, count: i64 },
    /// A day of the current month: `the 12th`.
    DayOfMonth(u32),
}

/// An expression and its byte range in the sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub expr: Expr,
}

/// Every temporal expression in `sentence`, in order, not overlapping.
pub fn find_expressions(sentence: &str, tokens: &[Token], order: DayOrder) -> Vec<Found> {
    let mut found: Vec<Found> = Vec::new();
    // Written dates first; their tokens are then off limits for the other recognisers.
    let mut covered = vec![false; tokens.len()];
    // The date finder reads 年, 月 and 日 as marks of their own; without them its tokens are
    // these, and the sentence is not cut twice.
    let dates = if sentence.contains(['年', '月', '日']) {
        find_dates(sentence, order)
    } else if sentence.bytes().any(|b| b.is_ascii_digit()) {
        let raw: Vec<_> = tokens.iter().map(Token::raw).collect();
        find_dates_in(sentence, &raw, order)
    } else {
        Vec::new()
    };
    for date in dates {
        let Some(expr) = written_date(date.year, date.month, date.day) else {
            continue;
        };
        let first = tokens.iter().position(|t| t.start >= date.start);
        let last = tokens.iter().rposition(|t| t.end <= date.end);
        let (Some(first), Some(last)) = (first, last) else {
            continue;
        };
        // A weekday right before it names the same day: `Wednesday 2 June 2010`, `Tue, Mar 5`.
        let mut from = first;
        if from >= 1 && tokens[from - 1].kind == Kind::Punct(',') {
            from -= 1;
        }
        if from >= 1 && lexicon::weekday(&tokens[from - 1].folded).is_some() {
            from -= 1;
        } else {
            from = first;
        }
        covered[from..=last].iter_mut().for_each(|c| *c = true);
        found.push(Found {
            start: tokens[from].start,
            end: date.end,
            expr,
        });
        // The other end of a range or pair: `23 and 28 April`, `April 16 and 17`.
        if date.day.is_some() {
            for (at, other) in paired_days(tokens, from, last) {
                if let Some(expr) = written_date(date.year, date.month, Some(other)) {
                    covered[at] = true;
                    found.push(Found {
                        start: tokens[at].start,
                        end: tokens[at].end,
                        expr,
                    });
                }
            }
        }
    }
    let mut i = 0;
    while i < tokens.len() {
        if covered[i] {
            i += 1;
            continue;
        }
        if let Some((month, days)) = month_day_range(tokens, i) {
            for (n, (at, day)) in days.into_iter().enumerate() {
                found.push(Found {
                    start: tokens[if n == 0 { i } else { at }].start,
                    end: tokens[at].end,
                    expr: Expr::MonthDay { month, day },
                });
            }
            i = days[1].0 + 1;
            continue;
        }
        let hit = day_words(tokens, i)
            .or_else(|| weekday(tokens, i))
            .or_else(|| unit_shift(tokens, i))
            .or_else(|| ago(tokens, i))
            .or_else(|| bare_month(tokens, i))
            .or_else(|| ordinal_day(tokens, i))
            .or_else(|| year(tokens, i));
        match hit {
            Some((from, to, expr)) if !covered[from..to].iter().any(|&c| c) => {
                found.push(Found {
                    start: tokens[from].start,
                    end: tokens[to - 1].end,
                    expr,
                });
                i = to;
                // `1918-19`, `1995-7`, `2009/10`: the range's end is a year too.
                if let Expr::Year(first) = expr
                    && let Some((end, last)) = year_range_end(tokens, to - 1, first)
                {
                    found.push(Found {
                        start: tokens[end].start,
                        end: tokens[end].end,
                        expr: Expr::Year(last),
                    });
                    i = end + 1;
                }
            }
            _ => i += 1,
        }
    }
    found.sort_by_key(|f| f.start);
    found
}

fn written_date(year: Option<i32>, month: u32, day: Option<u32>) -> Option<Expr> {
    Some(match (year, day) {
        (Some(year), Some(day)) => Expr::Day(NaiveDate::from_ymd_opt(year, month, day)?),
        (None, Some(day)) => Expr::MonthDay { month, day },
        (Some(year), None) => Expr::MonthOfYear { year, month },
        (None, None) => return None,
    })
}

/// A recogniser's result: the token range `from..to` and what it says.
type Hit = Option<(usize, usize, Expr)>;

/// `yesterday`, `today`, `tonight`, `tomorrow`, `last night`, `this morning`,
/// `the day before yesterday`, with an optional part of the day after.
fn day_words(tokens: &[Token], i: usize) -> Hit {
    let w = word(tokens, i);
    if w == "the"
        && word(tokens, i + 1) == "day"
        && matches!(word(tokens, i + 2), "before" | "after")
    {
        let base = lexicon::day_word(word(tokens, i + 3))?;
        let count = if word(tokens, i + 2) == "before" {
            base - 1
        } else {
            base + 1
        };
        return Some((
            i,
            i + 4,
            Expr::Offset {
                unit: Unit::Day,
                count,
            },
        ));
    }
    if matches!(w, "last" | "this")
        && matches!(
            word(tokens, i + 1),
            "night" | "morning" | "afternoon" | "evening"
        )
    {
        let count = if w == "last" && word(tokens, i + 1) == "night" {
            -1
        } else {
            0
        };
        return Some((
            i,
            i + 2,
            Expr::Offset {
                unit: Unit::Day,
                count,
            },
        ));
    }
    let count = lexicon::day_word(w)?;
    // French `aujourd'hui` is one expression; `hier` is French only when lowercase in French
    // prose, and an English "hier" does not exist, so no check is needed.
    if w == "aujourd" && word(tokens, i + 2) != "hui" {
        return None;
    }
    // `USA Today`, the `Today programme`: names, not days.
    if w == "today"
        && (word(tokens, i.wrapping_sub(1)) == "usa"
            || tokens[i].capital && lexicon::name_suffix(word(tokens, i + 1)))
    {
        return None;
    }
    let mut to = if w == "aujourd" { i + 3 } else { i + 1 };
    if lexicon::part_of_day(word(tokens, to)) {
        to += 1;
    }
    Some((
        i,
        to,
        Expr::Offset {
            unit: Unit::Day,
            count,
        },
    ))
}

/// `Friday`, `on Monday night`, `last Tuesday`, `this Friday`, `next Sunday`, `Fri.`.
fn weekday(tokens: &[Token], i: usize) -> Hit {
    let (from, shift) = match word(tokens, i) {
        "last" | "past" => (i, Shift::Last),
        "this" => (i, Shift::This),
        "next" | "coming" => (i, Shift::Next),
        _ => (i, Shift::Unstated),
    };
    let at = if shift == Shift::Unstated { i } else { i + 1 };
    let token = tokens.get(at)?;
    let weekday = lexicon::weekday(&token.folded)?;
    if lexicon::is_short_weekday(&token.folded)
        && !(token.capital
            && tokens
                .get(at + 1)
                .is_some_and(|t| t.kind == Kind::Punct('.')))
    {
        return None;
    }
    // English weekdays are capitalised; a lowercase one is not a day. Romance languages
    // write weekdays in lowercase; a capitalised one is a name ("Santo Domingo").
    if !token.capital && token.folded.is_ascii() && token.folded.ends_with("day")
        || token.capital && !lexicon::capitalises_weekdays(&token.folded)
    {
        return None;
    }
    if lexicon::weekday_name_prefix(word(tokens, at.wrapping_sub(1)))
        || lexicon::name_suffix(word(tokens, at + 1)) && tokens[at + 1].capital
        || weekday == Weekday::Sun
            && word(tokens, at.wrapping_sub(1)) == "on"
            && lexicon::sunday_paper(word(tokens, at.wrapping_sub(2)))
    {
        return None;
    }
    let mut to = at + 1;
    if tokens.get(to).is_some_and(|t| t.kind == Kind::Punct('.')) && token.folded.len() <= 5 {
        to += 1;
    }
    if lexicon::part_of_day(word(tokens, to)) {
        to += 1;
    }
    Some((from, to, Expr::Weekday { weekday, shift }))
}

/// `last week`, `this month`, `next year`, `earlier this week`, `later this month`.
fn unit_shift(tokens: &[Token], i: usize) -> Hit {
    let mut at = i;
    if matches!(word(tokens, at), "earlier" | "later") && word(tokens, at + 1) == "this" {
        at += 1;
    }
    let count = match word(tokens, at) {
        "last" => -1,
        "this" => 0,
        "next" => 1,
        _ => return None,
    };
    let unit = lexicon::unit(word(tokens, at + 1))?;
    if unit == Unit::Day || word(tokens, at + 1).ends_with('s') {
        return None;
    }
    Some((i, at + 2, Expr::Offset { unit, count }))
}

/// `two days ago`, `a week ago`, `3 months ago`, `a year ago`.
fn ago(tokens: &[Token], i: usize) -> Hit {
    // `2,500 years ago`, `17.2 years ago`: the tail of a bigger number.
    if i > 0 && !tokens[i].spaced && !matches!(tokens[i - 1].kind, Kind::Punct('(' | '"')) {
        return None;
    }
    let count = match tokens.get(i)?.kind {
        Kind::Number(n, len) if len <= 3 => i64::from(n),
        Kind::Word => lexicon::number_word(word(tokens, i))?,
        _ => return None,
    };
    let unit = lexicon::unit(word(tokens, i + 1))?;
    if word(tokens, i + 2) != "ago" || word(tokens, i + 1) == "weekend" {
        return None;
    }
    Some((
        i,
        i + 3,
        Expr::Offset {
            unit,
            count: -count,
        },
    ))
}

/// A month name on its own: `in March`, `since May`, `last August`, `mid-June`, `March's`.
fn bare_month(tokens: &[Token], i: usize) -> Hit {
    let token = tokens.get(i)?;
    if token.kind != Kind::Word {
        return None;
    }
    let (month, short) = month_number(&token.folded)?;
    // Abbreviations (`Jan`, `Sept`) only count in written dates; `May` is a full name.
    if short && token.folded != "may" {
        return None;
    }
    let mut before = i.wrapping_sub(1);
    if tokens
        .get(before)
        .is_some_and(|t| t.kind == Kind::Punct('-'))
    {
        before = before.wrapping_sub(1);
    }
    let prev = word(tokens, before);
    let english = crate::ingest::dates::ENGLISH_MONTHS.contains(&token.folded.as_ref());
    let cue = if english {
        lexicon::month_cue(prev) || prev == "end" || prev == "beginning"
    } else {
        lexicon::foreign_month_cue(prev)
    };
    // `May` is a verb, `march` a noun, `Mayo` and `Julio` are names: without a cue, only
    // capitalised English names that are not also common words count.
    if !cue && (!token.capital || !english || matches!(token.folded.as_ref(), "may" | "march")) {
        return None;
    }
    let (from, shift) = match prev {
        "last" => (before, Shift::Last),
        "next" => (before, Shift::Next),
        "this" => (before, Shift::This),
        _ => (i, Shift::Unstated),
    };
    Some((from, i + 1, Expr::Month { month, shift }))
}

/// `the 12th`, `on the 3rd`: a day of the current month, when no month word follows.
fn ordinal_day(tokens: &[Token], i: usize) -> Hit {
    if word(tokens, i) != "the" {
        return None;
    }
    let Kind::Number(day, len) = tokens.get(i + 1)?.kind else {
        return None;
    };
    if len > 2 || !(1..=31).contains(&day) {
        return None;
    }
    let suffix = word(tokens, i + 2);
    let expected = match day % 10 {
        1 if day != 11 => "st",
        2 if day != 12 => "nd",
        3 if day != 13 => "rd",
        _ => "th",
    };
    if suffix != expected || tokens[i + 2].spaced {
        return None;
    }
    // `the 12th century`, `the 5th floor`: an ordinal of something else.
    if let Some(next) = tokens.get(i + 3)
        && next.kind == Kind::Word
        && !matches!(
            next.folded.as_ref(),
            "and" | "or" | "when" | "at" | "in" | "to" | "as"
        )
    {
        return None;
    }
    Some((i, i + 3, Expr::DayOfMonth(day)))
}

/// A four-digit year: `in 2009`, `2009's`, `the 2010 season`, `since 1066`.
fn year(tokens: &[Token], i: usize) -> Hit {
    let Kind::Number(value, 4) = tokens.get(i)?.kind else {
        return None;
    };
    let prev_token = i.checked_sub(1).and_then(|p| tokens.get(p));
    // Glued to other characters: `$2010`, `1,2010`, `A2010`, `12.2010`.
    if let Some(p) = prev_token
        && !tokens[i].spaced
        && !matches!(
            p.kind,
            Kind::Punct('(' | '"' | '“' | '‘' | '\'' | '-' | '–')
        )
    {
        return None;
    }
    if let Some(next) = tokens.get(i + 1)
        && !next.spaced
    {
        match next.kind {
            Kind::Punct('%' | '.' | ',' | ':' | '/' | '-')
                if tokens
                    .get(i + 2)
                    .is_some_and(|t| !t.spaced && matches!(t.kind, Kind::Number(..)))
                    && year_range_end(tokens, i, value as i32).is_none() =>
            {
                return None;
            }
            Kind::Punct('%') | Kind::Word | Kind::Number(..) => return None,
            _ => {}
        }
    }
    let prev = word(tokens, i.wrapping_sub(1));
    let cue = matches!(
        prev,
        "in" | "since"
            | "of"
            | "from"
            | "until"
            | "till"
            | "by"
            | "year"
            | "before"
            | "after"
            | "around"
            | "circa"
            | "during"
            | "between"
            | "and"
            | "to"
            | "early"
            | "late"
            | "mid"
            | "spring"
            | "summer"
            | "autumn"
            | "fall"
            | "winter"
            | "fiscal"
    );
    let plausible = (1900..=2100).contains(&value) || cue && (1000..1900).contains(&value);
    if !plausible {
        return None;
    }
    if lexicon::not_year_prefix(prev) || lexicon::count_noun(word(tokens, i + 1)) {
        return None;
    }
    Some((i, i + 1, Expr::Year(value as i32)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exprs(text: &str) -> Vec<(String, Expr)> {
        let tokens = tokenize(text);
        find_expressions(text, &tokens, DayOrder::DayFirst)
            .into_iter()
            .map(|f| (text[f.start..f.end].to_string(), f.expr))
            .collect()
    }

    fn spans(text: &str) -> Vec<String> {
        exprs(text).into_iter().map(|(s, _)| s).collect()
    }

    #[test]
    fn written_dates_absorb_a_weekday_before_them() {
        let found = exprs("It sank on Wednesday, 2 June 2010 at noon.");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "Wednesday, 2 June 2010");
    }

    #[test]
    fn relative_phrases_keep_their_whole_span() {
        assert_eq!(
            spans("He left last Tuesday and on Monday night, two days ago, not yesterday."),
            ["last Tuesday", "Monday night", "two days ago", "yesterday"]
        );
        assert_eq!(
            spans("Sales rose earlier this week and will fall next year."),
            ["earlier this week", "next year"]
        );
    }

    #[test]
    fn names_that_contain_day_words_are_not_dates() {
        assert!(spans("Black Friday sales and the Sunday Times, the Mail on Sunday.").is_empty());
        assert!(spans("She told the BBC's Today programme and USA Today.").is_empty());
    }

    #[test]
    fn years_but_not_counts_or_clock_times() {
        assert_eq!(
            spans("In 2009 it rose; since 1066 nothing."),
            ["2009", "1066"]
        );
        assert!(
            spans("It struck at 1653 and 2000 barrels leaked, 1,500 people, 12.5%.").is_empty()
        );
    }

    #[test]
    fn bare_months_need_a_capital_or_a_cue() {
        assert_eq!(
            spans("Talks stalled in May and resumed in June."),
            ["May", "June"]
        );
        assert!(spans("Officials may march on.").is_empty());
        assert_eq!(
            exprs("It ends by mid-August.")[0].1,
            Expr::Month {
                month: 8,
                shift: Shift::Unstated
            }
        );
    }

    #[test]
    fn ordinal_days_but_not_centuries() {
        assert_eq!(exprs("They met on the 12th.")[0].1, Expr::DayOfMonth(12));
        assert!(spans("A church of the 12th century.").is_empty());
    }
}
