//! Business records, items and sharing rules: the data visibility is decided over
//! (HIER-2, PU-8, SHARE-1, ITEM-1).

use crate::ids::{ContactId, HierarchyRoleId, ItemId, MemberId, PartnerAccountId, RecordId, SharingRuleId};
use crate::permissions::Resource;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Someone who can own records and see them: an internal member or a partner user.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Person {
    Member(MemberId),
    Contact(ContactId),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Lead,
    Opportunity,
    Customer,
    Activity,
}

impl RecordKind {
    pub const ALL: [RecordKind; 4] =
        [RecordKind::Lead, RecordKind::Opportunity, RecordKind::Customer, RecordKind::Activity];

    /// The permission-matrix resource that governs this kind. Activities follow the
    /// opportunities they belong to.
    pub fn resource(self) -> Resource {
        match self {
            RecordKind::Lead => Resource::Leads,
            RecordKind::Opportunity | RecordKind::Activity => Resource::Opportunities,
            RecordKind::Customer => Resource::Customers,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RecordKind::Lead => "Lead",
            RecordKind::Opportunity => "Opportunity",
            RecordKind::Customer => "Customer",
            RecordKind::Activity => "Activity",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Record {
    pub id: RecordId,
    pub kind: RecordKind,
    pub name: String,
    /// Whose record it is: the hierarchy rolls it up from here (HIER-2).
    pub owner: Person,
    pub version: u32,
}

/// ITEM-1: products and services; partner users see only those flagged for the portal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Item {
    pub id: ItemId,
    pub name: String,
    pub available_in_partner_center: bool,
    pub version: u32,
}

/// SHARE-1: who a sharing rule grants access to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Grantee {
    /// Every partner user of the account.
    Account(PartnerAccountId),
    /// People holding this hierarchy role, and those above it.
    Role(HierarchyRoleId),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ShareAccess {
    Read,
    ReadWrite,
}

/// SHARE-1: records of `kind` owned by people at `source` or below it are shared with
/// `grantee`, read-only or read/write.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SharingRule {
    pub id: SharingRuleId,
    pub name: String,
    pub kind: RecordKind,
    pub source: HierarchyRoleId,
    pub grantee: Grantee,
    pub access: ShareAccess,
    pub version: u32,
}
