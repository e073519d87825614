//! Renders the site model into output files: one `Renderer` per output format, all sharing
//! the same Tera templates and view structs.
//!
//! Default templates live in `templates/` and are compiled into the binary with
//! `include_str!`; a user's templates folder overrides any of them by file name. Renderers only
//! produce `OutputFile`s; writing them (atomically) is the `site` module's job, so a template
//! error can never leave half a site in place of the old one.

pub mod archive;
pub mod email;
pub mod exports;
pub mod feeds;
pub mod fingerprint;
pub use fingerprint::render_id;
pub mod html;
pub mod markdown;
pub mod views;

use anyhow::{Context as _, Result, bail};
use std::collections::BTreeMap;
use std::path::Path;

/// One file of the built site: a path relative to the output folder, and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub contents: Vec<u8>,
}

/// Where rendered files go: the new site being written (`site::SiteWriter`), or memory.
pub trait Sink: Sync {
    /// Takes one file. `fingerprint` names everything its bytes were made from
    /// (`fingerprint::PageKeys`), or is `fingerprint::NO_FINGERPRINT`.
    fn write(&self, file: OutputFile, fingerprint: u64) -> Result<()>;
    /// Puts the previous build's file at `path` into the new site when that file was made from
    /// exactly the inputs `fingerprint` names, and says whether it did: when it did, the page
    /// is not rendered. Checks `path` as `write` would.
    fn keep(&self, path: &str, fingerprint: u64) -> Result<bool>;
    /// Puts the previous build's file at `path` into the new site as it was, for a page whose
    /// inputs the caller knows are unchanged (`views::Views::page_unchanged`), and says whether
    /// it did; when it did not, the page is made as usual.
    fn keep_as_before(&self, path: &str) -> Result<bool>;
    /// The previous build's file at `path`, when the sink has it as the previous build
    /// recorded it (for a file that is made anew from parts of the old one).
    fn previous(&self, path: &str) -> Option<Vec<u8>>;
}

/// A plain function takes every file rendered and never keeps one (`annals serve`, tests).
impl<F: Fn(OutputFile) -> Result<()> + Sync> Sink for F {
    fn write(&self, file: OutputFile, _: u64) -> Result<()> {
        self(file)
    }

    fn keep(&self, _: &str, _: u64) -> Result<bool> {
        Ok(false)
    }

    fn keep_as_before(&self, _: &str) -> Result<bool> {
        Ok(false)
    }

    fn previous(&self, _: &str) -> Option<Vec<u8>> {
        None
    }
}

/// An output format. Each turns views into files through the shared templates.
pub trait Renderer {
    /// A short name for messages ("html", "markdown").
    fn name(&self) -> &'static str;
    /// Renders every page of this format, handing each file to `sink` as soon as it is made
    /// (possibly from several threads, in any order), so a format with big pages never holds
    /// them all. With `keys`, a page the sink keeps from the previous build is not rendered.
    fn render_into(
        &self,
        views: &views::Views,
        templates: &Templates,
        keys: Option<&fingerprint::PageKeys>,
        sink: &dyn Sink,
    ) -> Result<()>;
}

/// Renders one page through `template` into the file at `path`, unless `sink` keeps the
/// previous build's file for it (its fingerprint under `keys` unchanged).
fn render_page(
    format: &str,
    template: &str,
    path: String,
    page: &views::Page,
    templates: &Templates,
    keys: Option<&fingerprint::PageKeys>,
    sink: &dyn Sink,
) -> Result<()> {
    let fingerprint = keys.and_then(|keys| keys.page(format, template, page));
    keep_or_write(sink, path, fingerprint, || {
        Ok(templates
            .render(template, &page.view, &page.root())?
            .into_bytes())
    })
}

/// Has `sink` keep the previous build's file at `path` when it was made from the inputs
/// `fingerprint` names; otherwise makes the file's bytes with `make` and writes them with
/// that fingerprint (or `NO_FINGERPRINT`). Pages, feeds and TimelineJS documents all go
/// through here.
fn keep_or_write(
    sink: &dyn Sink,
    path: String,
    fingerprint: Option<u64>,
    make: impl FnOnce() -> Result<Vec<u8>>,
) -> Result<()> {
    if let Some(fingerprint) = fingerprint
        && sink.keep(&path, fingerprint)?
    {
        return Ok(());
    }
    sink.write(
        OutputFile {
            path,
            contents: make()?,
        },
        fingerprint.unwrap_or(fingerprint::NO_FINGERPRINT),
    )
}

/// The built-in templates and static files, by name.
pub const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("event.html", include_str!("../../templates/event.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("topic.html", include_str!("../../templates/topic.html")),
    ("digest.html", include_str!("../../templates/digest.html")),
    ("digests.html", include_str!("../../templates/digests.html")),
    ("entity.html", include_str!("../../templates/entity.html")),
    ("archive.html", include_str!("../../templates/archive.html")),
    ("search.html", include_str!("../../templates/search.html")),
    ("event.md", include_str!("../../templates/event.md")),
    ("index.md", include_str!("../../templates/index.md")),
    ("topic.md", include_str!("../../templates/topic.md")),
    ("digest.md", include_str!("../../templates/digest.md")),
    ("digests.md", include_str!("../../templates/digests.md")),
    ("entity.md", include_str!("../../templates/entity.md")),
    ("atom.xml", include_str!("../../templates/atom.xml")),
    ("email.html", include_str!("../../templates/email.html")),
    ("email.txt", include_str!("../../templates/email.txt")),
    ("email.md", include_str!("../../templates/email.md")),
    ("archive.md", include_str!("../../templates/archive.md")),
];

/// Static files copied as they are (after user overrides).
pub const DEFAULT_STATIC: &[(&str, &str)] = &[
    ("style.css", include_str!("../../templates/style.css")),
    ("annals.js", include_str!("../../templates/annals.js")),
];

/// The loaded templates: Tera with defaults and overrides, plus the static files.
pub struct Templates {
    tera: tera::Tera,
    /// Where each template came from, for error messages.
    origins: BTreeMap<String, String>,
    pub statics: BTreeMap<String, Vec<u8>>,
    /// The hash of every template's name and text (`fingerprint`).
    fingerprint: u64,
}

impl Templates {
    /// Loads the built-in templates, then the files of `override_dir` (if any) by name.
    pub fn load(override_dir: Option<&Path>) -> Result<Templates> {
        let mut sources: BTreeMap<String, (String, String)> = DEFAULT_TEMPLATES
            .iter()
            .map(|(name, text)| {
                (
                    name.to_string(),
                    (text.to_string(), format!("built-in {name}")),
                )
            })
            .collect();
        let mut statics: BTreeMap<String, Vec<u8>> = DEFAULT_STATIC
            .iter()
            .map(|(name, text)| (name.to_string(), text.as_bytes().to_vec()))
            .collect();
        if let Some(dir) = override_dir {
            let entries = std::fs::read_dir(dir)
                .with_context(|| format!("cannot read templates folder {}", dir.display()))?;
            let mut paths: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
            paths.sort();
            for path in paths {
                let Some(name) = path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .map(str::to_string)
                else {
                    continue;
                };
                if !path.is_file() || name.starts_with('.') {
                    continue;
                }
                if let Some(slot) = statics.get_mut(&name) {
                    *slot = std::fs::read(&path)
                        .with_context(|| format!("cannot read {}", path.display()))?;
                } else if [".html", ".md", ".xml", ".txt", ".json"]
                    .iter()
                    .any(|ext| name.ends_with(ext))
                {
                    let text = std::fs::read_to_string(&path)
                        .with_context(|| format!("cannot read template {}", path.display()))?;
                    sources.insert(name, (text, path.display().to_string()));
                }
            }
        }
        let mut tera = tera::Tera::new();
        tera.register_filter("md", |s: &str, _: tera::Kwargs, _: &tera::State| {
            escape_markdown(s)
        });
        tera.register_filter("toml", |s: &str, _: tera::Kwargs, _: &tera::State| {
            toml_string(s)
        });
        let origins: BTreeMap<String, String> = sources
            .iter()
            .map(|(k, (_, origin))| (k.clone(), origin.clone()))
            .collect();
        tera.add_raw_templates(
            sources
                .iter()
                .map(|(name, (text, _))| (name.as_str(), text.as_str())),
        )
        .map_err(|e| template_error(&e, &origins))?;
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        for (name, (text, _)) in &sources {
            for part in [name, text] {
                hasher.update(&(part.len() as u64).to_le_bytes());
                hasher.update(part.as_bytes());
            }
        }
        Ok(Templates {
            tera,
            origins,
            statics,
            fingerprint: hasher.digest(),
        })
    }

    /// The hash of every template's name and text, in name order: any page may include or
    /// extend any template, so a page's fingerprint covers them all (`fingerprint::PageKeys`).
    /// The static files are not in it: no page is made from them.
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// Renders template `name` with a serializable view plus the relative path to the root.
    pub fn render<T: serde::Serialize>(&self, name: &str, view: &T, root: &str) -> Result<String> {
        let mut context = tera::Context::from_serialize(view)
            .map_err(|e| anyhow::anyhow!("cannot pass the page to template {name}: {e}"))?;
        context.insert("root", root);
        self.tera
            .render(name, &context)
            .map_err(|e| template_error(&e, &self.origins))
    }
}

/// Turns a Tera error into one message that names the template file and the line.
fn template_error(err: &tera::Error, origins: &BTreeMap<String, String>) -> anyhow::Error {
    match err.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let name = report.filename();
            let origin = origins.get(name).map_or(name, String::as_str);
            anyhow::anyhow!(
                "template {origin} line {}: {}\n{err}",
                report.span().start_line,
                report.message()
            )
        }
        _ => anyhow::anyhow!("template error: {err}"),
    }
}

/// Escapes text for Markdown so article text is shown, never interpreted: Markdown punctuation
/// gets a backslash and HTML-significant characters become entities.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '{' | '}' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A TOML basic string literal, quotes included, for front matter. `<` and `>` are written as
/// `\u` escapes, so article text never puts a raw tag into a Markdown file; the value read back
/// is unchanged.
pub fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '<' | '>' => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Renders the site in every format the config asks for into memory, sorted by path (for
/// `annals serve`), checking every output path: the files of `render_site_into`, collected.
pub fn render_site(
    views: &views::Views,
    templates: &Templates,
    format: crate::config::OutputFormat,
) -> Result<Vec<OutputFile>> {
    let files: std::sync::Mutex<BTreeMap<String, Vec<u8>>> = Default::default();
    render_site_into(views, templates, format, None, &|file: OutputFile| {
        check_output_path(&file.path)?;
        let mut files = files.lock().expect("not poisoned");
        if files.contains_key(&file.path) {
            bail!("two pages want the same output path {}", file.path);
        }
        files.insert(file.path, file.contents);
        Ok(())
    })?;
    Ok(files
        .into_inner()
        .expect("not poisoned")
        .into_iter()
        .map(|(path, contents)| OutputFile { path, contents })
        .collect())
}

/// Renders the site in every format the config asks for, handing each file to `sink` as soon
/// as it is rendered: `annals build` writes them straight into the new site
/// (`site::SiteWriter`), so the rendered pages of a big corpus are never all in memory at
/// once. The sink checks paths.
///
/// `code_id` identifies the running annals code (the command line hashes the executable):
/// with it, pages are fingerprinted and the sink may keep a page the previous build made from
/// the same inputs instead of having it rendered; without it, every page is rendered.
pub fn render_site_into(
    views: &views::Views,
    templates: &Templates,
    format: crate::config::OutputFormat,
    code_id: Option<u64>,
    sink: &dyn Sink,
) -> Result<()> {
    // Formats side by side (feeds and exports are small, pages are many); the sink takes files
    // in any order.
    use rayon::prelude::*;
    let keys = code_id.map(|code_id| fingerprint::PageKeys::new(code_id, templates));
    renderers(format).par_iter().try_for_each(|renderer| {
        renderer
            .render_into(views, templates, keys.as_ref(), sink)
            .with_context(|| format!("rendering {} pages", renderer.name()))
    })
}

/// The renderers of `format`, in the order they run.
fn renderers(format: crate::config::OutputFormat) -> Vec<Box<dyn Renderer + Sync>> {
    let mut renderers: Vec<Box<dyn Renderer + Sync>> = Vec::new();
    if format.html() {
        renderers.push(Box::new(html::HtmlRenderer));
        // Zola and Hugo make their own feeds from Markdown pages, so Atom comes with HTML only.
        renderers.push(Box::new(feeds::FeedRenderer));
    }
    if format.markdown() {
        renderers.push(Box::new(markdown::MarkdownRenderer));
    }
    renderers.push(Box::new(exports::ExportRenderer));
    renderers
}

/// Refuses any output path that could leave the output folder or misbehave on some system.
pub fn check_output_path(path: &str) -> Result<()> {
    let bad_component = |c: &str| {
        c.is_empty()
            || c == "."
            || c == ".."
            || c.contains(['\\', ':', '\0'])
            || c.chars().any(char::is_control)
            || crate::text::is_windows_reserved(c)
    };
    if path.starts_with('/') || path.split('/').any(bad_component) {
        bail!("refusing to write {path:?}: not a safe path inside the output folder");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_paths_cannot_escape() {
        assert!(check_output_path("topics/a/index.html").is_ok());
        for bad in [
            "../x",
            "/etc/passwd",
            "a/../../b",
            "a//b",
            "con/index.html",
            "a\0b",
            "c:/x",
            "com1.txt",
        ] {
            assert!(check_output_path(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn streamed_rendering_gives_the_same_files_as_rendering_all_at_once() {
        use crate::config::{Config, OutputFormat};
        use crate::model::Article;
        let article = |id: &str, day: u32, title: &str, body: &str| Article {
            id: id.into(),
            title: title.into(),
            body: body.into(),
            origins: vec![format!("{id}.md")],
            ..Article::new(
                format!("{id}.md"),
                crate::ingest::dates::parse_stamp(&format!("2026-02-{day:02}")).unwrap(),
            )
        };
        let articles: Vec<Article> = (1..=6)
            .map(|i| {
                let (who, what) = if i % 2 == 0 {
                    ("Storm Ingrid", "brings gales to Denmark")
                } else {
                    ("Iran and the United States", "hold talks in Muscat")
                };
                article(
                    &format!("a{i}"),
                    i + 2,
                    &format!("{who} {what}"),
                    &format!("Officials said {who} {what} on day {i}. Badr al-Busaidi spoke."),
                )
            })
            .collect();
        let config = Config::parse("", "test.toml").unwrap();
        let site = crate::build_model(articles, &config, &mut Vec::new());
        let views = views::Views::new(&site, &config);
        let templates = Templates::load(None).unwrap();
        for format in [OutputFormat::Html, OutputFormat::Markdown] {
            let all = render_site(&views, &templates, format).unwrap();
            let streamed = std::sync::Mutex::new(Vec::new());
            render_site_into(&views, &templates, format, None, &|file: OutputFile| {
                streamed.lock().unwrap().push(file);
                Ok(())
            })
            .unwrap();
            let mut streamed = streamed.into_inner().unwrap();
            streamed.sort_by(|a, b| a.path.cmp(&b.path));
            assert!(all.iter().any(|f| f.path.starts_with("topics/")));
            assert_eq!(streamed, all);
        }
    }

    #[test]
    fn markdown_escaping_neutralises_markup() {
        assert_eq!(
            escape_markdown("<b>*x*</b> {{ y }}"),
            "&lt;b&gt;\\*x\\*&lt;/b&gt; \\{\\{ y \\}\\}"
        );
    }

    #[test]
    fn toml_strings_read_back_unchanged_without_raw_tags() {
        let text = "<script>\"a\\b\"</script>\n\t\u{7}\u{0} ’";
        let literal = toml_string(text);
        assert!(!literal.contains('<'), "{literal}");
        let table: toml::Table = toml::from_str(&format!("v = {literal}")).unwrap();
        assert_eq!(table["v"].as_str(), Some(text));
    }

    #[test]
    fn user_templates_override_by_name_and_errors_name_the_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("digests.html"), "custom {{ site.title }}").unwrap();
        let t = Templates::load(Some(dir.path())).unwrap();
        let out = t
            .render(
                "digests.html",
                &serde_json::json!({"site": {"title": "<T>"}}),
                "",
            )
            .unwrap();
        assert_eq!(out, "custom &lt;T&gt;");

        std::fs::write(dir.path().join("digests.html"), "line one\n{% if %}\n").unwrap();
        let err = Templates::load(Some(dir.path())).err().unwrap().to_string();
        assert!(err.contains("digests.html line 2"), "{err}");
    }
}
