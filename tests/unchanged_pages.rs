//! Unchanged pages across builds: a page or feed whose inputs did not change since the previous build is neither
//! rendered nor written again, so its file (inode, mtime) stays; and the site such a build
//! leaves is byte for byte the site a build into an empty folder makes.

mod common;

use common::{Work, assert_same_as_a_fresh_build, not_rendered, not_viewed, tree};
use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

/// Every file below `root` by relative path, with its inode.
fn inodes(root: &Path) -> BTreeMap<String, u64> {
    tree(root)
        .into_keys()
        .map(|rel| {
            let ino = std::fs::metadata(root.join(&rel)).unwrap().ino();
            (rel, ino)
        })
        .collect()
}

/// The files of a site that are kept by their fingerprint: its pages (`index.html`,
/// `index.md` and `_index.md`), its feeds (`atom.xml`) and the topics' `timeline.json`.
fn page_count(site: &BTreeMap<String, Vec<u8>>) -> usize {
    site.keys()
        .filter(|p| {
            ["index.html", "index.md", "atom.xml", "timeline.json"]
                .iter()
                .any(|end| p.ends_with(end))
        })
        .count()
}

/// Files annals rewrites on every build whatever changed.
fn rewritten_every_time(path: &str) -> bool {
    path == ".annals-manifest" || path == ".annals-output"
}

#[test]
fn a_second_build_renders_no_page_and_keeps_every_file() {
    let work = Work::shipped();
    work.build("public", &["--format", "both"]).expect_code(0);
    let site = work.path().join("public");
    let before = inodes(&site);
    let run = work.build("public", &["--format", "both", "-v"]);
    run.expect_code(0);
    let pages = page_count(&tree(&site));
    assert!(pages > 20, "{pages} pages");
    assert_eq!(not_rendered(&run), pages, "{}", run.stderr);
    let after = inodes(&site);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    for (path, ino) in &before {
        if !rewritten_every_time(path) {
            assert_eq!(after[path], *ino, "{path} was written again");
        }
    }
    assert_same_as_a_fresh_build(&work, &["--format", "both"]);
}

#[test]
fn a_changed_headline_rewrites_exactly_the_pages_that_show_it() {
    let work = Work::shipped();
    let both = ["--format", "both"];
    work.build("public", &both).expect_code(0);
    let site = work.path().join("public");
    let (old_files, old_inodes) = (tree(&site), inodes(&site));

    let article = "content/culture/library-reopens.md";
    let text = work.read(article);
    let old_title = "City library reopens after three-year renovation";
    assert!(text.contains(old_title));
    work.write(
        article,
        text.replace(old_title, "City library opens its doors again"),
    );
    let run = work.build("public", &["--format", "both", "-v"]);
    run.expect_code(0);
    let (new_files, new_inodes) = (tree(&site), inodes(&site));

    let mut changed = 0;
    let mut kept = 0;
    for (path, bytes) in &new_files {
        if rewritten_every_time(path) {
            continue;
        }
        match old_files.get(path) {
            Some(old) if old == bytes => {
                kept += 1;
                assert_eq!(
                    new_inodes[path], old_inodes[path],
                    "{path} is the same file"
                );
            }
            Some(_) => {
                changed += 1;
                assert_ne!(new_inodes[path], old_inodes[path], "{path} is a new file");
            }
            None => {}
        }
    }
    let showing = |title: &str| {
        new_files
            .values()
            .filter(|bytes| String::from_utf8_lossy(bytes).contains(title))
            .count()
    };
    assert!(showing("opens its doors") > 0);
    assert_eq!(showing(old_title), 0);
    assert!(
        changed > 0 && kept > changed,
        "{changed} changed, {kept} kept"
    );
    let skipped = not_rendered(&run);
    assert!(
        skipped > 0 && skipped < page_count(&new_files),
        "{skipped} pages not re-rendered"
    );
    assert_same_as_a_fresh_build(&work, &both);

    // A new article, placed into the saved model: the pages it reaches are rendered again.
    work.write(
        "content/culture/library-late-opening.md",
        "+++\ntitle = \"City library adds late opening on Fridays\"\n\
         date = \"2026-02-13T10:00:00+01:00\"\n+++\n\
         The central city library will stay open until ten on Fridays, staff said.\n",
    );
    let run = work.build("public", &["--format", "both", "-v"]);
    run.expect_code(0);
    let site = tree(&work.path().join("public"));
    assert!(site.iter().any(|(path, bytes)| path.ends_with("index.html")
        && String::from_utf8_lossy(bytes).contains("late opening on Fridays")));
    assert!(not_rendered(&run) > 0, "{}", run.stderr);
    // The model placed into is the one the site showed: the pages the new article does not
    // reach are kept without their views being made.
    assert!(not_viewed(&run) > 0, "{}", run.stderr);
    assert_same_as_a_fresh_build(&work, &both);
}

#[test]
fn a_changed_template_renders_every_page_again() {
    let work = Work::shipped();
    let topic = std::fs::read_to_string(common::repo().join("templates/topic.html")).unwrap();
    let class = "page page-topic";
    assert!(topic.contains(class));
    work.write("templates/topic.html", &topic);
    let args = ["--templates", "templates", "-v"];
    work.build("public", &args).expect_code(0);
    let run = work.build("public", &args);
    run.expect_code(0);
    assert!(not_rendered(&run) > 0, "{}", run.stderr);

    work.write(
        "templates/topic.html",
        topic.replace(class, "page page-topic page-edited"),
    );
    let run = work.build("public", &args);
    run.expect_code(0);
    assert_eq!(not_rendered(&run), 0, "{}", run.stderr);
    let site = tree(&work.path().join("public"));
    let topics: Vec<&String> = site
        .keys()
        .filter(|p| p.starts_with("topics/") && p.ends_with("/index.html"))
        .collect();
    assert!(!topics.is_empty());
    for path in topics {
        assert!(
            String::from_utf8_lossy(&site[path]).contains("page-edited"),
            "{path} was not rendered again"
        );
    }
    assert_same_as_a_fresh_build(&work, &["--templates", "templates"]);
}

#[test]
fn an_old_or_damaged_manifest_renders_everything() {
    let work = Work::shipped();
    work.build("public", &[]).expect_code(0);
    let manifest = work.path().join("public/.annals-manifest");
    let current = std::fs::read_to_string(&manifest).unwrap();
    assert!(current.starts_with("annals manifest 2\n"));
    // As annals wrote it before fingerprints, as a torn write, and as noise.
    let old: String = current
        .lines()
        .skip(1)
        .filter(|line| !line.starts_with("render "))
        .map(|line| {
            let parts: Vec<&str> = line.splitn(4, ' ').collect();
            format!("{} {} {}\n", parts[0], parts[1], parts[3])
        })
        .collect();
    let damaged = [
        format!("annals manifest 1\n{old}").into_bytes(),
        current.as_bytes()[..current.len() / 2].to_vec(),
        b"annals manifest 2\n\xff\xfe zz 12\n\n0 0 0\n".to_vec(),
    ];
    for (n, bytes) in damaged.iter().enumerate() {
        std::fs::write(&manifest, bytes).unwrap();
        let run = work.build("public", &["-v"]);
        run.expect_code(0);
        let skipped = not_rendered(&run);
        // Half a manifest keeps at most the pages of its whole lines.
        if n == 1 {
            assert!(skipped < page_count(&tree(&work.path().join("public"))));
        } else {
            assert_eq!(skipped, 0, "manifest {n}: {}", run.stderr);
        }
        assert_same_as_a_fresh_build(&work, &[]);
    }
}

#[test]
fn a_page_edited_by_hand_to_another_length_is_rendered_again() {
    let work = Work::shipped();
    work.build("public", &[]).expect_code(0);
    let page = work.path().join("public/index.html");
    let original = std::fs::read(&page).unwrap();
    // Written through a new file, as an editor saving would: the previous build's spare still
    // holds the original, so the edit cannot reach it through a shared link.
    std::fs::remove_file(&page).unwrap();
    std::fs::write(&page, "edited by hand").unwrap();
    work.build("public", &[]).expect_code(0);
    assert_eq!(std::fs::read(&page).unwrap(), original);
}
