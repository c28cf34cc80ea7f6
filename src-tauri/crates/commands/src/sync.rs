//! Sync commands (SYNC-1..4): where the shared database is, publishing this workspace to
//! it, a sync (push then pull under the workspace's row lock), its status, and the
//! manager's decisions on parked changes. The merge itself is `trellis_core::sync`'s.

use crate::engine::{internal, now, Trellis};
use crate::ApiResult;
use serde::{Deserialize, Serialize};
use trellis_core::sync::{credential_writer_ok, Envelope, Genesis, Logged, ParkReason, Parked, Pending, Replica};
use trellis_core::{Action, Actor, Op, OpId, Permission, Resource, RuleError};
use trellis_secrets::Sensitive;
use trellis_store::{CredentialOut, Store};
use trellis_sync::{Remote, RemoteConfig, RemoteError, SchemaStatus, SharedCredential};
use uuid::Uuid;

/// The keyring entry holding the shared database's password (per database file).
const PASSWORD_KEY: &str = "sync-password";

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
}

/// What the sync indicator and `trellis sync status` show.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct SyncStatus {
    /// Where the shared database is (no password), when one is set.
    pub remote: Option<String>,
    pub workspace: Option<Uuid>,
    pub head: u64,
    pub to_send: usize,
    pub conflicts: usize,
    pub refused: usize,
    pub last_sync_at: Option<i64>,
    pub offline_since: Option<i64>,
    pub last_error: Option<String>,
}

/// A parked change, for the Sync screen and `trellis sync conflicts`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ParkedChange {
    pub id: OpId,
    pub action: String,
    pub at: i64,
    #[serde(flatten)]
    pub reason: ParkReason,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Keep {
    /// Drop mine; theirs stays.
    Theirs,
    /// Apply mine on top, re-checked as a new change.
    Mine,
}

/// What one sync did.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct SyncReport {
    pub received: usize,
    pub skipped: usize,
    pub sent: usize,
    pub parked: usize,
    pub head: u64,
}

fn remote_err(e: RemoteError) -> RuleError {
    tracing::warn!("sync: {e}");
    e.to_rule_error()
}

impl Trellis {
    async fn require_settings(&self) -> ApiResult<Actor> {
        self.require(Permission::Crud(Resource::Settings, Action::Update)).await?;
        self.actor().await
    }

    async fn remote(&self) -> ApiResult<(RemoteConfig, Remote)> {
        let row = self.store().sync_row().await.map_err(internal)?.ok_or_else(|| {
            RuleError::new(
                trellis_core::ErrorCode::Rule,
                Some("remote"),
                "No shared database is set: connect to one first",
            )
        })?;
        let config: RemoteConfig = serde_json::from_str(&row.config).map_err(internal)?;
        let password = self.sessions.secret(PASSWORD_KEY).await.ok_or_else(|| {
            RuleError::new(
                trellis_core::ErrorCode::Rule,
                Some("password"),
                "The shared database's password is not in this computer's keyring: connect again",
            )
        })?;
        let remote = Remote::connect(&config, &password).await.map_err(remote_err)?;
        Ok((config, remote))
    }

    /// Sets the shared database, after testing the connection; the password goes to the
    /// OS keyring (SYNC-4). Says what the database holds.
    pub async fn sync_connect(&self, config: RemoteConfig, password: Sensitive<String>) -> ApiResult<String> {
        self.require_settings().await?;
        config.validate()?;
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
        Ok(format!("Connected to {}: {found}", config.display()))
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
        remote.install().await.map_err(remote_err)?;
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
    pub async fn member_set_db_login(&self, member_id: &str, login: Option<String>) -> ApiResult<()> {
        self.require(Permission::Crud(Resource::Members, Action::Update)).await?;
        let member = trellis_core::MemberId::parse(member_id, "member_id")?;
        self.execute(Op::SetDatabaseLogin { member, login }).await?;
        Ok(())
    }

    /// "Connect to your team's workspace": a fresh database file at `path` with the shared
    /// workspace downloaded and replayed (every row checked, as any sync does), then the
    /// password hashes, so each member signs in with their own password.
    pub async fn sync_join(
        path: &std::path::Path,
        config: RemoteConfig,
        password: Sensitive<String>,
        workspace: Option<&str>,
    ) -> ApiResult<(Trellis, SyncReport)> {
        config.validate()?;
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
        let t = Trellis::open(path).await?;
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
        loop {
            let page = remote.fetch(chosen.id, rows.last().map_or(0, |r| r.seq)).await.map_err(remote_err)?;
            if page.is_empty() {
                break;
            }
            rows.extend(page);
        }
        let mut replica = Replica {
            state: trellis_core::State::new(),
            head: 0,
            genesis: genesis.clone(),
            pending: Vec::new(),
            parked: Vec::new(),
        };
        let got = replica.integrate(&rows);
        let labels: Vec<String> = got.rows.iter().map(|(r, _)| t.label(&replica.state, &r.envelope.actor)).collect();
        let store = t.store().clone();
        store.sync_integrate(&got, &labels, now(), replica.head).await.map_err(internal)?;
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
        let mut report = t.sync_once().await?;
        report.received += got.rows.len();
        Ok((t, report))
    }

    pub async fn sync_status(&self) -> SyncStatus {
        let row = self.store().sync_row().await.ok().flatten();
        let inner = self.read().await;
        let f = inner.sync.as_ref();
        let count = |conflict: bool| {
            f.map_or(0, |f| {
                f.parked.iter().filter(|p| matches!(p.reason, ParkReason::Conflict { .. }) == conflict).count()
            })
        };
        SyncStatus {
            remote: row
                .as_ref()
                .and_then(|r| serde_json::from_str::<RemoteConfig>(&r.config).ok())
                .map(|c| c.display()),
            workspace: f.map(|f| f.workspace),
            head: f.map_or(0, |f| f.head),
            to_send: f.map_or(0, |f| f.pending.len()),
            conflicts: count(true),
            refused: count(false),
            last_sync_at: row.as_ref().and_then(|r| r.last_sync_at),
            offline_since: row.as_ref().and_then(|r| r.offline_since),
            last_error: row.and_then(|r| r.last_error),
        }
    }

    /// Push then pull: under the shared workspace's row lock, takes in what others sent,
    /// re-applies own changes on top (merged or parked), sends what is left, and commits.
    pub async fn sync_now(&self) -> ApiResult<SyncReport> {
        self.actor().await?;
        let result = self.sync_once().await;
        let at = now();
        let offline_since = match &result {
            Err(e) if e.code == trellis_core::ErrorCode::Internal || e.message.contains("cannot be reached") => {
                Some(self.sync_status().await.offline_since.unwrap_or(at))
            }
            _ => None,
        };
        let error = result.as_ref().err().map(|e| e.message.clone());
        let _ = self.store().sync_note(at, error.as_deref(), offline_since).await;
        result
    }

    async fn sync_once(&self) -> ApiResult<SyncReport> {
        let workspace = self
            .read()
            .await
            .sync
            .as_ref()
            .map(|f| f.workspace)
            .ok_or_else(|| RuleError::rule(Some("remote"), "This workspace is not shared yet: publish it first"))?;
        let (_, remote) = self.remote().await?;
        remote.ensure_compatible().await.map_err(remote_err)?;
        let login = remote.login().await.map_err(remote_err)?;
        let mut push = remote.push(workspace).await.map_err(remote_err)?;
        let mut inner = self.write().await;
        let inner = &mut *inner;
        let Some(f) = inner.sync.as_mut() else { return Err(RuleError::rule(Some("remote"), "Not shared")) };
        let rows: Vec<Logged> = push.fetch_all(f.head).await.map_err(remote_err)?;
        let mut replica = Replica {
            state: std::mem::take(&mut inner.state),
            head: f.head,
            genesis: f.genesis.clone(),
            pending: std::mem::take(&mut f.pending),
            parked: std::mem::take(&mut f.parked),
        };
        let mut report = SyncReport::default();
        let got = replica.integrate(&rows);
        let labels: Vec<String> = got.rows.iter().map(|(r, _)| self.label(&replica.state, &r.envelope.actor)).collect();
        report.received = got.rows.len();
        report.skipped = got.rows.iter().filter(|(_, v)| matches!(v, trellis_core::sync::Verdict::Skipped(_))).count();
        report.parked = got.parked.len();
        let at = now();
        let mut saved = self.store().sync_integrate(&got, &labels, at, replica.head).await;
        if saved.is_ok() {
            let checked = replica.prepare_push(&login);
            report.parked += checked.parked.len();
            if !checked.parked.is_empty() || !checked.merged.is_empty() {
                saved = self.store().sync_integrate(&checked, &[], at, replica.head).await;
            }
        }
        let outgoing = replica.outgoing();
        let result: ApiResult<()> = match saved {
            Err(e) => Err(internal(e)),
            Ok(()) => self.finish_push(push, &mut replica, &outgoing, &login, &mut report).await,
        };
        report.head = replica.head;
        inner.state = replica.state;
        *f = Following {
            workspace,
            head: replica.head,
            genesis: replica.genesis,
            pending: replica.pending,
            parked: replica.parked,
        };
        result.map(|_| report)
    }

    /// Appends own changes, exchanges password hashes, commits, then acknowledges here.
    async fn finish_push(
        &self,
        mut push: trellis_sync::Push,
        replica: &mut Replica,
        outgoing: &[Envelope],
        login: &str,
        report: &mut SyncReport,
    ) -> ApiResult<()> {
        if !outgoing.is_empty() {
            push.append(outgoing).await.map_err(remote_err)?;
        }
        let store = self.store();
        let from = store.credentials_head().await.map_err(internal)?;
        let incoming = push.credentials(from).await.map_err(remote_err)?;
        let head = incoming.last().map_or(from, |c| c.seq);
        let mut accepted = Vec::new();
        for c in incoming {
            if credential_writer_ok(&replica.state, c.kind, c.subject, &c.login) {
                accepted.push(CredentialOut {
                    kind: c.kind,
                    subject: c.subject,
                    phc: c.phc,
                    must_change: c.must_change,
                });
            } else {
                tracing::warn!(
                    "a password hash written by {} for {} was not theirs to set; ignored",
                    c.login,
                    c.subject
                );
            }
        }
        let to_share = store.credentials_to_share().await.map_err(internal)?;
        if !to_share.is_empty() {
            let list: Vec<SharedCredential> = to_share
                .iter()
                .map(|c| SharedCredential {
                    seq: 0,
                    kind: c.kind,
                    subject: c.subject,
                    phc: c.phc.clone(),
                    must_change: c.must_change,
                    login: login.to_owned(),
                })
                .collect();
            push.put_credentials(&list).await.map_err(remote_err)?;
        }
        push.commit().await.map_err(remote_err)?;
        replica.acknowledge(outgoing.len());
        report.sent = outgoing.len();
        store.sync_acknowledge(outgoing.len(), replica.head).await.map_err(internal)?;
        store.credentials_take(&accepted, head, now()).await.map_err(internal)?;
        store.credentials_sent(&to_share).await.map_err(internal)?;
        Ok(())
    }

    pub async fn sync_conflicts(&self) -> ApiResult<Vec<ParkedChange>> {
        self.actor().await?;
        let inner = self.read().await;
        Ok(inner.sync.as_ref().map_or_else(Vec::new, |f| {
            f.parked
                .iter()
                .map(|p| ParkedChange {
                    id: p.envelope.id,
                    action: p.envelope.op.action().to_owned(),
                    at: p.envelope.at,
                    reason: p.reason.clone(),
                })
                .collect()
        }))
    }

    /// SYNC-2: keep theirs (mine is dropped) or apply mine on top (re-checked as a new
    /// change; refused, it stays parked with the new reason).
    pub async fn sync_resolve(&self, id: &str, keep: Keep) -> ApiResult<SyncStatus> {
        let actor = self.actor().await?;
        let id = OpId::parse(id, "id")?;
        {
            let mut inner = self.write().await;
            let inner = &mut *inner;
            let f =
                inner.sync.as_mut().ok_or_else(|| RuleError::not_found("id", "No change is waiting for a decision"))?;
            let mut replica = Replica {
                state: std::mem::take(&mut inner.state),
                head: f.head,
                genesis: f.genesis.clone(),
                pending: std::mem::take(&mut f.pending),
                parked: std::mem::take(&mut f.parked),
            };
            let label = self.label(&replica.state, &actor);
            let at = now();
            let result: ApiResult<()> = match keep {
                Keep::Theirs => match replica.discard(id) {
                    Some(p) => {
                        let what = format!("{} · kept theirs, mine dropped", p.envelope.op.action());
                        self.store().sync_discard(id, &actor, &label, at, &what).await.map_err(internal)
                    }
                    None => Err(RuleError::not_found("id", format!("No change {id} is waiting for a decision"))),
                },
                Keep::Mine => match replica.retry(id, OpId::new_v7()) {
                    Ok(p) => {
                        let p = p.clone();
                        self.store().sync_retry(id, &p, &label, at).await.map_err(internal)
                    }
                    Err(e) => {
                        if let Some(p) = replica.parked.iter().find(|p| p.envelope.id == id) {
                            let _ = self.store().sync_repark(p, at).await;
                        }
                        Err(e)
                    }
                },
            };
            inner.state = replica.state;
            *f = Following {
                workspace: f.workspace,
                head: replica.head,
                genesis: replica.genesis,
                pending: replica.pending,
                parked: replica.parked,
            };
            result?;
        }
        Ok(self.sync_status().await)
    }
}
