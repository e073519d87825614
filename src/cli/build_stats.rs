//! What `annals build` shows while and after it works: a progress line on a terminal, the
//! per-stage timing table of `-v`, and the cache of parsed articles it opens and saves.
//!
//! Stages never read the clock; they report when they end (`build_model_in_stages`) and this
//! module times them. The progress line appears only when stderr is a terminal, `-q` is not
//! given and `CI` is unset, so pipes and logs stay clean.

use super::{BuildArgs, Plan};
use crate::cache::{self, ArticleCache, Entry};
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// The article cache's journal holds at most this share of its entries (at least
/// `JOURNAL_MIN`) before the cache is written whole again.
const JOURNAL_SHARE: usize = 20;
const JOURNAL_MIN: usize = 64;

/// The default cache folder's name.
pub const CACHE_DIR: &str = ".annals-cache";

/// Time taken by each stage, in order, and the process's peak memory when it ended (read only
/// for `-v`, which shows it). A mark named `stage.step` ends a step inside the stage that is
/// ended later by the mark `stage`; steps are shown indented above their stage.
pub struct Stages {
    started: Instant,
    /// Whether the peak memory is read at each mark.
    measure: bool,
    /// When the last stage ended.
    last: Duration,
    /// When the last stage or step ended.
    last_mark: Duration,
    times: Vec<(&'static str, Duration, Option<u64>)>,
}

impl Stages {
    pub fn new(started: Instant, measure: bool) -> Self {
        Stages {
            started,
            measure,
            last: Duration::ZERO,
            last_mark: Duration::ZERO,
            times: Vec::new(),
        }
    }

    /// Marks the end of `stage` (the time since the previous stage) or of a step
    /// `stage.step` (the time since the previous mark).
    pub fn done(&mut self, stage: &'static str) {
        let now = self.started.elapsed();
        let peak = if self.measure {
            peak_memory_bytes()
        } else {
            None
        };
        if stage.contains('.') {
            self.times.push((stage, now - self.last_mark, peak));
        } else {
            self.times.push((stage, now - self.last, peak));
            self.last = now;
        }
        self.last_mark = now;
    }

    /// The `-v` table: one line per stage (its time, and the peak memory so far where the
    /// system tells it), then the total and what the caches saved.
    pub fn table(&self, reused_files: usize, report: &crate::site::WriteReport) -> String {
        let mut out = String::from("stage           ms  peak MB\n");
        let megabytes = |peak: Option<u64>| match peak {
            Some(bytes) => format!("{:>8}", bytes / 1_000_000),
            None => format!("{:>8}", "-"),
        };
        for (stage, time, peak) in &self.times {
            let name = match stage.split_once('.') {
                Some((_, step)) => format!("  {step}"),
                None => stage.to_string(),
            };
            out.push_str(&format!(
                "{name:<12} {:>5} {}\n",
                time.as_millis(),
                megabytes(*peak)
            ));
        }
        let peak = self.times.last().and_then(|t| t.2);
        out.push_str(&format!(
            "{:<12} {:>5} {}\n",
            "total",
            self.last.as_millis(),
            megabytes(peak)
        ));
        out.push_str(&format!(
            "{reused_files} files from the cache, {} pages unchanged, {} pages not re-rendered \
             ({} without making their views)\n",
            report.kept, report.not_rendered, report.not_viewed
        ));
        out
    }
}

/// The most memory this process has held at once (its peak resident set), where the system
/// says (Linux's `VmHWM`); `None` elsewhere.
fn peak_memory_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    parse_peak(&status)
}

/// Reads `VmHWM:   1234 kB` out of a `/proc/<pid>/status` text.
fn parse_peak(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let mut parts = line["VmHWM:".len()..].split_whitespace();
    let value: u64 = parts.next()?.parse().ok()?;
    match parts.next() {
        Some("kB") => Some(value * 1024),
        _ => None,
    }
}

/// A one-line progress display on stderr, or nothing.
pub struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    pub fn start(quiet: bool) -> Self {
        let show = !quiet && std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
        if !show {
            return Progress(None);
        }
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(Duration::from_millis(120));
        Progress(Some(bar))
    }

    pub fn stage(&self, message: &str) {
        if let Some(bar) = &self.0 {
            bar.set_message(message.to_string());
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

/// The cache of parsed articles a build uses: where it lives and what was loaded.
pub struct ArticleCacheUse {
    pub dir: Option<PathBuf>,
    pub settings: u64,
    pub loaded: ArticleCache,
    /// The loaded cache's journal (kept when `loaded` is handed to the read).
    journal: cache::Journal,
}

impl ArticleCacheUse {
    /// Loads the cache unless `--no-cache`; a note says when one on disk was not usable.
    pub fn open(plan: &Plan, args: &BuildArgs, quiet: bool) -> Self {
        let settings = cache::settings_hash(&plan.read_context(), plan.config.build.max_file_size);
        if args.no_cache {
            return ArticleCacheUse {
                dir: None,
                settings,
                loaded: ArticleCache::default(),
                journal: cache::Journal::default(),
            };
        }
        let dir = args.cache_dir.clone().unwrap_or_else(|| {
            plan.config_dir()
                .unwrap_or_else(|| PathBuf::from("."))
                .join(CACHE_DIR)
        });
        let loaded = ArticleCache::load(&dir, settings);
        if let Some(note) = &loaded.note
            && !quiet
        {
            eprintln!("note: {note}");
        }
        ArticleCacheUse {
            dir: Some(dir),
            settings,
            journal: loaded.journal,
            loaded,
        }
    }

    /// Writes the entries of this build as the new cache: the `fresh` ones (indices) appended to
    /// the journal when only a few changed and none was `removed`, else all of them anew. A
    /// failure is a warning, not an error.
    pub fn save(&self, entries: &[(String, Entry)], fresh: &[usize], removed: bool, quiet: bool) {
        let Some(dir) = &self.dir else { return };
        let room = (entries.len() / JOURNAL_SHARE).max(JOURNAL_MIN);
        let result =
            if self.journal.appendable && !removed && self.journal.entries + fresh.len() <= room {
                let changed = fresh
                    .iter()
                    .map(|&i| (entries[i].0.as_str(), &entries[i].1));
                ArticleCache::append(dir, self.settings, changed)
            } else {
                ArticleCache::save(
                    dir,
                    self.settings,
                    entries.iter().map(|(path, entry)| (path.as_str(), entry)),
                )
            };
        if let Err(err) = result
            && !quiet
        {
            eprintln!("warning: cannot write the cache {}: {err}", dir.display());
        }
    }
}

/// What `ModelCacheUse::read_in_background` gives: the code id, the model cache, and the saved
/// model or why there is none.
pub type ReadModel = (
    Option<u64>,
    ModelCacheUse,
    Result<crate::incremental::Snapshot, String>,
);

/// A build's site model, with what the renderer needs to keep pages it need not make again.
pub struct ModelBuilt {
    pub site: crate::model::Site,
    /// What an incremental build placed; `None` for a full build.
    pub placed: Option<crate::incremental::Placed>,
    /// The model's generation (saved with it), when a model cache is in use.
    pub generation: Option<u64>,
    /// The generation of the model an incremental build extended, and what it changed.
    pub extended: Option<(u64, crate::model::Changes)>,
}

/// A model's generation: `origin` (the cache key of a full build, or the generation of the
/// extended model) and the content files, hashed. Two builds that give the same generation
/// made the same model, since a model is a function of exactly these (and of `kind`).
fn generation(kind: &[u8], origin: u64, files: &BTreeMap<String, u64>) -> u64 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(kind);
    hasher.update(&origin.to_le_bytes());
    for (path, hash) in files {
        hasher.update(&(path.len() as u64).to_le_bytes());
        hasher.update(path.as_bytes());
        hasher.update(&hash.to_le_bytes());
    }
    hasher.digest()
}

/// The saved model of the previous build (`cache::snapshot`), which `incremental` extends.
pub struct ModelCacheUse {
    dir: Option<PathBuf>,
    key: u64,
}

impl ModelCacheUse {
    /// Opens the model cache beside the article cache (none with `--no-cache`) and reads the
    /// saved model (unless `full`), on a thread of its own: the build meanwhile checks files
    /// and merges articles, steps that keep one core busy and that the model needs nothing
    /// from. The cache is keyed by the annals binary, the config and the reader settings; the
    /// thread waits for the binary's hash (`code_id`, itself hashed on a thread), the build
    /// does not. It gives the code id, the cache and what `load` read.
    pub fn read_in_background(
        articles: &ArticleCacheUse,
        plan: &Plan,
        code_id: std::thread::JoinHandle<Option<u64>>,
        full: bool,
    ) -> std::thread::JoinHandle<ReadModel> {
        let dir = articles.dir.clone();
        let settings = articles.settings;
        let config = format!("{:?}", plan.config);
        std::thread::spawn(move || {
            let code = code_id.join().unwrap_or(None);
            let key = code.map(|code| {
                let mut hasher = xxhash_rust::xxh3::Xxh3::new();
                hasher.update(&code.to_le_bytes());
                hasher.update(&settings.to_le_bytes());
                hasher.update(config.as_bytes());
                hasher.digest()
            });
            let model_cache = ModelCacheUse {
                // Without a code id a saved model could outlive the code that made it: none is
                // used.
                dir: dir.filter(|_| key.is_some()),
                key: key.unwrap_or(0),
            };
            let saved = model_cache.load(full);
            (code, model_cache, saved)
        })
    }

    /// The site model of `articles`: `saved` (what `load` gave) extended by the new articles
    /// when `incremental::extend` can, else a full build (with `-v`, a note says why).
    pub fn model(
        &self,
        saved: Result<crate::incremental::Snapshot, String>,
        articles: Vec<crate::model::Article>,
        files: &BTreeMap<String, u64>,
        config: &crate::config::Config,
        warnings: &mut Vec<String>,
        stages: &mut Stages,
    ) -> ModelBuilt {
        let refused = match saved {
            Ok(previous) => {
                // The time waited for the model's reading thread (`load`), if any.
                stages.done("place.read");
                let extended = previous.generation;
                match crate::incremental::extend(previous, articles, files, config, warnings) {
                    Ok((site, placed, changes)) => {
                        stages.done("place");
                        // A model extended by nothing is the saved one.
                        let generation = if placed.new_articles == 0 {
                            extended
                        } else {
                            generation(b"placed", extended, files)
                        };
                        return ModelBuilt {
                            site,
                            placed: Some(placed),
                            generation: self.dir.is_some().then_some(generation),
                            extended: Some((extended, changes)),
                        };
                    }
                    Err(refused) => {
                        // The time spent reading the model and finding it cannot be extended.
                        stages.done("place");
                        (refused.articles, refused.reason)
                    }
                }
            }
            Err(why) => (articles, why),
        };
        if stages.measure {
            eprintln!("note: regrouping every article: {}", refused.1);
        }
        let site =
            crate::build_model_in_stages(refused.0, config, warnings, &mut |s| stages.done(s));
        ModelBuilt {
            site,
            placed: None,
            generation: self
                .dir
                .is_some()
                .then(|| generation(b"full", self.key, files)),
            extended: None,
        }
    }

    /// The saved model, unless `full`; `Err` says why there is none to extend.
    fn load(&self, full: bool) -> Result<crate::incremental::Snapshot, String> {
        match &self.dir {
            None => Err("no cache".into()),
            Some(_) if full => Err("--full".into()),
            Some(dir) => cache::snapshot::load(dir, self.key),
        }
    }

    /// Saves the model of this build; a failure is a warning, not an error.
    pub fn save(
        &self,
        site: &crate::model::Site,
        generation: u64,
        files: &BTreeMap<String, u64>,
        placed: Option<crate::incremental::Placed>,
        warnings: &[String],
        quiet: bool,
    ) {
        let Some(dir) = &self.dir else { return };
        let added = placed.map_or(0, |p| p.added_since_full);
        let snapshot =
            crate::incremental::SnapshotRef::of(site, self.key, generation, files, added, warnings);
        if let Err(err) = cache::snapshot::save(dir, &snapshot)
            && !quiet
        {
            eprintln!("warning: cannot write the cache {}: {err}", dir.display());
        }
    }
}

/// An id of the running annals binary (the hash of its bytes), so that nothing a cache holds
/// outlives the code that computed it, and a page is kept from the previous build without being
/// rendered only when the same code made it (`render::fingerprint`); `None` when the binary
/// cannot be read (no cached model is used and every page is rendered).
///
/// On Linux `/proc/self/exe` is read: it is the running file even when a new build has since
/// replaced it at its path, which is what `current_exe` would name.
pub fn code_id() -> Option<u64> {
    use std::io::Read as _;
    let mut file = std::fs::File::open("/proc/self/exe")
        .or_else(|_| std::fs::File::open(std::env::current_exe()?))
        .ok()?;
    // A block at a time: the binary is tens of MB, not worth holding.
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut block = vec![0; 1 << 20];
    loop {
        match file.read(&mut block) {
            Ok(0) => return Some(hasher.digest()),
            Ok(n) => hasher.update(&block[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_shown_indented_above_their_stage_which_counts_them_too() {
        let mut stages = Stages::new(Instant::now(), true);
        stages.done("parse");
        stages.done("group.coverage");
        stages.done("group.stories");
        stages.done("group");
        let table = stages.table(0, &crate::site::WriteReport::default());
        let names: Vec<&str> = table
            .lines()
            .skip(1)
            .map(|l| l.trim_end_matches(|c: char| c.is_ascii_digit() || c == ' '))
            .collect();
        assert_eq!(
            &names[..5],
            ["parse", "  coverage", "  stories", "group", "total"]
        );
        // A stage's time runs from the previous stage, so it includes its steps.
        let step_total: Duration = stages.times[1].1 + stages.times[2].1;
        assert!(stages.times[3].1 >= step_total);
    }

    #[test]
    fn peak_memory_is_read_from_the_status_text_in_kilobytes() {
        let status = "Name:\tannals\nVmPeak:\t  900 kB\nVmHWM:\t  2048 kB\nVmRSS:\t 1000 kB\n";
        assert_eq!(parse_peak(status), Some(2048 * 1024));
        assert_eq!(parse_peak("Name:\tannals\n"), None);
        assert_eq!(parse_peak("VmHWM:\t12 MB\n"), None);
    }
}
