//! The `annals` binary: parses the command line and hands over to `annals::cli`.

/// mimalloc instead of the system allocator: the build makes many small allocations on all
/// cores (words, vectors, views), where glibc's malloc spent about a fifth of the CPU time of a
/// 10k Reuters build.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    no_transparent_huge_pages();
    std::process::exit(annals::cli::main());
}

/// Turns transparent huge pages off for this process. mimalloc asks the kernel for them, and
/// the kernel then zeroes 2 MB at the first touch of any byte of each one: in a 10k Reuters
/// rebuild that zeroing was over a third of the CPU time, and a rebuild took 0.70 s instead
/// of 0.41 s (peak memory 191 MB instead of 150 MB). A refusal (an old kernel, a sandbox)
/// changes nothing but speed, so it is ignored.
fn no_transparent_huge_pages() {
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
}
