//! Reads plain-text articles: a title line, then paragraphs separated by blank lines.
//!
//! Such files carry no metadata, so the day comes from the path (`…/2026/02/08/…`,
//! `2026-02-08-slug.txt`, `20260208/…`). A file whose path names no day is not guessed at: it is
//! skipped with a warning saying how to date it.

use super::{ReadContext, ReadError, SourceFile, dates};
use crate::model::{Article, InputFormat, Stamp};

/// Reads one plain-text file.
pub fn read(file: &SourceFile, _context: &ReadContext) -> Result<Article, ReadError> {
    let text = std::str::from_utf8(file.bytes).map_err(|e| ReadError::NotUtf8(e.valid_up_to()))?;
    let mut lines = text.lines().map(str::trim).skip_while(|l| l.is_empty());
    let title = crate::text::squash_whitespace(lines.next().unwrap_or(""));
    if title.is_empty() {
        return Err(ReadError::NoTitle("the file has no text".into()));
    }
    let day = dates::day_from_path(file.path).ok_or_else(|| {
        ReadError::NoDate(
            "plain text carries no date; put the day in the path (2026/02/08/…, 2026-02-08-slug.txt) or use Markdown front matter".into(),
        )
    })?;
    let body = paragraphs(lines);
    Ok(Article {
        id: super::id_from_path(file.path),
        path: file.path.to_string(),
        format: InputFormat::PlainText,
        title,
        section: None,
        published: Stamp {
            local: day.and_time(chrono::NaiveTime::MIN),
            stated_offset: None,
            date_only: true,
        },
        updated: None,
        summary: super::first_paragraph(&body),
        body,
        body_html: None,
        topics: Vec::new(),
        outlet: None,
        url: None,
        lang: None,
        author: None,
        location: None,
        origins: vec![file.path.to_string()],
        warnings: Vec::new(),
    })
}

/// Lines longer than this (in characters) were not wrapped by an editor or a mail program,
/// which wrap at 72 to 80 columns.
const WRAP_WIDTH: usize = 100;

/// Joins lines into paragraphs at blank lines, re-flowing hard-wrapped lines. Text that was not
/// hard-wrapped (many lines longer than any wrap width, as scraped pages saved with one
/// paragraph per line are) keeps each line as a paragraph: joined, a page's navigation, its
/// article and its footer would be one paragraph, its summary the whole page, and no line
/// would be left to recognise as boilerplate.
pub fn paragraphs<'a>(lines: impl Iterator<Item = &'a str>) -> String {
    let lines: Vec<&str> = lines.map(str::trim).collect();
    let filled = lines.iter().filter(|l| !l.is_empty()).count();
    let long = lines
        .iter()
        .filter(|l| l.chars().count() > WRAP_WIDTH)
        .count();
    // Wrapped text has hardly a long line; a stray URL or table row may be one.
    let wrapped = long * 10 <= filled;
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for line in lines {
        if line.is_empty() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        } else {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(line);
            if !wrapped {
                out.push(std::mem::take(&mut current));
            }
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out.iter()
        .map(|p| crate::text::squash_whitespace(p))
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(path: &str, text: &str) -> Result<Article, ReadError> {
        let file = SourceFile {
            path,
            bytes: text.as_bytes(),
        };
        read(&file, &ReadContext::new(chrono_tz::UTC))
    }

    #[test]
    fn title_line_then_reflowed_paragraphs() {
        let a = read_text(
            "2026-02-08-rates.txt",
            "\nRates held\n\nThe bank kept rates\nunchanged on Thursday.\n\nMarkets rose.\n",
        )
        .unwrap();
        assert_eq!(a.title, "Rates held");
        assert_eq!(
            a.body,
            "The bank kept rates unchanged on Thursday.\n\nMarkets rose."
        );
        assert_eq!(a.summary, "The bank kept rates unchanged on Thursday.");
        assert_eq!(a.published.to_rfc3339(), "2026-02-08");
    }

    #[test]
    fn a_page_saved_one_paragraph_per_line_keeps_its_lines() {
        let long = "The bank kept rates unchanged on Thursday, saying inflation had eased but \
                    remained above its target for a third year in a row.";
        let text = format!("Rates held\nSubscribe\n{long}\n{long} Markets rose.\nShare this\n");
        let a = read_text("2026-02-08-rates.txt", &text).unwrap();
        assert_eq!(
            a.body,
            format!("Subscribe\n\n{long}\n\n{long} Markets rose.\n\nShare this")
        );
        assert_eq!(a.summary, "Subscribe");
        // Hard-wrapped text with one long line (a URL) is still re-flowed.
        let wrapped = format!(
            "Rates held\n\n{}See https://example.com/{}\nfor more.\n",
            "The bank kept rates\nunchanged on Thursday.\n".repeat(5),
            "a".repeat(120)
        );
        let a = read_text("2026-02-08-rates.txt", &wrapped).unwrap();
        assert!(!a.body.contains("\n"), "{}", a.body);
    }

    #[test]
    fn a_file_without_a_dated_path_is_refused() {
        assert!(matches!(
            read_text("notes/rates.txt", "Rates\n\nBody"),
            Err(ReadError::NoDate(_))
        ));
    }
}
