//! PA-3 (owner change moves the branch) and HIER-3 (the Salesforce walkthrough: add a
//! role on top, delete with renaming, bulk delete, explicit moves, ids never change).
mod support;

use support::*;
use trellis_core::*;

/// Globex with its branch (Executive › Manager › User), contact 1 at User, contact 2 at
/// Manager; a second channel manager (member 1) placed at "Channel Manager West".
fn walkthrough() -> (World, [HierarchyRoleId; 3]) {
    let mut w = partner_world(10);
    w.run(w.owner, give(1, Builtin::AdvancedPartnerCenter, None)).unwrap();
    let branch: Vec<HierarchyRoleId> = w.state.branch_of(aid(1)).iter().map(|r| r.id).collect();
    w.run(w.owner, give(2, Builtin::AdvancedPartnerCenter, Some(branch[1]))).unwrap();
    w.add(1, Some(Builtin::Member));
    w.run(w.owner, Op::CreateHierarchyRole { id: hid(2), name: "Channel Manager West".into(), parent: None }).unwrap();
    w.run(w.owner, Op::SetMemberHierarchyRole { member: mid(1), role: Some(hid(2)) }).unwrap();
    (w, [branch[0], branch[1], branch[2]])
}

fn names(w: &World) -> Vec<String> {
    w.state.branch_of(aid(1)).iter().map(|r| r.name.clone()).collect()
}

fn version(w: &World) -> u32 {
    w.state.account(aid(1)).unwrap().version
}

#[test]
fn pa3_owner_change_moves_the_whole_branch_under_the_new_owners_role() {
    let (mut w, branch) = walkthrough();
    assert!(w.state.tree().is_below(branch[2], hid(1)));
    let v = version(&w);
    let events = w.run(w.owner, Op::ChangeAccountOwner { id: aid(1), version: v, owner: mid(1) }).unwrap();
    // Realignment rewrites the branch's top role and the account, nothing per user.
    assert_eq!(events.len(), 2, "{events:?}");
    assert_eq!(w.state.account(aid(1)).unwrap().owner, mid(1));
    assert_eq!(w.state.hierarchy_role(branch[0]).unwrap().parent, Some(hid(2)));
    for role in branch {
        assert!(w.state.tree().is_below(role, hid(2)), "the branch sits under the new owner's role");
        assert!(!w.state.tree().is_below(role, hid(1)), "and no longer under the old one");
    }
    assert_eq!(
        w.state.contact(cid(1)).unwrap().access.as_ref().unwrap().hierarchy_role,
        branch[2],
        "users keep their roles"
    );
}

#[test]
fn pa3_owner_change_refusals_name_the_field() {
    let (mut w, _) = walkthrough();
    let v = version(&w);
    w.refused(
        w.owner,
        Op::ChangeAccountOwner { id: aid(1), version: v + 1, owner: mid(1) },
        ErrorCode::Stale,
        Some("version"),
    );
    w.refused(
        w.owner,
        Op::ChangeAccountOwner { id: aid(1), version: v, owner: mid(0) },
        ErrorCode::Rule,
        Some("owner_id"),
    );
    w.refused(
        w.owner,
        Op::ChangeAccountOwner { id: aid(1), version: v, owner: mid(77) },
        ErrorCode::NotFound,
        Some("owner_id"),
    );
    // A member with no hierarchy role cannot receive an account with a branch (PA-1).
    w.add(2, Some(Builtin::Member));
    w.refused(
        w.owner,
        Op::ChangeAccountOwner { id: aid(1), version: v, owner: mid(2) },
        ErrorCode::Rule,
        Some("owner_id"),
    );
    // A removed member cannot own accounts.
    w.run(w.owner, Op::RemoveMembers { members: vec![mid(1)], at: T0 + 99 }).unwrap();
    w.refused(
        w.owner,
        Op::ChangeAccountOwner { id: aid(1), version: v, owner: mid(1) },
        ErrorCode::Rule,
        Some("owner_id"),
    );
    // Nobody without the permission to update partners may do it.
    let viewer = w.add(3, Some(Builtin::Viewer));
    w.refused(viewer, Op::ChangeAccountOwner { id: aid(1), version: v, owner: mid(0) }, ErrorCode::Forbidden, None);
}

#[test]
fn hier3_deleting_the_middle_role_renames_the_top_and_keeps_ids() {
    let (mut w, [exec, manager, user]) = walkthrough();
    // Contact 2 holds Manager: deleting it without choosing where they go is refused.
    let err = w.refused(
        w.owner,
        Op::DeletePartnerHierarchyRoles { account: aid(1), roles: vec![manager], move_to: None },
        ErrorCode::Invalid,
        Some("move_to"),
    );
    assert!(err.message.contains("1 partner user"), "{}", err.message);
    // Moving them to the role being deleted is refused too.
    w.refused(
        w.owner,
        Op::DeletePartnerHierarchyRoles { account: aid(1), roles: vec![manager], move_to: Some(manager) },
        ErrorCode::Rule,
        Some("move_to"),
    );
    w.run(w.owner, Op::DeletePartnerHierarchyRoles { account: aid(1), roles: vec![manager], move_to: Some(exec) })
        .unwrap();
    assert_eq!(names(&w), ["Globex Partner Manager", "Globex Partner User"], "Executive renamed to Manager");
    let ids: Vec<HierarchyRoleId> = w.state.branch_of(aid(1)).iter().map(|r| r.id).collect();
    assert_eq!(ids, [exec, user], "ids never change");
    assert_eq!(w.state.hierarchy_role(user).unwrap().parent, Some(exec), "the branch stays contiguous");
    assert_eq!(w.state.contact(cid(2)).unwrap().access.as_ref().unwrap().hierarchy_role, exec, "moved as chosen");
    assert!(w.state.hierarchy_role(manager).is_none());
    assert!(w.state.tree().covers(w.state.hierarchy_roles().count()));
}

#[test]
fn hier3_a_new_role_goes_on_top_and_there_are_at_most_three() {
    let (mut w, [exec, manager, user]) = walkthrough();
    w.refused(
        w.owner,
        Op::AddPartnerHierarchyRole { account: aid(1), id: hid(50) },
        ErrorCode::Rule,
        Some("account_id"),
    );
    // Bulk delete Executive and Manager: the one left is named Partner User.
    w.run(
        w.owner,
        Op::DeletePartnerHierarchyRoles { account: aid(1), roles: vec![exec, manager], move_to: Some(user) },
    )
    .unwrap();
    assert_eq!(names(&w), ["Globex Partner User"]);
    assert_eq!(w.state.hierarchy_role(user).unwrap().parent, Some(hid(1)), "under the owner's role");
    // The last role cannot go.
    w.refused(
        w.owner,
        Op::DeletePartnerHierarchyRoles { account: aid(1), roles: vec![user], move_to: None },
        ErrorCode::Rule,
        Some("roles"),
    );
    w.run(w.owner, Op::AddPartnerHierarchyRole { account: aid(1), id: hid(50) }).unwrap();
    assert_eq!(names(&w), ["Globex Partner Manager", "Globex Partner User"], "the new role is the parent");
    assert_eq!(w.state.hierarchy_role(user).unwrap().parent, Some(hid(50)));
    w.run(w.owner, Op::AddPartnerHierarchyRole { account: aid(1), id: hid(51) }).unwrap();
    assert_eq!(names(&w), ["Globex Partner Executive", "Globex Partner Manager", "Globex Partner User"]);
    // HIER-4 still applies to roles added later.
    let v = version(&w);
    w.run(w.owner, Op::RenamePartnerAccount { id: aid(1), version: v, name: "Globex Europe".into() }).unwrap();
    assert_eq!(names(&w)[0], "Globex Europe Partner Executive");
}

#[test]
fn hier3_bad_delete_requests_change_nothing() {
    let (mut w, [exec, _, user]) = walkthrough();
    w.refused(
        w.owner,
        Op::DeletePartnerHierarchyRoles { account: aid(1), roles: vec![], move_to: None },
        ErrorCode::Invalid,
        Some("roles"),
    );
    w.refused(
        w.owner,
        Op::DeletePartnerHierarchyRoles { account: aid(1), roles: vec![hid(1)], move_to: None },
        ErrorCode::NotFound,
        Some("roles"),
    );
    w.refused(
        w.owner,
        Op::DeletePartnerHierarchyRoles { account: aid(1), roles: vec![exec, exec], move_to: None },
        ErrorCode::Invalid,
        Some("roles"),
    );
    // A sharing rule that uses the role blocks its deletion.
    w.run(
        w.owner,
        Op::SaveSharingRule {
            id: SharingRuleId(uuid::Uuid::from_u128(9)),
            version: None,
            name: "Exec sees West".into(),
            kind: RecordKind::Lead,
            source: hid(2),
            grantee: Grantee::Role(exec),
            access: ShareAccess::Read,
        },
    )
    .unwrap();
    w.refused(
        w.owner,
        Op::DeletePartnerHierarchyRoles { account: aid(1), roles: vec![exec], move_to: Some(user) },
        ErrorCode::Rule,
        Some("roles"),
    );
}

#[test]
fn hier1_the_first_users_hierarchy_role_is_fixed_later_ones_can_change() {
    let (mut w, [exec, manager, _]) = walkthrough();
    let update = |w: &World, n: u128, h: HierarchyRoleId| Op::UpdateAccess {
        contact: cid(n),
        version: w.state.contact(cid(n)).unwrap().version,
        roles: partners::AccessRoles {
            portal_role: Builtin::AdvancedPartnerCenter.id(),
            agent_role: None,
            admin_role: None,
        },
        hierarchy_role: h,
        can_grant_subpartners: false,
    };
    let op = update(&w, 1, manager);
    w.refused(w.owner, op, ErrorCode::Rule, Some("hierarchy_role_id"));
    let op = update(&w, 2, exec);
    w.run(w.owner, op).unwrap();
    assert_eq!(w.state.contact(cid(2)).unwrap().access.as_ref().unwrap().hierarchy_role, exec);
    let op = update(&w, 2, hid(1));
    w.refused(w.owner, op, ErrorCode::Rule, Some("hierarchy_role_id"));
}
