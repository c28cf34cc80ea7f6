//! Business records, items and sharing rules: the data visibility is decided over
//! (HIER-2, PU-8, SHARE-1, ITEM-1).

use crate::ids::{ContactId, HierarchyRoleId, ItemId, MemberId, Millis, PartnerAccountId, RecordId, SharingRuleId};
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

/// PU-8: the department, location and class a record belongs to, which a portal role may
/// restrict its holders to.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Segments {
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
}

/// PU-8's optional restrictions of a portal role: when a list is not empty, its holders see
/// (besides their own) only records whose value is in it. Compared case-insensitively.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SegmentFilter {
    #[serde(default)]
    pub departments: Vec<String>,
    #[serde(default)]
    pub locations: Vec<String>,
    #[serde(default)]
    pub classes: Vec<String>,
}

impl SegmentFilter {
    pub fn is_empty(&self) -> bool {
        self.departments.is_empty() && self.locations.is_empty() && self.classes.is_empty()
    }

    pub fn allows(&self, s: &Segments) -> bool {
        fn one(list: &[String], value: &Option<String>) -> bool {
            list.is_empty() || value.as_ref().is_some_and(|v| list.iter().any(|x| x.eq_ignore_ascii_case(v)))
        }
        one(&self.departments, &s.department) && one(&self.locations, &s.location) && one(&self.classes, &s.class)
    }
}

/// RPT-1: what kind of contact with a customer an activity records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ActivityType {
    Call,
    Email,
    Meeting,
    Task,
}

impl ActivityType {
    pub const ALL: [ActivityType; 4] =
        [ActivityType::Call, ActivityType::Email, ActivityType::Meeting, ActivityType::Task];

    pub fn label(self) -> &'static str {
        match self {
            ActivityType::Call => "Call",
            ActivityType::Email => "Email",
            ActivityType::Meeting => "Meeting",
            ActivityType::Task => "Task",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// RPT-1: what an activity record says happened: a call, email, meeting or task, when,
/// and with which customer. Who did it is the record's owner; their partner account, when
/// they are a partner user, is the partner the activity counts for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ActivityFacts {
    #[serde(rename = "type")]
    pub kind: ActivityType,
    /// When it happened (milliseconds since the epoch, UTC).
    #[ts(type = "number")]
    pub at: Millis,
    /// The customer record it concerns.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<RecordId>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Record {
    pub id: RecordId,
    pub kind: RecordKind,
    pub name: String,
    /// Whose record it is: the hierarchy rolls it up from here (HIER-2).
    pub owner: Person,
    #[serde(default)]
    pub segments: Segments,
    /// Set on activity records logged with their facts (RPT-1); absent on other kinds and
    /// on activities written before activities had them.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity: Option<ActivityFacts>,
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

/// Case-insensitive name order, without allocating a lowered copy of either name; records
/// of the same name keep the order of their ids, so a page is the same on every call.
pub fn by_name(a: &Record, b: &Record) -> std::cmp::Ordering {
    a.name.chars().flat_map(char::to_lowercase).cmp(b.name.chars().flat_map(char::to_lowercase)).then(a.id.cmp(&b.id))
}

/// The first 16 bytes of the lowered name, as a number: ordering by it agrees with
/// `by_name` wherever two keys differ (UTF-8 keeps code point order), so most comparisons
/// read this number instead of two names elsewhere in memory.
fn name_key(name: &str) -> u128 {
    let mut key = [0u8; 16];
    let mut n = 0;
    for c in name.chars().flat_map(char::to_lowercase) {
        for b in c.encode_utf8(&mut [0u8; 4]).bytes() {
            if n == key.len() {
                return u128::from_be_bytes(key);
            }
            key[n] = b;
            n += 1;
        }
    }
    u128::from_be_bytes(key)
}

/// Page `offset..offset + limit` of `records` in `by_name` order. Only the records before
/// the page's end are sorted: a partner executive's first page of 50,000 leads does not
/// sort the other 49,950.
pub fn page_by_name(records: Vec<&Record>, offset: usize, limit: usize) -> Vec<&Record> {
    let end = offset.saturating_add(limit).min(records.len());
    if offset >= end {
        return Vec::new();
    }
    let mut keyed: Vec<(u128, &Record)> = records.into_iter().map(|r| (name_key(&r.name), r)).collect();
    let order = |a: &(u128, &Record), b: &(u128, &Record)| a.0.cmp(&b.0).then_with(|| by_name(a.1, b.1));
    if end < keyed.len() {
        keyed.select_nth_unstable_by(end - 1, order);
        keyed.truncate(end);
    }
    keyed.sort_unstable_by(order);
    keyed.drain(offset..).map(|(_, r)| r).collect()
}
