//! Builds the briefing's MIME message with mail-builder: `multipart/alternative` with the
//! plain-text part first and the HTML part second, as RFC 2046 asks (the last part is the
//! richest), both UTF-8, encoded quoted-printable or base64 as mail-builder finds shortest.
//!
//! Every header value passes `header_text`, which turns control characters (CR and LF above
//! all) into spaces, so an article title can never end a header and start another. Non-ASCII
//! text in the subject and in display names is RFC 2047-encoded by mail-builder. Nothing here
//! reads the clock or the host name: `Date` is given, and `Message-ID` and the boundary come
//! from a hash of the content, so the same briefing is the same bytes.

use crate::config::Addresses;
use chrono::{DateTime, FixedOffset, NaiveDate};
use lettre::message::Mailbox;
use mail_builder::MessageBuilder;
use mail_builder::headers::address::Address;
use mail_builder::headers::content_type::ContentType;
use mail_builder::headers::message_id::MessageId;
use mail_builder::headers::raw::Raw;
use mail_builder::mime::MimePart;

/// What goes into one briefing message.
#[derive(Debug, Clone)]
pub struct MessageParts<'a> {
    pub subject: &'a str,
    pub text: &'a str,
    pub html: &'a str,
    /// The `Date` header, with the offset it is shown in.
    pub date: DateTime<FixedOffset>,
    /// The digest day, part of the `Message-ID`.
    pub day: NaiveDate,
    /// The `Content-Language` of both parts.
    pub language: &'a str,
}

/// A header value that stays one header: control characters (CR, LF, tab, NUL, …) become
/// spaces, runs of whitespace one space, and the ends are trimmed.
pub fn header_text(value: &str) -> String {
    value
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn address(mailbox: &Mailbox) -> Address<'static> {
    Address::new_address(
        mailbox
            .name
            .as_deref()
            .map(header_text)
            .filter(|n| !n.is_empty()),
        mailbox.email.to_string(),
    )
}

fn address_list(mailboxes: &[Mailbox]) -> Address<'static> {
    Address::new_list(mailboxes.iter().map(address).collect())
}

/// The complete message, with CRLF line ends, ready for `sendmail -t` or SMTP.
pub fn build_message(parts: &MessageParts, addresses: &Addresses) -> Vec<u8> {
    let subject = header_text(parts.subject);
    let language = header_text(parts.language);
    let hash = {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        for piece in [subject.as_str(), parts.text, parts.html] {
            hasher.update(piece.as_bytes());
            hasher.update(&[0]);
        }
        for mailbox in std::iter::once(&addresses.from)
            .chain(&addresses.to)
            .chain(&addresses.cc)
        {
            hasher.update(mailbox.to_string().as_bytes());
            hasher.update(&[0]);
        }
        hasher.digest()
    };
    // A boundary with "=_" never occurs in quoted-printable or base64 text.
    let boundary = format!("=_annals_{hash:016x}");
    let message_id = format!(
        "briefing.{}.{hash:016x}@{}",
        parts.day.format("%Y-%m-%d"),
        addresses.from.email.domain()
    );
    let part = |content_type: &'static str, body: &str| {
        MimePart::new(
            ContentType::new(content_type).attribute("charset", "utf-8"),
            body.to_string(),
        )
        .header("Content-Language", Raw::new(language.clone()))
    };
    let body = MimePart::new(
        ContentType::new("multipart/alternative").attribute("boundary", boundary),
        vec![
            part("text/plain", parts.text),
            part("text/html", parts.html),
        ],
    );
    let mut builder = MessageBuilder::new()
        .from(address(&addresses.from))
        .to(address_list(&addresses.to));
    if !addresses.cc.is_empty() {
        builder = builder.cc(address_list(&addresses.cc));
    }
    if let Some(reply_to) = &addresses.reply_to {
        builder = builder.reply_to(address(reply_to));
    }
    builder
        .subject(subject)
        .header("Date", Raw::new(parts.date.to_rfc2822()))
        .message_id(MessageId::new(message_id))
        // RFC 3834: an automatic message; vacation responders stay quiet.
        .header("Auto-Submitted", Raw::new("auto-generated"))
        .body(body)
        .write_to_vec()
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_text_cannot_start_a_new_header() {
        assert_eq!(
            header_text("Talks\r\nBcc: victim@example.org\t\u{0}end "),
            "Talks Bcc: victim@example.org end"
        );
    }

    #[test]
    fn a_subject_with_line_breaks_parses_back_as_one_header() {
        let mailbox = |s: &str| s.parse::<Mailbox>().unwrap();
        let addresses = Addresses {
            from: mailbox("Zürich Büro <briefing@example.org>"),
            to: vec![mailbox("reader@example.org")],
            cc: vec![],
            reply_to: None,
        };
        let date = chrono::DateTime::parse_from_rfc3339("2026-02-08T17:52:00+01:00").unwrap();
        let parts = MessageParts {
            subject: "Briefing — Talks\r\nBcc: victim@example.org\n\nbody",
            text: "text ü\n",
            html: "<p>html ü</p>\n",
            date,
            day: date.date_naive(),
            language: "en\r\nX-Evil: 1",
        };
        let bytes = build_message(&parts, &addresses);
        let message = mail_parser::MessageParser::default().parse(&bytes).unwrap();
        assert_eq!(
            message.subject(),
            Some("Briefing — Talks Bcc: victim@example.org body")
        );
        assert!(message.bcc().is_none() && message.header("X-Evil").is_none());
        assert_eq!(message.body_text(0).as_deref(), Some("text ü\r\n"));
        assert_eq!(
            message.date().unwrap().to_rfc3339(),
            "2026-02-08T17:52:00+01:00"
        );
        assert_eq!(bytes, build_message(&parts, &addresses));
    }
}
