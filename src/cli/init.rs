//! `annals init [DIR]`: creates a project that builds as it is: a commented `annals.toml`, one
//! invented sample article per input format in `content/`, and `templates/` with a note on
//! overriding the built-in templates.
//!
//! The files are compiled into the binary from `init/`, so the command works anywhere. It never
//! replaces a file: when any file it would write exists already, it writes nothing and names
//! them. Other files in the folder are left alone, so a project can start in a folder that
//! holds a README or a Git repository.

use super::Cli;
use anyhow::{Context as _, Result, bail};
use clap::Args;
use std::io::Write as _;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create the project in; made when missing [default: the current folder].
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// The files of a new project, by path relative to its folder.
pub const PROJECT_FILES: &[(&str, &str)] = &[
    ("annals.toml", include_str!("../../init/annals.toml")),
    (
        "content/markdown-toml.md",
        include_str!("../../init/content/markdown-toml.md"),
    ),
    (
        "content/markdown-yaml.md",
        include_str!("../../init/content/markdown-yaml.md"),
    ),
    (
        "content/scraped-page.txt",
        include_str!("../../init/content/scraped-page.txt"),
    ),
    (
        "content/web-page.html",
        include_str!("../../init/content/web-page.html"),
    ),
    (
        "content/article.json",
        include_str!("../../init/content/article.json"),
    ),
    (
        "content/articles.jsonl",
        include_str!("../../init/content/articles.jsonl"),
    ),
    (
        "content/feed.rss",
        include_str!("../../init/content/feed.rss"),
    ),
    (
        "content/wire-copy.txt",
        include_str!("../../init/content/wire-copy.txt"),
    ),
    (
        "templates/README.txt",
        include_str!("../../init/templates/README.txt"),
    ),
];

pub fn run(cli: &Cli, args: &InitArgs) -> Result<i32> {
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    if dir.exists() && !dir.is_dir() {
        bail!("{} exists and is not a folder", dir.display());
    }
    let existing: Vec<&str> = PROJECT_FILES
        .iter()
        .map(|(rel, _)| *rel)
        .filter(|rel| dir.join(rel).symlink_metadata().is_ok())
        .collect();
    if !existing.is_empty() {
        bail!(
            "refusing to overwrite {} in {}; nothing was written (move {} away, or run annals init in another folder)",
            existing.join(", "),
            dir.display(),
            if existing.len() == 1 { "it" } else { "them" }
        );
    }
    for (rel, text) in PROJECT_FILES {
        write_new(&dir.join(rel), text)?;
    }
    if !cli.quiet {
        println!(
            "Created an annals project in {} with {} files:",
            dir.display(),
            PROJECT_FILES.len()
        );
        for (rel, _) in PROJECT_FILES {
            println!("  {rel}");
        }
        let cd = if args.dir.is_some() {
            format!("cd {} && ", dir.display())
        } else {
            String::new()
        };
        println!(
            "Next: `{cd}annals serve` to preview the site, or `annals build` to write it into public/"
        );
    }
    Ok(0)
}

/// Writes a file that must not exist yet, making its folders.
fn write_new(path: &Path, text: &str) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create the folder {}", parent.display()))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(text.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::ingest::{self, ReadContext, SourceFile};
    use crate::model::InputFormat;

    #[test]
    fn the_sample_config_parses_and_names_its_topic() {
        let config = Config::parse(PROJECT_FILES[0].1, "annals.toml").unwrap();
        assert_eq!(config.site.title, "Millbrook Notes");
        assert_eq!(config.topics.len(), 1);
        assert_eq!(config.topic_slug(0), "old-mill-bridge");
    }

    #[test]
    fn each_sample_is_read_by_its_own_reader() {
        let expected = [
            ("content/markdown-toml.md", InputFormat::Markdown),
            ("content/markdown-yaml.md", InputFormat::Markdown),
            ("content/scraped-page.txt", InputFormat::Scraped),
            ("content/web-page.html", InputFormat::Html),
            ("content/article.json", InputFormat::Json),
            ("content/articles.jsonl", InputFormat::JsonLines),
            ("content/feed.rss", InputFormat::Feed),
            ("content/wire-copy.txt", InputFormat::Wire),
        ];
        let context = ReadContext::new(chrono_tz::Europe::London);
        for (rel, format) in expected {
            let (_, text) = PROJECT_FILES.iter().find(|(p, _)| *p == rel).unwrap();
            let file = SourceFile {
                path: rel,
                bytes: text.as_bytes(),
            };
            let read = ingest::read_file(&file, &context).unwrap_or_else(|e| panic!("{rel}: {e}"));
            assert_eq!(read.articles.len(), 1, "{rel}");
            assert!(read.skipped.is_empty(), "{rel}: {:?}", read.skipped);
            let article = &read.articles[0];
            assert_eq!(article.format, format, "{rel}");
            assert!(article.warnings.is_empty(), "{rel}: {:?}", article.warnings);
            assert!(
                article.body.contains("invented"),
                "{rel} does not say it is invented"
            );
        }
    }
}
