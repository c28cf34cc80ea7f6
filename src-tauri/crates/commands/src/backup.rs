//! Backups and restore (issue 17): a manager keeps a copy of the workspace's file and
//! gets it back. The store does the SQLite work; this layer checks who may, and words
//! refusals naming the field (`file`, `db`).

use crate::engine::{internal, now, Trellis};
use crate::ApiResult;
use std::path::Path;
use trellis_core::wire::{BackupInfo, BackupMade};
use trellis_core::{Action, Millis, Permission, Resource, RuleError};
use trellis_store::backup::{restore, Restored};
use trellis_store::{Change, StoreError};

fn refusal(field: &str, e: StoreError) -> RuleError {
    match e {
        StoreError::Refused(message) => RuleError::invalid(field, message),
        StoreError::Io(e) => RuleError::invalid(field, format!("the file cannot be written: {e}")),
        other => internal(other),
    }
}

impl Trellis {
    /// A consistent copy of this workspace's database at `to`, made while it is in use;
    /// journaled (a backup holds the whole workspace). Needs the permission to read
    /// Settings.
    pub async fn workspace_backup(&self, to: &Path) -> ApiResult<BackupMade> {
        self.require(Permission::Crud(Resource::Settings, Action::Read)).await?;
        let actor = self.actor().await?;
        let at = now();
        let bytes = self.store().backup_to(to, at).await.map_err(|e| refusal("file", e))?;
        let path = to.display().to_string();
        let change = Change {
            kind: "backup".into(),
            id: path.clone(),
            label: path.clone(),
            before: None,
            after: Some(serde_json::json!({ "bytes": bytes })),
        };
        self.security_event(actor, "workspace.backup", &path, vec![change], &[]).await?;
        Ok(BackupMade { path, bytes, at })
    }

    /// When the last backup of this file was made, and where (Settings).
    pub async fn workspace_last_backup(&self) -> ApiResult<Option<(Millis, String)>> {
        self.require(Permission::Crud(Resource::Settings, Action::Read)).await?;
        self.store().last_backup().await.map_err(internal)
    }

    /// Settings › Backup: this desktop's file and its last backup.
    pub async fn settings_backup_info(&self) -> ApiResult<BackupInfo> {
        let last = self.workspace_last_backup().await?;
        Ok(BackupInfo {
            database: self.store().path().display().to_string(),
            last_at: last.as_ref().map(|l| l.0),
            last_path: last.map(|l| l.1),
        })
    }

    /// Makes the database at `target` from the backup at `from` (see `store::backup`).
    /// Run with no workspace open: nobody is signed in to a file that does not exist yet.
    pub async fn workspace_restore(from: &Path, target: &Path) -> ApiResult<Restored> {
        let newest = trellis_store::migrations::newest();
        restore(from, target, newest, now()).await.map_err(|e| match e {
            StoreError::Refused(m) if m.contains("another workspace") => RuleError::conflict("db", m),
            e => refusal("file", e),
        })
    }
}
