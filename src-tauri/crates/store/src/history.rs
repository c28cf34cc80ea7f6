//! RPT-5: the state at a past moment, rebuilt from the journal's changes (`core::history`),
//! from the nearest checkpoint when there is one.
//!
//! A checkpoint is the rebuild after entry `seq`, kept with that entry's chain link
//! (RPT-6) and the latest time among entries up to it. It is used only while the journal
//! still holds that link at that position — a rewritten or re-linked journal makes it
//! stale, and it is dropped and replaced. Checkpoints sit at every `checkpoint_every`th
//! entry; a replay writes the one it passes last (nearest the moment asked about) when it
//! is missing, so a question pays for at most one.
//!
//! A checkpoint holds the state typed (`core::history::checkpoint_bytes`), and the one
//! last read is kept in memory: from there the replay moves the typed state entity by
//! entity (`Replay`), so a question near a checkpoint never rebuilds the whole state.
//! From the first entry, the replay is `Rebuild`'s (JSON, typed once at the end).

use crate::store::{Store, StoreError};
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use std::io::{Read, Write};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use trellis_core::history::{checkpoint_bytes, read_checkpoint, Change, Rebuild, Replay};
use trellis_core::state::Parts;
use trellis_core::{Millis, State};

/// Entries between checkpoints: replaying this many takes well under a second.
pub const CHECKPOINT_EVERY: i64 = 50_000;

/// How far to replay.
#[derive(Clone, Copy, Debug)]
pub enum Until {
    /// Through this journal entry.
    Entry(i64),
    /// The journal up to its first entry after this moment (entries from other desktops
    /// carry the time they were made there, so times are not always in entry order).
    Time(Millis),
}

/// A rebuilt state and where in the journal it stands.
pub struct Past {
    pub state: Arc<State>,
    /// The last entry replayed (0: none — before the workspace existed).
    pub seq: i64,
    pub at: Option<Millis>,
    /// The checkpoint it started from (0: the first entry).
    pub from: i64,
}

/// A checkpoint to write once the read is over.
struct Pending {
    seq: i64,
    max_at: Millis,
    entries: u64,
    parts: Parts,
}

/// The checkpoint last read, typed: the next question near it starts from a copy.
pub(crate) struct Kept {
    seq: i64,
    link: Vec<u8>,
    entries: u64,
    state: Arc<State>,
}

/// Where a replay starts: a checkpoint's state.
struct Start {
    seq: i64,
    max_at: Millis,
    replay: Replay,
}

/// What moves through the journal: from the first entry JSON trees, from a checkpoint
/// the typed state.
enum Mover {
    Json(Rebuild),
    Typed(Replay),
}

impl Mover {
    fn apply(&mut self, action: &str, changes: Vec<Change>) -> Result<(), String> {
        match self {
            Mover::Json(r) => {
                r.apply(action, changes);
                Ok(())
            }
            Mover::Typed(r) => r.apply(action, changes),
        }
    }

    fn entries(&self) -> u64 {
        match self {
            Mover::Json(r) => r.entries,
            Mover::Typed(r) => r.entries,
        }
    }

    fn parts(&self) -> Result<Parts, String> {
        match self {
            Mover::Json(r) => r.to_parts(),
            Mover::Typed(r) => Ok(r.state().to_parts()),
        }
    }

    fn into_state(self) -> Result<Arc<State>, String> {
        match self {
            Mover::Json(r) => r.into_state().map(Arc::new),
            Mover::Typed(r) => Ok(r.into_state()),
        }
    }
}

fn deflate(bytes: &[u8]) -> Vec<u8> {
    let mut e = DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
    // Writing into a Vec cannot fail.
    let _ = e.write_all(bytes);
    e.finish().unwrap_or_default()
}

fn inflate(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    DeflateDecoder::new(bytes).read_to_end(&mut out).ok()?;
    Some(out)
}

impl Store {
    /// Checkpoints every `n` entries from now on (tests make it small; 0 writes none).
    pub fn set_checkpoint_every(&self, n: i64) {
        self.checkpoint_every.store(n, Ordering::Relaxed);
    }

    /// The journal positions that have a checkpoint.
    pub async fn checkpoints(&self) -> Result<Vec<i64>, StoreError> {
        Ok(sqlx::query_scalar("SELECT seq FROM history_checkpoints ORDER BY seq").fetch_all(self.pool()).await?)
    }

    /// The newest usable checkpoint for `until`, checked against the journal's link.
    async fn checkpoint_for(&self, until: Until) -> Result<Option<Start>, StoreError> {
        let row: Option<(i64, i64, Vec<u8>)> = match until {
            Until::Entry(s) => {
                sqlx::query_as(
                    "SELECT seq, max_at, link FROM history_checkpoints WHERE seq <= ? ORDER BY seq DESC LIMIT 1",
                )
                .bind(s)
                .fetch_optional(self.pool())
                .await?
            }
            Until::Time(t) => {
                sqlx::query_as(
                    "SELECT seq, max_at, link FROM history_checkpoints WHERE max_at <= ? ORDER BY seq DESC LIMIT 1",
                )
                .bind(t)
                .fetch_optional(self.pool())
                .await?
            }
        };
        let Some((seq, max_at, link)) = row else { return Ok(None) };
        let held: Option<Option<Vec<u8>>> =
            sqlx::query_scalar("SELECT hash FROM journal WHERE seq = ?").bind(seq).fetch_optional(self.pool()).await?;
        if held.flatten().as_ref() == Some(&link) {
            if let Some(k) = self.kept().as_ref().filter(|k| k.seq == seq && k.link == link) {
                return Ok(Some(Start { seq, max_at, replay: Replay::new(k.state.clone(), k.entries) }));
            }
            let body: Vec<u8> = sqlx::query_scalar("SELECT body FROM history_checkpoints WHERE seq = ?")
                .bind(seq)
                .fetch_one(self.pool())
                .await?;
            if let Some(replay) = inflate(&body).and_then(|b| read_checkpoint(&b)) {
                let state = replay.state().clone();
                *self.kept() = Some(Kept { seq, link, entries: replay.entries, state });
                return Ok(Some(Start { seq, max_at, replay }));
            }
        }
        // The journal no longer says what this checkpoint summarised (or it is of an
        // older format): drop it and every later one; they are written again.
        tracing::warn!("time-travel checkpoint at entry {seq} no longer matches the journal; dropped");
        sqlx::query("DELETE FROM history_checkpoints WHERE seq >= ?").bind(seq).execute(self.pool()).await?;
        *self.kept() = None;
        Ok(None)
    }

    fn kept(&self) -> std::sync::MutexGuard<'_, Option<Kept>> {
        // A panic while holding it leaves a whole value behind: go on with it.
        self.checkpoint_kept.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Replays the journal's changes up to `until`, from the nearest checkpoint.
    pub async fn state_at(&self, until: Until) -> Result<Past, StoreError> {
        let Some(start) = self.checkpoint_for(until).await? else { return self.replay(until, None).await };
        let seq = start.seq;
        match self.replay(until, Some(start)).await {
            Err(StoreError::Corrupt(why)) => {
                // Moving the typed state failed where the JSON replay may not (an entity
                // changed before it was ever created): answer from the first entry.
                tracing::warn!(
                    "time travel from the checkpoint at entry {seq} failed ({why}); replaying from the first"
                );
                self.replay(until, None).await
            }
            answer => answer,
        }
    }

    /// As `state_at`, from the first entry whatever checkpoints there are (tests, bench).
    pub async fn state_at_from_scratch(&self, until: Until) -> Result<Past, StoreError> {
        self.replay(until, None).await
    }

    /// Replays from `start` (or the first entry), with SQLite's own API for the read (as
    /// `journal_verify`), writing the checkpoints it passes that are missing.
    async fn replay(&self, until: Until, start: Option<Start>) -> Result<Past, StoreError> {
        let every = self.checkpoint_every.load(Ordering::Relaxed);
        let (from, mut max_at, mut mover) = match start {
            Some(s) => (s.seq, s.max_at, Mover::Typed(s.replay)),
            None => (0, Millis::MIN, Mover::Json(Rebuild::default())),
        };
        let have: std::collections::HashSet<i64> = self.checkpoints().await?.into_iter().collect();
        // One checkpoint per question — the last one passed, nearest the moment asked
        // about: writing every one on the way made a first question 10 times slower.
        let mut pending: Option<Pending> = None;
        let mut last = (from, if from > 0 { Some(max_at) } else { None });
        // Where the replay will stop, known before it starts: the checkpoint to write is the
        // last one before it.
        let stop: i64 = match until {
            Until::Entry(s) => s,
            Until::Time(t) => {
                sqlx::query_scalar(
                    "SELECT COALESCE((SELECT MIN(seq) FROM journal WHERE seq > ? AND at > ?),
                                     (SELECT COALESCE(MAX(seq), 0) + 1 FROM journal)) - 1",
                )
                .bind(from)
                .bind(t)
                .fetch_one(self.pool())
                .await?
            }
        };
        let target = if every > 0 { stop / every * every } else { 0 };
        {
            let mut conn = self.pool().acquire().await?;
            let mut handle = conn.lock_handle().await?;
            let raw = crate::raw::Raw::new(&mut handle);
            let mut read = || -> crate::raw::Result<()> {
                // `from` is a number read from the checkpoint table, not input text.
                let sql = format!("SELECT seq, at, action, changes, hash FROM journal WHERE seq > {from} ORDER BY seq");
                let mut rows = raw.prepare(&sql)?;
                while rows.next()? {
                    let (seq, at) = (rows.col_int(0), rows.col_int(1));
                    if seq > stop {
                        break;
                    }
                    let action = rows.col_str(2)?;
                    let changes: Vec<Change> = match trellis_core::history::direction(action) {
                        trellis_core::history::Direction::None => Vec::new(),
                        _ => serde_json::from_str(rows.col_str(3)?).map_err(|e| format!("entry {seq}: {e}"))?,
                    };
                    mover.apply(action, changes).map_err(|e| format!("entry {seq}: {e}"))?;
                    max_at = max_at.max(at);
                    last = (seq, Some(at));
                    let linked = rows.col_blob(4).is_some();
                    if seq == target && linked && !have.contains(&seq) {
                        pending = Some(Pending { seq, max_at, entries: mover.entries(), parts: mover.parts()? });
                    }
                }
                Ok(())
            };
            read().map_err(|e| StoreError::Corrupt(format!("journal: {e}")))?;
        }
        if let Some(p) = pending {
            let body = deflate(&checkpoint_bytes(p.entries, &p.parts));
            // The link is read again here, by the pool, the way `checkpoint_for` checks it.
            sqlx::query(
                "INSERT OR IGNORE INTO history_checkpoints (seq, max_at, link, body)
                 SELECT seq, ?, hash, ? FROM journal WHERE seq = ? AND hash IS NOT NULL",
            )
            .bind(p.max_at)
            .bind(body)
            .bind(p.seq)
            .execute(self.pool())
            .await?;
        }
        let state = mover.into_state().map_err(StoreError::Corrupt)?;
        Ok(Past { state, seq: last.0, at: last.1, from })
    }
}
