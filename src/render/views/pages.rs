//! The list of every page of the site: which template renders each, the folder it goes in,
//! and its view.
//!
//! Why it is separate: this is the one place that decides what pages exist and in what order;
//! the HTML and Markdown renderers map the same list to files, while `views.rs` only
//! builds the views themselves.

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

impl<'a> Views<'a> {
    /// Every page of the site, in a stable order. Renderers map these to files.
    pub fn pages(&self) -> Vec<Page<'a>> {
        let mut pages = vec![Page {
            template: "index",
            dir: String::new(),
            section: true,
            view: PageView::Index(self.index_page()),
        }];
        for timeline in &self.site.timelines {
            let view = self.topic_page(timeline);
            pages.push(Page {
                template: "topic",
                dir: view.topic.link.path.clone(),
                section: false,
                view: PageView::Topic(view),
            });
        }
        for digest in &self.site.digests {
            let view = self.digest_page(digest);
            pages.push(Page {
                template: "digest",
                dir: view.path.clone(),
                section: false,
                view: PageView::Digest(view),
            });
        }
        pages.push(Page {
            template: "digests",
            dir: "digest/".into(),
            section: true,
            view: PageView::Digests(self.digest_index_page()),
        });
        for entity in &self.site.entities {
            let view = self.entity_page(entity);
            pages.push(Page {
                template: "entity",
                dir: view.path.clone(),
                section: false,
                view: PageView::Entity(view),
            });
        }
        pages.extend(self.archive_pages());
        pages
    }
}
