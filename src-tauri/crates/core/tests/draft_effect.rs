//! DRAFT-1..3: for random workspaces and random drafts, the computed effect equals the
//! naive difference of access (every person, every record, every item) between live and
//! live + draft (dashboards on partner Homes included, RPT-3); publishing applies exactly the draft; a refused publish changes nothing.
mod support;

use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use support::*;
use trellis_core::dashboards::{PublishTo, TileKind};
use trellis_core::draft::{replay, Draft, Step};
use trellis_core::effect::{effect, records};
use trellis_core::partners::AccessRoles;
use trellis_core::visibility::{partner_permissions, record_access, viewer, visible_items};
use trellis_core::*;
use uuid::Uuid;

const CASES: u32 = 3_000;

fn rec(n: u128) -> RecordId {
    RecordId(Uuid::from_u128(0x6000_0000_0000_7000_8000_0000_0000_0000 + n))
}

fn item(n: u128) -> ItemId {
    ItemId(Uuid::from_u128(0x6100_0000_0000_7000_8000_0000_0000_0000 + n))
}

fn rule_id(n: u128) -> SharingRuleId {
    SharingRuleId(Uuid::from_u128(0x6200_0000_0000_7000_8000_0000_0000_0000 + n))
}

fn dash(n: u128) -> DashboardId {
    DashboardId(Uuid::from_u128(0x6300_0000_0000_7000_8000_0000_0000_0000 + n))
}

fn access(portal: RoleId) -> AccessRoles {
    AccessRoles { portal_role: portal, agent_role: None, admin_role: None }
}

/// Channel Manager (Owner) › West (m1, m2); East (m3) a separate root; Globex (owned by
/// the Owner) with users c1..c3 at three levels, c4 without access; Initech owned by m3
/// with c5; custom internal and partner roles; records owned by everyone; two items; one
/// sharing rule.
fn live(seed: &[u8]) -> World {
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
fn to_op(s: &State, (k, a, b): (u8, u8, u8)) -> Option<Op> {
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

type Access = (PermissionSet, BTreeMap<RecordId, bool>, BTreeSet<ItemId>, BTreeSet<DashboardId>);

/// RPT-3, the slow way: published to their portal role, enabled access on an enabled
/// account, not an existing user of a new-users-only dashboard, and a tile they may read.
fn naive_dashboards(s: &State, person: Person, v: &visibility::Viewer) -> BTreeSet<DashboardId> {
    let Person::Contact(c) = person else { return BTreeSet::new() };
    let contact = s.contact(c).unwrap();
    let Some(a) = contact.access.as_ref().filter(|a| a.enabled) else { return BTreeSet::new() };
    if !s.account(contact.account).is_some_and(|x| x.enabled) {
        return BTreeSet::new();
    }
    s.dashboards()
        .filter(|d| d.roles.contains(&a.portal_role))
        .filter(|d| d.publish_to == PublishTo::NewAndExisting || !d.existing.contains(&c))
        .filter(|d| d.tiles.iter().any(|t| t.readable(v)))
        .map(|d| d.id)
        .collect()
}

/// Everything `person` may do and see, the slow way: every record checked one by one.
fn naive(s: &State, person: Person) -> Access {
    let perms = match person {
        Person::Member(id) => s.member(id).map_or(PermissionSet::EMPTY, |m| access::effective_permissions(s, m)),
        Person::Contact(id) => partner_permissions(s, id),
    };
    let Some(v) = viewer(s, person) else { return (perms, BTreeMap::new(), BTreeSet::new(), BTreeSet::new()) };
    let records = s.records().filter_map(|r| record_access(s, &v, r).map(|g| (r.id, g.write))).collect();
    let items = visible_items(s, &v).into_iter().map(|i| i.id).collect();
    (perms, records, items, naive_dashboards(s, person, &v))
}

fn everyone(s: &State) -> BTreeSet<Person> {
    s.members().map(|m| Person::Member(m.id)).chain(s.contacts().map(|c| Person::Contact(c.id))).collect()
}

fn check(seed: &[u8], changes: &[(u8, u8, u8)]) -> Result<(), TestCaseError> {
    let w = live(seed);
    let live = w.state.clone();
    // Draft: each change applied to the draft's state as it goes, refused ones left out.
    let mut draft = Draft::new(DraftId(Uuid::from_u128(1)), "Random".into(), String::new(), mid(0), T0, 0);
    let mut state = live.clone();
    for (i, c) in changes.iter().enumerate() {
        let Some(op) = to_op(&state, *c) else { continue };
        if let Ok(events) = apply(&state, &w.owner, &op) {
            state.commit(&events);
            draft.steps.push(Step { id: OpId(Uuid::from_u128(100 + i as u128)), by: mid(0), at: T0, op, events });
        }
    }
    let replayed = replay(&live, &draft);
    prop_assert!(replayed.broken.is_none());
    prop_assert!(replayed.conflicts.is_empty(), "nothing moved live: {:?}", replayed.conflicts);
    prop_assert!(replayed.state == state, "the replayed draft is the draft");

    // The effect against the naive difference.
    let computed = effect(&live, &replayed.state, &replayed.events);
    let by_person: BTreeMap<Person, _> = computed.people.iter().map(|p| (p.person, p)).collect();
    prop_assert_eq!(by_person.len(), computed.people.len(), "one entry per person");
    let mut all = everyone(&live);
    all.extend(everyone(&state));
    for person in all {
        let (pb, rb, ib, db) = naive(&live, person);
        let (pa, ra, ia, da) = naive(&state, person);
        let records_differ = rb != ra;
        let changed = pb != pa || records_differ || ib != ia || db != da;
        let Some(e) = by_person.get(&person) else {
            prop_assert!(!changed, "{person:?} changes but is missing from the effect");
            continue;
        };
        prop_assert!(changed, "{person:?} is listed but nothing changes for them");
        prop_assert_eq!(e.gained, pa.minus(pb));
        prop_assert_eq!(e.lost, pb.minus(pa));
        prop_assert_eq!(e.records_change, records_differ, "{:?}", person);
        let detail = records(&live, &state, person);
        let expected: Vec<RecordId> = rb
            .keys()
            .chain(ra.keys())
            .filter(|id| rb.get(id) != ra.get(id))
            .copied()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let got: BTreeSet<RecordId> = detail.iter().map(|r| r.id).collect();
        prop_assert_eq!(got.into_iter().collect::<Vec<_>>(), expected, "{:?}", person);
        for r in &detail {
            prop_assert_eq!(r.before.map(|g| g.write), rb.get(&r.id).copied());
            prop_assert_eq!(r.after.map(|g| g.write), ra.get(&r.id).copied());
        }
        let shown: BTreeSet<ItemId> = ia.difference(&ib).copied().collect();
        let hidden: BTreeSet<ItemId> = ib.difference(&ia).copied().collect();
        prop_assert_eq!(e.items_shown.len(), shown.len());
        prop_assert_eq!(e.items_hidden.len(), hidden.len());
        prop_assert_eq!(e.dashboards_shown.len(), da.difference(&db).count(), "{:?}", person);
        prop_assert_eq!(e.dashboards_hidden.len(), db.difference(&da).count(), "{:?}", person);
    }

    // Publishing applies exactly the draft…
    if replayed.ops.is_empty() {
        return Ok(());
    }
    let publish = |ops: Vec<Op>| Op::PublishDraft {
        draft: draft.id,
        name: "Random".into(),
        author: mid(0),
        approver: None,
        editors: vec![],
        ops,
    };
    let mut published = live.clone();
    apply_and_commit(&mut published, &w.owner, &publish(replayed.ops.clone())).expect("publishes");
    prop_assert!(published == state, "publishing applies exactly the draft");
    // …and a publish that fails on its last change changes nothing, naming that change.
    let mut bad = replayed.ops.clone();
    bad.push(Op::DeleteRole { id: Builtin::Owner.id() });
    let before = live.clone();
    let mut target = live.clone();
    let err = apply_and_commit(&mut target, &w.owner, &publish(bad.clone())).unwrap_err();
    prop_assert!(err.message.starts_with(&format!("Change {} of {}", bad.len(), bad.len())), "{}", err.message);
    prop_assert!(target == before, "a refused publish changes nothing");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, ..ProptestConfig::default() })]

    #[test]
    fn effect_is_the_difference_of_access_and_publish_is_the_draft(
        seed in prop::collection::vec(any::<u8>(), 3),
        changes in prop::collection::vec((any::<u8>(), any::<u8>(), any::<u8>()), 1..8),
    ) {
        check(&seed, &changes)?;
    }
}

/// Past 20,000 people the effect is computed on every core: the same people, in the same
/// order, with the same changes as one pass would give.
#[test]
fn a_role_held_by_many_is_summarised_whole_and_in_order() {
    let mut w = World::new();
    let owner = w.owner;
    let role = Op::CreateRole {
        id: rid(9),
        name: "Field".into(),
        description: String::new(),
        audience: Audience::Internal,
        group: None,
        permissions: PermissionSet::crud(&[Resource::Leads], &[Action::Read, Action::Delete]),
        restriction: Default::default(),
        segments: Default::default(),
    };
    w.run(owner, role).unwrap();
    let n = 20_500u128;
    let members = (1..=n)
        .map(|i| ImportedMember {
            id: mid(i),
            email: format!("r{i}@acme.test"),
            name: String::new(),
            role: Some(rid(9)),
        })
        .collect();
    w.run(owner, Op::ImportMembers { members, at: T0 }).unwrap();
    let live = w.state.clone();
    let r = live.role(rid(9)).unwrap().clone();
    let op = Op::UpdateRole {
        id: r.id,
        version: r.version,
        name: r.name.clone(),
        description: String::new(),
        permissions: r.permissions.without(Permission::Crud(Resource::Leads, Action::Delete)),
        restriction: r.restriction,
        segments: r.segments.clone(),
    };
    let events = apply_and_commit(&mut w.state, &owner, &op).unwrap();
    let e = effect(&live, &w.state, &events);
    assert_eq!(e.people.len(), n as usize);
    assert!(e.people.windows(2).all(|p| p[0].person < p[1].person), "in order, no repeats");
    let lost = PermissionSet::EMPTY.with(Permission::Crud(Resource::Leads, Action::Delete));
    assert!(e.people.iter().all(|p| p.lost == lost && p.gained.is_empty()));
}
