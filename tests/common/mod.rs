//! Helpers shared by the integration tests: run the `annals` binary, lay out content folders in
//! temporary directories, and read output trees back.
//!
//! Every test works in its own temporary directory and runs the binary with that directory as
//! the current folder, so paths in messages are short and relative (`content/x.md`), nothing is
//! ever written into the repository, and no `annals.toml` of the repository is picked up.

#![allow(dead_code)] // Each test binary uses a different part of this module.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The `warning:` lines of stderr.
    pub fn warnings(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.starts_with("warning:"))
            .collect()
    }

    /// Panics with the whole output unless the exit code is `code`.
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "expected exit code {code}\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

/// Runs `annals` with `args` in the folder `cwd`.
pub fn annals(cwd: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_annals"))
        .args(args)
        .current_dir(cwd)
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("cannot run the annals binary");
    Run {
        code: output.status.code().expect("annals was killed by a signal"),
        stdout: String::from_utf8(output.stdout).expect("stdout is not UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is not UTF-8"),
    }
}

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shipped sample content folder.
pub fn shipped_content() -> PathBuf {
    repo().join("content")
}

/// The `content/` folder of the case `tests/cases/<name>/`.
pub fn case_content(name: &str) -> PathBuf {
    let dir = repo().join("tests/cases").join(name).join("content");
    assert!(dir.is_dir(), "no case folder {}", dir.display());
    dir
}

/// A temporary working folder with a `content/` folder in it.
pub struct Work {
    pub dir: tempfile::TempDir,
}

impl Work {
    /// An empty working folder with an empty `content/`.
    pub fn empty() -> Work {
        let dir = tempfile::tempdir().expect("cannot make a temporary folder");
        fs::create_dir(dir.path().join("content")).unwrap();
        Work { dir }
    }

    /// A working folder whose `content/` is a copy of `from`.
    pub fn copy_of(from: &Path) -> Work {
        let work = Work::empty();
        copy_dir(from, &work.content());
        work
    }

    /// A working folder holding a copy of the case `tests/cases/<name>/content`.
    pub fn case(name: &str) -> Work {
        Work::copy_of(&case_content(name))
    }

    /// A working folder holding a copy of the shipped sample content.
    pub fn shipped() -> Work {
        Work::copy_of(&shipped_content())
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn content(&self) -> PathBuf {
        self.path().join("content")
    }

    /// Writes a file below the working folder, creating its folders.
    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        write_file(&self.path().join(rel), bytes.as_ref());
    }

    /// Runs `annals` in the working folder.
    pub fn run(&self, args: &[&str]) -> Run {
        annals(self.path(), args)
    }

    /// `annals build -c content -o <out> <extra…>`.
    pub fn build(&self, out: &str, extra: &[&str]) -> Run {
        let mut args = vec!["build", "-c", "content", "-o", out];
        args.extend_from_slice(extra);
        self.run(&args)
    }

    /// Reads an output file as text.
    pub fn read(&self, rel: &str) -> String {
        let path = self.path().join(rel);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    /// `annals extract --jsonl -c content`, parsed.
    pub fn extract(&self) -> Vec<serde_json::Value> {
        let run = self.run(&["extract", "--jsonl", "-c", "content"]);
        run.expect_code(0);
        parse_jsonl(&run.stdout)
    }
}

/// Parses one JSON object per line.
pub fn parse_jsonl(text: &str) -> Vec<serde_json::Value> {
    text.lines()
        .map(|line| {
            serde_json::from_str(line).unwrap_or_else(|e| panic!("bad JSON line {line:?}: {e}"))
        })
        .collect()
}

pub fn write_file(path: &Path, bytes: &[u8]) {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).unwrap();
    }
    fs::write(path, bytes).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file below `root` (hidden ones included) by relative path, with its bytes.
pub fn tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                out.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

/// The names in a folder, sorted.
pub fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Escapes text the way the HTML templates do (Tera's autoescape): the same five characters
/// as the escape annals uses outside templates.
pub fn html_escape(text: &str) -> String {
    annals::text::escape_html(text)
}

/// How often `needle` occurs in `haystack`.
pub fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

/// Replaces the build time (`in 12 ms`) in a summary, for snapshots.
pub fn redact_ms(text: &str) -> String {
    text.lines()
        .map(|line| match line.rfind(" in ") {
            Some(at) if line.ends_with(" ms") => format!("{} in [ms] ms", &line[..at]),
            _ => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Splits a Markdown page into its TOML front matter and body.
pub fn split_front_matter(page: &str) -> (&str, &str) {
    let rest = page
        .strip_prefix("+++\n")
        .unwrap_or_else(|| panic!("no +++ front matter in:\n{page}"));
    let end = rest
        .find("\n+++\n")
        .unwrap_or_else(|| panic!("front matter never closed in:\n{page}"));
    (&rest[..end + 1], &rest[end + 5..])
}

/// All `.md` files below `root`, concatenated with their paths, in path order.
pub fn markdown_files(root: &Path) -> String {
    let mut out = String::new();
    for (path, bytes) in tree(root) {
        if path.ends_with(".md") {
            out.push_str(&format!("==> {path} <==\n"));
            out.push_str(&String::from_utf8(bytes).unwrap());
            out.push('\n');
        }
    }
    out
}

/// Three articles about the Muscat talks and three about a storm, as (day of February 2026,
/// title, body), each worded its own way: two stories for discovery tests.
pub const TWO_STORIES: [(&str, &str, &str); 6] = [
    (
        "03",
        "Oman to host talks between Iran and the United States",
        "The foreign minister of Oman, Badr al-Busaidi, said envoys of Iran and the United States would meet in Muscat. The announcement followed weeks of shuttle diplomacy.",
    ),
    (
        "06",
        "Iran and the United States open indirect talks in Muscat",
        "Delegations of Iran and the United States began indirect talks in Muscat, with Oman carrying messages between rooms. Reporters waited outside the palace.",
    ),
    (
        "09",
        "First round of Muscat talks ends as Iran and the United States weigh next steps",
        "The first round of talks in Muscat ended on Monday. Officials in Iran and the United States called it serious, and Oman said experts would continue.",
    ),
    (
        "04",
        "Storm Ingrid brings gales to Denmark",
        "Storm Ingrid brought gales to Denmark and northern Germany. Ferries between Denmark and Germany were cancelled and gusts reached 120 km/h on Sylt.",
    ),
    (
        "06",
        "Power cuts as Storm Ingrid crosses Denmark",
        "About 80,000 households in Denmark lost power as Storm Ingrid crossed the country, and trains in Germany stopped in Schleswig-Holstein.",
    ),
    (
        "08",
        "Harbours flood in Denmark after Storm Ingrid",
        "Harbour walls were breached in several towns in Denmark after Storm Ingrid, and Germany sent pumps to the coast.",
    ),
];

/// The number `-v` prints just before `label` on its pages line: "3221" for
/// `" pages not re-rendered"`, "3200" for `" without making their views"` in
/// "3221 pages not re-rendered (3200 without making their views)".
pub fn count_before(run: &Run, label: &str) -> usize {
    let line = run
        .stderr
        .lines()
        .find(|l| l.contains(label))
        .unwrap_or_else(|| panic!("no count of{label} in {}", run.stderr));
    let before = line.split(label).next().unwrap();
    before.rsplit([' ', '(']).next().unwrap().parse().unwrap()
}

/// The number `-v` gives for "N pages not re-rendered".
pub fn not_rendered(run: &Run) -> usize {
    count_before(run, " pages not re-rendered")
}

/// The number `-v` gives for pages kept "without making their views".
pub fn not_viewed(run: &Run) -> usize {
    count_before(run, " without making their views")
}

/// Builds `work`'s content into `fresh`, a folder that does not exist yet, and checks that
/// `public` holds exactly the same files. The build uses the cache, so it renders the same site
/// model (an incremental model may differ from a full regrouping, which is not what is tested
/// here) and every page is rendered.
pub fn assert_same_as_a_fresh_build(work: &Work, extra: &[&str]) {
    work.build("fresh", extra).expect_code(0);
    let (public, fresh) = (
        tree(&work.path().join("public")),
        tree(&work.path().join("fresh")),
    );
    assert_eq!(
        public.keys().collect::<Vec<_>>(),
        fresh.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &public {
        assert!(bytes == &fresh[path], "{path} differs from a fresh build");
    }
    std::fs::remove_dir_all(work.path().join("fresh")).unwrap();
}
