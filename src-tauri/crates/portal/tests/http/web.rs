//! Web hardening: CSRF, security headers, bad bodies, and PORT-3's gate over every route.
use crate::support::*;
use serde_json::json;
use trellis_portal::{Gate, COMMANDS};

#[tokio::test]
async fn csrf_a_post_from_another_origin_or_none_is_refused_and_changes_nothing() {
    let w = World::new().await;
    let p = w.serve("p").await;
    let cookie = p.session("tom@globex.test", TOM_PW).await;
    let create = json!({ "req": { "kind": "lead", "name": "Planted by evil.test" } }).to_string().into_bytes();
    for origin in [Some("http://evil.test"), Some("null"), None] {
        let a = p.raw("portal_record_create", create.clone(), Some(&cookie), origin).await;
        assert_eq!(a.status, 403, "{origin:?}: {a:?}");
    }
    let ours = p.raw("portal_sign_in", b"{}".to_vec(), None, Some("http://evil.test")).await;
    assert_eq!(ours.status, 403, "signing in from another site is refused too (login CSRF)");
    let leads = p.post("portal_records", json!({ "req": { "kind": "lead", "search": "evil" } }), Some(&cookie)).await;
    assert_eq!(leads.body["total"], 0, "{leads:?}");
}

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let w = World::new().await;
    let p = w.serve("p").await;
    let answers = [
        p.sign_in("lena@globex.test", LENA_PW).await,
        p.sign_in("lena@globex.test", "wrong passphrase again").await,
        p.raw("portal_home", vec![], None, Some("http://evil.test")).await,
    ];
    for a in &answers {
        let h = |name: &str| a.headers.get(name).map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
        let csp = h("content-security-policy");
        assert!(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"), "{csp}");
        let script = csp.split(';').find(|d| d.trim().starts_with("script-src")).unwrap();
        assert!(!script.contains("unsafe-inline") && !script.contains("unsafe-eval"), "{script}");
        assert_eq!(h("x-content-type-options"), "nosniff");
        assert_eq!(h("referrer-policy"), "no-referrer");
        assert_eq!(h("x-frame-options"), "DENY");
        assert!(h("strict-transport-security").is_empty(), "no HSTS over plain HTTP");
    }
    assert_eq!(answers[0].headers.get("cache-control").unwrap(), "no-store");
}

#[tokio::test]
async fn bad_bodies_are_refused_naming_the_field_never_a_5xx() {
    let w = World::new().await;
    let p = w.serve("p").await;
    let cookie = p.session("tom@globex.test", TOM_PW).await;
    let cases: Vec<(&str, Vec<u8>, u16, &str)> = vec![
        ("portal_records", b"{not json".to_vec(), 400, "req"),
        ("portal_records", br#"{"req":{"kind":"lead","search":"","admin":true}}"#.to_vec(), 400, "admin"),
        ("portal_records", br#"{"req":{"kind":"spaceship","search":""}}"#.to_vec(), 400, "kind"),
        ("portal_records", br#"{"req":{"kind":"lead","search":"","limit":-1}}"#.to_vec(), 400, "limit"),
        ("portal_records", br#"{"req":{"kind":"lead","search":""},"as":"priya"}"#.to_vec(), 400, "as"),
        ("portal_home", br#"{"req":{"contact":"someone else"}}"#.to_vec(), 400, "req"),
        ("portal_records", b"{\"req\":{\"kind\":\"lead\",\"search\":\"\xff\xfe\"}}".to_vec(), 400, "search"),
        ("portal_record_create", br#"{"req":{"kind":"lead","name":""}}"#.to_vec(), 400, "name"),
        (
            "portal_record_create",
            format!(r#"{{"req":{{"kind":"lead","name":"{}"}}}}"#, "x".repeat(500)).into_bytes(),
            400,
            "name",
        ),
        (
            "portal_record_create",
            br#"{"req":{"kind":"lead","name":"<script>alert(1)</script>\u0000"}}"#.to_vec(),
            400,
            "name",
        ),
        ("no_such_command", b"{}".to_vec(), 404, "command"),
    ];
    for (command, body, status, field) in cases {
        let a = p.raw(command, body.clone(), Some(&cookie), Some(&p.origin())).await;
        assert_eq!(a.status, status, "{command} {}: {a:?}", String::from_utf8_lossy(&body));
        assert_eq!(a.body["field"], field, "{command} {}: {a:?}", String::from_utf8_lossy(&body));
    }
    let huge = vec![b' '; 1024 * 1024];
    assert_eq!(p.raw("portal_records", huge, Some(&cookie), Some(&p.origin())).await.status, 413);
    let leads = p.post("portal_records", json!({ "req": { "kind": "lead", "search": "" } }), Some(&cookie)).await;
    assert_eq!(leads.body["total"], 0, "nothing was created: {leads:?}");
}

/// PORT-3: a user who must change their password reaches only the `Session` commands;
/// every other command in the server's table is refused. Changing it (re-authenticated)
/// opens everything, with a new id; the flag is cleared for everyone.
#[tokio::test]
async fn port3_the_must_change_gate_holds_on_every_route_until_the_password_changes() {
    let w = World::new().await;
    let p = w.serve("p").await;
    let req = trellis_core::wire::ContactRef { contact_id: w.lena.clone() };
    w.a.partner_require_password_change(req).await.unwrap();
    w.a.sync_now().await.unwrap();
    // The flag travels with the shared hash; wait until this portal's copy has it.
    let lena = cid(&w.lena);
    p.until_password(lena, |flag| flag == Some(true)).await;
    let first = p.sign_in("lena@globex.test", LENA_PW).await;
    assert_eq!(first.body["must_change"], true, "{first:?}");
    let cookie = first.cookie();
    for (command, gate) in COMMANDS {
        if *gate != Gate::Full {
            continue;
        }
        let a = p.post(command, json!({}), Some(&cookie)).await;
        assert_eq!((a.status, a.body["field"].as_str()), (401, Some("must_change")), "{command}: {a:?}");
    }
    assert_eq!(p.post("portal_whoami", json!({}), Some(&cookie)).await.status, 200);
    let weak = json!({ "req": { "current_password": LENA_PW, "new_password": "short" } });
    assert_eq!(p.post("portal_change_password", weak, Some(&cookie)).await.body["field"], "new_password");
    let unproven =
        json!({ "req": { "current_password": "a guess at it", "new_password": "quiet meadow eleven twelve" } });
    assert_eq!(p.post("portal_change_password", unproven, Some(&cookie)).await.body["field"], "current_password");
    let change = json!({ "req": { "current_password": LENA_PW, "new_password": "quiet meadow eleven twelve" } });
    let changed = p.post("portal_change_password", change, Some(&cookie)).await;
    assert_eq!(changed.status, 200, "{changed:?}");
    assert_eq!(changed.body["must_change"], false);
    assert_ne!(changed.cookie(), cookie, "a new id at password change");
    assert_eq!(p.post("portal_home", json!({}), Some(&cookie)).await.status, 401, "the old id ended");
    assert_eq!(p.post("portal_home", json!({}), Some(&changed.cookie())).await.status, 200);
    // One-shot, for everyone: the manager's desktop sees the flag cleared after sync.
    desktop_password(&w.a, lena, |flag| flag == Some(false)).await;
    // And the old password no longer signs in; the new one does, with no gate.
    assert_eq!(p.sign_in("lena@globex.test", LENA_PW).await.status, 401);
    let again = p.sign_in("lena@globex.test", "quiet meadow eleven twelve").await;
    assert_eq!(again.body["must_change"], false);
}

/// A portal started under a login that is not the workspace's portal service says what
/// to do instead of serving (PORT-5).
#[tokio::test]
async fn a_portal_under_an_unlinked_login_refuses_to_start_and_says_why() {
    let w = World::new().await;
    let other = format!("{}_other", w.portal_login);
    sqlx::query(&format!("CREATE ROLE {other} LOGIN IN ROLE trellis_client, trellis_portal"))
        .execute(&w.server().await)
        .await
        .unwrap();
    let url = w.url.replace("postgres@", &format!("{other}@"));
    let join = trellis_core::wire::RemoteJoinRequest {
        remote: trellis_commands::sync::remote_request(&url, "unused".into()).unwrap(),
        workspace: None,
    };
    let (t, _) = trellis_commands::Trellis::sync_join(&w.dir.path().join("other.db"), join).await.unwrap();
    let config = trellis_portal::PortalConfig::new("127.0.0.1:0".parse().unwrap(), w.dir.path().join("no-ui"));
    let err = trellis_portal::Portal::new(std::sync::Arc::new(t), config).await.err().expect("refused");
    assert_eq!(err.field.as_deref(), Some("login"), "{err:?}");
    assert!(err.message.contains(&w.portal_login) && err.message.contains(&other), "{err:?}");
}
