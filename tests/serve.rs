//! `annals serve`: serves a built site, rebuilds it when an article changes, shows a broken
//! article or template in the page while it keeps serving, and reloads pages through its poll.
//!
//! The server runs as a child process on a free port. Requests are plain HTTP/1.1 over a std
//! `TcpStream`. Waiting for a rebuild is polling with one generous overall deadline, never a
//! timed assertion: the test fails only when the new text never shows.

#![cfg(feature = "serve")]

mod common;

use common::Work;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

/// How long anything may take before the test gives up (debug builds on a busy machine).
const DEADLINE: Duration = Duration::from_secs(120);

/// A running `annals serve`, killed when dropped (also when the test fails).
struct Server {
    child: Child,
    port: u16,
    output: Arc<Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Starts `annals serve --port 0` in `work` and waits for its "Serving" line.
    fn start(work: &Work) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_annals"))
            .args(["serve", "--port", "0", "-c", "content"])
            .current_dir(work.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("cannot start annals serve");
        let output = Arc::new(Mutex::new(String::new()));
        let (lines, first_lines) = mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        let stderr = child.stderr.take().unwrap();
        for (stream, lines) in [
            (Box::new(stdout) as Box<dyn Read + Send>, Some(lines)),
            (Box::new(stderr), None),
        ] {
            let output = Arc::clone(&output);
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    output.lock().unwrap().push_str(&format!("{line}\n"));
                    if let Some(lines) = &lines {
                        let _ = lines.send(line);
                    }
                }
            });
        }
        let started = Instant::now();
        let port = loop {
            let left = DEADLINE.saturating_sub(started.elapsed());
            match first_lines.recv_timeout(left) {
                Ok(line) => {
                    if let Some(rest) = line.strip_prefix("Serving http://127.0.0.1:") {
                        let port = rest.split('/').next().unwrap();
                        break port.parse().expect("no port in the Serving line");
                    }
                }
                Err(_) => panic!(
                    "annals serve never said where it serves:\n{}",
                    output.lock().unwrap()
                ),
            }
        };
        Server {
            child,
            port,
            output,
        }
    }

    /// `GET path`: the status and the body, or `None` when the server does not answer.
    fn get(&self, path: &str) -> Option<(u16, String)> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).ok()?;
        stream.set_read_timeout(Some(DEADLINE)).ok()?;
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .ok()?;
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).ok()?;
        let text = String::from_utf8(bytes).expect("the response is not UTF-8");
        let (head, body) = text.split_once("\r\n\r\n")?;
        let status = head.split(' ').nth(1)?.parse().ok()?;
        Some((status, body.to_string()))
    }

    /// A page that must be there: its body.
    #[track_caller]
    fn page(&self, path: &str) -> String {
        match self.get(path) {
            Some((200, body)) => body,
            other => panic!(
                "GET {path} gave {other:?}\n--- server output\n{}",
                self.log()
            ),
        }
    }

    /// Fetches `path` until its body satisfies `done`, and returns that body.
    #[track_caller]
    fn wait_for(&self, path: &str, what: &str, done: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        let mut last = None;
        while started.elapsed() < DEADLINE {
            last = self.get(path);
            if let Some((200, body)) = &last
                && done(body)
            {
                return body.clone();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "{path} never showed {what}; last answer {last:?}\n--- server output\n{}",
            self.log()
        );
    }

    fn log(&self) -> String {
        self.output.lock().unwrap().clone()
    }
}

/// Replaces a file in one step, as editors do, so the server never reads half of it.
fn save(work: &Work, rel: &str, text: &str) {
    let path = work.path().join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let temp = path.with_file_name(".saving.tmp");
    std::fs::write(&temp, text).unwrap();
    std::fs::rename(&temp, &path).unwrap();
}

#[test]
fn serve_rebuilds_on_change_and_shows_broken_input_in_the_page() {
    let work = Work::case("markdown-basic");
    let server = Server::start(&work);

    // The site is served as HTML (the case's config asks for Markdown: serve previews HTML),
    // with the live reload script and without a problem banner.
    let index = server.page("/");
    assert!(index.contains("Harbour town"), "{index}");
    assert!(
        index.contains("/__annals/poll"),
        "no reload script: {index}"
    );
    assert!(!index.contains("annals-problems"), "{index}");
    let style = server.page("/style.css");
    assert!(style.contains('{'), "{style}");
    let budget = server.page("/topics/budget/");
    assert!(
        budget.contains("Council approves the 2026 budget"),
        "{budget}"
    );
    assert_eq!(server.get("/topics/budget").map(|r| r.0), Some(307));
    assert_eq!(server.get("/no/such/page/").map(|r| r.0), Some(404));
    let generation: u64 = server.page("/__annals/poll?since=999999").parse().unwrap();

    // An edit shows up, and a poll waiting on the old generation answers with a newer one.
    let original = work.read("content/budget-approved.md");
    save(
        &work,
        "content/budget-approved.md",
        &original.replace(
            "approves the 2026 budget",
            "approves the zebra crossing budget",
        ),
    );
    let after: u64 = server
        .page(&format!("/__annals/poll?since={generation}"))
        .parse()
        .unwrap();
    assert!(after > generation, "{after} after {generation}");
    server.wait_for("/topics/budget/", "the edited title", |body| {
        body.contains("Council approves the zebra crossing budget")
    });

    // A broken article is skipped: the error shows in every page and the rest is served.
    save(
        &work,
        "content/broken.md",
        "+++\ntitle = \"Unclosed\ndate = 2026-02-03\n+++\nText.\n",
    );
    let index = server.wait_for("/", "the problem banner", |body| {
        body.contains("annals-problems")
    });
    assert!(index.contains("content/broken.md"), "{index}");
    assert!(index.contains("(skipped)"), "{index}");
    let budget = server.page("/topics/budget/");
    assert!(budget.contains("content/broken.md"), "{budget}");
    assert!(budget.contains("zebra crossing"), "{budget}");

    // A broken template fails the rebuild: the error shows and the last good pages stay.
    save(
        &work,
        "content/templates/topic.html",
        "{% extends \"base.html\" %}\n{% block content %}{% if %}{% endblock content %}\n",
    );
    let budget = server.wait_for("/topics/budget/", "the template error", |body| {
        body.contains("topic.html line 2")
    });
    assert!(
        budget.contains("zebra crossing"),
        "last good page gone: {budget}"
    );
    assert!(budget.contains("last good build"), "{budget}");

    // Fixing both brings a clean site back.
    std::fs::remove_file(work.path().join("content/templates/topic.html")).unwrap();
    std::fs::remove_file(work.path().join("content/broken.md")).unwrap();
    server.wait_for("/topics/budget/", "a page without problems", |body| {
        !body.contains("annals-problems") && body.contains("zebra crossing")
    });
    let log = server.log();
    assert!(log.contains("warning: content/broken.md"), "{log}");
    assert!(log.contains("still serving the last good build"), "{log}");
}

#[test]
fn serve_without_a_content_folder_says_so() {
    let work = Work::empty();
    let run = work.run(&["serve", "--port", "0", "-c", "missing"]);
    run.expect_code(1);
    assert!(
        run.stderr.contains("content folder missing does not exist"),
        "{}",
        run.stderr
    );
}
