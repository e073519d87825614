//! The saved model's encoding of every article's dates (`ArticleDates`), which are most of the
//! model: a sentence's day and each mention's day as day numbers, not as the `YYYY-MM-DD` text
//! that serde gives a `NaiveDate`.
//!
//! Why: at 100,000 articles the model holds millions of dates, and formatting and parsing them
//! as text was most of the time spent writing and reading it. The encoding is the fields in
//! order, as tuples (postcard writes no names), with each `NaiveDate` as its number of days
//! from the common era; the model types and their JSON are unchanged.

use crate::model::{ArticleDates, DateMention, DatedSentence, Granularity};
use chrono::{Datelike as _, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Writes `dates` (for `#[serde(serialize_with)]`): each as a tuple of its fields in order.
pub fn serialize<S: Serializer>(dates: &&[ArticleDates], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(dates.iter().map(|d| {
        (
            number(d.published),
            Sentences(&d.sentences),
            d.happened.map(number),
        )
    }))
}

/// Reads what `serialize` wrote (for `#[serde(deserialize_with)]`).
pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<ArticleDates>, D::Error> {
    let read: Vec<DatesIn> = Vec::deserialize(d)?;
    read.into_iter()
        .map(|DatesIn(published, sentences, happened)| {
            Ok(ArticleDates {
                published: date(published)?,
                sentences: sentences
                    .into_iter()
                    .map(|SentenceIn(start, end, mentions, day)| {
                        Ok(DatedSentence {
                            start,
                            end,
                            mentions: mentions
                                .into_iter()
                                .map(|MentionIn(start, end, granularity, value, relative)| {
                                    Ok(DateMention {
                                        start,
                                        end,
                                        granularity,
                                        value: date(value)?,
                                        relative,
                                    })
                                })
                                .collect::<Result<_, D::Error>>()?,
                            day: day.map(date).transpose()?,
                        })
                    })
                    .collect::<Result<_, D::Error>>()?,
                happened: happened.map(date).transpose()?,
            })
        })
        .collect()
}

fn number(day: NaiveDate) -> i32 {
    day.num_days_from_ce()
}

fn date<E: serde::de::Error>(number: i32) -> Result<NaiveDate, E> {
    NaiveDate::from_num_days_from_ce_opt(number).ok_or_else(|| E::custom("a day out of range"))
}

struct Sentences<'a>(&'a [DatedSentence]);

impl Serialize for Sentences<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(
            self.0
                .iter()
                .map(|x| (x.start, x.end, Mentions(&x.mentions), x.day.map(number))),
        )
    }
}

struct Mentions<'a>(&'a [DateMention]);

impl Serialize for Mentions<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(
            self.0
                .iter()
                .map(|m| (m.start, m.end, m.granularity, number(m.value), m.relative)),
        )
    }
}

#[derive(Deserialize)]
struct DatesIn(i32, Vec<SentenceIn>, Option<i32>);

#[derive(Deserialize)]
struct SentenceIn(usize, usize, Vec<MentionIn>, Option<i32>);

#[derive(Deserialize)]
struct MentionIn(usize, usize, Granularity, i32, bool);

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Out<'a>(#[serde(serialize_with = "serialize")] &'a [ArticleDates]);

    #[derive(Deserialize)]
    struct In(#[serde(deserialize_with = "deserialize")] Vec<ArticleDates>);

    #[test]
    fn dates_read_back_as_they_were_written() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 3, d).unwrap();
        let dates = vec![
            ArticleDates {
                published: day(2),
                sentences: vec![
                    DatedSentence {
                        start: 0,
                        end: 40,
                        mentions: vec![DateMention {
                            start: 3,
                            end: 12,
                            granularity: Granularity::Day,
                            value: day(1),
                            relative: true,
                        }],
                        day: Some(day(1)),
                    },
                    DatedSentence {
                        start: 41,
                        end: 90,
                        mentions: vec![],
                        day: None,
                    },
                ],
                happened: Some(day(1)),
            },
            ArticleDates {
                published: NaiveDate::from_ymd_opt(1066, 10, 14).unwrap(),
                sentences: vec![],
                happened: None,
            },
        ];
        let bytes = postcard::to_stdvec(&Out(&dates)).unwrap();
        let In(back) = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(back, dates);
        // A day as a number, not as ten characters of text.
        let as_text = postcard::to_stdvec(&dates).unwrap();
        assert!(
            bytes.len() < as_text.len() / 2,
            "{} {}",
            bytes.len(),
            as_text.len()
        );
    }
}
