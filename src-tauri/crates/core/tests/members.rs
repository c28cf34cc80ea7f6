//! MEM-1..MEM-6 and ROLE-5 for members.
mod support;

use support::*;
use trellis_core::*;

#[test]
fn ws1_workspace_starts_with_one_active_owner_and_the_builtins() {
    let w = World::new();
    assert_eq!(w.state.active_owner_count(), 1);
    assert_eq!(w.state.roles().len(), Builtin::ALL.len());
    let again = Op::CreateWorkspace {
        name: "x".into(),
        owner: mid(9),
        owner_name: "x".into(),
        owner_email: "x@y.io".into(),
        at: T0,
    };
    let err = apply(&w.state, &Actor::Bootstrap, &again).unwrap_err();
    assert_eq!(err.code, ErrorCode::Workspace);
}

#[test]
fn ws1_bad_owner_input_names_the_field() {
    let s = State::new();
    let op = |name: &str, email: &str, ws: &str| Op::CreateWorkspace {
        name: ws.into(),
        owner: mid(0),
        owner_name: name.into(),
        owner_email: email.into(),
        at: T0,
    };
    assert_eq!(
        apply(&s, &Actor::Bootstrap, &op("Ann", "nope", "W")).unwrap_err().field.as_deref(),
        Some("owner_email")
    );
    assert_eq!(apply(&s, &Actor::Bootstrap, &op(" ", "a@b.io", "W")).unwrap_err().field.as_deref(), Some("owner_name"));
    assert_eq!(
        apply(&s, &Actor::Bootstrap, &op("Ann", "a@b.io", &"w".repeat(101))).unwrap_err().field.as_deref(),
        Some("workspace_name")
    );
}

#[test]
fn mem2_invite_is_pending_then_active_on_accept() {
    let mut w = World::new();
    let op = Op::InviteMember {
        id: mid(1),
        email: "Ben@Acme.test".into(),
        name: "".into(),
        role: Some(Builtin::Member.id()),
        at: T0,
    };
    w.run(w.owner, op).unwrap();
    assert_eq!(w.state.member(mid(1)).unwrap().status, MemberStatus::Pending);
    // A pending member has no permissions yet.
    let err = apply(&w.state, &Actor::Member(mid(1)), &Op::DeleteRole { id: rid(1) }).unwrap_err();
    assert_eq!(err.code, ErrorCode::Forbidden);
    // Nobody else may accept for them.
    w.refused(w.owner, Op::AcceptInvite { member: mid(1), name: "".into(), at: T0 }, ErrorCode::Forbidden, None);
    w.run(Actor::Member(mid(1)), Op::AcceptInvite { member: mid(1), name: "Ben Bauer".into(), at: T0 + 5 }).unwrap();
    let m = w.state.member(mid(1)).unwrap();
    assert_eq!((m.status, m.name.as_str(), m.joined_at), (MemberStatus::Active, "Ben Bauer", Some(T0 + 5)));
}

#[test]
fn mem2_emails_are_unique_case_insensitively_and_validated() {
    let mut w = World::new();
    let invite = |n: u128, email: &str| Op::InviteMember {
        id: mid(n),
        email: email.into(),
        name: "".into(),
        role: None,
        at: T0,
    };
    w.run(w.owner, invite(1, "ben@acme.test")).unwrap();
    w.refused(w.owner, invite(2, "BEN@ACME.TEST"), ErrorCode::Conflict, Some("email"));
    w.refused(w.owner, invite(3, "OLIVIA@acme.test"), ErrorCode::Conflict, Some("email"));
    w.refused(w.owner, invite(4, "not-an-email"), ErrorCode::Invalid, Some("email"));
    w.refused(w.owner, invite(5, "<img src=x onerror=alert(1)>@x.com"), ErrorCode::Invalid, Some("email"));
    let long_name =
        Op::InviteMember { id: mid(6), email: "z@acme.test".into(), name: "n".repeat(101), role: None, at: T0 };
    w.refused(w.owner, long_name, ErrorCode::Invalid, Some("name"));
}

#[test]
fn mem2_resend_and_revoke_work_on_pending_invites_only() {
    let mut w = World::new();
    w.run(w.owner, Op::InviteMember { id: mid(1), email: "ben@acme.test".into(), name: "".into(), role: None, at: T0 })
        .unwrap();
    w.run(w.owner, Op::ResendInvite { member: mid(1), at: T0 + 1 }).unwrap();
    assert_eq!(w.state.member(mid(1)).unwrap().invites_sent, 2);
    w.run(w.owner, Op::RevokeInvite { member: mid(1), at: T0 + 2 }).unwrap();
    assert_eq!(w.state.member(mid(1)).unwrap().status, MemberStatus::Removed);
    w.refused(w.owner, Op::ResendInvite { member: mid(1), at: T0 }, ErrorCode::Rule, Some("member_id"));
    w.refused(w.owner, Op::RevokeInvite { member: mid(0), at: T0 }, ErrorCode::Rule, Some("member_id"));
    // The email is free again once the invite is revoked.
    w.run(w.owner, Op::InviteMember { id: mid(2), email: "ben@acme.test".into(), name: "".into(), role: None, at: T0 })
        .unwrap();
}

#[test]
fn role5_partner_roles_are_refused_for_members() {
    let mut w = World::new();
    let op = Op::InviteMember {
        id: mid(1),
        email: "p@acme.test".into(),
        name: "".into(),
        role: Some(Builtin::AdvancedPartnerCenter.id()),
        at: T0,
    };
    let err = w.refused(w.owner, op, ErrorCode::Rule, Some("role_id"));
    assert!(err.message.contains("partner role"));
    let ben = w.add(1, Some(Builtin::Member));
    let Actor::Member(ben_id) = ben else { unreachable!() };
    w.refused(
        w.owner,
        Op::ChangeRoles { members: vec![ben_id], role: Some(Builtin::StandardPartnerCenter.id()) },
        ErrorCode::Rule,
        Some("role_id"),
    );
}

#[test]
fn mem3_bulk_change_is_all_or_nothing() {
    let mut w = World::new();
    for n in 1..=3 {
        w.add(n, Some(Builtin::Viewer));
    }
    w.run(w.owner, Op::ChangeRoles { members: vec![mid(1), mid(2)], role: Some(Builtin::Member.id()) }).unwrap();
    assert_eq!(w.state.holders_of(Builtin::Member.id()), 2);
    // One unknown id refuses the whole batch.
    w.refused(
        w.owner,
        Op::ChangeRoles { members: vec![mid(3), mid(99)], role: Some(Builtin::Admin.id()) },
        ErrorCode::NotFound,
        Some("member_ids"),
    );
    assert_eq!(w.state.member(mid(3)).unwrap().role, Some(Builtin::Viewer.id()));
    w.refused(w.owner, Op::ChangeRoles { members: vec![], role: None }, ErrorCode::Invalid, Some("member_ids"));
    w.refused(
        w.owner,
        Op::ChangeRoles { members: vec![mid(3)], role: Some(rid(77)) },
        ErrorCode::NotFound,
        Some("role_id"),
    );
}

#[test]
fn mem6_last_owner_can_never_be_removed_or_demoted() {
    let mut w = World::new();
    let admin = w.add(1, Some(Builtin::Admin));
    w.refused(
        w.owner,
        Op::ChangeRoles { members: vec![mid(0)], role: Some(Builtin::Admin.id()) },
        ErrorCode::Rule,
        Some("member_ids"),
    );
    w.refused(w.owner, Op::RemoveMembers { members: vec![mid(0)], at: T0 }, ErrorCode::Rule, Some("member_ids"));
    w.refused(w.owner, Op::ChangeRoles { members: vec![mid(0)], role: None }, ErrorCode::Rule, Some("member_ids"));
    // With a second Owner, one may go — but not both at once.
    w.run(w.owner, Op::ChangeRoles { members: vec![mid(1)], role: Some(Builtin::Owner.id()) }).unwrap();
    w.refused(
        w.owner,
        Op::RemoveMembers { members: vec![mid(0), mid(1)], at: T0 },
        ErrorCode::Rule,
        Some("member_ids"),
    );
    w.run(admin, Op::ChangeRoles { members: vec![mid(0)], role: Some(Builtin::Member.id()) }).unwrap();
    assert_eq!(w.state.active_owner_count(), 1);
}

#[test]
fn mem6_pending_owner_does_not_count_as_an_owner() {
    let mut w = World::new();
    w.run(
        w.owner,
        Op::InviteMember {
            id: mid(1),
            email: "o2@acme.test".into(),
            name: "".into(),
            role: Some(Builtin::Owner.id()),
            at: T0,
        },
    )
    .unwrap();
    w.refused(
        w.owner,
        Op::ChangeRoles { members: vec![mid(0)], role: Some(Builtin::Admin.id()) },
        ErrorCode::Rule,
        Some("member_ids"),
    );
}

#[test]
fn mem6_nobody_grants_more_than_they_hold() {
    let mut w = World::new();
    let admin = w.add(1, Some(Builtin::Admin));
    w.add(2, Some(Builtin::Member));
    // Admin lacks billing and ownership transfer: cannot make an Owner...
    let err = w.refused(
        admin,
        Op::ChangeRoles { members: vec![mid(2)], role: Some(Builtin::Owner.id()) },
        ErrorCode::Forbidden,
        Some("role_id"),
    );
    assert!(err.message.contains("billing"), "{}", err.message);
    // ...cannot invite one, and cannot demote or remove one.
    w.refused(
        admin,
        Op::InviteMember {
            id: mid(3),
            email: "x@acme.test".into(),
            name: "".into(),
            role: Some(Builtin::Owner.id()),
            at: T0,
        },
        ErrorCode::Forbidden,
        Some("role_id"),
    );
    w.refused(admin, Op::RemoveMembers { members: vec![mid(0)], at: T0 }, ErrorCode::Forbidden, Some("member_ids"));
    // ...and cannot create a role with billing.
    let perms = Builtin::Owner.permissions();
    w.refused(
        admin,
        Op::CreateRole {
            id: rid(1),
            name: "Super".into(),
            description: "".into(),
            audience: Audience::Internal,
            permissions: perms,
            group: None,
            restriction: Default::default(),
            segments: Default::default(),
        },
        ErrorCode::Forbidden,
        Some("permissions"),
    );
}

#[test]
fn mem1_only_member_managers_may_manage_members() {
    let mut w = World::new();
    let member = w.add(1, Some(Builtin::Member));
    let viewer = w.add(2, Some(Builtin::Viewer));
    let nobody = w.add(3, None);
    for actor in [member, viewer, nobody] {
        w.refused(
            actor,
            Op::InviteMember { id: mid(9), email: "q@acme.test".into(), name: "".into(), role: None, at: T0 },
            ErrorCode::Forbidden,
            None,
        );
        w.refused(actor, Op::RemoveMembers { members: vec![mid(2)], at: T0 }, ErrorCode::Forbidden, None);
        w.refused(actor, Op::DeleteRole { id: Builtin::Viewer.id() }, ErrorCode::Forbidden, None);
    }
}

#[test]
fn mem4_removed_member_keeps_their_row_and_loses_access() {
    let mut w = World::new();
    let ben = w.add(1, Some(Builtin::Admin));
    w.run(w.owner, Op::RemoveMembers { members: vec![mid(1)], at: T0 + 9 }).unwrap();
    let m = w.state.member(mid(1)).unwrap();
    assert_eq!((m.status, m.removed_at), (MemberStatus::Removed, Some(T0 + 9)));
    let err = w.refused(
        ben,
        Op::InviteMember { id: mid(5), email: "z@acme.test".into(), name: "".into(), role: None, at: T0 },
        ErrorCode::Forbidden,
        None,
    );
    assert!(err.message.contains("removed"));
    // Removing again is refused; re-inviting the same email is how to undo (MEM-4).
    w.refused(w.owner, Op::RemoveMembers { members: vec![mid(1)], at: T0 }, ErrorCode::Rule, Some("member_ids"));
    w.run(w.owner, Op::InviteMember { id: mid(6), email: "M1@acme.test".into(), name: "".into(), role: None, at: T0 })
        .unwrap();
}

#[test]
fn import_is_all_or_nothing_and_checks_every_row() {
    let mut w = World::new();
    let row = |n: u128, email: &str, role: Option<Builtin>| ImportedMember {
        id: mid(n),
        email: email.into(),
        name: format!("Imported {n}"),
        role: role.map(|b| b.id()),
    };
    let ok = vec![row(1, "a@acme.test", Some(Builtin::Member)), row(2, "b@acme.test", None)];
    w.run(w.owner, Op::ImportMembers { members: ok, at: T0 }).unwrap();
    assert_eq!(w.state.member(mid(1)).unwrap().status, MemberStatus::Active);
    let dup = vec![row(3, "c@acme.test", None), row(4, "C@ACME.test", None)];
    let err = w.refused(w.owner, Op::ImportMembers { members: dup, at: T0 }, ErrorCode::Conflict, Some("email"));
    assert!(err.message.starts_with("Row 2"));
    let partner = vec![row(5, "d@acme.test", Some(Builtin::StandardPartnerCenter))];
    w.refused(w.owner, Op::ImportMembers { members: partner, at: T0 }, ErrorCode::Rule, Some("role_id"));
    let bad = vec![row(6, "e@acme.test", None), row(7, "broken", None)];
    w.refused(w.owner, Op::ImportMembers { members: bad, at: T0 }, ErrorCode::Invalid, Some("email"));
}

/// MEM-5: a large workspace's list order (built from 16-byte key prefixes on two threads,
/// then merged) is exactly the order of the full keys — with names that tie in their first
/// 16 bytes, names that are exactly 16 bytes, invite-only members without a name, and
/// members that share a name.
#[test]
fn a_large_workspace_lists_members_in_exactly_name_then_email_order() {
    let names = [
        "",
        "Zoë",
        "Alexandra Constantinou",
        "Alexandra Constantinidis",
        "Abcdefghijklmnop",
        "Abcdefghijklmnopq",
        "Ben",
    ];
    let members: Vec<Member> = (0..25_000u32)
        .map(|i| Member {
            id: MemberId::new_v7(),
            email: format!(
                "{}{}@acme.test",
                ["x", "a", "alexandra.c", "abcdefghijklmnop"][(i % 4) as usize],
                i * 7919 % 25_000
            ),
            name: names[(i as usize * 31) % names.len()].to_owned(),
            role: None,
            hierarchy_role: None,
            db_login: None,
            status: MemberStatus::Active,
            invited_at: 0,
            joined_at: Some(0),
            removed_at: None,
            invites_sent: 1,
            version: 1,
        })
        .collect();
    let key = |m: &Member| {
        let email = m.email.to_lowercase();
        let name = m.name.to_lowercase();
        (if name.is_empty() { email.clone() } else { name }, email, m.id)
    };
    let mut expected: Vec<_> = members.iter().map(key).collect();
    expected.sort();
    let state = State::from_all(trellis_core::state::Parts { members, ..Default::default() });
    let listed: Vec<_> = state.members_in_order().map(|(m, _)| key(m)).collect();
    assert_eq!(listed.len(), expected.len());
    assert!(listed == expected, "the list order differs from the full keys' order");
}
