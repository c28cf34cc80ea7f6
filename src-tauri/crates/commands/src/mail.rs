//! MAIL-1, MAIL-3: how this workspace sends email, the sending secrets of this process
//! (the SMTP password and the key that opens codes sealed in queued messages), and the
//! queued message a command writes with its change.
//!
//! The secrets are kept in this desktop's OS keyring, per database file; a server without
//! a keyring session (the portal) reads them from the file `TRELLIS_MAIL_SECRET_FILE`
//! names, written once by `trellis settings email export-secret`. Never the database.

use crate::engine::{now, Trellis};
use crate::ApiResult;
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use trellis_core::mail::{MailKind, MailSettings, QueuedMail};
use trellis_core::sensitive::Sensitive;
use trellis_core::wire::{MailInfo, MailSettingsRequest, MailTestResult, SessionInfo};
use trellis_core::{Action, ErrorCode, Op, Permission, Resource, RuleError, State};
use trellis_store::CredentialWrite;

/// The keyring entry holding this desktop's sending secrets (per database file).
const SECRET_KEY: &str = "mail-sender";
/// A server's sending secrets, when it has no keyring session.
pub const SECRET_FILE_ENV: &str = "TRELLIS_MAIL_SECRET_FILE";

/// A process's sending secrets. Serialised only into the keyring or the secret file.
#[derive(Serialize, Deserialize)]
struct SecretText {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    smtp_password: Option<String>,
    opening_key: String,
}

pub(crate) struct MailSecret {
    pub password: Option<Sensitive<String>>,
    pub opening: Sensitive<String>,
    pub kept_in: String,
}

impl MailSecret {
    fn parse(text: &Sensitive<String>, kept_in: String) -> Option<MailSecret> {
        let t: SecretText = serde_json::from_str(text.expose()).ok()?;
        Some(MailSecret {
            password: t.smtp_password.map(Sensitive::new),
            opening: Sensitive::new(t.opening_key),
            kept_in,
        })
    }

    fn text(&self) -> Sensitive<String> {
        let t = SecretText {
            smtp_password: self.password.as_ref().map(|p| p.expose().clone()),
            opening_key: self.opening.expose().clone(),
        };
        Sensitive::new(serde_json::to_string(&t).unwrap_or_default())
    }
}

/// The delivery loop's knobs and its wake-up call.
pub(crate) struct MailRuntime {
    pub poke: tokio::sync::Notify,
    retry_base_ms: AtomicU64,
    /// A server's secret file (`trellis portal serve --mail-secret-file`).
    secret_file: std::sync::Mutex<Option<std::path::PathBuf>>,
}

impl Default for MailRuntime {
    fn default() -> Self {
        MailRuntime {
            poke: tokio::sync::Notify::new(),
            retry_base_ms: AtomicU64::new(60_000),
            secret_file: std::sync::Mutex::new(None),
        }
    }
}

impl MailRuntime {
    pub fn retry_base(&self) -> Duration {
        Duration::from_millis(self.retry_base_ms.load(Ordering::Relaxed))
    }
}

fn secret_file(path: Option<std::path::PathBuf>) -> ApiResult<Option<MailSecret>> {
    let Some(path) = path.or_else(|| std::env::var_os(SECRET_FILE_ENV).map(Into::into)) else { return Ok(None) };
    let shown = std::path::Path::new(&path).display().to_string();
    let text = std::fs::read_to_string(&path)
        .map_err(|e| RuleError::invalid(SECRET_FILE_ENV, format!("Cannot read the mail secret file {shown}: {e}")))?;
    MailSecret::parse(&Sensitive::new(text), format!("the file {shown}")).map(Some).ok_or_else(|| {
        RuleError::invalid(SECRET_FILE_ENV, format!("The mail secret file {shown} is not one Trellis wrote"))
    })
}

/// A message about `about` (a member or contact), queued with the change that prompts it;
/// `code` is sealed to the workspace's mail key when mail is set up (else left out: the
/// manager passes the link on by hand, and the message says to ask for one).
pub(crate) fn queued(
    state: &State,
    kind: MailKind,
    about: uuid::Uuid,
    to: &str,
    code: Option<&Sensitive<String>>,
) -> ApiResult<CredentialWrite> {
    let mail = state.workspace().and_then(|w| w.mail.as_ref());
    let workspace = state.workspace().map(|w| w.name.clone()).unwrap_or_default();
    let sealed = match (mail, code) {
        (Some(m), Some(c)) => Some(trellis_mail::seal(&m.seal_key, c).map_err(crate::engine::internal)?),
        _ => None,
    };
    let id = uuid::Uuid::now_v7();
    let from = mail.map_or("trellis.invalid", |m| m.from_address.as_str());
    let at = now();
    let subject = trellis_mail::render::subject(kind, &workspace);
    Ok(CredentialWrite::Mail(Box::new(QueuedMail {
        sealed,
        digest: code.map(crate::invitations::digest),
        message_id: trellis_mail::new_message_id(id, from),
        ..QueuedMail::new(id, kind, Some(about), to, &subject, at)
    })))
}

impl Trellis {
    /// This process's sending secrets: the keyring's, else the secret file's.
    pub(crate) async fn mail_secret(&self) -> ApiResult<Option<MailSecret>> {
        if let Some(text) = self.sessions.secret(SECRET_KEY).await {
            let kept_in = format!("the OS keyring ({})", self.sessions.keyring_label().unwrap_or_default());
            if let Some(s) = MailSecret::parse(&text, kept_in) {
                return Ok(Some(s));
            }
        }
        let configured = self.mail.secret_file.lock().unwrap_or_else(|p| p.into_inner()).clone();
        secret_file(configured)
    }

    /// A server without a keyring session sends with the secrets in `path` (written by
    /// `trellis settings email export-secret`), as `TRELLIS_MAIL_SECRET_FILE` would.
    pub fn set_mail_secret_file(&self, path: std::path::PathBuf) {
        *self.mail.secret_file.lock().unwrap_or_else(|p| p.into_inner()) = Some(path);
    }

    /// Tests and the portal's operators: how long the first retry waits (doubling after).
    pub fn set_mail_retry_base(&self, base: Duration) {
        self.mail.retry_base_ms.store(base.as_millis() as u64, Ordering::Relaxed);
    }

    /// Wakes the delivery loop (a message was queued).
    pub(crate) fn mail_poke(&self) {
        self.mail.poke.notify_one();
    }

    /// Settings › Email as it stands, and whether this process sends.
    pub async fn settings_email(&self) -> ApiResult<MailInfo> {
        self.require(Permission::Crud(Resource::Settings, Action::Read)).await?;
        let (mail, portal_url) = {
            let inner = self.read().await;
            let w = inner.state.workspace();
            (w.and_then(|w| w.mail.clone()), w.and_then(|w| w.portal_url.clone()))
        };
        let secret = self.mail_secret().await.ok().flatten();
        let sends_here = match (&mail, &secret) {
            (Some(m), Some(s)) => trellis_mail::public_of(&s.opening).is_ok_and(|p| p == m.seal_key),
            _ => false,
        };
        Ok(MailInfo {
            host: mail.as_ref().map(|m| m.host.clone()),
            port: mail.as_ref().map(|m| m.port),
            security: mail.as_ref().map(|m| m.security),
            user: mail.as_ref().and_then(|m| m.user.clone()),
            from_name: mail.as_ref().map(|m| m.from_name.clone()),
            from_address: mail.as_ref().map(|m| m.from_address.clone()),
            portal_url,
            sends_here,
            secrets_in: secret.filter(|_| sends_here).map(|s| s.kept_in),
        })
    }

    /// MAIL-1: saves how the workspace sends email. The SMTP password (when given) and the
    /// key that opens sealed codes go to this desktop's OS keyring: this desktop sends.
    /// Keeps the workspace's key when this desktop holds it; otherwise makes a new one
    /// (messages sealed to the old key then wait for a sender that holds it).
    pub async fn settings_set_email(&self, req: MailSettingsRequest) -> ApiResult<MailInfo> {
        self.require(Permission::Crud(Resource::Settings, Action::Update)).await?;
        self.require_live()?;
        let current = self.read().await.state.workspace().and_then(|w| w.mail.clone());
        let held = self.sessions.secret(SECRET_KEY).await.and_then(|t| MailSecret::parse(&t, String::new()));
        let keep = match (&current, &held) {
            (Some(m), Some(h)) => trellis_mail::public_of(&h.opening).is_ok_and(|p| p == m.seal_key),
            _ => false,
        };
        let (seal_key, opening) = match (keep, current.as_ref(), held.as_ref()) {
            (true, Some(m), Some(h)) => (m.seal_key.clone(), Sensitive::new(h.opening.expose().clone())),
            _ => trellis_mail::new_key_pair(),
        };
        let password = match req.password.filter(|p| !p.expose().is_empty()) {
            Some(p) => Some(p),
            None => held.and_then(|h| h.password),
        };
        let settings = MailSettings {
            host: req.host,
            port: req.port,
            security: req.security,
            user: req.user,
            from_name: req.from_name,
            from_address: req.from_address,
            seal_key,
        };
        // The rules first, so a refused form leaves the keyring as it was.
        let settings = trellis_core::mail::validate(settings)?;
        if settings.user.is_some() && password.is_none() {
            return Err(RuleError::invalid("password", "The SMTP user needs its password"));
        }
        let secret = MailSecret { password, opening, kept_in: String::new() };
        self.sessions.keep_secret(SECRET_KEY, secret.text()).await?;
        self.execute(Op::SetMailSettings { mail: Some(settings) }).await?;
        self.mail_poke();
        self.settings_email().await
    }

    /// Stops sending email: the settings go, and this desktop's secrets with them.
    pub async fn settings_clear_email(&self) -> ApiResult<SessionInfo> {
        self.require(Permission::Crud(Resource::Settings, Action::Update)).await?;
        self.require_live()?;
        self.execute(Op::SetMailSettings { mail: None }).await?;
        self.sessions.forget_secret(SECRET_KEY).await;
        Ok(self.session_info().await)
    }

    /// Writes this desktop's sending secrets to `path` (readable by its owner only), for a
    /// portal process to send with (`TRELLIS_MAIL_SECRET_FILE`).
    pub async fn settings_email_export_secret(&self, path: &std::path::Path) -> ApiResult<()> {
        self.require(Permission::Crud(Resource::Settings, Action::Update)).await?;
        let info = self.settings_email().await?;
        let secret = self.mail_secret().await?.filter(|_| info.sends_here).ok_or_else(|| {
            RuleError::rule(
                None,
                "This desktop does not hold the workspace's sending secrets: save Settings › Email here first",
            )
        })?;
        write_private(path, secret.text().expose())
            .map_err(|e| RuleError::invalid("path", format!("Cannot write {}: {e}", path.display())))
    }

    /// Another desktop sends too: takes the sending secrets `settings_email_export_secret`
    /// wrote into this desktop's OS keyring (the file can then be deleted).
    pub async fn settings_email_import_secret(&self, path: &std::path::Path) -> ApiResult<MailInfo> {
        self.require(Permission::Crud(Resource::Settings, Action::Update)).await?;
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| RuleError::invalid("file", format!("Cannot read {shown}: {e}")))?;
        let secret = MailSecret::parse(&Sensitive::new(text), String::new())
            .ok_or_else(|| RuleError::invalid("file", format!("{shown} is not a file Trellis wrote")))?;
        let seal_key = self.read().await.state.workspace().and_then(|w| w.mail.as_ref().map(|m| m.seal_key.clone()));
        if seal_key.is_none() || trellis_mail::public_of(&secret.opening).ok() != seal_key {
            return Err(RuleError::invalid("file", format!("{shown} holds another workspace's (or an old) mail key")));
        }
        self.sessions.keep_secret(SECRET_KEY, secret.text()).await?;
        self.mail_poke();
        self.settings_email().await
    }

    /// Settings › Email › Send a test message: straight to SMTP (not queued), to the
    /// signed-in member; the server's answer either way.
    pub async fn settings_email_test(&self) -> ApiResult<MailTestResult> {
        self.require(Permission::Crud(Resource::Settings, Action::Update)).await?;
        let actor = self.actor().await?;
        let (settings, workspace, name, email) = {
            let inner = self.read().await;
            let state = &inner.state;
            let w = state.workspace();
            let me = match actor {
                trellis_core::Actor::Member(id) => state.member(id),
                _ => None,
            }
            .ok_or_else(|| RuleError::forbidden("Only a member can send a test message"))?;
            (
                w.and_then(|w| w.mail.clone()),
                w.map(|w| w.name.clone()).unwrap_or_default(),
                me.name.clone(),
                me.email.clone(),
            )
        };
        let settings = settings.ok_or_else(|| RuleError::rule(Some("host"), "Set up email first"))?;
        let secret = self.mail_secret().await?;
        let words = trellis_mail::render(
            MailKind::Test,
            &serde_json::json!({ "workspace": workspace, "name": name, "from": settings.from_address }),
        )
        .map_err(crate::engine::internal)?;
        let to = trellis_mail::Recipient { name: &name, email: &email };
        let id = uuid::Uuid::now_v7();
        let message =
            trellis_mail::build(&settings, &to, &trellis_mail::new_message_id(id, &settings.from_address), &words)
                .map_err(|e| RuleError::rule(Some("from_address"), e.to_string()))?;
        let smtp = trellis_mail::Smtp::new(&settings, secret.as_ref().and_then(|s| s.password.as_ref()))
            .map_err(|e| RuleError::rule(Some("host"), e.to_string()))?;
        match smtp.send(message).await {
            Ok(reply) => Ok(MailTestResult { to: email, server_reply: reply }),
            Err(e) => Err(RuleError::new(ErrorCode::Rule, Some("host"), format!("The SMTP server said: {e}"))),
        }
    }
}

/// Creates `path` for its owner only and writes `text` to it.
fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}
