//! RPT-6: the journal's hash chain — written with every row, filled in once for rows from
//! before it existed, and verified (with an anchor kept elsewhere, truncation too).

use crate::store::{Store, StoreError};
use sqlx::{Row, SqliteConnection};
use trellis_core::chain::{self, JournalRow, Link};
use trellis_core::Millis;

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(what.to_owned())
}

fn link_of(bytes: Option<Vec<u8>>) -> Option<Link> {
    bytes.and_then(|b| b.try_into().ok())
}

/// The journal's last position and link, as one transaction last saw them: read once,
/// then carried from row to row (a sync writes thousands in one transaction).
#[derive(Default)]
pub(crate) struct Tail(Option<(i64, Link)>);

/// The last (position, link) this process wrote, in any file: a guess that saves reading
/// the last link before each write (a fifth of a single write's time). A guess only — the
/// insert that uses it checks, in the same statement, that the entry it names is there
/// with that link and that the next position is free, so a wrong guess (another file,
/// another process, a rolled-back transaction) only falls back to reading.
static HINT: std::sync::Mutex<Option<(i64, Link)>> = std::sync::Mutex::new(None);

fn hint() -> Option<(i64, Link)> {
    *HINT.lock().unwrap_or_else(|e| e.into_inner())
}

fn set_hint(tail: (i64, Link)) {
    *HINT.lock().unwrap_or_else(|e| e.into_inner()) = Some(tail);
}

/// Appends one journal row inside a transaction, linked to the row before it; returns
/// its position. The transaction holds SQLite's write lock (`begin_write`), so nothing
/// can come between reading the previous link and writing this one; `tail` must have
/// been used only for this transaction's rows.
pub(crate) async fn append(
    conn: &mut SqliteConnection,
    tail: &mut Tail,
    row: JournalRow<'_>,
) -> Result<i64, StoreError> {
    if tail.0.is_none() {
        if let Some((seq, prev)) = hint() {
            if let Some(written) = insert(conn, seq, &prev, row, true).await? {
                tail.0 = Some(written);
                set_hint(written);
                return Ok(written.0);
            }
        }
        tail.0 = Some(last_link(conn).await?);
    }
    let (prev_seq, prev) = tail.0.unwrap_or((0, chain::GENESIS));
    let written =
        insert(conn, prev_seq, &prev, row, false).await?.ok_or_else(|| corrupt("a journal entry was not written"))?;
    tail.0 = Some(written);
    set_hint(written);
    Ok(written.0)
}

/// Inserts `row` after entry `prev_seq` (whose link is `prev`); with `guessed`, only if
/// that entry is there with that link and the next position is free (`None` otherwise).
async fn insert(
    conn: &mut SqliteConnection,
    prev_seq: i64,
    prev: &Link,
    row: JournalRow<'_>,
    guessed: bool,
) -> Result<Option<(i64, Link)>, StoreError> {
    let seq = prev_seq + 1;
    let link = chain::journal_link(prev, &JournalRow { seq, ..row });
    let sql = if guessed {
        "INSERT INTO journal (seq, at, actor, actor_label, action, target, op, changes, hash)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9 WHERE EXISTS (SELECT 1 FROM journal WHERE seq = ?10 AND hash = ?11)"
    } else {
        "INSERT INTO journal (seq, at, actor, actor_label, action, target, op, changes, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
    };
    let mut q = sqlx::query(sql)
        .bind(seq)
        .bind(row.at)
        .bind(row.actor)
        .bind(row.actor_label)
        .bind(row.action)
        .bind(row.target)
        .bind(row.op)
        .bind(row.changes)
        .bind(&link[..]);
    if guessed {
        q = q.bind(prev_seq).bind(&prev[..]);
    }
    match q.execute(&mut *conn).await {
        Ok(done) if done.rows_affected() == 1 => Ok(Some((seq, link))),
        Ok(_) => Ok(None),
        // The guessed position is taken: the guess is stale.
        Err(sqlx::Error::Database(e)) if guessed && e.kind() == sqlx::error::ErrorKind::UniqueViolation => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// The journal's last position and link. (Through sqlx: SQLite's own API would be faster,
/// but taking sqlx's connection handle thousands of times in a row can stall it for good.)
async fn last_link(conn: &mut SqliteConnection) -> Result<(i64, Link), StoreError> {
    let last =
        sqlx::query("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1").fetch_optional(&mut *conn).await?;
    match last {
        None => Ok((0, chain::GENESIS)),
        Some(r) => {
            let link = link_of(r.get("hash")).ok_or_else(|| corrupt("the last journal entry has no link"))?;
            Ok((r.get::<i64, _>("seq"), link))
        }
    }
}

/// Gives rows written before the chain existed their links, in order (once: the trigger
/// lets a link be set only where there is none).
pub(crate) async fn fill_in(store: &Store) -> Result<(), StoreError> {
    let missing: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM journal WHERE hash IS NULL)").fetch_one(store.pool()).await?;
    if !missing {
        return Ok(());
    }
    let mut tx = store.begin_write().await?;
    let rows =
        sqlx::query("SELECT seq, at, actor, actor_label, action, target, op, changes, hash FROM journal ORDER BY seq")
            .fetch_all(&mut *tx)
            .await?;
    let mut prev = chain::GENESIS;
    for r in &rows {
        let link = chain::journal_link(&prev, &row_of(r));
        if r.get::<Option<Vec<u8>>, _>("hash").is_none() {
            sqlx::query("UPDATE journal SET hash = ? WHERE seq = ?")
                .bind(&link[..])
                .bind(r.get::<i64, _>("seq"))
                .execute(&mut *tx)
                .await?;
        }
        prev = link;
    }
    tx.commit().await?;
    Ok(())
}

fn row_of(r: &sqlx::sqlite::SqliteRow) -> JournalRow<'_> {
    JournalRow {
        seq: r.get("seq"),
        at: r.get("at"),
        actor: r.get("actor"),
        actor_label: r.get("actor_label"),
        action: r.get("action"),
        target: r.get("target"),
        op: r.get("op"),
        changes: r.get("changes"),
    }
}

/// The journal's head, for the manager to keep elsewhere.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Anchor {
    pub seq: i64,
    pub link: Link,
    pub at: Millis,
}

/// Where the chain first fails to hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Break {
    /// Entries between `after` and `next` are gone (`next` is `None` when the anchor's
    /// entry, and everything up to it, is missing from the end).
    Missing { after: i64, next: Option<i64> },
    /// This entry's stored link is not what its content and the entry before give:
    /// it, or one before it, was changed.
    Mismatch { seq: i64, at: Millis, action: String, target: String },
    /// The entry the anchor names has another link: the history up to it was rewritten.
    AnchorDiffers { seq: i64 },
}

/// What `verify` found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verification {
    /// Entries checked.
    pub entries: u64,
    /// The last entry's position and link, as the file holds them.
    pub head: Option<Anchor>,
    /// The first place the chain does not hold; `None`: intact (up to the anchor, if any).
    pub broken: Option<Break>,
}

impl Store {
    /// Benchmarks only: appends `n` security-event rows like `template` (numbered in
    /// their target) through the same chained insert, in transactions of 50,000.
    #[doc(hidden)]
    pub async fn bench_fill_journal(&self, n: u64, template: JournalRow<'_>) -> Result<(), StoreError> {
        let mut done = 0;
        while done < n {
            let mut tx = self.begin_write().await?;
            let mut tail = Tail::default();
            for _ in 0..(n - done).min(50_000) {
                done += 1;
                let target = format!("{} {done}", template.target);
                append(&mut tx, &mut tail, JournalRow { target: &target, at: template.at + done as i64, ..template })
                    .await?;
            }
            tx.commit().await?;
        }
        Ok(())
    }

    /// Benchmarks only: the time of `n` reads of the last link inside one write
    /// transaction, as `append` reads it.
    #[doc(hidden)]
    pub async fn bench_last_link(&self, n: u32) -> Result<std::time::Duration, StoreError> {
        let mut tx = self.begin_write().await?;
        let start = std::time::Instant::now();
        for _ in 0..n {
            last_link(&mut tx).await?;
        }
        let took = start.elapsed();
        tx.rollback().await?;
        Ok(took)
    }

    /// How far this file has chained the shared log: a position and the link after it.
    pub async fn log_chain(&self) -> Result<(u64, Link), StoreError> {
        let r = sqlx::query("SELECT log_chain_head, log_hash FROM sync_remote WHERE id = 1")
            .fetch_optional(self.pool())
            .await?;
        Ok(match r {
            Some(r) => match link_of(r.get("log_hash")) {
                Some(link) => (r.get::<i64, _>("log_chain_head") as u64, link),
                None => (0, chain::GENESIS),
            },
            None => (0, chain::GENESIS),
        })
    }

    /// Moves the shared log's chain from `from` (where `log_chain` left it) on by
    /// `digests`; refused (a no-op, `false`) if another writer moved it meanwhile.
    pub async fn log_chain_advance(&self, from: u64, prev: &Link, digests: &[Link]) -> Result<bool, StoreError> {
        let link = digests.iter().fold(*prev, |l, d| chain::log_link(&l, d));
        let to = from + digests.len() as u64;
        let done = sqlx::query(
            "UPDATE sync_remote SET log_chain_head = ?, log_hash = ? WHERE id = 1 AND log_chain_head = ? AND (log_hash IS ? OR ? = 0)",
        )
        .bind(to as i64)
        .bind(&link[..])
        .bind(from as i64)
        .bind(&prev[..])
        .bind(from as i64)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The journal's newest entry: position, link and time.
    pub async fn journal_anchor(&self) -> Result<Option<Anchor>, StoreError> {
        let r = sqlx::query("SELECT seq, at, hash FROM journal ORDER BY seq DESC LIMIT 1")
            .fetch_optional(self.pool())
            .await?;
        r.map(|r| {
            Ok(Anchor {
                seq: r.get("seq"),
                at: r.get("at"),
                link: link_of(r.get("hash")).ok_or_else(|| corrupt("the last journal entry has no link"))?,
            })
        })
        .transpose()
    }

    /// Recomputes the chain from the first entry and names the first that does not match;
    /// with `anchor`, also that its entry is still there with the same link. Reads through
    /// SQLite's own API (`raw`): a million rows through sqlx cost twice the hashing.
    pub async fn journal_verify(&self, anchor: Option<&Anchor>) -> Result<Verification, StoreError> {
        let mut conn = self.pool().acquire().await?;
        let mut handle = conn.lock_handle().await?;
        let raw = crate::raw::Raw::new(&mut handle);
        verify_rows(&raw, anchor).map_err(|e| StoreError::Corrupt(format!("journal: {e}")))
    }
}

fn verify_rows(raw: &crate::raw::Raw<'_>, anchor: Option<&Anchor>) -> crate::raw::Result<Verification> {
    let mut rows =
        raw.prepare("SELECT seq, at, actor, actor_label, action, target, op, changes, hash FROM journal ORDER BY seq")?;
    let mut prev = chain::GENESIS;
    let mut last_seq = 0i64;
    let mut entries = 0u64;
    let mut head = None;
    let mut broken = None;
    let mut anchor_seen = false;
    while rows.next()? {
        let row = JournalRow {
            seq: rows.col_int(0),
            at: rows.col_int(1),
            actor: rows.col_str(2)?,
            actor_label: rows.col_str(3)?,
            action: rows.col_str(4)?,
            target: rows.col_str(5)?,
            op: rows.col_str(6)?,
            changes: rows.col_str(7)?,
        };
        if row.seq != last_seq + 1 {
            broken = Some(Break::Missing { after: last_seq, next: Some(row.seq) });
            break;
        }
        let link = chain::journal_link(&prev, &row);
        if rows.col_blob(8) != Some(&link[..]) {
            broken = Some(Break::Mismatch {
                seq: row.seq,
                at: row.at,
                action: row.action.to_owned(),
                target: row.target.to_owned(),
            });
            break;
        }
        if let Some(a) = anchor.filter(|a| a.seq == row.seq) {
            anchor_seen = true;
            if a.link != link {
                broken = Some(Break::AnchorDiffers { seq: a.seq });
                break;
            }
        }
        entries += 1;
        last_seq = row.seq;
        prev = link;
        head = Some(Anchor { seq: row.seq, link, at: row.at });
    }
    if broken.is_none() {
        if let Some(a) = anchor.filter(|_| !anchor_seen) {
            // Past the end: the newest entries are gone. Below the first entry (positions
            // start at 1) it cannot be this journal's.
            broken = Some(if a.seq > last_seq {
                Break::Missing { after: last_seq, next: None }
            } else {
                Break::AnchorDiffers { seq: a.seq }
            });
        }
    }
    Ok(Verification { entries, head, broken })
}
