//! Watches what a build reads (the content folder, the config file, the templates folder) and
//! reports when a change calls for a rebuild, after the burst of events a save makes is over.
//!
//! Editors save in several steps (write a temporary file, rename it, touch metadata), so one
//! save is a handful of events; we wait until no relevant event came for a short quiet time and
//! then report once. Files that may not exist yet (a config, a templates folder) are watched
//! through their parent folder, without recursion, so creating them is seen too. Opening and
//! reading files is not a change: otherwise every rebuild would trigger the next. Hidden files
//! (editor swap files) are ignored, as the build ignores them.

use notify::event::{EventKind, ModifyKind};
use notify::{RecommendedWatcher, RecursiveMode, Watcher as _};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// What to watch: folders whose whole tree matters, and single paths (files, or folders that
/// may appear) watched through their parent.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Targets {
    pub trees: Vec<PathBuf>,
    pub paths: Vec<PathBuf>,
}

impl Targets {
    /// Whether a change at `path` matters to the build.
    fn wants(&self, path: &Path) -> bool {
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        !hidden
            && (self.trees.iter().any(|t| path.starts_with(t))
                || self.paths.iter().any(|p| path == p))
    }

    /// The folders to hand to the watcher, with their mode: a parent inside a watched tree is
    /// already covered.
    fn watches(&self) -> BTreeSet<(PathBuf, bool)> {
        let mut out: BTreeSet<(PathBuf, bool)> = self
            .trees
            .iter()
            .filter(|t| t.is_dir())
            .map(|t| (t.clone(), true))
            .collect();
        for path in &self.paths {
            let Some(parent) = path.parent().filter(|p| p.is_dir()) else {
                continue;
            };
            if !self.trees.iter().any(|t| parent.starts_with(t)) {
                out.insert((parent.to_path_buf(), false));
            }
        }
        out
    }
}

/// A file system watcher with the current targets.
pub struct Watch {
    watcher: RecommendedWatcher,
    events: mpsc::Receiver<notify::Result<notify::Event>>,
    targets: Targets,
    watching: BTreeSet<(PathBuf, bool)>,
}

impl Watch {
    pub fn new() -> notify::Result<Watch> {
        let (sender, events) = mpsc::channel();
        let watcher = notify::recommended_watcher(sender)?;
        Ok(Watch {
            watcher,
            events,
            targets: Targets::default(),
            watching: BTreeSet::new(),
        })
    }

    /// Watches `targets` from now on (folders that appeared since the last call included).
    /// Returns one message per folder that could not be watched.
    pub fn set_targets(&mut self, targets: Targets) -> Vec<String> {
        let wanted = targets.watches();
        let mut problems = Vec::new();
        for gone in self.watching.difference(&wanted) {
            // The folder may be gone already; the watch then went with it.
            let _ = self.watcher.unwatch(&gone.0);
        }
        let mut watching = BTreeSet::new();
        for (dir, recursive) in &wanted {
            if self.watching.contains(&(dir.clone(), *recursive)) {
                watching.insert((dir.clone(), *recursive));
                continue;
            }
            let mode = if *recursive {
                RecursiveMode::Recursive
            } else {
                RecursiveMode::NonRecursive
            };
            match self.watcher.watch(dir, mode) {
                Ok(()) => {
                    watching.insert((dir.clone(), *recursive));
                }
                Err(err) => problems.push(format!("cannot watch {}: {err}", dir.display())),
            }
        }
        self.watching = watching;
        self.targets = targets;
        problems
    }

    /// Blocks until a relevant change, then until `quiet` passed without another (at most
    /// `quiet` × 20 in all), and returns what changed. `None` when the watcher has stopped.
    pub fn wait_for_change(&self, quiet: Duration) -> Option<Change> {
        let mut change = Change::default();
        while change.paths.is_empty() && change.errors.is_empty() {
            let event = self.events.recv().ok()?;
            self.collect(event, &mut change);
        }
        let deadline = Instant::now() + quiet * 20;
        loop {
            let now = Instant::now();
            if now >= deadline {
                break;
            }
            match self.events.recv_timeout(quiet.min(deadline - now)) {
                Ok(event) => self.collect(event, &mut change),
                Err(_) => break,
            }
        }
        Some(change)
    }

    fn collect(&self, event: notify::Result<notify::Event>, change: &mut Change) {
        match event {
            Ok(event) if is_change(&event.kind) => {
                for path in event.paths {
                    if self.targets.wants(&path) && !change.paths.contains(&path) {
                        change.paths.push(path);
                    }
                }
            }
            Ok(_) => {}
            Err(err) => change.errors.push(format!("file watcher: {err}")),
        }
    }
}

/// What one burst of events changed: the paths that matter, in the order first seen, and the
/// watcher's own errors (such as too many folders to watch), which do not stop it.
#[derive(Debug, Default)]
pub struct Change {
    pub paths: Vec<PathBuf>,
    pub errors: Vec<String>,
}

/// Whether an event kind can change what a build reads.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) => true,
        EventKind::Any | EventKind::Other => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_targets_and_visible_files_matter() {
        let targets = Targets {
            trees: vec![PathBuf::from("/p/content")],
            paths: vec![
                PathBuf::from("/p/annals.toml"),
                PathBuf::from("/p/templates"),
            ],
        };
        assert!(targets.wants(Path::new("/p/content/a/b.md")));
        assert!(targets.wants(Path::new("/p/annals.toml")));
        assert!(targets.wants(Path::new("/p/templates")));
        assert!(!targets.wants(Path::new("/p/content/.b.md.swp")));
        assert!(!targets.wants(Path::new("/p/public/index.html")));
        assert!(!targets.wants(Path::new("/p/content-old/x.md")));
    }

    #[test]
    fn reading_is_not_a_change() {
        use notify::event::{AccessKind, CreateKind, DataChange};
        assert!(!is_change(&EventKind::Access(AccessKind::Any)));
        assert!(is_change(&EventKind::Create(CreateKind::File)));
        assert!(is_change(&EventKind::Modify(ModifyKind::Data(
            DataChange::Any
        ))));
    }

    #[test]
    fn a_watched_tree_covers_the_parents_inside_it() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir(&content).unwrap();
        let targets = Targets {
            trees: vec![content.clone()],
            paths: vec![content.join("annals.toml"), dir.path().join("annals.toml")],
        };
        let watches: Vec<_> = targets.watches().into_iter().collect();
        assert_eq!(
            watches,
            vec![(dir.path().to_path_buf(), false), (content, true)]
        );
    }
}
