//! The preview server of `annals serve`: serves the last good build from memory, with a live
//! reload script and a banner of the current problems injected into every HTML page.
//!
//! The site is never written to disk: a rebuild hands over its files as a new `Snapshot`, and
//! every request reads the snapshot that is current then, so a page is never half old and half
//! new. Pages keep their relative links, so they work at the server's root as they do in
//! `public/`. Live reload is a long poll: a page asks `/__annals/poll?since=N` and gets an answer
//! when the generation moves past `N` (or after a while, and then asks again); that needs no
//! extra crate and works through any proxy. Only HTML responses are touched; CSS, Markdown and
//! the rest are served as built.

use crate::text::escape_html;
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use std::collections::BTreeMap;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;
use tokio::sync::watch;

/// How long a poll waits for a new generation before answering with the current one.
const POLL_TIMEOUT: Duration = Duration::from_secs(25);

/// The path of the live reload long poll; no page of a site can have it (it starts with `__`
/// and pages are slugs, dates and templates' names).
pub const POLL_PATH: &str = "/__annals/poll";

/// One build as served: the files of the last good build and the problems of the latest one.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Bumped whenever the files or the problems change; pages reload when it moves.
    pub generation: u64,
    /// Output paths (as in `public/`) and their bytes.
    pub files: BTreeMap<String, Bytes>,
    /// Messages shown in a banner on every page: skipped files, warnings, a failed rebuild.
    pub problems: Vec<String>,
}

/// What the rebuild loop and the request handlers share.
pub struct Shared {
    snapshot: RwLock<Arc<Snapshot>>,
    generation: watch::Sender<u64>,
}

impl Shared {
    pub fn new() -> Arc<Shared> {
        Arc::new(Shared {
            snapshot: RwLock::new(Arc::new(Snapshot::default())),
            generation: watch::Sender::new(0),
        })
    }

    /// The snapshot requests are served from now.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(&self.snapshot.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// Publishes a build: new files (or `None` to keep the last good ones, after a failed
    /// rebuild) and the current problems. Returns the new generation, or `None` when nothing
    /// changed, so an editor's spurious save does not reload the browser.
    pub fn publish(
        &self,
        files: Option<BTreeMap<String, Bytes>>,
        problems: Vec<String>,
    ) -> Option<u64> {
        let mut slot = self
            .snapshot
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        let files_changed = files.as_ref().is_some_and(|f| *f != slot.files);
        if slot.generation > 0 && !files_changed && problems == slot.problems {
            return None;
        }
        let generation = slot.generation + 1;
        let files = files.unwrap_or_else(|| slot.files.clone());
        *slot = Arc::new(Snapshot {
            generation,
            files,
            problems,
        });
        drop(slot);
        self.generation.send_replace(generation);
        Some(generation)
    }
}

/// Serves the shared snapshots on `listener` until the process ends.
pub async fn serve(listener: tokio::net::TcpListener, shared: Arc<Shared>) -> std::io::Result<()> {
    let app = Router::new()
        .route(POLL_PATH, get(poll))
        .fallback(page)
        .with_state(shared);
    axum::serve(listener, app).await
}

/// The long poll: answers with the current generation as soon as it differs from `since`.
async fn poll(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let since = uri
        .query()
        .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("since=")))
        .and_then(|v| v.parse::<u64>().ok());
    let mut generation = shared.generation.subscribe();
    if since == Some(*generation.borrow_and_update()) {
        let _ = tokio::time::timeout(POLL_TIMEOUT, generation.changed()).await;
    }
    let current = *generation.borrow();
    (
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        current.to_string(),
    )
        .into_response()
}

/// Any other request: a file of the site.
async fn page(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let snapshot = shared.snapshot();
    match resolve(&snapshot, uri.path()) {
        Resolved::File { path, bytes } => {
            let content_type = content_type(path);
            let body = if content_type.starts_with("text/html") {
                Bytes::from(inject(&String::from_utf8_lossy(bytes), &snapshot))
            } else {
                bytes.clone()
            };
            (
                StatusCode::OK,
                [
                    (header::CONTENT_TYPE, content_type),
                    (header::CACHE_CONTROL, "no-store"),
                ],
                body,
            )
                .into_response()
        }
        Resolved::Redirect(location) => Redirect::temporary(&location).into_response(),
        Resolved::NotFound => {
            let shown = escape_html(uri.path());
            let html = format!(
                "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Not found</title></head>\n<body>\n<h1>Not found</h1>\n<p>The site has no page at <code>{shown}</code>. <a href=\"/\">Go to the index</a>.</p>\n</body>\n</html>\n"
            );
            (
                StatusCode::NOT_FOUND,
                [
                    (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                    (header::CACHE_CONTROL, "no-store"),
                ],
                inject(&html, &snapshot),
            )
                .into_response()
        }
    }
}

/// What a request path names in a snapshot.
#[derive(Debug, PartialEq)]
pub enum Resolved<'a> {
    File {
        path: &'a str,
        bytes: &'a Bytes,
    },
    /// A folder asked for without its trailing slash: the page's relative links need it.
    Redirect(String),
    NotFound,
}

/// Maps a URL path to a file of the snapshot: `/` and `/dir/` to their `index.html`.
pub fn resolve<'a>(snapshot: &'a Snapshot, url_path: &str) -> Resolved<'a> {
    let Some(decoded) = percent_decode(url_path) else {
        return Resolved::NotFound;
    };
    let rel = decoded.trim_start_matches('/');
    let wanted = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    };
    if let Some((path, bytes)) = snapshot.files.get_key_value(&wanted) {
        return Resolved::File { path, bytes };
    }
    if !rel.is_empty()
        && !rel.ends_with('/')
        && snapshot.files.contains_key(&format!("{rel}/index.html"))
    {
        return Resolved::Redirect(format!("{}/", url_path));
    }
    Resolved::NotFound
}

/// Decodes `%XX` escapes; `None` when they do not make UTF-8.
fn percent_decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = path.get(i + 1..i + 3)
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The media type of an output file, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map_or("", |(_, ext)| ext);
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "xml" | "rss" | "atom" => "application/xml; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

/// Adds the problem banner after `<body …>` and the live reload script before `</body>`.
pub fn inject(html: &str, snapshot: &Snapshot) -> String {
    let script = format!(
        "<script>/* annals serve: live reload */(function(){{var g={};function p(){{fetch(\"{POLL_PATH}?since=\"+g,{{cache:\"no-store\"}}).then(function(r){{return r.text()}}).then(function(t){{if(+t!==g){{location.reload()}}else{{p()}}}},function(){{setTimeout(p,1000)}})}}p()}})();</script>\n",
        snapshot.generation
    );
    let banner = banner(&snapshot.problems);
    let mut out = String::with_capacity(html.len() + script.len() + banner.len());
    let body_open = html
        .find("<body")
        .and_then(|at| html[at..].find('>').map(|end| at + end + 1));
    let body_close = html
        .rfind("</body>")
        .filter(|&close| body_open.is_none_or(|open| close >= open));
    let (head, rest) = html.split_at(body_open.unwrap_or(0));
    out.push_str(head);
    if !banner.is_empty() {
        out.push('\n');
        out.push_str(&banner);
    }
    match body_close {
        Some(close) => {
            let (middle, tail) = rest.split_at(close - head.len());
            out.push_str(middle);
            out.push_str(&script);
            out.push_str(tail);
        }
        None => {
            out.push_str(rest);
            out.push_str(&script);
        }
    }
    out
}

/// A banner listing the problems, escaped; empty when there are none.
fn banner(problems: &[String]) -> String {
    if problems.is_empty() {
        return String::new();
    }
    let mut out = String::from(
        "<div id=\"annals-problems\" role=\"alert\" style=\"margin:0;padding:.75em 1em;background:#fff3cd;color:#3d2c00;border-bottom:3px solid #b8860b;font:14px/1.4 ui-monospace,monospace;position:relative;z-index:1000\">\n<strong>annals serve: ",
    );
    out.push_str(&format!(
        "{} problem{}</strong>\n",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    ));
    for problem in problems {
        out.push_str("<div style=\"white-space:pre-wrap\">");
        out.push_str(&escape_html(problem));
        out.push_str("</div>\n");
    }
    out.push_str("</div>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot(paths: &[&str], problems: &[&str]) -> Snapshot {
        Snapshot {
            generation: 7,
            files: paths
                .iter()
                .map(|p| (p.to_string(), Bytes::from(format!("<{p}>"))))
                .collect(),
            problems: problems.iter().map(|p| p.to_string()).collect(),
        }
    }

    #[test]
    fn folders_serve_their_index_and_want_a_trailing_slash() {
        let s = snapshot(&["index.html", "topics/a/index.html", "style.css"], &[]);
        let path_of = |url: &str| match resolve(&s, url) {
            Resolved::File { path, .. } => path.to_string(),
            other => format!("{other:?}"),
        };
        assert_eq!(path_of("/"), "index.html");
        assert_eq!(path_of("/topics/a/"), "topics/a/index.html");
        assert_eq!(path_of("/style.css"), "style.css");
        assert_eq!(path_of("/%73tyle.css"), "style.css");
        assert_eq!(
            resolve(&s, "/topics/a"),
            Resolved::Redirect("/topics/a/".into())
        );
        assert_eq!(resolve(&s, "/topics/"), Resolved::NotFound);
        assert_eq!(resolve(&s, "/../index.html"), Resolved::NotFound);
        assert_eq!(resolve(&s, "/%ff"), Resolved::NotFound);
    }

    #[test]
    fn script_goes_before_body_end_and_banner_after_body_start() {
        let s = snapshot(&[], &["warning: content/a.md: <bad> & broken (skipped)"]);
        let page = inject(
            "<html><body class=\"page\"><main>x</main></body></html>",
            &s,
        );
        let banner_at = page.find("id=\"annals-problems\"").expect(&page);
        let script_at = page.find("<script>").expect(&page);
        assert!(
            page.find("<body class=\"page\">").unwrap() < banner_at,
            "{page}"
        );
        assert!(banner_at < page.find("<main>").unwrap(), "{page}");
        assert!(script_at > page.find("</main>").unwrap(), "{page}");
        assert!(page.ends_with("</script>\n</body></html>"), "{page}");
        assert!(
            page.contains("since=\"+g") && page.contains("var g=7;"),
            "{page}"
        );
        assert!(
            page.contains("content/a.md: &lt;bad&gt; &amp; broken (skipped)"),
            "{page}"
        );
        assert!(!page.contains("<bad>"), "{page}");
    }

    #[test]
    fn pages_without_problems_get_no_banner_and_fragments_still_get_the_script() {
        let s = snapshot(&[], &[]);
        let page = inject("<p>fragment</p>", &s);
        assert!(!page.contains("annals-problems"), "{page}");
        assert!(page.starts_with("<p>fragment</p><script>"), "{page}");
    }

    #[test]
    fn publishing_the_same_build_again_changes_nothing() {
        let shared = Shared::new();
        let files: BTreeMap<String, Bytes> =
            [("index.html".to_string(), Bytes::from_static(b"a"))].into();
        assert_eq!(shared.publish(Some(files.clone()), vec![]), Some(1));
        assert_eq!(shared.publish(Some(files.clone()), vec![]), None);
        // A failed rebuild keeps the files and shows the error.
        assert_eq!(shared.publish(None, vec!["error: x".into()]), Some(2));
        assert_eq!(shared.snapshot().files, files);
        assert_eq!(shared.publish(Some(files), vec![]), Some(3));
    }
}
