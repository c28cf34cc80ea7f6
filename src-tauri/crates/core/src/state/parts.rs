//! A state as its entities (`Parts`) and back: the store's load path, generators, tests and
//! RPT-5's checkpoints.

use super::{slots, Parts, State};
use crate::tree::Tree;

impl State {
    /// Every entity, cloned, as `from_all` takes them (members, contacts and records in
    /// id order, as the store loads them): `from_all(to_parts())` equals this state.
    pub fn to_parts(&self) -> Parts {
        let mut parts = Parts {
            workspace: self.workspace.clone(),
            roles: self.roles.values().cloned().collect(),
            members: self.members().cloned().collect(),
            accounts: self.accounts.values().cloned().collect(),
            hierarchy: self.hierarchy.values().cloned().collect(),
            contacts: self.contacts.values().cloned().collect(),
            records: self.records.clone(),
            items: self.items.values().cloned().collect(),
            sharing_rules: self.sharing_rules.values().cloned().collect(),
            dashboards: self.dashboards.values().cloned().collect(),
            reviews: self.reviews.all().cloned().collect(),
            review_items: self.reviews.all_items().cloned().collect(),
        };
        parts.members.sort_by_key(|m| m.id);
        parts.contacts.sort_by_key(|c| c.id);
        parts.records.sort_by_key(|r| r.id);
        parts
    }

    /// As `from_parts`, with everything.
    pub fn from_all(parts: Parts) -> Self {
        let Parts {
            workspace,
            roles,
            members,
            accounts,
            hierarchy,
            contacts,
            records,
            items,
            sharing_rules,
            dashboards,
            reviews,
            review_items,
        } = parts;
        let mut state = State { workspace, ..State::default() };
        for contact in contacts {
            state.put_contact(contact);
        }
        for account in accounts {
            state.put_account(account);
        }
        for role in hierarchy {
            state.put_hierarchy_role(role);
        }
        state.tree = Tree::build(&state.hierarchy);
        for role in roles {
            state.put_role(role);
        }
        state.records.reserve(records.len());
        state.record_kinds.reserve(records.len());
        state.record_slot.reserve(records.len());
        for record in records {
            state.put_record(record);
        }
        state.items = items.into_iter().map(|i| (i.id, i)).collect();
        state.sharing_rules = sharing_rules.into_iter().map(|r| (r.id, r)).collect();
        state.dashboards = dashboards.into_iter().map(|d| (d.id, d)).collect();
        for r in reviews {
            state.reviews.put(r);
        }
        for i in review_items {
            state.reviews.put_item(i);
        }
        state.slot_of.reserve(members.len());
        let slots = slots::slots_of(members);
        for (i, slot) in slots.iter().enumerate() {
            state.slot_of.insert(slot.member.id, i as u32);
            state.index_member_keyed(&slot.member, slot.email());
        }
        state.slots = slots;
        state.order = slots::sorted(&state.slots);
        state
    }
}
