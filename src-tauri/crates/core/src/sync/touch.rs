//! What a change touched, field by field, and where two changes collide (SYNC-2).
//!
//! Two changes conflict when both changed the same field of the same thing to different
//! values. Nested objects count field by field (`access.portal_role`), and a role's
//! permissions count permission by permission, so one manager ticking *Leads · Delete*
//! while another renames the role, or unticks *Leads · Read*, is no conflict at all.

use crate::event::Event;
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// One field of one entity changed: `field` is a dotted path; an empty path means the
/// entity itself was deleted. `label` names the entity as it was before the change.
#[derive(Clone, Debug, PartialEq)]
pub struct Touch {
    pub kind: &'static str,
    pub id: String,
    pub label: String,
    pub field: String,
    pub before: Value,
    pub after: Value,
}

/// Both sides changed one field since the same base: the three values to choose between.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize, ts_rs::TS)]
pub struct FieldConflict {
    pub kind: String,
    pub id: String,
    pub label: String,
    pub field: String,
    #[ts(type = "unknown")]
    pub base: Value,
    #[ts(type = "unknown")]
    pub theirs: Value,
    #[ts(type = "unknown")]
    pub mine: Value,
}

fn json<T: Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// The fields each event changed on entities that existed before it. Creations touch
/// nothing another change could also touch: ids are never reused.
pub fn touches(events: &[Event]) -> Vec<Touch> {
    let mut out = Vec::new();
    for e in events {
        let (kind, id, label, before, after) = match e {
            Event::WorkspaceCreated { .. } => continue,
            Event::WorkspaceSaved { before, after } => {
                ("workspace", "workspace".to_owned(), after.name.clone(), json(before), json(after))
            }
            Event::MemberSaved { before: Some(b), after } => {
                ("member", after.id.to_string(), b.email.clone(), json(b), json(after))
            }
            Event::RoleSaved { before: Some(b), after } => {
                ("role", after.id.to_string(), b.name.clone(), json(b), json(after))
            }
            Event::RoleDeleted { before } => {
                ("role", before.id.to_string(), before.name.clone(), json(before), Value::Null)
            }
            Event::HierarchyRoleSaved { before: Some(b), after } => {
                ("hierarchy_role", after.id.to_string(), b.name.clone(), json(b), json(after))
            }
            Event::HierarchyRoleDeleted { before } => {
                ("hierarchy_role", before.id.to_string(), before.name.clone(), json(before), Value::Null)
            }
            Event::PartnerAccountSaved { before: Some(b), after } => {
                ("partner_account", after.id.to_string(), b.name.clone(), json(b), json(after))
            }
            Event::ContactSaved { before: Some(b), after } => {
                ("contact", after.id.to_string(), b.email.clone(), json(b), json(after))
            }
            Event::RecordSaved { before: Some(b), after } => {
                ("record", after.id.to_string(), b.name.clone(), json(b), json(after))
            }
            Event::ItemSaved { before: Some(b), after } => {
                ("item", after.id.to_string(), b.name.clone(), json(b), json(after))
            }
            Event::SharingRuleSaved { before: Some(b), after } => {
                ("sharing_rule", after.id.to_string(), b.name.clone(), json(b), json(after))
            }
            Event::SharingRuleDeleted { before } => {
                ("sharing_rule", before.id.to_string(), before.name.clone(), json(before), Value::Null)
            }
            Event::DashboardSaved { before: Some(b), after } => {
                ("dashboard", after.id.to_string(), b.name.clone(), json(b), json(after))
            }
            Event::DashboardDeleted { before } => {
                ("dashboard", before.id.to_string(), before.name.clone(), json(before), Value::Null)
            }
            Event::ReviewSaved { before: Some(b), after } => {
                ("review", after.id.to_string(), b.name.clone(), json(b), json(after))
            }
            // Two reviewers deciding one person's item: the second decision meets the first.
            Event::ReviewItemSaved { before: Some(b), after } => {
                let id = crate::reviews::item_key(after);
                ("review_item", id.clone(), id, json(b), json(after))
            }
            _ => continue,
        };
        if after.is_null() {
            out.push(Touch { kind, id, label, field: String::new(), before, after });
            continue;
        }
        let mut fields = Vec::new();
        diff("", &before, &after, &mut fields);
        for (field, b, a) in fields {
            out.push(Touch { kind, id: id.clone(), label: label.clone(), field, before: b, after: a });
        }
    }
    out
}

fn diff(path: &str, before: &Value, after: &Value, out: &mut Vec<(String, Value, Value)>) {
    match (before, after) {
        (Value::Object(b), Value::Object(a)) => {
            for key in keys(b, a) {
                if path.is_empty() && key == "version" {
                    continue;
                }
                let sub = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                let (bv, av) = (b.get(&key).unwrap_or(&Value::Null), a.get(&key).unwrap_or(&Value::Null));
                diff(&sub, bv, av, out);
            }
        }
        (Value::Array(b), Value::Array(a)) if path == "permissions" => {
            let has = |list: &Vec<Value>, v: &Value| list.contains(v);
            for v in b.iter().filter(|v| !has(a, v)) {
                out.push((
                    format!("permissions.{}", v.as_str().unwrap_or_default()),
                    Value::Bool(true),
                    Value::Bool(false),
                ));
            }
            for v in a.iter().filter(|v| !has(b, v)) {
                out.push((
                    format!("permissions.{}", v.as_str().unwrap_or_default()),
                    Value::Bool(false),
                    Value::Bool(true),
                ));
            }
        }
        _ if before != after => out.push((path.to_owned(), before.clone(), after.clone())),
        _ => {}
    }
}

fn keys(b: &Map<String, Value>, a: &Map<String, Value>) -> Vec<String> {
    let mut keys: Vec<String> = b.keys().chain(a.keys()).cloned().collect();
    keys.sort();
    keys.dedup();
    keys
}

/// Where `mine` collides with `theirs`: the same field changed to different values, or a
/// field changed on something the other side deleted. `theirs` holds, per field, the
/// value before the first of their changes and after the last.
///
/// Paths nest: one side may have set a whole object (`access`, given where there was
/// none) while the other changed one of its fields (`access.enabled`). Those collide
/// when the value each side left at the deeper path differs.
pub fn conflicts(mine: &[Touch], theirs: &HashMap<(String, String, String), (Value, Value)>) -> Vec<FieldConflict> {
    let mut out = Vec::new();
    for t in mine {
        let key = |field: &str| (t.kind.to_owned(), t.id.clone(), field.to_owned());
        let deleted = theirs.get(&key(""));
        let mut hit = match theirs.get(&key(&t.field)) {
            Some((_, after)) if *after != t.after => Some(after.clone()),
            _ => None,
        };
        if hit.is_none() && deleted.is_some() && !t.field.is_empty() {
            hit = Some(Value::String("(deleted)".into()));
        }
        // Theirs set an enclosing object: compare what it holds at my path.
        let mut prefix = t.field.as_str();
        while hit.is_none() {
            let Some(dot) = prefix.rfind('.') else { break };
            prefix = &prefix[..dot];
            if let Some((_, after)) = theirs.get(&key(prefix)) {
                let theirs_here = value_at(after, &t.field[dot + 1..]);
                if theirs_here != t.after {
                    hit = Some(theirs_here);
                }
            }
        }
        // I set an enclosing object (only where there was none, or none is left): compare
        // it with each deeper field they changed. Rare, so a scan is fine.
        if hit.is_none() && !t.field.is_empty() && (t.before.is_object() || t.after.is_object()) {
            let deeper = format!("{}.", t.field);
            hit = theirs.iter().find_map(|((kind, id, field), (_, after))| {
                let rest = field.strip_prefix(&deeper)?;
                (kind == t.kind && *id == t.id && value_at(&t.after, rest) != *after).then(|| after.clone())
            });
        }
        if let Some(theirs) = hit {
            out.push(FieldConflict {
                kind: t.kind.to_owned(),
                id: t.id.clone(),
                label: t.label.clone(),
                field: t.field.clone(),
                base: t.before.clone(),
                theirs,
                mine: t.after.clone(),
            });
        }
    }
    out
}

/// The value at a dotted path inside `v` (null where there is none).
pub fn value_at(v: &Value, path: &str) -> Value {
    path.split('.').try_fold(v, |v, key| v.get(key)).cloned().unwrap_or(Value::Null)
}

/// Folds touches into the per-field map [`conflicts`] reads.
pub fn accumulate(map: &mut HashMap<(String, String, String), (Value, Value)>, touches: Vec<Touch>) {
    for t in touches {
        map.entry((t.kind.to_owned(), t.id, t.field))
            .and_modify(|(_, after)| *after = t.after.clone())
            .or_insert((t.before, t.after));
    }
}

/// What a change is about, in words: the name or email of the first thing it changed.
pub fn subject(events: &[Event]) -> String {
    let label = |e: &Event| -> Option<String> {
        Some(match e {
            Event::WorkspaceCreated { workspace, .. } => workspace.name.clone(),
            Event::WorkspaceSaved { after, .. } => after.name.clone(),
            Event::MemberSaved { after, .. } => after.email.clone(),
            Event::RoleSaved { after, .. } => after.name.clone(),
            Event::RoleDeleted { before } => before.name.clone(),
            Event::HierarchyRoleSaved { after, .. } => after.name.clone(),
            Event::HierarchyRoleDeleted { before } => before.name.clone(),
            Event::PartnerAccountSaved { after, .. } => after.name.clone(),
            Event::ContactSaved { after, .. } => after.email.clone(),
            Event::RecordSaved { after, .. } => after.name.clone(),
            Event::ItemSaved { after, .. } => after.name.clone(),
            Event::SharingRuleSaved { after, .. } => after.name.clone(),
            Event::SharingRuleDeleted { before } => before.name.clone(),
            Event::DashboardSaved { after, .. } => after.name.clone(),
            Event::DashboardDeleted { before } => before.name.clone(),
            Event::ReviewSaved { after, .. } => after.name.clone(),
            Event::ReviewItemSaved { after, .. } => format!("review item {}", crate::reviews::item_key(after)),
        })
    };
    let first = events.first().and_then(label).unwrap_or_default();
    match events.len() {
        0 | 1 => first,
        n => format!("{first} and {} more", n - 1),
    }
}
