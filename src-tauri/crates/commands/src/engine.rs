use crate::ApiResult;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};
use tokio::sync::RwLock;
use trellis_core::{
    access, apply, Actor, Event, MemberId, MemberStatus, Millis, Op, Permission, PermissionSet, RuleError, State,
};
use trellis_store::Store;

/// The open workspace: its store, its in-memory state and who is signed in.
pub struct Trellis {
    store: Store,
    inner: RwLock<Inner>,
}

pub(crate) struct Inner {
    pub state: State,
    /// The signed-in member. Until credentials exist (CRED-2) the app signs in as the
    /// first active Owner on open; `sign_in_as` is the seam the sign-in screen will use.
    pub session: Option<MemberId>,
}

impl Inner {
    pub fn actor(&self) -> Actor {
        self.session.map_or(Actor::Bootstrap, Actor::Member)
    }

    /// SEC-1: the actor's permissions, refusing without `needed`.
    pub fn require(&self, needed: Permission) -> ApiResult<PermissionSet> {
        access::require(&self.state, &self.actor(), needed)
    }
}

pub(crate) fn now() -> Millis {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as Millis).unwrap_or(0)
}

pub(crate) fn internal(e: impl std::fmt::Display) -> RuleError {
    tracing::error!("internal error: {e}");
    RuleError::internal("Trellis could not save this change; nothing was changed. Details are in the log.")
}

impl Trellis {
    /// Opens the workspace database at `path` (creating it if needed) and loads the state.
    pub async fn open(path: &Path) -> ApiResult<Trellis> {
        let store = Store::open(path).await.map_err(internal)?;
        let state = store.load().await.map_err(internal)?;
        let session = default_session(&state);
        Ok(Trellis { store, inner: RwLock::new(Inner { state, session }) })
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub(crate) async fn read(&self) -> tokio::sync::RwLockReadGuard<'_, Inner> {
        self.inner.read().await
    }

    /// A copy of the state (tests and benchmarks).
    pub async fn snapshot(&self) -> State {
        self.inner.read().await.state.clone()
    }

    /// Signs in as the current member with `email` (the CLI's `--as`). No password yet:
    /// the credentials work replaces this with a verified sign-in.
    pub async fn sign_in_as(&self, email: &str) -> ApiResult<()> {
        let mut inner = self.inner.write().await;
        let member = inner.state.member_by_email(email).ok_or_else(|| {
            RuleError::not_found("email", format!("No member with email {}", trellis_core::validate::shorten(email)))
        })?;
        if member.status != MemberStatus::Active {
            return Err(RuleError::forbidden(format!("{} is not an active member", member.email)));
        }
        inner.session = Some(member.id);
        Ok(())
    }

    pub async fn session(&self) -> Option<MemberId> {
        self.inner.read().await.session
    }

    /// Applies `op` as the signed-in member, persists it, then updates memory.
    pub(crate) async fn execute(&self, op: Op) -> ApiResult<Vec<Event>> {
        self.execute_as(None, op).await
    }

    /// As `execute`, with an explicit actor (an invitee accepting their own invitation).
    pub(crate) async fn execute_as(&self, actor: Option<Actor>, op: Op) -> ApiResult<Vec<Event>> {
        let mut inner = self.inner.write().await;
        let actor = actor.unwrap_or_else(|| inner.actor());
        let events = apply(&inner.state, &actor, &op)?;
        let label = match actor {
            Actor::Bootstrap => "first run".to_owned(),
            Actor::Member(id) => inner.state.member(id).map(|m| m.email.clone()).unwrap_or_default(),
        };
        self.store.commit(&actor, &label, now(), &op, &events).await.map_err(internal)?;
        inner.state.commit(&events);
        if let Op::CreateWorkspace { owner, .. } = op {
            inner.session = Some(owner);
        }
        Ok(events)
    }
}

fn default_session(state: &State) -> Option<MemberId> {
    let owner = Some(trellis_core::Builtin::Owner.id());
    state
        .members()
        .filter(|m| m.status == MemberStatus::Active && m.role == owner)
        .min_by_key(|m| (m.invited_at, m.id))
        .map(|m| m.id)
}
