//! Other ways one name is written, which share too few words for the surname aliases in
//! `entities.rs` (a short key that begins or ends a longer one, "Lavrov" of "Sergey Lavrov"):
//!
//! - **Acronyms** that stand for a longer name in the same corpus: "SEC" for "Securities and
//!   Exchange Commission", "S&P 500" for "Standard & Poor's 500", "ECB" for "European Central
//!   Bank". Wire copy spells a name out once, usually with the acronym beside it, and uses the
//!   acronym alone after that and in the next day's stories, so without this the two were two
//!   entities, two pages and two places in every story's names. An acronym (written in
//!   capitals, 2 to 6 letters, "&" and "." aside, then the same further words as the name:
//!   "500") stands for the name whose initials it spells, "and", "of", "the", "&" and the like
//!   not counted, when the two are named in the same article at least `MIN_TOGETHER` times; of
//!   several such names ("GM": "General Motors", "General Mills") the one named with it most
//!   often, then the first in key order.
//! - **Spacing**: keys that differ only in spaces, full stops, hyphens and apostrophes ("jp
//!   morgan", "jpmorgan"; "u.s", "us") are one name, the one in most articles.

use super::Found;
use crate::text::FastMap;

/// Articles that must name an acronym and its long form together before one stands for the
/// other: one could be chance ("GM" in a story that also names General Mills).
const MIN_TOGETHER: usize = 2;

/// Words a name's initials leave out ("s" is what a key keeps of a possessive inside a name:
/// "standard & poor s 500").
const UNCOUNTED: &[&str] = &[
    "&", "and", "de", "del", "der", "des", "di", "du", "for", "la", "le", "of", "on", "s", "the",
];

/// For each key (by index in `distinct`), the longer key its acronym stands for, if any.
pub(super) fn acronym_aliases(
    found: &[Found],
    key_ids: &[Vec<u32>],
    distinct: &[&str],
) -> Vec<Option<u32>> {
    let mut out = vec![None; distinct.len()];
    // The keys that are written as acronyms somewhere: (letters, further words).
    let mut capital = vec![false; distinct.len()];
    for (here, ids) in found.iter().zip(key_ids) {
        for (at, written) in &here.forms {
            let id = ids[*at as usize] as usize;
            if !capital[id] && written_as_acronym(written) {
                capital[id] = true;
            }
        }
    }
    let acronyms: FastMap<u32, (String, &str)> = (0..distinct.len())
        .filter(|&k| capital[k])
        .filter_map(|k| acronym_parts(distinct[k]).map(|parts| (k as u32, parts)))
        .collect();
    if acronyms.is_empty() {
        return out;
    }
    // Every longer key under the (initials, further words) it could be written as, among those
    // some acronym is: each split of its words into a spelled-out head and up to two further
    // words.
    let wanted: std::collections::HashSet<(&str, &str)> =
        acronyms.values().map(|(l, r)| (l.as_str(), *r)).collect();
    let mut by_initials: FastMap<(String, &str), Vec<u32>> = FastMap::default();
    for (k, key) in distinct.iter().enumerate() {
        let spaces: Vec<usize> = key.match_indices(' ').map(|(i, _)| i).collect();
        for rest_words in 0..=2.min(spaces.len()) {
            let (head, rest) = if rest_words == 0 {
                (*key, "")
            } else {
                let at = spaces[spaces.len() - rest_words];
                (&key[..at], &key[at + 1..])
            };
            if let Some(initials) = initials(head)
                && wanted.contains(&(initials.as_str(), rest))
            {
                by_initials
                    .entry((initials, rest))
                    .or_default()
                    .push(k as u32);
            }
        }
    }
    // (acronym, long form): articles naming both.
    let mut together: FastMap<(u32, u32), usize> = FastMap::default();
    for ids in key_ids {
        for &a in ids {
            let Some(parts) = acronyms.get(&a) else {
                continue;
            };
            let Some(longs) = by_initials.get(&(parts.0.clone(), parts.1)) else {
                continue;
            };
            for &long in longs {
                if long != a && ids.contains(&long) {
                    *together.entry((a, long)).or_default() += 1;
                }
            }
        }
    }
    let mut best: Vec<Option<(usize, u32)>> = vec![None; distinct.len()];
    for (&(a, long), &count) in &together {
        let slot = &mut best[a as usize];
        let better = slot.is_none_or(|(c, l)| {
            count
                .cmp(&c)
                .then(distinct[l as usize].cmp(distinct[long as usize]))
                .is_gt()
        });
        if better {
            *slot = Some((count, long));
        }
    }
    for (a, slot) in best.into_iter().enumerate() {
        if let Some((count, long)) = slot
            && count >= MIN_TOGETHER
        {
            out[a] = Some(long);
        }
    }
    out
}

/// For each key (by index in `distinct`) that differs from another only in spacing (`compact`),
/// the key of its group named in most articles (`df`), then the first in key order; `None` for
/// that key itself and for keys alone in their group.
pub(super) fn spacing_aliases(distinct: &[&str], df: &[usize]) -> Vec<Option<u32>> {
    let mut groups: FastMap<String, Vec<u32>> = FastMap::default();
    for (k, key) in distinct.iter().enumerate() {
        groups.entry(compact(key)).or_default().push(k as u32);
    }
    let mut out = vec![None; distinct.len()];
    for members in groups.values().filter(|m| m.len() > 1) {
        let target = *members
            .iter()
            .max_by(|&&a, &&b| {
                df[a as usize]
                    .cmp(&df[b as usize])
                    .then(distinct[b as usize].cmp(distinct[a as usize]))
            })
            .expect("a group has members");
        for &k in members.iter().filter(|&&k| k != target) {
            out[k as usize] = Some(target);
        }
    }
    out
}

/// A key without its spaces, full stops, hyphens and apostrophes.
fn compact(key: &str) -> String {
    key.chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-' | '\'' | '’'))
        .collect()
}

/// Whether a name as written begins with an acronym: 2 to 6 capital letters, with "&" or "."
/// between them ("SEC", "S&P 500", "U.N").
fn written_as_acronym(written: &str) -> bool {
    let first = written.split(' ').next().unwrap_or("");
    let letters = first.chars().filter(|c| !matches!(c, '&' | '.')).count();
    (2..=6).contains(&letters)
        && first
            .chars()
            .all(|c| c.is_ascii_uppercase() || matches!(c, '&' | '.'))
        && first.starts_with(|c: char| c.is_ascii_uppercase())
}

/// The letters of a key's first word and its further words, when the first word can be an
/// acronym ("s&p 500" → ("sp", "500")).
fn acronym_parts(key: &str) -> Option<(String, &str)> {
    let (first, rest) = key.split_once(' ').unwrap_or((key, ""));
    let letters: String = first.chars().filter(|c| !matches!(c, '&' | '.')).collect();
    ((2..=6).contains(&letters.len()) && letters.chars().all(|c| c.is_ascii_lowercase()))
        .then_some((letters, rest))
}

/// The initials of a name of two words or more that count ("securities and exchange
/// commission" → "sec"), each an ASCII letter; `None` when fewer than two words count.
fn initials(head: &str) -> Option<String> {
    let mut out = String::new();
    for word in head.split(' ').filter(|w| !UNCOUNTED.contains(w)) {
        let first = word.chars().next()?;
        if !first.is_ascii_lowercase() {
            return None;
        }
        out.push(first);
    }
    (out.len() >= 2).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::super::{EntitySource, find_entities};
    use super::*;
    use crate::group::lang::Lang;

    /// The entity names of each text, sorted.
    fn names(texts: &[&str]) -> Vec<Vec<String>> {
        let sources: Vec<EntitySource> = texts
            .iter()
            .map(|text| EntitySource {
                title: "",
                text,
                lang: Lang::En,
                outlet: None,
            })
            .collect();
        let e = find_entities(&sources);
        e.mentions
            .iter()
            .map(|m| {
                let mut n: Vec<String> = m
                    .iter()
                    .map(|(id, _)| e.names[*id as usize].clone())
                    .collect();
                n.sort();
                n
            })
            .collect()
    }

    #[test]
    fn an_acronym_named_beside_its_full_name_is_one_entity_with_it() {
        // "ECB" is written more often than the full name, so it is the name shown; the full
        // name of "Standard & Poor's 500" is written more often than "S&P 500".
        let found = names(&[
            "The European Central Bank (ECB) raised rates. The ECB said prices rose.",
            "Markets expect the ECB to wait. The European Central Bank meets on Thursday.",
            "Shares fell after the ECB spoke.",
            "Standard & Poor's 500 index rose 1 percent. The S&P 500 ended at a record.",
            "The S&P 500 fell. The Standard & Poor's 500 index lost 2 percent.",
            "The Standard & Poor's 500 index was flat.",
        ]);
        assert_eq!(found[0], ["ECB"], "{found:?}");
        assert_eq!(found[1], ["ECB"], "{found:?}");
        assert_eq!(found[2], ["ECB"], "{found:?}");
        for article in &found[3..] {
            assert_eq!(article, &["Standard & Poor's 500"], "{found:?}");
        }
    }

    #[test]
    fn a_short_name_that_starts_a_longer_one_keeps_it_shown_in_full() {
        // "ABN" is the start of "ABN AMRO" (a surname-like alias) and also spells "Algemene
        // Bank Nederland": it joins ABN AMRO, which is shown in full though "ABN" is more
        // frequent.
        let found = names(&[
            "ABN AMRO said ABN would sell. Algemene Bank Nederland was its old name.",
            "ABN AMRO shares rose. ABN said Algemene Bank Nederland merged in 1991.",
            "ABN AMRO and ABN staff.",
            "Analysts at ABN said so.",
        ]);
        assert!(found[3].contains(&"ABN AMRO".to_string()), "{found:?}");
        assert!(found.iter().flatten().all(|n| n != "ABN"), "{found:?}");
    }

    #[test]
    fn an_acronym_named_once_beside_a_name_it_spells_stays_apart() {
        let found = names(&[
            "Shares of GM and General Mills rose on Tuesday.",
            "Shares of GM fell.",
            "Shares of General Mills rose.",
        ]);
        assert!(found[1].contains(&"GM".to_string()), "{found:?}");
        assert!(found[2].contains(&"General Mills".to_string()), "{found:?}");
    }

    #[test]
    fn initials_leave_out_joining_words() {
        assert_eq!(
            initials("securities and exchange commission").as_deref(),
            Some("sec")
        );
        assert_eq!(initials("standard & poor").as_deref(), Some("sp"));
        assert_eq!(initials("standard & poor s").as_deref(), Some("sp"));
        assert_eq!(
            initials("organization of the petroleum exporting countries").as_deref(),
            Some("opec")
        );
        assert_eq!(initials("lavrov"), None);
        assert_eq!(initials("3m company"), None);
    }

    #[test]
    fn keys_that_differ_only_in_spacing_are_one_name() {
        let distinct = ["jp morgan", "jpmorgan", "j.p morgan", "morgan", "u.s", "us"];
        let df = [10, 30, 5, 40, 100, 3];
        let out = spacing_aliases(&distinct, &df);
        assert_eq!(out, [Some(1), None, Some(1), None, None, Some(4)]);
        let found = names(&[
            "Analysts at JPMorgan said so, and analysts at JP Morgan agreed.",
            "Shares of JPMorgan rose.",
            "Analysts at JP Morgan cut their forecast.",
            "A banker left JPMorgan on Monday.",
        ]);
        for article in &found {
            assert_eq!(article, &["JPMorgan"], "{found:?}");
        }
    }

    #[test]
    fn initials_mostly_before_one_name_begin_it_and_others_stand_alone() {
        let found = names(&[
            "Analysts at J.P. Morgan said the U.S. Treasury would sell bonds.",
            "Shares of J.P. Morgan rose as U.S. Steel fell.",
            "A banker left J.P. Morgan for the U.S. Senate.",
            "Trading at JP Morgan slowed in the U.S.",
        ]);
        for article in &found {
            assert!(article.contains(&"J.P. Morgan".to_string()), "{found:?}");
            assert!(article.contains(&"U.S.".to_string()), "{found:?}");
            assert!(
                !article.iter().any(|n| n == "J.P." || n == "Morgan"),
                "{found:?}"
            );
        }
        // One entity, whichever spelling.
        assert_eq!(
            found[0].iter().filter(|n| n.contains("Morgan")).count(),
            1,
            "{found:?}"
        );
        assert_eq!(
            found[0].iter().find(|n| n.contains("Morgan")),
            found[3].iter().find(|n| n.contains("Morgan")),
            "{found:?}"
        );
    }

    #[test]
    fn acronyms_are_capitals_with_optional_joiners() {
        assert!(written_as_acronym("SEC"));
        assert!(written_as_acronym("S&P 500"));
        assert!(written_as_acronym("U.N"));
        assert!(!written_as_acronym("Sec"));
        assert!(!written_as_acronym("A"));
        assert!(!written_as_acronym("NASDAQCOMP"));
        assert_eq!(acronym_parts("s&p 500"), Some(("sp".to_string(), "500")));
        assert_eq!(acronym_parts("ibm"), Some(("ibm".to_string(), "")));
        assert_eq!(acronym_parts("nasdaqcomp"), None);
    }
}
