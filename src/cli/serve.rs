//! `annals serve`: builds the site in memory, serves it on 127.0.0.1, and rebuilds it when an
//! article, the config or a template changes, reloading the open pages.
//!
//! A rebuild runs the same pipeline as `annals build` (ingest → `build_model` → render), always
//! as HTML, and hands the files to the server (`serve/http.rs`) instead of writing them: the
//! user's `public/` is never touched. A skipped article or a warning shows in a banner on every
//! page and in the terminal; a rebuild that fails (a broken config or template) shows its error
//! the same way while the last good build stays served. File events come from `serve/watch.rs`.
//! Without the `serve` cargo feature the command exists but says how to get it.

#[cfg(feature = "serve")]
mod http;
#[cfg(feature = "serve")]
mod watch;

use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The folder of articles.
    #[arg(long, short = 'c', value_name = "DIR", default_value = "content")]
    pub content: PathBuf,
    /// The config file [default: annals.toml in the content folder, else in the current folder].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// A folder of templates overriding the built-in ones by name [default: templates/ next to the config].
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// The port to serve on, on 127.0.0.1 only; 0 picks a free one.
    #[arg(long, short = 'p', value_name = "PORT", default_value_t = 1111)]
    pub port: u16,
}

#[cfg(feature = "serve")]
impl ServeArgs {
    fn input(&self) -> super::InputArgs {
        super::InputArgs {
            content: self.content.clone(),
            config: self.config.clone(),
            strict: false,
        }
    }
}

#[cfg(not(feature = "serve"))]
pub fn run(_cli: &super::Cli, _args: &ServeArgs) -> anyhow::Result<i32> {
    anyhow::bail!(
        "this annals was built without the `serve` feature; rebuild it with default features \
         (cargo install annals), or run `annals build` and open public/ with any static web server"
    )
}

#[cfg(feature = "serve")]
pub use live::run;

#[cfg(feature = "serve")]
mod live {
    use super::ServeArgs;
    use super::http::{self, Shared};
    use super::watch::{Targets, Watch};
    use crate::cli::{Cli, Plan, plural};
    use crate::config::OutputFormat;
    use crate::ingest;
    use crate::model::{Article, Skipped};
    use crate::render::{self, Templates, views::Views};
    use anyhow::{Context as _, Result, bail};
    use axum::body::Bytes;
    use std::collections::BTreeMap;
    use std::io::Write as _;
    use std::net::Ipv4Addr;
    use std::path::{Path, PathBuf};
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    /// How long the files must be quiet after a change before a rebuild starts.
    const QUIET: Duration = Duration::from_millis(60);

    pub fn run(cli: &Cli, args: &ServeArgs) -> Result<i32> {
        if !args.content.is_dir() {
            bail!(
                "content folder {} does not exist (use --content DIR to point at your articles)",
                args.content.display()
            );
        }
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .context("cannot start the server")?;
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind((
                Ipv4Addr::LOCALHOST,
                args.port,
            )))
            .with_context(|| {
                format!(
                    "cannot listen on 127.0.0.1:{} (is another server using it? --port 0 picks a free port)",
                    args.port
                )
            })?;
        let port = listener
            .local_addr()
            .context("cannot read the server's address")?
            .port();
        let mut watch = Watch::new().context("cannot watch the files for changes")?;
        for problem in watch.set_targets(targets(args)) {
            eprintln!("warning: {problem}");
        }
        let shared = Shared::new();
        rebuild(cli, args, &shared, &[]);
        println!("Serving http://127.0.0.1:{port}/ (press Ctrl-C to stop)");
        let _ = std::io::stdout().flush();

        let server = Arc::clone(&shared);
        runtime.spawn(async move {
            if let Err(err) = http::serve(listener, server).await {
                eprintln!("error: the server stopped: {err}");
                std::process::exit(1);
            }
        });
        while let Some(change) = watch.wait_for_change(QUIET) {
            for error in &change.errors {
                eprintln!("warning: {error}");
            }
            if !change.paths.is_empty() {
                rebuild(cli, args, &shared, &change.paths);
                // A templates folder or config may have appeared: watch it from now on.
                for problem in watch.set_targets(targets(args)) {
                    eprintln!("warning: {problem}");
                }
            }
        }
        bail!("the file watcher stopped; restart annals serve")
    }

    /// One site built in memory, with what the terminal summary needs.
    struct Built {
        files: BTreeMap<String, Bytes>,
        warnings: Vec<String>,
        articles: usize,
        events: usize,
        topics: usize,
    }

    /// Runs the pipeline of `annals build` up to the rendered files, as HTML.
    fn build_in_memory(args: &ServeArgs) -> Result<Built> {
        let plan = Plan::new(&args.input())?;
        let templates = Templates::load(plan.templates_dir(args.templates.as_deref())?.as_deref())?;
        let ingested = ingest::read_folder(
            &plan.content,
            &plan.excluded(),
            plan.config.build.max_file_size,
            &plan.read_context(),
        );
        let mut other = Vec::new();
        let site_model = crate::build_model(ingested.articles, &plan.config, &mut other);
        let views = Views::new(&site_model, &plan.config);
        let files = render::render_site(&views, &templates, OutputFormat::Html)?;
        Ok(Built {
            files: files
                .into_iter()
                .map(|f| (f.path, Bytes::from(f.contents)))
                .collect(),
            warnings: warning_lines(&plan, &ingested.skipped, &site_model.articles, &other),
            articles: site_model.articles.len(),
            events: site_model.events.len(),
            topics: site_model.topics.len(),
        })
    }

    /// The lines `annals build` prints for skipped files and warnings.
    fn warning_lines(
        plan: &Plan,
        skipped: &[Skipped],
        articles: &[Article],
        other: &[String],
    ) -> Vec<String> {
        let shown = |rel: &str| plan.content.join(rel).display().to_string();
        let skipped = skipped
            .iter()
            .map(|s| format!("warning: {}: {} (skipped)", shown(&s.path), s.reason));
        let warned = articles.iter().flat_map(|a| {
            a.warnings
                .iter()
                .map(move |w| format!("warning: {}: {w}", shown(&a.path)))
        });
        let other = other.iter().map(|w| format!("warning: {w}"));
        skipped.chain(warned).chain(other).collect()
    }

    /// Builds, publishes the result (or the error, keeping the last good files) and reports.
    fn rebuild(cli: &Cli, args: &ServeArgs, shared: &Shared, changed: &[PathBuf]) {
        let started = Instant::now();
        let result = build_in_memory(args);
        let ms = started.elapsed().as_millis();
        // Editors leave short-lived files behind; name a file that is still there first.
        let mut changed = changed.to_vec();
        changed.sort_by_key(|p| !p.exists());
        let what = match changed.as_slice() {
            [] => "Built".to_string(),
            [one] => format!("Rebuilt after a change to {}", shown_path(one)),
            [one, rest @ ..] => format!(
                "Rebuilt after changes to {} and {} more",
                shown_path(one),
                rest.len()
            ),
        };
        match result {
            Ok(built) => {
                if !cli.quiet {
                    for warning in &built.warnings {
                        eprintln!("{warning}");
                    }
                }
                let summary = format!(
                    "{} article{}, {} event{}, {} topic{}",
                    built.articles,
                    plural(built.articles),
                    built.events,
                    plural(built.events),
                    built.topics,
                    plural(built.topics),
                );
                let warnings = built.warnings.len();
                let published = shared.publish(Some(built.files), built.warnings);
                if !cli.quiet {
                    println!(
                        "{what} in {ms} ms: {summary}{}{}",
                        if warnings > 0 {
                            format!(", {warnings} warning{}", plural(warnings))
                        } else {
                            String::new()
                        },
                        if published.is_none() {
                            " (no change)"
                        } else {
                            ""
                        }
                    );
                }
            }
            Err(err) => {
                let message = format!("error: {err:#}");
                eprintln!("{message}");
                eprintln!("{what} failed in {ms} ms; still serving the last good build");
                shared.publish(
                    None,
                    vec![
                        message,
                        "The pages below are from the last good build.".to_string(),
                    ],
                );
            }
        }
        let _ = std::io::stdout().flush();
    }

    /// A changed path as the user would write it: relative to the current folder when inside it.
    fn shown_path(path: &Path) -> String {
        let cwd = std::env::current_dir()
            .ok()
            .and_then(|d| d.canonicalize().ok());
        cwd.and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
            .unwrap_or_else(|| path.to_path_buf())
            .display()
            .to_string()
    }

    /// What a build reads, as absolute paths: the content tree, the config file (or where one
    /// would be found), and the templates folder (or where one would be found).
    fn targets(args: &ServeArgs) -> Targets {
        let content = absolute(&args.content);
        let configs = match &args.config {
            Some(path) => vec![absolute(path)],
            None => vec![
                content.join("annals.toml"),
                absolute(Path::new("annals.toml")),
            ],
        };
        let templates: Vec<PathBuf> = match &args.templates {
            Some(dir) => vec![absolute(dir)],
            None => configs
                .iter()
                .filter_map(|c| c.parent())
                .map(|d| d.join("templates"))
                .collect(),
        };
        let mut trees = vec![content];
        trees.extend(templates.iter().cloned());
        let mut paths = configs;
        paths.extend(templates);
        Targets { trees, paths }
    }

    /// The path with symbolic links resolved as far as it exists, so it compares equal to the
    /// paths the watcher reports.
    fn absolute(path: &Path) -> PathBuf {
        if let Ok(real) = path.canonicalize() {
            return real;
        }
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        match (absolute.parent(), absolute.file_name()) {
            (Some(parent), Some(name)) => parent
                .canonicalize()
                .map_or_else(|_| absolute.clone(), |p| p.join(name)),
            _ => absolute,
        }
    }
}
