//! `apply`: the one place rules are checked. Pure: no I/O, no clock, no randomness.

mod members;
mod partner_users;
mod partners;
mod roles;
mod workspace;

use crate::error::{ErrorCode, RuleError, RuleResult};
use crate::event::Event;
use crate::op::{Actor, Op};
use crate::state::State;

/// Checks every rule for `op` done by `actor` against `state` and returns what changes.
/// The state itself is untouched: the caller persists the events, then commits them.
pub fn apply(state: &State, actor: &Actor, op: &Op) -> RuleResult<Vec<Event>> {
    if !matches!(op, Op::CreateWorkspace { .. }) && state.workspace().is_none() {
        return Err(RuleError::new(ErrorCode::Workspace, None, "No workspace yet: create one first"));
    }
    match op {
        Op::CreateWorkspace { name, owner, owner_name, owner_email, at } => {
            workspace::create(state, actor, name, *owner, owner_name, owner_email, *at)
        }
        Op::SetPasswordPolicy { policy } => workspace::set_password_policy(state, actor, *policy),
        Op::InviteMember { id, email, name, role, at } => members::invite(state, actor, *id, email, name, *role, *at),
        Op::ResendInvite { member, at } => members::resend(state, actor, *member, *at),
        Op::RevokeInvite { member, at } => members::revoke(state, actor, *member, *at),
        Op::AcceptInvite { member, name, at } => members::accept(state, actor, *member, name, *at),
        Op::ImportMembers { members: list, at } => members::import(state, actor, list, *at),
        Op::ChangeRoles { members: ids, role } => members::change_roles(state, actor, ids, *role),
        Op::RemoveMembers { members: ids, at } => members::remove(state, actor, ids, *at),
        Op::CreateRole { id, name, description, audience, permissions } => {
            roles::create(state, actor, *id, name, description, *audience, *permissions)
        }
        Op::UpdateRole { id, version, name, description, permissions } => {
            roles::update(state, actor, *id, *version, name, description, *permissions)
        }
        Op::CloneRole { source, id, name } => roles::clone(state, actor, *source, *id, name),
        Op::DeleteRole { id } => roles::delete(state, actor, *id),
        Op::SetPartnerFeatures { features } => partners::set_features(state, actor, *features),
        Op::CreateHierarchyRole { id, name, parent } => {
            partners::create_hierarchy_role(state, actor, *id, name, *parent)
        }
        Op::SetMemberHierarchyRole { member, role } => {
            partners::set_member_hierarchy_role(state, actor, *member, *role)
        }
        Op::CreatePartnerAccount { id, name, kind, owner, parent } => {
            partners::create_account(state, actor, *id, name, *kind, *owner, *parent)
        }
        Op::RenamePartnerAccount { id, version, name } => partners::rename_account(state, actor, *id, *version, name),
        Op::EnablePartnerAccount { id } => partners::enable_account(state, actor, *id),
        Op::DisablePartnerAccount { id } => partners::disable_account(state, actor, *id),
        Op::CreateContact { id, account, name, email } => {
            partner_users::create_contact(state, actor, *id, *account, name, email)
        }
        Op::GiveAccess { contact, portal_role, hierarchy_role, branch, can_grant_subpartners } => {
            partner_users::give_access(
                state,
                actor,
                *contact,
                *portal_role,
                *hierarchy_role,
                *branch,
                *can_grant_subpartners,
            )
        }
        Op::RevokeAccess { contact } => partner_users::revoke_access(state, actor, *contact),
    }
}

/// Applies and commits in one step: for tests, replay and tools that own the state.
pub fn apply_and_commit(state: &mut State, actor: &Actor, op: &Op) -> RuleResult<Vec<Event>> {
    let events = apply(state, actor, op)?;
    state.commit(&events);
    Ok(events)
}
