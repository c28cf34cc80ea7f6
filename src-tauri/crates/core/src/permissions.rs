//! The permission matrix (ROLE-4): resources × read/create/update/delete, plus named
//! special permissions. Stored as a 128-bit set so unions and "is a subset of" checks
//! (privilege escalation, MEM-6) cost a couple of instructions.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use ts_rs::TS;

/// A resource of the permission matrix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Resource {
    Members,
    Roles,
    Partners,
    PartnerUsers,
    Leads,
    Opportunities,
    Customers,
    Items,
    Reports,
    AuditLog,
    Settings,
    Billing,
}

impl Resource {
    pub const ALL: [Resource; 12] = [
        Resource::Members,
        Resource::Roles,
        Resource::Partners,
        Resource::PartnerUsers,
        Resource::Leads,
        Resource::Opportunities,
        Resource::Customers,
        Resource::Items,
        Resource::Reports,
        Resource::AuditLog,
        Resource::Settings,
        Resource::Billing,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Resource::Members => "members",
            Resource::Roles => "roles",
            Resource::Partners => "partners",
            Resource::PartnerUsers => "partner_users",
            Resource::Leads => "leads",
            Resource::Opportunities => "opportunities",
            Resource::Customers => "customers",
            Resource::Items => "items",
            Resource::Reports => "reports",
            Resource::AuditLog => "audit_log",
            Resource::Settings => "settings",
            Resource::Billing => "billing",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Resource::Members => "Members",
            Resource::Roles => "Roles & permissions",
            Resource::Partners => "Partner accounts",
            Resource::PartnerUsers => "Partner users",
            Resource::Leads => "Leads",
            Resource::Opportunities => "Opportunities",
            Resource::Customers => "Customers",
            Resource::Items => "Items",
            Resource::Reports => "Reports",
            Resource::AuditLog => "Audit log",
            Resource::Settings => "Settings",
            Resource::Billing => "Billing",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Resource::Members => "The internal team: invite, change roles, remove (Admin › Users).",
            Resource::Roles => "Permission roles and their matrices (Admin › Permissions).",
            Resource::Partners => "Partner companies, their owners and portal enablement.",
            Resource::PartnerUsers => "People at partners who may sign in to the portal.",
            Resource::Leads => "Leads owned by members and partner users.",
            Resource::Opportunities => "Deals in progress.",
            Resource::Customers => "End customers served through partners.",
            Resource::Items => "Products and services, and which are offered in the partner portal.",
            Resource::Reports => "Partner activity, access review and dashboards.",
            Resource::AuditLog => "The append-only record of every change.",
            Resource::Settings => "Workspace settings: features, licences, security policy.",
            Resource::Billing => "Plan, invoices and ownership of the workspace.",
        }
    }

    fn index(self) -> u32 {
        self as u32
    }
}

/// A CRUD action on a resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Read,
    Create,
    Update,
    Delete,
}

impl Action {
    pub const ALL: [Action; 4] = [Action::Read, Action::Create, Action::Update, Action::Delete];

    pub fn key(self) -> &'static str {
        match self {
            Action::Read => "read",
            Action::Create => "create",
            Action::Update => "update",
            Action::Delete => "delete",
        }
    }
}

/// Named permissions outside the CRUD grid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Special {
    LogInAsPartner,
    ManagePartnerAccess,
    Export,
    TransferOwnership,
    ApiOnly,
}

impl Special {
    pub const ALL: [Special; 5] = [
        Special::LogInAsPartner,
        Special::ManagePartnerAccess,
        Special::Export,
        Special::TransferOwnership,
        Special::ApiOnly,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Special::LogInAsPartner => "log_in_as_partner",
            Special::ManagePartnerAccess => "manage_partner_access",
            Special::Export => "export",
            Special::TransferOwnership => "transfer_ownership",
            Special::ApiOnly => "api_only",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Special::LogInAsPartner => "Log in as partner",
            Special::ManagePartnerAccess => "Manage partner access",
            Special::Export => "Export",
            Special::TransferOwnership => "Transfer ownership",
            Special::ApiOnly => "API only",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Special::LogInAsPartner => {
                "Open the portal preview as a partner user; changes made there are saved and audited."
            }
            Special::ManagePartnerAccess => "Give or withdraw portal access and licences for partner users.",
            Special::Export => "Export lists, reports and the audit log to CSV.",
            Special::TransferOwnership => "Make another member an Owner of the workspace.",
            Special::ApiOnly => "Signs in through the API only, never the portal. Not allowed on partner roles (PU-7).",
        }
    }

    fn bit(self) -> u32 {
        48 + self as u32
    }
}

/// Partner-portal features that agent and admin roles grant (PC-2, PC-3). They decide
/// what a partner user may do in the portal, beyond the records they see.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PortalFeature {
    ViewCustomers,
    CreateCustomers,
    EditCustomers,
    Subscriptions,
    ServiceHealth,
    DelegatedAdminRequests,
    PricingAndOffers,
    BillsAndReconciliation,
    AdministerOnBehalf,
    ValueAddedReseller,
    ResellerRequests,
    CustomerAgreement,
    SupportRequests,
    PartnerProfiles,
    UserManagement,
}

impl PortalFeature {
    pub const ALL: [PortalFeature; 15] = [
        PortalFeature::ViewCustomers,
        PortalFeature::CreateCustomers,
        PortalFeature::EditCustomers,
        PortalFeature::Subscriptions,
        PortalFeature::ServiceHealth,
        PortalFeature::DelegatedAdminRequests,
        PortalFeature::PricingAndOffers,
        PortalFeature::BillsAndReconciliation,
        PortalFeature::AdministerOnBehalf,
        PortalFeature::ValueAddedReseller,
        PortalFeature::ResellerRequests,
        PortalFeature::CustomerAgreement,
        PortalFeature::SupportRequests,
        PortalFeature::PartnerProfiles,
        PortalFeature::UserManagement,
    ];

    pub fn key(self) -> &'static str {
        match self {
            PortalFeature::ViewCustomers => "view_customers",
            PortalFeature::CreateCustomers => "create_customers",
            PortalFeature::EditCustomers => "edit_customers",
            PortalFeature::Subscriptions => "subscriptions",
            PortalFeature::ServiceHealth => "service_health",
            PortalFeature::DelegatedAdminRequests => "delegated_admin_requests",
            PortalFeature::PricingAndOffers => "pricing_and_offers",
            PortalFeature::BillsAndReconciliation => "bills_and_reconciliation",
            PortalFeature::AdministerOnBehalf => "administer_on_behalf",
            PortalFeature::ValueAddedReseller => "value_added_reseller",
            PortalFeature::ResellerRequests => "reseller_requests",
            PortalFeature::CustomerAgreement => "customer_agreement",
            PortalFeature::SupportRequests => "support_requests",
            PortalFeature::PartnerProfiles => "partner_profiles",
            PortalFeature::UserManagement => "user_management",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PortalFeature::ViewCustomers => "Search and view customers",
            PortalFeature::CreateCustomers => "Create customers",
            PortalFeature::EditCustomers => "Edit customer details",
            PortalFeature::Subscriptions => "Subscriptions",
            PortalFeature::ServiceHealth => "Service health",
            PortalFeature::DelegatedAdminRequests => "Delegated admin requests",
            PortalFeature::PricingAndOffers => "Pricing, price lists and offers",
            PortalFeature::BillsAndReconciliation => "Bills and reconciliation files",
            PortalFeature::AdministerOnBehalf => "Administer on behalf of a customer",
            PortalFeature::ValueAddedReseller => "Register a value added reseller",
            PortalFeature::ResellerRequests => "Reseller relationship requests",
            PortalFeature::CustomerAgreement => "Customer agreements",
            PortalFeature::SupportRequests => "Support requests",
            PortalFeature::PartnerProfiles => "View partner profiles",
            PortalFeature::UserManagement => "Manage the company's users",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            PortalFeature::ViewCustomers => "Find customers and open their records in the portal.",
            PortalFeature::CreateCustomers => "Add new customers from the portal.",
            PortalFeature::EditCustomers => "Change a customer's details.",
            PortalFeature::Subscriptions => "See and manage customers' subscriptions.",
            PortalFeature::ServiceHealth => "See service health for customers.",
            PortalFeature::DelegatedAdminRequests => "Send and accept delegated admin requests.",
            PortalFeature::PricingAndOffers => "See pricing, price lists and offers.",
            PortalFeature::BillsAndReconciliation => "Download bills and reconciliation files.",
            PortalFeature::AdministerOnBehalf => "Act in a customer's services on their behalf.",
            PortalFeature::ValueAddedReseller => "Register a value added reseller for a customer.",
            PortalFeature::ResellerRequests => "Send reseller relationship requests.",
            PortalFeature::CustomerAgreement => "Record customers' acceptance of agreements.",
            PortalFeature::SupportRequests => "Open and follow support requests.",
            PortalFeature::PartnerProfiles => "See the partner's and its subpartners' profiles.",
            PortalFeature::UserManagement => "View, add and manage the partner company's users and their roles (PC-4).",
        }
    }

    fn bit(self) -> u32 {
        64 + self as u32
    }
}

/// A single permission: a matrix cell, a special permission or a portal feature.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Permission {
    Crud(Resource, Action),
    Special(Special),
    Portal(PortalFeature),
}

impl Permission {
    fn bit(self) -> u32 {
        match self {
            Permission::Crud(r, a) => r.index() * 4 + a as u32,
            Permission::Special(s) => s.bit(),
            Permission::Portal(f) => f.bit(),
        }
    }

    /// `members.read`, `special.export`: the stable text form used in storage, the journal and the UI.
    pub fn key(self) -> String {
        match self {
            Permission::Crud(r, a) => format!("{}.{}", r.key(), a.key()),
            Permission::Special(s) => format!("special.{}", s.key()),
            Permission::Portal(f) => format!("portal.{}", f.key()),
        }
    }

    pub fn from_key(key: &str) -> Option<Permission> {
        let (left, right) = key.split_once('.')?;
        if left == "special" {
            return Special::ALL.into_iter().find(|s| s.key() == right).map(Permission::Special);
        }
        if left == "portal" {
            return PortalFeature::ALL.into_iter().find(|f| f.key() == right).map(Permission::Portal);
        }
        let r = Resource::ALL.into_iter().find(|r| r.key() == left)?;
        let a = Action::ALL.into_iter().find(|a| a.key() == right)?;
        Some(Permission::Crud(r, a))
    }

    pub fn label(self) -> String {
        match self {
            Permission::Crud(r, a) => format!("{} {}", a.key(), r.label().to_lowercase()),
            Permission::Special(s) => s.label().to_owned(),
            Permission::Portal(f) => f.label().to_owned(),
        }
    }

    pub fn all() -> impl Iterator<Item = Permission> {
        Resource::ALL
            .into_iter()
            .flat_map(|r| Action::ALL.into_iter().map(move |a| Permission::Crud(r, a)))
            .chain(Special::ALL.into_iter().map(Permission::Special))
            .chain(PortalFeature::ALL.into_iter().map(Permission::Portal))
    }
}

/// A set of permissions. Serialised as a sorted list of permission keys.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash, TS)]
#[ts(type = "Array<string>")]
pub struct PermissionSet(u128);

impl PermissionSet {
    pub const EMPTY: PermissionSet = PermissionSet(0);

    pub fn all() -> Self {
        Permission::all().collect()
    }

    pub fn contains(self, p: Permission) -> bool {
        self.0 & (1u128 << p.bit()) != 0
    }

    pub fn insert(&mut self, p: Permission) {
        self.0 |= 1u128 << p.bit();
    }

    pub fn remove(&mut self, p: Permission) {
        self.0 &= !(1u128 << p.bit());
    }

    pub fn with(mut self, p: Permission) -> Self {
        self.insert(p);
        self
    }

    pub fn without(mut self, p: Permission) -> Self {
        self.remove(p);
        self
    }

    pub fn union(self, other: Self) -> Self {
        PermissionSet(self.0 | other.0)
    }

    pub fn intersection(self, other: Self) -> Self {
        PermissionSet(self.0 & other.0)
    }

    pub fn is_subset_of(self, other: Self) -> bool {
        self.0 & !other.0 == 0
    }

    /// Permissions in `self` that `other` lacks.
    pub fn minus(self, other: Self) -> Self {
        PermissionSet(self.0 & !other.0)
    }

    /// Every portal feature (PC-2, PC-3): only partner-audience roles carry them.
    pub fn portal_features() -> Self {
        PortalFeature::ALL.into_iter().map(Permission::Portal).collect()
    }

    /// Every permission an internal role can hold: the matrix and the special permissions.
    pub fn internal() -> Self {
        Self::all().minus(Self::portal_features())
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn iter(self) -> impl Iterator<Item = Permission> {
        Permission::all().filter(move |p| self.contains(*p))
    }

    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    pub fn keys(self) -> Vec<String> {
        self.iter().map(Permission::key).collect()
    }

    /// Every CRUD action on each of `resources`.
    pub fn crud(resources: &[Resource], actions: &[Action]) -> Self {
        let mut set = PermissionSet::EMPTY;
        for r in resources {
            for a in actions {
                set.insert(Permission::Crud(*r, *a));
            }
        }
        set
    }

    /// Parses keys from outside, naming `field` and the first unknown key on failure.
    pub fn from_keys<S: AsRef<str>>(keys: &[S], field: &str) -> Result<Self, crate::RuleError> {
        let mut set = PermissionSet::EMPTY;
        for key in keys {
            let key = key.as_ref();
            let p = Permission::from_key(key).ok_or_else(|| {
                crate::RuleError::invalid(field, format!("unknown permission '{}'", crate::validate::shorten(key)))
            })?;
            set.insert(p);
        }
        Ok(set)
    }
}

impl From<Permission> for PermissionSet {
    fn from(p: Permission) -> Self {
        PermissionSet::EMPTY.with(p)
    }
}

impl FromIterator<Permission> for PermissionSet {
    fn from_iter<T: IntoIterator<Item = Permission>>(iter: T) -> Self {
        let mut set = PermissionSet::EMPTY;
        for p in iter {
            set.insert(p);
        }
        set
    }
}

impl std::fmt::Debug for PermissionSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.keys()).finish()
    }
}

impl Serialize for PermissionSet {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter().map(Permission::key))
    }
}

impl<'de> Deserialize<'de> for PermissionSet {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let keys = Vec::<String>::deserialize(d)?;
        PermissionSet::from_keys(&keys, "permissions").map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_permission_has_a_distinct_bit_and_round_trips_by_key() {
        let all: Vec<Permission> = Permission::all().collect();
        assert_eq!(all.len(), 12 * 4 + 5 + 15);
        assert_eq!(PermissionSet::all().len(), all.len(), "bits collide");
        for p in all {
            assert_eq!(Permission::from_key(&p.key()), Some(p));
        }
    }

    #[test]
    fn subset_and_minus() {
        let read = PermissionSet::crud(&[Resource::Members], &[Action::Read]);
        let rw = PermissionSet::crud(&[Resource::Members], &Action::ALL);
        assert!(read.is_subset_of(rw));
        assert!(!rw.is_subset_of(read));
        assert_eq!(rw.minus(read).len(), 3);
    }

    #[test]
    fn unknown_key_names_the_field() {
        let err = PermissionSet::from_keys(&["members.read", "members.fly"], "permissions").unwrap_err();
        assert_eq!(err.field.as_deref(), Some("permissions"));
        assert!(err.message.contains("members.fly"));
    }

    #[test]
    fn serde_uses_keys() {
        let set = PermissionSet::EMPTY.with(Permission::Special(Special::Export));
        assert_eq!(serde_json::to_string(&set).unwrap(), r#"["special.export"]"#);
        let back: PermissionSet = serde_json::from_str(r#"["special.export"]"#).unwrap();
        assert_eq!(back, set);
    }
}
