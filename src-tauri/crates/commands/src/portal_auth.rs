//! Signing in to the portal server (PORT-1, PORT-3, PORT-4): partner users' passwords are
//! checked against this replica's copy of the shared hashes; sessions and lockouts live
//! in the shared database, so every portal process sees the same. The HTTP host keeps
//! the session id in a cookie and hands it here on every request; only its digest is
//! stored anywhere.

use crate::auth::{decoy_phc, hash, sign_in_failed, verify};
use crate::engine::{internal, Trellis};
use crate::sync::remote_err;
use crate::{ApiResult, LOCK_MINUTES, MAX_FAILED_SIGN_INS};
use serde_json::json;
use std::time::Duration;
use trellis_core::mail::MailKind;
use trellis_core::sensitive::Sensitive;
use trellis_core::visibility::viewer;
use trellis_core::wire::{
    PortalAcceptRequest, PortalChangePasswordRequest, PortalForgotRequest, PortalInvitationRequest, PortalInvitee,
    PortalSignInRequest, PortalWhoami,
};
use trellis_core::{password, validate, Actor, ContactId, Person, RuleError};
use trellis_secrets::{new_session_token, token_digest};
use trellis_store::{Change, CredentialWrite};
use trellis_sync::{Remote, SessionEnd};
use uuid::Uuid;

/// PORT-6: what a partner user whose access was removed reads on their next request.
pub const ACCESS_REMOVED: &str =
    "Your access to the partner portal was removed. Ask your partner manager if you think this is a mistake.";
/// PORT-4: a session ends after this long, however busy.
pub const PORTAL_ABSOLUTE: Duration = Duration::from_secs(12 * 3600);
const SESSION_ENDED: &str = "Your session has ended: sign in again";

/// A portal session as a request carries it: the id from the cookie.
pub struct PortalToken(pub Sensitive<String>);

impl PortalToken {
    fn digest(&self) -> String {
        token_digest(&self.0)
    }
}

/// A session just started: the id for the cookie (shown to nobody else), and who it is.
pub struct PortalStarted {
    pub token: PortalToken,
    pub whoami: PortalWhoami,
}

/// The partner user behind a live session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PortalSignedIn {
    pub contact: ContactId,
    /// PORT-3: only changing the password or signing out until it is changed.
    pub must_change: bool,
}

fn ended() -> RuleError {
    RuleError::session(SESSION_ENDED)
}

impl Trellis {
    /// The shared workspace this replica follows and its database: the portal's state.
    pub(crate) async fn portal_remote(&self) -> ApiResult<(Uuid, Remote)> {
        let ws = self.read().await.sync.as_ref().map(|f| f.workspace).ok_or_else(|| {
            RuleError::rule(
                Some("db"),
                "This working copy follows no shared workspace: join one with `trellis sync join`",
            )
        })?;
        let (_, remote) = self.remote().await?;
        Ok((ws, remote))
    }

    /// Whether this working copy can serve a portal: it follows a shared workspace whose
    /// portal service is the login it syncs under (PORT-5). Says what to do when not.
    pub async fn portal_ready(&self) -> ApiResult<String> {
        let (_, remote) = self.portal_remote().await?;
        let login = remote.login().await.map_err(remote_err)?;
        let inner = self.read().await;
        let ws = inner.state.workspace().ok_or_else(|| RuleError::rule(Some("db"), "No workspace yet"))?;
        match ws.portal_login.as_deref() {
            Some(l) if l == login => Ok(ws.name.clone()),
            Some(l) => Err(RuleError::rule(
                Some("login"),
                format!(
                    "The workspace's portal service is the database login {l}, not {login}: serve the portal from a copy joined with {l}"
                ),
            )),
            None => Err(RuleError::rule(
                Some("login"),
                format!(
                    "The database login {login} is not linked as the portal service: a manager links it with `trellis settings portal-login {login}` and syncs"
                ),
            )),
        }
    }

    /// PORT-1, SEC-6: every failure — unknown email, no access, no password yet, wrong
    /// password, locked — answers the same words after the same work (one argon2id
    /// verification, one lockout update). Five failures in a row lock the account for 30
    /// minutes on every portal process (ASVS 2.2.1).
    pub async fn portal_sign_in(&self, req: PortalSignInRequest) -> ApiResult<PortalStarted> {
        let email = validate::email("email", &req.email)?;
        let (ws, remote) = self.portal_remote().await?;
        let contact = {
            let inner = self.read().await;
            inner
                .state
                .contact_by_email(&email)
                .filter(|c| viewer(&inner.state, Person::Contact(c.id)).is_some())
                .map(|c| c.id)
        };
        let stored = match contact {
            Some(c) => self.store().partner_hash(c).await.map_err(internal)?,
            None => None,
        };
        let locked = remote.portal_locked(ws, &email).await.map_err(remote_err)?;
        let phc = match &stored {
            Some((phc, _)) => phc.clone(),
            None => tokio::task::spawn_blocking(decoy_phc).await.unwrap_or_default(),
        };
        let verified = verify(phc, req.password).await;
        let (Some(contact), Some((_, must_change)), true, false) = (contact, stored, verified, locked) else {
            remote
                .portal_failed(ws, &email, MAX_FAILED_SIGN_INS, Duration::from_secs(LOCK_MINUTES as u64 * 60))
                .await
                .map_err(remote_err)?;
            tracing::info!("portal sign-in refused");
            return Err(sign_in_failed());
        };
        remote.portal_succeeded(ws, &email).await.map_err(remote_err)?;
        let token = PortalToken(new_session_token());
        remote
            .portal_session_start(ws, &token.digest(), contact.0, must_change, PORTAL_ABSOLUTE)
            .await
            .map_err(remote_err)?;
        let whoami = self.portal_whoami(PortalSignedIn { contact, must_change }).await?;
        Ok(PortalStarted { token, whoami })
    }

    /// The partner user behind `token`, checked on every request (PORT-4, PORT-6): an
    /// unknown, ended, idle or expired session is refused; a user who lost access loses
    /// every session at once.
    pub async fn portal_session_user(&self, token: &PortalToken) -> ApiResult<PortalSignedIn> {
        let (ws, remote) = self.portal_remote().await?;
        let idle = {
            let inner = self.read().await;
            inner.state.workspace().map_or(trellis_core::model::PORTAL_IDLE_DEFAULT, |w| w.portal_idle_minutes)
        };
        let row = remote
            .portal_session_check(ws, &token.digest(), Duration::from_secs(idle as u64 * 60))
            .await
            .map_err(remote_err)?
            .ok_or_else(ended)?;
        let contact = ContactId(row.contact);
        if viewer(&self.read().await.state, Person::Contact(contact)).is_none() {
            remote.portal_sessions_end_for(ws, contact.0, SessionEnd::AccessRemoved).await.map_err(remote_err)?;
            return Err(RuleError::session(ACCESS_REMOVED));
        }
        Ok(PortalSignedIn { contact, must_change: row.must_change })
    }

    pub async fn portal_whoami(&self, who: PortalSignedIn) -> ApiResult<PortalWhoami> {
        let inner = self.read().await;
        let c = inner.state.contact(who.contact).ok_or_else(|| RuleError::session(ACCESS_REMOVED))?;
        Ok(PortalWhoami {
            user_name: c.name.clone(),
            user_email: c.email.clone(),
            account: inner.state.account(c.account).map(|a| a.name.clone()).unwrap_or_default(),
            must_change: who.must_change,
        })
    }

    /// Ends this session.
    pub async fn portal_sign_out(&self, token: &PortalToken) -> ApiResult<()> {
        let (ws, remote) = self.portal_remote().await?;
        remote.portal_session_end(ws, &token.digest(), SessionEnd::SignedOut).await.map_err(remote_err)
    }

    /// Ends every session of the signed-in user, on every portal process.
    pub async fn portal_sign_out_everywhere(&self, who: PortalSignedIn) -> ApiResult<u64> {
        let (ws, remote) = self.portal_remote().await?;
        remote.portal_sessions_end_for(ws, who.contact.0, SessionEnd::SignedOutEverywhere).await.map_err(remote_err)
    }

    /// PORT-3, PORT-4: the current password first, then the new one against the live
    /// policy (WS-4). Clears PU-4's flag once, for everyone (the shared hash carries it);
    /// every session of the user ends and this browser gets a new id.
    pub async fn portal_change_password(
        &self,
        who: PortalSignedIn,
        req: PortalChangePasswordRequest,
    ) -> ApiResult<PortalStarted> {
        let (ws, remote) = self.portal_remote().await?;
        let (email, name, workspace) = {
            let inner = self.read().await;
            let c = inner.state.contact(who.contact).ok_or_else(|| RuleError::session(ACCESS_REMOVED))?;
            let w = inner.state.workspace().map(|w| w.name.clone()).unwrap_or_default();
            (c.email.clone(), c.name.clone(), w)
        };
        let (phc, was_required) = self.store().partner_hash(who.contact).await.map_err(internal)?.ok_or_else(ended)?;
        if !verify(phc, req.current_password).await {
            return Err(RuleError::invalid("current_password", "Your current password is not correct"));
        }
        password::require(
            "new_password",
            req.new_password.expose(),
            self.policy().await,
            &[&email, &name, &workspace],
        )?;
        let phc = hash(req.new_password).await?;
        let write = CredentialWrite::PartnerPassword {
            contact: who.contact,
            phc,
            must_change: false,
            at: crate::engine::now(),
        };
        let change = Change {
            kind: "partner_credential".into(),
            id: who.contact.to_string(),
            label: email.clone(),
            before: Some(json!({ "password": "[redacted]", "must_change": was_required })),
            after: Some(json!({ "password": "[changed]", "must_change": false, "via": "portal" })),
        };
        let notice = {
            let state = &self.read().await.state;
            crate::mail::queued(state, MailKind::PasswordChanged, who.contact.0, &email, None)?
        };
        self.security_event(
            Actor::Partner(who.contact),
            "portal.password_change",
            &email,
            vec![change],
            &[write, notice],
        )
        .await?;
        self.mail_poke();
        // The new hash reaches the shared database (and every desktop) now, not at the
        // next background sync: other portal processes must stop taking the old one.
        if let Err(e) = self.sync_unattended().await {
            tracing::warn!("the new password waits for the next sync: {}", e.message);
        }
        remote.portal_sessions_end_for(ws, who.contact.0, SessionEnd::PasswordChanged).await.map_err(remote_err)?;
        let token = PortalToken(new_session_token());
        remote
            .portal_session_start(ws, &token.digest(), who.contact.0, false, PORTAL_ABSOLUTE)
            .await
            .map_err(remote_err)?;
        let whoami = self.portal_whoami(PortalSignedIn { contact: who.contact, must_change: false }).await?;
        Ok(PortalStarted { token, whoami })
    }

    /// The partner user a link's code is for, if it still works: theirs, with access, not
    /// spent, not replaced, not expired. Every other case reads the same.
    fn invitee(&self, state: &trellis_core::State, code: &Sensitive<String>) -> ApiResult<(ContactId, String)> {
        let digest = crate::invitations::digest(code);
        let at = crate::engine::now();
        state
            .contacts()
            .find(|c| c.invitation.as_ref().is_some_and(|i| i.digest == digest && i.expires > at) && c.has_access())
            .map(|c| (c.id, digest))
            .ok_or_else(|| {
                RuleError::invalid(
                    "code",
                    "This invitation link is not valid any more: ask your partner manager for a new one",
                )
            })
    }

    /// PORT-1: whom an invitation link is for (the accept page's greeting).
    pub async fn portal_invitation(&self, req: PortalInvitationRequest) -> ApiResult<PortalInvitee> {
        let inner = self.read().await;
        let (contact, _) = self.invitee(&inner.state, &req.code)?;
        let c = inner.state.contact(contact).expect("found above");
        let invitee = PortalInvitee {
            user_name: c.name.clone(),
            user_email: c.email.clone(),
            account: inner.state.account(c.account).map(|a| a.name.clone()).unwrap_or_default(),
            workspace: inner.state.workspace().map(|w| w.name.clone()).unwrap_or_default(),
            resetting: false,
        };
        drop(inner);
        let resetting = self.store().partner_hash(contact).await.map_err(internal)?.is_some();
        Ok(PortalInvitee { resetting, ..invitee })
    }

    /// PORT-1: the invitee sets their password with the link (once, on any portal process)
    /// against the live policy (WS-4), and is signed in. The link is spent in the shared
    /// database first, then in the shared log (journaled as theirs via the portal).
    pub async fn portal_accept_invitation(&self, req: PortalAcceptRequest) -> ApiResult<PortalStarted> {
        let (ws, remote) = self.portal_remote().await?;
        let (contact, digest, email, name, workspace) = {
            let inner = self.read().await;
            let (contact, digest) = self.invitee(&inner.state, &req.code)?;
            let c = inner.state.contact(contact).expect("found above");
            let w = inner.state.workspace().map(|w| w.name.clone()).unwrap_or_default();
            (contact, digest, c.email.clone(), c.name.clone(), w)
        };
        password::require("password", req.password.expose(), self.policy().await, &[&email, &name, &workspace])?;
        let phc = hash(req.password).await?;
        if !remote.portal_spend_invitation(ws, &digest).await.map_err(remote_err)? {
            return Err(RuleError::invalid(
                "code",
                "This invitation link was already used: sign in, or ask for a new one",
            ));
        }
        let at = crate::engine::now();
        // A reset (they had a password): every session ends, and they are told (ASVS 2.5.5).
        let resetting = self.store().partner_hash(contact).await.map_err(internal)?.is_some();
        let mut writes = vec![CredentialWrite::PartnerPassword { contact, phc, must_change: false, at }];
        if resetting {
            let state = &self.read().await.state;
            writes.push(crate::mail::queued(state, MailKind::PasswordChanged, contact.0, &email, None)?);
        }
        let how = if resetting { "[reset with a link]" } else { "[set with the invitation link]" };
        let change = Change {
            kind: "partner_credential".into(),
            id: contact.to_string(),
            label: email.clone(),
            before: Some(json!({ "password": if resetting { json!("[redacted]") } else { json!(null) } })),
            after: Some(json!({ "password": how, "must_change": false })),
        };
        let op = trellis_core::Op::AcceptPartnerInvitation { contact, at };
        self.execute_labelled(Actor::Partner(contact), crate::engine::Acting::ViaPortal, op, writes, vec![change])
            .await?;
        if let Err(e) = self.sync_unattended().await {
            tracing::warn!("the accepted invitation waits for the next sync: {}", e.message);
        }
        if resetting {
            remote.portal_sessions_end_for(ws, contact.0, SessionEnd::PasswordChanged).await.map_err(remote_err)?;
            self.mail_poke();
        }
        let token = PortalToken(new_session_token());
        remote
            .portal_session_start(ws, &token.digest(), contact.0, false, PORTAL_ABSOLUTE)
            .await
            .map_err(remote_err)?;
        let whoami = self.portal_whoami(PortalSignedIn { contact, must_change: false }).await?;
        Ok(PortalStarted { token, whoami })
    }

    /// SEC-6: "Forgot your password?". When `email` has portal access, a reset link (one
    /// use, one hour) is issued as theirs and mailed; otherwise nothing happens. The caller
    /// answers `FORGOT_ANSWER` either way, before this finishes (the portal runs it apart),
    /// so neither the words nor the time tell who has access.
    pub async fn portal_forgot_password(&self, req: PortalForgotRequest) -> ApiResult<()> {
        let email = trellis_core::validate::email("email", &req.email)?;
        let key = trellis_core::validate::email_key(&email);
        let contact = {
            let inner = self.read().await;
            let found = inner.state.contacts().find(|c| c.has_access() && validate::email_key(&c.email) == key);
            found.map(|c| c.id)
        };
        let Some(contact) = contact else { return Ok(()) };
        let code = trellis_secrets::invitation_code();
        let expires = crate::engine::now() + RESET_MINUTES * 60_000;
        let op = trellis_core::Op::InvitePartnerUser { contact, digest: crate::invitations::digest(&code), expires };
        let write = {
            let state = &self.read().await.state;
            crate::mail::queued(state, MailKind::PasswordReset, contact.0, &email, Some(&code))?
        };
        let change = crate::partner_invitations::queued_change(contact, &email);
        self.execute_labelled(Actor::Partner(contact), crate::engine::Acting::ViaPortal, op, vec![write], vec![change])
            .await?;
        if let Err(e) = self.sync_unattended().await {
            tracing::warn!("the reset link waits for the next sync: {}", e.message);
        }
        self.mail_poke();
        Ok(())
    }
}

/// SEC-6: a reset link works for an hour.
pub const RESET_MINUTES: i64 = 60;

/// SEC-6: the one answer to "Forgot your password?".
pub const FORGOT_ANSWER: &str =
    "If this email has access to the portal, a link to choose a new password is on its way. It works once, within the hour.";
