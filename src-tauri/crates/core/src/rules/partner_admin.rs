//! PC-4, PC-5, PA-4: partner-side administration. A partner user who is a Global admin or
//! User management admin adds users to their own account, and to subpartner accounts when
//! they may give login access to subpartners — never granting beyond their own permissions.

use super::partner_users::{check_roles, licence_left, place_in_branch};
use crate::access::require_within;
use crate::error::{ErrorCode, RuleError, RuleResult};
use crate::event::Event;
use crate::ids::{ContactId, HierarchyRoleId, PartnerAccountId};
use crate::model::Builtin;
use crate::op::Actor;
use crate::partners::{AccessRoles, Contact, PartnerAccount, PortalAccess};
use crate::state::State;
use crate::validate;
use crate::visibility::{is_user_admin, partner_permissions};

fn forbidden(message: impl Into<String>) -> RuleError {
    RuleError::new(ErrorCode::Forbidden, None, message)
}

/// PA-4: `account` is `own` or one of its subpartners, at any depth.
fn is_subpartner_of(state: &State, account: PartnerAccountId, own: PartnerAccountId) -> bool {
    let mut next = state.account(account).and_then(|a| a.parent);
    let mut hops = 0;
    while let Some(id) = next {
        if id == own {
            return true;
        }
        hops += 1;
        if hops > 64 {
            return false;
        }
        next = state.account(id).and_then(|a| a.parent);
    }
    false
}

pub struct NewPartnerUser<'a> {
    pub id: ContactId,
    pub account: PartnerAccountId,
    pub name: &'a str,
    pub email: &'a str,
    pub roles: AccessRoles,
    pub hierarchy_role: Option<HierarchyRoleId>,
    pub branch: [HierarchyRoleId; 3],
}

/// The partner admin behind `actor` (PC-4), with their access and own account.
fn admin<'s>(state: &'s State, actor: &Actor) -> RuleResult<(&'s Contact, &'s PortalAccess, &'s PartnerAccount)> {
    let Actor::Partner(admin_id) = *actor else {
        return Err(forbidden("Partner-side user management is done by a partner's own admins (PC-4)"));
    };
    let admin = state.contact(admin_id).ok_or_else(|| forbidden("Your partner user no longer exists"))?;
    let access =
        admin.access.as_ref().filter(|a| a.enabled).ok_or_else(|| forbidden("Your portal access is disabled"))?;
    let own =
        state.account(admin.account).filter(|a| a.enabled).ok_or_else(|| forbidden("Your account is not enabled"))?;
    if !is_user_admin(state, admin_id) {
        return Err(forbidden("Only a Global admin or User management admin manages a partner account's users (PC-4)"));
    }
    Ok((admin, access, own))
}

/// PC-4, PA-4: the admin's own account, or a subpartner when they may grant subpartners.
pub fn may_manage_account(
    state: &State,
    access: &PortalAccess,
    own: PartnerAccountId,
    target: &PartnerAccount,
) -> RuleResult<()> {
    if target.id == own {
        return Ok(());
    }
    if !is_subpartner_of(state, target.id, own) {
        return Err(RuleError::new(
            ErrorCode::Forbidden,
            Some("account_id"),
            format!("'{}' is neither your account nor one of its subpartners (PC-4)", target.name),
        ));
    }
    if !access.can_grant_subpartners {
        return Err(RuleError::new(
            ErrorCode::Forbidden,
            Some("account_id"),
            "You may not give login access to subpartners (PA-4)",
        ));
    }
    Ok(())
}

/// The accounts a partner admin manages users in (PC-4, PA-4): their own, and every
/// subpartner below it when they may grant subpartners. Empty for anyone else.
pub fn managed_accounts(state: &State, contact: ContactId) -> Vec<PartnerAccountId> {
    let Ok((_, access, own)) = admin(state, &Actor::Partner(contact)) else { return Vec::new() };
    let mut out = vec![own.id];
    if access.can_grant_subpartners {
        out.extend(state.accounts().filter(|a| is_subpartner_of(state, a.id, own.id)).map(|a| a.id));
    }
    out
}

pub fn add_user(state: &State, actor: &Actor, new: NewPartnerUser) -> RuleResult<Vec<Event>> {
    let (admin, admin_access, own) = admin(state, actor)?;
    let admin_id = admin.id;
    let target = state
        .account(new.account)
        .ok_or_else(|| RuleError::not_found("account_id", format!("No partner account with id {}", new.account)))?;
    may_manage_account(state, admin_access, own.id, target)?;
    if !target.enabled {
        return Err(RuleError::rule(Some("account_id"), format!("'{}' is not enabled as a partner", target.name)));
    }
    let features = state.workspace().map(|w| w.partner_features).unwrap_or_default();
    if !features.partner_access {
        return Err(RuleError::rule(Some("partner_access"), "Partner Access is off (WS-2)"));
    }
    let name = validate::name("name", "Full name", new.name)?;
    let email = validate::email("email", new.email)?;
    if let Some(other) = state.contact_by_email(&email) {
        return Err(RuleError::conflict("email", format!("{} is already a contact", other.email)));
    }
    if state.contact(new.id).is_some() {
        return Err(RuleError::conflict("id", "That contact id is already used"));
    }
    let granted = check_roles(state, new.roles)?;
    // PA-4, PC-4: never beyond the admin's own permissions.
    require_within(partner_permissions(state, admin_id), granted, "roles", "These roles")?;
    licence_left(state, target)?;
    // Partner-side admins place new users at the bottom of the branch unless they choose.
    let chosen = new.hierarchy_role.or_else(|| state.tree().branch(target.id).last().copied());
    let (mut events, hierarchy_role, first) = place_in_branch(state, target, chosen, new.branch)?;
    let access = PortalAccess {
        enabled: true,
        portal_role: new.roles.portal_role,
        agent_role: new.roles.agent_role,
        admin_role: new.roles.admin_role.unwrap_or(Builtin::NoAdmin.id()),
        hierarchy_role,
        can_grant_subpartners: false,
        fixed_hierarchy_role: first,
    };
    let after = Contact {
        id: new.id,
        account: target.id,
        name,
        email,
        access: Some(access),
        version: 1,
        invitation: None,
        hidden_tiles: Default::default(),
    };
    events.push(Event::ContactSaved { before: None, after });
    Ok(events)
}

/// PC-4, PA-4: a partner admin changes a colleague's roles — within the accounts they
/// manage, never their own, never someone holding (or roles carrying) permissions they do
/// not hold themselves (MEM-6).
pub fn set_roles(
    state: &State,
    actor: &Actor,
    id: ContactId,
    version: u32,
    roles: AccessRoles,
) -> RuleResult<Vec<Event>> {
    let (admin, admin_access, own) = admin(state, actor)?;
    let before =
        state.contact(id).ok_or_else(|| RuleError::not_found("contact_id", format!("No partner user with id {id}")))?;
    if before.id == admin.id {
        return Err(RuleError::new(ErrorCode::Forbidden, Some("contact_id"), "You cannot change your own roles"));
    }
    let target = state
        .account(before.account)
        .ok_or_else(|| RuleError::not_found("contact_id", format!("No partner user with id {id}")))?;
    may_manage_account(state, admin_access, own.id, target)?;
    if before.version != version {
        return Err(RuleError::stale("version", format!("{} was changed since you opened it; reload", before.email)));
    }
    let access = before
        .access
        .as_ref()
        .filter(|a| a.enabled)
        .ok_or_else(|| RuleError::rule(Some("contact_id"), format!("{} has no portal access", before.email)))?;
    let granted = check_roles(state, roles)?;
    let mine = partner_permissions(state, admin.id);
    require_within(mine, partner_permissions(state, id), "contact_id", &format!("{}'s current access", before.name))?;
    require_within(mine, granted, "roles", "These roles")?;
    let admin_role = roles.admin_role.unwrap_or(Builtin::NoAdmin.id());
    if access.portal_role == roles.portal_role
        && access.agent_role == roles.agent_role
        && access.admin_role == admin_role
    {
        return Ok(vec![]);
    }
    let mut after = before.clone();
    let new_access = after.access.as_mut().expect("checked above");
    new_access.portal_role = roles.portal_role;
    new_access.agent_role = roles.agent_role;
    new_access.admin_role = admin_role;
    after.version += 1;
    Ok(vec![Event::ContactSaved { before: Some(before.clone()), after }])
}
