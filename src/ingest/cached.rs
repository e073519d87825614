//! Reading a content folder with the cache of parsed articles (`crate::cache`).
//!
//! A file whose size and mtime match its cache entry is not opened; one whose bytes hash to the
//! entry's hash is not parsed. Everything else is read as `read_folder` reads it, on all cores,
//! and the result is the same as an uncached read: the cache stores exactly what the readers
//! returned. A file that vanishes or cannot be read between listing and reading becomes one
//! warning naming it, not a failed build.

use super::{FileArticles, Ingested, ReadContext, ReadError, ingested_from, read_file};
use crate::cache::{ArticleCache, Entry};
use crate::model::Skipped;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// What a cached read did: each file's cache entry (which owns its articles) and the files
/// that could not be read. The entries are kept whole until the cache is saved from them, and
/// only then turned into the article list (`into_ingested`), so no article is held twice.
#[derive(Debug, Default)]
pub struct CachedRead {
    /// The cache entries for the next build, by relative path, in listing order.
    pub entries: Vec<(String, Entry)>,
    /// Files skipped while listing, and files that could not be read (not cached: an I/O
    /// failure may be gone next time).
    unreadable: Vec<Skipped>,
    /// Files taken from the cache without parsing.
    pub reused: usize,
    /// Whether `entries` differ from the cache as loaded (so it is worth saving).
    pub changed: bool,
    /// The indices in `entries` of those that are not the loaded ones (new, read again, or
    /// with a new mtime), which a journal append saves.
    pub fresh: Vec<usize>,
    /// Whether loaded entries were dropped (files no longer listed).
    pub removed: bool,
}

impl CachedRead {
    /// Every content file and its hash: what the saved model is checked against.
    pub fn hashes(&self) -> std::collections::BTreeMap<String, u64> {
        let entries = self.entries.iter();
        entries.map(|(path, e)| (path.clone(), e.hash)).collect()
    }

    /// The articles and skipped files, as `read_folder` gives them: sorted by path, the same
    /// article read twice merged, ids made unique.
    pub fn into_ingested(self) -> Ingested {
        let read = self
            .entries
            .into_iter()
            .map(|(rel, entry)| (rel, entry.read));
        ingested_from(read, self.unreadable)
    }
}

/// One file's cache entry and whether it came from the cache, or why it could not be read.
type FileOutcome = Result<(Entry, bool), ReadError>;

/// Reads `files` (listed under `root`), reusing `cache` where the files did not change. The
/// cache's entries are moved into the result, not copied, so a loaded entry and its copy are
/// never held at once; entries of files no longer listed are dropped.
pub fn read_files(
    root: &Path,
    files: &[PathBuf],
    listing_skipped: Vec<Skipped>,
    max_file_size: u64,
    context: &ReadContext,
    cache: ArticleCache,
) -> CachedRead {
    let mut cached = cache.entries;
    let listed: Vec<(String, Option<Entry>)> = files
        .iter()
        .map(|path| {
            let rel = super::relative_path(root, path);
            let entry = cached.remove(&rel);
            (rel, entry)
        })
        .collect();
    // Entries of files no longer listed are dropped: the cache on disk is then out of date.
    let mut changed = !cached.is_empty();
    drop(cached);
    let results: Vec<(String, FileOutcome, bool)> = files
        .par_iter()
        .zip(listed)
        .map(|(path, (rel, entry))| {
            let stamp = entry.as_ref().map(|e| (e.size, e.mtime_ns));
            let read = read_one(path, &rel, max_file_size, context, entry);
            // The entry as it was loaded: same size and mtime, taken from the cache.
            let same = matches!(&read, Ok((e, true)) if Some((e.size, e.mtime_ns)) == stamp);
            (rel, read, same)
        })
        .collect();
    let mut unreadable = listing_skipped;
    let mut entries = Vec::with_capacity(results.len());
    let mut reused = 0;
    let removed = changed;
    let mut fresh = Vec::new();
    for (rel, result, same) in results {
        changed |= !same;
        match result {
            Ok((entry, from_cache)) => {
                reused += usize::from(from_cache);
                if !same {
                    fresh.push(entries.len());
                }
                entries.push((rel, entry));
            }
            Err(err) => unreadable.push(Skipped {
                path: rel,
                reason: err.to_string(),
            }),
        }
    }
    CachedRead {
        entries,
        unreadable,
        reused,
        changed,
        fresh,
        removed,
    }
}

/// One file's entry, from its cache entry `cached` when it is unchanged (the flag says so).
fn read_one(
    path: &Path,
    rel: &str,
    max_file_size: u64,
    context: &ReadContext,
    mut cached: Option<Entry>,
) -> FileOutcome {
    let meta = std::fs::metadata(path).map_err(io_error)?;
    let size = meta.len();
    let mtime_ns = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as i128);
    if let Some(entry) =
        cached.take_if(|entry| entry.size == size && entry.mtime_ns == mtime_ns && mtime_ns != 0)
    {
        return Ok((entry, true));
    }
    if size > max_file_size {
        let err = ReadError::TooLarge {
            size,
            limit: max_file_size,
        };
        return Ok((new_entry(size, mtime_ns, 0, Err(err.to_string())), false));
    }
    let bytes = std::fs::read(path).map_err(io_error)?;
    let hash = xxhash_rust::xxh3::xxh3_64(&bytes);
    if let Some(mut entry) = cached
        && entry.hash == hash
        && entry.size == bytes.len() as u64
    {
        entry.mtime_ns = mtime_ns;
        return Ok((entry, true));
    }
    let read = read_file(
        &super::SourceFile {
            path: rel,
            bytes: &bytes,
        },
        context,
    )
    .map_err(|e| e.to_string());
    Ok((new_entry(bytes.len() as u64, mtime_ns, hash, read), false))
}

fn new_entry(size: u64, mtime_ns: i128, hash: u64, read: Result<FileArticles, String>) -> Entry {
    Entry {
        size,
        mtime_ns,
        hash,
        read,
    }
}

/// A failure to stat or read a listed file; one that vanished says so.
fn io_error(err: std::io::Error) -> ReadError {
    if err.kind() == std::io::ErrorKind::NotFound {
        ReadError::Io("the file disappeared during the build".into())
    } else {
        ReadError::Io(err.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_removed_after_listing_is_a_warning_not_a_failure() {
        let dir = tempfile::tempdir().unwrap();
        let kept = dir.path().join("2026-02-08-kept.txt");
        std::fs::write(&kept, "Kept\n\nIt stays.\n").unwrap();
        let gone = dir.path().join("2026-02-08-gone.txt");
        let context = ReadContext::new(chrono_tz::UTC);
        let read = read_files(
            dir.path(),
            &[gone, kept],
            Vec::new(),
            1 << 20,
            &context,
            ArticleCache::default(),
        );
        assert_eq!(read.entries.len(), 1, "an I/O failure is not cached");
        let ingested = read.into_ingested();
        assert_eq!(ingested.articles.len(), 1);
        assert_eq!(ingested.skipped.len(), 1);
        assert!(
            ingested.skipped[0].reason.contains("disappeared"),
            "{:?}",
            ingested.skipped
        );
    }

    #[test]
    fn unchanged_files_come_from_the_cache_and_changed_ones_are_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("2026-02-08-a.txt");
        let b = dir.path().join("2026-02-08-b.txt");
        std::fs::write(&a, "Alpha\n\nFirst text.\n").unwrap();
        std::fs::write(&b, "Beta\n\nSecond text.\n").unwrap();
        let context = ReadContext::new(chrono_tz::UTC);
        let files = [a.clone(), b.clone()];
        let first = read_files(
            dir.path(),
            &files,
            Vec::new(),
            1 << 20,
            &context,
            ArticleCache::default(),
        );
        assert_eq!(first.reused, 0);
        let cache = ArticleCache {
            entries: first.entries.into_iter().collect(),
            ..ArticleCache::default()
        };
        std::fs::write(&b, "Beta, changed\n\nSecond text.\n").unwrap();
        let second = read_files(dir.path(), &files, Vec::new(), 1 << 20, &context, cache);
        assert_eq!(second.reused, 1);
        assert!(first.changed && second.changed);
        // Read again unchanged: nothing to save. One file fewer: the cache is out of date.
        let cache = || ArticleCache {
            entries: second.entries.iter().cloned().collect(),
            ..ArticleCache::default()
        };
        let third = read_files(dir.path(), &files, Vec::new(), 1 << 20, &context, cache());
        assert_eq!((third.reused, third.changed), (2, false));
        let fewer = read_files(
            dir.path(),
            &files[..1],
            Vec::new(),
            1 << 20,
            &context,
            cache(),
        );
        assert!(fewer.changed);
        let titles: Vec<String> = second
            .into_ingested()
            .articles
            .into_iter()
            .map(|a| a.title)
            .collect();
        assert_eq!(titles, ["Alpha", "Beta, changed"]);
    }
}
