//! The portal server's shared state (migration 0003): sessions, sign-in lockouts and last
//! sign-ins, kept in the shared database so every portal process sees the same (PORT-1,
//! PORT-4). Sessions are found by the SHA-256 of their id; the id is never stored. Every
//! time is the database's clock, the one all processes share.

use crate::{Remote, RemoteError};
use sqlx::Row;
use std::time::Duration;
use uuid::Uuid;

/// A live portal session, as the database holds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PortalSessionRow {
    pub contact: Uuid,
    /// PORT-3: until the password is changed, only changing it or signing out is allowed.
    pub must_change: bool,
}

/// Why a portal session ended, as kept in the database.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionEnd {
    SignedOut,
    SignedOutEverywhere,
    PasswordChanged,
    AccessRemoved,
    Idle,
    Expired,
}

impl SessionEnd {
    pub fn text(self) -> &'static str {
        match self {
            SessionEnd::SignedOut => "signed out",
            SessionEnd::SignedOutEverywhere => "signed out everywhere",
            SessionEnd::PasswordChanged => "password changed",
            SessionEnd::AccessRemoved => "access removed",
            SessionEnd::Idle => "idle",
            SessionEnd::Expired => "expired",
        }
    }
}

/// How stale a session's `last_seen` may get before a request writes it again.
pub const TOUCH_EVERY: Duration = Duration::from_secs(30);

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

impl Remote {
    /// Starts a session for `contact` (the id's digest only), lasting at most `absolute`,
    /// and notes the sign-in.
    pub async fn portal_session_start(
        &self,
        ws: Uuid,
        digest: &str,
        contact: Uuid,
        must_change: bool,
        absolute: Duration,
    ) -> Result<(), RemoteError> {
        let mut tx = self.pool().begin().await.map_err(|e| self.db_err(e))?;
        sqlx::query(
            "INSERT INTO trellis_portal_sessions (id_digest, workspace_id, contact, must_change, expires_at)
             VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))",
        )
        .bind(digest)
        .bind(ws)
        .bind(contact)
        .bind(must_change)
        .bind(secs(absolute))
        .execute(&mut *tx)
        .await
        .map_err(|e| self.db_err(e))?;
        sqlx::query(
            "INSERT INTO trellis_portal_sign_ins (workspace_id, contact, last_at) VALUES ($1, $2, now())
             ON CONFLICT (workspace_id, contact) DO UPDATE SET last_at = excluded.last_at",
        )
        .bind(ws)
        .bind(contact)
        .execute(&mut *tx)
        .await
        .map_err(|e| self.db_err(e))?;
        tx.commit().await.map_err(|e| self.db_err(e))
    }

    /// The live session behind `digest`, touched (its idle clock starts again); `None`
    /// when unknown, ended, idle longer than `idle`, or past its absolute end — a timed-out
    /// session is marked ended then, so it never comes back.
    ///
    /// Every portal request asks this, so the touch is written only when the last one is
    /// older than `TOUCH_EVERY`: most checks are a read, with no row version and no WAL
    /// flush to wait for. The idle clock is then up to that much early, never late.
    pub async fn portal_session_check(
        &self,
        ws: Uuid,
        digest: &str,
        idle: Duration,
    ) -> Result<Option<PortalSessionRow>, RemoteError> {
        let row = sqlx::query(
            "WITH live AS (
                SELECT contact, must_change, last_seen FROM trellis_portal_sessions
                WHERE id_digest = $1 AND workspace_id = $2 AND ended_at IS NULL
                  AND expires_at > now() AND last_seen > now() - make_interval(secs => $3)
             ), touched AS (
                UPDATE trellis_portal_sessions SET last_seen = now()
                WHERE id_digest = $1 AND workspace_id = $2
                  AND EXISTS (SELECT 1 FROM live WHERE last_seen < now() - make_interval(secs => $4))
             )
             SELECT contact, must_change FROM live",
        )
        .bind(digest)
        .bind(ws)
        .bind(secs(idle))
        .bind(secs(TOUCH_EVERY.min(idle / 4)))
        .fetch_optional(self.pool())
        .await
        .map_err(|e| self.db_err(e))?;
        if let Some(r) = row {
            return Ok(Some(PortalSessionRow { contact: r.get("contact"), must_change: r.get("must_change") }));
        }
        sqlx::query(
            "UPDATE trellis_portal_sessions
             SET ended_at = now(), ended_why = CASE WHEN expires_at <= now() THEN $3 ELSE $4 END
             WHERE id_digest = $1 AND workspace_id = $2 AND ended_at IS NULL",
        )
        .bind(digest)
        .bind(ws)
        .bind(SessionEnd::Expired.text())
        .bind(SessionEnd::Idle.text())
        .execute(self.pool())
        .await
        .map_err(|e| self.db_err(e))?;
        Ok(None)
    }

    /// Ends one session.
    pub async fn portal_session_end(&self, ws: Uuid, digest: &str, why: SessionEnd) -> Result<(), RemoteError> {
        sqlx::query(
            "UPDATE trellis_portal_sessions SET ended_at = now(), ended_why = $3
             WHERE id_digest = $1 AND workspace_id = $2 AND ended_at IS NULL",
        )
        .bind(digest)
        .bind(ws)
        .bind(why.text())
        .execute(self.pool())
        .await
        .map_err(|e| self.db_err(e))?;
        Ok(())
    }

    /// Ends every live session of `contact` (sign out everywhere, a password change, a
    /// revocation); how many ended.
    pub async fn portal_sessions_end_for(&self, ws: Uuid, contact: Uuid, why: SessionEnd) -> Result<u64, RemoteError> {
        let done = sqlx::query(
            "UPDATE trellis_portal_sessions SET ended_at = now(), ended_why = $3
             WHERE workspace_id = $1 AND contact = $2 AND ended_at IS NULL",
        )
        .bind(ws)
        .bind(contact)
        .bind(why.text())
        .execute(self.pool())
        .await
        .map_err(|e| self.db_err(e))?;
        Ok(done.rows_affected())
    }

    /// Live sessions of `contact` (tests, and "signed in on N devices").
    pub async fn portal_live_sessions(&self, ws: Uuid, contact: Uuid) -> Result<u64, RemoteError> {
        let n: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM trellis_portal_sessions
             WHERE workspace_id = $1 AND contact = $2 AND ended_at IS NULL AND expires_at > now()",
        )
        .bind(ws)
        .bind(contact)
        .fetch_one(self.pool())
        .await
        .map_err(|e| self.db_err(e))?;
        Ok(n as u64)
    }

    /// Whether sign-ins to `email` are locked now.
    pub async fn portal_locked(&self, ws: Uuid, email: &str) -> Result<bool, RemoteError> {
        let locked: Option<bool> = sqlx::query_scalar(
            "SELECT locked_until > now() FROM trellis_portal_lockouts WHERE workspace_id = $1 AND email = $2",
        )
        .bind(ws)
        .bind(email)
        .fetch_optional(self.pool())
        .await
        .map_err(|e| self.db_err(e))?
        .flatten();
        Ok(locked.unwrap_or(false))
    }

    /// Counts a failed sign-in to `email`; the `max`th in a row locks it for `lock`. After
    /// a lock runs out the count starts again. Whether it is locked now.
    pub async fn portal_failed(&self, ws: Uuid, email: &str, max: u32, lock: Duration) -> Result<bool, RemoteError> {
        let locked: Option<bool> = sqlx::query_scalar(
            "INSERT INTO trellis_portal_lockouts AS l (workspace_id, email, failures, locked_until)
             VALUES ($1, $2, 1, CASE WHEN 1 >= $3 THEN now() + make_interval(secs => $4) END)
             ON CONFLICT (workspace_id, email) DO UPDATE SET
               failures = CASE WHEN l.locked_until <= now() THEN 1 ELSE l.failures + 1 END,
               locked_until = CASE
                 WHEN l.locked_until > now() THEN l.locked_until
                 WHEN (CASE WHEN l.locked_until <= now() THEN 1 ELSE l.failures + 1 END) >= $3
                   THEN now() + make_interval(secs => $4)
               END
             RETURNING locked_until > now()",
        )
        .bind(ws)
        .bind(email)
        .bind(max as i32)
        .bind(secs(lock))
        .fetch_one(self.pool())
        .await
        .map_err(|e| self.db_err(e))?;
        Ok(locked.unwrap_or(false))
    }

    /// A successful sign-in: the count starts again.
    pub async fn portal_succeeded(&self, ws: Uuid, email: &str) -> Result<(), RemoteError> {
        sqlx::query("DELETE FROM trellis_portal_lockouts WHERE workspace_id = $1 AND email = $2")
            .bind(ws)
            .bind(email)
            .execute(self.pool())
            .await
            .map_err(|e| self.db_err(e))?;
        Ok(())
    }

    /// Spends the invitation link whose code has `digest`: true the first time only, on
    /// every portal process (PORT-1).
    pub async fn portal_spend_invitation(&self, ws: Uuid, digest: &str) -> Result<bool, RemoteError> {
        let done = sqlx::query(
            "INSERT INTO trellis_portal_spent_invitations (workspace_id, digest) VALUES ($1, $2)
             ON CONFLICT DO NOTHING",
        )
        .bind(ws)
        .bind(digest)
        .execute(self.pool())
        .await
        .map_err(|e| self.db_err(e))?;
        Ok(done.rows_affected() == 1)
    }

    /// When each partner user last signed in to the portal (Unix milliseconds).
    pub async fn portal_last_sign_ins(&self, ws: Uuid) -> Result<Vec<(Uuid, i64)>, RemoteError> {
        let rows = sqlx::query(
            "SELECT contact, (extract(epoch FROM last_at) * 1000)::bigint AS at
             FROM trellis_portal_sign_ins WHERE workspace_id = $1",
        )
        .bind(ws)
        .fetch_all(self.pool())
        .await
        .map_err(|e| self.db_err(e))?;
        Ok(rows.iter().map(|r| (r.get("contact"), r.get("at"))).collect())
    }
}
