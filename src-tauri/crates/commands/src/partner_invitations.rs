//! PU-2, PORT-1: invitation links for partner users. Giving access with a notification,
//! a partner admin's *Add user*, or *New invitation link* issue a one-time code that
//! expires in seven days; only its digest goes into the state and the shared log. The
//! link carries the code in its fragment (`/accept#code=…`), which browsers never send to
//! a server, so no access log holds it; the portal page posts it.

use crate::engine::{now, Acting, Trellis};
use crate::invitations::{digest, INVITATION_DAYS};
use crate::ApiResult;
use trellis_core::mail::MailKind;
use trellis_core::partners::PartnerInvitation;
use trellis_core::sensitive::Sensitive;
use trellis_core::wire::{ContactRef, PartnerInvitationIssued};
use trellis_core::{Action, Actor, ContactId, Op, Permission, Resource, RuleError, Special, State};
use trellis_secrets::invitation_code;

/// A new code and what the state keeps of it.
pub(crate) fn new_invitation() -> (Sensitive<String>, PartnerInvitation) {
    let code = invitation_code();
    let kept = PartnerInvitation { digest: digest(&code), expires: now() + INVITATION_DAYS * 86_400_000 };
    (code, kept)
}

/// The link as shown once to whoever issued it.
pub(crate) fn issued(
    state: &State,
    contact: ContactId,
    code: &Sensitive<String>,
    expires_at: i64,
) -> PartnerInvitationIssued {
    PartnerInvitationIssued {
        email: state.contact(contact).map(|c| c.email.clone()).unwrap_or_default(),
        link: link(state, code.expose()),
        code: code.expose().clone(),
        expires_at,
    }
}

/// The journal's note that a message with the link was queued (never the code).
pub(crate) fn queued_change(contact: ContactId, email: &str) -> trellis_store::Change {
    trellis_store::Change {
        kind: "message".into(),
        id: contact.to_string(),
        label: email.to_owned(),
        before: None,
        after: Some(serde_json::json!({ "invitation_email": "queued" })),
    }
}

/// The link for `code`, when the workspace knows the portal's address.
fn link(state: &State, code: &str) -> Option<String> {
    let base = state.workspace().and_then(|w| w.portal_url.clone())?;
    Some(format!("{base}/accept#code={code}"))
}

impl Trellis {
    /// Issues `contact`'s link as `actor`, replacing any earlier one; the code is
    /// returned once.
    pub(crate) async fn issue_partner_invitation(
        &self,
        actor: Actor,
        acting: Acting<'_>,
        contact: ContactId,
    ) -> ApiResult<PartnerInvitationIssued> {
        let (code, kept) = new_invitation();
        let expires = kept.expires;
        let op = Op::InvitePartnerUser { contact, digest: kept.digest, expires };
        let (write, email) = {
            let state = &self.read().await.state;
            let email = state.contact(contact).map(|c| c.email.clone()).unwrap_or_default();
            (crate::mail::queued(state, MailKind::PartnerAccess, contact.0, &email, Some(&code))?, email)
        };
        let change = queued_change(contact, &email);
        self.execute_labelled(actor, acting, op, vec![write], vec![change]).await?;
        self.mail_poke();
        Ok(issued(&self.read().await.state, contact, &code, expires))
    }

    /// *New invitation link*: the old link stops working.
    pub async fn partner_invite(&self, req: ContactRef) -> ApiResult<PartnerInvitationIssued> {
        self.require_live()?;
        self.require(Permission::Crud(Resource::PartnerUsers, Action::Update)).await?;
        self.require(Permission::Special(Special::ManagePartnerAccess)).await?;
        let actor = self.actor().await?;
        let contact = ContactId::parse(&req.contact_id, "contact_id")?;
        if self.read().await.state.contact(contact).is_none() {
            return Err(RuleError::not_found("contact_id", format!("No contact with id {contact}")));
        }
        self.issue_partner_invitation(actor, Acting::Themselves, contact).await
    }
}
