//! RPT-2: the access report's question and answer, as the window, the CLI and a CSV ask.

use crate::reports::access::{AccessGroupBy, AccessPeople};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Who holds what: filters (all optional), a grouping, a page, and a moment (RPT-5).
#[derive(Clone, Debug, Default, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct AccessReportQuery {
    #[serde(default)]
    pub people: AccessPeople,
    /// Part of a name or email.
    #[serde(default)]
    pub search: String,
    /// People holding any of these roles.
    #[serde(default)]
    pub role_ids: Vec<String>,
    /// Partner users of these accounts.
    #[serde(default)]
    pub account_ids: Vec<String>,
    /// Permission keys (`leads.read`, `special.export`, `portal.view_customers`).
    #[serde(default)]
    pub permissions: Vec<String>,
    /// Resource keys (`leads`, `members`, …, `special`, `portal`).
    #[serde(default)]
    pub resources: Vec<String>,
    #[ts(optional)]
    #[serde(default)]
    pub group_by: Option<AccessGroupBy>,
    /// Time travel (RPT-5): the answer the rules gave at this moment (ms since the epoch).
    #[ts(type = "number | null")]
    #[serde(default)]
    pub at: Option<i64>,
    #[serde(default)]
    pub offset: u32,
    #[serde(default)]
    pub limit: u32,
}

/// One person holding one permission, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AccessRow {
    /// `member` or `partner_user`.
    pub kind: String,
    pub person_id: String,
    pub name: String,
    pub email: String,
    #[ts(optional)]
    pub account: Option<String>,
    pub permission: String,
    pub permission_label: String,
    pub resource: String,
    /// The person's roles that include it (a partner user can hold it through two).
    pub via: Vec<String>,
    /// The same, as a sentence.
    pub why: String,
}

/// Rows (and people) counted under one value of the grouping.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AccessGroup {
    pub key: String,
    pub label: String,
    #[ts(type = "number")]
    pub rows: u64,
    #[ts(type = "number")]
    pub people: u64,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct AccessReport {
    #[ts(type = "number")]
    pub total_rows: u64,
    #[ts(type = "number")]
    pub people: u64,
    pub rows: Vec<AccessRow>,
    /// The largest groups first (at most 500), when a grouping was asked.
    pub groups: Vec<AccessGroup>,
    #[ts(type = "number")]
    pub group_count: u64,
    /// The moment answered for (time travel), or none for now.
    #[ts(type = "number | null")]
    pub at: Option<i64>,
}
