//! A random partner workspace and random changes to it, shared by the property tests
//! of draft effects (DRAFT-3) and the access report (RPT-2).

use super::*;
use trellis_core::dashboards::{PublishTo, TileKind};
use trellis_core::partners::AccessRoles;
use trellis_core::*;
use uuid::Uuid;

pub fn rec(n: u128) -> RecordId {
    RecordId(Uuid::from_u128(0x6000_0000_0000_7000_8000_0000_0000_0000 + n))
}

pub fn item(n: u128) -> ItemId {
    ItemId(Uuid::from_u128(0x6100_0000_0000_7000_8000_0000_0000_0000 + n))
}

pub fn rule_id(n: u128) -> SharingRuleId {
    SharingRuleId(Uuid::from_u128(0x6200_0000_0000_7000_8000_0000_0000_0000 + n))
}

pub fn dash(n: u128) -> DashboardId {
    DashboardId(Uuid::from_u128(0x6300_0000_0000_7000_8000_0000_0000_0000 + n))
}

pub fn access(portal: RoleId) -> AccessRoles {
    AccessRoles { portal_role: portal, agent_role: None, admin_role: None }
}

/// Channel Manager (Owner) › West (m1, m2); East (m3) a separate root; Globex (owned by
/// the Owner) with users c1..c3 at three levels, c4 without access; Initech owned by m3
/// with c5; custom internal and partner roles; records owned by everyone; two items; one
/// sharing rule.
pub fn live(seed: &[u8]) -> World {
    let mut w = partner_world(6);
    let owner = w.owner;
    for n in 1..=3 {
        w.add(n, Some([Builtin::Admin, Builtin::Member, Builtin::Viewer][(n as usize + seed[0] as usize) % 3]));
    }
    w.run(owner, Op::CreateHierarchyRole { id: hid(2), name: "West".into(), parent: Some(hid(1)) }).unwrap();
    w.run(owner, Op::CreateHierarchyRole { id: hid(3), name: "East".into(), parent: None }).unwrap();
    for (m, h) in [(1, 2), (2, 2), (3, 3)] {
        w.run(owner, Op::SetMemberHierarchyRole { member: mid(m), role: Some(hid(h)) }).unwrap();
    }
    for (n, restriction) in [(1u128, PartnerRestriction::OwnAndSubordinates), (2, PartnerRestriction::WholeAccount)] {
        let op = Op::CreateRole {
            id: rid(n),
            name: format!("Partner {n}"),
            description: String::new(),
            audience: Audience::Partner,
            group: None,
            permissions: Builtin::AdvancedPartnerCenter.permissions(),
            restriction,
            segments: Default::default(),
        };
        w.run(owner, op).unwrap();
    }
    let op = Op::CreateRole {
        id: rid(3),
        name: "Sales".into(),
        description: String::new(),
        audience: Audience::Internal,
        group: None,
        permissions: PermissionSet::crud(&[Resource::Leads, Resource::Opportunities], &[Action::Read, Action::Update]),
        restriction: Default::default(),
        segments: Default::default(),
    };
    w.run(owner, op).unwrap();
    w.run(owner, give(1, Builtin::AdvancedPartnerCenter, None)).unwrap();
    let b: Vec<HierarchyRoleId> = w.state.branch_of(aid(1)).iter().map(|r| r.id).collect();
    w.run(owner, give(2, Builtin::AdvancedPartnerCenter, Some(b[1]))).unwrap();
    let third = if seed[1].is_multiple_of(2) { rid(1) } else { rid(2) };
    let mut third_op = give(3, Builtin::StandardPartnerCenter, Some(b[0]));
    if let Op::GiveAccess { roles, .. } = &mut third_op {
        *roles = access(third);
    }
    w.run(owner, third_op).unwrap();
    let initech = Op::CreatePartnerAccount {
        id: aid(2),
        name: "Initech".into(),
        kind: AccountKind::Business,
        owner: mid(3),
        parent: None,
    };
    w.run(owner, initech).unwrap();
    w.run(owner, Op::EnablePartnerAccount { id: aid(2) }).unwrap();
    let contact =
        Op::CreateContact { id: cid(5), account: aid(2), name: "C 5".into(), email: "c5@initech.test".into() };
    w.run(owner, contact).unwrap();
    w.run(owner, give(5, Builtin::AdvancedPartnerCenter, None)).unwrap();
    let owners = [
        Person::Member(mid(0)),
        Person::Member(mid(1)),
        Person::Member(mid(2)),
        Person::Member(mid(3)),
        Person::Contact(cid(1)),
        Person::Contact(cid(2)),
        Person::Contact(cid(3)),
        Person::Contact(cid(5)),
    ];
    for (n, owner_person) in owners.into_iter().enumerate() {
        for k in 0..2usize {
            let kind = RecordKind::ALL[(n + k + seed[2] as usize) % 4];
            let op = Op::CreateRecord {
                id: rec((n * 2 + k) as u128),
                kind,
                name: format!("R{n}.{k}"),
                owner: owner_person,
                segments: Default::default(),
            };
            w.run(owner, op).unwrap();
        }
    }
    for n in 0..2 {
        let op = Op::CreateItem { id: item(n), name: format!("Item {n}"), available_in_partner_center: n == 0 };
        w.run(owner, op).unwrap();
    }
    let rule = Op::SaveSharingRule {
        id: rule_id(0),
        version: None,
        name: "West leads to Globex".into(),
        kind: RecordKind::Lead,
        source: hid(2),
        grantee: Grantee::Account(aid(1)),
        access: ShareAccess::Read,
    };
    w.run(owner, rule).unwrap();
    w
}

/// One random draft change, made concrete against the draft's current state.
pub fn to_op(s: &State, (k, a, b): (u8, u8, u8)) -> Option<Op> {
    let roles = [rid(1), rid(2), rid(3)];
    let perms = [
        Permission::Crud(Resource::Leads, Action::Read),
        Permission::Crud(Resource::Leads, Action::Update),
        Permission::Crud(Resource::Opportunities, Action::Read),
        Permission::Crud(Resource::Customers, Action::Read),
        Permission::Crud(Resource::Items, Action::Read),
    ];
    let branch = |acc| s.tree().branch(acc).to_vec();
    Some(match k % 12 {
        0 | 1 => {
            let r = s.role(roles[a as usize % 3])?;
            let p = perms[b as usize % perms.len()];
            let permissions = if r.permissions.contains(p) { r.permissions.without(p) } else { r.permissions.with(p) };
            Op::UpdateRole {
                id: r.id,
                version: r.version,
                name: r.name.clone(),
                description: r.description.clone(),
                permissions,
                restriction: r.restriction,
                segments: r.segments.clone(),
            }
        }
        2 => {
            let r = s.role(roles[a as usize % 2])?;
            let restriction =
                [PartnerRestriction::OwnOnly, PartnerRestriction::OwnAndSubordinates, PartnerRestriction::WholeAccount]
                    [b as usize % 3];
            Op::UpdateRole {
                id: r.id,
                version: r.version,
                name: r.name.clone(),
                description: r.description.clone(),
                permissions: r.permissions,
                restriction,
                segments: r.segments.clone(),
            }
        }
        3 => {
            let role = [Some(rid(3)), Some(Builtin::Member.id()), Some(Builtin::Viewer.id()), None][b as usize % 4];
            Op::ChangeRoles { members: vec![mid(1 + a as u128 % 3)], role }
        }
        4 => Op::SetMemberHierarchyRole {
            member: mid(a as u128 % 4),
            role: [Some(hid(1)), Some(hid(2)), Some(hid(3)), None][b as usize % 4],
        },
        5 => {
            let c = s.contact(cid(1 + a as u128 % 3))?;
            let now = c.access.as_ref()?;
            let portal = [rid(1), rid(2), Builtin::StandardPartnerCenter.id(), Builtin::AdvancedPartnerCenter.id()]
                [b as usize % 4];
            let places = branch(c.account);
            Op::UpdateAccess {
                contact: c.id,
                version: c.version,
                roles: access(portal),
                hierarchy_role: *places.get(b as usize / 4 % places.len().max(1)).unwrap_or(&now.hierarchy_role),
                can_grant_subpartners: false,
            }
        }
        6 => Op::RevokeAccess { contact: cid(1 + a as u128 % 5) },
        7 => Op::GiveAccess {
            contact: cid(1 + a as u128 % 5),
            roles: access(Builtin::AdvancedPartnerCenter.id()),
            hierarchy_role: branch(if a % 5 == 4 { aid(2) } else { aid(1) }).last().copied(),
            branch: [hid(200), hid(201), hid(202)],
            can_grant_subpartners: false,
            invitation: None,
        },
        8 => {
            let acc = s.account(aid(1 + a as u128 % 2))?;
            Op::ChangeAccountOwner { id: acc.id, version: acc.version, owner: mid(b as u128 % 4) }
        }
        9 => match b % 3 {
            0 => Op::DeleteSharingRule { id: rule_id(0) },
            _ => Op::SaveSharingRule {
                id: rule_id(1 + a as u128 % 2),
                version: s.sharing_rule(rule_id(1 + a as u128 % 2)).map(|r| r.version),
                name: format!("Rule {a}"),
                kind: RecordKind::ALL[b as usize % 4],
                source: [hid(1), hid(2), hid(3)][a as usize % 3],
                grantee: if b.is_multiple_of(2) { Grantee::Role(hid(3)) } else { Grantee::Account(aid(2)) },
                access: if a.is_multiple_of(2) { ShareAccess::Read } else { ShareAccess::ReadWrite },
            },
        },
        10 => {
            let id = dash(a as u128 % 2);
            let d = s.dashboard(id);
            match b % 5 {
                0 => Op::DeleteDashboard { id, version: d?.version },
                _ => {
                    let portal =
                        [rid(1), rid(2), Builtin::StandardPartnerCenter.id(), Builtin::AdvancedPartnerCenter.id()];
                    let roles = portal
                        .into_iter()
                        .enumerate()
                        .filter(|(i, _)| (a >> 1) & (1 << i) != 0)
                        .map(|(_, r)| r)
                        .collect();
                    let tiles = [TileKind::OpenOpportunities, TileKind::QuietCustomers][..1 + b as usize % 2].to_vec();
                    let publish_to = if b % 3 == 0 { PublishTo::NewUsersOnly } else { PublishTo::NewAndExisting };
                    Op::SaveDashboard {
                        id,
                        version: d.map(|d| d.version),
                        name: format!("Dashboard {}", a % 2),
                        tiles,
                        roles,
                        publish_to,
                        locked: false,
                    }
                }
            }
        }
        _ => Op::SetItemAvailability { id: item(a as u128 % 2), available_in_partner_center: b.is_multiple_of(2) },
    })
}
