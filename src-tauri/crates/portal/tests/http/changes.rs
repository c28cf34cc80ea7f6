//! PORT-5, PORT-6: partner users' changes reach every desktop, proven by the portal's
//! login and journaled as theirs via the portal; a manager's revocation ends their next
//! request; ids of other accounts change nothing; and rows the portal's login appends
//! for a member, or for a partner user without access, are refused everywhere.
use crate::support::*;
use serde_json::json;
use trellis_core::wire::*;

fn lead_named(s: &trellis_core::State, name: &str) -> Option<trellis_core::Record> {
    s.records().find(|r| r.name == name).cloned()
}

#[tokio::test]
async fn port5_a_partner_users_change_reaches_the_desktop_as_theirs_via_the_portal() {
    let w = World::new().await;
    let p = w.serve("p").await;
    let tom = p.session("tom@globex.test", TOM_PW).await;
    let made = p
        .post("portal_record_create", json!({ "req": { "kind": "opportunity", "name": "Globex renewal" } }), Some(&tom))
        .await;
    assert_eq!(made.status, 200, "{made:?}");
    let id = made.body["id"].as_str().unwrap().to_owned();
    let update = json!({ "req": { "record_id": id, "version": made.body["version"], "name": "Globex renewal 2027" } });
    assert_eq!(p.post("portal_record_update", update, Some(&tom)).await.status, 200);
    desktop_sees(&w.a, "Tom's opportunity", |s| lead_named(s, "Globex renewal 2027").is_some()).await;
    let q = AuditQuery { action: "record.update".into(), limit: 10, ..AuditQuery::default() };
    let rows = w.a.audit_list(q).await.unwrap().rows;
    assert!(rows.iter().any(|r| r.actor == "tom@globex.test (partner) via the portal"), "{rows:?}");
}

#[tokio::test]
async fn port6_a_revoked_users_next_request_ends_their_session() {
    let w = World::new().await;
    let p = w.serve("p").await;
    let lena = p.session("lena@globex.test", LENA_PW).await;
    assert_eq!(p.post("portal_home", json!({}), Some(&lena)).await.status, 200);
    w.a.partner_revoke_access(ContactRef { contact_id: w.lena.clone() }).await.unwrap();
    w.a.sync_now().await.unwrap();
    let id = cid(&w.lena);
    p.until("Lena revoked", |s| s.contact(id).is_some_and(|c| !c.has_access())).await;
    let next = p.post("portal_home", json!({}), Some(&lena)).await;
    assert_eq!(next.status, 401, "{next:?}");
    assert_eq!(next.body["message"], trellis_commands::ACCESS_REMOVED);
    let live: i64 =
        sqlx::query_scalar("SELECT count(*) FROM trellis_portal_sessions WHERE contact = $1 AND ended_at IS NULL")
            .bind(id.0)
            .fetch_one(&w.server().await)
            .await
            .unwrap();
    assert_eq!(live, 0);
}

#[tokio::test]
async fn another_accounts_ids_slipped_into_requests_change_nothing() {
    let w = World::new().await;
    let p = w.serve("p").await;
    let ivan = p.session("ivan@initech.test", IVAN_PW).await;
    let theirs = p
        .post("portal_record_create", json!({ "req": { "kind": "lead", "name": "Initech secret" } }), Some(&ivan))
        .await;
    assert_eq!(theirs.status, 200, "{theirs:?}");
    let priya = p.session("priya@globex.test", PRIYA_PW).await;
    let steal =
        json!({ "req": { "record_id": theirs.body["id"], "version": theirs.body["version"], "name": "Mine now" } });
    let a = p.post("portal_record_update", steal, Some(&priya)).await;
    assert!(matches!(a.status, 403 | 404), "{a:?}");
    let roles = json!({ "req": {
        "contact_id": w.ivan, "version": 1,
        "portal_role_id": trellis_core::Builtin::StandardPartnerCenter.id().to_string(),
        "admin_role_id": trellis_core::Builtin::GlobalAdmin.id().to_string(),
    } });
    let a = p.post("portal_user_set_roles", roles, Some(&priya)).await;
    assert!(matches!(a.status, 403 | 404 | 409 | 422), "{a:?}");
    let s = p.trellis.snapshot().await;
    assert!(lead_named(&s, "Initech secret").is_some() && lead_named(&s, "Mine now").is_none());
    let access = s.contact(cid(&w.ivan)).unwrap().access.clone().unwrap();
    assert_eq!(access.admin_role, trellis_core::Builtin::NoAdmin.id(), "Ivan's roles are Initech's business");
}

/// Raw SQL under the portal's own login: a member's change and a change for a partner
/// user without portal access are skipped by the desktop and journaled as refused; a
/// change for a partner user with access is applied.
#[tokio::test]
async fn port5_rows_the_portal_login_appends_for_others_are_refused_everywhere() {
    use sqlx::postgres::PgPoolOptions;
    use trellis_core::sync::Envelope;
    use trellis_core::{Actor, Op, OpId, Person, RecordId, RecordKind};
    let w = World::new().await;
    let nora = contact(&w.a, &w.globex, "Nora No-Access", "nora@globex.test").await;
    w.a.sync_now().await.unwrap();
    let olivia = w.a.session_info().await.me.unwrap().id;
    let record = |actor: Actor, owner: Person, name: &str| Envelope {
        id: OpId::new_v7(),
        actor,
        via: None,
        at: 1,
        group: None,
        op: Op::CreateRecord {
            id: RecordId::new_v7(),
            kind: RecordKind::Lead,
            name: name.into(),
            owner,
            segments: Default::default(),
        },
    };
    let rows = [
        record(Actor::Member(olivia), Person::Member(olivia), "Forged for Olivia"),
        record(Actor::Partner(cid(&nora)), Person::Contact(cid(&nora)), "Forged for Nora"),
        record(Actor::Partner(cid(&w.tom)), Person::Contact(cid(&w.tom)), "Tom's via raw SQL"),
    ];
    let portal_url = w.url.replace("postgres@", &format!("{}@", w.portal_login));
    let as_portal = PgPoolOptions::new().max_connections(1).connect(&portal_url).await.unwrap();
    let head: i64 = sqlx::query_scalar("SELECT head FROM trellis_workspaces WHERE id = $1")
        .bind(w.workspace)
        .fetch_one(&as_portal)
        .await
        .unwrap();
    let ids: Vec<uuid::Uuid> = rows.iter().map(|r| r.id.0).collect();
    let envelopes: Vec<String> = rows.iter().map(|r| serde_json::to_string(r).unwrap()).collect();
    sqlx::query("SELECT trellis_append($1, $2, $3, $4)")
        .bind(w.workspace)
        .bind(head)
        .bind(&ids)
        .bind(&envelopes)
        .execute(&as_portal)
        .await
        .unwrap();
    let report = w.a.sync_now().await.unwrap();
    assert_eq!(report.skipped, 2, "{report:?}");
    let s = w.a.snapshot().await;
    assert!(lead_named(&s, "Forged for Olivia").is_none() && lead_named(&s, "Forged for Nora").is_none());
    assert!(lead_named(&s, "Tom's via raw SQL").is_some());
    let q = AuditQuery { action: "sync.refused".into(), limit: 10, ..AuditQuery::default() };
    let refused = w.a.audit_list(q).await.unwrap().rows;
    assert_eq!(refused.len(), 2, "{refused:?}");
    // Refused by the proof itself, saying why — not merely by the rules after it.
    let why = |needle: &str| refused.iter().any(|r| r.target.contains(needle));
    assert!(why("without portal access") && why("in the name of olivia@acme.test"), "{refused:?}");
    assert!(refused.iter().all(|r| r.actor == format!("database login {}", w.portal_login)), "{refused:?}");
    // The portal's own replica agrees.
    let p = w.replica("p").await;
    let s = p.snapshot().await;
    assert!(lead_named(&s, "Forged for Olivia").is_none() && lead_named(&s, "Tom's via raw SQL").is_some());
}
