//! The HTML renderer: every page of `Views::pages` as `<dir>/index.html`, plus the static files
//! (the stylesheet, the script) and the search index. Links are relative, so the site works from any base path.

use super::views::Views;
use super::{OutputFile, Renderer, Templates};
use anyhow::Result;
use rayon::prelude::*;

pub struct HtmlRenderer;

impl Renderer for HtmlRenderer {
    fn name(&self) -> &'static str {
        "html"
    }

    fn render(&self, views: &Views, templates: &Templates) -> Result<Vec<OutputFile>> {
        // Pages are independent: rendered on all cores, collected in page order.
        let mut files = views
            .pages()
            .par_iter()
            .map(|page| {
                let template = format!("{}.html", page.template);
                let text = templates.render(&template, &page.view, &page.root())?;
                Ok(OutputFile {
                    path: format!("{}index.html", page.dir),
                    contents: text.into_bytes(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        files.push(OutputFile {
            path: "search-index.json".into(),
            contents: views.search_index_json()?,
        });
        for (name, bytes) in &templates.statics {
            files.push(OutputFile {
                path: name.clone(),
                contents: bytes.clone(),
            });
        }
        Ok(files)
    }
}
