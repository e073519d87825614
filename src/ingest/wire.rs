//! Reads wire copy in the layout of the Reuters financial corpus: `-- ` header lines (title,
//! `By` byline, a stamp such as `Fri Oct 20, 2006 6:15pm EDT`, the URL), then the story with
//! hard-wrapped lines and a dateline (`ANCHORAGE, Alaska  (Reuters) - …`).
//!
//! Header lines are told apart by their content rather than their position, because bylines
//! are often empty and some files lack one line or another. The stamp keeps its zone as the
//! stated offset (EDT is -04:00), so the UTC day comes out right: the corpus files its stories
//! under the UTC day. The story is re-flowed: a line that starts with white space, a blank line,
//! or two spaces after a sentence (older files glue paragraphs that way) starts a paragraph.
//! The dateline is cut from the summary, not from the body, and its place becomes the
//! article's `location`. A file with a header but no story (a flash, or a failed download) is
//! kept with a warning: its headline and stamp still date an event.

use super::item::{text_line, title_from_text};
use super::{ReadContext, ReadError, SourceFile, dates};
use crate::model::{Article, InputFormat, Stamp};

/// News agencies whose name a dateline may carry in parentheses.
const AGENCIES: &[&str] = &[
    "Reuters",
    "Reuter",
    "AP",
    "AFP",
    "Bloomberg",
    "UPI",
    "dpa",
    "DPA",
    "Xinhua",
    "ANSA",
    "EFE",
    "PTI",
    "IANS",
    "Kyodo",
    "Yonhap",
    "TASS",
    "Interfax",
    "IFR",
];

/// Whether the text starts with wire header lines: the first starts with `-- ` and so do at
/// least two of the next three.
pub fn looks_like_wire(text: &str) -> bool {
    let mut lines = text.lines();
    if !lines.next().is_some_and(|first| first.starts_with("-- ")) {
        return false;
    }
    lines.take(3).filter(|l| l.starts_with("--")).count() >= 2
}

/// What the header lines say.
#[derive(Debug, Default)]
struct Header {
    title: Option<String>,
    author: Option<String>,
    published: Option<Stamp>,
    /// A stamp line that could not be read.
    bad_stamp: Option<String>,
    url: Option<String>,
}

/// Reads one wire story.
pub fn read(file: &SourceFile, _context: &ReadContext) -> Result<Article, ReadError> {
    let text = std::str::from_utf8(file.bytes).map_err(|e| ReadError::NotUtf8(e.valid_up_to()))?;
    let header_lines: Vec<&str> = text
        .lines()
        .take_while(|l| l.starts_with("--"))
        .take(8)
        .collect();
    let header = read_header(&header_lines);
    let story = text
        .lines()
        .skip(header_lines.len())
        .skip_while(|l| l.trim().is_empty());
    let body = reflow(story);
    let mut warnings = Vec::new();
    if body.is_empty() {
        warnings.push(
            "the story has no text after its header lines (a headline-only flash or a failed download); only the headline is kept"
                .to_string(),
        );
    }
    let published = match header.published {
        Some(stamp) => stamp,
        None => {
            let found = match &header.bad_stamp {
                Some(line) => format!("the header stamp {line:?} is not a date"),
                None => "the header has no stamp line like `-- Fri Oct 20, 2006 6:15pm EDT`".into(),
            };
            match dates::path_day_stamp(file.path) {
                Some(stamp) => {
                    warnings.push(format!("{found}; used the day in the path"));
                    stamp
                }
                None => {
                    return Err(ReadError::NoDate(format!(
                        "{found}, and the path names no day"
                    )));
                }
            }
        }
    };
    let title = match header.title.or_else(|| title_from_text(&body)) {
        Some(title) => title,
        None => return Err(ReadError::NoTitle("the first header line is empty".into())),
    };
    let paragraphs: Vec<&str> = body.split("\n\n").collect();
    let (lead, dateline) = find_dateline(&paragraphs);
    let mut summary = paragraphs[lead][dateline.story_start..].to_string();
    if summary.is_empty() {
        summary = paragraphs
            .get(lead + 1)
            .copied()
            .unwrap_or_default()
            .to_string();
    }
    let from_url = header
        .url
        .as_deref()
        .filter(|u| u.contains("reuters.com/"))
        .map(|_| "Reuters".to_string());
    Ok(Article {
        id: super::id_from_path(file.path),
        path: file.path.to_string(),
        format: InputFormat::Wire,
        title,
        section: None,
        published,
        updated: None,
        summary,
        body,
        body_html: None,
        topics: Vec::new(),
        outlet: dateline.agency.or(from_url),
        url: header.url,
        lang: None,
        author: header.author,
        location: dateline.place,
        origins: vec![file.path.to_string()],
        warnings,
    })
}

/// Sorts the `-- ` lines into title (the first), byline, stamp and URL.
fn read_header(lines: &[&str]) -> Header {
    let mut header = Header::default();
    for (i, line) in lines.iter().enumerate() {
        let value = text_line(line.trim_start_matches('-'));
        if value.is_empty() {
            continue;
        }
        if i == 0 {
            header.title = Some(value);
        } else if let Some(name) = value.strip_prefix("By ").or(value.strip_prefix("by ")) {
            let name = name.trim();
            header.author = (!name.is_empty()).then(|| name.to_string());
        } else if value.starts_with("http://") || value.starts_with("https://") {
            header.url = Some(value);
        } else if header.published.is_none() {
            match dates::parse_loose_stamp(&value) {
                Some(stamp) => header.published = Some(stamp),
                None if value.chars().any(|c| c.is_ascii_digit()) => header.bad_stamp = Some(value),
                None => {}
            }
        }
    }
    header
}

/// Joins hard-wrapped lines into paragraphs separated by a blank line.
fn reflow<'a>(lines: impl Iterator<Item = &'a str>) -> String {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    for line in lines {
        let starts_paragraph = line.starts_with([' ', '\t']) || line.trim().is_empty();
        if starts_paragraph && !current.trim().is_empty() {
            paragraphs.push(std::mem::take(&mut current));
        }
        if !line.trim().is_empty() {
            // Keep two spaces where a line ended a sentence, so a glued paragraph is still seen.
            current.push_str(line);
            if !line.ends_with(' ') {
                current.push(' ');
            }
        }
    }
    if !current.trim().is_empty() {
        paragraphs.push(current);
    }
    // Each part with its whitespace squashed, blank parts left out, a blank line between:
    // written straight into the body, not into a string per part first.
    let mut body = String::with_capacity(paragraphs.iter().map(String::len).sum());
    for part in paragraphs.iter().flat_map(|p| split_glued_paragraphs(p)) {
        for (i, word) in part.split_whitespace().enumerate() {
            if i > 0 {
                body.push(' ');
            } else if !body.is_empty() {
                body.push_str("\n\n");
            }
            body.push_str(word);
        }
    }
    body
}

/// Older files glue paragraphs together with two spaces after a sentence (`promised.  The
/// company's offer`); newer ones never use two spaces there, so this is a safe split.
fn split_glued_paragraphs(paragraph: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let bytes = paragraph.as_bytes();
    let mut i = 0;
    while i + 3 < bytes.len() {
        let ends_sentence = matches!(bytes[i], b'.' | b'!' | b'?' | b'"' | b')');
        if ends_sentence && bytes[i + 1] == b' ' && bytes[i + 2] == b' ' {
            let mut next = i + 3;
            while next < bytes.len() && bytes[next] == b' ' {
                next += 1;
            }
            // A sentence end needs more than a closing quote or parenthesis on its own.
            let closes_sentence = match bytes[i] {
                b'"' | b')' => i > 0 && matches!(bytes[i - 1], b'.' | b'!' | b'?' | b','),
                _ => true,
            };
            let next_starts = bytes
                .get(next)
                .is_some_and(|b| b.is_ascii_uppercase() || *b == b'"');
            if closes_sentence && next_starts {
                parts.push(&paragraph[start..=i]);
                start = next;
                i = next;
                continue;
            }
        }
        i += 1;
    }
    parts.push(&paragraph[start..]);
    parts
}

/// A dateline found at the start of a story's first paragraph.
#[derive(Debug, Default, PartialEq)]
struct Dateline {
    place: Option<String>,
    agency: Option<String>,
    /// Where the story proper starts (0 when there is no dateline).
    story_start: usize,
}

/// The paragraph where the story starts, and its dateline. Editors' notes (`(Adds details)`,
/// `Corrects paragraph 9 …`) and bylines may come before it; they are skipped.
fn find_dateline(paragraphs: &[&str]) -> (usize, Dateline) {
    for (k, paragraph) in paragraphs.iter().enumerate().take(4) {
        let dateline = split_dateline(paragraph);
        if dateline.story_start > 0 || !is_preamble(paragraph) {
            return (k, dateline);
        }
    }
    let lead = paragraphs.iter().position(|p| !is_preamble(p)).unwrap_or(0);
    (lead, Dateline::default())
}

/// An editor's note or byline before the story: `(Adds details)`, `Corrects paragraph 9 …`,
/// `By Kevin Yao`, or a bare reporter's name.
fn is_preamble(paragraph: &str) -> bool {
    let p = paragraph.trim();
    if p.len() > 300 {
        return false;
    }
    let words: Vec<&str> = p.split_whitespace().collect();
    let is_name = words.len() <= 5
        && words.iter().all(|w| {
            w.starts_with(|c: char| c.is_uppercase()) && !w.contains(|c: char| c.is_ascii_digit())
        })
        && !p.ends_with(['.', '!', '?', ':']);
    p.chars().filter(|c| c.is_alphanumeric()).count() < 2
        || (p.starts_with('(') && p.ends_with(')'))
        || [
            "By ",
            "BY ",
            "*By ",
            "Corrects ",
            "(Corrects",
            "(Adds",
            "(Updates",
            "(Recasts",
        ]
        .iter()
        .any(|start| p.starts_with(start))
        || is_name
}

/// Finds `PLACE, Month Day (Agency) - ` (or `PLACE - `, `(Agency) - `, `Oct 8 - `) at the start
/// of the text.
fn split_dateline(text: &str) -> Dateline {
    let head_end = text
        .char_indices()
        .nth(120)
        .map_or(text.len(), |(at, _)| at);
    let head = &text[..head_end];
    if let Some((place_end, close, agency)) = find_agency(head) {
        let place_text = head[..place_end].trim();
        let after = text[close + 1..].trim_start();
        let dashed = after.starts_with(['-', '–', '—']);
        // An agency we do not know counts only between a place in capitals and a dash.
        let accepted = agency.is_some() || (dashed && starts_in_capitals(place_text));
        if accepted && (place_text.is_empty() || is_place(place_text)) {
            let rest = after.trim_start_matches(['-', '–', '—']).trim_start();
            return Dateline {
                place: clean_place(place_text),
                agency: agency.map(str::to_string),
                story_start: text.len() - rest.len(),
            };
        }
    }
    // `DETROIT/NEW YORK - General Motors …` or `Oct 8 - Britain said …`: a place in capitals
    // or a day, then a dash.
    if let Some(dash) = head.find(" - ").or_else(|| head.find(" -- "))
        && (starts_in_capitals(&head[..dash]) || is_month_day(&head[..dash]))
        && is_place(&head[..dash])
    {
        let rest = text[dash..].trim_start_matches([' ', '-']);
        return Dateline {
            place: clean_place(&head[..dash]),
            agency: None,
            story_start: text.len() - rest.len(),
        };
    }
    Dateline::default()
}

/// The first `(Agency)` of the head, also with its opening parenthesis lost (`July 10
/// Reuters)`): where the place before it ends, where the `)` is, and the agency's name if it
/// is a known one (`Reuters Life!` and `REUTERS` are Reuters). The parentheses must hold a
/// short name of letters, not a ticker such as `XOM.N`.
fn find_agency(head: &str) -> Option<(usize, usize, Option<&'static str>)> {
    let close = head.find(')')?;
    let before = &head[..close];
    let (place_end, inner) = match before.rfind('(') {
        Some(open) => (open, &before[open + 1..]),
        None => {
            let start = before.trim_end().rfind(' ').map_or(0, |space| space + 1);
            (start, &before[start..])
        }
    };
    let inner = inner.trim().trim_start_matches([',', ' ']);
    if inner.is_empty()
        || inner.len() > 25
        || !inner
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, ' ' | '!'))
    {
        return None;
    }
    let lower = inner.to_lowercase();
    let agency = AGENCIES.iter().copied().find(|a| {
        let a = a.to_lowercase();
        lower == a || lower.strip_prefix(&a).is_some_and(|r| r.starts_with(' '))
    });
    let agency = match agency {
        Some("Reuter") => Some("Reuters"),
        other => other,
    };
    Some((place_end, close, agency))
}

/// Whether the text before an agency or dash can be a dateline's place (and date).
fn is_place(text: &str) -> bool {
    let text = text.trim();
    !text.is_empty()
        && text.len() <= 80
        && text.starts_with(|c: char| c.is_uppercase())
        && !text.contains(['"', ';', ':', '(', ')', '!', '?'])
}

/// Whether the first part of a dateline place ends in capitals (`NEW YORK`, or `LOS ANGELES`
/// after a glued byline), its day aside.
fn starts_in_capitals(text: &str) -> bool {
    text.split(',').next().is_some_and(|first| {
        without_month_day(first.trim())
            .split_whitespace()
            .last()
            .is_some_and(is_all_caps)
    })
}

/// `NEW YORK`, `L'AQUILA`, `DETROIT/NEW YORK/BEIJING`: letters, all of them capitals.
fn is_all_caps(text: &str) -> bool {
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2
        && letters.iter().all(|c| c.is_uppercase())
        && text
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, ' ' | '/' | '\'' | '-' | '.' | '’'))
}

/// The place of a dateline: its date cut off (`LONDON, Oct 20` → `London`), a glued byline
/// too (`By Gina Keating LOS ANGELES Nov 6` → `Los Angeles`), capitals made title case.
/// `None` when only a date is left (`Sept 12`).
fn clean_place(text: &str) -> Option<String> {
    let mut parts: Vec<&str> = text
        .split(',')
        .map(|part| without_month_day(part.trim()))
        .filter(|part| !part.is_empty())
        .collect();
    if let Some(first) = parts.first_mut()
        && !is_all_caps(first)
    {
        // Keep the trailing words in capitals: what comes before them is a byline.
        let words: Vec<&str> = first.split_whitespace().collect();
        let caps = words.iter().rev().take_while(|w| is_all_caps(w)).count();
        if caps > 0 && caps < words.len() {
            let tail = words[words.len() - caps..].join(" ");
            *first = &first[first.len() - tail.len()..];
        }
    }
    if parts.is_empty() {
        return None;
    }
    let place = parts
        .iter()
        .map(|part| {
            if is_all_caps(part) {
                title_case(part)
            } else {
                part.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(", ");
    Some(crate::text::squash_whitespace(&place))
}

/// The text without a trailing day (`NEW YORK Nov 1` → `NEW YORK`, `Sept 12` → ``).
fn without_month_day(text: &str) -> &str {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() >= 2
        && is_month_day(&words[words.len() - 2..].join(" "))
        && let Some(month_at) = text.rfind(words[words.len() - 2])
    {
        return text[..month_at].trim_end();
    }
    text
}

/// `Oct 20`, `Sept. 12`, `July 4`.
fn is_month_day(text: &str) -> bool {
    let mut words = text.split_whitespace();
    matches!(
        (words.next(), words.next(), words.next()),
        (Some(month), Some(day), None)
            if dates::month_number(month).is_some() && day.chars().all(|c| c.is_ascii_digit())
    )
}

/// `NEW YORK` → `New York`, `L'AQUILA` → `L'Aquila`; two-letter words (`UK`, `US`) stay.
fn title_case(text: &str) -> String {
    text.split(' ')
        .map(|word| {
            let letters = word.chars().filter(|c| c.is_alphabetic()).count();
            if letters <= 2 && !word.contains('\'') {
                return word.to_string();
            }
            let mut out = String::with_capacity(word.len());
            let mut capital_next = true;
            let mut run = 0;
            for c in word.chars() {
                if c.is_alphabetic() {
                    out.extend(if capital_next {
                        c.to_uppercase().collect::<Vec<_>>()
                    } else {
                        c.to_lowercase().collect::<Vec<_>>()
                    });
                    capital_next = false;
                    run += 1;
                } else {
                    out.push(c);
                    // After `/` or `-`, and after a one-letter `L'`, a new word starts.
                    capital_next = matches!(c, '/' | '-') || (matches!(c, '\'' | '’') && run == 1);
                    run = 0;
                }
            }
            out
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datelines_give_place_and_agency() {
        let text = "ANCHORAGE, Alaska  (Reuters) - Exxon Mobil offered to pay.";
        let d = split_dateline(text);
        assert_eq!(d.place.as_deref(), Some("Anchorage, Alaska"));
        assert_eq!(d.agency.as_deref(), Some("Reuters"));
        assert_eq!(&text[d.story_start..], "Exxon Mobil offered to pay.");

        let d = split_dateline("LONDON, Oct 20 (Reuters) - Shares fell.");
        assert_eq!(d.place.as_deref(), Some("London"));
        let d = split_dateline("Sept 12  (Reuters) - Washington Mutual is not in talks.");
        assert_eq!(d.place, None);
        assert_eq!(d.agency.as_deref(), Some("Reuters"));
        let d = split_dateline("(Reuters) - Citigroup says it will pay.");
        assert_eq!((d.place, d.story_start), (None, 12));
        let d = split_dateline("DETROIT/NEW YORK/BEIJING - General Motors is moving.");
        assert_eq!(d.place.as_deref(), Some("Detroit/New York/Beijing"));
        let d = split_dateline("L'AQUILA, July 10 Reuters) - The Group of Eight met.");
        assert_eq!(d.place.as_deref(), Some("L'Aquila"));
        let text = "TOKYO  (Reuters Life!) - Fuel prices may be soaring.";
        let d = split_dateline(text);
        assert_eq!(&text[d.story_start..], "Fuel prices may be soaring.");
        for (text, place) in [
            (
                "By Gina Keating LOS ANGELES Nov 6 (Reuters) - X",
                Some("Los Angeles"),
            ),
            ("NEW YORK Nov 1 (Reuters) - X", Some("New York")),
            (
                "BASEL, Switzerland (REUTERS) - X",
                Some("Basel, Switzerland"),
            ),
            ("ZURICH, Jan 31 (,Reuters) - X", Some("Zurich")),
            ("DENVER (Billboard) - X", Some("Denver")),
            ("Oct 8 - X", None),
        ] {
            let d = split_dateline(text);
            assert_eq!(d.place.as_deref(), place, "{text}");
            assert_eq!(&text[d.story_start..], "X", "{text}");
        }
        assert_eq!(split_dateline("DENVER (Billboard) - X").agency, None);
    }

    #[test]
    fn editors_notes_and_bylines_come_before_the_dateline() {
        let paragraphs = [
            "(Adds details)",
            "By Kevin Yao",
            "BEIJING (Reuters) - China will act.",
        ];
        let (lead, d) = find_dateline(&paragraphs);
        assert_eq!(lead, 2);
        assert_eq!(d.place.as_deref(), Some("Beijing"));
        let (lead, d) = find_dateline(&["Corrects paragraph 9.", "Stocks rose on Friday."]);
        assert_eq!((lead, d), (1, Dateline::default()));
    }

    #[test]
    fn text_without_a_dateline_is_left_alone() {
        for text in [
            "How did a growing number of defaults on subprime mortgages - and more",
            "Exxon Mobil ( XOM.N ) offered to pay - or so it said.",
            "Apple Inc (AAPL) - shares rose.",
        ] {
            assert_eq!(split_dateline(text), Dateline::default(), "{text}");
        }
    }

    #[test]
    fn glued_paragraphs_are_split() {
        let body = reflow(
            " FIRST line wraps \nhere.  Second paragraph \"quoted.\"  Third one.\n  Fourth.\n\n Fifth."
                .lines(),
        );
        assert_eq!(
            body,
            "FIRST line wraps here.\n\nSecond paragraph \"quoted.\"\n\nThird one.\n\nFourth.\n\nFifth."
        );
    }
}
