//! MAIL-2: the shared workspace's outbox (migration 0004). Claims take rows with
//! `FOR UPDATE SKIP LOCKED` and a lease, so any number of desktops and portal processes
//! send side by side and each message has one sender; a sender that dies mid-send leaves
//! its rows to be claimed again when the lease ends. Times are the database's clock.

use crate::{Remote, RemoteError};
use sqlx::postgres::PgRow;
use sqlx::Row;
use std::time::Duration;
use trellis_core::mail::{MailKind, MailOutcome, MailStatus, QueuedMail};
use uuid::Uuid;

const COLUMNS: &str = "id, kind, about, to_email, subject, body, sealed, digest, message_id, status, attempts,
    (extract(epoch FROM next_at) * 1000)::bigint AS next_ms, last_error, server_reply,
    (extract(epoch FROM created_at) * 1000)::bigint AS created_ms,
    (extract(epoch FROM sent_at) * 1000)::bigint AS sent_ms";

fn row(r: &PgRow) -> Result<QueuedMail, RemoteError> {
    let kind: String = r.get("kind");
    let status: String = r.get("status");
    let bad = |what: &str, t: &str| RemoteError::Db(format!("the shared outbox holds an unknown {what} '{t}'"));
    Ok(QueuedMail {
        id: r.get("id"),
        kind: MailKind::parse(&kind).ok_or_else(|| bad("kind", &kind))?,
        about: r.get("about"),
        to: r.get("to_email"),
        subject: r.get("subject"),
        body: r.get("body"),
        sealed: r.get("sealed"),
        digest: r.get("digest"),
        message_id: r.get("message_id"),
        status: MailStatus::parse(&status).ok_or_else(|| bad("status", &status))?,
        attempts: r.get::<i32, _>("attempts") as u32,
        next_at: r.get("next_ms"),
        last_error: r.get("last_error"),
        server_reply: r.get("server_reply"),
        created_at: r.get("created_ms"),
        sent_at: r.get("sent_ms"),
    })
}

impl Remote {
    /// Takes in messages queued on a desktop once their change is in the log. Idempotent
    /// (by id): a desktop that crashed after this and before noting it sends them again.
    /// A newer message of the same kind about the same person replaces any still waiting.
    pub async fn outbox_put(&self, ws: Uuid, messages: &[QueuedMail]) -> Result<(), RemoteError> {
        if messages.is_empty() {
            return Ok(());
        }
        let mut tx = self.pool().begin().await.map_err(|e| self.db_err(e))?;
        for m in messages {
            if let (Some(about), true) = (m.about, m.kind.replaces_older()) {
                sqlx::query(
                    "UPDATE trellis_outbox SET status = 'superseded', last_error = 'a newer message replaced it'
                     WHERE workspace_id = $1 AND kind = $2 AND about = $3 AND status = 'queued' AND id <> $4",
                )
                .bind(ws)
                .bind(m.kind.as_str())
                .bind(about)
                .bind(m.id)
                .execute(&mut *tx)
                .await
                .map_err(|e| self.db_err(e))?;
            }
            sqlx::query(
                "INSERT INTO trellis_outbox (id, workspace_id, kind, about, to_email, subject, body, sealed, digest, message_id)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING",
            )
            .bind(m.id)
            .bind(ws)
            .bind(m.kind.as_str())
            .bind(m.about)
            .bind(&m.to)
            .bind(&m.subject)
            .bind(&m.body)
            .bind(&m.sealed)
            .bind(&m.digest)
            .bind(&m.message_id)
            .execute(&mut *tx)
            .await
            .map_err(|e| self.db_err(e))?;
        }
        tx.commit().await.map_err(|e| self.db_err(e))
    }

    /// Up to `n` messages due now (or whose sender's lease ran out), leased to `sender`.
    pub async fn outbox_claim(
        &self,
        ws: Uuid,
        sender: &str,
        n: u32,
        lease: Duration,
    ) -> Result<Vec<QueuedMail>, RemoteError> {
        let sql = format!(
            "UPDATE trellis_outbox o SET status = 'sending', attempts = o.attempts + 1,
                 lease_until = now() + make_interval(secs => $3), sender = $2
             FROM (SELECT id FROM trellis_outbox
                   WHERE workspace_id = $1
                     AND ((status = 'queued' AND next_at <= now()) OR (status = 'sending' AND lease_until < now()))
                   ORDER BY next_at, created_at LIMIT $4
                   FOR UPDATE SKIP LOCKED) due
             WHERE o.id = due.id
             RETURNING {}",
            // Only `id` is in both tables of the FROM.
            COLUMNS.replacen("id, kind", "o.id, kind", 1)
        );
        let rows = sqlx::query(&sql)
            .bind(ws)
            .bind(sender)
            .bind(lease.as_secs_f64())
            .bind(n as i64)
            .fetch_all(self.pool())
            .await
            .map_err(|e| self.db_err(e))?;
        rows.iter().map(row).collect()
    }

    /// Records what became of claimed messages (only while `sender` still holds each).
    pub async fn outbox_done(&self, ws: Uuid, sender: &str, done: &[(Uuid, MailOutcome)]) -> Result<(), RemoteError> {
        let mut tx = self.pool().begin().await.map_err(|e| self.db_err(e))?;
        for (id, outcome) in done {
            let c = outcome.columns();
            let (status, error, reply, after_ms, sent) = (c.status.as_str(), c.error, c.reply, c.after_ms, c.sent);
            sqlx::query(
                "UPDATE trellis_outbox SET status = $4, last_error = coalesce($5, last_error),
                   server_reply = coalesce($6, server_reply),
                   next_at = CASE WHEN $7::bigint IS NULL THEN next_at ELSE now() + make_interval(secs => $7::bigint / 1000.0) END,
                   sent_at = CASE WHEN $8 THEN now() ELSE sent_at END, lease_until = NULL
                 WHERE workspace_id = $1 AND id = $2 AND sender = $3 AND status = 'sending'",
            )
            .bind(ws)
            .bind(id)
            .bind(sender)
            .bind(status)
            .bind(error)
            .bind(reply)
            .bind(after_ms)
            .bind(sent)
            .execute(&mut *tx)
            .await
            .map_err(|e| self.db_err(e))?;
        }
        tx.commit().await.map_err(|e| self.db_err(e))
    }

    /// The newest messages first.
    pub async fn outbox_list(&self, ws: Uuid, limit: u32) -> Result<Vec<QueuedMail>, RemoteError> {
        let sql =
            format!("SELECT {COLUMNS} FROM trellis_outbox WHERE workspace_id = $1 ORDER BY created_at DESC LIMIT $2");
        let rows =
            sqlx::query(&sql).bind(ws).bind(limit as i64).fetch_all(self.pool()).await.map_err(|e| self.db_err(e))?;
        rows.iter().map(row).collect()
    }

    pub async fn outbox_get(&self, ws: Uuid, id: Uuid) -> Result<Option<QueuedMail>, RemoteError> {
        let sql = format!("SELECT {COLUMNS} FROM trellis_outbox WHERE workspace_id = $1 AND id = $2");
        let r = sqlx::query(&sql).bind(ws).bind(id).fetch_optional(self.pool()).await.map_err(|e| self.db_err(e))?;
        r.as_ref().map(row).transpose()
    }

    /// *Resend* or *Cancel*, as `Store::mail_move`: the status before, or None when the
    /// message cannot move so.
    pub async fn outbox_move(&self, ws: Uuid, id: Uuid, resend: bool) -> Result<Option<MailStatus>, RemoteError> {
        let (to, from): (&str, &[&str]) =
            if resend { ("queued", &["queued", "failed", "cancelled"]) } else { ("cancelled", &["queued", "failed"]) };
        let from: Vec<String> = from.iter().map(|s| s.to_string()).collect();
        let before: Option<String> = sqlx::query_scalar(
            "WITH old AS (SELECT id, status FROM trellis_outbox WHERE workspace_id = $1 AND id = $2 FOR UPDATE)
             UPDATE trellis_outbox o SET status = $3, next_at = now(),
                 attempts = CASE WHEN $3 = 'queued' THEN 0 ELSE o.attempts END
             FROM old WHERE o.id = old.id AND old.status = ANY($4)
             RETURNING old.status",
        )
        .bind(ws)
        .bind(id)
        .bind(to)
        .bind(&from)
        .fetch_optional(self.pool())
        .await
        .map_err(|e| self.db_err(e))?;
        Ok(before.and_then(|b| MailStatus::parse(&b)))
    }
}
