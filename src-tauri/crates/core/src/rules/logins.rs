//! The link between a member and the shared database login their changes travel under.
//! Sync accepts a change as a member's only when the database says that login appended it.

use crate::access::require;
use crate::error::{RuleError, RuleResult};
use crate::event::Event;
use crate::ids::MemberId;
use crate::op::Actor;
use crate::permissions::{Action, Permission, Resource};
use crate::state::State;

/// PostgreSQL truncates identifiers at 63 bytes.
pub const MAX_LOGIN: usize = 63;

/// A database login as Trellis accepts it: the characters role names commonly use.
pub fn validate_login(login: &str) -> RuleResult<String> {
    let login = login.trim();
    if login.is_empty() {
        return Err(RuleError::invalid("login", "Enter the database login"));
    }
    if login.len() > MAX_LOGIN {
        return Err(RuleError::invalid("login", format!("A database login has at most {MAX_LOGIN} characters")));
    }
    if !login.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | '@')) {
        return Err(RuleError::invalid("login", "A database login uses letters, digits and _ . - @ only"));
    }
    Ok(login.to_owned())
}

/// Sets or clears `member`'s database login. Needs the permission to edit members; one
/// login belongs to one member, or the database could not tell them apart.
pub fn set(state: &State, actor: &Actor, member: MemberId, login: Option<&str>) -> RuleResult<Vec<Event>> {
    require(state, actor, Permission::Crud(Resource::Members, Action::Update))?;
    let before =
        state.member(member).ok_or_else(|| RuleError::not_found("member_id", format!("No member with id {member}")))?;
    if !before.is_current() {
        return Err(RuleError::rule(Some("member_id"), format!("{} was removed", before.display_name())));
    }
    let login = login.map(validate_login).transpose()?;
    if let Some(login) = &login {
        if is_portal_login(state, login) {
            return Err(RuleError::conflict(
                "login",
                format!("The database login {login} is the portal service's; a member needs a login of their own"),
            ));
        }
        if let Some(other) = state.member_by_db_login(login).filter(|m| m.id != member) {
            return Err(RuleError::conflict(
                "login",
                format!("The database login {login} already belongs to {}", other.display_name()),
            ));
        }
    }
    if before.db_login == login {
        return Ok(Vec::new());
    }
    let mut after = before.clone();
    after.db_login = login;
    after.version += 1;
    Ok(vec![Event::MemberSaved { before: Some(before.clone()), after }])
}

/// Whether `login` is the workspace's portal service (PORT-5).
pub fn is_portal_login(state: &State, login: &str) -> bool {
    state.workspace().and_then(|w| w.portal_login.as_deref()) == Some(login)
}

/// PORT-5: links the login the portal service appends partner users' changes under, or
/// unlinks it (the portal then can change nothing). Needs the permissions to change
/// settings and to manage partner access; a member's login cannot be the portal's, or a
/// partner's change could not be told from the member's.
pub fn set_portal(state: &State, actor: &Actor, login: Option<&str>) -> RuleResult<Vec<Event>> {
    require(state, actor, Permission::Crud(Resource::Settings, Action::Update))?;
    require(state, actor, Permission::Special(crate::permissions::Special::ManagePartnerAccess))?;
    let login = login.map(validate_login).transpose()?;
    if let Some(login) = &login {
        if let Some(m) = state.member_by_db_login(login) {
            return Err(RuleError::conflict(
                "login",
                format!(
                    "The database login {login} belongs to {}; the portal needs a login of its own",
                    m.display_name()
                ),
            ));
        }
    }
    let before = state
        .workspace()
        .cloned()
        .ok_or_else(|| RuleError::new(crate::error::ErrorCode::Workspace, None, "No workspace yet"))?;
    if before.portal_login == login {
        return Ok(Vec::new());
    }
    let mut after = before.clone();
    after.portal_login = login;
    Ok(vec![Event::WorkspaceSaved { before, after }])
}
