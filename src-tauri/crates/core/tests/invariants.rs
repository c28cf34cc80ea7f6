//! Property tests: random op sequences by random actors never break the invariants
//! (MEM-6: ≥ 1 active Owner; MEM-2: unique emails; ROLE-5: no member holds a partner role),
//! and refused ops never change the state.
mod support;

use proptest::prelude::*;
use std::collections::HashSet;
use support::*;
use trellis_core::*;

const ROLES: [Option<Builtin>; 7] = [
    Some(Builtin::Owner),
    Some(Builtin::Admin),
    Some(Builtin::Member),
    Some(Builtin::Viewer),
    Some(Builtin::AdvancedPartnerCenter),
    Some(Builtin::StandardPartnerCenter),
    None,
];

fn role_id(i: usize, customs: u128) -> Option<RoleId> {
    if i < ROLES.len() {
        ROLES[i].map(|b| b.id())
    } else {
        Some(rid((i - ROLES.len()) as u128 % customs.max(1)))
    }
}

#[derive(Debug, Clone)]
enum Step {
    Invite(u8, u8, usize),
    Accept(u8),
    Revoke(u8, u8),
    Change(u8, Vec<u8>, usize),
    Remove(u8, Vec<u8>),
    CreateRole(u8, u8, bool, u64),
    CloneRole(u8, usize, u8),
    DeleteRole(u8, u8),
}

fn step() -> impl Strategy<Value = Step> {
    let who = 0u8..12;
    prop_oneof![
        (who.clone(), 0u8..12, 0usize..10).prop_map(|(a, m, r)| Step::Invite(a, m, r)),
        (0u8..12).prop_map(Step::Accept),
        (who.clone(), 0u8..12).prop_map(|(a, m)| Step::Revoke(a, m)),
        (who.clone(), prop::collection::vec(0u8..12, 0..4), 0usize..10).prop_map(|(a, ms, r)| Step::Change(a, ms, r)),
        (who.clone(), prop::collection::vec(0u8..12, 0..3)).prop_map(|(a, ms)| Step::Remove(a, ms)),
        (who.clone(), 0u8..4, any::<bool>(), any::<u64>()).prop_map(|(a, n, p, bits)| Step::CreateRole(a, n, p, bits)),
        (who.clone(), 0usize..10, 0u8..4).prop_map(|(a, s, n)| Step::CloneRole(a, s, n)),
        (who, 0u8..4).prop_map(|(a, n)| Step::DeleteRole(a, n)),
    ]
}

fn to_op(s: &Step) -> (Actor, Op) {
    let actor = |a: u8| Actor::Member(mid(a as u128));
    let ids = |ms: &Vec<u8>| ms.iter().map(|m| mid(*m as u128)).collect::<Vec<_>>();
    match s {
        Step::Invite(a, m, r) => (
            actor(*a),
            Op::InviteMember {
                id: mid(100 + *m as u128 * 1000 + *r as u128),
                email: format!("P{m}@Acme.test"),
                name: String::new(),
                role: role_id(*r, 4),
                at: T0,
            },
        ),
        Step::Accept(m) => (actor(*m), Op::AcceptInvite { member: mid(*m as u128), name: String::new(), at: T0 }),
        Step::Revoke(a, m) => (actor(*a), Op::RevokeInvite { member: mid(*m as u128), at: T0 }),
        Step::Change(a, ms, r) => (actor(*a), Op::ChangeRoles { members: ids(ms), role: role_id(*r, 4) }),
        Step::Remove(a, ms) => (actor(*a), Op::RemoveMembers { members: ids(ms), at: T0 }),
        Step::CreateRole(a, n, partner, bits) => {
            let perms: PermissionSet =
                Permission::all().enumerate().filter(|(i, _)| bits & (1 << (i % 64)) != 0).map(|(_, p)| p).collect();
            (
                actor(*a),
                Op::CreateRole {
                    id: rid(*n as u128),
                    name: format!("Role {n}"),
                    description: String::new(),
                    audience: if *partner { Audience::Partner } else { Audience::Internal },
                    permissions: perms,
                    group: None,
                    restriction: Default::default(),
                    segments: Default::default(),
                },
            )
        }
        Step::CloneRole(a, s, n) => (
            actor(*a),
            Op::CloneRole {
                source: role_id(*s, 4).unwrap_or(Builtin::Viewer.id()),
                id: rid(*n as u128),
                name: format!("Clone {n}"),
            },
        ),
        Step::DeleteRole(a, n) => (actor(*a), Op::DeleteRole { id: rid(*n as u128) }),
    }
}

/// A world whose members 1..=11 already exist with assorted roles, so steps have targets.
fn seeded() -> World {
    let mut w = World::new();
    let roles = [Some(Builtin::Owner), Some(Builtin::Admin), Some(Builtin::Member), Some(Builtin::Viewer), None];
    for n in 1..=11u128 {
        if n % 4 == 0 {
            w.run(
                w.owner,
                Op::InviteMember {
                    id: mid(n),
                    email: format!("m{n}@acme.test"),
                    name: String::new(),
                    role: roles[n as usize % 5].map(|b| b.id()),
                    at: T0,
                },
            )
            .unwrap();
        } else {
            w.add(n, roles[n as usize % 5]);
        }
    }
    w
}

fn check_invariants(state: &State) {
    assert!(state.active_owner_count() >= 1, "MEM-6: no active Owner left");
    let mut emails = HashSet::new();
    for m in state.members().filter(|m| m.is_current()) {
        assert!(emails.insert(m.email.to_lowercase()), "MEM-2: duplicate email {}", m.email);
        if let Some(r) = m.role {
            let role = state.role(r).expect("member's role exists");
            assert_eq!(role.audience, Audience::Internal, "ROLE-5: member holds a partner role");
        }
    }
    // The list index stays complete, sorted and in step with the entities.
    let listed: Vec<&Member> = state.members_in_order().map(|(m, _)| m).collect();
    assert_eq!(listed.len(), state.member_count());
    let keys: Vec<String> = listed
        .iter()
        .map(|m| {
            format!(
                "{}\u{0}{}",
                if m.name.is_empty() { m.email.to_lowercase() } else { m.name.to_lowercase() },
                m.email.to_lowercase()
            )
        })
        .collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]), "members list out of order");
    for r in state.roles() {
        let holders = state.members().filter(|m| m.is_current() && m.role == Some(r.id)).count();
        assert_eq!(state.holders_of(r.id), holders, "holder count of {}", r.name);
        if r.audience == Audience::Partner {
            assert!(!r.permissions.contains(Permission::Special(Special::ApiOnly)), "PU-7");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_op_sequences_keep_the_invariants(steps in prop::collection::vec(step(), 1..40)) {
        let mut w = seeded();
        for s in &steps {
            let (actor, op) = to_op(s);
            let before = w.state.clone();
            match apply(&w.state, &actor, &op) {
                Ok(events) => w.state.commit(&events),
                Err(_) => prop_assert!(w.state == before),
            }
            check_invariants(&w.state);
        }
    }

    #[test]
    fn replaying_accepted_ops_rebuilds_the_same_state(steps in prop::collection::vec(step(), 1..30)) {
        let mut w = seeded();
        let mut log = Vec::new();
        let start = w.state.clone();
        for s in &steps {
            let (actor, op) = to_op(s);
            if apply_and_commit(&mut w.state, &actor, &op).is_ok() {
                log.push((actor, op));
            }
        }
        let mut replay = start;
        for (actor, op) in &log {
            apply_and_commit(&mut replay, actor, op).expect("replay");
        }
        prop_assert!(replay == w.state);
    }
}
