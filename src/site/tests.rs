//! Tests of writing a site: the swap, the refusals, the lock and keeping unchanged files.

use super::*;
use crate::render::Sink;

/// The names of the entries of `dir`, sorted.
pub(super) fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

pub(super) fn file(path: &str, text: &str) -> OutputFile {
    OutputFile {
        path: path.into(),
        contents: text.as_bytes().to_vec(),
    }
}

#[test]
fn writes_then_replaces_a_site_it_made() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    write_atomically(
        &out,
        &[file("a/index.html", "one")],
        &Protected::default(),
        false,
    )
    .unwrap();
    assert!(out.join(MARKER).is_file());
    write_atomically(&out, &[file("b.html", "two")], &Protected::default(), false).unwrap();
    assert!(!out.join("a").exists());
    assert_eq!(fs::read_to_string(out.join("b.html")).unwrap(), "two");
    // The old site is kept as the spare the next build is written into.
    let spare = dir.path().join(".public.annals-spare");
    assert_eq!(names_in(dir.path()), [".public.annals-spare", "public"]);
    assert_eq!(
        fs::read_to_string(spare.join("a/index.html")).unwrap(),
        "one"
    );
    write_atomically(
        &out,
        &[file("b.html", "two"), file("c/index.html", "three")],
        &Protected::default(),
        false,
    )
    .unwrap();
    assert_eq!(names_in(&out), [MANIFEST, MARKER, "b.html", "c"]);
    assert_eq!(fs::read_to_string(out.join("b.html")).unwrap(), "two");
    assert_eq!(names_in(&spare), [MANIFEST, MARKER, "b.html"]);
    assert_eq!(fs::read_to_string(spare.join("b.html")).unwrap(), "two");
}

#[test]
fn a_site_abandoned_half_written_leaves_the_previous_one_whole() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    write_atomically(&out, &[file("a.html", "old")], &Protected::default(), false).unwrap();
    let writer = SiteWriter::open(&out, &Protected::default(), false).unwrap();
    writer.write(file("a.html", "new"), 0).unwrap();
    writer.write(file("b/index.html", "new"), 0).unwrap();
    let err = writer.write(file("a.html", "again"), 0).unwrap_err();
    assert!(err.to_string().contains("same output path a.html"), "{err}");
    drop(writer);
    assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "old");
    assert!(!out.join("b").exists());
    assert_eq!(names_in(dir.path()), ["public"]);
}

#[test]
fn files_written_in_any_order_give_the_same_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        file("b/index.html", "b"),
        file("a.html", "a"),
        file("c", "c"),
    ];
    let mut manifests = Vec::new();
    for order in [[0, 1, 2], [2, 0, 1]] {
        let out = dir.path().join(format!("public{}", order[0]));
        let writer = SiteWriter::open(&out, &Protected::default(), false).unwrap();
        for i in order {
            writer.write(files[i].clone(), 0).unwrap();
        }
        let report = writer.finish().unwrap();
        assert_eq!((report.files, report.bytes), (3, 3));
        manifests.push(fs::read_to_string(out.join(MANIFEST)).unwrap());
    }
    assert_eq!(manifests[0], manifests[1]);
    let paths: Vec<&str> = manifests[0]
        .lines()
        .skip(1)
        .map(|l| l.rsplit(' ').next().unwrap())
        .collect();
    assert_eq!(paths, ["a.html", "b/index.html", "c"]);
}

#[test]
fn refuses_a_folder_it_did_not_make() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("mine");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("thesis.tex"), "precious").unwrap();
    let err =
        write_atomically(&out, &[file("x.html", "x")], &Protected::default(), false).unwrap_err();
    assert!(err.to_string().contains("not made by annals"), "{err}");
    assert_eq!(
        fs::read_to_string(out.join("thesis.tex")).unwrap(),
        "precious"
    );
}

#[test]
fn refuses_content_config_and_their_parents() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    fs::create_dir(&content).unwrap();
    let protected = Protected {
        content: Some(content.clone()),
        config_dir: Some(content.clone()),
        home: None,
    };
    assert!(check_output(&content, &protected, true).is_err());
    assert!(check_output(dir.path(), &protected, true).is_err());
    assert!(check_output(&content.join("public"), &protected, true).is_err());
    assert!(check_output(Path::new("/"), &protected, true).is_err());
    assert!(check_output(&dir.path().join("public"), &protected, false).is_ok());
}

#[test]
fn temporaries_of_killed_builds_are_removed_but_unknown_folders_kept() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    // Killed before the marker was written: empty.
    fs::create_dir(dir.path().join(".public.annals-tmp-11")).unwrap();
    // Killed while writing: has the marker.
    fs::create_dir(dir.path().join(".public.annals-tmp-12")).unwrap();
    fs::write(dir.path().join(".public.annals-tmp-12").join(MARKER), "").unwrap();
    // Not ours, whatever its name says: kept.
    fs::create_dir(dir.path().join(".public.annals-tmp-13")).unwrap();
    fs::write(dir.path().join(".public.annals-tmp-13/notes.txt"), "mine").unwrap();
    write_atomically(
        &out,
        &[file("index.html", "x")],
        &Protected::default(),
        false,
    )
    .unwrap();
    assert!(!dir.path().join(".public.annals-tmp-11").exists());
    assert!(!dir.path().join(".public.annals-tmp-12").exists());
    assert!(dir.path().join(".public.annals-tmp-13/notes.txt").is_file());
}

#[test]
fn a_failed_write_keeps_the_previous_site() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    write_atomically(
        &out,
        &[file("index.html", "old")],
        &Protected::default(),
        false,
    )
    .unwrap();
    let bad = [file("ok.html", "new"), file("../escape.html", "x")];
    assert!(write_atomically(&out, &bad, &Protected::default(), false).is_err());
    assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
    assert!(!out.join("ok.html").exists());
    assert!(!dir.path().join("escape.html").exists());
}

#[test]
fn unchanged_pages_keep_their_file_and_changed_ones_are_rewritten() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let p = Protected::default();
    write_atomically(
        &out,
        &[file("a.html", "same"), file("b.html", "old")],
        &p,
        false,
    )
    .unwrap();
    let inode = |name: &str| fs::metadata(out.join(name)).unwrap().ino();
    let (a, b) = (inode("a.html"), inode("b.html"));
    let report = write_atomically(
        &out,
        &[file("a.html", "same"), file("b.html", "new")],
        &p,
        false,
    )
    .unwrap();
    assert_eq!(report.kept, 1);
    assert_eq!(inode("a.html"), a, "an unchanged page is the same file");
    assert_ne!(inode("b.html"), b);
    assert_eq!(fs::read_to_string(out.join("b.html")).unwrap(), "new");
    // A page changed by hand to another length is written again.
    fs::write(out.join("a.html"), "edited by hand").unwrap();
    write_atomically(&out, &[file("a.html", "same")], &p, false).unwrap();
    assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "same");
}

#[test]
fn a_held_lock_refuses_a_second_build() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    // Our own pid is alive, so this lock is not stale.
    fs::write(
        dir.path().join(".public.annals-lock"),
        format!("{}\n", std::process::id()),
    )
    .unwrap();
    let err =
        write_atomically(&out, &[file("a.html", "a")], &Protected::default(), false).unwrap_err();
    assert!(err.to_string().contains("another annals build"), "{err}");
    // A lock left by a process that is gone is taken over.
    fs::write(dir.path().join(".public.annals-lock"), "4000000000\n").unwrap();
    write_atomically(&out, &[file("a.html", "a")], &Protected::default(), false).unwrap();
}

#[test]
fn a_page_kept_by_its_fingerprint_is_the_same_file_without_being_given() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let p = Protected::default();
    let writer = SiteWriter::open(&out, &p, false).unwrap();
    // Nothing to keep in a first build.
    assert!(!writer.keep("a.html", 5).unwrap());
    writer.write(file("a.html", "page"), 5).unwrap();
    writer.write(file("feed.xml", "feed"), 0).unwrap();
    writer.finish().unwrap();
    let inode = || fs::metadata(out.join("a.html")).unwrap().ino();
    let first = inode();
    // The second build links from the first; the third finds the file already in the spare.
    for _ in 0..2 {
        let writer = SiteWriter::open(&out, &p, false).unwrap();
        assert!(!writer.keep("a.html", 6).unwrap(), "another fingerprint");
        assert!(!writer.keep("feed.xml", 0).unwrap(), "no fingerprint");
        assert!(!writer.keep("b.html", 5).unwrap(), "another path");
        assert!(writer.keep("../a.html", 5).is_err());
        assert!(writer.keep("a.html", 5).unwrap());
        let err = writer.keep("a.html", 5).unwrap_err();
        assert!(err.to_string().contains("same output path a.html"), "{err}");
        writer.write(file("feed.xml", "feed"), 0).unwrap();
        let report = writer.finish().unwrap();
        assert_eq!((report.files, report.kept, report.not_rendered), (2, 2, 1));
        assert_eq!(report.bytes, 8);
        assert_eq!(inode(), first);
        assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "page");
        let manifest = fs::read_to_string(out.join(MANIFEST)).unwrap();
        assert!(
            manifest.contains(" 4 0000000000000005 a.html\n"),
            "{manifest}"
        );
    }
    // A kept file that lost its recorded length is not kept.
    fs::remove_file(out.join("a.html")).unwrap();
    fs::write(out.join("a.html"), "edited").unwrap();
    let writer = SiteWriter::open(&out, &p, false).unwrap();
    assert!(!writer.keep("a.html", 5).unwrap());
}
