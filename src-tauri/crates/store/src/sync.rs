//! The sync bookkeeping of the working copy: where the shared database is, how far this
//! file follows its log, own changes waiting for it, own changes parked. An integration
//! (undo own, apply others', redo own) is written in one transaction with its journal rows.

use crate::journal;
use crate::store::{Store, StoreError};
use crate::{persist, revert};
use sqlx::{Row, SqliteConnection};
use trellis_core::chain::JournalRow;
use trellis_core::sync::{Genesis, Integration, ParkReason, Parked, Pending, Verdict};
use trellis_core::{Actor, Millis, Op, OpId};
use uuid::Uuid;

/// The `sync_remote` row.
#[derive(Clone, Debug)]
pub struct SyncRow {
    pub config: String,
    pub workspace: Option<Uuid>,
    pub head: u64,
    pub genesis: Genesis,
    pub last_sync_at: Option<Millis>,
    pub last_error: Option<String>,
    pub offline_since: Option<Millis>,
}

fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what}: {e}"))
}

fn json<T: serde::Serialize>(v: &T) -> Result<String, StoreError> {
    serde_json::to_string(v).map_err(|e| corrupt("sync json", e))
}

/// The journal changes of `pending`'s events, in order, as one JSON array.
fn own_changes<'a>(pending: impl Iterator<Item = &'a Pending>) -> String {
    let mut out = String::from("[");
    for p in pending {
        let r = journal::record(&p.envelope.op, &p.events, &[]);
        let inner = &r.changes[1..r.changes.len() - 1];
        if !inner.is_empty() {
            if out.len() > 1 {
                out.push(',');
            }
            out.push_str(inner);
        }
    }
    out.push(']');
    out
}

/// Inserts one journal row inside a transaction.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn journal_row(
    conn: &mut SqliteConnection,
    tail: &mut crate::chain::Tail,
    at: Millis,
    actor: &Actor,
    label: &str,
    action: &str,
    target: &str,
    op: Option<&Op>,
    changes: &str,
) -> Result<i64, StoreError> {
    let op = match op {
        Some(op) => json(op)?,
        None => "null".to_owned(),
    };
    let actor = json(actor)?;
    let row = JournalRow { seq: 0, at, actor: &actor, actor_label: label, action, target, op: &op, changes };
    crate::chain::append(conn, tail, row).await
}

impl Store {
    pub async fn sync_row(&self) -> Result<Option<SyncRow>, StoreError> {
        let row = sqlx::query("SELECT * FROM sync_remote WHERE id = 1").fetch_optional(self.pool()).await?;
        row.map(|r| {
            let ws: Option<String> = r.get("workspace_id");
            Ok(SyncRow {
                config: r.get("config"),
                workspace: ws.map(|w| Uuid::parse_str(&w).map_err(|e| corrupt("workspace id", e))).transpose()?,
                head: r.get::<i64, _>("head") as u64,
                genesis: Genesis { head: r.get::<i64, _>("genesis_head") as u64, login: r.get("genesis_login") },
                last_sync_at: r.get("last_sync_at"),
                last_error: r.get("last_error"),
                offline_since: r.get("offline_since"),
            })
        })
        .transpose()
    }

    /// Saves where the shared database is (never the password).
    pub async fn sync_save_config(&self, config: &str) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO sync_remote (id, config) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET config = excluded.config")
            .bind(config)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// This file now follows shared workspace `ws` from `head`.
    pub async fn sync_follow(&self, ws: Uuid, genesis: &Genesis, head: u64) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE sync_remote SET workspace_id = ?, genesis_head = ?, genesis_login = ?, head = ? WHERE id = 1",
        )
        .bind(ws.to_string())
        .bind(genesis.head as i64)
        .bind(&genesis.login)
        .bind(head as i64)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    pub async fn sync_note(
        &self,
        at: Millis,
        error: Option<&str>,
        offline_since: Option<Millis>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE sync_remote SET last_sync_at = CASE WHEN ?2 IS NULL THEN ?1 ELSE last_sync_at END, last_error = ?2, offline_since = ?3 WHERE id = 1",
        )
        .bind(at)
        .bind(error)
        .bind(offline_since)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    pub async fn sync_pending(&self) -> Result<Vec<Pending>, StoreError> {
        let rows = sqlx::query("SELECT envelope, events FROM sync_pending ORDER BY pos").fetch_all(self.pool()).await?;
        rows.iter()
            .map(|r| {
                Ok(Pending {
                    envelope: serde_json::from_str(r.get("envelope")).map_err(|e| corrupt("pending envelope", e))?,
                    events: serde_json::from_str(r.get("events")).map_err(|e| corrupt("pending events", e))?,
                })
            })
            .collect()
    }

    pub async fn sync_parked(&self) -> Result<Vec<Parked>, StoreError> {
        let rows = sqlx::query("SELECT envelope, events, reason FROM sync_parked ORDER BY parked_at, op_id")
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|r| {
                Ok(Parked {
                    envelope: serde_json::from_str(r.get("envelope")).map_err(|e| corrupt("parked envelope", e))?,
                    events: serde_json::from_str(r.get("events")).map_err(|e| corrupt("parked events", e))?,
                    reason: serde_json::from_str(r.get("reason")).map_err(|e| corrupt("parked reason", e))?,
                })
            })
            .collect()
    }

    /// Writes an integration: own pending changes undone, each log row applied (with a
    /// journal row: the change, or its refusal), own changes redone, the pending list and
    /// the parked ones replaced (each set aside journaled, with what it queued held), the
    /// head moved — one transaction. `labels` name each row's actor, `parked_labels` each
    /// parked change's.
    pub async fn sync_integrate(
        &self,
        integration: &Integration,
        labels: &[String],
        parked_labels: &[String],
        at: Millis,
        head: u64,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        sqlx::query("PRAGMA defer_foreign_keys = ON").execute(&mut *tx).await?;
        let mut backlogged = false;
        // The journal's chain head, read once and carried through this transaction.
        let mut tail = crate::chain::Tail::default();
        for p in integration.undone.iter().rev() {
            backlogged |= revert::revert(&mut tx, &p.events).await?;
        }
        // RPT-5: when own changes come off for others' to go under them, the journal says
        // so (and says when they go back on), so replaying its changes passes through
        // every state this file held (`core::history`).
        let others_moved =
            !integration.rows.is_empty() || !integration.parked.is_empty() || !integration.merged.is_empty();
        let moved = !integration.undone.is_empty() && others_moved;
        if moved {
            let n = integration.undone.len();
            let what = format!("{n} unsent change{} taken off while others' arrived", if n == 1 { "" } else { "s" });
            let changes = own_changes(integration.undone.iter());
            journal_row(&mut tx, &mut tail, at, &Actor::Bootstrap, "sync", "sync.undo_own", &what, None, &changes)
                .await?;
        }
        for (i, (row, verdict)) in integration.rows.iter().enumerate() {
            let e = &row.envelope;
            let own = integration.acked.contains(&e.id);
            let label = labels.get(i).map_or("", String::as_str);
            match verdict {
                Verdict::Applied(events) => {
                    backlogged |= persist::write(&mut tx, events).await?;
                    if !own {
                        let r = journal::record(&e.op, events, &[]);
                        journal_row(
                            &mut tx,
                            &mut tail,
                            e.at,
                            &e.actor,
                            label,
                            e.op.action(),
                            &r.target,
                            Some(&e.op),
                            &r.changes,
                        )
                        .await?;
                    } else if moved {
                        // Already journaled when made; taken off above, it goes back here.
                        let r = journal::record(&e.op, events, &[]);
                        let what = format!("sent earlier, back in its place in the log: {}", r.target);
                        journal_row(
                            &mut tx,
                            &mut tail,
                            at,
                            &Actor::Bootstrap,
                            "sync",
                            "sync.redo_own",
                            &what,
                            None,
                            &r.changes,
                        )
                        .await?;
                    }
                }
                Verdict::Skipped(error) => {
                    // Named by what is known for sure: the database login that appended it
                    // (a forged row's claimed actor is exactly what is not proven), and
                    // what it was, unless it could not even be read.
                    let what = if e.is_unreadable() { "an unreadable row" } else { e.op.action() };
                    let target = format!("{what} · {}", error.message);
                    let by = format!("database login {}", row.login);
                    journal_row(&mut tx, &mut tail, at, &Actor::Bootstrap, &by, "sync.refused", &target, None, "[]")
                        .await?;
                }
            }
        }
        for p in &integration.redone {
            backlogged |= persist::write(&mut tx, &p.events).await?;
        }
        if moved && !integration.redone.is_empty() {
            let n = integration.redone.len();
            let what = format!("{n} unsent change{} put back on top", if n == 1 { "" } else { "s" });
            let changes = own_changes(integration.redone.iter());
            journal_row(&mut tx, &mut tail, at, &Actor::Bootstrap, "sync", "sync.redo_own", &what, None, &changes)
                .await?;
        }
        replace_pending(&mut tx, &integration.undone, &integration.redone).await?;
        for (i, p) in integration.parked.iter().enumerate() {
            park(&mut tx, p, at).await?;
            let label = parked_labels.get(i).map_or("", String::as_str);
            set_aside(&mut tx, &mut tail, p, label, at).await?;
        }
        sqlx::query("UPDATE sync_remote SET head = ? WHERE id = 1").bind(head as i64).execute(&mut *tx).await?;
        tx.commit().await?;
        if backlogged {
            self.drain_soon();
        }
        Ok(())
    }

    /// The log took the first `n` pending changes; the file now follows it to `head`.
    pub async fn sync_acknowledge(&self, n: usize, head: u64) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM sync_pending WHERE pos IN (SELECT pos FROM sync_pending ORDER BY pos LIMIT ?)")
            .bind(n as i64)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE sync_remote SET head = ? WHERE id = 1").bind(head as i64).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Drops a parked change (keep theirs), journaled.
    pub async fn sync_discard(
        &self,
        id: OpId,
        actor: &Actor,
        label: &str,
        at: Millis,
        what: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM sync_parked WHERE op_id = ?").bind(id.to_string()).execute(&mut *tx).await?;
        let withdrawn = outbox_move(&mut tx, id, None, "held", "withdrawn").await?;
        journal_row(
            &mut tx,
            &mut Default::default(),
            at,
            actor,
            label,
            "sync.keep_theirs",
            what,
            None,
            &json(&withdrawn)?,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Updates a parked change's reason (a retry refused again).
    pub async fn sync_repark(&self, parked: &Parked, at: Millis) -> Result<(), StoreError> {
        let mut conn = self.pool().acquire().await?;
        park(&mut conn, parked, at).await
    }

    /// A parked change re-applied as a new pending one (apply mine on top): its events,
    /// its journal row and the pending entry in one transaction.
    pub async fn sync_retry(&self, old: OpId, pending: &Pending, label: &str, at: Millis) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let backlogged = persist::write(&mut tx, &pending.events).await?;
        let e = &pending.envelope;
        let r = journal::record(&e.op, &pending.events, &[]);
        let mut tail = Default::default();
        journal_row(&mut tx, &mut tail, at, &e.actor, label, e.op.action(), &r.target, Some(&e.op), &r.changes).await?;
        sqlx::query("DELETE FROM sync_parked WHERE op_id = ?").bind(old.to_string()).execute(&mut *tx).await?;
        outbox_move(&mut tx, old, Some(e.id), "held", "queued").await?;
        append_pending(&mut tx, pending).await?;
        tx.commit().await?;
        if backlogged {
            self.drain_soon();
        }
        Ok(())
    }
}

/// Replaces the pending changes the integration took off (`undone`) by the ones it put
/// back (`redone`). A pending change it never took off stays as it is: an empty
/// integration (a quiet poll) must not touch the queue, or a push that then fails would
/// leave the change in memory only (issue 17).
async fn replace_pending(
    conn: &mut SqliteConnection,
    undone: &[Pending],
    redone: &[Pending],
) -> Result<(), StoreError> {
    for p in undone {
        sqlx::query("DELETE FROM sync_pending WHERE op_id = ?")
            .bind(p.envelope.id.to_string())
            .execute(&mut *conn)
            .await?;
    }
    for p in redone {
        append_pending(conn, p).await?;
    }
    Ok(())
}

pub(crate) async fn append_pending(conn: &mut SqliteConnection, p: &Pending) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO sync_pending (pos, op_id, envelope, events) VALUES ((SELECT coalesce(max(pos), 0) + 1 FROM sync_pending), ?, ?, ?)",
    )
    .bind(p.envelope.id.to_string())
    .bind(json(&p.envelope)?)
    .bind(json(&p.events)?)
    .execute(conn)
    .await?;
    Ok(())
}

/// Journals an own change set aside by sync — the reason, and what undoing it changed here
/// (before → after, the reverse of its own entry) — and holds the messages it queued, so
/// nobody is told of access they were not given (issue 17, found 5).
async fn set_aside(
    conn: &mut SqliteConnection,
    tail: &mut crate::chain::Tail,
    p: &Parked,
    label: &str,
    at: Millis,
) -> Result<(), StoreError> {
    let e = &p.envelope;
    let why = match &p.reason {
        ParkReason::Refused { error } => format!("refused: {}", error.message),
        ParkReason::Conflict { fields } => {
            format!("in conflict with another manager's change to {} field(s)", fields.len())
        }
    };
    let recorded = journal::record(&e.op, &p.events, &[]);
    let mut changes: Vec<journal::Change> =
        serde_json::from_str(&recorded.changes).map_err(|e| corrupt("journal changes", e))?;
    for c in &mut changes {
        std::mem::swap(&mut c.before, &mut c.after);
    }
    changes.extend(outbox_move(conn, e.id, None, "queued", "held").await?);
    let target = format!("{} · {} · {why}", e.op.action(), recorded.target);
    journal_row(conn, tail, at, &e.actor, label, "sync.set_aside", &target, None, &json(&changes)?).await?;
    Ok(())
}

/// Moves the messages change `op` queued from status `from` to `to` (and to change
/// `relink`, when given); returns each as a journal change.
async fn outbox_move(
    conn: &mut SqliteConnection,
    op: OpId,
    relink: Option<OpId>,
    from: &str,
    to: &str,
) -> Result<Vec<journal::Change>, StoreError> {
    let rows = sqlx::query(
        "UPDATE outbox SET status = ?, op_id = coalesce(?, op_id) WHERE op_id = ? AND status = ? AND sent_at IS NULL
         RETURNING id, to_email, subject",
    )
    .bind(to)
    .bind(relink.map(|r| r.to_string()))
    .bind(op.to_string())
    .bind(from)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .iter()
        .map(|r| journal::Change {
            kind: "message".into(),
            id: r.get::<i64, _>("id").to_string(),
            label: format!("{} — {}", r.get::<&str, _>("to_email"), r.get::<&str, _>("subject")),
            before: Some(serde_json::json!({ "status": from })),
            after: Some(serde_json::json!({ "status": to })),
        })
        .collect())
}

async fn park(conn: &mut SqliteConnection, p: &Parked, at: Millis) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO sync_parked (op_id, parked_at, envelope, events, reason) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (op_id) DO UPDATE SET reason = excluded.reason",
    )
    .bind(p.envelope.id.to_string())
    .bind(at)
    .bind(json(&p.envelope)?)
    .bind(json(&p.events)?)
    .bind(json(&p.reason)?)
    .execute(conn)
    .await?;
    Ok(())
}
