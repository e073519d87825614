//! The injection corpus (`tests/fixtures/injection/content/`): every article field, topic name
//! and outlet there carries script, event handlers, `javascript:`/`data:` URLs, CSS
//! `expression`, template syntax or CR/LF. Building it must give pages, feeds and emails in
//! which none of that is executable or interpreted, and files only inside the output folder.
//!
//! `tests/browser/` loads the same pages in Chromium; `tests/validity.rs` runs the W3C checker.

mod common;
mod inert;

use common::{Work, repo, tree};
use std::collections::BTreeMap;
use std::path::Path;

/// A working folder holding a copy of the injection corpus, built into `public/` in both
/// formats.
pub fn built_injection_site() -> (Work, BTreeMap<String, Vec<u8>>) {
    let work = Work::copy_of(&repo().join("tests/fixtures/injection/content"));
    work.build("public", &[]).expect_code(0);
    let files = tree(&work.path().join("public"));
    (work, files)
}

/// Resolves a relative link written in the page at `page` against the output root.
fn resolve(page: &str, link: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for part in link.split(['?', '#']).next().unwrap_or("").split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            other => parts.push(other),
        }
    }
    parts.join("/")
}

fn text(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(files[path].clone()).unwrap_or_else(|_| panic!("{path} is not UTF-8"))
}

#[test]
fn no_article_payload_is_executable_in_html_pages() {
    let (_work, files) = built_injection_site();
    let mut pages = 0;
    let mut links = 0;
    for path in files.keys().filter(|p| p.ends_with(".html")) {
        let html = text(&files, path);
        let exists = |src: &str| files.contains_key(&resolve(path, src));
        let problems = inert::active_content(&html, &exists);
        assert!(problems.is_empty(), "{path}: {problems:#?}");
        links += inert::tags(&html).iter().filter(|t| t.name == "a").count();
        pages += 1;
    }
    // Every article made it into the site, so every payload was put to the test.
    assert!(pages >= 10, "only {pages} pages");
    assert!(
        links > 50,
        "only {links} links: the scanner is not reading the pages"
    );
    let index = text(
        &files,
        "topics/script-alert-annals-xss-topic-name-script-1234-1000-for-i-in-1-2-3-loop-endfor/index.html",
    );
    for headline in [
        "Payload {{ 1234*1000 }}",
        "Walrus payload",
        "JSON payload",
        "Feed payload",
        "Wire payload",
    ] {
        assert!(
            index.contains(headline),
            "no {headline:?} on the topic page"
        );
    }
}

#[test]
fn markup_in_articles_is_shown_as_text() {
    let (_work, files) = built_injection_site();
    let all: String = files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .collect();
    assert!(
        all.contains("&lt;script&gt;alert(&#39;ANNALS-XSS title&#39;)&lt;&#x2F;script&gt;")
            || all.contains("&lt;script&gt;alert(&#39;ANNALS-XSS title&#39;)&lt;/script&gt;")
    );
    assert!(all.contains("&lt;svg onload=alert(&#39;ANNALS-XSS json-outlet&#39;)&gt;"));
}

#[test]
fn template_syntax_in_articles_is_never_evaluated() {
    let (_work, files) = built_injection_site();
    let mut shown = false;
    for (path, bytes) in &files {
        let page = String::from_utf8_lossy(bytes);
        let problems = inert::evaluated_templates(&page);
        assert!(problems.is_empty(), "{path}: {problems:#?}");
        shown |= page.contains("{{ 1234*1000 }}") && page.contains("{{ __tera_context }}");
    }
    assert!(
        shown,
        "the template syntax was dropped instead of shown as text"
    );
}

#[test]
fn markdown_pages_carry_no_live_markup_links_or_shortcodes() {
    let (_work, files) = built_injection_site();
    let mut pages = 0;
    for path in files.keys().filter(|p| p.ends_with(".md")) {
        let page = text(&files, path);
        let rest = page.strip_prefix("+++\n").expect("TOML front matter");
        let (front, body) = rest.split_once("\n+++\n").expect("closed front matter");
        let table: toml::Table =
            toml::from_str(front).unwrap_or_else(|e| panic!("{path}: front matter: {e}"));
        for key in ["title", "description"] {
            if let Some(value) = table.get(key).and_then(|v| v.as_str()) {
                assert!(!value.contains(['\r', '\n']), "{path}: {key} {value:?}");
            }
        }
        // Zola and Hugo read `{{ }}` and `{% %}` in content as shortcodes.
        let bytes = body.as_bytes();
        for (at, _) in body.match_indices(['{', '%']) {
            let next = bytes.get(at + 1).copied();
            let escaped = at > 0 && bytes[at - 1] == b'\\';
            if bytes[at] == b'{' && matches!(next, Some(b'{' | b'%')) {
                assert!(escaped, "{path}: live shortcode at {at}: {:?}", &body[at..]);
            }
        }
        let lower = body.to_ascii_lowercase();
        for tag in ["<script", "<svg", "<img", "<iframe", "<a "] {
            assert!(!lower.contains(tag), "{path}: raw {tag} in\n{body}");
        }
        for (at, _) in lower.match_indices("](") {
            let target = &lower[at + 2..];
            let scheme = inert::url_scheme(target.split(')').next().unwrap_or(""));
            assert!(
                scheme
                    .as_deref()
                    .is_none_or(|s| matches!(s, "http" | "https" | "mailto")),
                "{path}: link to {target:?}"
            );
        }
        pages += 1;
    }
    assert!(pages >= 10, "only {pages} Markdown pages");
}

#[test]
fn feeds_parse_and_carry_no_executable_content() {
    let (_work, files) = built_injection_site();
    for (path, bytes) in &files {
        let is_feed = [".xml", ".atom", ".rss"].iter().any(|e| path.ends_with(e))
            || path.ends_with("feed.json");
        if !is_feed {
            continue;
        }
        let feed = feed_rs::parser::parse(bytes.as_slice())
            .unwrap_or_else(|e| panic!("{path} does not parse as a feed: {e}"));
        for entry in &feed.entries {
            for link in &entry.links {
                let scheme = inert::url_scheme(&link.href);
                assert!(
                    scheme
                        .as_deref()
                        .is_none_or(|s| matches!(s, "http" | "https")),
                    "{path}: entry link {:?}",
                    link.href
                );
            }
            let bodies = entry
                .content
                .iter()
                .filter_map(|c| c.body.clone())
                // A `type="text"` summary is plain text to every reader; only HTML is markup.
                .chain(
                    entry
                        .summary
                        .iter()
                        .filter(|s| s.content_type.subty() == "html")
                        .map(|s| s.content.clone()),
                );
            for html in bodies {
                let problems = inert::active_content(&html, &|_| false);
                assert!(problems.is_empty(), "{path}: {problems:#?}");
            }
        }
    }
}

#[test]
fn hostile_names_write_only_inside_the_output_folder() {
    let escapes = ["/tmp/annals-absolute", "/tmp/annals-escape"];
    let before: Vec<bool> = escapes.iter().map(|p| Path::new(p).exists()).collect();
    let (work, files) = built_injection_site();
    let mut top: Vec<String> = std::fs::read_dir(work.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    top.sort();
    assert_eq!(
        top,
        ["content", "public"],
        "files appeared beside the output"
    );
    for (p, was) in escapes.iter().zip(before) {
        assert_eq!(Path::new(p).exists(), was, "{p} was created");
    }
    for path in files.keys() {
        for part in path.split('/') {
            assert!(
                !part.is_empty()
                    && part != ".."
                    && !part.contains(['\\', ':', '\0', '\r', '\n'])
                    && !annals::text::is_windows_reserved(part),
                "unsafe output path {path:?}"
            );
        }
    }
    // The hostile topic names still get pages, under safe slugs.
    for slug in [
        "con-1",
        "aux-1",
        "etc-annals-escape",
        "tmp-annals-absolute",
        "tmp-annals-escape",
    ] {
        assert!(
            files.contains_key(&format!("topics/{slug}/index.html")),
            "no page for {slug}: {:#?}",
            files.keys().collect::<Vec<_>>()
        );
    }
}

/// Checks one email (RFC 5322 bytes) built from the injection corpus: it parses, no header took
/// a line break from article text (no extra `Bcc`, no injected header), and its HTML part holds
/// nothing executable.
pub fn check_email_is_inert(raw: &[u8]) -> Vec<String> {
    let mut problems = Vec::new();
    let Some(message) = mail_parser::MessageParser::default().parse(raw) else {
        return vec!["the email does not parse".into()];
    };
    for header in message.headers() {
        let name = header.name().to_ascii_lowercase();
        if name == "bcc" || name.contains("annals-xss") {
            problems.push(format!("an injected header {name}"));
        }
    }
    if let Some(subject) = message.subject()
        && subject.contains(['\r', '\n'])
    {
        problems.push(format!("a line break in the subject {subject:?}"));
    }
    for i in 0..message.html_body_count() {
        if let Some(html) = message.body_html(i) {
            problems.extend(inert::active_content(&html, &|_| false));
            problems.extend(inert::evaluated_templates(&html));
        }
    }
    for i in 0..message.text_body_count() {
        if let Some(text) = message.body_text(i) {
            problems.extend(inert::evaluated_templates(&text));
        }
    }
    problems
}

#[test]
fn the_email_checker_finds_header_injection_and_scripts() {
    let bad = b"From: a@example.org\r\nTo: b@example.org\r\nSubject: Payload\r\nBcc: victim@example.org\r\nContent-Type: text/html\r\n\r\n<p onclick=x>1234000</p>\r\n";
    let problems = check_email_is_inert(bad);
    for expected in ["injected header bcc", "onclick", "1234000"] {
        assert!(
            problems.iter().any(|p| p.contains(expected)),
            "missed {expected}: {problems:#?}"
        );
    }
    let good = b"From: a@example.org\r\nTo: b@example.org\r\nSubject: Payload\r\nContent-Type: text/html\r\n\r\n<p>&lt;script&gt;</p>\r\n";
    assert_eq!(check_email_is_inert(good), Vec::<String>::new());
}

/// TODO(lead): `annals digest --format email` is being built on another branch. When it is
/// merged, build the email from the injection corpus here (e.g. write it to a file with the
/// command's file/stdout option, dry run, no SMTP) and assert `check_email_is_inert` is empty
/// for every message; then remove the `#[ignore]`.
#[test]
fn emails_built_from_hostile_articles_are_inert() {
    let work = Work::copy_of(&repo().join("tests/fixtures/injection/content"));
    // One briefing per day of the corpus: every hostile article reaches some message.
    for day in 1..=6 {
        let date = format!("2026-02-{day:02}");
        let run = work.run(&[
            "digest", "--format", "email", "-c", "content", "--date", &date,
        ]);
        run.expect_code(0);
        assert!(
            run.stdout.contains("Content-Type: multipart/alternative"),
            "{date}: {}",
            run.stdout
        );
        let problems = check_email_is_inert(run.stdout.as_bytes());
        assert!(problems.is_empty(), "{date}: {problems:#?}");
    }
}
