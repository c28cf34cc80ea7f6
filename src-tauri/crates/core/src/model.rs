//! Entities of the access-control state.

use crate::ids::{MemberId, Millis, RoleId};
use crate::permissions::PermissionSet;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Who a role is for (ROLE-5). A partner role is never assigned to a member and vice versa.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    Internal,
    Partner,
}

/// The exclusive group a role belongs to (ROLE-6): one role per group per person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RoleGroup {
    Workspace,
    Portal,
    Agent,
    Admin,
}

impl RoleGroup {
    pub fn audience(self) -> Audience {
        match self {
            RoleGroup::Workspace => Audience::Internal,
            RoleGroup::Portal | RoleGroup::Agent | RoleGroup::Admin => Audience::Partner,
        }
    }
}

/// The built-in roles (ROLE-1, PU-1). They cannot be edited or deleted (ROLE-2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Builtin {
    Owner,
    Admin,
    Member,
    Viewer,
    AdvancedPartnerCenter,
    StandardPartnerCenter,
    // PC-2: agent roles.
    AdminAgent,
    SalesAgent,
    HelpDeskAgent,
    // PC-3: admin roles; No admin is the default (PC-1).
    GlobalAdmin,
    BillingAdmin,
    UserManagementAdmin,
    NoAdmin,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Role {
    pub id: RoleId,
    pub name: String,
    pub description: String,
    pub audience: Audience,
    pub group: RoleGroup,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub builtin: Option<Builtin>,
    pub permissions: PermissionSet,
    /// PU-8: whose records a partner user holding this portal role sees.
    #[serde(default)]
    pub restriction: crate::partners::PartnerRestriction,
    /// PU-8's optional department, location and class restrictions (portal roles).
    #[serde(default)]
    pub segments: crate::records::SegmentFilter,
    /// Bumped on every change; edits carry the version they were made against.
    pub version: u32,
}

/// Where a member stands (MEM-2, MEM-4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MemberStatus {
    Pending,
    Active,
    /// Removed, or a pending invite revoked. Kept so records keep their owner reference.
    Removed,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Member {
    pub id: MemberId,
    pub email: String,
    /// Empty until the member tells us (invites need only an email).
    pub name: String,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<RoleId>,
    /// PA-1, HIER-2: where the member sits in the role hierarchy.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hierarchy_role: Option<crate::ids::HierarchyRoleId>,
    /// The shared database's login this member signs its changes with (SYNC, the actor
    /// proof): the database records who appended each change; others accept it as this
    /// member's only when the two match.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub db_login: Option<String>,
    pub status: MemberStatus,
    #[ts(type = "number")]
    pub invited_at: Millis,
    #[ts(type = "number | null")]
    pub joined_at: Option<Millis>,
    #[ts(type = "number | null")]
    pub removed_at: Option<Millis>,
    /// How many invitation messages were sent (1 + resends).
    pub invites_sent: u32,
    pub version: u32,
}

impl Member {
    /// An active member from the start: the first-run Owner, or a directory import.
    pub fn active(id: MemberId, email: String, name: String, role: Option<RoleId>, at: Millis) -> Self {
        Member {
            id,
            email,
            name,
            role,
            hierarchy_role: None,
            db_login: None,
            status: MemberStatus::Active,
            invited_at: at,
            joined_at: Some(at),
            removed_at: None,
            invites_sent: 0,
            version: 1,
        }
    }

    pub fn display_name(&self) -> &str {
        if self.name.is_empty() {
            &self.email
        } else {
            &self.name
        }
    }

    pub fn is_current(&self) -> bool {
        self.status != MemberStatus::Removed
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Workspace {
    pub name: String,
    #[ts(type = "number")]
    pub created_at: Millis,
    /// WS-4.
    #[serde(default)]
    pub password_policy: crate::password::PasswordPolicy,
    /// WS-2, WS-3.
    #[serde(default)]
    pub partner_features: crate::partners::PartnerFeatures,
    /// DRAFT-5: a draft needs another manager's approval before it is published.
    #[serde(default)]
    pub four_eyes: bool,
    /// PREV-5: the longest a portal preview may last, in minutes.
    #[serde(default = "default_preview_max")]
    pub preview_max_minutes: u32,
    /// PORT-5: the shared database login of the portal service. Partner users' changes
    /// appended under it are theirs (when they have access and their roles allow them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub portal_login: Option<String>,
    /// PORT-4: a portal session unused this long ends.
    #[serde(default = "default_portal_idle")]
    pub portal_idle_minutes: u32,
    /// The portal's public address, for the links in invitations (PU-2, PORT-1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub portal_url: Option<String>,
    /// MAIL-1: how the workspace sends email (none: nothing is sent; links are shown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mail: Option<crate::mail::MailSettings>,
}

/// PORT-4: portal sessions end after 30 idle minutes unless the workspace says otherwise.
pub const PORTAL_IDLE_DEFAULT: u32 = 30;

fn default_portal_idle() -> u32 {
    PORTAL_IDLE_DEFAULT
}

/// PREV-5: previews default to 30 minutes; the workspace allows at most an hour unless
/// its settings say otherwise.
pub const PREVIEW_DEFAULT_MINUTES: u32 = 30;
pub const PREVIEW_MAX_DEFAULT: u32 = 60;
/// The most a workspace may allow: a working day.
pub const PREVIEW_MAX_LIMIT: u32 = 480;

fn default_preview_max() -> u32 {
    PREVIEW_MAX_DEFAULT
}
