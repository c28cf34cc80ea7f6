//! Drafts, their effect, and "why" (DRAFT-1..5) over the wire.

use crate::effect::{PersonEffect, RecordChange};
use crate::records::Person;
use crate::sync::FieldConflict;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Clone, Debug, Deserialize, TS)]
pub struct DraftCreateRequest {
    pub name: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Clone, Debug, Deserialize, TS)]
pub struct DraftRef {
    pub draft_id: String,
}

/// Where a draft stands: `stale` when live moved a field it changed (or a change no longer
/// applies), `ready` when it may be published now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DraftState {
    Editing,
    Stale,
    Ready,
    Published,
    Discarded,
}

#[derive(Clone, Debug, Serialize, TS)]
pub struct DraftRow {
    pub id: String,
    pub name: String,
    pub description: String,
    pub author: String,
    #[ts(type = "number")]
    pub created_at: i64,
    #[ts(type = "number")]
    pub updated_at: i64,
    pub state: DraftState,
    pub changes: u32,
    /// The journal position it was made (or last rebased) on.
    #[ts(type = "number")]
    pub base: i64,
    /// Who approved it (four-eyes), while the approval holds.
    #[ts(optional)]
    pub approved_by: Option<String>,
    /// Published or discarded: by whom.
    #[ts(optional)]
    pub closed_by: Option<String>,
    #[ts(optional, type = "number")]
    pub closed_at: Option<i64>,
}

#[derive(Clone, Debug, Serialize, TS)]
pub struct DraftStepRow {
    pub index: u32,
    pub action: String,
    pub description: String,
    pub by: String,
    #[ts(type = "number")]
    pub at: i64,
}

#[derive(Clone, Debug, Serialize, TS)]
pub struct DraftDetail {
    pub row: DraftRow,
    pub steps: Vec<DraftStepRow>,
    /// Base / live / draft, for each field live changed since the draft took it.
    pub conflicts: Vec<FieldConflict>,
    /// The first change that no longer applies, and why.
    #[ts(optional)]
    pub broken: Option<String>,
    pub warnings: Vec<String>,
    pub four_eyes: bool,
    /// Why it cannot be published now (empty: it can).
    pub blockers: Vec<String>,
    /// Whether the signed-in member is editing this draft in the window.
    pub open: bool,
}

/// The draft the signed-in member is editing: the window shows its banner.
#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct EditingDraft {
    pub id: String,
    pub name: String,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum EffectFilter {
    #[default]
    All,
    Gaining,
    Losing,
    Records,
    Items,
    Members,
    PartnerUsers,
}

#[derive(Clone, Debug, Deserialize, TS)]
pub struct DraftEffectQuery {
    pub draft_id: String,
    #[serde(default)]
    #[ts(optional)]
    pub search: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub filter: Option<EffectFilter>,
    /// Only people gaining or losing this permission (a key).
    #[serde(default)]
    #[ts(optional)]
    pub permission: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub offset: Option<u32>,
    #[serde(default)]
    #[ts(optional)]
    pub limit: Option<u32>,
}

#[derive(Clone, Debug, Serialize, TS)]
pub struct PermissionCount {
    pub permission: String,
    pub label: String,
    pub gained: u32,
    pub lost: u32,
}

#[derive(Clone, Debug, Serialize, TS)]
pub struct NameCount {
    pub name: String,
    pub people: u32,
}

#[derive(Clone, Debug, Serialize, TS)]
pub struct ItemCount {
    pub name: String,
    pub shown: u32,
    pub hidden: u32,
}

/// DRAFT-2's summary: counts first.
#[derive(Clone, Debug, Serialize, TS)]
pub struct EffectSummary {
    pub people: u32,
    pub gaining: u32,
    pub losing: u32,
    pub records: u32,
    pub by_permission: Vec<PermissionCount>,
    pub by_role: Vec<NameCount>,
    pub by_account: Vec<NameCount>,
    pub items: Vec<ItemCount>,
    pub warnings: Vec<String>,
}

#[derive(Clone, Debug, Serialize, TS)]
pub struct EffectPage {
    pub summary: EffectSummary,
    /// People matching the search and filter.
    pub total: u32,
    pub people: Vec<PersonEffect>,
}

#[derive(Clone, Debug, Deserialize, TS)]
pub struct DraftPersonQuery {
    pub draft_id: String,
    pub person: Person,
}

/// One record changing for one person, in words.
#[derive(Clone, Debug, Serialize, TS)]
pub struct RecordChangeRow {
    pub change: RecordChange,
    /// "visible", "hidden", "read/write", "read only".
    pub becomes: String,
    pub before: String,
    pub after: String,
}

#[derive(Clone, Debug, Serialize, TS)]
pub struct PersonEffectDetail {
    #[ts(optional)]
    pub effect: Option<PersonEffect>,
    pub records: Vec<RecordChangeRow>,
}

/// DRAFT-4: why a person holds (or not) a permission — live, or inside a draft.
#[derive(Clone, Debug, Deserialize, TS)]
pub struct WhyPermissionQuery {
    pub person: Person,
    pub permission: String,
    #[serde(default)]
    #[ts(optional)]
    pub draft_id: Option<String>,
    /// RPT-5: the answer at this past moment (ms since the epoch), replayed from the journal.
    #[serde(default)]
    #[ts(optional, type = "number")]
    pub at: Option<i64>,
}

#[derive(Clone, Debug, Deserialize, TS)]
pub struct WhyRecordQuery {
    pub person: Person,
    pub record_id: String,
    #[serde(default)]
    #[ts(optional)]
    pub draft_id: Option<String>,
    /// RPT-5: the answer at this past moment (ms since the epoch), replayed from the journal.
    #[serde(default)]
    #[ts(optional, type = "number")]
    pub at: Option<i64>,
}

#[derive(Clone, Debug, Deserialize, TS)]
pub struct FourEyesRequest {
    pub on: bool,
}

#[derive(Clone, Debug, Serialize, TS)]
pub struct EffectCsv {
    pub file_name: String,
    pub csv: String,
}

#[derive(Clone, Debug, Deserialize, TS)]
pub struct DraftChangeRef {
    pub draft_id: String,
    pub index: u32,
}
