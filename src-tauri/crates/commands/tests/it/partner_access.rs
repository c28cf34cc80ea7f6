//! Through the command layer: PU-2..PU-5 deliveries, ROLE-6 updates, PA-3 owner change
//! (the branch moves on the Role hierarchy tree), HIER-3 deletes, the demo's partner
//! programme, and the visibility explainer (HIER-2, SHARE-1, ITEM-1).

use crate::support;

use support::fresh;
use trellis_commands::{ErrorCode, Trellis};
use trellis_core::wire::*;
use trellis_core::{AccountKind, Builtin};

struct Setup {
    account: String,
    contacts: Vec<String>,
    west: String,
    second_owner: String,
}

/// Partner Access with 5 licences; the Owner at "Channel Manager"; Ana (Member) at
/// "Channel Manager West"; Globex enabled with contacts Ann, Bo, Cy.
async fn setup(t: &Trellis) -> Setup {
    let people = [("Ann Lee", "ann@globex.test"), ("Bo Kim", "bo@globex.test"), ("Cy Ray", "cy@globex.test")];
    let (account, contacts) = support::globex(t, 5, &people).await;
    let rows = t
        .hierarchy_role_create(HierarchyRoleCreateRequest { name: "Channel Manager West".into(), parent_id: None })
        .await
        .unwrap();
    let west = rows.iter().find(|r| r.name == "Channel Manager West").unwrap().id.to_string();
    let ana = t
        .member_invite(InviteRequest {
            email: "ana@acme.test".into(),
            name: "Ana West".into(),
            role_id: Some(Builtin::Member.id().to_string()),
        })
        .await
        .unwrap();
    t.member_accept_invite(AcceptInviteRequest {
        code: ana.code.as_str().into(),
        name: String::new(),
        password: "anas long passphrase".into(),
    })
    .await
    .unwrap();
    t.member_set_hierarchy_role(MemberHierarchyRequest {
        member_id: ana.member.id.to_string(),
        hierarchy_role_id: Some(west.clone()),
    })
    .await
    .unwrap();
    Setup { account, contacts, west, second_owner: ana.member.id.to_string() }
}

fn give(contact: &str, hierarchy: Option<String>, delivery: Delivery) -> GiveAccessRequest {
    GiveAccessRequest {
        contact_id: contact.into(),
        portal_role_id: Builtin::AdvancedPartnerCenter.id().to_string(),
        agent_role_id: Some(Builtin::SalesAgent.id().to_string()),
        admin_role_id: None,
        hierarchy_role_id: hierarchy,
        can_grant_subpartners: false,
        delivery,
    }
}

#[tokio::test]
async fn pu2_to_pu5_each_delivery_and_its_confirmation() {
    let (_d, t) = fresh().await;
    let s = setup(&t).await;
    // PU-2: a notification is queued; no password, no token in it.
    let given = t.partner_give_access(give(&s.contacts[0], None, Delivery::Notification)).await.unwrap();
    assert_eq!(given.delivery, "notification");
    assert!(given.branch_created, "HIER-1 on the first user");
    assert_eq!(given.hierarchy_role, "Globex Partner User");
    assert_eq!(given.roles, ["Advanced Partner Center", "Sales agent", "No admin"], "ROLE-6: one role per group");
    assert!(given.permissions.iter().any(|p| p == "Customer agreements"), "{:?}", given.permissions);
    assert!(given.temporary_password.is_none());
    // (The members `setup` invited have their invitations in the outbox too.)
    let outbox: Vec<_> =
        t.outbox_list().await.unwrap().into_iter().filter(|m| m.to.ends_with("@globex.test")).collect();
    assert_eq!(outbox.len(), 1);
    assert_eq!(outbox[0].to, "ann@globex.test");
    assert_eq!(outbox[0].kind, trellis_core::mail::MailKind::PartnerAccess);
    assert!(outbox[0].subject.contains("partner portal"), "{}", outbox[0].subject);
    // PU-4 needs a password to exist first.
    let err = t.partner_require_password_change(ContactRef { contact_id: s.contacts[0].clone() }).await.unwrap_err();
    assert_eq!(err.field.as_deref(), Some("contact_id"));

    // PU-3: a typed password is checked against the policy, naming the field, and nothing changes.
    let user = given.record.branch[2].id.to_string();
    let short = Delivery::Manual { password: "short".into(), require_change: true };
    let err = t.partner_give_access(give(&s.contacts[1], Some(user.clone()), short)).await.unwrap_err();
    assert_eq!(err.field.as_deref(), Some("password"), "{err:?}");
    let record = t.partner_people(AccountQuery::of(s.account.clone())).await.unwrap();
    assert!(!record.contacts.iter().find(|c| c.email == "bo@globex.test").unwrap().access, "refused: no access given");
    assert_eq!(record.licences_used, 1);
    let manual = Delivery::Manual { password: "globex bo long passphrase".into(), require_change: true };
    let given = t.partner_give_access(give(&s.contacts[1], Some(user.clone()), manual)).await.unwrap();
    assert_eq!((given.delivery.as_str(), given.must_change), ("manual", true));
    assert!(given.temporary_password.is_none());
    t.partner_require_password_change(ContactRef { contact_id: s.contacts[1].clone() }).await.unwrap();
    // Bo must change already: nothing changed, so the journal says nothing (not false → true).
    let journal = t
        .audit_list(AuditQuery { action: "partner_user.require_password_change".into(), ..AuditQuery::default() })
        .await
        .unwrap();
    assert!(journal.rows.is_empty(), "{:?}", journal.rows.first().map(|r| &r.changes));

    // PU-5: a temporary password, shown once, always to be changed.
    let given = t.partner_give_access(give(&s.contacts[2], Some(user), Delivery::Temporary)).await.unwrap();
    let temp = given.temporary_password.clone().expect("shown once");
    assert!(temp.chars().count() >= 15 && given.must_change);
    let again = serde_json::to_string(&t.partner_people(AccountQuery::of(s.account.clone())).await.unwrap()).unwrap();
    assert!(!again.contains(&temp), "never retrievable again");
    let reset = t
        .partner_set_password(PartnerPasswordRequest {
            contact_id: s.contacts[2].clone(),
            password: None,
            require_change: false,
        })
        .await
        .unwrap();
    assert_ne!(reset.temporary_password.as_deref(), Some(temp.as_str()));
    assert!(reset.must_change);
    let to_partners = t.outbox_list().await.unwrap().into_iter().filter(|m| m.to.ends_with("@globex.test")).count();
    assert_eq!(to_partners, 1, "only the notification delivery queues a message");
}

#[tokio::test]
async fn role6_update_access_and_hier1_fixed_first_user() {
    let (_d, t) = fresh().await;
    let s = setup(&t).await;
    let given = t.partner_give_access(give(&s.contacts[0], None, Delivery::Notification)).await.unwrap();
    let branch: Vec<String> = given.record.branch.iter().map(|b| b.id.to_string()).collect();
    t.partner_give_access(give(&s.contacts[1], Some(branch[2].clone()), Delivery::Notification)).await.unwrap();
    let record = t.partner_people(AccountQuery::of(s.account.clone())).await.unwrap();
    let row = |r: &AccountPeople, email: &str| r.contacts.iter().find(|c| c.email == email).unwrap().clone();
    let ann = row(&record, "ann@globex.test");
    assert!(ann.fixed_hierarchy_role);
    assert_eq!((record.contacts_total, record.users_total), (3, 2));
    // Contacts come in pages, filtered by name or email.
    let page = |search: &str, offset, limit| AccountQuery {
        account_id: s.account.clone(),
        search: Some(search.into()),
        offset: Some(offset),
        limit: Some(limit),
    };
    let bo_only = t.partner_people(page("BO@", 0, 10)).await.unwrap();
    assert_eq!((bo_only.contacts_total, bo_only.contacts.len()), (1, 1));
    let second = t.partner_people(page("", 1, 1)).await.unwrap();
    assert_eq!((second.contacts_total, second.contacts[0].email.as_str()), (3, "bo@globex.test"));
    assert_eq!(t.partner_people(page("", 0, 0)).await.unwrap_err().field.as_deref(), Some("limit"));
    let update = |c: &ContactRow, h: &str, admin: Option<Builtin>| UpdateAccessRequest {
        contact_id: c.id.to_string(),
        version: c.version,
        portal_role_id: Builtin::AdvancedPartnerCenter.id().to_string(),
        agent_role_id: None,
        admin_role_id: admin.map(|b| b.id().to_string()),
        hierarchy_role_id: h.into(),
        can_grant_subpartners: false,
    };
    let err = t.partner_update_access(update(&ann, &branch[0], None)).await.unwrap_err();
    assert_eq!(err.field.as_deref(), Some("hierarchy_role_id"));
    let bo = row(&record, "bo@globex.test");
    let after = t.partner_update_access(update(&bo, &branch[0], Some(Builtin::GlobalAdmin))).await.unwrap();
    let bo = row(&after, "bo@globex.test");
    assert_eq!(bo.hierarchy_role.as_deref(), Some("Globex Partner Executive"));
    assert_eq!(bo.admin_role.as_deref(), Some("Global admin"));
    // Stale versions and roles of the wrong group are refused, naming the field.
    let mut stale = update(&bo, &branch[0], None);
    stale.version = 1;
    assert_eq!(t.partner_update_access(stale).await.unwrap_err().code, ErrorCode::Stale);
    let mut wrong = update(&bo, &branch[0], None);
    wrong.admin_role_id = Some(Builtin::SalesAgent.id().to_string());
    assert_eq!(t.partner_update_access(wrong).await.unwrap_err().field.as_deref(), Some("admin_role_id"));
}

#[tokio::test]
async fn pa3_owner_change_moves_the_branch_on_the_tree_and_hier3_deletes_with_a_move() {
    let (_d, t) = fresh().await;
    let s = setup(&t).await;
    let given = t.partner_give_access(give(&s.contacts[0], None, Delivery::Notification)).await.unwrap();
    let exec = given.record.branch[0].id;
    let parent_of = |tree: &[TreeNode], id| tree.iter().find(|n| n.id == id).unwrap().parent_id.unwrap().to_string();
    let tree = t.hierarchy_tree(HierarchyTreeQuery { search: String::new() }).await.unwrap();
    assert_ne!(parent_of(&tree, exec), s.west);
    let cm = tree.iter().find(|n| n.name == "Channel Manager").unwrap();
    assert_eq!(cm.people_below, 2, "the owner and Ann");
    let version = given.record.account.version;
    let req = PartnerOwnerRequest { account_id: s.account.clone(), version, owner_id: s.second_owner.clone() };
    let record = t.partner_change_owner(req).await.unwrap();
    assert_eq!(record.owner_role.as_deref(), Some("Channel Manager West"));
    let tree = t.hierarchy_tree(HierarchyTreeQuery { search: String::new() }).await.unwrap();
    assert_eq!(parent_of(&tree, exec), s.west, "the whole branch moved under the new owner's role");
    let west = tree.iter().find(|n| n.name == "Channel Manager West").unwrap();
    assert_eq!((west.people_below, west.depth), (2, 0));
    assert_eq!(tree.iter().find(|n| n.id == exec).unwrap().depth, 1);
    // A search keeps the match, its ancestors and its subtree.
    let found = t.hierarchy_tree(HierarchyTreeQuery { search: "partner manager".into() }).await.unwrap();
    let names: Vec<&str> = found.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(
        names,
        ["Channel Manager West", "Globex Partner Executive", "Globex Partner Manager", "Globex Partner User"]
    );
    assert!(found.iter().filter(|n| n.matched).count() == 1);

    // HIER-3: Ann holds Partner User; deleting it needs a target; bulk delete renames.
    let ids: Vec<String> = record.branch.iter().map(|b| b.id.to_string()).collect();
    let del = |roles: Vec<String>, move_to: Option<String>| DeletePartnerRolesRequest {
        account_id: s.account.clone(),
        role_ids: roles,
        move_to,
    };
    let err = t.hierarchy_delete_partner_roles(del(vec![ids[1].clone(), ids[2].clone()], None)).await.unwrap_err();
    assert_eq!(err.field.as_deref(), Some("move_to"));
    let after = t
        .hierarchy_delete_partner_roles(del(vec![ids[1].clone(), ids[2].clone()], Some(ids[0].clone())))
        .await
        .unwrap();
    let names: Vec<&str> = after.branch.iter().map(|b| b.name.as_str()).collect();
    assert_eq!(names, ["Globex Partner User"]);
    assert_eq!(after.branch[0].id.to_string(), ids[0], "ids never change");
    let after = t.hierarchy_add_partner_role(PartnerRef { account_id: s.account.clone() }).await.unwrap();
    assert_eq!(after.branch.len(), 2);
    assert_eq!(after.branch[0].name, "Globex Partner Manager", "new roles go on top");
    let bad = del(vec!["not-an-id".into()], None);
    assert_eq!(t.hierarchy_delete_partner_roles(bad).await.unwrap_err().field.as_deref(), Some("role_ids"));
}

#[tokio::test]
async fn the_demo_explains_what_each_partner_user_sees() {
    let dir = tempfile::tempdir().unwrap();
    let t = Trellis::open(&dir.path().join("trellis.db")).await.unwrap();
    t.workspace_create_demo(DemoRequest { members: None }).await.unwrap();
    let page = t
        .partner_list(PartnerListQuery {
            search: String::new(),
            status: PartnerStatusFilter::All,
            kind: None,
            owner_id: None,
            offset: 0,
            limit: None,
            sort: None,
        })
        .await
        .unwrap();
    assert_eq!(page.rows.len(), 5);
    // Filters: by type and by owner (the owner list is everyone who owns an account).
    let filtered = |kind, owner_id| PartnerListQuery {
        search: String::new(),
        status: PartnerStatusFilter::All,
        kind,
        owner_id,
        offset: 0,
        limit: None,
        sort: None,
    };
    let people = t.partner_list(filtered(Some(AccountKind::Person), None)).await.unwrap();
    assert_eq!(people.rows.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["Jane Cooper"]);
    assert_eq!(page.owners.len(), 2, "the two channel managers");
    let owner = page.owners[0].id.to_string();
    let theirs = t.partner_list(filtered(None, Some(owner.clone()))).await.unwrap();
    assert!(!theirs.rows.is_empty() && theirs.rows.iter().all(|r| r.owner_id.to_string() == owner));
    let bad = t.partner_list(filtered(None, Some("nobody".into()))).await.unwrap_err();
    assert_eq!(bad.field.as_deref(), Some("owner_id"));
    assert!(page.licences_used >= 5);
    let contoso = page.rows.iter().find(|r| r.name == "Contoso Networks").unwrap();
    let record = t.partner_people(AccountQuery::of(contoso.id.to_string())).await.unwrap();
    assert_eq!(record.subpartners.len(), 1, "Tailspin is Contoso's subpartner (PA-4)");
    let exec = record
        .contacts
        .iter()
        .find(|c| c.hierarchy_role.as_deref() == Some("Contoso Networks Partner Executive"))
        .unwrap();
    let user =
        record.contacts.iter().find(|c| c.hierarchy_role.as_deref() == Some("Contoso Networks Partner User")).unwrap();
    let report = |id: String| VisibilityQuery { contact_id: Some(id), member_id: None, kind: None, at: None };
    let top = t.visibility_report(report(exec.id.to_string())).await.unwrap();
    let bottom = t.visibility_report(report(user.id.to_string())).await.unwrap();
    assert!(
        top.total > bottom.total,
        "HIER-2: the Executive sees the branch below ({} vs {})",
        top.total,
        bottom.total
    );
    assert!(top.rows.iter().any(|r| r.reason.contains("below")), "{:?}", top.rows);
    assert!(bottom.rows.iter().all(|r| r.reason == "Owns it"));
    assert!(!top.items.iter().any(|i| i == "Internal Lab Kit"), "ITEM-1: unflagged items stay internal");
    assert!(top.items.iter().any(|i| i == "Edge Router X200"));
    // SHARE-1: Fabrikam's partner managers see EMEA's leads through the demo's rule.
    let rules = t.sharing_rule_list().await.unwrap();
    assert_eq!(rules.len(), 1);
    assert_eq!(rules[0].grantee_name, "Fabrikam Solutions Partner Manager and above");
    // Items: flagging changes what partners see.
    let items = t.item_list().await.unwrap();
    let lab = items.iter().find(|i| i.name == "Internal Lab Kit").unwrap();
    t.item_set_availability(ItemAvailabilityRequest { item_id: lab.id.to_string(), available_in_partner_center: true })
        .await
        .unwrap();
    let top = t.visibility_report(report(exec.id.to_string())).await.unwrap();
    assert!(top.items.iter().any(|i| i == "Internal Lab Kit"));
    // PU-8: Marcus holds the demo's Hardware Partner Center role.
    let marcus = record.contacts.iter().find(|c| c.email == "marcus.hale@contoso.example").unwrap();
    assert_eq!(marcus.portal_role.as_deref(), Some("Hardware Partner Center"));
    let limited = t.visibility_report(report(marcus.id.to_string())).await.unwrap();
    assert!(limited.scope.contains("class Hardware"), "{}", limited.scope);
    assert!(
        limited.rows.iter().all(|r| r.reason == "Owns it" || r.segments.contains("Hardware")),
        "{:?}",
        limited.rows
    );
    assert!(limited.rows.iter().any(|r| r.reason != "Owns it"), "the sample must include others' records");
    let unlimited = t.visibility_report(report(exec.id.to_string())).await.unwrap();
    assert!(unlimited.rows.iter().any(|r| r.segments.contains("Services") && r.reason != "Owns it"));
    let err = t
        .visibility_report(VisibilityQuery { contact_id: None, member_id: None, kind: None, at: None })
        .await
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("contact_id"));
}

#[tokio::test]
async fn share1_rules_are_listed_saved_edited_and_deleted() {
    let (_d, t) = fresh().await;
    let s = setup(&t).await;
    let given = t.partner_give_access(give(&s.contacts[0], None, Delivery::Notification)).await.unwrap();
    let save = |name: &str, rule_id: Option<String>, version: Option<u32>| SharingRuleSaveRequest {
        rule_id,
        version,
        name: name.into(),
        kind: trellis_core::RecordKind::Lead,
        source_role_id: s.west.clone(),
        grantee_kind: GranteeKind::Account,
        grantee_id: s.account.clone(),
        access: trellis_core::ShareAccess::Read,
    };
    let rules = t.sharing_rule_save(save("West leads to Globex", None, None)).await.unwrap();
    assert_eq!(rules[0].grantee_name, "All users of Globex");
    let id = rules[0].id.to_string();
    let rules = t.sharing_rule_save(save("West leads, Globex", Some(id.clone()), Some(1))).await.unwrap();
    assert_eq!((rules[0].name.as_str(), rules[0].version), ("West leads, Globex", 2));
    let err = t.sharing_rule_save(save("Again", Some(id.clone()), Some(1))).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Stale);
    let mut bad = save("Role grantee", None, None);
    bad.grantee_kind = GranteeKind::Role;
    bad.grantee_id = s.west.clone();
    assert_eq!(t.sharing_rule_save(bad).await.unwrap_err().field.as_deref(), Some("grantee"));
    let mut ok = save("To the executive", None, None);
    ok.grantee_kind = GranteeKind::Role;
    ok.grantee_id = given.record.branch[0].id.to_string();
    assert_eq!(t.sharing_rule_save(ok).await.unwrap().len(), 2);
    assert_eq!(t.sharing_rule_delete(SharingRuleRef { rule_id: id }).await.unwrap().len(), 1);
}

/// Opens a portal preview as `contact` (PREV-1) and returns its window label.
async fn preview_as(t: &Trellis, contact: &str) -> String {
    let req = PreviewStartRequest {
        contact_id: contact.into(),
        reason: "PC-4 walkthrough".into(),
        minutes: None,
        draft_id: None,
    };
    t.preview_start(req).await.unwrap().label
}

/// The Microsoft walkthrough (PC-4, PC-5, PA-4), through the portal preview: a manager
/// acts as the partner's own Global admin, who adds colleagues to their account and — once
/// allowed — to a subpartner; a user without an admin role, or granting beyond their own
/// permissions, is refused; the journal says who acted as whom.
#[tokio::test]
async fn pc4_partner_side_user_management() {
    let (_d, t) = fresh().await;
    let s = setup(&t).await;
    let me = t.session_info().await.me.unwrap().id.to_string();
    let mut admin = give(&s.contacts[0], None, Delivery::Notification);
    admin.admin_role_id = Some(Builtin::GlobalAdmin.id().to_string());
    t.partner_give_access(admin).await.unwrap();
    let record = t
        .partner_people(AccountQuery { account_id: s.account.clone(), search: None, offset: None, limit: None })
        .await
        .unwrap();
    let user_role = record.branch[2].id.to_string();
    let mut plain = give(&s.contacts[1], Some(user_role.clone()), Delivery::Notification);
    plain.portal_role_id = Builtin::StandardPartnerCenter.id().to_string();
    plain.agent_role_id = None;
    plain.admin_role_id = Some(Builtin::UserManagementAdmin.id().to_string());
    t.partner_give_access(plain).await.unwrap();
    let sub = PartnerCreateRequest {
        name: "Globex Resellers".into(),
        kind: AccountKind::Business,
        owner_id: me,
        parent_id: Some(s.account.clone()),
    };
    let sub = t.partner_create(sub).await.unwrap().id.to_string();
    t.partner_enable(PartnerRef { account_id: sub.clone() }).await.unwrap();
    let add = |account: &str, email: &str, portal: Builtin| PortalUserAddRequest {
        account_id: account.into(),
        name: "New Colleague".into(),
        email: email.into(),
        portal_role_id: portal.id().to_string(),
        agent_role_id: None,
        admin_role_id: None,
    };
    let ann = preview_as(&t, &s.contacts[0]).await;
    let added =
        t.portal_user_add(&ann, add(&s.account, "dee@globex.test", Builtin::AdvancedPartnerCenter)).await.unwrap();
    // PORT-1: a one-time link to set their own password; only its digest is kept.
    assert_eq!(added.invitation.email, "dee@globex.test");
    let kept = t.snapshot().await.contact_by_email("dee@globex.test").unwrap().invitation.clone().unwrap();
    assert!(added.invitation.code.len() >= 20 && !kept.digest.contains(&added.invitation.code));
    let dee = added.users.users.iter().find(|c| c.email == "dee@globex.test").unwrap().clone();
    assert!(dee.enabled && dee.editable && dee.portal_role == "Advanced Partner Center");
    let state = t.snapshot().await;
    let placed = state.contact_by_email("dee@globex.test").unwrap().access.as_ref().unwrap().hierarchy_role;
    assert_eq!(state.hierarchy_role(placed).unwrap().name, "Globex Partner User");
    // PA-4: not in the subpartner until allowed.
    let err =
        t.portal_user_add(&ann, add(&sub, "eve@resellers.test", Builtin::StandardPartnerCenter)).await.unwrap_err();
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Forbidden, Some("account_id")));
    let people = t
        .partner_people(AccountQuery { account_id: s.account.clone(), search: None, offset: None, limit: None })
        .await
        .unwrap();
    let ann_row = people.contacts.iter().find(|c| c.email == "ann@globex.test").unwrap().clone();
    let allow = UpdateAccessRequest {
        contact_id: ann_row.id.to_string(),
        version: ann_row.version,
        portal_role_id: Builtin::AdvancedPartnerCenter.id().to_string(),
        agent_role_id: ann_row.agent_role_id.map(|r| r.to_string()),
        admin_role_id: ann_row.admin_role_id.map(|r| r.to_string()),
        hierarchy_role_id: ann_row.hierarchy_role_id.unwrap().to_string(),
        can_grant_subpartners: true,
    };
    t.partner_update_access(allow).await.unwrap();
    let added = t.portal_user_add(&ann, add(&sub, "eve@resellers.test", Builtin::StandardPartnerCenter)).await.unwrap();
    assert!(added.users.accounts.iter().any(|a| a.name == "Globex Resellers"));
    assert!(added.users.users.iter().any(|u| u.email == "eve@resellers.test" && u.account == "Globex Resellers"));
    // Bo is a User management admin on Standard Partner Center: Advanced is beyond him, and
    // is not even offered to him.
    let bo = preview_as(&t, &s.contacts[1]).await;
    let err =
        t.portal_user_add(&bo, add(&s.account, "fay@globex.test", Builtin::AdvancedPartnerCenter)).await.unwrap_err();
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Forbidden, Some("roles")));
    let offered = t.portal_users(&bo).await.unwrap();
    assert!(offered.portal_roles.iter().all(|r| r.name != "Advanced Partner Center"), "{:?}", offered.portal_roles);
    t.portal_user_add(&bo, add(&s.account, "fay@globex.test", Builtin::StandardPartnerCenter)).await.unwrap();
    // Bo may not touch Dee, who holds more than he does, nor his own roles.
    let users = t.portal_users(&bo).await.unwrap();
    let dee_row = users.users.iter().find(|u| u.email == "dee@globex.test").unwrap();
    assert!(!dee_row.editable);
    let demote = PortalUserRolesRequest {
        contact_id: dee_row.id.clone(),
        version: dee_row.version,
        portal_role_id: Builtin::StandardPartnerCenter.id().to_string(),
        agent_role_id: None,
        admin_role_id: None,
    };
    let err = t.portal_user_set_roles(&bo, demote.clone()).await.unwrap_err();
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Forbidden, Some("contact_id")));
    // Ann, the Global admin, may; a stale version is refused.
    let users = t.portal_user_set_roles(&ann, demote.clone()).await.unwrap();
    assert_eq!(
        users.users.iter().find(|u| u.email == "dee@globex.test").unwrap().portal_role,
        "Standard Partner Center"
    );
    let err = t.portal_user_set_roles(&ann, demote).await.unwrap_err();
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Stale, Some("version")));
    let me_row = users.users.iter().find(|u| u.me).unwrap();
    let own = PortalUserRolesRequest {
        contact_id: me_row.id.clone(),
        version: me_row.version,
        portal_role_id: Builtin::StandardPartnerCenter.id().to_string(),
        agent_role_id: None,
        admin_role_id: Some(Builtin::GlobalAdmin.id().to_string()),
    };
    assert_eq!(t.portal_user_set_roles(&ann, own).await.unwrap_err().field.as_deref(), Some("contact_id"));
    // Dee holds no admin role: no Users page, no adding.
    let dee_preview = preview_as(&t, &dee.id).await;
    let err = t
        .portal_user_add(&dee_preview, add(&s.account, "gil@globex.test", Builtin::StandardPartnerCenter))
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Forbidden);
    assert!(err.message.contains("Global admin or User management admin"), "{}", err.message);
    assert!(!t.portal_session(&dee_preview).await.unwrap().users);
    let journal = t.audit_list(AuditQuery { action: "add_by_partner".into(), ..AuditQuery::default() }).await.unwrap();
    assert_eq!(journal.rows.len(), 3);
    assert!(
        journal.rows.iter().all(|r| r.actor.starts_with("olivia@acme.test as partner")),
        "{:?}",
        journal.rows[0].actor
    );
}

/// PU-8 and ROLE-6 in the role editor's commands: a custom portal role with a partner
/// restriction (kept by edits that do not mention it), a custom agent role carrying portal
/// features, and an internal role refused them.
#[tokio::test]
async fn pu8_custom_partner_roles_with_restriction_and_portal_features() {
    let (_d, t) = fresh().await;
    let catalog = t.permission_catalog().await.unwrap();
    assert!(catalog.portal_features.iter().any(|f| f.key == "user_management"));
    let create = |name: &str, group, restriction, permissions: Vec<String>| RoleCreateRequest {
        name: name.into(),
        description: String::new(),
        audience: trellis_core::Audience::Partner,
        permissions,
        group,
        restriction,
        segments: None,
    };
    let super_user = t
        .role_create(create(
            "Super user",
            Some(trellis_core::RoleGroup::Portal),
            Some(trellis_core::PartnerRestriction::WholeAccount),
            vec!["leads.read".into()],
        ))
        .await
        .unwrap();
    assert_eq!(super_user.restriction, trellis_core::PartnerRestriction::WholeAccount);
    let edit = RoleUpdateRequest {
        role_id: super_user.id.to_string(),
        version: super_user.version,
        name: "Super user".into(),
        description: "Sees the whole account".into(),
        permissions: vec!["leads.read".into(), "leads.update".into()],
        restriction: None,
        segments: None,
    };
    let edited = t.role_update(edit).await.unwrap();
    assert_eq!(edited.restriction, trellis_core::PartnerRestriction::WholeAccount, "kept when not mentioned");
    let agent = t
        .role_create(create(
            "Renewals agent",
            Some(trellis_core::RoleGroup::Agent),
            None,
            vec!["portal.subscriptions".into(), "customers.read".into()],
        ))
        .await
        .unwrap();
    assert_eq!(agent.group, trellis_core::RoleGroup::Agent);
    let internal = RoleCreateRequest {
        name: "Odd".into(),
        description: String::new(),
        audience: trellis_core::Audience::Internal,
        permissions: vec!["portal.subscriptions".into()],
        group: None,
        restriction: None,
        segments: None,
    };
    assert_eq!(t.role_create(internal).await.unwrap_err().field.as_deref(), Some("permissions"));
    let mut wrong = create("Mixed", Some(trellis_core::RoleGroup::Workspace), None, vec![]);
    wrong.name = "Mixed".into();
    assert_eq!(t.role_create(wrong).await.unwrap_err().field.as_deref(), Some("group"));
}
