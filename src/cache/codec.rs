//! The byte encoding of the article cache: what `cache` writes for an entry and reads back.
//!
//! Why it is separate: the cache's own module decides what is cached, when it is trusted and
//! how the file and its journal are laid out; this one only turns entries into bytes and back,
//! either from a stream (read a block at a time and checksummed as it goes) or from bytes in
//! memory (so the entries of a block can be decoded on all cores).

use super::Entry;
use crate::ingest::FileArticles;
use crate::model::{Article, InputFormat, Skipped, Stamp};
use chrono::{DateTime, FixedOffset};

/// How many bytes the writer gathers before it hashes and writes them.
pub(super) const BLOCK: usize = 1 << 20;

/// Gathers the encoding a block at a time, hashing and writing each block (`flush_block`).
pub(super) struct Writer<W: std::io::Write> {
    pub(super) buf: Vec<u8>,
    pub(super) out: W,
    pub(super) hasher: xxhash_rust::xxh3::Xxh3,
}

impl<W: std::io::Write> Writer<W> {
    /// Hashes and writes what was gathered once it reaches `at_least` bytes.
    pub(super) fn flush_block(&mut self, at_least: usize) -> std::io::Result<()> {
        if self.buf.len() >= at_least.max(1) {
            self.hasher.update(&self.buf);
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    pub(super) fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }
    pub(super) fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub(super) fn u64(&mut self, v: u64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub(super) fn str(&mut self, s: &str) {
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

    /// One cache entry: everything but its path.
    pub(super) fn entry(&mut self, entry: &Entry) {
        self.u64(entry.size);
        self.buf.extend_from_slice(&entry.mtime_ns.to_le_bytes());
        self.u64(entry.hash);
        match &entry.read {
            Err(reason) => {
                self.u8(0);
                self.str(reason);
            }
            Ok(read) => {
                self.u8(1);
                self.u64(read.articles.len() as u64);
                for a in &read.articles {
                    self.article(a);
                }
                self.u64(read.skipped.len() as u64);
                for s in &read.skipped {
                    self.str(&s.path);
                    self.str(&s.reason);
                }
            }
        }
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
pub(super) struct Reader<R: std::io::Read> {
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
    pub(super) fn new(src: R, body: u64) -> Self {
        Reader {
            src,
            window: vec![0; BLOCK.min(usize::try_from(body).unwrap_or(BLOCK))],
            at: 0,
            end: 0,
            left: body,
            hasher: xxhash_rust::xxh3::Xxh3::new(),
        }
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
    pub(super) fn ends_with_its_checksum(mut self) -> bool {
        let mut checksum = [0; 8];
        self.at == self.end
            && self.left == 0
            && self.src.read_exact(&mut checksum).is_ok()
            && u64::from_le_bytes(checksum) == self.hasher.digest()
    }
}

impl<R: std::io::Read> Decode for Reader<R> {
    /// The next `n` bytes of the body; `None` past its end or on a read error.
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        if self.end - self.at < n {
            self.fill(n)?;
        }
        let out = &self.window[self.at..self.at + n];
        self.at += n;
        Some(out)
    }
}

/// Reading the encoding back, from a stream (`Reader`) or from bytes in memory (`Slice`): every
/// method gives `None` on bytes that end too soon or do not decode.
pub(super) trait Decode {
    /// The next `n` bytes.
    fn take(&mut self, n: usize) -> Option<&[u8]>;

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

/// Bytes in memory, read from the start: one entry handed to a core of its own.
pub(super) struct Slice<'a> {
    pub(super) bytes: &'a [u8],
    pub(super) at: usize,
}

impl Decode for Slice<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let out = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(out)
    }
}
