//! SMTP delivery (lettre's connection over tokio and rustls). One `Smtp` keeps one
//! connection open and reuses it for a run of messages; every send has a total deadline,
//! because lettre's own timeout covers connecting and each read, not the whole exchange.

use crate::render::{one_line, Rendered};
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::{Address, Message};
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

/// An SMTP connection for a run of messages: opened on the first send, reused, opened
/// again after the server dropped it or refused a message (lettre then abandons it).
pub struct Smtp {
    host: String,
    port: u16,
    security: MailSecurity,
    credentials: Option<Credentials>,
    conn: tokio::sync::Mutex<Option<AsyncSmtpConnection>>,
    deadline: Duration,
}

/// The server's refusal in its own words: permanent for a 5xx answer.
fn classify(e: lettre::transport::smtp::Error) -> SendError {
    let reason = one_line(&e.to_string());
    if e.is_permanent() {
        SendError::Permanent(reason)
    } else {
        SendError::Transient(reason)
    }
}

/// How long connecting (and each read) may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(20);

impl Smtp {
    pub fn new(settings: &MailSettings, password: Option<&Sensitive<String>>) -> Result<Smtp, SendError> {
        let credentials = match (&settings.user, password) {
            (Some(user), Some(password)) => Some(Credentials::new(user.clone(), password.expose().clone())),
            _ => None,
        };
        Ok(Smtp {
            host: settings.host.clone(),
            port: settings.port,
            security: settings.security,
            credentials,
            conn: tokio::sync::Mutex::new(None),
            deadline: SEND_DEADLINE,
        })
    }

    /// A shorter deadline (tests of a server that never answers).
    pub fn with_deadline(mut self, deadline: Duration) -> Smtp {
        self.deadline = deadline;
        self
    }

    async fn open(&self) -> Result<AsyncSmtpConnection, SendError> {
        let hello = ClientId::default();
        let tls = || TlsParameters::new(self.host.clone());
        let mut conn = match self.security {
            // Implicit TLS: lettre's own connect (TLS before the greeting).
            MailSecurity::Tls => AsyncSmtpConnection::connect_tokio1(
                (self.host.as_str(), self.port),
                Some(CONNECT_TIMEOUT),
                &hello,
                Some(tls().map_err(classify)?),
                None,
            )
            .await
            .map_err(classify)?,
            MailSecurity::StartTls | MailSecurity::None => {
                let at = format!("{}:{}", self.host, self.port);
                let unreachable = |why: String| SendError::Transient(format!("cannot connect to {at}: {why}"));
                let tcp = tokio::time::timeout(
                    CONNECT_TIMEOUT,
                    tokio::net::TcpStream::connect((self.host.as_str(), self.port)),
                )
                .await
                .map_err(|_| unreachable("no answer".into()))?
                .map_err(|e| unreachable(e.to_string()))?;
                // Without it, the end of each message waits for the server's delayed ACK
                // (Nagle): 40 ms a message, 25 messages a second.
                tcp.set_nodelay(true).map_err(|e| unreachable(e.to_string()))?;
                let mut conn =
                    AsyncSmtpConnection::connect_with_transport(Box::new(tcp), &hello).await.map_err(classify)?;
                if self.security == MailSecurity::StartTls {
                    // Refused when the server offers no STARTTLS: never falls back to plain text.
                    conn.starttls(tls().map_err(classify)?, &hello).await.map_err(classify)?;
                }
                conn
            }
        };
        if let Some(c) = &self.credentials {
            conn.auth(&[Mechanism::Plain, Mechanism::Login], c).await.map_err(classify)?;
        }
        Ok(conn)
    }

    /// Sends `message`; the server's answer on success (e.g. "250 2.0.0 Ok: queued as …").
    pub async fn send(&self, message: Message) -> Result<String, SendError> {
        let attempt = async {
            let mut guard = self.conn.lock().await;
            if guard.as_ref().is_none_or(|c| c.has_broken()) {
                *guard = Some(self.open().await?);
            }
            let conn = guard.as_mut().expect("opened above");
            let result = conn.send(message.envelope(), &message.formatted()).await;
            if result.is_err() || conn.has_broken() {
                *guard = None;
            }
            result.map_err(classify)
        };
        match tokio::time::timeout(self.deadline, attempt).await {
            Err(_) => {
                *self.conn.lock().await = None;
                Err(SendError::Transient(format!(
                    "the SMTP server did not finish within {} s",
                    self.deadline.as_secs_f32()
                )))
            }
            Ok(Ok(response)) => {
                let text: Vec<&str> = response.message().collect();
                Ok(one_line(&format!("{} {}", response.code(), text.join(" "))))
            }
            Ok(Err(e)) => Err(e),
        }
    }

    /// Says goodbye (QUIT) on the open connection, if any.
    pub async fn close(&self) {
        if let Some(mut conn) = self.conn.lock().await.take() {
            let _ = tokio::time::timeout(Duration::from_secs(5), conn.quit()).await;
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
