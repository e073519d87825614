//! annals: turns a folder of news articles into dated events grouped by topic, and renders them
//! as a static site (HTML or Markdown) with a timeline per topic and a digest per day.
//!
//! Data flows one way, one module per stage:
//! `ingest` (files → `Article`) → `extract` (articles → dated `Event`s) → `group` (events →
//! `Topic`s) → `summarize` (→ `Timeline`s and `Digest`s) → `render` (views → Tera → files) →
//! `site` (atomic write). Every stage is a pure function of its input and the config; only
//! `cli` reads the clock, the environment and the file system layout.

pub mod cli;
pub mod config;
pub mod extract;
pub mod group;
pub mod ingest;
pub mod model;
pub mod render;
pub mod site;
pub mod summarize;
pub mod text;

use config::Config;
use model::{Article, Site};

/// Runs the pure middle of the pipeline: articles in, the whole site model out.
/// Warnings found on the way (such as unusable topic names) are appended to `warnings`.
pub fn build_model(articles: Vec<Article>, config: &Config, warnings: &mut Vec<String>) -> Site {
    let site_tz = config.site_tz();
    let mut events = extract::events_from_articles(&articles, site_tz);
    let topics = group::assign_topics(&articles, &mut events, config, warnings);
    let timelines = summarize::build_timelines(&topics, &events, config.build.timeline_order);
    let digests = summarize::build_digests(&topics, &events);
    Site {
        articles,
        events,
        topics,
        timelines,
        digests,
    }
}
