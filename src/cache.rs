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
use crate::model::{Article, InputFormat, Skipped, Stamp};
use chrono::{DateTime, FixedOffset};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub mod snapshot;

const MAGIC: &[u8; 8] = b"ANNALSC\x01";
/// Bumped whenever the encoding or any reader's output changes.
const FORMAT_VERSION: u32 = 1;
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
/// are not held in memory at once); the checksum at the end covers every byte before it.
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
        w.u64(entry.size);
        w.buf.extend_from_slice(&entry.mtime_ns.to_le_bytes());
        w.u64(entry.hash);
        match &entry.read {
            Err(reason) => {
                w.u8(0);
                w.str(reason);
            }
            Ok(read) => {
                w.u8(1);
                w.u64(read.articles.len() as u64);
                for a in &read.articles {
                    w.article(a);
                }
                w.u64(read.skipped.len() as u64);
                for s in &read.skipped {
                    w.str(&s.path);
                    w.str(&s.reason);
                }
            }
        }
    }
    w.flush_block(0)?;
    let checksum = w.hasher.digest();
    w.out.write_all(&checksum.to_le_bytes())?;
    w.out.flush()
}

/// How many bytes the writer gathers before it hashes and writes them.
const BLOCK: usize = 1 << 20;

/// Decodes a cache of `len` bytes read from `src` (a file, or a journal record in memory). The
/// file is read a block at a time, never whole: at 100,000 articles it is hundreds of MB, and
/// memory the process has not touched yet costs more to get than the read itself.
fn decode(
    src: impl std::io::Read,
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
    let count = r.u64().ok_or(CORRUPT)?;
    let mut entries = HashMap::with_capacity(count.min(1 << 20) as usize);
    for _ in 0..count {
        let path = r.str().ok_or(CORRUPT)?;
        let entry = r.entry().ok_or(CORRUPT)?;
        entries.insert(path, entry);
    }
    // Nothing is trusted before the checksum over every byte matches.
    if !r.ends_with_its_checksum() {
        return Err(CORRUPT.into());
    }
    Ok(entries)
}

struct Writer<W: std::io::Write> {
    buf: Vec<u8>,
    out: W,
    hasher: xxhash_rust::xxh3::Xxh3,
}

impl<W: std::io::Write> Writer<W> {
    /// Hashes and writes what was gathered once it reaches `at_least` bytes.
    fn flush_block(&mut self, at_least: usize) -> std::io::Result<()> {
        if self.buf.len() >= at_least.max(1) {
            self.hasher.update(&self.buf);
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }
    fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    fn str(&mut self, s: &str) {
        self.u64(s.len() as u64);
        self.buf.extend_from_slice(s.as_bytes());
    }
    fn opt(&mut self, s: &Option<String>) {
        match s {
            None => self.u8(0),
            Some(s) => {
                self.u8(1);
                self.str(s);
            }
        }
    }
    fn strs(&mut self, list: &[String]) {
        self.u64(list.len() as u64);
        for s in list {
            self.str(s);
        }
    }
    fn stamp(&mut self, stamp: &Stamp) {
        let utc = stamp.local.and_utc();
        self.buf.extend_from_slice(&utc.timestamp().to_le_bytes());
        self.u32(utc.timestamp_subsec_nanos());
        match stamp.stated_offset {
            None => self.u8(0),
            Some(offset) => {
                self.u8(1);
                self.buf
                    .extend_from_slice(&offset.local_minus_utc().to_le_bytes());
            }
        }
        self.u8(u8::from(stamp.date_only));
    }
    fn article(&mut self, a: &Article) {
        self.str(&a.id);
        self.str(&a.path);
        self.u8(format_code(a.format));
        self.str(&a.title);
        self.opt(&a.section);
        self.stamp(&a.published);
        match &a.updated {
            None => self.u8(0),
            Some(s) => {
                self.u8(1);
                self.stamp(s);
            }
        }
        self.str(&a.summary);
        self.str(&a.body);
        self.opt(&a.body_html);
        self.strs(&a.topics);
        self.opt(&a.outlet);
        self.opt(&a.url);
        self.opt(&a.lang);
        self.opt(&a.author);
        self.opt(&a.location);
        self.strs(&a.origins);
        self.strs(&a.warnings);
    }
}

const FORMATS: [InputFormat; 8] = [
    InputFormat::Markdown,
    InputFormat::Scraped,
    InputFormat::PlainText,
    InputFormat::Json,
    InputFormat::JsonLines,
    InputFormat::Feed,
    InputFormat::Wire,
    InputFormat::Html,
];

fn format_code(format: InputFormat) -> u8 {
    FORMATS.iter().position(|f| *f == format).expect("listed") as u8
}

/// Reads the encoding from `src` through a window of at least `BLOCK` bytes, hashing each byte
/// of the body (all but the 8-byte checksum that ends it) as it is read.
struct Reader<R: std::io::Read> {
    src: R,
    window: Vec<u8>,
    /// The unread bytes are `window[at..end]`.
    at: usize,
    end: usize,
    /// Body bytes not read from `src` yet.
    left: u64,
    hasher: xxhash_rust::xxh3::Xxh3,
}

impl<R: std::io::Read> Reader<R> {
    fn new(src: R, body: u64) -> Self {
        Reader {
            src,
            window: vec![0; BLOCK.min(usize::try_from(body).unwrap_or(BLOCK))],
            at: 0,
            end: 0,
            left: body,
            hasher: xxhash_rust::xxh3::Xxh3::new(),
        }
    }

    /// The next `n` bytes of the body; `None` past its end or on a read error.
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        if self.end - self.at < n {
            self.fill(n)?;
        }
        let out = &self.window[self.at..self.at + n];
        self.at += n;
        Some(out)
    }

    /// Reads more of the body, so that at least `n` bytes are unread in the window.
    fn fill(&mut self, n: usize) -> Option<()> {
        let unread = self.end - self.at;
        if (n - unread) as u64 > self.left {
            return None;
        }
        self.window.copy_within(self.at..self.end, 0);
        (self.at, self.end) = (0, unread);
        if self.window.len() < n {
            self.window.resize(n, 0);
        }
        let more =
            (self.window.len() - unread).min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let fresh = &mut self.window[unread..unread + more];
        self.src.read_exact(fresh).ok()?;
        self.hasher.update(fresh);
        self.left -= more as u64;
        self.end += more;
        Some(())
    }

    /// Whether the body was read to its end and the checksum after it matches.
    fn ends_with_its_checksum(mut self) -> bool {
        let mut checksum = [0; 8];
        self.at == self.end
            && self.left == 0
            && self.src.read_exact(&mut checksum).is_ok()
            && u64::from_le_bytes(checksum) == self.hasher.digest()
    }

    fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn i32(&mut self) -> Option<i32> {
        Some(i32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn i64(&mut self) -> Option<i64> {
        Some(i64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn str(&mut self) -> Option<String> {
        let len = usize::try_from(self.u64()?).ok()?;
        String::from_utf8(self.take(len)?.to_vec()).ok()
    }
    fn opt(&mut self) -> Option<Option<String>> {
        match self.u8()? {
            0 => Some(None),
            1 => Some(Some(self.str()?)),
            _ => None,
        }
    }
    fn strs(&mut self) -> Option<Vec<String>> {
        let n = self.u64()?;
        (0..n).map(|_| self.str()).collect()
    }
    fn stamp(&mut self) -> Option<Stamp> {
        let secs = self.i64()?;
        let nanos = self.u32()?;
        let local = DateTime::from_timestamp(secs, nanos)?.naive_utc();
        let stated_offset = match self.u8()? {
            0 => None,
            1 => Some(FixedOffset::east_opt(self.i32()?)?),
            _ => return None,
        };
        let date_only = self.u8()? == 1;
        Some(Stamp {
            local,
            stated_offset,
            date_only,
        })
    }
    fn article(&mut self) -> Option<Article> {
        Some(Article {
            id: self.str()?,
            path: self.str()?,
            format: *FORMATS.get(usize::from(self.u8()?))?,
            title: self.str()?,
            section: self.opt()?,
            published: self.stamp()?,
            updated: match self.u8()? {
                0 => None,
                1 => Some(self.stamp()?),
                _ => return None,
            },
            summary: self.str()?,
            body: self.str()?,
            body_html: self.opt()?,
            topics: self.strs()?,
            outlet: self.opt()?,
            url: self.opt()?,
            lang: self.opt()?,
            author: self.opt()?,
            location: self.opt()?,
            origins: self.strs()?,
            warnings: self.strs()?,
        })
    }
    fn entry(&mut self) -> Option<Entry> {
        let size = self.u64()?;
        let mtime_ns = i128::from_le_bytes(self.take(16)?.try_into().ok()?);
        let hash = self.u64()?;
        let read = match self.u8()? {
            0 => Err(self.str()?),
            1 => {
                let n = self.u64()?;
                let articles = (0..n).map(|_| self.article()).collect::<Option<Vec<_>>>()?;
                let n = self.u64()?;
                let skipped = (0..n)
                    .map(|_| {
                        Some(Skipped {
                            path: self.str()?,
                            reason: self.str()?,
                        })
                    })
                    .collect::<Option<Vec<_>>>()?;
                Ok(FileArticles { articles, skipped })
            }
            _ => return None,
        };
        Some(Entry {
            size,
            mtime_ns,
            hash,
            read,
        })
    }
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
