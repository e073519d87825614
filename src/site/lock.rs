//! The lock file that stops two builds from writing one output at the same time.
//!
//! Two builds swapping into one folder at once could each remove what the other wrote; the
//! second one is refused with a message naming the lock. A lock left by a build that was killed
//! (its process no longer runs) is taken over instead of blocking every later build.

use anyhow::{Context as _, Result, bail};
use std::fs;
use std::path::{Path, PathBuf};

/// A lock file held for the duration of a write; removed on drop.
pub struct Lock {
    path: PathBuf,
}

impl Lock {
    pub fn acquire(path: &Path) -> Result<Lock> {
        for _ in 0..2 {
            match fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
            {
                Ok(mut file) => {
                    use std::io::Write;
                    let _ = writeln!(file, "{}", std::process::id());
                    return Ok(Lock {
                        path: path.to_path_buf(),
                    });
                }
                Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {
                    if lock_is_stale(path) {
                        let _ = fs::remove_file(path);
                        continue;
                    }
                    bail!(
                        "another annals build is writing this output (lock file {}); wait for it, or delete the lock file if no build is running",
                        path.display()
                    );
                }
                Err(err) => {
                    return Err(err)
                        .with_context(|| format!("cannot create lock file {}", path.display()));
                }
            }
        }
        bail!("cannot take the lock file {}", path.display())
    }
}

/// A lock whose process no longer runs (checked through /proc where there is one).
fn lock_is_stale(path: &Path) -> bool {
    let Ok(text) = fs::read_to_string(path) else {
        return false;
    };
    let Ok(pid) = text.trim().parse::<u32>() else {
        return false;
    };
    let proc_root = Path::new("/proc");
    proc_root.is_dir() && !proc_root.join(pid.to_string()).exists()
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}
