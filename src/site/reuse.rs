//! Keeps unchanged pages of the previous site as they are: same inode, same mtime, and where
//! possible not even rendered.
//!
//! Every build writes a manifest (`.annals-manifest`: xxh3 hash, length, fingerprint and path of
//! each file) into the site. A file is carried over from the previous site, by hard-linking it
//! into the new one instead of writing it, in one of two ways:
//! - Before rendering (`Manifest::kept`): a page whose fingerprint (`render::fingerprint`: the
//!   hash of the annals executable, every template, the format, the template name, the page's
//!   folder and its view) is the one the manifest records for its path, and whose old file
//!   still has the recorded length, is not rendered at all. The invariant this rests on: a
//!   page's bytes are a pure function of what its fingerprint covers, so the same fingerprint
//!   means the same bytes, and the old file holds the bytes recorded with it. Files made
//!   without a fingerprint (feeds, exports, static files, the search index) record 0, which
//!   never matches.
//! - After rendering (`Manifest::unchanged`): a file whose hash and length match the manifest,
//!   and whose old file still has that length, is linked rather than written.
//!
//! Either way, when the staging folder is the reused spare (the site of two builds ago) and it
//! already holds that very file (same inode: the page has not changed for two builds), the file
//! is left where it is instead of being unlinked and linked again.
//!
//! A third way skips even the fingerprint: the manifest records which model the site shows
//! (`render::render_id`: the model's generation, the code, templates and format). A build that
//! extended exactly that model keeps each page its changes do not reach (`Manifest::as_before`),
//! with the entry it had, without making the page's view (`render::views::Views::reusing`).
//!
//! The atomic swap is unchanged: the new folder is complete before it replaces the old one, and
//! removing the old folder only drops the extra links. A page edited by hand in the output
//! (same length, other bytes) would survive until its inputs change; the manifest, not the
//! file, is trusted, which is why the length is checked as well. A manifest of another format
//! version, or one that cannot be read, counts as empty: everything is rendered and written.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

/// The manifest's file name inside the site.
pub const MANIFEST: &str = ".annals-manifest";
const HEADER: &str = "annals manifest 2";
/// The optional second line: `render <hex>`, what the site shows (`render::render_id`). An
/// older reader takes it for a broken entry and leaves it out.
const RENDER: &str = "render ";

/// What a manifest records of one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// xxh3 of the file's bytes (`content_hash`).
    pub hash: u64,
    pub len: u64,
    /// What the file was made from (`render::fingerprint`), or 0.
    pub fingerprint: u64,
}

/// What the manifest records of each file of a site, by relative path.
#[derive(Debug, Default)]
pub struct Manifest {
    files: HashMap<String, Entry>,
    /// What the site shows (`render::render_id`), when the build that made it recorded it.
    pub render_id: Option<u64>,
}

impl Manifest {
    /// Reads the manifest of the site at `site`; an absent, unreadable or older one is empty.
    pub fn read(site: &Path) -> Manifest {
        let Ok(text) = fs::read_to_string(site.join(MANIFEST)) else {
            return Manifest::default();
        };
        Manifest::parse(&text)
    }

    /// The manifest in `text`; lines that do not read as entries are left out.
    fn parse(text: &str) -> Manifest {
        let mut lines = text.lines().peekable();
        if lines.next() != Some(HEADER) {
            return Manifest::default();
        }
        let render_id = lines
            .next_if(|line| line.starts_with(RENDER))
            .and_then(|line| u64::from_str_radix(&line[RENDER.len()..], 16).ok());
        let files = lines
            .filter_map(|line| {
                let mut parts = line.splitn(4, ' ');
                let hash = u64::from_str_radix(parts.next()?, 16).ok()?;
                let len = parts.next()?.parse().ok()?;
                let fingerprint = u64::from_str_radix(parts.next()?, 16).ok()?;
                let entry = Entry {
                    hash,
                    len,
                    fingerprint,
                };
                Some((parts.next()?.to_string(), entry))
            })
            .collect();
        Manifest { files, render_id }
    }

    /// Whether the previous site holds exactly `contents` at `path` (hash `hash`).
    pub fn unchanged(&self, previous: &Path, path: &str, hash: u64, contents: &[u8]) -> bool {
        let len = contents.len() as u64;
        self.files
            .get(path)
            .is_some_and(|e| e.hash == hash && e.len == len)
            && still_there(previous, path, len)
    }

    /// The entry of `path` when the previous site's file there was made from the inputs
    /// `fingerprint` names, and is still there with its recorded length.
    pub fn kept(&self, previous: &Path, path: &str, fingerprint: u64) -> Option<Entry> {
        let entry = *self.files.get(path)?;
        (fingerprint != 0
            && entry.fingerprint == fingerprint
            && still_there(previous, path, entry.len))
        .then_some(entry)
    }
}

impl Manifest {
    /// The entry of `path` when the previous site made it with a fingerprint (a page, a feed or
    /// a TimelineJS document, not an always-made file) and still has it with its recorded
    /// length: the caller knows its inputs are as they were.
    pub fn as_before(&self, previous: &Path, path: &str) -> Option<Entry> {
        let entry = *self.files.get(path)?;
        (entry.fingerprint != 0 && still_there(previous, path, entry.len)).then_some(entry)
    }

    /// The bytes of the previous site's file at `path`, when they are the ones the manifest
    /// records (same length and hash).
    pub fn previous(&self, previous: &Path, path: &str) -> Option<Vec<u8>> {
        let entry = self.files.get(path)?;
        let bytes = fs::read(previous.join(path)).ok()?;
        (bytes.len() as u64 == entry.len && content_hash(&bytes) == entry.hash).then_some(bytes)
    }
}

/// Whether the previous site has a file (not a link or folder) of `len` bytes at `path`.
fn still_there(previous: &Path, path: &str, len: u64) -> bool {
    fs::symlink_metadata(previous.join(path)).is_ok_and(|m| m.is_file() && m.len() == len)
}

/// The hash a manifest records for `contents`.
pub fn content_hash(contents: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(contents)
}

/// The text of a manifest for `(path, entry)` pairs, in the given order.
pub fn manifest_text<'a>(
    render_id: Option<u64>,
    entries: impl Iterator<Item = (&'a str, Entry)>,
) -> String {
    let mut out = format!("{HEADER}\n");
    if let Some(id) = render_id {
        out.push_str(&format!("{RENDER}{id:016x}\n"));
    }
    for (path, e) in entries {
        out.push_str(&format!(
            "{:016x} {} {:016x} {path}\n",
            e.hash, e.len, e.fingerprint
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_reads_back_what_was_written() {
        let entry = Entry {
            hash: 0xabc,
            len: 12,
            fingerprint: 0xdef,
        };
        let text = manifest_text(Some(0x5eed), [("a b/index.html", entry)].into_iter());
        let manifest = Manifest::parse(&text);
        assert_eq!(manifest.files.get("a b/index.html"), Some(&entry));
        assert_eq!(manifest.render_id, Some(0x5eed));
        let text = manifest_text(None, [("a b/index.html", entry)].into_iter());
        let manifest = Manifest::parse(&text);
        assert_eq!(manifest.files.len(), 1);
        assert_eq!(manifest.render_id, None);
    }

    #[test]
    fn an_older_or_broken_manifest_reads_as_empty() {
        let old = "annals manifest 1\n0000000000000abc 12 index.html\n";
        assert!(Manifest::parse(old).files.is_empty());
        let broken = "annals manifest 2\nzz 12 0 index.html\n00ab 1\n\u{0}\n";
        assert!(Manifest::parse(broken).files.is_empty());
        assert!(Manifest::parse("").files.is_empty());
    }
}
