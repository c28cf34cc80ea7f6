//! Undoing a creation (sync taking back an own, unsent change; time travel from a
//! checkpoint) finds the entity where it is. After a restart, or from a checkpoint, members
//! and records sit in id order, and one another desktop made with a later clock can sit
//! after the one being taken back: it must be that one that goes, every index with it.
mod support;

use support::*;
use trellis_core::state::Parts;
use trellis_core::*;

fn rec(n: u128) -> RecordId {
    RecordId(uuid::Uuid::from_u128(0x7000_0000_0000_7000_8000_0000_0000_0000 + n))
}

#[test]
fn undoing_a_members_creation_after_a_restart_removes_that_member() {
    let mut w = World::new();
    w.add(1, Some(Builtin::Viewer));
    w.add(3, Some(Builtin::Member));
    let events = w
        .run(
            w.owner,
            Op::InviteMember {
                id: mid(2),
                email: "m2@acme.test".into(),
                name: "Member 2".into(),
                role: Some(Builtin::Viewer.id()),
                at: T0 + 9,
            },
        )
        .unwrap();
    let without: Parts = {
        let mut p = w.state.to_parts();
        p.members.retain(|m| m.id != mid(2));
        p
    };
    // Loaded again (as after a restart): in id order, member 2 is no longer the newest.
    let mut restarted = State::from_all(w.state.to_parts());
    restarted.revert(&events);
    let expected = State::from_all(without);
    assert!(restarted == expected, "the state without member 2");
    assert!(restarted.member(mid(2)).is_none() && restarted.member_by_email("m2@acme.test").is_none());
    assert_eq!(restarted.member_by_email("m3@acme.test").map(|m| m.id), Some(mid(3)), "member 3 is still found");
    let order: Vec<MemberId> = restarted.members_in_order().map(|(m, _)| m.id).collect();
    let want: Vec<MemberId> = expected.members_in_order().map(|(m, _)| m.id).collect();
    assert_eq!(order, want, "the list is the same, in the same order");
    assert_eq!(restarted.holders_of(Builtin::Member.id()), 1);
}

#[test]
fn undoing_a_records_creation_after_a_restart_removes_that_record() {
    let mut w = World::new();
    let owner = Person::Member(mid(0));
    let create = |w: &mut World, n: u128| {
        let op = Op::CreateRecord {
            id: rec(n),
            kind: RecordKind::ALL[n as usize % 4],
            name: format!("Lead {n}"),
            owner,
            segments: Default::default(),
        };
        w.run(w.owner, op).unwrap()
    };
    create(&mut w, 1);
    create(&mut w, 3);
    let events = create(&mut w, 2);
    let without: Parts = {
        let mut p = w.state.to_parts();
        p.records.retain(|r| r.id != rec(2));
        p
    };
    let mut restarted = State::from_all(w.state.to_parts());
    restarted.revert(&events);
    let expected = State::from_all(without);
    assert!(restarted == expected, "the state without lead 2");
    assert!(restarted.record(rec(2)).is_none());
    let names =
        |s: &State| -> Vec<String> { s.record_slots_of(owner).iter().map(|i| s.record_at(*i).name.clone()).collect() };
    assert_eq!(names(&restarted), names(&expected), "the owner's records, each found at its slot");
    assert_eq!(restarted.record(rec(3)).map(|r| r.name.as_str()), Some("Lead 3"));
    for slot in restarted.record_slots_of(owner) {
        assert_eq!(restarted.record_kind_at(*slot), restarted.record_at(*slot).kind, "the packed kind moved with it");
    }
}
