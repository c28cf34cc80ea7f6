//! DRAFT-2: a draft's effect — who gains and who loses which permission, which records
//! become visible, hidden, read-only or read/write to whom, which items appear or
//! disappear. Computed by the same `access` and `visibility` code production uses, on
//! the live state and on the draft's, for the people the draft can reach:
//! - people whose own row changed, and holders (in either state) of a role whose
//!   permissions, restriction or segments changed: their permissions may move;
//! - when the hierarchy, an account, a sharing rule or someone's position moved: the
//!   people at and above every place that moved (in either state), the partner users of
//!   the accounts concerned, and the grantees of every sharing rule that changed or that
//!   covers a moved place — nobody else's visible records can change (`visibility.rs`
//!   decides by owner position, sharing rule and account only);
//! - when an item's availability changed: every partner user.
//!
//! Record detail is per person, on demand (`records`): a role held by 100,000 members
//! is summarised from permissions alone, in milliseconds.

use crate::access::effective_permissions;
use crate::event::Event;
use crate::ids::{HierarchyRoleId, PartnerAccountId, RecordId, RoleId, SharingRuleId};
use crate::model::MemberStatus;
use crate::permissions::{Action, Permission, PermissionSet, Resource, Special};
use crate::records::{Grantee, Person, RecordKind};
use crate::state::State;
use crate::visibility::{partner_permissions, record_access, viewer, visible_items, visible_records, Grant, Viewer};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use ts_rs::TS;

/// One person the draft changes something for.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
pub struct PersonEffect {
    pub person: Person,
    pub name: String,
    pub email: String,
    /// Partner users: their account's name.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    pub roles_before: Vec<String>,
    pub roles_after: Vec<String>,
    pub gained: PermissionSet,
    pub lost: PermissionSet,
    /// Whether the records this person sees (or may edit) change.
    pub records_change: bool,
    pub items_shown: Vec<String>,
    pub items_hidden: Vec<String>,
}

/// One record that changes for one person: `None` means not visible.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
pub struct RecordChange {
    pub id: RecordId,
    pub name: String,
    pub kind: RecordKind,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<Grant>,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<Grant>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, TS)]
pub struct Effect {
    pub people: Vec<PersonEffect>,
    pub warnings: Vec<String>,
}

/// Who may have something change, and whether their records must be compared.
struct Reach {
    people: BTreeSet<Person>,
    /// Records compared for these even when their own permissions do not move.
    by_place: HashSet<Person>,
    items: bool,
}

/// The effect of going from `live` to `draft`, given the events between them.
pub fn effect(live: &State, draft: &State, events: &[Event]) -> Effect {
    let reach = reach(live, draft, events);
    let mut people = Vec::new();
    for person in &reach.people {
        if let Some(e) = person_effect(live, draft, *person, reach.by_place.contains(person), reach.items) {
            people.push(e);
        }
    }
    Effect { people, warnings: warnings(live, draft) }
}

fn permissions(state: &State, person: Person) -> PermissionSet {
    match person {
        Person::Member(id) => state.member(id).map_or(PermissionSet::EMPTY, |m| effective_permissions(state, m)),
        Person::Contact(id) => partner_permissions(state, id),
    }
}

fn role_names(state: &State, person: Person) -> Vec<String> {
    let name = |id: RoleId| state.role(id).map(|r| r.name.clone());
    match person {
        Person::Member(id) => state.member(id).and_then(|m| m.role).and_then(name).into_iter().collect(),
        Person::Contact(id) => match state.contact(id).and_then(|c| c.access.as_ref()).filter(|a| a.enabled) {
            Some(a) => {
                [Some(a.portal_role), a.agent_role, Some(a.admin_role)].into_iter().flatten().filter_map(name).collect()
            }
            None => Vec::new(),
        },
    }
}

/// Whether anything besides permissions that decides `person`'s records differs.
fn same_place(a: Option<Viewer>, b: Option<Viewer>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.node == b.node && a.partner == b.partner && a.segments == b.segments,
        (None, None) => true,
        _ => false,
    }
}

fn person_effect(live: &State, draft: &State, person: Person, by_place: bool, items: bool) -> Option<PersonEffect> {
    let (before, after) = (permissions(live, person), permissions(draft, person));
    let (gained, lost) = (after.minus(before), before.minus(after));
    let (vb, va) = (viewer(live, person), viewer(draft, person));
    let reads = |p: PermissionSet| RecordKind::ALL.map(|k| (p.contains(read(k)), p.contains(update(k))));
    let records_change = if by_place || !same_place(vb, va) {
        !records(live, draft, person).is_empty()
    } else if reads(before) != reads(after) {
        // Same place, other read or update rights: it changes if any record of a kind
        // whose rights moved is visible on either side.
        !records(live, draft, person).is_empty()
    } else {
        false
    };
    let (mut shown, mut hidden) = (Vec::new(), Vec::new());
    if items || before.contains(read_items()) != after.contains(read_items()) || !same_place(vb, va) {
        let list = |s: &State, v: Option<Viewer>| -> BTreeMap<String, String> {
            v.map(|v| visible_items(s, &v).into_iter().map(|i| (i.id.to_string(), i.name.clone())).collect())
                .unwrap_or_default()
        };
        let (ib, ia) = (list(live, vb), list(draft, va));
        shown = ia.iter().filter(|(k, _)| !ib.contains_key(*k)).map(|(_, n)| n.clone()).collect();
        hidden = ib.iter().filter(|(k, _)| !ia.contains_key(*k)).map(|(_, n)| n.clone()).collect();
    }
    if gained.is_empty() && lost.is_empty() && !records_change && shown.is_empty() && hidden.is_empty() {
        return None;
    }
    let (name, email, account) = describe_person(draft, person).or_else(|| describe_person(live, person))?;
    Some(PersonEffect {
        person,
        name,
        email,
        account,
        roles_before: role_names(live, person),
        roles_after: role_names(draft, person),
        gained,
        lost,
        records_change,
        items_shown: shown,
        items_hidden: hidden,
    })
}

fn read(k: RecordKind) -> Permission {
    Permission::Crud(k.resource(), Action::Read)
}

fn update(k: RecordKind) -> Permission {
    Permission::Crud(k.resource(), Action::Update)
}

fn read_items() -> Permission {
    Permission::Crud(Resource::Items, Action::Read)
}

/// Name, email and (partner users) account name.
pub fn describe_person(state: &State, person: Person) -> Option<(String, String, Option<String>)> {
    match person {
        Person::Member(id) => state.member(id).map(|m| (m.display_name().to_owned(), m.email.clone(), None)),
        Person::Contact(id) => state
            .contact(id)
            .map(|c| (c.name.clone(), c.email.clone(), state.account(c.account).map(|a| a.name.clone()))),
    }
}

/// The records that change for `person` between the two states, by record.
pub fn records(live: &State, draft: &State, person: Person) -> Vec<RecordChange> {
    let grants = |s: &State| -> BTreeMap<RecordId, (Grant, String, RecordKind)> {
        let Some(v) = viewer(s, person) else { return BTreeMap::new() };
        visible_records(s, &v, None)
            .into_iter()
            .filter_map(|r| record_access(s, &v, r).map(|g| (r.id, (g, r.name.clone(), r.kind))))
            .collect()
    };
    let (b, a) = (grants(live), grants(draft));
    let mut out = Vec::new();
    for (id, (g, name, kind)) in &b {
        match a.get(id) {
            Some((h, ..)) if h.write == g.write => {}
            other => out.push(RecordChange {
                id: *id,
                name: name.clone(),
                kind: *kind,
                before: Some(*g),
                after: other.map(|(h, ..)| *h),
            }),
        }
    }
    for (id, (h, name, kind)) in &a {
        if !b.contains_key(id) {
            out.push(RecordChange { id: *id, name: name.clone(), kind: *kind, before: None, after: Some(*h) });
        }
    }
    out
}

fn reach(live: &State, draft: &State, events: &[Event]) -> Reach {
    let mut people: BTreeSet<Person> = BTreeSet::new();
    let mut roles: HashSet<RoleId> = HashSet::new();
    let mut places: HashSet<HierarchyRoleId> = HashSet::new();
    let mut accounts: HashSet<PartnerAccountId> = HashSet::new();
    let mut rules: HashSet<SharingRuleId> = HashSet::new();
    let mut items = false;
    for e in events {
        match e {
            Event::MemberSaved { before, after } => {
                people.insert(Person::Member(after.id));
                let moved = before
                    .as_ref()
                    .is_none_or(|b| b.hierarchy_role != after.hierarchy_role || b.status != after.status);
                if moved {
                    places.extend(before.as_ref().and_then(|b| b.hierarchy_role));
                    places.extend(after.hierarchy_role);
                    // PU-6: accounts this member owns hand disabled users' records to them.
                    for s in [live, draft] {
                        accounts.extend(s.accounts().filter(|a| a.owner == after.id).map(|a| a.id));
                    }
                }
            }
            Event::RoleSaved { before: Some(b), after } => {
                if b.permissions != after.permissions
                    || b.restriction != after.restriction
                    || b.segments != after.segments
                {
                    roles.insert(after.id);
                }
            }
            Event::RoleDeleted { before } => {
                roles.insert(before.id);
            }
            Event::HierarchyRoleSaved { before, after } => {
                places.insert(after.id);
                places.extend(after.parent);
                places.extend(before.as_ref().and_then(|b| b.parent));
                accounts.extend(after.account);
            }
            Event::HierarchyRoleDeleted { before } => {
                places.insert(before.id);
                places.extend(before.parent);
                accounts.extend(before.account);
            }
            Event::PartnerAccountSaved { after, .. } => {
                accounts.insert(after.id);
            }
            Event::ContactSaved { before, after } => {
                people.insert(Person::Contact(after.id));
                accounts.insert(after.account);
                for c in [before.as_ref(), Some(after)].into_iter().flatten() {
                    places.extend(c.access.as_ref().map(|a| a.hierarchy_role));
                }
            }
            Event::RecordSaved { before, after } => {
                for owner in [before.as_ref().map(|r| r.owner), Some(after.owner)].into_iter().flatten() {
                    people.insert(owner);
                    for s in [live, draft] {
                        places.extend(s.position(owner));
                    }
                    if let Person::Contact(c) = owner {
                        accounts.extend(live.contact(c).map(|c| c.account));
                    }
                }
            }
            Event::ItemSaved { .. } => items = true,
            Event::SharingRuleSaved { before, after } => {
                rules.insert(after.id);
                places.insert(after.source);
                places.extend(before.as_ref().map(|b| b.source));
            }
            Event::SharingRuleDeleted { before } => {
                rules.insert(before.id);
                places.insert(before.source);
            }
            Event::WorkspaceCreated { .. } | Event::WorkspaceSaved { .. } | Event::RoleSaved { before: None, .. } => {}
        }
    }
    for s in [live, draft] {
        if !roles.is_empty() {
            people.extend(
                s.members().filter(|m| m.role.is_some_and(|r| roles.contains(&r))).map(|m| Person::Member(m.id)),
            );
            people.extend(
                s.contacts()
                    .filter(|c| {
                        c.access.as_ref().is_some_and(|a| {
                            [Some(a.portal_role), a.agent_role, Some(a.admin_role)]
                                .into_iter()
                                .flatten()
                                .any(|r| roles.contains(&r))
                        })
                    })
                    .map(|c| Person::Contact(c.id)),
            );
        }
        for a in &accounts {
            if let Some(account) = s.account(*a) {
                people.insert(Person::Member(account.owner));
                places.extend(s.position(Person::Member(account.owner)));
                places.extend(s.tree().branch(*a).iter().copied());
            }
        }
    }
    let mut by_place: HashSet<Person> = HashSet::new();
    let structural = !places.is_empty() || !accounts.is_empty() || !rules.is_empty();
    if structural {
        for s in [live, draft] {
            for a in &accounts {
                by_place.extend(s.contacts_of(*a).map(|c| Person::Contact(c.id)));
                if let Some(account) = s.account(*a) {
                    by_place.insert(Person::Member(account.owner));
                }
            }
            for p in &places {
                at_and_above(s, *p, &mut by_place);
            }
            for rule in s.sharing_rules() {
                let covers = rules.contains(&rule.id)
                    || places.iter().any(|p| [live, draft].iter().any(|t| t.tree().is_at_or_below(*p, rule.source)));
                if covers {
                    for t in [live, draft] {
                        grantees(t, rule.grantee, &mut by_place);
                    }
                }
            }
        }
        // Changed or deleted rules seen only in one state are covered above; deleted ones
        // exist only in live, new ones only in the draft: both states were walked.
    }
    if items {
        for s in [live, draft] {
            people.extend(s.contacts().filter(|c| c.access.is_some()).map(|c| Person::Contact(c.id)));
        }
    }
    people.extend(by_place.iter().copied());
    Reach { people, by_place, items }
}

/// The people at `place` and at every role above it.
fn at_and_above(state: &State, place: HierarchyRoleId, out: &mut HashSet<Person>) {
    let mut next = Some(place);
    let mut guard = 0;
    while let Some(p) = next {
        out.extend(state.people_at(p).iter().copied());
        next = state.hierarchy_role(p).and_then(|h| h.parent);
        guard += 1;
        if guard > 10_000 {
            break; // a damaged file with a cycle: rules never make one
        }
    }
}

/// Everyone a sharing rule's grantee reaches.
fn grantees(state: &State, grantee: Grantee, out: &mut HashSet<Person>) {
    match grantee {
        Grantee::Account(a) => out.extend(state.contacts_of(a).map(|c| Person::Contact(c.id))),
        Grantee::Role(r) => at_and_above(state, r, out),
    }
}

/// Before publishing: what the draft would leave wrong or risky.
pub fn warnings(live: &State, draft: &State) -> Vec<String> {
    let mut out = Vec::new();
    if draft.active_owner_count() == 0 {
        out.push("No active Owner would be left: nobody could manage the workspace".to_owned());
    }
    let pool = draft.workspace().map_or(0, |w| w.partner_features.licences);
    if draft.licences_in_use() > pool {
        out.push(format!(
            "{} partner users would hold portal access, but the licence pool has {pool}",
            draft.licences_in_use()
        ));
    }
    let api_only = Permission::Special(Special::ApiOnly);
    for role in draft.roles() {
        if role.audience == crate::model::Audience::Partner && role.permissions.contains(api_only) {
            out.push(format!("The partner role '{}' carries API only: its users could not sign in (PU-7)", role.name));
        }
    }
    // Newly able to hand out roles: they may grant what they hold, and now hold more.
    let granting = [
        Permission::Crud(Resource::Roles, Action::Update),
        Permission::Crud(Resource::Roles, Action::Create),
        Permission::Crud(Resource::Members, Action::Update),
    ];
    let newly: Vec<String> = draft
        .members()
        .filter(|m| m.status == MemberStatus::Active)
        .filter(|m| {
            let after = effective_permissions(draft, m);
            let before = live.member(m.id).map_or(PermissionSet::EMPTY, |b| effective_permissions(live, b));
            granting.iter().any(|p| after.contains(*p) && !before.contains(*p))
        })
        .map(|m| m.email.clone())
        .collect();
    if !newly.is_empty() {
        let shown: Vec<&str> = newly.iter().take(3).map(String::as_str).collect();
        let more = if newly.len() > 3 { format!(" and {} more", newly.len() - 3) } else { String::new() };
        out.push(format!(
            "{}{more} would become able to change roles or who holds them, and so grant others what they hold",
            shown.join(", ")
        ));
    }
    out
}
