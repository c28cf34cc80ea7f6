//! CRED-1, SEC-2, non-negotiable 7: after a full credentials scenario, no plaintext
//! password appears in the logs (captured at TRACE), the journal, the audit export, any
//! non-credential table, or the database files; no password hash leaves `credentials`.

use crate::support;

use sqlx::{Column, Row};
use std::io::Write;
use std::sync::{Arc, Mutex};
use trellis_commands::Trellis;
use trellis_core::wire::*;
use trellis_core::Builtin;

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

const OWNER_PW: &str = "quiet harbour lanterns";
const ANA_PW: &str = "anas secret passphrase";
const WRONG_PW: &str = "a wrong guess at it";
const NEW_PW: &str = "bos replacement passphrase";
const ANA_RESET_PW: &str = "anas passphrase from the link";
const PARTNER_PW: &str = "globex portal passphrase";
const PARTNER_PW_2: &str = "a second globex passphrase";

/// Gives three Globex contacts access, one per delivery, then resets one password.
/// Returns the temporary password that was shown once.
async fn partner_passwords(t: &Trellis) -> String {
    let people = [("Gus 0", "gus0@globex.test"), ("Gus 1", "gus1@globex.test"), ("Gus 2", "gus2@globex.test")];
    let (_, ids) = support::globex(t, 5, &people).await;
    let mut temp = String::new();
    let mut branch_user = None;
    let deliveries = [
        Delivery::Manual { password: PARTNER_PW.into(), require_change: true },
        Delivery::Temporary,
        Delivery::Notification,
    ];
    for (id, delivery) in ids.iter().zip(deliveries) {
        let req = GiveAccessRequest {
            contact_id: id.clone(),
            portal_role_id: Builtin::AdvancedPartnerCenter.id().to_string(),
            agent_role_id: None,
            admin_role_id: None,
            hierarchy_role_id: branch_user.clone(),
            can_grant_subpartners: false,
            delivery,
        };
        let given = t.partner_give_access(req).await.unwrap();
        branch_user = Some(given.record.branch[2].id.to_string());
        if let Some(p) = given.temporary_password {
            temp = p;
        }
    }
    let req = PartnerPasswordRequest {
        contact_id: ids[0].clone(),
        password: Some(PARTNER_PW_2.into()),
        require_change: false,
    };
    t.partner_set_password(req).await.unwrap();
    assert!(!temp.is_empty());
    temp
}

async fn table_text(pool: &sqlx::SqlitePool, table: &str) -> String {
    let rows = sqlx::query(&format!("SELECT * FROM {table}")).fetch_all(pool).await.unwrap();
    let mut out = String::new();
    for r in rows {
        for (i, c) in r.columns().iter().enumerate() {
            let v: Option<String> = r
                .try_get::<Option<String>, _>(i)
                .ok()
                .flatten()
                .or_else(|| r.try_get::<Option<i64>, _>(i).ok().flatten().map(|n| n.to_string()));
            out.push_str(&format!("{}={} ", c.name(), v.unwrap_or_default()));
        }
        out.push('\n');
    }
    out
}

#[tokio::test]
async fn no_password_or_hash_leaks_anywhere() {
    let capture = Capture::default();
    let writer = capture.clone();
    // Global (every thread, and `log` records from sqlx too): this binary has one test.
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .try_init()
        .unwrap();

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("trellis.db");
    let t = Trellis::open(&path).await.unwrap();
    t.workspace_create(CreateWorkspaceRequest {
        workspace_name: "Acme".into(),
        owner_name: "Olivia".into(),
        owner_email: "olivia@acme.test".into(),
        password: OWNER_PW.into(),
    })
    .await
    .unwrap();
    let ana = t
        .member_invite(InviteRequest {
            email: "ana@acme.test".into(),
            name: "Ana".into(),
            role_id: Some(Builtin::Member.id().to_string()),
        })
        .await
        .unwrap();
    t.member_accept_invite(AcceptInviteRequest {
        code: ana.code.as_str().into(),
        name: String::new(),
        password: ANA_PW.into(),
    })
    .await
    .unwrap();
    let bo = t
        .member_invite(InviteRequest {
            email: "bo@acme.test".into(),
            name: "Bo".into(),
            role_id: Some(Builtin::Viewer.id().to_string()),
        })
        .await
        .unwrap();
    t.member_accept_invite(AcceptInviteRequest {
        code: bo.code.as_str().into(),
        name: String::new(),
        password: ANA_PW.replace("anas", "bos").as_str().into(),
    })
    .await
    .unwrap();
    let temp = t
        .member_reset_password(ResetPasswordRequest {
            member_id: bo.member.id.to_string(),
            password: None,
            require_change: false,
        })
        .await
        .unwrap()
        .temporary_password
        .unwrap();
    // PU-2..PU-5 for partner users: a notification, a typed password, a temporary one.
    let partner_temp = partner_passwords(&t).await;
    t.auth_sign_out().await.unwrap();
    for _ in 0..3 {
        let _ = t
            .auth_sign_in(SignInRequest { email: "ana@acme.test".into(), password: WRONG_PW.into(), remember: false })
            .await;
    }
    t.auth_sign_in(SignInRequest { email: "bo@acme.test".into(), password: temp.as_str().into(), remember: true })
        .await
        .unwrap();
    t.auth_change_password(ChangePasswordRequest {
        current_password: temp.as_str().into(),
        new_password: NEW_PW.into(),
    })
    .await
    .unwrap();
    t.auth_sign_out().await.unwrap();
    t.auth_sign_in(SignInRequest { email: "olivia@acme.test".into(), password: OWNER_PW.into(), remember: false })
        .await
        .unwrap();
    // Issue 19: a reset link emailed to Ana and used (its code and her new password).
    let smtp = support::smtp::SmtpServer::start();
    t.settings_set_email(crate::mail::settings(smtp.port)).await.unwrap();
    t.member_send_reset(MemberRef { member_id: ana.member.id.to_string() }).await.unwrap();
    t.mail_deliver(100).await.unwrap();
    let reset_code = support::smtp::code_in(&smtp.wait_for_containing("trellis://reset?").await.text);
    t.member_reset_with_link(ResetWithLinkRequest { code: reset_code.as_str().into(), password: ANA_RESET_PW.into() })
        .await
        .unwrap();
    let export = t.audit_export(AuditQuery::default()).await.unwrap();
    let listed = serde_json::to_string(&t.audit_list(AuditQuery::default()).await.unwrap()).unwrap();
    let session = serde_json::to_string(&t.session_info().await).unwrap();

    let pool = t.store().pool();
    let hashes: Vec<String> =
        sqlx::query_scalar("SELECT phc FROM credentials UNION ALL SELECT phc FROM partner_credentials")
            .fetch_all(pool)
            .await
            .unwrap();
    assert_eq!(hashes.len(), 5, "three members and two partner users hold passwords");
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('credentials', 'sessions', 'partner_credentials')",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    assert!(tables.contains(&"journal".to_string()) && tables.contains(&"members".to_string()));
    assert!(tables.contains(&"outbox".to_string()), "the access notification queue is scanned too");
    let mut haystacks = vec![("audit export", export.csv), ("audit list", listed), ("session info", session)];
    for table in &tables {
        haystacks.push((table.as_str(), table_text(pool, table).await));
    }
    t.store().close().await;
    drop(t);
    let logs = String::from_utf8_lossy(&capture.0.lock().unwrap()).into_owned();
    assert!(logs.contains("INSERT INTO journal"), "the capture saw the run's logs (sqlx statements at TRACE)");
    haystacks.push(("logs", logs));
    // The database and whatever WAL/SHM files remain (closing may remove them meanwhile).
    let mut files = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
    for entry in std::fs::read_dir(dir.path()).unwrap().flatten() {
        if entry.path() != path {
            if let Ok(bytes) = std::fs::read(entry.path()) {
                files.push_str(&String::from_utf8_lossy(&bytes));
            }
        }
    }

    // SEC-4: invitation codes are secrets too (only their digests are kept).
    let secrets = [
        OWNER_PW,
        ANA_PW,
        WRONG_PW,
        NEW_PW,
        temp.as_str(),
        PARTNER_PW,
        PARTNER_PW_2,
        partner_temp.as_str(),
        ana.code.as_str(),
        bo.code.as_str(),
        reset_code.as_str(),
        ANA_RESET_PW,
    ];
    for (name, text) in &haystacks {
        for s in secrets {
            assert!(!text.contains(s), "a plaintext password reached {name}");
        }
        for h in &hashes {
            assert!(!text.contains(h.as_str()), "a password hash reached {name}");
        }
        assert!(!text.contains("$argon2"), "a password hash reached {name}");
    }
    for s in secrets {
        assert!(!files.contains(s), "a plaintext password is in the database files");
    }
}
