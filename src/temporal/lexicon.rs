//! The words temporal expressions are made of: weekday names, relative day words, number words,
//! calendar units, and the words that mark a tense or block a false reading ("Black Friday").
//!
//! Month names are not here: they live with the prose date finder in
//! `ingest::html::dates` (`month_number`), which this module calls, so the two never disagree.
//! Weekdays and day words cover the same languages as the month table (en, de, fr, es, it);
//! the phrase patterns around them ("last Tuesday", "two days ago") are English only, because
//! that is what the evaluation data and the sample content are written in.

use chrono::Weekday;

/// The weekday a (lowercase, accent-folded) word names.
pub fn weekday(word: &str) -> Option<Weekday> {
    Some(match word {
        "monday" | "mon" | "montag" | "lundi" | "lunes" | "lunedi" => Weekday::Mon,
        "tuesday" | "tues" | "dienstag" | "mardi" | "martes" | "martedi" => Weekday::Tue,
        "wednesday" | "wed" | "mittwoch" | "mercredi" | "miercoles" | "mercoledi" => Weekday::Wed,
        "thursday" | "thurs" | "donnerstag" | "jeudi" | "jueves" | "giovedi" => Weekday::Thu,
        "friday" | "fri" | "freitag" | "vendredi" | "viernes" | "venerdi" => Weekday::Fri,
        "saturday" | "sat" | "samstag" | "sonnabend" | "samedi" | "sabado" | "sabato" => {
            Weekday::Sat
        }
        "sunday" | "sonntag" | "dimanche" | "domingo" | "domenica" => Weekday::Sun,
        _ => return None,
    })
}

/// Whether a weekday word is German or English, the languages that capitalise weekdays; a
/// capitalised French, Spanish or Italian weekday is usually a name ("Santo Domingo").
pub fn capitalises_weekdays(word: &str) -> bool {
    word.ends_with("day") || word.ends_with("tag") || word == "mittwoch" || word == "sonnabend"
}

/// Whether a weekday word is an abbreviation, which counts only when written with a period
/// (`Fri.`) or capitalised before a day number, since `sat`, `wed` and `mon` are also words.
pub fn is_short_weekday(word: &str) -> bool {
    matches!(word, "mon" | "tues" | "wed" | "thurs" | "fri" | "sat")
}

/// Days from the publication day a single word names: `yesterday` −1, `today` 0, `tomorrow` +1.
/// German `morgen` is left out: capitalised it is "morning", and sentence starts capitalise.
pub fn day_word(word: &str) -> Option<i64> {
    Some(match word {
        "yesterday" | "gestern" | "hier" | "ayer" | "ieri" => -1,
        "today" | "tonight" | "heute" | "aujourd" | "hoy" | "oggi" | "stasera" => 0,
        "tomorrow" | "demain" | "domani" => 1,
        _ => return None,
    })
}

/// A calendar unit named in relative phrases ("last week", "three months ago").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Day,
    Week,
    Month,
    Year,
}

/// The unit a word names, singular or plural.
pub fn unit(word: &str) -> Option<Unit> {
    Some(match word {
        "day" | "days" => Unit::Day,
        "week" | "weeks" | "weekend" => Unit::Week,
        "month" | "months" => Unit::Month,
        "year" | "years" => Unit::Year,
        _ => return None,
    })
}

/// Small counts written as words, as in "two days ago" or "a year ago".
pub fn number_word(word: &str) -> Option<i64> {
    Some(match word {
        "a" | "an" | "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "fifteen" => 15,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "hundred" => 100,
        _ => return None,
    })
}

/// Parts of a day that may follow a weekday or day word without changing the day:
/// "Monday night", "Tuesday morning", "yesterday afternoon".
pub fn part_of_day(word: &str) -> bool {
    matches!(
        word,
        "morning" | "afternoon" | "evening" | "night" | "overnight" | "midday" | "noon"
    )
}

/// Words before a weekday that make it a name rather than a date ("Black Friday").
pub fn weekday_name_prefix(word: &str) -> bool {
    matches!(
        word,
        "black"
            | "super"
            | "good"
            | "ash"
            | "easter"
            | "palm"
            | "bloody"
            | "cyber"
            | "holy"
            | "maundy"
            | "shrove"
            | "giving"
            | "manic"
    )
}

/// Words after a weekday or `today` that make it a name ("Sunday Times", "Today programme").
pub fn name_suffix(word: &str) -> bool {
    matches!(
        word,
        "times"
            | "telegraph"
            | "mirror"
            | "express"
            | "herald"
            | "post"
            | "mail"
            | "people"
            | "sport"
            | "programme"
            | "program"
            | "show"
            | "newspaper"
            | "edition"
            | "school"
            | "club"
    )
}

/// Newspaper names that end in "on Sunday" ("Mail on Sunday", "Independent on Sunday").
pub fn sunday_paper(word: &str) -> bool {
    matches!(word, "mail" | "independent" | "scotland")
}

/// Words before a bare English month name that make it a date: "in March", "since May",
/// "mid-June".
pub fn month_cue(word: &str) -> bool {
    matches!(
        word,
        "in" | "since"
            | "until"
            | "till"
            | "by"
            | "from"
            | "through"
            | "during"
            | "before"
            | "after"
            | "early"
            | "late"
            | "mid"
            | "last"
            | "next"
            | "this"
            | "of"
            | "between"
            | "and"
            | "or"
            | "to"
    )
}

/// Words before a bare month name of the other languages that make it a date: "im März",
/// "en juin", "desde marzo", "nel giugno". English cues do not count for these names, which
/// are also names of people, places and planets ("Rio de Janeiro", "the surface of Mars").
pub fn foreign_month_cue(word: &str) -> bool {
    matches!(
        word,
        "im" | "seit"
            | "bis"
            | "ab"
            | "en"
            | "depuis"
            | "desde"
            | "hasta"
            | "nel"
            | "dal"
            | "entro"
    )
}

/// Words after a four-digit number that show it counts things rather than naming a year.
pub fn count_noun(word: &str) -> bool {
    matches!(
        word,
        "people"
            | "persons"
            | "barrels"
            | "barrel"
            | "feet"
            | "ft"
            | "foot"
            | "metres"
            | "meters"
            | "m"
            | "miles"
            | "mile"
            | "km"
            | "kilometres"
            | "kilometers"
            | "tonnes"
            | "tons"
            | "gallons"
            | "litres"
            | "hours"
            | "hrs"
            | "gmt"
            | "bst"
            | "utc"
            | "edt"
            | "est"
            | "cdt"
            | "cst"
            | "pdt"
            | "cet"
            | "local"
            | "troops"
            | "soldiers"
            | "workers"
            | "cases"
            | "deaths"
            | "dead"
            | "homes"
            | "houses"
            | "children"
            | "residents"
            | "jobs"
            | "boats"
            | "vessels"
            | "ships"
            | "dollars"
            | "pounds"
            | "euros"
            | "staff"
            | "employees"
            | "police"
            | "officers"
            | "patients"
            | "doctors"
            | "beds"
            | "flights"
            | "points"
            | "square"
            | "sq"
            | "per"
            | "acres"
            | "birds"
            | "animals"
            | "volunteers"
            | "members"
            | "votes"
            | "units"
            | "pages"
            | "times"
            | "calls"
            | "claims"
            | "tests"
            | "samples"
    )
}

/// Words before a four-digit number that show it is not a year (`at 1653`, `No 1500`).
pub fn not_year_prefix(word: &str) -> bool {
    matches!(
        word,
        "at" | "no"
            | "number"
            | "flight"
            | "route"
            | "room"
            | "page"
            | "about"
            | "some"
            | "nearly"
            | "almost"
            | "over"
            | "than"
            | "approximately"
            | "roughly"
            | "only"
    )
}

/// How a verb or marker places a statement in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tense {
    Past,
    Present,
    Future,
}

/// The tense a (lowercase) word marks, if it marks one. Regular past forms (`-ed`) are
/// recognised by `tense_of_word` below; this lists the auxiliaries and irregular verbs news
/// prose uses most.
fn marker(word: &str) -> Option<Tense> {
    Some(match word {
        "will" | "ll" | "shall" | "wo" | "upcoming" | "expected" | "expects"
        | "scheduled" | "plans" | "planned" | "plan" | "intends" | "due" | "tomorrow" | "next"
        | "coming" => Tense::Future,
        "was" | "were" | "had" | "did" | "ago" | "said" | "told" | "went" | "came" | "made"
        | "took" | "gave" | "met" | "held" | "left" | "began" | "struck" | "saw" | "found"
        | "spoke" | "sank" | "broke" | "fell" | "rose" | "won" | "lost" | "sent" | "got"
        | "knew" | "thought" | "became" | "ran" | "wrote" | "brought" | "bought" | "paid"
        | "kept" | "felt" | "heard" | "led" | "stood" | "flew" | "chose" | "drove" | "shot"
        | "hit" | "yesterday" | "last" | "earlier" | "since" | "has" | "have" => Tense::Past,

        "is" | "are" | "am" | "says" | "does" | "do" | "today" | "now" | "currently"
        // Verbs that news writes in the present for what is scheduled: "he returns on Monday".
        | "starts" | "begins" | "opens" | "reopens" | "closes" | "ends" | "meets" | "returns"
        | "arrives" | "visits" | "travels" | "resumes" | "holds" | "hosts" | "faces" => {
            Tense::Present
        }
        _ => return None,
    })
}

/// Whether a (lowercase) word opens a subordinate clause, whose verb has its own tense.
pub fn opens_clause(word: &str) -> bool {
    matches!(
        word,
        "that"
            | "if"
            | "because"
            | "which"
            | "who"
            | "whether"
            | "while"
            | "although"
            | "though"
            | "unless"
            | "when"
            | "where"
    )
}

/// Words ending in `-ed` that are not past-tense verbs.
const NOT_PAST_ED: &[&str] = &[
    "need", "speed", "feed", "seed", "red", "bed", "shed", "indeed", "united", "hundred", "bleed",
    "breed", "creed", "deed", "greed", "proceed", "succeed", "exceed", "weed", "wed", "fred",
    "ted", "ned", "ed", "steed", "reed", "tweed", "med",
];

/// Auxiliaries after which an `-ed` word is a participle (`to be completed`, `has closed`),
/// which says nothing about the tense by itself.
fn takes_participle(word: &str) -> bool {
    matches!(
        word,
        "be" | "been"
            | "being"
            | "is"
            | "are"
            | "am"
            | "was"
            | "were"
            | "has"
            | "have"
            | "had"
            | "get"
            | "gets"
            | "got"
            | "not"
    )
}

/// The tense one lowercase word marks, including regular `-ed` past forms; `previous` is the
/// word before it, which can make an `-ed` form a participle, and `next` the word after it:
/// a modal verb looks ahead ("could last into Monday") unless `have` follows ("may have
/// started on Friday").
pub fn tense_of_word(word: &str, previous: &str, next: &str) -> Option<Tense> {
    if matches!(
        word,
        "would" | "could" | "should" | "may" | "might" | "must" | "can"
    ) {
        return Some(if matches!(next, "have" | "ve") {
            Tense::Past
        } else {
            Tense::Future
        });
    }
    if let Some(t) = marker(word) {
        return Some(t);
    }
    if word.len() > 4
        && word.ends_with("ed")
        && !NOT_PAST_ED.contains(&word)
        && !takes_participle(previous)
    {
        return Some(Tense::Past);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekdays_in_five_languages() {
        for word in ["friday", "freitag", "vendredi", "viernes", "venerdi"] {
            assert_eq!(weekday(word), Some(Weekday::Fri), "{word}");
        }
        assert_eq!(weekday("weekday"), None);
    }

    #[test]
    fn regular_past_forms_but_not_look_alikes() {
        assert_eq!(tense_of_word("announced", "bp", "a"), Some(Tense::Past));
        assert_eq!(tense_of_word("completed", "be", "by"), None);
        assert_eq!(tense_of_word("hundred", "a", "people"), None);
        assert_eq!(tense_of_word("will", "bp", "try"), Some(Tense::Future));
        assert_eq!(tense_of_word("says", "he", "it"), Some(Tense::Present));
        assert_eq!(tense_of_word("could", "it", "last"), Some(Tense::Future));
        assert_eq!(tense_of_word("may", "it", "have"), Some(Tense::Past));
    }
}
