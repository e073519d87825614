//! The command line: turns flags into a validated plan, runs the pipeline, and reports.
//!
//! This is the only module that reads the clock, the environment and the current folder; every
//! stage below it gets what it needs as arguments. Exit codes: 0 success, 1 a failed build (or
//! warnings under `--strict`), 2 a usage error.

mod build_stats;
mod digest;
mod init;
mod serve;
mod timeline;
mod topics;

use crate::config::{Config, OutputFormat};
use crate::ingest::{self, ReadContext};
use crate::model::Skipped;
use crate::render::{self, Templates, views::Views};
use crate::site::{self, Protected};
use anyhow::{Context as _, Result, bail};
use clap::{Args, Parser, Subcommand};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::Instant;

const EXAMPLES: &str = "\
Examples:
  annals build                          build content/ into public/
  annals build --format both -o site    HTML and Markdown pages into site/
  annals check --strict                 read everything, write nothing, fail on warnings
  annals extract --jsonl > articles.jsonl
  annals extract content/2026/02/08     what annals reads from some files
  annals timeline --topic us-iran-negotiations --dates 8 --sentences 2
                                        one topic's key dates and what happened on each
  annals digest --date 2026-02-08 --format email | sendmail -t
                                        that day's briefing email
  annals init my-news && cd my-news && annals serve
                                        start a project and preview it as you edit";

#[derive(Debug, Parser)]
#[command(name = "annals", version, about = "Turn a folder of news articles into dated events grouped by topic, rendered as a static timeline site.", after_help = EXAMPLES)]
pub struct Cli {
    /// Print nothing but errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print the time each stage took, and every file skipped.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read the content folder and write the site.
    Build(BuildArgs),
    /// Read and check everything, report, and write nothing.
    Check(InputArgs),
    /// Print what annals reads from each article, as JSON.
    Extract(ExtractArgs),
    /// Print one topic's summarized timeline: key dates and what happened on each.
    Timeline(timeline::TimelineArgs),
    /// List the topics, configured and discovered; with --suggest, print [[topics]] blocks for
    /// the largest discovered stories.
    Topics(topics::TopicsArgs),
    /// Render one day's digest as a briefing email (MIME), HTML, Markdown or text; with
    /// --send, deliver it over SMTP.
    Digest(digest::DigestArgs),
    /// Create a project: annals.toml, one sample article per input format, templates/.
    Init(init::InitArgs),
    /// Build the site in memory, serve it on 127.0.0.1, and rebuild and reload on every change.
    Serve(serve::ServeArgs),
}

/// Where the articles and the config are.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// The folder of articles.
    #[arg(long, short = 'c', value_name = "DIR", default_value = "content")]
    pub content: PathBuf,
    /// The config file [default: annals.toml in the content folder, else in the current folder].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Exit with status 1 when any file was skipped or any warning was printed.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// The folder to write the site into; it is replaced whole.
    #[arg(long, short = 'o', value_name = "DIR", default_value = "public")]
    pub output: PathBuf,
    /// Page formats to write [default: from the config, else html].
    #[arg(long, value_enum)]
    pub format: Option<OutputFormat>,
    /// A folder of templates overriding the built-in ones by name [default: templates/ next to the config].
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Replace the output folder even if annals did not make it.
    #[arg(long)]
    pub force: bool,
    /// The cache of parsed articles [default: .annals-cache next to the config, else in the current folder].
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
    /// Read every file again and leave the cache alone.
    #[arg(long)]
    pub no_cache: bool,
    /// Regroup every article. Without it, when the content only gained a few files since the
    /// last build, the new articles are placed into the saved events and stories instead.
    #[arg(long)]
    pub full: bool,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Files or folders to read instead of the whole content folder.
    #[arg(value_name = "PATHS")]
    pub paths: Vec<PathBuf>,
    /// One JSON object per line instead of a JSON array.
    #[arg(long)]
    pub jsonl: bool,
}

/// Parses the command line, runs it, prints errors, and returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return if err.use_stderr() { 2 } else { 0 };
        }
    };
    match run(&cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            1
        }
    }
}

/// The content folder, config and templates a command works with, checked and loaded.
struct Plan {
    content: PathBuf,
    config: Config,
    config_path: Option<PathBuf>,
}

/// The site model of a content folder, with what was skipped and warned on the way.
struct Modeled {
    site: crate::model::Site,
    skipped: Vec<Skipped>,
    warnings: Vec<String>,
}

impl Modeled {
    /// Prints the warnings (unless `quiet`) and returns how many there were.
    fn report(&self, plan: &Plan, quiet: bool) -> usize {
        if quiet {
            self.skipped.len() + self.warnings.len()
        } else {
            print_warnings(plan, &self.skipped, &self.site.articles, &self.warnings)
        }
    }
}

impl Plan {
    /// Reads the whole content folder and builds the site model, in memory: what `check`,
    /// `digest` and `topics` start from.
    fn read_model(&self) -> Modeled {
        let ingested = ingest::read_folder(
            &self.content,
            &self.excluded(),
            self.config.build.max_file_size,
            &self.read_context(),
        );
        let mut warnings = Vec::new();
        let site = crate::build_model(ingested.articles, &self.config, &mut warnings);
        Modeled {
            site,
            skipped: ingested.skipped,
            warnings,
        }
    }

    fn new(input: &InputArgs) -> Result<Plan> {
        if !input.content.is_dir() {
            bail!(
                "content folder {} does not exist (use --content DIR to point at your articles)",
                input.content.display()
            );
        }
        let config_path = match &input.config {
            Some(path) => Some(path.clone()),
            None => [
                input.content.join("annals.toml"),
                PathBuf::from("annals.toml"),
            ]
            .into_iter()
            .find(|p| p.is_file()),
        };
        let config = match &config_path {
            Some(path) => Config::load(path)?,
            None => Config::default(),
        };
        Ok(Plan {
            content: input.content.clone(),
            config,
            config_path,
        })
    }

    fn config_dir(&self) -> Option<PathBuf> {
        self.config_path.as_ref().map(|p| {
            p.parent()
                .filter(|d| !d.as_os_str().is_empty())
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
        })
    }

    /// The user's templates folder: `--templates`, or `templates/` next to the config.
    fn templates_dir(&self, flag: Option<&Path>) -> Result<Option<PathBuf>> {
        if let Some(dir) = flag {
            if !dir.is_dir() {
                bail!("templates folder {} does not exist", dir.display());
            }
            return Ok(Some(dir.to_path_buf()));
        }
        Ok(self
            .config_dir()
            .map(|d| d.join("templates"))
            .filter(|d| d.is_dir()))
    }

    fn read_context(&self) -> ReadContext<'_> {
        ReadContext {
            site_tz: self.config.site_tz(),
            fields: &self.config.input.fields,
            follow_outside_symlinks: self.config.input.follow_outside_symlinks,
        }
    }

    /// Folders inside the content folder that hold no articles.
    fn excluded(&self) -> Vec<PathBuf> {
        self.config_dir()
            .map(|d| vec![d.join("templates")])
            .unwrap_or_default()
    }
}

fn run(cli: &Cli) -> Result<i32> {
    match &cli.command {
        Command::Build(args) => build(cli, args),
        Command::Check(input) => check(cli, input),
        Command::Extract(args) => extract(cli, args),
        Command::Timeline(args) => timeline::run(cli, args),
        Command::Topics(args) => topics::run(cli, args),
        Command::Digest(args) => digest::run(cli, args),
        Command::Init(args) => init::run(cli, args),
        Command::Serve(args) => serve::run(cli, args),
    }
}

/// Prints one line per skipped file and per article warning, naming the file.
fn print_warnings(
    plan: &Plan,
    skipped: &[Skipped],
    articles: &[crate::model::Article],
    other: &[String],
) -> usize {
    let shown = |rel: &str| plan.content.join(rel).display().to_string();
    let mut count = 0;
    for s in skipped {
        eprintln!("warning: {}: {} (skipped)", shown(&s.path), s.reason);
        count += 1;
    }
    for a in articles {
        for w in &a.warnings {
            eprintln!("warning: {}: {w}", shown(&a.path));
            count += 1;
        }
    }
    for w in other {
        eprintln!("warning: {w}");
        count += 1;
    }
    count
}

fn build(cli: &Cli, args: &BuildArgs) -> Result<i32> {
    let started = Instant::now();
    // Hashing the executable (tens of megabytes) overlaps reading the content.
    let code_id = std::thread::spawn(build_stats::code_id);
    let plan = Plan::new(&args.input)?;
    let format = args.format.unwrap_or(plan.config.build.format);
    let protected = Protected {
        content: Some(plan.content.clone()),
        config_dir: plan.config_dir(),
        home: std::env::var_os("HOME").map(PathBuf::from),
    };
    // Refuse a dangerous output before doing any work.
    site::check_output(&args.output, &protected, args.force)?;
    let templates = Templates::load(plan.templates_dir(args.templates.as_deref())?.as_deref())?;
    // The output is taken now: its lock stops a second build at once, not after its work, and
    // the spare the new site is written into is listed while the articles are read.
    let mut writer = site::SiteWriter::open(&args.output, &protected, args.force)?;

    let progress = build_stats::Progress::start(cli.quiet);
    let mut stages = build_stats::Stages::new(started, cli.verbose);
    stages.done("setup");
    progress.stage("listing files");
    let (files, listing_skipped) = ingest::list_files_following(
        &plan.content,
        &plan.excluded(),
        plan.config.input.follow_outside_symlinks,
    );
    stages.done("files");
    progress.stage(&format!("reading {} files", files.len()));
    let mut cache = build_stats::ArticleCacheUse::open(&plan, args, cli.quiet);
    let model_reading =
        build_stats::ModelCacheUse::read_in_background(&cache, &plan, code_id, args.full);
    let read = ingest::cached::read_files(
        &plan.content,
        &files,
        listing_skipped,
        plan.config.build.max_file_size,
        &plan.read_context(),
        std::mem::take(&mut cache.loaded),
    );
    let reused = read.reused;
    let files = read.hashes();
    stages.done("parse");
    // The cache is saved now, while the entries still own the articles, and then the articles
    // are moved out of them: a big corpus is never held twice (the loaded entries were moved
    // into the read, not copied). A build that fails later still leaves a cache that is right.
    if read.changed {
        cache.save(&read.entries, &read.fresh, read.removed, cli.quiet);
    }
    let ingested = read.into_ingested();
    stages.done("cache");
    progress.stage("extracting, grouping and summarizing");
    let mut warnings = Vec::new();
    let article_count = ingested.articles.len();
    let (code_id, model_cache, saved_model) = model_reading
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    let built = model_cache.model(
        saved_model,
        ingested.articles,
        &files,
        &plan.config,
        &mut warnings,
        &mut stages,
    );
    let (site_model, placed) = (&built.site, built.placed);
    progress.stage("rendering");
    // Pages go into the new site's temporary folder as they are rendered (so "render" includes
    // writing them); "write" is the manifest and the swap. A failed render removes the folder.
    // The model is saved meanwhile, on a thread of its own: encoding it is one long serial step.
    // The site records which model it shows (with which code, templates and format); when the
    // previous site shows the model this build extended, the pages the extension did not reach
    // are kept without being made again.
    let render_id =
        |generation| code_id.map(|c| render::render_id(c, &templates, format, generation));
    writer.set_render_id(built.generation.and_then(render_id));
    let mut views = Views::new(site_model, &plan.config);
    if let Some((extended, changes)) = &built.extended
        && writer.previous_render_id().is_some()
        && writer.previous_render_id() == render_id(*extended)
    {
        views = views.reusing(changes);
    }
    std::thread::scope(|scope| -> Result<()> {
        // A model extended by nothing is the saved one.
        if let Some(generation) = built.generation
            && placed.is_none_or(|p| p.new_articles > 0)
        {
            let (files, warnings) = (&files, &warnings);
            scope.spawn(move || {
                model_cache.save(site_model, generation, files, placed, warnings, cli.quiet)
            });
        }
        render::render_site_into(&views, &templates, format, code_id, &writer)
    })?;
    stages.done("render");
    progress.stage("writing");
    let report = writer.finish()?;
    stages.done("write");
    progress.finish();
    let t_write = started.elapsed();

    let warning_count = if cli.quiet {
        ingested.skipped.len()
            + site_model
                .articles
                .iter()
                .map(|a| a.warnings.len())
                .sum::<usize>()
            + warnings.len()
    } else {
        print_warnings(&plan, &ingested.skipped, &site_model.articles, &warnings)
    };
    if !cli.quiet {
        let skipped = ingested.skipped.len();
        println!(
            "Read {article_count} article{} from {}{}",
            plural(article_count),
            plan.content.display(),
            if skipped > 0 {
                format!(" ({skipped} skipped, see warnings above)")
            } else {
                String::new()
            }
        );
        println!(
            "Built {} event{}, {} topic{} and {} daily digest{} ({} files) into {} in {} ms",
            site_model.events.len(),
            plural(site_model.events.len()),
            site_model.topics.len(),
            plural(site_model.topics.len()),
            site_model.digests.len(),
            plural(site_model.digests.len()),
            report.files,
            args.output.display(),
            t_write.as_millis()
        );
        if let Some(placed) = placed {
            println!("{placed}");
        }
    }
    if cli.verbose {
        eprint!("{}", stages.table(reused, &report));
    }
    // The process ends when the build returns. At 100,000 articles the model and its views
    // are a gigabyte of small allocations, and freeing them one by one took a tenth of an
    // incremental build: they are left to the system instead.
    std::mem::forget(views);
    std::mem::forget(built);
    Ok(if args.input.strict && warning_count > 0 {
        1
    } else {
        0
    })
}

fn check(cli: &Cli, input: &InputArgs) -> Result<i32> {
    let plan = Plan::new(input)?;
    let modeled = plan.read_model();
    let count = modeled.report(&plan, false);
    let site_model = &modeled.site;
    if !cli.quiet {
        println!(
            "Checked {} article{} ({} skipped): {} event{}, {} topic{}, {} daily digest{}; nothing written",
            site_model.articles.len(),
            plural(site_model.articles.len()),
            modeled.skipped.len(),
            site_model.events.len(),
            plural(site_model.events.len()),
            site_model.topics.len(),
            plural(site_model.topics.len()),
            site_model.digests.len(),
            plural(site_model.digests.len()),
        );
    }
    Ok(if input.strict && count > 0 { 1 } else { 0 })
}

/// One article as `annals extract` prints it.
#[derive(Debug, Serialize)]
struct ExtractRecord<'a> {
    id: &'a str,
    path: &'a str,
    format: crate::model::InputFormat,
    title: &'a str,
    section: Option<&'a str>,
    url: Option<&'a str>,
    outlet: Option<&'a str>,
    author: Option<&'a str>,
    lang: Option<&'a str>,
    published: String,
    published_day: String,
    updated: Option<String>,
    summary: &'a str,
    body: &'a str,
    topics: Vec<&'a str>,
    /// The topic or discovered story the article is in (the first, when several); `null` when
    /// it is in none ("Other news").
    story: Option<&'a str>,
    /// The id of the event the article is part of.
    event: &'a str,
    /// Where the events happened, when the source says (a wire dateline's place).
    location: Option<&'a str>,
    /// Every file the article was read from, `path` first.
    origins: &'a [String],
    warnings: &'a [String],
}

fn extract(cli: &Cli, args: &ExtractArgs) -> Result<i32> {
    let plan = Plan::new(&args.input)?;
    let context = plan.read_context();
    let mut articles = Vec::new();
    let mut skipped = Vec::new();
    if args.paths.is_empty() {
        let ingested = ingest::read_folder(
            &plan.content,
            &plan.excluded(),
            plan.config.build.max_file_size,
            &context,
        );
        articles = ingested.articles;
        skipped = ingested.skipped;
    } else {
        for path in &args.paths {
            if path.is_dir() {
                let ingested =
                    ingest::read_folder(path, &[], plan.config.build.max_file_size, &context);
                articles.extend(ingested.articles.into_iter().map(|mut a| {
                    a.path = join_display(path, &a.path);
                    for origin in &mut a.origins {
                        *origin = join_display(path, origin);
                    }
                    a
                }));
                skipped.extend(ingested.skipped.into_iter().map(|mut s| {
                    s.path = join_display(path, &s.path);
                    s
                }));
            } else {
                let rel = path.display().to_string().replace('\\', "/");
                match ingest::load_and_read(path, &rel, plan.config.build.max_file_size, &context) {
                    Ok(read) => {
                        articles.extend(read.articles);
                        skipped.extend(read.skipped);
                    }
                    Err(err) => skipped.push(Skipped {
                        path: rel,
                        reason: err.to_string(),
                    }),
                }
            }
        }
        // By path, then in file order; the same article given twice is printed once.
        articles.sort_by(|a, b| a.path.cmp(&b.path));
        articles = ingest::merge_duplicates(articles);
        ingest::unique_ids(&mut articles);
    }
    let mut warnings = Vec::new();
    let site_model = crate::build_model(articles, &plan.config, &mut warnings);
    let mut topics_of: Vec<Vec<&str>> = vec![Vec::new(); site_model.articles.len()];
    for event in &site_model.events {
        for &a in &event.articles {
            topics_of[a] = event.topics.iter().map(String::as_str).collect();
        }
    }
    let assignments = crate::article_assignments(&site_model);
    let records: Vec<ExtractRecord> = site_model
        .articles
        .iter()
        .zip(&topics_of)
        .zip(&assignments)
        .map(|((a, topics), &(story, event))| ExtractRecord {
            id: &a.id,
            path: &a.path,
            format: a.format,
            title: &a.title,
            section: a.section.as_deref(),
            url: a.url.as_deref(),
            outlet: a.outlet.as_deref(),
            author: a.author.as_deref(),
            lang: a.lang.as_deref(),
            published: a.published.to_rfc3339(),
            published_day: a.published.day().to_string(),
            updated: a.updated.map(|u| u.to_rfc3339()),
            summary: &a.summary,
            body: &a.body,
            topics: topics.clone(),
            story,
            event,
            location: a.location.as_deref(),
            origins: &a.origins,
            warnings: &a.warnings,
        })
        .collect();
    let mut out = String::new();
    if args.jsonl {
        for r in &records {
            out.push_str(&serde_json::to_string(r).context("cannot write JSON")?);
            out.push('\n');
        }
    } else {
        out = serde_json::to_string_pretty(&records).context("cannot write JSON")?;
        out.push('\n');
    }
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    if let Err(err) = stdout.write_all(out.as_bytes())
        && err.kind() != std::io::ErrorKind::BrokenPipe
    {
        return Err(err).context("cannot write to standard output");
    }
    let count = if cli.quiet {
        skipped.len()
    } else {
        // Files read from the content folder are shown inside it, as `build` shows them;
        // paths named on the command line already are as the user gave them.
        let shown = Plan {
            content: if args.paths.is_empty() {
                plan.content.clone()
            } else {
                PathBuf::new()
            },
            config: Config::default(),
            config_path: None,
        };
        print_warnings(&shown, &skipped, &site_model.articles, &warnings)
    };
    Ok(if args.input.strict && count > 0 { 1 } else { 0 })
}

fn join_display(dir: &Path, rel: &str) -> String {
    let base = dir.display().to_string().replace('\\', "/");
    format!("{}/{rel}", base.trim_end_matches('/'))
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
