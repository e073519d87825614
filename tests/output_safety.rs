//! The output folder under hostile conditions: a build killed with SIGKILL at any moment leaves
//! the old site or the new one, never a mix; `/` and the home folder are refused even with
//! `--force`; a second build while one holds the lock is refused.
//!
//! Complements `tests/output.rs` (failed builds, content and config folders, foreign folders).

mod common;

use common::{Work, tree};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A tiny seeded PRNG (xorshift64*), so the kill moments are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

/// Writes `n` small dated articles under `dir`, enough to make a build take a moment.
fn write_many_articles(dir: &Path, n: usize) {
    for i in 0..n {
        let day = 1 + i % 28;
        let text = format!(
            "+++\ntitle = \"Council report number {i} on harbour works\"\ndate = 2026-02-{day:02}T{:02}:00:00Z\nsource = \"Outlet {}\"\n+++\nThe council met for session {i} and discussed item {} of the harbour works.\n",
            i % 24,
            i % 7,
            i * 7 % 1000
        );
        fs::write(dir.join(format!("a{i:05}.md")), text).unwrap();
    }
}

fn annals_build(cwd: &Path, content: &str, output: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_annals"));
    command
        // No article cache: every build does the whole work, so kills land in every stage.
        .args(["build", "-q", "--no-cache", "-c", content, "-o", output])
        .current_dir(cwd)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    command
}

fn build_ok(cwd: &Path, content: &str, output: &str) {
    let out = annals_build(cwd, content, output).output().unwrap();
    assert!(
        out.status.success(),
        "build of {content} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn siblings(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_old_site_or_the_new_one() {
    let work = Work::shipped();
    let big = work.path().join("big");
    fs::create_dir(&big).unwrap();
    write_many_articles(&big, 1500);
    let root = work.path();

    build_ok(root, "big", "new-reference");
    let new: BTreeMap<String, Vec<u8>> = tree(&root.join("new-reference"));
    build_ok(root, "content", "public");
    let old = tree(&root.join("public"));
    assert_ne!(old, new);

    // How long a whole build takes here: kill moments are spread over it (and a little past
    // it, so some kills land after the swap). This only picks moments; nothing asserts on it.
    let started = Instant::now();
    build_ok(root, "big", "timing");
    let span = started.elapsed().as_micros() as u64 * 11 / 10;

    let mut rng = Rng(0x5eed_a11a);
    let (mut saw_old, mut saw_new) = (0, 0);
    for run in 0..20 {
        let mut child = annals_build(root, "big", "public").spawn().unwrap();
        std::thread::sleep(Duration::from_micros(rng.next() % span.max(1)));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let now = tree(&root.join("public"));
        if now == old {
            saw_old += 1;
        } else if now == new {
            saw_new += 1;
        } else {
            let mixed: Vec<_> = now
                .keys()
                .filter(|k| old.get(*k) != now.get(*k))
                .take(5)
                .collect();
            panic!("run {run}: the output is neither the old site nor the new one: {mixed:?}");
        }
        // Whatever the kill left behind (a temporary sibling, a stale lock) must not stop the
        // next build, which puts the old site back for the next round.
        build_ok(root, "content", "public");
        assert_eq!(
            tree(&root.join("public")),
            old,
            "run {run}: rebuild differs"
        );
    }
    eprintln!("killed builds left the old site {saw_old} times and the new one {saw_new} times");
    assert_eq!(
        siblings(root),
        [
            ".public.annals-spare",
            "big",
            "content",
            "new-reference",
            "public",
            "timing"
        ],
        "leftovers beside the output"
    );
}

#[test]
fn a_second_build_is_refused_while_the_lock_is_held() {
    let work = Work::shipped();
    build_ok(work.path(), "content", "public");
    let before = tree(&work.path().join("public"));
    // This test process is alive, so a lock naming it is held.
    fs::write(
        work.path().join(".public.annals-lock"),
        format!("{}\n", std::process::id()),
    )
    .unwrap();
    let run = work.build("public", &["--format", "markdown"]);
    run.expect_code(1);
    assert!(
        run.stderr.contains("another annals build"),
        "{}",
        run.stderr
    );
    assert_eq!(tree(&work.path().join("public")), before);
    // Once the lock is released, the build goes ahead.
    fs::remove_file(work.path().join(".public.annals-lock")).unwrap();
    work.build("public", &["--format", "markdown"])
        .expect_code(0);
}

#[test]
fn the_file_system_root_is_refused_even_with_force() {
    let work = Work::case("markdown-basic");
    let run = work.build("/", &["--force"]);
    run.expect_code(1);
    assert!(run.stderr.contains("refusing"), "{}", run.stderr);
    assert!(run.stderr.contains("root"), "{}", run.stderr);
}

#[test]
fn the_home_folder_is_refused_even_with_force() {
    let work = Work::case("markdown-basic");
    work.write("home/notes.txt", "precious");
    let before = tree(work.path());
    let out = Command::new(env!("CARGO_BIN_EXE_annals"))
        .args(["build", "-c", "content", "-o", "home", "--force"])
        .current_dir(work.path())
        .env("HOME", work.path().join("home"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("home folder"), "{stderr}");
    assert!(tree(work.path()) == before, "files changed");
}
