//! Named entities (people, places, organisations) found as capitalised names in article text.
//!
//! There is no tagger model: a name is a run of capitalised words ("Sergey Lavrov", "Gulf of
//! Oman", "al-Busaidi"). Whether a capitalised word is a name or just a sentence's first word
//! (or a word of a Title Case headline) is decided by the corpus itself: a word that appears
//! capitalised inside sentences more often than in lowercase is a name. That works in every
//! language with capitalised names and needs no word lists beyond stopwords and titles.
//!
//! Names are then normalised so different spellings meet: accents and case are folded, hyphens
//! and spaces unified ("al-Busaidi" = "Al Busaidi"), possessives and leading titles dropped
//! ("Foreign Minister Sergey Lavrov's" = "Sergey Lavrov"), and a lone surname joins the full name
//! it stands for ("Lavrov" = "Sergey Lavrov") when the articles that use it mostly name the
//! full form too, so "Washington" never becomes "George Washington" by accident. The name shown
//! is the most frequent written form. Entities are not typed (person, place, organisation):
//! nothing downstream needs the type, and guessing it without a model would be wrong too often.

use super::lang::Lang;
use names::{CaseStats, is_company_suffix, names_in};
use std::collections::{BTreeMap, HashMap};

mod names;

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
    let case = CaseStats::new(sources);
    // The names of each article are found on all cores; the written forms are counted after.
    // Per article: normalised key → weight, and the (key, written form) of each mention.
    type Found = (BTreeMap<String, f32>, Vec<(String, String)>);
    let per_article: Vec<Found> = {
        use rayon::prelude::*;
        sources
            .par_iter()
            .map(|source| {
                let own = source.outlet.map(|o| normalise(o, source.lang));
                let mut here: BTreeMap<String, f32> = BTreeMap::new();
                let mut written_forms = Vec::new();
                for (text, weight) in [(source.title, TITLE_MENTION), (source.text, 1.0)] {
                    for name in names_in(text, source.lang, &case) {
                        let key = normalise(&name, source.lang);
                        // A name that normalises to a company-form suffix alone
                        // ("Corp") is no name either.
                        if key.is_empty() || is_company_suffix(&key) || own.as_ref() == Some(&key) {
                            continue;
                        }
                        let written = ["'s", "’s"]
                            .iter()
                            .find_map(|p| name.strip_suffix(p))
                            .unwrap_or(&name)
                            .to_string();
                        *here.entry(key.clone()).or_default() += weight;
                        written_forms.push((key, written));
                    }
                }
                (here, written_forms)
            })
            .collect()
    };
    // Counted in a hash map: the form shown is chosen by a total order (count, then text), so
    // the map's order never shows.
    let mut forms: HashMap<String, HashMap<String, usize>> = HashMap::new();
    let mut found: Vec<BTreeMap<String, f32>> = Vec::with_capacity(sources.len());
    for (here, written_forms) in per_article {
        for (key, written) in written_forms {
            *forms.entry(key).or_default().entry(written).or_default() += 1;
        }
        found.push(here);
    }
    let alias = aliases(&found);
    let mut keys: Vec<String> = found
        .iter()
        .flat_map(|m| m.keys())
        .map(|k| alias.get(k).unwrap_or(k).clone())
        .collect();
    keys.sort();
    keys.dedup();
    let id_of: BTreeMap<&str, u32> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i as u32))
        .collect();
    let names = keys
        .iter()
        .map(|k| {
            // The most frequent written form, preferring the full name of an alias group.
            forms
                .get(k)
                .and_then(|f| f.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))))
                .map(|(form, _)| form.clone())
                .unwrap_or_else(|| k.clone())
        })
        .collect();
    let mentions = found
        .into_iter()
        .map(|here| {
            let mut by_id: BTreeMap<u32, f32> = BTreeMap::new();
            for (key, weight) in here {
                let key = alias.get(&key).unwrap_or(&key);
                *by_id.entry(id_of[key.as_str()]).or_default() += weight;
            }
            by_id.into_iter().collect()
        })
        .collect();
    Entities {
        keys,
        names,
        mentions,
    }
}

/// Short names that stand for a longer one: "lavrov" → "sergey lavrov", "al busaidi" →
/// "badr al busaidi". A short key is an alias when it is the end of a longer key that is named
/// in most of the short key's own articles, and no rival longer key is common.
fn aliases(found: &[BTreeMap<String, f32>]) -> BTreeMap<String, String> {
    let mut df: BTreeMap<&str, usize> = BTreeMap::new();
    let mut together: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    for here in found {
        for key in here.keys() {
            *df.entry(key).or_default() += 1;
            for (i, c) in key.char_indices() {
                if c == ' ' && here.contains_key(&key[i + 1..]) {
                    *together
                        .entry(&key[i + 1..])
                        .or_default()
                        .entry(key.as_str())
                        .or_default() += 1;
                }
            }
        }
    }
    let mut direct: BTreeMap<&str, &str> = BTreeMap::new();
    for (short, longer) in &together {
        let total: usize = longer.values().sum();
        let (best, best_count) = longer
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .expect("not empty");
        if *best_count as f64 >= ALIAS_SHARE * df[short] as f64 && *best_count * 3 >= total * 2 {
            direct.insert(short, best);
        }
    }
    // Follow chains ("busaidi" → "al busaidi" → "badr al busaidi"); each step is longer, so
    // this ends.
    direct
        .keys()
        .map(|short| {
            let mut target = direct[short];
            while let Some(next) = direct.get(target) {
                target = next;
            }
            (short.to_string(), target.to_string())
        })
        .collect()
}

/// Whether a word (folded) is a title that goes in front of a name ("presidente", "minister").
pub fn is_title(folded: &str) -> bool {
    TITLES.contains(&folded)
}

/// Titles dropped from the front of a name: "President", "Foreign Minister", "Dr".
const TITLES: &[&str] = &[
    "ayatollah",
    "chancellor",
    "dr",
    "foreign",
    "gen",
    "general",
    "gov",
    "governor",
    "king",
    "minister",
    "ministre",
    "ministro",
    "mr",
    "mrs",
    "ms",
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
    "sultan",
];
const ARTICLES: &[&str] = &[
    "der", "die", "das", "el", "il", "l", "la", "le", "les", "lo", "los", "the",
];

/// A word folded for comparison: ASCII, lowercase.
fn fold(word: &str) -> String {
    deunicode::deunicode(word).to_lowercase()
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
    while words.len() > 1 && (TITLES.contains(&words[0]) || ARTICLES.contains(&words[0])) {
        words.remove(0);
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
        ] {
            if key == short {
                return full.to_string();
            }
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(texts: &[(&str, &str)]) -> Entities {
        let sources: Vec<EntitySource> = texts
            .iter()
            .map(|(title, text)| EntitySource {
                title,
                text,
                lang: Lang::En,
                outlet: None,
            })
            .collect();
        find_entities(&sources)
    }

    #[test]
    fn an_article_naming_its_own_outlet_does_not_mention_it() {
        let text = "Acme Corp told Reuters on Monday that Acme Corp would cut jobs.";
        let sources: Vec<EntitySource> = [Some("Reuters"), None]
            .into_iter()
            .map(|outlet| EntitySource {
                title: "",
                text,
                lang: Lang::En,
                outlet,
            })
            .collect();
        let e = find_entities(&sources);
        let named = |article: usize| -> Vec<&str> {
            e.mentions[article]
                .iter()
                .map(|&(id, _)| e.names[id as usize].as_str())
                .collect()
        };
        assert!(!named(0).contains(&"Reuters"), "{:?}", named(0));
        assert!(named(1).contains(&"Reuters"), "{:?}", named(1));
        assert!(named(0).contains(&"Acme Corp"), "{:?}", named(0));
    }

    fn names_of(entities: &Entities, article: usize) -> Vec<&str> {
        entities.mentions[article]
            .iter()
            .map(|(id, _)| entities.names[*id as usize].as_str())
            .collect()
    }

    #[test]
    fn a_surname_joins_the_full_name_and_spellings_meet() {
        let e = find(&[
            (
                "Lavrov meets al-Busaidi",
                "Russian Foreign Minister Sergey Lavrov met his Omani counterpart Badr al-Busaidi in Moscow. Lavrov said the talks went well.",
            ),
            (
                "Talks in Muscat",
                "Sergey Lavrov spoke to Al Busaidi by phone, and the Omani minister said talks would go on.",
            ),
        ]);
        let keys: Vec<&str> = e.keys.iter().map(String::as_str).collect();
        assert!(keys.contains(&"sergey lavrov"), "{keys:?}");
        assert!(!keys.contains(&"lavrov"), "{keys:?}");
        assert!(keys.contains(&"badr al busaidi"), "{keys:?}");
        assert!(keys.contains(&"moscow"), "{keys:?}");
        assert!(names_of(&e, 0).contains(&"Sergey Lavrov"));
        assert!(names_of(&e, 1).contains(&"Sergey Lavrov"));
        assert_eq!(
            normalise("al-Busaidi", Lang::En),
            normalise("Al Busaidi", Lang::En)
        );
        assert_eq!(normalise("Lavrov's", Lang::En), "lavrov");
        assert_eq!(normalise("President Trump", Lang::En), "trump");
    }

    #[test]
    fn a_company_suffix_alone_is_not_a_name() {
        // "systems" is a common word here, so "Acme Systems Inc." breaks after "Acme" and
        // leaves "Inc" alone.
        let e = find(&[
            (
                "Acme profit rises",
                "Acme Systems Inc. said profit rose in Ohio. The systems maker sold more systems, and its systems business grew.",
            ),
            (
                "Acme shares",
                "Shares of Acme Systems Inc. rose in Ohio as systems sales grew.",
            ),
        ]);
        let keys: Vec<&str> = e.keys.iter().map(String::as_str).collect();
        assert!(keys.contains(&"acme"), "{keys:?}");
        assert!(!keys.contains(&"inc"), "{keys:?}");
    }

    #[test]
    fn sentence_openers_and_headline_words_are_not_names() {
        let e = find(&[
            (
                "Tourist Ship Strikes Highway Bridge in Germany",
                "The tourist ship struck a highway bridge in Germany. Police said the ship was damaged.",
            ),
            (
                "Bridge closed",
                "Police closed the bridge on the highway, a police spokesman in Germany said.",
            ),
        ]);
        let keys: Vec<&str> = e.keys.iter().map(String::as_str).collect();
        assert_eq!(keys, vec!["germany"], "{keys:?}");
    }

    #[test]
    fn a_name_behind_an_elided_article_is_a_mention_of_it() {
        let sources: Vec<EntitySource> = [
            "Le proteste in Egitto continuano. Il governo dell'Egitto tace.",
            "L'Egitto vota. I sostenitori di Morsi e l'esercito dell'Egitto si scontrano.",
        ]
        .iter()
        .map(|text| EntitySource {
            title: "",
            text,
            lang: Lang::It,
            outlet: None,
        })
        .collect();
        let e = find_entities(&sources);
        let egypt = e.keys.iter().position(|k| k == "egitto").expect("egitto");
        let count = |article: usize| {
            e.mentions[article]
                .iter()
                .find(|m| m.0 as usize == egypt)
                .map_or(0.0, |m| m.1)
        };
        assert_eq!((count(0), count(1)), (2.0, 2.0), "{:?}", e.keys);
        assert!(!e.keys.iter().any(|k| k.contains("dell")), "{:?}", e.keys);
    }

    #[test]
    fn rival_full_names_keep_a_lone_word_apart() {
        let e = find(&[
            ("a", "North Korea fired a missile. Korea was tense."),
            ("b", "South Korea answered. Korea was tense."),
        ]);
        assert!(e.keys.contains(&"korea".to_string()), "{:?}", e.keys);
    }
}
