//! `apply`: the one place rules are checked. Pure: no I/O, no clock, no randomness.

mod activities;
mod dashboards;
mod drafts;
mod hierarchy;
pub mod logins;
mod members;
mod partner_admin;
mod partner_invitations;

pub use partner_admin::managed_accounts;
mod partner_users;
mod partners;
mod records;
mod reviews;
mod roles;
mod workspace;

use crate::error::{ErrorCode, RuleError, RuleResult};
use crate::event::Event;
use crate::op::{Actor, Op};
use crate::records::RecordKind;
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
        Op::CreateRole { id, name, description, audience, group, permissions, restriction, segments } => {
            let fields =
                roles::RoleFields { name, description, permissions: *permissions, restriction: *restriction, segments };
            roles::create(state, actor, *id, *audience, *group, fields)
        }
        Op::UpdateRole { id, version, name, description, permissions, restriction, segments } => {
            let fields =
                roles::RoleFields { name, description, permissions: *permissions, restriction: *restriction, segments };
            roles::update(state, actor, *id, *version, fields)
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
        Op::SetLicenceShare { id, version, share } => partners::set_licence_share(state, actor, *id, *version, *share),
        Op::EnablePartnerAccount { id } => partners::enable_account(state, actor, *id),
        Op::DisablePartnerAccount { id } => partners::disable_account(state, actor, *id),
        Op::CreateContact { id, account, name, email } => {
            partner_users::create_contact(state, actor, *id, *account, name, email)
        }
        Op::GiveAccess { contact, roles, hierarchy_role, branch, can_grant_subpartners, invitation } => {
            let events = partner_users::give_access(
                state,
                actor,
                *contact,
                *roles,
                *hierarchy_role,
                *branch,
                *can_grant_subpartners,
            )?;
            partner_invitations::attach(events, *contact, invitation.as_ref())
        }
        Op::RevokeAccess { contact } => partner_users::revoke_access(state, actor, *contact),
        Op::InvitePartnerUser { contact, digest, expires } => {
            partner_invitations::invite(state, actor, *contact, digest, *expires)
        }
        Op::AcceptPartnerInvitation { contact, at } => partner_invitations::accept(state, actor, *contact, *at),
        Op::UpdateAccess { contact, version, roles, hierarchy_role, can_grant_subpartners } => {
            partner_users::update_access(
                state,
                actor,
                *contact,
                *version,
                *roles,
                *hierarchy_role,
                *can_grant_subpartners,
            )
        }
        Op::AddPartnerUser { contact, account, name, email, roles, hierarchy_role, branch, invitation } => {
            let events = partner_admin::add_user(
                state,
                actor,
                partner_admin::NewPartnerUser {
                    id: *contact,
                    account: *account,
                    name,
                    email,
                    roles: *roles,
                    hierarchy_role: *hierarchy_role,
                    branch: *branch,
                },
            )?;
            partner_invitations::attach(events, *contact, invitation.as_ref())
        }
        Op::ChangeAccountOwner { id, version, owner } => hierarchy::change_owner(state, actor, *id, *version, *owner),
        Op::AddPartnerHierarchyRole { account, id } => hierarchy::add_partner_role(state, actor, *account, *id),
        Op::DeletePartnerHierarchyRoles { account, roles, move_to } => {
            hierarchy::delete_partner_roles(state, actor, *account, roles, *move_to)
        }
        Op::CreateRecord { id, kind, name, owner, segments } => records::create_record(
            state,
            actor,
            records::NewRecord { id: *id, kind: *kind, name, owner: *owner, segments },
        ),
        Op::UpdateRecord { id, version, name, segments } => {
            records::update_record(state, actor, records::RecordEdit { id: *id, version: *version, name, segments })
        }
        Op::LogActivity { id, owner, subject, facts, segments } => activities::log(
            state,
            actor,
            records::NewRecord { id: *id, kind: RecordKind::Activity, name: subject, owner: *owner, segments },
            facts,
        ),
        Op::EditActivity { id, version, subject, facts } => {
            activities::edit(state, actor, *id, *version, subject, facts)
        }
        Op::PartnerSetRoles { contact, version, roles } => {
            partner_admin::set_roles(state, actor, *contact, *version, *roles)
        }
        Op::ReassignRecord { id, owner } => records::reassign_record(state, actor, *id, *owner),
        Op::CreateItem { id, name, available_in_partner_center } => {
            records::create_item(state, actor, *id, name, *available_in_partner_center)
        }
        Op::SetItemAvailability { id, available_in_partner_center } => {
            records::set_item_availability(state, actor, *id, *available_in_partner_center)
        }
        Op::SaveSharingRule { id, version, name, kind, source, grantee, access } => records::save_sharing_rule(
            state,
            actor,
            records::RuleDraft {
                id: *id,
                version: *version,
                name,
                kind: *kind,
                source: *source,
                grantee: *grantee,
                access: *access,
            },
        ),
        Op::DeleteSharingRule { id } => records::delete_sharing_rule(state, actor, *id),
        Op::SaveDashboard { id, version, name, tiles, roles, publish_to, locked } => dashboards::save(
            state,
            actor,
            dashboards::DashboardDraft {
                id: *id,
                version: *version,
                name,
                tiles,
                roles,
                publish_to: *publish_to,
                locked: *locked,
            },
        ),
        Op::DeleteDashboard { id, version } => dashboards::delete(state, actor, *id, *version),
        Op::StartReview { id, name, scope, due, fallback, at } => reviews::start(
            state,
            actor,
            reviews::Start { id: *id, name, scope, due: *due, fallback: *fallback, at: *at },
        ),
        Op::DecideReview { review, people, verdict, comment, at } => reviews::decide(
            state,
            actor,
            reviews::Decide { review: *review, people, verdict: *verdict, comment, at: *at },
        ),
        Op::CompleteReview { review, at } => reviews::complete(state, actor, *review, *at),
        Op::ArrangeHome { contact, dashboard, hidden } => {
            dashboards::arrange(state, actor, *contact, *dashboard, hidden)
        }
        Op::SetDatabaseLogin { member, login } => logins::set(state, actor, *member, login.as_deref()),
        Op::SetFourEyes { on } => workspace::set_four_eyes(state, actor, *on),
        Op::SetPreviewMax { minutes } => workspace::set_preview_max(state, actor, *minutes),
        Op::SetPortalLogin { login } => logins::set_portal(state, actor, login.as_deref()),
        Op::SetPortalIdle { minutes } => workspace::set_portal_idle(state, actor, *minutes),
        Op::SetPortalAddress { url } => workspace::set_portal_address(state, actor, url.as_deref()),
        Op::SetMailSettings { mail } => workspace::set_mail(state, actor, mail.clone()),
        Op::PublishDraft { name, author, approver, editors, ops, .. } => drafts::publish(
            state,
            actor,
            drafts::Publication { name, author: *author, approver: *approver, editors, ops },
        ),
    }
}

/// Applies and commits in one step: for tests, replay and tools that own the state.
pub fn apply_and_commit(state: &mut State, actor: &Actor, op: &Op) -> RuleResult<Vec<Event>> {
    let events = apply(state, actor, op)?;
    state.commit(&events);
    Ok(events)
}
