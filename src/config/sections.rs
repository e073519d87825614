//! `[build]`, `[discover]` and `[key_dates]`: the output formats and page layout switches, the
//! numbers that steer story discovery and event merging, and the size of the key-dates summary.
//!
//! Why it is separate: these tables are plain settings with defaults and no parsing of their
//! own; `config.rs` keeps the top level, `[site]`, `[input]`, the topics and all validation.

use serde::{Deserialize, Serialize};

/// The keys of `[build]`, `[discover]` and `[key_dates]`, for "did you mean" hints.
pub(super) const KNOWN_KEYS: &[&str] = &[
    "build",
    "format",
    "timeline_order",
    "recent_digests",
    "max_file_size",
    "entity_page_events",
    "discover",
    "enabled",
    "all_articles",
    "min_story_size",
    "merge_coverage",
    "event_window_days",
    "event_similarity",
    "story_similarity",
    "story_window_days",
    "half_life_days",
    "key_dates",
    "min_articles",
    "dates",
    "sentences",
];

/// Which page formats a build writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum OutputFormat {
    Html,
    Markdown,
    Both,
}

impl OutputFormat {
    pub fn html(self) -> bool {
        matches!(self, OutputFormat::Html | OutputFormat::Both)
    }
    pub fn markdown(self) -> bool {
        matches!(self, OutputFormat::Markdown | OutputFormat::Both)
    }
}

/// In which order a topic page lists its days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum TimelineOrder {
    #[default]
    NewestFirst,
    OldestFirst,
}

/// `[build]`: output formats and page layout switches.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BuildConfig {
    #[serde(default = "default_format")]
    pub format: OutputFormat,
    #[serde(default)]
    pub timeline_order: TimelineOrder,
    /// How many recent digests the index page links to.
    #[serde(default = "default_recent_digests")]
    pub recent_digests: usize,
    /// Files larger than this many bytes are skipped with a warning.
    #[serde(default = "default_max_file_size")]
    pub max_file_size: u64,
    /// An entity page lists at most this many events (its latest); an entity with more gets a
    /// page per year as well, so no page grows without bound. 0 puts every event on one page.
    #[serde(default = "default_entity_page_events")]
    pub entity_page_events: usize,
}

impl Default for BuildConfig {
    fn default() -> Self {
        BuildConfig {
            format: default_format(),
            timeline_order: TimelineOrder::default(),
            recent_digests: default_recent_digests(),
            max_file_size: default_max_file_size(),
            entity_page_events: default_entity_page_events(),
        }
    }
}

fn default_format() -> OutputFormat {
    OutputFormat::Html
}
fn default_recent_digests() -> usize {
    7
}
fn default_entity_page_events() -> usize {
    200
}
fn default_max_file_size() -> u64 {
    20 * 1024 * 1024
}

/// `[discover]`: stories found among the articles, and the coverage of one development merged
/// into one event. See `group::discover` and `coverage` for what the numbers mean.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DiscoverConfig {
    /// Find stories among the articles no configured topic claims.
    #[serde(default = "default_true")]
    pub enabled: bool,
    /// Cluster every article into stories, also those a configured topic claims.
    #[serde(default)]
    pub all_articles: bool,
    /// Fewer articles than this make no story page; they stay in "Other news".
    #[serde(default = "default_min_story_size")]
    pub min_story_size: usize,
    /// Merge articles about the same development into one event with several sources.
    #[serde(default = "default_true")]
    pub merge_coverage: bool,
    /// Articles this many days apart or closer can be one event without any discount.
    #[serde(default = "default_event_window_days")]
    pub event_window_days: f64,
    /// Least similarity (0..1) of two articles' wording and names for one event.
    #[serde(default = "default_event_similarity")]
    pub event_similarity: f64,
    /// Least similarity (0..1) of two groups of events for one story.
    #[serde(default = "default_story_similarity")]
    pub story_similarity: f64,
    /// Events this many days apart or closer can be one story without any discount.
    #[serde(default = "default_story_window_days")]
    pub story_window_days: f64,
    /// Beyond the event window, similarity halves every this many days of distance.
    #[serde(default = "default_half_life_days")]
    pub half_life_days: f64,
}

impl Default for DiscoverConfig {
    fn default() -> Self {
        DiscoverConfig {
            enabled: true,
            all_articles: false,
            min_story_size: default_min_story_size(),
            merge_coverage: true,
            event_window_days: default_event_window_days(),
            event_similarity: default_event_similarity(),
            story_similarity: default_story_similarity(),
            story_window_days: default_story_window_days(),
            half_life_days: default_half_life_days(),
        }
    }
}

fn default_true() -> bool {
    true
}
fn default_min_story_size() -> usize {
    3
}
fn default_event_window_days() -> f64 {
    3.0
}
fn default_event_similarity() -> f64 {
    0.12
}
fn default_story_similarity() -> f64 {
    0.2
}
fn default_story_window_days() -> f64 {
    7.0
}
fn default_half_life_days() -> f64 {
    60.0
}

/// `[key_dates]`: the "Key dates" summary at the top of a long topic's page (see
/// `summarize::keydates`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct KeyDatesConfig {
    /// Topics with at least this many articles get the summary; 0 turns it off.
    #[serde(default = "default_key_dates_min_articles")]
    pub min_articles: usize,
    /// How many dates; 0 chooses by the topic's number of days with news.
    #[serde(default)]
    pub dates: usize,
    /// How many sentences per date.
    #[serde(default = "default_key_date_sentences")]
    pub sentences: usize,
}

impl Default for KeyDatesConfig {
    fn default() -> Self {
        KeyDatesConfig {
            min_articles: default_key_dates_min_articles(),
            dates: 0,
            sentences: default_key_date_sentences(),
        }
    }
}

fn default_key_dates_min_articles() -> usize {
    8
}
fn default_key_date_sentences() -> usize {
    1
}
