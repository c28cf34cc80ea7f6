//! The in-memory access-control state, with the indexes that keep checks and lists fast.
//! Only `State::commit` mutates it, from events that `apply` produced.

use crate::event::Event;
use crate::ids::{MemberId, RoleId};
use crate::model::{Audience, Builtin, Member, MemberStatus, Role, Workspace};
use crate::validate::email_key;
use std::collections::{BTreeSet, HashMap};

#[derive(Clone, Debug, Default)]
pub struct State {
    workspace: Option<Workspace>,
    members: HashMap<MemberId, Member>,
    roles: HashMap<RoleId, Role>,
    // Indexes, derived from the two maps above.
    email_index: HashMap<String, MemberId>,
    role_names: HashMap<(Audience, String), RoleId>,
    /// Members in list order (display name, then email), with their lower-cased search text.
    order: BTreeSet<(String, MemberId)>,
    search_text: HashMap<MemberId, String>,
    holders: HashMap<RoleId, usize>,
}

/// States are equal when their entities are; indexes follow from them.
impl PartialEq for State {
    fn eq(&self, other: &Self) -> bool {
        self.workspace == other.workspace && self.members == other.members && self.roles == other.roles
    }
}

impl State {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn workspace(&self) -> Option<&Workspace> {
        self.workspace.as_ref()
    }

    pub fn member(&self, id: MemberId) -> Option<&Member> {
        self.members.get(&id)
    }

    pub fn role(&self, id: RoleId) -> Option<&Role> {
        self.roles.get(&id)
    }

    pub fn member_count(&self) -> usize {
        self.members.len()
    }

    /// The current (not removed) member holding `email`, compared case-insensitively.
    pub fn member_by_email(&self, email: &str) -> Option<&Member> {
        self.email_index.get(&email_key(email)).and_then(|id| self.members.get(id))
    }

    pub fn role_by_name(&self, audience: Audience, name: &str) -> Option<&Role> {
        self.role_names.get(&(audience, name.trim().to_lowercase())).and_then(|id| self.roles.get(id))
    }

    /// Roles in display order: built-ins first (in their fixed order), then custom by name.
    pub fn roles(&self) -> Vec<&Role> {
        let mut roles: Vec<&Role> = self.roles.values().collect();
        roles.sort_by_key(|r| (r.builtin.map_or(usize::MAX, |b| b as usize), r.name.to_lowercase(), r.id));
        roles
    }

    /// Current members holding `role`.
    pub fn holders_of(&self, role: RoleId) -> usize {
        self.holders.get(&role).copied().unwrap_or(0)
    }

    /// Members in list order with their lower-cased search text.
    pub fn members_in_order(&self) -> impl Iterator<Item = (&Member, &str)> {
        self.order.iter().map(|(_, id)| (&self.members[id], self.search_text[id].as_str()))
    }

    pub fn members(&self) -> impl Iterator<Item = &Member> {
        self.members.values()
    }

    pub fn active_owner_count(&self) -> usize {
        self.members
            .values()
            .filter(|m| m.status == MemberStatus::Active && m.role == Some(Builtin::Owner.id()))
            .count()
    }

    /// Applies events produced by `apply`. Never fails: the rules already passed.
    pub fn commit(&mut self, events: &[Event]) {
        for event in events {
            match event {
                Event::WorkspaceCreated { workspace, roles } => {
                    self.workspace = Some(workspace.clone());
                    for role in roles {
                        self.put_role(role.clone());
                    }
                }
                Event::MemberSaved { after, .. } => self.put_member(after.clone()),
                Event::RoleSaved { after, .. } => self.put_role(after.clone()),
                Event::RoleDeleted { before } => self.drop_role(before.id),
            }
        }
    }

    /// Builds a state straight from stored entities (the store's load path).
    pub fn from_parts(workspace: Option<Workspace>, roles: Vec<Role>, members: Vec<Member>) -> Self {
        let mut state = State { workspace, ..State::default() };
        state.members.reserve(members.len());
        state.search_text.reserve(members.len());
        for role in roles {
            state.put_role(role);
        }
        for member in members {
            state.put_member(member);
        }
        state
    }

    fn put_role(&mut self, role: Role) {
        if let Some(old) = self.roles.get(&role.id) {
            self.role_names.remove(&(old.audience, old.name.to_lowercase()));
        }
        self.role_names.insert((role.audience, role.name.to_lowercase()), role.id);
        self.roles.insert(role.id, role);
    }

    fn drop_role(&mut self, id: RoleId) {
        if let Some(old) = self.roles.remove(&id) {
            self.role_names.remove(&(old.audience, old.name.to_lowercase()));
        }
    }

    fn put_member(&mut self, member: Member) {
        if let Some(old) = self.members.remove(&member.id) {
            self.unindex_member(&old);
        }
        let key = email_key(&member.email);
        if member.is_current() {
            self.email_index.insert(key.clone(), member.id);
            if let Some(role) = member.role {
                *self.holders.entry(role).or_insert(0) += 1;
            }
        }
        let name = member.name.to_lowercase();
        self.order.insert((format!("{}\u{0}{}", if name.is_empty() { &key } else { &name }, key), member.id));
        self.search_text.insert(member.id, format!("{name}\u{0}{key}"));
        self.members.insert(member.id, member);
    }

    fn unindex_member(&mut self, old: &Member) {
        let key = email_key(&old.email);
        if old.is_current() {
            if self.email_index.get(&key) == Some(&old.id) {
                self.email_index.remove(&key);
            }
            if let Some(role) = old.role {
                if let Some(n) = self.holders.get_mut(&role) {
                    *n -= 1;
                }
            }
        }
        let name = old.name.to_lowercase();
        self.order.remove(&(format!("{}\u{0}{}", if name.is_empty() { &key } else { &name }, key), old.id));
        self.search_text.remove(&old.id);
    }
}
