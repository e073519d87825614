//! Headless Chromium loads every page built from the injection corpus and the shipped sample,
//! with `dialog`, `console` and `pageerror` listeners, and fails on any script run from
//! content (`tests/browser/check-pages.mjs`, driven with playwright-core).
//!
//! Needs Debian's `chromium`, Node and `npm ci --prefix tests/browser`; without them the test
//! skips with a printed reason, except under CI (`CI` set), where it fails: `.ci/run`
//! installs them.

mod common;

use common::{Work, repo};
use std::path::Path;
use std::process::Command;

fn chromium_and_node() -> Option<()> {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let modules = repo().join("tests/browser/node_modules/playwright-core");
    let node = Command::new("node").arg("--version").output().ok()?;
    (Path::new(&chromium).exists() && modules.is_dir() && node.status.success()).then_some(())
}

fn run_checker(args: &[&Path]) -> (bool, String) {
    let out = Command::new("node")
        .arg(repo().join("tests/browser/check-pages.mjs"))
        .args(args)
        .output()
        .expect("cannot run node");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[test]
fn no_script_from_content_runs_in_a_real_browser() {
    if chromium_and_node().is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium, node or tests/browser/node_modules is missing under CI"
        );
        eprintln!("skipped: needs /usr/bin/chromium, node and `npm ci --prefix tests/browser`");
        return;
    }
    // The checker must be able to fail: it catches a page that runs a payload.
    let (ok, report) = run_checker(&[Path::new("--self-test")]);
    assert!(ok, "{report}");

    let injection = Work::copy_of(&repo().join("tests/fixtures/injection/content"));
    injection
        .build("public", &["--format", "html"])
        .expect_code(0);
    let shipped = Work::shipped();
    shipped
        .build("public", &["--format", "html"])
        .expect_code(0);
    let (ok, report) = run_checker(&[
        &injection.path().join("public"),
        &shipped.path().join("public"),
    ]);
    assert!(ok, "{report}");
    assert!(report.contains("0 with script from content"), "{report}");
}
