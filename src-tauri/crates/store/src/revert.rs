//! Undoing persisted events (sync takes own pending changes off before others' go
//! underneath): every entity is written back as it was, and what the events created is
//! deleted. Run inside the caller's transaction with foreign keys deferred.

use crate::persist;
use sqlx::SqliteConnection;
use trellis_core::Event;

// Short-lived, one per undone event: boxing the large variant would buy nothing.
#[allow(clippy::large_enum_variant)]
enum Undo {
    Write(Event),
    Delete(&'static str, String),
}

fn inverse(event: &Event) -> Option<Undo> {
    use Event as E;
    Some(match event {
        E::WorkspaceCreated { .. } => return None,
        E::WorkspaceSaved { before, .. } => {
            Undo::Write(E::WorkspaceSaved { before: before.clone(), after: before.clone() })
        }
        E::MemberSaved { before: Some(b), .. } => Undo::Write(E::MemberSaved { before: None, after: b.clone() }),
        E::MemberSaved { before: None, after } => Undo::Delete("members", after.id.to_string()),
        E::RoleSaved { before: Some(b), .. } | E::RoleDeleted { before: b } => {
            Undo::Write(E::RoleSaved { before: None, after: b.clone() })
        }
        E::RoleSaved { before: None, after } => Undo::Delete("roles", after.id.to_string()),
        E::HierarchyRoleSaved { before: Some(b), .. } | E::HierarchyRoleDeleted { before: b } => {
            Undo::Write(E::HierarchyRoleSaved { before: None, after: b.clone() })
        }
        E::HierarchyRoleSaved { before: None, after } => Undo::Delete("hierarchy_roles", after.id.to_string()),
        E::PartnerAccountSaved { before: Some(b), .. } => {
            Undo::Write(E::PartnerAccountSaved { before: None, after: b.clone() })
        }
        E::PartnerAccountSaved { before: None, after } => Undo::Delete("partner_accounts", after.id.to_string()),
        E::ContactSaved { before: Some(b), .. } => Undo::Write(E::ContactSaved { before: None, after: b.clone() }),
        E::ContactSaved { before: None, after } => Undo::Delete("contacts", after.id.to_string()),
        E::RecordSaved { before: Some(b), .. } => Undo::Write(E::RecordSaved { before: None, after: b.clone() }),
        E::RecordSaved { before: None, after } => Undo::Delete("records", after.id.to_string()),
        E::ItemSaved { before: Some(b), .. } => Undo::Write(E::ItemSaved { before: None, after: b.clone() }),
        E::ItemSaved { before: None, after } => Undo::Delete("items", after.id.to_string()),
        E::SharingRuleSaved { before: Some(b), .. } | E::SharingRuleDeleted { before: b } => {
            Undo::Write(E::SharingRuleSaved { before: None, after: b.clone() })
        }
        E::SharingRuleSaved { before: None, after } => Undo::Delete("sharing_rules", after.id.to_string()),
        E::DashboardSaved { before: Some(b), .. } | E::DashboardDeleted { before: b } => {
            Undo::Write(E::DashboardSaved { before: None, after: b.clone() })
        }
        E::DashboardSaved { before: None, after } => Undo::Delete("dashboards", after.id.to_string()),
        E::ReviewSaved { before: Some(b), .. } => Undo::Write(E::ReviewSaved { before: None, after: b.clone() }),
        E::ReviewSaved { before: None, after } => Undo::Delete("reviews", after.id.to_string()),
        E::ReviewItemSaved { before: Some(b), .. } => {
            Undo::Write(E::ReviewItemSaved { before: None, after: b.clone() })
        }
        E::ReviewItemSaved { before: None, after } => {
            Undo::Delete("review_items", trellis_core::reviews::item_key(after))
        }
    })
}

/// Writes the state before `events` back, newest event first; true as `persist::write`.
pub async fn revert(conn: &mut SqliteConnection, events: &[Event]) -> Result<bool, sqlx::Error> {
    let mut backlogged = false;
    let mut writes: Vec<Event> = Vec::new();
    for undo in events.iter().rev().filter_map(inverse) {
        match undo {
            Undo::Write(e) => writes.push(e),
            Undo::Delete(table, id) => {
                backlogged |= persist::write(conn, &writes).await?;
                writes.clear();
                if table == "members" {
                    // A backlog row for this member must not outlive its row.
                    crate::backlog::drain(conn).await?;
                }
                if table == "contacts" {
                    sqlx::query("DELETE FROM partner_credentials WHERE contact_id = ?")
                        .bind(&id)
                        .execute(&mut *conn)
                        .await?;
                }
                // `table` is one of the names above, never input.
                sqlx::query(&format!("DELETE FROM {table} WHERE id = ?")).bind(&id).execute(&mut *conn).await?;
            }
        }
    }
    backlogged |= persist::write(conn, &writes).await?;
    Ok(backlogged)
}
