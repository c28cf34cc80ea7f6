//! The member backlog: changes to existing members committed in bulk (a role change of
//! 10,000) go into the transaction as one compact row of after-images, next to their
//! journal row, instead of rewriting rows spread over most of the members table's pages.
//! A drain writes them into `members` afterwards, in its own transaction.
//!
//! The invariant: `members`, with the backlog's rows applied over it in `seq` order, is
//! the committed truth. Every reader of `members` overlays the backlog in the same read
//! transaction (`load`), and every direct write to `members` drains the backlog first in
//! its own transaction, so a direct write is never overtaken by an older backlog row.

use crate::members;
use crate::raw::Raw;
use crate::{Store, StoreError};
use sqlx::{Row, SqliteConnection};
use std::collections::HashMap;
use trellis_core::{HierarchyRoleId, Member, MemberId, MemberStatus, RoleId};
use uuid::Uuid;

/// From this many saved members up, a batch goes to the backlog. Below it, writing the
/// rows directly costs little and keeps the table current.
pub const MIN_BATCH: usize = 500;

/// The first byte of every encoded batch: the format's version.
const FORMAT: u8 = 1;

/// A member's after-image, and whether the row's email and status stay as they were (the
/// drain then leaves the unique email index alone; see `members::write`).
pub type Entry<'a> = (bool, &'a Member);

/// Appends one batch (in the caller's transaction).
pub async fn append(conn: &mut SqliteConnection, batch: &[Entry<'_>]) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO member_backlog (rows) VALUES (?)").bind(encode(batch)).execute(&mut *conn).await?;
    Ok(())
}

/// Writes every backlog row into `members` and empties the backlog (in the caller's
/// transaction, which must already hold the write lock: see `Store::begin_write`).
/// Returns how many members were written.
pub async fn drain(conn: &mut SqliteConnection) -> Result<usize, sqlx::Error> {
    let mut batches = batches(conn, "DELETE FROM member_backlog RETURNING seq, rows").await?;
    if batches.is_empty() {
        return Ok(0);
    }
    // RETURNING gives no order; the backlog's order is the order of the changes.
    batches.sort_by_key(|(seq, _)| *seq);
    let mut entries = Vec::new();
    for (seq, rows) in &batches {
        entries.extend(decode(rows).map_err(|e| corrupt(*seq, e))?);
    }
    // In id order: ids are time-ordered, like the table's rows, so the writes walk its
    // pages in order instead of jumping between them (a bulk change's members come in
    // list order, by name). Stable: a member changed twice keeps its last change last.
    entries.sort_by_key(|(_, m)| m.id);
    let mut handle = conn.lock_handle().await?;
    members::write(&Raw::new(&mut handle), entries.iter().map(|(keeps, m)| (*keeps, m)))
        .map_err(|e| sqlx::Error::Protocol(format!("members: {e}")))?;
    Ok(entries.len())
}

/// Lays the backlog's rows (read in the same transaction as `loaded`) over the members
/// read from the table. Returns how many members it changed.
pub async fn overlay(conn: &mut SqliteConnection, loaded: &mut [Member]) -> Result<usize, sqlx::Error> {
    let batches = batches(conn, "SELECT seq, rows FROM member_backlog ORDER BY seq").await?;
    if batches.is_empty() {
        return Ok(0);
    }
    let at: HashMap<MemberId, usize> = loaded.iter().enumerate().map(|(i, m)| (m.id, i)).collect();
    let mut n = 0;
    for (seq, rows) in &batches {
        for (_, member) in decode(rows).map_err(|e| corrupt(*seq, e))? {
            // Only changes to members already in the table come here (new ones are written
            // directly), so a missing row means the file was damaged.
            let i = *at.get(&member.id).ok_or_else(|| corrupt(*seq, format!("member {} has no row", member.id)))?;
            loaded[i] = member;
            n += 1;
        }
    }
    Ok(n)
}

impl Store {
    /// Drains the backlog in the background, once the transaction that filled it has
    /// committed. A drain cut short (the app closing) leaves the backlog whole: loading
    /// overlays it and drains again.
    pub fn drain_soon(&self) {
        if self.drains_held.load(std::sync::atomic::Ordering::SeqCst) {
            return;
        }
        let store = self.clone();
        tokio::spawn(async move {
            if let Err(e) = store.settle().await {
                tracing::warn!("member backlog not drained yet: {e}");
            }
        });
    }

    /// Holds background drains back (or lets them go again): tests use it to see what
    /// loading, a direct write and a crash make of a backlog that is still full.
    pub fn hold_drains(&self, held: bool) {
        self.drains_held.store(held, std::sync::atomic::Ordering::SeqCst);
    }

    /// Drains the backlog now (before a short-lived process exits; between measurements).
    /// Returns how many member rows it wrote.
    pub async fn settle(&self) -> Result<usize, StoreError> {
        // Drains wait here rather than each holding one of the pool's connections.
        let _one = self.draining.lock().await;
        let mut tx = self.begin_write().await?;
        let n = drain(&mut tx).await?;
        tx.commit().await?;
        if n > 0 {
            tracing::debug!("member backlog drained: {n} rows");
        }
        Ok(n)
    }
}

/// The backlog rows `sql` returns, as (seq, encoded batch).
async fn batches(conn: &mut SqliteConnection, sql: &'static str) -> Result<Vec<(i64, Vec<u8>)>, sqlx::Error> {
    let rows = sqlx::query(sql).fetch_all(&mut *conn).await?;
    Ok(rows.into_iter().map(|r| (r.get(0), r.get(1))).collect())
}

fn corrupt(seq: i64, e: impl std::fmt::Display) -> sqlx::Error {
    sqlx::Error::Protocol(format!("member backlog row {seq}: {e}"))
}

// The format: a version byte, then per member a flags byte, the fixed fields, and the
// variable ones. Little-endian integers; strings as a u32 length and UTF-8 bytes. About
// 80 bytes a member, against about 330 as JSON.
const KEEPS_INDEX: u8 = 1;
const HAS_ROLE: u8 = 1 << 1;
const HAS_HIERARCHY_ROLE: u8 = 1 << 2;
const HAS_DB_LOGIN: u8 = 1 << 3;
const HAS_JOINED_AT: u8 = 1 << 4;
const HAS_REMOVED_AT: u8 = 1 << 5;

pub fn encode(batch: &[Entry<'_>]) -> Vec<u8> {
    let mut out = Vec::with_capacity(1 + batch.len() * 96);
    out.push(FORMAT);
    for (keeps_index, m) in batch {
        let flags = [
            (*keeps_index, KEEPS_INDEX),
            (m.role.is_some(), HAS_ROLE),
            (m.hierarchy_role.is_some(), HAS_HIERARCHY_ROLE),
            (m.db_login.is_some(), HAS_DB_LOGIN),
            (m.joined_at.is_some(), HAS_JOINED_AT),
            (m.removed_at.is_some(), HAS_REMOVED_AT),
        ]
        .iter()
        .filter(|(set, _)| *set)
        .fold(0, |acc, (_, bit)| acc | bit);
        out.push(flags);
        out.extend_from_slice(m.id.0.as_bytes());
        out.push(status_byte(m.status));
        out.extend_from_slice(&m.invited_at.to_le_bytes());
        out.extend_from_slice(&m.invites_sent.to_le_bytes());
        out.extend_from_slice(&m.version.to_le_bytes());
        text(&mut out, &m.email);
        text(&mut out, &m.name);
        if let Some(r) = m.role {
            out.extend_from_slice(r.0.as_bytes());
        }
        if let Some(h) = m.hierarchy_role {
            out.extend_from_slice(h.0.as_bytes());
        }
        if let Some(login) = &m.db_login {
            text(&mut out, login);
        }
        if let Some(t) = m.joined_at {
            out.extend_from_slice(&t.to_le_bytes());
        }
        if let Some(t) = m.removed_at {
            out.extend_from_slice(&t.to_le_bytes());
        }
    }
    out
}

fn text(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&(s.len() as u32).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

fn status_byte(s: MemberStatus) -> u8 {
    match s {
        MemberStatus::Pending => 0,
        MemberStatus::Active => 1,
        MemberStatus::Removed => 2,
    }
}

/// Reads what `encode` wrote; any damage is an error, never a panic.
pub fn decode(bytes: &[u8]) -> Result<Vec<(bool, Member)>, String> {
    let mut r = Reader { bytes, at: 0 };
    if r.byte()? != FORMAT {
        return Err("unknown format".into());
    }
    let mut out = Vec::new();
    while r.at < bytes.len() {
        let flags = r.byte()?;
        let id = MemberId(r.uuid()?);
        let status = match r.byte()? {
            0 => MemberStatus::Pending,
            1 => MemberStatus::Active,
            2 => MemberStatus::Removed,
            other => return Err(format!("status {other}")),
        };
        let invited_at = i64::from_le_bytes(r.array()?);
        let invites_sent = u32::from_le_bytes(r.array()?);
        let version = u32::from_le_bytes(r.array()?);
        let email = r.text()?;
        let name = r.text()?;
        let has = |bit: u8| flags & bit != 0;
        let role = if has(HAS_ROLE) { Some(RoleId(r.uuid()?)) } else { None };
        let hierarchy_role = if has(HAS_HIERARCHY_ROLE) { Some(HierarchyRoleId(r.uuid()?)) } else { None };
        let db_login = if has(HAS_DB_LOGIN) { Some(r.text()?) } else { None };
        let joined_at = if has(HAS_JOINED_AT) { Some(i64::from_le_bytes(r.array()?)) } else { None };
        let removed_at = if has(HAS_REMOVED_AT) { Some(i64::from_le_bytes(r.array()?)) } else { None };
        let member = Member {
            id,
            email,
            name,
            role,
            hierarchy_role,
            db_login,
            status,
            invited_at,
            joined_at,
            removed_at,
            invites_sent,
            version,
        };
        out.push((has(KEEPS_INDEX), member));
    }
    Ok(out)
}

struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        let end = self.at.checked_add(n).filter(|end| *end <= self.bytes.len()).ok_or("cut short")?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    fn byte(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], String> {
        Ok(self.take(N)?.try_into().expect("take returns N bytes"))
    }

    fn uuid(&mut self) -> Result<Uuid, String> {
        Ok(Uuid::from_bytes(self.array()?))
    }

    fn text(&mut self) -> Result<String, String> {
        let n = u32::from_le_bytes(self.array()?) as usize;
        String::from_utf8(self.take(n)?.to_vec()).map_err(|e| format!("text: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(i: u8, all: bool) -> Member {
        Member {
            id: MemberId(Uuid::from_bytes([i; 16])),
            email: format!("m{i}@example.com"),
            name: if all { "Zoë \u{202E} García".into() } else { String::new() },
            role: all.then(|| RoleId(Uuid::from_bytes([i ^ 0xff; 16]))),
            hierarchy_role: all.then(|| HierarchyRoleId(Uuid::from_bytes([7; 16]))),
            db_login: all.then(|| "trellis_m".to_owned()),
            status: if all { MemberStatus::Removed } else { MemberStatus::Pending },
            invited_at: -5,
            joined_at: all.then_some(i64::MAX),
            removed_at: all.then_some(1_700_000_000_000),
            invites_sent: u32::MAX,
            version: 3,
        }
    }

    /// Every field, set and unset, comes back as it went in, in order, with its flag.
    #[test]
    fn a_batch_reads_back_exactly() {
        let (a, b, c) = (member(1, true), member(2, false), member(3, true));
        let batch: Vec<Entry> = vec![(true, &a), (false, &b), (true, &c)];
        let back = decode(&encode(&batch)).unwrap();
        let want: Vec<(bool, Member)> = batch.iter().map(|(k, m)| (*k, (*m).clone())).collect();
        assert_eq!(back, want);
    }

    /// A damaged row is an error naming what is wrong, at every length it could be cut to.
    #[test]
    fn a_damaged_batch_is_an_error_not_a_panic() {
        let a = member(1, true);
        let bytes = encode(&[(true, &a)]);
        // One byte is a valid empty batch; every longer cut falls inside the member.
        for n in 2..bytes.len() {
            assert!(decode(&bytes[..n]).is_err(), "cut to {n} bytes");
        }
        assert_eq!(decode(&[9]).unwrap_err(), "unknown format");
        let mut bad_status = bytes.clone();
        bad_status[1 + 1 + 16] = 7;
        assert_eq!(decode(&bad_status).unwrap_err(), "status 7");
        assert!(decode(&[]).is_err());
    }
}
