//! Sign-in, sign-out, lock and unlock, password changes (CRED-1, CRED-2, WS-4, PU-4).
//! Every success and failure is a journal entry; password hashes never leave this crate.

use crate::engine::{internal, now, Trellis};
use crate::session::Session;
use crate::ApiResult;
use serde_json::json;
use trellis_core::password::{self, PasswordCheck, PasswordPolicy};
use trellis_core::validate::{self, shorten};
use trellis_core::wire::*;
use trellis_core::{Actor, MemberId, MemberStatus, RuleError};
use trellis_secrets::{hash_password, new_session_token, token_digest, verify_normalized, Sensitive, Verified};
use trellis_store::{Change, CredentialWrite, SecurityEvent};

/// NetSuite's rule: five failures in a row lock the account for thirty minutes.
pub const MAX_FAILED_SIGN_INS: u32 = 5;
pub const LOCK_MINUTES: i64 = 30;
const REMEMBER_DAYS: i64 = 30;

/// A real hash of a random password, verified against when the email is unknown so that
/// a wrong email and a wrong password take the same time.
pub(crate) fn decoy_phc() -> String {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password(&trellis_secrets::temporary_password()).unwrap_or_default()).clone()
}

/// argon2id is slow and memory-hard on purpose: at most half the cores hash at once, so a
/// burst of sign-ins (a portal's Monday morning) queues here instead of starving every
/// other request of CPU (issue 18's portal bench: without the gate, 50 sign-ins at once
/// raised the records API's p99 8.6×; with it, 2.1×).
fn hashing_gate() -> &'static tokio::sync::Semaphore {
    static GATE: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    GATE.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        tokio::sync::Semaphore::new((cores / 2).max(1))
    })
}

/// Hashes on a blocking thread: argon2id takes ~0.1 s on purpose.
pub(crate) async fn hash(password: Sensitive<String>) -> ApiResult<String> {
    let _turn = hashing_gate().acquire().await.map_err(internal)?;
    tokio::task::spawn_blocking(move || hash_password(&password)).await.map_err(internal)?.map_err(internal)
}

/// PU-3/PU-5: a password the manager typed (the caller has checked it against the
/// policy) or, for `None`, a fresh temporary one that must be changed. Hashed here.
pub(crate) struct NewPassword {
    pub phc: String,
    /// The temporary password, to show once.
    pub shown: Option<String>,
    pub must_change: bool,
}

impl NewPassword {
    pub(crate) async fn make(typed: Option<Sensitive<String>>, require_change: bool) -> ApiResult<NewPassword> {
        let (password, shown, must_change) = match typed {
            Some(p) => (p, None, require_change),
            None => {
                let p = trellis_secrets::temporary_password();
                let shown = p.expose().clone();
                (p, Some(shown), true)
            }
        };
        Ok(NewPassword { phc: hash(password).await?, shown, must_change })
    }

    /// How the journal describes it (never the secret).
    pub(crate) fn how(&self) -> &'static str {
        if self.shown.is_some() {
            "[temporary]"
        } else {
            "[set by manager]"
        }
    }
}

pub(crate) async fn verify(phc: String, password: Sensitive<String>) -> bool {
    verify_how(phc, password).await != Verified::No
}

/// As `verify`, saying whether the hash predates NFKC passwords (CRED-3).
async fn verify_how(phc: String, password: Sensitive<String>) -> Verified {
    let Ok(_turn) = hashing_gate().acquire().await else { return Verified::No };
    tokio::task::spawn_blocking(move || verify_normalized(&phc, &password)).await.unwrap_or(Verified::No)
}

/// A journal change about a credential: what changed, never the secret.
pub(crate) fn credential_change(
    member: MemberId,
    email: &str,
    before: serde_json::Value,
    after: serde_json::Value,
) -> Change {
    Change {
        kind: "credential".into(),
        id: member.to_string(),
        label: email.to_owned(),
        before: Some(before),
        after: Some(after),
    }
}

/// The one answer to every failed sign-in (see `auth_sign_in`).
pub const SIGN_IN_FAILED: &str =
    "Email or password is incorrect. After 5 failed sign-ins in a row an account is locked for 30 minutes.";

pub(crate) fn sign_in_failed() -> RuleError {
    RuleError::new(trellis_core::ErrorCode::Session, Some("password"), SIGN_IN_FAILED)
}

impl Trellis {
    pub(crate) async fn policy(&self) -> PasswordPolicy {
        self.read().await.state.workspace().map(|w| w.password_policy).unwrap_or_default()
    }

    /// WS-4 / PU-3: the live checklist, the same function the save runs.
    pub async fn password_check(&self, req: PasswordCheckRequest) -> ApiResult<PasswordCheck> {
        let policy = self.policy().await;
        let workspace = self.read().await.state.workspace().map(|w| w.name.clone()).unwrap_or_default();
        Ok(password::check(req.password.expose(), policy, &[&req.email, &req.name, &workspace]))
    }

    /// Journals a security event (no op, redacted changes) with its credential writes;
    /// returns the time the journal gave it.
    pub(crate) async fn security_event(
        &self,
        actor: Actor,
        action: &str,
        target: &str,
        changes: Vec<Change>,
        writes: &[CredentialWrite],
    ) -> ApiResult<trellis_core::Millis> {
        let label = match actor {
            Actor::Bootstrap => shorten(target),
            Actor::Member(_) | Actor::Partner(_) => self.label(&self.read().await.state, &actor),
        };
        let at = now();
        let event = SecurityEvent { actor: &actor, actor_label: &label, at, action, target, changes };
        self.store().record(event, writes).await.map_err(internal)?;
        Ok(at)
    }

    /// CRED-2: email and password. Five failures in a row lock the account for 30 minutes.
    /// Every failure — unknown or pending email, wrong password, the attempt that locks,
    /// any attempt while locked — answers the same words, in the same shape, after the
    /// same work (one password verification), so sign-in tells nobody which emails have
    /// accounts or which are locked. The audit log tells admins what happened.
    pub async fn auth_sign_in(&self, req: SignInRequest) -> ApiResult<SessionInfo> {
        let email = validate::email("email", &req.email)?;
        let member =
            self.read().await.state.member_by_email(&email).filter(|m| m.status == MemberStatus::Active).cloned();
        let credential = match &member {
            Some(m) => self.store().credential(m.id).await.map_err(internal)?,
            None => None,
        };
        let (Some(member), Some(credential)) = (member, credential) else {
            let decoy = tokio::task::spawn_blocking(decoy_phc).await.unwrap_or_default();
            verify_how(decoy, req.password).await;
            self.security_event(Actor::Bootstrap, "auth.sign_in_failed", &email, vec![], &[]).await?;
            return Err(sign_in_failed());
        };
        let typed = req.password.clone();
        let how = verify_how(credential.phc.clone(), req.password).await;
        let verified = how != Verified::No;
        let at = now();
        let actor = Actor::Member(member.id);
        let mut failed = credential.failed_attempts;
        if let Some(until) = credential.locked_until {
            if until > at {
                self.security_event(actor, "auth.sign_in_refused_locked", &member.email, vec![], &[]).await?;
                return Err(sign_in_failed());
            }
            // The lock has run out: audited, and the count starts again.
            failed = 0;
            let change =
                credential_change(member.id, &member.email, json!({ "locked": true }), json!({ "locked": false }));
            let write = CredentialWrite::Attempts { member: member.id, failed_attempts: 0, locked_until: None };
            self.security_event(actor, "auth.unlock", &member.email, vec![change], &[write]).await?;
        }
        if !verified {
            failed += 1;
            let locks = failed >= MAX_FAILED_SIGN_INS;
            let until = locks.then_some(at + LOCK_MINUTES * 60_000);
            let write = CredentialWrite::Attempts { member: member.id, failed_attempts: failed, locked_until: until };
            let change = credential_change(
                member.id,
                &member.email,
                json!({ "failed_attempts": failed - 1 }),
                json!({ "failed_attempts": failed }),
            );
            self.security_event(actor, "auth.sign_in_failed", &member.email, vec![change], &[write]).await?;
            if locks {
                let change = credential_change(
                    member.id,
                    &member.email,
                    json!({ "locked": false }),
                    json!({ "locked": true, "minutes": LOCK_MINUTES }),
                );
                self.security_event(actor, "auth.lock", &member.email, vec![change], &[]).await?;
            }
            return Err(sign_in_failed());
        }
        let mut writes = vec![];
        if how == Verified::Legacy {
            // CRED-3: a hash from before passwords were normalised is upgraded now.
            let phc = hash(typed).await?;
            writes.push(CredentialWrite::Password { member: member.id, phc, must_change: credential.must_change, at });
        }
        if failed > 0 {
            writes.push(CredentialWrite::Attempts { member: member.id, failed_attempts: 0, locked_until: None });
        }
        let mut remembered = None;
        if req.remember {
            let token = new_session_token();
            let digest = token_digest(&token);
            if self.sessions.remember(token).await {
                writes.push(CredentialWrite::Session {
                    digest: digest.clone(),
                    member: member.id,
                    created_at: at,
                    expires_at: at + REMEMBER_DAYS * 86_400_000,
                });
                remembered = Some(digest);
            }
        }
        self.security_event(actor, "auth.sign_in", &member.email, vec![], &writes).await?;
        self.start_session(Session {
            member: member.id,
            must_change: credential.must_change,
            locked: false,
            last_activity: at,
            remembered,
            editing: None,
        });
        Ok(self.session_info().await)
    }

    /// Picks up a session remembered in the OS keyring at start-up.
    pub(crate) async fn resume_remembered(&self) {
        let Some(token) = self.sessions.recall().await else { return };
        let digest = token_digest(&token);
        let Ok(Some(id)) = self.store().session_member(&digest, now()).await else { return };
        let member = self.read().await.state.member(id).filter(|m| m.status == MemberStatus::Active).cloned();
        let Some(member) = member else { return };
        let must_change = self.store().credential(id).await.ok().flatten().is_some_and(|c| c.must_change);
        let actor = Actor::Member(id);
        if self.security_event(actor, "auth.resume", &member.email, vec![], &[]).await.is_ok() {
            self.start_session(Session {
                member: id,
                must_change,
                locked: false,
                last_activity: now(),
                remembered: Some(digest),
                editing: None,
            });
        }
    }

    pub async fn auth_sign_out(&self) -> ApiResult<SessionInfo> {
        if let Some(session) = self.sessions.end() {
            let writes: Vec<CredentialWrite> =
                session.remembered.map(|digest| CredentialWrite::EndSession { digest }).into_iter().collect();
            let email = self.read().await.state.member(session.member).map(|m| m.email.clone()).unwrap_or_default();
            self.sessions.forget().await;
            self.security_event(Actor::Member(session.member), "auth.sign_out", &email, vec![], &writes).await?;
            // PREV-5: a preview never outlives the manager's sign-in.
            self.preview_end_all(crate::preview::PreviewEnd::SignedOut).await?;
        }
        Ok(self.session_info().await)
    }

    /// Locks the app now; the password unlocks it.
    pub async fn auth_lock(&self) -> ApiResult<SessionInfo> {
        let actor = self.actor().await?;
        self.sessions.set_locked(true, now());
        let email = self.label(&self.read().await.state, &actor);
        self.security_event(actor, "auth.lock_screen", &email, vec![], &[]).await?;
        Ok(self.session_info().await)
    }

    /// Unlocks with the signed-in member's password. Failures count toward the account lock.
    pub async fn auth_unlock(&self, req: UnlockRequest) -> ApiResult<SessionInfo> {
        let member = self.sessions.member().ok_or_else(|| RuleError::session("Sign in first"))?;
        if self.sessions.status(now()).0 != SessionStatus::Locked {
            return Ok(self.session_info().await);
        }
        let email = self.read().await.state.member(member).map(|m| m.email.clone()).unwrap_or_default();
        let result = self.auth_sign_in(SignInRequest { email, password: req.password, remember: false }).await;
        if result.is_err() {
            // The session stays locked whatever the sign-in attempt did.
            self.sessions.set_locked(true, now());
        }
        result
    }

    /// Changes the signed-in member's own password; clears PU-4's flag.
    pub async fn auth_change_password(&self, req: ChangePasswordRequest) -> ApiResult<SessionInfo> {
        // Allowed while a change is required (that is its purpose), never while locked.
        let (status, id) = self.sessions.status(now());
        let id = match (status, id) {
            (SessionStatus::Active | SessionStatus::MustChangePassword, Some(id)) => id,
            (SessionStatus::Locked, _) => {
                return Err(RuleError::session("Trellis is locked: enter your password to unlock it"))
            }
            _ => return Err(RuleError::session("Sign in first")),
        };
        let member = self.read().await.state.member(id).filter(|m| m.status == MemberStatus::Active).cloned();
        let Some(member) = member else {
            self.sessions.end();
            return Err(RuleError::session("Your access to this workspace was revoked"));
        };
        let credential =
            self.store().credential(id).await.map_err(internal)?.ok_or_else(|| RuleError::session("Sign in first"))?;
        if !verify(credential.phc, req.current_password).await {
            return Err(RuleError::invalid("current_password", "Your current password is not correct"));
        }
        let workspace = self.read().await.state.workspace().map(|w| w.name.clone()).unwrap_or_default();
        password::require(
            "new_password",
            req.new_password.expose(),
            self.policy().await,
            &[&member.email, &member.name, &workspace],
        )?;
        let phc = hash(req.new_password).await?;
        let write = CredentialWrite::Password { member: id, phc, must_change: false, at: now() };
        let change = credential_change(
            id,
            &member.email,
            json!({ "password": "[redacted]", "must_change": credential.must_change }),
            json!({ "password": "[changed]", "must_change": false }),
        );
        self.security_event(Actor::Member(id), "auth.password_change", &member.email, vec![change], &[write]).await?;
        self.sessions.set_must_change(false);
        Ok(self.session_info().await)
    }

    /// The window saw the person at work (mouse, keys): keeps the idle lock away.
    pub async fn auth_activity(&self) -> ApiResult<SessionInfo> {
        let _ = self.actor().await;
        Ok(self.session_info().await)
    }

    /// Minutes of inactivity before the app locks itself (0 turns it off; at most 8 hours).
    pub async fn auth_set_idle_lock(&self, req: IdleLockRequest) -> ApiResult<SessionInfo> {
        self.actor().await?;
        if req.minutes > 480 {
            return Err(RuleError::invalid("minutes", "Choose at most 480 minutes (8 hours), or 0 for never"));
        }
        self.sessions.set_idle_lock_minutes(req.minutes);
        Ok(self.session_info().await)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_decoy_is_a_real_argon2id_hash() {
        let phc = super::decoy_phc();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
    }
}
