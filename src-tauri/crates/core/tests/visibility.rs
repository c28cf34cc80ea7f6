//! HIER-2, PU-6, PU-8, SHARE-1, ITEM-1 and PA-3: who sees which records, and why.
mod support;

use support::*;
use trellis_core::visibility::{record_access, viewer, visible_items, visible_records, Reason};
use trellis_core::*;
use uuid::Uuid;

fn rec(n: u128) -> RecordId {
    RecordId(Uuid::from_u128(0x6000_0000_0000_7000_8000_0000_0000_0000 + n))
}

fn roles(portal: RoleId) -> partners::AccessRoles {
    partners::AccessRoles { portal_role: portal, agent_role: None, admin_role: None }
}

/// Owner (Channel Manager) › Globex Executive (c3) › Manager (c2) › User (c1); member 1
/// at "Channel Manager West", a separate root. One lead each: r0 owner, r1..r3 contacts,
/// r4 member 1.
fn world() -> (World, [HierarchyRoleId; 3]) {
    let mut w = partner_world(10);
    w.run(w.owner, give(1, Builtin::AdvancedPartnerCenter, None)).unwrap();
    let b: Vec<HierarchyRoleId> = w.state.branch_of(aid(1)).iter().map(|r| r.id).collect();
    w.run(w.owner, give(2, Builtin::AdvancedPartnerCenter, Some(b[1]))).unwrap();
    w.run(w.owner, give(3, Builtin::AdvancedPartnerCenter, Some(b[0]))).unwrap();
    w.add(1, Some(Builtin::Member));
    w.run(w.owner, Op::CreateHierarchyRole { id: hid(2), name: "Channel Manager West".into(), parent: None }).unwrap();
    w.run(w.owner, Op::SetMemberHierarchyRole { member: mid(1), role: Some(hid(2)) }).unwrap();
    let owners = [
        Person::Member(mid(0)),
        Person::Contact(cid(1)),
        Person::Contact(cid(2)),
        Person::Contact(cid(3)),
        Person::Member(mid(1)),
    ];
    for (n, owner) in owners.into_iter().enumerate() {
        let op = Op::CreateRecord {
            id: rec(n as u128),
            kind: RecordKind::Lead,
            name: format!("Lead {n}"),
            owner,
            segments: Default::default(),
        };
        w.run(w.owner, op).unwrap();
    }
    (w, [b[0], b[1], b[2]])
}

fn sees(w: &World, person: Person) -> Vec<u128> {
    let Some(v) = viewer(&w.state, person) else { return vec![] };
    let mut seen: Vec<u128> =
        visible_records(&w.state, &v, None).iter().map(|r| r.id.0.as_u128() - rec(0).0.as_u128()).collect();
    seen.sort_unstable();
    // The list and the single-record check always agree.
    for r in w.state.records() {
        let listed = seen.contains(&(r.id.0.as_u128() - rec(0).0.as_u128()));
        assert_eq!(record_access(&w.state, &v, r).is_some(), listed, "{person:?} / {}", r.name);
    }
    seen
}

const C: fn(u128) -> Person = |n| Person::Contact(cid(n));
const M: fn(u128) -> Person = |n| Person::Member(mid(n));

#[test]
fn hier2_records_roll_up_the_hierarchy() {
    let (w, _) = world();
    assert_eq!(sees(&w, C(1)), [1], "Partner User: own only, nobody below");
    assert_eq!(sees(&w, C(2)), [1, 2], "Partner Manager: own + User");
    assert_eq!(sees(&w, C(3)), [1, 2, 3], "Partner Executive: the whole branch");
    assert_eq!(sees(&w, M(0)), [0, 1, 2, 3], "the account owner: the branch rolls up to the channel manager");
    assert_eq!(sees(&w, M(1)), [4], "a peer channel manager sees none of it");
    let v = viewer(&w.state, C(3)).unwrap();
    let g = record_access(&w.state, &v, w.state.record(rec(1)).unwrap()).unwrap();
    assert!(g.write, "HIER-2: and may edit within their permissions");
    assert!(matches!(g.reason, Reason::Hierarchy(_)));
}

#[test]
fn pu8_partner_restrictions_own_only_and_whole_account() {
    let (mut w, _) = world();
    let make = |id: u128, name: &str, restriction| Op::CreateRole {
        id: rid(id),
        name: name.into(),
        description: String::new(),
        audience: Audience::Partner,
        group: None,
        permissions: Builtin::AdvancedPartnerCenter.permissions(),
        restriction,
        segments: Default::default(),
    };
    w.run(w.owner, make(1, "Own only", PartnerRestriction::OwnOnly)).unwrap();
    w.run(w.owner, make(2, "Super user", PartnerRestriction::WholeAccount)).unwrap();
    let set = |w: &World, n: u128, role: RoleId| {
        let c = w.state.contact(cid(n)).unwrap();
        let a = c.access.as_ref().unwrap();
        Op::UpdateAccess {
            contact: cid(n),
            version: c.version,
            roles: roles(role),
            hierarchy_role: a.hierarchy_role,
            can_grant_subpartners: false,
        }
    };
    let op = set(&w, 3, rid(1));
    w.run(w.owner, op).unwrap();
    assert_eq!(sees(&w, C(3)), [3], "own only, although at the top of the branch");
    let op = set(&w, 1, rid(2));
    w.run(w.owner, op).unwrap();
    assert_eq!(sees(&w, C(1)), [1, 2, 3], "whole account, although at the bottom");
    // A portal role with no read on leads sees no leads at all.
    let op = set(&w, 2, Builtin::StandardPartnerCenter.id());
    w.run(w.owner, op).unwrap();
    assert_eq!(sees(&w, C(2)), Vec::<u128>::new());
}

#[test]
fn share1_sharing_rules_grant_accounts_and_roles() {
    let (mut w, [_, manager, _]) = world();
    let rule = |n: u128, grantee, access| Op::SaveSharingRule {
        id: SharingRuleId(Uuid::from_u128(n)),
        version: None,
        name: format!("West leads {n}"),
        kind: RecordKind::Lead,
        source: hid(2),
        grantee,
        access,
    };
    w.run(w.owner, rule(1, Grantee::Role(manager), ShareAccess::Read)).unwrap();
    assert_eq!(sees(&w, C(2)), [1, 2, 4], "the Manager role is granted");
    assert_eq!(sees(&w, C(3)), [1, 2, 3, 4], "and the role above it");
    assert_eq!(sees(&w, C(1)), [1], "not the role below");
    let v = viewer(&w.state, C(2)).unwrap();
    let g = record_access(&w.state, &v, w.state.record(rec(4)).unwrap()).unwrap();
    assert!(!g.write, "a read-only rule grants read only");
    assert_eq!(g.reason, Reason::SharingRule(SharingRuleId(Uuid::from_u128(1))));
    w.run(w.owner, rule(2, Grantee::Account(aid(1)), ShareAccess::ReadWrite)).unwrap();
    assert_eq!(sees(&w, C(1)), [1, 4], "the whole account is granted");
    let v = viewer(&w.state, C(2)).unwrap();
    assert!(record_access(&w.state, &v, w.state.record(rec(4)).unwrap()).unwrap().write, "the best grant wins");
    // Other kinds are not shared by a lead rule.
    let op = Op::CreateRecord {
        id: rec(9),
        kind: RecordKind::Opportunity,
        name: "Deal".into(),
        owner: M(1),
        segments: Default::default(),
    };
    w.run(w.owner, op).unwrap();
    assert!(!sees(&w, C(1)).contains(&9));
    // Deleting the rules takes the access away again.
    w.run(w.owner, Op::DeleteSharingRule { id: SharingRuleId(Uuid::from_u128(1)) }).unwrap();
    w.run(w.owner, Op::DeleteSharingRule { id: SharingRuleId(Uuid::from_u128(2)) }).unwrap();
    assert_eq!(sees(&w, C(2)), [1, 2]);
}

#[test]
fn share1_bad_rules_are_refused_with_the_field() {
    let (mut w, _) = world();
    let op = |source, grantee, name: &str| Op::SaveSharingRule {
        id: SharingRuleId(Uuid::from_u128(5)),
        version: None,
        name: name.into(),
        kind: RecordKind::Lead,
        source,
        grantee,
        access: ShareAccess::Read,
    };
    w.refused(w.owner, op(hid(99), Grantee::Account(aid(1)), "x"), ErrorCode::NotFound, Some("source_role_id"));
    w.refused(w.owner, op(hid(2), Grantee::Account(aid(9)), "x"), ErrorCode::NotFound, Some("grantee"));
    w.refused(w.owner, op(hid(2), Grantee::Role(hid(1)), "x"), ErrorCode::Rule, Some("grantee"));
    w.refused(w.owner, op(hid(2), Grantee::Account(aid(1)), "  "), ErrorCode::Invalid, Some("name"));
    let viewer_actor = w.add(5, Some(Builtin::Viewer));
    w.refused(viewer_actor, op(hid(2), Grantee::Account(aid(1)), "x"), ErrorCode::Forbidden, None);
}

#[test]
fn pu6_a_disabled_users_records_stop_rolling_up_but_stay_with_the_account_owner() {
    let (mut w, _) = world();
    w.run(w.owner, Op::RevokeAccess { contact: cid(1) }).unwrap();
    assert_eq!(sees(&w, C(2)), [2], "no longer rolls up to the Manager");
    assert_eq!(sees(&w, C(3)), [2, 3]);
    assert_eq!(sees(&w, C(1)), Vec::<u128>::new(), "the disabled user sees nothing");
    assert_eq!(sees(&w, M(0)), [0, 1, 2, 3], "the account owner keeps the account's data");
    let v = viewer(&w.state, M(0)).unwrap();
    assert_eq!(record_access(&w.state, &v, w.state.record(rec(1)).unwrap()).unwrap().reason, Reason::AccountOwner);
    assert_eq!(sees(&w, M(1)), [4]);
}

#[test]
fn pa3_after_an_owner_change_the_data_rolls_up_to_the_new_owner() {
    let (mut w, _) = world();
    let v = w.state.account(aid(1)).unwrap().version;
    w.run(w.owner, Op::ChangeAccountOwner { id: aid(1), version: v, owner: mid(1) }).unwrap();
    assert_eq!(sees(&w, M(1)), [1, 2, 3, 4]);
    assert_eq!(sees(&w, M(0)), [0]);
}

#[test]
fn item1_partner_users_see_only_flagged_items_and_only_with_permission() {
    let (mut w, _) = world();
    let item = |n: u128| ItemId(Uuid::from_u128(0x7000 + n));
    w.run(w.owner, Op::CreateItem { id: item(1), name: "Router X".into(), available_in_partner_center: true }).unwrap();
    w.run(w.owner, Op::CreateItem { id: item(2), name: "Internal SKU".into(), available_in_partner_center: false })
        .unwrap();
    let names = |w: &World, p: Person| {
        let mut n: Vec<String> =
            visible_items(&w.state, &viewer(&w.state, p).unwrap()).iter().map(|i| i.name.clone()).collect();
        n.sort();
        n
    };
    assert_eq!(names(&w, C(1)), ["Router X"]);
    assert_eq!(names(&w, M(0)), ["Internal SKU", "Router X"]);
    w.run(w.owner, Op::SetItemAvailability { id: item(2), available_in_partner_center: true }).unwrap();
    assert_eq!(names(&w, C(1)), ["Internal SKU", "Router X"]);
    // Standard Partner Center holds no read on items.
    let c = w.state.contact(cid(2)).unwrap();
    let op = Op::UpdateAccess {
        contact: cid(2),
        version: c.version,
        roles: roles(Builtin::StandardPartnerCenter.id()),
        hierarchy_role: c.access.as_ref().unwrap().hierarchy_role,
        can_grant_subpartners: false,
    };
    w.run(w.owner, op).unwrap();
    assert!(names(&w, C(2)).is_empty());
    w.refused(
        w.owner,
        Op::CreateItem { id: item(3), name: "router x".into(), available_in_partner_center: false },
        ErrorCode::Conflict,
        Some("name"),
    );
}

#[test]
fn records_need_a_live_owner_and_permission() {
    let (mut w, _) = world();
    w.run(w.owner, Op::RevokeAccess { contact: cid(2) }).unwrap();
    let op = Op::CreateRecord {
        id: rec(20),
        kind: RecordKind::Lead,
        name: "x".into(),
        owner: C(2),
        segments: Default::default(),
    };
    w.refused(w.owner, op, ErrorCode::Rule, Some("owner"));
    let op = Op::CreateRecord {
        id: rec(20),
        kind: RecordKind::Lead,
        name: "x".into(),
        owner: C(99),
        segments: Default::default(),
    };
    w.refused(w.owner, op, ErrorCode::NotFound, Some("owner"));
    let viewer_actor = w.add(6, Some(Builtin::Viewer));
    let op = Op::CreateRecord {
        id: rec(20),
        kind: RecordKind::Lead,
        name: "x".into(),
        owner: M(0),
        segments: Default::default(),
    };
    w.refused(viewer_actor, op, ErrorCode::Forbidden, None);
    w.run(w.owner, Op::ReassignRecord { id: rec(4), owner: M(0) }).unwrap();
    assert_eq!(sees(&w, M(1)), Vec::<u128>::new());
    assert!(sees(&w, M(0)).contains(&4));
}

#[test]
fn pu8_department_location_and_class_restrictions() {
    let (mut w, _) = world();
    let seg = |class: &str, location: &str| Segments {
        department: None,
        location: Some(location.into()),
        class: Some(class.into()),
    };
    // Records owned by Ann (c1) and Bo (c2), below Cy (c3, the Executive).
    for (n, owner, s) in
        [(10, C(1), seg("Hardware", "EMEA")), (11, C(2), seg("Services", "EMEA")), (12, C(2), seg("hardware", "APAC"))]
    {
        let op = Op::CreateRecord { id: rec(n), kind: RecordKind::Lead, name: format!("Lead {n}"), owner, segments: s };
        w.run(w.owner, op).unwrap();
    }
    let filter =
        SegmentFilter { departments: vec![], locations: vec![], classes: vec!["Hardware".into(), " hardware ".into()] };
    let role = Op::CreateRole {
        id: rid(7),
        name: "Hardware partner".into(),
        description: String::new(),
        audience: Audience::Partner,
        group: None,
        permissions: Builtin::AdvancedPartnerCenter.permissions(),
        restriction: Default::default(),
        segments: filter,
    };
    w.run(w.owner, role).unwrap();
    assert_eq!(w.state.role(rid(7)).unwrap().segments.classes, ["Hardware"], "trimmed, repeats dropped");
    let c = w.state.contact(cid(3)).unwrap();
    let op = Op::UpdateAccess {
        contact: cid(3),
        version: c.version,
        roles: roles(rid(7)),
        hierarchy_role: c.access.as_ref().unwrap().hierarchy_role,
        can_grant_subpartners: false,
    };
    w.run(w.owner, op).unwrap();
    // Cy keeps his own record (no segments) and sees only hardware below him, any case.
    assert_eq!(sees(&w, C(3)), [3, 10, 12]);
    // Add a location limit too: only EMEA hardware.
    let v = w.state.role(rid(7)).unwrap().version;
    let both = SegmentFilter { departments: vec![], locations: vec!["EMEA".into()], classes: vec!["Hardware".into()] };
    let op = Op::UpdateRole {
        id: rid(7),
        version: v,
        name: "Hardware partner".into(),
        description: String::new(),
        permissions: Builtin::AdvancedPartnerCenter.permissions(),
        restriction: Default::default(),
        segments: both,
    };
    w.run(w.owner, op).unwrap();
    assert_eq!(sees(&w, C(3)), [3, 10]);
    // Only portal roles carry them, and each value is a real name.
    let internal = Op::CreateRole {
        id: rid(8),
        name: "Odd".into(),
        description: String::new(),
        audience: Audience::Internal,
        group: None,
        permissions: PermissionSet::EMPTY,
        restriction: Default::default(),
        segments: SegmentFilter { departments: vec!["Sales".into()], locations: vec![], classes: vec![] },
    };
    w.refused(w.owner, internal, ErrorCode::Rule, Some("segments"));
    let blank = Op::CreateRole {
        id: rid(9),
        name: "Blank".into(),
        description: String::new(),
        audience: Audience::Partner,
        group: None,
        permissions: PermissionSet::EMPTY,
        restriction: Default::default(),
        segments: SegmentFilter { departments: vec!["  ".into()], locations: vec![], classes: vec![] },
    };
    w.refused(w.owner, blank, ErrorCode::Invalid, Some("departments"));
}
