//! RPT-3 through the command layer: a dashboard published to a portal role shows on the
//! Home of that role's users (the preview reads the same `portal_home` as the portal
//! server), follows role changes at the next page, is journalled, can wait in a draft
//! whose effect names who gains or loses it, and refuses bad input naming the field.

use crate::support::*;
use trellis_commands::{ErrorCode, PreviewEnd, Trellis};
use trellis_core::dashboards::{PublishTo, TileKind};
use trellis_core::wire::*;
use trellis_core::Builtin;

fn publish(name: &str, roles: &[Builtin]) -> DashboardSaveRequest {
    DashboardSaveRequest {
        dashboard_id: None,
        version: None,
        name: name.into(),
        tiles: vec![TileKind::OpenOpportunities, TileKind::ActivitiesByType],
        role_ids: roles.iter().map(|r| r.id().to_string()).collect(),
        publish_to: PublishTo::NewAndExisting,
        locked: true,
    }
}

/// The dashboards on `contact`'s Home, by name, read through a preview as the portal does.
async fn home(t: &Trellis, contact: &str) -> Vec<String> {
    let req =
        PreviewStartRequest { contact_id: contact.into(), reason: "Check Home".into(), minutes: None, draft_id: None };
    let started = t.preview_start(req).await.unwrap();
    let home = t.portal_home(&started.label).await.unwrap();
    t.preview_end(&started.label, PreviewEnd::ByManager).await.unwrap();
    home.dashboards.iter().map(|d| d.name.clone()).collect()
}

#[tokio::test]
async fn a_published_dashboard_follows_the_role_and_waits_in_a_draft() {
    let (_d, t) = fresh().await;
    let people = [("Ann Lee", "ann@globex.test"), ("Bo Kim", "bo@globex.test")];
    let (_, contacts) = globex(&t, 5, &people).await;
    let (ann, bo) = (contacts[0].clone(), contacts[1].clone());
    let given = t.partner_give_access(give_access(&ann, Builtin::AdvancedPartnerCenter)).await.unwrap();
    let bottom = given.record.branch.last().unwrap().id.to_string();
    let req = GiveAccessRequest { hierarchy_role_id: Some(bottom), ..give_access(&bo, Builtin::AdvancedPartnerCenter) };
    let people = t.partner_give_access(req).await.unwrap();

    let list = t.dashboard_save(publish("Partner home", &[Builtin::AdvancedPartnerCenter])).await.unwrap();
    let row = &list.dashboards[0];
    assert_eq!((row.reach, row.roles[0].name.as_str()), (2, "Advanced Partner Center"));
    assert!(list.roles.iter().all(|r| r.name != "Owner"), "only portal roles are offered");
    assert_eq!(home(&t, &ann).await, ["Partner home"]);
    let journal = t.audit_list(AuditQuery { action: "dashboard.save".into(), limit: 10, ..AuditQuery::default() });
    assert_eq!(journal.await.unwrap().rows.len(), 1, "publishing is journalled");

    // Bo moves to Standard Partner Center: the next page no longer shows it.
    let bo_row = people.record.contacts.iter().find(|c| c.id.to_string() == bo).unwrap();
    let update = UpdateAccessRequest {
        contact_id: bo.clone(),
        version: bo_row.version,
        portal_role_id: Builtin::StandardPartnerCenter.id().to_string(),
        agent_role_id: None,
        admin_role_id: None,
        hierarchy_role_id: bo_row.hierarchy_role_id.unwrap().to_string(),
        can_grant_subpartners: false,
    };
    t.partner_update_access(update).await.unwrap();
    assert!(home(&t, &bo).await.is_empty(), "moved out of the role");
    assert_eq!(home(&t, &ann).await, ["Partner home"]);

    // Withdrawing inside a draft: nothing changes live; the effect names Ann.
    let draft =
        t.draft_create(DraftCreateRequest { name: "Quiet Q3".into(), description: String::new() }).await.unwrap();
    t.draft_open(DraftRef { draft_id: draft.row.id.clone() }).await.unwrap();
    let d = &t.dashboard_list().await.unwrap().dashboards[0];
    let withdraw = DashboardSaveRequest {
        dashboard_id: Some(d.id.to_string()),
        version: Some(d.version),
        role_ids: vec![],
        ..publish("Partner home", &[])
    };
    let inside = t.dashboard_save(withdraw).await.unwrap();
    assert!(inside.dashboards[0].roles.is_empty(), "the draft shows it withdrawn");
    t.draft_close().await.unwrap();
    assert_eq!(t.dashboard_list().await.unwrap().dashboards[0].roles.len(), 1, "live is unchanged");
    assert_eq!(home(&t, &ann).await, ["Partner home"]);
    let q = DraftEffectQuery {
        draft_id: draft.row.id.clone(),
        search: None,
        filter: None,
        permission: None,
        offset: None,
        limit: None,
    };
    let effect = t.draft_effect(q).await.unwrap();
    assert_eq!(effect.total, 1, "only Ann loses it: {:?}", effect.people);
    assert_eq!(effect.people[0].email, "ann@globex.test");
    assert_eq!(effect.people[0].dashboards_hidden, ["Partner home"]);
}

#[tokio::test]
async fn bad_dashboards_are_refused_naming_the_field_and_change_nothing() {
    let (_d, t) = fresh().await;
    let refused = [
        (publish("  ", &[]), ErrorCode::Invalid, "name"),
        (DashboardSaveRequest { tiles: vec![], ..publish("Home", &[]) }, ErrorCode::Invalid, "tiles"),
        (publish("Home", &[Builtin::Admin]), ErrorCode::Rule, "roles"),
        (DashboardSaveRequest { role_ids: vec!["nope".into()], ..publish("Home", &[]) }, ErrorCode::Invalid, "roles"),
        (
            DashboardSaveRequest { role_ids: vec![uuid::Uuid::now_v7().to_string()], ..publish("Home", &[]) },
            ErrorCode::NotFound,
            "roles",
        ),
        (
            DashboardSaveRequest { dashboard_id: Some(uuid::Uuid::now_v7().to_string()), ..publish("Home", &[]) },
            ErrorCode::Invalid,
            "version",
        ),
        (
            DashboardSaveRequest { dashboard_id: Some("x".into()), version: Some(1), ..publish("Home", &[]) },
            ErrorCode::Invalid,
            "dashboard_id",
        ),
        (publish("<script>\u{202e}", &[]), ErrorCode::Invalid, "name"),
    ];
    for (req, code, field) in refused {
        let err = t.dashboard_save(req).await.unwrap_err();
        assert_eq!((err.code, err.field.as_deref()), (code, Some(field)), "{}", err.message);
    }
    assert!(t.dashboard_list().await.unwrap().dashboards.is_empty(), "nothing was saved");
    let err = t.dashboard_delete(DashboardRef { dashboard_id: uuid::Uuid::now_v7().to_string(), version: 1 }).await;
    assert_eq!(err.unwrap_err().code, ErrorCode::NotFound);
}
