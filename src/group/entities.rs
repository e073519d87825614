//! Named entities (people, places, organisations) found as capitalised names in article text.
//!
//! There is no tagger model: a name is a run of capitalised words ("Sergey Lavrov", "Gulf of
//! Oman", "al-Busaidi"). Whether a capitalised word is a name or just a sentence's first word
//! (or a word of a Title Case headline) is decided by the corpus itself: a word that appears
//! capitalised inside sentences more often than in lowercase is a name. That works in every
//! language with capitalised names and needs no word lists beyond stopwords, titles and, in
//! English, nationality words ("French", "Americans"), which are capitalised but name no one.
//!
//! Names are then normalised so different spellings meet: accents and case are folded, hyphens
//! and spaces unified ("al-Busaidi" = "Al Busaidi"), possessives and leading titles dropped
//! ("Foreign Minister Sergey Lavrov's" = "Sergey Lavrov"), company forms dropped ("Google Inc"
//! = "Google"), and a lone surname or a company's short name joins the full name it stands for
//! ("Lavrov" = "Sergey Lavrov", "Exxon" = "Exxon Mobil") when the articles that use it mostly
//! name the full form too, so "Washington" never becomes "George Washington" by accident. The
//! name shown is the most frequent written form. Entities are not typed (person, place,
//! organisation): nothing downstream needs the type, and guessing it without a model would be
//! wrong too often.

use super::lang::Lang;
use crate::text::FastMap;
use names::{COMPANY_SUFFIXES, CaseStats, is_company_suffix, is_initialism, names_in, possessor};

mod case;
mod names;
mod variants;

/// The text of one article that entities are read from.
pub struct EntitySource<'a> {
    pub title: &'a str,
    /// Summary and body (or whatever prose the article has).
    pub text: &'a str,
    pub lang: Lang,
    /// The outlet that published the article: its own name in its text ("told Reuters") is a
    /// signature, not something the story is about.
    pub outlet: Option<&'a str>,
}

/// The entities of a corpus and where they occur.
#[derive(Debug, Clone, Default)]
pub struct Entities {
    /// Normalised key of each entity, sorted, so ids do not depend on article order.
    pub keys: Vec<String>,
    /// The name shown for each entity: its most frequent written form.
    pub names: Vec<String>,
    /// Per article: (entity id, weight) sorted by id; a title mention weighs more than one in
    /// the text.
    pub mentions: Vec<Vec<(u32, f32)>>,
}

/// Weight of a mention in the title, relative to one in the text.
const TITLE_MENTION: f32 = 2.0;
/// Longest name, in words.
const MAX_NAME_WORDS: usize = 5;
/// A lone surname joins a full name when at least this share of its articles name it in full.
const ALIAS_SHARE: f64 = 0.5;

/// Finds the entities of every article. Pure function of the texts, in any order.
pub fn find_entities(sources: &[EntitySource]) -> Entities {
    use rayon::prelude::*;
    let case = CaseStats::new(sources);
    // The names of each article are found on all cores; the written forms are counted after.
    let per_article: Vec<Found> = sources
        .par_iter()
        .map(|source| {
            // (normalised key, weight, written form) of each mention.
            let own = source.outlet.map(|o| normalise(o, source.lang));
            let mut mentions: Vec<(String, f32, String)> = Vec::new();
            for (text, weight) in [(source.title, TITLE_MENTION), (source.text, 1.0)] {
                for name in names_in(text, source.lang, &case) {
                    let key = normalise(&name, source.lang);
                    // A name that normalises to a company-form suffix alone
                    // ("Corp") is no name either.
                    // The outlet's own name, or a name it starts ("Reuters Estimates", a
                    // product of the outlet's), is a signature.
                    let own_name = own.as_ref().is_some_and(|o| {
                        key.strip_prefix(o.as_str())
                            .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
                    });
                    // Nor is a word only ever part of longer names, read alone
                    // ("International" of "International Business Machines") or left alone
                    // once a title is dropped ("Chief International Strategist").
                    let lone_part = || {
                        let buffer = &mut String::new();
                        !name.contains(' ')
                            && case.dependent(possessor(&name).unwrap_or(&name), buffer)
                            || !key.contains(' ') && case.dependent(&key, buffer)
                    };
                    if key.is_empty()
                        || is_company_suffix(&key)
                        || own_name
                        || is_generic_head(&key)
                        || lone_part()
                    {
                        continue;
                    }
                    mentions.push((key, weight, name));
                }
            }
            // Weights are whole numbers, so their sums do not depend on the order.
            mentions.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            let mut found = Found::default();
            for (key, weight, written) in mentions {
                match found.keys.last_mut() {
                    Some(last) if last.0 == key => last.1 += weight,
                    _ => found.keys.push((key, weight)),
                }
                found.forms.push((found.keys.len() as u32 - 1, written));
            }
            found
        })
        .collect();
    // Every different key gets an index, in the order first met.
    let mut index: FastMap<&str, u32> = FastMap::default();
    let mut distinct: Vec<&str> = Vec::new();
    let key_ids: Vec<Vec<u32>> = per_article
        .iter()
        .map(|found| {
            found
                .keys
                .iter()
                .map(|(key, _)| {
                    *index.entry(key).or_insert_with(|| {
                        distinct.push(key);
                        distinct.len() as u32 - 1
                    })
                })
                .collect()
        })
        .collect();
    let acronym = variants::acronym_aliases(&per_article, &key_ids, &distinct);
    let alias = aliases(&per_article, &key_ids, &distinct, &acronym, &index);
    // Each key's entity: its alias's, else its own; entity ids in sorted order of their keys.
    let mut keys: Vec<&str> = (0..distinct.len())
        .map(|k| distinct[alias[k] as usize])
        .collect();
    keys.par_sort_unstable();
    keys.dedup();
    let entity_of: Vec<u32> = alias
        .par_iter()
        .map(|&target| {
            keys.binary_search(&distinct[target as usize])
                .expect("every key is listed") as u32
        })
        .collect();
    // The written forms of each key, counted, then as they are shown (`shown_form`, once per
    // different form, not per mention): the form shown is chosen by a total order (count,
    // then text), so the maps' order never shows.
    let mut written_counts: FastMap<(u32, &str), usize> = FastMap::default();
    for (found, ids) in per_article.iter().zip(&key_ids) {
        for (at, written) in &found.forms {
            *written_counts
                .entry((ids[*at as usize], written.as_str()))
                .or_default() += 1;
        }
    }
    let mut form_counts: FastMap<(u32, &str), usize> = FastMap::default();
    for ((key, written), count) in written_counts {
        *form_counts.entry((key, shown_form(written))).or_default() += count;
    }
    let mut best_form: Vec<Option<(&str, usize)>> = vec![None; distinct.len()];
    for ((key, form), count) in form_counts {
        let best = &mut best_form[key as usize];
        if best.is_none_or(|(b, c)| count.cmp(&c).then(b.cmp(form)).is_gt()) {
            *best = Some((form, count));
        }
    }
    // An acronym is shown for its group instead of the full name when it is written more often
    // ("NYSE", "SEC", "U.S."): a reader knows a name by the form the news uses most.
    // (Only where the acronym joined its group as an acronym: "ABN" is the start of "ABN
    // AMRO", whose name stays in full.)
    for (a, target) in acronym.iter().enumerate() {
        let Some(target) = target else { continue };
        let group = alias[a] as usize;
        if group != alias[*target as usize] as usize {
            continue;
        }
        if let Some((form, count)) = best_form[a]
            && best_form[group].is_none_or(|(f, c)| count.cmp(&c).then(f.cmp(form)).is_gt())
        {
            best_form[group] = Some((form, count));
        }
    }
    let names = keys
        .iter()
        .map(|k| {
            // The most frequent written form, preferring the full name of an alias group (a
            // surname's is its full name's) unless an acronym of it is written more often.
            best_form[index[k] as usize].map_or_else(|| k.to_string(), |(f, _)| with_stop(f))
        })
        .collect();
    let mentions = per_article
        .par_iter()
        .zip(&key_ids)
        .map(|(found, ids)| {
            let mut by_id: Vec<(u32, f32)> = found
                .keys
                .iter()
                .zip(ids)
                .map(|((_, weight), &k)| (entity_of[k as usize], *weight))
                .collect();
            by_id.sort_unstable_by_key(|m| m.0);
            by_id.dedup_by(|next, kept| {
                if next.0 == kept.0 {
                    kept.1 += next.1;
                    true
                } else {
                    false
                }
            });
            by_id
        })
        .collect();
    Entities {
        keys: keys.into_iter().map(str::to_string).collect(),
        names,
        mentions,
    }
}

/// What one article names.
#[derive(Default)]
struct Found {
    /// Normalised key → weight, sorted by key.
    keys: Vec<(String, f32)>,
    /// The written form of each mention, with its key's place in `keys`.
    forms: Vec<(u32, String)>,
}

/// Short names that stand for a longer one: "lavrov" → "sergey lavrov", "al busaidi" →
/// "badr al busaidi", "exxon" → "exxon mobil". A short key is an alias when it is the end or
/// the start of a longer key that is named in most of the short key's own articles, and no
/// rival longer key is common; an acronym is one for the name it spells, and a spelling for
/// one that differs only in spacing (`variants`). Returns, for each key (by index in
/// `distinct`), the key it stands for (itself when none).
fn aliases(
    found: &[Found],
    key_ids: &[Vec<u32>],
    distinct: &[&str],
    acronym: &[Option<u32>],
    index: &FastMap<&str, u32>,
) -> Vec<u32> {
    let mut df = vec![0usize; distinct.len()];
    // (short, longer): articles that name both.
    let mut together: FastMap<(u32, u32), usize> = FastMap::default();
    for (here, ids) in found.iter().zip(key_ids) {
        for ((key, _), &id) in here.keys.iter().zip(ids) {
            df[id as usize] += 1;
            for (i, c) in key.char_indices() {
                if c == ' ' {
                    // The end of a name ("Lavrov") or its start ("Exxon" for "Exxon Mobil").
                    for short in [&key[i + 1..], &key[..i]] {
                        if here
                            .keys
                            .binary_search_by(|k| k.0.as_str().cmp(short))
                            .is_ok()
                        {
                            *together.entry((index[short], id)).or_default() += 1;
                        }
                    }
                }
            }
        }
    }
    // Per short key: the articles naming it with any longer one, and the best longer one
    // (most articles, then the first in order).
    let mut best: FastMap<u32, (usize, u32, usize)> = FastMap::default();
    for (&(short, longer), &count) in &together {
        let entry = best.entry(short).or_insert((0, longer, count));
        entry.0 += count;
        let (best_longer, best_count) = (entry.1, entry.2);
        if count
            .cmp(&best_count)
            .then(distinct[best_longer as usize].cmp(distinct[longer as usize]))
            .is_gt()
        {
            entry.1 = longer;
            entry.2 = count;
        }
    }
    let mut direct: Vec<Option<u32>> = vec![None; distinct.len()];
    for (short, (total, longer, count)) in best {
        if count as f64 >= ALIAS_SHARE * df[short as usize] as f64 && count * 3 >= total * 2 {
            direct[short as usize] = Some(longer);
        }
    }
    // An acronym stands for the name it spells ("sec" → "securities and exchange commission"),
    // and a spelling for the one most used ("jp morgan" → "jpmorgan").
    let spacing = variants::spacing_aliases(distinct, &df);
    for ((direct, acronym), spacing) in direct.iter_mut().zip(acronym).zip(spacing) {
        if direct.is_none() {
            *direct = acronym.or(spacing);
        }
    }
    // Follow chains ("busaidi" → "al busaidi" → "badr al busaidi"). A step adds words to the
    // key, or spells an acronym out, or goes to its spacing group's chosen key, which leaves
    // its group only by one of the others; so no chain comes back, and the bound only guards.
    (0..distinct.len() as u32)
        .map(|key| {
            let mut target = key;
            for _ in 0..distinct.len() {
                let Some(next) = direct[target as usize] else {
                    break;
                };
                target = next;
            }
            target
        })
        .collect()
}

/// Whether a word (folded) is a title that goes in front of a name ("presidente", "minister").
pub fn is_title(folded: &str) -> bool {
    TITLES.contains(&folded)
}

/// Whether a key is a bare institution word ("commission", "district", "national"): what is
/// left of "European Commission", "U.S. District Court" or "National Health Service" when the
/// rest was not read as part of the name. It names no one institution, so it is no entity;
/// where it stands for one ("the Commission said"), the article names that one in full too.
pub(super) fn is_generic_head(key: &str) -> bool {
    GENERIC_HEADS.contains(&key)
}

const GENERIC_HEADS: &[&str] = &[
    "administration",
    "agency",
    "association",
    "authority",
    "board",
    "bureau",
    "commission",
    "committee",
    "council",
    "court",
    "department",
    "district",
    "federal",
    "institute",
    "ministry",
    "national",
    "office",
];

/// Whether a word (folded) only says what form of company a name is ("inc", "corp").
pub fn is_company_form(folded: &str) -> bool {
    COMPANY_SUFFIXES.contains(&folded)
}

/// A name as it is shown: without a possessive, a trailing company form or a title in front
/// ("Exxon Mobil Corp's" is shown "Exxon Mobil", "Federal Reserve Chairman Alan Greenspan"
/// "Alan Greenspan"), as the key leaves them out.
fn shown_form(name: &str) -> &str {
    let mut shown = ["'s", "’s"]
        .iter()
        .find_map(|p| name.strip_suffix(p))
        .unwrap_or(name);
    // Cut where the key cuts: after leading titles, or after a title followed by two words
    // or more.
    let words: Vec<(usize, &str)> = shown
        .split(' ')
        .scan(0, |at, w| {
            let start = *at;
            *at += w.len() + 1;
            Some((start, w))
        })
        .collect();
    let folded: Vec<String> = words
        .iter()
        .map(|(_, w)| fold(w.trim_end_matches('.')))
        .collect();
    let kept = usize::from(company_after_title(&folded));
    let is_title = |w: &str| is_title(&fold(w.trim_end_matches('.')));
    let leading = words[kept..]
        .iter()
        .take_while(|(_, w)| is_title(w))
        .count();
    // A place of business cuts where `normalise` cuts: after its first "-based", wherever it
    // stands ("New York-based Revlon").
    let based = words
        .iter()
        .position(|(_, w)| fold(w).ends_with("-based"))
        .map_or(0, |b| b + 1);
    let inner = words
        .iter()
        .rposition(|(_, w)| is_title(w))
        .filter(|&t| t >= kept && words.len() - t > 2)
        .map_or(0, |t| t + 1);
    let cut = leading.max(inner).max(based);
    if cut > 0 && cut < words.len() {
        shown = &shown[words[cut].0..];
    }
    while let Some((head, last)) = shown.rsplit_once(' ') {
        let last = last.trim_end_matches('.');
        if head.trim_end().is_empty() || !is_company_suffix(last) {
            break;
        }
        shown = head.trim_end_matches([' ', ',', '&']).trim_end();
    }
    shown
}

/// A written form as it is shown: initials get back the full stop that words are read
/// without ("U.S" is written "U.S.", "J.P Morgan" "J.P. Morgan").
fn with_stop(form: &str) -> String {
    if !form.contains('.') {
        return form.to_string();
    }
    let mut out = String::with_capacity(form.len() + 2);
    for (i, word) in form.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(word);
        if is_initialism(word) {
            out.push('.');
        }
    }
    out
}

/// Whether a name (folded words) is a company whose name begins with a title word: "General"
/// and one more word, then only company forms ("General Motors Corp", "General Electric",
/// "General Mills"). "Attorney General Andrew Cuomo" and "General David Petraeus" are titles
/// before a name.
fn company_after_title<S: AsRef<str>>(words: &[S]) -> bool {
    words.first().is_some_and(|w| w.as_ref() == "general")
        && words.len() >= 2
        && words[2..]
            .iter()
            .all(|w| COMPANY_SUFFIXES.contains(&w.as_ref()))
}

/// Titles dropped from the front of a name: "President", "Foreign Minister", "Dr", "Chief
/// Executive".
const TITLES: &[&str] = &[
    "attorney",
    "ayatollah",
    "ceo",
    "chairman",
    "chairwoman",
    "chancellor",
    "chief",
    "commissioner",
    "congressman",
    "congresswoman",
    "deputy",
    "director",
    "dr",
    "executive",
    "foreign",
    "gen",
    "general",
    "gov",
    "governor",
    "judge",
    "king",
    "minister",
    "ministre",
    "ministro",
    "mr",
    "mrs",
    "ms",
    "officer",
    "pm",
    "pope",
    "premier",
    "president",
    "presidente",
    "prime",
    "prince",
    "princess",
    "queen",
    "rep",
    "secretary",
    "sen",
    "senator",
    "sheikh",
    "sir",
    "spokesman",
    "spokeswoman",
    "sultan",
    "treasurer",
    "vice",
];
const ARTICLES: &[&str] = &[
    "der", "die", "das", "el", "il", "l", "la", "le", "les", "lo", "los", "the",
];

/// A word folded for comparison: ASCII, lowercase.
fn fold(word: &str) -> String {
    if word.bytes().all(|b| b < 0x7f) {
        // What deunicode leaves as it is.
        word.to_ascii_lowercase()
    } else {
        deunicode::deunicode(word).to_lowercase()
    }
}

/// The key a name is known by: folded, hyphens and apostrophes as spaces, possessive, leading
/// article and titles dropped. Empty when nothing name-like is left.
pub fn normalise(name: &str, lang: Lang) -> String {
    let mut text = name.trim().to_string();
    for possessive in ["'s", "’s", "'", "’"] {
        if let Some(stripped) = text.strip_suffix(possessive) {
            text = stripped.to_string();
            break;
        }
    }
    let folded = fold(&text).replace(['-', '\'', '’', '.', '`'], " ");
    let mut words: Vec<&str> = folded.split_whitespace().collect();
    if company_after_title(&words) {
        words.truncate(2);
        return words.join(" ");
    }
    while words.len() > 1 && (TITLES.contains(&words[0]) || ARTICLES.contains(&words[0])) {
        words.remove(0);
    }
    // "Cincinnati-based P&G" and "New York-based Revlon" are "P&G" and "Revlon";
    // "Houston-based" alone says where, not who.
    if let Some(based) = words.iter().position(|w| *w == "based")
        && based > 0
    {
        words.drain(..=based);
    }
    // "Federal Reserve Chairman Alan Greenspan" is "Alan Greenspan": a title inside a name,
    // followed by a name of two words or more, ends what was only the title's organisation.
    if let Some(title) = words.iter().rposition(|w| TITLES.contains(w))
        && words.len() - title > 2
    {
        words.drain(..=title);
    }
    // "Google Inc" is "Google", "Procter & Gamble Co" is "Procter & Gamble".
    while words.len() > 1
        && words
            .last()
            .is_some_and(|w| COMPANY_SUFFIXES.contains(w) || *w == "&")
    {
        words.pop();
    }
    if words.len() == 1 && (TITLES.contains(&words[0]) || lang.is_stopword(words[0])) {
        return String::new();
    }
    let key = words.join(" ");
    // The usual English abbreviations of a few names that are written both ways.
    if lang == Lang::En {
        for (short, full) in [
            ("us", "united states"),
            ("u s", "united states"),
            ("usa", "united states"),
            ("uk", "united kingdom"),
            ("u k", "united kingdom"),
            ("un", "united nations"),
            ("u n", "united nations"),
            ("eu", "european union"),
            ("fed", "federal reserve"),
        ] {
            if key == short {
                return full.to_string();
            }
        }
    }
    key
}

#[cfg(test)]
mod tests;
