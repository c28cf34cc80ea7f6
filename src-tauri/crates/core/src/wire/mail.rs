//! MAIL: the email settings form, the outbox and what a delivery run did.

use crate::mail::{MailKind, MailSecurity, MailStatus};
use crate::sensitive::Sensitive;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Settings › Email. The password, when given, goes to this desktop's OS keyring (never
/// the database or the log); left out, the one kept there stays.
#[derive(Clone, Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct MailSettingsRequest {
    pub host: String,
    pub port: u16,
    pub security: MailSecurity,
    #[ts(optional)]
    #[serde(default)]
    pub user: Option<String>,
    #[ts(optional, type = "string")]
    #[serde(default)]
    pub password: Option<Sensitive<String>>,
    pub from_name: String,
    pub from_address: String,
}

/// How this workspace sends email, and whether this process can.
#[derive(Clone, Debug, Serialize, TS)]
pub struct MailInfo {
    #[ts(optional)]
    pub host: Option<String>,
    #[ts(optional)]
    pub port: Option<u16>,
    #[ts(optional)]
    pub security: Option<MailSecurity>,
    #[ts(optional)]
    pub user: Option<String>,
    #[ts(optional)]
    pub from_name: Option<String>,
    #[ts(optional)]
    pub from_address: Option<String>,
    /// The portal's public address, used in the links mail carries.
    #[ts(optional)]
    pub portal_url: Option<String>,
    /// This desktop (or process) holds the sending secrets: it delivers the outbox.
    pub sends_here: bool,
    /// Where those secrets are (the OS keyring's name, or the secret file).
    #[ts(optional)]
    pub secrets_in: Option<String>,
}

/// A message of the outbox (MAIL-2). Never its words: a code may be in them.
#[derive(Clone, Debug, Serialize, TS)]
pub struct OutboxMessage {
    pub id: uuid::Uuid,
    pub kind: MailKind,
    pub to: String,
    pub subject: String,
    #[ts(type = "number")]
    pub queued_at: i64,
    pub status: MailStatus,
    pub attempts: u32,
    /// When it is tried next (queued), in ms since the epoch.
    #[ts(type = "number")]
    pub next_at: i64,
    /// The server's reason for the last failure.
    #[ts(optional)]
    pub last_error: Option<String>,
    /// The server's answer when it took the message.
    #[ts(optional)]
    pub server_reply: Option<String>,
    #[ts(optional, type = "number")]
    pub sent_at: Option<i64>,
}

#[derive(Clone, Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct OutboxRef {
    pub id: String,
}

/// What one delivery run did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, TS)]
pub struct DeliveryReport {
    pub sent: u32,
    /// Failed for now; tried again later.
    pub retried: u32,
    pub failed: u32,
    /// Not sent: what it announced no longer stands.
    pub superseded: u32,
    /// Why nothing was sent, when this process does not send.
    #[ts(optional)]
    pub idle: Option<String>,
}

/// Settings › Email › Send a test message: the server's answer.
#[derive(Clone, Debug, Serialize, TS)]
pub struct MailTestResult {
    pub to: String,
    pub server_reply: String,
}
