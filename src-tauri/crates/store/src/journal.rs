//! Journal entries: what the audit log shows, and what replay reads.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use trellis_core::{Event, Member, Op};

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

fn json<T: Serialize>(v: &T) -> Option<Value> {
    serde_json::to_value(v).ok()
}

/// What the audit list names an entity by: its kind and label.
pub struct Touched<'a> {
    pub kind: &'a str,
    pub label: &'a str,
}

fn touched(e: &Event) -> Touched<'_> {
    let (kind, label): (&str, &str) = match e {
        Event::WorkspaceCreated { workspace, .. } => ("workspace", &workspace.name),
        Event::WorkspaceSaved { after, .. } => ("workspace", &after.name),
        Event::MemberSaved { after, .. } => ("member", &after.email),
        Event::RoleSaved { after, .. } => ("role", &after.name),
        Event::RoleDeleted { before } => ("role", &before.name),
        Event::PartnerAccountSaved { after, .. } => ("partner_account", &after.name),
        Event::HierarchyRoleSaved { after, .. } => ("hierarchy_role", &after.name),
        Event::HierarchyRoleDeleted { before } => ("hierarchy_role", &before.name),
        Event::ContactSaved { after, .. } => ("contact", &after.email),
        Event::RecordSaved { after, .. } => ("record", &after.name),
        Event::ItemSaved { after, .. } => ("item", &after.name),
        Event::SharingRuleSaved { after, .. } => ("sharing_rule", &after.name),
        Event::SharingRuleDeleted { before } => ("sharing_rule", &before.name),
        Event::DashboardSaved { after, .. } => ("dashboard", &after.name),
        Event::DashboardDeleted { before } => ("dashboard", &before.name),
        Event::ReviewSaved { after, .. } => ("review", &after.name),
        Event::ReviewItemSaved { .. } => ("review_item", "an access review's item"),
    };
    Touched { kind, label }
}

type Values = (String, Option<Value>, Option<Value>);

fn saved<T: Serialize>(id: impl std::fmt::Display, before: Option<&T>, after: &T) -> Values {
    let (b, a) = diff(before.and_then(json), json(after));
    (id.to_string(), b, a)
}

fn deleted<T: Serialize>(id: impl std::fmt::Display, before: &T) -> Values {
    (id.to_string(), json(before), None)
}

/// An event's entity id and its before → after as the journal keeps them.
fn values(e: &Event) -> Values {
    match e {
        Event::WorkspaceCreated { workspace, .. } => ("workspace".into(), None, json(workspace)),
        Event::WorkspaceSaved { before, after } => saved("workspace", Some(before), after),
        Event::MemberSaved { before, after } => saved(after.id, before.as_ref(), after),
        Event::RoleSaved { before, after } => saved(after.id, before.as_ref(), after),
        Event::RoleDeleted { before } => deleted(before.id, before),
        Event::PartnerAccountSaved { before, after } => saved(after.id, before.as_ref(), after),
        Event::HierarchyRoleSaved { before, after } => saved(after.id, before.as_ref(), after),
        Event::HierarchyRoleDeleted { before } => deleted(before.id, before),
        Event::ContactSaved { before, after } => saved(after.id, before.as_ref(), after),
        Event::RecordSaved { before, after } => saved(after.id, before.as_ref(), after),
        Event::ItemSaved { before, after } => saved(after.id, before.as_ref(), after),
        Event::SharingRuleSaved { before, after } => saved(after.id, before.as_ref(), after),
        Event::SharingRuleDeleted { before } => deleted(before.id, before),
        Event::DashboardSaved { before, after } => saved(after.id, before.as_ref(), after),
        Event::DashboardDeleted { before } => deleted(before.id, before),
        Event::ReviewSaved { before, after } => saved(after.id, before.as_ref(), after),
        Event::ReviewItemSaved { before, after } => {
            saved(trellis_core::reviews::item_key(after), before.as_ref(), after)
        }
    }
}

/// The journal's change for one event.
fn change(e: &Event) -> Change {
    let Touched { kind, label } = touched(e);
    let (id, before, after) = values(e);
    Change { kind: kind.to_owned(), id, label: label.to_owned(), before, after }
}

/// What a journal row says an op changed: its `changes` column and the audit list's target.
pub struct Recorded {
    pub changes: String,
    pub target: String,
}

/// The journal's record of `events` (then `extra`: credential and preview notes) for `op`.
/// The JSON is what serializing every event's `change` gives, but member changes are
/// written straight, field by field: a bulk change of 10,000 members would otherwise
/// build, serialize and free 20,000 JSON trees to say which one field moved.
pub fn record(op: &Op, events: &[Event], extra: &[Change]) -> Recorded {
    let mut out = Vec::with_capacity(2 + events.len() * 240);
    let mut scratch = Vec::new();
    let mut named = Vec::with_capacity(events.len() + extra.len());
    out.push(b'[');
    for e in events {
        if out.len() > 1 {
            out.push(b',');
        }
        match e {
            Event::MemberSaved { before: Some(before), after } => member_change(&mut out, &mut scratch, before, after),
            other => put(&mut out, &change(other)),
        }
        named.push(touched(e));
    }
    for c in extra {
        if out.len() > 1 {
            out.push(b',');
        }
        put(&mut out, c);
        named.push(Touched { kind: &c.kind, label: &c.label });
    }
    out.push(b']');
    let target = target_for(op, &named);
    Recorded { changes: String::from_utf8(out).expect("serde_json writes UTF-8"), target }
}

fn put<T: Serialize + ?Sized>(out: &mut Vec<u8>, v: &T) {
    // Writing plain data into a Vec cannot fail.
    serde_json::to_writer(&mut *out, v).expect("journal data serializes");
}

/// A member's change as `change` would write it: the fields that differ (but the
/// version), before → after. `after_fields` is scratch space, reused between members.
fn member_change(out: &mut Vec<u8>, after_fields: &mut Vec<u8>, before: &Member, after: &Member) {
    out.extend_from_slice(b"{\"kind\":\"member\",\"id\":\"");
    out.extend_from_slice(after.id.0.hyphenated().encode_lower(&mut uuid::Uuid::encode_buffer()).as_bytes());
    out.extend_from_slice(b"\",\"label\":");
    put(out, &after.email);
    out.extend_from_slice(b",\"before\":{");
    after_fields.clear();
    let mut first = true;
    macro_rules! differing {
        ($($field:ident),*) => {
            // Exhaustive: a field added to Member fails to compile here until it is listed.
            let Member { id: _, version: _, $($field: _),* } = after;
            $(if before.$field != after.$field {
                if !first {
                    out.push(b',');
                    after_fields.push(b',');
                }
                first = false;
                let key = concat!("\"", stringify!($field), "\":").as_bytes();
                out.extend_from_slice(key);
                put(out, &before.$field);
                after_fields.extend_from_slice(key);
                put(after_fields, &after.$field);
            })*
        };
    }
    differing!(email, name, role, hierarchy_role, db_login, status, invited_at, joined_at, removed_at, invites_sent);
    out.extend_from_slice(b"},\"after\":{");
    out.extend_from_slice(after_fields);
    out.extend_from_slice(b"}}");
}

/// The audit list's target of a journal row for `op`: a published draft by its name, else
/// `target_of`.
pub fn target_for(op: &Op, changes: &[Touched]) -> String {
    match op {
        Op::PublishDraft { name, .. } => format!("Draft “{name}”"),
        _ => target_of(op.action(), changes),
    }
}

/// What an op did it to, for the audit list: the one entity of the op's own kind when there
/// is one (a deleted role, not the first of its former members), else a summary.
/// A preview's reason, attached to each change made in it, is a note, not a target.
pub fn target_of(action: &str, changes: &[Touched]) -> String {
    let domain = match action.split('.').next().unwrap_or_default() {
        "partner_user" => "contact",
        other => other,
    };
    let changes: Vec<&Touched> = changes.iter().filter(|c| c.kind != "preview").collect();
    let main: Vec<&Touched> = changes.iter().copied().filter(|c| c.kind == domain).collect();
    match main.as_slice() {
        [one] if changes.len() > 1 => format!("{} (and {} more)", one.label, changes.len() - 1),
        [one] => one.label.to_owned(),
        _ => target(&changes),
    }
}

/// A short description of what an op touched, for the audit list.
pub fn target(changes: &[&Touched]) -> String {
    match changes {
        [] => "nothing".into(),
        [one] => one.label.to_owned(),
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

    fn op() -> Op {
        Op::ChangeRoles { members: Vec::new(), role: None }
    }

    fn parsed(r: &Recorded) -> Vec<Change> {
        serde_json::from_str(&r.changes).expect("the changes column is JSON")
    }

    /// A member's change written field by field says exactly what the generic diff of the
    /// two members as JSON says, for every field (the version never shows).
    #[test]
    fn member_changes_written_straight_match_the_generic_change() {
        let before = member();
        let edits: Vec<fn(&mut Member)> = vec![
            |m| m.email = "ana.b@acme.test".into(),
            |m| m.name = String::new(),
            |m| m.name = "\"Ana\" \u{202E}\\ \u{0}".into(),
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
            let event = Event::MemberSaved { before: Some(before.clone()), after: after.clone() };
            assert_eq!(parsed(&record(&op(), std::slice::from_ref(&event), &[])), vec![change(&event)], "{after:?}");
        }
    }

    /// Mixed events and extra notes: the column lists each event's change, then the notes.
    #[test]
    fn a_record_lists_every_change_in_order() {
        let a = member();
        let mut b = a.clone();
        b.role = None;
        let events = vec![
            Event::MemberSaved { before: None, after: a.clone() },
            Event::MemberSaved { before: Some(a.clone()), after: b.clone() },
        ];
        let note = Change { kind: "preview".into(), id: "p".into(), label: "why".into(), before: None, after: None };
        let r = record(&op(), &events, std::slice::from_ref(&note));
        let mut want: Vec<Change> = events.iter().map(change).collect();
        want.push(note);
        assert_eq!(parsed(&r), want);
        assert_eq!(r.target, "2 members");
        assert_eq!(parsed(&record(&op(), &[], &[])), Vec::<Change>::new());
    }
}
