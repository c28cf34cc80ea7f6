//! Requests and answers of the sync commands (SYNC-1..4), shared by the window and the CLI.

use crate::ids::OpId;
use crate::sensitive::Sensitive;
use crate::sync::ParkReason;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How the connection to the shared database is secured.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "snake_case")]
pub enum RemoteTls {
    Disable,
    #[default]
    Require,
    /// The server's certificate is checked against a CA file and the host name.
    VerifyFull,
}

/// Settings › Remote database. The password goes to the OS keyring (SYNC-4), never to a
/// file, a log or the journal.
#[derive(Debug, Deserialize, TS)]
pub struct RemoteSettingsRequest {
    pub host: String,
    pub port: u16,
    pub database: String,
    pub user: String,
    #[ts(type = "string")]
    pub password: Sensitive<String>,
    pub tls: RemoteTls,
    #[serde(default)]
    #[ts(optional)]
    pub ca_file: Option<String>,
}

/// "Connect to your team's workspace" from a fresh install.
#[derive(Debug, Deserialize, TS)]
pub struct RemoteJoinRequest {
    pub remote: RemoteSettingsRequest,
    /// The workspace's name or id, when the database holds more than one.
    #[serde(default)]
    #[ts(optional)]
    pub workspace: Option<String>,
}

/// What the sync indicator shows.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, TS)]
pub struct SyncStatus {
    /// Where the shared database is (user@host:port/database, no password).
    #[ts(optional)]
    pub remote: Option<String>,
    /// Saved connection settings, to fill the form (no password).
    #[ts(optional)]
    pub host: Option<String>,
    #[ts(optional)]
    pub port: Option<u16>,
    #[ts(optional)]
    pub database: Option<String>,
    #[ts(optional)]
    pub user: Option<String>,
    #[ts(optional)]
    pub tls: Option<RemoteTls>,
    #[ts(optional)]
    pub ca_file: Option<String>,
    /// The shared workspace this file follows, once published or joined.
    #[ts(optional, type = "string")]
    pub workspace: Option<uuid::Uuid>,
    #[ts(type = "number")]
    pub head: u64,
    pub to_send: u32,
    /// Others' changes taken in since the app started (the window refreshes on a change).
    #[ts(type = "number")]
    pub received: u64,
    /// The same per area of the journal (`member`, `partner`, `role`, …): the window
    /// re-reads only what those changes can alter.
    #[ts(type = "Record<string, number>")]
    pub moved: std::collections::BTreeMap<String, u64>,
    pub conflicts: u32,
    pub refused: u32,
    #[ts(type = "number | null")]
    pub last_sync_at: Option<i64>,
    #[ts(type = "number | null")]
    pub offline_since: Option<i64>,
    #[ts(optional)]
    pub last_error: Option<String>,
}

/// What one sync did.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, TS)]
pub struct SyncReport {
    pub received: u32,
    pub skipped: u32,
    pub sent: u32,
    pub parked: u32,
    #[ts(type = "number")]
    pub head: u64,
}

/// An own change waiting to be sent.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, TS)]
pub struct QueuedChange {
    pub id: OpId,
    pub action: String,
    /// What it changes, in words.
    pub summary: String,
    #[ts(type = "number")]
    pub at: i64,
}

/// An own change set aside: a conflict (SYNC-2) or a refusal (SYNC-3).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, TS)]
pub struct ParkedChange {
    pub id: OpId,
    pub action: String,
    pub summary: String,
    #[ts(type = "number")]
    pub at: i64,
    pub reason: ParkReason,
}

/// The Sync screen: what waits to be sent, and what waits for a decision.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, TS)]
pub struct SyncQueue {
    pub pending: Vec<QueuedChange>,
    pub parked: Vec<ParkedChange>,
}

/// SYNC-2's choice.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, TS)]
#[serde(rename_all = "snake_case")]
pub enum Keep {
    /// Drop mine; theirs stays.
    Theirs,
    /// Apply mine on top, re-checked as a new change.
    Mine,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct SyncResolveRequest {
    pub id: String,
    pub keep: Keep,
}

/// Links a member to the shared database login their changes travel under.
#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct MemberLoginRequest {
    pub member_id: String,
    #[ts(optional)]
    pub login: Option<String>,
}

/// A join in progress: what it is doing, and changes downloaded so far of the total.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct JoinProgress {
    pub phase: JoinPhase,
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub total: u64,
}

/// The phases of a join, in order (issue 17: the bar covers every one, not the download only).
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize, PartialEq, Eq, TS)]
#[serde(rename_all = "snake_case")]
pub enum JoinPhase {
    #[default]
    Connecting,
    Downloading,
    /// Every change re-checked against the rules, in order.
    Replaying,
    /// Written to this computer's database, in one transaction.
    Saving,
    /// Sign-in details (password hashes) and a first sync.
    Credentials,
    Done,
}

/// `sync_connect`'s answer: what the database holds, and the status.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, TS)]
pub struct SyncConnected {
    pub message: String,
    pub status: SyncStatus,
}

/// REL-2: a damaged file's own unsent changes, kept across a rejoin.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, TS)]
pub struct RescueReport {
    /// Where the rescued changes were written before anything else happened.
    pub export: String,
    /// Changes read back from the damaged file (or from an earlier export).
    pub found: u32,
    /// Rows that were there but could not be read.
    pub unreadable: u32,
    /// Why reading the damaged file stopped early, if it did.
    #[ts(optional)]
    pub problem: Option<String>,
    /// Changes already in the shared log (they had left before the damage).
    pub already_shared: u32,
    /// Changes applied again here, waiting to be sent.
    pub reapplied: u32,
    /// Changes the workspace refuses now, with why (nothing of them was applied).
    pub refused: Vec<String>,
    /// The join's own figures.
    pub joined: SyncReport,
}
