//! The daily briefing: one day's digest as an email (a complete MIME message), or as the
//! standalone HTML, Markdown or plain text the message is made of.
//!
//! It is not a site `Renderer`: it renders one day, not every page, and its output goes to a
//! mailbox, not into the site. The view (`BriefingView`) is built here from the same model and
//! `Views` as the digest pages, with two differences a mail client needs: links are absolute
//! (topic pages only when `[site] base_url` is set; relative source links are dropped), and the
//! briefing opens with its **top developments**, the day's most-covered events. The HTML
//! template uses inline styles and table layout, because mail clients ignore style sheets.
//!
//! The message itself is built in `email/mime.rs`. Everything is a function of the model, the
//! config and the day: the `Date` header is the newest moment the briefing reports, and the
//! `Message-ID` and MIME boundary come from a hash of its content, so the same input renders
//! the same bytes.

mod mime;

pub use mime::{MessageParts, build_message, header_text};

use super::Templates;
use super::views::{DayLabel, EventView, SiteView, SourceView, TimeLabel, Views, topic_path};
use crate::model::Digest;
use anyhow::Result;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// What to put in a briefing besides the digest itself.
#[derive(Debug, Clone)]
pub struct BriefingOptions<'a> {
    /// The subject's first words ("Briefing").
    pub subject_prefix: &'a str,
    /// How many top developments open the briefing.
    pub top: usize,
    /// Ids of events already sent in an earlier briefing (`--since-last`): left out.
    pub already_sent: &'a BTreeSet<String>,
    /// Only these topics, by slug (`--topics`); `None` keeps all. The empty slug stands for
    /// "Other news".
    pub topics: Option<&'a BTreeSet<String>>,
}

/// One event as the briefing shows it: every link absolute.
#[derive(Debug, Clone, Serialize)]
pub struct BriefingEvent<'a> {
    pub id: &'a str,
    pub headline: &'a str,
    pub summary: &'a str,
    pub section: Option<&'a str>,
    /// The first absolute source link.
    pub url: Option<&'a str>,
    pub time: Option<TimeLabel>,
    pub updated: Option<TimeLabel>,
    /// The day it happened, when the text names one other than the day reported.
    pub happened: Option<DayLabel>,
    pub sources: Vec<SourceView<'a>>,
    pub source_count: usize,
    /// Its first topic's name (`None` for "Other news"), for the top developments.
    pub topic: Option<&'a str>,
    /// Its other topics, besides the section it is listed under.
    pub also_in: Vec<TopicRef<'a>>,
}

/// A topic named in the briefing, with its page on the site when `base_url` is set.
#[derive(Debug, Clone, Serialize)]
pub struct TopicRef<'a> {
    pub name: &'a str,
    pub url: Option<String>,
}

/// One topic's events, or "Other news" (`other` true, no link).
#[derive(Debug, Clone, Serialize)]
pub struct BriefingSection<'a> {
    pub topic: TopicRef<'a>,
    pub other: bool,
    pub events: Vec<BriefingEvent<'a>>,
}

/// Everything the `email.*` templates receive.
#[derive(Debug, Clone, Serialize)]
pub struct BriefingView<'a> {
    pub site: SiteView<'a>,
    pub day: DayLabel,
    pub subject: String,
    /// The inbox preview line: the top headlines.
    pub preheader: String,
    pub top: Vec<BriefingEvent<'a>>,
    /// Whether the top developments open the briefing: not when it has a single event.
    pub show_top: bool,
    pub sections: Vec<BriefingSection<'a>>,
    /// Distinct events in the briefing.
    pub event_count: usize,
    /// Topic sections (not counting "Other news").
    pub topic_count: usize,
    /// The newest moment the briefing reports (the message's `Date`); `None` when every event
    /// has a day only, as a time of midnight would mislead.
    pub as_of: Option<TimeLabel>,
    #[serde(skip)]
    pub as_of_instant: DateTime<Utc>,
    /// Ids of the events in the briefing, for the `--since-last` state.
    #[serde(skip)]
    pub event_ids: Vec<&'a str>,
    /// The digest page on the site, when `base_url` is set.
    pub digest_url: Option<String>,
    pub site_url: Option<&'a str>,
    /// Events of the day left out because an earlier briefing had them.
    pub already_sent: usize,
}

/// Joins a site-relative path to `base_url` (checked absolute http(s) by the config).
fn absolute(base_url: Option<&str>, path: &str) -> Option<String> {
    base_url.map(|base| format!("{}/{path}", base.trim_end_matches('/')))
}

/// Links a mail client can follow: absolute http(s) only.
fn is_absolute(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// Builds the briefing of `digest`, or `None` when nothing is left to tell (every event
/// already sent, or no event in the chosen topics).
pub fn briefing_view<'a>(
    views: &Views<'a>,
    digest: &'a Digest,
    options: &BriefingOptions,
) -> Option<BriefingView<'a>> {
    let site = views.site;
    let base_url = views.config.site.base_url.as_deref();
    let keep_topic = |slug: &str| options.topics.is_none_or(|t| t.contains(slug));
    let fresh = |e: &usize| !options.already_sent.contains(&site.events[*e].id);
    let topic_ref = |slug: &str| -> Option<TopicRef<'a>> {
        let topic = site.topics.iter().find(|t| t.slug == slug)?;
        Some(TopicRef {
            name: &topic.name,
            url: absolute(base_url, &topic_path(&topic.slug)),
        })
    };
    let event = |index: usize, section_slug: Option<&str>| -> BriefingEvent<'a> {
        let view: EventView<'a> = views.event(index);
        let model = &site.events[index];
        let sources: Vec<SourceView<'a>> = view
            .sources
            .into_iter()
            .map(|s| SourceView {
                name: s.name,
                url: s.url.filter(|u| is_absolute(u)),
            })
            .collect();
        BriefingEvent {
            id: view.id,
            headline: view.headline,
            summary: view.summary,
            section: view.section,
            url: sources.iter().find_map(|s| s.url),
            time: view.time,
            updated: view.updated,
            happened: view.happened,
            source_count: view.source_count,
            sources,
            topic: model
                .topics
                .first()
                .and_then(|slug| site.topics.iter().find(|t| &t.slug == slug))
                .map(|t| t.name.as_str()),
            also_in: model
                .topics
                .iter()
                .filter(|slug| Some(slug.as_str()) != section_slug)
                .filter_map(|slug| topic_ref(slug))
                .collect(),
        }
    };

    let mut sections: Vec<BriefingSection<'a>> = Vec::new();
    let mut included: BTreeSet<usize> = BTreeSet::new();
    let mut in_topic: BTreeMap<usize, usize> = BTreeMap::new();
    let mut day_total: BTreeSet<usize> = BTreeSet::new();
    for section in &digest.sections {
        let topic = &site.topics[section.topic];
        day_total.extend(section.events.iter().copied());
        if !keep_topic(&topic.slug) {
            continue;
        }
        let events: Vec<usize> = section.events.iter().copied().filter(fresh).collect();
        if events.is_empty() {
            continue;
        }
        included.extend(events.iter().copied());
        for &e in &events {
            // Each event counts for its first topic, the one it is filed under.
            if site.events[e].topics.first() == Some(&topic.slug) {
                *in_topic.entry(section.topic).or_default() += 1;
            }
        }
        sections.push(BriefingSection {
            topic: TopicRef {
                name: &topic.name,
                url: absolute(base_url, &topic_path(&topic.slug)),
            },
            other: false,
            events: events
                .iter()
                .map(|&e| event(e, Some(&topic.slug)))
                .collect(),
        });
    }
    day_total.extend(digest.other.iter().copied());
    if keep_topic("") {
        let other: Vec<usize> = digest.other.iter().copied().filter(fresh).collect();
        if !other.is_empty() {
            included.extend(other.iter().copied());
            sections.push(BriefingSection {
                topic: TopicRef {
                    name: "Other news",
                    url: None,
                },
                other: true,
                events: other.iter().map(|&e| event(e, None)).collect(),
            });
        }
    }
    if included.is_empty() {
        return None;
    }
    let already_sent = day_total
        .iter()
        .filter(|e| options.already_sent.contains(&site.events[**e].id))
        .count();

    let top: Vec<BriefingEvent<'a>> =
        top_developments(views, &included, &in_topic, options.top.max(1))
            .into_iter()
            .map(|e| event(e, None))
            .collect();
    let topic_count = sections.iter().filter(|s| !s.other).count();
    let other_count = sections
        .iter()
        .find(|s| s.other)
        .map_or(0, |s| s.events.len());
    let day = DayLabel::new(digest.day);
    let lead = top[0].topic.unwrap_or(top[0].headline);
    // The day's stories: each topic is one, and so is each event of no topic.
    let more = (topic_count + other_count).saturating_sub(1);
    let subject = header_text(&format!(
        "{} — {}: {}{}",
        options.subject_prefix,
        day.long,
        shorten(lead, 70),
        if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        }
    ));
    let preheader = shorten(
        &top.iter()
            .map(|e| e.headline)
            .collect::<Vec<_>>()
            .join(" · "),
        160,
    );
    let as_of_instant = included
        .iter()
        .map(|&e| {
            let event = &site.events[e];
            event
                .updated
                .unwrap_or(event.published)
                .max(event.published)
        })
        .max()
        .unwrap_or_default();
    Some(BriefingView {
        site: views.site_view(),
        subject,
        preheader,
        top,
        show_top: included.len() > 1,
        event_count: included.len(),
        topic_count,
        as_of: included
            .iter()
            .any(|&e| !site.events[e].date_only)
            .then(|| TimeLabel::new(as_of_instant, views.site_tz)),
        as_of_instant,
        event_ids: included
            .iter()
            .map(|&e| site.events[e].id.as_str())
            .collect(),
        digest_url: absolute(base_url, &super::views::digest_path(digest.day)),
        site_url: base_url,
        already_sent,
        day,
        sections,
    })
}

/// The day's most-covered events, best first: most sources, then the day's biggest topic, then
/// topic order (configured topics first, as the config lists them; "Other news" last), then
/// the earliest. One per topic (or per event of no topic) before any topic gets a second.
fn top_developments(
    views: &Views,
    included: &BTreeSet<usize>,
    in_topic: &BTreeMap<usize, usize>,
    limit: usize,
) -> Vec<usize> {
    let site = views.site;
    let topic_of = |e: usize| -> Option<usize> {
        let slug = site.events[e].topics.first()?;
        site.topics.iter().position(|t| &t.slug == slug)
    };
    let source_count = |e: usize| {
        let event = &site.events[e];
        event.articles.len().max(event.sources.len())
    };
    let mut ranked: Vec<usize> = included.iter().copied().collect();
    ranked.sort_by_key(|&e| {
        let topic = topic_of(e);
        let weight = topic.and_then(|t| in_topic.get(&t)).copied();
        (
            std::cmp::Reverse(source_count(e)),
            std::cmp::Reverse(weight.unwrap_or(0)),
            // Configured topics come first, in config order: the editor's priorities.
            topic.unwrap_or(usize::MAX),
            site.events[e].published,
            site.events[e].id.as_str(),
        )
    });
    let mut chosen: Vec<usize> = Vec::new();
    let mut seen_topics: BTreeSet<Option<usize>> = BTreeSet::new();
    for &e in &ranked {
        let topic = topic_of(e);
        if chosen.len() < limit && (topic.is_none() || seen_topics.insert(topic)) {
            chosen.push(e);
        }
    }
    for &e in &ranked {
        if chosen.len() < limit && !chosen.contains(&e) {
            chosen.push(e);
        }
    }
    chosen.sort_by_key(|e| ranked.iter().position(|r| r == e));
    chosen
}

/// At most `max` characters, cut at a word with "…" when longer.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let keep = max.saturating_sub(1);
    let cut: String = text.chars().take(keep).collect();
    // Cut back to a word boundary unless the cut already falls on one.
    let at_boundary = text.chars().nth(keep).is_none_or(char::is_whitespace);
    let cut = match cut.rfind(' ') {
        Some(space) if !at_boundary && space > 0 => &cut[..space],
        _ => cut.as_str(),
    };
    format!(
        "{}…",
        cut.trim_end_matches([' ', ',', ';', ':', '—', '–', '-'])
    )
}

/// The briefing in one of its forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BriefingPart {
    Html,
    Text,
    Markdown,
}

impl BriefingPart {
    fn template(self) -> &'static str {
        match self {
            BriefingPart::Html => "email.html",
            BriefingPart::Text => "email.txt",
            BriefingPart::Markdown => "email.md",
        }
    }
}

/// Renders one form of the briefing through its template. Text is wrapped at 76 columns.
pub fn render_part(
    view: &BriefingView,
    templates: &Templates,
    part: BriefingPart,
) -> Result<String> {
    let text = templates.render(part.template(), view, "")?;
    Ok(match part {
        BriefingPart::Text => wrap_text(&text, 76),
        _ => text,
    })
}

/// Wraps lines longer than `width` characters at spaces, continuing under the text of a
/// `- ` bullet or the line's own indent. Words longer than the width (links) stay whole.
pub fn wrap_text(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for line in text.split('\n') {
        let line = line.trim_end();
        if line.chars().count() <= width {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let bullet = if line[indent..].starts_with("- ") || line[indent..].starts_with("* ") {
            2
        } else {
            0
        };
        let hang = " ".repeat(indent + bullet);
        let mut current = String::new();
        let mut current_len = 0;
        for (i, word) in line[indent + bullet..].split(' ').enumerate() {
            let word_len = word.chars().count();
            if i == 0 {
                current.push_str(&line[..indent + bullet]);
                current_len = indent + bullet;
            } else if current_len + 1 + word_len > width && current_len > hang.len() {
                out.push_str(current.trim_end());
                out.push('\n');
                current = hang.clone();
                current_len = hang.len();
            } else {
                current.push(' ');
                current_len += 1;
            }
            current.push_str(word);
            current_len += word_len;
        }
        out.push_str(current.trim_end());
        out.push('\n');
    }
    // `split` gave one more piece than there were line breaks.
    out.pop();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_wrap_under_their_bullet_and_links_stay_whole() {
        let text = "- one two three four five six seven eight nine ten eleven twelve\n  https://example.org/a/very/long/link/that/must/not/break\nshort";
        let wrapped = wrap_text(text, 30);
        assert_eq!(
            wrapped,
            "- one two three four five six\n  seven eight nine ten eleven\n  twelve\n  https://example.org/a/very/long/link/that/must/not/break\nshort"
        );
        for line in wrapped.lines().filter(|l| !l.contains("https")) {
            assert!(line.chars().count() <= 30, "{line}");
        }
    }

    #[test]
    fn shortening_cuts_at_a_word() {
        assert_eq!(shorten("short", 10), "short");
        assert_eq!(
            shorten("US–Iran negotiations resume in Muscat", 21),
            "US–Iran negotiations…"
        );
        assert_eq!(
            shorten("US–Iran negotiations resume in Muscat", 18),
            "US–Iran…"
        );
    }

    #[test]
    fn only_absolute_links_are_kept() {
        assert!(is_absolute("https://example.org/x"));
        assert!(is_absolute("HTTP://example.org"));
        assert!(!is_absolute("/relative"));
        assert!(!is_absolute("mailto:a@example.org"));
        assert_eq!(
            absolute(Some("https://example.org/annals/"), "topics/x/").as_deref(),
            Some("https://example.org/annals/topics/x/")
        );
    }
}
