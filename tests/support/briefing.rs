//! The content folder and config the briefing email tests share (`tests/email.rs`,
//! `tests/email_send.rs`): a Zürich site with non-ASCII names, an event with two sources, one
//! of no topic whose title tries to add a header, and links that must not survive.

#![allow(dead_code)] // Each test binary uses a different part of this module.

use crate::common::Work;
use std::process::Command;

pub const CONFIG: &str = r#"
[site]
title = "Zürich Brief"
base_url = "https://example.org/brief/"
time_zone = "Europe/Zurich"

[email]
from = "Zürich Büro <briefing@example.org>"
to = ["Lea Müller <reader@example.org>", "second@example.org"]
cc = ["desk@example.org"]
reply_to = "desk@example.org"

[[topics]]
name = "Züge und Straßen"
slug = "zuege"

[topics.match]
any = ["train"]
min_score = 1
"#;

/// A small content folder: two train events (one with two sources), one of no topic whose
/// title tries to add a header, and one on another day.
pub fn briefing_work(config: &str) -> Work {
    let work = Work::empty();
    work.write("content/annals.toml", config);
    let article = |path: &str, title: &str, date: &str, source: &str, url: &str, body: &str| {
        work.write(
            &format!("content/{path}"),
            format!(
                "+++\ntitle = \"{title}\"\ndate = {date}\nsource = \"{source}\"\nurl = \"{url}\"\n+++\n{body}\n"
            ),
        );
    };
    article(
        "a.md",
        "Train strike halts commuters in Zürich",
        "2026-03-02T07:10:00+01:00",
        "Tagblatt",
        "https://example.org/a",
        "A train strike halted commuters across Zürich on Monday. Grüße from the platform; the union said the train drivers want shorter shifts.",
    );
    article(
        "a2.md",
        "Zürich commuters stranded as train drivers strike",
        "2026-03-02T08:00:00+01:00",
        "Wire",
        "https://example.org/a2",
        "A train strike halted commuters across Zürich on Monday. Grüße from the platform; the union said the train drivers want shorter shifts.",
    );
    article(
        "b.md",
        "Harbour closes\\r\\nBcc: victim@example.org",
        "2026-03-02T09:00:00+01:00",
        "Port News",
        "javascript:alert(1)",
        "The harbour closed for the day because of fog.",
    );
    article(
        "c.md",
        "Night train timetable published",
        "2026-03-02T12:30:00+01:00",
        "Bahnblog",
        "/relative/link",
        "The new night train timetable adds a train to Vienna.",
    );
    article(
        "d.md",
        "Train drivers return to work",
        "2026-03-03T06:00:00+01:00",
        "Tagblatt",
        "https://example.org/d",
        "Train drivers returned to work on Tuesday.",
    );
    work
}

/// Runs `annals digest -c content <args…>` and returns its standard output as bytes.
pub fn digest(work: &Work, args: &[&str]) -> Vec<u8> {
    let output = Command::new(env!("CARGO_BIN_EXE_annals"))
        .args(["digest", "-c", "content"])
        .args(args)
        .current_dir(work.path())
        .output()
        .expect("cannot run annals");
    assert_eq!(
        output.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}
