//! SEC-6, MAIL (issue 19): "Forgot your password?" on the portal server, with a real SMTP
//! server. The answer is the same for every email; a user with access gets a link that
//! works once, within the hour; using it ends every session and sends "your password was
//! changed". The portal process delivers the mail itself (its secret file), as it would
//! while no desktop is open.
use crate::smtp::{code_in, SmtpServer};

use crate::support::*;
use serde_json::json;

fn forgot(email: &str) -> serde_json::Value {
    json!({ "req": { "email": email } })
}

#[tokio::test]
async fn sec6_forgot_password_mails_a_link_that_works_once_and_ends_every_session() {
    let smtp = SmtpServer::start();
    let w = World::new().await;
    let p =
        w.serve_with("p1", w.dir.path().join("no-ui"), |c| c.mail_every = std::time::Duration::from_millis(200)).await;
    mail_on(&w, &smtp, &p).await;
    let old_session = p.session("lena@globex.test", LENA_PW).await;

    // The same answer for an email with access, one without, and one unknown.
    let answers: Vec<_> = futures_answers(&p, &["lena@globex.test", "nobody@globex.test", "olivia@acme.test"]).await;
    for a in &answers {
        assert_eq!(a.status, 200, "{a:?}");
        assert_eq!(a.body, answers[0].body, "one answer for every email");
    }
    assert!(answers[0].body["message"].as_str().unwrap_or_default().contains("If this email has access"));
    let bad = p.post("portal_forgot_password", forgot("not an email"), None).await;
    assert_eq!((bad.status, bad.body["field"].as_str()), (400, Some("email")), "{bad:?}");

    let got = smtp.wait_for(1).await;
    assert_eq!(got.len(), 1, "only Lena gets a message: {got:?}");
    assert_eq!(got[0].to, "lena@globex.test");
    assert!(got[0].subject.contains("Reset"), "{}", got[0].subject);
    assert!(got[0].text.contains(&format!("http://{}/accept#code=", p.addr)), "{}", got[0].text);
    let code = code_in(&got[0].text);

    let who = p.post("portal_invitation", json!({ "req": { "code": code } }), None).await;
    assert_eq!((who.status, who.body["resetting"].as_bool()), (200, Some(true)), "{who:?}");
    let new_pw = "juniper compass seventeen";
    let reset = p.post("portal_accept_invitation", json!({ "req": { "code": code, "password": new_pw } }), None).await;
    assert_eq!(reset.status, 200, "{reset:?}");
    let again = p.post("portal_accept_invitation", json!({ "req": { "code": code, "password": new_pw } }), None).await;
    assert_eq!((again.status, again.body["field"].as_str()), (400, Some("code")), "a link works once: {again:?}");
    let ended = p.post("portal_home", json!({}), Some(&old_session)).await;
    assert_eq!(ended.status, 401, "the session from before the reset ended: {ended:?}");
    assert_eq!(p.post("portal_home", json!({}), Some(&reset.cookie())).await.status, 200, "signed in anew");
    assert_eq!(p.sign_in("lena@globex.test", LENA_PW).await.status, 401, "the old password is gone");
    assert_eq!(p.sign_in("lena@globex.test", new_pw).await.status, 200);

    let got = smtp.wait_for(2).await;
    assert_eq!(got[1].to, "lena@globex.test");
    assert!(got[1].subject.contains("was changed"), "ASVS 2.5.5: {}", got[1].subject);
    assert!(!got[1].text.contains("code="), "the notice carries no link");
}

async fn futures_answers(p: &Server, emails: &[&str]) -> Vec<Answer> {
    let mut out = Vec::new();
    for e in emails {
        out.push(p.post("portal_forgot_password", forgot(e), None).await);
    }
    out
}
