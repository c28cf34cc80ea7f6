//! Types that cross to the UI and the CLI's JSON output. Exported to TypeScript by ts-rs
//! (`ui/src/gen/`, committed; `tests/ts_bindings.rs` fails when they drift).
//!
//! Requests carry ids as strings and are parsed in the command layer, so a malformed id
//! comes back as an error naming its field rather than a deserialisation failure.

use crate::ids::{MemberId, RoleId};
use crate::model::{Audience, MemberStatus, RoleGroup};
use crate::partners::PartnerFeatures;
use crate::password::PasswordPolicy;
use crate::permissions::PermissionSet;
use crate::sensitive::Sensitive;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Clone, Debug, Deserialize, TS)]
pub struct CreateWorkspaceRequest {
    pub workspace_name: String,
    pub owner_name: String,
    pub owner_email: String,
    #[ts(type = "string")]
    pub password: Sensitive<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct DemoRequest {
    /// How many members the demo workspace gets (default 50).
    #[ts(optional)]
    pub members: Option<u32>,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct WorkspaceInfo {
    pub name: String,
    #[ts(type = "number")]
    pub created_at: i64,
    pub member_count: u32,
}

/// The signed-in member, with what they may do (the UI shows, Rust decides).
#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct Me {
    pub id: MemberId,
    pub name: String,
    pub email: String,
    #[ts(optional)]
    pub role_name: Option<String>,
    pub permissions: PermissionSet,
}

/// Where the signed-in session stands (CRED-2, PU-4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    SignedOut,
    Active,
    /// Locked by the member or after the idle time: the password unlocks it.
    Locked,
    /// The next thing to do is change the password; nothing else is allowed.
    MustChangePassword,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct SessionInfo {
    #[ts(optional)]
    pub workspace: Option<WorkspaceInfo>,
    #[ts(optional)]
    pub me: Option<Me>,
    pub status: SessionStatus,
    pub password_policy: PasswordPolicy,
    /// WS-2, WS-3: what the Partners screens may offer.
    pub partner_features: PartnerFeatures,
    /// Minutes of inactivity after which the app locks itself (0: never).
    pub idle_lock_minutes: u32,
    /// Which OS keyring keeps remembered sessions, if any works here.
    #[ts(optional)]
    pub keyring: Option<String>,
    /// DRAFT-1: the draft the signed-in member is editing, if any.
    #[ts(optional)]
    pub draft: Option<EditingDraft>,
    /// DRAFT-5.
    pub four_eyes: bool,
    /// PREV-5: the longest a portal preview may last, in minutes.
    pub preview_max_minutes: u32,
    /// PORT-5: the shared database login of the partner portal service, when linked.
    #[ts(optional)]
    pub portal_login: Option<String>,
    /// PORT-4: minutes an unused portal session lasts.
    pub portal_idle_minutes: u32,
    /// The portal's public address, for invitation links.
    #[ts(optional)]
    pub portal_url: Option<String>,
}

/// PORT-5: link (or, with none, unlink) the portal service's database login.
#[derive(Clone, Debug, Deserialize, TS)]
pub struct PortalLoginRequest {
    #[ts(optional)]
    #[serde(default)]
    pub login: Option<String>,
}

/// PORT-4: how long an unused portal session lasts.
#[derive(Clone, Debug, Deserialize, TS)]
pub struct PortalIdleRequest {
    pub minutes: u32,
}

/// The portal's public address, used in invitation links (none: links show the code only).
#[derive(Clone, Debug, Deserialize, TS)]
pub struct PortalAddressRequest {
    #[ts(optional)]
    #[serde(default)]
    pub url: Option<String>,
}

#[derive(Clone, Debug, Deserialize, TS)]
pub struct SignInRequest {
    pub email: String,
    #[ts(type = "string")]
    pub password: Sensitive<String>,
    /// Keep the session in the OS keyring so the next start signs in by itself.
    #[serde(default)]
    pub remember: bool,
}

#[derive(Clone, Debug, Deserialize, TS)]
pub struct UnlockRequest {
    #[ts(type = "string")]
    pub password: Sensitive<String>,
}

#[derive(Clone, Debug, Deserialize, TS)]
pub struct ChangePasswordRequest {
    #[ts(type = "string")]
    pub current_password: Sensitive<String>,
    #[ts(type = "string")]
    pub new_password: Sensitive<String>,
}

/// The live checklist (PU-3): the same check the save runs.
#[derive(Clone, Debug, Deserialize, TS)]
pub struct PasswordCheckRequest {
    #[ts(type = "string")]
    pub password: Sensitive<String>,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub name: String,
}

/// PU-3/PU-4/PU-5 for a member: a generated temporary password, or one typed by the manager.
#[derive(Clone, Debug, Deserialize, TS)]
pub struct ResetPasswordRequest {
    pub member_id: String,
    /// `None`: generate a temporary password (always to be changed at next sign-in).
    #[ts(type = "string | null")]
    pub password: Option<Sensitive<String>>,
    /// PU-4's one-shot flag, for a typed password.
    #[serde(default)]
    pub require_change: bool,
}

/// Shown once (PU-5): the temporary password is never retrievable again.
#[derive(Clone, Debug, Serialize, TS)]
pub struct PasswordReset {
    pub member_id: MemberId,
    pub email: String,
    #[ts(optional)]
    pub temporary_password: Option<String>,
    pub must_change: bool,
}

#[derive(Clone, Debug, Deserialize, TS)]
pub struct IdleLockRequest {
    pub minutes: u32,
}

/// A tab above the members table (MEM-5).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MemberTab {
    All,
    NoRole,
    Role { role_id: String },
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct MemberListQuery {
    pub tab: MemberTab,
    #[serde(default)]
    pub search: String,
    /// Show removed members (and revoked invites) instead of current ones.
    #[serde(default)]
    pub removed: bool,
    pub offset: u32,
    pub limit: u32,
    /// The column the table is sorted by; by name when absent.
    #[serde(default)]
    #[ts(optional)]
    pub sort: Option<MemberSort>,
}

/// The members table's sortable columns (MEM-5).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MemberSortKey {
    #[default]
    Name,
    Role,
    Status,
    Invited,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MemberSort {
    pub by: MemberSortKey,
    #[serde(default)]
    pub descending: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct MemberRow {
    pub id: MemberId,
    pub email: String,
    pub name: String,
    #[ts(optional)]
    pub role_id: Option<RoleId>,
    #[ts(optional)]
    pub role_name: Option<String>,
    pub status: MemberStatus,
    #[ts(type = "number")]
    pub invited_at: i64,
    #[ts(type = "number | null")]
    pub joined_at: Option<i64>,
    pub invites_sent: u32,
    pub version: u32,
    /// The shared database login this member's changes travel under.
    #[ts(optional)]
    pub db_login: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct TabCount {
    pub tab: MemberTab,
    pub label: String,
    pub count: u32,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct MemberPage {
    /// Rows matching the tab and search, before paging.
    pub total: u32,
    pub offset: u32,
    pub rows: Vec<MemberRow>,
    /// Counts for every tab under the current search.
    pub tabs: Vec<TabCount>,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct InviteRequest {
    pub email: String,
    #[serde(default)]
    pub name: String,
    #[ts(optional)]
    pub role_id: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct MemberRef {
    pub member_id: String,
}

/// SEC-4: an invitation and its code, shown once: Trellis sends no email, the manager
/// passes the code on. It works once, until `expires_at`.
#[derive(Clone, Debug, Serialize, TS)]
pub struct InvitationIssued {
    pub member: MemberRow,
    pub code: String,
    #[ts(type = "number")]
    pub expires_at: i64,
}

#[derive(Clone, Debug, Deserialize, TS)]
pub struct AcceptInviteRequest {
    /// SEC-4: the invitation code the manager passed on; it names the invitation.
    #[ts(type = "string")]
    pub code: Sensitive<String>,
    #[serde(default)]
    pub name: String,
    /// The invitee sets their own password on accepting (CRED-2).
    #[ts(type = "string")]
    pub password: Sensitive<String>,
}

/// Issue 19: a member sets a new password with the reset link an administrator emailed.
#[derive(Clone, Debug, Deserialize, TS)]
pub struct ResetWithLinkRequest {
    /// The link's code (or the whole `trellis://reset?code=…` link, pasted).
    #[ts(type = "string")]
    pub code: Sensitive<String>,
    #[ts(type = "string")]
    pub password: Sensitive<String>,
}

/// A reset link on its way: to whom, and until when it works.
#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct ResetMailed {
    pub member_id: MemberId,
    pub email: String,
    #[ts(type = "number")]
    pub expires_at: i64,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct ChangeRoleRequest {
    pub member_ids: Vec<String>,
    /// `None` leaves the members with no role.
    #[ts(optional)]
    pub role_id: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct RemoveMembersRequest {
    pub member_ids: Vec<String>,
}

/// What a bulk action did, for the toast.
#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct BulkOutcome {
    pub changed: u32,
    pub unchanged: u32,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct RoleRow {
    pub id: RoleId,
    pub name: String,
    pub description: String,
    pub audience: Audience,
    pub group: RoleGroup,
    pub builtin: bool,
    pub member_count: u32,
    pub permissions: PermissionSet,
    /// PU-8 (portal roles).
    pub restriction: crate::partners::PartnerRestriction,
    pub segments: crate::records::SegmentFilter,
    pub version: u32,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct RoleListQuery {
    #[ts(optional)]
    pub audience: Option<Audience>,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct RoleCreateRequest {
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub audience: Audience,
    pub permissions: Vec<String>,
    /// ROLE-6: portal, agent or admin for partner roles; the audience's first group if absent.
    #[serde(default)]
    #[ts(optional)]
    pub group: Option<RoleGroup>,
    /// PU-8, for portal roles; own and subordinates if absent.
    #[serde(default)]
    #[ts(optional)]
    pub restriction: Option<crate::partners::PartnerRestriction>,
    /// PU-8's department, location and class limits, for portal roles.
    #[serde(default)]
    #[ts(optional)]
    pub segments: Option<crate::records::SegmentFilter>,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct RoleUpdateRequest {
    pub role_id: String,
    pub version: u32,
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub permissions: Vec<String>,
    /// PU-8; unchanged if absent.
    #[serde(default)]
    #[ts(optional)]
    pub restriction: Option<crate::partners::PartnerRestriction>,
    /// PU-8; unchanged if absent.
    #[serde(default)]
    #[ts(optional)]
    pub segments: Option<crate::records::SegmentFilter>,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct RoleCloneRequest {
    pub source_id: String,
    pub name: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct RoleRef {
    pub role_id: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct RoleDeleted {
    /// Members left with no role (ROLE-3).
    pub members_without_role: u32,
}

/// One row or column of the permission matrix, explained (ROLE-4).
#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct CatalogEntry {
    pub key: String,
    pub label: String,
    pub description: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct PermissionCatalog {
    pub resources: Vec<CatalogEntry>,
    pub actions: Vec<CatalogEntry>,
    pub specials: Vec<CatalogEntry>,
    /// PC-2, PC-3: portal features, for partner roles only (keys `portal.<key>`).
    pub portal_features: Vec<CatalogEntry>,
}

/// SEC-2: the audit log's filters. Text filters match case-insensitively, anywhere.
#[derive(Clone, Debug, Default, Serialize, Deserialize, TS)]
pub struct AuditQuery {
    #[serde(default)]
    pub actor: String,
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub target: String,
    /// Inclusive bounds, milliseconds since the epoch.
    #[ts(type = "number | null")]
    pub from: Option<i64>,
    #[ts(type = "number | null")]
    pub to: Option<i64>,
    #[serde(default)]
    pub offset: u32,
    #[serde(default)]
    pub limit: u32,
}

/// One field's before → after, as display text (sensitive fields are already redacted).
#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct AuditChange {
    pub kind: String,
    pub label: String,
    pub before: String,
    pub after: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct AuditRow {
    #[ts(type = "number")]
    pub seq: i64,
    #[ts(type = "number")]
    pub at: i64,
    pub actor: String,
    pub action: String,
    pub target: String,
    /// The first changes of the entry (a bulk change can hold thousands).
    pub changes: Vec<AuditChange>,
    pub more_changes: u32,
    /// A published draft (DRAFT-3): who drafted and approved it, and its changes.
    #[ts(optional)]
    pub draft: Option<AuditDraft>,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct AuditDraft {
    pub name: String,
    pub author: String,
    #[ts(optional)]
    pub approver: Option<String>,
    pub changes: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct AuditPage {
    pub total: u32,
    pub rows: Vec<AuditRow>,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct AuditCsv {
    pub file_name: String,
    pub csv: String,
    pub rows: u32,
}

/// A file Trellis wrote for the user (exports), with where it went.
#[derive(Clone, Debug, Serialize, Deserialize, TS)]
pub struct SavedFile {
    pub path: String,
    pub rows: u32,
}

mod access;
mod backup;
mod dashboards;
mod deep_link;
mod drafts;
mod integrity;
mod mail;
mod partners;
mod portal;
mod portal_server;
mod records;
mod reports;
mod reviews;
mod sync;
pub mod ts_commands;
pub use access::*;
pub use backup::*;
pub use dashboards::*;
pub use deep_link::*;
pub use drafts::*;
pub use integrity::*;
pub use mail::*;
pub use partners::*;
pub use portal::*;
pub use portal_server::*;
pub use records::*;
pub use reports::*;
pub use reviews::*;
pub use sync::*;
