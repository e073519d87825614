//! The HTML renderer: a home page, a timeline page per topic, a digest page per day, the
//! digest list, and the stylesheet. Links are relative, so the site works from any base path.

use super::views::Views;
use super::{OutputFile, Renderer, Templates};
use anyhow::Result;

pub struct HtmlRenderer;

impl Renderer for HtmlRenderer {
    fn name(&self) -> &'static str {
        "html"
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
            "index.html".into(),
            templates.render("index.html", &views.index_page(), "")?,
        );
        for timeline in &views.site.timelines {
            let view = views.topic_page(timeline);
            let path = format!("{}index.html", view.topic.link.path);
            page(path, templates.render("topic.html", &view, "../../")?);
        }
        for digest in &views.site.digests {
            let view = views.digest_page(digest);
            let path = format!("{}index.html", view.path);
            page(path, templates.render("digest.html", &view, "../../")?);
        }
        page(
            "digest/index.html".into(),
            templates.render("digests.html", &views.digest_index_page(), "../")?,
        );
        for (name, bytes) in &templates.statics {
            files.push(OutputFile {
                path: name.clone(),
                contents: bytes.clone(),
            });
        }
        Ok(files)
    }
}
