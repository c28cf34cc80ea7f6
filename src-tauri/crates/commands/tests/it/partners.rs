//! The Salesforce walkthrough for enabling a partner account (PA-1), through the command
//! layer: every unmet prerequisite is refused by name; then it works; disable, re-enable.

use crate::support;

use support::fresh;
use trellis_commands::ErrorCode;
use trellis_core::wire::*;
use trellis_core::{AccountKind, PartnerFeatures};

#[tokio::test]
async fn pa1_enable_a_partner_account_step_by_step() {
    let (_d, t) = fresh().await;
    let me = t.session_info().await.me.unwrap().id.to_string();
    let create =
        |name: &str, kind| PartnerCreateRequest { name: name.into(), kind, owner_id: me.clone(), parent_id: None };
    let acme = t.partner_create(create("Globex", AccountKind::Business)).await.unwrap();
    let person = t.partner_create(create("Jane Doe", AccountKind::Person)).await.unwrap();
    let enable = |id: &trellis_core::PartnerAccountId| PartnerRef { account_id: id.to_string() };

    let err = t.partner_enable(enable(&acme.id)).await.unwrap_err();
    assert_eq!(err.field.as_deref(), Some("partner_access"), "{err:?}");
    let features = PartnerFeatures { partner_access: true, advanced_partner_access: false, licences: 5 };
    assert!(t.settings_set_partner_features(features).await.unwrap().partner_features.partner_access);
    assert_eq!(t.partner_enable(enable(&person.id)).await.unwrap_err().field.as_deref(), Some("kind"));
    assert_eq!(t.partner_enable(enable(&acme.id)).await.unwrap_err().field.as_deref(), Some("owner_id"));

    let roles = t
        .hierarchy_role_create(HierarchyRoleCreateRequest { name: "VP Channel".into(), parent_id: None })
        .await
        .unwrap();
    let vp = roles[0].id.to_string();
    let roles = t
        .hierarchy_role_create(HierarchyRoleCreateRequest { name: "Channel Manager".into(), parent_id: Some(vp) })
        .await
        .unwrap();
    let cm = roles.iter().find(|r| r.name == "Channel Manager").unwrap().id.to_string();
    t.member_set_hierarchy_role(MemberHierarchyRequest { member_id: me.clone(), hierarchy_role_id: Some(cm) })
        .await
        .unwrap();
    assert!(t.partner_enable(enable(&acme.id)).await.unwrap().enabled);

    // PA-2: disabled, never deleted; re-enabled.
    assert!(!t.partner_disable(enable(&acme.id)).await.unwrap().enabled);
    assert!(t.partner_enable(enable(&acme.id)).await.unwrap().enabled);
    let page = t
        .partner_list(PartnerListQuery {
            search: "glob".into(),
            status: PartnerStatusFilter::Enabled,
            kind: None,
            owner_id: None,
            offset: 0,
            limit: None,
            sort: None,
        })
        .await
        .unwrap();
    assert_eq!(page.rows.len(), 1);
    assert_eq!(page.features.licences, 5);
}

#[tokio::test]
async fn bad_partner_input_names_the_field() {
    let (_d, t) = fresh().await;
    let me = t.session_info().await.me.unwrap().id.to_string();
    let bad_owner = PartnerCreateRequest {
        name: "X".into(),
        kind: AccountKind::Business,
        owner_id: "nope".into(),
        parent_id: None,
    };
    assert_eq!(t.partner_create(bad_owner).await.unwrap_err().field.as_deref(), Some("owner_id"));
    let bad_parent = PartnerCreateRequest {
        name: "X".into(),
        kind: AccountKind::Business,
        owner_id: me.clone(),
        parent_id: Some("x".into()),
    };
    assert_eq!(t.partner_create(bad_parent).await.unwrap_err().field.as_deref(), Some("parent_id"));
    let empty =
        PartnerCreateRequest { name: " ".into(), kind: AccountKind::Business, owner_id: me.clone(), parent_id: None };
    assert_eq!(t.partner_create(empty).await.unwrap_err().field.as_deref(), Some("name"));
    let a = t
        .partner_create(PartnerCreateRequest {
            name: "Globex".into(),
            kind: AccountKind::Business,
            owner_id: me,
            parent_id: None,
        })
        .await
        .unwrap();
    let stale = PartnerRenameRequest { account_id: a.id.to_string(), version: 9, name: "Globex Corp".into() };
    assert_eq!(t.partner_rename(stale).await.unwrap_err().code, ErrorCode::Stale);
    assert_eq!(
        t.partner_enable(PartnerRef { account_id: "<script>".into() }).await.unwrap_err().field.as_deref(),
        Some("account_id")
    );
    let too_many = PartnerFeatures { partner_access: true, advanced_partner_access: false, licences: u32::MAX };
    assert_eq!(t.settings_set_partner_features(too_many).await.unwrap_err().field.as_deref(), Some("licences"));
}

/// The NetSuite give-access walkthrough after Salesforce's enabling: the first user creates
/// the account's branch (HIER-1), the licence bar moves (WS-3), revoking frees it (PU-6).
#[tokio::test]
async fn pu1_give_access_to_the_first_and_second_user() {
    let (_d, t) = fresh().await;
    let people = [("Ann Lee", "ann@globex.test"), ("Bo Kim", "bo@globex.test"), ("Cy Ray", "cy@globex.test")];
    let (account_id, _) = support::globex(&t, 2, &people).await;
    let people = t.partner_people(AccountQuery::of(account_id.clone())).await.unwrap();
    let apc = people.portal_roles.iter().find(|r| r.name == "Advanced Partner Center").unwrap().id.to_string();
    let id = |email: &str| people.contacts.iter().find(|c| c.email == email).unwrap().id.to_string();
    let give = |contact: String, h: Option<String>| GiveAccessRequest {
        contact_id: contact,
        portal_role_id: apc.clone(),
        agent_role_id: None,
        admin_role_id: None,
        hierarchy_role_id: h,
        can_grant_subpartners: false,
        delivery: Delivery::Notification,
    };

    let after = t.partner_give_access(give(id("ann@globex.test"), None)).await.unwrap().record;
    let names: Vec<&str> = after.branch.iter().map(|b| b.name.as_str()).collect();
    assert_eq!(names, ["Globex Partner Executive", "Globex Partner Manager", "Globex Partner User"]);
    let ann = after.contacts.iter().find(|c| c.email == "ann@globex.test").unwrap();
    assert_eq!(ann.hierarchy_role.as_deref(), Some("Globex Partner User"));
    let manager = after.branch[1].id.to_string();
    t.partner_give_access(give(id("bo@globex.test"), Some(manager.clone()))).await.unwrap();
    assert_eq!(
        t.partner_list(PartnerListQuery {
            search: String::new(),
            status: PartnerStatusFilter::All,
            kind: None,
            owner_id: None,
            offset: 0,
            limit: None,
            sort: None,
        })
        .await
        .unwrap()
        .licences_used,
        2
    );
    let err = t.partner_give_access(give(id("cy@globex.test"), Some(manager.clone()))).await.unwrap_err();
    assert_eq!(err.field.as_deref(), Some("licences"));
    t.partner_revoke_access(ContactRef { contact_id: id("bo@globex.test") }).await.unwrap();
    t.partner_give_access(give(id("cy@globex.test"), Some(manager))).await.unwrap();
    let bad = GiveAccessRequest {
        contact_id: "zzz".into(),
        portal_role_id: apc.clone(),
        agent_role_id: None,
        admin_role_id: None,
        hierarchy_role_id: None,
        can_grant_subpartners: false,
        delivery: Delivery::Notification,
    };
    assert_eq!(t.partner_give_access(bad).await.unwrap_err().field.as_deref(), Some("contact_id"));
}

/// The Partners list is paged in Rust (issue 11): pages in order add up to the whole
/// sorted, filtered list, with its total; paging past the end is empty, not an error.
#[tokio::test]
async fn the_partner_list_is_paged_by_name() {
    let (_d, t) = fresh().await;
    let me = t.session_info().await.me.unwrap().id.to_string();
    for name in ["Zeta", "alpha", "Mu", "Beta", "gamma", "Delta", "Epsilon"] {
        let req = PartnerCreateRequest {
            name: name.into(),
            kind: AccountKind::Business,
            owner_id: me.clone(),
            parent_id: None,
        };
        t.partner_create(req).await.unwrap();
    }
    let q = |search: &str, offset, limit| PartnerListQuery {
        search: search.into(),
        status: PartnerStatusFilter::All,
        kind: None,
        owner_id: None,
        offset,
        limit: Some(limit),
        sort: None,
    };
    let mut seen = Vec::new();
    for offset in [0, 3, 6] {
        let page = t.partner_list(q("", offset, 3)).await.unwrap();
        assert_eq!((page.total, page.offset), (7, offset));
        seen.extend(page.rows.into_iter().map(|r| r.name));
    }
    assert_eq!(seen, ["alpha", "Beta", "Delta", "Epsilon", "gamma", "Mu", "Zeta"]);
    let filtered = t.partner_list(q("ta", 1, 1)).await.unwrap();
    assert_eq!((filtered.total, filtered.rows[0].name.as_str()), (3, "Delta"), "Beta, Delta, Zeta match 'ta'");
    assert!(t.partner_list(q("", 50, 10)).await.unwrap().rows.is_empty());
}
