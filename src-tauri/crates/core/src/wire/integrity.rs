//! RPT-6: the journal's and the shared log's chains, as an anchor to keep and a check.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A chain's head: the entry's position and its link (64 hex digits).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ChainHead {
    #[ts(type = "number")]
    pub position: i64,
    pub link: String,
    /// When the entry was written (the journal's) — absent for the shared log.
    #[ts(type = "number | null")]
    #[serde(default)]
    pub at: Option<i64>,
}

/// What `trellis audit anchor` prints and the window saves: the heads to keep somewhere
/// this desktop cannot rewrite (a mail to yourself, a ticket, paper).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct AuditAnchor {
    pub workspace: String,
    #[ts(type = "number")]
    pub taken_at: i64,
    #[ts(optional)]
    #[serde(default)]
    pub journal: Option<ChainHead>,
    /// The shared log's head as this desktop chained it (a shared workspace only).
    #[ts(optional)]
    #[serde(default)]
    pub shared_log: Option<ChainHead>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct AuditVerifyRequest {
    /// A saved anchor: its heads must still be there, with the same links.
    #[ts(optional)]
    #[serde(default)]
    pub anchor: Option<AuditAnchor>,
    /// Also read the shared log again and recompute its chain (a shared workspace only).
    #[serde(default)]
    pub shared: bool,
}

/// One chain's check: intact, or the first place it does not hold, in words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChainCheck {
    #[ts(type = "number")]
    pub entries: u64,
    #[ts(optional)]
    pub head: Option<ChainHead>,
    pub intact: bool,
    /// The first entry that does not match (its position), when there is one.
    #[ts(type = "number | null")]
    pub broken_at: Option<i64>,
    /// What was found, naming the entry ("Entry 41 (role.save, “Deal Desk”, …) does not
    /// match its link: it or an entry before it was changed").
    #[ts(optional)]
    pub problem: Option<String>,
    /// Whether an anchor was checked against this chain.
    pub anchored: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct AuditVerification {
    pub journal: ChainCheck,
    #[ts(optional)]
    pub shared_log: Option<ChainCheck>,
}
