//! annals: turns a folder of news articles into dated events grouped by topic, and renders them
//! as a static site (HTML or Markdown) with a timeline per topic and a digest per day.
//!
//! Data flows one way, one module per stage:
//! `ingest` (files → `Article`) → `extract` (articles → dated `Event`s) → `group` (events →
//! `Topic`s) → `summarize` (→ `Timeline`s and `Digest`s) → `render` (views → Tera → files) →
//! `site` (atomic write). Every stage is a pure function of its input and the config; only
//! `cli` reads the clock, the environment and the file system layout.

pub mod cache;
pub mod cli;
pub mod config;
pub mod coverage;
pub mod extract;
pub mod fuzzing;
pub mod group;
pub mod incremental;
pub mod ingest;
pub mod model;
pub mod render;
pub mod site;
pub mod summarize;
pub mod temporal;
pub mod text;

use config::Config;
use model::{Article, Site};

/// Runs the pure middle of the pipeline: articles in, the whole site model out.
/// Warnings found on the way (such as unusable topic names) are appended to `warnings`.
pub fn build_model(articles: Vec<Article>, config: &Config, warnings: &mut Vec<String>) -> Site {
    build_model_in_stages(articles, config, warnings, &mut |_| {})
}

/// `build_model`, calling `stage_done` with the name of each stage as it ends ("extract",
/// "group", "summarize") and of the steps inside them ("group.stories"), so the caller can time
/// them (stages never read the clock).
pub fn build_model_in_stages(
    articles: Vec<Article>,
    config: &Config,
    warnings: &mut Vec<String>,
    stage_done: &mut dyn FnMut(&'static str),
) -> Site {
    let site_tz = config.site_tz();
    let corpus = group::features::Corpus::new(&articles);
    stage_done("extract.features");
    let events = extract::events_from_articles(&articles, site_tz);
    stage_done("extract");
    // Coverage merging spends most of its time in one merge loop on one core, and dating the
    // articles' sentences needs nothing from it: the dates are read meanwhile, on the cores
    // the loop leaves idle (`-v` counts them in "coverage"). An event's `happened` day is its
    // first article's, and a merged event keeps its first part's first article and day, so
    // dating the events after merging gives the same days as dating them before.
    let (dates, mut events) = rayon::join(
        || temporal::date_articles(&articles),
        || {
            if config.discover.merge_coverage {
                let level = coverage::event_level(&config.discover);
                coverage::merge_coverage(events, &corpus, &level).0
            } else {
                events
            }
        },
    );
    temporal::date_events(&mut events, &dates);
    stage_done("group.coverage");
    let mut topics = group::assign_topics(&articles, &mut events, config, warnings);
    group::discover::add_story_topics(
        &articles,
        &mut events,
        &mut topics,
        &corpus,
        &config.discover,
    );
    let events = coverage::split_into_bursts(
        events,
        &mut topics,
        &articles,
        &dates,
        site_tz,
        config.discover.event_window_days,
    );
    stage_done("group.stories");
    let entities = group::entity_pages::entity_pages(&articles, &events, &mut topics, &corpus);
    // The corpus's vectors are not needed after grouping; a big corpus's are hundreds of MB.
    drop(corpus);
    stage_done("group");
    let mut timelines = summarize::build_timelines(&topics, &events, config.build.timeline_order);
    summarize::keydates::add_key_dates(&mut timelines, &topics, &events, &dates, &articles, config);
    stage_done("summarize.keydates");
    let digests = summarize::build_digests(&topics, &events);
    stage_done("summarize");
    Site {
        articles,
        events,
        topics,
        timelines,
        digests,
        entities,
        dates,
    }
}

/// For each article (by index): the slug of the topic or story its event is in (the first
/// one, when several), and its event's id. For `annals extract` and evaluations.
pub fn article_assignments(site: &Site) -> Vec<(Option<&str>, &str)> {
    let mut out: Vec<(Option<&str>, &str)> = vec![(None, ""); site.articles.len()];
    for event in &site.events {
        for &a in &event.articles {
            // The development, also for a later burst of it (`coverage::split_into_bursts`).
            let development = event.follows.as_deref().unwrap_or(&event.id);
            out[a] = (event.topics.first().map(String::as_str), development);
        }
    }
    out
}
