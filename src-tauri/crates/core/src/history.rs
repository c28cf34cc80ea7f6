//! RPT-5, time travel: the state as it was after a given journal entry, rebuilt from the
//! journal's before → after of every entity.
//!
//! Replaying *ops* would not do: on a shared workspace this desktop's own changes are
//! journaled when made, then taken off, rebased and put back on top when others' arrive,
//! so the journal's op order is not the order the state went through. The journal's
//! changes are: each entry records what moved, field by field, against the state it was
//! applied to — including `sync.undo_own` / `sync.redo_own`, which a sync writes around
//! others' changes whenever it took unsent changes off and put them back. Replaying the
//! changes in journal order therefore passes through every state this desktop held.
//!
//! Entities are kept as JSON while replaying (a change names fields, not types) and typed
//! once at the end. Versions are not in the diffs (they only guard concurrent edits), so a
//! rebuilt entity's version is not the one it had; nothing about access depends on it.

use crate::dashboards::Dashboard;
use crate::model::{Member, Role, Workspace};
use crate::partners::{Contact, HierarchyRole, PartnerAccount};
use crate::records::{Item, Record, SharingRule};
use crate::state::{Parts, State};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::HashMap;

mod typed;
pub use typed::Replay;

/// One entity's change as the journal's `changes` column holds it.
#[derive(Clone, Debug, Deserialize)]
pub struct Change {
    pub kind: String,
    pub id: String,
    #[serde(default)]
    pub before: Option<Value>,
    #[serde(default)]
    pub after: Option<Value>,
}

/// Entity kinds the state is made of (others — credentials, messages — are not state).
const KINDS: [&str; 12] = [
    "workspace",
    "member",
    "role",
    "partner_account",
    "hierarchy_role",
    "contact",
    "record",
    "item",
    "sharing_rule",
    "dashboard",
    "review",
    "review_item",
];

/// How an entry's changes move the state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// before → after, as applied.
    Forward,
    /// after → before: the entry took these changes off (`sync.undo_own`).
    Backward,
    /// Not a move of the state (a set-aside change's record, a note).
    None,
}

/// What an entry with `action` does to the state. `sync.set_aside` records a change
/// that was taken off; the `sync.undo_own` written with it already moved the state.
pub fn direction(action: &str) -> Direction {
    match action {
        "sync.undo_own" => Direction::Backward,
        "sync.set_aside" | "sync.keep_theirs" | "sync.refused" => Direction::None,
        _ => Direction::Forward,
    }
}

/// The state being rebuilt, entity by entity, as JSON.
#[derive(Clone, Debug, Default)]
pub struct Rebuild {
    entities: HashMap<(&'static str, String), Value>,
    /// Entries replayed.
    pub entries: u64,
}

fn kind_of(kind: &str) -> Option<&'static str> {
    KINDS.iter().copied().find(|k| *k == kind)
}

/// Sets the fields of `fields` on `target`; a field changed to null is removed (the
/// type's default, as when it was never set).
fn overlay(target: &mut Value, fields: &Value) {
    let (Value::Object(t), Value::Object(f)) = (target, fields) else { return };
    for (k, v) in f {
        if v.is_null() {
            t.remove(k);
        } else {
            t.insert(k.clone(), v.clone());
        }
    }
}

/// A checkpoint's body (RPT-5): the state's entities, typed, and how many entries made
/// them. Bodies of another format (the first kept JSON trees) read as none, and are
/// written again.
#[derive(serde::Serialize)]
struct CheckpointOut<'a> {
    format: u32,
    entries: u64,
    parts: &'a Parts,
}

#[derive(Deserialize)]
struct CheckpointIn {
    format: u32,
    entries: u64,
    parts: Parts,
}

const CHECKPOINT_FORMAT: u32 = 2;

/// `parts` after `entries` entries, as a checkpoint keeps them.
pub fn checkpoint_bytes(entries: u64, parts: &Parts) -> Vec<u8> {
    serde_json::to_vec(&CheckpointOut { format: CHECKPOINT_FORMAT, entries, parts }).unwrap_or_default()
}

/// The state a checkpoint's bytes hold, ready to move on; `None` when they do not read
/// as one.
pub fn read_checkpoint(bytes: &[u8]) -> Option<Replay> {
    let c: CheckpointIn = serde_json::from_slice(bytes).ok()?;
    (c.format == CHECKPOINT_FORMAT).then(|| Replay::new(std::sync::Arc::new(State::from_all(c.parts)), c.entries))
}

fn typed<T: serde::de::DeserializeOwned>(kind: &str, id: &str, v: Value) -> Result<T, String> {
    serde_json::from_value(v).map_err(|e| format!("{kind} {id} cannot be rebuilt: {e}"))
}

/// Entities, by kind, typed, in the order the store loads them.
fn parts_of(entities: impl Iterator<Item = ((&'static str, String), Value)>) -> Result<Parts, String> {
    let mut parts = Parts::default();
    for ((kind, id), v) in entities {
        match kind {
            "workspace" => parts.workspace = Some(typed::<Workspace>(kind, &id, v)?),
            "member" => parts.members.push(typed::<Member>(kind, &id, v)?),
            "role" => parts.roles.push(typed::<Role>(kind, &id, v)?),
            "partner_account" => parts.accounts.push(typed::<PartnerAccount>(kind, &id, v)?),
            "hierarchy_role" => parts.hierarchy.push(typed::<HierarchyRole>(kind, &id, v)?),
            "contact" => parts.contacts.push(typed::<Contact>(kind, &id, v)?),
            "record" => parts.records.push(typed::<Record>(kind, &id, v)?),
            "item" => parts.items.push(typed::<Item>(kind, &id, v)?),
            "sharing_rule" => parts.sharing_rules.push(typed::<SharingRule>(kind, &id, v)?),
            "dashboard" => parts.dashboards.push(typed::<Dashboard>(kind, &id, v)?),
            "review" => parts.reviews.push(typed::<crate::reviews::Review>(kind, &id, v)?),
            "review_item" => parts.review_items.push(typed::<crate::reviews::ReviewItem>(kind, &id, v)?),
            _ => {}
        }
    }
    // The store loads in creation order (ids are UUIDv7); the same order here gives
    // the same list orders (members, contacts of an account, records).
    parts.members.sort_by_key(|m| m.id);
    parts.contacts.sort_by_key(|c| c.id);
    parts.records.sort_by_key(|r| r.id);
    Ok(parts)
}

impl Rebuild {
    /// Replays one journal entry's changes.
    pub fn apply(&mut self, action: &str, changes: Vec<Change>) {
        self.entries += 1;
        let dir = direction(action);
        let changes: Box<dyn Iterator<Item = Change>> = match dir {
            Direction::None => return,
            Direction::Forward => Box::new(changes.into_iter()),
            // Taken off newest first: the entry lists them in the order they were made.
            Direction::Backward => Box::new(changes.into_iter().rev()),
        };
        for c in changes {
            let Some(kind) = kind_of(&c.kind) else { continue };
            let (from, to) = match dir {
                Direction::Backward => (c.after, c.before),
                _ => (c.before, c.after),
            };
            let key = (kind, c.id);
            match (from, to) {
                (_, None) => {
                    self.entities.remove(&key);
                }
                (None, Some(whole)) => {
                    if kind == "workspace" {
                        // Created with the built-in roles, which its entry does not list.
                        for b in crate::model::Builtin::ALL {
                            let role = b.role();
                            if let Ok(v) = serde_json::to_value(&role) {
                                self.entities.entry(("role", role.id.to_string())).or_insert(v);
                            }
                        }
                    }
                    self.entities.insert(key, whole);
                }
                (Some(_), Some(fields)) => match self.entities.get_mut(&key) {
                    Some(e) => overlay(e, &fields),
                    // A change to an entity this replay never saw created: its fields are
                    // all there is to know.
                    None => {
                        self.entities.insert(key, fields);
                    }
                },
            }
        }
    }

    /// The rebuilt state; an entity that no longer reads as its type is named.
    pub fn into_state(self) -> Result<State, String> {
        Ok(State::from_all(parts_of(self.entities.into_iter())?))
    }

    /// The rebuild so far, typed, for a checkpoint.
    pub fn to_parts(&self) -> Result<Parts, String> {
        parts_of(self.entities.iter().map(|(k, v)| (k.clone(), v.clone())))
    }
}

fn put<T: serde::Serialize>(out: &mut HashMap<(&'static str, String), Value>, kind: &'static str, id: String, v: &T) {
    if let Ok(v) = serde_json::to_value(v) {
        out.insert((kind, id), v);
    }
}

/// Every entity of `state` as JSON, by kind and id (what the journal's changes name).
pub fn entities(state: &State) -> HashMap<(&'static str, String), Value> {
    let mut out = HashMap::new();
    if let Some(w) = state.workspace() {
        put(&mut out, "workspace", "workspace".into(), w);
    }
    for m in state.members() {
        put(&mut out, "member", m.id.to_string(), m);
    }
    for r in state.roles() {
        put(&mut out, "role", r.id.to_string(), r);
    }
    for a in state.accounts() {
        put(&mut out, "partner_account", a.id.to_string(), a);
    }
    for h in state.hierarchy_roles() {
        put(&mut out, "hierarchy_role", h.id.to_string(), h);
    }
    for c in state.contacts() {
        put(&mut out, "contact", c.id.to_string(), c);
    }
    for r in state.records() {
        put(&mut out, "record", r.id.to_string(), r);
    }
    for i in state.items() {
        put(&mut out, "item", i.id.to_string(), i);
    }
    for s in state.sharing_rules() {
        put(&mut out, "sharing_rule", s.id.to_string(), s);
    }
    for d in state.dashboards() {
        put(&mut out, "dashboard", d.id.to_string(), d);
    }
    for r in state.reviews().all() {
        put(&mut out, "review", r.id.to_string(), r);
    }
    for i in state.reviews().all_items() {
        put(&mut out, "review_item", crate::reviews::item_key(i), i);
    }
    out
}

/// `entities` without versions: what a rebuilt state must equal (tests).
pub fn entities_without_versions(state: &State) -> HashMap<(&'static str, String), Value> {
    let mut out = entities(state);
    for v in out.values_mut() {
        if let Value::Object(m) = v {
            m.remove("version");
            strip_nulls(m);
        }
    }
    out
}

fn strip_nulls(m: &mut Map<String, Value>) {
    m.retain(|_, v| !v.is_null());
}
