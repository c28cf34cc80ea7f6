//! Credential rows: password hashes and sign-in state. Kept out of `State`, events and
//! the journal's op text: journal rows about credentials carry redacted changes only.

use sqlx::{Row, SqliteConnection};
use trellis_core::{ContactId, MemberId, Millis};

/// A member's stored credential. `Debug` never shows the hash.
#[derive(Clone)]
pub struct CredentialRow {
    pub phc: String,
    pub must_change: bool,
    pub failed_attempts: u32,
    pub locked_until: Option<Millis>,
}

impl std::fmt::Debug for CredentialRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CredentialRow")
            .field("phc", &"[redacted]")
            .field("must_change", &self.must_change)
            .field("failed_attempts", &self.failed_attempts)
            .field("locked_until", &self.locked_until)
            .finish()
    }
}

/// A change to credential or session rows, written in the same transaction as its
/// journal entry.
pub enum CredentialWrite {
    /// A new password: clears failures and any lock.
    Password {
        member: MemberId,
        phc: String,
        must_change: bool,
        at: Millis,
    },
    Attempts {
        member: MemberId,
        failed_attempts: u32,
        locked_until: Option<Millis>,
    },
    MustChange {
        member: MemberId,
        must_change: bool,
    },
    Session {
        digest: String,
        member: MemberId,
        created_at: Millis,
        expires_at: Millis,
    },
    EndSession {
        digest: String,
    },
    /// PU-3/PU-5: a partner user's password.
    PartnerPassword {
        contact: ContactId,
        phc: String,
        must_change: bool,
        at: Millis,
    },
    /// PU-4 for a partner user.
    PartnerMustChange {
        contact: ContactId,
        must_change: bool,
    },
    /// MAIL-2: a message queued for sending (a code in it only sealed).
    Mail(Box<trellis_core::mail::QueuedMail>),
    /// SEC-4: an invitation's code (its digest), replacing any earlier one.
    Invitation {
        member: MemberId,
        digest: String,
        created_at: Millis,
        expires_at: Millis,
    },
    /// The invitation was used or revoked: its code no longer works.
    EndInvitation {
        member: MemberId,
    },
    /// Issue 19: a member's emailed reset link (its digest); a new one replaces the old.
    MemberReset {
        member: MemberId,
        digest: String,
        created_at: Millis,
        expires_at: Millis,
    },
    /// The reset link was used: it no longer works.
    EndMemberReset {
        member: MemberId,
    },
    /// Every session this member kept on this desktop ends (a password reset).
    EndMemberSessions {
        member: MemberId,
    },
}

pub async fn write(conn: &mut SqliteConnection, writes: &[CredentialWrite]) -> Result<(), sqlx::Error> {
    for w in writes {
        match w {
            CredentialWrite::Password { member, phc, must_change, at } => {
                sqlx::query(
                    "INSERT INTO credentials (member_id, phc, must_change, failed_attempts, locked_until, updated_at)
                     VALUES (?, ?, ?, 0, NULL, ?)
                     ON CONFLICT (member_id) DO UPDATE SET phc = excluded.phc, must_change = excluded.must_change,
                       failed_attempts = 0, locked_until = NULL, updated_at = excluded.updated_at, shared = 0",
                )
                .bind(member.to_string())
                .bind(phc)
                .bind(*must_change)
                .bind(at)
                .execute(&mut *conn)
                .await?;
            }
            CredentialWrite::Attempts { member, failed_attempts, locked_until } => {
                sqlx::query("UPDATE credentials SET failed_attempts = ?, locked_until = ? WHERE member_id = ?")
                    .bind(*failed_attempts as i64)
                    .bind(locked_until)
                    .bind(member.to_string())
                    .execute(&mut *conn)
                    .await?;
            }
            CredentialWrite::MustChange { member, must_change } => {
                sqlx::query("UPDATE credentials SET must_change = ?, shared = 0 WHERE member_id = ?")
                    .bind(*must_change)
                    .bind(member.to_string())
                    .execute(&mut *conn)
                    .await?;
            }
            CredentialWrite::Session { digest, member, created_at, expires_at } => {
                sqlx::query(
                    "INSERT INTO sessions (token_digest, member_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
                )
                .bind(digest)
                .bind(member.to_string())
                .bind(created_at)
                .bind(expires_at)
                .execute(&mut *conn)
                .await?;
            }
            CredentialWrite::Invitation { member, digest, created_at, expires_at } => {
                put_code(conn, "invitations", *member, digest, *created_at, *expires_at).await?;
            }
            CredentialWrite::EndInvitation { member } => delete_for(conn, "invitations", *member).await?,
            CredentialWrite::MemberReset { member, digest, created_at, expires_at } => {
                put_code(conn, "member_resets", *member, digest, *created_at, *expires_at).await?;
            }
            CredentialWrite::EndMemberReset { member } => delete_for(conn, "member_resets", *member).await?,
            CredentialWrite::EndMemberSessions { member } => delete_for(conn, "sessions", *member).await?,
            CredentialWrite::EndSession { digest } => {
                sqlx::query("DELETE FROM sessions WHERE token_digest = ?").bind(digest).execute(&mut *conn).await?;
            }
            CredentialWrite::PartnerPassword { contact, phc, must_change, at } => {
                sqlx::query(
                    "INSERT INTO partner_credentials (contact_id, phc, must_change, updated_at) VALUES (?, ?, ?, ?)
                     ON CONFLICT (contact_id) DO UPDATE SET phc = excluded.phc, must_change = excluded.must_change,
                       updated_at = excluded.updated_at, shared = 0",
                )
                .bind(contact.to_string())
                .bind(phc)
                .bind(*must_change)
                .bind(at)
                .execute(&mut *conn)
                .await?;
            }
            CredentialWrite::PartnerMustChange { contact, must_change } => {
                sqlx::query("UPDATE partner_credentials SET must_change = ?, shared = 0 WHERE contact_id = ?")
                    .bind(*must_change)
                    .bind(contact.to_string())
                    .execute(&mut *conn)
                    .await?;
            }
            CredentialWrite::Mail(m) => crate::mail_queue::insert(conn, m).await?,
        }
    }
    Ok(())
}

pub async fn read(conn: &mut SqliteConnection, member: MemberId) -> Result<Option<CredentialRow>, sqlx::Error> {
    let row =
        sqlx::query("SELECT phc, must_change, failed_attempts, locked_until FROM credentials WHERE member_id = ?")
            .bind(member.to_string())
            .fetch_optional(conn)
            .await?;
    Ok(row.map(|r| CredentialRow {
        phc: r.get("phc"),
        must_change: r.get("must_change"),
        failed_attempts: r.get::<i64, _>("failed_attempts") as u32,
        locked_until: r.get("locked_until"),
    }))
}

/// The member a live remembered session belongs to.
pub async fn session_member(
    conn: &mut SqliteConnection,
    digest: &str,
    now: Millis,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT member_id FROM sessions WHERE token_digest = ? AND expires_at > ?")
        .bind(digest)
        .bind(now)
        .fetch_optional(conn)
        .await
}

/// A partner user's password state: whether one is set, and PU-4's flag.
pub async fn partner_state(conn: &mut SqliteConnection, contact: ContactId) -> Result<Option<bool>, sqlx::Error> {
    sqlx::query_scalar("SELECT must_change FROM partner_credentials WHERE contact_id = ?")
        .bind(contact.to_string())
        .fetch_optional(conn)
        .await
}

/// A partner user's hash and PU-4's flag (PORT-1: the portal server verifies it).
pub async fn partner_hash(
    conn: &mut SqliteConnection,
    contact: ContactId,
) -> Result<Option<(String, bool)>, sqlx::Error> {
    let row = sqlx::query("SELECT phc, must_change FROM partner_credentials WHERE contact_id = ?")
        .bind(contact.to_string())
        .fetch_optional(conn)
        .await?;
    Ok(row.map(|r| (r.get("phc"), r.get("must_change"))))
}

/// SEC-4: the member an invitation code (by digest) is for, and when it expires.
pub async fn invitation(conn: &mut SqliteConnection, digest: &str) -> Result<Option<(MemberId, Millis)>, sqlx::Error> {
    by_digest(conn, "SELECT member_id, expires_at FROM invitations WHERE code_digest = ?", digest).await
}

/// Issue 19: whose reset link has this digest, and when it expires.
pub async fn member_reset(
    conn: &mut SqliteConnection,
    digest: &str,
) -> Result<Option<(MemberId, Millis)>, sqlx::Error> {
    by_digest(conn, "SELECT member_id, expires_at FROM member_resets WHERE code_digest = ?", digest).await
}

/// A member's one-time code (an invitation, a reset link) in `table`, by its digest; a
/// new one replaces the one before.
async fn put_code(
    conn: &mut SqliteConnection,
    table: &'static str,
    member: MemberId,
    digest: &str,
    created_at: Millis,
    expires_at: Millis,
) -> Result<(), sqlx::Error> {
    sqlx::query(&format!(
        "INSERT INTO {table} (member_id, code_digest, created_at, expires_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (member_id) DO UPDATE SET code_digest = excluded.code_digest,
           created_at = excluded.created_at, expires_at = excluded.expires_at"
    ))
    .bind(member.to_string())
    .bind(digest)
    .bind(created_at)
    .bind(expires_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Every row of `member` in `table` (their code, their sessions) goes.
async fn delete_for(conn: &mut SqliteConnection, table: &'static str, member: MemberId) -> Result<(), sqlx::Error> {
    sqlx::query(&format!("DELETE FROM {table} WHERE member_id = ?"))
        .bind(member.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

async fn by_digest(
    conn: &mut SqliteConnection,
    sql: &'static str,
    digest: &str,
) -> Result<Option<(MemberId, Millis)>, sqlx::Error> {
    let row = sqlx::query(sql).bind(digest).fetch_optional(&mut *conn).await?;
    Ok(row.and_then(|r| {
        let id = uuid::Uuid::parse_str(r.get::<&str, _>("member_id")).ok()?;
        Some((MemberId(id), r.get("expires_at")))
    }))
}
