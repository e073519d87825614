//! `annals digest --send` against a real SMTP server: aiosmtpd, run by
//! `tests/support/smtp_sink.py` on 127.0.0.1. The tests skip with a printed reason when python3
//! cannot import aiosmtpd, and fail instead when the `CI` variable is set (CI installs it).

#[path = "support/briefing.rs"]
mod briefing;
mod common;

use briefing::{CONFIG, briefing_work};
use common::Work;
use mail_parser::MessageParser;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

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
