//! The command line: help, usage errors, clear messages for missing input and bad config, and
//! commands that must not write.

mod common;

use common::{Work, names, parse_jsonl, tree};

#[test]
fn help_exits_0_and_shows_examples() {
    let work = Work::empty();
    let run = work.run(&["--help"]);
    run.expect_code(0);
    assert!(run.stdout.contains("Examples:"), "{}", run.stdout);
    assert!(run.stdout.contains("annals build"), "{}", run.stdout);
    for command in ["build", "check", "extract"] {
        assert!(run.stdout.contains(command), "{command} in {}", run.stdout);
    }
    assert_eq!(run.stderr, "");
    let run = work.run(&["build", "--help"]);
    run.expect_code(0);
    for flag in [
        "--content",
        "--output",
        "--format",
        "--templates",
        "--force",
        "--strict",
    ] {
        assert!(run.stdout.contains(flag), "{flag} in {}", run.stdout);
    }
    assert_eq!(names(work.path()), vec!["content"], "help wrote something");
}

#[test]
fn version_exits_0() {
    let run = Work::empty().run(&["--version"]);
    run.expect_code(0);
    assert!(run.stdout.starts_with("annals "), "{}", run.stdout);
}

#[test]
fn unknown_flag_is_a_usage_error() {
    let work = Work::case("markdown-basic");
    let run = work.run(&["build", "--nope", "-c", "content", "-o", "public"]);
    run.expect_code(2);
    assert!(run.stderr.contains("--nope"), "{}", run.stderr);
    assert!(!work.path().join("public").exists());
}

#[test]
fn missing_command_and_bad_format_are_usage_errors() {
    let work = Work::case("markdown-basic");
    work.run(&[]).expect_code(2);
    let run = work.build("public", &["--format", "pdf"]);
    run.expect_code(2);
    assert!(run.stderr.contains("pdf"), "{}", run.stderr);
    assert!(!work.path().join("public").exists());
}

#[test]
fn missing_content_folder_is_a_clear_error() {
    let work = Work::empty();
    let run = work.run(&["build", "-c", "no-such-folder", "-o", "public"]);
    run.expect_code(1);
    assert!(
        run.stderr
            .starts_with("error: content folder no-such-folder does not exist"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--content"), "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"));
    assert!(!work.path().join("public").exists());
    for command in ["check", "extract"] {
        let run = work.run(&[command, "-c", "no-such-folder"]);
        run.expect_code(1);
        assert!(run.stderr.contains("does not exist"), "{}", run.stderr);
    }
}

#[test]
fn unknown_config_key_is_named_with_a_suggestion() {
    let work = Work::case("markdown-basic");
    let config = work.read("content/annals.toml");
    work.write(
        "content/annals.toml",
        config.replace("time_zone = ", "time_zon = "),
    );
    let run = work.build("public", &[]);
    run.expect_code(1);
    assert!(run.stderr.contains("content/annals.toml"), "{}", run.stderr);
    assert!(run.stderr.contains("`time_zon`"), "{}", run.stderr);
    assert!(
        run.stderr.contains("did you mean `time_zone`"),
        "{}",
        run.stderr
    );
    assert!(!work.path().join("public").exists());
    let run = work.run(&["check", "-c", "content"]);
    run.expect_code(1);
    assert!(run.stderr.contains("`time_zon`"), "{}", run.stderr);
}

#[test]
fn unknown_time_zone_is_refused() {
    let work = Work::case("markdown-basic");
    let config = work.read("content/annals.toml");
    work.write(
        "content/annals.toml",
        config.replace("Europe/Paris", "Europe/Atlantis"),
    );
    let run = work.build("public", &[]);
    run.expect_code(1);
    assert!(run.stderr.contains("Europe/Atlantis"), "{}", run.stderr);
    assert!(!work.path().join("public").exists());
}

#[test]
fn config_in_the_current_folder_is_used_when_content_has_none() {
    let work = Work::case("markdown-basic");
    let config = work.read("content/annals.toml");
    std::fs::remove_file(work.content().join("annals.toml")).unwrap();
    work.write("annals.toml", config);
    work.build("public", &[]).expect_code(0);
    // The config asks for Markdown and names the topics.
    assert!(work.path().join("public/topics/budget/index.md").is_file());
}

#[test]
fn check_writes_nothing() {
    let work = Work::case("markdown-basic");
    let before = tree(work.path());
    let run = work.run(&["check", "-c", "content"]);
    run.expect_code(0);
    assert!(run.stdout.contains("nothing written"), "{}", run.stdout);
    assert!(
        run.stdout.contains("Checked 4 articles (0 skipped)"),
        "{}",
        run.stdout
    );
    assert!(tree(work.path()) == before, "check changed files");
    assert_eq!(names(work.path()), vec!["content"]);
}

#[test]
fn extract_writes_nothing_and_reads_single_files() {
    let work = Work::case("markdown-basic");
    let before = tree(work.path());
    let run = work.run(&[
        "extract",
        "--jsonl",
        "-c",
        "content",
        "content/harbour-dredging.md",
        "content/notes",
    ]);
    run.expect_code(0);
    let records = parse_jsonl(&run.stdout);
    let paths: Vec<&str> = records
        .iter()
        .map(|r| r["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        vec![
            "content/harbour-dredging.md",
            "content/notes/2026-02-04-market-day.txt"
        ]
    );
    // Without --jsonl: one JSON array with the same records.
    let run = work.run(&["extract", "-c", "content"]);
    run.expect_code(0);
    let array: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(array.as_array().unwrap().len(), 4);
    assert!(tree(work.path()) == before, "extract changed files");
}

#[test]
fn extract_warnings_name_the_file_inside_the_content_folder() {
    let work = Work::case("markdown-basic");
    work.write("content/empty.md", "");
    let run = work.run(&["extract", "--jsonl", "-c", "content"]);
    run.expect_code(0);
    assert_eq!(
        run.warnings(),
        vec!["warning: content/empty.md: the file is empty (skipped)"]
    );
    assert_eq!(parse_jsonl(&run.stdout).len(), 4);
    work.run(&["extract", "--strict", "-c", "content"])
        .expect_code(1);
}

#[test]
fn quiet_build_prints_nothing_and_verbose_prints_stage_times() {
    let work = Work::case("markdown-basic");
    let run = work.build("public", &["-q"]);
    run.expect_code(0);
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("", ""));
    let run = work.build("public", &["-v", "--full"]);
    run.expect_code(0);
    let has_stage = |stderr: &str, stage: &str| stderr.lines().any(|l| l.starts_with(stage));
    for stage in [
        "files",
        "parse",
        "extract",
        "group",
        "summarize",
        "render",
        "write",
    ] {
        assert!(has_stage(&run.stderr, stage), "{stage} in {}", run.stderr);
    }
    // Without `--full`, the unchanged content is taken from the saved model.
    let run = work.build("public", &["-v"]);
    run.expect_code(0);
    assert!(has_stage(&run.stderr, "place"), "{}", run.stderr);
    assert!(!has_stage(&run.stderr, "group"), "{}", run.stderr);
    work.build("public", &["-q", "-v"]).expect_code(2);
}
