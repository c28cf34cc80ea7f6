//! Talking to the shared database: schema checks, publish, fetch, and the locked append.

use crate::{RemoteConfig, RemoteError};
use sqlx::postgres::{PgListener, PgPoolOptions};
use sqlx::{PgPool, Postgres, Row, Transaction};
use std::time::Duration;
use trellis_core::chain::{self, Link};
use trellis_core::sensitive::Sensitive;
use trellis_core::sync::{Envelope, Genesis, Logged, PROTOCOL};
use trellis_core::OpId;
use uuid::Uuid;

/// The schema version these migrations build; a database at a higher one is refused.
pub const SCHEMA: i32 = 4;

/// Rows per fetch: large enough to stream fast, small enough to keep memory flat.
const PAGE: i64 = 5_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SchemaStatus {
    Empty,
    Current,
    Older(i32),
    Newer(i32, i32),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RemoteWorkspace {
    pub id: Uuid,
    pub name: String,
    pub head: u64,
    pub publisher: String,
}

/// A connection pool to the shared database, and the address it shows in messages.
#[derive(Clone)]
pub struct Remote {
    pool: PgPool,
    address: String,
}

impl Remote {
    pub async fn connect(config: &RemoteConfig, password: &Sensitive<String>) -> Result<Remote, RemoteError> {
        let address = config.display();
        let pool = PgPoolOptions::new()
            .max_connections(3)
            .acquire_timeout(Duration::from_secs(8))
            .connect_with(config.options(password))
            .await
            .map_err(|e| RemoteError::from_sqlx(e, &address))?;
        Ok(Remote { pool, address })
    }

    /// Over an existing pool (tests, benchmarks).
    pub fn from_pool(pool: PgPool, address: &str) -> Remote {
        Remote { pool, address: address.to_owned() }
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    pub fn address(&self) -> &str {
        &self.address
    }

    fn err(&self, e: sqlx::Error) -> RemoteError {
        RemoteError::from_sqlx(e, &self.address)
    }

    pub(crate) fn db_err(&self, e: sqlx::Error) -> RemoteError {
        self.err(e)
    }

    /// Which Trellis schema the database holds, compared with this app's.
    pub async fn schema(&self) -> Result<SchemaStatus, RemoteError> {
        let present: bool = sqlx::query_scalar("SELECT to_regclass('trellis_meta') IS NOT NULL")
            .fetch_one(&self.pool)
            .await
            .map_err(|e| self.err(e))?;
        if !present {
            return Ok(SchemaStatus::Empty);
        }
        let rows =
            sqlx::query("SELECT key, value FROM trellis_meta").fetch_all(&self.pool).await.map_err(|e| self.err(e))?;
        let get = |k: &str| rows.iter().find(|r| r.get::<&str, _>("key") == k).map_or(0, |r| r.get::<i32, _>("value"));
        let (schema, protocol) = (get("schema"), get("protocol"));
        Ok(if schema > SCHEMA || protocol > PROTOCOL as i32 {
            SchemaStatus::Newer(schema, protocol)
        } else if schema < SCHEMA {
            SchemaStatus::Older(schema)
        } else {
            SchemaStatus::Current
        })
    }

    /// Refuses a database this app must not write to (no schema, older, newer).
    pub async fn ensure_compatible(&self) -> Result<(), RemoteError> {
        match self.schema().await? {
            SchemaStatus::Current => Ok(()),
            SchemaStatus::Empty => Err(RemoteError::NoSchema),
            SchemaStatus::Older(v) => Err(RemoteError::SchemaOlder(v)),
            SchemaStatus::Newer(s, p) => Err(RemoteError::SchemaNewer(s, p)),
        }
    }

    /// As `ensure_compatible`, but an older schema is upgraded when this login may (the
    /// database's owner): the owner's desktop brings the shared database forward at its
    /// next sync, and everyone else's syncs then go on. Others get `SchemaOlder`.
    pub async fn ensure_current(&self) -> Result<(), RemoteError> {
        match self.schema().await? {
            SchemaStatus::Older(v) if !self.owns_database().await? => Err(RemoteError::SchemaOlder(v)),
            SchemaStatus::Older(v) => match self.install().await {
                Ok(()) => {
                    tracing::info!("upgraded the shared database's schema from {v} to {SCHEMA}");
                    Ok(())
                }
                Err(e) => {
                    tracing::info!("the shared schema stays at {v}: this login cannot upgrade it ({e})");
                    Err(RemoteError::SchemaOlder(v))
                }
            },
            _ => self.ensure_compatible().await,
        }
    }

    /// Creates or upgrades the schema (needs the database owner's rights). Never touches a
    /// newer one.
    pub async fn install(&self) -> Result<(), RemoteError> {
        if let SchemaStatus::Newer(s, p) = self.schema().await? {
            return Err(RemoteError::SchemaNewer(s, p));
        }
        // Without sqlx's advisory lock: a migration that fails returns before unlocking,
        // leaving the lock on a pooled session and every later upgrade waiting forever.
        // Each migration is one transaction, so two upgrades at once cannot both apply one.
        let mut migrator = crate::migrations::migrator();
        migrator.set_locking(false);
        migrator.run(&self.pool).await.map_err(|e| match e {
            sqlx::migrate::MigrateError::Execute(e) => self.err(e),
            other => RemoteError::Db(other.to_string()),
        })
    }

    /// Whether this login may change the schema: the database's owner or a superuser.
    async fn owns_database(&self) -> Result<bool, RemoteError> {
        sqlx::query_scalar(
            "SELECT d.datdba = r.oid OR r.rolsuper FROM pg_database d, pg_roles r
             WHERE d.datname = current_database() AND r.rolname = current_user",
        )
        .fetch_one(&self.pool)
        .await
        .map_err(|e| self.err(e))
    }

    pub async fn workspaces(&self) -> Result<Vec<RemoteWorkspace>, RemoteError> {
        self.ensure_compatible().await?;
        let rows = sqlx::query(
            "SELECT id, name, head, publisher::text AS publisher FROM trellis_workspaces ORDER BY created_at",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(|e| self.err(e))?;
        Ok(rows
            .iter()
            .map(|r| RemoteWorkspace {
                id: r.get("id"),
                name: r.get("name"),
                head: r.get::<i64, _>("head") as u64,
                publisher: r.get("publisher"),
            })
            .collect())
    }

    /// Which of `ids` the workspace's log already holds (REL-2: a rescued change that had
    /// reached it before its file was damaged is not applied twice).
    pub async fn known_ops(
        &self,
        ws: Uuid,
        ids: &[trellis_core::OpId],
    ) -> Result<std::collections::HashSet<trellis_core::OpId>, RemoteError> {
        let ids: Vec<Uuid> = ids.iter().map(|i| i.0).collect();
        let rows: Vec<Uuid> =
            sqlx::query_scalar("SELECT op_id FROM trellis_log WHERE workspace_id = $1 AND op_id = ANY($2)")
                .bind(ws)
                .bind(&ids)
                .fetch_all(&self.pool)
                .await
                .map_err(|e| self.err(e))?;
        Ok(rows.into_iter().map(trellis_core::OpId).collect())
    }

    /// Creates workspace `id` with `history` as its published history, in one transaction.
    pub async fn publish(&self, id: Uuid, name: &str, history: &[Envelope]) -> Result<Genesis, RemoteError> {
        self.ensure_compatible().await?;
        let (ids, texts) = encode(history)?;
        let mut tx = self.pool.begin().await.map_err(|e| self.err(e))?;
        sqlx::query("SELECT trellis_publish($1, $2, $3, $4)")
            .bind(id)
            .bind(name)
            .bind(&ids)
            .bind(&texts)
            .execute(&mut *tx)
            .await
            .map_err(|e| self.err(e))?;
        let login: String =
            sqlx::query_scalar("SELECT session_user::text").fetch_one(&mut *tx).await.map_err(|e| self.err(e))?;
        tx.commit().await.map_err(|e| self.err(e))?;
        Ok(Genesis { head: history.len() as u64, login })
    }

    pub async fn genesis(&self, id: Uuid) -> Result<Genesis, RemoteError> {
        let row =
            sqlx::query("SELECT genesis_head, publisher::text AS publisher FROM trellis_workspaces WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await
                .map_err(|e| self.err(e))?
                .ok_or(RemoteError::NoWorkspace(id))?;
        Ok(Genesis { head: row.get::<i64, _>("genesis_head") as u64, login: row.get("publisher") })
    }

    /// The login this connection appends under (what the log will record).
    pub async fn login(&self) -> Result<String, RemoteError> {
        sqlx::query_scalar("SELECT session_user::text").fetch_one(&self.pool).await.map_err(|e| self.err(e))
    }

    pub async fn head(&self, id: Uuid) -> Result<u64, RemoteError> {
        let head: Option<i64> = sqlx::query_scalar("SELECT head FROM trellis_workspaces WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(|e| self.err(e))?;
        head.map(|h| h as u64).ok_or(RemoteError::NoWorkspace(id))
    }

    /// Up to one page of rows after `after`, in log order.
    pub async fn fetch(&self, id: Uuid, after: u64) -> Result<Vec<Logged>, RemoteError> {
        let mut conn = self.pool.acquire().await.map_err(|e| self.err(e))?;
        let page = fetch_page(&mut conn, id, after).await.map_err(|e| self.err(e))?;
        Ok(page.into_iter().map(|(row, _)| row).collect())
    }

    /// RPT-6: each row's digest (`chain::log_digest`) from after `after` up to `upto`, in
    /// log order — what a desktop folds into its chain of the shared log.
    pub async fn digests(&self, id: Uuid, after: u64, upto: u64) -> Result<Vec<Link>, RemoteError> {
        let mut conn = self.pool.acquire().await.map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        let mut from = after;
        while from < upto {
            let page = fetch_page(&mut conn, id, from).await.map_err(|e| self.err(e))?;
            let Some((last, _)) = page.last() else { break };
            from = last.seq;
            out.extend(page.into_iter().filter(|(r, _)| r.seq <= upto).map(|(_, d)| d));
        }
        Ok(out)
    }

    /// Starts a push: a transaction holding the workspace's row lock until it ends.
    pub async fn push(&self, id: Uuid) -> Result<Push, RemoteError> {
        let mut tx = self.pool.begin().await.map_err(|e| self.err(e))?;
        let head: i64 =
            sqlx::query_scalar("SELECT trellis_lock($1)").bind(id).fetch_one(&mut *tx).await.map_err(|e| match self
                .err(e)
            {
                RemoteError::NoWorkspace(_) => RemoteError::NoWorkspace(id),
                other => other,
            })?;
        let login: String =
            sqlx::query_scalar("SELECT session_user::text").fetch_one(&mut *tx).await.map_err(|e| self.err(e))?;
        Ok(Push { tx, id, head: head as u64, address: self.address.clone(), login, digests: Vec::new() })
    }

    /// A listener for "something new" pokes. Only a poke: a listener that was
    /// disconnected misses notifications for good, so callers poll as well.
    pub async fn poke(&self, workspace: Uuid) -> Result<Poke, RemoteError> {
        let mut l = PgListener::connect_with(&self.pool).await.map_err(|e| self.err(e))?;
        l.listen("trellis_log").await.map_err(|e| self.err(e))?;
        Ok(Poke { listener: l, workspace: workspace.to_string() })
    }
}

/// Waits for another desktop's append to the workspace (LISTEN/NOTIFY).
pub struct Poke {
    listener: PgListener,
    workspace: String,
}

impl Poke {
    /// True when something may be new: a notification for this workspace, or a dropped
    /// connection (whatever was sent meanwhile is lost, so pull). False on time-out.
    pub async fn wait(&mut self, timeout: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            match tokio::time::timeout_at(deadline, self.listener.try_recv()).await {
                Err(_) => return false,
                Ok(Ok(Some(n))) if n.payload() != self.workspace => continue,
                Ok(_) => return true,
            }
        }
    }
}

/// A push in progress: the workspace row is locked, so the log cannot move until commit.
pub struct Push {
    tx: Transaction<'static, Postgres>,
    id: Uuid,
    pub head: u64,
    address: String,
    /// The database login this transaction appends under (what the log records).
    login: String,
    /// Digests of the rows fetched and appended in this push, in log order (RPT-6).
    digests: Vec<Link>,
}

impl Push {
    fn err(&self, e: sqlx::Error) -> RemoteError {
        RemoteError::from_sqlx(e, &self.address)
    }

    /// Every row after `after` (the lock holds the log still; pages until the head).
    pub async fn fetch_all(&mut self, after: u64) -> Result<Vec<Logged>, RemoteError> {
        let mut out = Vec::new();
        let mut from = after;
        while from < self.head {
            let page = fetch_page(&mut self.tx, self.id, from).await.map_err(|e| self.err(e))?;
            let Some((last, _)) = page.last() else { break };
            from = last.seq;
            for (row, digest) in page {
                out.push(row);
                self.digests.push(digest);
            }
        }
        Ok(out)
    }

    /// Appends `envelopes` at the head, all or nothing; returns the new head.
    pub async fn append(&mut self, envelopes: &[Envelope]) -> Result<u64, RemoteError> {
        let (ids, texts) = encode(envelopes)?;
        let head: i64 = sqlx::query_scalar("SELECT trellis_append($1, $2, $3, $4)")
            .bind(self.id)
            .bind(self.head as i64)
            .bind(&ids)
            .bind(&texts)
            .fetch_one(&mut *self.tx)
            .await
            .map_err(|e| self.err(e))?;
        for (i, text) in texts.iter().enumerate() {
            self.digests.push(chain::log_digest(self.head + 1 + i as u64, &self.login, text));
        }
        self.head = head as u64;
        Ok(self.head)
    }

    /// The digests of every row fetched and appended so far, in log order.
    pub fn digests(&self) -> &[Link] {
        &self.digests
    }

    /// Shared password hashes after `after`, in order.
    pub async fn credentials(&mut self, after: u64) -> Result<Vec<crate::SharedCredential>, RemoteError> {
        crate::credentials::fetch(&mut self.tx, self.id, after).await.map_err(|e| self.err(e))
    }

    /// Writes password hashes (recorded under this login); returns the newest position.
    pub async fn put_credentials(&mut self, list: &[crate::SharedCredential]) -> Result<u64, RemoteError> {
        crate::credentials::put(&mut self.tx, self.id, list).await.map_err(|e| self.err(e))
    }

    pub async fn commit(self) -> Result<(), RemoteError> {
        let address = self.address.clone();
        self.tx.commit().await.map_err(|e| RemoteError::from_sqlx(e, &address))
    }
}

/// A page of rows after `after`, each with its digest over the text as the log holds it.
async fn fetch_page(conn: &mut sqlx::PgConnection, id: Uuid, after: u64) -> Result<Vec<(Logged, Link)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT seq, op_id, login::text AS login, envelope FROM trellis_log WHERE workspace_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
    )
    .bind(id)
    .bind(after as i64)
    .bind(PAGE)
    .fetch_all(conn)
    .await?;
    Ok(rows.iter().map(decode).collect())
}

fn decode(r: &sqlx::postgres::PgRow) -> (Logged, Link) {
    let seq = r.get::<i64, _>("seq") as u64;
    let op_id = OpId(r.get("op_id"));
    let text: &str = r.get("envelope");
    let login: String = r.get("login");
    let digest = chain::log_digest(seq, &login, text);
    let envelope = match serde_json::from_str::<Envelope>(text) {
        Ok(e) if e.id == op_id => e,
        // An unreadable row, or one whose id is not the row's: a change nobody may make,
        // so every desktop skips it alike.
        _ => {
            tracing::warn!("shared log row {seq} is unreadable; it will be skipped");
            Envelope::unreadable(op_id)
        }
    };
    (Logged { seq, login, envelope }, digest)
}

fn encode(envelopes: &[Envelope]) -> Result<(Vec<Uuid>, Vec<String>), RemoteError> {
    let mut ids = Vec::with_capacity(envelopes.len());
    let mut texts = Vec::with_capacity(envelopes.len());
    for e in envelopes {
        ids.push(e.id.0);
        texts.push(serde_json::to_string(e).map_err(|e| RemoteError::Db(e.to_string()))?);
    }
    Ok((ids, texts))
}
