//! MEM-2..MEM-6: invite, resend, revoke, accept, change role, remove.

use crate::access::{require, require_within};
use crate::error::{RuleError, RuleResult};
use crate::event::Event;
use crate::ids::{MemberId, Millis, RoleId};
use crate::model::{Audience, Builtin, Member, MemberStatus, Role};
use crate::op::{Actor, ImportedMember};
use crate::permissions::{Action, Permission, PermissionSet, Resource};
use crate::state::State;
use crate::validate;
use std::collections::HashSet;

/// Upper bound on one bulk action: large enough for any real selection, small enough
/// that a hostile caller cannot make one transaction unbounded.
pub const MAX_BULK: usize = 100_000;

fn member<'s>(state: &'s State, id: MemberId, field: &str) -> RuleResult<&'s Member> {
    state.member(id).ok_or_else(|| RuleError::not_found(field, format!("No member with id {id}")))
}

/// An internal role a member may be given (ROLE-5), within the actor's permissions (MEM-6).
fn grantable_role(state: &State, actor_perms: PermissionSet, id: RoleId) -> RuleResult<&Role> {
    let role = state.role(id).ok_or_else(|| RuleError::not_found("role_id", format!("No role with id {id}")))?;
    if role.audience != Audience::Internal {
        return Err(RuleError::rule(
            Some("role_id"),
            format!(
                "'{}' is a partner role: it is reserved for partner users and cannot be given to a member (ROLE-5)",
                role.name
            ),
        ));
    }
    require_within(actor_perms, role.permissions, "role_id", &format!("The role '{}'", role.name))?;
    Ok(role)
}

fn role_perms(state: &State, role: Option<RoleId>) -> PermissionSet {
    role.and_then(|r| state.role(r)).map_or(PermissionSet::EMPTY, |r| r.permissions)
}

/// Distinct ids of current members, in the order given; refuses unknown, removed or too many.
fn targets<'s>(state: &'s State, ids: &[MemberId]) -> RuleResult<Vec<&'s Member>> {
    if ids.is_empty() {
        return Err(RuleError::invalid("member_ids", "Select at least one member"));
    }
    if ids.len() > MAX_BULK {
        return Err(RuleError::invalid("member_ids", format!("At most {MAX_BULK} members can be changed at once")));
    }
    let mut seen = crate::ids::IdSet::with_capacity_and_hasher(ids.len(), Default::default());
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if !seen.insert(*id) {
            continue;
        }
        let m = member(state, *id, "member_ids")?;
        if !m.is_current() {
            return Err(RuleError::rule(
                Some("member_ids"),
                format!("{} was removed; invite them again instead", m.display_name()),
            ));
        }
        out.push(m);
    }
    Ok(out)
}

/// MEM-6: the workspace keeps at least one active Owner after `changes`.
fn keeps_an_owner(state: &State, losing_owner: &[&Member]) -> RuleResult<()> {
    let owner = Some(Builtin::Owner.id());
    let lost = losing_owner.iter().filter(|m| m.status == MemberStatus::Active && m.role == owner).count();
    if lost > 0 && state.active_owner_count() <= lost {
        return Err(RuleError::rule(
            Some("member_ids"),
            "The workspace must keep at least one active Owner: make someone else an Owner first (MEM-6)",
        ));
    }
    Ok(())
}

pub fn invite(
    state: &State,
    actor: &Actor,
    id: MemberId,
    email: &str,
    name: &str,
    role: Option<RoleId>,
    at: Millis,
) -> RuleResult<Vec<Event>> {
    let perms = require(state, actor, Permission::Crud(Resource::Members, Action::Create))?;
    let email = validate::email("email", email)?;
    let name = if name.trim().is_empty() { String::new() } else { validate::name("name", "Name", name)? };
    if let Some(existing) = state.member_by_email(&email) {
        let what = if existing.status == MemberStatus::Pending {
            "already has a pending invitation"
        } else {
            "is already a member"
        };
        return Err(RuleError::conflict("email", format!("{} {what}", existing.email)));
    }
    if state.member(id).is_some() {
        return Err(RuleError::conflict("id", "That member id is already used"));
    }
    if let Some(role) = role {
        grantable_role(state, perms, role)?;
    }
    let after = Member {
        id,
        email,
        name,
        role,
        hierarchy_role: None,
        db_login: None,
        status: MemberStatus::Pending,
        invited_at: at,
        joined_at: None,
        removed_at: None,
        invites_sent: 1,
        version: 1,
    };
    Ok(vec![Event::MemberSaved { before: None, after }])
}

fn pending(state: &State, id: MemberId) -> RuleResult<&Member> {
    let m = member(state, id, "member_id")?;
    if m.status != MemberStatus::Pending {
        return Err(RuleError::rule(Some("member_id"), format!("{} has no pending invitation", m.display_name())));
    }
    Ok(m)
}

pub fn resend(state: &State, actor: &Actor, id: MemberId, at: Millis) -> RuleResult<Vec<Event>> {
    require(state, actor, Permission::Crud(Resource::Members, Action::Create))?;
    let before = pending(state, id)?;
    let mut after = before.clone();
    after.invites_sent += 1;
    after.invited_at = at;
    after.version += 1;
    Ok(vec![Event::MemberSaved { before: Some(before.clone()), after }])
}

pub fn revoke(state: &State, actor: &Actor, id: MemberId, at: Millis) -> RuleResult<Vec<Event>> {
    require(state, actor, Permission::Crud(Resource::Members, Action::Delete))?;
    let before = pending(state, id)?;
    let mut after = before.clone();
    after.status = MemberStatus::Removed;
    after.removed_at = Some(at);
    after.version += 1;
    Ok(vec![Event::MemberSaved { before: Some(before.clone()), after }])
}

/// MEM-2: the invitee accepts; only they can (the actor is the pending member).
pub fn accept(state: &State, actor: &Actor, id: MemberId, name: &str, at: Millis) -> RuleResult<Vec<Event>> {
    let before = pending(state, id)?;
    if *actor != Actor::Member(id) {
        return Err(RuleError::forbidden("Only the invited person can accept their invitation"));
    }
    let mut after = before.clone();
    if !name.trim().is_empty() {
        after.name = validate::name("name", "Name", name)?;
    }
    after.status = MemberStatus::Active;
    after.joined_at = Some(at);
    after.version += 1;
    Ok(vec![Event::MemberSaved { before: Some(before.clone()), after }])
}

/// MEM-3: one role for many members, all or nothing.
pub fn change_roles(state: &State, actor: &Actor, ids: &[MemberId], role: Option<RoleId>) -> RuleResult<Vec<Event>> {
    let perms = require(state, actor, Permission::Crud(Resource::Members, Action::Update))?;
    let targets = targets(state, ids)?;
    if let Some(role) = role {
        grantable_role(state, perms, role)?;
    }
    for m in &targets {
        let held = role_perms(state, m.role);
        // Named only when refused: a bulk change checks thousands of members.
        if !held.minus(perms).is_empty() {
            require_within(perms, held, "member_ids", &format!("{}'s current role", m.display_name()))?;
        }
    }
    let owner = Some(Builtin::Owner.id());
    if role != owner {
        let losing: Vec<&Member> = targets.iter().copied().filter(|m| m.role == owner).collect();
        keeps_an_owner(state, &losing)?;
    }
    Ok(targets
        .into_iter()
        .filter(|m| m.role != role)
        .map(|before| {
            let mut after = before.clone();
            after.role = role;
            after.version += 1;
            Event::MemberSaved { before: Some(before.clone()), after }
        })
        .collect())
}

/// MEM-4: access ends at once; the member row stays so their records keep an owner.
pub fn remove(state: &State, actor: &Actor, ids: &[MemberId], at: Millis) -> RuleResult<Vec<Event>> {
    let perms = require(state, actor, Permission::Crud(Resource::Members, Action::Delete))?;
    let targets = targets(state, ids)?;
    for m in &targets {
        let held = role_perms(state, m.role);
        if !held.minus(perms).is_empty() {
            require_within(perms, held, "member_ids", &format!("{}'s role", m.display_name()))?;
        }
    }
    keeps_an_owner(state, &targets)?;
    Ok(targets
        .into_iter()
        .map(|before| {
            let mut after = before.clone();
            after.status = MemberStatus::Removed;
            after.removed_at = Some(at);
            after.version += 1;
            Event::MemberSaved { before: Some(before.clone()), after }
        })
        .collect())
}

/// Adds many members at once, already active, all or nothing. Every row is checked like
/// an invitation (MEM-2, ROLE-5, MEM-6); the first bad row is named by its position.
pub fn import(state: &State, actor: &Actor, list: &[ImportedMember], at: Millis) -> RuleResult<Vec<Event>> {
    let perms = require(state, actor, Permission::Crud(Resource::Members, Action::Create))?;
    if list.is_empty() || list.len() > MAX_BULK {
        return Err(RuleError::invalid("members", format!("Import between 1 and {MAX_BULK} members")));
    }
    let mut emails = HashSet::with_capacity(list.len());
    let mut ids = HashSet::with_capacity(list.len());
    let mut granted: Option<RoleId> = None;
    let mut events = Vec::with_capacity(list.len());
    for (i, m) in list.iter().enumerate() {
        let at_row = |e: RuleError| RuleError { message: format!("Row {}: {}", i + 1, e.message), ..e };
        let email = validate::email("email", &m.email).map_err(at_row)?;
        let name = if m.name.trim().is_empty() {
            String::new()
        } else {
            validate::name("name", "Name", &m.name).map_err(at_row)?
        };
        if state.member_by_email(&email).is_some() || !emails.insert(validate::email_key(&email)) {
            return Err(at_row(RuleError::conflict("email", format!("{email} is already a member"))));
        }
        if state.member(m.id).is_some() || !ids.insert(m.id) {
            return Err(at_row(RuleError::conflict("id", "That member id is already used")));
        }
        if let Some(role) = m.role {
            if granted != Some(role) {
                grantable_role(state, perms, role).map_err(at_row)?;
                granted = Some(role);
            }
        }
        let after = Member::active(m.id, email, name, m.role, at);
        events.push(Event::MemberSaved { before: None, after });
    }
    Ok(events)
}
