//! Issue 17: backups of the workspace's file, as the window and the CLI show them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A backup just made: where, how big, when.
#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct BackupMade {
    pub path: String,
    #[ts(type = "number")]
    pub bytes: u64,
    #[ts(type = "number")]
    pub at: i64,
}

/// Settings › Backup: this desktop's file, and its last backup (from the journal).
#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct BackupInfo {
    /// The workspace's database on this desktop.
    pub database: String,
    #[ts(type = "number | null")]
    pub last_at: Option<i64>,
    #[ts(optional)]
    pub last_path: Option<String>,
}
