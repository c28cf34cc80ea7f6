//! Members, the one table that grows to 100,000 rows: read and written through SQLite's
//! own API (see `raw`), one prepared statement reused for every row.

use crate::raw::{Raw, Result, Stmt};
use trellis_core::{HierarchyRoleId, Member, MemberId, MemberStatus, RoleId};
use uuid::Uuid;

const SELECT: &str =
    "SELECT id, email, name, role_id, status, invited_at, joined_at, removed_at, invites_sent, version,
  hierarchy_role_id, db_login FROM members";

/// Every column; for new members and for changes to what the unique email index reads.
const UPSERT: &str = "INSERT INTO members (id, email, name, role_id, status, invited_at, joined_at, removed_at,
  invites_sent, version, hierarchy_role_id, db_login) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
  ON CONFLICT (id) DO UPDATE SET email = excluded.email, name = excluded.name, role_id = excluded.role_id,
  status = excluded.status, invited_at = excluded.invited_at, joined_at = excluded.joined_at,
  removed_at = excluded.removed_at, invites_sent = excluded.invites_sent, version = excluded.version,
  hierarchy_role_id = excluded.hierarchy_role_id, db_login = excluded.db_login";

/// Everything but email and status: SQLite then leaves the email index alone, which a
/// bulk role change would otherwise rewrite entry by entry. Numbered as in UPSERT, so one
/// binding serves both (?2 and ?5 are bound and unused).
const UPDATE: &str = "UPDATE members SET name = ?3, role_id = ?4, invited_at = ?6, joined_at = ?7, removed_at = ?8,
  invites_sent = ?9, version = ?10, hierarchy_role_id = ?11, db_login = ?12 WHERE id = ?1";

pub fn status_text(status: MemberStatus) -> &'static str {
    match status {
        MemberStatus::Pending => "pending",
        MemberStatus::Active => "active",
        MemberStatus::Removed => "removed",
    }
}

fn status(text: &str) -> Result<MemberStatus> {
    match text {
        "pending" => Ok(MemberStatus::Pending),
        "active" => Ok(MemberStatus::Active),
        "removed" => Ok(MemberStatus::Removed),
        other => Err(format!("member status {other:?}")),
    }
}

fn uuid(text: &str) -> Result<Uuid> {
    Uuid::parse_str(text).map_err(|e| format!("id {text:?}: {e}"))
}

fn opt_uuid(text: Option<&str>) -> Result<Option<Uuid>> {
    text.map(uuid).transpose()
}

pub fn load(raw: &Raw) -> Result<Vec<Member>> {
    let mut stmt = raw.prepare(SELECT)?;
    let mut members = Vec::new();
    while stmt.next()? {
        members.push(Member {
            id: MemberId(uuid(stmt.col_str(0)?)?),
            email: stmt.col_str(1)?.to_owned(),
            name: stmt.col_str(2)?.to_owned(),
            role: opt_uuid(stmt.col_text(3)?)?.map(RoleId),
            status: status(stmt.col_str(4)?)?,
            invited_at: stmt.col_int(5),
            joined_at: stmt.col_opt_int(6),
            removed_at: stmt.col_opt_int(7),
            invites_sent: stmt.col_int(8) as u32,
            version: stmt.col_int(9) as u32,
            hierarchy_role: opt_uuid(stmt.col_text(10)?)?.map(HierarchyRoleId),
            db_login: stmt.col_text(11)?.map(str::to_owned),
        });
    }
    members.shrink_to_fit();
    Ok(members)
}

/// Whether saving `after` over `before` leaves the row's email and status (what the
/// unique email index reads) as they were: the row is then updated without them.
pub fn keeps_index(before: Option<&Member>, after: &Member) -> bool {
    before.is_some_and(|b| b.email == after.email && b.status == after.status)
}

/// Writes saved members, each as (`keeps_index`, after).
pub fn write<'m>(raw: &Raw, saved: impl IntoIterator<Item = (bool, &'m Member)>) -> Result<()> {
    let (mut upsert, mut update): (Option<Stmt>, Option<Stmt>) = (None, None);
    for (keeps_index, m) in saved {
        let (slot, sql) = if keeps_index { (&mut update, UPDATE) } else { (&mut upsert, UPSERT) };
        let stmt = match slot {
            Some(s) => s,
            None => slot.insert(raw.prepare(sql)?),
        };
        bind(stmt, m)?;
        stmt.run()?;
    }
    Ok(())
}

fn bind(stmt: &mut Stmt, m: &Member) -> Result<()> {
    stmt.text(1, &m.id.to_string())?;
    stmt.text(2, &m.email)?;
    stmt.text(3, &m.name)?;
    stmt.opt_text(4, m.role.map(|r| r.to_string()).as_deref())?;
    stmt.text(5, status_text(m.status))?;
    stmt.int(6, m.invited_at)?;
    stmt.opt_int(7, m.joined_at)?;
    stmt.opt_int(8, m.removed_at)?;
    stmt.int(9, m.invites_sent as i64)?;
    stmt.int(10, m.version as i64)?;
    stmt.opt_text(11, m.hierarchy_role.map(|h| h.to_string()).as_deref())?;
    stmt.opt_text(12, m.db_login.as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The column holds the same text serde writes everywhere else.
    #[test]
    fn status_text_matches_serde() {
        for s in [MemberStatus::Pending, MemberStatus::Active, MemberStatus::Removed] {
            assert_eq!(status_text(s), crate::codec::to_text(&s));
            assert_eq!(status(status_text(s)).unwrap(), s);
        }
        assert!(status("gone").is_err());
    }
}
