//! A small world to test rules in: a workspace with an Owner, and helpers to add people.
#![allow(dead_code)]

pub mod random_world;

use trellis_core::*;
use uuid::Uuid;

pub const T0: Millis = 1_764_000_000_000;

pub fn mid(n: u128) -> MemberId {
    MemberId(Uuid::from_u128(0x1000_0000_0000_7000_8000_0000_0000_0000 + n))
}

pub fn rid(n: u128) -> RoleId {
    RoleId(Uuid::from_u128(0x2000_0000_0000_7000_8000_0000_0000_0000 + n))
}

pub struct World {
    pub state: State,
    pub owner: Actor,
}

impl World {
    pub fn new() -> Self {
        let mut state = State::new();
        let op = Op::CreateWorkspace {
            name: "Acme Channel".into(),
            owner: mid(0),
            owner_name: "Olivia Owner".into(),
            owner_email: "olivia@acme.test".into(),
            at: T0,
        };
        apply_and_commit(&mut state, &Actor::Bootstrap, &op).expect("workspace");
        World { state, owner: Actor::Member(mid(0)) }
    }

    pub fn run(&mut self, actor: Actor, op: Op) -> RuleResult<Vec<Event>> {
        apply_and_commit(&mut self.state, &actor, &op)
    }

    /// Invites and accepts a member with `role`, returning them as an actor.
    pub fn add(&mut self, n: u128, role: Option<Builtin>) -> Actor {
        let id = mid(n);
        self.run(
            self.owner,
            Op::InviteMember {
                id,
                email: format!("m{n}@acme.test"),
                name: format!("Member {n}"),
                role: role.map(|b| b.id()),
                at: T0 + n as i64,
            },
        )
        .expect("invite");
        self.run(Actor::Member(id), Op::AcceptInvite { member: id, name: String::new(), at: T0 + n as i64 })
            .expect("accept");
        Actor::Member(id)
    }

    /// Asserts that `op` by `actor` is refused with `code` (and `field`), changing nothing.
    pub fn refused(&mut self, actor: Actor, op: Op, code: ErrorCode, field: Option<&str>) -> RuleError {
        let before = self.state.clone();
        let err = self.run(actor, op).expect_err("should be refused");
        assert_eq!(err.code, code, "{err:?}");
        assert_eq!(err.field.as_deref(), field, "{err:?}");
        assert!(self.state == before, "a refused op changed the state");
        err
    }
}

pub fn aid(n: u128) -> PartnerAccountId {
    PartnerAccountId(Uuid::from_u128(0x3000_0000_0000_7000_8000_0000_0000_0000 + n))
}
pub fn hid(n: u128) -> HierarchyRoleId {
    HierarchyRoleId(Uuid::from_u128(0x4000_0000_0000_7000_8000_0000_0000_0000 + n))
}
pub fn cid(n: u128) -> ContactId {
    ContactId(Uuid::from_u128(0x5000_0000_0000_7000_8000_0000_0000_0000 + n))
}

/// A workspace with Partner Access (and APC) on, `licences` licences, the Owner placed as
/// Channel Manager, and the enabled business account Globex with contacts 1..=4.
pub fn partner_world(licences: u32) -> World {
    let mut w = World::new();
    let features = PartnerFeatures { partner_access: true, advanced_partner_access: true, licences };
    w.run(w.owner, Op::SetPartnerFeatures { features }).unwrap();
    w.run(w.owner, Op::CreateHierarchyRole { id: hid(1), name: "Channel Manager".into(), parent: None }).unwrap();
    w.run(w.owner, Op::SetMemberHierarchyRole { member: mid(0), role: Some(hid(1)) }).unwrap();
    w.run(
        w.owner,
        Op::CreatePartnerAccount {
            id: aid(1),
            name: "Globex".into(),
            kind: AccountKind::Business,
            owner: mid(0),
            parent: None,
        },
    )
    .unwrap();
    w.run(w.owner, Op::EnablePartnerAccount { id: aid(1) }).unwrap();
    for n in 1..=4 {
        w.run(
            w.owner,
            Op::CreateContact {
                id: cid(n),
                account: aid(1),
                name: format!("Contact {n}"),
                email: format!("c{n}@globex.test"),
            },
        )
        .unwrap();
    }
    w
}

pub fn give(n: u128, role: Builtin, hierarchy: Option<HierarchyRoleId>) -> Op {
    Op::GiveAccess {
        contact: cid(n),
        roles: trellis_core::partners::AccessRoles { portal_role: role.id(), agent_role: None, admin_role: None },
        hierarchy_role: hierarchy,
        branch: [hid(100 + n * 3), hid(101 + n * 3), hid(102 + n * 3)],
        can_grant_subpartners: false,
        invitation: None,
    }
}
