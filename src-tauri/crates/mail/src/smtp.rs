//! SMTP delivery (lettre over tokio and rustls). One `Smtp` keeps one connection open and
//! reuses it for a run of messages; every send has a total deadline, because lettre's own
//! timeout covers each network read, not the whole exchange.

use crate::render::{one_line, Rendered};
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::PoolConfig;
use lettre::{Address, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;
use trellis_core::mail::{MailSecurity, MailSettings};
use trellis_core::sensitive::Sensitive;

/// The longest one message may take, from connecting to the server's answer.
pub const SEND_DEADLINE: Duration = Duration::from_secs(30);

/// Why a message did not leave. `Permanent`: the server refused it for good (5xx), so
/// sending it again changes nothing; `Transient`: it may pass later.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    #[error("{0}")]
    Permanent(String),
    #[error("{0}")]
    Transient(String),
}

impl SendError {
    pub fn is_permanent(&self) -> bool {
        matches!(self, SendError::Permanent(_))
    }
}

/// Someone to write to.
pub struct Recipient<'a> {
    pub name: &'a str,
    pub email: &'a str,
}

/// A message ready for SMTP, with the headers a crash-safe resend keeps (Message-ID).
pub fn build(
    settings: &MailSettings,
    to: &Recipient<'_>,
    message_id: &str,
    words: &Rendered,
) -> Result<Message, SendError> {
    let address = |field: &str, a: &str| {
        a.parse::<Address>().map_err(|e| SendError::Permanent(format!("the {field} address '{a}' is not valid: {e}")))
    };
    let from = Mailbox::new(Some(one_line(&settings.from_name)), address("sender", &settings.from_address)?);
    let to = Mailbox::new(Some(one_line(to.name)), address("recipient", to.email)?);
    Message::builder()
        .from(from)
        .to(to)
        .subject(one_line(&words.subject))
        .message_id(Some(one_line(message_id)))
        .multipart(MultiPart::alternative_plain_html(words.text.clone(), words.html.clone()))
        .map_err(|e| SendError::Permanent(format!("the message could not be built: {e}")))
}

/// A Message-ID for a message queued now: unique, in the sender's domain.
pub fn new_message_id(id: uuid::Uuid, from_address: &str) -> String {
    let domain = from_address.rsplit_once('@').map_or("trellis.invalid", |(_, d)| d);
    format!("<{}@{}>", id.simple(), domain)
}

/// An SMTP connection for a run of messages.
pub struct Smtp {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    deadline: Duration,
}

impl Smtp {
    pub fn new(settings: &MailSettings, password: Option<&Sensitive<String>>) -> Result<Smtp, SendError> {
        let host = settings.host.as_str();
        let bad = |e: lettre::transport::smtp::Error| SendError::Transient(format!("cannot use {host}: {e}"));
        let builder = match settings.security {
            // Never falls back to plain text when the server offers no STARTTLS.
            MailSecurity::StartTls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host).map_err(bad)?,
            MailSecurity::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host).map_err(bad)?,
            MailSecurity::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
        };
        let mut builder = builder
            .port(settings.port)
            .timeout(Some(Duration::from_secs(20)))
            // One connection, reused for the whole run.
            .pool_config(PoolConfig::new().max_size(1).idle_timeout(Duration::from_secs(30)));
        if let (Some(user), Some(password)) = (&settings.user, password) {
            builder = builder.credentials(Credentials::new(user.clone(), password.expose().clone()));
        }
        Ok(Smtp { transport: builder.build(), deadline: SEND_DEADLINE })
    }

    /// A shorter deadline (tests of a server that never answers).
    pub fn with_deadline(mut self, deadline: Duration) -> Smtp {
        self.deadline = deadline;
        self
    }

    /// Sends `message`; the server's answer on success (e.g. "250 2.0.0 Ok: queued as …").
    pub async fn send(&self, message: Message) -> Result<String, SendError> {
        match tokio::time::timeout(self.deadline, self.transport.send(message)).await {
            Err(_) => Err(SendError::Transient(format!(
                "the SMTP server did not finish within {} s",
                self.deadline.as_secs_f32()
            ))),
            Ok(Ok(response)) => {
                let text: Vec<&str> = response.message().collect();
                Ok(one_line(&format!("{} {}", response.code(), text.join(" "))))
            }
            Ok(Err(e)) => {
                let reason = one_line(&e.to_string());
                if e.is_permanent() {
                    Err(SendError::Permanent(reason))
                } else {
                    Err(SendError::Transient(reason))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> MailSettings {
        MailSettings {
            host: "localhost".into(),
            port: 2525,
            security: MailSecurity::None,
            user: None,
            from_name: "Contoso Partners".into(),
            from_address: "partners@contoso.example".into(),
            seal_key: String::new(),
        }
    }

    fn words() -> Rendered {
        Rendered { subject: "Hi\r\nBcc: evil@attacker.example".into(), text: "t".into(), html: "<p>h</p>".into() }
    }

    #[test]
    fn names_with_line_breaks_cannot_add_headers() {
        let mut s = settings();
        s.from_name = "Partners\r\nBcc: evil@attacker.example".into();
        let to = Recipient { name: "Nina\r\nCc: evil@attacker.example\r\n", email: "nina@fabrikam.example" };
        let id = new_message_id(uuid::Uuid::nil(), &s.from_address);
        let m = build(&s, &to, &id, &words()).unwrap();
        let raw = String::from_utf8(m.formatted()).unwrap();
        let headers = raw.split("\r\n\r\n").next().unwrap();
        for line in headers.lines() {
            let l = line.to_ascii_lowercase();
            assert!(!l.starts_with("bcc:") && !l.starts_with("cc:"), "an injected header: {line}\n{headers}");
        }
        assert!(headers.contains("Message-ID: <00000000000000000000000000000000@contoso.example>"), "{headers}");
    }

    #[test]
    fn an_address_with_a_line_break_is_refused() {
        let to = Recipient { name: "Nina", email: "nina@fabrikam.example\r\nBcc: evil@attacker.example" };
        let e = build(&settings(), &to, "<x@y>", &words()).unwrap_err();
        assert!(e.is_permanent() && e.to_string().contains("recipient"), "{e}");
    }
}
