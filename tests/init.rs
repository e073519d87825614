//! `annals init`: the project it creates builds without warnings, every sample is read by the
//! reader of its format, and no existing file is ever replaced.

mod common;

use common::{annals, names, parse_jsonl};
use std::fs;

/// The files `annals init` writes, relative to the project folder.
const FILES: &[&str] = &[
    "annals.toml",
    "content/article.json",
    "content/articles.jsonl",
    "content/feed.rss",
    "content/markdown-toml.md",
    "content/markdown-yaml.md",
    "content/scraped-page.txt",
    "content/web-page.html",
    "content/wire-copy.txt",
    "templates/README.txt",
];

#[test]
fn init_creates_a_project_that_builds_without_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let run = annals(dir.path(), &["init", "news"]);
    run.expect_code(0);
    let project = dir.path().join("news");
    for file in FILES {
        assert!(project.join(file).is_file(), "{file} was not created");
        assert!(
            run.stdout.contains(file),
            "{file} not listed in {}",
            run.stdout
        );
    }
    assert!(run.stdout.contains("annals serve"), "{}", run.stdout);

    let build = annals(&project, &["build", "--strict"]);
    build.expect_code(0);
    assert!(!build.stderr.contains("warning"), "{}", build.stderr);
    assert!(build.stdout.contains("Read 8 articles"), "{}", build.stdout);
    let topic = fs::read_to_string(project.join("public/topics/old-mill-bridge/index.html"))
        .expect("the configured topic has no page");
    assert!(topic.contains("Millbrook Notes"), "site title missing");
    for title in [
        "Council approves repairs to the Old Mill Bridge",
        "Old Mill Bridge closes for six weeks of repairs",
        "Temporary ferry carries its first passengers across the river",
        "Cycling club maps safe detours around the closed bridge",
        "Bridge repairs in Millbrook ahead of schedule, engineers say",
    ] {
        assert!(topic.contains(title), "{title} not on the topic page");
    }
}

#[test]
fn each_sample_is_one_article_read_by_its_format() {
    let dir = tempfile::tempdir().unwrap();
    annals(dir.path(), &["init"]).expect_code(0);
    let run = annals(dir.path(), &["extract", "--jsonl", "--strict"]);
    run.expect_code(0);
    let mut found: Vec<(String, String, String, String)> = parse_jsonl(&run.stdout)
        .iter()
        .map(|a| {
            let field = |k: &str| a[k].as_str().unwrap_or_default().to_string();
            (
                field("path"),
                field("format"),
                field("title"),
                field("published_day"),
            )
        })
        .collect();
    found.sort();
    let expected = [
        (
            "article.json",
            "json",
            "Spring market draws a record crowd to the town square",
            "2026-03-12",
        ),
        (
            "articles.jsonl",
            "json-lines",
            "Pupils plant a vegetable garden behind the primary school",
            "2026-03-13",
        ),
        (
            "feed.rss",
            "feed",
            "Cycling club maps safe detours around the closed bridge",
            "2026-03-14",
        ),
        (
            "markdown-toml.md",
            "markdown",
            "Council approves repairs to the Old Mill Bridge",
            "2026-03-02",
        ),
        (
            "markdown-yaml.md",
            "markdown",
            "Old Mill Bridge closes for six weeks of repairs",
            "2026-03-09",
        ),
        (
            "scraped-page.txt",
            "scraped",
            "Temporary ferry carries its first passengers across the river",
            "2026-03-10",
        ),
        (
            "web-page.html",
            "html",
            "Town library extends its evening opening hours",
            "2026-03-11",
        ),
        (
            "wire-copy.txt",
            "wire",
            "Bridge repairs in Millbrook ahead of schedule, engineers say",
            "2026-03-16",
        ),
    ]
    .map(|(p, f, t, d)| (p.to_string(), f.to_string(), t.to_string(), d.to_string()));
    assert_eq!(found, expected);
}

#[test]
fn init_refuses_to_replace_any_file_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("mine");
    fs::create_dir_all(project.join("templates")).unwrap();
    fs::write(project.join("annals.toml"), "# my own config\n").unwrap();
    fs::write(project.join("templates/README.txt"), "my notes\n").unwrap();

    let run = annals(dir.path(), &["init", "mine"]);
    run.expect_code(1);
    assert!(
        run.stderr
            .contains("refusing to overwrite annals.toml, templates/README.txt"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    assert_eq!(
        fs::read_to_string(project.join("annals.toml")).unwrap(),
        "# my own config\n"
    );
    assert_eq!(
        fs::read_to_string(project.join("templates/README.txt")).unwrap(),
        "my notes\n"
    );
    assert_eq!(names(&project), vec!["annals.toml", "templates"]);
}

#[test]
fn init_adds_to_a_folder_whose_files_do_not_clash() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("README.md"), "# My news\n").unwrap();
    fs::create_dir(dir.path().join("content")).unwrap();
    fs::write(dir.path().join("content/notes.txt"), "keep me\n").unwrap();

    annals(dir.path(), &["init", "."]).expect_code(0);
    assert_eq!(
        fs::read_to_string(dir.path().join("README.md")).unwrap(),
        "# My news\n"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("content/notes.txt")).unwrap(),
        "keep me\n"
    );
    for file in FILES {
        assert!(dir.path().join(file).is_file(), "{file} was not created");
    }
}

#[test]
fn init_into_a_file_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("taken"), "x").unwrap();
    let run = annals(dir.path(), &["init", "taken"]);
    run.expect_code(1);
    assert!(
        run.stderr.contains("taken exists and is not a folder"),
        "{}",
        run.stderr
    );
}
