//! Backups of the working copy, and restoring one (issue 17). A backup is SQLite's own
//! consistent copy of a live database (`VACUUM INTO`: one read transaction, so the app
//! may keep writing meanwhile, and the copy is compact and checkpointed — no WAL to
//! carry along), never a copy of the file, which could catch a half-written page.
//! Restoring checks the backup whole (`PRAGMA integrity_check`), refuses one written by
//! a newer Trellis, and never overwrites a database that holds another workspace.

use crate::store::{Store, StoreError};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, Row};
use std::path::Path;
use trellis_core::Millis;

/// What a restore found in the backup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Restored {
    pub workspace: String,
    pub schema: i64,
    /// Where TARGET's previous file went, when it held the same workspace.
    pub previous: Option<std::path::PathBuf>,
}

fn refused(message: String) -> StoreError {
    StoreError::Refused(message)
}

impl Store {
    /// Writes a consistent copy of this database to `to` (which must not exist yet) and
    /// records it. Returns the copy's size in bytes.
    pub async fn backup_to(&self, to: &Path, at: Millis) -> Result<u64, StoreError> {
        if to.exists() {
            return Err(refused(format!("{} already exists: choose a new file for the backup", to.display())));
        }
        let target = to.to_str().ok_or_else(|| refused(format!("{} is not a UTF-8 path", to.display())))?;
        sqlx::query("VACUUM INTO ?").bind(target).execute(self.pool()).await?;
        let bytes = std::fs::metadata(to).map(|m| m.len()).unwrap_or(0);
        sqlx::query("INSERT INTO backups (at, path, bytes) VALUES (?, ?, ?)")
            .bind(at)
            .bind(target)
            .bind(bytes as i64)
            .execute(self.pool())
            .await?;
        Ok(bytes)
    }

    /// When the last backup of this file was made, and where.
    pub async fn last_backup(&self) -> Result<Option<(Millis, String)>, StoreError> {
        let row =
            sqlx::query("SELECT at, path FROM backups ORDER BY at DESC LIMIT 1").fetch_optional(self.pool()).await?;
        Ok(row.map(|r| (r.get("at"), r.get("path"))))
    }
}

/// The workspace a database file holds (name and creation time), its schema version, and
/// whether it passed the integrity check.
async fn inspect(path: &Path) -> Result<(Option<(String, i64)>, i64), StoreError> {
    let options = SqliteConnectOptions::new().filename(path).read_only(true);
    let mut conn = options.connect().await.map_err(|e| refused(format!("{} cannot be read: {e}", path.display())))?;
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await
        .map_err(|e| refused(format!("{} is damaged: {e}", path.display())))?;
    if check != "ok" {
        return Err(refused(format!("{} is damaged: {check}", path.display())));
    }
    let schema: i64 = sqlx::query_scalar("SELECT coalesce(max(version), 0) FROM _sqlx_migrations")
        .fetch_one(&mut conn)
        .await
        .map_err(|_| refused(format!("{} is not a Trellis database", path.display())))?;
    let workspace = sqlx::query("SELECT name, created_at FROM workspace WHERE id = 1")
        .fetch_optional(&mut conn)
        .await
        .map_err(|_| refused(format!("{} is not a Trellis database", path.display())))?
        .map(|r| (r.get::<String, _>("name"), r.get::<i64, _>("created_at")));
    conn.close().await.ok();
    Ok((workspace, schema))
}

/// Makes `target` from the backup at `from`. Refuses a damaged backup, one from a newer
/// Trellis (`known_schema` is this build's newest migration), one that holds no
/// workspace, and a `target` that holds another workspace. A `target` holding the same
/// workspace is kept aside as `<target>.before-restore-<at>` first.
pub async fn restore(from: &Path, target: &Path, known_schema: i64, at: Millis) -> Result<Restored, StoreError> {
    let (workspace, schema) = inspect(from).await?;
    if schema > known_schema {
        return Err(refused(format!(
            "{} was written by a newer Trellis (schema {schema}; this one knows {known_schema}): update Trellis first",
            from.display()
        )));
    }
    let Some((name, created)) = workspace else {
        return Err(refused(format!("{} holds no workspace", from.display())));
    };
    let mut previous = None;
    if target.exists() {
        let (there, _) = inspect(target).await?;
        match there {
            Some((n, c)) if (n.as_str(), c) != (name.as_str(), created) => {
                return Err(refused(format!(
                    "{} holds another workspace (“{n}”): restore into a new file",
                    target.display()
                )));
            }
            _ => {}
        }
        let aside = target.with_file_name(format!(
            "{}.before-restore-{at}",
            target.file_name().and_then(|f| f.to_str()).unwrap_or("trellis.db")
        ));
        std::fs::rename(target, &aside)?;
        for ext in ["-wal", "-shm"] {
            let side = std::path::PathBuf::from(format!("{}{ext}", target.display()));
            if side.exists() {
                std::fs::rename(&side, format!("{}{ext}", aside.display()))?;
            }
        }
        previous = Some(aside);
    }
    if let Some(dir) = target.parent() {
        std::fs::create_dir_all(dir)?;
    }
    // Through SQLite again (not a file copy): the new file is a consistent, compact copy.
    let options = SqliteConnectOptions::new().filename(from).read_only(true);
    let mut conn = options.connect().await?;
    let to = target.to_str().ok_or_else(|| refused(format!("{} is not a UTF-8 path", target.display())))?;
    sqlx::query("VACUUM INTO ?").bind(to).execute(&mut conn).await?;
    conn.close().await.ok();
    Ok(Restored { workspace: name, schema, previous })
}
