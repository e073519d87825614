//! Resource limits, in sizes a test run can afford (`scripts/limits.sh` runs the full sizes: a
//! 2 GB file, a 100 MB line, 100,000 tiny files, and reports peak memory): an oversized file is
//! skipped from its size alone, without being read; 10,000 copies of one article become one
//! article; one topic can hold every article.

mod common;

use common::Work;
use std::fs;

fn article(i: usize, title: &str) -> String {
    format!(
        "+++\ntitle = \"{title}\"\ndate = 2026-02-{:02}T10:00:00Z\nsource = \"Outlet\"\n+++\nThe harbour council met again and discussed the dredging plan, item {i}.\n",
        1 + i % 28
    )
}

#[test]
fn a_huge_file_is_skipped_by_its_size_without_being_read() {
    let work = Work::empty();
    work.write("content/small.md", article(1, "Small article"));
    // Sparse: 3 GB long, no disk used. Reading it whole would need 3 GB of memory.
    let huge = fs::File::create(work.content().join("huge.txt")).unwrap();
    huge.set_len(3 << 30).unwrap();
    let run = work.build("public", &[]);
    run.expect_code(0);
    let warnings = run.warnings();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert!(
        warnings[0].contains("content/huge.txt") && warnings[0].contains("over the limit"),
        "{}",
        warnings[0]
    );
}

#[test]
fn ten_thousand_copies_of_one_article_become_one() {
    let work = Work::empty();
    let text = article(1, "The same article");
    for i in 0..10_000 {
        work.write(&format!("content/{:02}/a{i:05}.md", i % 100), &text);
    }
    let articles = work.extract();
    assert_eq!(articles.len(), 1);
    assert_eq!(articles[0]["origins"].as_array().unwrap().len(), 10_000);
}

#[test]
fn one_topic_can_hold_every_article() {
    let work = Work::empty();
    work.write(
        "content/annals.toml",
        "[discover]\nmerge_coverage = false\n[[topics]]\nname = \"Harbour\"\n[topics.match]\nany = [\"harbour\"]\nmin_score = 1.0\n",
    );
    let n = 3_000;
    for i in 0..n {
        work.write(
            &format!("content/{:02}/a{i:05}.md", i % 30),
            article(i, &format!("Harbour report {i}")),
        );
    }
    work.build("public", &["--format", "html"]).expect_code(0);
    let page = work.read("public/topics/harbour/index.html");
    assert_eq!(page.matches("<article class=\"event\"").count(), n);
}

#[test]
fn a_file_of_one_huge_line_is_read_with_a_warning() {
    let work = Work::empty();
    let mut text = String::from("A title\n\n");
    text.push_str(&"word ".repeat(400_000)); // one 2 MB line
    work.write("content/2026-02-01-long.txt", &text);
    let run = work.build("public", &[]);
    run.expect_code(0);
    let warnings = run.warnings();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert!(
        warnings[0].contains("content/2026-02-01-long.txt")
            && warnings[0].contains("line 3 is 2000000 bytes long"),
        "{}",
        warnings[0]
    );
}
