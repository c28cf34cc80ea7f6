//! RPT-6 through the command layer: the journal's anchor and verify (what the window and
//! `trellis audit` call) name the entry raw SQL changed; the shared log's chain is the
//! same on every desktop at the same position and shows a rewrite made on the server.
use crate::support;

use sqlx::sqlite::SqlitePoolOptions;
use support::*;
use trellis_core::wire::*;

async fn raw_sqlite(path: &std::path::Path, sql: &[&str]) {
    let pool =
        SqlitePoolOptions::new().max_connections(1).connect(&format!("sqlite://{}", path.display())).await.unwrap();
    for s in sql {
        sqlx::query(s).execute(&pool).await.unwrap_or_else(|e| panic!("{s}: {e}"));
    }
    pool.close().await;
}

#[tokio::test]
async fn verify_names_the_changed_entry_and_an_anchor_catches_a_cut() {
    let (dir, t) = fresh().await;
    t.role_create(internal_role("Deal Desk", &["leads.read"])).await.unwrap();
    t.role_create(internal_role("Renewals", &["leads.read"])).await.unwrap();
    let anchor = t.audit_anchor().await.unwrap();
    let head = anchor.journal.clone().expect("a journal head");
    assert_eq!(anchor.shared_log, None, "not shared: no shared log head");
    let v = t.audit_verify(AuditVerifyRequest { anchor: Some(anchor.clone()), shared: false }).await.unwrap();
    assert!(v.journal.intact && v.journal.anchored, "{v:?}");
    assert_eq!(v.journal.entries, head.position as u64);
    assert_eq!(v.journal.head.as_ref(), Some(&head));

    // An anchor travels as JSON (the file `trellis audit anchor --out` writes).
    let text = serde_json::to_string(&anchor).unwrap();
    assert_eq!(serde_json::from_str::<AuditAnchor>(&text).unwrap(), anchor);

    // A bad anchor is refused by field, and changes nothing.
    let mut bad = anchor.clone();
    bad.journal.as_mut().unwrap().link = "not hex".into();
    let e = t.audit_verify(AuditVerifyRequest { anchor: Some(bad), shared: false }).await.unwrap_err();
    assert_eq!(e.field.as_deref(), Some("anchor"));
    let e = t.audit_verify(AuditVerifyRequest { anchor: None, shared: true }).await.unwrap_err();
    assert_eq!(e.field.as_deref(), Some("shared"), "no shared log to read: {e:?}");

    // Someone with the file renames the role in the entry that created it.
    let path = dir.path().join("trellis.db");
    let seq: i64 = {
        let pool = SqlitePoolOptions::new().connect(&format!("sqlite://{}", path.display())).await.unwrap();
        let q = "SELECT seq FROM journal WHERE action = 'role.create' AND changes LIKE '%Deal Desk%'";
        sqlx::query_scalar(q).fetch_one(&pool).await.unwrap()
    };
    raw_sqlite(
        &path,
        &[
            "DROP TRIGGER journal_no_update",
            &format!("UPDATE journal SET changes = replace(changes, 'Deal Desk', 'Deal Dusk') WHERE seq = {seq}"),
        ],
    )
    .await;
    let v = t.audit_verify(AuditVerifyRequest::default()).await.unwrap();
    assert!(!v.journal.intact);
    assert_eq!(v.journal.broken_at, Some(seq));
    let problem = v.journal.problem.unwrap();
    assert!(problem.starts_with(&format!("Entry {seq} (role.create")), "{problem}");

    // Cut off the newest entries of another file: only the anchor sees it.
    let (dir2, t2) = fresh().await;
    t2.role_create(internal_role("Deal Desk", &["leads.read"])).await.unwrap();
    let anchor = t2.audit_anchor().await.unwrap();
    let last = anchor.journal.as_ref().unwrap().position;
    raw_sqlite(
        &dir2.path().join("trellis.db"),
        &["DROP TRIGGER journal_no_delete", &format!("DELETE FROM journal WHERE seq = {last}")],
    )
    .await;
    assert!(t2.audit_verify(AuditVerifyRequest::default()).await.unwrap().journal.intact);
    let v = t2.audit_verify(AuditVerifyRequest { anchor: Some(anchor), shared: false }).await.unwrap();
    assert_eq!(v.journal.broken_at, Some(last));
    assert!(v.journal.problem.unwrap().contains("the newest entries were removed"));
}

#[tokio::test]
async fn the_shared_log_chain_is_the_same_everywhere_and_shows_a_server_rewrite() {
    let (url, bob_login) = sync_database("bobh").await;
    let (dir, a) = fresh().await;
    let b = crate::sync::bob_joins(&a, &url, &bob_login, &dir.path().join("b.db")).await;
    // Changes on both sides, each synced, so each desktop has fetched some rows and
    // appended others.
    b.role_create(internal_role("Made on B", &["leads.read"])).await.unwrap();
    b.sync_now().await.unwrap();
    a.role_create(internal_role("Made on A", &["leads.read"])).await.unwrap();
    a.sync_now().await.unwrap();
    b.sync_now().await.unwrap();
    let (ha, hb) = (a.audit_anchor().await.unwrap(), b.audit_anchor().await.unwrap());
    let (la, lb) = (ha.shared_log.clone().unwrap(), hb.shared_log.clone().unwrap());
    assert_eq!(la, lb, "one log, one chain: the same head on every desktop");
    assert_eq!(la.position as u64, a.sync_status().await.head);
    assert_ne!(ha.journal, hb.journal, "each desktop's own journal has its own chain");

    let v = b.audit_verify(AuditVerifyRequest { anchor: Some(ha.clone()), shared: true }).await.unwrap();
    let shared = v.shared_log.unwrap();
    assert!(shared.intact && shared.anchored, "{shared:?}");
    assert_eq!(shared.head.unwrap().link, la.link);

    // The server's owner rewrites an early row behind the triggers' back.
    let server = sqlx::postgres::PgPoolOptions::new().max_connections(1).connect(&url).await.unwrap();
    sqlx::query("ALTER TABLE trellis_log DISABLE TRIGGER USER").execute(&server).await.unwrap();
    sqlx::query("UPDATE trellis_log SET envelope = replace(envelope, 'Acme Channel', 'Acme Channe1') WHERE seq = 1")
        .execute(&server)
        .await
        .unwrap();
    let v = a.audit_verify(AuditVerifyRequest { anchor: None, shared: true }).await.unwrap();
    let shared = v.shared_log.unwrap();
    assert!(!shared.intact);
    assert_eq!(shared.broken_at, Some(la.position));
    assert!(shared.problem.unwrap().contains("is not what this desktop took in"));
    assert!(v.journal.intact, "the desktop's own journal is untouched");
}
