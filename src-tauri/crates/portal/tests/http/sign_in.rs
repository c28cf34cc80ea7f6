//! PORT-1, SEC-6: one answer for every failed sign-in, after the same work; a lock that
//! holds on every portal process (ASVS 2.2.1).
use crate::support::*;
use std::time::{Duration, Instant};

#[tokio::test]
async fn port1_every_failure_answers_the_same_words_in_the_same_shape() {
    let w = World::new().await;
    let p = w.serve("p").await;
    let unknown = p.sign_in("nobody@globex.test", LENA_PW).await;
    let wrong = p.sign_in("lena@globex.test", "not lenas passphrase at all").await;
    // Olivia is a member, not a partner user: the portal knows no such account.
    let member = p.sign_in("olivia@acme.test", OWNER_PW).await;
    for a in [&unknown, &wrong, &member] {
        assert_eq!(a.status, 401, "{a:?}");
        assert!(a.set_cookie().is_none(), "no session for a failure");
    }
    assert_eq!(unknown.body, wrong.body);
    assert_eq!(unknown.body, member.body);
    assert_eq!(unknown.body["field"], "password");
    // Locked after five failures: the sixth, even with the right password, looks the same.
    for _ in 0..4 {
        p.sign_in("lena@globex.test", "still not the passphrase").await;
    }
    let locked = p.sign_in("lena@globex.test", LENA_PW).await;
    assert_eq!(locked.status, 401);
    assert_eq!(locked.body, unknown.body);
}

/// Unknown email, wrong password and locked each cost one argon2id verification: the
/// fastest of several tries of each is within a small factor of the others.
#[tokio::test]
async fn port1_failures_take_comparable_time() {
    let w = World::new().await;
    let p = w.serve("p").await;
    for _ in 0..5 {
        p.sign_in("tom@globex.test", "wrong wrong wrong wrong").await;
    }
    let fastest = |email: &'static str, password: &'static str| {
        let p = &p;
        async move {
            let mut best = Duration::MAX;
            for _ in 0..4 {
                let started = Instant::now();
                assert_eq!(p.sign_in(email, password).await.status, 401);
                best = best.min(started.elapsed());
            }
            best
        }
    };
    let unknown = fastest("nobody@globex.test", "whatever it is here").await;
    let wrong = fastest("lena@globex.test", "whatever it is here").await;
    let locked = fastest("tom@globex.test", TOM_PW).await;
    let (lo, hi) =
        ([unknown, wrong, locked].into_iter().min().unwrap(), [unknown, wrong, locked].into_iter().max().unwrap());
    assert!(hi < lo * 3, "unknown {unknown:?}, wrong {wrong:?}, locked {locked:?}");
}

#[tokio::test]
async fn port1_a_lock_holds_on_every_portal_process() {
    let w = World::new().await;
    let (p1, p2) = (w.serve("p1").await, w.serve("p2").await);
    for _ in 0..5 {
        assert_eq!(p1.sign_in("priya@globex.test", "a wrong passphrase here").await.status, 401);
    }
    let other = p2.sign_in("priya@globex.test", PRIYA_PW).await;
    assert_eq!(other.status, 401, "locked on the other process too: {other:?}");
    // Other accounts are untouched.
    assert_eq!(p2.sign_in("lena@globex.test", LENA_PW).await.status, 200);
    // The lock running out (the clock played forward) lets the right password in again.
    sqlx::query("UPDATE trellis_portal_lockouts SET locked_until = now() - interval '1 second'")
        .execute(&w.server().await)
        .await
        .unwrap();
    assert_eq!(p2.sign_in("priya@globex.test", PRIYA_PW).await.status, 200);
}

#[tokio::test]
async fn port1_a_revoked_or_disabled_user_cannot_sign_in() {
    let w = World::new().await;
    let p = w.serve("p").await;
    w.a.partner_revoke_access(trellis_core::wire::ContactRef { contact_id: w.lena.clone() }).await.unwrap();
    w.a.sync_now().await.unwrap();
    let lena = cid(&w.lena);
    p.until("Lena's access revoked", |s| s.contact(lena).is_some_and(|c| !c.has_access())).await;
    assert_eq!(p.sign_in("lena@globex.test", LENA_PW).await.status, 401);
}
