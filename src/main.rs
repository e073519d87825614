//! The `annals` binary: parses the command line and hands over to `annals::cli`.

fn main() {
    std::process::exit(annals::cli::main());
}
