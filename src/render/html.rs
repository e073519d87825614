//! The HTML renderer: every page of `Views::pages` as `<dir>/index.html`, plus the static files
//! (the stylesheet, the script) and the search index. Links are relative, so the site works from any base path.

use super::views::{Page, Views};
use super::{OutputFile, Renderer, Templates};
use anyhow::Result;
use rayon::prelude::*;

pub struct HtmlRenderer;

impl Renderer for HtmlRenderer {
    fn name(&self) -> &'static str {
        "html"
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
            .try_for_each(|page| sink(page_file(&page, templates)?))?;
        other_files(views, templates)?
            .into_iter()
            .try_for_each(sink)
    }
}

/// One page as `<dir>/index.html`.
fn page_file(page: &Page, templates: &Templates) -> Result<OutputFile> {
    let template = format!("{}.html", page.template);
    let text = templates.render(&template, &page.view, &page.root())?;
    Ok(OutputFile {
        path: format!("{}index.html", page.dir),
        contents: text.into_bytes(),
    })
}

/// The search index and the static files.
fn other_files(views: &Views, templates: &Templates) -> Result<Vec<OutputFile>> {
    let mut files = vec![OutputFile {
        path: "search-index.json".into(),
        contents: views.search_index_json()?,
    }];
    for (name, bytes) in &templates.statics {
        files.push(OutputFile {
            path: name.clone(),
            contents: bytes.clone(),
        });
    }
    Ok(files)
}
