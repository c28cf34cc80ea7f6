//! Contacts and portal access: PU-1 (give access), PU-6 (revoke), PU-7, WS-2, WS-3, HIER-1.

use crate::access::require;
use crate::error::{RuleError, RuleResult};
use crate::event::Event;
use crate::ids::{ContactId, HierarchyRoleId, PartnerAccountId, RoleId};
use crate::model::{Audience, Builtin, RoleGroup};
use crate::op::Actor;
use crate::partners::{AccessRoles, Contact, HierarchyRole, PartnerAccount, PortalAccess, BRANCH_SUFFIXES};
use crate::permissions::{Action, Permission, Resource, Special};
use crate::state::State;
use crate::validate;

fn contact(state: &State, id: ContactId) -> RuleResult<&Contact> {
    state.contact(id).ok_or_else(|| RuleError::not_found("contact_id", format!("No contact with id {id}")))
}

pub fn create_contact(
    state: &State,
    actor: &Actor,
    id: ContactId,
    account: PartnerAccountId,
    name: &str,
    email: &str,
) -> RuleResult<Vec<Event>> {
    require(state, actor, Permission::Crud(Resource::PartnerUsers, Action::Create))?;
    state
        .account(account)
        .ok_or_else(|| RuleError::not_found("account_id", format!("No partner account with id {account}")))?;
    let name = validate::name("name", "Name", name)?;
    let email = validate::email("email", email)?;
    if let Some(other) = state.contact_by_email(&email) {
        return Err(RuleError::conflict("email", format!("{} is already a contact", other.email)));
    }
    if state.contact(id).is_some() {
        return Err(RuleError::conflict("id", "That contact id is already used"));
    }
    Ok(vec![Event::ContactSaved {
        before: None,
        after: Contact {
            id,
            account,
            name,
            email,
            access: None,
            version: 1,
            invitation: None,
            hidden_tiles: Default::default(),
        },
    }])
}

/// A role of `group` a partner user may be given: partner audience (ROLE-5), the right
/// group (ROLE-6: one role per group), not API only (PU-7).
fn partner_role<'s>(state: &'s State, id: RoleId, group: RoleGroup, field: &str) -> RuleResult<&'s crate::model::Role> {
    let role = state.role(id).ok_or_else(|| RuleError::not_found(field, format!("No role with id {id}")))?;
    let what = match group {
        RoleGroup::Portal => "a portal role",
        RoleGroup::Agent => "an agent role",
        RoleGroup::Admin => "an admin role",
        RoleGroup::Workspace => "a workspace role",
    };
    if role.audience != Audience::Partner {
        return Err(RuleError::rule(
            Some(field),
            format!("'{}' is an internal role; partner users get partner-audience roles (ROLE-5)", role.name),
        ));
    }
    if role.group != group {
        return Err(RuleError::rule(
            Some(field),
            format!("'{}' is not {what}; a partner user holds one role per group (ROLE-6)", role.name),
        ));
    }
    if role.permissions.contains(Permission::Special(Special::ApiOnly)) {
        return Err(RuleError::rule(
            Some(field),
            format!("'{}' is API only: its users could not sign in to the portal (PU-7)", role.name),
        ));
    }
    Ok(role)
}

/// The three roles of a partner user, each checked; returns their combined permissions.
pub(super) fn check_roles(state: &State, roles: AccessRoles) -> RuleResult<crate::permissions::PermissionSet> {
    let mut perms = portal_role(state, roles.portal_role)?;
    if let Some(agent) = roles.agent_role {
        perms = perms.union(partner_role(state, agent, RoleGroup::Agent, "agent_role_id")?.permissions);
    }
    let admin = roles.admin_role.unwrap_or(Builtin::NoAdmin.id());
    Ok(perms.union(partner_role(state, admin, RoleGroup::Admin, "admin_role_id")?.permissions))
}

/// A portal role a partner user may be given; WS-2 for the Advanced Partner Center role.
fn portal_role(state: &State, id: RoleId) -> RuleResult<crate::permissions::PermissionSet> {
    let role = partner_role(state, id, RoleGroup::Portal, "portal_role_id")?;
    let features = state.workspace().map(|w| w.partner_features).unwrap_or_default();
    if role.builtin == Some(Builtin::AdvancedPartnerCenter) && !features.advanced_partner_access {
        return Err(RuleError::rule(
            Some("portal_role_id"),
            "The Advanced Partner Center role needs Advanced Partner Access switched on in Settings (WS-2)",
        ));
    }
    Ok(role.permissions)
}

/// PU-1: access for a contact of an enabled account; consumes a licence. HIER-1: the
/// account's first partner user creates its three partner roles under the owner's role.
pub fn give_access(
    state: &State,
    actor: &Actor,
    id: ContactId,
    roles: AccessRoles,
    hierarchy_role: Option<HierarchyRoleId>,
    branch: [HierarchyRoleId; 3],
    can_grant_subpartners: bool,
) -> RuleResult<Vec<Event>> {
    require(state, actor, Permission::Crud(Resource::PartnerUsers, Action::Create))?;
    require(state, actor, Permission::Special(Special::ManagePartnerAccess))?;
    let before = contact(state, id)?;
    if before.has_access() {
        return Err(RuleError::rule(Some("contact_id"), format!("{} already has portal access", before.email)));
    }
    let account = state.account(before.account).ok_or_else(|| RuleError::internal("contact without account"))?;
    let features = state.workspace().map(|w| w.partner_features).unwrap_or_default();
    if !features.partner_access {
        return Err(RuleError::rule(
            Some("partner_access"),
            "Partner Access is off: switch it on in Settings first (WS-2)",
        ));
    }
    if !account.enabled {
        return Err(RuleError::rule(
            Some("account_id"),
            format!("'{}' is not enabled as a partner; enable the account first (PU-1)", account.name),
        ));
    }
    check_roles(state, roles)?;
    licence_left(state, account)?;
    let (mut events, hierarchy, first) = place_in_branch(state, account, hierarchy_role, branch)?;
    let mut after = before.clone();
    after.access = Some(PortalAccess {
        enabled: true,
        portal_role: roles.portal_role,
        agent_role: roles.agent_role,
        admin_role: roles.admin_role.unwrap_or(Builtin::NoAdmin.id()),
        hierarchy_role: hierarchy,
        can_grant_subpartners,
        fixed_hierarchy_role: first,
    });
    after.version += 1;
    events.push(Event::ContactSaved { before: Some(before.clone()), after });
    Ok(events)
}

/// WS-3: a licence must be left in the pool, and in the account's share when it has one.
pub(super) fn licence_left(state: &State, account: &PartnerAccount) -> RuleResult<()> {
    let features = state.workspace().map(|w| w.partner_features).unwrap_or_default();
    let in_use = state.licences_in_use();
    if in_use >= features.licences {
        return Err(RuleError::rule(
            Some("licences"),
            format!(
                "No partner licence left: {in_use} of {} in use. Add licences in Settings or disable a user (WS-3)",
                features.licences
            ),
        ));
    }
    if let Some(share) = account.licence_share {
        let used = state.licences_used_by(account.id);
        if used >= share {
            return Err(RuleError::rule(
                Some("licence_share"),
                format!(
                    "'{}' uses {used} of its share of {share} licence(s). Raise its share on the account or disable one of its users (WS-3)",
                    account.name
                ),
            ));
        }
    }
    Ok(())
}

/// HIER-1: the hierarchy role of a new partner user, creating the account's branch on its
/// first user. Returns the events, the role, and whether this user is the first.
pub(super) fn place_in_branch(
    state: &State,
    account: &crate::partners::PartnerAccount,
    hierarchy_role: Option<HierarchyRoleId>,
    branch: [HierarchyRoleId; 3],
) -> RuleResult<(Vec<Event>, HierarchyRoleId, bool)> {
    let mut events = Vec::new();
    let existing = state.branch_of(account.id);
    let hierarchy = if existing.is_empty() {
        // HIER-1: Executive › Manager › User under the owner's role; the first user is User.
        let owner_role = state
            .member(account.owner)
            .and_then(|m| m.hierarchy_role)
            .ok_or_else(|| RuleError::rule(Some("owner_id"), "The account's owner holds no hierarchy role (PA-1)"))?;
        if hierarchy_role.is_some_and(|h| h != branch[2]) {
            return Err(RuleError::rule(
                Some("hierarchy_role_id"),
                format!(
                    "The first partner user of '{}' gets '{} {}' (HIER-1)",
                    account.name, account.name, BRANCH_SUFFIXES[2]
                ),
            ));
        }
        if branch.iter().any(|b| state.hierarchy_role(*b).is_some())
            || branch[0] == branch[1]
            || branch[1] == branch[2]
            || branch[0] == branch[2]
        {
            return Err(RuleError::conflict("id", "The new hierarchy role ids are already used"));
        }
        let mut parent = owner_role;
        for (id, suffix) in branch.iter().zip(BRANCH_SUFFIXES) {
            let after = HierarchyRole {
                id: *id,
                name: format!("{} {suffix}", account.name),
                parent: Some(parent),
                account: Some(account.id),
                version: 1,
            };
            events.push(Event::HierarchyRoleSaved { before: None, after });
            parent = *id;
        }
        (branch[2], true)
    } else {
        let h = hierarchy_role
            .ok_or_else(|| RuleError::invalid("hierarchy_role_id", "Choose the partner user's hierarchy role"))?;
        if !existing.iter().any(|r| r.id == h) {
            return Err(RuleError::rule(
                Some("hierarchy_role_id"),
                format!("That hierarchy role is not one of '{}''s partner roles (HIER-1)", account.name),
            ));
        }
        (h, false)
    };
    Ok((events, hierarchy.0, hierarchy.1))
}

/// ROLE-6, PC-1, HIER-1: change an enabled partner user's roles or hierarchy role. The
/// account's first user keeps the hierarchy role HIER-1 gave them.
pub fn update_access(
    state: &State,
    actor: &Actor,
    id: ContactId,
    version: u32,
    roles: AccessRoles,
    hierarchy_role: HierarchyRoleId,
    can_grant_subpartners: bool,
) -> RuleResult<Vec<Event>> {
    require(state, actor, Permission::Crud(Resource::PartnerUsers, Action::Update))?;
    require(state, actor, Permission::Special(Special::ManagePartnerAccess))?;
    let before = contact(state, id)?;
    if before.version != version {
        return Err(RuleError::stale("version", format!("{} was changed since you opened it; reload", before.email)));
    }
    let access = before
        .access
        .as_ref()
        .filter(|a| a.enabled)
        .ok_or_else(|| RuleError::rule(Some("contact_id"), format!("{} has no portal access", before.email)))?;
    check_roles(state, roles)?;
    if access.hierarchy_role != hierarchy_role {
        if access.fixed_hierarchy_role {
            return Err(RuleError::rule(
                Some("hierarchy_role_id"),
                format!("{} is the account's first partner user; their hierarchy role is fixed (HIER-1)", before.name),
            ));
        }
        if !state.tree().branch(before.account).contains(&hierarchy_role) {
            return Err(RuleError::rule(
                Some("hierarchy_role_id"),
                "That hierarchy role is not one of the account's partner roles (HIER-1)",
            ));
        }
    }
    let mut after = before.clone();
    after.access = Some(PortalAccess {
        portal_role: roles.portal_role,
        agent_role: roles.agent_role,
        admin_role: roles.admin_role.unwrap_or(Builtin::NoAdmin.id()),
        hierarchy_role,
        can_grant_subpartners,
        ..access.clone()
    });
    after.version += 1;
    if after == *before {
        return Ok(vec![]);
    }
    Ok(vec![Event::ContactSaved { before: Some(before.clone()), after }])
}

/// PU-6: the licence is freed; the user's records stop rolling up.
pub fn revoke_access(state: &State, actor: &Actor, id: ContactId) -> RuleResult<Vec<Event>> {
    require(state, actor, Permission::Crud(Resource::PartnerUsers, Action::Update))?;
    require(state, actor, Permission::Special(Special::ManagePartnerAccess))?;
    let before = contact(state, id)?;
    if !before.has_access() {
        return Err(RuleError::rule(Some("contact_id"), format!("{} has no portal access", before.email)));
    }
    Ok(vec![disabled(before)])
}

/// The contact with access switched off (PU-6, and PA-2 for a whole account).
pub fn disabled(before: &Contact) -> Event {
    let mut after = before.clone();
    if let Some(a) = after.access.as_mut() {
        a.enabled = false;
    }
    // A revoked user's invitation link stops working with their access.
    after.invitation = None;
    after.version += 1;
    Event::ContactSaved { before: Some(before.clone()), after }
}
