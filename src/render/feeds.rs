//! Atom feeds: one for the whole site (`atom.xml`), one per topic (`topics/<slug>/atom.xml`) and
//! one for the daily digests (`digest/atom.xml`, one entry per day).
//!
//! All three go through one overridable template, `atom.xml`, with a `FeedView`. The view holds
//! owned, already cleaned strings: Tera autoescapes `.xml` templates (`&`, `<`, `>`, quotes, so
//! `]]>` in an article is harmless too), but escaping cannot make a control character legal, so
//! every string from an article first loses the characters XML 1.0 forbids (`xml_text`).
//!
//! Ids and dates come from the data only, so a rebuild gives the same bytes and feed readers see
//! no phantom updates:
//! - Ids are `tag:` URIs (RFC 4151), e.g. `tag:example.org,2026:/annals/event/<event-id>`. The
//!   authority is the host of `[site] base_url` (or `annals.invalid` without one), and the event
//!   part is the event's own id, so an entry keeps its id when its topic changes and is the same
//!   entry in the site feed and in its topic's feed.
//! - `updated` is the latest time of the entries (an event's update or first report), never the
//!   clock; a feed without entries says 1970-01-01.
//! - Links are absolute under `base_url` when it is set. Without it they are relative to the
//!   feed file itself (`atom.xml`, `./#e-…`, `../topics/x/#e-…`), which RFC 4287 allows: a relative reference
//!   resolves against the feed's own URL, and feed-rs and feed readers accept it. No `xml:base`
//!   is written, because the document's URL is already the right base.
//!
//! Entries are newest first, at most `FEED_ENTRIES` of them.

use super::views::{DayLabel, Views, digest_path, event_anchor, topic_path};
use super::{Renderer, Templates};
use crate::model::{Digest, Event, Topic};
use crate::text::escape_html as html_escape;
use anyhow::Result;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::BTreeMap;

/// Most entries per feed: the newest events (or days, for the digest feed).
pub const FEED_ENTRIES: usize = 50;

/// The date part of every `tag:` id. A fixed date keeps ids stable; RFC 4151 only asks that the
/// authority held its name on that date.
const TAG_DATE: &str = "2026";

/// The Atom feeds, written with the HTML site.
pub struct FeedRenderer;

impl Renderer for FeedRenderer {
    fn name(&self) -> &'static str {
        "atom"
    }

    fn render_into(
        &self,
        views: &Views,
        templates: &Templates,
        keys: Option<&super::fingerprint::PageKeys>,
        sink: &dyn super::Sink,
    ) -> Result<()> {
        use rayon::prelude::*;
        let feeds = Feeds::new(views);
        // A feed whose view has not changed since the previous build is kept, not rendered,
        // as a page is (`render_page`).
        let push = |dir: &str, view: FeedView| -> Result<()> {
            let path = format!("{dir}atom.xml");
            let fingerprint = keys.and_then(|keys| keys.view(self.name(), "atom.xml", dir, &view));
            super::keep_or_write(sink, path, fingerprint, || {
                let root = "../".repeat(dir.matches('/').count());
                Ok(templates.render("atom.xml", &view, &root)?.into_bytes())
            })
        };
        push("", feeds.site_feed())?;
        views
            .site
            .topics
            .par_iter()
            .enumerate()
            .try_for_each(|(t, topic)| {
                // A topic that did not change keeps its feed without making its view.
                if let Some(dir) = views.unchanged_topic(t)
                    && sink.keep_as_before(&format!("{dir}atom.xml"))?
                {
                    return Ok(());
                }
                push(&topic_path(&topic.slug), feeds.topic_feed(topic))
            })?;
        push("digest/", feeds.digest_feed())
    }
}

/// One Atom feed as the `atom.xml` template sees it. Every string is cleaned for XML.
#[derive(Debug, Clone, Serialize)]
pub struct FeedView {
    /// `site`, `topic` or `digest`.
    pub kind: &'static str,
    pub id: String,
    pub title: String,
    pub subtitle: Option<String>,
    /// The site language, for `xml:lang`.
    pub language: String,
    /// The site title, as the feed's author.
    pub author: String,
    /// RFC 3339 in UTC: the latest `updated` of the entries.
    pub updated: String,
    /// This feed's own address (`rel="self"`).
    pub self_href: String,
    /// The HTML page it follows (`rel="alternate"`).
    pub page_href: String,
    pub entries: Vec<EntryView>,
}

/// One entry: an event, or a day of the digest feed.
#[derive(Debug, Clone, Serialize)]
pub struct EntryView {
    pub id: String,
    pub title: String,
    /// Its page: the event on its topic or digest page, or the digest of the day.
    pub href: String,
    pub published: String,
    pub updated: String,
    /// Plain text.
    pub summary: String,
    /// HTML (escaped once more by the template, as `type="html"` wants): the summary, when
    /// it happened, and the sources as links.
    pub content_html: String,
    pub sources: Vec<FeedSource>,
    pub categories: Vec<FeedCategory>,
}

/// A source of an event: the outlet and its link, for `rel="related"` links.
#[derive(Debug, Clone, Serialize)]
pub struct FeedSource {
    pub name: String,
    pub url: Option<String>,
}

/// A topic of an event, as an Atom category.
#[derive(Debug, Clone, Serialize)]
pub struct FeedCategory {
    pub term: String,
    pub label: String,
}

/// Builds the feed views; knows the base URL and the id authority.
struct Feeds<'v, 'a> {
    views: &'v Views<'a>,
    base_url: Option<String>,
    /// `example.org` and `/annals/` for `https://example.org/annals/`.
    authority: String,
    base_path: String,
    /// Topics by slug, for entry categories.
    topics: BTreeMap<&'a str, &'a Topic>,
}

impl<'v, 'a> Feeds<'v, 'a> {
    fn new(views: &'v Views<'a>) -> Self {
        let base_url = views.config.site.base_url.as_ref().map(|b| {
            if b.ends_with('/') {
                b.clone()
            } else {
                format!("{b}/")
            }
        });
        let (authority, base_path) = match &base_url {
            Some(url) => tag_authority(url),
            None => ("annals.invalid".to_string(), "/".to_string()),
        };
        Feeds {
            views,
            base_url,
            authority,
            base_path,
            topics: views
                .site
                .topics
                .iter()
                .map(|t| (t.slug.as_str(), t))
                .collect(),
        }
    }

    /// A `tag:` URI for a site-relative path.
    fn tag(&self, path: &str) -> String {
        xml_text(&format!(
            "tag:{},{TAG_DATE}:{}{path}",
            self.authority, self.base_path
        ))
    }

    /// A link to a site-relative path from a feed in the folder `feed_dir`.
    fn href(&self, path: &str, feed_dir: &str) -> String {
        let href = match &self.base_url {
            Some(base) => format!("{base}{path}"),
            None => match path.strip_prefix(feed_dir) {
                // `./` keeps a bare `#e-…` from pointing into the feed itself.
                Some(inside) if inside.is_empty() || inside.starts_with('#') => {
                    format!("./{inside}")
                }
                Some(inside) => inside.to_string(),
                None => format!("{}{path}", "../".repeat(feed_dir.matches('/').count())),
            },
        };
        xml_text(&href)
    }

    fn feed(
        &self,
        kind: &'static str,
        dir: &str,
        title: String,
        subtitle: Option<&str>,
        entries: Vec<EntryView>,
    ) -> FeedView {
        let site = &self.views.config.site;
        FeedView {
            kind,
            id: self.tag(&format!("{dir}atom.xml")),
            title: xml_text(&title),
            subtitle: subtitle.map(xml_text),
            language: xml_text(&site.language),
            author: xml_text(&site.title),
            updated: entries
                .iter()
                .map(|e| e.updated.clone())
                .max()
                .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string()),
            self_href: self.href(&format!("{dir}atom.xml"), dir),
            page_href: self.href(dir, dir),
            entries,
        }
    }

    fn site_feed(&self) -> FeedView {
        let site = &self.views.config.site;
        let entries = newest(0..self.views.site.events.len(), self)
            .into_iter()
            .map(|e| self.event_entry(e, None, ""))
            .collect();
        self.feed(
            "site",
            "",
            site.title.clone(),
            site.description.as_deref(),
            entries,
        )
    }

    fn topic_feed(&self, topic: &Topic) -> FeedView {
        let dir = topic_path(&topic.slug);
        let entries = newest(topic.events.iter().copied(), self)
            .into_iter()
            .map(|e| self.event_entry(e, Some(topic), &dir))
            .collect();
        self.feed(
            "topic",
            &dir,
            format!("{} · {}", topic.name, self.views.config.site.title),
            topic.description.as_deref(),
            entries,
        )
    }

    fn digest_feed(&self) -> FeedView {
        let dir = "digest/";
        let entries = self
            .views
            .site
            .digests
            .iter()
            .rev()
            .take(FEED_ENTRIES)
            .map(|d| self.digest_entry(d, dir))
            .collect();
        self.feed(
            "digest",
            dir,
            format!("Daily digests · {}", self.views.config.site.title),
            None,
            entries,
        )
    }

    /// The page an event links to: its place on `topic`'s page, else on its first topic's
    /// page, else on its digest day.
    fn event_path(&self, event: &Event, topic: Option<&Topic>) -> String {
        let page = match topic.map(|t| &t.slug).or(event.topics.first()) {
            Some(slug) => topic_path(slug),
            None => digest_path(event.day),
        };
        format!("{page}#{}", event_anchor(event))
    }

    fn event_entry(&self, index: usize, topic: Option<&Topic>, dir: &str) -> EntryView {
        let site = self.views.site;
        let event = &site.events[index];
        let sources: Vec<FeedSource> = event
            .sources
            .iter()
            .map(|s| FeedSource {
                name: xml_text(&s.name),
                url: s.url.as_deref().map(xml_text),
            })
            .collect();
        let mut html = String::new();
        if !event.summary.is_empty() {
            html.push_str(&format!("<p>{}</p>", html_escape(&event.summary)));
        }
        if event.happened != event.day {
            html.push_str(&format!(
                "<p>Happened {} · reported {}</p>",
                DayLabel::new(event.happened).short,
                DayLabel::new(event.day).short
            ));
        }
        html.push_str(&format!("<p>{}</p>", sources_html(&sources)));
        EntryView {
            id: self.tag(&format!("event/{}", crate::text::slugify(&event.id))),
            title: xml_text(&event.headline),
            href: self.href(&self.event_path(event, topic), dir),
            published: rfc3339(event.published),
            updated: rfc3339(event_updated(event)),
            summary: xml_text(&event.summary),
            content_html: xml_text(&html),
            sources,
            categories: event
                .topics
                .iter()
                .filter_map(|slug| self.topics.get(slug.as_str()))
                .map(|t| FeedCategory {
                    term: xml_text(&t.slug),
                    label: xml_text(&t.name),
                })
                .collect(),
        }
    }

    fn digest_entry(&self, digest: &Digest, dir: &str) -> EntryView {
        let site = self.views.site;
        let day_path = digest_path(digest.day);
        let all: Vec<usize> = digest
            .sections
            .iter()
            .flat_map(|s| s.events.iter().copied())
            .chain(digest.other.iter().copied())
            .collect();
        let mut html = String::new();
        let mut headlines: Vec<&str> = Vec::new();
        let mut list = |heading: &str, events: &[usize], html: &mut String| {
            html.push_str(&format!("<h3>{}</h3><ul>", html_escape(heading)));
            for &e in events {
                let event = &site.events[e];
                if !headlines.contains(&event.headline.as_str()) {
                    headlines.push(&event.headline);
                }
                let href = self.href(&format!("{day_path}#{}", event_anchor(event)), dir);
                let sources: Vec<FeedSource> = event
                    .sources
                    .iter()
                    .map(|s| FeedSource {
                        name: s.name.clone(),
                        url: s.url.clone(),
                    })
                    .collect();
                html.push_str(&format!(
                    "<li><a href=\"{}\">{}</a> ({})</li>",
                    html_escape(&href),
                    html_escape(&event.headline),
                    sources_html(&sources)
                ));
            }
            html.push_str("</ul>");
        };
        for section in &digest.sections {
            list(&site.topics[section.topic].name, &section.events, &mut html);
        }
        if !digest.other.is_empty() {
            list("Other news", &digest.other, &mut html);
        }
        let label = DayLabel::new(digest.day);
        let first = all.iter().map(|&e| site.events[e].published).min();
        let last = all.iter().map(|&e| event_updated(&site.events[e])).max();
        EntryView {
            id: self.tag(&day_path),
            title: xml_text(&label.long),
            href: self.href(&day_path, dir),
            published: first.map(rfc3339).unwrap_or_default(),
            updated: last.map(rfc3339).unwrap_or_default(),
            summary: xml_text(&headlines.join(" · ")),
            content_html: xml_text(&html),
            sources: Vec::new(),
            categories: digest
                .sections
                .iter()
                .map(|s| &site.topics[s.topic])
                .map(|t| FeedCategory {
                    term: xml_text(&t.slug),
                    label: xml_text(&t.name),
                })
                .collect(),
        }
    }
}

/// The newest `FEED_ENTRIES` of `events`: latest first report first, ties by id.
fn newest(events: impl Iterator<Item = usize>, feeds: &Feeds) -> Vec<usize> {
    let all = &feeds.views.site.events;
    let mut list: Vec<usize> = events.collect();
    list.sort_by(|&a, &b| {
        (all[b].published, &all[b].id, b).cmp(&(all[a].published, &all[a].id, a))
    });
    list.dedup();
    list.truncate(FEED_ENTRIES);
    list
}

/// The latest time an event changed: its update, or its first report.
fn event_updated(event: &Event) -> DateTime<Utc> {
    event
        .updated
        .map_or(event.published, |u| u.max(event.published))
}

fn rfc3339(instant: DateTime<Utc>) -> String {
    instant.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// "Sources: A, B" with links, as escaped HTML.
fn sources_html(sources: &[FeedSource]) -> String {
    let list: Vec<String> = sources
        .iter()
        .map(|s| match &s.url {
            Some(url) => format!(
                "<a href=\"{}\">{}</a>",
                html_escape(url),
                html_escape(&s.name)
            ),
            None => html_escape(&s.name),
        })
        .collect();
    format!(
        "Source{}: {}",
        if list.len() == 1 { "" } else { "s" },
        list.join(", ")
    )
}

/// The authority and path of a `tag:` id from a base URL: `https://Example.org:8080/a/` gives
/// `example.org` and `/a/`. Characters a tag URI cannot hold become `-`.
fn tag_authority(base_url: &str) -> (String, String) {
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    let (host, path) = rest.find('/').map_or((rest, "/"), |i| rest.split_at(i));
    let host = host.rsplit('@').next().unwrap_or(host);
    let host = host.split(':').next().unwrap_or(host).to_ascii_lowercase();
    let clean = |s: &str, keep: &str| -> String {
        s.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || keep.contains(c) {
                    c
                } else {
                    '-'
                }
            })
            .collect()
    };
    let host = clean(&host, ".-");
    let path = clean(path, "/-._~");
    (
        if host.is_empty() {
            "annals.invalid".to_string()
        } else {
            host
        },
        path,
    )
}

/// Text without the characters XML 1.0 forbids: C0 controls other than tab, newline and
/// carriage return, and U+FFFE and U+FFFF (Rust strings hold no surrogates).
pub fn xml_text(text: &str) -> String {
    // Nearly every string is allowed as it is. The filter is needed only for a control
    // character, or maybe for a character whose UTF-8 starts with 0xEF (U+FFFE and U+FFFF do).
    if !text
        .bytes()
        .any(|b| b < b' ' && !matches!(b, b'\t' | b'\n' | b'\r') || b == 0xEF)
    {
        return text.to_string();
    }
    text.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_text_drops_only_what_xml_forbids() {
        assert_eq!(
            xml_text("a\u{0}b\u{7}c\td\ne\u{1B}f ]]> & <g> ’ \u{FFFF}"),
            "abc\td\nef ]]> & <g> ’ "
        );
        // Clean text is copied as it is; characters near the forbidden ones are kept.
        assert_eq!(xml_text("Talks in Muscat ’ é"), "Talks in Muscat ’ é");
        assert_eq!(xml_text("a\u{FFFE}b\u{F000}\u{FFFD}"), "ab\u{F000}\u{FFFD}");
    }

    #[test]
    fn tag_authority_takes_host_and_path() {
        assert_eq!(
            tag_authority("https://user@Example.org:8080/annals/"),
            ("example.org".to_string(), "/annals/".to_string())
        );
        assert_eq!(
            tag_authority("http://example.org"),
            ("example.org".to_string(), "/".to_string())
        );
    }

    #[test]
    fn html_escape_escapes_markup() {
        assert_eq!(
            html_escape("<a href='x'>&\"</a>"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;"
        );
    }
}
