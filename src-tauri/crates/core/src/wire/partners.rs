//! Partner accounts, contacts and the role hierarchy, as they cross to the UI and CLI.

use super::RoleRow;
use crate::ids::{ContactId, HierarchyRoleId, MemberId, PartnerAccountId};
use crate::partners::{AccountKind, PartnerFeatures};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct HierarchyRoleCreateRequest {
    pub name: String,
    #[ts(optional)]
    pub parent_id: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct HierarchyRoleRow {
    pub id: HierarchyRoleId,
    pub name: String,
    #[ts(optional)]
    pub parent_id: Option<HierarchyRoleId>,
    #[ts(optional)]
    pub account_id: Option<PartnerAccountId>,
    /// Current members placed at this position.
    pub member_count: u32,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct MemberHierarchyRequest {
    pub member_id: String,
    /// `None` takes the member out of the hierarchy.
    #[ts(optional)]
    pub hierarchy_role_id: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct PartnerCreateRequest {
    pub name: String,
    pub kind: AccountKind,
    pub owner_id: String,
    #[ts(optional)]
    pub parent_id: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct PartnerRenameRequest {
    pub account_id: String,
    pub version: u32,
    pub name: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct PartnerRef {
    pub account_id: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PartnerStatusFilter {
    All,
    Enabled,
    Disabled,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct PartnerListQuery {
    #[serde(default)]
    pub search: String,
    pub status: PartnerStatusFilter,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct PartnerRow {
    pub id: PartnerAccountId,
    pub name: String,
    pub kind: AccountKind,
    pub owner_id: MemberId,
    pub owner_name: String,
    /// MEM-4: the owner was removed; the reference stays.
    pub owner_removed: bool,
    #[ts(optional)]
    pub parent_name: Option<String>,
    pub enabled: bool,
    pub version: u32,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct PartnerPage {
    pub rows: Vec<PartnerRow>,
    pub features: PartnerFeatures,
    /// Licences consumed by enabled partner users (WS-3).
    pub licences_used: u32,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct ContactCreateRequest {
    pub account_id: String,
    pub name: String,
    pub email: String,
}

/// PU-1: give access. The portal role is required; the hierarchy role is fixed for the
/// account's first user (HIER-1) and chosen from the account's roles after that.
#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct GiveAccessRequest {
    pub contact_id: String,
    pub portal_role_id: String,
    #[ts(optional)]
    pub hierarchy_role_id: Option<String>,
    #[serde(default)]
    pub can_grant_subpartners: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct ContactRef {
    pub contact_id: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct ContactRow {
    pub id: ContactId,
    pub name: String,
    pub email: String,
    /// Has enabled portal access (consumes a licence).
    pub access: bool,
    /// Had access once; it was revoked (PU-6).
    pub revoked: bool,
    #[ts(optional)]
    pub portal_role: Option<String>,
    #[ts(optional)]
    pub hierarchy_role: Option<String>,
    pub can_grant_subpartners: bool,
}

/// An account's people, its partner hierarchy branch (top first) and the portal roles
/// that may be given.
#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct AccountPeople {
    pub account: PartnerRow,
    pub contacts: Vec<ContactRow>,
    pub branch: Vec<HierarchyRoleRow>,
    pub portal_roles: Vec<RoleRow>,
}
