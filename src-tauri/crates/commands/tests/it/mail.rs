//! MAIL (issue 19) through the command layer, with a real SMTP server (aiosmtpd writing a
//! Maildir), real SQLite files, the real OS keyring and, for the shared queue, a real
//! PostgreSQL server: what a message says and to whom, that its link works once, that a
//! server that is down or refuses is handled, and that two senders never send one message
//! twice.
use crate::support;

use support::smtp::SmtpServer;
use support::*;
use trellis_commands::Trellis;
use trellis_core::mail::{MailKind, MailSecurity, MailStatus};
use trellis_core::wire::*;
use trellis_core::Builtin;

pub(crate) fn settings(port: u16) -> MailSettingsRequest {
    MailSettingsRequest {
        host: "127.0.0.1".into(),
        port,
        security: MailSecurity::None,
        user: None,
        password: None,
        from_name: "Acme Partner Team".into(),
        from_address: "partners@acme.test".into(),
    }
}

async fn invite(t: &Trellis, email: &str) -> InvitationIssued {
    let role_id = Some(Builtin::Viewer.id().to_string());
    t.member_invite(InviteRequest { email: email.into(), name: "Ines Invitee".into(), role_id }).await.unwrap()
}

async fn accept(t: &Trellis, code: &str) -> Result<MemberRow, trellis_commands::ApiError> {
    t.member_accept_invite(AcceptInviteRequest { code: code.into(), name: String::new(), password: MEMBER_PW.into() })
        .await
}

/// A member invitation's code: the line after "… paste this code:".
fn pasted_code(text: &str) -> String {
    let mut lines = text.lines().skip_while(|l| !l.trim_end().ends_with("paste this code:"));
    lines.nth(1).unwrap_or_else(|| panic!("no code in {text}")).trim().to_owned()
}

async fn outbox(t: &Trellis, to: &str) -> Vec<OutboxMessage> {
    t.outbox_list().await.unwrap().into_iter().filter(|m| m.to == to).collect()
}

/// MEM-2, MAIL-2: the invitee gets one message, from the workspace's sender, with the code
/// and a trellis:// link; the code accepts once. After *resend* the old code is refused.
#[tokio::test]
async fn an_invitation_reaches_the_invitee_and_its_code_works_once() {
    let smtp = SmtpServer::start();
    let (_d, t) = fresh().await;
    let info = t.settings_set_email(settings(smtp.port)).await.unwrap();
    assert!(info.sends_here, "this desktop keeps the sending secrets: {info:?}");
    assert!(info.secrets_in.as_deref().unwrap_or_default().contains("keyring"), "{info:?}");

    let first = invite(&t, "ines@acme.test").await;
    let run = t.mail_deliver(100).await.unwrap();
    assert_eq!((run.sent, run.failed), (1, 0), "{run:?}");
    let got = smtp.wait_for(1).await;
    let m = &got[0];
    assert_eq!(m.to, "ines@acme.test");
    assert_eq!(m.from, "partners@acme.test");
    assert!(m.subject.contains("Acme Channel"), "{}", m.subject);
    assert_eq!(pasted_code(&m.text), first.code, "{}", m.text);
    assert!(m.html.contains(&first.code), "the HTML part carries the same code");
    // Issue 19: its link opens the app's Accept an invitation with the same code.
    let link = m.text.lines().map(str::trim).find(|l| l.starts_with("trellis://")).expect("a trellis:// link");
    assert_eq!(DeepLink::parse(link), Ok(DeepLink::Accept { code: first.code.clone() }), "{}", m.text);
    // (The HTML escapes "/" as an entity, which a mail client reads back as "/".)
    let html = m.html.replace("&#x2f;", "/");
    assert!(html.contains(&format!("href=\"{link}\"")), "the button opens the link: {}", m.html);
    let sent = outbox(&t, "ines@acme.test").await;
    assert_eq!(sent[0].status, MailStatus::Sent);
    assert!(sent[0].server_reply.as_deref().unwrap_or_default().starts_with("250"), "{:?}", sent[0]);
    assert_eq!(m.message_id.trim_matches(['<', '>']), format!("{}@acme.test", sent[0].id.simple()));

    // Resend: a new message with a new code; the first code stops working.
    let again = t.member_resend_invite(MemberRef { member_id: first.member.id.to_string() }).await.unwrap();
    t.mail_deliver(100).await.unwrap();
    let got = smtp.wait_for(2).await;
    let code = pasted_code(&got[1].text);
    assert_eq!(code, again.code);
    assert_ne!(code, first.code);
    assert_eq!(accept(&t, &first.code).await.unwrap_err().field.as_deref(), Some("code"));
    accept(&t, &code).await.unwrap();
    assert_eq!(accept(&t, &code).await.unwrap_err().field.as_deref(), Some("code"), "a code works once");
}

/// MAIL-2: a message whose invitation was revoked before it left is not sent; a newer
/// message about the same person replaces a waiting one.
#[tokio::test]
async fn what_no_longer_stands_is_not_sent() {
    let smtp = SmtpServer::start();
    let (_d, t) = fresh().await;
    t.settings_set_email(settings(smtp.port)).await.unwrap();
    let revoked = invite(&t, "rita@acme.test").await;
    t.member_revoke_invite(MemberRef { member_id: revoked.member.id.to_string() }).await.unwrap();
    let twice = invite(&t, "tess@acme.test").await;
    t.member_resend_invite(MemberRef { member_id: twice.member.id.to_string() }).await.unwrap();
    let run = t.mail_deliver(100).await.unwrap();
    assert_eq!((run.sent, run.superseded), (1, 1), "{run:?}");
    let got = smtp.wait_for(1).await;
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].to, "tess@acme.test");
    let rita = outbox(&t, "rita@acme.test").await;
    assert_eq!(rita[0].status, MailStatus::Superseded);
    assert!(rita[0].last_error.as_deref().unwrap_or_default().contains("revoked"), "{rita:?}");
    let tess: Vec<MailStatus> = outbox(&t, "tess@acme.test").await.iter().map(|m| m.status).collect();
    assert_eq!(tess, vec![MailStatus::Sent, MailStatus::Superseded], "newest first");
}

/// MAIL-2: the server is down — the message waits and is retried, with the reason shown;
/// back up, it is delivered once. A recipient the server refuses fails with its reason.
#[tokio::test]
async fn a_server_that_is_down_is_retried_and_a_refusal_is_kept() {
    let mut smtp = SmtpServer::start();
    let (_d, t) = fresh().await;
    t.settings_set_email(settings(smtp.port)).await.unwrap();
    t.set_mail_retry_base(std::time::Duration::ZERO);
    smtp.stop();
    invite(&t, "dora@acme.test").await;
    let run = t.mail_deliver(100).await.unwrap();
    assert_eq!((run.sent, run.retried), (0, 1), "{run:?}");
    let waiting = &outbox(&t, "dora@acme.test").await[0];
    assert_eq!((waiting.status, waiting.attempts), (MailStatus::Queued, 1));
    assert!(waiting.last_error.is_some(), "the reason is shown: {waiting:?}");

    smtp.start_again();
    let run = t.mail_deliver(100).await.unwrap();
    assert_eq!(run.sent, 1, "{run:?}");
    assert_eq!(t.mail_deliver(100).await.unwrap().sent, 0, "nothing left");
    assert_eq!(smtp.wait_for(1).await.len(), 1, "delivered once");

    invite(&t, "refuse-me@acme.test").await;
    let run = t.mail_deliver(100).await.unwrap();
    assert_eq!(run.failed, 1, "{run:?}");
    let failed = &outbox(&t, "refuse-me@acme.test").await[0];
    assert_eq!(failed.status, MailStatus::Failed);
    let reason = failed.last_error.as_deref().unwrap_or_default();
    assert!(reason.contains("User unknown"), "the server's own words: {reason}");

    // *Resend* puts it back in the queue, journaled; *Cancel* takes a waiting one out.
    let resent = t.outbox_resend(OutboxRef { id: failed.id.to_string() }).await.unwrap();
    assert_eq!(resent.status, MailStatus::Queued);
    let cancelled = t.outbox_cancel(OutboxRef { id: failed.id.to_string() }).await.unwrap();
    assert_eq!(cancelled.status, MailStatus::Cancelled);
    assert_eq!(t.mail_deliver(100).await.unwrap().sent, 0, "a cancelled message is not sent");
    let journal = t.audit_list(AuditQuery { action: "outbox".into(), ..AuditQuery::default() }).await.unwrap();
    assert_eq!(journal.rows.len(), 2, "resend and cancel are journaled: {:?}", journal.rows);
    let err = t.outbox_cancel(OutboxRef { id: "not-an-id".into() }).await.unwrap_err();
    assert_eq!(err.field.as_deref(), Some("id"));
    let err = t.outbox_cancel(OutboxRef { id: uuid::Uuid::now_v7().to_string() }).await.unwrap_err();
    assert_eq!(err.field.as_deref(), Some("id"));
}

/// Settings › Email: every bad field is named and nothing is kept; the test message goes
/// to the signed-in member, and a server that is down is said so.
#[tokio::test]
async fn email_settings_refuse_bad_fields_and_the_test_message_reaches_me() {
    let mut smtp = SmtpServer::start();
    let (_d, t) = fresh().await;
    let mut bad = settings(smtp.port);
    bad.host = "smtp.example.com".into(); // no encryption, off this machine
    assert_eq!(t.settings_set_email(bad).await.unwrap_err().field.as_deref(), Some("security"));
    let mut bad = settings(smtp.port);
    bad.from_name = "Acme\r\nBcc: everyone@example.com".into();
    assert_eq!(t.settings_set_email(bad).await.unwrap_err().field.as_deref(), Some("from_name"));
    let mut bad = settings(smtp.port);
    bad.user = Some("mailer".into());
    assert_eq!(t.settings_set_email(bad).await.unwrap_err().field.as_deref(), Some("password"));
    let info = t.settings_email().await.unwrap();
    assert!(info.host.is_none() && !info.sends_here, "nothing was kept: {info:?}");
    assert_eq!(t.mail_deliver(10).await.unwrap().idle.as_deref(), Some("email is not set up"));

    t.settings_set_email(settings(smtp.port)).await.unwrap();
    let r = t.settings_email_test().await.unwrap();
    assert_eq!(r.to, "olivia@acme.test");
    assert!(r.server_reply.starts_with("250"), "{r:?}");
    let got = smtp.wait_for(1).await;
    assert!(got[0].text.contains("Acme Channel") && got[0].to == "olivia@acme.test", "{:?}", got[0]);
    smtp.stop();
    let err = t.settings_email_test().await.unwrap_err();
    assert_eq!(err.field.as_deref(), Some("host"));
    assert!(err.message.starts_with("The SMTP server said"), "{}", err.message);
}

/// PU-2, PORT-1: giving access with a notification mails the portal's one-time link, the
/// same one the manager saw; no code reaches the database files in the clear.
#[tokio::test]
async fn give_access_mails_the_portal_link_and_no_code_is_kept_in_the_clear() {
    let smtp = SmtpServer::start();
    let (dir, t) = fresh().await;
    t.settings_set_email(settings(smtp.port)).await.unwrap();
    t.settings_set_portal_address(PortalAddressRequest { url: Some("https://partners.acme.test".into()) })
        .await
        .unwrap();
    let (_, contacts) = globex(&t, 5, &[("Ann Anders", "ann@globex.test")]).await;
    let req = GiveAccessRequest {
        contact_id: contacts[0].clone(),
        portal_role_id: Builtin::AdvancedPartnerCenter.id().to_string(),
        agent_role_id: None,
        admin_role_id: None,
        hierarchy_role_id: None,
        can_grant_subpartners: false,
        delivery: Delivery::Notification,
    };
    let given = t.partner_give_access(req).await.unwrap();
    let shown = given.invitation.expect("the link, shown once");
    t.mail_deliver(100).await.unwrap();
    let got = smtp.wait_for(1).await;
    assert_eq!(got[0].to, "ann@globex.test");
    assert!(got[0].text.contains(&format!("https://partners.acme.test/accept#code={}", shown.code)), "{}", got[0].text);
    assert!(got[0].text.contains("Globex"), "names the account: {}", got[0].text);
    let listed = outbox(&t, "ann@globex.test").await;
    assert_eq!((listed[0].kind, listed[0].status), (MailKind::PartnerAccess, MailStatus::Sent));

    // The code exists in the message only: not in the file, its WAL, or the journal.
    t.store().settle().await.unwrap();
    for entry in std::fs::read_dir(dir.path()).unwrap().flatten() {
        let bytes = std::fs::read(entry.path()).unwrap();
        let found = bytes.windows(shown.code.len()).any(|w| w == shown.code.as_bytes());
        assert!(!found, "the code is in {} in the clear", entry.path().display());
    }
}

/// MAIL-2: a shared workspace's queue is the shared database's; two desktops that both
/// send race over 500 messages and each message is delivered exactly once.
#[tokio::test]
async fn two_senders_race_over_500_messages_and_each_is_delivered_once() {
    let smtp = SmtpServer::start();
    let (url, bob_login) = sync_database("bob").await;
    let (dir, a) = fresh().await;
    a.settings_set_email(settings(smtp.port)).await.unwrap();
    let bob = t_invite_admin(&a, "bob@acme.test").await;
    a.member_set_db_login(MemberLoginRequest { member_id: bob, login: Some(bob_login.clone()) }).await.unwrap();
    a.sync_connect(trellis_commands::sync::remote_request(&url, "unused".into()).unwrap()).await.unwrap();
    a.sync_publish().await.unwrap();
    let bob_url = url.replace("postgres@", &format!("{bob_login}@"));
    let join = RemoteJoinRequest {
        remote: trellis_commands::sync::remote_request(&bob_url, "unused".into()).unwrap(),
        workspace: None,
    };
    let (b, _) = Trellis::sync_join(&dir.path().join("bob.db"), join).await.unwrap();
    b.auth_sign_in(SignInRequest { email: "bob@acme.test".into(), password: MEMBER_PW.into(), remember: false })
        .await
        .unwrap();
    // Bob's desktop sends too, with the secrets A's exported.
    let file = dir.path().join("mail-secret.json");
    a.settings_email_export_secret(&file).await.unwrap();
    assert!(b.settings_email().await.unwrap().sends_here.eq(&false));
    assert!(b.settings_email_import_secret(&file).await.unwrap().sends_here);

    // 500 test messages to Olivia in the shared queue.
    let config = trellis_sync::RemoteConfig::from_url(&url).unwrap();
    let remote = trellis_sync::Remote::connect(&config, &"unused".into()).await.unwrap();
    let ws = remote.workspaces().await.unwrap()[0].id;
    let olivia = a.session_info().await.me.unwrap().id;
    let messages: Vec<_> = (0..500)
        .map(|_| {
            let id = uuid::Uuid::now_v7();
            let message_id = format!("<{}@acme.test>", id.simple());
            let new =
                trellis_core::mail::QueuedMail::new(id, MailKind::Test, Some(olivia.0), "olivia@acme.test", "race", 0);
            trellis_core::mail::QueuedMail { message_id, ..new }
        })
        .collect();
    remote.outbox_put(ws, &messages).await.unwrap();

    async fn drain(t: &Trellis) -> u32 {
        let mut sent = 0;
        loop {
            let r = t.mail_deliver(10).await.unwrap();
            // (Bob's own invitation, accepted before it left, is not sent: superseded.)
            assert_eq!((r.failed, r.retried), (0, 0), "{r:?}");
            if r.sent + r.superseded == 0 {
                return sent;
            }
            sent += r.sent;
        }
    }
    let (by_a, by_b) = tokio::join!(drain(&a), drain(&b));
    eprintln!("A sent {by_a}, B sent {by_b}");
    assert_eq!(by_a + by_b, 500);
    let got = smtp.wait_for(500).await;
    let ids: std::collections::BTreeSet<&str> = got.iter().map(|m| m.message_id.as_str()).collect();
    assert_eq!((got.len(), ids.len()), (500, 500), "each message exactly once");
    let listed = a.outbox_list().await.unwrap();
    let race: Vec<_> = listed.iter().filter(|m| m.subject == "race").collect();
    assert!(race.len() > 100, "the list shows the newest: {}", race.len());
    assert!(race.iter().all(|m| m.status == MailStatus::Sent), "all sent, as both desktops see it");
    // Resend and cancel reach the shared queue: a sent message is neither, by id.
    let sent = race[0].id.to_string();
    let err = b.outbox_cancel(OutboxRef { id: sent.clone() }).await.unwrap_err();
    assert_eq!(err.field.as_deref(), Some("id"), "{err:?}");
    assert!(err.message.contains("cannot be cancelled"), "{}", err.message);
    let failed = messages[0].clone();
    let again = trellis_core::mail::QueuedMail { id: uuid::Uuid::now_v7(), ..failed };
    remote.outbox_put(ws, std::slice::from_ref(&again)).await.unwrap();
    let cancelled = b.outbox_cancel(OutboxRef { id: again.id.to_string() }).await.unwrap();
    assert_eq!(cancelled.status, MailStatus::Cancelled);
    let resent = a.outbox_resend(OutboxRef { id: again.id.to_string() }).await.unwrap();
    assert_eq!(resent.status, MailStatus::Queued, "either desktop moves a shared message");
}
