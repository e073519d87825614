//! Cuts the dateline off the front of a lead sentence: before it goes on a timeline, and before
//! an article's words and names are counted for story discovery.
//!
//! Why it exists: an article's first sentence often carries the page's stamp and the wire's
//! dateline run into it (`HONG KONG | Wed Apr 15, 2009 5:56 am EDT HONG KONG (Reuters) -
//! Scientists …`, `Thursday, May 27, 2010; 4:21 PM Scientists …`, `NEW ORLEANS (AP) -- …`).
//! On a timeline the date is the heading already and the place and agency say nothing about
//! what happened, so the sentence is shown from where the story starts. It is still compared
//! with its dateline (`sentences`), so cutting it does not change which sentences are picked.
//! For discovery (`group::features`) the dateline is noise of another kind: "NEW YORK
//! (Reuters)" opens thousands of unrelated wire stories, and counted as names it ties them into
//! one story.
//!
//! The cut is made only after a head that has the marks of a dateline (a clock time, an agency
//! in parentheses, a place in capitals or a month name) and no prose in it (no lowercase word
//! but `am`, `pm` and `via`), and only when what remains starts like a sentence.

/// The sentence without a leading dateline or time stamp; the sentence itself when it has none.
pub fn strip_dateline(text: &str) -> &str {
    // Only the head of a sentence can be a dateline.
    const HEAD_WORDS: usize = 24;
    let mut cut = 0;
    let mut marked = false;
    let mut words = text
        .split_whitespace()
        .map(|w| {
            let start = w.as_ptr() as usize - text.as_ptr() as usize;
            (start, w)
        })
        .take(HEAD_WORDS)
        .peekable();
    while let Some((start, word)) = words.next() {
        let end = start + word.len();
        let letters = word.trim_matches(|c: char| !c.is_alphanumeric());
        if is_dash(word) {
            if marked {
                cut = end;
            }
            continue;
        }
        if is_clock(word) {
            // `5:56 am EDT`, `4:21 PM`: the stamp ends after its meridiem and zone.
            let mut stamp_end = end;
            while let Some(&(s, next)) = words.peek() {
                let bare = next.trim_end_matches([',', ';']);
                if matches!(
                    bare.to_ascii_lowercase().as_str(),
                    "am" | "pm" | "a.m." | "p.m."
                ) || (bare.len() <= 4
                    && bare.len() >= 2
                    && bare.chars().all(|c| c.is_ascii_uppercase()))
                {
                    stamp_end = s + next.len();
                    words.next();
                } else {
                    break;
                }
            }
            marked = true;
            cut = stamp_end;
            continue;
        }
        if word.starts_with('(') && word.ends_with(')') && letters.len() >= 2 {
            // `(Reuters)`, `(AP)`: an agency marks a dateline; the dash after it ends it.
            marked = true;
            continue;
        }
        if letters.is_empty() || letters.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let first = letters.chars().next().unwrap_or(' ');
        if first.is_lowercase() && !matches!(letters, "am" | "pm" | "via") {
            break;
        }
        if first.is_lowercase() {
            continue;
        }
        if (letters.len() >= 3 && letters.chars().all(|c| c.is_uppercase()))
            || crate::ingest::html::dates::month_number(letters).is_some()
        {
            marked = true;
        }
    }
    if cut == 0 {
        return text;
    }
    let rest = text[cut..].trim_start();
    let starts_a_sentence = rest
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "\"“'‘".contains(c));
    if starts_a_sentence { rest } else { text }
}

fn is_dash(word: &str) -> bool {
    matches!(word, "-" | "--" | "–" | "—" | "---")
}

/// `5:56`, `10:12`, `4:21PM`.
fn is_clock(word: &str) -> bool {
    let bare = word.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == ',' || c == ';');
    let Some((hours, minutes)) = bare.split_once(':') else {
        return false;
    };
    (1..=2).contains(&hours.len())
        && hours.chars().all(|c| c.is_ascii_digit())
        && minutes.len() == 2
        && minutes.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::strip_dateline;

    #[test]
    fn wire_datelines_and_page_stamps_are_cut() {
        for (text, story) in [
            (
                "HONG KONG | Wed Apr 15, 2009 5:56 am EDT HONG KONG (Reuters) - Scientists in Hong Kong found a compound.",
                "Scientists in Hong Kong found a compound.",
            ),
            (
                "Thursday, May 27, 2010; 4:21 PM Scientists have found evidence of a plume.",
                "Scientists have found evidence of a plume.",
            ),
            (
                "NEW ORLEANS (AP) -- Choppy seas halted the cleanup.",
                "Choppy seas halted the cleanup.",
            ),
            (
                "Coast Guard via AP NEW ORLEANS -- The Coast Guard found oil leaking.",
                "The Coast Guard found oil leaking.",
            ),
            (
                "Sun Apr 26, 2009 10:12 pm BST (Reuters) - The WHO is collecting samples.",
                "The WHO is collecting samples.",
            ),
            (
                "July 15 - BP says it has stopped the leak.",
                "BP says it has stopped the leak.",
            ),
        ] {
            assert_eq!(strip_dateline(text), story, "{text}");
        }
    }

    #[test]
    fn prose_with_dashes_stays_whole() {
        for text in [
            "Tony Hayward -- BP's chief executive -- said the leak would stop.",
            "BP -- the company that ran the well -- paid $20 billion.",
            "The Coast Guard said -- after a long day -- that the oil reached land.",
            "HOUSTON - the spill grew.",
            "At 10:29 am the cap was fitted, officials said.",
            "",
            "-- ",
        ] {
            assert_eq!(strip_dateline(text), text, "{text}");
        }
    }
}
