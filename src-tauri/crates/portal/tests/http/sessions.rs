//! PORT-4: server-side sessions behind a strict cookie; a new id at every sign-in; any
//! process serves any session; sign-out, idle and absolute ends.
use crate::support::*;
use serde_json::json;

#[tokio::test]
async fn port4_the_cookie_is_strict_and_http_only_and_a_sign_in_gets_a_new_id() {
    let w = World::new().await;
    let p = w.serve("p").await;
    let first = p.sign_in("lena@globex.test", LENA_PW).await;
    assert_eq!(first.status, 200, "{first:?}");
    assert_eq!(first.body["user_email"], "lena@globex.test");
    let set = first.set_cookie().unwrap();
    for attr in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(set.contains(attr), "{set}");
    }
    assert!(!set.contains("Secure"), "plain HTTP on loopback: {set}");
    let value = first.cookie().split_once('=').unwrap().1.to_owned();
    assert_eq!(value.len(), 64, "256 random bits, hex");
    // The id is stored only as its digest.
    let db = w.server().await;
    let stored: Vec<String> =
        sqlx::query_scalar("SELECT id_digest FROM trellis_portal_sessions").fetch_all(&db).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_ne!(stored[0], value);
    // Fixation: signing in again from this browser gets a new id and ends the old one.
    let old = first.cookie();
    let again = p
        .post("portal_sign_in", json!({ "req": { "email": "lena@globex.test", "password": LENA_PW } }), Some(&old))
        .await;
    assert_eq!(again.status, 200);
    assert_ne!(again.cookie(), old);
    assert_eq!(p.post("portal_home", json!({}), Some(&old)).await.status, 401, "the old id is dead");
    assert_eq!(p.post("portal_home", json!({}), Some(&again.cookie())).await.status, 200);
    // A failed attempt from a signed-in browser leaves its session alone.
    let wrong = json!({ "req": { "email": "tom@globex.test", "password": "a wrong passphrase" } });
    assert_eq!(p.post("portal_sign_in", wrong, Some(&again.cookie())).await.status, 401);
    assert_eq!(p.post("portal_home", json!({}), Some(&again.cookie())).await.status, 200);
}

#[tokio::test]
async fn port4_one_process_signs_in_another_serves_and_a_sign_out_holds_on_both() {
    let w = World::new().await;
    let (p1, p2) = (w.serve("p1").await, w.serve("p2").await);
    let cookie = p1.session("tom@globex.test", TOM_PW).await;
    let home = p2.post("portal_home", json!({}), Some(&cookie)).await;
    assert_eq!(home.status, 200, "{home:?}");
    assert_eq!(p2.post("portal_sign_out", json!({}), Some(&cookie)).await.status, 200);
    let after = p1.post("portal_home", json!({}), Some(&cookie)).await;
    assert_eq!(after.status, 401, "{after:?}");
    assert_eq!(after.code(), "session");
    // The answer clears the cookie in the browser too.
    assert!(after.set_cookie().unwrap().contains("Max-Age=0"));
}

#[tokio::test]
async fn port4_sign_out_everywhere_ends_every_session_of_the_user_only() {
    let w = World::new().await;
    let p = w.serve("p").await;
    let (phone, laptop) = (p.session("tom@globex.test", TOM_PW).await, p.session("tom@globex.test", TOM_PW).await);
    let lena = p.session("lena@globex.test", LENA_PW).await;
    let ended = p.post("portal_sign_out_everywhere", json!({}), Some(&phone)).await;
    assert_eq!(ended.body, json!(2), "{ended:?}");
    assert_eq!(p.post("portal_home", json!({}), Some(&laptop)).await.status, 401);
    assert_eq!(p.post("portal_home", json!({}), Some(&lena)).await.status, 200, "Lena's session is hers");
}

#[tokio::test]
async fn port4_idle_and_absolute_timeouts_are_the_servers() {
    let w = World::new().await;
    let p = w.serve("p").await;
    let db = w.server().await;
    let idle = p.session("lena@globex.test", LENA_PW).await;
    let busy = p.session("tom@globex.test", TOM_PW).await;
    // The clock played forward in the shared database: 31 idle minutes (the default is 30).
    sqlx::query("UPDATE trellis_portal_sessions SET last_seen = now() - interval '31 minutes' WHERE contact = $1")
        .bind(uuid::Uuid::parse_str(&w.lena).unwrap())
        .execute(&db)
        .await
        .unwrap();
    assert_eq!(p.post("portal_home", json!({}), Some(&idle)).await.status, 401);
    // Used a minute ago, but started over 12 hours ago.
    sqlx::query("UPDATE trellis_portal_sessions SET expires_at = now() - interval '1 second' WHERE contact = $1")
        .bind(uuid::Uuid::parse_str(&w.tom).unwrap())
        .execute(&db)
        .await
        .unwrap();
    assert_eq!(p.post("portal_home", json!({}), Some(&busy)).await.status, 401);
    let why: Vec<String> = sqlx::query_scalar("SELECT ended_why FROM trellis_portal_sessions ORDER BY ended_why")
        .fetch_all(&db)
        .await
        .unwrap();
    assert_eq!(why, ["expired", "idle"]);
    // A session lasts 12 hours at most from its start.
    let hours: f64 = sqlx::query_scalar(
        "SELECT (extract(epoch FROM expires_at - created_at) / 3600)::float8 FROM trellis_portal_sessions LIMIT 1",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert!((11.9..=12.1).contains(&hours), "{hours}");
}

/// A request starts the idle clock again, but writes the session's row only when its
/// last touch is older than `TOUCH_EVERY` (most requests are a read).
#[tokio::test]
async fn port4_a_request_restarts_the_idle_clock_writing_only_a_stale_touch() {
    let w = World::new().await;
    let p = w.serve("p").await;
    let db = w.server().await;
    let lena = p.session("lena@globex.test", LENA_PW).await;
    let contact = uuid::Uuid::parse_str(&w.lena).unwrap();
    let set = |ago: &'static str| {
        let db = db.clone();
        async move {
            sqlx::query(&format!(
                "UPDATE trellis_portal_sessions SET last_seen = now() - interval '{ago}' WHERE contact = $1"
            ))
            .bind(contact)
            .execute(&db)
            .await
            .unwrap();
        }
    };
    let idle_secs = || {
        sqlx::query_scalar::<_, f64>(
            "SELECT extract(epoch FROM now() - last_seen)::float8 FROM trellis_portal_sessions WHERE contact = $1",
        )
        .bind(contact)
        .fetch_one(&db)
    };
    // Quiet for 29 minutes: the request is served and the clock starts again.
    set("29 minutes").await;
    assert_eq!(p.post("portal_home", json!({}), Some(&lena)).await.status, 200);
    let after = idle_secs().await.unwrap();
    assert!(after < 60.0, "a stale touch is written: idle for {after} s");
    // Touched 5 seconds ago: served, and the row is left as it was.
    set("5 seconds").await;
    assert_eq!(p.post("portal_home", json!({}), Some(&lena)).await.status, 200);
    let after = idle_secs().await.unwrap();
    assert!(after >= 5.0, "a fresh touch is not written again: idle for {after} s");
}

#[tokio::test]
async fn port4_a_forged_or_unknown_cookie_is_refused() {
    let w = World::new().await;
    let p = w.serve("p").await;
    for cookie in ["trellis_portal=not-hex", &format!("trellis_portal={}", "a".repeat(64)), "other=1"] {
        let a = p.post("portal_home", json!({}), Some(cookie)).await;
        assert_eq!(a.status, 401, "{cookie}: {a:?}");
    }
    assert_eq!(p.post("portal_home", json!({}), None).await.status, 401);
}
