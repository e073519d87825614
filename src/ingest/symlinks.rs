//! Decides which symbolic links in a content folder are read.
//!
//! A content folder may be assembled from links (a shared archive linked into several sites),
//! so links are followed, but only within bounds: a link whose target lies outside the content
//! folder is skipped with a warning unless `[input] follow_outside_symlinks = true`, so an
//! article folder cannot make annals read (and publish) `/etc` or a home folder; a broken link
//! is a warning; and a link back to one of its own ancestors is reported by `walkdir` as a loop
//! instead of being walked forever.

use crate::model::Skipped;
use std::path::Path;

/// Whether the walk may enter the symbolic link `link`, found under the content folder whose
/// canonical path is `canonical_root`. `Err` is the warning for a link that is not followed.
pub fn may_follow(link: &Path, canonical_root: &Path, follow_outside: bool) -> Result<(), String> {
    let target = std::fs::canonicalize(link)
        .map_err(|e| format!("broken symbolic link, not followed: {e}"))?;
    if !follow_outside && !target.starts_with(canonical_root) {
        return Err(format!(
            "symbolic link to {}, outside the content folder, not followed (set [input] follow_outside_symlinks = true to read it)",
            target.display()
        ));
    }
    Ok(())
}

/// The warning for a link that is not followed.
pub fn skipped(rel: String, reason: String) -> Skipped {
    Skipped { path: rel, reason }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn links_inside_are_followed_and_links_outside_only_when_allowed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("content");
        std::fs::create_dir_all(root.join("a")).unwrap();
        std::fs::write(dir.path().join("secret.txt"), "x").unwrap();
        symlink(root.join("a"), root.join("inside")).unwrap();
        symlink(dir.path().join("secret.txt"), root.join("outside.txt")).unwrap();
        symlink(dir.path().join("missing"), root.join("broken.txt")).unwrap();
        let canonical = std::fs::canonicalize(&root).unwrap();
        assert_eq!(may_follow(&root.join("inside"), &canonical, false), Ok(()));
        let err = may_follow(&root.join("outside.txt"), &canonical, false).unwrap_err();
        assert!(err.contains("outside the content folder"), "{err}");
        assert_eq!(
            may_follow(&root.join("outside.txt"), &canonical, true),
            Ok(())
        );
        let err = may_follow(&root.join("broken.txt"), &canonical, true).unwrap_err();
        assert!(err.contains("broken symbolic link"), "{err}");
    }
}
