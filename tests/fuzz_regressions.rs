//! Replays the inputs that made a fuzz target crash or hang (`tests/fuzz_regressions/<target>/`,
//! one file per input, minimized by `cargo fuzz tmin`) and the fuzzers' seed corpora
//! (`fuzz/seeds/<target>/`) through the same entry points the fuzz targets call
//! (`annals::fuzzing`). This is how CI runs the fuzzing work without a nightly toolchain: each
//! input must return without a panic. Like libFuzzer, which aborts on any panic, this counts
//! panics that a reader catches itself (the HTML reader turns a panic into a warning), through
//! a panic hook.

use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

static PANICS: AtomicUsize = AtomicUsize::new(0);
static HOOK: Mutex<bool> = Mutex::new(false);

/// Counts every panic, caught or not, from now on. The guard keeps the two replays apart, so
/// one's panic is not counted against the other.
fn count_panics() -> std::sync::MutexGuard<'static, bool> {
    let mut installed = HOOK.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if !*installed {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            PANICS.fetch_add(1, Ordering::SeqCst);
            previous(info);
        }));
        *installed = true;
    }
    installed
}

fn inputs(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .collect();
    files.sort();
    files
}

fn replay(folder: &str) -> usize {
    let _alone = count_panics();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let mut count = 0;
    for target in annals::fuzzing::TARGETS {
        for file in inputs(&root.join(target)) {
            let data = std::fs::read(&file).unwrap();
            eprintln!("{target}: {}", file.display());
            let before = PANICS.load(Ordering::SeqCst);
            annals::fuzzing::run(target, &data);
            assert_eq!(
                PANICS.load(Ordering::SeqCst),
                before,
                "{target} panicked on {} (see the panic message above)",
                file.display()
            );
            count += 1;
        }
    }
    count
}

#[test]
fn every_input_that_crashed_a_fuzz_target_now_reads() {
    let count = replay("tests/fuzz_regressions");
    eprintln!("replayed {count} crash inputs");
}

#[test]
fn every_fuzz_seed_reads() {
    let count = replay("fuzz/seeds");
    assert!(count >= 80, "only {count} seeds");
}
