//! MAIL: how the workspace sends email — the SMTP server, the sender's name and address,
//! and the public half of the key that seals codes in queued messages. Nothing here is
//! secret: the SMTP password and the opening key stay with each process that sends (the
//! OS keyring, or the portal process's own secret file).

use crate::error::{RuleError, RuleResult};
use crate::validate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How the connection to the SMTP server is protected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MailSecurity {
    /// Plain connection upgraded with STARTTLS; refused if the server does not offer it.
    StartTls,
    /// TLS from the first byte (usually port 465).
    Tls,
    /// No encryption: only to a server on this machine.
    None,
}

impl MailSecurity {
    pub fn label(self) -> &'static str {
        match self {
            MailSecurity::StartTls => "STARTTLS (required)",
            MailSecurity::Tls => "implicit TLS",
            MailSecurity::None => "none (this machine only)",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MailSettings {
    pub host: String,
    pub port: u16,
    pub security: MailSecurity,
    /// The SMTP user, when the server wants one (its password is never here).
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    pub from_name: String,
    pub from_address: String,
    /// The X25519 public key (base64) that codes in queued messages are sealed to.
    pub seal_key: String,
}

pub const MAX_HOST_CHARS: usize = 253;
pub const MAX_USER_CHARS: usize = 200;

/// True for a host name that can only mean this machine.
pub fn is_local_host(host: &str) -> bool {
    let h = host.trim().trim_start_matches('[').trim_end_matches(']').to_ascii_lowercase();
    h == "localhost" || h.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// MAIL-1: checks every field, naming the one at fault; returns the settings trimmed.
pub fn validate(mut s: MailSettings) -> RuleResult<MailSettings> {
    let host = s.host.trim();
    if host.is_empty() {
        return Err(RuleError::invalid("host", "The SMTP server's host name is required"));
    }
    let host_ok = host.len() <= MAX_HOST_CHARS
        && host.chars().all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        && !host.starts_with('-');
    if !host_ok {
        return Err(RuleError::invalid("host", "Enter a host name like smtp.example.com, or an IP address"));
    }
    s.host = host.to_owned();
    if s.port == 0 {
        return Err(RuleError::invalid("port", "The port is a number from 1 to 65535 (587 for STARTTLS, 465 for TLS)"));
    }
    if s.security == MailSecurity::None && !is_local_host(&s.host) {
        return Err(RuleError::invalid(
            "security",
            "Mail leaves this machine only encrypted: choose STARTTLS or TLS (none is for a server on localhost)",
        ));
    }
    s.user = match s.user.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
        None => None,
        Some(u) if u.chars().count() > MAX_USER_CHARS || u.chars().any(|c| c.is_control()) => {
            return Err(RuleError::invalid(
                "user",
                format!("The SMTP user has at most {MAX_USER_CHARS} characters and no control characters"),
            ))
        }
        Some(u) => Some(u.to_owned()),
    };
    // Control characters (CR/LF above all) would let a name add headers of its own.
    s.from_name = validate::name("from_name", "The sender's name", &s.from_name)?;
    s.from_address = validate::email("from_address", &s.from_address)?;
    let key_ok = s.seal_key.len() == 44 && s.seal_key.chars().all(|c| c.is_ascii_alphanumeric() || "+/=".contains(c));
    if !key_ok {
        return Err(RuleError::invalid("seal_key", "The sealing key is not a 32-byte key in base64"));
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> MailSettings {
        MailSettings {
            host: " smtp.example.com ".into(),
            port: 587,
            security: MailSecurity::StartTls,
            user: Some("  ".into()),
            from_name: "Contoso Partners".into(),
            from_address: "partners@contoso.example".into(),
            seal_key: "A".repeat(43) + "=",
        }
    }

    #[test]
    fn ordinary_settings_are_kept_trimmed() {
        let s = validate(settings()).unwrap();
        assert_eq!(s.host, "smtp.example.com");
        assert_eq!(s.user, None);
    }

    #[test]
    fn each_bad_field_is_named() {
        type Change = Box<dyn Fn(&mut MailSettings)>;
        let cases: Vec<(&str, Change)> = vec![
            ("host", Box::new(|s| s.host = "smtp.example.com\r\nRCPT TO:<x@y>".into())),
            ("host", Box::new(|s| s.host = String::new())),
            ("port", Box::new(|s| s.port = 0)),
            ("security", Box::new(|s| s.security = MailSecurity::None)),
            ("user", Box::new(|s| s.user = Some("me\nBcc: x@y.example".into()))),
            ("from_name", Box::new(|s| s.from_name = "Partners\r\nBcc: everyone@example.com".into())),
            ("from_address", Box::new(|s| s.from_address = "partners@contoso.example\r\nBcc: x@y.example".into())),
            ("seal_key", Box::new(|s| s.seal_key = "short".into())),
        ];
        for (field, change) in cases {
            let mut s = settings();
            change(&mut s);
            let e = validate(s).unwrap_err();
            assert_eq!(e.field.as_deref(), Some(field), "{e:?}");
        }
    }

    #[test]
    fn no_encryption_is_for_this_machine_only() {
        for host in ["localhost", "127.0.0.1", "[::1]"] {
            let s = MailSettings { host: host.into(), security: MailSecurity::None, ..settings() };
            assert!(validate(s).is_ok(), "{host}");
        }
        let s = MailSettings { host: "127.0.0.1.example.com".into(), security: MailSecurity::None, ..settings() };
        assert_eq!(validate(s).unwrap_err().field.as_deref(), Some("security"));
    }
}

/// What a queued message is (its template), and so what the sender checks before sending.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MailKind {
    /// MEM-2: a member's invitation, with the code and a `trellis://` link.
    MemberInvitation,
    /// PU-2, PORT-1: a partner user's access notification with the portal's accept link.
    PartnerAccess,
    /// SEC-6: the portal's reset link.
    PasswordReset,
    /// ASVS 2.5.5: "your password was changed".
    PasswordChanged,
    /// Settings › Email › Send a test message.
    Test,
    /// A notification queued before Trellis sent mail (its text as it was).
    Legacy,
    /// RPT-4: a reviewer's reminder of the decisions an access review still waits for.
    ReviewReminder,
    /// Issue 19: a member's reset link, sent by an administrator (`trellis://reset`).
    MemberReset,
}

impl MailKind {
    pub const ALL: [MailKind; 8] = [
        MailKind::MemberInvitation,
        MailKind::PartnerAccess,
        MailKind::PasswordReset,
        MailKind::PasswordChanged,
        MailKind::Test,
        MailKind::Legacy,
        MailKind::ReviewReminder,
        MailKind::MemberReset,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MailKind::MemberInvitation => "member_invitation",
            MailKind::PartnerAccess => "partner_access",
            MailKind::PasswordReset => "password_reset",
            MailKind::PasswordChanged => "password_changed",
            MailKind::Test => "test",
            MailKind::Legacy => "legacy",
            MailKind::ReviewReminder => "review_reminder",
            MailKind::MemberReset => "member_reset",
        }
    }

    pub fn parse(text: &str) -> Option<MailKind> {
        MailKind::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// A newer message of this kind about the same person makes a waiting one pointless
    /// (its code no longer works): invitations and reset links.
    pub fn replaces_older(self) -> bool {
        matches!(
            self,
            MailKind::MemberInvitation | MailKind::PartnerAccess | MailKind::PasswordReset | MailKind::MemberReset
        )
    }
}

/// Where a message stands in the outbox (MAIL-2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MailStatus {
    /// Waiting to be sent (again, after a failure that may pass: `next_at`).
    Queued,
    /// The change that queued it was set aside by sync: it waits with it.
    Held,
    /// That change was dropped: never sent.
    Withdrawn,
    /// A sender has it now (until its lease ends).
    Sending,
    Sent,
    /// The server refused it for good, or it failed too often: the reason is kept.
    Failed,
    /// A manager cancelled it.
    Cancelled,
    /// A newer message replaced it, or what it announced was revoked before it left.
    Superseded,
}

impl MailStatus {
    pub const ALL: [MailStatus; 8] = [
        MailStatus::Queued,
        MailStatus::Held,
        MailStatus::Withdrawn,
        MailStatus::Sending,
        MailStatus::Sent,
        MailStatus::Failed,
        MailStatus::Cancelled,
        MailStatus::Superseded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MailStatus::Queued => "queued",
            MailStatus::Held => "held",
            MailStatus::Withdrawn => "withdrawn",
            MailStatus::Sending => "sending",
            MailStatus::Sent => "sent",
            MailStatus::Failed => "failed",
            MailStatus::Cancelled => "cancelled",
            MailStatus::Superseded => "superseded",
        }
    }

    pub fn parse(text: &str) -> Option<MailStatus> {
        MailStatus::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// One message of the outbox as both queues (the SQLite file's, the shared database's)
/// keep it. It names what it is about, not whom to write to: the sender addresses and
/// words it from its own state, so a row written by hand cannot mail anyone else.
#[derive(Clone, PartialEq, Eq)]
pub struct QueuedMail {
    pub id: uuid::Uuid,
    pub kind: MailKind,
    /// The member or contact the message is about.
    pub about: Option<uuid::Uuid>,
    /// For the list only.
    pub to: String,
    pub subject: String,
    /// Legacy messages only: their text as queued.
    pub body: Option<String>,
    /// The code, sealed to the workspace's mail key (`trellis_mail::seal`).
    pub sealed: Option<String>,
    /// The code's digest: the message leaves only while the state still holds it.
    pub digest: Option<String>,
    /// RFC 5322 Message-ID, fixed when queued: a resend after a crash keeps it.
    pub message_id: String,
    pub status: MailStatus,
    pub attempts: u32,
    pub next_at: crate::Millis,
    pub last_error: Option<String>,
    pub server_reply: Option<String>,
    pub created_at: crate::Millis,
    pub sent_at: Option<crate::Millis>,
}

/// What became of a message a sender had claimed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MailOutcome {
    /// The server took it (its answer).
    Sent { reply: String },
    /// It may pass later: try again in `after_ms`.
    Retry { error: String, after_ms: i64 },
    /// Refused for good, or tried too often.
    Failed { error: String },
    /// What it announced no longer stands (revoked, replaced): never sent.
    Superseded { why: String },
}

/// What a recorded outcome writes to either queue's row.
pub struct OutcomeColumns<'a> {
    pub status: MailStatus,
    pub error: Option<&'a str>,
    pub reply: Option<&'a str>,
    /// Retry: how long until the next attempt.
    pub after_ms: Option<i64>,
    pub sent: bool,
}

impl MailOutcome {
    pub fn columns(&self) -> OutcomeColumns<'_> {
        let (status, error, reply, after_ms) = match self {
            MailOutcome::Sent { reply } => (MailStatus::Sent, None, Some(reply.as_str()), None),
            MailOutcome::Retry { error, after_ms } => (MailStatus::Queued, Some(error.as_str()), None, Some(*after_ms)),
            MailOutcome::Failed { error } => (MailStatus::Failed, Some(error.as_str()), None, None),
            MailOutcome::Superseded { why } => (MailStatus::Superseded, Some(why.as_str()), None, None),
        };
        OutcomeColumns { status, error, reply, after_ms, sent: matches!(self, MailOutcome::Sent { .. }) }
    }
}

impl QueuedMail {
    /// A message queued at `at`, waiting to be sent, with nothing tried yet.
    pub fn new(
        id: uuid::Uuid,
        kind: MailKind,
        about: Option<uuid::Uuid>,
        to: &str,
        subject: &str,
        at: crate::Millis,
    ) -> Self {
        QueuedMail {
            id,
            kind,
            about,
            to: to.to_owned(),
            subject: subject.to_owned(),
            body: None,
            sealed: None,
            digest: None,
            message_id: String::new(),
            status: MailStatus::Queued,
            attempts: 0,
            next_at: at,
            last_error: None,
            server_reply: None,
            created_at: at,
            sent_at: None,
        }
    }
}

impl std::fmt::Debug for QueuedMail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "QueuedMail({} {:?} to {} {:?})", self.id, self.kind, self.to, self.status)
    }
}
