//! RPT-5 from a checkpoint: a whole typed state moved by the journal's changes one entity
//! at a time, through `State::commit` and `State::revert` — the same code that moves the
//! live state — so only the entities a change names go through JSON (field by field, as
//! the journal says them), and nothing has to rebuild the whole state at the end.
//!
//! Replays from the first entry stay with `Rebuild`: there most entities are created by
//! the replay, and typing them once at the end is cheaper than indexing each on its way.

use super::{direction, overlay, Change, Direction};
use crate::event::Event;
use crate::ids::*;
use crate::records::Person;
use crate::state::State;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use std::sync::Arc;

/// A typed state being moved through the journal. It is shared until the first change
/// (a checkpoint kept in memory is copied only when a replay moves it).
pub struct Replay {
    state: Arc<State>,
    /// Entries replayed, from the first one (those the checkpoint summarises included).
    pub entries: u64,
}

/// How an entity leaves the state: the event saying it was deleted, or its creation
/// taken back (kinds that are never deleted, only created — and then undone by a sync).
enum Gone {
    Deleted(Event),
    Uncreated(Event),
}

fn uuid(kind: &str, id: &str) -> Result<uuid::Uuid, String> {
    uuid::Uuid::parse_str(id).map_err(|_| format!("{kind} {id}: not an id"))
}

/// The entity after a change: `to` whole when it is created here (or changed without its
/// creation ever seen — then its fields are all there is to know), else `to`'s fields
/// laid over the current one.
fn next<T: Serialize + DeserializeOwned>(
    kind: &str,
    id: &str,
    current: Option<&T>,
    had: bool,
    to: Value,
) -> Result<T, String> {
    let whole = match current.filter(|_| had) {
        Some(c) => {
            let mut v = serde_json::to_value(c).map_err(|e| format!("{kind} {id}: {e}"))?;
            overlay(&mut v, &to);
            v
        }
        None => to,
    };
    serde_json::from_value(whole).map_err(|e| format!("{kind} {id} cannot be rebuilt: {e}"))
}

impl Replay {
    pub fn new(state: Arc<State>, entries: u64) -> Self {
        Replay { state, entries }
    }

    pub fn state(&self) -> &Arc<State> {
        &self.state
    }

    pub fn into_state(self) -> Arc<State> {
        self.state
    }

    /// Replays one journal entry's changes, as `Rebuild::apply` does.
    pub fn apply(&mut self, action: &str, changes: Vec<Change>) -> Result<(), String> {
        self.entries += 1;
        let dir = direction(action);
        let changes: Box<dyn Iterator<Item = Change>> = match dir {
            Direction::None => return Ok(()),
            Direction::Forward => Box::new(changes.into_iter()),
            Direction::Backward => Box::new(changes.into_iter().rev()),
        };
        for c in changes {
            let (from, to) = match dir {
                Direction::Backward => (c.after, c.before),
                _ => (c.before, c.after),
            };
            self.change(&c.kind, &c.id, from.is_some(), to)?;
        }
        Ok(())
    }

    /// Moves one entity: `to` none removes it; `had` says the change started from one.
    fn change(&mut self, kind: &str, id: &str, had: bool, to: Option<Value>) -> Result<(), String> {
        // Credentials, messages and notes are not state: no copy of a shared state for them.
        if !super::KINDS.contains(&kind) {
            return Ok(());
        }
        let s = Arc::make_mut(&mut self.state);
        // An entity of a kind kept by id in the state: read by `$get`, saved as `$saved`,
        // gone as `$gone` (a deletion event, or its creation taken back).
        macro_rules! moved {
            ($id:ident, $get:ident, $saved:ident, $how:ident($gone:ident)) => {{
                let cur = s.$get($id(uuid(kind, id)?)).cloned();
                let saved = |b, a| Event::$saved { before: b, after: a };
                step(s, kind, id, cur, had, to, saved, |c| Gone::$how(moved!(@gone $gone, c)))
            }};
            (@gone RoleDeleted, $c:ident) => { Event::RoleDeleted { before: $c } };
            (@gone HierarchyRoleDeleted, $c:ident) => { Event::HierarchyRoleDeleted { before: $c } };
            (@gone SharingRuleDeleted, $c:ident) => { Event::SharingRuleDeleted { before: $c } };
            (@gone DashboardDeleted, $c:ident) => { Event::DashboardDeleted { before: $c } };
            (@gone $saved:ident, $c:ident) => { Event::$saved { before: None, after: $c } };
        }
        match kind {
            "workspace" => {
                let current = s.workspace().cloned();
                match (to, current) {
                    (None, Some(w)) => s.revert(&[Event::WorkspaceCreated { workspace: w, roles: vec![] }]),
                    (None, None) => {}
                    (Some(v), current) => {
                        let after = next(kind, id, current.as_ref(), had, v)?;
                        match current {
                            Some(before) if had => s.commit(&[Event::WorkspaceSaved { before, after }]),
                            _ => {
                                // Created with the built-in roles, which its entry does not list.
                                let roles = crate::model::Builtin::ALL
                                    .iter()
                                    .map(|b| b.role())
                                    .filter(|r| s.role(r.id).is_none())
                                    .collect();
                                s.commit(&[Event::WorkspaceCreated { workspace: after, roles }]);
                            }
                        }
                    }
                }
                Ok(())
            }
            "member" => moved!(MemberId, member, MemberSaved, Uncreated(MemberSaved)),
            "role" => moved!(RoleId, role, RoleSaved, Deleted(RoleDeleted)),
            "partner_account" => moved!(PartnerAccountId, account, PartnerAccountSaved, Uncreated(PartnerAccountSaved)),
            "hierarchy_role" => {
                moved!(HierarchyRoleId, hierarchy_role, HierarchyRoleSaved, Deleted(HierarchyRoleDeleted))
            }
            "contact" => moved!(ContactId, contact, ContactSaved, Uncreated(ContactSaved)),
            "record" => moved!(RecordId, record, RecordSaved, Uncreated(RecordSaved)),
            "item" => moved!(ItemId, item, ItemSaved, Uncreated(ItemSaved)),
            "sharing_rule" => moved!(SharingRuleId, sharing_rule, SharingRuleSaved, Deleted(SharingRuleDeleted)),
            "dashboard" => moved!(DashboardId, dashboard, DashboardSaved, Deleted(DashboardDeleted)),
            "review" => {
                let rid = ReviewId(uuid(kind, id)?);
                let cur = s.reviews().review(rid).cloned();
                let saved = |b, a| Event::ReviewSaved { before: b, after: a };
                step(s, kind, id, cur, had, to, saved, |c| {
                    Gone::Uncreated(Event::ReviewSaved { before: None, after: c })
                })
            }
            "review_item" => {
                let (review, person) = item_key(id)?;
                let cur = s.reviews().item(review, person).cloned();
                let saved = |b, a| Event::ReviewItemSaved { before: b, after: a };
                step(s, kind, id, cur, had, to, saved, |c| {
                    Gone::Uncreated(Event::ReviewItemSaved { before: None, after: c })
                })
            }
            // Credentials, messages and notes are not state.
            _ => Ok(()),
        }
    }
}

/// `reviews::item_key` read back: `REVIEW/member:ID` or `REVIEW/contact:ID`.
fn item_key(key: &str) -> Result<(ReviewId, Person), String> {
    let bad = || format!("review_item {key}: not an item key");
    let (review, person) = key.split_once('/').ok_or_else(bad)?;
    let review = ReviewId(uuid::Uuid::parse_str(review).map_err(|_| bad())?);
    let person = match person.split_once(':') {
        Some(("member", id)) => Person::Member(MemberId(uuid::Uuid::parse_str(id).map_err(|_| bad())?)),
        Some(("contact", id)) => Person::Contact(ContactId(uuid::Uuid::parse_str(id).map_err(|_| bad())?)),
        _ => return Err(bad()),
    };
    Ok((review, person))
}

/// One entity of a kind moved: saved (created or changed), or gone.
#[allow(clippy::too_many_arguments)]
fn step<T: Serialize + DeserializeOwned>(
    state: &mut State,
    kind: &str,
    id: &str,
    current: Option<T>,
    had: bool,
    to: Option<Value>,
    saved: impl Fn(Option<T>, T) -> Event,
    gone: impl Fn(T) -> Gone,
) -> Result<(), String> {
    match to {
        None => match current.map(gone) {
            Some(Gone::Deleted(e)) => state.commit(&[e]),
            Some(Gone::Uncreated(e)) => state.revert(&[e]),
            None => {}
        },
        Some(v) => {
            let after = next(kind, id, current.as_ref(), had, v)?;
            state.commit(&[saved(current, after)]);
        }
    }
    Ok(())
}
