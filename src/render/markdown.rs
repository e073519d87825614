//! The Markdown renderer: the same pages as HTML, as Markdown files with TOML front matter that
//! Zola and Hugo accept as they are (`title`, `date`, `description`, `[taxonomies]`).
//!
//! Sections are `_index.md` and pages are `index.md` inside their own folder (a page bundle in
//! Hugo's words, a colocated page in Zola's), so the folder layout matches the HTML one and
//! both formats can share an output folder.

use super::views::Views;
use super::{OutputFile, Renderer, Templates};
use anyhow::Result;

pub struct MarkdownRenderer;

impl Renderer for MarkdownRenderer {
    fn name(&self) -> &'static str {
        "markdown"
    }

    fn render(&self, views: &Views, templates: &Templates) -> Result<Vec<OutputFile>> {
        let mut files = Vec::new();
        let mut page = |path: String, text: String| {
            files.push(OutputFile {
                path,
                contents: text.into_bytes(),
            })
        };
        page(
            "_index.md".into(),
            templates.render("index.md", &views.index_page(), "")?,
        );
        for timeline in &views.site.timelines {
            let view = views.topic_page(timeline);
            let path = format!("{}index.md", view.topic.link.path);
            page(path, templates.render("topic.md", &view, "../../")?);
        }
        for digest in &views.site.digests {
            let view = views.digest_page(digest);
            let path = format!("{}index.md", view.path);
            page(path, templates.render("digest.md", &view, "../../")?);
        }
        page(
            "digest/_index.md".into(),
            templates.render("digests.md", &views.digest_index_page(), "../")?,
        );
        Ok(files)
    }
}
