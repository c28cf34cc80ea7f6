//! Records, items (ITEM-1) and sharing rules (SHARE-1).

use crate::access::require;
use crate::error::{RuleError, RuleResult};
use crate::event::Event;
use crate::ids::{ContactId, HierarchyRoleId, ItemId, RecordId, SharingRuleId};
use crate::op::Actor;
use crate::permissions::{Action, Permission, Resource, Special};
use crate::records::{Grantee, Item, Person, Record, RecordKind, Segments, ShareAccess, SharingRule};
use crate::state::State;
use crate::validate;
use crate::visibility::{record_access, viewer, Viewer};

/// A record's owner: a current member, or a partner user with enabled access.
pub(super) fn owner(state: &State, person: Person) -> RuleResult<()> {
    match person {
        Person::Member(id) => {
            let m = state.member(id).ok_or_else(|| RuleError::not_found("owner", format!("No member with id {id}")))?;
            if !m.is_current() {
                return Err(RuleError::rule(Some("owner"), format!("{} was removed", m.display_name())));
            }
        }
        Person::Contact(id) => {
            let c =
                state.contact(id).ok_or_else(|| RuleError::not_found("owner", format!("No contact with id {id}")))?;
            if !c.has_access() {
                return Err(RuleError::rule(Some("owner"), format!("{} has no portal access", c.email)));
            }
        }
    }
    Ok(())
}

pub struct NewRecord<'a> {
    pub id: RecordId,
    pub kind: RecordKind,
    pub name: &'a str,
    pub owner: Person,
    pub segments: &'a Segments,
}

/// The partner user behind `actor` as a viewer (PREV-2: a preview acts as them), refusing
/// when their access or account is disabled.
pub(super) fn partner_viewer(state: &State, contact: ContactId) -> RuleResult<Viewer<'_>> {
    viewer(state, Person::Contact(contact))
        .ok_or_else(|| RuleError::forbidden("This partner user's portal access or account is disabled"))
}

fn segments_checked(segments: &Segments) -> RuleResult<Segments> {
    let part = |field: &str, label: &str, v: &Option<String>| {
        v.as_deref().filter(|v| !v.trim().is_empty()).map(|v| validate::name(field, label, v)).transpose()
    };
    Ok(Segments {
        department: part("department", "Department", &segments.department)?,
        location: part("location", "Location", &segments.location)?,
        class: part("class", "Class", &segments.class)?,
    })
}

/// Members create records with the create permission on the kind; partner users too, and
/// only records they own themselves (the portal creates "my" records).
pub fn create_record(state: &State, actor: &Actor, new: NewRecord) -> RuleResult<Vec<Event>> {
    let NewRecord { id, kind, name, owner: person, segments } = new;
    let needed = Permission::Crud(kind.resource(), Action::Create);
    match *actor {
        Actor::Partner(me) => {
            if !partner_viewer(state, me)?.permissions.contains(needed) {
                return Err(RuleError::forbidden(format!(
                    "Your portal roles do not allow this: it needs the permission to {}",
                    needed.label()
                )));
            }
            if person != Person::Contact(me) {
                return Err(RuleError::forbidden("A partner user creates records they own themselves"));
            }
        }
        _ => {
            require(state, actor, needed)?;
        }
    }
    let name = validate::name("name", "Record name", name)?;
    owner(state, person)?;
    let segments = segments_checked(segments)?;
    if state.record(id).is_some() {
        return Err(RuleError::conflict("id", "That record id is already used"));
    }
    let after = Record { id, kind, name, owner: person, segments, activity: None, version: 1 };
    Ok(vec![Event::RecordSaved { before: None, after }])
}

pub fn reassign_record(state: &State, actor: &Actor, id: RecordId, person: Person) -> RuleResult<Vec<Event>> {
    let before =
        state.record(id).ok_or_else(|| RuleError::not_found("record_id", format!("No record with id {id}")))?;
    require(state, actor, Permission::Crud(before.kind.resource(), Action::Update))?;
    owner(state, person)?;
    if before.owner == person {
        return Ok(vec![]);
    }
    let mut after = before.clone();
    after.owner = person;
    after.version += 1;
    Ok(vec![Event::RecordSaved { before: Some(before.clone()), after }])
}

pub struct RecordEdit<'a> {
    pub id: RecordId,
    pub version: u32,
    pub name: &'a str,
    pub segments: &'a Segments,
}

/// Renames a record or changes its department, location or class, at the version the
/// editor opened. A member needs the update permission on its kind; a partner user needs
/// read/write access to this very record (HIER-2, PU-8, SHARE-1).
pub fn update_record(state: &State, actor: &Actor, edit: RecordEdit) -> RuleResult<Vec<Event>> {
    let before = state
        .record(edit.id)
        .ok_or_else(|| RuleError::not_found("record_id", format!("No record with id {}", edit.id)))?;
    match *actor {
        Actor::Partner(me) => {
            let v = partner_viewer(state, me)?;
            match record_access(state, &v, before) {
                Some(g) if g.write => {}
                Some(_) => return Err(RuleError::forbidden(format!("'{}' is read-only for you", before.name))),
                None => return Err(RuleError::not_found("record_id", format!("No record with id {}", edit.id))),
            }
        }
        _ => {
            require(state, actor, Permission::Crud(before.kind.resource(), Action::Update))?;
        }
    }
    if before.version != edit.version {
        return Err(RuleError::stale("version", format!("'{}' was changed since you opened it; reload", before.name)));
    }
    let name = validate::name("name", "Record name", edit.name)?;
    let segments = segments_checked(edit.segments)?;
    if name == before.name && segments == before.segments {
        return Ok(vec![]);
    }
    let mut after = before.clone();
    after.name = name;
    after.segments = segments;
    after.version += 1;
    Ok(vec![Event::RecordSaved { before: Some(before.clone()), after }])
}

pub fn create_item(state: &State, actor: &Actor, id: ItemId, name: &str, available: bool) -> RuleResult<Vec<Event>> {
    require(state, actor, Permission::Crud(Resource::Items, Action::Create))?;
    let name = validate::name("name", "Item name", name)?;
    let key = validate::name_key(&name);
    if state.items().any(|i| validate::name_key(&i.name) == key) {
        return Err(RuleError::conflict("name", format!("An item named '{name}' already exists")));
    }
    if state.item(id).is_some() {
        return Err(RuleError::conflict("id", "That item id is already used"));
    }
    let after = Item { id, name, available_in_partner_center: available, version: 1 };
    Ok(vec![Event::ItemSaved { before: None, after }])
}

/// ITEM-1: the *Available in Partner Center* flag.
pub fn set_item_availability(state: &State, actor: &Actor, id: ItemId, available: bool) -> RuleResult<Vec<Event>> {
    require(state, actor, Permission::Crud(Resource::Items, Action::Update))?;
    let before = state.item(id).ok_or_else(|| RuleError::not_found("item_id", format!("No item with id {id}")))?;
    if before.available_in_partner_center == available {
        return Ok(vec![]);
    }
    let mut after = before.clone();
    after.available_in_partner_center = available;
    after.version += 1;
    Ok(vec![Event::ItemSaved { before: Some(before.clone()), after }])
}

pub struct RuleDraft<'a> {
    pub id: SharingRuleId,
    pub version: Option<u32>,
    pub name: &'a str,
    pub kind: RecordKind,
    pub source: HierarchyRoleId,
    pub grantee: Grantee,
    pub access: ShareAccess,
}

/// SHARE-1: create a rule, or replace one at the version it was opened at.
pub fn save_sharing_rule(state: &State, actor: &Actor, draft: RuleDraft) -> RuleResult<Vec<Event>> {
    require(state, actor, Permission::Crud(Resource::Partners, Action::Update))?;
    require(state, actor, Permission::Special(Special::ManagePartnerAccess))?;
    let name = validate::name("name", "Rule name", draft.name)?;
    state
        .hierarchy_role(draft.source)
        .ok_or_else(|| RuleError::not_found("source_role_id", format!("No hierarchy role with id {}", draft.source)))?;
    match draft.grantee {
        Grantee::Account(a) => {
            state
                .account(a)
                .ok_or_else(|| RuleError::not_found("grantee", format!("No partner account with id {a}")))?;
        }
        Grantee::Role(r) => {
            let role = state
                .hierarchy_role(r)
                .ok_or_else(|| RuleError::not_found("grantee", format!("No hierarchy role with id {r}")))?;
            if role.account.is_none() {
                return Err(RuleError::rule(
                    Some("grantee"),
                    "Sharing rules grant to a partner account or one of its partner roles (SHARE-1)",
                ));
            }
        }
    }
    let key = validate::name_key(&name);
    if let Some(other) = state.sharing_rules().find(|r| r.id != draft.id && validate::name_key(&r.name) == key) {
        return Err(RuleError::conflict("name", format!("A sharing rule named '{}' already exists", other.name)));
    }
    let before = state.sharing_rule(draft.id);
    let version = match (before, draft.version) {
        (None, None) => 1,
        (Some(b), Some(v)) if b.version == v => v + 1,
        (Some(b), Some(_)) => {
            return Err(RuleError::stale("version", format!("'{}' was changed since you opened it; reload", b.name)))
        }
        (Some(_), None) => return Err(RuleError::conflict("id", "That sharing rule id is already used")),
        (None, Some(_)) => return Err(RuleError::not_found("rule_id", "That sharing rule no longer exists")),
    };
    let after = SharingRule {
        id: draft.id,
        name,
        kind: draft.kind,
        source: draft.source,
        grantee: draft.grantee,
        access: draft.access,
        version,
    };
    Ok(vec![Event::SharingRuleSaved { before: before.cloned(), after }])
}

pub fn delete_sharing_rule(state: &State, actor: &Actor, id: SharingRuleId) -> RuleResult<Vec<Event>> {
    require(state, actor, Permission::Crud(Resource::Partners, Action::Update))?;
    require(state, actor, Permission::Special(Special::ManagePartnerAccess))?;
    let before = state
        .sharing_rule(id)
        .ok_or_else(|| RuleError::not_found("rule_id", format!("No sharing rule with id {id}")))?;
    Ok(vec![Event::SharingRuleDeleted { before: before.clone() }])
}
