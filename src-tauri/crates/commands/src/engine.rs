use crate::session::{Session, Sessions};
use crate::ApiResult;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};
use tokio::sync::RwLock;
use trellis_core::sync::{Envelope, Pending};
use trellis_core::{access, apply, Actor, Event, Millis, Op, OpId, Permission, PermissionSet, RuleError, State};
use trellis_store::{Change, CredentialWrite, Store};

/// The open workspace: its store, its in-memory state, and who is signed in.
pub struct Trellis {
    store: Store,
    inner: RwLock<Inner>,
    pub(crate) sessions: Sessions,
    /// One sync at a time (background and on demand).
    pub(crate) sync_gate: tokio::sync::Mutex<()>,
    /// Others' changes taken in since the app started: the window refreshes when it moves.
    pub(crate) received: std::sync::atomic::AtomicU64,
    /// The same, counted per area of the journal (`member`, `partner`, …): the window
    /// re-reads only what those changes can alter.
    pub(crate) moved: std::sync::Mutex<std::collections::BTreeMap<String, u64>>,
    /// The shared database's pool, with the settings it was made from.
    pub(crate) remote_cache: tokio::sync::Mutex<Option<(String, trellis_sync::Remote)>>,
    pub(crate) join_progress: crate::sync::JoinCounter,
    /// Every draft of this workspace (DRAFT-1), by id.
    pub(crate) drafts:
        tokio::sync::RwLock<std::collections::BTreeMap<trellis_core::DraftId, trellis_core::draft::Draft>>,
    /// Moves whenever live state may change: drafts replayed over an older live are stale.
    pub(crate) live_rev: std::sync::atomic::AtomicU64,
    /// Drafts replayed over live, with the live revision they were replayed over.
    pub(crate) replays: crate::drafts::Replays,
    /// PREV-5: open portal previews, by window label.
    pub(crate) previews: crate::preview::Previews,
    /// This process's claim on the previews it opens (PREV-5).
    pub(crate) preview_owner: crate::preview_owner::PreviewOwner,
    /// MAIL-2: the delivery loop's wake-up call and retry pace.
    pub(crate) mail: crate::mail::MailRuntime,
    /// RPT-5: the last past state rebuilt, for the next question about the same moment.
    pub(crate) past: crate::time_travel::PastCache,
    /// RPT-4: what the journal says about people's access, read incrementally.
    pub(crate) review_facts: crate::reviews::FactsCache,
    /// A `trellis://` link waiting for the window (`links.rs`).
    pub(crate) links: std::sync::Mutex<Option<trellis_core::wire::DeepLink>>,
    /// How long opening took, for the first screen's report.
    loaded: Loaded,
}

/// How the actor of a change acted, for the journal's label.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Acting<'a> {
    /// The signed-in member, or anyone acting for themselves.
    Themselves,
    /// A manager acting as a partner user in a preview: "ana@… as partner · bo@… (partner)".
    ManagerAs(&'a str),
    /// PORT-5: a partner user signed in to the portal server: "bo@… (partner) via the portal".
    ViaPortal,
}

/// What opening the workspace cost: the state load, and how many members it holds.
#[derive(Clone, Copy, Debug)]
pub struct Loaded {
    pub state_load: std::time::Duration,
    pub members: usize,
}

pub(crate) struct Inner {
    pub state: State,
    /// Set once this file follows a shared workspace: own changes wait in it for the log.
    pub sync: Option<crate::sync::Following>,
}

pub(crate) fn now() -> Millis {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as Millis).unwrap_or(0)
}

pub(crate) fn internal(e: impl std::fmt::Display) -> RuleError {
    tracing::error!("internal error: {e}");
    RuleError::internal("Trellis could not complete this; nothing was changed. Details are in the log.")
}

impl Trellis {
    /// Opens the workspace database at `path` (creating it if needed), loads the state and
    /// resumes a session remembered in the OS keyring, if there is a live one.
    pub async fn open(path: &Path) -> ApiResult<Trellis> {
        let store = Store::open(path).await.map_err(internal)?;
        let started = std::time::Instant::now();
        let state = store.load().await.map_err(internal)?;
        let loaded = Loaded { state_load: started.elapsed(), members: state.member_count() };
        let sync = crate::sync::Following::load(&store).await?;
        let sessions = Sessions::open(path).await;
        let drafts = store.drafts().await.map_err(internal)?.into_iter().map(|d| (d.id, d)).collect();
        let trellis = Trellis {
            store,
            inner: RwLock::new(Inner { state, sync }),
            sessions,
            sync_gate: tokio::sync::Mutex::new(()),
            received: Default::default(),
            moved: Default::default(),
            remote_cache: Default::default(),
            join_progress: Default::default(),
            drafts: tokio::sync::RwLock::new(drafts),
            live_rev: Default::default(),
            replays: Default::default(),
            previews: Default::default(),
            preview_owner: crate::preview_owner::PreviewOwner::new(path),
            mail: Default::default(),
            past: Default::default(),
            review_facts: Default::default(),
            links: Default::default(),
            loaded,
        };
        trellis.close_orphan_previews().await?;
        trellis.resume_remembered().await;
        Ok(trellis)
    }

    /// The window's first screen is up (anyone may say so): what opening cost, logged.
    pub async fn app_first_screen(&self) -> ApiResult<Loaded> {
        let l = self.loaded;
        tracing::info!("first screen; state of {} members loaded in {:?}", l.members, l.state_load);
        Ok(l)
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub(crate) async fn read(&self) -> tokio::sync::RwLockReadGuard<'_, Inner> {
        self.inner.read().await
    }

    pub(crate) async fn write(&self) -> tokio::sync::RwLockWriteGuard<'_, Inner> {
        let guard = self.inner.write().await;
        self.touched();
        guard
    }

    /// The write lock for work that leaves the state as it is (sync bookkeeping): open
    /// drafts need not be replayed again.
    pub(crate) async fn write_quiet(&self) -> tokio::sync::RwLockWriteGuard<'_, Inner> {
        self.inner.write().await
    }

    /// Live may have changed: drafts replayed over it are out of date.
    pub(crate) fn touched(&self) {
        self.live_rev.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }

    /// A copy of the state (tests and benchmarks).
    pub async fn snapshot(&self) -> State {
        self.inner.read().await.state.clone()
    }

    /// The signed-in member as an actor, or why there is none (locked, must change password).
    /// A member removed since signing in loses the session at once (MEM-4).
    pub(crate) async fn actor(&self) -> ApiResult<Actor> {
        let actor = self.sessions.actor(now())?;
        if let Actor::Member(id) = actor {
            let active =
                self.read().await.state.member(id).is_some_and(|m| m.status == trellis_core::MemberStatus::Active);
            if !active {
                self.sessions.end();
                return Err(RuleError::session("Your access to this workspace was revoked"));
            }
        }
        Ok(actor)
    }

    /// SEC-1: the signed-in member's permissions, refusing without `needed`.
    /// The signed-in member's effective permissions (refused when there is none).
    pub(crate) async fn session_permissions(&self) -> ApiResult<PermissionSet> {
        let actor = self.actor().await?;
        let inner = self.read().await;
        let m = access::active_member(&inner.state, &actor)?;
        Ok(access::effective_permissions(&inner.state, m))
    }

    pub(crate) async fn require(&self, needed: Permission) -> ApiResult<PermissionSet> {
        let actor = self.actor().await?;
        access::require(&self.read().await.state, &actor, needed)
    }

    /// Applies `op` as the signed-in member, persists it, then updates memory.
    pub(crate) async fn execute(&self, op: Op) -> ApiResult<Vec<Event>> {
        let actor = self.actor().await?;
        self.execute_with(actor, op, Vec::new(), Vec::new()).await
    }

    /// Applies `op` as `actor`, persisting credential writes (and their redacted journal
    /// changes) in the same transaction.
    pub(crate) async fn execute_with(
        &self,
        actor: Actor,
        op: Op,
        credentials: Vec<CredentialWrite>,
        credential_changes: Vec<Change>,
    ) -> ApiResult<Vec<Event>> {
        self.execute_labelled(actor, Acting::Themselves, op, credentials, credential_changes).await
    }

    /// As `execute_with`, saying in the journal how the actor acted (see [`Acting`]).
    pub(crate) async fn execute_labelled(
        &self,
        actor: Actor,
        acting: Acting<'_>,
        op: Op,
        credentials: Vec<CredentialWrite>,
        credential_changes: Vec<Change>,
    ) -> ApiResult<Vec<Event>> {
        // DRAFT-1: a member editing a draft changes the draft, never live. Partner-side
        // changes (a preview, a partner admin) are not the member's draft's.
        if let (Actor::Member(me), Acting::Themselves) = (actor, acting) {
            if let Some(draft) = self.sessions.editing().filter(|_| self.sessions.member() == Some(me)) {
                if !credentials.is_empty() || !credential_changes.is_empty() {
                    return Err(crate::drafts::live_only());
                }
                return self.draft_step(draft, actor, op).await;
            }
        }
        let mut inner = self.write().await;
        let events = apply(&inner.state, &actor, &op)?;
        let bare = credentials.is_empty() && credential_changes.is_empty();
        if inner.sync.is_some() && bare && trellis_core::sync::effect_free(&events) {
            // Nothing would change but versions: sent later, on top of others' changes,
            // it could undo theirs.
            return Ok(Vec::new());
        }
        let own = self.label(&inner.state, &actor);
        let label = match acting {
            Acting::Themselves => own,
            Acting::ManagerAs(manager) => format!("{manager} as partner · {own}"),
            Acting::ViaPortal => format!("{own} via the portal"),
        };
        let at = now();
        // Following a shared workspace: the change also waits for the shared log, in the
        // same transaction (SYNC-2: nothing acknowledged here is ever lost).
        let pending = inner.sync.as_ref().map(|_| {
            let via = match (actor, self.sessions.actor(at)) {
                (Actor::Partner(_), Ok(Actor::Member(m))) => Some(m),
                _ => None,
            };
            let envelope = Envelope { id: OpId::new_v7(), actor, via, at, group: None, op: op.clone() };
            Pending { envelope, events: events.clone() }
        });
        self.store
            .commit_with(&actor, &label, at, &op, &events, &credentials, credential_changes, pending.as_ref())
            .await
            .map_err(internal)?;
        inner.state.commit(&events);
        if let (Some(sync), Some(p)) = (inner.sync.as_mut(), pending) {
            sync.pending.push(p);
        }
        Ok(events)
    }

    /// How a row of the shared log is journaled here: its actor, and how they acted.
    pub(crate) fn row_label(&self, state: &State, e: &Envelope) -> String {
        let own = self.label(state, &e.actor);
        match (e.actor, e.via) {
            (Actor::Partner(_), Some(m)) => format!("{} as partner · {own}", self.label(state, &Actor::Member(m))),
            (Actor::Partner(_), None) => format!("{own} via the portal"),
            _ => own,
        }
    }

    pub(crate) fn label(&self, state: &State, actor: &Actor) -> String {
        match actor {
            Actor::Bootstrap => "first run".to_owned(),
            Actor::Member(id) => state.member(*id).map(|m| m.email.clone()).unwrap_or_default(),
            Actor::Partner(id) => state.contact(*id).map(|c| format!("{} (partner)", c.email)).unwrap_or_default(),
        }
    }

    /// Signs `member` in (after a verified password or a remembered session).
    pub(crate) fn start_session(&self, session: Session) {
        self.sessions.start(session);
    }
}
