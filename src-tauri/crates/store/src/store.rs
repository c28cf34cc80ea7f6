use crate::codec::from_text;
use crate::credentials::{self, CredentialRow, CredentialWrite};
use crate::journal::{self, Change, JournalEntry};
use crate::persist;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Row, SqlitePool};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;
use trellis_core::password::PasswordPolicy;
use trellis_core::{
    state::Parts, Actor, ContactId, Event, HierarchyRole, HierarchyRoleId, MemberId, Millis, Op, PartnerAccount,
    PartnerAccountId, PartnerFeatures, PermissionSet, Role, RoleId, State, Workspace,
};
use uuid::Uuid;

/// Filters for the audit log (SEC-2): substrings, case-insensitive; inclusive time bounds.
#[derive(Clone, Debug)]
pub struct JournalFilter {
    pub actor: String,
    pub action: String,
    pub target: String,
    pub from: Millis,
    pub to: Millis,
    pub offset: u32,
    pub limit: u32,
}

/// A journal row for a security event: no op, redacted changes.
pub struct SecurityEvent<'a> {
    pub actor: &'a Actor,
    pub actor_label: &'a str,
    pub at: Millis,
    pub action: &'a str,
    pub target: &'a str,
    pub changes: Vec<Change>,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    /// A file operation refused for a reason the person can act on (it names the file).
    #[error("{0}")]
    Refused(String),
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
}

/// The working copy. Cheap to clone (a pool handle).
#[derive(Clone)]
pub struct Store {
    pool: SqlitePool,
    path: PathBuf,
    /// One drain of the member backlog at a time (see `backlog`).
    pub(crate) draining: std::sync::Arc<tokio::sync::Mutex<()>>,
    /// Background drains held back (`hold_drains`).
    pub(crate) drains_held: std::sync::Arc<std::sync::atomic::AtomicBool>,
    /// RPT-5: a time-travel checkpoint every so many journal entries (`history`).
    pub(crate) checkpoint_every: std::sync::Arc<std::sync::atomic::AtomicI64>,
    /// RPT-5: the checkpoint last read or written, kept typed (`history`).
    pub(crate) checkpoint_kept: std::sync::Arc<std::sync::Mutex<Option<crate::history::Kept>>>,
}

fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what}: {e}"))
}

fn uuid(text: &str) -> Result<Uuid, StoreError> {
    Uuid::parse_str(text).map_err(|e| corrupt("id", e))
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub async fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: a committed change survives power loss too ("nothing is lost").
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new().max_connections(4).connect_with(options).await?;
        crate::migrations::migrator().run(&pool).await?;
        let store = Store {
            pool,
            path: path.to_owned(),
            draining: Default::default(),
            drains_held: Default::default(),
            checkpoint_every: std::sync::Arc::new(crate::history::CHECKPOINT_EVERY.into()),
            checkpoint_kept: Default::default(),
        };
        crate::chain::fill_in(&store).await?;
        Ok(store)
    }

    /// A write transaction holding SQLite's write lock from its first statement (BEGIN
    /// IMMEDIATE). A deferred one that reads first and writes later fails at once
    /// (SQLITE_BUSY_SNAPSHOT) if another connection — the backlog's drain, a sync —
    /// committed in between; this one waits its turn instead.
    pub(crate) async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, sqlx::Error> {
        self.pool.begin_with("BEGIN IMMEDIATE").await
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Rebuilds the in-memory state from the entity tables.
    pub async fn load(&self) -> Result<State, StoreError> {
        let workspace = sqlx::query(
            "SELECT name, created_at, password_min_length, password_max_length, partner_access, advanced_partner_access,
               partner_licences, four_eyes, preview_max_minutes, portal_login, portal_idle_minutes, portal_url, mail FROM workspace WHERE id = 1",
        )
        .fetch_optional(&self.pool)
        .await?
        .map(|r| -> Result<Workspace, StoreError> { Ok(Workspace {
            name: r.get("name"),
            created_at: r.get("created_at"),
            password_policy: PasswordPolicy {
                min_length: r.get::<i64, _>("password_min_length") as u32,
                max_length: r.get::<i64, _>("password_max_length") as u32,
            },
            partner_features: PartnerFeatures {
                partner_access: r.get("partner_access"),
                advanced_partner_access: r.get("advanced_partner_access"),
                licences: r.get::<i64, _>("partner_licences") as u32,
            },
            four_eyes: r.get("four_eyes"),
            preview_max_minutes: r.get::<i64, _>("preview_max_minutes") as u32,
            portal_login: r.get("portal_login"),
            portal_idle_minutes: r.get::<i64, _>("portal_idle_minutes") as u32,
            portal_url: r.get("portal_url"),
            mail: r
                .get::<Option<String>, _>("mail")
                .map(|m| serde_json::from_str(&m).map_err(|e| corrupt("workspace mail settings", e)))
                .transpose()?,
        })})
        .transpose()?;
        let mut roles = Vec::new();
        for r in sqlx::query(
            "SELECT id, name, description, audience, grp, builtin, permissions, version, restriction, segments FROM roles",
        )
        .fetch_all(&self.pool)
        .await?
        {
            let builtin: Option<String> = r.get("builtin");
            let permissions: PermissionSet =
                serde_json::from_str(r.get::<&str, _>("permissions")).map_err(|e| corrupt("role permissions", e))?;
            roles.push(Role {
                id: RoleId(uuid(r.get("id"))?),
                name: r.get("name"),
                description: r.get("description"),
                audience: from_text(r.get("audience")).map_err(|e| corrupt("role audience", e))?,
                group: from_text(r.get("grp")).map_err(|e| corrupt("role group", e))?,
                builtin: builtin.map(|b| from_text(&b)).transpose().map_err(|e| corrupt("builtin", e))?,
                permissions,
                restriction: from_text(r.get("restriction")).map_err(|e| corrupt("role restriction", e))?,
                segments: serde_json::from_str(r.get("segments")).map_err(|e| corrupt("role segments", e))?,
                version: r.get::<i64, _>("version") as u32,
            });
        }
        let members = {
            // One read transaction: the table and its backlog as of the same commit.
            let mut tx = self.pool.begin().await?;
            let mut members = {
                let mut handle = tx.lock_handle().await?;
                crate::members::load(&crate::raw::Raw::new(&mut handle)).map_err(|e| corrupt("members", e))?
            };
            if crate::backlog::overlay(&mut tx, &mut members).await? > 0 {
                self.drain_soon();
            }
            tx.rollback().await?;
            members
        };
        let mut accounts = Vec::new();
        for r in sqlx::query(
            "SELECT id, name, kind, owner_id, parent_id, enabled, licence_share, version FROM partner_accounts",
        )
        .fetch_all(&self.pool)
        .await?
        {
            let parent: Option<&str> = r.get("parent_id");
            accounts.push(PartnerAccount {
                id: PartnerAccountId(uuid(r.get("id"))?),
                name: r.get("name"),
                kind: from_text(r.get("kind")).map_err(|e| corrupt("account kind", e))?,
                owner: MemberId(uuid(r.get("owner_id"))?),
                parent: parent.map(uuid).transpose()?.map(PartnerAccountId),
                enabled: r.get("enabled"),
                licence_share: r.get::<Option<i64>, _>("licence_share").map(|n| n as u32),
                version: r.get::<i64, _>("version") as u32,
            });
        }
        let mut hierarchy = Vec::new();
        for r in sqlx::query("SELECT id, name, parent_id, account_id, version FROM hierarchy_roles")
            .fetch_all(&self.pool)
            .await?
        {
            let parent: Option<&str> = r.get("parent_id");
            let account: Option<&str> = r.get("account_id");
            hierarchy.push(HierarchyRole {
                id: HierarchyRoleId(uuid(r.get("id"))?),
                name: r.get("name"),
                parent: parent.map(uuid).transpose()?.map(HierarchyRoleId),
                account: account.map(uuid).transpose()?.map(PartnerAccountId),
                version: r.get::<i64, _>("version") as u32,
            });
        }
        // The big tables, a row at a time (see `records::load_records`), in one read.
        let (contacts, records) = {
            let mut conn = self.pool.acquire().await?;
            let mut handle = conn.lock_handle().await?;
            let raw = crate::raw::Raw::new(&mut handle);
            let contacts = crate::contacts::load(&raw).map_err(|e| corrupt("contacts", e))?;
            let records = crate::records::load_records(&raw).map_err(|e| corrupt("records", e))?;
            (contacts, records)
        };
        let (items, sharing_rules) = crate::records::load_rest(&self.pool).await?;
        let dashboards = crate::dashboards::load(&self.pool).await?;
        let (reviews, review_items) = crate::reviews::load(&self.pool).await?;
        Ok(State::from_all(Parts {
            workspace,
            roles,
            members,
            accounts,
            hierarchy,
            contacts,
            records,
            items,
            sharing_rules,
            dashboards,
            reviews,
            review_items,
        }))
    }

    /// Persists an applied op: its events and its journal entry, in one transaction.
    pub async fn commit(
        &self,
        actor: &Actor,
        actor_label: &str,
        at: Millis,
        op: &Op,
        events: &[Event],
    ) -> Result<i64, StoreError> {
        self.commit_with(actor, actor_label, at, op, events, &[], Vec::new(), None).await
    }

    /// As `commit`, with credential writes (and their redacted journal changes) in the
    /// same transaction: a workspace is never created without its Owner's password.
    #[allow(clippy::too_many_arguments)]
    pub async fn commit_with(
        &self,
        actor: &Actor,
        actor_label: &str,
        at: Millis,
        op: &Op,
        events: &[Event],
        credentials: &[CredentialWrite],
        extra_changes: Vec<Change>,
        pending: Option<&trellis_core::sync::Pending>,
    ) -> Result<i64, StoreError> {
        let mut tx = self.begin_write().await?;
        let entry = Commit { actor, actor_label, at, op, events, credentials, extra_changes, pending };
        let (seq, backlogged) = write_commit(&mut tx, entry).await?;
        tx.commit().await?;
        if backlogged {
            self.drain_soon();
        }
        Ok(seq)
    }

    /// A security event (sign-in, failure, lock, password change) with its credential
    /// writes, in one transaction. Its journal row has no op: replay skips it.
    pub async fn record(&self, entry: SecurityEvent<'_>, credentials: &[CredentialWrite]) -> Result<i64, StoreError> {
        let mut tx = self.begin_write().await?;
        credentials::write(&mut tx, credentials).await?;
        let seq = write_event(&mut tx, entry).await?;
        tx.commit().await?;
        Ok(seq)
    }

    pub async fn credential(&self, member: MemberId) -> Result<Option<CredentialRow>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        Ok(credentials::read(&mut conn, member).await?)
    }

    /// SEC-4: the member an invitation code's digest is for, and its expiry.
    pub async fn invitation(&self, digest: &str) -> Result<Option<(MemberId, Millis)>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        Ok(credentials::invitation(&mut conn, digest).await?)
    }

    /// Issue 19: the member whose emailed reset link has this digest, and its expiry.
    pub async fn member_reset(&self, digest: &str) -> Result<Option<(MemberId, Millis)>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        Ok(credentials::member_reset(&mut conn, digest).await?)
    }

    /// Whether a partner user has a password (`Some`), and PU-4's flag.
    pub async fn partner_credential(&self, contact: ContactId) -> Result<Option<bool>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        Ok(credentials::partner_state(&mut conn, contact).await?)
    }

    /// Benchmarks only: writes entities as `events` describe them, with no journal entry
    /// (a generated workspace of a million records is not a history). Foreign keys are
    /// checked at the end, as the entities refer to each other in circles.
    #[doc(hidden)]
    pub async fn seed(&self, events: &[Event]) -> Result<(), StoreError> {
        for chunk in events.chunks(50_000) {
            let mut tx = self.begin_write().await?;
            sqlx::query("PRAGMA defer_foreign_keys = ON").execute(&mut *tx).await?;
            crate::persist::write(&mut tx, chunk).await?;
            tx.commit().await?;
        }
        self.settle().await.map(drop)
    }

    /// A partner user's password hash and PU-4's flag. Never serialized or logged.
    pub async fn partner_hash(&self, contact: ContactId) -> Result<Option<(String, bool)>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        Ok(credentials::partner_hash(&mut conn, contact).await?)
    }

    /// The member behind a live remembered session, by the token's digest.
    pub async fn session_member(&self, digest: &str, now: Millis) -> Result<Option<MemberId>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        let id = credentials::session_member(&mut conn, digest, now).await?;
        id.map(|t| uuid(&t).map(MemberId)).transpose()
    }

    /// Journal entries, newest first.
    pub async fn journal(&self, offset: u32, limit: u32) -> Result<Vec<JournalEntry>, StoreError> {
        let rows = sqlx::query(
            "SELECT seq, at, actor, actor_label, action, target, op, changes FROM journal ORDER BY seq DESC LIMIT ? OFFSET ?",
        )
        .bind(limit as i64)
        .bind(offset as i64)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(entry).collect()
    }

    /// Journal entries matching the filters, newest first, with the total count.
    pub async fn journal_search(&self, f: &JournalFilter) -> Result<(u32, Vec<JournalEntry>), StoreError> {
        const WHERE: &str = "WHERE instr(lower(actor_label), lower(?1)) > 0 AND instr(lower(action), lower(?2)) > 0
            AND instr(lower(target), lower(?3)) > 0 AND at >= ?4 AND at <= ?5";
        let count_sql = format!("SELECT count(*) AS n FROM journal {WHERE}");
        let total: i64 = sqlx::query(&count_sql)
            .bind(&f.actor)
            .bind(&f.action)
            .bind(&f.target)
            .bind(f.from)
            .bind(f.to)
            .fetch_one(&self.pool)
            .await?
            .get("n");
        let page_sql = format!(
            "SELECT seq, at, actor, actor_label, action, target, op, changes FROM journal {WHERE} ORDER BY seq DESC LIMIT ?6 OFFSET ?7"
        );
        let rows = sqlx::query(&page_sql)
            .bind(&f.actor)
            .bind(&f.action)
            .bind(&f.target)
            .bind(f.from)
            .bind(f.to)
            .bind(f.limit as i64)
            .bind(f.offset as i64)
            .fetch_all(&self.pool)
            .await?;
        Ok((total as u32, rows.iter().map(entry).collect::<Result<_, _>>()?))
    }

    /// Every journal entry's actor and op, oldest first: what replay needs.
    pub async fn journal_ops(&self) -> Result<Vec<(Actor, Op)>, StoreError> {
        let rows =
            sqlx::query("SELECT actor, op FROM journal WHERE op <> 'null' ORDER BY seq").fetch_all(&self.pool).await?;
        rows.iter()
            .map(|r| {
                let actor = serde_json::from_str(r.get("actor")).map_err(|e| corrupt("journal actor", e))?;
                let op = serde_json::from_str(r.get("op")).map_err(|e| corrupt("journal op", e))?;
                Ok((actor, op))
            })
            .collect()
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

fn entry(r: &sqlx::sqlite::SqliteRow) -> Result<JournalEntry, StoreError> {
    let changes: Vec<Change> = serde_json::from_str(r.get("changes")).map_err(|e| corrupt("journal changes", e))?;
    Ok(JournalEntry {
        seq: r.get("seq"),
        at: r.get("at"),
        actor: serde_json::from_str(r.get("actor")).map_err(|e| corrupt("journal actor", e))?,
        actor_label: r.get("actor_label"),
        action: r.get("action"),
        target: r.get("target"),
        op: serde_json::from_str(r.get("op")).map_err(|e| corrupt("journal op", e))?,
        changes,
    })
}

/// An applied op as the store writes it.
pub(crate) struct Commit<'a> {
    pub actor: &'a Actor,
    pub actor_label: &'a str,
    pub at: Millis,
    pub op: &'a Op,
    pub events: &'a [Event],
    pub credentials: &'a [CredentialWrite],
    pub extra_changes: Vec<Change>,
    pub pending: Option<&'a trellis_core::sync::Pending>,
}

/// Writes an applied op inside `tx`: its events, credential writes, journal row and (when
/// following a shared workspace) its place in the queue for the shared log. Returns the
/// journal position, and whether members went to the backlog (`persist::write`).
pub(crate) async fn write_commit(tx: &mut sqlx::SqliteConnection, c: Commit<'_>) -> Result<(i64, bool), StoreError> {
    let recorded = journal::record(c.op, c.events, &c.extra_changes);
    let backlogged = persist::write(tx, c.events).await?;
    let queued = c.credentials.iter().any(|w| matches!(w, CredentialWrite::Mail(_)));
    let before: i64 = if queued && c.pending.is_some() {
        sqlx::query_scalar("SELECT coalesce(max(id), 0) FROM outbox").fetch_one(&mut *tx).await?
    } else {
        0
    };
    credentials::write(tx, c.credentials).await?;
    if let (true, Some(p)) = (queued, c.pending) {
        // The messages belong to the change: set aside by sync, they are held with it.
        sqlx::query("UPDATE outbox SET op_id = ? WHERE id > ?")
            .bind(p.envelope.id.to_string())
            .bind(before)
            .execute(&mut *tx)
            .await?;
    }
    let (action, target) = (c.op.action(), &recorded.target);
    let seq = crate::sync::journal_row(
        tx,
        &mut Default::default(),
        c.at,
        c.actor,
        c.actor_label,
        action,
        target,
        Some(c.op),
        &recorded.changes,
    )
    .await?;
    if let Some(p) = c.pending {
        crate::sync::append_pending(tx, p).await?;
    }
    Ok((seq, backlogged))
}

/// Writes a journal row without an op (replay skips it) inside `tx`.
pub(crate) async fn write_event(tx: &mut sqlx::SqliteConnection, entry: SecurityEvent<'_>) -> Result<i64, StoreError> {
    let actor = serde_json::to_string(entry.actor).map_err(|e| corrupt("actor", e))?;
    let changes = serde_json::to_string(&entry.changes).map_err(|e| corrupt("changes", e))?;
    let row = trellis_core::chain::JournalRow {
        seq: 0,
        at: entry.at,
        actor: &actor,
        actor_label: entry.actor_label,
        action: entry.action,
        target: entry.target,
        op: "null",
        changes: &changes,
    };
    crate::chain::append(tx, &mut Default::default(), row).await
}
