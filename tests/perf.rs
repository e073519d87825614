//! The parallel and incremental build: the same site whatever the number of threads, with or
//! without the cache; unchanged pages keep their files; a damaged or foreign cache is ignored
//! with a note. No timings are asserted (see scripts/bench-vs-hugo.sh for those).

mod common;

use common::{Work, tree};
use std::os::unix::fs::MetadataExt;
use std::process::Command;

fn build_with_threads(work: &Work, out: &str, threads: &str) {
    let output = Command::new(env!("CARGO_BIN_EXE_annals"))
        .args(["-q", "build", "-c", "content", "-o", out, "--no-cache"])
        .current_dir(work.path())
        .env("RAYON_NUM_THREADS", threads)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
}

#[test]
fn one_thread_and_all_cores_build_the_same_bytes() {
    let work = Work::shipped();
    build_with_threads(&work, "one", "1");
    build_with_threads(&work, "many", "4");
    let (one, many) = (
        tree(&work.path().join("one")),
        tree(&work.path().join("many")),
    );
    assert!(one.len() > 10);
    assert_eq!(one, many);
}

#[test]
fn a_cached_rebuild_gives_the_same_site_and_keeps_unchanged_pages() {
    let work = Work::shipped();
    work.build("public", &["--no-cache"]).expect_code(0);
    let uncached = tree(&work.path().join("public"));
    work.build("public", &[]).expect_code(0);
    assert!(work.content().join(".annals-cache/articles.bin").is_file());
    let style = work.path().join("public/style.css");
    let before = std::fs::metadata(&style).unwrap().ino();
    let run = work.build("public", &["-v", "--full"]);
    run.expect_code(0);
    // The same files; only the manifest differs, as it names the saved model the site shows.
    let without_manifest = |mut site: std::collections::BTreeMap<String, Vec<u8>>| {
        site.remove(".annals-manifest");
        site
    };
    assert_eq!(
        without_manifest(tree(&work.path().join("public"))),
        without_manifest(uncached)
    );
    assert!(
        run.stderr.contains("18 files from the cache"),
        "{}",
        run.stderr
    );
    for stage in [
        "files",
        "parse",
        "extract",
        "group",
        "summarize",
        "render",
        "write",
    ] {
        assert!(run.stderr.contains(stage), "no {stage} in {}", run.stderr);
    }
    assert_eq!(std::fs::metadata(&style).unwrap().ino(), before);

    // A new article: it is read, everything else comes from the cache.
    work.write(
        "content/2026/02/10/new.md",
        "+++\ntitle = \"A new report on the talks\"\ndate = 2026-02-10T09:00:00Z\n+++\nIt is new.\n",
    );
    let run = work.build("public", &["-v"]);
    run.expect_code(0);
    assert!(
        run.stderr.contains("18 files from the cache"),
        "{}",
        run.stderr
    );
    assert!(
        work.read("public/digest/2026-02-10/index.html")
            .contains("A new report on the talks")
    );
    assert_eq!(std::fs::metadata(&style).unwrap().ino(), before);
}

#[test]
fn a_damaged_or_foreign_cache_is_ignored_with_a_note() {
    let work = Work::shipped();
    work.build("public", &[]).expect_code(0);
    let expected = tree(&work.path().join("public"));
    let cache = work.content().join(".annals-cache/articles.bin");
    let bytes = std::fs::read(&cache).unwrap();

    let mut damaged = bytes.clone();
    let middle = damaged.len() / 2;
    damaged[middle] ^= 0x55;
    std::fs::write(&cache, &damaged).unwrap();
    let run = work.build("public", &[]);
    run.expect_code(0);
    assert!(
        run.stderr.contains("note: cache") && run.stderr.contains("damaged"),
        "{}",
        run.stderr
    );
    assert_eq!(tree(&work.path().join("public")), expected);

    // The same cache as an older annals would have written it.
    let version = env!("CARGO_PKG_VERSION").as_bytes();
    let at = bytes
        .windows(version.len())
        .position(|w| w == version)
        .unwrap();
    let mut foreign = bytes.clone();
    foreign[at..at + 5].copy_from_slice(b"0.0.9");
    std::fs::write(&cache, &foreign).unwrap();
    let run = work.build("public", &[]);
    assert!(
        run.stderr.contains("written by annals 0.0.9"),
        "{}",
        run.stderr
    );
    assert_eq!(tree(&work.path().join("public")), expected);

    // Not an annals cache at all.
    std::fs::write(&cache, b"junk").unwrap();
    let run = work.build("public", &[]);
    assert!(
        run.stderr.contains("is not an annals cache"),
        "{}",
        run.stderr
    );
    assert_eq!(tree(&work.path().join("public")), expected);
}
