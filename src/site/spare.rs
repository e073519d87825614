//! Keeps the previous site as a spare and builds the next one inside it, instead of removing
//! the old site after every swap and creating every folder of the new one.
//!
//! Why: a site has a folder per topic, day and entity (pretty URLs), thousands of them, and on
//! some file systems (ext4 mounted with `discard`, as on many virtual machines) removing a
//! folder costs milliseconds, because its freed block is trimmed at once. Removing the old
//! site then took longer than building a new one. Now the swap leaves the old site in a marked
//! sibling, `.NAME.annals-spare`; the next build renames it to its temporary folder, replaces
//! the files it writes, removes those it no longer has, and swaps as before. The previous site
//! is untouched until the swap, so a failed or killed build still leaves it whole.
//!
//! A file in the spare can be a hard link to the same file in the live site (an unchanged
//! page is linked, not copied), so a file is always unlinked before it is written: writing
//! into it would change the live site too.

use super::MARKER;
use std::collections::{HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The spare's path for the output folder `name` under `parent`.
pub fn spare_path(parent: &Path, name: &str) -> PathBuf {
    parent.join(format!(".{name}.annals-spare"))
}

/// Moves the spare (if there is one made by annals) to `staging`; true when it did.
pub fn take(spare: &Path, staging: &Path) -> bool {
    spare.join(MARKER).is_file() && fs::rename(spare, staging).is_ok()
}

/// Makes `path` (inside the staging folder `root`) free for a new file: removes whatever is
/// there, and any file standing where one of its folders must go.
pub fn clear_for_file(root: &Path, path: &Path) -> io::Result<()> {
    let mut ancestor = path.parent();
    while let Some(dir) = ancestor {
        if dir == root || !dir.starts_with(root) {
            break;
        }
        if let Ok(meta) = fs::symlink_metadata(dir)
            && !meta.is_dir()
        {
            // Another thread writing into the same folder may have removed it first.
            match fs::remove_file(dir) {
                Err(err) if err.kind() != io::ErrorKind::NotFound => return Err(err),
                _ => {}
            }
        }
        ancestor = dir.parent();
    }
    remove_any(path)
}

/// Removes a file, link or folder at `path`; nothing there is fine.
fn remove_any(path: &Path) -> io::Result<()> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => fs::remove_dir_all(path),
        Ok(_) => fs::remove_file(path),
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(err) => Err(err),
    }
}

/// One entry of a spare as it was when the build took it: its path and whether it is a folder.
pub type Listed = (PathBuf, bool);

/// Lists the spare `root` on a thread of its own, as the build takes it: walking thousands of
/// folders is mostly waiting on the file system (about a second for the 15,000 files of a
/// 100,000-article site), and done this way it overlaps rendering instead of following it.
pub fn list_in_background(root: PathBuf) -> std::thread::JoinHandle<io::Result<Vec<Listed>>> {
    std::thread::spawn(move || list(&root))
}

/// Every entry under `root`. The build writes into the folder meanwhile, so an entry that is
/// gone by the time it is read (a folder that stood where a file must go) is left out.
pub fn list(root: &Path) -> io::Result<Vec<Listed>> {
    let mut listed = Vec::new();
    for entry in walkdir::WalkDir::new(root).min_depth(1) {
        match entry {
            Ok(entry) => {
                let is_dir = entry.file_type().is_dir();
                listed.push((entry.into_path(), is_dir));
            }
            Err(err)
                if err
                    .io_error()
                    .is_some_and(|e| e.kind() == io::ErrorKind::NotFound) => {}
            Err(err) => return Err(io::Error::other(err)),
        }
    }
    Ok(listed)
}

/// Removes from the staging folder `root` every file of `listed` (what the spare held, from
/// `list`) that is not in `keep` (relative paths with `/`), nor the marker or `manifest`, and
/// then every folder left empty. Files this build wrote are all in `keep`, so whatever the
/// listing missed of them is never at stake.
///
/// Only folders left with nothing in them are removed: a site has thousands of folders and
/// after a small change nearly all of them still hold their page, so trying to remove each
/// one (and failing) was most of the time this took. A folder that this build also wrote a
/// new file into is not empty, and its removal fails harmlessly.
pub fn prune(
    root: &Path,
    listed: &[Listed],
    keep: &HashSet<&str>,
    manifest: &str,
) -> io::Result<()> {
    // For each folder: how many entries it holds, and how many of them are gone.
    let mut folders: HashMap<&Path, (usize, usize)> = HashMap::new();
    for (path, is_dir) in listed {
        let rel = path
            .strip_prefix(root)
            .map_err(io::Error::other)?
            .to_string_lossy()
            .replace('\\', "/");
        let mut removed = false;
        if *is_dir {
            folders.entry(path.as_path()).or_default();
        } else if !keep.contains(rel.as_str()) && rel != MARKER && rel != manifest {
            match fs::remove_file(path) {
                Ok(()) => removed = true,
                // Gone already, or the build has made a folder where the old file stood.
                Err(err) if err.kind() == io::ErrorKind::NotFound => removed = true,
                Err(_) if fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()) => {}
                Err(err) => return Err(err),
            }
        }
        if let Some(parent) = path.parent() {
            let counts = folders.entry(parent).or_default();
            counts.0 += 1;
            counts.1 += usize::from(removed);
        }
    }
    // Deepest first, so a folder emptied by the removal of its last subfolder goes too.
    let mut order: Vec<&Path> = folders.keys().copied().filter(|f| *f != root).collect();
    order.sort_by_key(|f| std::cmp::Reverse(f.components().count()));
    for folder in order {
        let (entries, gone) = folders[folder];
        // A folder that still holds something is kept (a failed removal changes nothing).
        if entries == gone
            && fs::remove_dir(folder).is_ok()
            && let Some(parent) = folder.parent()
            && let Some(counts) = folders.get_mut(parent)
        {
            counts.1 += 1;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::tests::{file, names_in};

    #[test]
    fn a_spare_with_a_file_where_a_folder_must_go_is_written_over() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let build = |files: &[crate::render::OutputFile]| {
            crate::site::write_atomically(&out, files, &crate::site::Protected::default(), false)
                .unwrap();
        };
        build(&[file("x", "a file")]);
        build(&[file("y", "other")]);
        // The spare now holds the first site, whose `x` is a file.
        let files = [
            file("x/index.html", "a page"),
            file("x/more/index.html", "a deeper page"),
        ];
        build(&files);
        assert_eq!(names_in(&out), [crate::site::MANIFEST, MARKER, "x"]);
        assert_eq!(
            fs::read_to_string(out.join("x/index.html")).unwrap(),
            "a page"
        );
        assert_eq!(
            fs::read_to_string(out.join("x/more/index.html")).unwrap(),
            "a deeper page"
        );
    }

    #[test]
    fn a_file_is_unlinked_before_it_is_written_so_a_hard_link_to_it_keeps_its_text() {
        let dir = tempfile::tempdir().unwrap();
        let live = dir.path().join("live.html");
        fs::write(&live, "live").unwrap();
        let staging = dir.path().join("staging");
        fs::create_dir(&staging).unwrap();
        let page = staging.join("page.html");
        fs::hard_link(&live, &page).unwrap();
        clear_for_file(&staging, &page).unwrap();
        fs::write(&page, "new").unwrap();
        assert_eq!(fs::read_to_string(&live).unwrap(), "live");
        assert_eq!(fs::read_to_string(&page).unwrap(), "new");
    }

    #[test]
    fn a_folder_or_a_file_in_the_way_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("a/old")).unwrap();
        fs::write(root.join("a/old/index.html"), "x").unwrap();
        fs::write(root.join("b"), "was a file").unwrap();
        clear_for_file(root, &root.join("a")).unwrap();
        assert!(!root.join("a").exists());
        clear_for_file(root, &root.join("b/index.html")).unwrap();
        assert!(!root.join("b").exists());
    }

    #[test]
    fn prune_keeps_what_was_written_and_removes_the_rest_with_empty_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for path in [
            "keep/index.html",
            "gone/index.html",
            "keep/gone.html",
            "x/y/z.html",
        ] {
            let path = root.join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "x").unwrap();
        }
        fs::create_dir_all(root.join("empty/deeper")).unwrap();
        fs::write(root.join(MARKER), "").unwrap();
        fs::write(root.join("manifest"), "").unwrap();
        let keep: HashSet<&str> = ["keep/index.html"].into_iter().collect();
        let listed = list(root).unwrap();
        prune(root, &listed, &keep, "manifest").unwrap();
        let mut left: Vec<String> = walkdir::WalkDir::new(root)
            .min_depth(1)
            .into_iter()
            .map(|e| {
                let e = e.unwrap();
                e.path()
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        left.sort();
        assert_eq!(left, [MARKER, "keep", "keep/index.html", "manifest"]);
    }

    #[test]
    fn only_a_marked_spare_is_taken() {
        let dir = tempfile::tempdir().unwrap();
        let spare = spare_path(dir.path(), "public");
        let staging = dir.path().join("staging");
        fs::create_dir(&spare).unwrap();
        assert!(!take(&spare, &staging), "an unmarked folder is not ours");
        assert!(spare.is_dir() && !staging.exists());
        fs::write(spare.join(MARKER), "").unwrap();
        assert!(take(&spare, &staging));
        assert!(!spare.exists() && staging.join(MARKER).is_file());
    }
}
