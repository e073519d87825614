//! The filter and search scripts, run in headless Chromium against a built sample site.
//!
//! The site is served from a loopback port by a tiny file server in this test (the search page
//! fetches its index, which browsers refuse over `file://`), and Chromium prints the DOM after
//! the scripts ran. Skips with a printed reason when no Chromium is installed, unless `CI` is
//! set: CI installs it (`apt-get install -y chromium`) and must run these.

mod common;

use common::{Work, count};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The Chromium binary, or `None` (after saying why) when the test should skip.
fn chromium() -> Option<String> {
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        let found = Command::new(name)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        if found {
            return Some(name.to_string());
        }
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI is set but no Chromium is installed (apt-get install -y chromium)"
    );
    eprintln!("skipping: no chromium, chromium-browser or google-chrome on PATH");
    None
}

/// Serves `root` on a free loopback port from a background thread; returns the base URL.
fn serve(root: PathBuf) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut line = String::new();
            if BufReader::new(&stream).read_line(&mut line).is_err() {
                continue;
            }
            let target = line.split_whitespace().nth(1).unwrap_or("/");
            let path = target.split(['?', '#']).next().unwrap_or("/");
            let mut file = root.join(path.trim_start_matches('/'));
            if path.ends_with('/') {
                file = file.join("index.html");
            }
            let safe = !path.contains("..");
            let (status, body) = match std::fs::read(&file) {
                Ok(body) if safe => ("200 OK", body),
                _ => ("404 Not Found", b"not found".to_vec()),
            };
            let kind = match Path::new(&file).extension().and_then(|e| e.to_str()) {
                Some("html") => "text/html; charset=utf-8",
                Some("js") => "text/javascript",
                Some("json") => "application/json",
                Some("css") => "text/css",
                _ => "application/octet-stream",
            };
            let head = format!(
                "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    base
}

/// The DOM of `url` after its scripts ran.
fn dump_dom(browser: &str, url: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let output = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=5000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(url)
        .output()
        .expect("cannot run chromium");
    assert!(output.status.success(), "chromium failed on {url}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn sample_site() -> (Work, String) {
    let work = Work::shipped();
    work.build("public", &["--format", "html"]).expect_code(0);
    let base = serve(work.path().join("public"));
    (work, base)
}

#[test]
fn search_page_lists_results_for_the_query_in_its_url() {
    let Some(browser) = chromium() else { return };
    let (_work, base) = sample_site();
    let dom = dump_dom(&browser, &format!("{base}/search/?q=iran"));
    // The Iran topic and its seven events (six name Iran in headline or summary, all carry
    // the topic's name), and nothing else.
    let hits = count(&dom, "class=\"search-hit ");
    assert_eq!(hits, 8, "{dom}");
    assert!(dom.contains("8 results"), "{dom}");
    assert!(
        dom.contains("href=\"../topics/us-iran-negotiations/\""),
        "{dom}"
    );
    assert!(
        dom.contains("value=\"iran\"") || dom.contains("search-q"),
        "{dom}"
    );
    let none = dump_dom(&browser, &format!("{base}/search/?q=zzzz-nothing"));
    assert!(none.contains("0 results"), "{none}");
    assert_eq!(count(&none, "class=\"search-hit "), 0);
}

#[test]
fn topic_filters_hide_events_of_other_outlets_and_days() {
    let Some(browser) = chromium() else { return };
    let (work, base) = sample_site();
    let page = work.read("public/topics/us-iran-negotiations/index.html");
    let total = count(&page, "<article class=\"event");
    let gulf = count(&page, "data-outlets=\"gulf-report\"");
    assert!(total > gulf && gulf > 0, "{total} {gulf}");

    let dom = dump_dom(
        &browser,
        &format!("{base}/topics/us-iran-negotiations/?outlet=gulf-report"),
    );
    assert!(dom.contains("<form class=\"filters\""), "{dom}");
    assert!(
        dom.contains(&format!("{gulf} of {total} events shown")),
        "{dom}"
    );
    // Only the Gulf Report events remain visible.
    let hidden = dom
        .split("<article class=\"event")
        .skip(1)
        .filter(|a| a[..a.find('>').unwrap()].contains(" hidden"))
        .count();
    assert_eq!(hidden, total - gulf, "{dom}");

    let dom = dump_dom(
        &browser,
        &format!("{base}/topics/us-iran-negotiations/?from=2026-02-10&to=2026-02-11"),
    );
    let shown: Vec<&str> = dom
        .split("<article class=\"event")
        .skip(1)
        .map(|a| &a[..a.find('>').unwrap()])
        .filter(|a| !a.contains(" hidden"))
        .collect();
    assert!(!shown.is_empty(), "{dom}");
    for event in shown {
        let day = event.split("data-day=\"").nth(1).unwrap();
        assert!(
            ("2026-02-10".."2026-02-12").contains(&&day[..10]),
            "{event}"
        );
    }
}
