//! The signed-in session (CRED-2): who, whether locked (by hand or after the idle time),
//! whether the password must be changed first (PU-4), and the OS keyring that remembers it.

use crate::ApiResult;
use std::path::Path;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use trellis_core::wire::SessionStatus;
use trellis_core::{Actor, MemberId, Millis, RuleError};
use trellis_secrets::{SecretStore, Sensitive};

pub const DEFAULT_IDLE_LOCK_MINUTES: u32 = 15;
const REMEMBER_KEY: &str = "session";

#[derive(Clone, Debug)]
pub(crate) struct Session {
    pub member: MemberId,
    pub must_change: bool,
    pub locked: bool,
    pub last_activity: Millis,
    /// Digest of the remembered-session token, when this session is remembered.
    pub remembered: Option<String>,
    /// DRAFT-1: the draft this member's changes go to instead of live, while open.
    pub editing: Option<trellis_core::DraftId>,
}

pub(crate) struct Sessions {
    current: Mutex<Option<Session>>,
    idle_lock_ms: AtomicI64,
    keyring: Option<Arc<SecretStore>>,
}

/// Secrets are namespaced per database file and per build kind, so a debug build and the
/// installed app never read each other's sessions.
fn namespace(path: &Path) -> String {
    let full = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
    let digest = trellis_secrets::token_digest(&Sensitive::new(full.display().to_string()));
    let kind = if cfg!(debug_assertions) { "dev" } else { "app" };
    format!("app.trellis.desktop.{kind}.{}", &digest[..16])
}

impl Sessions {
    pub async fn open(db: &Path) -> Sessions {
        let service = namespace(db);
        let keyring = tokio::task::spawn_blocking(move || SecretStore::open(&service))
            .await
            .ok()
            .and_then(|r| r.map_err(|e| tracing::warn!("remembered sessions are off: {e}")).ok())
            .map(Arc::new);
        Sessions {
            current: Mutex::new(None),
            idle_lock_ms: AtomicI64::new(DEFAULT_IDLE_LOCK_MINUTES as i64 * 60_000),
            keyring,
        }
    }

    fn with<T>(&self, f: impl FnOnce(&mut Option<Session>) -> T) -> T {
        let mut guard = self.current.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut guard)
    }

    /// The actor for a command, or why there is none. Counts as activity.
    pub fn actor(&self, now: Millis) -> ApiResult<Actor> {
        let idle = self.idle_lock_ms.load(Ordering::Relaxed);
        self.with(|s| {
            let s = s.as_mut().ok_or_else(|| RuleError::session("Sign in first"))?;
            if idle > 0 && now - s.last_activity > idle {
                s.locked = true;
            }
            if s.locked {
                return Err(RuleError::session("Trellis is locked: enter your password to unlock it"));
            }
            if s.must_change {
                return Err(RuleError::session("Change your password before doing anything else (PU-4)"));
            }
            s.last_activity = now;
            Ok(Actor::Member(s.member))
        })
    }

    pub fn status(&self, now: Millis) -> (SessionStatus, Option<MemberId>) {
        let idle = self.idle_lock_ms.load(Ordering::Relaxed);
        self.with(|s| match s {
            None => (SessionStatus::SignedOut, None),
            Some(s) => {
                if idle > 0 && now - s.last_activity > idle {
                    s.locked = true;
                }
                let status = if s.locked {
                    SessionStatus::Locked
                } else if s.must_change {
                    SessionStatus::MustChangePassword
                } else {
                    SessionStatus::Active
                };
                (status, Some(s.member))
            }
        })
    }

    pub fn start(&self, session: Session) {
        self.with(|s| *s = Some(session));
    }

    pub fn end(&self) -> Option<Session> {
        self.with(Option::take)
    }

    /// The draft the signed-in member is editing.
    pub fn editing(&self) -> Option<trellis_core::DraftId> {
        self.with(|s| s.as_ref().and_then(|s| s.editing))
    }

    pub fn set_editing(&self, draft: Option<trellis_core::DraftId>) {
        self.with(|s| {
            if let Some(s) = s {
                s.editing = draft;
            }
        });
    }

    pub fn member(&self) -> Option<MemberId> {
        self.with(|s| s.as_ref().map(|s| s.member))
    }

    pub fn set_locked(&self, locked: bool, now: Millis) {
        self.with(|s| {
            if let Some(s) = s {
                s.locked = locked;
                s.last_activity = now;
            }
        });
    }

    pub fn set_must_change(&self, must_change: bool) {
        self.with(|s| {
            if let Some(s) = s {
                s.must_change = must_change;
            }
        });
    }

    pub fn idle_lock_minutes(&self) -> u32 {
        (self.idle_lock_ms.load(Ordering::Relaxed) / 60_000) as u32
    }

    pub fn set_idle_lock_minutes(&self, minutes: u32) {
        self.idle_lock_ms.store(minutes as i64 * 60_000, Ordering::Relaxed);
    }

    pub fn keyring_label(&self) -> Option<String> {
        self.keyring.as_ref().map(|k| k.backend().label().to_owned())
    }

    pub async fn remember(&self, token: Sensitive<String>) -> bool {
        let Some(k) = self.keyring.clone() else { return false };
        tokio::task::spawn_blocking(move || k.set(REMEMBER_KEY, &token)).await.ok().is_some_and(|r| r.is_ok())
    }

    pub async fn recall(&self) -> Option<Sensitive<String>> {
        let k = self.keyring.clone()?;
        tokio::task::spawn_blocking(move || k.get(REMEMBER_KEY)).await.ok()?.ok()?
    }

    /// Keeps a secret (the shared database's password, SYNC-4) in the OS keyring.
    pub async fn keep_secret(&self, key: &'static str, secret: Sensitive<String>) -> ApiResult<()> {
        let k = self.keyring.clone().ok_or_else(|| {
            RuleError::new(
                trellis_core::ErrorCode::Rule,
                Some("password"),
                "No OS keyring is available on this computer to keep the password",
            )
        })?;
        match tokio::task::spawn_blocking(move || k.set(key, &secret)).await {
            Ok(Ok(())) => Ok(()),
            _ => Err(RuleError::new(
                trellis_core::ErrorCode::Internal,
                Some("password"),
                "The OS keyring refused to keep the password",
            )),
        }
    }

    pub async fn secret(&self, key: &'static str) -> Option<Sensitive<String>> {
        let k = self.keyring.clone()?;
        tokio::task::spawn_blocking(move || k.get(key)).await.ok()?.ok()?
    }

    pub async fn forget_secret(&self, key: &'static str) {
        if let Some(k) = self.keyring.clone() {
            let _ = tokio::task::spawn_blocking(move || k.delete(key)).await;
        }
    }

    pub async fn forget(&self) {
        if let Some(k) = self.keyring.clone() {
            let _ = tokio::task::spawn_blocking(move || k.delete(REMEMBER_KEY)).await;
        }
    }
}
