//! Knows when things happened: finds date expressions in article text, resolves them against
//! the publication day, gives each sentence the day it is about, and an article the day its
//! main event happened.
//!
//! Hand-rolled rather than a crate: the Rust crates that parse dates (`dateparser`,
//! `chrono-english`, `two_timer`, `interim`) read one string that *is* a date; none finds date
//! expressions inside running prose, keeps their spans, and resolves relative ones against a
//! document date with the tense of the sentence, which is what HeidelTime and SUTime do in
//! Java. The job here is small enough to do directly: `scan` finds expressions (written dates
//! come from the HTML reader's multilingual `find_dates`, so month names live in one table),
//! `resolve` places them on the calendar, and this module applies both sentence by sentence.
//!
//! Everything is a pure function of the text and the publication day; nothing reads a clock.
//! The anchor is the publication day *as the source states it* (its own time zone), because
//! "yesterday" in a New York evening paper means the day before in New York, whatever the site
//! time zone. Without a publication day, relative expressions are skipped and counted, so the
//! caller can warn once per file.

pub mod lexicon;
mod ranges;
pub mod resolve;
pub mod scan;
pub mod tokens;

use crate::ingest::html::dates::DayOrder;
use crate::model::{Article, ArticleDates, DateMention, DatedSentence, Event, Granularity};
use chrono::NaiveDate;

/// Mentions found in a text, and how many relative ones could not be resolved for want of a
/// publication day.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mentions {
    pub mentions: Vec<DateMention>,
    pub unresolved: usize,
}

/// Every date mention in `text` (one sentence or more), resolved against `published`, with
/// byte spans into `text`. Relative mentions need `published`; without it they are skipped and
/// counted in `unresolved`.
pub fn resolve_mentions(text: &str, published: Option<NaiveDate>) -> Mentions {
    let mut out = Mentions::default();
    for sentence in sentence_spans(text) {
        let part = resolve_sentence(
            &text[sentence.0..sentence.1],
            published,
            DayOrder::DayFirst,
            Style::Prose,
        );
        out.unresolved += part.unresolved;
        out.mentions
            .extend(part.mentions.into_iter().map(|(mut m, _)| {
                m.start += sentence.0;
                m.end += sentence.0;
                m
            }));
    }
    out
}

/// The mentions of one sentence; tense is judged within it.
/// The mentions of one sentence, each with whether it clearly names a day something already
/// happened on (see `clearly_past`), and the count of relative ones left unresolved.
struct SentenceMentions {
    mentions: Vec<(DateMention, bool)>,
    unresolved: usize,
}

/// Whether a text is a headline or running prose: headlines speak of the past in the present
/// tense ("Cubs win World Series") and of the future with `to` ("Market moves to Thursday"),
/// so a weekday in a headline says nothing clear about when something happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Headline,
    Prose,
}

fn resolve_sentence(
    sentence: &str,
    published: Option<NaiveDate>,
    order: DayOrder,
    style: Style,
) -> SentenceMentions {
    let mut out = SentenceMentions {
        mentions: Vec::new(),
        unresolved: 0,
    };
    // Every expression has a digit or a letter; most sentences have both, so no shortcut.
    let tokens = scan::tokenize(sentence);
    for found in scan::find_expressions(sentence, &tokens, order) {
        let relative = resolve::is_relative(&found.expr);
        let anchor = match (published, relative) {
            (Some(day), _) => day,
            (None, false) => NaiveDate::MIN,
            (None, true) => {
                out.unresolved += 1;
                continue;
            }
        };
        let from = tokens
            .iter()
            .position(|t| t.start >= found.start)
            .unwrap_or(0);
        let to = tokens
            .iter()
            .rposition(|t| t.end <= found.end)
            .map_or(from, |i| i + 1);
        let tense = resolve::tense_near(&tokens, from, to);
        // "closed since 3 March", "after the council closed it on Tuesday": a reference
        // point, not the day of what the sentence reports.
        // "Friday's talks": a possessive day names an earlier event as a reference, too.
        let possessive = tokens
            .get(to)
            .is_some_and(|t| matches!(t.kind, scan::Kind::Punct('\'' | '’')))
            && tokens.get(to + 1).is_some_and(|t| t.folded == "s");
        let reference_point = possessive
            || tokens[..from.min(tokens.len())].iter().any(|t| {
                matches!(
                    t.folded.as_ref(),
                    "since" | "after" | "before" | "until" | "till" | "following"
                )
            });
        if let Some((value, granularity)) = resolve::resolve(found.expr, anchor, tense) {
            out.mentions.push((
                DateMention {
                    start: found.start,
                    end: found.end,
                    granularity,
                    value,
                    relative,
                },
                !reference_point && clearly_past(&found.expr, tense, style),
            ));
        }
    }
    out
}

/// Whether an expression plainly names a day something already happened on: a written date
/// or a look back (`yesterday`, `last night`, `two days ago`) not in the future tense, or a
/// weekday or day without a year in the past tense (or, in prose, in no tense recognised).
/// "Market day moves to Thursday" names a day, but not the day of a past event.
fn clearly_past(expr: &scan::Expr, tense: Option<lexicon::Tense>, style: Style) -> bool {
    use scan::Expr;
    match expr {
        Expr::Day(_) => tense != Some(lexicon::Tense::Future),
        Expr::Offset {
            unit: lexicon::Unit::Day,
            count,
        } => *count <= 0 && tense != Some(lexicon::Tense::Future),
        Expr::Weekday { .. } | Expr::MonthDay { .. } | Expr::DayOfMonth(_) => {
            tense == Some(lexicon::Tense::Past) || (tense.is_none() && style == Style::Prose)
        }
        _ => false,
    }
}

/// Byte ranges of the sentences of a text: paragraphs split at blank lines or line breaks,
/// then at sentence ends (`text::sentences`). A German ordinal day (`am 5. März`) ends in a
/// period before a capital, which looks like a sentence end; such a split is undone here.
pub fn sentence_spans(text: &str) -> Vec<(usize, usize)> {
    let base = text.as_ptr() as usize;
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for s in text.split('\n').flat_map(crate::text::sentences) {
        let start = s.as_ptr() as usize - base;
        let end = start + s.len();
        if let Some(last) = spans.last_mut()
            && ends_with_day_number(&text[last.0..last.1])
            && starts_with_month(s)
            && text[last.1..start].chars().all(|c| c == ' ')
        {
            last.1 = end;
            continue;
        }
        spans.push((start, end));
    }
    spans
}

/// `… am 5.`: a one- or two-digit number and a period end the text.
fn ends_with_day_number(text: &str) -> bool {
    let Some(rest) = text.strip_suffix('.') else {
        return false;
    };
    let digits = rest.len() - rest.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    (1..=2).contains(&digits)
        && rest[..rest.len() - digits]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
}

/// The text starts with a month name (`März 2024 …`).
fn starts_with_month(text: &str) -> bool {
    let word: String = text.chars().take_while(|c| c.is_alphabetic()).collect();
    crate::ingest::html::dates::month_number(&word).is_some_and(|(_, short)| !short)
}

/// How far back a lead sentence's day may lie and still be taken as the day the article's
/// event happened: news reports what happened in the last days, and a date further back in the
/// lead is usually background ("the rig that sank on 20 April").
const HAPPENED_WINDOW_DAYS: i64 = 7;

/// How many sentences of the body, after the title, count as the lead.
const LEAD_SENTENCES: usize = 3;

/// Dates an article: each body sentence with its mentions and the day it is about, and the
/// day its main event happened when the title or lead says so clearly.
///
/// The anchor is the publication day as the source states it (see the module header).
pub fn date_article(article: &Article) -> ArticleDates {
    let published = article.published.day();
    let order = if article
        .lang
        .as_deref()
        .is_some_and(|l| l.eq_ignore_ascii_case("en-us"))
    {
        DayOrder::MonthFirst
    } else {
        DayOrder::DayFirst
    };
    let mut sentences = Vec::new();
    let title = resolve_sentence(&article.title, Some(published), order, Style::Headline);
    let mut lead: Vec<Vec<NaiveDate>> = vec![past_days(&title)];
    for (start, end) in sentence_spans(&article.body) {
        let part = resolve_sentence(
            &article.body[start..end],
            Some(published),
            order,
            Style::Prose,
        );
        if lead.len() <= LEAD_SENTENCES {
            lead.push(past_days(&part));
        }
        let mentions: Vec<DateMention> = part
            .mentions
            .into_iter()
            .map(|(mut m, _)| {
                m.start += start;
                m.end += start;
                m
            })
            .collect();
        let day = day_about(&mentions, published);
        sentences.push(DatedSentence {
            start,
            end,
            mentions,
            day,
        });
    }
    let happened = lead
        .iter()
        .flatten()
        .copied()
        .find(|day| (0..=HAPPENED_WINDOW_DAYS).contains(&(published - *day).num_days()));
    ArticleDates {
        published,
        sentences,
        happened,
    }
}

/// The day a sentence is about: its first day mention; else the publication day, unless a
/// week, month or year mention places the sentence at another time (then none).
pub fn day_about(mentions: &[DateMention], published: NaiveDate) -> Option<NaiveDate> {
    if let Some(m) = mentions.iter().find(|m| m.granularity == Granularity::Day) {
        return Some(m.value);
    }
    if mentions.iter().all(|m| covers(m, published)) {
        Some(published)
    } else {
        None
    }
}

/// Whether a mention's period contains `day` (`this week` contains the publication day).
fn covers(mention: &DateMention, day: NaiveDate) -> bool {
    use chrono::Datelike;
    let v = mention.value;
    match mention.granularity {
        Granularity::Day => v == day,
        Granularity::Week => (0..7).contains(&(day - v).num_days()),
        Granularity::Month => v.year() == day.year() && v.month() == day.month(),
        Granularity::Year => v.year() == day.year(),
    }
}

/// The days a sentence clearly names as days something happened on, in order.
fn past_days(part: &SentenceMentions) -> Vec<NaiveDate> {
    part.mentions
        .iter()
        .filter(|(m, clear)| *clear && m.granularity == Granularity::Day)
        .map(|(m, _)| m.value)
        .collect()
}

/// Dates every article, in article order.
pub fn date_articles(articles: &[Article]) -> Vec<ArticleDates> {
    use rayon::prelude::*;
    // Each article on its own, on all cores; `collect` keeps the article order.
    articles.par_iter().map(date_article).collect()
}

/// Sets each event's `happened` day from its first article's dates. An event whose article
/// names no earlier day keeps its digest day, so that a time-zone shift alone never makes
/// "happened" and "reported" differ.
pub fn date_events(events: &mut [Event], dates: &[ArticleDates]) {
    for event in events {
        let Some(article) = event.articles.first().and_then(|&a| dates.get(a)) else {
            continue;
        };
        event.happened = match article.happened {
            Some(day) if day != article.published => day,
            _ => event.day,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn values(text: &str, published: NaiveDate) -> Vec<(String, String, Granularity)> {
        resolve_mentions(text, Some(published))
            .mentions
            .into_iter()
            .map(|m| {
                (
                    text[m.start..m.end].to_string(),
                    m.value.to_string(),
                    m.granularity,
                )
            })
            .collect()
    }

    #[test]
    fn absolute_styles_in_five_languages() {
        let p = day(2024, 3, 20);
        let text = "It began March 5, 2024. Then 5 March 2024. Stand 05.03.2024. ISO 2024-03-05. \
                    Am 5. März 2024. Le 5 mars 2024. El 5 de marzo de 2024. Il 5 marzo 2024.";
        let found = values(text, p);
        assert_eq!(found.len(), 8, "{found:?}");
        assert!(
            found
                .iter()
                .all(|(_, v, g)| v == "2024-03-05" && *g == Granularity::Day)
        );
    }

    #[test]
    fn relative_days_resolve_against_publication() {
        // 2010-06-16 is a Wednesday.
        let p = day(2010, 6, 16);
        let v = values(
            "Officials said yesterday the leak slowed. The well was capped on Monday night. \
             BP will try again tomorrow. Talks on Friday failed. The spill began two days ago.",
            p,
        );
        let days: Vec<&str> = v.iter().map(|(_, d, _)| d.as_str()).collect();
        assert_eq!(
            days,
            [
                "2010-06-15",
                "2010-06-14",
                "2010-06-17",
                "2010-06-11",
                "2010-06-14"
            ]
        );
    }

    #[test]
    fn future_tense_moves_weekdays_and_months_forward() {
        let p = day(2010, 6, 16);
        let v = values(
            "Obama will visit the Gulf on Friday. The oil will flow until August.",
            p,
        );
        assert_eq!(v[0].1, "2010-06-18");
        assert_eq!(
            v[1],
            ("August".into(), "2010-08-01".into(), Granularity::Month)
        );
        let v = values("The rig sank in April and the leak grew in August.", p);
        assert_eq!(v[0].1, "2010-04-01");
        assert_eq!(v[1].1, "2009-08-01");
    }

    #[test]
    fn a_reported_clause_does_not_lend_its_tense_to_the_day() {
        // Published on Thursday 3 June 2010: the interview was on the Wednesday before, though
        // what was said ("could hit") looks ahead.
        let v = values(
            "Hayward said in an interview with Britain's Daily Mail newspaper on Wednesday that costs could hit $3 billion.",
            day(2010, 6, 3),
        );
        assert_eq!(v[0].1, "2010-06-02");
        let v = values(
            "The board meets on Wednesday, if nothing changes.",
            day(2010, 6, 3),
        );
        assert_eq!(v[0].1, "2010-06-09");
    }

    #[test]
    fn periods_and_years() {
        let p = day(2010, 6, 16);
        let v = values(
            "BP hired her this week. Revenue fell last year. Prices rose last month. It happened in 2009.",
            p,
        );
        assert_eq!(
            v.iter()
                .map(|(_, d, g)| (d.as_str(), *g))
                .collect::<Vec<_>>(),
            [
                ("2010-06-14", Granularity::Week),
                ("2009-01-01", Granularity::Year),
                ("2010-05-01", Granularity::Month),
                ("2009-01-01", Granularity::Year),
            ]
        );
    }

    #[test]
    fn a_day_without_a_year_and_the_12th() {
        let p = day(2011, 1, 6);
        let v = values(
            "The well was sealed on Sept. 19 and inspected on the 3rd.",
            p,
        );
        assert_eq!(v[0].1, "2010-09-19");
        assert_eq!(v[1].1, "2011-01-03");
    }

    #[test]
    fn may_after_a_day_number_is_the_month_not_a_modal_verb() {
        // Read as the verb, the first `May` hid its date and lent the future tense to the
        // second, which then moved to the next year.
        let v = values(
            "BP began drilling the first of two relief wells on 2 May and the second on 16 May.",
            day(2010, 7, 8),
        );
        let days: Vec<&str> = v.iter().map(|(_, value, _)| value.as_str()).collect();
        assert_eq!(days, ["2010-05-02", "2010-05-16"]);
        // The verb still looks ahead, and is no date.
        let v = values("Prices may rise on 2 June.", day(2010, 7, 8));
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].1, "2011-06-02");
    }

    #[test]
    fn without_a_publication_day_only_absolute_mentions_resolve() {
        let m = resolve_mentions("It rained yesterday, on 5 March 2024 and on Friday.", None);
        assert_eq!(m.mentions.len(), 1);
        assert_eq!(m.mentions[0].value, day(2024, 3, 5));
        assert_eq!(m.unresolved, 2);
    }

    #[test]
    fn sentences_are_about_their_first_day_or_the_publication_day() {
        let p = day(2010, 6, 16);
        let m = resolve_mentions("It sank on Friday and was found on Sunday.", Some(p)).mentions;
        assert_eq!(day_about(&m, p), Some(day(2010, 6, 11)));
        assert_eq!(day_about(&[], p), Some(p));
        let m = resolve_mentions("Revenue fell in 2009.", Some(p)).mentions;
        assert_eq!(day_about(&m, p), None);
        let m = resolve_mentions("It is the worst spill this year.", Some(p)).mentions;
        assert_eq!(day_about(&m, p), Some(p));
    }

    #[test]
    fn sentence_spans_point_into_the_text() {
        let text = "First one. Second one.\n\nThird.";
        let spans = sentence_spans(text);
        let parts: Vec<&str> = spans.iter().map(|&(a, b)| &text[a..b]).collect();
        assert_eq!(parts, ["First one.", "Second one.", "Third."]);
    }
}
