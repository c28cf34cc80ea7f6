//! Name → id lookups for the CLI, where people type emails and role names.

use crate::engine::Trellis;
use crate::ApiResult;
use trellis_core::{validate::shorten, Audience, ContactId, MemberId, PartnerAccountId, RoleId, RuleError};

impl Trellis {
    /// The member with `email`, current or (failing that) removed.
    pub async fn resolve_member(&self, email: &str) -> ApiResult<MemberId> {
        let inner = self.view().await?;
        let key = trellis_core::validate::email_key(email);
        if let Some(m) = inner.state().member_by_email(&key) {
            return Ok(m.id);
        }
        let found = inner.state().members().find(|m| m.email.to_lowercase() == key).map(|m| m.id);
        found.ok_or_else(|| RuleError::not_found("email", format!("No member with email {}", shorten(email))))
    }

    pub async fn resolve_role(&self, audience: Audience, name: &str) -> ApiResult<RoleId> {
        let inner = self.view().await?;
        let found = inner.state().role_by_name(audience, name).map(|r| r.id);
        found.ok_or_else(|| RuleError::not_found("role", format!("No role named '{}'", shorten(name))))
    }

    pub async fn resolve_account(&self, name: &str) -> ApiResult<PartnerAccountId> {
        let inner = self.view().await?;
        let found = inner.state().account_by_name(name).map(|a| a.id);
        found.ok_or_else(|| RuleError::not_found("account", format!("No partner account named '{}'", shorten(name))))
    }

    pub async fn resolve_contact(&self, email: &str) -> ApiResult<ContactId> {
        let inner = self.view().await?;
        let found = inner.state().contact_by_email(email).map(|c| c.id);
        found.ok_or_else(|| RuleError::not_found("email", format!("No contact with email {}", shorten(email))))
    }

    /// One of an account's partner hierarchy roles, by name.
    pub async fn resolve_partner_role(&self, account: PartnerAccountId, name: &str) -> ApiResult<String> {
        let inner = self.view().await?;
        let found = inner.state().branch_of(account).into_iter().find(|h| h.name.eq_ignore_ascii_case(name.trim()));
        found
            .map(|h| h.id.to_string())
            .ok_or_else(|| RuleError::not_found("hierarchy_role", format!("No partner role named '{}'", shorten(name))))
    }

    /// The account a contact belongs to.
    pub async fn contact_account(&self, contact: ContactId) -> ApiResult<PartnerAccountId> {
        let inner = self.view().await?;
        inner
            .state()
            .contact(contact)
            .map(|c| c.account)
            .ok_or_else(|| RuleError::not_found("contact_id", format!("No contact with id {contact}")))
    }
}
