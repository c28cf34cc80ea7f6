//! PORT-1, PU-2: invitation links. A manager's give-access (or a new link) issues a
//! one-time code; the portal's accept page sets the password with it, once, on any portal
//! process; a new link replaces the old; a revoked user's link is dead.
use crate::support::*;
use serde_json::json;
use trellis_core::wire::{ContactRef, Delivery, GiveAccessRequest};
use trellis_core::Builtin;

/// Nina, a new Globex contact given access with the default notification: her code.
async fn invite_nina(w: &World) -> (String, String) {
    let nina = contact(&w.a, &w.globex, "Nina Berg", "nina@globex.test").await;
    let state = w.a.snapshot().await;
    let branch = state.branch_of(state.contact(cid(&nina)).unwrap().account);
    let req = GiveAccessRequest {
        contact_id: nina.clone(),
        portal_role_id: Builtin::AdvancedPartnerCenter.id().to_string(),
        agent_role_id: None,
        admin_role_id: None,
        hierarchy_role_id: branch.last().map(|h| h.id.to_string()),
        can_grant_subpartners: false,
        delivery: Delivery::Notification,
    };
    let given = w.a.partner_give_access(req).await.unwrap();
    let code = given.invitation.expect("a notification comes with a link").code;
    w.a.sync_now().await.unwrap();
    (nina, code)
}

async fn until_invited(p: &Server, nina: &str, code: &str) {
    let digest = trellis_secrets::token_digest(&trellis_core::sensitive::Sensitive::new(code.to_owned()));
    let id = cid(nina);
    p.until("Nina's invitation", |s| {
        s.contact(id).and_then(|c| c.invitation.as_ref()).is_some_and(|i| i.digest == digest)
    })
    .await;
}

fn accept(code: &str, password: &str) -> serde_json::Value {
    json!({ "req": { "code": code, "password": password } })
}

#[tokio::test]
async fn port1_an_invitation_link_sets_the_password_once_on_any_process() {
    let w = World::new().await;
    let (p1, p2) = (w.serve("p1").await, w.serve("p2").await);
    let (nina, code) = invite_nina(&w).await;
    until_invited(&p1, &nina, &code).await;
    until_invited(&p2, &nina, &code).await;
    let who = p1.post("portal_invitation", json!({ "req": { "code": code } }), None).await;
    assert_eq!((who.status, who.body["user_email"].as_str()), (200, Some("nina@globex.test")), "{who:?}");
    let weak = p1.post("portal_accept_invitation", accept(&code, "nina"), None).await;
    assert_eq!((weak.status, weak.body["field"].as_str()), (400, Some("password")), "{weak:?}");
    let good = p1.post("portal_accept_invitation", accept(&code, "birch window eighty-one"), None).await;
    assert_eq!(good.status, 200, "a refused password does not spend the link: {good:?}");
    assert_eq!(p1.post("portal_home", json!({}), Some(&good.cookie())).await.status, 200, "signed in");
    // Once: here, and on the other process, whatever it has synced.
    for p in [&p1, &p2] {
        let again = p.post("portal_accept_invitation", accept(&code, "another fine passphrase"), None).await;
        assert_eq!((again.status, again.body["field"].as_str()), (400, Some("code")), "{again:?}");
    }
    // The other process signs her in once it has synced her new password's hash.
    let id = cid(&nina);
    p2.until_password(id, |flag| flag.is_some()).await;
    assert_eq!(p2.sign_in("nina@globex.test", "birch window eighty-one").await.status, 200);
    // The manager's desktop: the link spent, her password set, as hers via the portal.
    desktop_sees(&w.a, "the link spent", |s| s.contact(id).unwrap().invitation.is_none()).await;
    desktop_password(&w.a, id, |flag| flag == Some(false)).await;
    let q = trellis_core::wire::AuditQuery {
        action: "partner_user.accept_invitation".into(),
        limit: 5,
        ..Default::default()
    };
    let rows = w.a.audit_list(q).await.unwrap().rows;
    assert_eq!(rows.first().map(|r| r.actor.as_str()), Some("nina@globex.test (partner) via the portal"), "{rows:?}");
}

#[tokio::test]
async fn port1_a_new_link_replaces_the_old_and_revoking_kills_it() {
    let w = World::new().await;
    let p = w.serve("p").await;
    let (nina, old) = invite_nina(&w).await;
    let new = w.a.partner_invite(ContactRef { contact_id: nina.clone() }).await.unwrap().code;
    assert_ne!(new, old);
    w.a.sync_now().await.unwrap();
    until_invited(&p, &nina, &new).await;
    let stale = p.post("portal_invitation", json!({ "req": { "code": old } }), None).await;
    assert_eq!((stale.status, stale.body["field"].as_str()), (400, Some("code")), "{stale:?}");
    assert_eq!(p.post("portal_invitation", json!({ "req": { "code": new } }), None).await.status, 200);
    w.a.partner_revoke_access(ContactRef { contact_id: nina.clone() }).await.unwrap();
    w.a.sync_now().await.unwrap();
    let id = cid(&nina);
    p.until("Nina revoked", |s| s.contact(id).is_some_and(|c| !c.has_access())).await;
    let dead = p.post("portal_accept_invitation", accept(&new, "birch window eighty-one"), None).await;
    assert_eq!((dead.status, dead.body["field"].as_str()), (400, Some("code")), "{dead:?}");
    // Unknown and malformed codes read the same as a dead one.
    for code in ["AAAAA-AAAAA-AAAAA-AAAAA", "", "<script>"] {
        let a = p.post("portal_invitation", json!({ "req": { "code": code } }), None).await;
        assert_eq!(a.body, stale.body, "{code}");
    }
}

#[tokio::test]
async fn port1_a_partner_admins_new_colleague_gets_a_link_not_a_password() {
    let w = World::new().await;
    let p = w.serve("p").await;
    let priya = p.session("priya@globex.test", PRIYA_PW).await;
    let add = json!({ "req": {
        "account_id": w.globex, "name": "Sam Ortiz", "email": "sam@globex.test",
        "portal_role_id": Builtin::AdvancedPartnerCenter.id().to_string(),
    } });
    let added = p.post("portal_user_add", add, Some(&priya)).await;
    assert_eq!(added.status, 200, "{added:?}");
    assert!(added.body.get("temporary_password").is_none());
    let code = added.body["invitation"]["code"].as_str().unwrap().to_owned();
    let sam = p.post("portal_accept_invitation", accept(&code, "orchid tractor fifty-five"), None).await;
    assert_eq!(sam.status, 200, "{sam:?}");
    assert_eq!(sam.body["user_email"], "sam@globex.test");
}
