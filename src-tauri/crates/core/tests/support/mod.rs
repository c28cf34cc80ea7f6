//! A small world to test rules in: a workspace with an Owner, and helpers to add people.
#![allow(dead_code)]

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
