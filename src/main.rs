//! The `annals` binary: parses the command line and hands over to `annals::cli`.

/// mimalloc instead of the system allocator: the build makes many small allocations on all
/// cores (words, vectors, views), where glibc's malloc spent about a fifth of the CPU time of a
/// 10k Reuters build.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(annals::cli::main());
}
