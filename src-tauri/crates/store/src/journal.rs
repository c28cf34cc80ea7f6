//! Journal entries: what the audit log shows, and what replay reads.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use trellis_core::{Event, Member};

/// One entity changed by an op: only the fields that changed, before → after.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub kind: String,
    pub id: String,
    pub label: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct JournalEntry {
    pub seq: i64,
    pub at: i64,
    pub actor: trellis_core::Actor,
    pub actor_label: String,
    pub action: String,
    pub target: String,
    /// The op, for entries that changed access state; `None` for security events
    /// (sign-ins, locks, password changes), which replay skips.
    pub op: Option<trellis_core::Op>,
    pub changes: Vec<Change>,
}

/// The fields of `before` and `after` that differ (all of them for a creation or deletion).
fn diff(before: Option<Value>, after: Option<Value>) -> (Option<Value>, Option<Value>) {
    match (before, after) {
        (Some(Value::Object(b)), Some(Value::Object(a))) => {
            let mut bo = Map::new();
            let mut ao = Map::new();
            // Every key on either side: a field cleared (absent after, like a role set to
            // none) is a change too.
            let keys = b.keys().chain(a.keys().filter(|k| !b.contains_key(*k)));
            for k in keys {
                let (bv, av) = (b.get(k).unwrap_or(&Value::Null), a.get(k).unwrap_or(&Value::Null));
                if bv != av && k != "version" {
                    bo.insert(k.clone(), bv.clone());
                    ao.insert(k.clone(), av.clone());
                }
            }
            (Some(Value::Object(bo)), Some(Value::Object(ao)))
        }
        other => other,
    }
}

/// `diff` for members, field by field: a bulk change of 10,000 members would otherwise
/// turn 20,000 members into JSON trees only to find the one field that moved.
fn member_diff(before: &Member, after: &Member) -> (Option<Value>, Option<Value>) {
    let (mut b, mut a) = (Map::new(), Map::new());
    fn v<T: Serialize>(x: &T) -> Value {
        serde_json::to_value(x).unwrap_or(Value::Null)
    }
    macro_rules! diffed {
        ($($field:ident),*) => {
            // Exhaustive: a field added to Member fails to compile here until it is listed.
            let Member { id: _, version: _, $($field: _),* } = after;
            $(if before.$field != after.$field {
                b.insert(stringify!($field).to_owned(), v(&before.$field));
                a.insert(stringify!($field).to_owned(), v(&after.$field));
            })*
        };
    }
    diffed!(email, name, role, hierarchy_role, db_login, status, invited_at, joined_at, removed_at, invites_sent);
    (Some(Value::Object(b)), Some(Value::Object(a)))
}

fn json<T: Serialize>(v: &T) -> Option<Value> {
    serde_json::to_value(v).ok()
}

pub fn changes(events: &[Event]) -> Vec<Change> {
    events
        .iter()
        .map(|e| match e {
            Event::WorkspaceCreated { workspace, .. } => Change {
                kind: "workspace".into(),
                id: "workspace".into(),
                label: workspace.name.clone(),
                before: None,
                after: json(workspace),
            },
            Event::WorkspaceSaved { before, after } => {
                let (b, a) = diff(json(before), json(after));
                Change {
                    kind: "workspace".into(),
                    id: "workspace".into(),
                    label: after.name.clone(),
                    before: b,
                    after: a,
                }
            }
            Event::MemberSaved { before, after } => {
                let (b, a) = match before {
                    Some(before) => member_diff(before, after),
                    None => (None, json(after)),
                };
                Change {
                    kind: "member".into(),
                    id: after.id.to_string(),
                    label: after.email.clone(),
                    before: b,
                    after: a,
                }
            }
            Event::RoleSaved { before, after } => {
                let (b, a) = diff(before.as_ref().and_then(json), json(after));
                Change { kind: "role".into(), id: after.id.to_string(), label: after.name.clone(), before: b, after: a }
            }
            Event::PartnerAccountSaved { before, after } => {
                let (b, a) = diff(before.as_ref().and_then(json), json(after));
                Change {
                    kind: "partner_account".into(),
                    id: after.id.to_string(),
                    label: after.name.clone(),
                    before: b,
                    after: a,
                }
            }
            Event::HierarchyRoleSaved { before, after } => {
                let (b, a) = diff(before.as_ref().and_then(json), json(after));
                Change {
                    kind: "hierarchy_role".into(),
                    id: after.id.to_string(),
                    label: after.name.clone(),
                    before: b,
                    after: a,
                }
            }
            Event::ContactSaved { before, after } => {
                let (b, a) = diff(before.as_ref().and_then(json), json(after));
                Change {
                    kind: "contact".into(),
                    id: after.id.to_string(),
                    label: after.email.clone(),
                    before: b,
                    after: a,
                }
            }
            Event::RoleDeleted { before } => deleted("role", before.id.to_string(), &before.name, json(before)),
            Event::HierarchyRoleDeleted { before } => {
                deleted("hierarchy_role", before.id.to_string(), &before.name, json(before))
            }
            Event::SharingRuleDeleted { before } => {
                deleted("sharing_rule", before.id.to_string(), &before.name, json(before))
            }
            Event::RecordSaved { before, after } => {
                saved("record", after.id.to_string(), &after.name, before.as_ref().and_then(json), json(after))
            }
            Event::ItemSaved { before, after } => {
                saved("item", after.id.to_string(), &after.name, before.as_ref().and_then(json), json(after))
            }
            Event::SharingRuleSaved { before, after } => {
                saved("sharing_rule", after.id.to_string(), &after.name, before.as_ref().and_then(json), json(after))
            }
        })
        .collect()
}

fn saved(kind: &str, id: String, label: &str, before: Option<Value>, after: Option<Value>) -> Change {
    let (before, after) = diff(before, after);
    Change { kind: kind.into(), id, label: label.to_owned(), before, after }
}

fn deleted(kind: &str, id: String, label: &str, before: Option<Value>) -> Change {
    Change { kind: kind.into(), id, label: label.to_owned(), before, after: None }
}

/// The audit list's target of a journal row for `op`: a published draft by its name, else
/// `target_of`.
pub fn target_for(op: &trellis_core::Op, changes: &[Change]) -> String {
    match op {
        trellis_core::Op::PublishDraft { name, .. } => format!("Draft “{name}”"),
        _ => target_of(op.action(), changes),
    }
}

/// What an op did it to, for the audit list: the one entity of the op's own kind when there
/// is one (a deleted role, not the first of its former members), else a summary.
/// A preview's reason, attached to each change made in it, is a note, not a target.
pub fn target_of(action: &str, changes: &[Change]) -> String {
    let domain = match action.split('.').next().unwrap_or_default() {
        "partner_user" => "contact",
        other => other,
    };
    let changes: Vec<&Change> = changes.iter().filter(|c| c.kind != "preview").collect();
    let main: Vec<&Change> = changes.iter().copied().filter(|c| c.kind == domain).collect();
    match main.as_slice() {
        [one] if changes.len() > 1 => format!("{} (and {} more)", one.label, changes.len() - 1),
        [one] => one.label.clone(),
        _ => target(&changes),
    }
}

/// A short description of what an op touched, for the audit list.
pub fn target(changes: &[&Change]) -> String {
    match changes {
        [] => "nothing".into(),
        [one] => one.label.clone(),
        [first, rest @ ..] => {
            let same_kind = rest.iter().all(|c| c.kind == first.kind);
            if same_kind {
                format!("{} {}s", changes.len(), first.kind)
            } else {
                format!("{} and {} more", first.label, rest.len())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use trellis_core::{Builtin, MemberId, MemberStatus};

    fn member() -> Member {
        Member {
            id: MemberId::new_v7(),
            email: "ana@acme.test".into(),
            name: "Ana".into(),
            role: Some(Builtin::Member.id()),
            hierarchy_role: None,
            db_login: None,
            status: MemberStatus::Pending,
            invited_at: 5,
            joined_at: None,
            removed_at: None,
            invites_sent: 1,
            version: 1,
        }
    }

    /// The field-by-field diff says exactly what the generic one says, for every field.
    #[test]
    fn member_diff_matches_the_generic_diff() {
        let before = member();
        let edits: Vec<fn(&mut Member)> = vec![
            |m| m.email = "ana.b@acme.test".into(),
            |m| m.name = String::new(),
            |m| m.role = None,
            |m| m.role = Some(Builtin::Admin.id()),
            |m| m.hierarchy_role = Some(trellis_core::HierarchyRoleId::new_v7()),
            |m| m.db_login = Some("ana".into()),
            |m| m.status = MemberStatus::Active,
            |m| m.invited_at = 6,
            |m| m.joined_at = Some(7),
            |m| m.removed_at = Some(8),
            |m| m.invites_sent = 2,
            |m| m.version = 2,
            |m| {
                m.role = None;
                m.status = MemberStatus::Removed;
                m.removed_at = Some(9);
            },
        ];
        for edit in edits {
            let mut after = before.clone();
            edit(&mut after);
            assert_eq!(member_diff(&before, &after), diff(json(&before), json(&after)), "{after:?}");
        }
    }
}
