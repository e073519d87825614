//! Output safety: a failed build leaves the previous site as it was, and annals refuses to
//! replace folders it did not make or that hold the input.

mod common;

use common::{Work, names, tree};
use std::fs;

/// A working folder with the markdown-basic case built once into `public/`.
fn built_once() -> Work {
    let work = Work::case("markdown-basic");
    work.build("public", &["--format", "both"]).expect_code(0);
    work
}

/// Builds with a `topic.html` override that fails, and checks nothing changed on disk.
#[track_caller]
fn assert_failed_build_keeps_previous_site(topic_html: &str, expected: &[&str]) {
    let work = built_once();
    work.write("bad-templates/topic.html", topic_html);
    let before = tree(&work.path().join("public"));
    let listing = names(work.path());
    assert!(before.contains_key("topics/harbour-works/index.html"));
    assert!(before.contains_key(".annals-output"));

    let run = work.build(
        "public",
        &["--format", "both", "--templates", "bad-templates"],
    );
    run.expect_code(1);
    assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
    for text in expected {
        assert!(run.stderr.contains(text), "{text:?} in\n{}", run.stderr);
    }
    assert_eq!(run.stdout, "", "no summary for a failed build");
    assert!(
        tree(&work.path().join("public")) == before,
        "the site changed"
    );
    // No temporary folder or lock file left next to the output.
    assert_eq!(names(work.path()), listing);
}

#[test]
fn failed_build_keeps_previous_site() {
    assert_failed_build_keeps_previous_site(
        "<h1>{{ topic.link.name }}</h1>\n<p>fine so far</p>\n<p>{{ missing_var.field }}</p>\n",
        &[
            "bad-templates/topic.html line 3",
            "missing_var",
            "rendering html pages",
        ],
    );
}

#[test]
fn template_syntax_error_keeps_previous_site_and_names_the_line() {
    assert_failed_build_keeps_previous_site(
        "<h1>{{ topic.link.name }}</h1>\n{% if %}\n",
        &["bad-templates/topic.html line 2"],
    );
}

#[test]
fn template_that_fails_on_the_last_page_keeps_previous_site() {
    // Renders the first topic fine and fails on a later one, after pages were made in memory.
    assert_failed_build_keeps_previous_site(
        "{% if topic.link.slug == \"local-elections\" %}{{ 1 / 0 }}{% endif %}ok\n",
        &["bad-templates/topic.html line 1"],
    );
}

#[test]
fn a_good_build_replaces_the_previous_site_whole() {
    let work = built_once();
    work.write("public/stale.html", "left from an old build");
    fs::remove_file(work.content().join("candidates-register.md")).unwrap();
    work.build("public", &["--format", "html"]).expect_code(0);
    let after = tree(&work.path().join("public"));
    assert!(!after.contains_key("stale.html"));
    assert!(!after.contains_key("topics/local-elections/index.html"));
    assert!(!after.contains_key("_index.md"));
    assert!(after.contains_key("topics/harbour-works/index.html"));
    assert!(after.contains_key(".annals-output"));
    // The replaced site is kept as the spare the next build is written into ...
    assert_eq!(
        names(work.path()),
        vec![".public.annals-spare", "content", "public"]
    );
    assert!(tree(&work.path().join(".public.annals-spare")).contains_key("stale.html"));
    // ... which then gives the same site as a build from nothing, without the stale file.
    work.build("public", &["--format", "html"]).expect_code(0);
    assert_eq!(tree(&work.path().join("public")), after);
    work.build("public", &["--format", "html"]).expect_code(0);
    assert_eq!(tree(&work.path().join("public")), after);
    let spare = tree(&work.path().join(".public.annals-spare"));
    assert!(!spare.contains_key("stale.html"));
    assert!(!spare.contains_key("topics/local-elections/index.html"));
}

#[test]
fn refuses_a_folder_it_did_not_make() {
    let work = Work::case("markdown-basic");
    work.write("mine/thesis.tex", "precious");
    work.write("mine/figures/plot.svg", "<svg/>");
    let before = tree(&work.path().join("mine"));
    let run = work.build("mine", &[]);
    run.expect_code(1);
    assert!(run.stderr.contains("not made by annals"), "{}", run.stderr);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert!(tree(&work.path().join("mine")) == before);
    assert_eq!(names(work.path()), vec!["content", "mine"]);

    work.build("mine", &["--force"]).expect_code(0);
    let after = tree(&work.path().join("mine"));
    assert!(!after.contains_key("thesis.tex"), "{:?}", after.keys());
    assert!(after.contains_key(".annals-output"));
    assert!(after.contains_key("_index.md"));
    // Made by annals now: the next build needs no --force.
    work.build("mine", &[]).expect_code(0);
}

#[test]
fn empty_existing_folder_is_fine() {
    let work = Work::case("markdown-basic");
    fs::create_dir(work.path().join("public")).unwrap();
    work.build("public", &[]).expect_code(0);
    assert!(work.path().join("public/_index.md").is_file());
}

#[test]
fn output_that_is_a_file_is_refused() {
    let work = Work::case("markdown-basic");
    work.write("public", "a file");
    let run = work.build("public", &["--force"]);
    run.expect_code(1);
    assert!(run.stderr.contains("refusing"), "{}", run.stderr);
    assert_eq!(work.read("public"), "a file");
}

/// Builds into `output` and checks it is refused without touching the content.
#[track_caller]
fn assert_refused(work: &Work, extra: &[&str], output: &str, reason: &str) {
    let before = tree(work.path());
    let mut args = vec!["build", "-c", "content", "-o", output, "--force"];
    args.extend_from_slice(extra);
    let run = work.run(&args);
    run.expect_code(1);
    assert!(run.stderr.contains("refusing"), "{}", run.stderr);
    assert!(run.stderr.contains(reason), "{reason:?} in {}", run.stderr);
    assert!(tree(work.path()) == before, "files changed");
}

#[test]
fn refuses_output_equal_to_the_content_folder() {
    let work = Work::case("markdown-basic");
    assert_refused(&work, &[], "content", "content folder");
    assert_refused(&work, &[], "./content/", "content folder");
}

#[test]
fn refuses_output_equal_to_the_config_folder() {
    let work = Work::case("markdown-basic");
    let config = work.read("content/annals.toml");
    fs::remove_file(work.content().join("annals.toml")).unwrap();
    work.write("settings/annals.toml", config);
    let args = ["--config", "settings/annals.toml"];
    assert_refused(&work, &args, "settings", "config folder");
    // The same config builds fine elsewhere.
    work.build("public", &args).expect_code(0);
}

#[test]
fn refuses_output_that_holds_the_content_folder() {
    let work = Work::case("markdown-basic");
    assert_refused(&work, &[], ".", "content folder");
    let nested = Work::empty();
    nested.write("site/news/2026-02-01-a.txt", "A title\n\nA paragraph.\n");
    let before = tree(nested.path());
    let run = nested.run(&["build", "-c", "site/news", "-o", "site", "--force"]);
    run.expect_code(1);
    assert!(run.stderr.contains("content folder"), "{}", run.stderr);
    assert!(tree(nested.path()) == before);
}

#[test]
fn refuses_output_inside_the_content_folder() {
    let work = Work::case("markdown-basic");
    assert_refused(&work, &[], "content/public", "inside the content folder");
}
