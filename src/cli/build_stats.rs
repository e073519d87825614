//! What `annals build` shows while and after it works: a progress line on a terminal, the
//! per-stage timing table of `-v`, and the cache of parsed articles it opens and saves.
//!
//! Stages never read the clock; they report when they end (`build_model_in_stages`) and this
//! module times them. The progress line appears only when stderr is a terminal, `-q` is not
//! given and `CI` is unset, so pipes and logs stay clean.

use super::{BuildArgs, Plan};
use crate::cache::{self, ArticleCache, Entry};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// The default cache folder's name.
pub const CACHE_DIR: &str = ".annals-cache";

/// Time taken by each stage, in order.
pub struct Stages {
    started: Instant,
    last: Duration,
    times: Vec<(&'static str, Duration)>,
}

impl Stages {
    pub fn new(started: Instant) -> Self {
        Stages {
            started,
            last: Duration::ZERO,
            times: Vec::new(),
        }
    }

    /// Marks the end of `stage`: it took the time since the previous mark.
    pub fn done(&mut self, stage: &'static str) {
        let now = self.started.elapsed();
        self.times.push((stage, now - self.last));
        self.last = now;
    }

    /// The `-v` table: one line per stage, then the total and what the caches saved.
    pub fn table(&self, reused_files: usize, kept_pages: usize) -> String {
        let mut out = String::from("stage         ms\n");
        for (stage, time) in &self.times {
            out.push_str(&format!("{stage:<10} {:>5}\n", time.as_millis()));
        }
        out.push_str(&format!("{:<10} {:>5}\n", "total", self.last.as_millis()));
        out.push_str(&format!(
            "{reused_files} files from the cache, {kept_pages} pages unchanged\n"
        ));
        out
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
    dir: Option<PathBuf>,
    settings: u64,
    pub loaded: ArticleCache,
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
            loaded,
        }
    }

    /// Writes the entries of this build as the new cache; a failure is a warning, not an error.
    pub fn save(self, entries: Vec<(String, Entry)>, quiet: bool) {
        let Some(dir) = self.dir else { return };
        let result = ArticleCache::save(
            &dir,
            self.settings,
            entries.iter().map(|(path, entry)| (path.as_str(), entry)),
        );
        if let Err(err) = result
            && !quiet
        {
            eprintln!("warning: cannot write the cache {}: {err}", dir.display());
        }
    }
}
