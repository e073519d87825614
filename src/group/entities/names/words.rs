//! The closed word classes that are never names, or only end them: sentence openers, days and
//! months, nationalities, contractions and company forms.
//!
//! Why apart from `names.rs`: they are lists, like stopwords, that a reader of the name rules
//! does not need open; `names.rs` re-exports what the rest of `entities` asks.

use super::super::fold;

/// Capitalised words that are not names of people, places or organisations: common sentence
/// openers, and days and months (capitalised in English and German), also the months' short
/// forms of datelines and tables ("Feb 26"), but for "Jan", "Jun" and "Mar", which are also
/// first names and place names ("Jan Hommen", "Mar del Plata").
pub(in crate::group::entities) fn is_common_opener(folded: &str) -> bool {
    const OPENERS: &[&str] = &[
        "after",
        "although",
        "apr",
        "april",
        "as",
        "aug",
        "august",
        "but",
        "dec",
        "december",
        "even",
        "feb",
        "february",
        "friday",
        "however",
        "if",
        "in",
        "it",
        "january",
        "jul",
        "july",
        "june",
        "march",
        "may",
        "meanwhile",
        "monday",
        "nov",
        "november",
        "oct",
        "october",
        "on",
        "saturday",
        "sep",
        "sept",
        "september",
        "sunday",
        "the",
        "this",
        "thursday",
        "today",
        "tuesday",
        "we",
        "wednesday",
        "when",
        "while",
        "yesterday",
    ];
    OPENERS.contains(&folded)
}

/// Whether a run of words is a nationality, alone or after points of the compass ("French",
/// "North American", "South Korean", "Latin American"): an adjective, not a name ("North
/// American sales").
pub(super) fn is_regional_adjective(run: &[&str]) -> bool {
    const REGIONS: &[&str] = &[
        "central", "east", "eastern", "latin", "north", "northern", "south", "southern", "west",
        "western",
    ];
    run.split_last().is_some_and(|(last, before)| {
        is_nationality(last)
            && before
                .iter()
                .all(|w| REGIONS.contains(&w.to_ascii_lowercase().as_str()))
    })
}

/// A lone word that reads like an English adjective or plural of nationality ("Iranian",
/// "Chinese", "Danish", "Americans", "French"). Only lone words are dropped: "Sebastian Kurz",
/// "European Central Bank" and "American Express" stay. Most of these words end alike; the
/// common ones that do not ("American", "German", "Swiss") are listed, a closed class like
/// stopwords. Words ending in "-an" alone are not taken as nationalities: "Jordan", "Sudan",
/// "Japan" and "Morgan" are names.
pub(in crate::group::entities) fn is_nationality(word: &str) -> bool {
    /// Demonyms the suffix test misses, folded, singular.
    const IRREGULAR: &str = "afghan african american arab asian cuban czech dutch french \
        german greek iraqi irish israeli jamaican kenyan kuwaiti libyan mexican moroccan omani \
        pakistani qatari saudi somali swiss thai turk venezuelan welsh yemeni";
    let folded = fold(word);
    let suffixed = |w: &str| {
        w.len() > 5
            && ["ian", "ese", "ish", "ean"]
                .iter()
                .any(|suffix| w.ends_with(suffix))
    };
    let singular = folded.strip_suffix('s').filter(|w| !w.ends_with('s'));
    [Some(folded.as_str()), singular]
        .into_iter()
        .flatten()
        .any(|w| suffixed(w) || IRREGULAR.split_whitespace().any(|d| d == w))
}

/// A word ending in an English contraction ("I'm", "We're", "They'll", "I'd", "We've"): a
/// pronoun and a verb, capitalised only because the pronoun is, never a name.
pub(in crate::group::entities) fn is_contraction(word: &str) -> bool {
    ["m", "re", "ve", "ll", "d"].iter().any(|ending| {
        ["'", "’"].iter().any(|apostrophe| {
            word.strip_suffix(ending)
                .and_then(|rest| rest.strip_suffix(apostrophe))
                .is_some_and(|rest| !rest.is_empty())
        })
    })
}

/// Company-form suffixes ("Ford Motor Co", "Apple Inc."): the end of a name, never a name on
/// its own; alone they are what is left of a name split at a line break or a comma. A name's
/// key leaves them out, so "Google Inc" and "Google" are one entity. "Group" and "Holdings"
/// are forms too: "Goldman Sachs Group" and "Goldman Sachs", "Roche Holding" and "Roche" are
/// one company each.
pub(in crate::group::entities) const COMPANY_SUFFIXES: &[&str] = &[
    "ag",
    "co",
    "company",
    "corp",
    "corporation",
    "cos",
    "gmbh",
    "group",
    "holding",
    "holdings",
    "inc",
    "incorporated",
    "limited",
    "llc",
    "lp",
    "ltd",
    "nv",
    "plc",
    "sa",
    "spa",
];

/// Whether a word is only a company-form suffix.
pub(in crate::group::entities) fn is_company_suffix(word: &str) -> bool {
    let folded = fold(word);
    let bare = ["'s", "’s"]
        .iter()
        .find_map(|p| folded.strip_suffix(p))
        .unwrap_or(&folded);
    COMPANY_SUFFIXES.contains(&bare)
}
