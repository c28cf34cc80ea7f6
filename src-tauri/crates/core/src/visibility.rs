//! Who sees which records (HIER-2, PU-6, PU-8, SHARE-1) and items (ITEM-1), with the
//! reason, so the UI can explain every answer.
//!
//! A person sees a record of a kind only with read permission on that kind's resource,
//! and then when one of these holds:
//! - they own it;
//! - its owner sits strictly below them in the hierarchy (HIER-2) — for partner users
//!   only under the default restriction (PU-8);
//! - they are a "whole account" partner user and its owner is an enabled user of their
//!   account (PU-8);
//! - its owner is a disabled partner user (PU-6: no longer rolling up to the account) and
//!   they are the account's owner or sit at or above the owner's role (PA-3);
//! - a sharing rule grants it (SHARE-1).
//!
//! Hierarchy questions are answered by the Euler tour in `tree.rs`: the cost of a check
//! does not depend on how many people or records there are.

use crate::access::effective_permissions;
use crate::ids::{HierarchyRoleId, PartnerAccountId, SharingRuleId};
use crate::model::Builtin;
use crate::partners::PartnerRestriction;
use crate::permissions::{Action, Permission, PermissionSet, Resource};
use crate::records::{Grantee, Item, Person, Record, RecordKind, SegmentFilter, ShareAccess};
use crate::state::State;
use serde::Serialize;
use ts_rs::TS;

/// A person able to see records now, with what decides it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Viewer<'s> {
    pub person: Person,
    pub node: Option<HierarchyRoleId>,
    pub permissions: PermissionSet,
    /// Set for partner users: their account and their portal role's restriction.
    pub partner: Option<(PartnerAccountId, PartnerRestriction)>,
    /// PU-8's department, location and class limits (partner users; never own records).
    pub segments: Option<&'s SegmentFilter>,
}

/// Why a record is visible.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Reason {
    Owner,
    /// The owner sits below the viewer; `id` is the owner's hierarchy role.
    Hierarchy(HierarchyRoleId),
    WholeAccount,
    /// Records of a disabled partner user stay with the account's owner (PU-6, PA-3).
    AccountOwner,
    SharingRule(SharingRuleId),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
pub struct Grant {
    /// Read/write when the viewer may also update records of that kind.
    pub write: bool,
    pub reason: Reason,
}

/// What a partner user may do: the union of their portal, agent and admin roles (ROLE-6).
pub fn partner_permissions(state: &State, contact: crate::ids::ContactId) -> PermissionSet {
    let Some(access) = state.contact(contact).and_then(|c| c.access.as_ref()).filter(|a| a.enabled) else {
        return PermissionSet::EMPTY;
    };
    let perms = |id| state.role(id).map_or(PermissionSet::EMPTY, |r| r.permissions);
    let mut set = perms(access.portal_role).union(perms(access.admin_role));
    if let Some(agent) = access.agent_role {
        set = set.union(perms(agent));
    }
    set
}

/// The viewer behind `person`, or `None` when they may see nothing at all: a removed or
/// pending member, a partner user without enabled access or on a disabled account.
pub fn viewer(state: &State, person: Person) -> Option<Viewer<'_>> {
    match person {
        Person::Member(id) => {
            let member = state.member(id)?;
            let permissions = effective_permissions(state, member);
            (!permissions.is_empty()).then_some(Viewer {
                person,
                node: member.hierarchy_role,
                permissions,
                partner: None,
                segments: None,
            })
        }
        Person::Contact(id) => {
            let contact = state.contact(id)?;
            let access = contact.access.as_ref().filter(|a| a.enabled)?;
            state.account(contact.account).filter(|a| a.enabled)?;
            let portal = state.role(access.portal_role);
            let restriction = portal.map(|r| r.restriction).unwrap_or_default();
            Some(Viewer {
                person,
                node: Some(access.hierarchy_role),
                permissions: partner_permissions(state, id),
                partner: Some((contact.account, restriction)),
                segments: portal.map(|r| &r.segments).filter(|f| !f.is_empty()),
            })
        }
    }
}

fn can(viewer: &Viewer, kind: RecordKind, action: Action) -> bool {
    viewer.permissions.contains(Permission::Crud(kind.resource(), action))
}

fn account_of(state: &State, person: Person) -> Option<PartnerAccountId> {
    match person {
        Person::Contact(id) => state.contact(id).map(|c| c.account),
        Person::Member(_) => None,
    }
}

/// Does a sharing rule grant `viewer`? Grantee roles reach the people at and above them.
fn granted(state: &State, viewer: &Viewer, grantee: Grantee) -> bool {
    match grantee {
        Grantee::Account(a) => viewer.partner.is_some_and(|(account, _)| account == a),
        Grantee::Role(r) => viewer.node.is_some_and(|n| state.tree().is_at_or_below(r, n)),
    }
}

/// Owner-side answer (everything but sharing rules).
fn by_position(state: &State, viewer: &Viewer, owner: Person) -> Option<Reason> {
    if owner == viewer.person {
        return Some(Reason::Owner);
    }
    let tree = state.tree();
    let owner_node = state.position(owner);
    match viewer.partner {
        Some((account, restriction)) => match restriction {
            PartnerRestriction::OwnOnly => None,
            PartnerRestriction::OwnAndSubordinates => {
                let (n, o) = (viewer.node?, owner_node?);
                tree.is_below(o, n).then_some(Reason::Hierarchy(o))
            }
            PartnerRestriction::WholeAccount => {
                (owner_node.is_some() && account_of(state, owner) == Some(account)).then_some(Reason::WholeAccount)
            }
        },
        None => match owner_node {
            Some(o) => tree.is_below(o, viewer.node?).then_some(Reason::Hierarchy(o)),
            None => {
                // PU-6: a disabled partner user's records stay with the account's owner.
                let account = state.account(account_of(state, owner)?)?;
                if viewer.person == Person::Member(account.owner) {
                    return Some(Reason::AccountOwner);
                }
                let owner_role = state.position(Person::Member(account.owner))?;
                tree.is_at_or_below(owner_role, viewer.node?).then_some(Reason::AccountOwner)
            }
        },
    }
}

/// May `viewer` see `record`, and why? `None` means no.
pub fn record_access(state: &State, viewer: &Viewer, record: &Record) -> Option<Grant> {
    if !can(viewer, record.kind, Action::Read) {
        return None;
    }
    if record.owner != viewer.person && viewer.segments.is_some_and(|f| !f.allows(&record.segments)) {
        return None; // PU-8: outside the role's departments, locations or classes
    }
    let may_update = can(viewer, record.kind, Action::Update);
    if let Some(reason) = by_position(state, viewer, record.owner) {
        return Some(Grant { write: may_update, reason });
    }
    let owner_node = state.position(record.owner)?;
    let mut best: Option<Grant> = None;
    for rule in state.sharing_rules() {
        if rule.kind == record.kind
            && state.tree().is_at_or_below(owner_node, rule.source)
            && granted(state, viewer, rule.grantee)
        {
            let write = may_update && rule.access == ShareAccess::ReadWrite;
            if best.is_none_or(|b| write && !b.write) {
                best = Some(Grant { write, reason: Reason::SharingRule(rule.id) });
            }
        }
    }
    best
}

/// Every record `viewer` sees, of `kind` or of all kinds. Walks only the people whose
/// records can be visible: the viewer, those below them, their account, and the sources
/// of sharing rules that grant them — never the whole record table.
pub fn visible_records<'s>(state: &'s State, viewer: &Viewer, kind: Option<RecordKind>) -> Vec<&'s Record> {
    let kinds: Vec<RecordKind> =
        RecordKind::ALL.into_iter().filter(|k| kind.is_none_or(|x| x == *k) && can(viewer, *k, Action::Read)).collect();
    if kinds.is_empty() {
        return Vec::new();
    }
    let tree = state.tree();
    let mut owners: Vec<Person> = vec![viewer.person];
    match viewer.partner {
        Some((_, PartnerRestriction::OwnOnly)) => {}
        Some((account, PartnerRestriction::WholeAccount)) => {
            owners.extend(
                state
                    .contacts_of(account)
                    .filter(|c| c.has_access() && Person::Contact(c.id) != viewer.person)
                    .map(|c| Person::Contact(c.id)),
            );
        }
        Some((_, PartnerRestriction::OwnAndSubordinates)) | None => {
            if let Some(n) = viewer.node {
                for role in tree.below(n) {
                    owners.extend_from_slice(state.people_at(*role));
                }
            }
        }
    }
    if viewer.partner.is_none() {
        // PU-6: disabled partner users' records stay with their account's owner.
        for account in state.accounts() {
            let owner = Person::Member(account.owner);
            let holds = owner == viewer.person
                || state.position(owner).zip(viewer.node).is_some_and(|(o, n)| tree.is_at_or_below(o, n));
            if holds {
                owners.extend(
                    state
                        .contacts_of(account.id)
                        .filter(|c| c.access.is_some() && !c.has_access())
                        .map(|c| Person::Contact(c.id)),
                );
            }
        }
    }
    // Kinds are checked on the packed kinds, before any record is read.
    let of_kind = |s: &u32| kinds.contains(&state.record_kind_at(*s));
    let mut slots: Vec<u32> =
        owners.iter().flat_map(|p| state.record_slots_of(*p).iter().copied()).filter(of_kind).collect();
    for rule in state.sharing_rules() {
        if kinds.contains(&rule.kind) && granted(state, viewer, rule.grantee) {
            for role in tree.subtree(rule.source) {
                for person in state.people_at(*role) {
                    let theirs = state.record_slots_of(*person).iter();
                    slots.extend(theirs.filter(|s| state.record_kind_at(**s) == rule.kind));
                }
            }
        }
    }
    // Ascending slots read the record array front to back (and drop what rules repeated).
    slots.sort_unstable();
    slots.dedup();
    let records = slots.into_iter().map(|s| state.record_at(s));
    match viewer.segments {
        None => records.collect(),
        Some(f) => records.filter(|r| r.owner == viewer.person || f.allows(&r.segments)).collect(),
    }
}

/// ITEM-1: the items `viewer` sees. Partner users see only items available in Partner
/// Center, and only with read permission on items.
pub fn visible_items<'s>(state: &'s State, viewer: &Viewer) -> Vec<&'s Item> {
    if !viewer.permissions.contains(Permission::Crud(Resource::Items, Action::Read)) {
        return Vec::new();
    }
    state.items().filter(|i| viewer.partner.is_none() || i.available_in_partner_center).collect()
}

/// The built-in admin roles that may add users on the partner side (PC-4).
pub fn is_user_admin(state: &State, contact: crate::ids::ContactId) -> bool {
    state
        .contact(contact)
        .and_then(|c| c.access.as_ref())
        .filter(|a| a.enabled)
        .is_some_and(|a| a.admin_role == Builtin::GlobalAdmin.id() || a.admin_role == Builtin::UserManagementAdmin.id())
}
