//! PREV-5: the previews open now. Opening and ending one each write their audit entry in
//! the same transaction as this table, so a preview left open when Trellis stopped (quit,
//! crash, power cut) is found at the next start and closed in the audit log.

use crate::store::{write_event, SecurityEvent, Store, StoreError};
use sqlx::Row;
use trellis_core::{ContactId, MemberId, Millis};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenPreview {
    pub label: String,
    pub manager: MemberId,
    pub contact: ContactId,
    /// "partner user (account)", as the start's audit entry named them.
    pub target: String,
    pub started_at: Millis,
    /// The process that opened it (its owner lock's name); empty in rows from before.
    pub owner: String,
}

impl Store {
    /// Records a preview's start and its audit entry, together.
    pub async fn preview_opened(&self, row: &OpenPreview, entry: SecurityEvent<'_>) -> Result<i64, StoreError> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO open_previews (label, manager, contact, target, started_at, owner) VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(&row.label)
        .bind(row.manager.to_string())
        .bind(row.contact.to_string())
        .bind(&row.target)
        .bind(row.started_at)
        .bind(&row.owner)
        .execute(&mut *tx)
        .await?;
        let seq = write_event(&mut tx, entry).await?;
        tx.commit().await?;
        Ok(seq)
    }

    /// Records a preview's end and its audit entry, together. `false` when it was not open
    /// (already ended): nothing is written.
    pub async fn preview_closed(&self, label: &str, entry: SecurityEvent<'_>) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let gone = sqlx::query("DELETE FROM open_previews WHERE label = ?").bind(label).execute(&mut *tx).await?;
        if gone.rows_affected() == 0 {
            return Ok(false);
        }
        write_event(&mut tx, entry).await?;
        tx.commit().await?;
        Ok(true)
    }

    pub async fn open_previews(&self) -> Result<Vec<OpenPreview>, StoreError> {
        let rows = sqlx::query(
            "SELECT label, manager, contact, target, started_at, owner FROM open_previews ORDER BY started_at",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let id = |col: &str| {
                    uuid::Uuid::parse_str(r.get::<&str, _>(col))
                        .map_err(|e| StoreError::Corrupt(format!("open_previews.{col}: {e}")))
                };
                Ok(OpenPreview {
                    label: r.get("label"),
                    manager: MemberId(id("manager")?),
                    contact: ContactId(id("contact")?),
                    target: r.get("target"),
                    started_at: r.get("started_at"),
                    owner: r.get("owner"),
                })
            })
            .collect()
    }
}
