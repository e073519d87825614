//! The list of every page of the site: which template renders each, the folder it goes in,
//! and its view.
//!
//! Why it is separate: this is the one place that decides what pages exist and in what order;
//! the HTML and Markdown renderers map the same list to files, while `views.rs` only
//! builds the views themselves.

use super::entity::EntityPart;
use super::{DigestIndexPage, DigestPage, EntityPageView, IndexPage, TopicPage, Views};
use serde::Serialize;

/// Any page's view, so the list of pages can be built once and shared by every renderer.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum PageView<'a> {
    Index(IndexPage<'a>),
    Topic(TopicPage<'a>),
    Digest(DigestPage<'a>),
    Digests(DigestIndexPage<'a>),
    Entity(EntityPageView<'a>),
    Archive(crate::render::archive::ArchiveIndexPage<'a>),
    ArchivePeriod(crate::render::archive::ArchivePeriodPage<'a>),
    Search(crate::render::archive::SearchPage<'a>),
}

/// One page of the site: which template renders it, where it goes and what it shows.
#[derive(Debug, Clone)]
pub struct Page<'a> {
    /// Template name without extension (`topic` → `topic.html`, `topic.md`).
    pub template: &'static str,
    /// Site-relative folder the page lives in, ending in `/` (empty for the home page).
    pub dir: String,
    /// A list page (home, digest list): Markdown writes it as a section, `_index.md`.
    pub section: bool,
    pub view: PageView<'a>,
}

impl Page<'_> {
    /// The relative path from this page's folder back to the site root (`../../`).
    pub fn root(&self) -> String {
        "../".repeat(self.dir.matches('/').count())
    }
}

/// Which topics (by index), entity pages (by index) and digest days must be made again; see
/// `Views::reusing`.
#[derive(Debug, Clone)]
pub(crate) struct Remake {
    events: std::collections::BTreeSet<usize>,
    topics: Vec<bool>,
    entities: Vec<bool>,
    days: std::collections::BTreeSet<chrono::NaiveDate>,
}

/// Which page, without its view: the list of pages is made first, and each view only when its
/// page is rendered, so the views of a big site (entity pages list thousands of events) are
/// never all in memory at once.
#[derive(Debug, Clone, Copy)]
pub enum PageKey {
    Index,
    Topic(usize),
    Digest(usize),
    Digests,
    /// An entity's main page, or one year's page of a big entity.
    Entity(usize, EntityPart),
}

impl<'a> Views<'a> {
    /// Every page of the site, in a stable order, on all cores, each view made only when its
    /// page is reached: a renderer that hands every file on as soon as it is made
    /// (`Renderer::render_into`) never holds all the views of a big site.
    pub fn each_page(&self) -> impl rayon::iter::IndexedParallelIterator<Item = Page<'a>> + '_ {
        use rayon::prelude::*;
        self.page_keys()
            .into_par_iter()
            .map(|key| self.page(key))
            .chain(self.archive_pages())
    }

    /// `each_page` for a renderer whose sink may keep pages: a page that `reusing` says is
    /// unchanged is first offered to `keep` by its folder, and only made when `keep` says no.
    pub fn pages_to_make<'s>(
        &'s self,
        keep: &'s (dyn Fn(&str) -> anyhow::Result<bool> + Sync),
    ) -> impl rayon::iter::ParallelIterator<Item = anyhow::Result<Page<'a>>> + 's {
        use rayon::prelude::*;
        self.page_keys()
            .into_par_iter()
            .filter_map(move |key| {
                if let Some(dir) = self.unchanged_dir(key) {
                    match keep(&dir) {
                        Ok(true) => return None,
                        Ok(false) => {}
                        Err(err) => return Some(Err(err)),
                    }
                }
                Some(Ok(self.page(key)))
            })
            .chain(self.archive_pages().into_par_iter().map(Ok))
    }

    /// The folder of the page of `key` when `reusing` says it shows what it showed in the
    /// previous site; `None` when it must be made.
    pub fn unchanged_dir(&self, key: PageKey) -> Option<String> {
        let remake = self.remake.as_ref()?;
        let site = self.site;
        match key {
            PageKey::Topic(t) => self.unchanged_topic(site.timelines[t].topic),
            PageKey::Digest(d) => {
                let day = site.digests[d].day;
                (!remake.days.contains(&day)).then(|| super::digest_path(day))
            }
            PageKey::Entity(n, part) => (!remake.entities[n])
                .then(|| super::entity::entity_part_path(&site.entities[n].slug, part)),
            PageKey::Index | PageKey::Digests => None,
        }
    }

    /// Whether these views are `reusing` a previous site's pages.
    pub fn is_reusing(&self) -> bool {
        self.remake.is_some()
    }

    /// Whether `reusing` says event `e` shows what it showed in the previous site (so do its
    /// records in whole-site files such as `events.jsonl`).
    pub fn event_unchanged(&self, e: usize) -> bool {
        self.remake.as_ref().is_some_and(|r| !r.events.contains(&e))
    }

    /// The folder of topic `topic`'s page, feed and TimelineJS document when `reusing` says
    /// they show what they showed in the previous site.
    pub fn unchanged_topic(&self, topic: usize) -> Option<String> {
        let remake = self.remake.as_ref()?;
        (!remake.topics[topic]).then(|| super::topic_path(&self.site.topics[topic].slug))
    }

    /// These views for a build that extended the model the previous site shows, by `changes`:
    /// the pages the changes do not reach are kept (`pages_to_make`), and their views are never
    /// made. A page is made again when its topic, entity page or day changed, when it lists an
    /// event that changed, and, for a digest, when a day next to it changed (its links to the
    /// days before and after show their event counts). The home, list, archive and search
    /// pages are always made.
    pub fn reusing(mut self, changes: &crate::model::Changes) -> Self {
        let site = self.site;
        let mut topics = vec![false; site.topics.len()];
        let mut entities = vec![false; site.entities.len()];
        let mut days = changes.days.clone();
        for &t in &changes.topics {
            if let Some(flag) = topics.get_mut(t) {
                *flag = true;
            }
        }
        for &n in &changes.entities {
            if let Some(flag) = entities.get_mut(n) {
                *flag = true;
            }
        }
        for &e in &changes.events {
            let Some(event) = site.events.get(e) else {
                continue;
            };
            days.insert(event.day);
            for slug in &event.topics {
                if let Some(t) = site.topics.iter().position(|t| &t.slug == slug) {
                    topics[t] = true;
                }
            }
            for &n in self.entities_of_event(e) {
                entities[n] = true;
            }
        }
        let listed: Vec<chrono::NaiveDate> = site.digests.iter().map(|d| d.day).collect();
        let mut near = Vec::new();
        for day in &days {
            let at = listed.partition_point(|d| d < day);
            near.extend(at.checked_sub(1).map(|i| listed[i]));
            let after = if listed.get(at) == Some(day) {
                at + 1
            } else {
                at
            };
            near.extend(listed.get(after).copied());
        }
        days.extend(near);
        self.remake = Some(Remake {
            events: changes.events.clone(),
            topics,
            entities,
            days,
        });
        self
    }

    /// The key of every page but the archive and search pages (`archive_pages`: few, small
    /// and made together), in the order of `each_page`.
    pub fn page_keys(&self) -> Vec<PageKey> {
        // When every page is made, the shared event listings are made first, so no page built
        // on another core waits for them.
        if self.remake.is_none() {
            self.list_all_events();
        }
        let mut keys = vec![PageKey::Index];
        keys.extend((0..self.site.timelines.len()).map(PageKey::Topic));
        keys.extend((0..self.site.digests.len()).map(PageKey::Digest));
        keys.push(PageKey::Digests);
        for (n, entity) in self.site.entities.iter().enumerate() {
            keys.push(PageKey::Entity(n, EntityPart::Main));
            keys.extend(
                self.entity_years(entity)
                    .into_iter()
                    .map(|(year, _)| PageKey::Entity(n, EntityPart::Year(year))),
            );
        }
        keys
    }

    /// The page of `key` with its view.
    pub fn page(&self, key: PageKey) -> Page<'a> {
        match key {
            PageKey::Index => Page {
                template: "index",
                dir: String::new(),
                section: true,
                view: PageView::Index(self.index_page()),
            },
            PageKey::Topic(t) => {
                let view = self.topic_page(&self.site.timelines[t]);
                Page {
                    template: "topic",
                    dir: view.topic.link.path.clone(),
                    section: false,
                    view: PageView::Topic(view),
                }
            }
            PageKey::Digest(d) => {
                let view = self.digest_page(&self.site.digests[d]);
                Page {
                    template: "digest",
                    dir: view.path.clone(),
                    section: false,
                    view: PageView::Digest(view),
                }
            }
            PageKey::Digests => Page {
                template: "digests",
                dir: "digest/".into(),
                section: true,
                view: PageView::Digests(self.digest_index_page()),
            },
            PageKey::Entity(e, part) => {
                let view = self.entity_page(&self.site.entities[e], part);
                Page {
                    template: "entity",
                    dir: view.path.clone(),
                    // A main page with year pages below it is their section, as the digest
                    // list is the digests': Hugo and Zola read no pages inside a page's folder.
                    section: part == EntityPart::Main && !view.years.is_empty(),
                    view: PageView::Entity(view),
                }
            }
        }
    }
}

impl Views<'_> {
    /// The order the front page lists topics in: configured ones as the config lists them
    /// (the editor chose it), then discovered stories by their latest event, newest first, so
    /// what is moving now is on top; then the bigger story, then model order.
    pub(super) fn index_order(&self) -> Vec<usize> {
        let topics = &self.site.topics;
        let latest =
            |t: &crate::model::Topic| t.events.last().map(|&e| self.site.events[e].published);
        let mut order: Vec<usize> = (0..topics.len()).collect();
        order.sort_by(|&a, &b| {
            let (ta, tb) = (&topics[a], &topics[b]);
            ta.discovered.cmp(&tb.discovered).then_with(|| {
                if ta.discovered {
                    latest(tb)
                        .cmp(&latest(ta))
                        .then(tb.events.len().cmp(&ta.events.len()))
                        .then(a.cmp(&b))
                } else {
                    a.cmp(&b)
                }
            })
        });
        order
    }
}
