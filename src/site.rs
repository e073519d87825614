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
//! (`spare`), because removing thousands of folders can take longer than a build. A page whose
//! inputs have not changed since the previous build is linked from it without being rendered
//! (`reuse`, and `render::Sink::keep`).

mod lock;
mod reuse;
mod spare;

use lock::Lock;

use crate::render::{OutputFile, Sink};
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
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteReport {
    pub files: usize,
    pub bytes: u64,
    /// Files unchanged since the previous build, linked rather than written.
    pub kept: usize,
    /// Of those, pages kept before they were rendered (their fingerprint unchanged, or their
    /// inputs known to be unchanged).
    pub not_rendered: usize,
    /// Of those, pages kept without even making their views (inputs known to be unchanged).
    pub not_viewed: usize,
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
    files
        .par_iter()
        .try_for_each(|file| writer.place(file, crate::render::fingerprint::NO_FINGERPRINT))?;
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
    /// What the reused spare held, listed while the build goes on (`spare::list_in_background`).
    spare_listing: Option<std::thread::JoinHandle<std::io::Result<Vec<spare::Listed>>>>,
    /// Held while a file's place is cleared in a reused spare (see `write`).
    clearing: std::sync::Mutex<()>,
    /// The previous site's manifest, for linking unchanged files.
    manifest: reuse::Manifest,
    /// What the new site shows (`render::render_id`), for its manifest.
    render_id: Option<u64>,
    /// Each file placed so far, for the next manifest and the report.
    written: std::sync::Mutex<Vec<Written>>,
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
        let spare_listing = reused.then(|| spare::list_in_background(staging.clone()));
        let writer = SiteWriter {
            manifest: reuse::Manifest::read(&output),
            render_id: None,
            output,
            staging,
            spare,
            reused,
            spare_listing,
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

    /// What the previous site shows (`render::render_id`), if its manifest says.
    pub fn previous_render_id(&self) -> Option<u64> {
        self.manifest.render_id
    }

    /// Records what the new site shows, for its manifest; `None` records nothing, and the next
    /// build then keeps no page without its fingerprint.
    pub fn set_render_id(&mut self, render_id: Option<u64>) {
        self.render_id = render_id;
    }

    /// Claims `path` for one file: checks it is a safe path no other file has taken, and makes
    /// its place in the staging folder. When the file is to be linked to the previous site's
    /// file `linking` and a reused spare already holds that very file there (an unchanged page
    /// is one file in every build), it is left as it is.
    fn claim(&self, path: &str, linking: Option<&Path>) -> Result<Claimed> {
        crate::render::check_output_path(path)?;
        if !self
            .paths
            .lock()
            .expect("not poisoned")
            .insert(path.to_string())
        {
            bail!("two pages want the same output path {path}");
        }
        let place = self.staging.join(path);
        // In a reused spare, clearing what stands in a file's way and making its folders is
        // done one file at a time: two files of one new folder must not both replace an old
        // file of that name. It is a few system calls; writing stays parallel.
        let _one_at_a_time = self
            .reused
            .then(|| self.clearing.lock().expect("not poisoned"));
        if self.reused {
            if linking.is_some_and(|old| same_file(old, &place)) {
                return Ok(Claimed::AlreadyLinked);
            }
            spare::clear_for_file(&self.staging, &place)
                .with_context(|| format!("cannot replace {}", place.display()))?;
        }
        if let Some(dir) = place.parent() {
            fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        Ok(Claimed::Free(place))
    }

    /// Writes one file of the new site, or hard-links it from the previous site when the
    /// manifest shows it unchanged. May be called from several threads at once.
    fn place(&self, file: &OutputFile, fingerprint: u64) -> Result<()> {
        let old = self.output.join(&file.path);
        let hash = reuse::content_hash(&file.contents);
        let unchanged = self
            .manifest
            .unchanged(&self.output, &file.path, hash, &file.contents);
        let claimed = self.claim(&file.path, unchanged.then_some(old.as_path()))?;
        let linked = match &claimed {
            Claimed::AlreadyLinked => true,
            Claimed::Free(place) => unchanged && fs::hard_link(&old, place).is_ok(),
        };
        if let (false, Claimed::Free(place)) = (linked, &claimed) {
            fs::write(place, &file.contents)
                .with_context(|| format!("cannot write {}", place.display()))?;
        }
        self.record(Written {
            path: file.path.clone(),
            entry: reuse::Entry {
                hash,
                len: file.contents.len() as u64,
                fingerprint,
            },
            how: if linked { How::Linked } else { How::Written },
        });
        Ok(())
    }

    fn record(&self, written: Written) {
        self.written.lock().expect("not poisoned").push(written);
    }

    /// Writes the manifest (files in path order) and swaps the new site into place.
    pub fn finish(mut self) -> Result<WriteReport> {
        let mut written = std::mem::take(&mut *self.written.lock().expect("not poisoned"));
        written.sort_unstable_by(|a, b| a.path.cmp(&b.path));
        if let Some(listing) = self.spare_listing.take() {
            let keep: std::collections::HashSet<&str> =
                written.iter().map(|w| w.path.as_str()).collect();
            listing
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                .and_then(|listed| spare::prune(&self.staging, &listed, &keep, MANIFEST))
                .with_context(|| format!("cannot tidy {}", self.staging.display()))?;
        }
        let manifest_text = reuse::manifest_text(
            self.render_id,
            written.iter().map(|w| (w.path.as_str(), w.entry)),
        );
        fs::write(self.staging.join(MANIFEST), manifest_text)
            .with_context(|| format!("cannot write into {}", self.staging.display()))?;
        swap_into_place(&self.staging, &self.output, &self.spare)?;
        self.finished = true;
        let count = |how: How| written.iter().filter(|w| w.how == how).count();
        Ok(WriteReport {
            files: written.len(),
            bytes: written.iter().map(|w| w.entry.len).sum(),
            kept: count(How::Linked) + count(How::NotRendered) + count(How::AsBefore),
            not_rendered: count(How::NotRendered) + count(How::AsBefore),
            not_viewed: count(How::AsBefore),
        })
    }
}

/// A path claimed for a file (`SiteWriter::claim`).
enum Claimed {
    /// Free for the file, at this place in the staging folder.
    Free(PathBuf),
    /// Already holding the previous site's file, which the new file is linked to.
    AlreadyLinked,
}

/// Whether `a` is a file and `b` is the same file (another link to it).
#[cfg(unix)]
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (fs::symlink_metadata(a), fs::symlink_metadata(b)) {
        (Ok(a), Ok(b)) => a.is_file() && a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &Path, _: &Path) -> bool {
    false
}

/// A file of the new site as the manifest will record it.
struct Written {
    path: String,
    entry: reuse::Entry,
    how: How,
}

/// How a file got into the new site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum How {
    Written,
    /// Rendered, found identical to the previous build's file, and linked to it.
    Linked,
    /// Linked to the previous build's file without being rendered (its fingerprint unchanged).
    NotRendered,
    /// Linked to the previous build's file without its view being made (its inputs unchanged).
    AsBefore,
}

impl Sink for SiteWriter {
    fn write(&self, file: OutputFile, fingerprint: u64) -> Result<()> {
        self.place(&file, fingerprint)
    }

    /// Links the previous site's file at `path` when the manifest records `fingerprint` for it
    /// (see `reuse`). A link that fails is not an error: the page is then rendered and written.
    fn keep(&self, path: &str, fingerprint: u64) -> Result<bool> {
        let entry = self.manifest.kept(&self.output, path, fingerprint);
        self.link_previous(path, entry, How::NotRendered)
    }

    /// Links the previous site's file at `path`, whose inputs the caller knows are unchanged
    /// (see `reuse`), with the manifest entry it had.
    fn keep_as_before(&self, path: &str) -> Result<bool> {
        let entry = self.manifest.as_before(&self.output, path);
        self.link_previous(path, entry, How::AsBefore)
    }

    fn previous(&self, path: &str) -> Option<Vec<u8>> {
        self.manifest.previous(&self.output, path)
    }
}

impl SiteWriter {
    /// Puts the previous site's file at `path` into the new site with the manifest `entry` it
    /// had; `false` when there is no such entry or the link fails (the page is then made).
    fn link_previous(&self, path: &str, entry: Option<reuse::Entry>, how: How) -> Result<bool> {
        let Some(entry) = entry else {
            // Still refuse a bad path here, as `write` would, before the page is rendered.
            crate::render::check_output_path(path)?;
            return Ok(false);
        };
        let old = self.output.join(path);
        if let Claimed::Free(place) = self.claim(path, Some(&old))?
            && fs::hard_link(&old, &place).is_err()
        {
            // Give the path back, so the page can be written there.
            self.paths.lock().expect("not poisoned").remove(path);
            return Ok(false);
        }
        self.record(Written {
            path: path.to_string(),
            entry,
            how,
        });
        Ok(true)
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
mod tests;
