//! MAIL-2: delivering the outbox. A run moves messages whose change reached the shared log
//! to the shared queue, claims what is due (with a lease), checks each against this
//! process's state — the person it is about still exists, the code it carries is still
//! theirs — words and addresses it from that state, hands it to SMTP over one connection,
//! and records the outcome. A message is delivered once; a crash between the server's
//! "250" and the record sends it again with the same Message-ID (said in PORTAL.md).

use crate::engine::{internal, now, Trellis};
use crate::mail::MailSecret;
use crate::sync::remote_err;
use crate::ApiResult;
use serde_json::json;
use std::time::Duration;
use trellis_core::mail::{MailKind, MailOutcome, MailSettings, MailStatus, QueuedMail};
use trellis_core::wire::{DeliveryReport, OutboxMessage, OutboxRef};
use trellis_core::{Action, MemberId, MemberStatus, Permission, Resource, RuleError, State};
use trellis_store::Change;

/// A sender holds a claimed message this long; past it, another sender may take it.
const LEASE: Duration = Duration::from_secs(120);
/// A message that failed this often (for reasons that may pass) is given up.
pub const MAX_ATTEMPTS: u32 = 8;
/// Outcomes recorded per transaction.
const RECORD_EVERY: usize = 25;

/// Where this workspace's queue is.
enum Queue {
    Local,
    Shared(uuid::Uuid, trellis_sync::Remote),
}

/// What a message says and to whom, from the sender's own state; or why it is not sent.
enum Checked {
    Send {
        name: String,
        email: String,
        context: serde_json::Value,
    },
    /// What it announced no longer stands.
    Stale(String),
    /// This process's state may not have the change that queued it yet.
    NotYet(String),
}

pub(crate) fn date(ms: i64) -> String {
    // Days since the epoch to a civil date (UTC), Howard Hinnant's algorithm.
    let days = ms.div_euclid(86_400_000);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    format!("{d} {} {y} (UTC)", MONTHS[(m - 1) as usize])
}

/// A newer message about the same person replaces a waiting one in either queue
/// (`insert`, `outbox_put`), so a resent invitation's old message is not sent.
fn check(state: &State, m: &QueuedMail, code: Option<&str>) -> Checked {
    let workspace = state.workspace().map(|w| w.name.clone()).unwrap_or_default();
    let Some(about) = m.about else {
        return Checked::Stale("it names nobody".into());
    };
    match m.kind {
        MailKind::MemberInvitation => {
            let id = MemberId(about);
            let Some(member) = state.member(id) else {
                return Checked::NotYet("the invitation is not here yet".into());
            };
            if member.status != MemberStatus::Pending {
                return Checked::Stale("the invitation was accepted or revoked".into());
            }
            let Some(code) = code else { return Checked::Stale("it carries no code".into()) };
            Checked::Send {
                name: member.name.clone(),
                email: member.email.clone(),
                context: json!({
                    // The trellis:// link opens the app's Accept an invitation with the
                    // code filled in (issue 19); the code stays for a desktop without it.
                    "workspace": workspace, "name": member.name, "code": code,
                    "link": trellis_core::wire::DeepLink::accept_url(code),
                    "expires": date(m.created_at + crate::invitations::INVITATION_DAYS * 86_400_000),
                }),
            }
        }
        // Issue 19: a member's reset link, while it still works (a newer one replaces it).
        MailKind::MemberReset => {
            let id = MemberId(about);
            let Some(member) = state.member(id) else {
                return Checked::NotYet("the member is not here yet".into());
            };
            if member.status != MemberStatus::Active {
                return Checked::Stale("the member is no longer active".into());
            }
            let expires = m.created_at + crate::member_reset::RESET_MINUTES * 60_000;
            if expires <= now() {
                return Checked::Stale("the reset link expired before it could be sent".into());
            }
            let Some(code) = code else { return Checked::Stale("it carries no code".into()) };
            Checked::Send {
                name: member.name.clone(),
                email: member.email.clone(),
                context: json!({
                    "workspace": workspace, "name": member.name,
                    "link": trellis_core::wire::DeepLink::reset_url(code),
                }),
            }
        }
        // A reset link is an invitation link the user asked for themselves (SEC-6).
        MailKind::PartnerAccess | MailKind::PasswordReset => {
            let id = trellis_core::ContactId(about);
            let Some(c) = state.contact(id) else { return Checked::NotYet("the contact is not here yet".into()) };
            if !c.has_access() {
                return Checked::Stale("their access was removed".into());
            }
            let account = state.account(c.account).map(|a| a.name.clone()).unwrap_or_default();
            let current = c.invitation.as_ref();
            let (link, code, expires) = match (&m.digest, current) {
                (None, _) => (None, None, None),
                (Some(d), Some(inv)) if *d == inv.digest => {
                    let base = state.workspace().and_then(|w| w.portal_url.clone());
                    let link = code.and_then(|c| base.map(|b| format!("{b}/accept#code={c}")));
                    (link, code.map(str::to_owned), Some(inv.expires))
                }
                (Some(_), Some(_)) => return Checked::NotYet("a newer invitation link replaced it".into()),
                (Some(_), None) => return Checked::Stale("the invitation link was used or revoked".into()),
            };
            Checked::Send {
                name: c.name.clone(),
                email: c.email.clone(),
                context: json!({
                    "workspace": workspace, "name": c.name, "email": c.email, "account": account,
                    "link": link, "code": code, "expires": expires.map(date),
                }),
            }
        }
        MailKind::PasswordChanged | MailKind::Test | MailKind::Legacy | MailKind::ReviewReminder => {
            // Messages about a contact (the portal's) or a member, by id.
            let (name, email, member) = if let Some(c) = state.contact(trellis_core::ContactId(about)) {
                (c.name.clone(), c.email.clone(), false)
            } else if let Some(mem) = state.member(MemberId(about)) {
                (mem.name.clone(), mem.email.clone(), true)
            } else {
                return Checked::NotYet("its recipient is not here yet".into());
            };
            Checked::Send {
                name: name.clone(),
                email,
                context: json!({
                    "workspace": workspace, "name": name, "body": m.body, "when": date(m.created_at),
                    "member": member,
                }),
            }
        }
    }
}

fn message_row(m: QueuedMail) -> OutboxMessage {
    OutboxMessage {
        id: m.id,
        kind: m.kind,
        to: m.to,
        subject: m.subject,
        queued_at: m.created_at,
        status: m.status,
        attempts: m.attempts,
        next_at: m.next_at,
        last_error: m.last_error,
        server_reply: m.server_reply,
        sent_at: m.sent_at,
    }
}

impl Trellis {
    async fn queue(&self) -> ApiResult<Queue> {
        let following = self.read().await.sync.as_ref().map(|f| f.workspace);
        Ok(match following {
            None => Queue::Local,
            Some(ws) => Queue::Shared(ws, self.remote().await?.1),
        })
    }

    /// One delivery run: up to `limit` messages. Does nothing (and says why) when the
    /// workspace sends no email or this process does not hold its sending secrets.
    pub async fn mail_deliver(&self, limit: u32) -> ApiResult<DeliveryReport> {
        let settings = self.read().await.state.workspace().and_then(|w| w.mail.clone());
        let Some(settings) = settings else {
            return Ok(DeliveryReport { idle: Some("email is not set up".into()), ..Default::default() });
        };
        // Messages whose change reached the log go to the shared queue, whoever sends them.
        let queue = self.queue().await?;
        if let Queue::Shared(ws, remote) = &queue {
            self.mail_share(*ws, remote).await?;
        }
        let secret = self.mail_secret().await?;
        let holds_key =
            secret.as_ref().is_some_and(|s| trellis_mail::public_of(&s.opening).is_ok_and(|p| p == settings.seal_key));
        let (true, Some(secret)) = (holds_key, secret) else {
            return Ok(DeliveryReport {
                idle: Some("this process does not hold the workspace's sending secrets".into()),
                ..Default::default()
            });
        };
        let sender = format!("{}:{}", std::process::id(), uuid::Uuid::now_v7().simple());
        let claimed = match &queue {
            Queue::Local => {
                let at = now();
                self.store().mail_claim(&sender, limit, at, at + LEASE.as_millis() as i64).await.map_err(internal)?
            }
            Queue::Shared(ws, remote) => remote.outbox_claim(*ws, &sender, limit, LEASE).await.map_err(remote_err)?,
        };
        let mut report = DeliveryReport::default();
        if claimed.is_empty() {
            return Ok(report);
        }
        let smtp = trellis_mail::Smtp::new(&settings, secret.password.as_ref());
        let mut done = Vec::with_capacity(RECORD_EVERY);
        for m in claimed {
            let outcome = match &smtp {
                Ok(smtp) => self.deliver_one(smtp, &settings, &secret, &m).await,
                Err(e) => self.retry_or_fail(&m, e.to_string()),
            };
            match &outcome {
                MailOutcome::Sent { .. } => report.sent += 1,
                MailOutcome::Retry { .. } => report.retried += 1,
                MailOutcome::Failed { error } => {
                    tracing::warn!("mail {} to {} failed: {error}", m.id, m.to);
                    report.failed += 1
                }
                MailOutcome::Superseded { .. } => report.superseded += 1,
            }
            done.push((m.id, outcome));
            if done.len() >= RECORD_EVERY {
                self.record(&queue, &sender, &mut done).await?;
            }
        }
        if let Ok(smtp) = &smtp {
            smtp.close().await;
        }
        self.record(&queue, &sender, &mut done).await?;
        Ok(report)
    }

    /// Moves the messages whose change is in the shared log to the shared queue (when the
    /// workspace sends mail at all). After a sync and before each delivery run.
    pub(crate) async fn mail_share(&self, ws: uuid::Uuid, remote: &trellis_sync::Remote) -> ApiResult<()> {
        if self.read().await.state.workspace().is_none_or(|w| w.mail.is_none()) {
            return Ok(());
        }
        let ready = self.store().mail_to_share().await.map_err(internal)?;
        if ready.is_empty() {
            return Ok(());
        }
        remote.outbox_put(ws, &ready).await.map_err(remote_err)?;
        let ids: Vec<uuid::Uuid> = ready.iter().map(|m| m.id).collect();
        self.store().mail_shared(&ids).await.map_err(internal)?;
        self.mail_poke();
        Ok(())
    }

    async fn record(&self, queue: &Queue, sender: &str, done: &mut Vec<(uuid::Uuid, MailOutcome)>) -> ApiResult<()> {
        if done.is_empty() {
            return Ok(());
        }
        match queue {
            Queue::Local => self.store().mail_done(sender, done, now()).await.map_err(internal)?,
            Queue::Shared(ws, remote) => remote.outbox_done(*ws, sender, done).await.map_err(remote_err)?,
        }
        done.clear();
        Ok(())
    }

    fn retry_or_fail(&self, m: &QueuedMail, error: String) -> MailOutcome {
        if m.attempts >= MAX_ATTEMPTS {
            return MailOutcome::Failed { error: format!("gave up after {} attempts: {error}", m.attempts) };
        }
        let base = self.mail.retry_base().as_millis() as i64;
        let after_ms = (base << (m.attempts.saturating_sub(1)).min(6)).min(3_600_000);
        MailOutcome::Retry { error, after_ms }
    }

    async fn deliver_one(
        &self,
        smtp: &trellis_mail::Smtp,
        settings: &MailSettings,
        secret: &MailSecret,
        m: &QueuedMail,
    ) -> MailOutcome {
        let code = match &m.sealed {
            None => None,
            Some(sealed) => match trellis_mail::open(&secret.opening, sealed) {
                Ok(c) => Some(c),
                Err(e) => return MailOutcome::Failed { error: e.to_string() },
            },
        };
        if let (Some(c), Some(d)) = (&code, &m.digest) {
            if crate::invitations::digest(c) != *d {
                return MailOutcome::Failed { error: "its code does not match its digest".into() };
            }
        }
        let checked = check(&self.read().await.state, m, code.as_ref().map(|c| c.expose().as_str()));
        let (name, email, context) = match checked {
            Checked::Send { name, email, context } => (name, email, context),
            Checked::Stale(why) => return MailOutcome::Superseded { why },
            Checked::NotYet(why) if m.attempts >= 3 => return MailOutcome::Superseded { why },
            Checked::NotYet(why) => return MailOutcome::Retry { error: why, after_ms: 5_000 },
        };
        let words = match trellis_mail::render(m.kind, &context) {
            Ok(w) => w,
            Err(e) => return MailOutcome::Failed { error: e.to_string() },
        };
        let to = trellis_mail::Recipient { name: &name, email: &email };
        let message = match trellis_mail::build(settings, &to, &m.message_id, &words) {
            Ok(msg) => msg,
            Err(e) => return MailOutcome::Failed { error: e.to_string() },
        };
        match smtp.send(message).await {
            Ok(reply) => MailOutcome::Sent { reply },
            Err(e) if e.is_permanent() => MailOutcome::Failed { error: e.to_string() },
            Err(e) => self.retry_or_fail(m, e.to_string()),
        }
    }

    /// MAIL-2: the outbox, newest first — the shared queue's when the workspace is shared,
    /// with the messages still waiting here for their change to reach the log.
    pub async fn outbox_list(&self) -> ApiResult<Vec<OutboxMessage>> {
        self.require(Permission::Crud(Resource::PartnerUsers, Action::Read)).await?;
        let mut rows = self.store().mail_list(200).await.map_err(internal)?;
        if let Queue::Shared(ws, remote) = self.queue().await.unwrap_or(Queue::Local) {
            match remote.outbox_list(ws, 200).await {
                Ok(shared) => rows.extend(shared),
                Err(e) => tracing::warn!("the shared outbox cannot be read now: {e}"),
            }
            rows.sort_by_key(|m| std::cmp::Reverse(m.created_at));
            rows.truncate(200);
        }
        Ok(rows.into_iter().map(message_row).collect())
    }

    /// Admin › Outbox › *Send now*: one delivery run from the window.
    pub async fn outbox_send_now(&self) -> ApiResult<DeliveryReport> {
        self.require(Permission::Crud(Resource::PartnerUsers, Action::Update)).await?;
        self.mail_deliver(100).await
    }

    /// *Resend* (failed, cancelled, or queued: now) or *Cancel* (not sent yet), journaled.
    pub async fn outbox_resend(&self, req: OutboxRef) -> ApiResult<OutboxMessage> {
        self.outbox_move(req, true).await
    }

    pub async fn outbox_cancel(&self, req: OutboxRef) -> ApiResult<OutboxMessage> {
        self.outbox_move(req, false).await
    }

    async fn outbox_move(&self, req: OutboxRef, resend: bool) -> ApiResult<OutboxMessage> {
        self.require(Permission::Crud(Resource::PartnerUsers, Action::Update)).await?;
        let actor = self.actor().await?;
        let id = uuid::Uuid::parse_str(req.id.trim())
            .map_err(|_| RuleError::invalid("id", format!("'{}' is not a message id", req.id.trim())))?;
        let not_found = || RuleError::not_found("id", format!("No message with id {id} in the outbox"));
        // A message still waiting here moves here; one the shared queue took moves there.
        let queue = self.queue().await?;
        let before = match (self.store().mail_move(id, resend, now()).await.map_err(internal)?, &queue) {
            (Some(before), _) => Some(before),
            (None, Queue::Shared(ws, remote)) => remote.outbox_move(*ws, id, resend).await.map_err(remote_err)?,
            (None, Queue::Local) => None,
        };
        if before.is_none() {
            let here = self.store().mail_get(id).await.map_err(internal)?.is_some();
            let there = match &queue {
                Queue::Shared(ws, remote) => remote.outbox_get(*ws, id).await.map_err(remote_err)?.is_some(),
                Queue::Local => false,
            };
            if !here && !there {
                return Err(not_found());
            }
        }
        let Some(before) = before else {
            let what = if resend { "sent again" } else { "cancelled" };
            return Err(RuleError::rule(Some("id"), format!("This message cannot be {what} now")));
        };
        let after = if resend { MailStatus::Queued } else { MailStatus::Cancelled };
        let row = self.outbox_list().await?.into_iter().find(|m| m.id == id).ok_or_else(not_found)?;
        let change = Change {
            kind: "message".into(),
            id: id.to_string(),
            label: format!("{} · {}", row.to, row.subject),
            before: Some(json!({ "status": before.as_str() })),
            after: Some(json!({ "status": after.as_str() })),
        };
        let action = if resend { "outbox.resend" } else { "outbox.cancel" };
        self.security_event(actor, action, &row.to, vec![change], &[]).await?;
        if resend {
            self.mail_poke();
        }
        Ok(row)
    }

    /// The delivery loop's step: a run, then wait for a poke or `every`. The shell and
    /// the portal server run it in a loop.
    pub async fn mail_watch(&self, every: Duration) {
        match self.mail_deliver(100).await {
            Ok(r) if r.sent + r.retried + r.failed + r.superseded > 0 => {
                tracing::info!(
                    "mail: {} sent, {} to retry, {} failed, {} not needed",
                    r.sent,
                    r.retried,
                    r.failed,
                    r.superseded
                );
                return; // more may be due at once
            }
            Ok(_) => {}
            Err(e) => tracing::warn!("mail delivery: {}", e.message),
        }
        let _ = tokio::time::timeout(every, self.mail.poke.notified()).await;
    }
}
