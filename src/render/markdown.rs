//! The Markdown renderer: the same pages as HTML, as Markdown files with TOML front matter that
//! Zola and Hugo accept as they are (`title`, `date`, `description`, `[taxonomies]`).
//!
//! Sections are `_index.md` and pages are `index.md` inside their own folder (a page bundle in
//! Hugo's words, a colocated page in Zola's), so the folder layout matches the HTML one and
//! both formats can share an output folder.

use super::fingerprint::PageKeys;
use super::views::Views;
use super::{Renderer, Sink, Templates, render_page};
use anyhow::Result;
use rayon::prelude::*;

pub struct MarkdownRenderer;

impl Renderer for MarkdownRenderer {
    fn name(&self) -> &'static str {
        "markdown"
    }

    fn render_into(
        &self,
        views: &Views,
        templates: &Templates,
        keys: Option<&PageKeys>,
        sink: &dyn Sink,
    ) -> Result<()> {
        // Each page is handed on as soon as it is rendered, and its view dropped with it.
        // A page kept as it was is never a section.
        let keep = |dir: &str| sink.keep_as_before(&format!("{dir}index.md"));
        views
            .pages_to_make(&keep)
            // The search page works only with its script and index, in HTML.
            .filter(|page| !matches!(page, Ok(p) if p.template == super::archive::SEARCH_TEMPLATE))
            .try_for_each(|page| {
                let page = page?;
                // A page is `<dir>/index.md`, or `<dir>/_index.md` for a section.
                let template = format!("{}.md", page.template);
                let name = if page.section {
                    "_index.md"
                } else {
                    "index.md"
                };
                let path = format!("{}{name}", page.dir);
                render_page(self.name(), &template, path, &page, templates, keys, sink)
            })
    }
}
