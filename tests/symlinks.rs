//! Symbolic links in the content folder: links inside it are read, a link out of it is skipped
//! with a warning unless `[input] follow_outside_symlinks = true`, and a loop is reported once
//! instead of being walked forever.
#![cfg(unix)]

mod common;

use common::Work;
use std::os::unix::fs::symlink;

const ARTICLE: &str =
    "+++\ntitle = \"Harbour reopens\"\ndate = 2026-02-01\n+++\nThe harbour reopened.\n";
const SECRET: &str =
    "+++\ntitle = \"Private notes\"\ndate = 2026-02-02\n+++\nNot for publishing.\n";

fn titles(work: &Work) -> Vec<String> {
    let mut titles: Vec<String> = work
        .extract()
        .iter()
        .map(|a| a["title"].as_str().unwrap().to_string())
        .collect();
    titles.sort();
    titles
}

#[test]
fn a_link_out_of_the_content_folder_is_not_followed() {
    let work = Work::empty();
    work.write("content/harbour.md", ARTICLE);
    work.write("private/notes.md", SECRET);
    symlink(work.path().join("private"), work.content().join("linked")).unwrap();
    symlink(
        work.path().join("private/notes.md"),
        work.content().join("notes.md"),
    )
    .unwrap();
    assert_eq!(titles(&work), ["Harbour reopens"]);
    let run = work.run(&["check", "-c", "content"]);
    let warnings = run.warnings();
    assert_eq!(warnings.len(), 2, "{}", run.stderr);
    for (warning, name) in warnings.iter().zip(["linked", "notes.md"]) {
        assert!(
            warning.contains(&format!("content/{name}"))
                && warning.contains("outside the content folder")
                && warning.contains("follow_outside_symlinks"),
            "{warning}"
        );
    }
}

#[test]
fn a_link_out_of_the_content_folder_is_followed_when_the_config_allows_it() {
    let work = Work::empty();
    work.write("content/harbour.md", ARTICLE);
    work.write(
        "content/annals.toml",
        "[input]\nfollow_outside_symlinks = true\n",
    );
    work.write("private/notes.md", SECRET);
    symlink(work.path().join("private"), work.content().join("linked")).unwrap();
    assert_eq!(titles(&work), ["Harbour reopens", "Private notes"]);
}

#[test]
fn a_link_inside_the_content_folder_is_followed() {
    let work = Work::empty();
    work.write("content/archive/2026/harbour.md", ARTICLE);
    symlink(
        work.content().join("archive/2026"),
        work.content().join("current"),
    )
    .unwrap();
    // Read twice through two paths, kept once.
    assert_eq!(titles(&work), ["Harbour reopens"]);
}

#[test]
fn a_symlink_loop_is_reported_not_followed_forever() {
    let work = Work::empty();
    work.write("content/a/harbour.md", ARTICLE);
    symlink(work.content(), work.content().join("a/loop")).unwrap();
    symlink(work.content().join("a"), work.content().join("a/self")).unwrap();
    let run = work.run(&["check", "-c", "content"]);
    run.expect_code(0);
    let warnings = run.warnings();
    assert_eq!(warnings.len(), 2, "{}", run.stderr);
    for warning in &warnings {
        assert!(warning.contains("symbolic link loop"), "{warning}");
    }
    assert!(warnings[0].contains("content/a/loop"), "{}", warnings[0]);
    assert!(warnings[1].contains("content/a/self"), "{}", warnings[1]);
    assert_eq!(titles(&work), ["Harbour reopens"]);
}
