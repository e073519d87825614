//! The HTML renderer: every page of `Views::pages` as `<dir>/index.html`, plus the static files
//! (the stylesheet, the script) and the search index. Links are relative, so the site works from any base path.

use super::fingerprint::{NO_FINGERPRINT, PageKeys};
use super::views::Views;
use super::{OutputFile, Renderer, Sink, Templates, render_page};
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
        keys: Option<&PageKeys>,
        sink: &dyn Sink,
    ) -> Result<()> {
        // Each page is handed on as soon as it is rendered, and its view dropped with it.
        // Each page is `<dir>/index.html`.
        let keep = |dir: &str| sink.keep_as_before(&format!("{dir}index.html"));
        views.pages_to_make(&keep).try_for_each(|page| {
            let page = page?;
            let template = format!("{}.html", page.template);
            let path = format!("{}index.html", page.dir);
            render_page(self.name(), &template, path, &page, templates, keys, sink)
        })?;
        other_files(views, templates)?
            .into_iter()
            .try_for_each(|file| sink.write(file, NO_FINGERPRINT))
    }
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
