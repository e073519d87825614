//! Reads a content folder into `Article`s: finds the files, picks a reader for each, and turns
//! every failure into one warning that names the file and the reason.
//!
//! Each input format is one module with one function of the same shape,
//! `read(&SourceFile, &ReadContext) -> Result<Article, ReadError>`, or `Result<FileArticles, _>`
//! for formats whose files hold many articles (JSON, JSON Lines, feeds); there one bad item is a
//! warning, not a lost file. A reader is chosen by the file's content first and its name only
//! as a hint (`detect`), so a scraped page saved as `.md` or a Markdown file saved as `.txt`
//! still reads right. To add a format: write a module with that function, teach `detect` to
//! recognise it, and add a match arm in `read_file`. The same article found in several files is
//! kept once (`merge_duplicates`).

pub mod cached;
pub mod dates;
pub mod feed;
pub mod html;
pub mod item;
pub mod json;
pub mod markdown;
pub mod merge;
pub mod plaintext;
pub mod scraped;
pub mod scrub;
pub mod symlinks;
pub mod wire;

use crate::config::FieldNames;
use crate::model::{Article, InputFormat, Skipped};
pub use merge::{merge_duplicates, unique_ids};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// One file's bytes and its path relative to the content folder (with `/` separators).
#[derive(Debug, Clone, Copy)]
pub struct SourceFile<'a> {
    pub path: &'a str,
    pub bytes: &'a [u8],
}

/// What a reader may consult besides the file itself.
#[derive(Debug, Clone, Copy)]
pub struct ReadContext<'a> {
    /// Time zone assumed for stamps that state none (the site time zone).
    pub site_tz: chrono_tz::Tz,
    /// Names JSON sources use for article fields (`[input.fields]`), tried before common ones.
    pub fields: &'a FieldNames,
    /// Follow symbolic links whose target is outside the content folder
    /// (`[input] follow_outside_symlinks`).
    pub follow_outside_symlinks: bool,
}

static NO_FIELD_NAMES: FieldNames = FieldNames::NONE;

impl ReadContext<'static> {
    /// A context with no `[input.fields]` mapping.
    pub fn new(site_tz: chrono_tz::Tz) -> Self {
        ReadContext {
            site_tz,
            fields: &NO_FIELD_NAMES,
            follow_outside_symlinks: false,
        }
    }
}

/// The articles one file gave, in file order, and the items in it that could not be used.
#[derive(Debug, Clone, Default)]
pub struct FileArticles {
    pub articles: Vec<Article>,
    /// One entry per unusable item, with the file's path and a reason naming the item.
    pub skipped: Vec<Skipped>,
}

impl FileArticles {
    /// The result of a reader that reads one article per file.
    pub fn one(article: Article) -> Self {
        FileArticles {
            articles: vec![article],
            skipped: Vec::new(),
        }
    }
}

/// Why a file is not an article. Callers branch on it only to word the warning.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("the file is empty")]
    Empty,
    #[error("the file looks binary (it contains NUL bytes), not like an article")]
    Binary,
    #[error("the file is not valid UTF-8 (byte {0}); save it as UTF-8")]
    NotUtf8(usize),
    #[error("the file is {size} bytes, over the limit of {limit} (raise [build] max_file_size)")]
    TooLarge { size: u64, limit: u64 },
    #[error("front matter line {line}: {message}")]
    FrontMatter { line: usize, message: String },
    #[error("no date found: {0}")]
    NoDate(String),
    #[error("no title found: {0}")]
    NoTitle(String),
    /// The file is not what its format requires (bad JSON, an XML file that is not a feed).
    #[error("{0}")]
    Malformed(String),
    /// A file of many items none of which could be used.
    #[error("no usable item: {0}")]
    NoItems(String),
    #[error("cannot read the file: {0}")]
    Io(String),
}

/// The articles of a content folder, and the files that were skipped with their reasons.
#[derive(Debug, Default)]
pub struct Ingested {
    pub articles: Vec<Article>,
    pub skipped: Vec<Skipped>,
}

/// File name extensions that may hold articles; everything else in the folder is left alone.
const ARTICLE_EXTENSIONS: &[&str] = &[
    "md", "markdown", "txt", "text", "json", "jsonl", "ndjson", "xml", "rss", "atom", "html", "htm",
];

/// Lists the candidate article files under `root`, sorted by path, skipping hidden entries,
/// the config file and any folder in `exclude` (such as a user's templates folder). Symbolic
/// links are followed only inside `root` (see `symlinks`).
pub fn list_files(root: &Path, exclude: &[PathBuf]) -> (Vec<PathBuf>, Vec<Skipped>) {
    list_files_following(root, exclude, false)
}

/// `list_files`, also following symbolic links out of `root` when `follow_outside` is set.
pub fn list_files_following(
    root: &Path,
    exclude: &[PathBuf],
    follow_outside: bool,
) -> (Vec<PathBuf>, Vec<Skipped>) {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    let canonical_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            let hidden = entry.depth() > 0 && entry.file_name().to_string_lossy().starts_with('.');
            if hidden || exclude.iter().any(|ex| entry.path() == ex) {
                return false;
            }
            if entry.depth() > 0
                && entry.path_is_symlink()
                && let Err(reason) =
                    symlinks::may_follow(entry.path(), &canonical_root, follow_outside)
            {
                skipped.push(symlinks::skipped(relative_path(root, entry.path()), reason));
                return false;
            }
            true
        });
    let mut listing_errors = Vec::new();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let path = entry.path();
                if !entry.file_type().is_file()
                    || path.file_name().is_some_and(|n| n == "annals.toml")
                {
                    continue;
                }
                let ext = path
                    .extension()
                    .map(|e| e.to_string_lossy().to_ascii_lowercase())
                    .unwrap_or_default();
                if ext.is_empty() || ARTICLE_EXTENSIONS.contains(&ext.as_str()) {
                    files.push(path.to_path_buf());
                }
            }
            Err(err) => {
                let reason = match err.loop_ancestor() {
                    Some(ancestor) => format!(
                        "symbolic link loop (it leads back to {}), not followed",
                        relative_path(root, ancestor)
                    ),
                    None => format!("cannot list: {err}"),
                };
                listing_errors.push(Skipped {
                    path: err
                        .path()
                        .map(|p| relative_path(root, p))
                        .unwrap_or_else(|| root.display().to_string()),
                    reason,
                });
            }
        }
    }
    skipped.extend(listing_errors);
    (files, skipped)
}

/// Reads every article file under `root`. Never fails as a whole: bad files become `skipped`.
pub fn read_folder(
    root: &Path,
    exclude: &[PathBuf],
    max_file_size: u64,
    context: &ReadContext,
) -> Ingested {
    let (files, skipped) = list_files_following(root, exclude, context.follow_outside_symlinks);
    // Files are read and parsed on all cores; the results come back in the listed order.
    let results: Vec<(String, Result<FileArticles, ReadError>)> = files
        .par_iter()
        .map(|path| {
            let rel = relative_path(root, path);
            let read = load_and_read(path, &rel, max_file_size, context);
            (rel, read)
        })
        .collect();
    let read = results
        .into_iter()
        .map(|(rel, read)| (rel, read.map_err(|err| err.to_string())));
    ingested_from(read, skipped)
}

/// The article list of a folder from what each file gave (its articles, or why it was
/// skipped) and the files skipped before reading: sorted by path, the same article read twice
/// merged, ids made unique. Shared by the plain and the cached read, so both give the same.
pub(crate) fn ingested_from(
    files: impl IntoIterator<Item = (String, Result<FileArticles, String>)>,
    mut skipped: Vec<Skipped>,
) -> Ingested {
    let mut articles = Vec::new();
    for (rel, read) in files {
        match read {
            Ok(read) => {
                articles.extend(read.articles);
                skipped.extend(read.skipped);
            }
            Err(reason) => skipped.push(Skipped { path: rel, reason }),
        }
    }
    // Stable sorts: by path, then in file order within a file.
    articles.sort_by(|a, b| a.path.cmp(&b.path));
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    let mut articles = merge_duplicates(articles);
    unique_ids(&mut articles);
    Ingested { articles, skipped }
}

/// Reads one file from disk, checking its size before loading it.
pub fn load_and_read(
    path: &Path,
    rel: &str,
    max_file_size: u64,
    context: &ReadContext,
) -> Result<FileArticles, ReadError> {
    let size = std::fs::metadata(path)
        .map_err(|e| ReadError::Io(e.to_string()))?
        .len();
    if size > max_file_size {
        return Err(ReadError::TooLarge {
            size,
            limit: max_file_size,
        });
    }
    let bytes = std::fs::read(path).map_err(|e| ReadError::Io(e.to_string()))?;
    read_file(
        &SourceFile {
            path: rel,
            bytes: &bytes,
        },
        context,
    )
}

/// Reads one file's bytes with the reader its content calls for.
pub fn read_file(file: &SourceFile, context: &ReadContext) -> Result<FileArticles, ReadError> {
    let mut read = read_with_reader(file, context)?;
    let long_line = scrub::long_line_warning(file.bytes);
    for article in &mut read.articles {
        article.warnings.extend(long_line.clone());
        if article.origins.is_empty() {
            article.origins.push(article.path.clone());
        }
        scrub::scrub_article(article);
    }
    Ok(read)
}

/// `read_file` before the fields are scrubbed.
fn read_with_reader(file: &SourceFile, context: &ReadContext) -> Result<FileArticles, ReadError> {
    // HTML pages may be in legacy encodings: the HTML reader decodes their bytes itself.
    if html::looks_like_html(file.path, file.bytes) {
        return html::read(file, context).map(FileArticles::one);
    }
    let text = decode(file.bytes)?;
    let file = SourceFile {
        path: file.path,
        bytes: text.as_bytes(),
    };
    match detect(file.path, text) {
        InputFormat::Markdown => markdown::read(&file, context).map(FileArticles::one),
        InputFormat::Scraped => scraped::read(&file, context).map(FileArticles::one),
        InputFormat::PlainText => plaintext::read(&file, context).map(FileArticles::one),
        InputFormat::Json | InputFormat::JsonLines => json::read(&file, context),
        InputFormat::Feed => feed::read(&file, context),
        InputFormat::Wire => wire::read(&file, context).map(FileArticles::one),
        InputFormat::Html => html::read(&file, context).map(FileArticles::one),
    }
}

/// Checks that the bytes are non-empty UTF-8 text and returns them as `&str` (without a BOM).
fn decode(bytes: &[u8]) -> Result<&str, ReadError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ReadError::Empty);
    }
    if bytes.contains(&0) {
        return Err(ReadError::Binary);
    }
    let text = std::str::from_utf8(bytes).map_err(|e| ReadError::NotUtf8(e.valid_up_to()))?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// Chooses the input format from the content, using the file name only to break ties.
pub fn detect(path: &str, text: &str) -> InputFormat {
    let start = text.trim_start_matches(['\n', '\r']);
    if start.starts_with("+++") || start.starts_with("---") {
        return InputFormat::Markdown;
    }
    if feed::looks_like_feed(start) {
        return InputFormat::Feed;
    }
    if json::looks_like_json(start) {
        return InputFormat::Json;
    }
    if wire::looks_like_wire(start) {
        return InputFormat::Wire;
    }
    if html::looks_like_html(path, text.as_bytes()) {
        return InputFormat::Html;
    }
    if scraped::looks_scraped(text) {
        return InputFormat::Scraped;
    }
    let lower = path.to_ascii_lowercase();
    let extension = lower.rsplit_once('.').map_or("", |(_, ext)| ext);
    match extension {
        "md" | "markdown" => InputFormat::Markdown,
        "json" | "jsonl" | "ndjson" => InputFormat::Json,
        "xml" | "rss" | "atom" => InputFormat::Feed,
        _ => InputFormat::PlainText,
    }
}

/// A path relative to `root` with `/` separators, for messages and ids.
pub fn relative_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// A stable article id derived from its relative path: the slug of the path without extension.
pub fn id_from_path(path: &str) -> String {
    let stem = path.rsplit_once('.').map_or(path, |(stem, _)| stem);
    let slug = crate::text::slugify(stem);
    if slug.is_empty() {
        format!("article-{:016x}", fnv1a(path.as_bytes()))
    } else {
        slug
    }
}

/// FNV-1a, a tiny stable hash for ids that must not change between runs or platforms.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf29ce484222325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x100000001b3);
    }
    hash
}

/// The first paragraph of a plain-text body, used as a summary when none is given.
pub fn first_paragraph(body: &str) -> String {
    body.split("\n\n")
        .map(str::trim)
        .find(|p| !p.is_empty())
        .map(crate::text::squash_whitespace)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_binary_files_are_refused() {
        assert_eq!(decode(b"  \n"), Err(ReadError::Empty));
        assert_eq!(decode(b"abc\0def"), Err(ReadError::Binary));
        assert_eq!(decode(b"ab\xffcd"), Err(ReadError::NotUtf8(2)));
        assert_eq!(decode("\u{feff}Title".as_bytes()), Ok("Title"));
    }

    #[test]
    fn format_is_chosen_by_content_before_name() {
        assert_eq!(
            detect("a.txt", "+++\ntitle = \"x\"\n+++\n"),
            InputFormat::Markdown
        );
        assert_eq!(detect("a.md", "Title\n\nBody"), InputFormat::Markdown);
        assert_eq!(detect("a.txt", "Title\n\nBody"), InputFormat::PlainText);
        assert_eq!(
            detect("a.md", " date 2026-02-08 International\nTitle\n"),
            InputFormat::Scraped
        );
    }

    #[test]
    fn ids_are_stable_slugs_of_the_path() {
        assert_eq!(id_from_path("2026/02/08/talks.txt"), "2026-02-08-talks");
        assert_eq!(
            id_from_path("..."),
            format!("article-{:016x}", fnv1a(b"..."))
        );
    }
}
