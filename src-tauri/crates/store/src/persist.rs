//! Writes events to entity tables inside the caller's transaction. Members are gathered
//! and written together: a large batch of changes to existing members goes to the
//! backlog as one compact row (see `backlog`); anything else through one reused
//! statement (see `members`), after draining the backlog.

use crate::codec::to_text;
use crate::raw::Raw;
use crate::{backlog, members};
use sqlx::SqliteConnection;
use trellis_core::{Event, Member, Role};

type Saved<'a> = Vec<(Option<&'a Member>, &'a Member)>;

/// Writes `events`; true when members went to the backlog (a drain is then due, once
/// the caller's transaction has committed: `Store::drain_soon`).
pub async fn write(conn: &mut SqliteConnection, events: &[Event]) -> Result<bool, sqlx::Error> {
    let mut members: Saved = Vec::new();
    let mut backlogged = false;
    // RPT-4: a campaign's items, written together (only they touch their table, so their
    // own order is the one that matters).
    let mut items: Vec<&trellis_core::reviews::ReviewItem> = Vec::new();
    for event in events {
        match event {
            Event::ReviewItemSaved { after, .. } => items.push(after),
            Event::WorkspaceCreated { workspace, roles } => {
                sqlx::query(
                    "INSERT INTO workspace (id, name, created_at, password_min_length, password_max_length) VALUES (1, ?, ?, ?, ?)",
                )
                .bind(&workspace.name)
                .bind(workspace.created_at)
                .bind(workspace.password_policy.min_length as i64)
                .bind(workspace.password_policy.max_length as i64)
                    .execute(&mut *conn)
                    .await?;
                for role in roles {
                    upsert_role(conn, role).await?;
                }
            }
            Event::WorkspaceSaved { after, .. } => {
                sqlx::query(
                    "UPDATE workspace SET name = ?, password_min_length = ?, password_max_length = ?,
                       partner_access = ?, advanced_partner_access = ?, partner_licences = ?, four_eyes = ?, preview_max_minutes = ?,
                       portal_login = ?, portal_idle_minutes = ?, portal_url = ?, mail = ? WHERE id = 1",
                )
                .bind(&after.name)
                .bind(after.password_policy.min_length as i64)
                .bind(after.password_policy.max_length as i64)
                .bind(after.partner_features.partner_access)
                .bind(after.partner_features.advanced_partner_access)
                .bind(after.partner_features.licences as i64)
                .bind(after.four_eyes)
                .bind(after.preview_max_minutes as i64)
                .bind(&after.portal_login)
                .bind(after.portal_idle_minutes as i64)
                .bind(&after.portal_url)
                .bind(after.mail.as_ref().map(|m| serde_json::to_string(m).unwrap_or_default()))
                .execute(&mut *conn)
                .await?;
            }
            Event::MemberSaved { before, after } => members.push((before.as_ref(), after)),
            Event::RoleSaved { after, .. } => {
                flush_members(conn, &mut members, &mut backlogged).await?;
                upsert_role(conn, after).await?;
            }
            Event::PartnerAccountSaved { after, .. } => {
                flush_members(conn, &mut members, &mut backlogged).await?;
                sqlx::query(
                    "INSERT INTO partner_accounts (id, name, kind, owner_id, parent_id, enabled, licence_share, version)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                     ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, owner_id = excluded.owner_id,
                       parent_id = excluded.parent_id, enabled = excluded.enabled, licence_share = excluded.licence_share,
                       version = excluded.version",
                )
                .bind(after.id.to_string())
                .bind(&after.name)
                .bind(to_text(&after.kind))
                .bind(after.owner.to_string())
                .bind(after.parent.map(|p| p.to_string()))
                .bind(after.enabled)
                .bind(after.licence_share.map(i64::from))
                .bind(after.version as i64)
                .execute(&mut *conn)
                .await?;
            }
            Event::HierarchyRoleSaved { after, .. } => {
                flush_members(conn, &mut members, &mut backlogged).await?;
                sqlx::query(
                    "INSERT INTO hierarchy_roles (id, name, parent_id, account_id, version) VALUES (?, ?, ?, ?, ?)
                     ON CONFLICT (id) DO UPDATE SET name = excluded.name, parent_id = excluded.parent_id,
                       account_id = excluded.account_id, version = excluded.version",
                )
                .bind(after.id.to_string())
                .bind(&after.name)
                .bind(after.parent.map(|p| p.to_string()))
                .bind(after.account.map(|a| a.to_string()))
                .bind(after.version as i64)
                .execute(&mut *conn)
                .await?;
            }
            Event::ContactSaved { after, .. } => {
                flush_members(conn, &mut members, &mut backlogged).await?;
                let access = after.access.as_ref();
                sqlx::query(
                    "INSERT INTO contacts (id, account_id, name, email, access_enabled, portal_role_id, hierarchy_role_id,
                       can_grant_subpartners, version, agent_role_id, admin_role_id, fixed_hierarchy_role, invitation,
                       hidden_tiles)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                     ON CONFLICT (id) DO UPDATE SET account_id = excluded.account_id, name = excluded.name,
                       email = excluded.email, access_enabled = excluded.access_enabled, portal_role_id = excluded.portal_role_id,
                       hierarchy_role_id = excluded.hierarchy_role_id, can_grant_subpartners = excluded.can_grant_subpartners,
                       version = excluded.version, agent_role_id = excluded.agent_role_id,
                       admin_role_id = excluded.admin_role_id, fixed_hierarchy_role = excluded.fixed_hierarchy_role,
                       invitation = excluded.invitation, hidden_tiles = excluded.hidden_tiles",
                )
                .bind(after.id.to_string())
                .bind(after.account.to_string())
                .bind(&after.name)
                .bind(&after.email)
                .bind(access.is_some_and(|a| a.enabled))
                .bind(access.map(|a| a.portal_role.to_string()))
                .bind(access.map(|a| a.hierarchy_role.to_string()))
                .bind(access.is_some_and(|a| a.can_grant_subpartners))
                .bind(after.version as i64)
                .bind(access.and_then(|a| a.agent_role).map(|r| r.to_string()))
                .bind(access.map(|a| a.admin_role.to_string()))
                .bind(access.is_some_and(|a| a.fixed_hierarchy_role))
                .bind(after.invitation.as_ref().map(|i| serde_json::json!(i).to_string()))
                .bind((!after.hidden_tiles.is_empty()).then(|| serde_json::json!(after.hidden_tiles).to_string()))
                .execute(&mut *conn)
                .await?;
            }
            Event::RoleDeleted { before } => {
                flush_members(conn, &mut members, &mut backlogged).await?;
                sqlx::query("DELETE FROM roles WHERE id = ?").bind(before.id.to_string()).execute(&mut *conn).await?;
            }
            Event::HierarchyRoleDeleted { before } => {
                flush_members(conn, &mut members, &mut backlogged).await?;
                sqlx::query("DELETE FROM hierarchy_roles WHERE id = ?")
                    .bind(before.id.to_string())
                    .execute(&mut *conn)
                    .await?;
            }
            other => {
                flush_members(conn, &mut members, &mut backlogged).await?;
                crate::records::write(conn, other).await?;
            }
        }
    }
    flush_members(conn, &mut members, &mut backlogged).await?;
    if !items.is_empty() {
        let mut handle = conn.lock_handle().await?;
        crate::reviews::write_items(&Raw::new(&mut handle), &items)
            .map_err(|e| sqlx::Error::Protocol(format!("review items: {e}")))?;
    }
    Ok(backlogged)
}

async fn upsert_role(conn: &mut SqliteConnection, role: &Role) -> Result<(), sqlx::Error> {
    let permissions = serde_json::to_string(&role.permissions).unwrap_or_else(|_| "[]".into());
    sqlx::query(
        "INSERT INTO roles (id, name, description, audience, grp, builtin, permissions, version, restriction, segments)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description,
           audience = excluded.audience, grp = excluded.grp, builtin = excluded.builtin,
           permissions = excluded.permissions, version = excluded.version, restriction = excluded.restriction,
           segments = excluded.segments",
    )
    .bind(role.id.to_string())
    .bind(&role.name)
    .bind(&role.description)
    .bind(to_text(&role.audience))
    .bind(to_text(&role.group))
    .bind(role.builtin.map(|b| to_text(&b)))
    .bind(permissions)
    .bind(role.version as i64)
    .bind(to_text(&role.restriction))
    .bind(serde_json::to_string(&role.segments).unwrap_or_else(|_| "{}".into()))
    .execute(conn)
    .await?;
    Ok(())
}

async fn flush_members(
    conn: &mut SqliteConnection,
    saved: &mut Saved<'_>,
    backlogged: &mut bool,
) -> Result<(), sqlx::Error> {
    if saved.is_empty() {
        return Ok(());
    }
    let existing = saved.iter().all(|(before, _)| before.is_some());
    if existing && saved.len() >= backlog::MIN_BATCH {
        let batch: Vec<backlog::Entry> = saved.iter().map(|(b, m)| (members::keeps_index(*b, m), *m)).collect();
        backlog::append(conn, &batch).await?;
        *backlogged = true;
    } else {
        // Older changes first: a row written now must not be overtaken by the backlog.
        backlog::drain(conn).await?;
        let mut handle = conn.lock_handle().await?;
        let rows = saved.iter().map(|(b, m)| (members::keeps_index(*b, m), *m));
        members::write(&Raw::new(&mut handle), rows).map_err(|e| sqlx::Error::Protocol(format!("members: {e}")))?;
    }
    saved.clear();
    Ok(())
}
