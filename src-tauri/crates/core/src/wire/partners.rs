//! Partner accounts, contacts and the role hierarchy, as they cross to the UI and CLI.

use super::RoleRow;
use crate::ids::{ContactId, HierarchyRoleId, MemberId, PartnerAccountId, RoleId};
use crate::partners::{AccountKind, PartnerFeatures};
use crate::sensitive::Sensitive;
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

/// The account record, with one page of its contacts (accounts can have tens of thousands).
#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct AccountQuery {
    pub account_id: String,
    /// Matches contact names and emails, case-insensitively.
    #[serde(default)]
    #[ts(optional)]
    pub search: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub offset: Option<u32>,
    /// At most 500; 200 when not given.
    #[serde(default)]
    #[ts(optional)]
    pub limit: Option<u32>,
}

impl AccountQuery {
    /// The first page, unfiltered.
    pub fn of(account_id: impl Into<String>) -> Self {
        AccountQuery { account_id: account_id.into(), search: None, offset: None, limit: None }
    }
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
    /// Only accounts of this kind.
    #[serde(default)]
    #[ts(optional)]
    pub kind: Option<AccountKind>,
    /// Only accounts this member owns.
    #[serde(default)]
    #[ts(optional)]
    pub owner_id: Option<String>,
    /// Paging: the first row, and how many (100 by default, at most 500).
    #[serde(default)]
    pub offset: u32,
    #[serde(default)]
    #[ts(optional)]
    pub limit: Option<u32>,
    /// The column the table is sorted by; by name when absent.
    #[serde(default)]
    #[ts(optional)]
    pub sort: Option<PartnerSort>,
}

/// The partners table's sortable columns (PA-1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PartnerSortKey {
    #[default]
    Name,
    Kind,
    Owner,
    Parent,
    Status,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PartnerSort {
    pub by: PartnerSortKey,
    #[serde(default)]
    pub descending: bool,
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
    /// WS-3: the account's share of the licence pool, when it has one.
    #[ts(optional)]
    pub licence_share: Option<u32>,
    /// Licences its enabled partner users hold.
    pub licences_used: u32,
    pub version: u32,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct PartnerPage {
    /// One page, by name.
    pub rows: Vec<PartnerRow>,
    /// Accounts matching the filters, across all pages.
    pub total: u32,
    pub offset: u32,
    /// Everyone who owns an account, for the owner filter.
    pub owners: Vec<OwnerOption>,
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

/// PU-2, PU-3, PU-5: how a new partner user gets their password.
#[derive(Clone, Debug, Default, Deserialize, TS)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Delivery {
    /// PU-2 (the default): an access notification is queued in the outbox; the user sets
    /// their own password.
    #[default]
    Notification,
    /// PU-3: the manager types the password (checked against the policy); PU-4's flag.
    Manual {
        #[ts(type = "string")]
        password: Sensitive<String>,
        #[serde(default)]
        require_change: bool,
    },
    /// PU-5: Trellis generates a temporary password, shown once.
    Temporary,
}

/// PU-1: give access. The portal role is required; the hierarchy role is fixed for the
/// account's first user (HIER-1) and chosen from the account's roles after that.
#[derive(Clone, Debug, Deserialize, TS)]
pub struct GiveAccessRequest {
    pub contact_id: String,
    pub portal_role_id: String,
    #[ts(optional)]
    pub agent_role_id: Option<String>,
    /// `None`: No admin (PC-1).
    #[ts(optional)]
    pub admin_role_id: Option<String>,
    #[ts(optional)]
    pub hierarchy_role_id: Option<String>,
    #[serde(default)]
    pub can_grant_subpartners: bool,
    #[serde(default)]
    pub delivery: Delivery,
}

/// The confirmation screen after giving access (PU-5: the temporary password appears
/// here once, with the user's permissions and sign-in details).
#[derive(Clone, Debug, Serialize, TS)]
pub struct AccessGiven {
    pub record: AccountPeople,
    pub email: String,
    pub roles: Vec<String>,
    pub hierarchy_role: String,
    /// What the roles allow, in words.
    pub permissions: Vec<String>,
    /// "notification", "manual" or "temporary".
    pub delivery: String,
    #[ts(optional)]
    pub temporary_password: Option<String>,
    pub must_change: bool,
    /// HIER-1: this was the account's first user and its branch was created.
    pub branch_created: bool,
    /// PU-2: the one-time link to set a password (a notification), shown once.
    #[ts(optional)]
    pub invitation: Option<PartnerInvitationIssued>,
}

/// PU-2, PORT-1: a partner user's one-time link to set their portal password, shown once
/// to whoever issued it; only its digest is kept.
#[derive(Clone, Debug, Serialize, TS)]
pub struct PartnerInvitationIssued {
    pub email: String,
    /// `<portal address>/accept#code=…` when the workspace knows the portal's address.
    #[ts(optional)]
    pub link: Option<String>,
    pub code: String,
    #[ts(type = "number")]
    pub expires_at: i64,
}

/// ROLE-6, PC-1, HIER-1: change an enabled partner user's roles.
#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct UpdateAccessRequest {
    pub contact_id: String,
    pub version: u32,
    pub portal_role_id: String,
    #[ts(optional)]
    pub agent_role_id: Option<String>,
    #[ts(optional)]
    pub admin_role_id: Option<String>,
    pub hierarchy_role_id: String,
    #[serde(default)]
    pub can_grant_subpartners: bool,
}

/// PU-3/PU-5 for a partner user: `None` generates a temporary password.
#[derive(Clone, Debug, Deserialize, TS)]
pub struct PartnerPasswordRequest {
    pub contact_id: String,
    #[ts(type = "string | null")]
    pub password: Option<Sensitive<String>>,
    #[serde(default)]
    pub require_change: bool,
}

#[derive(Clone, Debug, Serialize, TS)]
pub struct PartnerPasswordReset {
    pub contact_id: ContactId,
    pub email: String,
    #[ts(optional)]
    pub temporary_password: Option<String>,
    pub must_change: bool,
}

/// PA-3.
#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct PartnerOwnerRequest {
    pub account_id: String,
    pub version: u32,
    pub owner_id: String,
}

/// WS-3: an account's share of the licence pool; none takes the share away.
#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct PartnerLicenceShareRequest {
    pub account_id: String,
    pub version: u32,
    #[ts(optional)]
    #[serde(default)]
    pub share: Option<u32>,
}

/// HIER-3: one or more roles; `move_to` is required when any of them has users.
#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct DeletePartnerRolesRequest {
    pub account_id: String,
    pub role_ids: Vec<String>,
    #[ts(optional)]
    pub move_to: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct HierarchyTreeQuery {
    #[serde(default)]
    pub search: String,
}

/// A role in the hierarchy, in tree order, with the people at it and below it.
#[derive(Clone, Debug, Serialize, TS)]
pub struct TreeNode {
    pub id: HierarchyRoleId,
    pub name: String,
    #[ts(optional)]
    pub parent_id: Option<HierarchyRoleId>,
    pub depth: u32,
    #[ts(optional)]
    pub account_id: Option<PartnerAccountId>,
    #[ts(optional)]
    pub account_name: Option<String>,
    /// Current members at this role.
    pub members: u32,
    /// Enabled partner users at this role.
    pub users: u32,
    /// Members and partner users at this role and below it.
    pub people_below: u32,
    /// Matches the search itself (ancestors of matches are included for context).
    pub matched: bool,
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
    pub portal_role_id: Option<RoleId>,
    #[ts(optional)]
    pub agent_role: Option<String>,
    #[ts(optional)]
    pub agent_role_id: Option<RoleId>,
    #[ts(optional)]
    pub admin_role: Option<String>,
    #[ts(optional)]
    pub admin_role_id: Option<RoleId>,
    #[ts(optional)]
    pub hierarchy_role: Option<String>,
    #[ts(optional)]
    pub hierarchy_role_id: Option<HierarchyRoleId>,
    /// HIER-1: the account's first user; the hierarchy role cannot change.
    pub fixed_hierarchy_role: bool,
    pub can_grant_subpartners: bool,
    pub version: u32,
}

/// An account's people, its partner hierarchy branch (top first) and the portal roles
/// that may be given.
#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct AccountPeople {
    pub account: PartnerRow,
    /// The owner's hierarchy role: where the branch hangs (PA-3).
    #[ts(optional)]
    pub owner_role: Option<String>,
    /// One page of contacts, by name (see `contacts_total`).
    pub contacts: Vec<ContactRow>,
    /// Contacts matching the search, across all pages.
    pub contacts_total: u32,
    /// Contacts with enabled access, in the whole account.
    pub users_total: u32,
    /// HIER-1..3: top first; `member_count` is the partner users at each role.
    pub branch: Vec<HierarchyRoleRow>,
    pub portal_roles: Vec<RoleRow>,
    pub agent_roles: Vec<RoleRow>,
    pub admin_roles: Vec<RoleRow>,
    /// PA-4.
    pub subpartners: Vec<PartnerRow>,
    pub features: PartnerFeatures,
    pub licences_used: u32,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct OwnerOption {
    pub id: MemberId,
    pub name: String,
}
