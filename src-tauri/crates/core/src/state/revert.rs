//! Undoing committed events: what sync needs to take local, unacknowledged changes off
//! the state before others' changes go underneath them (then they are re-applied).
//!
//! Events are undone newest first, so an entity an event created is always the newest of
//! its kind when its creation is undone: members and records, kept in dense arrays, are
//! simply popped.

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
    fn pop_member(&mut self, id: MemberId) {
        let Some(i) = self.slot_of.get(&id).copied() else { return };
        debug_assert_eq!(i as usize + 1, self.slots.len(), "undo must remove the newest member");
        let pos = self.order_index(i);
        self.order.remove(pos);
        self.slot_of.remove(&id);
        if let Some(old) = self.slots.pop() {
            self.reindex_member(id, Some(&old.member), None);
        }
    }

    /// Removes the newest record (its creation is being undone).
    fn pop_record(&mut self, id: RecordId) {
        let Some(i) = self.record_slot.get(&id).copied() else { return };
        debug_assert_eq!(i as usize + 1, self.records.len(), "undo must remove the newest record");
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
        self.records.pop();
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
