//! Writes the built site atomically, and refuses to write where it could destroy something.
//!
//! The new site is written into a temporary sibling folder, then swapped with the old one in a
//! single `renameat2(RENAME_EXCHANGE)` on Linux (two renames elsewhere), so a build that fails or
//! is killed leaves the previous site whole. annals leaves a marker file in every folder it
//! creates and only ever replaces a folder that carries it (or, with `--force`, an empty one or
//! one the user names explicitly); it refuses outright to replace `/`, the home folder, the
//! content folder, the config's folder, a repository root, or any folder that contains them.
//! A lock file next to the output stops two builds from swapping at the same time. The old site
//! is not removed after the swap but kept as the spare the next build is written into
//! (`spare`), because removing thousands of folders can take longer than a build.

mod lock;
mod reuse;
mod spare;

use lock::Lock;

use crate::render::OutputFile;
use anyhow::{Context as _, Result, bail};
pub use reuse::MANIFEST;
use std::fs;
use std::path::{Path, PathBuf};

/// The file that marks a folder as made by annals.
pub const MARKER: &str = ".annals-output";

/// Folders the output must never be, be inside, or contain.
#[derive(Debug, Clone, Default)]
pub struct Protected {
    pub content: Option<PathBuf>,
    pub config_dir: Option<PathBuf>,
    pub home: Option<PathBuf>,
}

/// What a write did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriteReport {
    pub files: usize,
    pub bytes: u64,
    /// Files unchanged since the previous build, linked rather than written.
    pub kept: usize,
}

/// Checks that `output` is a folder annals may replace. Nothing is written.
pub fn check_output(output: &Path, protected: &Protected, force: bool) -> Result<()> {
    let output = absolute(output)?;
    if output.parent().is_none() {
        bail!(
            "refusing to write into {}: it is the file system root",
            output.display()
        );
    }
    if let Some(home) = &protected.home
        && absolute(home)? == output
    {
        bail!(
            "refusing to write into {}: it is your home folder",
            output.display()
        );
    }
    for (what, dir) in [
        ("content", &protected.content),
        ("config", &protected.config_dir),
    ] {
        let Some(dir) = dir else { continue };
        let dir = absolute(dir)?;
        if dir.starts_with(&output) {
            bail!(
                "refusing to write into {}: it holds the {what} folder {} (choose another --output)",
                output.display(),
                dir.display()
            );
        }
        if what == "content" && output.starts_with(&dir) {
            bail!(
                "refusing to write into {}: it is inside the content folder {}, whose files would be read as articles",
                output.display(),
                dir.display()
            );
        }
    }
    if output.join(".git").exists() {
        bail!(
            "refusing to write into {}: it is a repository root",
            output.display()
        );
    }
    if output.exists() {
        if !output.is_dir() {
            bail!(
                "refusing to write to {}: it is a file, not a folder",
                output.display()
            );
        }
        let made_by_us = output.join(MARKER).is_file();
        let empty = fs::read_dir(&output)
            .with_context(|| format!("cannot read {}", output.display()))?
            .next()
            .is_none();
        if !made_by_us && !empty && !force {
            bail!(
                "refusing to write into {}: it is not empty and was not made by annals (use --force to replace it)",
                output.display()
            );
        }
    }
    Ok(())
}

/// Writes `files` as the new content of `output`, replacing the old content in one swap.
pub fn write_atomically(
    output: &Path,
    files: &[OutputFile],
    protected: &Protected,
    force: bool,
) -> Result<WriteReport> {
    use rayon::prelude::*;
    let writer = SiteWriter::open(output, protected, force)?;
    // Files are hashed, linked or written on all cores; the first error wins.
    files.par_iter().try_for_each(|file| writer.write(file))?;
    writer.finish()
}

/// A new site being written: each file goes into a temporary sibling of the output as soon as
/// it is rendered, and `finish` swaps the folder into place.
///
/// Why files are written as they come rather than all at the end: a big corpus renders
/// hundreds of megabytes of pages, and holding them all until the last one is rendered was
/// the peak of a build's memory. Nothing is lost by writing early: the temporary folder is
/// only swapped in by `finish`, so a build that fails half-way (a template error, a full
/// disk) removes it when the writer is dropped and leaves the previous site whole, and a
/// build that is killed leaves a marked temporary folder the next build removes.
pub struct SiteWriter {
    output: PathBuf,
    staging: PathBuf,
    /// Where the old site is kept after the swap, for the next build to write into.
    spare: PathBuf,
    /// Whether `staging` is a spare being reused (so paths may hold old files).
    reused: bool,
    /// Held while a file's place is cleared in a reused spare (see `write`).
    clearing: std::sync::Mutex<()>,
    /// The previous site's manifest, for linking unchanged files.
    manifest: reuse::Manifest,
    /// Path, hash, length and whether it was linked, of each file written so far.
    written: std::sync::Mutex<Vec<(String, u64, u64, bool)>>,
    /// Paths written so far, so two files never claim one path.
    paths: std::sync::Mutex<std::collections::HashSet<String>>,
    finished: bool,
    _lock: Lock,
}

impl SiteWriter {
    /// Checks `output`, takes the lock next to it and creates the temporary folder.
    pub fn open(output: &Path, protected: &Protected, force: bool) -> Result<SiteWriter> {
        check_output(output, protected, force)?;
        let output = absolute(output)?;
        let parent = output
            .parent()
            .context("output folder has no parent")?
            .to_path_buf();
        fs::create_dir_all(&parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
        let name = output
            .file_name()
            .context("output folder has no name")?
            .to_string_lossy()
            .into_owned();
        let lock = Lock::acquire(&parent.join(format!(".{name}.annals-lock")))?;
        remove_stale_temporaries(&parent, &name);

        let staging = parent.join(format!(".{name}.annals-tmp-{}", std::process::id()));
        if staging.exists() {
            fs::remove_dir_all(&staging)
                .with_context(|| format!("cannot clear {}", staging.display()))?;
        }
        let spare = spare::spare_path(&parent, &name);
        let reused = spare::take(&spare, &staging);
        let writer = SiteWriter {
            manifest: reuse::Manifest::read(&output),
            output,
            staging,
            spare,
            reused,
            clearing: Default::default(),
            written: Default::default(),
            paths: Default::default(),
            finished: false,
            _lock: lock,
        };
        let root = &writer.staging;
        fs::create_dir_all(root).with_context(|| format!("cannot create {}", root.display()))?;
        fs::write(
            root.join(MARKER),
            "This folder was written by annals; the next build replaces it whole.\n",
        )
        .with_context(|| format!("cannot write into {}", root.display()))?;
        Ok(writer)
    }

    /// Writes one file of the new site, or hard-links it from the previous site when the
    /// manifest shows it unchanged. May be called from several threads at once.
    pub fn write(&self, file: &OutputFile) -> Result<()> {
        crate::render::check_output_path(&file.path)?;
        if !self
            .paths
            .lock()
            .expect("not poisoned")
            .insert(file.path.clone())
        {
            bail!("two pages want the same output path {}", file.path);
        }
        let path = self.staging.join(&file.path);
        {
            // In a reused spare, clearing what stands in a file's way and making its folders is
            // done one file at a time: two files of one new folder must not both replace an
            // old file of that name. It is a few system calls; writing stays parallel.
            let _one_at_a_time = self
                .reused
                .then(|| self.clearing.lock().expect("not poisoned"));
            if self.reused {
                spare::clear_for_file(&self.staging, &path)
                    .with_context(|| format!("cannot replace {}", path.display()))?;
            }
            if let Some(dir) = path.parent() {
                fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create {}", dir.display()))?;
            }
        }
        let hash = reuse::content_hash(&file.contents);
        let kept = self
            .manifest
            .unchanged(&self.output, &file.path, hash, &file.contents)
            && fs::hard_link(self.output.join(&file.path), &path).is_ok();
        if !kept {
            fs::write(&path, &file.contents)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        self.written.lock().expect("not poisoned").push((
            file.path.clone(),
            hash,
            file.contents.len() as u64,
            kept,
        ));
        Ok(())
    }

    /// Writes the manifest (files in path order) and swaps the new site into place.
    pub fn finish(mut self) -> Result<WriteReport> {
        let mut written = std::mem::take(&mut *self.written.lock().expect("not poisoned"));
        written.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        if self.reused {
            let keep: std::collections::HashSet<&str> =
                written.iter().map(|w| w.0.as_str()).collect();
            spare::prune(&self.staging, &keep, MANIFEST)
                .with_context(|| format!("cannot tidy {}", self.staging.display()))?;
        }
        let manifest_text = reuse::manifest_text(
            written
                .iter()
                .map(|(path, hash, len, _)| (path.as_str(), *hash, *len)),
        );
        fs::write(self.staging.join(MANIFEST), manifest_text)
            .with_context(|| format!("cannot write into {}", self.staging.display()))?;
        swap_into_place(&self.staging, &self.output, &self.spare)?;
        self.finished = true;
        Ok(WriteReport {
            files: written.len(),
            bytes: written.iter().map(|w| w.2).sum(),
            kept: written.iter().filter(|w| w.3).count(),
        })
    }
}

impl Drop for SiteWriter {
    /// An unfinished site is removed: the previous one stays as it was.
    fn drop(&mut self) {
        if !self.finished {
            let _ = remove_marked(&self.staging);
        }
    }
}

/// Puts `staging` where `output` is, and keeps the old output as the spare.
fn swap_into_place(staging: &Path, output: &Path, spare: &Path) -> Result<()> {
    if !output.exists() {
        return fs::rename(staging, output)
            .with_context(|| format!("cannot move the new site into {}", output.display()));
    }
    if exchange(staging, output).is_ok() {
        // `staging` now holds the previous site.
        return keep_as_spare(staging, spare);
    }
    let old = staging.with_extension("old");
    fs::rename(output, &old).with_context(|| format!("cannot move {} aside", output.display()))?;
    if let Err(err) = fs::rename(staging, output) {
        let _ = fs::rename(&old, output);
        return Err(err)
            .with_context(|| format!("cannot move the new site into {}", output.display()));
    }
    keep_as_spare(&old, spare)
}

/// Renames the previous site `old` to `spare`, or removes it when that fails.
fn keep_as_spare(old: &Path, spare: &Path) -> Result<()> {
    if spare.join(MARKER).is_file() {
        let _ = remove_marked(spare);
    }
    if fs::rename(old, spare).is_ok() {
        return Ok(());
    }
    remove_marked(old)
        .with_context(|| format!("cannot remove the previous site at {}", old.display()))
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<()> {
    Err(std::io::Error::other("no atomic exchange on this system"))
}

/// Removes a folder, its marker last: a removal cut short (a killed build) leaves a folder
/// that still carries the marker, which the next build then removes (`remove_stale_temporaries`).
fn remove_marked(dir: &Path) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name() == MARKER {
            continue;
        }
        if entry.file_type()?.is_dir() {
            fs::remove_dir_all(entry.path())?;
        } else {
            fs::remove_file(entry.path())?;
        }
    }
    fs::remove_dir_all(dir)
}

/// Removes temporary folders left by builds that were killed, if they carry our marker. A build
/// killed between creating its folder and writing the marker leaves it empty: an empty folder of
/// that name is removed too (removing an empty folder loses nothing; a non-empty one without
/// the marker is left alone).
fn remove_stale_temporaries(parent: &Path, name: &str) {
    let prefix = format!(".{name}.annals-tmp-");
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if !file_name.starts_with(&prefix) {
            continue;
        }
        if entry.path().join(MARKER).is_file() {
            let _ = remove_marked(&entry.path());
        } else {
            let _ = fs::remove_dir(entry.path()); // Fails unless empty.
        }
    }
}

/// An absolute form of `path` without touching the file system beyond the current folder.
fn absolute(path: &Path) -> Result<PathBuf> {
    let abs =
        std::path::absolute(path).with_context(|| format!("cannot resolve {}", path.display()))?;
    // Resolve symlinks where the folder exists, so two spellings of one folder compare equal.
    Ok(fs::canonicalize(&abs).unwrap_or(abs))
}

#[cfg(test)]
mod tests {
    use super::*;

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
        writer.write(&file("a.html", "new")).unwrap();
        writer.write(&file("b/index.html", "new")).unwrap();
        let err = writer.write(&file("a.html", "again")).unwrap_err();
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
                writer.write(&files[i]).unwrap();
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
        let err = write_atomically(&out, &[file("x.html", "x")], &Protected::default(), false)
            .unwrap_err();
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
        let err = write_atomically(&out, &[file("a.html", "a")], &Protected::default(), false)
            .unwrap_err();
        assert!(err.to_string().contains("another annals build"), "{err}");
        // A lock left by a process that is gone is taken over.
        fs::write(dir.path().join(".public.annals-lock"), "4000000000\n").unwrap();
        write_atomically(&out, &[file("a.html", "a")], &Protected::default(), false).unwrap();
    }
}
