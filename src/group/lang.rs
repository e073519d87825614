//! Which language an article is written in, its stopwords, and the Snowball stemmer for it.
//!
//! Story discovery compares stems, and stems only meet when both sides went through the same
//! stemmer: Spanish "protestas" and English "protests" must not be cut by the English rules. An
//! article's stated `lang` wins; when it is absent, the language is guessed by counting the most
//! frequent function words of each supported language in the first few hundred words. That is
//! cheap, needs no model, and is reliable on news prose, which is all it has to be: an article too
//! short to tell is read as English, the corpus's usual majority.

use crate::text::{Algorithm, Stemmer};

/// A language annals can stem; `code` is its ISO 639-1 tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lang {
    En,
    Es,
    Fr,
    It,
    De,
    Pt,
    Nl,
}

impl Lang {
    pub const ALL: [Lang; 7] = [
        Lang::En,
        Lang::Es,
        Lang::Fr,
        Lang::It,
        Lang::De,
        Lang::Pt,
        Lang::Nl,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
            Lang::Fr => "fr",
            Lang::It => "it",
            Lang::De => "de",
            Lang::Pt => "pt",
            Lang::Nl => "nl",
        }
    }

    /// Reads a language tag such as `en`, `en-US`, `es_ES` or `French`; `None` if unsupported.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let tag = tag.trim().to_ascii_lowercase();
        let primary = tag.split(['-', '_']).next().unwrap_or("");
        Some(match primary {
            "en" | "eng" | "english" => Lang::En,
            "es" | "spa" | "spanish" | "español" => Lang::Es,
            "fr" | "fra" | "fre" | "french" | "français" => Lang::Fr,
            "it" | "ita" | "italian" | "italiano" => Lang::It,
            "de" | "deu" | "ger" | "german" | "deutsch" => Lang::De,
            "pt" | "por" | "portuguese" | "português" => Lang::Pt,
            "nl" | "nld" | "dut" | "dutch" | "nederlands" => Lang::Nl,
            _ => return None,
        })
    }

    pub fn stemmer(self) -> Stemmer {
        Stemmer::new(match self {
            Lang::En => Algorithm::English,
            Lang::Es => Algorithm::Spanish,
            Lang::Fr => Algorithm::French,
            Lang::It => Algorithm::Italian,
            Lang::De => Algorithm::German,
            Lang::Pt => Algorithm::Portuguese,
            Lang::Nl => Algorithm::Dutch,
        })
    }

    /// Function words that say nothing about what an article is about (lowercase).
    pub fn stopwords(self) -> &'static [&'static str] {
        match self {
            Lang::En => EN,
            Lang::Es => ES,
            Lang::Fr => FR,
            Lang::It => IT,
            Lang::De => DE,
            Lang::Pt => PT,
            Lang::Nl => NL,
        }
    }

    pub fn is_stopword(self, word: &str) -> bool {
        // One hashed lookup: this is asked of every word of every article.
        stopword_languages()
            .get(word)
            .is_some_and(|&mask| mask & self.bit() != 0)
    }

    /// This language's bit in the masks of `stopword_mask` (its place in `ALL`).
    pub fn bit(self) -> u8 {
        1 << (self as u8)
    }

    /// Articles, prepositions and pronouns this language writes elided before a vowel, joined
    /// to the next word by an apostrophe (lowercase, sorted): Italian "dell'Egitto", French
    /// "d'Égypte". Languages that do not elide in writing have none ("O'Brien" is one name).
    pub fn elisions(self) -> &'static [&'static str] {
        match self {
            Lang::It => IT_ELISIONS,
            Lang::Fr => FR_ELISIONS,
            _ => &[],
        }
    }

    /// `word` without an elided article or preposition in front: "dell'Egitto" → "Egitto",
    /// "l'esercito" → "esercito". Inside a sentence only a lowercase prefix is one ("D'Alema"
    /// is a surname); the first word of a sentence is capitalised whatever it is, so there a
    /// capitalised prefix is stripped too ("L'Egitto").
    pub fn strip_elision(self, word: &str, sentence_start: bool) -> &str {
        if self.elisions().is_empty() {
            return word;
        }
        let Some((at, apostrophe)) = word.char_indices().find(|&(_, c)| c == '\'' || c == '’')
        else {
            return word;
        };
        let (prefix, rest) = (&word[..at], &word[at + apostrophe.len_utf8()..]);
        if rest.is_empty() || !rest.chars().next().is_some_and(char::is_alphabetic) {
            return word;
        }
        let lowercase = prefix.chars().all(char::is_lowercase);
        if !(lowercase || sentence_start) {
            return word;
        }
        let folded = prefix.to_lowercase();
        if self.elisions().binary_search(&folded.as_str()).is_ok() {
            rest
        } else {
            word
        }
    }
}

/// How many words of an article the language guess looks at.
const SAMPLE_WORDS: usize = 400;

/// The article's language: its stated tag if supported, else a guess from its words.
pub fn detect(stated: Option<&str>, text: &str) -> Lang {
    detect_in(stated, crate::text::words(text))
}

/// `detect` for a text already cut into lowercase words (as `text::words` cuts it).
pub fn detect_in<W: AsRef<str>>(stated: Option<&str>, words: impl Iterator<Item = W>) -> Lang {
    if let Some(lang) = stated.and_then(Lang::from_tag) {
        return lang;
    }
    let mut counts = StopwordCounts::default();
    for (at, word) in words.take(SAMPLE_WORDS).enumerate() {
        counts.add(at, stopword_mask(word.as_ref()));
    }
    counts.language(None)
}

/// The languages (bits in `Lang::ALL` order, see `Lang::bit`) whose stopword `word` is.
pub fn stopword_mask(word: &str) -> u8 {
    stopword_languages().get(word).copied().unwrap_or(0)
}

/// `detect_in` fed one word at a time, with each word's `stopword_mask` already known: for a
/// caller that looks every word up anyway.
#[derive(Debug, Default)]
pub struct StopwordCounts {
    counts: [usize; Lang::ALL.len()],
}

impl StopwordCounts {
    /// Counts the word at place `at` (0-based) of the text, whose mask is `mask`.
    pub fn add(&mut self, at: usize, mask: u8) {
        if at < SAMPLE_WORDS && mask != 0 {
            for (i, count) in self.counts.iter_mut().enumerate() {
                if mask & (1 << i) != 0 {
                    *count += 1;
                }
            }
        }
    }

    /// The language, as `detect_in` decides it from the same words.
    pub fn language(&self, stated: Option<&str>) -> Lang {
        if let Some(lang) = stated.and_then(Lang::from_tag) {
            return lang;
        }
        best_of(&self.counts)
    }
}

/// The language with the most stopwords counted; ties (including no evidence at all) go to
/// the earlier language, English first.
fn best_of(counts: &[usize; Lang::ALL.len()]) -> Lang {
    let mut best = 0;
    for i in 1..counts.len() {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    Lang::ALL[best]
}

/// Every stopword with the languages (bits in `Lang::ALL` order) it is a stopword of: one
/// lookup per word instead of a search in each list.
fn stopword_languages() -> &'static crate::text::FastMap<&'static str, u8> {
    static MAP: std::sync::OnceLock<crate::text::FastMap<&'static str, u8>> =
        std::sync::OnceLock::new();
    MAP.get_or_init(|| {
        let mut map = crate::text::FastMap::default();
        for (i, lang) in Lang::ALL.iter().enumerate() {
            for &word in lang.stopwords() {
                *map.entry(word).or_insert(0u8) |= 1 << i;
            }
        }
        map
    })
}

// Sorted lists (checked by a test), so lookups are binary searches.
const EN: &[&str] = &[
    "a", "about", "after", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at",
    "be", "because", "been", "before", "being", "between", "both", "but", "by", "can", "could",
    "did", "do", "does", "during", "each", "for", "from", "had", "has", "have", "he", "her",
    "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "just", "me",
    "more", "most", "mr", "mrs", "ms", "my", "no", "not", "now", "of", "on", "one", "only", "or",
    "other", "our", "out", "over", "said", "says", "she", "should", "so", "some", "such", "than",
    "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "through",
    "to", "too", "under", "up", "very", "was", "we", "were", "what", "when", "where", "which",
    "while", "who", "whom", "why", "will", "with", "would", "you", "your",
];

const ES: &[&str] = &[
    "a", "al", "algo", "como", "con", "contra", "cual", "cuando", "de", "del", "desde", "donde",
    "durante", "e", "el", "ella", "ellas", "ellos", "en", "entre", "era", "es", "esa", "ese",
    "eso", "esta", "estaba", "estas", "este", "esto", "estos", "está", "están", "fue", "fueron",
    "ha", "había", "han", "hasta", "hay", "la", "las", "le", "les", "lo", "los", "me", "mi", "muy",
    "más", "ni", "no", "nos", "o", "otra", "otro", "para", "pero", "por", "porque", "que", "qué",
    "se", "sea", "ser", "si", "sin", "sobre", "son", "su", "sus", "sí", "también", "tiene", "todo",
    "todos", "un", "una", "uno", "unos", "y", "ya", "él",
];

const FR: &[&str] = &[
    "a", "au", "aux", "avait", "avec", "ce", "ces", "cette", "comme", "d", "dans", "de", "des",
    "du", "elle", "elles", "en", "est", "et", "eux", "il", "ils", "j", "je", "l", "la", "le",
    "les", "leur", "leurs", "lui", "m", "mais", "me", "mes", "même", "n", "ne", "nous", "on",
    "ont", "ou", "où", "par", "pas", "plus", "pour", "qu", "que", "qui", "s", "sa", "sans", "se",
    "ses", "son", "sont", "sur", "t", "ta", "te", "tous", "tout", "un", "une", "vous", "y", "à",
    "été", "être",
];

const IT: &[&str] = &[
    "a", "agli", "ai", "al", "all", "alla", "alle", "allo", "anche", "ancora", "aveva", "avevano",
    "che", "chi", "ci", "come", "con", "cui", "da", "dagli", "dai", "dal", "dall", "dalla",
    "dalle", "dallo", "degli", "dei", "del", "dell", "della", "delle", "dello", "di", "dopo", "e",
    "era", "erano", "essere", "fu", "già", "gli", "ha", "hanno", "ho", "i", "il", "in", "io", "l",
    "la", "le", "lei", "lo", "loro", "lui", "ma", "mi", "ne", "negli", "nei", "nel", "nell",
    "nella", "nelle", "nello", "non", "o", "per", "più", "quando", "quella", "quello", "questa",
    "questo", "sarà", "se", "si", "sia", "siano", "sono", "stata", "state", "stati", "stato", "su",
    "sua", "sue", "sugli", "sui", "sul", "sull", "sulla", "sulle", "sullo", "suo", "suoi", "tra",
    "tutta", "tutte", "tutti", "tutto", "un", "una", "uno", "è",
];

const IT_ELISIONS: &[&str] = &[
    "all", "anch", "c", "coll", "com", "d", "dall", "dell", "dov", "l", "m", "n", "nell", "pell",
    "quell", "quest", "s", "sull", "t", "un", "v",
];

const FR_ELISIONS: &[&str] = &[
    "c", "d", "j", "jusqu", "l", "lorsqu", "m", "n", "presqu", "puisqu", "qu", "quoiqu", "s", "t",
];

const DE: &[&str] = &[
    "als", "am", "an", "auch", "auf", "aus", "bei", "bis", "das", "dass", "dem", "den", "der",
    "des", "die", "durch", "ein", "eine", "einem", "einen", "einer", "es", "für", "hat", "ich",
    "im", "in", "ist", "mit", "nach", "nicht", "noch", "nur", "oder", "sich", "sie", "sind", "so",
    "um", "und", "uns", "von", "vor", "war", "werden", "wie", "wir", "wird", "zu", "zum", "zur",
    "über",
];

const PT: &[&str] = &[
    "a", "ao", "aos", "as", "com", "como", "da", "das", "de", "do", "dos", "e", "ela", "ele", "em",
    "entre", "era", "foi", "isso", "já", "mais", "mas", "na", "nas", "no", "nos", "não", "o", "os",
    "ou", "para", "pela", "pelo", "por", "que", "se", "sem", "ser", "seu", "sua", "são", "também",
    "um", "uma", "à", "é",
];

const NL: &[&str] = &[
    "aan", "al", "als", "bij", "dat", "de", "die", "dit", "een", "en", "er", "het", "hij", "in",
    "is", "je", "maar", "met", "naar", "niet", "nog", "of", "om", "ook", "op", "over", "te", "tot",
    "uit", "van", "voor", "was", "wat", "werd", "wij", "worden", "ze", "zich", "zijn",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopword_lists_are_sorted_for_binary_search() {
        for (i, lang) in Lang::ALL.into_iter().enumerate() {
            assert_eq!(lang.bit(), 1 << i);
            for word in ["the", "de", "und", "protest", "él", ""] {
                assert_eq!(
                    lang.is_stopword(word),
                    lang.stopwords().contains(&word),
                    "{word} {lang:?}"
                );
            }
            let mut sorted = lang.stopwords().to_vec();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted, lang.stopwords(), "{}", lang.code());
        }
    }

    #[test]
    fn elided_articles_and_prepositions_come_off_the_word_they_are_joined_to() {
        assert_eq!(Lang::It.strip_elision("dell'Egitto", false), "Egitto");
        assert_eq!(Lang::It.strip_elision("all’Onu", false), "Onu");
        assert_eq!(Lang::It.strip_elision("L'Egitto", true), "Egitto");
        // Inside a sentence a capitalised prefix is part of a surname.
        assert_eq!(Lang::It.strip_elision("D'Alema", false), "D'Alema");
        assert_eq!(Lang::Fr.strip_elision("d'Égypte", false), "Égypte");
        assert_eq!(Lang::Fr.strip_elision("aujourd'hui", false), "aujourd'hui");
        // English does not elide in writing: O'Brien and o'clock stay whole.
        assert_eq!(Lang::En.strip_elision("o'clock", false), "o'clock");
        assert_eq!(Lang::En.strip_elision("O'Brien", true), "O'Brien");
        assert_eq!(Lang::It.strip_elision("l'", false), "l'");
        for lang in Lang::ALL {
            let mut sorted = lang.elisions().to_vec();
            sorted.sort_unstable();
            assert_eq!(sorted, lang.elisions(), "{}", lang.code());
        }
    }

    #[test]
    fn stated_tags_win_and_prose_is_recognised() {
        assert_eq!(detect(Some("fr-FR"), "the talks resumed"), Lang::Fr);
        assert_eq!(
            detect(
                None,
                "Las protestas en El Cairo continúan por la noche y los manifestantes piden la salida del presidente"
            ),
            Lang::Es
        );
        assert_eq!(
            detect(
                None,
                "Les manifestants se sont rassemblés sur la place pour le troisième jour et ils ne partiront pas"
            ),
            Lang::Fr
        );
        assert_eq!(
            detect(
                None,
                "I manifestanti sono tornati in piazza per il terzo giorno e non se ne andranno"
            ),
            Lang::It
        );
        assert_eq!(
            detect(
                None,
                "The protesters returned to the square for a third day and say they will not leave"
            ),
            Lang::En
        );
        assert_eq!(detect(None, ""), Lang::En);
    }
}
