//! `annals digest`: one day's digest as a briefing email (a complete MIME message), or as HTML,
//! Markdown or plain text; with `--send`, delivered over SMTP.
//!
//! This is the command side: it picks the day (`--date`, else today in the site time zone, else
//! the latest day with news), reads and writes the `--since-last` state, reads the SMTP password
//! from the environment variable the config names, and talks to the server. The briefing itself
//! is rendered by `render::email`, a pure function of the model, the config and the day.
//!
//! Nothing is lost on a failed send: the message is written to a file first (`--output`, else
//! `outbox/<day>.eml` beside the state file) and the state is only updated after the send
//! succeeded, so running the command again sends it again.

use super::{InputArgs, Plan};
use crate::config::{Addresses, EmailConfig, Security, SmtpConfig};
use crate::render::Templates;
use crate::render::email::{self, BriefingOptions, BriefingPart, MessageParts};
use crate::render::views::Views;
use anyhow::{Context as _, Result, anyhow, bail};
use chrono::{NaiveDate, Utc};
use clap::{Args, ValueEnum};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct DigestArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// The day [default: today in the site time zone, else the latest day with news].
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<NaiveDate>,
    /// Only these topics (slugs or names, comma-separated); `other` for "Other news".
    #[arg(long, value_name = "A,B", value_delimiter = ',')]
    pub topics: Vec<String>,
    /// Only the events no earlier briefing had (see the state file in the README).
    #[arg(long)]
    pub since_last: bool,
    /// What to write.
    #[arg(long, value_enum, default_value = "email")]
    pub format: DigestFormat,
    /// Write to this file instead of standard output (with --send: where the message is kept).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Deliver the email through the server of [email.smtp].
    #[arg(long)]
    pub send: bool,
    /// A folder of templates overriding the built-in ones by name [default: templates/ next to the config].
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DigestFormat {
    /// A complete MIME message (.eml): plain text and HTML, for `sendmail -t` or a mail client.
    Email,
    /// The email's HTML part: one standalone page with inline styles.
    Html,
    Markdown,
    Text,
}

/// What `--since-last` remembers: the ids of the events each day's briefing had.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DigestState {
    #[serde(default)]
    sent: BTreeMap<NaiveDate, BTreeSet<String>>,
}

/// Days older than this before the newest briefing are forgotten, so the file stays small.
const STATE_DAYS: i64 = 90;

impl DigestState {
    fn load(path: &Path) -> Result<DigestState> {
        match std::fs::read_to_string(path) {
            Ok(text) => serde_json::from_str(&text).with_context(|| {
                format!(
                    "{}: not a digest state file (delete it to start afresh)",
                    path.display()
                )
            }),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(DigestState::default()),
            Err(err) => Err(err).with_context(|| format!("cannot read {}", path.display())),
        }
    }

    fn all_sent(&self) -> BTreeSet<String> {
        self.sent.values().flatten().cloned().collect()
    }

    /// Records a briefing's events and writes the file (through a temporary sibling).
    fn record(mut self, path: &Path, day: NaiveDate, ids: &[&str]) -> Result<()> {
        self.sent
            .entry(day)
            .or_default()
            .extend(ids.iter().map(|s| s.to_string()));
        if let Some(&newest) = self.sent.keys().next_back() {
            let oldest = newest - chrono::Duration::days(STATE_DAYS);
            self.sent.retain(|d, _| *d >= oldest);
        }
        let mut text = serde_json::to_string_pretty(&self)?;
        text.push('\n');
        write_file(path, text.as_bytes())
    }
}

/// Writes a file, creating its folder, through a temporary sibling renamed into place.
fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let name = path
        .file_name()
        .ok_or_else(|| anyhow!("{} is not a file name", path.display()))?;
    let temp = dir.join(format!(".{}.tmp", name.to_string_lossy()));
    std::fs::write(&temp, bytes).with_context(|| format!("cannot write {}", temp.display()))?;
    std::fs::rename(&temp, path).with_context(|| format!("cannot write {}", path.display()))
}

pub fn run(cli: &super::Cli, args: &DigestArgs) -> Result<i32> {
    if args.send && args.format != DigestFormat::Email {
        eprintln!("error: --send delivers the email; leave out --format or use --format email");
        return Ok(2);
    }
    let plan = Plan::new(&args.input)?;
    let email_config = plan.config.email.clone();
    let needs_addresses = args.format == DigestFormat::Email || args.send;
    let addresses = match (&email_config, needs_addresses) {
        (Some(c), _) => Some(c.addresses()?),
        (None, true) => bail!(
            "{}: no [email] section; the email format needs `from` and `to` (see \"Daily briefing email\" in the README)",
            plan.config_path
                .as_ref()
                .map_or_else(|| "annals.toml".to_string(), |p| p.display().to_string())
        ),
        (None, false) => None,
    };
    let smtp = if args.send {
        let smtp = email_config.as_ref().and_then(|c| c.smtp.clone());
        Some(smtp.ok_or_else(|| {
            anyhow!("--send needs an [email.smtp] section with the server's `host` in the config")
        })?)
    } else {
        None
    };
    let email_config = email_config.unwrap_or_default();
    let templates = Templates::load(plan.templates_dir(args.templates.as_deref())?.as_deref())?;

    let modeled = plan.read_model();
    let warning_count = modeled.report(&plan, cli.quiet);
    let site = modeled.site;

    let Some(latest) = site.digests.last() else {
        bail!(
            "{} holds no articles with a date, so there is no digest to render",
            plan.content.display()
        );
    };
    let digest = match args.date {
        Some(day) => site.digests.iter().find(|d| d.day == day).ok_or_else(|| {
            anyhow!(
                "no news on {day}: the days with news run from {} to {}",
                site.digests[0].day,
                latest.day
            )
        })?,
        None => {
            // Only the command line reads the clock.
            let today = Utc::now()
                .with_timezone(&plan.config.site_tz())
                .date_naive();
            match site.digests.iter().find(|d| d.day == today) {
                Some(d) => d,
                None => {
                    let d = site
                        .digests
                        .iter()
                        .rev()
                        .find(|d| d.day < today)
                        .unwrap_or(latest);
                    if !cli.quiet {
                        eprintln!(
                            "note: no news today ({today}); the briefing is for {}, the latest day with news (use --date to choose)",
                            d.day
                        );
                    }
                    d
                }
            }
        }
    };

    let topics = match chosen_topics(&site, &args.topics) {
        Ok(t) => t,
        Err(message) => {
            eprintln!("error: {message}");
            return Ok(2);
        }
    };
    let state_path = state_path(&plan, &email_config);
    let state = if args.since_last {
        DigestState::load(&state_path)?
    } else {
        DigestState::default()
    };
    let already_sent = state.all_sent();
    let views = Views::new(&site, &plan.config);
    let options = BriefingOptions {
        subject_prefix: &email_config.subject_prefix,
        top: email_config.top,
        already_sent: &already_sent,
        topics: topics.as_ref(),
    };
    let Some(view) = email::briefing_view(&views, digest, &options) else {
        if !cli.quiet {
            eprintln!(
                "note: nothing {} for {}; nothing written{}",
                if args.since_last {
                    "new since the last briefing"
                } else {
                    "in the chosen topics"
                },
                digest.day,
                if args.send { " or sent" } else { "" }
            );
        }
        return Ok(0);
    };

    let bytes = match args.format {
        DigestFormat::Html => {
            email::render_part(&view, &templates, BriefingPart::Html)?.into_bytes()
        }
        DigestFormat::Text => {
            email::render_part(&view, &templates, BriefingPart::Text)?.into_bytes()
        }
        DigestFormat::Markdown => {
            email::render_part(&view, &templates, BriefingPart::Markdown)?.into_bytes()
        }
        DigestFormat::Email => {
            let text = email::render_part(&view, &templates, BriefingPart::Text)?;
            let html = email::render_part(&view, &templates, BriefingPart::Html)?;
            let addresses = addresses.as_ref().expect("checked above");
            email::build_message(
                &MessageParts {
                    subject: &view.subject,
                    text: &text,
                    html: &html,
                    date: view
                        .as_of_instant
                        .with_timezone(&plan.config.site_tz())
                        .fixed_offset(),
                    day: digest.day,
                    language: &plan.config.site.language,
                },
                addresses,
            )
        }
    };

    let described = format!(
        "the briefing for {} ({} event{})",
        view.day.long,
        view.event_count,
        super::plural(view.event_count)
    );
    if let Some(smtp) = &smtp {
        let saved = args.output.clone().unwrap_or_else(|| {
            state_path
                .parent()
                .unwrap_or(Path::new("."))
                .join("outbox")
                .join(format!("{}.eml", digest.day))
        });
        write_file(&saved, &bytes)?;
        let addresses = addresses.as_ref().expect("checked above");
        if let Err(err) = send(smtp, addresses, &bytes) {
            eprintln!(
                "error: could not send {described} through {}:{} ({}): {err}\nThe message is saved in {}; run the command again to retry, or hand the file to `sendmail -t`.",
                smtp.host,
                smtp.port(),
                security_name(smtp.security),
                saved.display()
            );
            return Ok(1);
        }
        // Every sent briefing is recorded, so a later --since-last leaves its events out.
        state.record(&state_path, digest.day, &view.event_ids)?;
        if !cli.quiet {
            let recipients = addresses.to.len() + addresses.cc.len();
            eprintln!(
                "Sent {described} to {recipients} recipient{} through {}:{}; a copy is in {}",
                super::plural(recipients),
                smtp.host,
                smtp.port(),
                saved.display()
            );
        }
    } else {
        match &args.output {
            Some(path) => {
                write_file(path, &bytes)?;
                if !cli.quiet {
                    eprintln!("Wrote {described} to {}", path.display());
                }
            }
            None => {
                let mut stdout = std::io::stdout().lock();
                if let Err(err) = stdout.write_all(&bytes).and_then(|()| stdout.flush())
                    && err.kind() != std::io::ErrorKind::BrokenPipe
                {
                    return Err(err).context("cannot write to standard output");
                }
            }
        }
        if args.since_last {
            state.record(&state_path, digest.day, &view.event_ids)?;
        }
    }
    Ok(if args.input.strict && warning_count > 0 {
        1
    } else {
        0
    })
}

/// The `--topics` list as slugs (the empty slug for "Other news"), or a message naming the
/// unknown entry and the known ones.
fn chosen_topics(
    site: &crate::model::Site,
    wanted: &[String],
) -> Result<Option<BTreeSet<String>>, String> {
    if wanted.is_empty() {
        return Ok(None);
    }
    let mut slugs = BTreeSet::new();
    for entry in wanted.iter().map(|w| w.trim()).filter(|w| !w.is_empty()) {
        if entry.eq_ignore_ascii_case("other") || entry.eq_ignore_ascii_case("other news") {
            slugs.insert(String::new());
            continue;
        }
        match site
            .topics
            .iter()
            .find(|t| t.slug.eq_ignore_ascii_case(entry) || t.name.eq_ignore_ascii_case(entry))
        {
            Some(topic) => {
                slugs.insert(topic.slug.clone());
            }
            None => {
                let known: Vec<&str> = site.topics.iter().map(|t| t.slug.as_str()).collect();
                return Err(format!(
                    "--topics: no topic {entry:?}; the topics are {}, and `other` for \"Other news\"",
                    known.join(", ")
                ));
            }
        }
    }
    Ok(Some(slugs))
}

/// The `--since-last` state file: `[email] state_file` relative to the config's folder, else
/// `.annals/digest-state.json` there (the current folder when there is no config).
fn state_path(plan: &Plan, email: &EmailConfig) -> PathBuf {
    let dir = plan.config_dir().unwrap_or_else(|| PathBuf::from("."));
    dir.join(
        email
            .state_file
            .as_deref()
            .unwrap_or(".annals/digest-state.json"),
    )
}

fn security_name(security: Security) -> &'static str {
    match security {
        Security::Starttls => "STARTTLS",
        Security::Tls => "TLS",
        Security::None => "no encryption",
    }
}

/// Delivers the message over SMTP to every `to` and `cc` address.
fn send(smtp: &SmtpConfig, addresses: &Addresses, message: &[u8]) -> Result<()> {
    use lettre::Transport as _;
    use lettre::address::Envelope;
    use lettre::transport::smtp::SmtpTransport;
    use lettre::transport::smtp::authentication::Credentials;

    let mut builder = match smtp.security {
        Security::Tls => SmtpTransport::relay(&smtp.host)?,
        Security::Starttls => SmtpTransport::starttls_relay(&smtp.host)?,
        Security::None => SmtpTransport::builder_dangerous(&smtp.host),
    }
    .port(smtp.port())
    .timeout(Some(std::time::Duration::from_secs(smtp.timeout_secs)));
    if let Some(user) = &smtp.user {
        let var = smtp
            .password_env
            .as_deref()
            .ok_or_else(|| anyhow!("[email.smtp] user is set but password_env is not"))?;
        let password = std::env::var(var).map_err(|_| {
            anyhow!(
                "the environment variable {var} (named by [email.smtp] password_env) is not set"
            )
        })?;
        builder = builder.credentials(Credentials::new(user.clone(), password));
    }
    let recipients = addresses
        .to
        .iter()
        .chain(&addresses.cc)
        .map(|m| m.email.clone())
        .collect();
    let envelope = Envelope::new(Some(addresses.from.email.clone()), recipients)?;
    builder.build().send_raw(&envelope, message)?;
    Ok(())
}
