//! Issue 19 (SEC-6 for members): an administrator emails a member a reset link instead of
//! reading out a temporary password. The link works once, for an hour; only its digest is
//! kept (the queued message keeps the code sealed, as an invitation's). Using it sets the
//! member's password, ends every session they kept on this desktop, and emails them a
//! "your password was changed" notice (ASVS 2.5.5).

use crate::auth::{credential_change, hash};
use crate::engine::{internal, now, Trellis};
use crate::members::member_id;
use crate::ApiResult;
use serde_json::json;
use trellis_core::mail::MailKind;
use trellis_core::wire::*;
use trellis_core::{access, password, Action, Actor, MemberStatus, Permission, Resource, RuleError};
use trellis_secrets::{invitation_code, Sensitive};
use trellis_store::CredentialWrite;

/// How long a reset link works.
pub const RESET_MINUTES: i64 = 60;

fn invalid_link() -> RuleError {
    RuleError::invalid("code", "This reset link is not valid: it was used, replaced or mistyped. Ask for a new one")
}

/// The code as pasted: the code, or the email's whole `trellis://reset?code=…` link.
fn code_of(pasted: &Sensitive<String>) -> ApiResult<Sensitive<String>> {
    let text = pasted.expose().trim();
    if text.is_empty() {
        return Err(RuleError::invalid("code", "Paste the reset link from your email"));
    }
    if !text.get(..8).is_some_and(|head| head.eq_ignore_ascii_case("trellis:")) {
        return Ok(Sensitive::new(text.to_owned()));
    }
    match DeepLink::parse(text) {
        Ok(DeepLink::Reset { code }) => Ok(Sensitive::new(code)),
        Ok(DeepLink::Accept { .. }) => Err(RuleError::invalid("code", "This is an invitation link, not a reset link")),
        Err(why) => Err(RuleError::invalid("code", why)),
    }
}

impl Trellis {
    /// Emails an active member a single-use link to choose a new password. Needs
    /// members.update over a role no stronger than the sender's, and email set up.
    pub async fn member_send_reset(&self, req: MemberRef) -> ApiResult<ResetMailed> {
        self.require_live()?;
        let perms = self.require(Permission::Crud(Resource::Members, Action::Update)).await?;
        let actor = self.actor().await?;
        let id = member_id(&req.member_id, "member_id")?;
        let code = invitation_code();
        let at = now();
        let expires_at = at + RESET_MINUTES * 60_000;
        let (email, mail) = {
            let inner = self.view().await?;
            let state = inner.state();
            let m =
                state.member(id).ok_or_else(|| RuleError::not_found("member_id", format!("No member with id {id}")))?;
            if m.status != MemberStatus::Active {
                return Err(RuleError::rule(
                    Some("member_id"),
                    format!("{} is not an active member: send a new invitation instead", m.display_name()),
                ));
            }
            access::require_within(
                perms,
                access::effective_permissions(state, m),
                "member_id",
                &format!("{}'s role", m.display_name()),
            )?;
            if state.workspace().and_then(|w| w.mail.as_ref()).is_none() {
                return Err(RuleError::rule(
                    Some("member_id"),
                    "Email is not set up: set it up in Settings › Email, or reset the password here",
                ));
            }
            (m.email.clone(), crate::mail::queued(state, MailKind::MemberReset, id.0, &m.email, Some(&code))?)
        };
        let digest = crate::invitations::digest(&code);
        let writes = [CredentialWrite::MemberReset { member: id, digest, created_at: at, expires_at }, mail];
        let change = credential_change(
            id,
            &email,
            json!({ "reset_link": null }),
            json!({ "reset_link": "[emailed]", "expires_at": expires_at }),
        );
        self.security_event(actor, "member.send_reset", &email, vec![change], &writes).await?;
        self.mail_poke();
        Ok(ResetMailed { member_id: id, email, expires_at })
    }

    /// The member, with the emailed link: a new password (the workspace's policy), the
    /// link used up, their sessions on this desktop ended, and a notice emailed to them.
    /// Anyone at the desk may try (the link is the proof); a wrong link says so at `code`.
    pub async fn member_reset_with_link(&self, req: ResetWithLinkRequest) -> ApiResult<MemberRow> {
        self.require_live()?;
        let code = code_of(&req.code)?;
        let (id, expires_at) = self
            .store()
            .member_reset(&crate::invitations::digest(&code))
            .await
            .map_err(internal)?
            .ok_or_else(invalid_link)?;
        if expires_at <= now() {
            return Err(RuleError::rule(Some("code"), "This reset link has expired: ask for a new one"));
        }
        let (row, email, name, notice) = {
            let inner = self.view().await?;
            let state = inner.state();
            let m = state.member(id).filter(|m| m.status == MemberStatus::Active).ok_or_else(invalid_link)?;
            let notice = match state.workspace().and_then(|w| w.mail.as_ref()) {
                Some(_) => Some(crate::mail::queued(state, MailKind::PasswordChanged, id.0, &m.email, None)?),
                None => None,
            };
            (trellis_core::query::member_row(state, m), m.email.clone(), m.name.clone(), notice)
        };
        let workspace = self.view().await?.state().workspace().map(|w| w.name.clone()).unwrap_or_default();
        password::require("password", req.password.expose(), self.policy().await, &[&email, &name, &workspace])?;
        let phc = hash(req.password).await?;
        let mut writes = vec![
            CredentialWrite::Password { member: id, phc, must_change: false, at: now() },
            CredentialWrite::EndMemberReset { member: id },
            CredentialWrite::EndMemberSessions { member: id },
        ];
        writes.extend(notice);
        let change = credential_change(
            id,
            &email,
            json!({ "password": "[redacted]" }),
            json!({ "password": "[set by reset link]" }),
        );
        self.security_event(Actor::Member(id), "member.reset_by_link", &email, vec![change], &writes).await?;
        // Signed in here as that member (a kept session): signed out like everywhere else.
        if self.sessions.member() == Some(id) {
            self.sessions.end();
        }
        self.mail_poke();
        Ok(row)
    }
}
