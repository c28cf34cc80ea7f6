//! ROLE-2..ROLE-5 and PU-7: create, edit, clone and delete permission roles.

use crate::access::{require, require_within};
use crate::error::{RuleError, RuleResult};
use crate::event::Event;
use crate::ids::RoleId;
use crate::model::{Audience, Role, RoleGroup};
use crate::op::Actor;
use crate::partners::PartnerRestriction;
use crate::permissions::{Action, Permission, PermissionSet, Resource, Special};
use crate::records::SegmentFilter;
use crate::state::State;
use crate::validate;

fn existing<'s>(state: &'s State, id: RoleId, field: &str) -> RuleResult<&'s Role> {
    state.role(id).ok_or_else(|| RuleError::not_found(field, format!("No role with id {id}")))
}

/// ROLE-3: names are unique per audience, case-insensitively.
fn unique_name(state: &State, audience: Audience, name: &str, except: Option<RoleId>) -> RuleResult<()> {
    match state.role_by_name(audience, name) {
        Some(other) if Some(other.id) != except => {
            Err(RuleError::conflict("name", format!("A role named '{}' already exists", other.name)))
        }
        _ => Ok(()),
    }
}

/// MEM-6 for the internal grid: portal features (PC-2, PC-3) are granted to partner roles
/// by managers who never hold them themselves, so only the rest is compared.
fn within(actor: PermissionSet, target: PermissionSet, field: &str, what: &str) -> RuleResult<()> {
    require_within(actor, target.minus(PermissionSet::portal_features()), field, what)
}

/// PU-7: a partner role that signs in by API only would lock its users out of the portal.
/// ROLE-5: portal features belong to partner roles.
fn portal_usable(audience: Audience, permissions: PermissionSet) -> RuleResult<()> {
    if audience == Audience::Internal && !permissions.minus(PermissionSet::internal()).is_empty() {
        return Err(RuleError::rule(
            Some("permissions"),
            "Portal features are for partner roles; an internal role cannot carry them (ROLE-5)",
        ));
    }
    if audience == Audience::Partner && permissions.contains(Permission::Special(Special::ApiOnly)) {
        return Err(RuleError::rule(
            Some("permissions"),
            "A partner role cannot carry 'API only': its users could not sign in to the portal (PU-7)",
        ));
    }
    Ok(())
}

/// ROLE-2: built-ins are read-only.
fn editable(role: &Role, verb: &str) -> RuleResult<()> {
    if role.builtin.is_some() {
        return Err(RuleError::rule(
            Some("role_id"),
            format!("'{}' is a built-in role and cannot be {verb}; clone it to make your own (ROLE-2)", role.name),
        ));
    }
    Ok(())
}

fn default_group(audience: Audience) -> RoleGroup {
    match audience {
        Audience::Internal => RoleGroup::Workspace,
        Audience::Partner => RoleGroup::Portal,
    }
}

/// What a role editor saves.
pub struct RoleFields<'a> {
    pub name: &'a str,
    pub description: &'a str,
    pub permissions: PermissionSet,
    pub restriction: PartnerRestriction,
    pub segments: &'a SegmentFilter,
}

/// PU-8: at most 50 values per list, each a short non-empty name, no repeats; only portal
/// roles carry restrictions.
fn segments(audience: Audience, group: RoleGroup, filter: &SegmentFilter) -> RuleResult<SegmentFilter> {
    if !filter.is_empty() && (audience != Audience::Partner || group != RoleGroup::Portal) {
        return Err(RuleError::rule(
            Some("segments"),
            "Only portal roles restrict by department, location or class (PU-8)",
        ));
    }
    let clean = |field: &str, label: &str, list: &[String]| -> RuleResult<Vec<String>> {
        if list.len() > 50 {
            return Err(RuleError::invalid(field, format!("At most 50 {label}s")));
        }
        let mut out: Vec<String> = Vec::with_capacity(list.len());
        for v in list {
            let v = validate::name(field, label, v)?;
            if !out.iter().any(|o| o.eq_ignore_ascii_case(&v)) {
                out.push(v);
            }
        }
        Ok(out)
    };
    Ok(SegmentFilter {
        departments: clean("departments", "Department", &filter.departments)?,
        locations: clean("locations", "Location", &filter.locations)?,
        classes: clean("classes", "Class", &filter.classes)?,
    })
}

pub fn create(
    state: &State,
    actor: &Actor,
    id: RoleId,
    audience: Audience,
    group: Option<RoleGroup>,
    fields: RoleFields,
) -> RuleResult<Vec<Event>> {
    let RoleFields { name, description, permissions, restriction, segments: filter } = fields;
    let perms = require(state, actor, Permission::Crud(Resource::Roles, Action::Create))?;
    let group = group.unwrap_or(default_group(audience));
    if group.audience() != audience {
        return Err(RuleError::invalid("group", "That role group belongs to the other audience (ROLE-5, ROLE-6)"));
    }
    let filter = segments(audience, group, filter)?;
    let name = validate::name("name", "Role name", name)?;
    let description = validate::description("description", description)?;
    unique_name(state, audience, &name, None)?;
    portal_usable(audience, permissions)?;
    within(perms, permissions, "permissions", "This role")?;
    if state.role(id).is_some() {
        return Err(RuleError::conflict("id", "That role id is already used"));
    }
    let after = Role {
        id,
        name,
        description,
        audience,
        group,
        builtin: None,
        permissions,
        restriction,
        segments: filter,
        version: 1,
    };
    Ok(vec![Event::RoleSaved { before: None, after }])
}

pub fn update(state: &State, actor: &Actor, id: RoleId, version: u32, fields: RoleFields) -> RuleResult<Vec<Event>> {
    let RoleFields { name, description, permissions, restriction, segments: filter } = fields;
    let perms = require(state, actor, Permission::Crud(Resource::Roles, Action::Update))?;
    let before = existing(state, id, "role_id")?;
    editable(before, "edited")?;
    if before.version != version {
        return Err(RuleError::stale(
            "version",
            format!("'{}' was changed by someone else since you opened it; reload and edit again", before.name),
        ));
    }
    let name = validate::name("name", "Role name", name)?;
    let description = validate::description("description", description)?;
    unique_name(state, before.audience, &name, Some(id))?;
    portal_usable(before.audience, permissions)?;
    within(perms, permissions, "permissions", "This role")?;
    within(perms, before.permissions, "role_id", &format!("The role '{}'", before.name))?;
    let mut after = before.clone();
    after.name = name;
    after.description = description;
    after.permissions = permissions;
    after.restriction = restriction;
    after.segments = segments(before.audience, before.group, filter)?;
    after.version += 1;
    Ok(vec![Event::RoleSaved { before: Some(before.clone()), after }])
}

/// ROLE-2/3: an independent copy, always custom, in the source's audience and group.
pub fn clone(state: &State, actor: &Actor, source: RoleId, id: RoleId, name: &str) -> RuleResult<Vec<Event>> {
    let perms = require(state, actor, Permission::Crud(Resource::Roles, Action::Create))?;
    let source = existing(state, source, "source_id")?;
    let name = validate::name("name", "Role name", name)?;
    unique_name(state, source.audience, &name, None)?;
    within(perms, source.permissions, "source_id", &format!("The role '{}'", source.name))?;
    if state.role(id).is_some() {
        return Err(RuleError::conflict("id", "That role id is already used"));
    }
    let after = Role {
        id,
        name,
        description: source.description.clone(),
        audience: source.audience,
        group: source.group,
        builtin: None,
        permissions: source.permissions,
        restriction: source.restriction,
        segments: source.segments.clone(),
        version: 1,
    };
    Ok(vec![Event::RoleSaved { before: None, after }])
}

/// ROLE-3: members keep their membership and are left with no role.
pub fn delete(state: &State, actor: &Actor, id: RoleId) -> RuleResult<Vec<Event>> {
    let perms = require(state, actor, Permission::Crud(Resource::Roles, Action::Delete))?;
    let role = existing(state, id, "role_id")?;
    editable(role, "deleted")?;
    within(perms, role.permissions, "role_id", &format!("The role '{}'", role.name))?;
    let holders = state.contacts_holding(id);
    if holders > 0 {
        return Err(RuleError::rule(
            Some("role_id"),
            format!("{holders} partner user(s) hold '{}'; give them another role first", role.name),
        ));
    }
    let mut events: Vec<Event> = state
        .members()
        .filter(|m| m.role == Some(id))
        .map(|before| {
            let mut after = before.clone();
            after.role = None;
            after.version += 1;
            Event::MemberSaved { before: Some(before.clone()), after }
        })
        .collect();
    events.push(Event::RoleDeleted { before: role.clone() });
    Ok(events)
}
