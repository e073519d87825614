//! Files that are not articles: each is skipped with one warning naming the file and the reason,
//! the build goes on, the summary counts it, and `--strict` turns it into exit status 1. Odd
//! input never makes annals panic.

mod common;

use common::{Work, redact_ms};

const GOOD: &str =
    "+++\ntitle = \"A good article\"\ndate = \"2026-02-01T10:00:00Z\"\n+++\n\nBody.\n";

/// A content folder with one good article and the bad file `name`.
fn with_bad_file(name: &str, bytes: &[u8]) -> Work {
    let work = Work::empty();
    work.write("content/good.md", GOOD);
    work.write(&format!("content/{name}"), bytes);
    work
}

/// Builds, and checks the build succeeds with one warning naming `name` and `reason`.
#[track_caller]
fn assert_skipped(work: &Work, name: &str, reason: &str) {
    let run = work.build("public", &[]);
    run.expect_code(0);
    let warnings = run.warnings();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    let line = warnings[0];
    assert!(
        line.starts_with(&format!("warning: content/{name}: ")),
        "{line}"
    );
    assert!(line.contains(reason), "{line:?} should say {reason:?}");
    assert!(
        run.stdout
            .contains("Read 1 article from content (1 skipped, see warnings above)"),
        "{}",
        run.stdout
    );
    // The good article was built.
    let digest = work.read("public/digest/2026-02-01/index.html");
    assert!(digest.contains("A good article"), "{digest}");

    let strict = work.build("public", &["--strict"]);
    strict.expect_code(1);
    assert_eq!(strict.warnings().len(), 1, "{}", strict.stderr);
    work.run(&["check", "-c", "content"]).expect_code(0);
    work.run(&["check", "--strict", "-c", "content"])
        .expect_code(1);
}

#[test]
fn invalid_utf8_is_skipped_with_a_warning() {
    let work = with_bad_file(
        "2026-02-01-latin1.txt",
        b"Caf\xe9 opens\n\nA caf\xe9 opened.\n",
    );
    assert_skipped(&work, "2026-02-01-latin1.txt", "not valid UTF-8 (byte 3)");
}

#[test]
fn unclosed_toml_front_matter_is_skipped_with_a_warning() {
    let work = with_bad_file(
        "unclosed.md",
        b"+++\ntitle = \"Never closed\"\ndate = 2026-02-01\n\nBody.\n",
    );
    assert_skipped(&work, "unclosed.md", "`+++` is never closed");
}

#[test]
fn broken_toml_front_matter_is_skipped_with_a_warning() {
    let work = with_bad_file(
        "broken.md",
        b"+++\ntitle = \"ok\"\ndate = 2026-02-01\nsource = \"unterminated\n+++\nBody.\n",
    );
    assert_skipped(&work, "broken.md", "front matter line 4: not valid TOML");
}

#[test]
fn broken_yaml_front_matter_is_skipped_with_a_warning() {
    let work = with_bad_file(
        "broken.md",
        b"---\ntitle: [never closed\ndate: 2026-02-01\n---\nBody.\n",
    );
    assert_skipped(&work, "broken.md", "not valid YAML");
}

#[test]
fn plain_text_without_a_date_is_skipped_with_a_warning() {
    let work = with_bad_file(
        "notes/undated.txt",
        b"An undated note\n\nNothing here says when.\n",
    );
    assert_skipped(&work, "notes/undated.txt", "no date found");
}

#[test]
fn empty_file_is_skipped_with_a_warning() {
    let work = with_bad_file("2026-02-01-empty.md", b"");
    assert_skipped(&work, "2026-02-01-empty.md", "the file is empty");
    let work = with_bad_file("2026-02-01-blank.txt", b" \n\n\t\r\n");
    assert_skipped(&work, "2026-02-01-blank.txt", "the file is empty");
}

#[test]
fn binary_file_named_md_is_skipped_with_a_warning() {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    bytes.extend((0..=255u8).cycle().take(2000));
    let work = with_bad_file("2026-02-01-picture.md", &bytes);
    assert_skipped(&work, "2026-02-01-picture.md", "looks binary");
}

#[test]
fn file_over_the_size_limit_is_skipped_with_a_warning() {
    let big = format!(
        "+++\ntitle = \"Too big\"\ndate = 2026-02-01\n+++\n\n{}\n",
        "All work and no play. ".repeat(100)
    );
    let work = with_bad_file("big.md", big.as_bytes());
    work.write("content/annals.toml", "[build]\nmax_file_size = 1000\n");
    assert_skipped(&work, "big.md", "over the limit of 1000");
}

#[test]
fn every_skipped_file_is_reported_once_in_path_order() {
    let work = Work::empty();
    work.write("content/good.md", GOOD);
    work.write("content/b/empty.md", b"");
    work.write("content/a/undated.txt", b"Title\n\nBody\n");
    work.write("content/c.md", b"+++\ntitle = 1\n");
    work.write("content/2026-02-01-bad.txt", b"T\n\n\xff\n");
    let run = work.build("public", &[]);
    run.expect_code(0);
    insta::assert_snapshot!(format!(
        "--- stderr\n{}--- stdout\n{}",
        run.stderr,
        redact_ms(&run.stdout)
    ));
}

#[test]
fn quiet_build_still_fails_under_strict() {
    let work = with_bad_file("empty.md", b"");
    let run = work.build("public", &["--quiet", "--strict"]);
    run.expect_code(1);
    assert_eq!(run.stdout, "");
    let run = work.build("public", &["--quiet"]);
    run.expect_code(0);
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, "");
}

#[test]
fn topic_named_like_a_windows_device_does_not_fail_the_build() {
    let work = Work::empty();
    for (i, name) in ["CON", "aux", "Nul", "prn", "COM1", "lpt9"]
        .iter()
        .enumerate()
    {
        work.write(
            &format!("content/t{i}.md"),
            format!("+++\ntitle = \"About {name}\"\ndate = 2026-02-01\ntopics = [\"{name}\"]\n+++\nBody.\n"),
        );
    }
    let run = work.build("public", &["--strict"]);
    run.expect_code(0);
    let topics = common::names(&work.path().join("public/topics"));
    assert_eq!(topics.len(), 6, "{topics:?}");
    for slug in &topics {
        let page = work.read(&format!("public/topics/{slug}/index.html"));
        assert!(page.contains("About "), "{page}");
    }
}

/// Files chosen to reach odd corners of the readers.
fn odd_files(work: &Work) {
    let files: &[(&str, &[u8])] = &[
        ("only-plus.md", b"+++"),
        ("only-plus-newline.md", b"+++\n"),
        ("empty-front-matter.md", b"+++\n+++\n"),
        ("only-dashes.md", b"---"),
        ("dashes.txt", b"---\n---\n---\n"),
        ("yaml-list.md", b"---\n- a\n- b\n---\nbody\n"),
        ("yaml-null.md", b"---\ntitle:\ndate:\n---\n"),
        ("toml-table.md", b"+++\n[title]\nx = 1\n+++\n"),
        ("bom.md", b"\xef\xbb\xbf+++\ntitle = \"BOM\"\ndate = 2026-02-01\n+++\n"),
        ("crlf.md", b"\r\n+++\r\ntitle = \"CRLF\"\r\ndate = 2026-02-01\r\n+++\r\nBody\r\n"),
        ("2026-02-01-heading-only.md", b"# \n\n"),
        ("2026-02-01-lone-cr.txt", b"\r\r\rTitle\r\rBody\r"),
        ("scraped-header-only.txt", b" date 2026-02-08 International\n"),
        ("scraped-bad-day.txt", b"date 2026-02-30 X\nTitle\nBody\n"),
        ("stamps-only.txt", b"\n2026-02-08T16:46+0000\n16:46 GMT 08.02.2026\n"),
        (
            "scraped-bad-stamps.txt",
            b"date 2026-02-08 X\nT\n99:99 GMT 40.40.2026 (Updated: \n2026-02-08T16:46+9999\nBody.\n",
        ),
        ("bad-offset.md", b"+++\ntitle = \"x\"\ndate = \"2026-02-01T10:00+99:99\"\n+++\n"),
        ("2026/02/31/impossible-day.txt", b"Title\n\nBody\n"),
        ("99999999/big-number.txt", b"Title\n\nBody\n"),
        (
            "weird.md",
            "+++\ntitle = \"\\u202e\\u0000 Z̷̢͈a̸l̵g̶o 🏳️‍🌈 \\u0007 \u{10FFFF}\"\ndate = \"2026-02-01T23:59:59.999999999-12:00\"\nupdated = 2026-01-01\ntopics = [\"🌍\", \"\", \"..\", \"日本語\"]\nurl = \" JaVa\\tScRipt:alert(1)\"\n+++\n\u{0301}\u{200b}\n"
                .as_bytes(),
        ),
        ("2026-02-01-rtl.txt", "\u{202e}txt.exe\n\n\u{feff}\u{feff}\n".as_bytes()),
        ("no-extension", b"Title\n\nBody\n"),
        ("ignored.html", b"<html>not an article</html>"),
    ];
    for (name, bytes) in files {
        work.write(&format!("content/{name}"), bytes);
    }
    let huge_line = format!("Huge\n\n{}\n", "word ".repeat(100_000));
    work.write("content/2026-02-01-huge-line.txt", huge_line);
    let long_title = format!(
        "+++\ntitle = \"{}\"\ndate = 2026-02-01\ntopics = [\"{}\"]\n+++\n",
        "é".repeat(5000),
        "Topic ".repeat(200)
    );
    work.write("content/long-title.md", long_title);
}

#[test]
fn odd_input_never_panics() {
    let work = Work::empty();
    odd_files(&work);
    for args in [
        &["build", "-c", "content", "-o", "public"][..],
        &["build", "-c", "content", "-o", "both", "--format", "both"],
        &["check", "-c", "content"],
        &["extract", "-c", "content"],
        &[
            "extract",
            "--jsonl",
            "-c",
            "content",
            "content/weird.md",
            "content",
        ],
    ] {
        let run = work.run(args);
        assert!(
            run.code == 0 || run.code == 1,
            "{args:?}: exit {}\n{}",
            run.code,
            run.stderr
        );
        assert!(
            !run.stderr.contains("panicked"),
            "{args:?}:\n{}",
            run.stderr
        );
    }
    assert!(work.path().join("public/index.html").is_file());
    assert!(work.path().join("both/_index.md").is_file());
}
