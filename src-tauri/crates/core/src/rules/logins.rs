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
