//! `annals timeline`: prints one topic's summarized timeline (key dates with their sentences)
//! as tilse text, Markdown, HTML or JSON.
//!
//! Two ways to name the topic: `--topic SLUG` builds the whole site model and takes that
//! topic, so the output matches the "Key dates" of its page; `--single-topic NAME` treats every
//! article of the folder as one topic and skips grouping, which is how timeline summarization
//! is evaluated (Timeline17: one folder per story). `--from`/`--to` keep only articles
//! published in the span and only dates in it, as the literature's protocol does.

use super::{InputArgs, Plan, print_warnings};
use crate::ingest;
use crate::model::{Article, Event, KeyDate};
use crate::summarize::keydates::{self, KeyDateOptions, Member};
use crate::text::escape_html;
use anyhow::{Context as _, Result, bail};
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use serde::Serialize;
use std::time::Instant;

#[derive(Debug, Args)]
pub struct TimelineArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// The topic to summarize, by slug (as in topics/<slug>/).
    #[arg(long, value_name = "SLUG", required_unless_present = "single_topic")]
    pub topic: Option<String>,
    /// Treat every article in the content folder as one topic with this name.
    #[arg(long, value_name = "NAME", conflicts_with = "topic")]
    pub single_topic: Option<String>,
    /// The topic's terms, comma-separated (with --single-topic; shown in JSON output).
    #[arg(
        long,
        value_name = "A,B,C",
        value_delimiter = ',',
        requires = "single_topic"
    )]
    pub terms: Vec<String>,
    /// How many dates [default: from the config, else chosen by the topic's days with news].
    #[arg(long, value_name = "L")]
    pub dates: Option<usize>,
    /// How many sentences per date [default: from the config, else 1].
    #[arg(long, value_name = "K")]
    pub sentences: Option<usize>,
    /// Only articles published on or after this day, and only dates from it (YYYY-MM-DD).
    #[arg(long, value_name = "DAY")]
    pub from: Option<NaiveDate>,
    /// Only articles published on or before this day, and only dates up to it (YYYY-MM-DD).
    #[arg(long, value_name = "DAY")]
    pub to: Option<NaiveDate>,
    /// Output format.
    #[arg(long, value_enum, default_value = "markdown")]
    pub format: TimelineFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TimelineFormat {
    /// The Timeline17 / tilse text format: a YYYY-MM-DD line, one sentence per line, dashes.
    Tilse,
    Markdown,
    Html,
    Json,
}

/// One key date as JSON prints it.
#[derive(Debug, Serialize)]
struct KeyDateRecord<'a> {
    day: String,
    mentioned_by: usize,
    published: usize,
    sentences: Vec<SentenceRecord<'a>>,
}

#[derive(Debug, Serialize)]
struct SentenceRecord<'a> {
    text: &'a str,
    source: &'a str,
    url: Option<&'a str>,
    published: String,
    path: &'a str,
}

#[derive(Debug, Serialize)]
struct TimelineRecord<'a> {
    topic: &'a str,
    terms: &'a [String],
    from: Option<String>,
    to: Option<String>,
    articles: usize,
    key_dates: Vec<KeyDateRecord<'a>>,
}

pub fn run(cli: &super::Cli, args: &TimelineArgs) -> Result<i32> {
    let started = Instant::now();
    if let (Some(from), Some(to)) = (args.from, args.to)
        && from > to
    {
        bail!(
            "--from {from} is after --to {to}: expected a span like --from 2010-04-20 --to 2010-09-19"
        );
    }
    let plan = Plan::new(&args.input)?;
    let ingested = ingest::read_folder(
        &plan.content,
        &plan.excluded(),
        plan.config.build.max_file_size,
        &plan.read_context(),
    );
    let in_span = |a: &Article| {
        let day = a.published.day();
        args.from.is_none_or(|from| day >= from) && args.to.is_none_or(|to| day <= to)
    };
    let read_count = ingested.articles.len();
    let articles: Vec<Article> = ingested.articles.into_iter().filter(in_span).collect();
    let mut warnings = Vec::new();
    for a in &articles {
        if a.body.trim().is_empty() {
            warnings.push(format!(
                "{}: article {:?} has no sentences; it adds nothing to the timeline",
                plan.content.join(&a.path).display(),
                a.id
            ));
        }
    }

    let (name, articles, events, dates, members) = match &args.single_topic {
        Some(name) => {
            let dates = crate::temporal::date_articles(&articles);
            let events = crate::extract::events_from_articles(&articles, plan.config.site_tz());
            let members: Vec<Member> = events
                .iter()
                .enumerate()
                .flat_map(|(e, event)| {
                    event
                        .articles
                        .iter()
                        .map(move |&article| Member { article, event: e })
                })
                .collect();
            (name.clone(), articles, events, dates, members)
        }
        None => {
            let slug = args.topic.as_deref().unwrap_or_default();
            let site = crate::build_model(articles, &plan.config, &mut warnings);
            let Some(topic) = site.topics.iter().find(|t| t.slug == slug) else {
                let known: Vec<&str> = site.topics.iter().map(|t| t.slug.as_str()).collect();
                bail!(
                    "no topic {slug:?} in {} (known topics: {}); or use --single-topic NAME",
                    plan.content.display(),
                    if known.is_empty() {
                        "none".to_string()
                    } else {
                        known.join(", ")
                    }
                );
            };
            let members = keydates::members_of(topic, &site.events);
            (
                topic.name.clone(),
                site.articles,
                site.events,
                site.dates,
                members,
            )
        }
    };

    match members.len() {
        0 => warnings.push(format!(
            "topic {name:?} has no articles{}; the timeline is empty",
            span_text(args.from, args.to)
        )),
        1 => warnings.push(format!(
            "topic {name:?} has only one article{}; its timeline is that article's dates",
            span_text(args.from, args.to)
        )),
        _ => {}
    }
    let days: std::collections::BTreeSet<NaiveDate> =
        members.iter().map(|m| dates[m.article].published).collect();
    let options = KeyDateOptions {
        dates: args.dates.unwrap_or(match plan.config.key_dates.dates {
            0 => keydates::automatic_dates(days.len()),
            n => n,
        }),
        sentences: args.sentences.unwrap_or(plan.config.key_dates.sentences),
        from: args.from,
        to: args.to,
    };
    let key_dates = keydates::key_dates(&articles, &dates, &members, &args.terms, &options);
    if key_dates.is_empty() && members.len() > 1 {
        warnings.push(format!(
            "no key dates found for topic {name:?}: its articles name no day{} and have no usable sentences",
            span_text(args.from, args.to)
        ));
    }

    let out = match args.format {
        TimelineFormat::Tilse => tilse(&key_dates),
        TimelineFormat::Markdown => markdown(&name, &key_dates, &events),
        TimelineFormat::Html => html(&name, &key_dates, &events),
        TimelineFormat::Json => {
            let record = TimelineRecord {
                topic: &name,
                terms: &args.terms,
                from: args.from.map(|d| d.to_string()),
                to: args.to.map(|d| d.to_string()),
                articles: members.len(),
                key_dates: key_dates
                    .iter()
                    .map(|k| record_of(k, &events, &articles))
                    .collect(),
            };
            let mut text = serde_json::to_string_pretty(&record).context("cannot write JSON")?;
            text.push('\n');
            text
        }
    };
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    if let Err(err) = stdout.write_all(out.as_bytes())
        && err.kind() != std::io::ErrorKind::BrokenPipe
    {
        return Err(err).context("cannot write to standard output");
    }
    let count = if cli.quiet {
        ingested.skipped.len() + warnings.len()
    } else {
        print_warnings(&plan, &ingested.skipped, &[], &warnings)
    };
    if cli.verbose {
        eprintln!(
            "{} of {read_count} articles in scope, {} key dates, {} ms",
            members.len(),
            key_dates.len(),
            started.elapsed().as_millis()
        );
    }
    Ok(if args.input.strict && count > 0 { 1 } else { 0 })
}

fn span_text(from: Option<NaiveDate>, to: Option<NaiveDate>) -> String {
    match (from, to) {
        (Some(f), Some(t)) => format!(" published from {f} to {t}"),
        (Some(f), None) => format!(" published from {f}"),
        (None, Some(t)) => format!(" published up to {t}"),
        (None, None) => String::new(),
    }
}

/// A sentence on one line, as the line-based formats need.
fn one_line(text: &str) -> String {
    crate::text::squash_whitespace(text)
}

/// The Timeline17 / tilse text format that `shared/eval/tls_eval.py` reads.
pub fn tilse(key_dates: &[KeyDate]) -> String {
    let mut out = String::new();
    for k in key_dates {
        out.push_str(&k.day.format("%Y-%m-%d").to_string());
        out.push('\n');
        for s in &k.sentences {
            out.push_str(&one_line(&s.text));
            out.push('\n');
        }
        out.push_str(&"-".repeat(32));
        out.push('\n');
    }
    out
}

fn source_name(events: &[Event], event: usize) -> &str {
    events
        .get(event)
        .and_then(|e| e.sources.first())
        .map_or("", |s| s.name.as_str())
}

fn markdown(name: &str, key_dates: &[KeyDate], events: &[Event]) -> String {
    use crate::render::escape_markdown as md;
    let mut out = format!("# Key dates: {}\n", md(name));
    for k in key_dates {
        out.push_str(&format!("\n## {}\n\n", k.day.format("%A %-d %B %Y")));
        for s in &k.sentences {
            out.push_str(&format!(
                "- {} ({})\n",
                md(&one_line(&s.text)),
                md(source_name(events, s.event))
            ));
        }
    }
    out
}

fn html(name: &str, key_dates: &[KeyDate], events: &[Event]) -> String {
    let mut out = format!(
        "<section class=\"key-dates\">\n<h2>Key dates: {}</h2>\n<ol>\n",
        escape_html(name)
    );
    for k in key_dates {
        out.push_str(&format!(
            "<li><h3><time datetime=\"{}\">{}</time></h3>\n",
            k.day.format("%Y-%m-%d"),
            k.day.format("%A %-d %B %Y")
        ));
        for s in &k.sentences {
            out.push_str(&format!(
                "<p>{} <span class=\"sources\">({})</span></p>\n",
                escape_html(&one_line(&s.text)),
                escape_html(source_name(events, s.event))
            ));
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n</section>\n");
    out
}

fn record_of<'a>(
    k: &'a KeyDate,
    events: &'a [Event],
    articles: &'a [Article],
) -> KeyDateRecord<'a> {
    KeyDateRecord {
        day: k.day.to_string(),
        mentioned_by: k.mentioned_by,
        published: k.published,
        sentences: k
            .sentences
            .iter()
            .map(|s| {
                let article = articles.get(s.article);
                let source = events.get(s.event).and_then(|e| {
                    e.sources
                        .iter()
                        .find(|src| article.is_some_and(|a| a.path == src.path))
                        .or(e.sources.first())
                });
                SentenceRecord {
                    text: &s.text,
                    source: source.map_or("", |s| s.name.as_str()),
                    url: source.and_then(|s| s.url.as_deref()),
                    published: article
                        .map(|a| a.published.to_rfc3339())
                        .unwrap_or_default(),
                    path: source.map_or("", |s| s.path.as_str()),
                }
            })
            .collect(),
    }
}
