//! Property tests over partner ops: licences are never oversubscribed (WS-3), and access
//! is never given beyond an account's share (a lowered share leaves it over); every
//! enabled partner user's hierarchy role belongs to their account (HIER-1); the hierarchy
//! is always a tree (no cycles, branches of 1–3 contiguous roles under the owner's role);
//! hierarchy role ids never change — they only disappear through a HIER-3 delete; the
//! record list and the single-record check always agree; refused ops change nothing.
mod support;

use proptest::prelude::*;
use std::collections::HashSet;
use support::*;
use trellis_core::partners::{AccessRoles, BRANCH_SUFFIXES};
use trellis_core::visibility::{record_access, viewer, visible_records};
use trellis_core::*;
use uuid::Uuid;

const ACCOUNTS: u128 = 3;
const CONTACTS: u128 = 12;

#[derive(Debug, Clone)]
enum Step {
    Give(u8, u8, bool),
    Revoke(u8),
    Update(u8, u8),
    Disable(u8),
    Enable(u8),
    Owner(u8, u8),
    AddRole(u8),
    Delete(u8, u8, u8),
    Licences(u8),
    Record(u8, u8, u8),
    Share(u8, u8, bool),
    LicenceShare(u8, u8),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0u8..12, 0u8..4, any::<bool>()).prop_map(|(c, h, apc)| Step::Give(c, h, apc)),
        2 => (0u8..12).prop_map(Step::Revoke),
        2 => (0u8..12, 0u8..4).prop_map(|(c, h)| Step::Update(c, h)),
        1 => (0u8..3).prop_map(Step::Disable),
        2 => (0u8..3).prop_map(Step::Enable),
        2 => (0u8..3, 0u8..3).prop_map(|(a, m)| Step::Owner(a, m)),
        2 => (0u8..3).prop_map(Step::AddRole),
        2 => (0u8..3, 1u8..8, 0u8..4).prop_map(|(a, mask, m)| Step::Delete(a, mask, m)),
        1 => (0u8..8).prop_map(Step::Licences),
        3 => (0u8..16, 0u8..4, 0u8..60).prop_map(|(o, k, n)| Step::Record(o, k, n)),
        1 => (0u8..3, 0u8..4, any::<bool>()).prop_map(|(a, h, whole)| Step::Share(a, h, whole)),
        1 => (0u8..3, 0u8..5).prop_map(|(a, n)| Step::LicenceShare(a, n)),
    ]
}

fn branch_role(state: &State, account: PartnerAccountId, i: u8) -> Option<HierarchyRoleId> {
    let branch = state.tree().branch(account);
    (!branch.is_empty()).then(|| branch[i as usize % branch.len()])
}

fn contact_account(n: u128) -> PartnerAccountId {
    aid(1 + n % ACCOUNTS)
}

fn to_op(state: &State, s: &Step, counter: u128) -> Op {
    let c = |n: u8| cid(100 + n as u128);
    match s {
        Step::Give(n, h, apc) => {
            let account = contact_account(*n as u128);
            Op::GiveAccess {
                contact: c(*n),
                roles: AccessRoles {
                    portal_role: if *apc { Builtin::AdvancedPartnerCenter } else { Builtin::StandardPartnerCenter }
                        .id(),
                    agent_role: None,
                    admin_role: None,
                },
                hierarchy_role: branch_role(state, account, *h),
                branch: [hid(1000 + counter * 3), hid(1001 + counter * 3), hid(1002 + counter * 3)],
                can_grant_subpartners: false,
                invitation: None,
            }
        }
        Step::Revoke(n) => Op::RevokeAccess { contact: c(*n) },
        Step::Update(n, h) => {
            let contact = state.contact(c(*n));
            Op::UpdateAccess {
                contact: c(*n),
                version: contact.map_or(0, |x| x.version),
                roles: AccessRoles {
                    portal_role: Builtin::AdvancedPartnerCenter.id(),
                    agent_role: None,
                    admin_role: None,
                },
                hierarchy_role: branch_role(state, contact_account(*n as u128), *h).unwrap_or(hid(1)),
                can_grant_subpartners: false,
            }
        }
        Step::Disable(a) => Op::DisablePartnerAccount { id: aid(1 + *a as u128) },
        Step::Enable(a) => Op::EnablePartnerAccount { id: aid(1 + *a as u128) },
        Step::Owner(a, m) => Op::ChangeAccountOwner {
            id: aid(1 + *a as u128),
            version: state.account(aid(1 + *a as u128)).map_or(0, |x| x.version),
            owner: mid(*m as u128),
        },
        Step::AddRole(a) => Op::AddPartnerHierarchyRole { account: aid(1 + *a as u128), id: hid(5000 + counter) },
        Step::Delete(a, mask, m) => {
            let account = aid(1 + *a as u128);
            let branch = state.tree().branch(account);
            let roles = branch.iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, r)| *r).collect();
            Op::DeletePartnerHierarchyRoles { account, roles, move_to: branch_role(state, account, *m) }
        }
        Step::Licences(n) => Op::SetPartnerFeatures {
            features: PartnerFeatures { partner_access: true, advanced_partner_access: true, licences: *n as u32 },
        },
        Step::Record(o, k, n) => Op::CreateRecord {
            id: RecordId(Uuid::from_u128(0x9000_0000 + counter * 100 + *n as u128)),
            kind: RecordKind::ALL[*k as usize],
            name: format!("Record {n}"),
            owner: if *o < 12 { Person::Contact(c(*o)) } else { Person::Member(mid((*o - 12) as u128 % 3)) },
            segments: Default::default(),
        },
        Step::LicenceShare(a, n) => Op::SetLicenceShare {
            id: aid(1 + *a as u128),
            version: state.account(aid(1 + *a as u128)).map_or(0, |x| x.version),
            share: (*n < 4).then_some(*n as u32),
        },
        Step::Share(a, h, whole) => {
            let account = aid(1 + *a as u128);
            Op::SaveSharingRule {
                id: SharingRuleId(Uuid::from_u128(counter)),
                version: None,
                name: format!("Rule {counter}"),
                kind: RecordKind::Lead,
                source: hid(2),
                grantee: if *whole {
                    Grantee::Account(account)
                } else {
                    Grantee::Role(branch_role(state, account, *h).unwrap_or(hid(99)))
                },
                access: ShareAccess::Read,
            }
        }
    }
}

/// Owner at "VP Channel" (hid 1); members 1 and 2 at "Channel Manager" (hid 2, under it)
/// and "Channel Ops" (hid 3, a root); three enabled accounts; twelve contacts.
fn seeded() -> World {
    let mut w = World::new();
    let features = PartnerFeatures { partner_access: true, advanced_partner_access: true, licences: 5 };
    w.run(w.owner, Op::SetPartnerFeatures { features }).unwrap();
    for (n, name, parent) in [(1, "VP Channel", None), (2, "Channel Manager", Some(hid(1))), (3, "Channel Ops", None)] {
        w.run(w.owner, Op::CreateHierarchyRole { id: hid(n), name: name.into(), parent }).unwrap();
    }
    w.add(1, Some(Builtin::Member));
    w.add(2, Some(Builtin::Member));
    for (m, h) in [(0, 1), (1, 2), (2, 3)] {
        w.run(w.owner, Op::SetMemberHierarchyRole { member: mid(m), role: Some(hid(h)) }).unwrap();
    }
    for a in 1..=ACCOUNTS {
        let op = Op::CreatePartnerAccount {
            id: aid(a),
            name: format!("Partner {a}"),
            kind: AccountKind::Business,
            owner: mid(a % 3),
            parent: None,
        };
        w.run(w.owner, op).unwrap();
        w.run(w.owner, Op::EnablePartnerAccount { id: aid(a) }).unwrap();
    }
    for n in 0..CONTACTS {
        let op = Op::CreateContact {
            id: cid(100 + n),
            account: contact_account(n),
            name: format!("Contact {n}"),
            email: format!("c{n}@partner.test"),
        };
        w.run(w.owner, op).unwrap();
    }
    w
}

fn check(state: &State) {
    let features = state.workspace().unwrap().partner_features;
    let enabled = state.contacts().filter(|c| c.has_access()).count() as u32;
    assert_eq!(state.licences_in_use(), enabled);
    assert!(enabled <= features.licences, "WS-3: {enabled} users on {} licences", features.licences);
    for role in state.roles() {
        let holders = state
            .contacts()
            .filter_map(|c| c.access.as_ref().filter(|a| a.enabled))
            .filter(|a| a.portal_role == role.id || a.agent_role == Some(role.id) || a.admin_role == role.id)
            .count();
        assert_eq!(state.partner_holders_of(role.id), holders, "partner holders of {}", role.name);
    }
    let roles: Vec<&HierarchyRole> = state.hierarchy_roles().collect();
    assert!(state.tree().covers(roles.len()), "the hierarchy has a cycle or a lost role");
    for c in state.contacts() {
        if let Some(a) = &c.access {
            let h = state.hierarchy_role(a.hierarchy_role).expect("a partner user's role exists");
            assert_eq!(h.account, Some(c.account), "HIER-1: a partner user's role belongs to their account");
        }
        if c.has_access() {
            assert!(state.account(c.account).unwrap().enabled, "PA-2: enabled user on a disabled account");
        }
    }
    for account in state.accounts() {
        let branch = state.branch_of(account.id);
        assert!(branch.len() <= 3, "HIER-3: at most three partner roles");
        for (i, role) in branch.iter().enumerate() {
            let expected = format!("{} {}", account.name, BRANCH_SUFFIXES[3 - branch.len() + i]);
            assert_eq!(role.name, expected, "HIER-3: contiguous names");
            if i > 0 {
                assert_eq!(role.parent, Some(branch[i - 1].id), "the branch is a chain");
            }
        }
        if let (Some(top), Some(owner_role)) =
            (branch.first(), state.member(account.owner).and_then(|m| m.hierarchy_role))
        {
            assert_eq!(top.parent, Some(owner_role), "PA-3: the branch sits under the owner's role");
        }
    }
}

fn check_visibility(state: &State) {
    let people = (0..3u128).map(|m| Person::Member(mid(m))).chain((0..CONTACTS).map(|n| Person::Contact(cid(100 + n))));
    for person in people {
        let Some(v) = viewer(state, person) else { continue };
        let listed: HashSet<RecordId> = visible_records(state, &v, None).iter().map(|r| r.id).collect();
        for r in state.records() {
            assert_eq!(record_access(state, &v, r).is_some(), listed.contains(&r.id), "{person:?} {}", r.name);
        }
        // One kind's list is the full list's records of that kind (the packed kinds agree).
        for kind in RecordKind::ALL {
            let of_kind: HashSet<RecordId> = visible_records(state, &v, Some(kind)).iter().map(|r| r.id).collect();
            let expected: HashSet<RecordId> =
                listed.iter().copied().filter(|id| state.record(*id).is_some_and(|r| r.kind == kind)).collect();
            assert_eq!(of_kind, expected, "{person:?} {kind:?}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn partner_ops_keep_the_invariants(steps in prop::collection::vec(step(), 1..45)) {
        let mut w = seeded();
        for (i, s) in steps.iter().enumerate() {
            let op = to_op(&w.state, s, i as u128 + 1);
            let before = w.state.clone();
            let ids_before: HashSet<HierarchyRoleId> = w.state.hierarchy_roles().map(|r| r.id).collect();
            match apply(&w.state, &w.owner, &op) {
                Ok(events) => w.state.commit(&events),
                Err(_) => prop_assert!(w.state == before, "a refused op changed the state"),
            }
            if let Op::GiveAccess { contact, .. } = &op {
                let account = w.state.contact(*contact).and_then(|c| w.state.account(c.account)).unwrap();
                let used = w.state.licences_used_by(account.id);
                let grew = used > before.licences_used_by(account.id);
                prop_assert!(!grew || account.licence_share.is_none_or(|s| used <= s), "WS-3: access given beyond the share");
            }
            let ids_after: HashSet<HierarchyRoleId> = w.state.hierarchy_roles().map(|r| r.id).collect();
            if !matches!(op, Op::DeletePartnerHierarchyRoles { .. }) {
                prop_assert!(ids_before.is_subset(&ids_after), "hierarchy role ids vanished outside a delete");
            }
            check(&w.state);
        }
        check_visibility(&w.state);
    }
}
