//! The `annals` binary: parses the command line and hands over to `annals::cli`.
//!
//! It sets mimalloc as the allocator: every stage builds many small strings and vectors on all
//! cores, and glibc's allocator spent about a fifth of a 10,000-article build in `malloc` and
//! `free` (see docs/performance.md). The library itself does not choose an allocator.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(annals::cli::main());
}
