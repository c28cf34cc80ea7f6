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
