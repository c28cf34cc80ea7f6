//! PU-1, PU-6, PU-7, WS-2, WS-3, HIER-1, HIER-4 and PA-2 for partner users (the Salesforce
//! and NetSuite walkthroughs: enable the account, then give access to its first user).
mod support;

use support::*;
use trellis_core::*;

#[test]
fn hier1_first_user_creates_the_branch_under_the_owners_role() {
    let mut w = partner_world(10);
    w.run(w.owner, give(1, Builtin::AdvancedPartnerCenter, None)).unwrap();
    let branch = w.state.branch_of(aid(1));
    let names: Vec<&str> = branch.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["Globex Partner Executive", "Globex Partner Manager", "Globex Partner User"]);
    assert_eq!(branch[0].parent, Some(hid(1)), "under the owner's hierarchy role");
    let access = w.state.contact(cid(1)).unwrap().access.clone().unwrap();
    assert_eq!(access.hierarchy_role, branch[2].id, "the first user is Partner User");
    let manager = branch[1].id;
    // Later users choose one of the account's roles, and only those.
    w.refused(w.owner, give(2, Builtin::StandardPartnerCenter, None), ErrorCode::Invalid, Some("hierarchy_role_id"));
    w.refused(
        w.owner,
        give(2, Builtin::StandardPartnerCenter, Some(hid(1))),
        ErrorCode::Rule,
        Some("hierarchy_role_id"),
    );
    w.run(w.owner, give(2, Builtin::StandardPartnerCenter, Some(manager))).unwrap();
    assert_eq!(w.state.branch_of(aid(1)).len(), 3, "no second branch");
}

#[test]
fn ws3_licences_are_never_oversubscribed_and_revoking_frees_one() {
    let mut w = partner_world(1);
    w.run(w.owner, give(1, Builtin::StandardPartnerCenter, None)).unwrap();
    let user_role = w.state.branch_of(aid(1))[2].id;
    let err =
        w.refused(w.owner, give(2, Builtin::StandardPartnerCenter, Some(user_role)), ErrorCode::Rule, Some("licences"));
    assert!(err.message.contains("1 of 1"), "{}", err.message);
    let lower = PartnerFeatures { partner_access: true, advanced_partner_access: true, licences: 0 };
    w.refused(w.owner, Op::SetPartnerFeatures { features: lower }, ErrorCode::Rule, Some("licences"));
    w.run(w.owner, Op::RevokeAccess { contact: cid(1) }).unwrap();
    assert_eq!(w.state.licences_in_use(), 0);
    w.run(w.owner, give(2, Builtin::StandardPartnerCenter, Some(user_role))).unwrap();
    assert_eq!(w.state.licences_in_use(), 1);
}

#[test]
fn ws2_pu7_role5_only_usable_portal_roles() {
    let mut w = partner_world(10);
    w.refused(w.owner, give(1, Builtin::Member, None), ErrorCode::Rule, Some("portal_role_id"));
    let off = PartnerFeatures { partner_access: true, advanced_partner_access: false, licences: 10 };
    w.run(w.owner, Op::SetPartnerFeatures { features: off }).unwrap();
    let err =
        w.refused(w.owner, give(1, Builtin::AdvancedPartnerCenter, None), ErrorCode::Rule, Some("portal_role_id"));
    assert!(err.message.contains("Advanced Partner Access"));
    w.run(w.owner, give(1, Builtin::StandardPartnerCenter, None)).unwrap();
}

#[test]
fn pu1_needs_an_enabled_account_and_partner_access() {
    let mut w = partner_world(10);
    w.run(w.owner, Op::DisablePartnerAccount { id: aid(1) }).unwrap();
    w.refused(w.owner, give(1, Builtin::StandardPartnerCenter, None), ErrorCode::Rule, Some("account_id"));
    w.run(w.owner, Op::EnablePartnerAccount { id: aid(1) }).unwrap();
    let off = PartnerFeatures { partner_access: false, advanced_partner_access: false, licences: 10 };
    w.run(w.owner, Op::SetPartnerFeatures { features: off }).unwrap();
    w.refused(w.owner, give(1, Builtin::StandardPartnerCenter, None), ErrorCode::Rule, Some("partner_access"));
}

#[test]
fn pa2_disabling_the_account_disables_its_users_and_frees_licences() {
    let mut w = partner_world(10);
    w.run(w.owner, give(1, Builtin::StandardPartnerCenter, None)).unwrap();
    let manager = w.state.branch_of(aid(1))[1].id;
    w.run(w.owner, give(2, Builtin::StandardPartnerCenter, Some(manager))).unwrap();
    assert_eq!(w.state.licences_in_use(), 2);
    w.run(w.owner, Op::DisablePartnerAccount { id: aid(1) }).unwrap();
    assert_eq!(w.state.licences_in_use(), 0);
    assert!(!w.state.contact(cid(1)).unwrap().has_access());
    // Nothing was deleted: the contact keeps its role and hierarchy position.
    assert_eq!(w.state.contact(cid(2)).unwrap().access.as_ref().unwrap().hierarchy_role, manager);
}

#[test]
fn hier4_renaming_renames_the_branch_keeping_ids() {
    let mut w = partner_world(10);
    w.run(w.owner, give(1, Builtin::StandardPartnerCenter, None)).unwrap();
    let ids: Vec<HierarchyRoleId> = w.state.branch_of(aid(1)).iter().map(|r| r.id).collect();
    let version = w.state.account(aid(1)).unwrap().version;
    w.run(w.owner, Op::RenamePartnerAccount { id: aid(1), version, name: "Globex Corporation".into() }).unwrap();
    let after = w.state.branch_of(aid(1));
    assert_eq!(after.iter().map(|r| r.id).collect::<Vec<_>>(), ids);
    assert_eq!(after[1].name, "Globex Corporation Partner Manager");
}

#[test]
fn contacts_refuse_bad_input() {
    let mut w = partner_world(10);
    let dup = Op::CreateContact { id: cid(9), account: aid(1), name: "Dup".into(), email: "C1@GLOBEX.test".into() };
    w.refused(w.owner, dup, ErrorCode::Conflict, Some("email"));
    let bad = Op::CreateContact { id: cid(9), account: aid(1), name: "Bad".into(), email: "nope".into() };
    w.refused(w.owner, bad, ErrorCode::Invalid, Some("email"));
    let orphan = Op::CreateContact { id: cid(9), account: aid(7), name: "X".into(), email: "x@globex.test".into() };
    w.refused(w.owner, orphan, ErrorCode::NotFound, Some("account_id"));
    w.refused(w.owner, Op::RevokeAccess { contact: cid(1) }, ErrorCode::Rule, Some("contact_id"));
    w.refused(w.owner, Op::RevokeAccess { contact: cid(99) }, ErrorCode::NotFound, Some("contact_id"));
    let viewer = w.add(5, Some(Builtin::Viewer));
    w.refused(viewer, give(1, Builtin::StandardPartnerCenter, None), ErrorCode::Forbidden, None);
}

#[test]
fn ws3_an_account_share_caps_its_users_and_lowering_it_revokes_nobody() {
    let mut w = partner_world(10);
    let share = |w: &World, share: Option<u32>| Op::SetLicenceShare {
        id: aid(1),
        version: w.state.account(aid(1)).unwrap().version,
        share,
    };
    let op = share(&w, Some(2));
    w.run(w.owner, op).unwrap();
    w.run(w.owner, give(1, Builtin::StandardPartnerCenter, None)).unwrap();
    let user_role = w.state.branch_of(aid(1))[2].id;
    w.run(w.owner, give(2, Builtin::StandardPartnerCenter, Some(user_role))).unwrap();
    // The pool has 8 left; the account's share has none.
    let err = w.refused(
        w.owner,
        give(3, Builtin::StandardPartnerCenter, Some(user_role)),
        ErrorCode::Rule,
        Some("licence_share"),
    );
    assert!(err.message.contains("'Globex' uses 2 of its share of 2"), "{}", err.message);
    // Lowered below what its users hold: nobody loses access; the draft check warns.
    let op = share(&w, Some(1));
    w.run(w.owner, op).unwrap();
    assert_eq!(w.state.licences_used_by(aid(1)), 2);
    assert!(w.state.contact(cid(1)).unwrap().has_access() && w.state.contact(cid(2)).unwrap().has_access());
    let warned = trellis_core::effect::warnings(&w.state);
    assert!(warned.iter().any(|m| m.contains("2 partner users of 'Globex'") && m.contains("share of 1")), "{warned:?}");
    // Back under it by a revocation; no share at all draws on the pool alone.
    w.run(w.owner, Op::RevokeAccess { contact: cid(2) }).unwrap();
    w.refused(
        w.owner,
        give(3, Builtin::StandardPartnerCenter, Some(user_role)),
        ErrorCode::Rule,
        Some("licence_share"),
    );
    let op = share(&w, None);
    w.run(w.owner, op).unwrap();
    w.run(w.owner, give(3, Builtin::StandardPartnerCenter, Some(user_role))).unwrap();
    assert!(trellis_core::effect::warnings(&w.state).is_empty());
}

#[test]
fn ws3_a_licence_share_is_checked_and_only_a_manager_of_access_sets_it() {
    let mut w = partner_world(10);
    let version = w.state.account(aid(1)).unwrap().version;
    let too_many = Op::SetLicenceShare { id: aid(1), version, share: Some(10_000_001) };
    w.refused(w.owner, too_many, ErrorCode::Invalid, Some("licence_share"));
    let stale = Op::SetLicenceShare { id: aid(1), version: version + 1, share: Some(3) };
    w.refused(w.owner, stale, ErrorCode::Stale, Some("version"));
    let unknown = Op::SetLicenceShare { id: aid(9), version, share: Some(3) };
    w.refused(w.owner, unknown, ErrorCode::NotFound, Some("account_id"));
    let viewer = w.add(1, Some(Builtin::Viewer));
    let op = Op::SetLicenceShare { id: aid(1), version, share: Some(3) };
    w.refused(viewer, op.clone(), ErrorCode::Forbidden, None);
    w.run(w.owner, op).unwrap();
    assert_eq!(w.state.account(aid(1)).unwrap().licence_share, Some(3));
}
