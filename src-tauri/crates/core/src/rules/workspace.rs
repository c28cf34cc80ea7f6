use crate::access::require;
use crate::error::{ErrorCode, RuleError, RuleResult};
use crate::event::Event;
use crate::ids::{MemberId, Millis};
use crate::model::{Builtin, Member, Workspace};
use crate::op::Actor;
use crate::password::PasswordPolicy;
use crate::permissions::{Action, Permission, Resource};
use crate::state::State;
use crate::validate;

/// WS-1: a workspace is created once, with its Owner, by whoever runs Trellis first.
pub fn create(
    state: &State,
    actor: &Actor,
    name: &str,
    owner: MemberId,
    owner_name: &str,
    owner_email: &str,
    at: Millis,
) -> RuleResult<Vec<Event>> {
    if state.workspace().is_some() {
        return Err(RuleError::new(ErrorCode::Workspace, None, "This database already holds a workspace"));
    }
    if *actor != Actor::Bootstrap {
        return Err(RuleError::forbidden("A workspace is created on first run only"));
    }
    let name = validate::name("workspace_name", "Workspace name", name)?;
    let owner_name = validate::name("owner_name", "Your name", owner_name)?;
    let owner_email = validate::email("owner_email", owner_email)?;
    let roles = Builtin::ALL.iter().map(|b| b.role()).collect();
    let member = Member::active(owner, owner_email, owner_name, Some(Builtin::Owner.id()), at);
    Ok(vec![
        Event::WorkspaceCreated {
            workspace: Workspace {
                name,
                created_at: at,
                password_policy: PasswordPolicy::default(),
                partner_features: Default::default(),
                four_eyes: false,
                preview_max_minutes: crate::model::PREVIEW_MAX_DEFAULT,
                portal_login: None,
                portal_idle_minutes: crate::model::PORTAL_IDLE_DEFAULT,
                portal_url: None,
                mail: None,
            },
            roles,
        },
        Event::MemberSaved { before: None, after: member },
    ])
}

/// WS-4: the workspace's password policy, within NIST's bounds.
pub fn set_password_policy(state: &State, actor: &Actor, policy: PasswordPolicy) -> RuleResult<Vec<Event>> {
    require(state, actor, Permission::Crud(Resource::Settings, Action::Update))?;
    let policy = policy.validate()?;
    let before =
        state.workspace().cloned().ok_or_else(|| RuleError::new(ErrorCode::Workspace, None, "No workspace yet"))?;
    let mut after = before.clone();
    after.password_policy = policy;
    Ok(vec![Event::WorkspaceSaved { before, after }])
}

/// PREV-5: the longest a portal preview may last.
pub fn set_preview_max(state: &State, actor: &Actor, minutes: u32) -> RuleResult<Vec<Event>> {
    require(state, actor, Permission::Crud(Resource::Settings, Action::Update))?;
    if !(5..=crate::model::PREVIEW_MAX_LIMIT).contains(&minutes) {
        return Err(RuleError::invalid(
            "preview_max_minutes",
            format!("A preview may be allowed from 5 to {} minutes", crate::model::PREVIEW_MAX_LIMIT),
        ));
    }
    let before =
        state.workspace().cloned().ok_or_else(|| RuleError::new(ErrorCode::Workspace, None, "No workspace yet"))?;
    let mut after = before.clone();
    after.preview_max_minutes = minutes;
    Ok(vec![Event::WorkspaceSaved { before, after }])
}

/// PORT-4: how long an unused portal session lasts (5 minutes to a working day).
pub fn set_portal_idle(state: &State, actor: &Actor, minutes: u32) -> RuleResult<Vec<Event>> {
    require(state, actor, Permission::Crud(Resource::Settings, Action::Update))?;
    if !(5..=crate::model::PREVIEW_MAX_LIMIT).contains(&minutes) {
        return Err(RuleError::invalid(
            "portal_idle_minutes",
            format!("A portal session may stay unused from 5 to {} minutes", crate::model::PREVIEW_MAX_LIMIT),
        ));
    }
    let before =
        state.workspace().cloned().ok_or_else(|| RuleError::new(ErrorCode::Workspace, None, "No workspace yet"))?;
    let mut after = before.clone();
    after.portal_idle_minutes = minutes;
    Ok(vec![Event::WorkspaceSaved { before, after }])
}

/// The portal's public address for invitation links: https, or http on this machine only
/// (trying it). Kept without a trailing slash.
pub fn set_portal_address(state: &State, actor: &Actor, url: Option<&str>) -> RuleResult<Vec<Event>> {
    require(state, actor, Permission::Crud(Resource::Settings, Action::Update))?;
    let url = match url.map(str::trim).filter(|u| !u.is_empty()) {
        None => None,
        Some(u) => {
            let local = ["http://localhost", "http://127.0.0.1"].iter().any(|p| u.starts_with(p));
            if !(u.starts_with("https://") || local) {
                return Err(RuleError::invalid(
                    "portal_url",
                    "The portal's address starts with https:// (http only for localhost)",
                ));
            }
            if u.len() > 200 || u.chars().any(|c| c.is_control() || c.is_whitespace() || "#?\"<>".contains(c)) {
                return Err(RuleError::invalid(
                    "portal_url",
                    "Enter the portal's address, like https://partners.example.com",
                ));
            }
            Some(u.trim_end_matches('/').to_owned())
        }
    };
    let before =
        state.workspace().cloned().ok_or_else(|| RuleError::new(ErrorCode::Workspace, None, "No workspace yet"))?;
    let mut after = before.clone();
    after.portal_url = url;
    Ok(vec![Event::WorkspaceSaved { before, after }])
}

/// MAIL-1: how the workspace sends email; every field checked (`mail::validate`).
pub fn set_mail(state: &State, actor: &Actor, mail: Option<crate::mail::MailSettings>) -> RuleResult<Vec<Event>> {
    require(state, actor, Permission::Crud(Resource::Settings, Action::Update))?;
    let mail = mail.map(crate::mail::validate).transpose()?;
    let before =
        state.workspace().cloned().ok_or_else(|| RuleError::new(ErrorCode::Workspace, None, "No workspace yet"))?;
    let mut after = before.clone();
    after.mail = mail;
    Ok(vec![Event::WorkspaceSaved { before, after }])
}

/// DRAFT-5: turns four-eyes publishing of drafts on or off.
pub fn set_four_eyes(state: &State, actor: &Actor, on: bool) -> RuleResult<Vec<Event>> {
    require(state, actor, Permission::Crud(Resource::Settings, Action::Update))?;
    let before =
        state.workspace().cloned().ok_or_else(|| RuleError::new(ErrorCode::Workspace, None, "No workspace yet"))?;
    let mut after = before.clone();
    after.four_eyes = on;
    Ok(vec![Event::WorkspaceSaved { before, after }])
}
