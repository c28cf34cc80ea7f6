//! WS-2, WS-3, PA-1, PA-2, HIER-4 (the first slice of partner accounts).
mod support;

use support::*;
use trellis_core::*;
use uuid::Uuid;

fn aid(n: u128) -> PartnerAccountId {
    PartnerAccountId(Uuid::from_u128(0x3000_0000_0000_7000_8000_0000_0000_0000 + n))
}

fn hid(n: u128) -> HierarchyRoleId {
    HierarchyRoleId(Uuid::from_u128(0x4000_0000_0000_7000_8000_0000_0000_0000 + n))
}

fn features(partner_access: bool, advanced: bool, licences: u32) -> Op {
    Op::SetPartnerFeatures { features: PartnerFeatures { partner_access, advanced_partner_access: advanced, licences } }
}

fn create(n: u128, name: &str, kind: AccountKind, owner: MemberId) -> Op {
    Op::CreatePartnerAccount { id: aid(n), name: name.into(), kind, owner, parent: None }
}

#[test]
fn ws2_advanced_partner_access_needs_partner_access() {
    let mut w = World::new();
    w.refused(w.owner, features(false, true, 10), ErrorCode::Rule, Some("advanced_partner_access"));
    w.run(w.owner, features(true, true, 25)).unwrap();
    assert_eq!(w.state.workspace().unwrap().partner_features.licences, 25);
    let member = w.add(1, Some(Builtin::Member));
    w.refused(member, features(true, false, 5), ErrorCode::Forbidden, None);
}

#[test]
fn pa1_each_unmet_prerequisite_is_named() {
    let mut w = World::new();
    let owner = mid(0);
    w.run(w.owner, create(1, "Globex", AccountKind::Business, owner)).unwrap();
    w.run(w.owner, create(2, "Jane Doe", AccountKind::Person, owner)).unwrap();
    // Partner Access off.
    w.refused(w.owner, Op::EnablePartnerAccount { id: aid(1) }, ErrorCode::Rule, Some("partner_access"));
    w.run(w.owner, features(true, false, 10)).unwrap();
    // A person account.
    let err = w.refused(w.owner, Op::EnablePartnerAccount { id: aid(2) }, ErrorCode::Rule, Some("kind"));
    assert!(err.message.contains("person account"));
    // The owner holds no hierarchy role.
    let err = w.refused(w.owner, Op::EnablePartnerAccount { id: aid(1) }, ErrorCode::Rule, Some("owner_id"));
    assert!(err.message.contains("hierarchy role"));
    w.run(w.owner, Op::CreateHierarchyRole { id: hid(1), name: "VP Channel".into(), parent: None }).unwrap();
    w.run(w.owner, Op::CreateHierarchyRole { id: hid(2), name: "Channel Manager".into(), parent: Some(hid(1)) })
        .unwrap();
    w.run(w.owner, Op::SetMemberHierarchyRole { member: owner, role: Some(hid(2)) }).unwrap();
    w.run(w.owner, Op::EnablePartnerAccount { id: aid(1) }).unwrap();
    assert!(w.state.account(aid(1)).unwrap().enabled);
    w.refused(w.owner, Op::EnablePartnerAccount { id: aid(1) }, ErrorCode::Rule, Some("account_id"));
}

#[test]
fn pa1_a_removed_owner_blocks_enabling() {
    let mut w = World::new();
    w.run(w.owner, features(true, false, 10)).unwrap();
    w.run(w.owner, Op::CreateHierarchyRole { id: hid(1), name: "Channel Manager".into(), parent: None }).unwrap();
    w.add(1, Some(Builtin::Member));
    w.run(w.owner, Op::SetMemberHierarchyRole { member: mid(1), role: Some(hid(1)) }).unwrap();
    w.run(w.owner, create(1, "Initech", AccountKind::Business, mid(1))).unwrap();
    w.run(w.owner, Op::RemoveMembers { members: vec![mid(1)], at: T0 }).unwrap();
    w.refused(w.owner, Op::EnablePartnerAccount { id: aid(1) }, ErrorCode::Rule, Some("owner_id"));
    // MEM-4: the account keeps its owner reference.
    assert_eq!(w.state.account(aid(1)).unwrap().owner, mid(1));
}

#[test]
fn pa2_disable_and_re_enable_never_delete() {
    let mut w = World::new();
    w.run(w.owner, features(true, false, 10)).unwrap();
    w.run(w.owner, Op::CreateHierarchyRole { id: hid(1), name: "Channel Manager".into(), parent: None }).unwrap();
    w.run(w.owner, Op::SetMemberHierarchyRole { member: mid(0), role: Some(hid(1)) }).unwrap();
    w.run(w.owner, create(1, "Umbrella", AccountKind::Business, mid(0))).unwrap();
    w.run(w.owner, Op::EnablePartnerAccount { id: aid(1) }).unwrap();
    w.run(w.owner, Op::DisablePartnerAccount { id: aid(1) }).unwrap();
    assert!(!w.state.account(aid(1)).unwrap().enabled);
    w.refused(w.owner, Op::DisablePartnerAccount { id: aid(1) }, ErrorCode::Rule, Some("account_id"));
    w.run(w.owner, Op::EnablePartnerAccount { id: aid(1) }).unwrap();
    assert!(w.state.account(aid(1)).unwrap().enabled);
}

#[test]
fn accounts_and_hierarchy_refuse_bad_input() {
    let mut w = World::new();
    w.run(w.owner, create(1, "Globex", AccountKind::Business, mid(0))).unwrap();
    w.refused(w.owner, create(2, " globex ", AccountKind::Business, mid(0)), ErrorCode::Conflict, Some("name"));
    w.refused(w.owner, create(3, "", AccountKind::Business, mid(0)), ErrorCode::Invalid, Some("name"));
    w.refused(w.owner, create(4, "Hooli", AccountKind::Business, mid(77)), ErrorCode::NotFound, Some("owner_id"));
    let orphan = Op::CreatePartnerAccount {
        id: aid(5),
        name: "Sub".into(),
        kind: AccountKind::Business,
        owner: mid(0),
        parent: Some(aid(99)),
    };
    w.refused(w.owner, orphan, ErrorCode::NotFound, Some("parent_id"));
    w.refused(w.owner, Op::EnablePartnerAccount { id: aid(42) }, ErrorCode::NotFound, Some("account_id"));
    w.run(w.owner, Op::CreateHierarchyRole { id: hid(1), name: "VP Channel".into(), parent: None }).unwrap();
    w.refused(
        w.owner,
        Op::CreateHierarchyRole { id: hid(2), name: "vp channel".into(), parent: None },
        ErrorCode::Conflict,
        Some("name"),
    );
    w.refused(
        w.owner,
        Op::CreateHierarchyRole { id: hid(3), name: "X".into(), parent: Some(hid(9)) },
        ErrorCode::NotFound,
        Some("parent_id"),
    );
    w.refused(
        w.owner,
        Op::SetMemberHierarchyRole { member: mid(0), role: Some(hid(9)) },
        ErrorCode::NotFound,
        Some("hierarchy_role_id"),
    );
    w.refused(
        w.owner,
        Op::RenamePartnerAccount { id: aid(1), version: 7, name: "Globex Corp".into() },
        ErrorCode::Stale,
        Some("version"),
    );
}

#[test]
fn hier4_renaming_an_account_renames_its_partner_roles() {
    let mut w = World::new();
    w.run(w.owner, create(1, "Globex", AccountKind::Business, mid(0))).unwrap();
    // The partner branch is created with the first partner user (next slice); here it is
    // seeded directly to check the rename.
    let branch = HierarchyRole {
        id: hid(10),
        name: "Globex Partner Executive".into(),
        parent: None,
        account: Some(aid(1)),
        version: 1,
    };
    w.state.commit(&[Event::HierarchyRoleSaved { before: None, after: branch }]);
    w.run(w.owner, Op::RenamePartnerAccount { id: aid(1), version: 1, name: "Globex Corporation".into() }).unwrap();
    let role = w.state.hierarchy_role(hid(10)).unwrap();
    assert_eq!((role.name.as_str(), role.id), ("Globex Corporation Partner Executive", hid(10)));
}
