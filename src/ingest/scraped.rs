//! Reads scraped plain-text pages such as the seed article.
//!
//! Such pages start with a `date 2026-02-08 Section` line, repeat the title, give the lede and
//! the published and updated stamps (`2026-02-08T16:46+0000` lines, and later a
//! `16:46 GMT 08.02.2026 (Updated: 16:52 GMT 08.02.2026)` line), and then render the whole page
//! a second time with small edits: a straight against a curly apostrophe, a name in full, two
//! paragraphs glued together ("said.The ministry").
//!
//! We split the file into its renderings at the places where the title comes around again,
//! split each rendering into sentences (also at glued joins), and align the renderings sentence
//! by sentence with a fuzzy match. Each aligned pair keeps its cleaner variant (the fuller one,
//! then the one with typographic quotes); a sentence only one copy has is kept where it stands;
//! a paragraph break in either copy is a break in the result. So the body comes out exactly
//! once and no sentence is lost. We do not try to read arbitrary web page dumps here: HTML
//! pages have their own reader.

use super::{ReadContext, ReadError, SourceFile, dates};
use crate::model::{Article, InputFormat, Stamp};
use chrono::{NaiveDate, NaiveDateTime};

/// Whether the text looks like a scraped page this reader understands.
pub fn looks_scraped(text: &str) -> bool {
    let first = text.lines().map(str::trim).find(|l| !l.is_empty());
    if first.is_some_and(|l| header_line(l).is_some()) {
        return true;
    }
    text.lines().take(60).any(|l| gmt_line(l.trim()).is_some())
        && text.lines().take(60).any(|l| iso_line(l.trim()).is_some())
}

/// One line of the page, classified.
#[derive(Debug, Clone, PartialEq)]
enum Line<'a> {
    Blank,
    Iso(Stamp),
    Gmt(Stamp, Option<Stamp>),
    Text(&'a str),
}

/// Reads one scraped page.
pub fn read(file: &SourceFile, _context: &ReadContext) -> Result<Article, ReadError> {
    let text = std::str::from_utf8(file.bytes).map_err(|e| ReadError::NotUtf8(e.valid_up_to()))?;
    let mut lines = text
        .lines()
        .map(str::trim)
        .skip_while(|l| l.is_empty())
        .peekable();
    let mut header_day = None;
    let mut section = None;
    if let Some((day, sec)) = lines.peek().and_then(|l| header_line(l)) {
        header_day = Some(day);
        section = sec;
        lines.next();
    }
    let classified: Vec<Line> = lines.map(classify).collect();

    let mut warnings = Vec::new();
    let (published, updated) = stamps(&classified, header_day, &mut warnings)?;

    // The title is the first text line; its variants are the lines equal to it once folded.
    let mut title_variants: Vec<&str> = Vec::new();
    let mut renderings: Vec<Vec<&str>> = vec![Vec::new()];
    for line in &classified {
        let Line::Text(t) = line else { continue };
        if title_variants.is_empty() {
            title_variants.push(t);
            continue;
        }
        if fold(t) == fold(title_variants[0]) {
            title_variants.push(t);
            // The title coming around after body text starts the next rendering.
            if renderings.last().is_some_and(|r| !r.is_empty()) {
                renderings.push(Vec::new());
            }
            continue;
        }
        renderings
            .last_mut()
            .expect("one rendering at least")
            .push(t);
    }
    let Some(title) = title_variants
        .iter()
        .copied()
        .max_by_key(|t| cleanliness(t))
    else {
        return Err(ReadError::NoTitle(
            "the page has no text after its date line".into(),
        ));
    };

    let mut merged: Vec<Unit> = Vec::new();
    for rendering in renderings.iter().filter(|r| !r.is_empty()) {
        let units = units_of(rendering);
        merged = if merged.is_empty() {
            units
        } else {
            merge(&merged, &units)
        };
    }
    let body = join_units(&merged);
    let summary = super::first_paragraph(&body);
    Ok(Article {
        id: super::id_from_path(file.path),
        path: file.path.to_string(),
        format: InputFormat::Scraped,
        title: crate::text::squash_whitespace(title),
        section,
        published,
        updated,
        summary,
        body,
        body_html: None,
        topics: Vec::new(),
        outlet: None,
        url: None,
        lang: None,
        author: None,
        location: None,
        origins: vec![file.path.to_string()],
        warnings,
    })
}

/// `date 2026-02-08 International` → the day and the section.
fn header_line(line: &str) -> Option<(NaiveDate, Option<String>)> {
    let rest = line.trim().strip_prefix("date ")?.trim_start();
    let day = dates::parse_iso_day(rest.get(..10)?)?;
    let section = crate::text::squash_whitespace(&rest[10..]);
    Some((day, (!section.is_empty()).then_some(section)))
}

fn classify(line: &str) -> Line<'_> {
    if line.is_empty() {
        Line::Blank
    } else if let Some(stamp) = iso_line(line) {
        Line::Iso(stamp)
    } else if let Some((published, updated)) = gmt_line(line) {
        Line::Gmt(published, updated)
    } else {
        Line::Text(line)
    }
}

/// A line that is nothing but an ISO date-time, such as `2026-02-08T16:46+0000`.
fn iso_line(line: &str) -> Option<Stamp> {
    if line.len() < 16 || line.len() > 40 {
        return None;
    }
    dates::parse_stamp(line).filter(|s| !s.date_only)
}

/// `16:46 GMT 08.02.2026` optionally followed by `(Updated: 16:52 GMT 08.02.2026)`.
fn gmt_line(line: &str) -> Option<(Stamp, Option<Stamp>)> {
    let (first, rest) = match line.split_once('(') {
        Some((first, rest)) => (first.trim(), Some(rest.trim_end_matches(')').trim())),
        None => (line.trim(), None),
    };
    let published = gmt_stamp(first)?;
    let updated = match rest {
        Some(rest) => {
            let lower = rest.to_ascii_lowercase();
            let value = lower
                .strip_prefix("updated")
                .map(|v| v.trim_start_matches(':').trim())?;
            Some(gmt_stamp(value)?)
        }
        None => None,
    };
    Some((published, updated))
}

/// `16:46 GMT 08.02.2026` (also `UTC`, or an offset such as `+03:00`).
fn gmt_stamp(text: &str) -> Option<Stamp> {
    let mut parts = text.split_whitespace();
    let time = dates::parse_time(parts.next()?)?;
    let offset = dates::parse_offset(&parts.next()?.to_ascii_uppercase())?;
    let day_text = parts.next()?;
    if parts.next().is_some() {
        return None;
    }
    let mut nums = day_text.split('.');
    let (d, m, y) = (nums.next()?, nums.next()?, nums.next()?);
    if nums.next().is_some() || d.len() > 2 || m.len() > 2 || y.len() != 4 {
        return None;
    }
    let day = NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)?;
    Some(Stamp {
        local: NaiveDateTime::new(day, time),
        stated_offset: Some(offset),
        date_only: false,
    })
}

/// Picks published and updated stamps: ISO lines first, the GMT line as a cross-check, and
/// the header day when neither is there. Disagreements become warnings.
fn stamps(
    lines: &[Line],
    header_day: Option<NaiveDate>,
    warnings: &mut Vec<String>,
) -> Result<(Stamp, Option<Stamp>), ReadError> {
    let iso: Vec<Stamp> = lines
        .iter()
        .filter_map(|l| if let Line::Iso(s) = l { Some(*s) } else { None })
        .collect();
    let gmt = lines.iter().find_map(|l| match l {
        Line::Gmt(p, u) => Some((*p, *u)),
        _ => None,
    });
    let utc = chrono_tz::UTC;
    let (published, updated) = match (iso.first(), gmt) {
        (Some(first), gmt) => {
            let updated = iso.get(1).copied().or(gmt.and_then(|g| g.1));
            if let Some((gp, _)) = gmt
                && gp.instant(utc) != first.instant(utc)
            {
                warnings.push(format!(
                    "the page states two publication times, {} and {}; using the first",
                    first.to_rfc3339(),
                    gp.to_rfc3339()
                ));
            }
            (*first, updated)
        }
        (None, Some((p, u))) => (p, u),
        (None, None) => match header_day {
            Some(day) => (
                Stamp {
                    local: day.and_time(chrono::NaiveTime::MIN),
                    stated_offset: None,
                    date_only: true,
                },
                None,
            ),
            None => {
                return Err(ReadError::NoDate(
                    "the page has no `date` line and no time stamps".into(),
                ));
            }
        },
    };
    if let Some(day) = header_day
        && day != published.day()
    {
        warnings.push(format!(
            "the date line says {day} but the stamps say {}",
            published.to_rfc3339()
        ));
    }
    // An "update" at or before publication is no update.
    let updated = updated.filter(|u| u.instant(utc) > published.instant(utc));
    Ok((published, updated))
}

/// A sentence of the body and whether a paragraph ends after it.
#[derive(Debug, Clone, PartialEq)]
struct Unit {
    text: String,
    tokens: Vec<String>,
    ends_paragraph: bool,
}

/// Splits a rendering's lines into sentences; each line is a paragraph, and so is each part of
/// a line where two paragraphs were glued together without a space ("said.The").
fn units_of(lines: &[&str]) -> Vec<Unit> {
    let mut units = Vec::new();
    for line in lines {
        for paragraph in split_glued(line) {
            let sentences = crate::text::sentences(paragraph);
            let count = sentences.len();
            for (i, sentence) in sentences.into_iter().enumerate() {
                units.push(Unit {
                    text: crate::text::squash_whitespace(sentence),
                    tokens: crate::text::words(&fold(sentence)).collect(),
                    ends_paragraph: i + 1 == count,
                });
            }
        }
    }
    units
}

/// Splits text where a sentence end is glued to the next capitalised word: `said.The`.
fn split_glued(line: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut parts = Vec::new();
    let mut start = 0;
    for i in 1..chars.len() {
        let (_, c) = chars[i];
        if !matches!(c, '.' | '!' | '?') || !chars[i - 1].1.is_lowercase() {
            continue;
        }
        let mut j = i + 1;
        while j < chars.len() && matches!(chars[j].1, '"' | '”' | '’' | '\'' | ')') {
            j += 1;
        }
        let glued =
            j + 1 < chars.len() && chars[j].1.is_uppercase() && chars[j + 1].1.is_lowercase();
        if glued {
            let cut = chars[j].0;
            parts.push(&line[start..cut]);
            start = cut;
        }
    }
    parts.push(&line[start..]);
    parts
}

/// Folds typographic variants away for comparison: quotes, dashes, case.
fn fold(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '’' | '‘' | '`' | '´' => '\'',
            '“' | '”' | '„' => '"',
            '–' | '—' | '‑' => '-',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// How clean a variant is: more words first (a fuller name, nothing cut off), then
/// typographic quotes and apostrophes, which scrapers lose more often than they add.
fn cleanliness(text: &str) -> (usize, usize) {
    let words = crate::text::words(text).count();
    let typographic = text
        .chars()
        .filter(|c| matches!(c, '’' | '‘' | '“' | '”'))
        .count();
    (words, typographic)
}

/// Dice similarity of two token lists (as multisets), in 0..=1.
fn similarity(a: &[String], b: &[String]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return if a == b { 1.0 } else { 0.0 };
    }
    let mut counts: std::collections::HashMap<&str, i32> = std::collections::HashMap::new();
    for t in a {
        *counts.entry(t).or_default() += 1;
    }
    let mut common = 0;
    for t in b {
        if let Some(n) = counts.get_mut(t.as_str())
            && *n > 0
        {
            *n -= 1;
            common += 1;
        }
    }
    2.0 * f64::from(common) / (a.len() + b.len()) as f64
}

/// Two sentences are the same sentence in two renderings at this similarity or more.
const SAME_SENTENCE: f64 = 0.6;

/// Longest renderings compared sentence by sentence; beyond this the second copy is appended
/// after removing exact repeats, so a huge file cannot make the alignment quadratic.
const MAX_ALIGN: usize = 3000;

/// Which rendering a merged sentence came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    A,
    B,
    /// Matched in both; the two flags say whether each copy ended a paragraph after it.
    Both(bool, bool),
}

/// Aligns two renderings and merges them, keeping the cleaner variant of each matched sentence
/// and every sentence only one side has, in reading order.
fn merge(a: &[Unit], b: &[Unit]) -> Vec<Unit> {
    if a.len() > MAX_ALIGN || b.len() > MAX_ALIGN {
        let seen: std::collections::HashSet<&str> = a.iter().map(|u| u.text.as_str()).collect();
        let mut out = a.to_vec();
        out.extend(
            b.iter()
                .filter(|u| !seen.contains(u.text.as_str()))
                .cloned(),
        );
        return out;
    }
    // score[i][j]: best total similarity aligning a[i..] with b[j..].
    let (n, m) = (a.len(), b.len());
    let mut score = vec![vec![0.0f64; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let s = similarity(&a[i].tokens, &b[j].tokens);
            let pair = if s >= SAME_SENTENCE {
                s + score[i + 1][j + 1]
            } else {
                f64::MIN
            };
            score[i][j] = pair.max(score[i + 1][j]).max(score[i][j + 1]);
        }
    }
    let mut out: Vec<(Unit, Side)> = Vec::with_capacity(n.max(m));
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m {
            let s = similarity(&a[i].tokens, &b[j].tokens);
            if s >= SAME_SENTENCE && (score[i][j] - (s + score[i + 1][j + 1])).abs() < 1e-9 {
                let keep = if cleanliness(&b[j].text) > cleanliness(&a[i].text) {
                    &b[j]
                } else {
                    &a[i]
                };
                out.push((
                    keep.clone(),
                    Side::Both(a[i].ends_paragraph, b[j].ends_paragraph),
                ));
                i += 1;
                j += 1;
            } else if score[i + 1][j] >= score[i][j + 1] {
                out.push((a[i].clone(), Side::A));
                i += 1;
            } else {
                out.push((b[j].clone(), Side::B));
                j += 1;
            }
        } else if i < n {
            out.push((a[i].clone(), Side::A));
            i += 1;
        } else {
            out.push((b[j].clone(), Side::B));
            j += 1;
        }
    }
    // After a matched sentence, a sentence that only one copy has continues that copy's
    // paragraph structure; between two matched sentences, a break in either copy counts.
    let sides: Vec<Side> = out.iter().map(|(_, side)| *side).collect();
    out.into_iter()
        .enumerate()
        .map(|(k, (mut unit, side))| {
            if let Side::Both(a_ends, b_ends) = side {
                unit.ends_paragraph = match sides.get(k + 1) {
                    Some(Side::A) => a_ends,
                    Some(Side::B) => b_ends,
                    _ => a_ends || b_ends,
                };
            }
            unit
        })
        .collect()
}

/// Joins sentences into paragraphs separated by blank lines.
fn join_units(units: &[Unit]) -> String {
    let mut body = String::new();
    let mut paragraph_open = false;
    for unit in units {
        if paragraph_open {
            body.push(' ');
        }
        body.push_str(&unit.text);
        paragraph_open = !unit.ends_paragraph;
        if unit.ends_paragraph {
            body.push_str("\n\n");
        }
    }
    body.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = include_str!("../../content/000_43653dce7a49f3b9.txt");

    fn seed() -> Article {
        let file = SourceFile {
            path: "000_43653dce7a49f3b9.txt",
            bytes: SEED.as_bytes(),
        };
        read(&file, &ReadContext::new(chrono_tz::UTC)).unwrap()
    }

    #[test]
    fn seed_page_gives_section_title_and_both_stamps() {
        let a = seed();
        assert_eq!(a.section.as_deref(), Some("International"));
        assert_eq!(
            a.title,
            "Lavrov and Oman’s Foreign Minister Discuss US-Iran Talks in Phone Call"
        );
        assert_eq!(a.published.to_rfc3339(), "2026-02-08T16:46:00Z");
        assert_eq!(a.updated.unwrap().to_rfc3339(), "2026-02-08T16:52:00Z");
        assert!(a.warnings.is_empty(), "{:?}", a.warnings);
    }

    #[test]
    fn seed_page_body_appears_once() {
        let a = seed();
        let paragraphs: Vec<&str> = a.body.split("\n\n").collect();
        assert_eq!(paragraphs.len(), 3, "{}", a.body);
        assert!(paragraphs[0].starts_with("Russian Foreign Minister Sergey Lavrov"));
        assert!(paragraphs[1].starts_with("\"The exchange of views"));
        assert!(paragraphs[1].ends_with("the statement published on the ministry’s website said."));
        assert_eq!(
            paragraphs[2],
            "The ministry also noted that Lavrov highly praised the efforts made by the leadership of Oman in this regard."
        );
        for needle in [
            "The exchange of views",
            "There was a shared opinion",
            "The ministry also noted",
        ] {
            assert_eq!(a.body.matches(needle).count(), 1, "{needle}");
        }
        assert!(!a.body.contains("said.The"));
    }

    #[test]
    fn seed_page_keeps_the_fuller_name_and_the_lede_as_summary() {
        let a = seed();
        assert!(
            a.summary.contains("Badr bin Hamad Al Busaidi"),
            "{}",
            a.summary
        );
        assert!(!a.body.contains("Badr al-Busaidi"));
        assert!(
            a.summary
                .ends_with("according to the Russian Foreign Ministry.")
        );
    }

    #[test]
    fn a_sentence_only_one_copy_has_is_kept_in_place() {
        let page = "date 2026-03-01 World\nTitle here\nLede sentence one is here.\n2026-03-01T10:00+0000\nFirst para is here. Only in copy one.\nSecond para stays.\nTitle here\n\n10:00 GMT 01.03.2026\nLede sentence one is here.\nFirst para is here.\nSecond para stays. Only in copy two.\n";
        let file = SourceFile {
            path: "x.txt",
            bytes: page.as_bytes(),
        };
        let a = read(&file, &ReadContext::new(chrono_tz::UTC)).unwrap();
        assert_eq!(
            a.body,
            "Lede sentence one is here.\n\nFirst para is here. Only in copy one.\n\nSecond para stays. Only in copy two."
        );
    }

    #[test]
    fn glued_paragraphs_are_split_but_abbreviations_are_not() {
        assert_eq!(
            split_glued("he said.The ministry"),
            vec!["he said.", "The ministry"]
        );
        assert_eq!(split_glued("the U.S.Army"), vec!["the U.S.Army"]);
        assert_eq!(split_glued("“ok.”Then"), vec!["“ok.”", "Then"]);
    }

    #[test]
    fn gmt_stamp_lines_are_read() {
        let (p, u) = gmt_line("16:46 GMT 08.02.2026 (Updated: 16:52 GMT 08.02.2026)").unwrap();
        assert_eq!(p.to_rfc3339(), "2026-02-08T16:46:00Z");
        assert_eq!(u.unwrap().to_rfc3339(), "2026-02-08T16:52:00Z");
        assert!(gmt_line("16:46 GMT 31.02.2026").is_none());
        assert!(gmt_line("The talks (in Muscat)").is_none());
    }

    #[test]
    fn disagreeing_stamps_give_a_warning() {
        let page = "date 2026-03-01 World\nTitle\n2026-03-01T10:00+0000\nBody text.\nTitle\n11:00 GMT 01.03.2026\nBody text.\n";
        let file = SourceFile {
            path: "x.txt",
            bytes: page.as_bytes(),
        };
        let a = read(&file, &ReadContext::new(chrono_tz::UTC)).unwrap();
        assert_eq!(a.warnings.len(), 1, "{:?}", a.warnings);
        assert_eq!(a.body, "Body text.");
    }
}
