//! The portal preview (PREV-1..5) over the wire: the manager's side that opens and ends a
//! preview, and the portal's own requests. A portal request never names who acts: the
//! shell takes the identity from the calling window (PREV-3).

use crate::records::RecordKind;
use crate::why::Why;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// PREV-1, PREV-5: open the portal as a partner user, for a reason, for a while.
#[derive(Clone, Debug, Deserialize, TS)]
pub struct PreviewStartRequest {
    pub contact_id: String,
    pub reason: String,
    /// Defaults to 30 minutes; at most the workspace's maximum.
    #[ts(optional)]
    #[serde(default)]
    pub minutes: Option<u32>,
    /// Preview over this draft's state instead of live, read-only.
    #[ts(optional)]
    #[serde(default)]
    pub draft_id: Option<String>,
}

#[derive(Clone, Debug, Serialize, TS)]
pub struct PreviewStarted {
    /// The preview window's label: the Rust side binds it to this session.
    pub label: String,
    pub title: String,
    #[ts(type = "number")]
    pub expires_at: i64,
}

/// PREV-5: the workspace's longest preview.
#[derive(Clone, Debug, Deserialize, TS)]
pub struct PreviewMaxRequest {
    pub minutes: u32,
}

/// A preview that is open now, for the manager's window.
#[derive(Clone, Debug, Serialize, TS)]
pub struct PreviewRow {
    pub label: String,
    pub partner_user: String,
    pub account: String,
    pub reason: String,
    #[ts(type = "number")]
    pub expires_at: i64,
    #[ts(optional)]
    pub draft: Option<String>,
}

#[derive(Clone, Debug, Deserialize, TS)]
pub struct PreviewRef {
    pub label: String,
}

/// What the portal shows in its banner and navigation.
#[derive(Clone, Debug, Serialize, TS)]
pub struct PortalSession {
    /// A manager's preview (the desktop's window), or the partner user signed in to the
    /// portal server (PORT-1): the page shows the preview banner or the user's menu.
    pub preview: bool,
    /// The manager behind the preview (empty on the portal server).
    pub manager: String,
    pub user_name: String,
    pub user_email: String,
    pub account: String,
    pub reason: String,
    #[ts(type = "number")]
    pub expires_at: i64,
    /// The desktop's clock now, so the countdown does not depend on the page's clock.
    #[ts(type = "number")]
    pub now: i64,
    /// Set when the preview shows a draft's state (read-only).
    #[ts(optional)]
    pub draft: Option<String>,
    pub read_only: bool,
    /// The record kinds this user may read, each with whether they may create one.
    pub kinds: Vec<PortalKind>,
    pub items: bool,
    /// PC-4: a Global admin or User management admin sees the Users page.
    pub users: bool,
}

#[derive(Clone, Debug, Serialize, TS)]
pub struct PortalKind {
    pub kind: RecordKind,
    pub label: String,
    pub can_create: bool,
}

/// Home: the user's own numbers.
#[derive(Clone, Debug, Serialize, TS)]
pub struct PortalHome {
    pub counts: Vec<PortalCount>,
    pub items: u32,
    #[ts(optional)]
    pub colleagues: Option<u32>,
    /// RPT-3: dashboards published to their portal role, over their own access.
    pub dashboards: Vec<crate::wire::DashboardView>,
}

#[derive(Clone, Debug, Serialize, TS)]
pub struct PortalCount {
    pub kind: RecordKind,
    pub label: String,
    /// Records of this kind they see.
    pub visible: u32,
    /// Of which they own.
    pub own: u32,
    /// Of which they may change.
    pub writable: u32,
}

#[derive(Clone, Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PortalRecordQuery {
    pub kind: RecordKind,
    #[serde(default)]
    pub search: String,
    #[serde(default)]
    pub offset: u32,
    #[ts(optional)]
    #[serde(default)]
    pub limit: Option<u32>,
}

#[derive(Clone, Debug, Serialize, TS)]
pub struct PortalRecordRow {
    pub id: String,
    pub kind: RecordKind,
    pub name: String,
    pub owner: String,
    #[ts(optional)]
    pub department: Option<String>,
    #[ts(optional)]
    pub location: Option<String>,
    #[ts(optional)]
    pub class: Option<String>,
    /// Read/write (HIER-2, PU-8, SHARE-1 and the user's update permission).
    pub write: bool,
    /// Why they see it, in words.
    pub why: String,
    pub version: u32,
    /// RPT-1: an activity's type, time and customer.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub activity: Option<PortalActivityRow>,
}

#[derive(Clone, Debug, Serialize, TS)]
pub struct PortalActivityRow {
    pub kind: crate::records::ActivityType,
    #[ts(type = "number")]
    pub at: crate::ids::Millis,
    #[ts(optional)]
    pub customer_id: Option<crate::ids::RecordId>,
    /// The customer's name, or that they cannot see it.
    pub customer: String,
}

/// RPT-1: what an activity is, as the portal sends it (`customer_id` a record id).
#[derive(Clone, Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PortalActivity {
    pub kind: crate::records::ActivityType,
    #[ts(type = "number")]
    pub at: crate::ids::Millis,
    #[ts(optional)]
    #[serde(default)]
    pub customer_id: Option<String>,
}

#[derive(Clone, Debug, Serialize, TS)]
pub struct PortalRecordPage {
    pub total: u32,
    pub rows: Vec<PortalRecordRow>,
    pub can_create: bool,
}

#[derive(Clone, Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PortalRecordCreate {
    pub kind: RecordKind,
    pub name: String,
    /// Required for activities, refused for other kinds.
    #[ts(optional)]
    #[serde(default)]
    pub activity: Option<PortalActivity>,
    #[ts(optional)]
    #[serde(default)]
    pub department: Option<String>,
    #[ts(optional)]
    #[serde(default)]
    pub location: Option<String>,
    #[ts(optional)]
    #[serde(default)]
    pub class: Option<String>,
}

#[derive(Clone, Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PortalRecordUpdate {
    pub record_id: String,
    pub version: u32,
    pub name: String,
    /// Required for activities, refused for other kinds.
    #[ts(optional)]
    #[serde(default)]
    pub activity: Option<PortalActivity>,
    #[ts(optional)]
    #[serde(default)]
    pub department: Option<String>,
    #[ts(optional)]
    #[serde(default)]
    pub location: Option<String>,
    #[ts(optional)]
    #[serde(default)]
    pub class: Option<String>,
}

#[derive(Clone, Debug, Serialize, TS)]
pub struct PortalOption {
    pub id: String,
    pub name: String,
}

/// PC-4: the people of the accounts this admin manages, and the roles they may give.
#[derive(Clone, Debug, Serialize, TS)]
pub struct PortalUsers {
    pub accounts: Vec<PortalOption>,
    pub users: Vec<PortalUserRow>,
    /// Only roles within the admin's own permissions (PA-4, MEM-6).
    pub portal_roles: Vec<PortalOption>,
    pub agent_roles: Vec<PortalOption>,
    pub admin_roles: Vec<PortalOption>,
}

#[derive(Clone, Debug, Serialize, TS)]
pub struct PortalUserRow {
    pub id: String,
    pub name: String,
    pub email: String,
    pub account: String,
    pub enabled: bool,
    pub portal_role_id: String,
    pub portal_role: String,
    #[ts(optional)]
    pub agent_role_id: Option<String>,
    #[ts(optional)]
    pub agent_role: Option<String>,
    pub admin_role_id: String,
    pub admin_role: String,
    pub version: u32,
    /// Whether this admin may change their roles (not themselves, nobody above them).
    pub editable: bool,
    pub me: bool,
}

#[derive(Clone, Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PortalUserAddRequest {
    pub account_id: String,
    pub name: String,
    pub email: String,
    pub portal_role_id: String,
    #[ts(optional)]
    #[serde(default)]
    pub agent_role_id: Option<String>,
    #[ts(optional)]
    #[serde(default)]
    pub admin_role_id: Option<String>,
}

/// PC-5: the new colleague's temporary password, shown once.
#[derive(Clone, Debug, Serialize, TS)]
pub struct PortalUserCreated {
    pub email: String,
    /// PORT-1: their one-time link to set a password, shown once to the partner admin.
    pub invitation: crate::wire::PartnerInvitationIssued,
    pub users: PortalUsers,
}

#[derive(Clone, Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PortalUserRolesRequest {
    pub contact_id: String,
    pub version: u32,
    pub portal_role_id: String,
    #[ts(optional)]
    #[serde(default)]
    pub agent_role_id: Option<String>,
    #[ts(optional)]
    #[serde(default)]
    pub admin_role_id: Option<String>,
}

/// "My access": the roles held, the record scope, and every permission with its reason.
#[derive(Clone, Debug, Serialize, TS)]
pub struct PortalMyAccess {
    pub roles: Vec<PortalRoleHeld>,
    pub scope: String,
    pub permissions: Vec<PortalPermission>,
}

#[derive(Clone, Debug, Serialize, TS)]
pub struct PortalRoleHeld {
    pub kind: String,
    pub name: String,
}

#[derive(Clone, Debug, Serialize, TS)]
pub struct PortalPermission {
    pub label: String,
    pub why: Why,
}
