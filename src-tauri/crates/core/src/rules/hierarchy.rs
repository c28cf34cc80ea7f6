//! PA-3 (owner change and realignment) and HIER-3 (adding and deleting an account's
//! partner hierarchy roles, with renaming so the branch stays contiguous).

use crate::access::require;
use crate::error::{RuleError, RuleResult};
use crate::event::Event;
use crate::ids::{HierarchyRoleId, MemberId, PartnerAccountId};
use crate::model::MemberStatus;
use crate::op::Actor;
use crate::partners::{HierarchyRole, PartnerAccount, BRANCH_SUFFIXES};
use crate::permissions::{Action, Permission, Resource};
use crate::records::Grantee;
use crate::state::State;

fn account(state: &State, id: PartnerAccountId) -> RuleResult<&PartnerAccount> {
    state.account(id).ok_or_else(|| RuleError::not_found("account_id", format!("No partner account with id {id}")))
}

/// The account's partner roles, top first.
fn branch(state: &State, account: PartnerAccountId) -> Vec<&HierarchyRole> {
    state.branch_of(account)
}

/// HIER-3: with `k` roles the names are the last `k` of Executive › Manager › User.
fn name_at(account: &PartnerAccount, index: usize, count: usize) -> String {
    format!("{} {}", account.name, BRANCH_SUFFIXES[BRANCH_SUFFIXES.len() - count + index])
}

/// PA-3: the new owner takes the account, and the account's whole partner branch moves
/// under the new owner's hierarchy role. Only the branch's top role is rewritten, so the
/// cost does not depend on how many partner users or records the account has.
pub fn change_owner(
    state: &State,
    actor: &Actor,
    id: PartnerAccountId,
    version: u32,
    owner: MemberId,
) -> RuleResult<Vec<Event>> {
    require(state, actor, Permission::Crud(Resource::Partners, Action::Update))?;
    let before = account(state, id)?;
    if before.version != version {
        return Err(RuleError::stale("version", format!("'{}' was changed since you opened it; reload", before.name)));
    }
    let new_owner =
        state.member(owner).ok_or_else(|| RuleError::not_found("owner_id", format!("No member with id {owner}")))?;
    if before.owner == owner {
        return Err(RuleError::rule(
            Some("owner_id"),
            format!("{} already owns '{}'", new_owner.display_name(), before.name),
        ));
    }
    if new_owner.status != MemberStatus::Active {
        return Err(RuleError::rule(
            Some("owner_id"),
            format!("{} is not an active member and cannot own accounts (PA-1)", new_owner.display_name()),
        ));
    }
    let top = branch(state, id).first().copied();
    let new_role = new_owner.hierarchy_role;
    if (before.enabled || top.is_some()) && new_role.is_none() {
        return Err(RuleError::rule(
            Some("owner_id"),
            format!(
                "{} holds no hierarchy role; the account's partner roles need one to roll up to (PA-1, PA-3)",
                new_owner.display_name()
            ),
        ));
    }
    let mut events = Vec::new();
    if let (Some(top), Some(role)) = (top, new_role) {
        if top.parent != Some(role) {
            let mut after = top.clone();
            after.parent = Some(role);
            after.version += 1;
            events.push(Event::HierarchyRoleSaved { before: Some(top.clone()), after });
        }
    }
    let mut after = before.clone();
    after.owner = owner;
    after.version += 1;
    events.push(Event::PartnerAccountSaved { before: Some(before.clone()), after });
    Ok(events)
}

/// HIER-3: a new partner role goes on top, as the parent of the current top.
pub fn add_partner_role(
    state: &State,
    actor: &Actor,
    account_id: PartnerAccountId,
    id: HierarchyRoleId,
) -> RuleResult<Vec<Event>> {
    require(state, actor, Permission::Crud(Resource::Partners, Action::Update))?;
    let acc = account(state, account_id)?;
    let roles = branch(state, account_id);
    let Some(top) = roles.first().copied() else {
        return Err(RuleError::rule(
            Some("account_id"),
            format!("'{}' has no partner roles yet: they are created with its first partner user (HIER-1)", acc.name),
        ));
    };
    if roles.len() >= BRANCH_SUFFIXES.len() {
        return Err(RuleError::rule(
            Some("account_id"),
            format!("'{}' already has three partner roles, the most an account can have (HIER-3)", acc.name),
        ));
    }
    if state.hierarchy_role(id).is_some() {
        return Err(RuleError::conflict("id", "That hierarchy role id is already used"));
    }
    let count = roles.len() + 1;
    let created =
        HierarchyRole { id, name: name_at(acc, 0, count), parent: top.parent, account: Some(account_id), version: 1 };
    let mut events = vec![Event::HierarchyRoleSaved { before: None, after: created }];
    let mut moved = top.clone();
    moved.parent = Some(id);
    moved.version += 1;
    events.push(Event::HierarchyRoleSaved { before: Some(top.clone()), after: moved });
    Ok(events)
}

/// HIER-3: delete one or several partner roles in one action. At least one role stays;
/// the rest are renamed bottom-up so the branch stays contiguous (ids never change); users
/// of deleted roles move to `move_to`, which must be chosen when there are any.
pub fn delete_partner_roles(
    state: &State,
    actor: &Actor,
    account_id: PartnerAccountId,
    doomed: &[HierarchyRoleId],
    move_to: Option<HierarchyRoleId>,
) -> RuleResult<Vec<Event>> {
    require(state, actor, Permission::Crud(Resource::Partners, Action::Update))?;
    let acc = account(state, account_id)?;
    if doomed.is_empty() {
        return Err(RuleError::invalid("roles", "Choose at least one partner role to delete"));
    }
    let roles = branch(state, account_id);
    for (i, id) in doomed.iter().enumerate() {
        if doomed[..i].contains(id) {
            return Err(RuleError::invalid("roles", "The same role is listed twice"));
        }
        if !roles.iter().any(|r| r.id == *id) {
            return Err(RuleError::not_found("roles", format!("{id} is not one of '{}''s partner roles", acc.name)));
        }
    }
    let remaining: Vec<&HierarchyRole> = roles.iter().copied().filter(|r| !doomed.contains(&r.id)).collect();
    if remaining.is_empty() {
        return Err(RuleError::rule(
            Some("roles"),
            format!("'{}' must keep at least one partner role (HIER-3)", acc.name),
        ));
    }
    for rule in state.sharing_rules() {
        let grantee_role = match rule.grantee {
            Grantee::Role(r) => Some(r),
            Grantee::Account(_) => None,
        };
        if doomed.contains(&rule.source) || grantee_role.is_some_and(|r| doomed.contains(&r)) {
            return Err(RuleError::rule(
                Some("roles"),
                format!("The sharing rule '{}' uses a role being deleted; change or delete the rule first", rule.name),
            ));
        }
    }
    let holders: Vec<&crate::partners::Contact> = state
        .contacts_of(account_id)
        .filter(|c| c.access.as_ref().is_some_and(|a| doomed.contains(&a.hierarchy_role)))
        .collect();
    let mut events = Vec::new();
    if !holders.is_empty() {
        // HIER-3: nobody is silently re-parented.
        let Some(target) = move_to else {
            return Err(RuleError::invalid(
                "move_to",
                format!(
                    "{} partner user(s) hold a role being deleted; choose the role they move to (HIER-3)",
                    holders.len()
                ),
            ));
        };
        if !remaining.iter().any(|r| r.id == target) {
            return Err(RuleError::rule(
                Some("move_to"),
                "Users must move to one of the account's partner roles that is being kept (HIER-3)",
            ));
        }
        for c in holders {
            let mut after = c.clone();
            if let Some(a) = after.access.as_mut() {
                a.hierarchy_role = target;
            }
            after.version += 1;
            events.push(Event::ContactSaved { before: Some(c.clone()), after });
        }
    } else if let Some(target) = move_to {
        if !remaining.iter().any(|r| r.id == target) {
            return Err(RuleError::rule(Some("move_to"), "That role is not one the account keeps (HIER-3)"));
        }
    }
    // Relink and rename what stays, top first, under the branch's old parent.
    let mut parent = roles[0].parent;
    for (i, role) in remaining.iter().enumerate() {
        let name = name_at(acc, i, remaining.len());
        if role.parent != parent || role.name != name {
            let mut after = (*role).clone();
            after.parent = parent;
            after.name = name;
            after.version += 1;
            events.push(Event::HierarchyRoleSaved { before: Some((*role).clone()), after });
        }
        parent = Some(role.id);
    }
    // Bottom first, so no deleted role is ever the parent of a live one.
    for role in roles.iter().rev().filter(|r| doomed.contains(&r.id)) {
        events.push(Event::HierarchyRoleDeleted { before: (*role).clone() });
    }
    Ok(events)
}
