//! The built-in roles (ROLE-1 for the internal team, PU-1 for the portal) with fixed ids,
//! so every device and every replay names them the same.

use crate::ids::RoleId;
use crate::model::{Audience, Builtin, Role, RoleGroup};
use crate::permissions::{Action, Permission, PermissionSet, Resource, Special};
use uuid::Uuid;

impl Builtin {
    pub const ALL: [Builtin; 6] = [
        Builtin::Owner,
        Builtin::Admin,
        Builtin::Member,
        Builtin::Viewer,
        Builtin::AdvancedPartnerCenter,
        Builtin::StandardPartnerCenter,
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
        };
        Role {
            id: self.id(),
            name: name.to_owned(),
            description: description.to_owned(),
            audience: group.audience(),
            group,
            builtin: Some(self),
            permissions: self.permissions(),
            version: 1,
        }
    }

    pub fn permissions(self) -> PermissionSet {
        use Resource::*;
        let partner_data = [Partners, PartnerUsers, Leads, Opportunities, Customers, Items, Reports];
        match self {
            Builtin::Owner => PermissionSet::all().without(Permission::Special(Special::ApiOnly)),
            Builtin::Admin => PermissionSet::all()
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
    fn partner_builtins_never_carry_api_only() {
        for b in [Builtin::AdvancedPartnerCenter, Builtin::StandardPartnerCenter] {
            assert_eq!(b.audience(), Audience::Partner);
            assert!(!b.permissions().contains(Permission::Special(Special::ApiOnly)), "PU-7");
        }
    }
}
