//! ROLE-2..ROLE-5, PU-7.
mod support;

use support::*;
use trellis_core::*;

fn create(id: u128, name: &str, audience: Audience, permissions: PermissionSet) -> Op {
    Op::CreateRole {
        id: rid(id),
        name: name.into(),
        description: "".into(),
        audience,
        permissions,
        group: None,
        restriction: Default::default(),
        segments: Default::default(),
    }
}

#[test]
fn role3_create_edit_clone_delete() {
    let mut w = World::new();
    let perms = PermissionSet::crud(&[Resource::Leads], &Action::ALL);
    w.run(w.owner, create(1, "Deal desk", Audience::Internal, perms)).unwrap();
    w.run(
        w.owner,
        Op::UpdateRole {
            id: rid(1),
            version: 1,
            name: "Deal Desk".into(),
            description: "Deals".into(),
            permissions: perms.with(Permission::Crud(Resource::Reports, Action::Read)),
            restriction: Default::default(),
            segments: Default::default(),
        },
    )
    .unwrap();
    let role = w.state.role(rid(1)).unwrap();
    assert_eq!((role.name.as_str(), role.version, role.permissions.len()), ("Deal Desk", 2, 5));
    w.run(w.owner, Op::CloneRole { source: rid(1), id: rid(2), name: "Deal desk (EMEA)".into() }).unwrap();
    // The clone is independent.
    w.run(
        w.owner,
        Op::UpdateRole {
            id: rid(2),
            version: 1,
            name: "Deal desk (EMEA)".into(),
            description: "".into(),
            permissions: PermissionSet::EMPTY,
            restriction: Default::default(),
            segments: Default::default(),
        },
    )
    .unwrap();
    assert_eq!(w.state.role(rid(1)).unwrap().permissions.len(), 5);
    w.run(w.owner, Op::DeleteRole { id: rid(2) }).unwrap();
    assert!(w.state.role(rid(2)).is_none());
}

#[test]
fn role2_builtins_are_read_only_but_clonable() {
    let mut w = World::new();
    let upd = Op::UpdateRole {
        id: Builtin::Member.id(),
        version: 1,
        name: "Member".into(),
        description: "".into(),
        permissions: PermissionSet::EMPTY,
        restriction: Default::default(),
        segments: Default::default(),
    };
    w.refused(w.owner, upd, ErrorCode::Rule, Some("role_id"));
    w.refused(w.owner, Op::DeleteRole { id: Builtin::Viewer.id() }, ErrorCode::Rule, Some("role_id"));
    w.run(w.owner, Op::CloneRole { source: Builtin::Member.id(), id: rid(1), name: "Member (custom)".into() }).unwrap();
    let clone = w.state.role(rid(1)).unwrap();
    assert_eq!((clone.builtin, clone.permissions), (None, Builtin::Member.permissions()));
}

#[test]
fn role3_deleting_a_role_leaves_its_members_with_no_role() {
    let mut w = World::new();
    w.run(w.owner, Op::CloneRole { source: Builtin::Member.id(), id: rid(1), name: "Channel rep".into() }).unwrap();
    w.add(1, None);
    w.add(2, None);
    w.run(w.owner, Op::ChangeRoles { members: vec![mid(1), mid(2)], role: Some(rid(1)) }).unwrap();
    assert_eq!(w.state.holders_of(rid(1)), 2);
    w.run(w.owner, Op::DeleteRole { id: rid(1) }).unwrap();
    for n in [1, 2] {
        let m = w.state.member(mid(n)).unwrap();
        assert_eq!((m.role, m.status), (None, MemberStatus::Active));
    }
}

#[test]
fn role3_names_unique_per_audience_case_insensitively() {
    let mut w = World::new();
    w.refused(w.owner, create(1, "admin", Audience::Internal, PermissionSet::EMPTY), ErrorCode::Conflict, Some("name"));
    // The same name is fine in the other audience.
    w.run(w.owner, create(2, "Admin", Audience::Partner, PermissionSet::EMPTY)).unwrap();
    w.run(w.owner, create(3, "Ops", Audience::Internal, PermissionSet::EMPTY)).unwrap();
    w.refused(
        w.owner,
        Op::CloneRole { source: Builtin::Viewer.id(), id: rid(4), name: " OPS ".into() },
        ErrorCode::Conflict,
        Some("name"),
    );
    w.refused(
        w.owner,
        Op::UpdateRole {
            id: rid(3),
            version: 1,
            name: "VIEWER".into(),
            description: "".into(),
            permissions: PermissionSet::EMPTY,
            restriction: Default::default(),
            segments: Default::default(),
        },
        ErrorCode::Conflict,
        Some("name"),
    );
}

#[test]
fn sec3_bad_role_input_names_the_field() {
    let mut w = World::new();
    w.refused(w.owner, create(1, "", Audience::Internal, PermissionSet::EMPTY), ErrorCode::Invalid, Some("name"));
    w.refused(
        w.owner,
        create(1, &"r".repeat(101), Audience::Internal, PermissionSet::EMPTY),
        ErrorCode::Invalid,
        Some("name"),
    );
    let long = Op::CreateRole {
        id: rid(1),
        name: "Ok".into(),
        description: "d".repeat(501),
        audience: Audience::Internal,
        permissions: PermissionSet::EMPTY,
        group: None,
        restriction: Default::default(),
        segments: Default::default(),
    };
    w.refused(w.owner, long, ErrorCode::Invalid, Some("description"));
    w.refused(w.owner, Op::DeleteRole { id: rid(42) }, ErrorCode::NotFound, Some("role_id"));
    w.refused(
        w.owner,
        Op::CloneRole { source: rid(42), id: rid(1), name: "x".into() },
        ErrorCode::NotFound,
        Some("source_id"),
    );
}

#[test]
fn sec3_stale_versions_are_refused() {
    let mut w = World::new();
    w.run(w.owner, create(1, "Ops", Audience::Internal, PermissionSet::EMPTY)).unwrap();
    w.run(
        w.owner,
        Op::UpdateRole {
            id: rid(1),
            version: 1,
            name: "Ops 2".into(),
            description: "".into(),
            permissions: PermissionSet::EMPTY,
            restriction: Default::default(),
            segments: Default::default(),
        },
    )
    .unwrap();
    let stale = Op::UpdateRole {
        id: rid(1),
        version: 1,
        name: "Ops 3".into(),
        description: "".into(),
        permissions: PermissionSet::EMPTY,
        restriction: Default::default(),
        segments: Default::default(),
    };
    w.refused(w.owner, stale, ErrorCode::Stale, Some("version"));
}

#[test]
fn pu7_partner_roles_cannot_be_api_only() {
    let mut w = World::new();
    let api = PermissionSet::EMPTY.with(Permission::Special(Special::ApiOnly));
    w.refused(w.owner, create(1, "Integration", Audience::Partner, api), ErrorCode::Rule, Some("permissions"));
    // Internal roles may (an Owner does not hold API only, so nobody can grant it by escalation either).
    w.refused(w.owner, create(2, "Integration", Audience::Internal, api), ErrorCode::Forbidden, Some("permissions"));
}

#[test]
fn role6_custom_partner_roles_sit_in_the_portal_group() {
    let mut w = World::new();
    w.run(
        w.owner,
        Op::CloneRole { source: Builtin::AdvancedPartnerCenter.id(), id: rid(1), name: "APC (resellers)".into() },
    )
    .unwrap();
    let r = w.state.role(rid(1)).unwrap();
    assert_eq!((r.audience, r.group), (Audience::Partner, RoleGroup::Portal));
}
