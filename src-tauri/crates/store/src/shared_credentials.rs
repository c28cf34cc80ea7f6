//! Password hashes and the shared database (sign in anywhere): which ones this desktop
//! still has to send, and taking in the ones others sent. Never journaled.

use crate::store::{Store, StoreError};
use sqlx::Row;
use trellis_core::sync::CredentialKind;
use trellis_core::Millis;
use uuid::Uuid;

/// A password hash as it travels. `Debug` never shows the hash.
#[derive(Clone, PartialEq, Eq)]
pub struct CredentialOut {
    pub kind: CredentialKind,
    pub subject: Uuid,
    pub phc: String,
    pub must_change: bool,
}

impl std::fmt::Debug for CredentialOut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CredentialOut({:?} {} [redacted])", self.kind, self.subject)
    }
}

fn table(kind: CredentialKind) -> (&'static str, &'static str) {
    match kind {
        CredentialKind::Member => ("credentials", "member_id"),
        CredentialKind::Contact => ("partner_credentials", "contact_id"),
    }
}

impl Store {
    /// Hashes set or changed here and not yet sent.
    pub async fn credentials_to_share(&self) -> Result<Vec<CredentialOut>, StoreError> {
        let mut out = Vec::new();
        for kind in [CredentialKind::Member, CredentialKind::Contact] {
            let (t, id) = table(kind);
            let sql = format!("SELECT {id} AS subject, phc, must_change FROM {t} WHERE shared = 0");
            for r in sqlx::query(&sql).fetch_all(self.pool()).await? {
                out.push(CredentialOut {
                    kind,
                    subject: Uuid::parse_str(r.get("subject")).map_err(|e| StoreError::Corrupt(e.to_string()))?,
                    phc: r.get("phc"),
                    must_change: r.get("must_change"),
                });
            }
        }
        Ok(out)
    }

    /// The shared database took `sent`: marks each as shared unless it changed meanwhile.
    pub async fn credentials_sent(&self, sent: &[CredentialOut]) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        for c in sent {
            let (t, id) = table(c.kind);
            let sql = format!("UPDATE {t} SET shared = 1 WHERE {id} = ? AND phc = ? AND must_change = ?");
            sqlx::query(&sql).bind(c.subject.to_string()).bind(&c.phc).bind(c.must_change).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Takes in hashes others sent (already checked), up to position `head`. A new
    /// password clears this desktop's failed attempts and lock, as a change here would;
    /// a change made here and not yet sent wins (it is sent next, so it is newer).
    pub async fn credentials_take(&self, list: &[CredentialOut], head: u64, at: Millis) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        for c in list {
            let sql = match c.kind {
                CredentialKind::Member => {
                    "INSERT INTO credentials (member_id, phc, must_change, failed_attempts, locked_until, updated_at, shared)
                     SELECT ?1, ?2, ?3, 0, NULL, ?4, 1 WHERE EXISTS (SELECT 1 FROM members WHERE id = ?1)
                     ON CONFLICT (member_id) DO UPDATE SET phc = excluded.phc, must_change = excluded.must_change,
                       failed_attempts = 0, locked_until = NULL, updated_at = excluded.updated_at, shared = 1
                     WHERE credentials.shared = 1"
                }
                CredentialKind::Contact => {
                    "INSERT INTO partner_credentials (contact_id, phc, must_change, updated_at, shared)
                     SELECT ?1, ?2, ?3, ?4, 1 WHERE EXISTS (SELECT 1 FROM contacts WHERE id = ?1)
                     ON CONFLICT (contact_id) DO UPDATE SET phc = excluded.phc, must_change = excluded.must_change,
                       updated_at = excluded.updated_at, shared = 1
                     WHERE partner_credentials.shared = 1"
                }
            };
            sqlx::query(sql)
                .bind(c.subject.to_string())
                .bind(&c.phc)
                .bind(c.must_change)
                .bind(at)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("UPDATE sync_remote SET credentials_head = ? WHERE id = 1")
            .bind(head as i64)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn credentials_head(&self) -> Result<u64, StoreError> {
        let head: Option<i64> = sqlx::query_scalar("SELECT credentials_head FROM sync_remote WHERE id = 1")
            .fetch_optional(self.pool())
            .await?;
        Ok(head.unwrap_or(0) as u64)
    }
}
