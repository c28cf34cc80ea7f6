//! Undoing committed events: what sync needs to take local, unacknowledged changes off
//! the state before others' changes go underneath them (then they are re-applied).
//!
//! Events are undone newest first, so an entity an event created is the newest of its kind
//! when its creation is undone — in the order this process made them. Members and records
//! live in dense arrays loaded in id order, so after a restart (or from a time-travel
//! checkpoint) one made elsewhere with a later clock can sit after it: removal moves the
//! last slot into the freed one.

use super::State;
use crate::event::Event;
use crate::ids::{ContactId, MemberId, PartnerAccountId, RecordId};
use crate::records::Person;
use crate::tree::Tree;

impl State {
    /// Reverts `events` (as `commit` applied them), newest first. Never fails: events
    /// undone in reverse order always find the state they left.
    pub fn revert(&mut self, events: &[Event]) {
        let mut hierarchy_changed = false;
        for event in events.iter().rev() {
            match event {
                Event::WorkspaceCreated { roles, .. } => {
                    self.workspace = None;
                    for role in roles {
                        self.drop_role(role.id);
                    }
                }
                Event::WorkspaceSaved { before, .. } => self.workspace = Some(before.clone()),
                Event::MemberSaved { before: Some(before), .. } => self.put_member(before.clone()),
                Event::MemberSaved { before: None, after } => self.pop_member(after.id),
                Event::RoleSaved { before: Some(before), .. } => self.put_role(before.clone()),
                Event::RoleSaved { before: None, after } => self.drop_role(after.id),
                Event::RoleDeleted { before } => self.put_role(before.clone()),
                Event::HierarchyRoleSaved { before, after } => {
                    match before {
                        Some(before) => self.put_hierarchy_role(before.clone()),
                        None => self.drop_hierarchy_role(after.id),
                    }
                    hierarchy_changed = true;
                }
                Event::HierarchyRoleDeleted { before } => {
                    self.put_hierarchy_role(before.clone());
                    hierarchy_changed = true;
                }
                Event::PartnerAccountSaved { before: Some(before), .. } => self.put_account(before.clone()),
                Event::PartnerAccountSaved { before: None, after } => self.drop_account(after.id),
                Event::ContactSaved { before: Some(before), .. } => self.put_contact(before.clone()),
                Event::ContactSaved { before: None, after } => self.drop_contact(after.id),
                Event::RecordSaved { before: Some(before), .. } => self.put_record(before.clone()),
                Event::RecordSaved { before: None, after } => self.pop_record(after.id),
                Event::ItemSaved { before: Some(before), .. } => {
                    self.items.insert(before.id, before.clone());
                }
                Event::ItemSaved { before: None, after } => {
                    self.items.remove(&after.id);
                }
                Event::SharingRuleSaved { before: Some(before), .. } => {
                    self.sharing_rules.insert(before.id, before.clone());
                }
                Event::SharingRuleSaved { before: None, after } => {
                    self.sharing_rules.remove(&after.id);
                }
                Event::SharingRuleDeleted { before } => {
                    self.sharing_rules.insert(before.id, before.clone());
                }
                Event::DashboardSaved { before: Some(before), .. } | Event::DashboardDeleted { before } => {
                    self.dashboards.insert(before.id, before.clone());
                }
                Event::DashboardSaved { before: None, after } => {
                    self.dashboards.remove(&after.id);
                }
                Event::ReviewSaved { before: Some(before), .. } => self.reviews.put(before.clone()),
                Event::ReviewSaved { before: None, after } => self.reviews.drop(after.id),
                Event::ReviewItemSaved { before: Some(before), .. } => self.reviews.put_item(before.clone()),
                Event::ReviewItemSaved { before: None, after } => self.reviews.drop_item(after.key()),
            }
        }
        if hierarchy_changed {
            self.tree = Tree::build(&self.hierarchy);
        }
    }

    /// Removes the newest member (its creation is being undone).
    /// Removes a member whose creation is undone. Usually the newest; but after a restart
    /// or from a checkpoint members sit in id order, and one another desktop made with a
    /// later clock can sit after it: then the last slot moves into its place.
    fn pop_member(&mut self, id: MemberId) {
        let Some(i) = self.slot_of.get(&id).copied() else { return };
        let pos = self.order_index(i);
        self.order.remove(pos);
        self.slot_of.remove(&id);
        let last = (self.slots.len() - 1) as u32;
        let old = self.slots.swap_remove(i as usize);
        if i != last {
            let moved = self.slots[i as usize].member.id;
            self.slot_of.insert(moved, i);
            if let Some(p) = self.order.iter().position(|j| *j == last) {
                self.order[p] = i;
            }
        }
        self.reindex_member(id, Some(&old.member), None);
    }

    /// Removes a record whose creation is undone (the last slot moves into its place when
    /// it is not the newest, as for members).
    fn pop_record(&mut self, id: RecordId) {
        let Some(i) = self.record_slot.get(&id).copied() else { return };
        let owner = self.records[i as usize].owner;
        if let Some(facts) = &self.records[i as usize].activity {
            self.activities_by_time.remove(&(facts.at, i));
        }
        if let Some(list) = self.by_owner.get_mut(&owner) {
            list.retain(|s| *s != i);
            if list.is_empty() {
                self.by_owner.remove(&owner);
            }
        }
        self.record_slot.remove(&id);
        let last = (self.records.len() - 1) as u32;
        self.records.swap_remove(i as usize);
        self.record_kinds.swap_remove(i as usize);
        if i != last {
            let moved = &self.records[i as usize];
            let (moved_id, moved_owner, moved_at) = (moved.id, moved.owner, moved.activity.as_ref().map(|f| f.at));
            self.record_slot.insert(moved_id, i);
            if let Some(at) = moved_at {
                self.activities_by_time.remove(&(at, last));
                self.activities_by_time.insert((at, i));
            }
            if let Some(list) = self.by_owner.get_mut(&moved_owner) {
                for s in list.iter_mut().filter(|s| **s == last) {
                    *s = i;
                }
                // In ascending order, as a load lists them.
                list.sort_unstable();
            }
        }
    }

    fn drop_account(&mut self, id: PartnerAccountId) {
        if let Some(old) = self.accounts.remove(&id) {
            self.account_names.remove(&crate::validate::name_key(&old.name));
        }
    }

    fn drop_contact(&mut self, id: ContactId) {
        let person = Person::Contact(id);
        let from = self.position(person);
        self.place(person, from, None);
        if let Some(old) = self.contacts.remove(&id) {
            self.count_partner_roles(Self::held_roles(&old), -1);
            self.contact_emails.remove(&crate::validate::email_key(&old.email));
            if old.has_access() {
                self.licences_in_use -= 1;
            }
            if let Some(list) = self.contacts_by_account.get_mut(&old.account) {
                list.retain(|c| *c != id);
                if list.is_empty() {
                    self.contacts_by_account.remove(&old.account);
                }
            }
        }
    }
}
