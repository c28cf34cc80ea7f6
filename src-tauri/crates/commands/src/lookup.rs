//! Name → id lookups for the CLI, where people type emails and role names.

use crate::engine::Trellis;
use crate::ApiResult;
use trellis_core::{validate::shorten, Audience, MemberId, RoleId, RuleError};

impl Trellis {
    /// The member with `email`, current or (failing that) removed.
    pub async fn resolve_member(&self, email: &str) -> ApiResult<MemberId> {
        let inner = self.read().await;
        let key = trellis_core::validate::email_key(email);
        if let Some(m) = inner.state.member_by_email(&key) {
            return Ok(m.id);
        }
        let found = inner.state.members().find(|m| m.email.to_lowercase() == key).map(|m| m.id);
        found.ok_or_else(|| RuleError::not_found("email", format!("No member with email {}", shorten(email))))
    }

    pub async fn resolve_role(&self, audience: Audience, name: &str) -> ApiResult<RoleId> {
        let inner = self.read().await;
        let found = inner.state.role_by_name(audience, name).map(|r| r.id);
        found.ok_or_else(|| RuleError::not_found("role", format!("No role named '{}'", shorten(name))))
    }
}
