//! REL-2: what can still be read from a damaged workspace file — its own changes that never
//! reached the shared log, and which shared workspace it followed — so a desktop can rejoin
//! and keep them. Opened read-only; every read that fails is counted, never fatal: a file
//! that cannot be read at all salvages nothing, and says why.

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Row};
use std::path::Path;
use trellis_core::sync::Envelope;
use uuid::Uuid;

#[derive(Debug, Default)]
pub struct Salvaged {
    /// The shared workspace the file followed, if that could be read.
    pub workspace: Option<Uuid>,
    /// Its own changes not yet in the shared log, in the order they were made.
    pub envelopes: Vec<Envelope>,
    /// Rows that were there but could not be read back.
    pub unreadable: usize,
    /// Why the reading stopped early, if it did.
    pub problem: Option<String>,
}

pub async fn salvage(path: &Path) -> Salvaged {
    let mut out = Salvaged::default();
    let options = SqliteConnectOptions::new().filename(path).read_only(true);
    let mut conn = match options.connect().await {
        Ok(c) => c,
        Err(e) => {
            out.problem = Some(format!("the file cannot be opened: {e}"));
            return out;
        }
    };
    match sqlx::query("SELECT workspace_id FROM sync_remote WHERE id = 1").fetch_optional(&mut conn).await {
        Ok(row) => {
            out.workspace =
                row.and_then(|r| r.try_get::<Option<String>, _>(0).ok().flatten()).and_then(|w| w.parse().ok())
        }
        Err(e) => out.problem = Some(format!("which workspace it followed cannot be read: {e}")),
    }
    // Row by row, so the rows before a damaged page are kept.
    let mut after = i64::MIN;
    loop {
        let row = sqlx::query("SELECT pos, envelope FROM sync_pending WHERE pos > ? ORDER BY pos LIMIT 1")
            .bind(after)
            .fetch_optional(&mut conn)
            .await;
        match row {
            Ok(Some(row)) => {
                after = row.try_get::<i64, _>(0).unwrap_or(i64::MAX);
                match row.try_get::<String, _>(1).ok().and_then(|text| serde_json::from_str::<Envelope>(&text).ok()) {
                    Some(e) => out.envelopes.push(e),
                    None => out.unreadable += 1,
                }
                if after == i64::MAX {
                    break;
                }
            }
            Ok(None) => break,
            Err(e) => {
                out.problem = Some(format!("its unsent changes could be read only up to a damaged part: {e}"));
                break;
            }
        }
    }
    out
}
