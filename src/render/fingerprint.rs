//! Fingerprints of pages: one hash of everything a page's bytes are made from, computed before
//! the page is rendered, so a build can keep the previous build's file instead of rendering the
//! page again (`site::reuse`).
//!
//! A page's bytes are a pure function of:
//! - the annals code (filters, escaping, Tera itself): the `code_id` the command line takes from
//!   the running executable, so a rebuilt binary never reuses a page of another;
//! - every template's name and text, user overrides included (a template may include or extend
//!   any other): `Templates::fingerprint`;
//! - the output format, the template name and the page's folder (which gives `root`);
//! - the page's view.
//!
//! Nothing else reaches a template: Tera 2 has no clock, environment or random functions, and
//! the context is the view plus `root`. The view is hashed as the JSON serde_json writes for it,
//! streamed into the hasher without an intermediate string. For one view type that JSON tells
//! every two values apart (views hold no floats, whose NaN would print as `null`), with one
//! deliberate exception: an event listed on a page (`views::ListedEvent`) is a shared Tera value
//! whose maps iterate in a per-process order, so it is hashed as the hash of its `EventView`,
//! made once with the value. That is also what keeps fingerprinting cheap: an entity page lists
//! thousands of events, and each is eight bytes here rather than its whole text.
//!
//! What this module does not do: decide whether a page is kept. The sink does, by comparing the
//! fingerprint with the one the previous build recorded for the same path.

use super::Templates;
use super::views::Page;
use serde::Serialize;
use std::cell::Cell;
use xxhash_rust::xxh3::Xxh3;

/// The fingerprint recorded for a file made without one (`events.jsonl`, the search index,
/// static files): such files are always made, then compared by content.
pub const NO_FINGERPRINT: u64 = 0;

thread_local! {
    /// True while a view is being hashed on this thread (see `hashing_views`).
    static HASHING_VIEWS: Cell<bool> = const { Cell::new(false) };
}

/// Whether the view being serialised on this thread is being fingerprinted rather than handed
/// to Tera: a `ListedEvent` then writes its hash instead of its value.
pub fn hashing_views() -> bool {
    HASHING_VIEWS.get()
}

/// The hash of `value` as serde_json writes it.
pub fn json_hash<T: Serialize + ?Sized>(value: &T) -> Option<u64> {
    let mut hasher = Xxh3::new();
    serde_json::to_writer(HashWriter(&mut hasher), value).ok()?;
    Some(hasher.digest())
}

/// What every page of one build shares: the code and the templates. Made once per build.
#[derive(Clone)]
pub struct PageKeys {
    base: Xxh3,
}

impl PageKeys {
    /// The keys of a build by the executable whose bytes hash to `code_id`, with `templates`.
    pub fn new(code_id: u64, templates: &Templates) -> PageKeys {
        let mut base = Xxh3::new();
        base.update(b"annals page 1\0");
        base.update(&code_id.to_le_bytes());
        base.update(&templates.fingerprint().to_le_bytes());
        PageKeys { base }
    }

    /// The fingerprint of `page` rendered by the renderer `format` through `template`; `None`
    /// when its view cannot be written as JSON (the page is then always rendered).
    pub fn page(&self, format: &str, template: &str, page: &Page) -> Option<u64> {
        self.view(format, template, &page.dir, &page.view)
    }

    /// The fingerprint of the file that the renderer `format` makes from `view` through
    /// `template`, in the folder `dir` (which gives the template its `root`): what `page`
    /// computes for a page, for files that are not pages of `Views::each_page` (feeds).
    pub fn view<T: Serialize + ?Sized>(
        &self,
        format: &str,
        template: &str,
        dir: &str,
        view: &T,
    ) -> Option<u64> {
        let mut hasher = self.base.clone();
        // Each string ends in a zero byte, so no two lists of strings run together alike.
        for part in [format, template, dir] {
            hasher.update(part.as_bytes());
            hasher.update(b"\0");
        }
        let _hashing = HashingViews::start();
        serde_json::to_writer(HashWriter(&mut hasher), view).ok()?;
        Some(match hasher.digest() {
            NO_FINGERPRINT => 1,
            fingerprint => fingerprint,
        })
    }
}

/// The id a site records of what it shows (`site::reuse`): the model's `generation`, made into
/// pages by the code `code_id` with `templates` in `format`. A build that extends that model
/// with the same code, templates and format may keep every page its changes do not reach
/// (`views::Views::reusing`) without making its view.
pub fn render_id(
    code_id: u64,
    templates: &Templates,
    format: crate::config::OutputFormat,
    generation: u64,
) -> u64 {
    let mut hasher = PageKeys::new(code_id, templates).base;
    hasher.update(b"render\0");
    hasher.update(format!("{format:?}").as_bytes());
    hasher.update(&generation.to_le_bytes());
    hasher.digest()
}

/// Sets `HASHING_VIEWS` for as long as it lives, and puts the old value back when dropped.
struct HashingViews(bool);

impl HashingViews {
    fn start() -> HashingViews {
        HashingViews(HASHING_VIEWS.replace(true))
    }
}

impl Drop for HashingViews {
    fn drop(&mut self) {
        HASHING_VIEWS.set(self.0);
    }
}

/// Feeds what is written into a hasher.
struct HashWriter<'a>(&'a mut Xxh3);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::views::PageView;

    #[test]
    fn json_hash_is_the_hash_of_the_json_text() {
        let value = serde_json::json!({"headline": "Talks in Muscat", "sources": [1, 2]});
        let text = serde_json::to_vec(&value).unwrap();
        assert_eq!(json_hash(&value), Some(xxhash_rust::xxh3::xxh3_64(&text)));
    }

    #[test]
    fn hashing_views_is_set_only_while_a_page_is_hashed() {
        assert!(!hashing_views());
        {
            let _hashing = HashingViews::start();
            assert!(hashing_views());
        }
        assert!(!hashing_views());
    }

    #[test]
    fn every_input_of_a_page_changes_its_fingerprint() {
        let dir = tempfile::tempdir().unwrap();
        let templates = Templates::load(None).unwrap();
        std::fs::write(dir.path().join("search.html"), "{{ root }}").unwrap();
        let other_templates = Templates::load(Some(dir.path())).unwrap();
        let page = |dir: &str, title: &'static str| Page {
            template: "search",
            dir: dir.into(),
            section: false,
            view: PageView::Search(crate::render::archive::SearchPage {
                site: crate::render::views::SiteView {
                    title,
                    description: None,
                    language: "en",
                    base_url: None,
                    time_zone: "UTC",
                    timelinejs_embed: false,
                },
            }),
        };
        let keys = PageKeys::new(7, &templates);
        let base = keys.page("html", "search.html", &page("search/", "News"));
        assert!(base.is_some());
        assert_eq!(
            base,
            keys.page("html", "search.html", &page("search/", "News"))
        );
        let others = [
            PageKeys::new(8, &templates).page("html", "search.html", &page("search/", "News")),
            PageKeys::new(7, &other_templates).page(
                "html",
                "search.html",
                &page("search/", "News"),
            ),
            keys.page("markdown", "search.html", &page("search/", "News")),
            keys.page("html", "index.html", &page("search/", "News")),
            keys.page("html", "search.html", &page("find/", "News")),
            keys.page("html", "search.html", &page("search/", "Newz")),
        ];
        for other in others {
            assert_ne!(base, other);
        }
    }
}
