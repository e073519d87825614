//! `[email]` and `[email.smtp]`: who the daily briefing email is from and to, how its subject
//! starts, where `--since-last` keeps its state, and the SMTP server `annals digest --send`
//! delivers it through.
//!
//! Addresses are parsed here, once, with lettre's mailbox parser (`Name <user@host>` or a bare
//! address), after refusing any control character: a CR or LF in a configured address or
//! subject prefix is an error that names the key, never a header of its own in the message.
//! The password is not in the file: `password_env` names the environment variable that holds
//! it, and only `cli` reads it.

use anyhow::{Result, bail};
use lettre::message::Mailbox;
use serde::{Deserialize, Serialize};

/// The keys of `[email]` and `[email.smtp]`, for "did you mean" hints.
pub(super) const KNOWN_KEYS: &[&str] = &[
    "email",
    "from",
    "to",
    "cc",
    "reply_to",
    "subject_prefix",
    "top",
    "state_file",
    "smtp",
    "host",
    "port",
    "security",
    "user",
    "password_env",
    "timeout_secs",
];

/// `[email]`: the briefing's envelope and headers.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EmailConfig {
    /// `"Gulf briefing <briefing@example.org>"` or `"briefing@example.org"`.
    pub from: String,
    /// One or more recipients.
    #[serde(default)]
    pub to: Vec<String>,
    #[serde(default)]
    pub cc: Vec<String>,
    #[serde(default)]
    pub reply_to: Option<String>,
    /// The subject starts with this, then the day and the lead topic.
    #[serde(default = "default_subject_prefix")]
    pub subject_prefix: String,
    /// How many "top developments" open the briefing (1 to 10).
    #[serde(default = "default_top")]
    pub top: usize,
    /// The `--since-last` state file, relative to the config's folder
    /// [default: `.annals/digest-state.json`].
    #[serde(default)]
    pub state_file: Option<String>,
    #[serde(default)]
    pub smtp: Option<SmtpConfig>,
}

impl Default for EmailConfig {
    fn default() -> Self {
        EmailConfig {
            from: String::new(),
            to: Vec::new(),
            cc: Vec::new(),
            reply_to: None,
            subject_prefix: default_subject_prefix(),
            top: default_top(),
            state_file: None,
            smtp: None,
        }
    }
}

fn default_subject_prefix() -> String {
    "Briefing".to_string()
}
fn default_top() -> usize {
    3
}

/// How the connection to the SMTP server is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Security {
    /// Plain connection upgraded with STARTTLS, which must succeed (port 587).
    #[default]
    Starttls,
    /// TLS from the first byte, "submissions" (port 465).
    Tls,
    /// No encryption at all: only for a relay on the same machine or a test server.
    None,
}

impl Security {
    pub fn default_port(self) -> u16 {
        match self {
            Security::Starttls => 587,
            Security::Tls => 465,
            Security::None => 25,
        }
    }
}

/// `[email.smtp]`: the server `annals digest --send` delivers through.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpConfig {
    pub host: String,
    /// [default: 587 for starttls, 465 for tls, 25 for none]
    #[serde(default)]
    pub port: Option<u16>,
    #[serde(default)]
    pub security: Security,
    /// The login; no login is attempted without it.
    #[serde(default)]
    pub user: Option<String>,
    /// The name of the environment variable holding the password, e.g. `ANNALS_SMTP_PASSWORD`.
    #[serde(default)]
    pub password_env: Option<String>,
    /// Seconds to wait for the server before giving up.
    #[serde(default = "default_timeout_secs")]
    pub timeout_secs: u64,
}

fn default_timeout_secs() -> u64 {
    30
}

impl SmtpConfig {
    pub fn port(&self) -> u16 {
        self.port.unwrap_or(self.security.default_port())
    }
}

/// The configured addresses, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Addresses {
    pub from: Mailbox,
    pub to: Vec<Mailbox>,
    pub cc: Vec<Mailbox>,
    pub reply_to: Option<Mailbox>,
}

impl EmailConfig {
    /// Checks every value; called by `Config::validate` when `[email]` is present.
    pub fn validate(&self) -> Result<()> {
        self.addresses()?;
        if self.to.is_empty() {
            bail!("[email] to: expected at least one recipient, like [\"reader@example.org\"]");
        }
        refuse_control("subject_prefix", &self.subject_prefix)?;
        if !(1..=10).contains(&self.top) {
            bail!("[email] top: expected 1 to 10, found {}", self.top);
        }
        if let Some(state) = &self.state_file {
            refuse_control("state_file", state)?;
            if state.trim().is_empty() {
                bail!("[email] state_file: expected a file name, found an empty string");
            }
        }
        if let Some(smtp) = &self.smtp {
            if smtp.host.trim().is_empty() || smtp.host.contains(char::is_whitespace) {
                bail!(
                    "[email.smtp] host: expected a server name like \"smtp.example.org\", found {:?}",
                    smtp.host
                );
            }
            refuse_control("smtp.host", &smtp.host)?;
            if smtp.port == Some(0) {
                bail!("[email.smtp] port: expected 1 to 65535, found 0");
            }
            if let Some(user) = &smtp.user {
                refuse_control("smtp.user", user)?;
            }
            if let Some(var) = &smtp.password_env
                && (var.is_empty() || var.contains(['=', '\0']))
            {
                bail!(
                    "[email.smtp] password_env: expected the name of an environment variable like \"ANNALS_SMTP_PASSWORD\", found {var:?}"
                );
            }
            match (&smtp.user, &smtp.password_env) {
                (None, Some(_)) => {
                    bail!("[email.smtp] password_env is set but user is not: set `user` to log in")
                }
                (Some(_), None) => bail!(
                    "[email.smtp] user is set but password_env is not: name the environment variable that holds the password"
                ),
                _ => {}
            }
            if smtp.timeout_secs == 0 {
                bail!("[email.smtp] timeout_secs: expected 1 or more, found 0");
            }
        }
        Ok(())
    }

    /// `from`, `to`, `cc` and `reply_to` parsed into mailboxes.
    pub fn addresses(&self) -> Result<Addresses> {
        let from = mailbox("from", &self.from)?;
        let list = |key: &str, values: &[String]| -> Result<Vec<Mailbox>> {
            values.iter().map(|v| mailbox(key, v)).collect()
        };
        Ok(Addresses {
            from,
            to: list("to", &self.to)?,
            cc: list("cc", &self.cc)?,
            reply_to: self
                .reply_to
                .as_deref()
                .map(|v| mailbox("reply_to", v))
                .transpose()?,
        })
    }
}

/// Parses one configured address, refusing control characters and trailing junk.
fn mailbox(key: &str, value: &str) -> Result<Mailbox> {
    refuse_control(key, value)?;
    let value = value.trim();
    let parsed: Option<Mailbox> = value.parse().ok();
    match parsed {
        // lettre's parser stops after the first mailbox: make sure it read all of the value,
        // either a bare address or one ending in `<address>`.
        Some(m)
            if value == m.email.to_string()
                || (m.name.is_some() && value.ends_with(&format!("<{}>", m.email))) =>
        {
            Ok(m)
        }
        _ => bail!(
            "[email] {key}: expected an address like \"reader@example.org\" or \"Name <reader@example.org>\", found {value:?}"
        ),
    }
}

fn refuse_control(key: &str, value: &str) -> Result<()> {
    if value.chars().any(char::is_control) {
        bail!(
            "[email] {key}: control characters (such as a line break) are not allowed in {value:?}"
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(from: &str, to: &[&str]) -> EmailConfig {
        EmailConfig {
            from: from.into(),
            to: to.iter().map(|s| s.to_string()).collect(),
            ..EmailConfig::default()
        }
    }

    #[test]
    fn named_and_bare_addresses_parse() {
        let c = config(
            "Gulf briefing <briefing@example.org>",
            &["reader@example.org"],
        );
        c.validate().unwrap();
        let a = c.addresses().unwrap();
        assert_eq!(a.from.name.as_deref(), Some("Gulf briefing"));
        assert_eq!(a.from.email.to_string(), "briefing@example.org");
        assert_eq!(a.to[0].email.to_string(), "reader@example.org");
    }

    #[test]
    fn line_breaks_and_lists_in_addresses_are_errors_naming_the_key() {
        for (from, to) in [
            ("a@example.org\r\nBcc: victim@example.org", "r@example.org"),
            ("a@example.org", "r@example.org\nBcc: victim@example.org"),
            ("a@example.org", "r@example.org, s@example.org"),
            ("not an address", "r@example.org"),
        ] {
            let err = config(from, &[to]).validate().unwrap_err().to_string();
            assert!(err.starts_with("[email] "), "{err}");
        }
        let err = config("a@example.org", &[]).validate().unwrap_err();
        assert!(err.to_string().contains("[email] to"), "{err}");
    }

    #[test]
    fn security_chooses_the_default_port() {
        let smtp = |security| SmtpConfig {
            host: "smtp.example.org".into(),
            port: None,
            security,
            user: None,
            password_env: None,
            timeout_secs: 30,
        };
        assert_eq!(smtp(Security::Starttls).port(), 587);
        assert_eq!(smtp(Security::Tls).port(), 465);
        assert_eq!(smtp(Security::None).port(), 25);
    }
}
