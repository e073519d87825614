//! Ranges and pairs of dates written with one month or century for both ends: `April 14-18`,
//! `23 and 28 April`, `April 16 and 17`, `1918-19`, `2009/10`. News writes them often, and
//! each end is a date of its own.

use super::lexicon;
use super::tokens::{Kind, Token, word};
use crate::ingest::html::dates::month_number;
use chrono::NaiveDate;

/// `April 14-18`, `Oct. 3–5`: a month with two day numbers, as (month, [(token, day); 2]).
pub fn month_day_range(tokens: &[Token], i: usize) -> Option<(u32, [(usize, u32); 2])> {
    let token = tokens.get(i)?;
    if token.kind != Kind::Word || !token.capital {
        return None;
    }
    let (month, _) = month_number(&token.folded)?;
    let mut at = i + 1;
    if tokens
        .get(at)
        .is_some_and(|t| t.kind == Kind::Punct('.') && !t.spaced)
    {
        at += 1;
    }
    let day = |t: Option<&Token>| match t.map(|t| t.kind) {
        Some(Kind::Number(d, len)) if len <= 2 && (1..=31).contains(&d) => Some(d),
        _ => None,
    };
    let first = day(tokens.get(at))?;
    let dash = tokens.get(at + 1)?;
    if dash.spaced || !matches!(dash.kind, Kind::Punct('-' | '–')) {
        return None;
    }
    let second = tokens.get(at + 2).filter(|t| !t.spaced);
    let last = day(second)?;
    if last <= first
        || tokens.get(at + 3).is_some_and(|t| {
            !t.spaced && matches!(t.kind, Kind::Number(..) | Kind::Punct('-' | '.' | '/'))
        })
    {
        return None;
    }
    NaiveDate::from_ymd_opt(2000, month, last)?;
    Some((month, [(at, first), (at + 2, last)]))
}

/// The other day of a pair or range next to a written date spanning tokens `from..=last`:
/// `23 and 28 April` (before it) or `April 16 and 17` (after it), as (token index, day).
pub fn paired_days(tokens: &[Token], from: usize, last: usize) -> Vec<(usize, u32)> {
    let day = |i: usize| match tokens.get(i).map(|t| t.kind) {
        Some(Kind::Number(d, len)) if len <= 2 && (1..=31).contains(&d) => Some(d),
        _ => None,
    };
    let joiner = |i: usize| {
        matches!(word(tokens, i), "and" | "or" | "to")
            || tokens
                .get(i)
                .is_some_and(|t| matches!(t.kind, Kind::Punct('-' | '–')))
    };
    let mut out = Vec::new();
    // Before: a day number, a joiner, then the date starting with its own day number.
    if from >= 2
        && day(from).is_some()
        && joiner(from - 1)
        && let Some(d) = day(from - 2)
        && (from < 3
            || !matches!(
                tokens[from - 3].kind,
                Kind::Number(..) | Kind::Punct(',' | '.' | '/')
            ))
    {
        out.push((from - 2, d));
    }
    // After: the date ends with its day number, then a joiner and another day number that is
    // not followed by a month word or more digits.
    if day(last).is_some()
        && joiner(last + 1)
        && let Some(d) = day(last + 2)
    {
        let next = tokens.get(last + 3);
        let ends = next.is_none_or(|t| {
            !(t.kind == Kind::Word
                && (month_number(&t.folded).is_some()
                    || lexicon::count_noun(&t.folded)
                    || lexicon::unit(&t.folded).is_some()))
                && !(matches!(
                    t.kind,
                    Kind::Number(..) | Kind::Punct('.' | ',' | '/' | ':' | '%')
                ) && !t.spaced
                    && tokens
                        .get(last + 4)
                        .is_some_and(|u| matches!(u.kind, Kind::Number(..))))
        });
        if ends {
            out.push((last + 2, d));
        }
    }
    out
}

/// The end of a year range starting with `first` at token `i`: `1918-19`, `1995-7`,
/// `1918-1919`, `2009/10`, as (token index, year). The end must come after the start.
pub fn year_range_end(tokens: &[Token], i: usize, first: i32) -> Option<(usize, i32)> {
    let sep = tokens.get(i + 1)?;
    if sep.spaced || !matches!(sep.kind, Kind::Punct('-' | '–' | '/')) {
        return None;
    }
    let end = tokens.get(i + 2)?;
    let Kind::Number(value, len) = end.kind else {
        return None;
    };
    if end.spaced
        || tokens.get(i + 3).is_some_and(|t| {
            !t.spaced
                && matches!(
                    t.kind,
                    Kind::Number(..) | Kind::Punct('-' | '/' | '.' | '%')
                )
        })
    {
        return None;
    }
    let value = value as i32;
    let last = match len {
        1 => first - first % 10 + value,
        2 => first - first % 100 + value,
        4 => value,
        _ => return None,
    };
    (last > first && last - first <= 10).then_some((i + 2, last))
}

#[cfg(test)]
mod tests {
    use super::super::scan::{Expr, find_expressions};
    use super::super::tokens::tokenize;
    use crate::ingest::html::dates::DayOrder;

    fn exprs(text: &str) -> Vec<Expr> {
        find_expressions(text, &tokenize(text), DayOrder::DayFirst)
            .into_iter()
            .map(|f| f.expr)
            .collect()
    }

    fn month_days(text: &str) -> Vec<(u32, u32)> {
        exprs(text)
            .into_iter()
            .filter_map(|e| match e {
                Expr::MonthDay { month, day } => Some((month, day)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn both_ends_of_a_day_range_are_dates() {
        assert_eq!(
            month_days("travel between April 14-18, before"),
            [(4, 14), (4, 18)]
        );
        assert_eq!(
            month_days("it peaked between 23 and 28 April."),
            [(4, 23), (4, 28)]
        );
        assert_eq!(
            month_days("it met on April 16 and 17 in Mexico"),
            [(4, 16), (4, 17)]
        );
        assert!(month_days("May 12 and 15 people died").len() == 1);
    }

    #[test]
    fn both_ends_of_a_year_range_are_years() {
        assert_eq!(
            exprs("the 1918-19 pandemic"),
            [Expr::Year(1918), Expr::Year(1919)]
        );
        assert_eq!(
            exprs("the BSE scare of 1995-7"),
            [Expr::Year(1995), Expr::Year(1997)]
        );
        assert_eq!(exprs("in 2009/10"), [Expr::Year(2009), Expr::Year(2010)]);
        assert!(exprs("1500-2000 barrels a day").is_empty());
    }
}
