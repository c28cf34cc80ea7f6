//! Access for partner users: give access with the credential delivery of PU-2..PU-5,
//! change their roles (ROLE-6, PC-1), set or reset their password, and PU-4's flag.

use crate::account_record::record;
use crate::auth::NewPassword;
use crate::engine::{now, Trellis};
use crate::partners::optional;
use crate::ApiResult;
use serde_json::json;
use trellis_core::mail::MailKind;
use trellis_core::partners::AccessRoles;
use trellis_core::wire::*;
use trellis_core::{
    password, Action, ContactId, Event, HierarchyRoleId, Op, Permission, Resource, RoleId, RuleError, Special,
};
use trellis_store::{Change, CredentialWrite};

pub(crate) fn roles(portal: &str, agent: Option<&str>, admin: Option<&str>) -> ApiResult<AccessRoles> {
    Ok(AccessRoles {
        portal_role: RoleId::parse(portal, "portal_role_id")?,
        agent_role: optional(agent, |t| RoleId::parse(t, "agent_role_id"))?,
        admin_role: optional(admin, |t| RoleId::parse(t, "admin_role_id"))?,
    })
}

fn contact_change(contact: ContactId, email: &str, before: serde_json::Value, after: serde_json::Value) -> Change {
    Change {
        kind: "partner_credential".into(),
        id: contact.to_string(),
        label: email.to_owned(),
        before: Some(before),
        after: Some(after),
    }
}

/// A partner user's new password row and its redacted journal change.
pub(crate) fn partner_password_write(
    contact: ContactId,
    email: &str,
    new: &NewPassword,
    before: serde_json::Value,
) -> (CredentialWrite, Change) {
    let write =
        CredentialWrite::PartnerPassword { contact, phc: new.phc.clone(), must_change: new.must_change, at: now() };
    let after = json!({ "password": new.how(), "must_change": new.must_change });
    (write, contact_change(contact, email, json!({ "password": before }), after))
}

impl Trellis {
    /// The contact with a policy check of `password` against their name and email.
    async fn check_partner_password(&self, contact: ContactId, password: &str) -> ApiResult<()> {
        let (email, name, workspace) = {
            let inner = self.view().await?;
            let c = inner
                .state()
                .contact(contact)
                .ok_or_else(|| RuleError::not_found("contact_id", format!("No contact with id {contact}")))?;
            let w = inner.state().workspace().map(|w| w.name.clone()).unwrap_or_default();
            (c.email.clone(), c.name.clone(), w)
        };
        password::require("password", password, self.policy().await, &[&email, &name, &workspace])
    }

    /// PU-1 with PU-2 (notification, the default), PU-3/PU-4 (typed password) or PU-5
    /// (temporary password, shown once here and never again). HIER-1 on the first user.
    pub async fn partner_give_access(&self, req: GiveAccessRequest) -> ApiResult<AccessGiven> {
        self.require_live()?;
        self.require(Permission::Crud(Resource::PartnerUsers, Action::Create)).await?;
        self.require(Permission::Special(Special::ManagePartnerAccess)).await?;
        let actor = self.actor().await?;
        let contact = ContactId::parse(&req.contact_id, "contact_id")?;
        let roles = roles(&req.portal_role_id, req.agent_role_id.as_deref(), req.admin_role_id.as_deref())?;
        let hierarchy_role =
            optional(req.hierarchy_role_id.as_deref(), |t| HierarchyRoleId::parse(t, "hierarchy_role_id"))?;
        // PU-2: a notification comes with the one-time link to set a password (its code
        // shown once below, until mail sends it), in the same op as the access.
        let link = matches!(req.delivery, Delivery::Notification).then(crate::partner_invitations::new_invitation);
        let op = Op::GiveAccess {
            contact,
            roles,
            hierarchy_role,
            branch: [HierarchyRoleId::new_v7(), HierarchyRoleId::new_v7(), HierarchyRoleId::new_v7()],
            can_grant_subpartners: req.can_grant_subpartners,
            invitation: link.as_ref().map(|(_, kept)| kept.clone()),
        };
        // Rules first, so a refused give-access never hashes or queues anything.
        {
            let inner = self.view().await?;
            trellis_core::apply(inner.state(), &actor, &op)?;
        }
        let email = self.view().await?.state().contact(contact).map(|c| c.email.clone()).unwrap_or_default();
        let (writes, changes, delivery, temporary, must_change) = match req.delivery {
            Delivery::Notification => {
                let write = {
                    let inner = self.view().await?;
                    let c =
                        inner.state().contact(contact).ok_or_else(|| RuleError::internal("the contact vanished"))?;
                    let code = link.as_ref().map(|(code, _)| code);
                    crate::mail::queued(inner.state(), MailKind::PartnerAccess, contact.0, &c.email, code)?
                };
                let change = contact_change(
                    contact,
                    &email,
                    json!({ "notification": null }),
                    json!({ "notification": "queued" }),
                );
                (vec![write], vec![change], "notification", None, false)
            }
            Delivery::Manual { password, require_change } => {
                self.check_partner_password(contact, password.expose()).await?;
                let new = NewPassword::make(Some(password), require_change).await?;
                let (write, change) = partner_password_write(contact, &email, &new, json!(null));
                (vec![write], vec![change], "manual", None, new.must_change)
            }
            Delivery::Temporary => {
                let new = NewPassword::make(None, true).await?;
                let (write, change) = partner_password_write(contact, &email, &new, json!(null));
                (vec![write], vec![change], "temporary", new.shown, true)
            }
        };
        let events = self.execute_with(actor, op, writes, changes).await?;
        self.mail_poke();
        let branch_created = events.iter().any(|e| matches!(e, Event::HierarchyRoleSaved { before: None, .. }));
        let inner = self.view().await?;
        let state = inner.state();
        let c = state.contact(contact).ok_or_else(|| RuleError::internal("the contact vanished"))?;
        let access = c.access.as_ref().ok_or_else(|| RuleError::internal("no access after giving it"))?;
        let mut role_names = Vec::new();
        let mut permissions = trellis_core::PermissionSet::EMPTY;
        for id in [Some(access.portal_role), access.agent_role, Some(access.admin_role)].into_iter().flatten() {
            if let Some(r) = state.role(id) {
                role_names.push(r.name.clone());
                permissions = permissions.union(r.permissions);
            }
        }
        Ok(AccessGiven {
            record: record(state, c.account)?,
            email: c.email.clone(),
            roles: role_names,
            hierarchy_role: state.hierarchy_role(access.hierarchy_role).map(|h| h.name.clone()).unwrap_or_default(),
            permissions: permissions.iter().map(|p| p.label()).collect(),
            delivery: delivery.into(),
            temporary_password: temporary,
            must_change,
            branch_created,
            invitation: link
                .map(|(code, kept)| crate::partner_invitations::issued(state, contact, &code, kept.expires)),
        })
    }

    /// ROLE-6, PC-1: change a partner user's portal, agent and admin roles, their hierarchy
    /// role (not the first user's, HIER-1), and the subpartner flag (PA-4).
    pub async fn partner_update_access(&self, req: UpdateAccessRequest) -> ApiResult<AccountPeople> {
        self.require(Permission::Crud(Resource::PartnerUsers, Action::Update)).await?;
        self.require(Permission::Special(Special::ManagePartnerAccess)).await?;
        let contact = ContactId::parse(&req.contact_id, "contact_id")?;
        let op = Op::UpdateAccess {
            contact,
            version: req.version,
            roles: roles(&req.portal_role_id, req.agent_role_id.as_deref(), req.admin_role_id.as_deref())?,
            hierarchy_role: HierarchyRoleId::parse(&req.hierarchy_role_id, "hierarchy_role_id")?,
            can_grant_subpartners: req.can_grant_subpartners,
        };
        self.execute(op).await?;
        let account = self.view().await?.state().contact(contact).map(|c| c.account);
        self.record_after(account.ok_or_else(|| RuleError::internal("the contact vanished"))?).await
    }

    /// PU-3/PU-5 after access was given: a typed password (with PU-4's flag) or a new
    /// temporary one, shown once.
    pub async fn partner_set_password(&self, req: PartnerPasswordRequest) -> ApiResult<PartnerPasswordReset> {
        self.require_live()?;
        self.require(Permission::Crud(Resource::PartnerUsers, Action::Update)).await?;
        self.require(Permission::Special(Special::ManagePartnerAccess)).await?;
        let actor = self.actor().await?;
        let contact = ContactId::parse(&req.contact_id, "contact_id")?;
        let email = {
            let inner = self.view().await?;
            let c = inner
                .state()
                .contact(contact)
                .ok_or_else(|| RuleError::not_found("contact_id", format!("No contact with id {contact}")))?;
            if !c.has_access() {
                return Err(RuleError::rule(Some("contact_id"), format!("{} has no portal access", c.email)));
            }
            c.email.clone()
        };
        if let Some(p) = &req.password {
            self.check_partner_password(contact, p.expose()).await?;
        }
        let new = NewPassword::make(req.password, req.require_change).await?;
        let (write, change) = partner_password_write(contact, &email, &new, json!("[redacted]"));
        self.security_event(actor, "partner_user.set_password", &email, vec![change], &[write]).await?;
        Ok(PartnerPasswordReset {
            contact_id: contact,
            email,
            temporary_password: new.shown,
            must_change: new.must_change,
        })
    }

    /// PU-4: the one-shot flag; the partner user's next sign-in must change the password.
    pub async fn partner_require_password_change(&self, req: ContactRef) -> ApiResult<PartnerPasswordReset> {
        self.require_live()?;
        self.require(Permission::Crud(Resource::PartnerUsers, Action::Update)).await?;
        self.require(Permission::Special(Special::ManagePartnerAccess)).await?;
        let actor = self.actor().await?;
        let contact = ContactId::parse(&req.contact_id, "contact_id")?;
        let email = self
            .read()
            .await
            .state
            .contact(contact)
            .map(|c| c.email.clone())
            .ok_or_else(|| RuleError::not_found("contact_id", format!("No contact with id {contact}")))?;
        let Some(already) = self.store().partner_credential(contact).await.map_err(crate::engine::internal)? else {
            return Err(RuleError::rule(
                Some("contact_id"),
                format!("{email} has not set a password yet; they will choose one from the access notification"),
            ));
        };
        // Already required: nothing changes, so nothing is journalled (it once said false → true).
        if !already {
            let write = CredentialWrite::PartnerMustChange { contact, must_change: true };
            let change =
                contact_change(contact, &email, json!({ "must_change": false }), json!({ "must_change": true }));
            self.security_event(actor, "partner_user.require_password_change", &email, vec![change], &[write]).await?;
        }
        Ok(PartnerPasswordReset { contact_id: contact, email, temporary_password: None, must_change: true })
    }
}
