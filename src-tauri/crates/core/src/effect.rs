//! DRAFT-2: a draft's effect — who gains and who loses which permission, which records
//! become visible, hidden, read-only or read/write to whom, which items appear or
//! disappear. Computed by the same `access` and `visibility` code production uses, on
//! the live state and on the draft's, for the people the draft can reach:
//! - people whose own row changed, and holders (in either state) of a role whose
//!   permissions, restriction or segments changed: their permissions may move;
//! - for every move (a person's place, a role's parent, an account's owner): the people at
//!   the roles in one chain of ancestors and not the other — common ancestors see the
//!   same either way — and the grantees of sharing rules whose source sits in such a
//!   chain or that changed; the users of an account enabled or disabled, or whose
//!   colleague's access moved (whole-account users, PU-8); owners taking over disabled
//!   users' records (PU-6). `visibility.rs` decides by place, rule and account only, so
//!   nobody else's visible records can change;
//! - when an item's availability changed: every partner user;
//! - when a dashboard changed (RPT-3): the holders of the portal roles it is or was
//!   published to; whose Home gains or loses it is decided by `dashboards.rs`.
//!
//! `tests/draft_effect.rs` checks this against the naive difference over everyone. Record
//! detail is per person, on demand (`records`).

use crate::event::Event;
use crate::ids::{HierarchyRoleId, MemberId, PartnerAccountId, RecordId, RoleId, SharingRuleId};
use crate::permissions::{Action, Permission, PermissionSet, Resource, Special};
use crate::records::{Grantee, Person, RecordKind};
use crate::state::State;
use crate::visibility::{partner_permissions, record_access, viewer, visible_items, visible_records, Grant, Viewer};
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};
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
    /// RPT-3: dashboards that appear on or leave their portal Home.
    pub dashboards_shown: Vec<String>,
    pub dashboards_hidden: Vec<String>,
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
    /// Sorted, without repeats.
    people: Vec<Person>,
    /// Records compared for these even when their own permissions do not move.
    by_place: HashSet<Person>,
    items: bool,
}

/// The effect of going from `live` to `draft`, given the events between them.
pub fn effect(live: &State, draft: &State, events: &[Event]) -> Effect {
    let reach = reach(live, draft, events);
    // Members who own an account see its disabled users' records (PU-6) even without a
    // place in the hierarchy; everyone else without a place sees only their own.
    let owners: HashSet<MemberId> = live.accounts().chain(draft.accounts()).map(|a| a.owner).collect();
    let work = |chunk: &[Person]| -> Vec<PersonEffect> {
        chunk
            .iter()
            .filter_map(|person| {
                let by_place = !reach.by_place.is_empty() && reach.by_place.contains(person);
                person_effect(live, draft, *person, by_place, reach.items, &owners)
            })
            .collect()
    };
    // A role held by 100,000 people: each person is independent, so the cores share them
    // (in order: the result is the same as one pass).
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
    let people: Vec<PersonEffect> = if reach.people.len() < 20_000 || threads == 1 {
        work(&reach.people)
    } else {
        let size = reach.people.len().div_ceil(threads);
        let work = &work;
        std::thread::scope(|s| {
            let handles: Vec<_> = reach.people.chunks(size).map(|c| s.spawn(move || work(c))).collect();
            handles.into_iter().flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
        })
    };
    let mut warnings = warnings(draft);
    // Newly able to hand out roles: they may grant what they hold, and now hold more.
    let granting = [
        Permission::Crud(Resource::Roles, Action::Update),
        Permission::Crud(Resource::Roles, Action::Create),
        Permission::Crud(Resource::Members, Action::Update),
    ];
    let newly: Vec<&str> = people
        .iter()
        .filter(|p| matches!(p.person, Person::Member(_)) && granting.iter().any(|g| p.gained.contains(*g)))
        .map(|p| p.email.as_str())
        .collect();
    if !newly.is_empty() {
        let more = if newly.len() > 3 { format!(" and {} more", newly.len() - 3) } else { String::new() };
        warnings.push(format!(
            "{}{more} would become able to change roles or who holds them, and so grant others what they hold",
            newly[..newly.len().min(3)].join(", ")
        ));
    }
    Effect { people, warnings }
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

fn person_effect(
    live: &State,
    draft: &State,
    person: Person,
    by_place: bool,
    items: bool,
    owners: &HashSet<MemberId>,
) -> Option<PersonEffect> {
    let (vb, va) = (viewer(live, person), viewer(draft, person));
    let perms = |s: &State, v: Option<Viewer>| match (v, person) {
        (Some(v), _) => v.permissions,
        (None, Person::Member(_)) => PermissionSet::EMPTY, // no viewer: no permissions either
        (None, Person::Contact(id)) => partner_permissions(s, id),
    };
    let (before, after) = (perms(live, vb), perms(draft, va));
    let (gained, lost) = (after.minus(before), before.minus(after));
    let reads = |p: PermissionSet| RecordKind::ALL.map(|k| (p.contains(read(k)), p.contains(update(k))));
    // Same place and the same read and update rights: the same records, the same way.
    let may_differ = by_place || !same_place(vb, va) || reads(before) != reads(after);
    let nothing_to_see = |s: &State, v: Option<Viewer>| {
        v.is_none_or(|v| {
            v.node.is_none()
                && v.partner.is_none()
                && s.record_slots_of(person).is_empty()
                && !matches!(person, Person::Member(m) if owners.contains(&m))
        })
    };
    let records_change =
        may_differ && !(nothing_to_see(live, vb) && nothing_to_see(draft, va)) && records_differ(live, draft, vb, va);
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
    let (dashboards_shown, dashboards_hidden) = match person {
        Person::Contact(c) => {
            let names = |s: &State| -> BTreeMap<crate::ids::DashboardId, String> {
                crate::dashboards::dashboards_of(s, c).into_iter().map(|d| (d.id, d.name.clone())).collect()
            };
            let (db, da) = (names(live), names(draft));
            (
                da.iter().filter(|(k, _)| !db.contains_key(*k)).map(|(_, n)| n.clone()).collect(),
                db.iter().filter(|(k, _)| !da.contains_key(*k)).map(|(_, n)| n.clone()).collect(),
            )
        }
        Person::Member(_) => (Vec::new(), Vec::new()),
    };
    if gained.is_empty()
        && lost.is_empty()
        && !records_change
        && shown.is_empty()
        && hidden.is_empty()
        && dashboards_shown.is_empty()
        && dashboards_hidden.is_empty()
    {
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
        dashboards_shown,
        dashboards_hidden,
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

/// Whether any record becomes visible, hidden, read-only or read/write: the same answer
/// as `records(..).is_empty()`, without looking at every record when the lists differ.
fn records_differ(live: &State, draft: &State, vb: Option<Viewer>, va: Option<Viewer>) -> bool {
    let list = |s, v: Option<Viewer>| v.map(|v| visible_records(s, &v, None)).unwrap_or_default();
    let (lb, la) = (list(live, vb), list(draft, va));
    if lb.len() != la.len() || lb.iter().zip(&la).any(|(b, a)| b.id != a.id) {
        return true;
    }
    let (Some(vb), Some(va)) = (vb, va) else { return false };
    // The same records: only the read/write flag can differ.
    lb.iter().zip(&la).any(|(b, a)| {
        let write = |s, v: &Viewer, r| record_access(s, v, r).map(|g| g.write);
        write(live, &vb, b) != write(draft, &va, a)
    })
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
    let mut people: Vec<Person> = Vec::new();
    let mut roles: HashSet<RoleId> = HashSet::new();
    // Roles whose people see differently: in one chain of a move and not the other.
    let mut shifted: HashSet<HierarchyRoleId> = HashSet::new();
    // Accounts whose every user must be compared (enabled, or a colleague's access moved).
    let mut accounts: HashSet<PartnerAccountId> = HashSet::new();
    // PU-6: owners (and those above them) who take over disabled users' records.
    let mut owners: HashSet<MemberId> = HashSet::new();
    let mut rules: HashSet<SharingRuleId> = HashSet::new();
    let mut items = false;
    // RPT-3: portal roles a changed dashboard is (or was) published to.
    let mut published: HashSet<RoleId> = HashSet::new();
    // Sharing-rule sources whose coverage moved (chains including the place itself).
    let mut covered: HashSet<HierarchyRoleId> = HashSet::new();
    // A person's records are seen by those strictly above their place (HIER-2), and are
    // under a rule when their place is at or below its source.
    let moved = |who: Person, shifted: &mut HashSet<HierarchyRoleId>, covered: &mut HashSet<HierarchyRoleId>| {
        let above = |s: &State| s.position(who).and_then(|p| s.hierarchy_role(p)).and_then(|h| h.parent);
        shift(live, draft, above(live), above(draft), shifted);
        shift(live, draft, live.position(who), draft.position(who), covered);
    };
    for e in events {
        match e {
            Event::MemberSaved { after, .. } => {
                people.push(Person::Member(after.id));
                moved(Person::Member(after.id), &mut shifted, &mut covered);
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
            // A role moved under another: those above it in one tree and not the other
            // see its subtree's records differently. (Created roles hold nobody yet; users
            // moved off a deleted role have their own events.)
            Event::HierarchyRoleSaved { after, .. } => {
                let parent = |s: &State| s.hierarchy_role(after.id).and_then(|h| h.parent);
                if live.hierarchy_role(after.id).is_some() && parent(live) != parent(draft) {
                    shift(live, draft, parent(live), parent(draft), &mut shifted);
                    shift(live, draft, parent(live), parent(draft), &mut covered);
                }
            }
            Event::HierarchyRoleDeleted { .. } => {}
            Event::PartnerAccountSaved { after, .. } => {
                let (b, a) = (live.account(after.id), draft.account(after.id));
                // Enabling or disabling decides whether its users see anything at all.
                if b.map(|x| x.enabled) != a.map(|x| x.enabled) {
                    accounts.insert(after.id);
                }
                // PA-3, PU-6: the records of disabled users go with the owner.
                let (ob, oa) = (b.map(|x| x.owner), a.map(|x| x.owner));
                if ob != oa {
                    let pos = |s: &State, m: Option<MemberId>| m.and_then(|m| s.position(Person::Member(m)));
                    shift(live, draft, pos(live, ob), pos(draft, oa), &mut shifted);
                    people.extend([ob, oa].into_iter().flatten().map(Person::Member));
                }
            }
            Event::ContactSaved { after, .. } => {
                let who = Person::Contact(after.id);
                people.push(who);
                moved(who, &mut shifted, &mut covered);
                let access = |s: &State| {
                    s.contact(after.id).and_then(|c| c.access.clone()).map(|a| (a.enabled, a.hierarchy_role))
                };
                if access(live) != access(draft) {
                    // Whole-account colleagues see enabled users' records (PU-8).
                    accounts.insert(after.account);
                }
                let parked = |s: &State| s.contact(after.id).is_some_and(|c| c.access.is_some() && !c.has_access());
                if parked(live) != parked(draft) {
                    for s in [live, draft] {
                        owners.extend(s.account(after.account).map(|a| a.owner));
                    }
                }
            }
            Event::RecordSaved { before, after } => {
                let owner_before = before.as_ref().map(|r| r.owner);
                let pos = |s: &State, p: Option<Person>| p.and_then(|p| s.position(p));
                let above =
                    |s: &State, p: Option<Person>| pos(s, p).and_then(|n| s.hierarchy_role(n)).and_then(|h| h.parent);
                shift(live, draft, above(live, owner_before), above(draft, Some(after.owner)), &mut shifted);
                shift(live, draft, pos(live, owner_before), pos(draft, Some(after.owner)), &mut covered);
                for owner in [owner_before, Some(after.owner)].into_iter().flatten() {
                    people.push(owner);
                    if let Person::Contact(c) = owner {
                        for s in [live, draft] {
                            if let Some(c) = s.contact(c) {
                                accounts.insert(c.account);
                                owners.extend(s.account(c.account).map(|a| a.owner));
                            }
                        }
                    }
                }
            }
            Event::ItemSaved { .. } => items = true,
            Event::SharingRuleSaved { after, .. } => {
                rules.insert(after.id);
            }
            Event::SharingRuleDeleted { before } => {
                rules.insert(before.id);
            }
            Event::DashboardSaved { before, after } => {
                published.extend(before.iter().flat_map(|b| b.roles.iter().copied()));
                published.extend(after.roles.iter().copied());
            }
            Event::DashboardDeleted { before } => published.extend(before.roles.iter().copied()),
            // A review decides nothing by itself: its decisions become ops of their own (RPT-4).
            Event::WorkspaceCreated { .. }
            | Event::WorkspaceSaved { .. }
            | Event::RoleSaved { before: None, .. }
            | Event::ReviewSaved { .. }
            | Event::ReviewItemSaved { .. } => {}
        }
    }
    if !roles.is_empty() {
        // Members hold internal roles, partner users partner ones: scan only who can hold them.
        let audience = |a: crate::model::Audience| {
            roles.iter().any(|r| [live, draft].iter().any(|s| s.role(*r).is_some_and(|x| x.audience == a)))
        };
        let (internal, partner) =
            (audience(crate::model::Audience::Internal), audience(crate::model::Audience::Partner));
        for s in [live, draft] {
            if internal {
                people.extend(
                    s.members().filter(|m| m.role.is_some_and(|r| roles.contains(&r))).map(|m| Person::Member(m.id)),
                );
            }
            if !partner {
                continue;
            }
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
    }
    let mut by_place: HashSet<Person> = HashSet::new();
    let mut chains: HashSet<HierarchyRoleId> = HashSet::new();
    for s in [live, draft] {
        for m in &owners {
            by_place.insert(Person::Member(*m));
            if let Some(p) = s.position(Person::Member(*m)) {
                chains.extend(chain(s, Some(p)));
            }
        }
        for a in &accounts {
            by_place.extend(s.contacts_of(*a).map(|c| Person::Contact(c.id)));
        }
        for n in shifted.iter().chain(&chains) {
            by_place.extend(s.people_at(*n).iter().copied());
        }
    }
    // Sharing rules: changed ones, and those whose source sits in a chain that moved
    // (the records under it changed sides), reach their grantees.
    for s in [live, draft] {
        for rule in s.sharing_rules() {
            if rules.contains(&rule.id) || covered.contains(&rule.source) {
                for t in [live, draft] {
                    grantees(t, rule.grantee, &mut by_place);
                }
            }
        }
    }
    if !published.is_empty() {
        for s in [live, draft] {
            let holds =
                |c: &crate::partners::Contact| c.access.as_ref().is_some_and(|a| published.contains(&a.portal_role));
            people.extend(s.contacts().filter(|c| holds(c)).map(|c| Person::Contact(c.id)));
        }
    }
    if items {
        for s in [live, draft] {
            people.extend(s.contacts().filter(|c| c.access.is_some()).map(|c| Person::Contact(c.id)));
        }
    }
    people.extend(by_place.iter().copied());
    people.sort_unstable();
    people.dedup();
    Reach { people, by_place, items }
}

/// `place` and every role above it.
fn chain(state: &State, place: Option<HierarchyRoleId>) -> HashSet<HierarchyRoleId> {
    let mut out = HashSet::new();
    let mut next = place;
    while let Some(p) = next {
        if !out.insert(p) {
            break; // a damaged file with a cycle: rules never make one
        }
        next = state.hierarchy_role(p).and_then(|h| h.parent);
    }
    out
}

/// Something whose records were seen from `before`'s chain (live) is seen from `after`'s
/// (draft): the roles in one chain and not the other are where views change.
fn shift(
    live: &State,
    draft: &State,
    before: Option<HierarchyRoleId>,
    after: Option<HierarchyRoleId>,
    out: &mut HashSet<HierarchyRoleId>,
) {
    let (b, a) = (chain(live, before), chain(draft, after));
    out.extend(b.symmetric_difference(&a).copied());
}

/// Everyone a sharing rule's grantee reaches.
fn grantees(state: &State, grantee: Grantee, out: &mut HashSet<Person>) {
    match grantee {
        Grantee::Account(a) => out.extend(state.contacts_of(a).map(|c| Person::Contact(c.id))),
        // The people at the role and at every role above it.
        Grantee::Role(r) => {
            for n in chain(state, Some(r)) {
                out.extend(state.people_at(n).iter().copied());
            }
        }
    }
}

/// Before publishing: what the draft would leave wrong or risky.
pub fn warnings(draft: &State) -> Vec<String> {
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
    for account in draft.accounts() {
        let Some(share) = account.licence_share else { continue };
        let used = draft.licences_used_by(account.id);
        if used > share {
            out.push(format!(
                "{used} partner users of '{}' would hold portal access, over its share of {share} licences",
                account.name
            ));
        }
    }
    let api_only = Permission::Special(Special::ApiOnly);
    for role in draft.roles() {
        if role.audience == crate::model::Audience::Partner && role.permissions.contains(api_only) {
            out.push(format!("The partner role '{}' carries API only: its users could not sign in (PU-7)", role.name));
        }
    }
    out
}
