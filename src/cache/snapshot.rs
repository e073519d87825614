//! The previous build's site model (`model.bin` in the cache folder), which lets the next build
//! place a few new articles instead of regrouping the corpus (`incremental`).
//!
//! Why it is separate from `articles.bin`: that cache is per file and always right; this one is
//! one decision for the whole corpus, valid only for the code, config and content it was made
//! from. The file is the magic, a key (the caller's hash of the annals binary, the config and the
//! reader settings), an xxh3 checksum and the postcard encoding of `incremental::SnapshotRef`.
//! A file with another key, a bad checksum or an encoding that does not decode is ignored with
//! a reason, never trusted.

pub mod compact_dates;

use crate::incremental::{Snapshot, SnapshotRef};
use std::path::Path;

const MAGIC: &[u8; 8] = b"ANNALSM\x01";
/// The model file inside the cache folder.
pub const FILE_NAME: &str = "model.bin";

/// Loads the snapshot of `dir` made with `key`; `Err` says why there is none to use.
pub fn load(dir: &Path, key: u64) -> Result<Snapshot, String> {
    let bytes = std::fs::read(dir.join(FILE_NAME)).map_err(|_| "no saved model".to_string())?;
    decode(&bytes, key)
}

/// Writes the snapshot into `dir` (through a temporary file and a rename, so a reader never
/// sees half a file).
pub fn save(dir: &Path, snapshot: &SnapshotRef) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let temporary = dir.join(format!("{FILE_NAME}.tmp"));
    let written = std::fs::File::create(&temporary).and_then(|file| encode(snapshot, file));
    written
        .and_then(|()| std::fs::rename(&temporary, dir.join(FILE_NAME)))
        .inspect_err(|_| {
            let _ = std::fs::remove_file(&temporary);
        })
}

/// Writes the file to `out`, encoding the model straight into it a block at a time: at 100,000
/// articles the model is over 100 MB, and memory the process has not touched yet costs more to
/// get than the writing itself. The checksum, which comes before the body, is written last.
fn encode<W: std::io::Write + std::io::Seek>(
    snapshot: &SnapshotRef,
    mut out: W,
) -> std::io::Result<()> {
    use std::io::SeekFrom;
    out.write_all(MAGIC)?;
    out.write_all(&snapshot.key.to_le_bytes())?;
    out.write_all(&[0; 8])?;
    let body = Hashing {
        out: &mut out,
        hasher: xxhash_rust::xxh3::Xxh3::new(),
    };
    let body = std::io::BufWriter::with_capacity(1 << 20, body);
    let body = postcard::to_io(snapshot, body).map_err(std::io::Error::other)?;
    let hasher = body.into_inner().map_err(|e| e.into_error())?.hasher;
    out.seek(SeekFrom::Start(16))?;
    out.write_all(&hasher.digest().to_le_bytes())?;
    out.flush()
}

/// Hashes what it writes on the way through.
struct Hashing<W> {
    out: W,
    hasher: xxhash_rust::xxh3::Xxh3,
}

impl<W: std::io::Write> std::io::Write for Hashing<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let n = self.out.write(bytes)?;
        self.hasher.update(&bytes[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

fn decode(bytes: &[u8], key: u64) -> Result<Snapshot, String> {
    let field = |at: usize| -> Option<u64> {
        Some(u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
    };
    if bytes.get(..8) != Some(MAGIC.as_slice()) {
        return Err("the saved model is from another annals version".into());
    }
    if field(8) != Some(key) {
        return Err("the saved model was made with another config or annals binary".into());
    }
    let body = bytes.get(24..).unwrap_or_default();
    if field(16) != Some(xxhash_rust::xxh3::xxh3_64(body)) {
        return Err("the saved model is damaged".into());
    }
    let snapshot: Snapshot =
        postcard::from_bytes(body).map_err(|e| format!("the saved model does not decode: {e}"))?;
    if snapshot.key != key {
        return Err("the saved model is damaged".into());
    }
    Ok(snapshot)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Site, Stamp};
    use std::collections::BTreeMap;

    fn site() -> Site {
        let stamp = Stamp {
            local: chrono::NaiveDate::from_ymd_opt(2026, 3, 1)
                .unwrap()
                .and_hms_opt(9, 0, 0)
                .unwrap(),
            stated_offset: None,
            date_only: false,
        };
        let config = crate::config::Config::default();
        let mut article = crate::model::Article::new("a.md", stamp);
        article.title = "Talks resume in Muscat".into();
        article.body = "Envoys met in Muscat on Sunday, officials said.".into();
        crate::build_model(vec![article], &config, &mut Vec::new())
    }

    #[test]
    fn a_saved_model_reads_back_only_with_its_key_and_intact() {
        let site = site();
        let files = BTreeMap::from([("a.md".to_string(), 7u64)]);
        let mut bytes = std::io::Cursor::new(Vec::new());
        encode(&SnapshotRef::of(&site, 42, 7, &files, 3, &[]), &mut bytes).unwrap();
        let bytes = bytes.into_inner();
        let back = decode(&bytes, 42).expect("same key");
        assert_eq!(back.events, site.events);
        assert_eq!(back.topics, site.topics);
        assert_eq!(back.dates, site.dates);
        assert_eq!(back.added, 3);
        assert_eq!(back.files, vec![("a.md".to_string(), 7)]);
        let hash = crate::incremental::article_hash(&site.articles[0]);
        assert_eq!(back.articles, vec![("a.md".into(), "a.md".into(), hash)]);

        let other_key = decode(&bytes, 43).unwrap_err();
        assert!(other_key.contains("another config"), "{other_key}");
        let mut damaged = bytes.clone();
        *damaged.last_mut().unwrap() ^= 1;
        assert!(decode(&damaged, 42).unwrap_err().contains("damaged"));
        assert!(
            decode(b"not a model", 42)
                .unwrap_err()
                .contains("another annals")
        );
        assert!(decode(&bytes[..30], 42).is_err());
    }
}
