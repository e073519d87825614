//! The Markdown renderer: the same pages as HTML, as Markdown files with TOML front matter that
//! Zola and Hugo accept as they are (`title`, `date`, `description`, `[taxonomies]`).
//!
//! Sections are `_index.md` and pages are `index.md` inside their own folder (a page bundle in
//! Hugo's words, a colocated page in Zola's), so the folder layout matches the HTML one and
//! both formats can share an output folder.

use super::views::{Page, Views};
use super::{OutputFile, Renderer, Templates};
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
        sink: &(dyn Fn(OutputFile) -> Result<()> + Sync),
    ) -> Result<()> {
        // Each page is handed on as soon as it is rendered, and its view dropped with it.
        views
            .each_page()
            // The search page works only with its script and index, in HTML.
            .filter(|page| page.template != super::archive::SEARCH_TEMPLATE)
            .try_for_each(|page| sink(page_file(&page, templates)?))
    }
}

/// One page as `<dir>/index.md`, or `<dir>/_index.md` for a section.
fn page_file(page: &Page, templates: &Templates) -> Result<OutputFile> {
    let template = format!("{}.md", page.template);
    let text = templates.render(&template, &page.view, &page.root())?;
    let name = if page.section {
        "_index.md"
    } else {
        "index.md"
    };
    Ok(OutputFile {
        path: format!("{}{name}", page.dir),
        contents: text.into_bytes(),
    })
}
