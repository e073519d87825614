//! `annals digest`: the daily briefing email and its other forms. Messages are parsed back
//! with mail-parser (MIME structure, headers, encoding, header injection); `email_send.rs`
//! delivers them to a real SMTP server.

#[path = "support/briefing.rs"]
mod briefing;
mod common;

use briefing::{CONFIG, briefing_work, digest};
use common::{Work, count};
use mail_parser::{MessageParser, MimeHeaders};

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
