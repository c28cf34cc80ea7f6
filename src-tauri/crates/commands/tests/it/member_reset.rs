//! Issue 19, SEC-6 for members: an administrator emails a member a reset link (a real SMTP
//! server, the real keyring); the link sets a new password once, within its hour, ends the
//! member's sessions and brings a "your password was changed" notice.
use crate::mail::settings;
use crate::support;

use support::smtp::SmtpServer;
use support::*;
use trellis_commands::Trellis;
use trellis_core::wire::*;
use trellis_core::ErrorCode;

const NEW_PW: &str = "a brand new member passphrase";

async fn reset(t: &Trellis, code: &str, password: &str) -> Result<MemberRow, trellis_commands::ApiError> {
    t.member_reset_with_link(ResetWithLinkRequest { code: code.into(), password: password.into() }).await
}

async fn sign_in(t: &Trellis, password: &str) -> Result<SessionInfo, trellis_commands::ApiError> {
    t.auth_sign_in(SignInRequest { email: "ines@acme.test".into(), password: password.into(), remember: true }).await
}

/// The link in the reset email, as the member's mail client shows it.
fn link_in(text: &str) -> String {
    text.lines().map(str::trim).find(|l| l.starts_with("trellis://reset?")).expect("a reset link").to_owned()
}

#[tokio::test]
async fn a_member_sets_a_new_password_with_the_emailed_link_once() {
    let smtp = SmtpServer::start();
    let (_d, t) = fresh().await;
    t.settings_set_email(settings(smtp.port)).await.unwrap();
    let ines = viewer_with_password(&t, "ines@acme.test", "Ines Invitee").await;

    let sent = t.member_send_reset(MemberRef { member_id: ines.id.to_string() }).await.unwrap();
    assert_eq!(sent.email, "ines@acme.test");
    t.mail_deliver(100).await.unwrap();
    let mail = smtp.wait_for_containing("trellis://reset?").await;
    assert_eq!(mail.to, "ines@acme.test");
    assert!(mail.subject.contains("Reset your Trellis password"), "{}", mail.subject);
    let link = link_in(&mail.text);
    let DeepLink::Reset { code } = DeepLink::parse(&link).unwrap() else { panic!("not a reset link: {link}") };

    // Ines keeps a session on this desktop meanwhile.
    t.auth_sign_out().await.unwrap();
    assert_eq!(sign_in(&t, MEMBER_PW).await.unwrap().status, SessionStatus::Active);
    let kept: i64 = sqlx::query_scalar("SELECT count(*) FROM sessions").fetch_one(t.store().pool()).await.unwrap();
    assert_eq!(kept, 1, "the remembered session is kept");

    // A password the policy refuses is refused at its field, and the link still works.
    assert_eq!(reset(&t, &link, "short").await.unwrap_err().field.as_deref(), Some("password"));
    // The whole link pasted works as its code.
    let row = reset(&t, &link, NEW_PW).await.unwrap();
    assert_eq!(row.id, ines.id);
    assert_eq!(t.session_info().await.status, SessionStatus::SignedOut, "her session here ended");
    let kept: i64 = sqlx::query_scalar("SELECT count(*) FROM sessions").fetch_one(t.store().pool()).await.unwrap();
    assert_eq!(kept, 0, "no remembered session survives the reset");
    assert!(sign_in(&t, MEMBER_PW).await.is_err(), "the old password no longer works");
    assert_eq!(sign_in(&t, NEW_PW).await.unwrap().status, SessionStatus::Active);

    // Once only.
    let again = reset(&t, &code, "another member passphrase").await.unwrap_err();
    assert_eq!((again.code, again.field.as_deref()), (ErrorCode::Invalid, Some("code")));

    // The notice (ASVS 2.5.5), in a member's words.
    t.mail_deliver(100).await.unwrap();
    let notice = smtp.wait_for_containing("was changed on").await;
    assert_eq!(notice.to, "ines@acme.test");
    assert!(notice.subject.contains("password was changed"), "{}", notice.subject);
    assert!(notice.text.contains("you use for Trellis") && !notice.text.contains("partner portal"), "{}", notice.text);

    // The journal names both, without the code.
    t.auth_sign_out().await.unwrap();
    t.auth_sign_in(SignInRequest { email: "olivia@acme.test".into(), password: OWNER_PW.into(), remember: false })
        .await
        .unwrap();
    let audit = t.audit_list(AuditQuery { limit: 20, ..Default::default() }).await.unwrap();
    let actions: Vec<_> = audit.rows.iter().map(|r| r.action.as_str()).collect();
    assert!(actions.contains(&"member.send_reset") && actions.contains(&"member.reset_by_link"), "{actions:?}");
    let text = serde_json::to_string(&audit.rows).unwrap();
    assert!(!text.contains(&code), "the code is not in the journal");
}

#[tokio::test]
async fn refusals_name_their_field_and_change_nothing() {
    let smtp = SmtpServer::start();
    let (_d, t) = fresh().await;
    let ines = viewer_with_password(&t, "ines@acme.test", "Ines Invitee").await;
    let ines_ref = || MemberRef { member_id: ines.id.to_string() };
    let refused = |r: Result<ResetMailed, trellis_commands::ApiError>| {
        let e = r.unwrap_err();
        (e.code, e.field)
    };
    // Without email there is nobody to carry the link.
    assert_eq!(refused(t.member_send_reset(ines_ref()).await), (ErrorCode::Rule, Some("member_id".into())));
    t.settings_set_email(settings(smtp.port)).await.unwrap();
    let pending = t
        .member_invite(InviteRequest { email: "pat@acme.test".into(), name: "Pat".into(), role_id: None })
        .await
        .unwrap();
    let pending = MemberRef { member_id: pending.member.id.to_string() };
    assert_eq!(refused(t.member_send_reset(pending).await), (ErrorCode::Rule, Some("member_id".into())));
    let unknown = MemberRef { member_id: trellis_core::MemberId::new_v7().to_string() };
    assert_eq!(refused(t.member_send_reset(unknown).await), (ErrorCode::NotFound, Some("member_id".into())));
    let junk = MemberRef { member_id: "not-an-id\u{0}".into() };
    assert_eq!(refused(t.member_send_reset(junk).await).1.as_deref(), Some("member_id"));

    // Links that are not a working reset link say so at `code`.
    t.member_send_reset(ines_ref()).await.unwrap();
    for bad in ["", "trellis://accept?code=ABCDE", "trellis://reset?code=<x>", "WRONG-CODE1"] {
        let e = reset(&t, bad, NEW_PW).await.unwrap_err();
        assert_eq!(e.field.as_deref(), Some("code"), "{bad:?}: {e:?}");
    }
    // A link past its hour.
    t.mail_deliver(100).await.unwrap();
    let link = link_in(&smtp.wait_for_containing("trellis://reset?").await.text);
    sqlx::query("UPDATE member_resets SET expires_at = 0").execute(t.store().pool()).await.unwrap();
    let e = reset(&t, &link, NEW_PW).await.unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Rule, Some("code")));
    assert!(e.message.contains("expired"), "{}", e.message);
    // Nothing changed: the old password still signs in.
    t.auth_sign_out().await.unwrap();
    assert!(sign_in(&t, MEMBER_PW).await.is_ok());
}
