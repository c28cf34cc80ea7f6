//! Contacts (partner users) loaded a row at a time through SQLite's own API: 200,000 rows
//! held at once through sqlx left the process fragmented (see `records::load_records`).

use crate::raw::Raw;
use trellis_core::partners::{Contact, PortalAccess};
use trellis_core::{Builtin, ContactId, HierarchyRoleId, PartnerAccountId, RoleId};
use uuid::Uuid;

type Result<T> = std::result::Result<T, String>;

const SELECT: &str = "SELECT id, account_id, name, email, access_enabled, portal_role_id, hierarchy_role_id,
    can_grant_subpartners, version, agent_role_id, admin_role_id, fixed_hierarchy_role, invitation, hidden_tiles
    FROM contacts";

fn uuid(text: &str) -> Result<Uuid> {
    Uuid::parse_str(text).map_err(|e| format!("id {text:?}: {e}"))
}

fn json<T: serde::de::DeserializeOwned>(what: &str, text: Option<&str>) -> Result<Option<T>> {
    text.map(|t| serde_json::from_str(t).map_err(|e| format!("{what}: {e}"))).transpose()
}

pub fn load(raw: &Raw) -> Result<Vec<Contact>> {
    let mut stmt = raw.prepare(SELECT)?;
    let mut contacts = Vec::new();
    while stmt.next()? {
        let access = match (stmt.col_text(5)?, stmt.col_text(6)?) {
            (Some(role), Some(h)) => Some(PortalAccess {
                enabled: stmt.col_int(4) != 0,
                portal_role: RoleId(uuid(role)?),
                agent_role: stmt.col_text(9)?.map(uuid).transpose()?.map(RoleId),
                admin_role: match stmt.col_text(10)? {
                    Some(id) => RoleId(uuid(id)?),
                    None => Builtin::NoAdmin.id(),
                },
                hierarchy_role: HierarchyRoleId(uuid(h)?),
                can_grant_subpartners: stmt.col_int(7) != 0,
                fixed_hierarchy_role: stmt.col_int(11) != 0,
            }),
            _ => None,
        };
        contacts.push(Contact {
            id: ContactId(uuid(stmt.col_str(0)?)?),
            account: PartnerAccountId(uuid(stmt.col_str(1)?)?),
            name: stmt.col_str(2)?.to_owned(),
            email: stmt.col_str(3)?.to_owned(),
            access,
            version: stmt.col_int(8) as u32,
            invitation: json("invitation", stmt.col_text(12)?)?,
            hidden_tiles: json("hidden tiles", stmt.col_text(13)?)?.unwrap_or_default(),
        });
    }
    contacts.shrink_to_fit();
    Ok(contacts)
}
