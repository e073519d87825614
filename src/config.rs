//! Reads `annals.toml`: the site, the output formats, the configured topics with their rules, and
//! the names JSON sources use for article fields.
//!
//! Every table rejects unknown keys, so a typo such as `time_zon` is an error that names the key
//! and suggests the closest known one, instead of a setting silently ignored. Values are checked
//! here (time zone names, formats, slugs) so later stages can trust them.

mod email;
mod sections;

pub use email::{Addresses, EmailConfig, Security, SmtpConfig};
pub use sections::{BuildConfig, DiscoverConfig, KeyDatesConfig, OutputFormat, TimelineOrder};

use anyhow::{Context as _, Result, bail};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The whole configuration, as written in `annals.toml`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub site: SiteConfig,
    #[serde(default)]
    pub build: BuildConfig,
    #[serde(default)]
    pub topics: Vec<TopicConfig>,
    #[serde(default)]
    pub input: InputConfig,
    #[serde(default)]
    pub discover: DiscoverConfig,
    #[serde(default)]
    pub key_dates: KeyDatesConfig,
    /// `[email]`: the daily briefing email (`annals digest`); absent means none is configured.
    #[serde(default)]
    pub email: Option<EmailConfig>,
}

/// `[site]`: what the site is called and where it lives.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    #[serde(default = "default_title")]
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Absolute URL of the published site, used for feeds and canonical links.
    #[serde(default)]
    pub base_url: Option<String>,
    /// Language tag of the site's pages (`en`, `de`, ...).
    #[serde(default = "default_language")]
    pub language: String,
    /// IANA time zone name; digest days and shown times follow it.
    #[serde(default = "default_time_zone")]
    pub time_zone: String,
    /// Topic pages embed the TimelineJS viewer (scripts from cdn.knightlab.com); off by default.
    #[serde(default)]
    pub timelinejs_embed: bool,
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: default_title(),
            description: None,
            base_url: None,
            language: default_language(),
            time_zone: default_time_zone(),
            timelinejs_embed: false,
        }
    }
}

fn default_title() -> String {
    "Annals".to_string()
}
fn default_language() -> String {
    "en".to_string()
}
fn default_time_zone() -> String {
    "UTC".to_string()
}

/// `[input]`: how to read the article files.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct InputConfig {
    #[serde(default)]
    pub fields: FieldNames,
    /// Read symbolic links whose target is outside the content folder (off by default).
    #[serde(default)]
    pub follow_outside_symlinks: bool,
}

/// `[input.fields]`: the names a JSON source uses for article fields that annals does not know
/// by itself, such as `title = "heading"` or `body = "story_text"`. A name may be a dotted path
/// into nested objects (`"meta.headline"`). A mapped name is tried before the common names
/// (`title`/`headline`, `text`/`content`/`body`, ...), which still apply when it is absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FieldNames {
    pub id: Option<String>,
    pub title: Option<String>,
    #[serde(alias = "text")]
    pub body: Option<String>,
    pub summary: Option<String>,
    #[serde(alias = "date")]
    pub published: Option<String>,
    pub updated: Option<String>,
    pub url: Option<String>,
    #[serde(alias = "source")]
    pub outlet: Option<String>,
    #[serde(alias = "language")]
    pub lang: Option<String>,
    pub author: Option<String>,
    pub section: Option<String>,
    pub topics: Option<String>,
}

impl FieldNames {
    /// No mapped names: only the common ones apply.
    pub const NONE: FieldNames = FieldNames {
        id: None,
        title: None,
        body: None,
        summary: None,
        published: None,
        updated: None,
        url: None,
        outlet: None,
        lang: None,
        author: None,
        section: None,
        topics: None,
    };

    /// Each mapped article field with the source name it is read from.
    pub fn mapped(&self) -> [(&'static str, Option<&str>); 12] {
        [
            ("id", self.id.as_deref()),
            ("title", self.title.as_deref()),
            ("body", self.body.as_deref()),
            ("summary", self.summary.as_deref()),
            ("published", self.published.as_deref()),
            ("updated", self.updated.as_deref()),
            ("url", self.url.as_deref()),
            ("outlet", self.outlet.as_deref()),
            ("lang", self.lang.as_deref()),
            ("author", self.author.as_deref()),
            ("section", self.section.as_deref()),
            ("topics", self.topics.as_deref()),
        ]
    }
}

/// One `[[topics]]` entry.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TopicConfig {
    pub name: String,
    /// URL slug; derived from the name when absent.
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// Match rules; a topic without rules only collects articles that name it in front matter.
    #[serde(default, rename = "match")]
    pub rules: Option<MatchRules>,
}

/// `[topics.match]`: which articles belong to a topic.
///
/// Every `all` term must occur; at least one `any` term must occur when `any` is not empty; and
/// the weighted score (title counts more than summary, summary more than body) must reach
/// `min_score`. Terms match whole words, case-insensitively, with inflections.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MatchRules {
    #[serde(default)]
    pub all: Vec<String>,
    #[serde(default)]
    pub any: Vec<String>,
    #[serde(default = "default_min_score")]
    pub min_score: f64,
}

fn default_min_score() -> f64 {
    3.0
}

impl Config {
    /// Parses configuration text; `origin` names the file in error messages.
    pub fn parse(text: &str, origin: &str) -> Result<Config> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let message = e.message().to_string();
            let line = e
                .span()
                .map(|span| format!(" line {}:", text[..span.start].matches('\n').count() + 1))
                .unwrap_or_default();
            anyhow::anyhow!("{origin}:{line} {}", with_suggestion(&message))
        })?;
        config
            .validate()
            .with_context(|| format!("{origin}: invalid configuration"))?;
        Ok(config)
    }

    /// Reads and parses a configuration file.
    pub fn load(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read config {}", path.display()))?;
        Config::parse(&text, &path.display().to_string())
    }

    /// The site time zone, already checked by `validate`.
    pub fn site_tz(&self) -> Tz {
        self.site.time_zone.parse().unwrap_or(chrono_tz::UTC)
    }

    fn validate(&self) -> Result<()> {
        if self.site.time_zone.parse::<Tz>().is_err() {
            bail!(
                "[site] time_zone: expected an IANA time zone name like \"Europe/Berlin\" or \"UTC\", found {:?}",
                self.site.time_zone
            );
        }
        if let Some(url) = &self.site.base_url
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            bail!("[site] base_url: expected an absolute http(s) URL, found {url:?}");
        }
        for (field, name) in self.input.fields.mapped() {
            if name.is_some_and(|n| n.trim().is_empty() || n.split('.').any(str::is_empty)) {
                bail!(
                    "[input.fields] {field}: expected a field name like \"heading\" or \"meta.headline\", found {:?}",
                    name.unwrap_or_default()
                );
            }
        }
        let d = &self.discover;
        for (key, value) in [
            ("event_similarity", d.event_similarity),
            ("story_similarity", d.story_similarity),
        ] {
            if !(0.0..=1.0).contains(&value) {
                bail!("[discover] {key}: expected a number from 0 to 1, found {value}");
            }
        }
        for (key, value) in [
            ("event_window_days", d.event_window_days),
            ("story_window_days", d.story_window_days),
            ("half_life_days", d.half_life_days),
        ] {
            if !value.is_finite() || value < 0.0 {
                bail!("[discover] {key}: expected a number of days, 0 or more, found {value}");
            }
        }
        if let Some(email) = &self.email {
            email.validate()?;
        }
        if d.min_story_size == 0 {
            bail!("[discover] min_story_size: expected 1 or more, found 0");
        }
        let mut seen = std::collections::BTreeMap::new();
        for (i, topic) in self.topics.iter().enumerate() {
            if topic.name.trim().is_empty() {
                bail!("[[topics]] entry {}: `name` is empty", i + 1);
            }
            let slug = self.topic_slug(i);
            if slug.is_empty() {
                bail!(
                    "[[topics]] {:?}: no usable slug; set `slug` to ASCII letters, digits and dashes",
                    topic.name
                );
            }
            if let Some(given) = &topic.slug
                && crate::text::slugify(given) != *given
            {
                bail!(
                    "[[topics]] {:?}: slug {given:?} must be lowercase ASCII letters, digits and dashes (try {:?})",
                    topic.name,
                    crate::text::slugify(given)
                );
            }
            if let Some(other) = seen.insert(slug.clone(), topic.name.clone()) {
                bail!(
                    "[[topics]] {:?} and {other:?} have the same slug {slug:?}; give one of them its own `slug`",
                    topic.name
                );
            }
            if let Some(rules) = &topic.rules {
                if rules.all.is_empty() && rules.any.is_empty() {
                    bail!(
                        "[[topics]] {:?}: [topics.match] needs at least one term in `all` or `any`",
                        topic.name
                    );
                }
                if !rules.min_score.is_finite() || rules.min_score < 0.0 {
                    bail!(
                        "[[topics]] {:?}: min_score must be a number of 0 or more",
                        topic.name
                    );
                }
            }
        }
        Ok(())
    }

    /// The slug of configured topic `i`: the given one, or one derived from its name.
    pub fn topic_slug(&self, i: usize) -> String {
        let topic = &self.topics[i];
        match &topic.slug {
            Some(slug) => slug.clone(),
            None => crate::text::slugify(&topic.name),
        }
    }
}

/// All keys the configuration knows, for "did you mean" hints.
const KNOWN_KEYS: &[&str] = &[
    "site",
    "topics",
    "title",
    "description",
    "base_url",
    "language",
    "time_zone",
    "timelinejs_embed",
    "name",
    "slug",
    "match",
    "all",
    "any",
    "min_score",
    "input",
    "fields",
    "follow_outside_symlinks",
    "id",
    "body",
    "summary",
    "published",
    "updated",
    "url",
    "outlet",
    "lang",
    "author",
    "section",
];

/// Adds "(did you mean `x`?)" to serde's "unknown field `y`" messages.
fn with_suggestion(message: &str) -> String {
    let Some(rest) = message.strip_prefix("unknown field `") else {
        return message.to_string();
    };
    let Some(unknown) = rest.split('`').next() else {
        return message.to_string();
    };
    let best = KNOWN_KEYS
        .iter()
        .chain(email::KNOWN_KEYS)
        .chain(sections::KNOWN_KEYS)
        .map(|k| (strsim::damerau_levenshtein(unknown, k), *k))
        .min();
    let first_line = message.lines().next().unwrap_or(message);
    match best {
        Some((distance, key)) if distance <= 2 => {
            format!("unknown key `{unknown}` ({first_line}; did you mean `{key}`?)")
        }
        _ => format!("unknown key `{unknown}` ({first_line})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_is_named_with_a_suggestion() {
        let err = Config::parse("[site]\ntime_zon = \"UTC\"\n", "annals.toml").unwrap_err();
        let text = format!("{err:#}");
        assert!(text.contains("annals.toml: line 2:"), "{text}");
        assert!(text.contains("`time_zon`"), "{text}");
        assert!(text.contains("did you mean `time_zone`"), "{text}");
    }

    #[test]
    fn unknown_time_zone_is_rejected() {
        let err = Config::parse("[site]\ntime_zone = \"Mars/Olympus\"\n", "a.toml").unwrap_err();
        assert!(format!("{err:#}").contains("Mars/Olympus"));
    }

    #[test]
    fn topic_slug_is_derived_from_the_name() {
        let config =
            Config::parse("[[topics]]\nname = \"US–Iran negotiations\"\n", "a.toml").unwrap();
        assert_eq!(config.topic_slug(0), "us-iran-negotiations");
    }

    #[test]
    fn duplicate_slugs_are_rejected() {
        let text = "[[topics]]\nname = \"Oil\"\n[[topics]]\nname = \"oil\"\n";
        let err = Config::parse(text, "a.toml").unwrap_err();
        assert!(format!("{err:#}").contains("same slug"));
    }

    #[test]
    fn input_fields_map_json_names() {
        let config = Config::parse(
            "[input.fields]\ntitle = \"heading\"\nbody = \"story_text\"\ndate = \"meta.when\"\n",
            "a.toml",
        )
        .unwrap();
        assert_eq!(config.input.fields.title.as_deref(), Some("heading"));
        assert_eq!(config.input.fields.body.as_deref(), Some("story_text"));
        assert_eq!(config.input.fields.published.as_deref(), Some("meta.when"));
        let err = Config::parse("[input.fields]\nheadline = \"h\"\n", "a.toml").unwrap_err();
        assert!(
            format!("{err:#}").contains("unknown key `headline`"),
            "{err:#}"
        );
        let err = Config::parse("[input.fields]\ntitle = \"\"\n", "a.toml").unwrap_err();
        assert!(
            format!("{err:#}").contains("[input.fields] title"),
            "{err:#}"
        );
    }

    #[test]
    fn discover_settings_are_read_and_checked() {
        let config = Config::parse(
            "[discover]\nall_articles = true\nmin_story_size = 5\nevent_window_days = 1\n",
            "a.toml",
        )
        .unwrap();
        assert!(config.discover.enabled && config.discover.all_articles);
        assert_eq!(config.discover.min_story_size, 5);
        let err = Config::parse("[discover]\nstory_similarity = 2\n", "a.toml").unwrap_err();
        assert!(format!("{err:#}").contains("story_similarity"), "{err:#}");
        let err = Config::parse("[discover]\nmin_story_sise = 2\n", "a.toml").unwrap_err();
        assert!(
            format!("{err:#}").contains("did you mean `min_story_size`"),
            "{err:#}"
        );
    }

    #[test]
    fn empty_config_gives_defaults() {
        let config = Config::parse("", "a.toml").unwrap();
        assert_eq!(config.site.time_zone, "UTC");
        assert_eq!(config.build.format, OutputFormat::Html);
        assert!(config.topics.is_empty());
    }
}
