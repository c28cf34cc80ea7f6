//! RPT-1: the Partner Activity Summary and Detail, asked and answered.

use crate::ids::{Millis, PartnerAccountId, RecordId};
use crate::records::ActivityType;
use crate::reports::period::Bucket;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What to count: dates are whole local days in `tz` (an IANA zone such as
/// "Europe/Paris"; the machine's zone when absent).
#[derive(Clone, Debug, Default, Serialize, Deserialize, TS)]
pub struct ActivityFilterRequest {
    pub from: String,
    pub to: String,
    #[ts(optional)]
    #[serde(default)]
    pub tz: Option<String>,
    /// Partner account ids; empty: every partner (and internal activity).
    #[serde(default)]
    pub partners: Vec<String>,
    /// The channel manager (a member id) who owns the partner accounts.
    #[ts(optional)]
    #[serde(default)]
    pub owner: Option<String>,
    /// Empty: every type.
    #[serde(default)]
    pub types: Vec<ActivityType>,
    #[ts(optional)]
    #[serde(default)]
    pub customer: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct ActivitySummaryRequest {
    #[serde(flatten)]
    pub filter: ActivityFilterRequest,
    /// The finest bucket wanted; coarsened when the chart would pass ~2,000 points.
    pub bucket: Bucket,
    /// A partner account whose users to list (expanded), if any.
    #[ts(optional)]
    #[serde(default)]
    pub expand: Option<String>,
}

/// Activities by type: call, email, meeting, task.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, TS)]
pub struct TypeCounts {
    pub call: u32,
    pub email: u32,
    pub meeting: u32,
    pub task: u32,
}

impl TypeCounts {
    pub fn add(&mut self, t: ActivityType) {
        match t {
            ActivityType::Call => self.call += 1,
            ActivityType::Email => self.email += 1,
            ActivityType::Meeting => self.meeting += 1,
            ActivityType::Task => self.task += 1,
        }
    }

    pub fn total(&self) -> u32 {
        self.call + self.email + self.meeting + self.task
    }
}

/// One partner account (or, without `account_id`, internal activity by members), or one
/// person when expanded.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
pub struct ActivityGroupRow {
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_id: Option<PartnerAccountId>,
    pub name: String,
    /// The channel manager who owns the account ("" for people and internal activity).
    pub owner: String,
    pub total: u32,
    pub by_type: TypeCounts,
    /// Distinct customers the activities concern.
    pub customers: u32,
    #[ts(type = "number")]
    pub first: Millis,
    #[ts(type = "number")]
    pub last: Millis,
}

/// One line of the chart: counts per bucket.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
pub struct ActivitySeries {
    pub name: String,
    pub counts: Vec<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, TS)]
pub struct ActivitySummary {
    /// The bucket used (coarser than asked when the range is long).
    pub bucket: Bucket,
    /// The first day of each bucket, e.g. "2026-03-30".
    pub buckets: Vec<String>,
    pub total: u32,
    pub by_type: TypeCounts,
    pub customers: u32,
    /// Busiest partners first.
    pub rows: Vec<ActivityGroupRow>,
    /// The busiest partners over time, then everyone else together.
    pub series: Vec<ActivitySeries>,
    /// The expanded account's people, busiest first.
    pub people: Vec<ActivityGroupRow>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ActivitySort {
    #[default]
    At,
    Subject,
    Type,
    Partner,
    Customer,
    By,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct ActivityDetailRequest {
    #[serde(flatten)]
    pub filter: ActivityFilterRequest,
    #[serde(default)]
    pub search: String,
    #[serde(default)]
    pub sort: ActivitySort,
    #[serde(default)]
    pub descending: bool,
    #[serde(default)]
    pub page: u32,
    #[ts(optional)]
    #[serde(default)]
    pub page_size: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, TS)]
pub struct ActivityRow {
    pub id: RecordId,
    #[ts(type = "number")]
    pub at: Millis,
    /// Local date and time in the report's zone, e.g. "2026-03-31 14:05".
    pub when: String,
    #[serde(rename = "type")]
    pub kind: ActivityType,
    pub subject: String,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<RecordId>,
    /// The customer's name, or a note when the viewer may not see that customer.
    pub customer: String,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_id: Option<PartnerAccountId>,
    pub partner: String,
    /// Who did it.
    pub by: String,
    pub version: u32,
    /// Whether the viewer may edit it.
    pub write: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, TS)]
pub struct ActivityDetailPage {
    pub rows: Vec<ActivityRow>,
    pub total: u32,
    pub page: u32,
    pub page_size: u32,
}

/// Log (no `id`) or edit (with the `version` it was opened at) an activity.
#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct ActivitySaveRequest {
    #[ts(optional)]
    #[serde(default)]
    pub id: Option<String>,
    #[ts(optional)]
    #[serde(default)]
    pub version: Option<u32>,
    #[serde(rename = "type")]
    pub kind: ActivityType,
    pub subject: String,
    #[ts(type = "number")]
    pub at: Millis,
    #[ts(optional)]
    #[serde(default)]
    pub customer_id: Option<String>,
}

/// CSV export of the summary (one line per partner) or the detail (one per activity),
/// with the same filter; Rust chooses where the file goes.
#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct ActivityExportRequest {
    #[serde(flatten)]
    pub filter: ActivityFilterRequest,
    pub summary: bool,
    #[serde(default)]
    pub search: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, TS)]
pub struct ActivitySaved {
    pub id: RecordId,
    pub version: u32,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, TS)]
pub struct CustomerQuery {
    #[serde(default)]
    pub search: String,
}

/// A customer an activity may concern (for pickers and filters).
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
pub struct CustomerChoice {
    pub id: RecordId,
    pub name: String,
}
