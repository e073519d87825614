//! The previous build's site model (`model.bin` in the cache folder), which lets the next build
//! place a few new articles instead of regrouping the corpus (`incremental`).
//!
//! Why it is separate from `articles.bin`: that cache is per file and always right; this one is
//! one decision for the whole corpus, valid only for the code, config and content it was made
//! from. The file is the magic, a key (the caller's hash of the annals binary, the config and the
//! reader settings), an xxh3 checksum and the postcard encoding of `incremental::SnapshotRef`.
//! A file with another key, a bad checksum or an encoding that does not decode is ignored with
//! a reason, never trusted.

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
    let bytes = encode(snapshot)?;
    std::fs::create_dir_all(dir)?;
    let temporary = dir.join(format!("{FILE_NAME}.tmp"));
    std::fs::write(&temporary, bytes)?;
    std::fs::rename(&temporary, dir.join(FILE_NAME))
}

fn encode(snapshot: &SnapshotRef) -> std::io::Result<Vec<u8>> {
    let body = postcard::to_stdvec(snapshot).map_err(std::io::Error::other)?;
    let mut out = Vec::with_capacity(body.len() + 24);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&snapshot.key.to_le_bytes());
    out.extend_from_slice(&xxhash_rust::xxh3::xxh3_64(&body).to_le_bytes());
    out.extend_from_slice(&body);
    Ok(out)
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
        let bytes = encode(&SnapshotRef::of(&site, 42, &files, 3, &[])).unwrap();
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
