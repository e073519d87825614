//! Keeps unchanged pages of the previous site as they are: same inode, same mtime.
//!
//! Every build writes a manifest (`.annals-manifest`: xxh3 hash, length and path of each file)
//! into the site. The next build hashes each page it rendered; a page whose hash and length match
//! the manifest, and whose old file still has that length, is hard-linked from the previous site
//! into the new one instead of being written. The atomic swap is unchanged: the new folder is
//! complete before it replaces the old one, and removing the old folder only drops the extra
//! links. A page edited by hand in the output (same length, other bytes) would survive one build;
//! the manifest, not the file, is trusted, which is why the length is checked as well.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

/// The manifest's file name inside the site.
pub const MANIFEST: &str = ".annals-manifest";
const HEADER: &str = "annals manifest 1";

/// Hash and length of each file of a site, by relative path.
#[derive(Debug, Default)]
pub struct Manifest {
    files: HashMap<String, (u64, u64)>,
}

impl Manifest {
    /// Reads the manifest of the site at `site`; an absent or unreadable one is empty.
    pub fn read(site: &Path) -> Manifest {
        let Ok(text) = fs::read_to_string(site.join(MANIFEST)) else {
            return Manifest::default();
        };
        let mut lines = text.lines();
        if lines.next() != Some(HEADER) {
            return Manifest::default();
        }
        let files = lines
            .filter_map(|line| {
                let mut parts = line.splitn(3, ' ');
                let hash = u64::from_str_radix(parts.next()?, 16).ok()?;
                let len = parts.next()?.parse().ok()?;
                Some((parts.next()?.to_string(), (hash, len)))
            })
            .collect();
        Manifest { files }
    }

    /// Whether the previous site holds exactly `contents` at `path` (hash `hash`).
    pub fn unchanged(&self, previous: &Path, path: &str, hash: u64, contents: &[u8]) -> bool {
        let len = contents.len() as u64;
        self.files.get(path) == Some(&(hash, len))
            && fs::symlink_metadata(previous.join(path))
                .is_ok_and(|m| m.is_file() && m.len() == len)
    }
}

/// The hash a manifest records for `contents`.
pub fn content_hash(contents: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(contents)
}

/// The text of a manifest for `(path, hash, len)` entries, in the given order.
pub fn manifest_text<'a>(entries: impl Iterator<Item = (&'a str, u64, u64)>) -> String {
    let mut out = format!("{HEADER}\n");
    for (path, hash, len) in entries {
        out.push_str(&format!("{hash:016x} {len} {path}\n"));
    }
    out
}
