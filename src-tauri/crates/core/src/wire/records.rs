//! Items (ITEM-1), sharing rules (SHARE-1) and the visibility explainer (HIER-2, PU-8).

use crate::ids::{HierarchyRoleId, ItemId, SharingRuleId};
use crate::records::{Grantee, RecordKind, ShareAccess};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct ItemCreateRequest {
    pub name: String,
    #[serde(default)]
    pub available_in_partner_center: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct ItemAvailabilityRequest {
    pub item_id: String,
    pub available_in_partner_center: bool,
}

#[derive(Clone, Debug, Serialize, TS)]
pub struct ItemRow {
    pub id: ItemId,
    pub name: String,
    pub available_in_partner_center: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum GranteeKind {
    Account,
    Role,
}

/// SHARE-1: create (no `rule_id`) or edit (with the `version` it was opened at).
#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct SharingRuleSaveRequest {
    #[ts(optional)]
    pub rule_id: Option<String>,
    #[ts(optional)]
    pub version: Option<u32>,
    pub name: String,
    pub kind: RecordKind,
    pub source_role_id: String,
    pub grantee_kind: GranteeKind,
    pub grantee_id: String,
    pub access: ShareAccess,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct SharingRuleRef {
    pub rule_id: String,
}

#[derive(Clone, Debug, Serialize, TS)]
pub struct SharingRuleRow {
    pub id: SharingRuleId,
    pub name: String,
    pub kind: RecordKind,
    pub source_role_id: HierarchyRoleId,
    pub source_name: String,
    pub grantee: Grantee,
    pub grantee_name: String,
    pub access: ShareAccess,
    pub version: u32,
}

/// Whose view to explain: a partner user (`contact_id`) or a member (`member_id`).
#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct VisibilityQuery {
    #[ts(optional)]
    pub contact_id: Option<String>,
    #[ts(optional)]
    pub member_id: Option<String>,
    #[ts(optional)]
    pub kind: Option<RecordKind>,
    /// RPT-5: as it was at this moment (Unix ms); now when absent.
    #[ts(optional, type = "number")]
    #[serde(default)]
    pub at: Option<i64>,
}

#[derive(Clone, Debug, Serialize, TS)]
pub struct VisibleRecordRow {
    pub name: String,
    pub kind: RecordKind,
    /// Department · location · class, where set (PU-8).
    pub segments: String,
    pub owner: String,
    /// Read/write, or read only.
    pub write: bool,
    /// Why they see it, in words.
    pub reason: String,
}

#[derive(Clone, Debug, Serialize, TS)]
pub struct KindCount {
    pub kind: RecordKind,
    pub count: u32,
}

/// What one person sees, and why: the first rows of their records, counts per kind,
/// the items they see, and their permissions in words.
#[derive(Clone, Debug, Serialize, TS)]
pub struct VisibilityReport {
    pub person: String,
    /// Whose records roll up to them, in words (HIER-2, PU-8).
    pub scope: String,
    pub total: u32,
    pub by_kind: Vec<KindCount>,
    pub rows: Vec<VisibleRecordRow>,
    pub items: Vec<String>,
    pub permissions: Vec<String>,
}
