//! The cache of parsed articles that makes a rebuild skip every file that did not change.
//!
//! One file, `articles.bin` in the cache folder (`.annals-cache/` next to the config, or
//! `[build] cache_dir` / `--cache-dir`), read and written a block at a time. It maps each
//! content file's relative path to its size, mtime, xxh3 hash and what the reader made of it
//! (the articles, or the reason it was skipped). A file whose size and mtime are unchanged is
//! not even read; one whose bytes hash the same is not parsed again. The header holds the annals
//! version, the format version and a hash of the settings readers depend on (time zone,
//! `[input.fields]`, size limit): a cache written under others, or one that fails its checksum,
//! is ignored with a note and rebuilt, never trusted.

use crate::ingest::FileArticles;
use codec::{BLOCK, Decode, Reader, Slice, Writer};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

mod codec;
pub mod snapshot;

const MAGIC: &[u8; 8] = b"ANNALSC\x01";
/// Bumped whenever the encoding or any reader's output changes.
const FORMAT_VERSION: u32 = 2;
/// The cache file inside the cache folder.
pub const FILE_NAME: &str = "articles.bin";

/// What one content file gave the last time it was read.
#[derive(Debug, Clone)]
pub struct Entry {
    pub size: u64,
    pub mtime_ns: i128,
    pub hash: u64,
    /// The articles, or why the file was skipped.
    pub read: Result<FileArticles, String>,
}

/// The journal beside the cache file: entries appended since the file was last written whole,
/// so that adding a few files to a big corpus does not rewrite hundreds of megabytes. Each
/// record is a length (8 bytes) and a complete encoded cache of the changed entries; later
/// records win. A damaged or cut record ends the journal: the entries before it stay (an entry
/// is only ever used after its file's size and mtime, or bytes, are checked again), and the next
/// save writes the cache whole.
pub const JOURNAL_NAME: &str = "articles.journal";

/// What the loaded journal allows.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Journal {
    /// Entries read from it.
    pub entries: usize,
    /// Whether the cache file and the journal read whole, so appending to them is safe.
    pub appendable: bool,
}

/// The cache as loaded (or empty), keyed by relative path.
#[derive(Debug, Default)]
pub struct ArticleCache {
    pub entries: HashMap<String, Entry>,
    /// Why a cache file on disk was not used, for a note.
    pub note: Option<String>,
    pub journal: Journal,
}

impl ArticleCache {
    /// Loads the cache of `dir` for `settings`; anything unusable gives an empty cache and a note.
    pub fn load(dir: &Path, settings: u64) -> ArticleCache {
        let path = dir.join(FILE_NAME);
        let Ok(file) = std::fs::File::open(&path) else {
            return ArticleCache::default();
        };
        let Ok(len) = file.metadata().map(|m| m.len()) else {
            return ArticleCache::default();
        };
        match decode(file, len, settings) {
            Ok(mut entries) => {
                let journal = read_journal(&dir.join(JOURNAL_NAME), settings, &mut entries);
                ArticleCache {
                    entries,
                    note: (!journal.appendable).then(|| {
                        format!(
                            "cache journal in {} is damaged; rewriting it",
                            dir.display()
                        )
                    }),
                    journal,
                }
            }
            Err(why) => ArticleCache {
                entries: HashMap::new(),
                note: Some(format!("cache {} {why}; rebuilding it", dir.display())),
                journal: Journal::default(),
            },
        }
    }

    /// Writes `entries` as the cache of `dir`, atomically (a temporary file renamed into place).
    pub fn save<'a>(
        dir: &Path,
        settings: u64,
        entries: impl Iterator<Item = (&'a str, &'a Entry)>,
    ) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        // The journal goes first: an old journal over a new file could only hold stale entries,
        // but none is better.
        match std::fs::remove_file(dir.join(JOURNAL_NAME)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
        let tmp: PathBuf = dir.join(format!("{FILE_NAME}.tmp-{}", std::process::id()));
        let written = std::fs::File::create(&tmp).and_then(|file| encode(settings, entries, file));
        written
            .and_then(|()| std::fs::rename(&tmp, dir.join(FILE_NAME)))
            .inspect_err(|_| {
                let _ = std::fs::remove_file(&tmp);
            })
    }
}

impl ArticleCache {
    /// Appends `entries` (changed since the cache was loaded) to the journal of `dir`, in one
    /// write.
    pub fn append<'a>(
        dir: &Path,
        settings: u64,
        entries: impl Iterator<Item = (&'a str, &'a Entry)>,
    ) -> std::io::Result<()> {
        use std::io::Write as _;
        let mut record = Vec::new();
        encode(settings, entries, &mut record)?;
        let mut bytes = (record.len() as u64).to_le_bytes().to_vec();
        bytes.append(&mut record);
        std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(dir.join(JOURNAL_NAME))?
            .write_all(&bytes)
    }
}

/// Applies the journal at `path` to `entries`; see `JOURNAL_NAME`.
fn read_journal(path: &Path, settings: u64, entries: &mut HashMap<String, Entry>) -> Journal {
    let Ok(bytes) = std::fs::read(path) else {
        return Journal {
            entries: 0,
            appendable: true,
        };
    };
    let mut journal = Journal {
        entries: 0,
        appendable: true,
    };
    let mut at = 0;
    while at < bytes.len() {
        let record = bytes
            .get(at..at + 8)
            .map(|n| u64::from_le_bytes(n.try_into().expect("8 bytes")) as usize)
            .and_then(|n| bytes.get(at + 8..(at + 8).checked_add(n)?));
        match record.map(|r| (r.len(), decode(r, r.len() as u64, settings))) {
            Some((n, Ok(found))) => {
                journal.entries += found.len();
                entries.extend(found);
                at += 8 + n;
            }
            _ => {
                journal.appendable = false;
                break;
            }
        }
    }
    journal
}

/// A hash of the settings readers depend on, so a cache made under others is not used.
pub fn settings_hash(context: &crate::ingest::ReadContext, max_file_size: u64) -> u64 {
    let text = format!("{}|{:?}|{max_file_size}", context.site_tz, context.fields);
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}

/// Writes the cache to `out` a block at a time (a big corpus's cache is hundreds of MB, which
/// are not held in memory at once); the checksum at the end covers every byte before it. Each
/// entry is its path, its length in bytes and its encoding (`codec`), so that a reader can
/// hand whole entries to other cores without decoding them first.
fn encode<'a>(
    settings: u64,
    entries: impl Iterator<Item = (&'a str, &'a Entry)>,
    out: impl std::io::Write,
) -> std::io::Result<()> {
    let mut w = Writer {
        buf: Vec::with_capacity(BLOCK * 2),
        out,
        hasher: xxhash_rust::xxh3::Xxh3::new(),
    };
    w.buf.extend_from_slice(MAGIC);
    w.u32(FORMAT_VERSION);
    w.str(env!("CARGO_PKG_VERSION"));
    w.u64(settings);
    let mut entries: Vec<_> = entries.collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    w.u64(entries.len() as u64);
    for (path, entry) in entries {
        w.flush_block(BLOCK)?;
        w.str(path);
        // The length goes before the entry, filled in once the entry is written (no block is
        // flushed in between).
        let at = w.buf.len();
        w.u64(0);
        w.entry(entry);
        let len = (w.buf.len() - at - 8) as u64;
        w.buf[at..at + 8].copy_from_slice(&len.to_le_bytes());
    }
    w.flush_block(0)?;
    let checksum = w.hasher.digest();
    w.out.write_all(&checksum.to_le_bytes())?;
    w.out.flush()
}

/// How many bytes of entries are read before they are decoded together, on all cores, while
/// the next ones are read.
const BATCH: usize = 4 << 20;

/// Entries read but not decoded yet: their paths, and where each one's bytes lie in `bytes`.
#[derive(Default)]
struct Batch {
    bytes: Vec<u8>,
    entries: Vec<(String, std::ops::Range<usize>)>,
}

/// Decodes a cache of `len` bytes read from `src` (a file, or a journal record in memory). The
/// file is read a block at a time, never whole: at 100,000 articles it is hundreds of MB, and
/// memory the process has not touched yet costs more to get than the read itself. Entries are
/// read a batch at a time and each batch is decoded on all cores while the next is read.
fn decode(
    src: impl std::io::Read + Send,
    len: u64,
    settings: u64,
) -> Result<HashMap<String, Entry>, String> {
    const CORRUPT: &str = "is damaged";
    let Some(body) = len.checked_sub(8).filter(|&n| n >= MAGIC.len() as u64) else {
        return Err("is not an annals cache".into());
    };
    let mut r = Reader::new(src, body);
    if r.take(MAGIC.len()) != Some(MAGIC.as_slice()) {
        return Err("is not an annals cache".into());
    }
    let format = r.u32().ok_or(CORRUPT)?;
    let version = r.str().ok_or(CORRUPT)?;
    if version != env!("CARGO_PKG_VERSION") || format != FORMAT_VERSION {
        return Err(format!(
            "was written by annals {version} (cache format {format})"
        ));
    }
    if r.u64().ok_or(CORRUPT)? != settings {
        return Err(
            "was made with other settings (time zone, [input.fields] or max_file_size)".into(),
        );
    }
    let mut left = r.u64().ok_or(CORRUPT)?;
    let mut entries = HashMap::with_capacity(left.min(1 << 20) as usize);
    let mut batch = read_batch(&mut r, &mut left).ok_or(CORRUPT)?;
    while !batch.entries.is_empty() {
        let (decoded, next) = rayon::join(|| decode_batch(batch), || read_batch(&mut r, &mut left));
        entries.extend(decoded.ok_or(CORRUPT)?);
        batch = next.ok_or(CORRUPT)?;
    }
    // Nothing is trusted before the checksum over every byte matches.
    if !r.ends_with_its_checksum() {
        return Err(CORRUPT.into());
    }
    Ok(entries)
}

/// Reads the next entries, up to about `BATCH` bytes of them, without decoding them; `left`
/// counts the entries still to read. `None` when the bytes end too soon.
fn read_batch<R: std::io::Read>(r: &mut Reader<R>, left: &mut u64) -> Option<Batch> {
    let mut batch = Batch::default();
    while *left > 0 && batch.bytes.len() < BATCH {
        let path = r.str()?;
        let len = usize::try_from(r.u64()?).ok()?;
        let at = batch.bytes.len();
        batch.bytes.extend_from_slice(r.take(len)?);
        batch.entries.push((path, at..at + len));
        *left -= 1;
    }
    Some(batch)
}

/// Decodes the entries of a batch on all cores; `None` if any does not decode to exactly its
/// length.
fn decode_batch(batch: Batch) -> Option<Vec<(String, Entry)>> {
    use rayon::prelude::*;
    let bytes = &batch.bytes;
    batch
        .entries
        .into_par_iter()
        .map(|(path, range)| {
            let mut slice = Slice {
                bytes: bytes.get(range)?,
                at: 0,
            };
            let entry = slice.entry()?;
            (slice.at == slice.bytes.len()).then_some((path, entry))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(hash: u64) -> Entry {
        Entry {
            size: hash,
            mtime_ns: 1,
            hash,
            read: Err(format!("skipped {hash}")),
        }
    }

    fn hashes(cache: &ArticleCache) -> Vec<(String, u64)> {
        let mut out: Vec<_> = cache
            .entries
            .iter()
            .map(|(p, e)| (p.clone(), e.hash))
            .collect();
        out.sort();
        out
    }

    #[test]
    fn articles_read_back_as_written_across_batches_and_damage_is_caught() {
        let dir = tempfile::tempdir().unwrap();
        let stamp = crate::ingest::dates::parse_stamp("2026-11-20T09:30:00+03:30").unwrap();
        // Enough text for several batches of `BATCH` bytes, and entries of every kind.
        let entries: Vec<(String, Entry)> = (0..300u64)
            .map(|i| {
                let read = if i % 7 == 0 {
                    Err(format!("too big {i}"))
                } else {
                    let article = crate::model::Article {
                        id: format!("a{i}"),
                        title: format!("Talks in Muscat, day {i}"),
                        body: "Délégués à Mascate. ".repeat(1000 + i as usize),
                        section: (i % 2 == 0).then(|| "World".to_string()),
                        updated: (i % 3 == 0).then_some(stamp),
                        topics: vec!["iran".into(), format!("t{i}")],
                        ..crate::model::Article::new(format!("f{i}.md"), stamp)
                    };
                    Ok(FileArticles {
                        articles: vec![article.clone(), article],
                        skipped: vec![crate::model::Skipped {
                            path: format!("f{i}.md#3"),
                            reason: "no title".into(),
                        }],
                    })
                };
                let entry = Entry {
                    size: i,
                    mtime_ns: -(i as i128) << 40,
                    hash: i * 31,
                    read,
                };
                (format!("f{i}.md"), entry)
            })
            .collect();
        let total: usize = entries
            .iter()
            .filter_map(|(_, e)| e.read.as_ref().ok())
            .map(|r| r.articles.iter().map(|a| a.body.len()).sum::<usize>())
            .sum();
        assert!(total > 3 * BATCH, "{total}");
        ArticleCache::save(dir.path(), 7, entries.iter().map(|(p, e)| (p.as_str(), e))).unwrap();
        let loaded = ArticleCache::load(dir.path(), 7);
        assert_eq!(loaded.note, None);
        assert_eq!(loaded.entries.len(), entries.len());
        for (path, entry) in &entries {
            let back = &loaded.entries[path];
            assert_eq!(
                (back.size, back.mtime_ns, back.hash),
                (entry.size, entry.mtime_ns, entry.hash)
            );
            match (&back.read, &entry.read) {
                (Err(a), Err(b)) => assert_eq!(a, b),
                (Ok(a), Ok(b)) => {
                    assert_eq!(a.articles, b.articles);
                    assert_eq!(a.skipped, b.skipped);
                }
                _ => panic!("{path}: read back as another kind"),
            }
        }
        // One byte changed in the middle: the whole cache is refused, not half trusted.
        let file = dir.path().join(FILE_NAME);
        let mut bytes = std::fs::read(&file).unwrap();
        let middle = bytes.len() / 2;
        bytes[middle] ^= 1;
        std::fs::write(&file, &bytes).unwrap();
        let loaded = ArticleCache::load(dir.path(), 7);
        assert!(loaded.entries.is_empty());
        assert!(loaded.note.unwrap().contains("damaged"));
    }

    #[test]
    fn the_journal_adds_to_the_cache_and_a_damaged_one_is_cut_and_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (entry(1), entry(2));
        ArticleCache::save(dir.path(), 7, [("a", &a), ("b", &b)].into_iter()).unwrap();
        let loaded = ArticleCache::load(dir.path(), 7);
        assert_eq!(
            loaded.journal,
            Journal {
                entries: 0,
                appendable: true
            }
        );

        // b changed, then c was added: two records.
        ArticleCache::append(dir.path(), 7, [("b", &entry(3))].into_iter()).unwrap();
        ArticleCache::append(dir.path(), 7, [("c", &entry(4))].into_iter()).unwrap();
        let loaded = ArticleCache::load(dir.path(), 7);
        assert_eq!(loaded.note, None);
        assert_eq!(
            loaded.journal,
            Journal {
                entries: 2,
                appendable: true
            }
        );
        let all = vec![("a".into(), 1), ("b".into(), 3), ("c".into(), 4)];
        assert_eq!(hashes(&loaded), all);

        // A write cut short: the records before it still count, and appending stops.
        let journal = dir.path().join(JOURNAL_NAME);
        let bytes = std::fs::read(&journal).unwrap();
        std::fs::write(&journal, &bytes[..bytes.len() - 3]).unwrap();
        let loaded = ArticleCache::load(dir.path(), 7);
        assert!(!loaded.journal.appendable);
        assert!(
            loaded.note.as_deref().unwrap().contains("journal"),
            "{:?}",
            loaded.note
        );
        assert_eq!(hashes(&loaded), all[..2]);

        // Written whole again: no journal left, nothing lost.
        let entries: Vec<(String, Entry)> = loaded.entries.into_iter().collect();
        ArticleCache::save(dir.path(), 7, entries.iter().map(|(p, e)| (p.as_str(), e))).unwrap();
        assert!(!journal.exists());
        let loaded = ArticleCache::load(dir.path(), 7);
        assert_eq!((loaded.journal.entries, loaded.note.as_deref()), (0, None));
        assert_eq!(hashes(&loaded), all[..2]);
    }
}
