//! REL-2 on real files and a real PostgreSQL server: a desktop whose workspace file is
//! damaged (pages overwritten, a file cut short, garbage) rejoins into a new file and keeps
//! the changes it had not sent — exported first, applied again as their author made them,
//! never twice in the log, and a change the workspace refuses now is listed, not applied.
use crate::support;
use crate::sync::bob_joins;

use support::*;
use trellis_commands::sync::remote_request;
use trellis_commands::Trellis;
use trellis_core::wire::*;
use trellis_core::Audience;

async fn roles(t: &Trellis) -> Vec<String> {
    let q = RoleListQuery { audience: Some(Audience::Internal) };
    t.role_list(q).await.unwrap().into_iter().map(|r| r.name).collect()
}

/// Overwrites the pages of `table` with garbage: the file no longer opens as a workspace.
async fn damage(path: &std::path::Path, table: &str) {
    use sqlx::ConnectOptions;
    let mut conn = sqlx::sqlite::SqliteConnectOptions::new().filename(path).read_only(true).connect().await.unwrap();
    let root: i64 = sqlx::query_scalar("SELECT rootpage FROM sqlite_master WHERE name = ?")
        .bind(table)
        .fetch_one(&mut conn)
        .await
        .unwrap();
    let size: i64 = sqlx::query_scalar("PRAGMA page_size").fetch_one(&mut conn).await.unwrap();
    drop(conn);
    let mut bytes = std::fs::read(path).unwrap();
    let start = ((root - 1) * size) as usize;
    bytes[start..start + size as usize].fill(0xAB);
    std::fs::write(path, bytes).unwrap();
}

#[tokio::test]
async fn a_damaged_file_rejoins_and_keeps_its_unsent_changes() {
    let (url, bob_login) = sync_database("bobrescue").await;
    let (dir, a) = fresh().await;
    let b_path = dir.path().join("b.db");
    let b = bob_joins(&a, &url, &bob_login, &b_path).await;
    let bob_url = url.replace("postgres@", &format!("{bob_login}@"));
    let join = || RemoteJoinRequest { remote: remote_request(&bob_url, "unused".into()).unwrap(), workspace: None };

    // B's first change is copied in a backup while unsent, then sent: that copy will hold
    // a change the log already has.
    b.role_create(internal_role("Early", &["leads.read"])).await.unwrap();
    let early_copy = dir.path().join("early-copy.db");
    b.store().backup_to(&early_copy, 0).await.unwrap();
    b.sync_now().await.unwrap();
    // Then two changes B never sends; A meanwhile takes one of their names.
    b.role_create(internal_role("Kept", &["leads.read"])).await.unwrap();
    b.role_create(internal_role("Taken", &["leads.read"])).await.unwrap();
    a.sync_now().await.unwrap();
    a.role_create(internal_role("Taken", &["opportunities.read"])).await.unwrap();
    a.sync_now().await.unwrap();
    assert_eq!(b.sync_status().await.to_send, 2);
    b.store().close().await;
    drop(b);

    // B's file is damaged: it no longer opens.
    damage(&b_path, "members").await;
    assert!(Trellis::open(&b_path).await.is_err(), "the damaged file must not open as a workspace");

    // Rejoin into a new file, keeping the unsent changes.
    let new_path = dir.path().join("b-new.db");
    let (b2, report) = Trellis::sync_rescue(&new_path, &b_path, join()).await.unwrap();
    assert_eq!((report.found, report.unreadable, report.already_shared), (2, 0, 0), "{report:?}");
    assert_eq!(report.reapplied, 1, "{report:?}");
    assert_eq!(report.refused.len(), 1, "{report:?}");
    assert!(report.refused[0].contains("Taken") || report.refused[0].contains("already"), "{report:?}");
    let export = std::fs::read_to_string(&report.export).unwrap();
    assert!(export.contains("Kept") && export.contains("Taken"), "the changes were exported first");
    assert_eq!(b2.sync_status().await.to_send, 1, "Kept waits to be sent");
    assert_eq!(b2.sync_unattended().await.unwrap().sent, 1);
    assert_eq!(a.sync_now().await.unwrap().received, 1);
    let on_a = roles(&a).await;
    assert!(on_a.contains(&"Kept".to_string()) && on_a.contains(&"Early".to_string()), "{on_a:?}");
    assert_eq!(on_a.iter().filter(|r| *r == "Taken").count(), 1, "{on_a:?}");
    // The rescued change is journaled as rescued, under its author.
    b2.auth_sign_in(SignInRequest { email: "bob@acme.test".into(), password: MEMBER_PW.into(), remember: false })
        .await
        .unwrap();
    let log =
        b2.audit_list(AuditQuery { action: "role.create".into(), limit: 20, ..Default::default() }).await.unwrap();
    assert!(log.rows.iter().any(|r| r.actor.contains("bob@acme.test (rescued)")), "{:?}", log.rows);

    // A copy whose unsent change had reached the log after all: nothing applied twice.
    let c_path = dir.path().join("c.db");
    let (c, report) = Trellis::sync_rescue(&c_path, &early_copy, join()).await.unwrap();
    assert_eq!((report.found, report.already_shared, report.reapplied), (1, 1, 0), "{report:?}");
    c.auth_sign_in(SignInRequest { email: "bob@acme.test".into(), password: MEMBER_PW.into(), remember: false })
        .await
        .unwrap();
    assert_eq!(roles(&c).await.iter().filter(|r| *r == "Early").count(), 1);
    assert_eq!(c.sync_status().await.to_send, 0);
}

#[tokio::test]
async fn a_file_cut_short_or_garbage_salvages_what_it_can_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let (_d, t) = fresh().await;
    let good = dir.path().join("good.db");
    t.store().backup_to(&good, 0).await.unwrap();
    let bytes = std::fs::read(&good).unwrap();
    // Cut to its first page: the tables are gone.
    let cut = dir.path().join("cut.db");
    std::fs::write(&cut, &bytes[..4096.min(bytes.len())]).unwrap();
    let s = trellis_store::salvage::salvage(&cut).await;
    assert!(s.envelopes.is_empty() && s.problem.is_some(), "{s:?}");
    // Not a database at all.
    let garbage = dir.path().join("garbage.db");
    std::fs::write(&garbage, vec![0x5Au8; 64 * 1024]).unwrap();
    let s = trellis_store::salvage::salvage(&garbage).await;
    assert!(s.envelopes.is_empty() && s.problem.is_some(), "{s:?}");
    // No file: refused at its field by the rescue, before anything is joined.
    let err = Trellis::sync_rescue(
        &dir.path().join("new.db"),
        &dir.path().join("missing.db"),
        RemoteJoinRequest {
            remote: remote_request("postgres://nobody@127.0.0.1:1/none", "unused".into()).unwrap(),
            workspace: None,
        },
    )
    .await
    .err()
    .unwrap();
    assert_eq!(err.field.as_deref(), Some("damaged"));
    assert!(!dir.path().join("new.db").exists(), "nothing was made");
}
