//! MAIL-2: the outbox of this file — the queue itself when the workspace is local, and
//! the place a message waits for its change to reach the shared log when it is shared.
//! A claim is a lease: a sender that dies mid-send leaves the message to be claimed again
//! when the lease ends (and resent with the same Message-ID).

use crate::store::{Store, StoreError};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};
use trellis_core::mail::{MailKind, MailOutcome, MailStatus, QueuedMail};
use trellis_core::Millis;
use uuid::Uuid;

const COLUMNS: &str = "uid, kind, about, to_email, subject, body, sealed, digest, message_id, status, attempts, \
                       next_at, last_error, server_reply, created_at, sent_at";

fn corrupt(what: &str, text: &str) -> StoreError {
    StoreError::Corrupt(format!("outbox: unknown {what} '{text}'"))
}

fn row(r: &SqliteRow) -> Result<QueuedMail, StoreError> {
    let uid: String = r.get("uid");
    let kind: String = r.get("kind");
    let status: String = r.get("status");
    Ok(QueuedMail {
        id: Uuid::parse_str(&uid).map_err(|_| corrupt("id", &uid))?,
        kind: MailKind::parse(&kind).ok_or_else(|| corrupt("kind", &kind))?,
        about: r.get::<Option<String>, _>("about").and_then(|a| Uuid::parse_str(&a).ok()),
        to: r.get("to_email"),
        subject: r.get("subject"),
        body: r.get("body"),
        sealed: r.get("sealed"),
        digest: r.get("digest"),
        message_id: r.get("message_id"),
        // 'shared' rows are listed from the shared queue instead.
        status: MailStatus::parse(&status).unwrap_or(MailStatus::Queued),
        attempts: r.get::<i64, _>("attempts") as u32,
        next_at: r.get("next_at"),
        last_error: r.get("last_error"),
        server_reply: r.get("server_reply"),
        created_at: r.get("created_at"),
        sent_at: r.get("sent_at"),
    })
}

/// Queues `m` (inside the transaction of the change that queued it). A newer message of
/// the same kind about the same person replaces any still waiting.
pub(crate) async fn insert(conn: &mut SqliteConnection, m: &QueuedMail) -> Result<(), sqlx::Error> {
    if let (Some(about), true) = (m.about, m.kind.replaces_older()) {
        sqlx::query(
            "UPDATE outbox SET status = 'superseded', last_error = 'a newer message replaced it'
             WHERE kind = ? AND about = ? AND status IN ('queued', 'held')",
        )
        .bind(m.kind.as_str())
        .bind(about.to_string())
        .execute(&mut *conn)
        .await?;
    }
    sqlx::query(
        "INSERT INTO outbox (uid, kind, about, to_email, subject, body, sealed, digest, message_id, status, next_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(m.id.to_string())
    .bind(m.kind.as_str())
    .bind(m.about.map(|a| a.to_string()))
    .bind(&m.to)
    .bind(&m.subject)
    .bind(&m.body)
    .bind(&m.sealed)
    .bind(&m.digest)
    .bind(&m.message_id)
    .bind(m.status.as_str())
    .bind(m.next_at)
    .bind(m.created_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

impl Store {
    /// The newest messages first (those moved to the shared queue left out).
    pub async fn mail_list(&self, limit: u32) -> Result<Vec<QueuedMail>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM outbox WHERE status != 'shared' ORDER BY id DESC LIMIT ?");
        let rows = sqlx::query(&sql).bind(limit as i64).fetch_all(self.pool()).await?;
        rows.iter().map(row).collect()
    }

    pub async fn mail_get(&self, id: Uuid) -> Result<Option<QueuedMail>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM outbox WHERE uid = ?");
        let r = sqlx::query(&sql).bind(id.to_string()).fetch_optional(self.pool()).await?;
        r.as_ref().map(row).transpose()
    }

    /// Up to `n` messages due at `now` (or whose sender's lease ran out), leased to
    /// `sender` until `lease_until`. One writer at a time on the file, so two processes
    /// never claim the same message.
    pub async fn mail_claim(
        &self,
        sender: &str,
        n: u32,
        now: Millis,
        lease_until: Millis,
    ) -> Result<Vec<QueuedMail>, StoreError> {
        let mut tx = self.begin_write().await?;
        let sql = format!(
            "UPDATE outbox SET status = 'sending', attempts = attempts + 1, lease_until = ?, sender = ?
             WHERE id IN (SELECT id FROM outbox
                          WHERE (status = 'queued' AND next_at <= ?) OR (status = 'sending' AND lease_until < ?)
                          ORDER BY next_at, id LIMIT ?)
             RETURNING {COLUMNS}"
        );
        let rows = sqlx::query(&sql)
            .bind(lease_until)
            .bind(sender)
            .bind(now)
            .bind(now)
            .bind(n as i64)
            .fetch_all(&mut *tx)
            .await?;
        tx.commit().await?;
        rows.iter().map(row).collect()
    }

    /// Records what became of claimed messages, in one transaction (only while `sender`
    /// still holds each: a lease that ran out and was taken over is the new sender's).
    pub async fn mail_done(&self, sender: &str, done: &[(Uuid, MailOutcome)], at: Millis) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        for (id, outcome) in done {
            let c = outcome.columns();
            let (status, error, reply) = (c.status.as_str(), c.error, c.reply);
            let (next_at, sent_at) = (c.after_ms.map(|ms| at + ms), c.sent.then_some(at));
            sqlx::query(
                "UPDATE outbox SET status = ?, last_error = coalesce(?, last_error), server_reply = coalesce(?, server_reply),
                   next_at = coalesce(?, next_at), sent_at = coalesce(?, sent_at), lease_until = NULL
                 WHERE uid = ? AND status = 'sending' AND sender = ?",
            )
            .bind(status)
            .bind(error)
            .bind(reply)
            .bind(next_at)
            .bind(sent_at)
            .bind(id.to_string())
            .bind(sender)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// *Resend* (a failed, cancelled or superseded message, or a queued one now) and
    /// *Cancel* (one not sent yet). Returns the message's status before, or None when it
    /// cannot move so.
    pub async fn mail_move(&self, id: Uuid, resend: bool, now: Millis) -> Result<Option<MailStatus>, StoreError> {
        let mut tx = self.begin_write().await?;
        let before: Option<String> = sqlx::query_scalar("SELECT status FROM outbox WHERE uid = ?")
            .bind(id.to_string())
            .fetch_optional(&mut *tx)
            .await?;
        let Some(before) = before.and_then(|b| MailStatus::parse(&b)) else { return Ok(None) };
        let allowed = if resend {
            matches!(before, MailStatus::Queued | MailStatus::Failed | MailStatus::Cancelled)
        } else {
            matches!(before, MailStatus::Queued | MailStatus::Held | MailStatus::Failed)
        };
        if !allowed {
            return Ok(None);
        }
        let sql = if resend {
            "UPDATE outbox SET status = 'queued', next_at = ?, attempts = 0 WHERE uid = ?"
        } else {
            "UPDATE outbox SET status = 'cancelled', next_at = ? WHERE uid = ?"
        };
        sqlx::query(sql).bind(now).bind(id.to_string()).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(Some(before))
    }

    /// Messages to move to the shared queue: waiting, and their change is in the log
    /// (neither waiting to be sent nor set aside).
    pub async fn mail_to_share(&self) -> Result<Vec<QueuedMail>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM outbox WHERE status = 'queued'
               AND (op_id IS NULL OR (op_id NOT IN (SELECT op_id FROM sync_pending)
                                      AND op_id NOT IN (SELECT op_id FROM sync_parked)))
             ORDER BY id"
        );
        let rows = sqlx::query(&sql).fetch_all(self.pool()).await?;
        rows.iter().map(row).collect()
    }

    /// The shared queue took these.
    pub async fn mail_shared(&self, ids: &[Uuid]) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        for id in ids {
            sqlx::query("UPDATE outbox SET status = 'shared' WHERE uid = ? AND status = 'queued'")
                .bind(id.to_string())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
