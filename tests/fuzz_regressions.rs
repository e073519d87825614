//! Replays the inputs that made a fuzz target crash or hang (`tests/fuzz_regressions/<target>/`,
//! one file per input, minimized by `cargo fuzz tmin`) and the fuzzers' seed corpora
//! (`fuzz/seeds/<target>/`) through the same entry points the fuzz targets call
//! (`annals::fuzzing`). This is how CI runs the fuzzing work without a nightly toolchain: each
//! input must simply return.

use std::path::Path;

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
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let mut count = 0;
    for target in annals::fuzzing::TARGETS {
        for file in inputs(&root.join(target)) {
            let data = std::fs::read(&file).unwrap();
            eprintln!("{target}: {}", file.display());
            annals::fuzzing::run(target, &data);
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
