//! Effective permissions and authority checks (SEC-1). Every command calls `require`
//! before it builds an op, and `apply` calls it again, so no caller can skip it.

use crate::error::{RuleError, RuleResult};
use crate::ids::MemberId;
use crate::model::{Member, MemberStatus};
use crate::op::Actor;
use crate::permissions::{Permission, PermissionSet};
use crate::state::State;

/// What a member may do now: the union of their roles (ROLE-6; members hold one group).
/// Pending and removed members may do nothing.
pub fn effective_permissions(state: &State, member: &Member) -> PermissionSet {
    if member.status != MemberStatus::Active {
        return PermissionSet::EMPTY;
    }
    member.role.and_then(|r| state.role(r)).map_or(PermissionSet::EMPTY, |r| r.permissions)
}

/// The active member behind `actor`, or a refusal.
pub fn active_member<'s>(state: &'s State, actor: &Actor) -> RuleResult<&'s Member> {
    let id: MemberId = match actor {
        Actor::Member(id) => *id,
        Actor::Bootstrap => {
            return Err(RuleError::forbidden("Sign in first: this action needs a member of the workspace"))
        }
        Actor::Partner(_) => {
            return Err(RuleError::forbidden("This action is for the channel team, not partner users"))
        }
    };
    let member =
        state.member(id).ok_or_else(|| RuleError::forbidden("Your membership no longer exists in this workspace"))?;
    match member.status {
        MemberStatus::Active => Ok(member),
        MemberStatus::Pending => Err(RuleError::forbidden("Accept your invitation before making changes")),
        MemberStatus::Removed => {
            Err(RuleError::forbidden("You were removed from this workspace; your access is revoked"))
        }
    }
}

/// The actor's permissions, refusing when they lack `needed`.
pub fn require(state: &State, actor: &Actor, needed: Permission) -> RuleResult<PermissionSet> {
    let member = active_member(state, actor)?;
    let perms = effective_permissions(state, member);
    if perms.contains(needed) {
        Ok(perms)
    } else {
        Err(RuleError::forbidden(format!(
            "Your role does not allow this: it needs the permission to {}",
            needed.label()
        )))
    }
}

/// MEM-6: nobody grants (or acts on someone holding) permissions they do not hold themselves.
pub fn require_within(actor_perms: PermissionSet, target: PermissionSet, field: &str, what: &str) -> RuleResult<()> {
    let missing = target.minus(actor_perms);
    if missing.is_empty() {
        return Ok(());
    }
    let names: Vec<String> = missing.iter().take(3).map(Permission::label).collect();
    let more = if missing.len() > 3 { format!(" and {} more", missing.len() - 3) } else { String::new() };
    Err(RuleError::new(
        crate::ErrorCode::Forbidden,
        Some(field),
        format!(
            "{what} carries permissions you do not hold ({}{more}); nobody may grant more than they have",
            names.join(", ")
        ),
    ))
}
