//! Partner accounts, the role hierarchy and the partner features (WS-2, WS-3, PA-1, PA-2).

use crate::ids::{HierarchyRoleId, MemberId, PartnerAccountId};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// WS-2/WS-3: the features switched on in Settings, and the licence pool.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PartnerFeatures {
    pub partner_access: bool,
    pub advanced_partner_access: bool,
    /// Partner licences bought; each enabled partner user consumes one.
    pub licences: u32,
}

/// PA-1: only business accounts can be enabled as partners.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AccountKind {
    Business,
    Person,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PartnerAccount {
    pub id: PartnerAccountId,
    pub name: String,
    pub kind: AccountKind,
    /// The channel manager the account's data rolls up to (PA-3).
    pub owner: MemberId,
    /// PA-4: the parent partner of a subpartner.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<PartnerAccountId>,
    /// Enabled as partner (PA-1); never deleted, only disabled (PA-2).
    pub enabled: bool,
    /// WS-3: the most of the pool's licences this account's partner users may hold at
    /// once; none: they draw on the pool like everyone else.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence_share: Option<u32>,
    pub version: u32,
}

/// A position in the role hierarchy: whose records one sees (HIER-2). Internal roles have
/// no account; an account's partner branch (HIER-1) names its account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HierarchyRole {
    pub id: HierarchyRoleId,
    pub name: String,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<HierarchyRoleId>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<PartnerAccountId>,
    pub version: u32,
}

/// PU-8: the partner restriction of a portal role — whose records its holders see.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PartnerRestriction {
    /// Their own records and those of people below them in the hierarchy (HIER-2).
    #[default]
    OwnAndSubordinates,
    /// Only records they own.
    OwnOnly,
    /// Every partner user's records in the account ("super user").
    WholeAccount,
}

/// PU-1: portal access given to a contact. Disabling keeps the record (PU-6).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PortalAccess {
    /// Consumes a licence while true (WS-3).
    pub enabled: bool,
    pub portal_role: crate::ids::RoleId,
    /// PC-1: what customer data they work with; none until one is given.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_role: Option<crate::ids::RoleId>,
    /// PC-1: which portal features they administer; No admin by default.
    #[serde(default = "no_admin")]
    pub admin_role: crate::ids::RoleId,
    /// One of the account's partner hierarchy roles (HIER-1).
    pub hierarchy_role: HierarchyRoleId,
    /// PA-4: may give access to users of subpartner accounts.
    pub can_grant_subpartners: bool,
    /// HIER-1: the account's first partner user; their hierarchy role is read-only.
    #[serde(default)]
    pub fixed_hierarchy_role: bool,
}

/// The roles a partner user holds, one per group (ROLE-6, PC-1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessRoles {
    pub portal_role: crate::ids::RoleId,
    #[serde(default)]
    pub agent_role: Option<crate::ids::RoleId>,
    /// `None` means No admin (PC-1).
    #[serde(default)]
    pub admin_role: Option<crate::ids::RoleId>,
}

/// A person at a partner account; a partner user once given access.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Contact {
    pub id: crate::ids::ContactId,
    pub account: PartnerAccountId,
    pub name: String,
    pub email: String,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access: Option<PortalAccess>,
    pub version: u32,
    /// PU-2, PORT-1: a one-time link to set the portal password, waiting to be used.
    #[ts(skip)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invitation: Option<PartnerInvitation>,
    /// RPT-3: the tiles this partner user hid on changeable dashboards of their Home.
    #[ts(skip)]
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub hidden_tiles: std::collections::BTreeMap<crate::ids::DashboardId, Vec<crate::dashboards::TileKind>>,
}

/// An invitation link's code, kept only as its SHA-256 (hex), and when it stops working.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerInvitation {
    pub digest: String,
    pub expires: crate::ids::Millis,
}

fn no_admin() -> crate::ids::RoleId {
    crate::model::Builtin::NoAdmin.id()
}

impl Contact {
    pub fn has_access(&self) -> bool {
        self.access.as_ref().is_some_and(|a| a.enabled)
    }
}

/// HIER-1: the three partner roles of an account, top first.
pub const BRANCH_SUFFIXES: [&str; 3] = ["Partner Executive", "Partner Manager", "Partner User"];
