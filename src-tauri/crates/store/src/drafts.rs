//! Drafts on disk (DRAFT-1): each draft is one row, rewritten whole with every edit in the
//! same transaction as its journal row, so a draft and its audit trail never disagree.

use crate::store::{write_commit, write_event, Commit, SecurityEvent, Store, StoreError};
use crate::CredentialWrite;
use trellis_core::draft::{Draft, DraftStatus};
use trellis_core::{Actor, Event, Millis, Op};

fn status(s: DraftStatus) -> &'static str {
    match s {
        DraftStatus::Editing => "editing",
        DraftStatus::Published => "published",
        DraftStatus::Discarded => "discarded",
    }
}

async fn upsert(tx: &mut sqlx::SqliteConnection, draft: &Draft) -> Result<(), StoreError> {
    let body = serde_json::to_string(draft).map_err(|e| StoreError::Corrupt(format!("draft: {e}")))?;
    sqlx::query(
        "INSERT INTO drafts (id, name, status, updated_at, body) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, status = excluded.status,
           updated_at = excluded.updated_at, body = excluded.body",
    )
    .bind(draft.id.to_string())
    .bind(&draft.name)
    .bind(status(draft.status))
    .bind(draft.updated_at)
    .bind(body)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// A published draft's op as the journal and the shared log take it.
pub struct Publishing<'a> {
    pub actor: &'a Actor,
    pub actor_label: &'a str,
    pub at: Millis,
    pub op: &'a Op,
    pub events: &'a [Event],
    pub pending: Option<&'a trellis_core::sync::Pending>,
}

impl Store {
    /// Every draft, most recently changed first.
    pub async fn drafts(&self) -> Result<Vec<Draft>, StoreError> {
        let rows: Vec<String> =
            sqlx::query_scalar("SELECT body FROM drafts ORDER BY updated_at DESC, id").fetch_all(self.pool()).await?;
        rows.iter().map(|b| serde_json::from_str(b).map_err(|e| StoreError::Corrupt(format!("draft: {e}")))).collect()
    }

    /// Saves a draft, with its journal row (creation, approval, discard…) when given.
    pub async fn save_draft(&self, draft: &Draft, entry: Option<SecurityEvent<'_>>) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        upsert(&mut tx, draft).await?;
        if let Some(entry) = entry {
            write_event(&mut tx, entry).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Publishes: the draft's op (events, journal row, place in the shared log's queue)
    /// and the draft marked published, with the journal position, in one transaction.
    pub async fn publish_draft(&self, draft: &mut Draft, p: Publishing<'_>) -> Result<i64, StoreError> {
        let mut tx = self.begin_write().await?;
        let no_credentials: &[CredentialWrite] = &[];
        let commit = Commit {
            actor: p.actor,
            actor_label: p.actor_label,
            at: p.at,
            op: p.op,
            events: p.events,
            credentials: no_credentials,
            extra_changes: Vec::new(),
            pending: p.pending,
        };
        let (seq, backlogged) = write_commit(&mut tx, commit).await?;
        draft.published_seq = Some(seq);
        upsert(&mut tx, draft).await?;
        tx.commit().await?;
        if backlogged {
            self.drain_soon();
        }
        Ok(seq)
    }

    /// The journal's last position (a draft's base).
    pub async fn journal_head(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM journal").fetch_one(self.pool()).await?)
    }
}
