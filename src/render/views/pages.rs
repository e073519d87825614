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
        use rayon::prelude::*;
        // Made before the pages are built on all cores, so no page waits for another.
        self.listed_events();
        let mut pages = vec![Page {
            template: "index",
            dir: String::new(),
            section: true,
            view: PageView::Index(self.index_page()),
        }];
        pages.par_extend(self.site.timelines.par_iter().map(|timeline| {
            let view = self.topic_page(timeline);
            Page {
                template: "topic",
                dir: view.topic.link.path.clone(),
                section: false,
                view: PageView::Topic(view),
            }
        }));
        pages.par_extend(self.site.digests.par_iter().map(|digest| {
            let view = self.digest_page(digest);
            Page {
                template: "digest",
                dir: view.path.clone(),
                section: false,
                view: PageView::Digest(view),
            }
        }));
        pages.push(Page {
            template: "digests",
            dir: "digest/".into(),
            section: true,
            view: PageView::Digests(self.digest_index_page()),
        });
        pages.par_extend(self.site.entities.par_iter().map(|entity| {
            let view = self.entity_page(entity);
            Page {
                template: "entity",
                dir: view.path.clone(),
                section: false,
                view: PageView::Entity(view),
            }
        }));
        pages.extend(self.archive_pages());
        pages
    }
}
