//! Sync commands (SYNC-1..4): where the shared database is, publishing this workspace to
//! it, a sync (push then pull under the workspace's row lock), its status, and the
//! manager's decisions on parked changes. The merge itself is `trellis_core::sync`'s.

use crate::engine::{internal, now, Trellis};
use crate::ApiResult;
use std::sync::atomic::Ordering;
use trellis_core::sync::{Envelope, Genesis, Logged, ParkReason, Parked, Pending, Replica};
use trellis_core::wire::{
    JoinPhase, JoinProgress, MemberLoginRequest, RemoteJoinRequest, RemoteSettingsRequest, SyncConnected, SyncReport,
    SyncStatus,
};
use trellis_core::{Action, Actor, Op, OpId, Permission, Resource, RuleError, State};
use trellis_secrets::Sensitive;
use trellis_store::Store;
use trellis_sync::{Remote, RemoteConfig, RemoteError, SchemaStatus};
use uuid::Uuid;

/// The keyring entry holding the shared database's password (per database file).
const PASSWORD_KEY: &str = "sync-password";

/// A join's progress, read by the first-run screen while it downloads.
#[derive(Default)]
pub(crate) struct JoinCounter {
    pub phase: std::sync::atomic::AtomicU8,
    pub done: std::sync::atomic::AtomicU64,
    pub total: std::sync::atomic::AtomicU64,
}

impl JoinCounter {
    const PHASES: [JoinPhase; 6] = [
        JoinPhase::Connecting,
        JoinPhase::Downloading,
        JoinPhase::Replaying,
        JoinPhase::Saving,
        JoinPhase::Credentials,
        JoinPhase::Done,
    ];

    pub(crate) fn set(&self, phase: JoinPhase) {
        let i = Self::PHASES.iter().position(|p| *p == phase).unwrap_or(0);
        self.phase.store(i as u8, Ordering::Relaxed);
    }

    fn phase(&self) -> JoinPhase {
        Self::PHASES.get(self.phase.load(Ordering::Relaxed) as usize).copied().unwrap_or_default()
    }
}

/// A file following a shared workspace: its position and its own changes not yet there.
pub(crate) struct Following {
    pub workspace: Uuid,
    pub head: u64,
    pub genesis: Genesis,
    pub pending: Vec<Pending>,
    pub parked: Vec<Parked>,
}

impl Following {
    pub async fn load(store: &Store) -> ApiResult<Option<Following>> {
        let Some(row) = store.sync_row().await.map_err(internal)? else { return Ok(None) };
        let Some(workspace) = row.workspace else { return Ok(None) };
        Ok(Some(Following {
            workspace,
            head: row.head,
            genesis: row.genesis,
            pending: store.sync_pending().await.map_err(internal)?,
            parked: store.sync_parked().await.map_err(internal)?,
        }))
    }

    /// Lends the state and the own changes to a `Replica` for a merge or a decision.
    pub fn replica(&mut self, state: &mut State) -> Replica {
        Replica {
            state: std::mem::take(state),
            head: self.head,
            genesis: self.genesis.clone(),
            pending: std::mem::take(&mut self.pending),
            parked: std::mem::take(&mut self.parked),
        }
    }

    /// Takes back what `replica` lent.
    pub fn restore(&mut self, replica: Replica, state: &mut State) {
        *state = replica.state;
        self.head = replica.head;
        self.genesis = replica.genesis;
        self.pending = replica.pending;
        self.parked = replica.parked;
    }
}

/// After the working copy refused a write: memory is reloaded from it, never the reverse.
pub(crate) async fn reload(inner: &mut crate::engine::Inner, store: &Store) -> ApiResult<()> {
    inner.state = store.load().await.map_err(internal)?;
    inner.sync = Following::load(store).await?;
    Ok(())
}

/// The form's fields as a connection config (validated, naming the field at fault).
pub fn remote_config(req: &RemoteSettingsRequest) -> ApiResult<RemoteConfig> {
    let config = RemoteConfig {
        host: req.host.trim().to_owned(),
        port: req.port,
        database: req.database.trim().to_owned(),
        user: req.user.trim().to_owned(),
        tls: req.tls,
        ca_file: req.ca_file.as_deref().map(str::trim).filter(|p| !p.is_empty()).map(Into::into),
    };
    config.validate()?;
    Ok(config)
}

/// A connection address (`trellis sync connect URL`) and a password as the form's request.
pub fn remote_request(url: &str, password: Sensitive<String>) -> ApiResult<RemoteSettingsRequest> {
    let c = RemoteConfig::from_url(url)?;
    Ok(RemoteSettingsRequest {
        host: c.host,
        port: c.port,
        database: c.database,
        user: c.user,
        password,
        tls: c.tls,
        ca_file: c.ca_file.map(|p| p.display().to_string()),
    })
}

pub(crate) fn remote_err(e: RemoteError) -> RuleError {
    tracing::warn!("sync: {e}");
    e.to_rule_error()
}

/// A server (the portal) may keep the shared database's password in a file only its
/// account reads (systemd's `LoadCredential`), named by `TRELLIS_DB_PASSWORD_FILE`, when
/// it has no keyring session. The file's first line is the password.
fn password_file() -> ApiResult<Option<Sensitive<String>>> {
    let Some(path) = std::env::var_os("TRELLIS_DB_PASSWORD_FILE") else { return Ok(None) };
    let text = std::fs::read_to_string(&path).map_err(|e| {
        RuleError::invalid(
            "TRELLIS_DB_PASSWORD_FILE",
            format!("Cannot read the database password file {}: {e}", std::path::Path::new(&path).display()),
        )
    })?;
    Ok(Some(Sensitive::new(text.lines().next().unwrap_or("").to_owned())))
}

impl Trellis {
    async fn require_settings(&self) -> ApiResult<Actor> {
        self.require(Permission::Crud(Resource::Settings, Action::Update)).await?;
        self.actor().await
    }

    pub(crate) async fn remote(&self) -> ApiResult<(RemoteConfig, Remote)> {
        let row = self.store().sync_row().await.map_err(internal)?.ok_or_else(|| {
            RuleError::new(
                trellis_core::ErrorCode::Rule,
                Some("remote"),
                "No shared database is set: connect to one first",
            )
        })?;
        let config: RemoteConfig = serde_json::from_str(&row.config).map_err(internal)?;
        // One pool while the settings stay the same: background sync does not reconnect
        // (and redo TLS and authentication) every few seconds. The pool itself replaces
        // connections a network failure broke.
        let mut cached = self.remote_cache.lock().await;
        if let Some((saved, remote)) = cached.as_ref() {
            if *saved == row.config {
                return Ok((config, remote.clone()));
            }
        }
        let password = match self.sessions.secret(PASSWORD_KEY).await {
            Some(p) => p,
            None => password_file()?.ok_or_else(|| {
                RuleError::new(
                    trellis_core::ErrorCode::Rule,
                    Some("password"),
                    "The shared database's password is not in this computer's keyring: connect again",
                )
            })?,
        };
        let remote = Remote::connect(&config, &password).await.map_err(remote_err)?;
        *cached = Some((row.config, remote.clone()));
        Ok((config, remote))
    }

    /// Sets the shared database, after testing the connection; the password goes to the
    /// OS keyring (SYNC-4). Says what the database holds.
    pub async fn sync_connect(&self, req: RemoteSettingsRequest) -> ApiResult<SyncConnected> {
        self.require_settings().await?;
        let config = remote_config(&req)?;
        let password = req.password;
        let remote = Remote::connect(&config, &password).await.map_err(remote_err)?;
        let found = match remote.schema().await.map_err(remote_err)? {
            SchemaStatus::Newer(s, p) => return Err(remote_err(RemoteError::SchemaNewer(s, p))),
            SchemaStatus::Empty => "an empty database: publish this workspace to it".to_owned(),
            SchemaStatus::Older(v) => format!("an older Trellis schema ({v}): publishing upgrades it"),
            SchemaStatus::Current => {
                let list = remote.workspaces().await.map_err(remote_err)?;
                format!("{} shared workspace(s)", list.len())
            }
        };
        self.sessions.keep_secret(PASSWORD_KEY, password).await?;
        self.store().sync_save_config(&serde_json::to_string(&config).map_err(internal)?).await.map_err(internal)?;
        *self.remote_cache.lock().await = None; // new settings or a new password
        let message = format!("Connected to {}: {found}", config.display());
        Ok(SyncConnected { message, status: self.sync_status().await })
    }

    /// Publishes this workspace to the shared database: the schema is created or
    /// upgraded, the signed-in member is linked to the login, and the whole journal goes
    /// up as the workspace's history, in one transaction.
    pub async fn sync_publish(&self) -> ApiResult<SyncStatus> {
        self.publish().await?;
        Ok(self.sync_status().await)
    }

    async fn publish(&self) -> ApiResult<()> {
        let actor = self.require_settings().await?;
        if self.read().await.sync.is_some() {
            return Err(RuleError::rule(Some("remote"), "This workspace already follows a shared workspace"));
        }
        let (_, remote) = self.remote().await?;
        // Only the database's owner can create or upgrade the schema; a manager whose
        // login may only use it publishes into the schema as it is.
        match remote.schema().await.map_err(remote_err)? {
            SchemaStatus::Current => {}
            SchemaStatus::Newer(s, p) => return Err(remote_err(RemoteError::SchemaNewer(s, p))),
            SchemaStatus::Empty | SchemaStatus::Older(_) => remote.install().await.map_err(remote_err)?,
        }
        let login = remote.login().await.map_err(remote_err)?;
        let Actor::Member(me) = actor else { return Err(RuleError::forbidden("Sign in as a member")) };
        self.execute(Op::SetDatabaseLogin { member: me, login: Some(login) }).await?;
        let history: Vec<Envelope> = self
            .store()
            .journal_ops()
            .await
            .map_err(internal)?
            .into_iter()
            .map(|(actor, op)| Envelope { id: OpId::new_v7(), actor, via: None, at: now(), group: None, op })
            .collect();
        let name = self.read().await.state.workspace().map(|w| w.name.clone()).unwrap_or_default();
        let ws = Uuid::now_v7();
        let genesis = remote.publish(ws, &name, &history).await.map_err(remote_err)?;
        self.store().sync_follow(ws, &genesis, genesis.head).await.map_err(internal)?;
        let mut inner = self.write().await;
        inner.sync =
            Some(Following { workspace: ws, head: genesis.head, genesis, pending: Vec::new(), parked: Vec::new() });
        drop(inner);
        // The password hashes go up at once, so the team can sign in on their desktops.
        self.sync_now().await.map(drop)
    }

    /// Links a member to the shared database login their changes are sent under (or
    /// unlinks them): the log accepts a change as theirs only from that login.
    pub async fn member_set_db_login(&self, req: MemberLoginRequest) -> ApiResult<trellis_core::wire::MemberRow> {
        self.require(Permission::Crud(Resource::Members, Action::Update)).await?;
        let member = trellis_core::MemberId::parse(&req.member_id, "member_id")?;
        let login = req.login.filter(|l| !l.trim().is_empty());
        self.execute(Op::SetDatabaseLogin { member, login }).await?;
        let inner = self.read().await;
        let m = inner.state.member(member).ok_or_else(|| RuleError::not_found("member_id", "No such member"))?;
        Ok(trellis_core::query::member_row(&inner.state, m))
    }

    /// "Connect to your team's workspace": a fresh database file at `path` with the shared
    /// workspace downloaded and replayed (every row checked, as any sync does), then the
    /// password hashes, so each member signs in with their own password.
    pub async fn sync_join(path: &std::path::Path, req: RemoteJoinRequest) -> ApiResult<(Trellis, SyncReport)> {
        let t = Trellis::open(path).await?;
        let report = t.join_into(req).await?;
        Ok((t, report))
    }

    /// Joins into this (empty) file: the first-run screen's "Connect to your team's
    /// workspace". Then each member signs in with their own password.
    pub async fn sync_join_here(&self, req: RemoteJoinRequest) -> ApiResult<trellis_core::wire::SessionInfo> {
        self.join_into(req).await?;
        Ok(self.session_info().await)
    }

    async fn join_into(&self, req: RemoteJoinRequest) -> ApiResult<SyncReport> {
        let config = remote_config(&req.remote)?;
        let password = req.remote.password;
        let workspace = req.workspace.as_deref();
        let path = self.store().path().to_owned();
        let remote = Remote::connect(&config, &password).await.map_err(remote_err)?;
        let list = remote.workspaces().await.map_err(remote_err)?;
        let chosen = match workspace {
            Some(w) => list.iter().find(|x| x.id.to_string() == w.trim() || x.name.eq_ignore_ascii_case(w.trim())),
            None if list.len() == 1 => list.first(),
            None => None,
        };
        let Some(chosen) = chosen else {
            let names: Vec<&str> = list.iter().map(|w| w.name.as_str()).collect();
            let message = if names.is_empty() {
                "The shared database holds no workspace yet: publish one from a desktop first".to_owned()
            } else {
                format!("Choose the workspace to join: {}", names.join(", "))
            };
            return Err(RuleError::invalid("workspace", message));
        };
        let t = self;
        if t.read().await.state.workspace().is_some() {
            return Err(RuleError::conflict(
                "db",
                format!("{} already holds a workspace; join into a new file", path.display()),
            ));
        }
        t.sessions.keep_secret(PASSWORD_KEY, password).await?;
        t.store().sync_save_config(&serde_json::to_string(&config).map_err(internal)?).await.map_err(internal)?;
        let genesis = remote.genesis(chosen.id).await.map_err(remote_err)?;
        let mut rows: Vec<Logged> = Vec::new();
        // Progress for the window's bar: the download is most of a join's time.
        t.join_progress.total.store(chosen.head, Ordering::Relaxed);
        t.join_progress.set(JoinPhase::Downloading);
        loop {
            let page = remote.fetch(chosen.id, rows.last().map_or(0, |r| r.seq)).await.map_err(remote_err)?;
            if page.is_empty() {
                break;
            }
            rows.extend(page);
            t.join_progress.done.store(rows.len() as u64, Ordering::Relaxed);
        }
        let mut replica = Replica {
            state: trellis_core::State::new(),
            head: 0,
            genesis: genesis.clone(),
            pending: Vec::new(),
            parked: Vec::new(),
        };
        t.join_progress.set(JoinPhase::Replaying);
        let got = replica.integrate(&rows);
        let labels: Vec<String> = got.rows.iter().map(|(r, _)| t.row_label(&replica.state, &r.envelope)).collect();
        let store = t.store().clone();
        t.join_progress.set(JoinPhase::Saving);
        store.sync_integrate(&got, &labels, &[], now(), replica.head).await.map_err(internal)?;
        store.sync_follow(chosen.id, &genesis, replica.head).await.map_err(internal)?;
        {
            let mut inner = t.write().await;
            inner.state = replica.state;
            inner.sync = Some(Following {
                workspace: chosen.id,
                head: replica.head,
                genesis,
                pending: Vec::new(),
                parked: Vec::new(),
            });
        }
        t.join_progress.set(JoinPhase::Credentials);
        let mut report = t.sync_once().await?;
        t.join_progress.set(JoinPhase::Done);
        report.received += got.rows.len() as u32;
        Ok(report)
    }

    /// The sync indicator (needs a signed-in session).
    pub async fn sync_overview(&self) -> ApiResult<SyncStatus> {
        self.actor().await?;
        Ok(self.sync_status().await)
    }

    /// How far a join in progress is (changes downloaded of the workspace's total).
    pub async fn sync_join_progress(&self) -> ApiResult<JoinProgress> {
        Ok(JoinProgress {
            phase: self.join_progress.phase(),
            done: self.join_progress.done.load(Ordering::Relaxed),
            total: self.join_progress.total.load(Ordering::Relaxed),
        })
    }

    pub async fn sync_status(&self) -> SyncStatus {
        let row = self.store().sync_row().await.ok().flatten();
        let config = row.as_ref().and_then(|r| serde_json::from_str::<RemoteConfig>(&r.config).ok());
        let inner = self.read().await;
        let f = inner.sync.as_ref();
        let count = |conflict: bool| {
            f.map_or(0, |f| {
                f.parked.iter().filter(|p| matches!(p.reason, ParkReason::Conflict { .. }) == conflict).count()
            }) as u32
        };
        SyncStatus {
            remote: config.as_ref().map(RemoteConfig::display),
            host: config.as_ref().map(|c| c.host.clone()),
            port: config.as_ref().map(|c| c.port),
            database: config.as_ref().map(|c| c.database.clone()),
            user: config.as_ref().map(|c| c.user.clone()),
            tls: config.as_ref().map(|c| c.tls),
            ca_file: config.as_ref().and_then(|c| c.ca_file.as_ref()).map(|p| p.display().to_string()),
            workspace: f.map(|f| f.workspace),
            head: f.map_or(0, |f| f.head),
            to_send: f.map_or(0, |f| f.pending.len() as u32),
            received: self.received.load(std::sync::atomic::Ordering::Relaxed),
            moved: self.moved.lock().map(|m| m.clone()).unwrap_or_default(),
            conflicts: count(true),
            refused: count(false),
            last_sync_at: row.as_ref().and_then(|r| r.last_sync_at),
            offline_since: row.as_ref().and_then(|r| r.offline_since),
            last_error: row.and_then(|r| r.last_error),
        }
    }
}
