//! The built-in roles (ROLE-1 for the internal team, PU-1 for the portal) with fixed ids,
//! so every device and every replay names them the same.

use crate::ids::RoleId;
use crate::model::{Audience, Builtin, Role, RoleGroup};
use crate::permissions::{Action, Permission, PermissionSet, PortalFeature, Resource, Special};
use uuid::Uuid;

impl Builtin {
    pub const ALL: [Builtin; 13] = [
        Builtin::Owner,
        Builtin::Admin,
        Builtin::Member,
        Builtin::Viewer,
        Builtin::AdvancedPartnerCenter,
        Builtin::StandardPartnerCenter,
        Builtin::AdminAgent,
        Builtin::SalesAgent,
        Builtin::HelpDeskAgent,
        Builtin::GlobalAdmin,
        Builtin::BillingAdmin,
        Builtin::UserManagementAdmin,
        Builtin::NoAdmin,
    ];

    pub fn id(self) -> RoleId {
        RoleId(Uuid::from_u128(0x0000_0000_0000_7000_8000_0000_0000_0001 + self as u128))
    }

    pub fn role(self) -> Role {
        let (name, description, group) = match self {
            Builtin::Owner => {
                ("Owner", "Full access to all settings, billing and admin controls.", RoleGroup::Workspace)
            }
            Builtin::Admin => (
                "Admin",
                "Manages members, roles, permissions, security settings and organisation details.",
                RoleGroup::Workspace,
            ),
            Builtin::Member => {
                ("Member", "Day-to-day partner data and workflows. No admin settings.", RoleGroup::Workspace)
            }
            Builtin::Viewer => ("Viewer", "Read-only access to partner records and reports.", RoleGroup::Workspace),
            Builtin::AdvancedPartnerCenter => (
                "Advanced Partner Center",
                "Default portal role: records, transactions and reports of the partnership.",
                RoleGroup::Portal,
            ),
            Builtin::StandardPartnerCenter => {
                ("Standard Partner Center", "Basic portal role: profile and partnership reports.", RoleGroup::Portal)
            }
            Builtin::AdminAgent => (
                "Admin agent",
                "Customers, subscriptions, pricing, bills, administer on behalf of customers. Not user management.",
                RoleGroup::Agent,
            ),
            Builtin::SalesAgent => (
                "Sales agent",
                "Customers, subscriptions, reseller requests, agreements, support. Not pricing, bills or administer on behalf.",
                RoleGroup::Agent,
            ),
            Builtin::HelpDeskAgent => (
                "Help desk agent",
                "Search and view customers, edit their details, service health, administer on behalf.",
                RoleGroup::Agent,
            ),
            Builtin::GlobalAdmin => {
                ("Global admin", "Everything in the portal, including the company's users.", RoleGroup::Admin)
            }
            Builtin::BillingAdmin => {
                ("Billing admin", "Bills and reconciliation files, agreements, price lists, offers.", RoleGroup::Admin)
            }
            Builtin::UserManagementAdmin => (
                "User management admin",
                "View, create and manage the company's users; view all partner profiles.",
                RoleGroup::Admin,
            ),
            Builtin::NoAdmin => ("No admin", "Administers no portal features (the default).", RoleGroup::Admin),
        };
        Role {
            id: self.id(),
            name: name.to_owned(),
            description: description.to_owned(),
            audience: group.audience(),
            group,
            builtin: Some(self),
            permissions: self.permissions(),
            restriction: Default::default(),
            segments: Default::default(),
            version: 1,
        }
    }

    pub fn permissions(self) -> PermissionSet {
        use PortalFeature as F;
        use Resource::*;
        let partner_data = [Partners, PartnerUsers, Leads, Opportunities, Customers, Items, Reports];
        let features = |list: &[PortalFeature]| list.iter().map(|f| Permission::Portal(*f)).collect::<PermissionSet>();
        let customers = PermissionSet::crud(&[Customers], &[Action::Read, Action::Create, Action::Update]);
        match self {
            Builtin::Owner => PermissionSet::internal().without(Permission::Special(Special::ApiOnly)),
            Builtin::Admin => PermissionSet::internal()
                .without(Permission::Special(Special::ApiOnly))
                .without(Permission::Special(Special::TransferOwnership))
                .minus(PermissionSet::crud(&[Billing], &Action::ALL)),
            Builtin::Member => PermissionSet::crud(&partner_data, &Action::ALL)
                .with(Permission::Special(Special::LogInAsPartner))
                .with(Permission::Special(Special::ManagePartnerAccess))
                .with(Permission::Special(Special::Export)),
            Builtin::Viewer => PermissionSet::crud(&partner_data, &[Action::Read]),
            Builtin::AdvancedPartnerCenter => PermissionSet::crud(&[Leads, Opportunities, Customers], &Action::ALL)
                .union(PermissionSet::crud(&[Items, Reports, Partners], &[Action::Read])),
            Builtin::StandardPartnerCenter => PermissionSet::crud(&[Partners, Reports], &[Action::Read]),
            // PC-2: what each agent role works on, and explicitly not.
            Builtin::AdminAgent => customers.union(features(&[
                F::ViewCustomers,
                F::CreateCustomers,
                F::EditCustomers,
                F::Subscriptions,
                F::ServiceHealth,
                F::DelegatedAdminRequests,
                F::PricingAndOffers,
                F::BillsAndReconciliation,
                F::AdministerOnBehalf,
                F::ValueAddedReseller,
            ])),
            Builtin::SalesAgent => customers.union(features(&[
                F::ViewCustomers,
                F::CreateCustomers,
                F::EditCustomers,
                F::Subscriptions,
                F::ResellerRequests,
                F::CustomerAgreement,
                F::ValueAddedReseller,
                F::SupportRequests,
                F::ServiceHealth,
            ])),
            Builtin::HelpDeskAgent => {
                PermissionSet::crud(&[Customers], &[Action::Read, Action::Update]).union(features(&[
                    F::ViewCustomers,
                    F::EditCustomers,
                    F::ServiceHealth,
                    F::AdministerOnBehalf,
                    F::PartnerProfiles,
                ]))
            }
            // PC-3: admin roles.
            Builtin::GlobalAdmin => PermissionSet::portal_features()
                .union(PermissionSet::crud(&[PartnerUsers], &Action::ALL))
                .union(PermissionSet::crud(&[Partners], &[Action::Read])),
            Builtin::BillingAdmin => features(&[F::BillsAndReconciliation, F::CustomerAgreement, F::PricingAndOffers]),
            Builtin::UserManagementAdmin => features(&[F::UserManagement, F::PartnerProfiles])
                .union(PermissionSet::crud(&[PartnerUsers], &[Action::Read, Action::Create, Action::Update]))
                .union(PermissionSet::crud(&[Partners], &[Action::Read])),
            Builtin::NoAdmin => PermissionSet::EMPTY,
        }
    }

    pub fn audience(self) -> Audience {
        self.role().audience
    }

    pub fn from_id(id: RoleId) -> Option<Builtin> {
        Builtin::ALL.into_iter().find(|b| b.id() == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_ids_are_distinct_and_stable() {
        let ids: std::collections::HashSet<_> = Builtin::ALL.iter().map(|b| b.id()).collect();
        assert_eq!(ids.len(), Builtin::ALL.len());
        assert_eq!(Builtin::Owner.id().to_string(), "00000000-0000-7000-8000-000000000001");
    }

    #[test]
    fn rank_of_internal_builtins() {
        // ROLE-1: Owner ⊃ Admin ⊃ Member ⊃ Viewer
        let p = |b: Builtin| b.permissions();
        assert!(p(Builtin::Admin).is_subset_of(p(Builtin::Owner)) && p(Builtin::Admin) != p(Builtin::Owner));
        assert!(p(Builtin::Member).is_subset_of(p(Builtin::Admin)));
        assert!(p(Builtin::Viewer).is_subset_of(p(Builtin::Member)));
        assert!(!p(Builtin::Admin).contains(Permission::Crud(Resource::Billing, Action::Read)));
        assert!(p(Builtin::Admin).contains(Permission::Crud(Resource::Members, Action::Delete)));
        assert!(!p(Builtin::Member).contains(Permission::Crud(Resource::Members, Action::Read)), "MEM-1");
    }

    #[test]
    fn agent_roles_match_pc2() {
        use PortalFeature as F;
        let has = |b: Builtin, f: F| b.permissions().contains(Permission::Portal(f));
        assert!(has(Builtin::AdminAgent, F::BillsAndReconciliation) && has(Builtin::AdminAgent, F::AdministerOnBehalf));
        assert!(!has(Builtin::AdminAgent, F::UserManagement), "PC-2: admin agent has no user management");
        assert!(has(Builtin::SalesAgent, F::ResellerRequests) && has(Builtin::SalesAgent, F::SupportRequests));
        for f in [F::PricingAndOffers, F::BillsAndReconciliation, F::AdministerOnBehalf] {
            assert!(!has(Builtin::SalesAgent, f), "PC-2: sales agent lacks {f:?}");
        }
        assert!(has(Builtin::HelpDeskAgent, F::AdministerOnBehalf) && has(Builtin::HelpDeskAgent, F::PartnerProfiles));
        for f in [F::CreateCustomers, F::Subscriptions, F::ResellerRequests, F::PricingAndOffers, F::CustomerAgreement]
        {
            assert!(!has(Builtin::HelpDeskAgent, f), "PC-2: help desk agent lacks {f:?}");
        }
        assert!(
            !has(Builtin::HelpDeskAgent, F::BillsAndReconciliation)
                && !has(Builtin::HelpDeskAgent, F::ValueAddedReseller)
        );
    }

    #[test]
    fn admin_roles_match_pc3() {
        use PortalFeature as F;
        assert!(PermissionSet::portal_features().is_subset_of(Builtin::GlobalAdmin.permissions()));
        let billing = Builtin::BillingAdmin.permissions();
        assert!(billing.contains(Permission::Portal(F::BillsAndReconciliation)));
        assert!(!billing.contains(Permission::Portal(F::UserManagement)));
        let users = Builtin::UserManagementAdmin.permissions();
        assert!(
            users.contains(Permission::Portal(F::UserManagement))
                && users.contains(Permission::Portal(F::PartnerProfiles))
        );
        assert!(Builtin::NoAdmin.permissions().is_empty(), "PC-1: No admin grants nothing");
        for b in [Builtin::Owner, Builtin::Admin] {
            assert!(
                b.permissions().minus(PermissionSet::internal()).is_empty(),
                "internal roles hold no portal features"
            );
        }
    }

    #[test]
    fn partner_builtins_never_carry_api_only() {
        for b in [
            Builtin::AdvancedPartnerCenter,
            Builtin::StandardPartnerCenter,
            Builtin::AdminAgent,
            Builtin::SalesAgent,
            Builtin::HelpDeskAgent,
            Builtin::GlobalAdmin,
            Builtin::BillingAdmin,
            Builtin::UserManagementAdmin,
            Builtin::NoAdmin,
        ] {
            assert_eq!(b.audience(), Audience::Partner);
            assert!(!b.permissions().contains(Permission::Special(Special::ApiOnly)), "PU-7");
        }
    }
}
