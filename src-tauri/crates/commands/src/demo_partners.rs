//! The demo's partner programme: features and licences, a channel hierarchy, partner
//! accounts (one a subpartner, one not yet enabled, one a person account), partner users
//! with portal, agent and admin roles, items, records and a sharing rule — enough for
//! every partner screen and the visibility explainer to have something to show.

use crate::engine::Trellis;
use crate::ApiResult;
use trellis_core::partners::AccessRoles;
use trellis_core::{
    AccountKind, Audience, Builtin, ContactId, Grantee, HierarchyRoleId, ItemId, MemberId, Op, PartnerAccountId,
    PartnerFeatures, Person, RecordId, RecordKind, RoleId, SegmentFilter, Segments, ShareAccess, SharingRuleId,
};

struct Account {
    name: &'static str,
    domain: &'static str,
    kind: AccountKind,
    enabled: bool,
    people: &'static [&'static str],
}

const ACCOUNTS: [Account; 5] = [
    Account {
        name: "Contoso Networks",
        domain: "contoso.example",
        kind: AccountKind::Business,
        enabled: true,
        people: &["Priya Raman", "Tom Becker", "Lena Vogel", "Marcus Hale", "Sofia Lind"],
    },
    Account {
        name: "Fabrikam Solutions",
        domain: "fabrikam.example",
        kind: AccountKind::Business,
        enabled: true,
        people: &["Ada Obi", "Carlos Mendes", "Hana Sato"],
    },
    Account {
        name: "Tailspin Resellers",
        domain: "tailspin.example",
        kind: AccountKind::Business,
        enabled: true,
        people: &["Eli Navarro", "Mia Chen"],
    },
    Account {
        name: "Litware Systems",
        domain: "litware.example",
        kind: AccountKind::Business,
        enabled: false,
        people: &["Noor Aziz"],
    },
    Account { name: "Jane Cooper", domain: "cooper.example", kind: AccountKind::Person, enabled: false, people: &[] },
];

const DEALS: [&str; 12] = [
    "Core switch refresh",
    "Branch Wi-Fi rollout",
    "SD-WAN pilot",
    "Firewall renewal",
    "Data centre expansion",
    "Campus fibre",
    "Managed security",
    "Retail POS network",
    "Cloud on-ramp",
    "Hospital telemetry",
    "Warehouse IoT",
    "Call centre VoIP",
];

fn email(name: &str, domain: &str) -> String {
    let mut parts = name.split(' ');
    let first = parts.next().unwrap_or("user").to_lowercase();
    let last = parts.next().unwrap_or("").to_lowercase();
    format!("{first}.{last}@{domain}")
}

impl Trellis {
    pub(crate) async fn demo_partner_programme(&self, owner: MemberId, managers: [MemberId; 2]) -> ApiResult<()> {
        let features = PartnerFeatures { partner_access: true, advanced_partner_access: true, licences: 25 };
        self.execute(Op::SetPartnerFeatures { features }).await?;
        let vp = HierarchyRoleId::new_v7();
        let emea = HierarchyRoleId::new_v7();
        let americas = HierarchyRoleId::new_v7();
        for (id, name, parent) in [
            (vp, "VP Channel", None),
            (emea, "Channel Manager EMEA", Some(vp)),
            (americas, "Channel Manager Americas", Some(vp)),
        ] {
            self.execute(Op::CreateHierarchyRole { id, name: name.into(), parent }).await?;
        }
        for (member, role) in [(owner, vp), (managers[0], emea), (managers[1], americas)] {
            self.execute(Op::SetMemberHierarchyRole { member, role: Some(role) }).await?;
        }
        // PU-8: a portal role limited to hardware, for partners that only resell devices.
        let hardware = RoleId::new_v7();
        self.execute(Op::CreateRole {
            id: hardware,
            name: "Hardware Partner Center".into(),
            description: "Advanced Partner Center, limited to hardware records.".into(),
            audience: Audience::Partner,
            group: None,
            permissions: Builtin::AdvancedPartnerCenter.permissions(),
            restriction: Default::default(),
            segments: SegmentFilter { departments: vec![], locations: vec![], classes: vec!["Hardware".into()] },
        })
        .await?;
        let mut ids: Vec<PartnerAccountId> = Vec::new();
        let mut users: Vec<(ContactId, usize)> = Vec::new();
        for (i, a) in ACCOUNTS.iter().enumerate() {
            let id = PartnerAccountId::new_v7();
            let owner = if i % 2 == 0 { managers[0] } else { managers[1] };
            let parent = (a.name == "Tailspin Resellers").then(|| ids[0]);
            let op = Op::CreatePartnerAccount { id, name: a.name.into(), kind: a.kind, owner, parent };
            self.execute(op).await?;
            if a.enabled {
                self.execute(Op::EnablePartnerAccount { id }).await?;
            }
            ids.push(id);
            for (n, person) in a.people.iter().enumerate() {
                let contact = ContactId::new_v7();
                let op = Op::CreateContact {
                    id: contact,
                    account: id,
                    name: (*person).into(),
                    email: email(person, a.domain),
                };
                self.execute(op).await?;
                // Everyone but the last person of each enabled account gets access.
                if a.enabled && n + 1 < a.people.len() {
                    let branch = self.read().await.state.tree().branch(id).to_vec();
                    let (portal, agent, admin) = match n {
                        0 => (Builtin::AdvancedPartnerCenter, Some(Builtin::AdminAgent), Some(Builtin::GlobalAdmin)),
                        1 => (
                            Builtin::AdvancedPartnerCenter,
                            Some(Builtin::SalesAgent),
                            Some(Builtin::UserManagementAdmin),
                        ),
                        2 => (Builtin::StandardPartnerCenter, Some(Builtin::HelpDeskAgent), None),
                        _ => (Builtin::AdvancedPartnerCenter, None, None),
                    };
                    let portal = if n == 3 { hardware } else { portal.id() };
                    let hierarchy_role = match n {
                        0 => None,
                        1 => branch.first().copied(),
                        _ => branch.get(1).copied(),
                    };
                    let op = Op::GiveAccess {
                        contact,
                        roles: AccessRoles {
                            portal_role: portal,
                            agent_role: agent.map(Builtin::id),
                            admin_role: admin.map(Builtin::id),
                        },
                        hierarchy_role,
                        branch: [HierarchyRoleId::new_v7(), HierarchyRoleId::new_v7(), HierarchyRoleId::new_v7()],
                        can_grant_subpartners: n == 0 && i == 0,
                        invitation: None,
                    };
                    self.execute(op).await?;
                    users.push((contact, i));
                }
            }
        }
        for (name, available) in [
            ("Edge Router X200", true),
            ("Campus Switch 48P", true),
            ("Managed Firewall Service", true),
            ("Internal Lab Kit", false),
            ("Beta: Wi-Fi 7 Access Point", false),
        ] {
            self.execute(Op::CreateItem {
                id: ItemId::new_v7(),
                name: name.into(),
                available_in_partner_center: available,
            })
            .await?;
        }
        let mut owners: Vec<Person> = users.iter().map(|(c, _)| Person::Contact(*c)).collect();
        owners.extend([Person::Member(managers[0]), Person::Member(managers[1]), Person::Member(owner)]);
        for (n, deal) in DEALS.iter().enumerate() {
            for (k, kind) in [RecordKind::Opportunity, RecordKind::Lead, RecordKind::Customer].into_iter().enumerate() {
                let owner = owners[(n * 3 + k) % owners.len()];
                let segments = Segments {
                    department: Some(if k == 1 { "Sales" } else { "Services" }.into()),
                    location: Some(if n % 2 == 0 { "EMEA" } else { "Americas" }.into()),
                    class: Some(if n % 3 == 0 { "Services" } else { "Hardware" }.into()),
                };
                let name = match kind {
                    RecordKind::Lead => format!("Lead: {deal}"),
                    RecordKind::Customer => format!("{deal} account"),
                    _ => (*deal).to_string(),
                };
                self.execute(Op::CreateRecord { id: RecordId::new_v7(), kind, name, owner, segments }).await?;
            }
        }
        self.demo_activities(&owners, 24).await?;
        // SHARE-1: EMEA's leads are shared read-only with Fabrikam's partner managers and up.
        let fabrikam_manager = self.read().await.state.tree().branch(ids[1]).get(1).copied();
        if let Some(role) = fabrikam_manager {
            let op = Op::SaveSharingRule {
                id: SharingRuleId::new_v7(),
                version: None,
                name: "EMEA leads for Fabrikam managers".into(),
                kind: RecordKind::Lead,
                source: emea,
                grantee: Grantee::Role(role),
                access: ShareAccess::Read,
            };
            self.execute(op).await?;
        }
        // RPT-3: a Home for every Advanced Partner Center user, counted over their access.
        let op = Op::SaveDashboard {
            id: trellis_core::DashboardId::new_v7(),
            version: None,
            name: "Partner performance".into(),
            tiles: trellis_core::dashboards::TileKind::ALL.to_vec(),
            roles: vec![Builtin::AdvancedPartnerCenter.id()],
            publish_to: trellis_core::dashboards::PublishTo::NewAndExisting,
            locked: true,
        };
        self.execute(op).await?;
        Ok(())
    }
}
