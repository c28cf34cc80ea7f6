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
        let (looked_in, other) = match audience {
            Audience::Partner => ("partner roles (for partner users)", Audience::Internal),
            Audience::Internal => ("internal roles (for members of the channel team)", Audience::Partner),
        };
        found.ok_or_else(|| {
            let elsewhere = if inner.state().role_by_name(other, name).is_some() {
                format!(
                    "; '{}' is one of the {}",
                    shorten(name),
                    if other == Audience::Partner { "partner roles" } else { "internal roles" }
                )
            } else {
                String::new()
            };
            RuleError::not_found("role", format!("No role named '{}' among the {looked_in}{elsewhere}", shorten(name)))
        })
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

    /// A draft by name (open drafts first) or id.
    pub async fn resolve_draft(&self, name: &str) -> ApiResult<String> {
        let drafts = self.drafts.read().await;
        let wanted = name.trim().to_lowercase();
        let mut found: Vec<&trellis_core::draft::Draft> =
            drafts.values().filter(|d| d.name.to_lowercase() == wanted || d.id.to_string() == wanted).collect();
        found.sort_by_key(|d| (d.status != trellis_core::draft::DraftStatus::Editing, -d.updated_at));
        found
            .first()
            .map(|d| d.id.to_string())
            .ok_or_else(|| RuleError::not_found("draft", format!("No draft named '{}'", shorten(name))))
    }

    /// A member or partner user by email.
    pub async fn resolve_person(&self, email: &str) -> ApiResult<trellis_core::Person> {
        if let Ok(m) = self.resolve_member(email).await {
            return Ok(trellis_core::Person::Member(m));
        }
        let contact = self.resolve_contact(email).await;
        contact.map(trellis_core::Person::Contact).map_err(|_| {
            RuleError::not_found("email", format!("No member or partner user with email {}", shorten(email)))
        })
    }

    /// A record by name (exact, case-insensitive); refused when several share it.
    pub async fn resolve_record(&self, name: &str) -> ApiResult<String> {
        let inner = self.read().await;
        let wanted = name.trim().to_lowercase();
        let found: Vec<_> = inner.state.records().filter(|r| r.name.to_lowercase() == wanted).collect();
        match found.as_slice() {
            [one] => Ok(one.id.to_string()),
            [] => Err(RuleError::not_found("record", format!("No record named '{}'", shorten(name)))),
            many => Err(RuleError::invalid(
                "record",
                format!("{} records are named '{}': use its id", many.len(), shorten(name)),
            )),
        }
    }

    /// Any hierarchy role (the channel team's or an account's partner role) by name.
    pub async fn resolve_hierarchy_role(&self, name: &str) -> ApiResult<String> {
        let inner = self.view().await?;
        let key = trellis_core::validate::name_key(name);
        let found: Vec<_> =
            inner.state().hierarchy_roles().filter(|h| trellis_core::validate::name_key(&h.name) == key).collect();
        match found.as_slice() {
            [one] => Ok(one.id.to_string()),
            [] => Err(RuleError::not_found("hierarchy_role", format!("No hierarchy role named '{}'", shorten(name)))),
            _ => Err(RuleError::invalid(
                "hierarchy_role",
                format!("Several hierarchy roles are named '{}'", shorten(name)),
            )),
        }
    }
}
