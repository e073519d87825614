//! `annals digest`: the daily briefing email. Messages are parsed back with mail-parser, and
//! `--send` delivers to a real SMTP server (aiosmtpd, `tests/support/smtp_sink.py`) on
//! 127.0.0.1. The SMTP tests skip with a printed reason when aiosmtpd is not installed, and fail
//! instead when the `CI` variable is set (CI installs it).

mod common;

use common::{Work, count};
use mail_parser::{MessageParser, MimeHeaders};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

const CONFIG: &str = r#"
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
fn briefing_work(config: &str) -> Work {
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
fn digest(work: &Work, args: &[&str]) -> Vec<u8> {
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

#[test]
fn the_email_is_multipart_alternative_with_text_then_html() {
    let work = briefing_work(CONFIG);
    let bytes = digest(&work, &["--date", "2026-03-02"]);
    let message = MessageParser::default()
        .parse(&bytes)
        .expect("not a message");

    let root = message.content_type().expect("no Content-Type");
    assert_eq!(
        (root.ctype(), root.subtype()),
        ("multipart", Some("alternative"))
    );
    // The root and its two parts, the plain text first (the last part is the richest).
    assert_eq!(message.parts.len(), 3);
    let kinds: Vec<(String, Option<String>, Option<String>)> = message.parts[1..]
        .iter()
        .map(|p| {
            let ct = p.content_type().unwrap();
            (
                format!("{}/{}", ct.ctype(), ct.subtype().unwrap_or("")),
                ct.attribute("charset").map(str::to_lowercase),
                p.content_language().as_text().map(str::to_string),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("text/plain".into(), Some("utf-8".into()), Some("en".into())),
            ("text/html".into(), Some("utf-8".into()), Some("en".into())),
        ]
    );
    let text = message.body_text(0).unwrap();
    let html = message.body_html(0).unwrap();
    assert!(text.contains("Grüße from the"), "{text}");
    assert!(html.contains("Grüße from the platform"), "{html}");
    assert!(html.contains("<table role=\"presentation\""), "{html}");
    assert!(html.contains("max-width:600px"), "{html}");
    // Mail clients ignore style sheets: every style is inline.
    assert!(
        !html.contains("<link") && !html.contains("<style"),
        "{html}"
    );
}

#[test]
fn headers_come_from_the_config_and_non_ascii_is_encoded() {
    let work = briefing_work(CONFIG);
    let bytes = digest(&work, &["--date", "2026-03-02"]);
    let message = MessageParser::default().parse(&bytes).unwrap();

    // Two train events in one topic, and the harbour closure of no topic: the subject names
    // the topic of the most-covered event and counts the rest.
    assert_eq!(
        message.subject(),
        Some("Briefing — Monday 2 March 2026: Züge und Straßen and 1 more")
    );
    let from = message.from().unwrap().first().unwrap();
    assert_eq!(from.name(), Some("Zürich Büro"));
    assert_eq!(from.address(), Some("briefing@example.org"));
    let to: Vec<(Option<&str>, Option<&str>)> = message
        .to()
        .unwrap()
        .iter()
        .map(|a| (a.name(), a.address()))
        .collect();
    assert_eq!(
        to,
        vec![
            (Some("Lea Müller"), Some("reader@example.org")),
            (None, Some("second@example.org"))
        ]
    );
    assert_eq!(
        message.cc().unwrap().first().unwrap().address(),
        Some("desk@example.org")
    );
    assert_eq!(
        message.reply_to().unwrap().first().unwrap().address(),
        Some("desk@example.org")
    );
    // The newest moment the briefing reports, in the site's offset.
    assert_eq!(
        message.date().unwrap().to_rfc3339(),
        "2026-03-02T12:30:00+01:00"
    );
    let id = message.message_id().unwrap();
    assert!(
        id.starts_with("briefing.2026-03-02.") && id.ends_with("@example.org"),
        "{id}"
    );

    // On the wire: CRLF line ends, ASCII only, no line over 998 bytes.
    let raw = std::str::from_utf8(&bytes).expect("the message is not ASCII");
    assert!(raw.is_ascii());
    assert_eq!(count(raw, "\n"), count(raw, "\r\n"));
    assert!(raw.split("\r\n").all(|l| l.len() <= 998));
    let head = &raw[..raw.find("\r\n\r\n").unwrap()];
    assert!(head.contains("Subject: =?utf-8?"), "{head}");
}

#[test]
fn titles_cannot_inject_headers_and_only_absolute_safe_links_remain() {
    let work = briefing_work(CONFIG);
    let bytes = digest(&work, &["--date", "2026-03-02"]);
    let message = MessageParser::default().parse(&bytes).unwrap();
    assert!(message.bcc().is_none());
    assert!(message.header("Bcc").is_none());
    let raw = String::from_utf8(bytes.clone()).unwrap();
    let head = &raw[..raw.find("\r\n\r\n").unwrap()];
    assert!(!head.to_lowercase().contains("bcc"), "{head}");
    assert!(!head.contains("victim"), "{head}");

    let html = message.body_html(0).unwrap();
    // The title is shown, as text, on one line.
    assert!(
        html.contains("Harbour closes Bcc: victim@example.org")
            || html.contains("Harbour closes\nBcc"),
        "{html}"
    );
    assert!(!html.contains("javascript:"), "{html}");
    assert!(!html.contains("/relative/link"), "{html}");
    for href in html.split("href=\"").skip(1) {
        assert!(href.starts_with("https://example.org/"), "{href}");
    }
    // Topic pages are linked on the site when base_url is set.
    assert!(html.contains("href=\"https://example.org/brief/topics/zuege/\""));
    assert!(html.contains("href=\"https://example.org/brief/digest/2026-03-02/\""));
}

#[test]
fn the_most_covered_event_opens_the_briefing() {
    let work = briefing_work(CONFIG);
    let text =
        String::from_utf8(digest(&work, &["--date", "2026-03-02", "--format", "text"])).unwrap();
    let top = text
        .split("TOP DEVELOPMENTS")
        .nth(1)
        .expect("no top developments")
        .trim_start();
    assert!(
        top.starts_with("- Train strike halts commuters in Zürich (Züge und Straßen, 2 sources)"),
        "{text}"
    );
    assert!(text.contains("2 sources: Tagblatt, Wire"), "{text}");
    // A plain-text part wraps at 76 columns (links excepted).
    for line in text.lines().filter(|l| !l.contains("://")) {
        assert!(line.chars().count() <= 76, "{line:?}");
    }
}

#[test]
fn the_same_content_renders_the_same_bytes() {
    let work = briefing_work(CONFIG);
    let first = digest(&work, &["--date", "2026-03-02"]);
    let second = digest(&work, &["--date", "2026-03-02"]);
    assert_eq!(first, second);
    let other_day = digest(&work, &["--date", "2026-03-03"]);
    let id = |bytes: &[u8]| {
        MessageParser::default()
            .parse(bytes)
            .unwrap()
            .message_id()
            .unwrap()
            .to_string()
    };
    assert_ne!(id(&first), id(&other_day));
}

#[test]
fn topics_choose_sections_and_unknown_topics_are_usage_errors() {
    let work = briefing_work(CONFIG);
    let text = String::from_utf8(digest(
        &work,
        &[
            "--date",
            "2026-03-02",
            "--format",
            "text",
            "--topics",
            "other",
        ],
    ))
    .unwrap();
    assert!(text.contains("== Other news =="), "{text}");
    assert!(!text.contains("== Züge und Straßen =="), "{text}");
    let run = work.run(&["digest", "-c", "content", "--topics", "weather"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("no topic \"weather\""),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("zuege"), "{}", run.stderr);
}

#[test]
fn since_last_leaves_out_what_an_earlier_briefing_had() {
    let work = briefing_work(CONFIG);
    let first = digest(
        &work,
        &["--date", "2026-03-02", "--format", "text", "--since-last"],
    );
    assert!(!first.is_empty());
    let state = work.read("content/.annals/digest-state.json");
    assert!(state.contains("2026-03-02"), "{state}");

    // A new report of the day arrives: only it is in the next briefing.
    work.write(
        "content/e.md",
        "+++\ntitle = \"Ferry service resumes on the lake\"\ndate = 2026-03-02T18:00:00+01:00\n+++\nThe ferries run again.\n",
    );
    let second = String::from_utf8(digest(
        &work,
        &["--date", "2026-03-02", "--format", "text", "--since-last"],
    ))
    .unwrap();
    assert!(second.contains("Ferry service resumes"), "{second}");
    assert!(!second.contains("Train strike"), "{second}");
    assert!(
        second.contains("3 more events of this day were in an earlier briefing"),
        "{second}"
    );

    // Nothing new: nothing written, a note, success.
    let run = work.run(&[
        "digest",
        "-c",
        "content",
        "--date",
        "2026-03-02",
        "--since-last",
    ]);
    run.expect_code(0);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(
        run.stderr.contains("nothing new since the last briefing"),
        "{}",
        run.stderr
    );
}

#[test]
fn email_settings_are_checked_and_name_the_key() {
    let work = briefing_work(&CONFIG.replace(
        "second@example.org",
        "second@example.org\\r\\nBcc: x@example.org",
    ));
    let run = work.run(&["digest", "-c", "content"]);
    run.expect_code(1);
    assert!(
        run.stderr.contains("[email] to: control characters"),
        "{}",
        run.stderr
    );

    let work = briefing_work(&CONFIG.replace("reply_to =", "reply_too ="));
    let run = work.run(&["digest", "-c", "content"]);
    run.expect_code(1);
    assert!(
        run.stderr.contains("did you mean `reply_to`"),
        "{}",
        run.stderr
    );

    // Without [email], the email needs one; the other formats do not.
    let bare = CONFIG.split("[email]").next().unwrap().to_string()
        + "[[topics]]\nname = \"Trains\"\n[topics.match]\nany = [\"train\"]\nmin_score = 1\n";
    let work = briefing_work(&bare);
    let run = work.run(&["digest", "-c", "content", "--date", "2026-03-02"]);
    run.expect_code(1);
    assert!(run.stderr.contains("no [email] section"), "{}", run.stderr);
    let text =
        String::from_utf8(digest(&work, &["--date", "2026-03-02", "--format", "text"])).unwrap();
    assert!(text.contains("== Trains =="), "{text}");
    let html =
        String::from_utf8(digest(&work, &["--date", "2026-03-02", "--format", "html"])).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
}

#[test]
fn the_shipped_sample_gives_the_briefing_of_the_issue() {
    let work = Work::shipped();
    let bytes = digest(&work, &["--date", "2026-02-08"]);
    let message = MessageParser::default().parse(&bytes).unwrap();
    assert_eq!(
        message.subject(),
        Some("Briefing — Sunday 8 February 2026: US–Iran negotiations and 1 more")
    );
    let text = message.body_text(0).unwrap();
    assert!(text.contains("Lavrov"), "{text}");
}

// --- SMTP -----------------------------------------------------------------------------------

/// A running `tests/support/smtp_sink.py`; stopped (stdin closed, then killed) when dropped.
struct SmtpSink {
    child: Child,
    port: u16,
    dir: PathBuf,
}

impl SmtpSink {
    /// Starts the sink, or returns `None` (printing why) when aiosmtpd is missing outside CI.
    fn start(dir: &Path, login: Option<(&str, &str)>) -> Option<SmtpSink> {
        let available = Command::new("python3")
            .args(["-c", "import aiosmtpd"])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !available {
            assert!(
                std::env::var_os("CI").is_none(),
                "aiosmtpd is not installed, but CI is set: .ci/run must install it (python3 -m pip install aiosmtpd)"
            );
            eprintln!(
                "skipped: python3 cannot import aiosmtpd (pip install aiosmtpd to run the SMTP tests)"
            );
            return None;
        }
        std::fs::create_dir_all(dir).unwrap();
        let script = common::repo().join("tests/support/smtp_sink.py");
        let mut command = Command::new("python3");
        command.arg(script).arg("--dir").arg(dir);
        if let Some((user, password)) = login {
            command.args(["--user", user, "--password", password]);
        }
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("cannot start python3");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .strip_prefix("READY ")
            .and_then(|p| p.trim().parse().ok())
            .unwrap_or_else(|| panic!("the SMTP sink did not start: {line:?}"));
        Some(SmtpSink {
            child,
            port,
            dir: dir.to_path_buf(),
        })
    }

    /// The messages received, in order: (the DATA bytes, the envelope as JSON).
    fn received(&self) -> Vec<(Vec<u8>, serde_json::Value)> {
        let mut names = common::names(&self.dir);
        names.retain(|n| n.ends_with(".eml"));
        names
            .iter()
            .map(|n| {
                let eml = std::fs::read(self.dir.join(n)).unwrap();
                let json =
                    std::fs::read_to_string(self.dir.join(n.replace(".eml", ".json"))).unwrap();
                (eml, serde_json::from_str(&json).unwrap())
            })
            .collect()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn smtp_config(port: u16, login: bool) -> String {
    let mut config = format!(
        "{CONFIG}\n[email.smtp]\nhost = \"127.0.0.1\"\nport = {port}\nsecurity = \"none\"\ntimeout_secs = 20\n"
    );
    if login {
        config.push_str("user = \"briefer\"\npassword_env = \"ANNALS_TEST_SMTP_PASSWORD\"\n");
    }
    config
}

/// Runs `annals digest -c content --send …` with an optional password in the environment.
fn send(work: &Work, args: &[&str], password: Option<&str>) -> common::Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_annals"));
    command
        .args(["digest", "-c", "content", "--send"])
        .args(args)
        .current_dir(work.path())
        .env_remove("ANNALS_TEST_SMTP_PASSWORD");
    if let Some(p) = password {
        command.env("ANNALS_TEST_SMTP_PASSWORD", p);
    }
    let output = command.output().unwrap();
    common::Run {
        code: output.status.code().unwrap(),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

/// The message as sent: SMTP ends DATA with CRLF, which the message already does.
fn same_message(received: &[u8], saved: &[u8]) -> bool {
    received == saved || received.strip_suffix(b"\r\n") == Some(saved)
}

#[test]
fn a_sent_briefing_arrives_whole_at_a_real_smtp_server() {
    let scratch = tempfile::tempdir().unwrap();
    let Some(sink) = SmtpSink::start(&scratch.path().join("inbox"), None) else {
        return;
    };
    let work = briefing_work(&smtp_config(sink.port, false));
    let run = send(&work, &["--date", "2026-03-02"], None);
    run.expect_code(0);
    assert!(
        run.stderr
            .contains("Sent the briefing for Monday 2 March 2026"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty(), "{}", run.stdout);

    let saved = std::fs::read(work.content().join(".annals/outbox/2026-03-02.eml")).unwrap();
    let received = sink.received();
    assert_eq!(received.len(), 1);
    let (bytes, envelope) = &received[0];
    assert!(
        same_message(bytes, &saved),
        "the message changed on the way"
    );
    assert_eq!(envelope["mail_from"], "briefing@example.org");
    assert_eq!(
        envelope["rcpt_tos"],
        serde_json::json!([
            "reader@example.org",
            "second@example.org",
            "desk@example.org"
        ])
    );
    let message = MessageParser::default().parse(bytes).unwrap();
    assert_eq!(
        message.subject(),
        Some("Briefing — Monday 2 March 2026: Züge und Straßen and 1 more")
    );
    assert!(message.body_html(0).unwrap().contains("Grüße"));
    // A sent briefing is recorded for --since-last.
    assert!(
        work.read("content/.annals/digest-state.json")
            .contains("2026-03-02")
    );
}

#[test]
fn the_password_comes_from_the_named_environment_variable() {
    let scratch = tempfile::tempdir().unwrap();
    let Some(sink) = SmtpSink::start(&scratch.path().join("inbox"), Some(("briefer", "s3cret")))
    else {
        return;
    };
    let work = briefing_work(&smtp_config(sink.port, true));

    let run = send(&work, &["--date", "2026-03-02"], None);
    run.expect_code(1);
    assert!(
        run.stderr.contains("ANNALS_TEST_SMTP_PASSWORD"),
        "{}",
        run.stderr
    );

    let run = send(&work, &["--date", "2026-03-02"], Some("wrong"));
    run.expect_code(1);
    assert!(sink.received().is_empty());

    let run = send(&work, &["--date", "2026-03-02"], Some("s3cret"));
    run.expect_code(0);
    let received = sink.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].1["login"], "briefer");
}

#[test]
fn a_failed_send_exits_non_zero_and_keeps_the_message() {
    // A port nothing listens on: bind one, note it, close it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let work = briefing_work(&smtp_config(port, false));
    let run = send(&work, &["--date", "2026-03-02", "-o", "kept.eml"], None);
    run.expect_code(1);
    assert!(
        run.stderr.contains(&format!("127.0.0.1:{port}")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("kept.eml"), "{}", run.stderr);
    let kept = std::fs::read(work.path().join("kept.eml")).expect("the message was lost");
    let message = MessageParser::default().parse(&kept).unwrap();
    assert!(
        message
            .subject()
            .unwrap()
            .starts_with("Briefing — Monday 2 March 2026")
    );
    // Not sent, so not recorded: the next --since-last still has every event.
    assert!(!work.content().join(".annals/digest-state.json").exists());

    // --send is for the email only.
    let run = send(&work, &["--format", "html"], None);
    run.expect_code(2);
}

#[test]
fn a_topic_name_with_a_line_break_stays_in_the_subject() {
    let work = briefing_work(CONFIG);
    work.write(
        "content/evil.md",
        "+++\ntitle = \"Quiet day\"\ndate = 2026-03-05T09:00:00+01:00\ntopics = [\"Evil\\r\\nBcc: victim@example.org\\r\\n\\r\\n<b>body</b>\"]\n+++\nNothing happened.\n",
    );
    let bytes = digest(&work, &["--date", "2026-03-05"]);
    let raw = String::from_utf8(bytes.clone()).unwrap();
    let head = &raw[..raw.find("\r\n\r\n").unwrap()];
    assert!(!head.contains("\r\nBcc"), "{head}");
    let message = MessageParser::default().parse(&bytes).unwrap();
    assert!(message.bcc().is_none());
    let subject = message.subject().unwrap();
    assert!(!subject.contains(['\r', '\n']), "{subject:?}");
    assert!(
        subject.contains("Evil Bcc: victim@example.org"),
        "{subject:?}"
    );
    // In the HTML the name is text, not markup.
    assert!(!message.body_html(0).unwrap().contains("<b>body</b>"));
}

#[test]
fn the_briefing_templates_can_be_overridden_by_name() {
    let work = briefing_work(CONFIG);
    work.write(
        "content/templates/email.txt",
        "My briefing for {{ day.iso }}: {{ event_count }} events\n",
    );
    let text =
        String::from_utf8(digest(&work, &["--date", "2026-03-02", "--format", "text"])).unwrap();
    assert_eq!(text, "My briefing for 2026-03-02: 3 events\n");
    // The email's plain-text part is the same template.
    let message = digest(&work, &["--date", "2026-03-02"]);
    let message = MessageParser::default().parse(&message).unwrap();
    assert_eq!(
        message.body_text(0).unwrap().replace("\r\n", "\n"),
        "My briefing for 2026-03-02: 3 events\n"
    );
    let markdown = String::from_utf8(digest(
        &work,
        &["--date", "2026-03-02", "--format", "markdown"],
    ))
    .unwrap();
    assert!(
        markdown.contains("## [Züge und Straßen](<https://example.org/brief/topics/zuege/>)"),
        "{markdown}"
    );
}
