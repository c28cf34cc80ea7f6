//! RPT-4: access reviews as the window and the CLI see them.

use crate::ids::{ReviewId, RoleId};
use crate::records::Person;
use crate::reviews::{ReviewPeople, ReviewStatus, Verdict};
use crate::wire::DraftDetail;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Start a campaign. Empty account and role lists narrow nothing.
#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ReviewStartRequest {
    pub name: String,
    pub people: ReviewPeople,
    #[serde(default)]
    pub account_ids: Vec<String>,
    #[serde(default)]
    pub role_ids: Vec<String>,
    /// Only people whose access changed since their last completed review.
    #[serde(default)]
    pub changed_only: bool,
    /// Unix ms.
    #[ts(type = "number")]
    pub due: i64,
    /// A member id; the starter when absent.
    #[ts(optional)]
    #[serde(default)]
    pub fallback_id: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ReviewRef {
    pub review_id: String,
}

/// RPT-4: who was reminded of an open campaign's undecided items, and when.
#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct ReviewReminded {
    /// The reviewers' emails, one message each (in the outbox).
    pub reviewers: Vec<String>,
    #[ts(type = "number")]
    pub at: i64,
}

/// How far a campaign got.
#[derive(Clone, Debug, Default, Serialize, Deserialize, TS)]
pub struct ReviewCounts {
    pub items: u32,
    pub undecided: u32,
    pub keep: u32,
    pub revoke: u32,
    pub change: u32,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct ReviewRow {
    pub id: ReviewId,
    pub name: String,
    pub people: ReviewPeople,
    /// The scope in words ("Partner users of Acme, holding Partner admin").
    pub scope: String,
    pub changed_only: bool,
    #[ts(type = "number")]
    pub due: i64,
    /// Open and past its due date (nothing changes by itself: RPT-4).
    pub overdue: bool,
    /// Open and due within the next few days.
    pub due_soon: bool,
    /// When its reviewers were last reminded (the list fills it in).
    #[ts(type = "number | null")]
    pub reminded_at: Option<i64>,
    pub status: ReviewStatus,
    pub started_by: String,
    #[ts(type = "number")]
    pub started_at: i64,
    pub fallback: String,
    #[ts(optional)]
    pub completed_by: Option<String>,
    #[ts(type = "number | null")]
    pub completed_at: Option<i64>,
    pub counts: ReviewCounts,
    /// Items the signed-in member reviews that are still undecided.
    pub mine_undecided: u32,
    /// Whether the signed-in member may complete it.
    pub can_complete: bool,
}

/// Which of a campaign's items to list, or to decide in bulk.
#[derive(Clone, Debug, Default, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ReviewItemFilter {
    /// Name or email contains (case-insensitive).
    #[serde(default)]
    pub search: String,
    /// Partner account ids (empty: all).
    #[serde(default)]
    pub account_ids: Vec<String>,
    /// Holding one of these roles (empty: all).
    #[serde(default)]
    pub role_ids: Vec<String>,
    /// Only the items the signed-in member reviews.
    #[serde(default)]
    pub mine: bool,
    /// "undecided", "keep", "revoke", "change" (absent: all).
    #[ts(optional)]
    #[serde(default)]
    pub decision: Option<String>,
    /// Only people whose roles changed since the campaign started.
    #[serde(default)]
    pub changed: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ReviewItemsQuery {
    pub review_id: String,
    #[serde(default)]
    pub filter: ReviewItemFilter,
    #[serde(default)]
    pub offset: u32,
    #[ts(optional)]
    #[serde(default)]
    pub limit: Option<u32>,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct ReviewRoleRef {
    pub id: RoleId,
    pub name: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct ReviewDecisionRow {
    pub verdict: Verdict,
    /// The role it changes to, by name.
    #[ts(optional)]
    pub role: Option<String>,
    pub comment: String,
    pub by: String,
    #[ts(type = "number")]
    pub at: i64,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct ReviewItemRow {
    pub person: Person,
    pub name: String,
    pub email: String,
    /// The partner account, or "Internal (members)".
    pub account: String,
    /// The roles held when the campaign started.
    pub roles: Vec<ReviewRoleRef>,
    /// Their roles differ now from when the campaign started.
    pub changed: bool,
    pub reviewer: String,
    /// The signed-in member may decide it.
    pub mine: bool,
    /// Last desktop sign-in (members) or portal sign-in (partner users) known here.
    #[ts(type = "number | null")]
    pub last_sign_in: Option<i64>,
    /// When their current access was last given or changed, and by whom (the journal).
    #[ts(type = "number | null")]
    pub given_at: Option<i64>,
    #[ts(optional)]
    pub given_by: Option<String>,
    /// The permission keys they hold now (the Why? button explains each).
    pub permissions: Vec<String>,
    #[ts(optional)]
    pub decision: Option<ReviewDecisionRow>,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct ReviewItemsPage {
    pub review: ReviewRow,
    pub total: u32,
    pub offset: u32,
    pub rows: Vec<ReviewItemRow>,
    /// Roles a decision may change to: internal ones for members, partner ones for partner users.
    pub roles: Vec<ReviewRoleChoice>,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct ReviewRoleChoice {
    pub id: RoleId,
    pub name: String,
    /// "internal" or "partner".
    pub audience: String,
}

/// Decide some people (by `people`), or every item `filter` matches that the signed-in
/// member reviews (bulk).
#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ReviewDecideRequest {
    pub review_id: String,
    #[serde(default)]
    pub people: Vec<Person>,
    #[ts(optional)]
    #[serde(default)]
    pub filter: Option<ReviewItemFilter>,
    /// "keep", "revoke" or "change".
    pub verdict: String,
    /// The role to change to (with "change").
    #[ts(optional)]
    #[serde(default)]
    pub role_id: Option<String>,
    #[serde(default)]
    pub comment: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct ReviewDecided {
    /// Items whose decision was recorded (unchanged ones are not counted).
    pub decided: u32,
    pub review: ReviewRow,
}

#[derive(Clone, Debug, Serialize, TS)]
pub struct ReviewCompleted {
    pub review: ReviewRow,
    /// The draft holding its revocations and changes; none when every decision kept access.
    #[ts(optional)]
    pub draft: Option<DraftDetail>,
    /// Items nobody decided: they stay as they are.
    pub undecided: u32,
    /// Decided changes that needed nothing (the person's access had already gone or changed).
    pub already_done: u32,
}

/// RPT-4's findings: what deserves a look before (or instead of) a campaign.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// Partner users with access and no portal sign-in for the quiet days.
    QuietPartnerUsers,
    /// Partner users whose invitation link expired, or was never used in the quiet days.
    UnusedInvitations,
    /// Enabled partner accounts where nobody has access.
    AccountsWithoutUsers,
    /// Partner accounts whose users hold more licences than the account's share (WS-3).
    AccountsOverShare,
    /// Members whose role can change things, who changed nothing in the quiet days.
    UnusedPowers,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ReviewFindingsQuery {
    /// Days without a sign-in (or a change) that make someone quiet (default 30).
    #[ts(optional)]
    #[serde(default)]
    pub quiet_days: Option<u32>,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct FindingRow {
    /// A person (partner user or member), or an account (`account_id`).
    #[ts(optional)]
    pub person: Option<Person>,
    #[ts(optional)]
    pub account_id: Option<String>,
    pub name: String,
    /// Email, or the account's owner.
    pub detail: String,
    /// Why it is here ("no sign-in since 3 Oct", "link expired 2 Nov").
    pub why: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct Finding {
    pub kind: FindingKind,
    pub title: String,
    /// What its draft would do, in words.
    pub remedy: String,
    pub rows: Vec<FindingRow>,
    /// How many there are in all (rows shows the first 200).
    pub total: u32,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct ReviewFindings {
    pub quiet_days: u32,
    pub findings: Vec<Finding>,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct FindingDraftRequest {
    pub kind: FindingKind,
    #[ts(optional)]
    #[serde(default)]
    pub quiet_days: Option<u32>,
}
