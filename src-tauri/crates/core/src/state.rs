//! The in-memory access-control state, with the indexes that keep checks and lists fast.
//! Only `State::commit` mutates it, from events that `apply` produced.

use crate::dashboards::Dashboard;
use crate::event::Event;
use crate::ids::{
    ContactId, DashboardId, HierarchyRoleId, IdMap, ItemId, MemberId, Millis, PartnerAccountId, RecordId, RoleId,
    SharingRuleId,
};
use crate::model::{Audience, Builtin, Member, MemberStatus, Role, Workspace};
use crate::partners::{Contact, HierarchyRole, PartnerAccount};
use crate::records::{Item, Person, Record, RecordKind, SharingRule};
use crate::tree::Tree;
use crate::validate::email_key;
use std::collections::{BTreeSet, HashMap};

mod parts;
mod revert;
mod slots;

use slots::Slot;

#[derive(Clone, Debug, Default)]
pub struct State {
    workspace: Option<Workspace>,
    roles: IdMap<RoleId, Role>,
    /// Members are never deleted (removal is a status), so slots only grow.
    slots: Vec<Slot>,
    slot_of: IdMap<MemberId, u32>,
    /// Slot numbers in list order: a dense array the members table scans in a few ms.
    order: Vec<u32>,
    // Indexes, derived from the entities above.
    email_index: HashMap<String, MemberId>,
    /// Current members by shared database login (sync's actor proof; one login, one member).
    db_logins: HashMap<String, MemberId>,
    role_names: HashMap<(Audience, String), RoleId>,
    holders: IdMap<RoleId, usize>,
    accounts: IdMap<PartnerAccountId, PartnerAccount>,
    account_names: HashMap<String, PartnerAccountId>,
    hierarchy: IdMap<HierarchyRoleId, HierarchyRole>,
    /// Internal hierarchy role names (partner branches are named after their account).
    internal_hierarchy_names: HashMap<String, HierarchyRoleId>,
    contacts: IdMap<ContactId, Contact>,
    contact_emails: HashMap<String, ContactId>,
    /// Contacts with enabled portal access: the licences in use (WS-3).
    licences_in_use: u32,
    contacts_by_account: IdMap<PartnerAccountId, Vec<ContactId>>,
    /// Enabled partner users holding each partner role (any group).
    partner_holders: IdMap<RoleId, usize>,
    /// The hierarchy as an Euler tour (derived from `hierarchy`).
    tree: Tree,
    /// Who sits at each hierarchy role: current members and enabled partner users.
    people_at: IdMap<HierarchyRoleId, Vec<Person>>,
    /// Records are never deleted, so they live in a dense array; owners list slots into it.
    records: Vec<Record>,
    /// Each slot's kind, packed (a kind never changes): a list of one kind filters its
    /// candidates reading a byte each, not a whole record.
    record_kinds: Vec<RecordKind>,
    record_slot: IdMap<RecordId, u32>,
    by_owner: IdMap<Person, Vec<u32>>,
    /// Activities by when they happened (RPT-1): a report over a quarter reads that quarter.
    activities_by_time: BTreeSet<(Millis, u32)>,
    items: IdMap<ItemId, Item>,
    sharing_rules: IdMap<SharingRuleId, SharingRule>,
    dashboards: IdMap<DashboardId, Dashboard>,
    reviews: crate::reviews::Reviews,
}

/// Everything a state is built from (the store's load path, generators, tests, RPT-5's
/// checkpoints).
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Parts {
    pub workspace: Option<Workspace>,
    pub roles: Vec<Role>,
    pub members: Vec<Member>,
    pub accounts: Vec<PartnerAccount>,
    pub hierarchy: Vec<HierarchyRole>,
    pub contacts: Vec<Contact>,
    pub records: Vec<Record>,
    pub items: Vec<Item>,
    pub sharing_rules: Vec<SharingRule>,
    pub dashboards: Vec<Dashboard>,
    pub reviews: Vec<crate::reviews::Review>,
    pub review_items: Vec<crate::reviews::ReviewItem>,
}

/// States are equal when their entities are; indexes follow from them.
impl PartialEq for State {
    fn eq(&self, other: &Self) -> bool {
        self.workspace == other.workspace
            && self.roles == other.roles
            && self.accounts == other.accounts
            && self.hierarchy == other.hierarchy
            && self.contacts == other.contacts
            && self.records.len() == other.records.len()
            && self.records.iter().all(|r| other.record(r.id) == Some(r))
            && self.items == other.items
            && self.sharing_rules == other.sharing_rules
            && self.dashboards == other.dashboards
            && self.reviews == other.reviews
            && self.slots.len() == other.slots.len()
            && self.slots.iter().all(|s| other.member(s.member.id) == Some(&s.member))
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
        self.slot_of.get(&id).map(|i| &self.slots[*i as usize].member)
    }

    pub fn role(&self, id: RoleId) -> Option<&Role> {
        self.roles.get(&id)
    }

    pub fn member_count(&self) -> usize {
        self.slots.len()
    }

    /// The current (not removed) member holding `email`, compared case-insensitively.
    pub fn member_by_email(&self, email: &str) -> Option<&Member> {
        self.email_index.get(&email_key(email)).and_then(|id| self.member(*id))
    }

    /// The current member whose changes travel under the shared database login `login`.
    pub fn member_by_db_login(&self, login: &str) -> Option<&Member> {
        self.db_logins.get(login).and_then(|id| self.member(*id))
    }

    pub fn role_by_name(&self, audience: Audience, name: &str) -> Option<&Role> {
        self.role_names.get(&(audience, crate::validate::name_key(name))).and_then(|id| self.roles.get(id))
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
        self.order.iter().map(|i| {
            let slot = &self.slots[*i as usize];
            (&slot.member, slot.search.as_str())
        })
    }

    pub fn members(&self) -> impl Iterator<Item = &Member> {
        self.slots.iter().map(|s| &s.member)
    }

    pub fn active_owner_count(&self) -> usize {
        self.members().filter(|m| m.status == MemberStatus::Active && m.role == Some(Builtin::Owner.id())).count()
    }

    /// Applies events produced by `apply`. Never fails: the rules already passed.
    pub fn commit(&mut self, events: &[Event]) {
        let mut hierarchy_changed = false;
        for event in events {
            match event {
                Event::WorkspaceCreated { workspace, roles } => {
                    self.workspace = Some(workspace.clone());
                    for role in roles {
                        self.put_role(role.clone());
                    }
                }
                Event::WorkspaceSaved { after, .. } => self.workspace = Some(after.clone()),
                Event::MemberSaved { after, .. } => self.put_member(after.clone()),
                Event::RoleSaved { after, .. } => self.put_role(after.clone()),
                Event::RoleDeleted { before } => self.drop_role(before.id),
                Event::HierarchyRoleSaved { after, .. } => {
                    self.put_hierarchy_role(after.clone());
                    hierarchy_changed = true;
                }
                Event::HierarchyRoleDeleted { before } => {
                    self.drop_hierarchy_role(before.id);
                    hierarchy_changed = true;
                }
                Event::PartnerAccountSaved { after, .. } => self.put_account(after.clone()),
                Event::ContactSaved { after, .. } => self.put_contact(after.clone()),
                Event::RecordSaved { after, .. } => self.put_record(after.clone()),
                Event::ItemSaved { after, .. } => {
                    self.items.insert(after.id, after.clone());
                }
                Event::SharingRuleSaved { after, .. } => {
                    self.sharing_rules.insert(after.id, after.clone());
                }
                Event::DashboardSaved { after, .. } => {
                    self.dashboards.insert(after.id, after.clone());
                }
                Event::DashboardDeleted { before } => {
                    self.dashboards.remove(&before.id);
                }
                Event::ReviewSaved { after, .. } => self.reviews.put(after.clone()),
                Event::ReviewItemSaved { after, .. } => self.reviews.put_item(after.clone()),
                Event::SharingRuleDeleted { before } => {
                    self.sharing_rules.remove(&before.id);
                }
            }
        }
        if hierarchy_changed {
            self.tree = Tree::build(&self.hierarchy);
        }
    }

    /// RPT-4: access-review campaigns and their items.
    pub fn reviews(&self) -> &crate::reviews::Reviews {
        &self.reviews
    }

    pub fn tree(&self) -> &Tree {
        &self.tree
    }

    /// Where `person` sits in the hierarchy: a current member's role, an enabled partner
    /// user's role. Disabled partner users sit nowhere (PU-6).
    pub fn position(&self, person: Person) -> Option<HierarchyRoleId> {
        match person {
            Person::Member(id) => self.member(id).filter(|m| m.is_current()).and_then(|m| m.hierarchy_role),
            Person::Contact(id) => {
                self.contact(id).and_then(|c| c.access.as_ref()).filter(|a| a.enabled).map(|a| a.hierarchy_role)
            }
        }
    }

    /// People at one hierarchy role.
    pub fn people_at(&self, role: HierarchyRoleId) -> &[Person] {
        self.people_at.get(&role).map_or(&[], Vec::as_slice)
    }

    pub fn contacts_of(&self, account: PartnerAccountId) -> impl Iterator<Item = &Contact> {
        self.contacts_by_account.get(&account).into_iter().flatten().filter_map(|id| self.contacts.get(id))
    }

    /// WS-3: the licences an account's enabled partner users hold.
    pub fn licences_used_by(&self, account: PartnerAccountId) -> u32 {
        self.contacts_of(account).filter(|c| c.has_access()).count() as u32
    }

    /// Partner users (with access, enabled or not) holding `role` in any group.
    pub fn contacts_holding(&self, role: RoleId) -> usize {
        self.contacts
            .values()
            .filter_map(|c| c.access.as_ref())
            .filter(|a| a.portal_role == role || a.agent_role == Some(role) || a.admin_role == role)
            .count()
    }

    pub fn record(&self, id: RecordId) -> Option<&Record> {
        self.record_slot.get(&id).map(|i| &self.records[*i as usize])
    }

    pub fn records(&self) -> impl Iterator<Item = &Record> {
        self.records.iter()
    }

    pub fn record_count(&self) -> usize {
        self.records.len()
    }

    /// Slots (see `record_at`) of the records `owner` owns.
    pub fn record_slots_of(&self, owner: Person) -> &[u32] {
        self.by_owner.get(&owner).map_or(&[], Vec::as_slice)
    }

    pub fn record_at(&self, slot: u32) -> &Record {
        &self.records[slot as usize]
    }

    pub fn record_kind_at(&self, slot: u32) -> RecordKind {
        self.record_kinds[slot as usize]
    }

    pub fn item(&self, id: ItemId) -> Option<&Item> {
        self.items.get(&id)
    }

    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.items.values()
    }

    pub fn sharing_rule(&self, id: SharingRuleId) -> Option<&SharingRule> {
        self.sharing_rules.get(&id)
    }

    pub fn sharing_rules(&self) -> impl Iterator<Item = &SharingRule> {
        self.sharing_rules.values()
    }

    pub fn dashboard(&self, id: DashboardId) -> Option<&Dashboard> {
        self.dashboards.get(&id)
    }

    pub fn dashboards(&self) -> impl Iterator<Item = &Dashboard> {
        self.dashboards.values()
    }

    /// Slots of the activities that happened in `[from, to)` (UTC ms), oldest first.
    pub fn activity_slots_between(&self, from: Millis, to: Millis) -> impl Iterator<Item = u32> + '_ {
        self.activities_by_time.range((from, 0)..(to.max(from), 0)).map(|(_, slot)| *slot)
    }

    fn put_record(&mut self, record: Record) {
        if let Some(facts) = &record.activity {
            let slot = self.record_slot.get(&record.id).copied().unwrap_or(self.records.len() as u32);
            self.activities_by_time.insert((facts.at, slot));
        }
        match self.record_slot.get(&record.id).copied() {
            Some(i) => {
                if let Some(old) = &self.records[i as usize].activity {
                    if record.activity.as_ref().is_none_or(|new| new.at != old.at) {
                        self.activities_by_time.remove(&(old.at, i));
                    }
                }
                let old_owner = self.records[i as usize].owner;
                if old_owner != record.owner {
                    if let Some(list) = self.by_owner.get_mut(&old_owner) {
                        list.retain(|s| *s != i);
                    }
                    self.by_owner.entry(record.owner).or_default().push(i);
                }
                self.record_kinds[i as usize] = record.kind;
                self.records[i as usize] = record;
            }
            None => {
                let i = self.records.len() as u32;
                self.record_slot.insert(record.id, i);
                self.by_owner.entry(record.owner).or_default().push(i);
                self.record_kinds.push(record.kind);
                self.records.push(record);
            }
        }
    }

    fn place(&mut self, person: Person, from: Option<HierarchyRoleId>, to: Option<HierarchyRoleId>) {
        if from == to {
            return;
        }
        if let Some(list) = from.and_then(|r| self.people_at.get_mut(&r)) {
            if let Some(i) = list.iter().position(|p| *p == person) {
                list.swap_remove(i);
            }
        }
        if let Some(r) = to {
            self.people_at.entry(r).or_default().push(person);
        }
    }

    fn drop_hierarchy_role(&mut self, id: HierarchyRoleId) {
        if let Some(old) = self.hierarchy.remove(&id) {
            if old.account.is_none() {
                self.internal_hierarchy_names.remove(&crate::validate::name_key(&old.name));
            }
        }
        self.people_at.remove(&id);
    }

    pub fn account(&self, id: PartnerAccountId) -> Option<&PartnerAccount> {
        self.accounts.get(&id)
    }

    pub fn accounts(&self) -> impl Iterator<Item = &PartnerAccount> {
        self.accounts.values()
    }

    pub fn account_by_name(&self, name: &str) -> Option<&PartnerAccount> {
        self.account_names.get(&crate::validate::name_key(name)).and_then(|id| self.accounts.get(id))
    }

    pub fn hierarchy_role(&self, id: HierarchyRoleId) -> Option<&HierarchyRole> {
        self.hierarchy.get(&id)
    }

    pub fn hierarchy_roles(&self) -> impl Iterator<Item = &HierarchyRole> {
        self.hierarchy.values()
    }

    pub fn internal_hierarchy_role_by_name(&self, name: &str) -> Option<&HierarchyRole> {
        self.internal_hierarchy_names.get(&crate::validate::name_key(name)).and_then(|id| self.hierarchy.get(id))
    }

    pub fn contact(&self, id: ContactId) -> Option<&Contact> {
        self.contacts.get(&id)
    }

    pub fn contacts(&self) -> impl Iterator<Item = &Contact> {
        self.contacts.values()
    }

    pub fn contact_by_email(&self, email: &str) -> Option<&Contact> {
        self.contact_emails.get(&email_key(email)).and_then(|id| self.contacts.get(id))
    }

    /// WS-3: enabled partner users, one licence each.
    pub fn licences_in_use(&self) -> u32 {
        self.licences_in_use
    }

    /// An account's partner hierarchy roles, top (Executive) first.
    pub fn branch_of(&self, account: PartnerAccountId) -> Vec<&HierarchyRole> {
        self.tree.branch(account).iter().filter_map(|id| self.hierarchy.get(id)).collect()
    }

    /// Enabled partner users holding `role` (portal, agent or admin).
    pub fn partner_holders_of(&self, role: RoleId) -> usize {
        self.partner_holders.get(&role).copied().unwrap_or(0)
    }

    /// The partner roles an enabled partner user holds (portal, agent, admin).
    fn held_roles(contact: &Contact) -> [Option<RoleId>; 3] {
        match contact.access.as_ref().filter(|a| a.enabled) {
            Some(a) => [Some(a.portal_role), a.agent_role, Some(a.admin_role)],
            None => [None; 3],
        }
    }

    fn count_partner_roles(&mut self, roles: [Option<RoleId>; 3], delta: isize) {
        for role in roles.into_iter().flatten() {
            let n = self.partner_holders.entry(role).or_insert(0);
            *n = n.saturating_add_signed(delta);
        }
    }

    fn put_contact(&mut self, contact: Contact) {
        let person = Person::Contact(contact.id);
        let to = contact.access.as_ref().filter(|a| a.enabled).map(|a| a.hierarchy_role);
        let from = self.position(person);
        self.place(person, from, to);
        if let Some(old) = self.contacts.get(&contact.id) {
            let (roles, email, had_access) = (Self::held_roles(old), email_key(&old.email), old.has_access());
            self.count_partner_roles(roles, -1);
            self.contact_emails.remove(&email);
            if had_access {
                self.licences_in_use -= 1;
            }
        } else {
            self.contacts_by_account.entry(contact.account).or_default().push(contact.id);
        }
        if contact.has_access() {
            self.licences_in_use += 1;
        }
        self.count_partner_roles(Self::held_roles(&contact), 1);
        self.contact_emails.insert(email_key(&contact.email), contact.id);
        self.contacts.insert(contact.id, contact);
    }

    fn put_account(&mut self, account: PartnerAccount) {
        if let Some(old) = self.accounts.get(&account.id) {
            self.account_names.remove(&crate::validate::name_key(&old.name));
        }
        self.account_names.insert(crate::validate::name_key(&account.name), account.id);
        self.accounts.insert(account.id, account);
    }

    fn put_hierarchy_role(&mut self, role: HierarchyRole) {
        if let Some(old) = self.hierarchy.get(&role.id) {
            if old.account.is_none() {
                self.internal_hierarchy_names.remove(&crate::validate::name_key(&old.name));
            }
        }
        if role.account.is_none() {
            self.internal_hierarchy_names.insert(crate::validate::name_key(&role.name), role.id);
        }
        self.hierarchy.insert(role.id, role);
    }

    /// Builds a state straight from stored entities (the store's load path).
    pub fn from_parts(workspace: Option<Workspace>, roles: Vec<Role>, members: Vec<Member>) -> Self {
        Self::from_all(Parts { workspace, roles, members, ..Parts::default() })
    }

    fn put_role(&mut self, role: Role) {
        if let Some(old) = self.roles.get(&role.id) {
            self.role_names.remove(&(old.audience, crate::validate::name_key(&old.name)));
        }
        self.role_names.insert((role.audience, crate::validate::name_key(&role.name)), role.id);
        self.roles.insert(role.id, role);
    }

    fn drop_role(&mut self, id: RoleId) {
        if let Some(old) = self.roles.remove(&id) {
            self.role_names.remove(&(old.audience, crate::validate::name_key(&old.name)));
        }
    }

    fn put_member(&mut self, member: Member) {
        match self.slot_of.get(&member.id).copied() {
            Some(i) => {
                let current = &mut self.slots[i as usize];
                if current.member.name == member.name && current.member.email == member.email {
                    // A role or status change (bulk changes of thousands): the list's keys stay.
                    let old = std::mem::replace(&mut current.member, member);
                    self.reindex_member(old.id, Some(&old), Some(i));
                    return;
                }
                let slot = Slot::new(member);
                let moves = self.slots[i as usize].sort_key() != slot.sort_key();
                if moves {
                    let pos = self.order_index(i);
                    self.order.remove(pos);
                }
                let old = std::mem::replace(&mut self.slots[i as usize], slot).member;
                if moves {
                    let pos = self.order.partition_point(|j| slots::cmp(&self.slots, *j, i).is_lt());
                    self.order.insert(pos, i);
                }
                self.reindex_member(old.id, Some(&old), Some(i));
            }
            None => {
                let slot = Slot::new(member);
                let i = self.slots.len() as u32;
                self.slot_of.insert(slot.member.id, i);
                self.slots.push(slot);
                self.reindex_member(self.slots[i as usize].member.id, None, Some(i));
                let pos = self.order.partition_point(|j| slots::cmp(&self.slots, *j, i).is_lt());
                self.order.insert(pos, i);
            }
        }
    }

    /// Where slot `i` sits in `order` (found by its sort key).
    fn order_index(&self, i: u32) -> usize {
        self.order.partition_point(|j| slots::cmp(&self.slots, *j, i).is_lt())
    }

    /// Indexes a member loaded with the rest (`from_all`), its email key already made.
    fn index_member_keyed(&mut self, member: &Member, email_key: &str) {
        if let Some(r) = member.hierarchy_role.filter(|_| member.is_current()) {
            self.people_at.entry(r).or_default().push(Person::Member(member.id));
        }
        if member.is_current() {
            self.email_index.insert(email_key.to_owned(), member.id);
            if let Some(login) = &member.db_login {
                self.db_logins.insert(login.clone(), member.id);
            }
            if let Some(role) = member.role {
                *self.holders.entry(role).or_insert(0) += 1;
            }
        }
    }

    /// Moves member `id`'s index entries from `old` (none for a new member) to what slot
    /// `now` holds (none for a member taken out), touching only what changed: a bulk role
    /// change moves one holder count; the email index is rewritten only when the email or
    /// being current changes.
    pub(crate) fn reindex_member(&mut self, id: MemberId, old: Option<&Member>, now: Option<u32>) {
        let old = old.filter(|o| o.is_current());
        let new_live = now.map(|i| &self.slots[i as usize].member).filter(|n| n.is_current());
        let (from, to) = (old.and_then(|o| o.hierarchy_role), new_live.and_then(|n| n.hierarchy_role));
        let (role_from, role_to) = (old.and_then(|o| o.role), new_live.and_then(|n| n.role));
        let email_moves = old.map(|o| &o.email) != new_live.map(|n| &n.email);
        let new_email = new_live.filter(|_| email_moves).map(|n| email_key(&n.email));
        let login_moves = old.and_then(|o| o.db_login.as_ref()) != new_live.and_then(|n| n.db_login.as_ref());
        let new_login = new_live.filter(|_| login_moves).and_then(|n| n.db_login.clone());
        self.place(Person::Member(id), from, to);
        if email_moves {
            if let Some(key) = old.map(|o| email_key(&o.email)) {
                if self.email_index.get(&key) == Some(&id) {
                    self.email_index.remove(&key);
                }
            }
            if let Some(key) = new_email {
                self.email_index.insert(key, id);
            }
        }
        if login_moves {
            if let Some(login) = old.and_then(|o| o.db_login.as_ref()) {
                if self.db_logins.get(login) == Some(&id) {
                    self.db_logins.remove(login);
                }
            }
            if let Some(login) = new_login {
                self.db_logins.insert(login, id);
            }
        }
        if role_from != role_to {
            if let Some(n) = role_from.and_then(|r| self.holders.get_mut(&r)) {
                *n -= 1;
            }
            if let Some(r) = role_to {
                *self.holders.entry(r).or_insert(0) += 1;
            }
        }
    }
}
