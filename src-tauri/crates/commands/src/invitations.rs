//! SEC-4, MEM-2: invitations. Inviting (or resending) issues a random, single-use code
//! that expires in seven days; only its digest is stored, and the manager sees it once to
//! pass on — Trellis sends no email. Accepting needs the code, nothing else: it names
//! the invitation, so no one at the desk can accept another person's.

use crate::auth::{credential_change, hash};
use crate::engine::{internal, now, Trellis};
use crate::members::{member_id, role_id, saved_row};
use crate::ApiResult;
use serde_json::json;
use trellis_core::mail::MailKind;
use trellis_core::wire::*;
use trellis_core::{password, Action, Actor, MemberId, MemberStatus, Millis, Op, Permission, Resource, RuleError};
use trellis_secrets::{invitation_code, token_digest, Sensitive};
use trellis_store::{Change, CredentialWrite};

pub const INVITATION_DAYS: i64 = 7;

/// A code as typed or pasted: spaces and line breaks around or inside do not count.
pub(crate) fn digest(code: &Sensitive<String>) -> String {
    let clean: String = code.expose().chars().filter(|c| !c.is_whitespace()).collect();
    token_digest(&Sensitive::new(clean))
}

/// The code's credential write and its redacted journal change.
fn issue(member: MemberId, email: &str, at: Millis) -> (Sensitive<String>, Millis, CredentialWrite, Change) {
    let code = invitation_code();
    let expires_at = at + INVITATION_DAYS * 86_400_000;
    let write = CredentialWrite::Invitation { member, digest: digest(&code), created_at: at, expires_at };
    let change = Change {
        kind: "invitation".into(),
        id: member.to_string(),
        label: email.to_owned(),
        before: None,
        after: Some(json!({ "code": "[issued]", "expires_at": expires_at })),
    };
    (code, expires_at, write, change)
}

fn invalid_code() -> RuleError {
    RuleError::invalid("code", "This invitation code is not valid: check it, or ask for a new one")
}

impl Trellis {
    /// MEM-2: invites by email and role; the code is returned once.
    pub async fn member_invite(&self, req: InviteRequest) -> ApiResult<InvitationIssued> {
        self.require_live()?;
        self.require(Permission::Crud(Resource::Members, Action::Create)).await?;
        let actor = self.actor().await?;
        let at = now();
        let id = MemberId::new_v7();
        let email = trellis_core::validate::email("email", &req.email)?;
        let op = Op::InviteMember { id, email: req.email, name: req.name, role: role_id(req.role_id.as_deref())?, at };
        let (code, expires_at, write, change) = issue(id, &email, at);
        let mail =
            crate::mail::queued(&self.read().await.state, MailKind::MemberInvitation, id.0, &email, Some(&code))?;
        let events = self.execute_with(actor, op, vec![write, mail], vec![change]).await?;
        self.mail_poke();
        let member = saved_row(self.view().await?.state(), &events)?;
        Ok(InvitationIssued { member, code: code.expose().clone(), expires_at })
    }

    /// A new code for a pending invitation; the old one stops working.
    pub async fn member_resend_invite(&self, req: MemberRef) -> ApiResult<InvitationIssued> {
        self.require_live()?;
        self.require(Permission::Crud(Resource::Members, Action::Create)).await?;
        let actor = self.actor().await?;
        let id = member_id(&req.member_id, "member_id")?;
        let at = now();
        let email = self.read().await.state.member(id).map(|m| m.email.clone()).unwrap_or_default();
        let (code, expires_at, write, change) = issue(id, &email, at);
        let mail =
            crate::mail::queued(&self.read().await.state, MailKind::MemberInvitation, id.0, &email, Some(&code))?;
        let op = Op::ResendInvite { member: id, at };
        let events = self.execute_with(actor, op, vec![write, mail], vec![change]).await?;
        self.mail_poke();
        let member = saved_row(self.view().await?.state(), &events)?;
        Ok(InvitationIssued { member, code: code.expose().clone(), expires_at })
    }

    pub async fn member_revoke_invite(&self, req: MemberRef) -> ApiResult<MemberRow> {
        self.require_live()?;
        self.require(Permission::Crud(Resource::Members, Action::Delete)).await?;
        let actor = self.actor().await?;
        let id = member_id(&req.member_id, "member_id")?;
        let op = Op::RevokeInvite { member: id, at: now() };
        let events = self.execute_with(actor, op, vec![CredentialWrite::EndInvitation { member: id }], vec![]).await?;
        saved_row(self.view().await?.state(), &events)
    }

    /// The invitee, with the code they were given, sets their name and password (CRED-2).
    /// An unknown, used or revoked code and an expired one are refused alike except for
    /// the expiry, which the invitee can do something about.
    pub async fn member_accept_invite(&self, req: AcceptInviteRequest) -> ApiResult<MemberRow> {
        self.require_live()?;
        if req.code.expose().trim().is_empty() {
            return Err(RuleError::invalid("code", "Paste the invitation code you were given"));
        }
        let (id, expires_at) =
            self.store().invitation(&digest(&req.code)).await.map_err(internal)?.ok_or_else(invalid_code)?;
        let at = now();
        if expires_at <= at {
            return Err(RuleError::rule(Some("code"), "This invitation has expired: ask for a new one"));
        }
        let (email, name) = {
            let inner = self.view().await?;
            let m = inner.state().member(id).filter(|m| m.status == MemberStatus::Pending).ok_or_else(invalid_code)?;
            (m.email.clone(), if req.name.trim().is_empty() { m.name.clone() } else { req.name.clone() })
        };
        let workspace = self.view().await?.state().workspace().map(|w| w.name.clone()).unwrap_or_default();
        password::require("password", req.password.expose(), self.policy().await, &[&email, &name, &workspace])?;
        let phc = hash(req.password).await?;
        let op = Op::AcceptInvite { member: id, name: req.name, at };
        let writes = vec![
            CredentialWrite::Password { member: id, phc, must_change: false, at },
            CredentialWrite::EndInvitation { member: id },
        ];
        let change = credential_change(id, &email, json!({ "password": null }), json!({ "password": "[set]" }));
        let events = self.execute_with(Actor::Member(id), op, writes, vec![change]).await?;
        saved_row(self.view().await?.state(), &events)
    }
}
