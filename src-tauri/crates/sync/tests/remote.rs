//! The shared log on a real PostgreSQL server: publish and join, exactly once, the row
//! lock, versions, and what a desktop with raw SQL access under its own login can and
//! cannot do (OWASP ASVS V4: untrusted clients).
mod support;

use support::*;
use trellis_core::sync::{Replica, Verdict};
use trellis_core::*;
use trellis_sync::{RemoteError, SchemaStatus};
use uuid::Uuid;

async fn published(db: &TestDb, licences: u32) -> (Uuid, Vec<sync::Envelope>, sync::Genesis) {
    db.install().await;
    let publisher = db.connect_as("u0").await;
    let history = history(db, licences);
    let ws = Uuid::now_v7();
    let genesis = publisher.publish(ws, "Acme Channel", &history).await.expect("publish");
    assert_eq!(genesis.head, history.len() as u64);
    assert_eq!(genesis.login, db.login("u0"));
    (ws, history, genesis)
}

#[tokio::test]
async fn a_joining_desktop_downloads_the_published_workspace_and_reaches_the_same_state() {
    let db = TestDb::new().await;
    let (ws, history, genesis) = published(&db, 2).await;
    let b = db.connect_as("u1").await;
    let listed = b.workspaces().await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].name, "Acme Channel");
    assert_eq!(b.genesis(ws).await.unwrap(), genesis);
    let rows = b.fetch(ws, 0).await.unwrap();
    assert_eq!(rows.len(), history.len());
    let base = Replica::new(State::new(), sync::Genesis { head: 0, ..genesis.clone() });
    // Joining = replaying the published rows, which only the publisher's login may hold.
    let mut joined = Replica { genesis: genesis.clone(), ..base };
    let got = joined.integrate(&rows);
    assert!(got.rows.iter().all(|(_, v)| matches!(v, Verdict::Applied(_))), "{:?}", got.rows);
    assert!(joined.state == replay(&history));
}

#[tokio::test]
async fn two_desktops_merge_through_the_server_and_a_resent_change_is_stored_once() {
    let db = TestDb::new().await;
    let (ws, history, genesis) = published(&db, 2).await;
    let state = replay(&history);
    let mut a = Desk::new(&state, &genesis, db.connect_as("u1").await, db.login("u1"), 1, ws);
    let mut b = Desk::new(&state, &genesis, db.connect_as("u2").await, db.login("u2"), 2, ws);
    let role = state.role(rid(0)).unwrap().clone();
    // A ticks a permission, B renames the role: no conflict, both survive.
    let tick = role.permissions.with(Permission::Crud(Resource::Leads, Action::Delete));
    let edit = |name: &str, permissions| Op::UpdateRole {
        id: role.id,
        version: role.version,
        name: name.into(),
        description: String::new(),
        permissions,
        restriction: role.restriction,
        segments: role.segments.clone(),
    };
    assert!(a.local(edit("Shared", tick)).unwrap());
    assert!(b.local(edit("Deal Desk", role.permissions)).unwrap());
    b.sync().await.unwrap();
    a.sync().await.unwrap();
    b.sync().await.unwrap();
    for d in [&a, &b] {
        let r = d.replica.state.role(rid(0)).unwrap();
        assert_eq!(r.name, "Deal Desk");
        assert!(r.permissions.contains(Permission::Crud(Resource::Leads, Action::Delete)));
    }
    assert!(a.replica.state == b.replica.state);

    // Exactly once: the same change sent again is refused whole, the log unchanged.
    let head = a.remote.head(ws).await.unwrap();
    let rows = a.remote.fetch(ws, head - 1).await.unwrap();
    let mut push = a.remote.push(ws).await.unwrap();
    let again = push.append(&[rows[0].envelope.clone()]).await;
    assert!(matches!(again, Err(RemoteError::Duplicate)), "{again:?}");
    drop(push);
    assert_eq!(a.remote.head(ws).await.unwrap(), head);
}

#[tokio::test]
async fn appending_behind_the_head_is_refused_and_nothing_is_written() {
    let db = TestDb::new().await;
    let (ws, history, _) = published(&db, 2).await;
    let a = db.connect_as("u1").await;
    let state = replay(&history);
    let mut push = a.push(ws).await.unwrap();
    push.head -= 1; // as if this desktop had not seen the last row
    let r = push.append(&[envelope(Actor::Member(mid(1)), give(&state, 0))]).await;
    assert!(matches!(r, Err(RemoteError::Behind)), "{r:?}");
    drop(push);
    assert_eq!(a.head(ws).await.unwrap(), history.len() as u64);
}

#[tokio::test]
async fn a_managers_login_cannot_rewrite_or_insert_into_the_log_and_even_the_owner_cannot_rewrite_it() {
    let db = TestDb::new().await;
    let (ws, _, _) = published(&db, 2).await;
    let mallory = db.connect_as("u3").await;
    for sql in [
        "UPDATE trellis_log SET envelope = '{}' WHERE seq = 2",
        "DELETE FROM trellis_log WHERE seq = 2",
        "TRUNCATE trellis_log",
        "UPDATE trellis_workspaces SET head = 0",
        "INSERT INTO trellis_log (workspace_id, seq, op_id, login, envelope) SELECT workspace_id, 999, gen_random_uuid(), 'x', envelope FROM trellis_log LIMIT 1",
    ] {
        let err = sqlx::query(sql).execute(mallory.pool()).await.expect_err(sql);
        let code = err.as_database_error().and_then(|e| e.code()).map(|c| c.into_owned());
        assert_eq!(code.as_deref(), Some("42501"), "{sql}: {err}");
    }
    for sql in ["UPDATE trellis_log SET login = 'x' WHERE seq = 2", "DELETE FROM trellis_log WHERE seq = 2"] {
        let err = sqlx::query(sql).execute(&db.admin).await.expect_err(sql);
        assert!(err.to_string().contains("append-only"), "{err}");
    }
    let head: i64 = sqlx::query_scalar("SELECT head FROM trellis_workspaces WHERE id = $1")
        .bind(ws)
        .fetch_one(&db.admin)
        .await
        .unwrap();
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM trellis_log").fetch_one(&db.admin).await.unwrap();
    assert_eq!(head, count);
}

#[tokio::test]
async fn a_forged_actor_and_a_rule_breaking_change_are_skipped_alike_by_every_desktop() {
    let db = TestDb::new().await;
    let (ws, history, genesis) = published(&db, 1).await;
    let state = replay(&history);
    let mallory = db.connect_as("u3").await;
    // Mallory, under her own login, appends an Owner promotion in the Owner's name...
    let forged =
        envelope(Actor::Member(mid(0)), Op::ChangeRoles { members: vec![mid(3)], role: Some(Builtin::Owner.id()) });
    // ...and, in her own name, two licences from a pool of one.
    let mut push = mallory.push(ws).await.unwrap();
    let first = give(&state, 0);
    let mut after = state.clone();
    apply_and_commit(&mut after, &Actor::Member(mid(3)), &first).unwrap();
    let second = give(&after, 1);
    push.append(&[forged, envelope(Actor::Member(mid(3)), first), envelope(Actor::Member(mid(3)), second)])
        .await
        .unwrap();
    push.commit().await.unwrap();

    let mut desks = Vec::new();
    for n in 1..=2u128 {
        let mut d =
            Desk::new(&state, &genesis, db.connect_as(&format!("u{n}")).await, db.login(&format!("u{n}")), n, ws);
        d.sync().await.unwrap();
        desks.push(d);
    }
    let rows = desks[0].remote.fetch(ws, genesis.head).await.unwrap();
    let mut fresh = Replica::new(state.clone(), genesis.clone());
    let verdicts = fresh.integrate(&rows).rows;
    assert!(matches!(&verdicts[0].1, Verdict::Skipped(e) if e.message.contains("not theirs")), "{:?}", verdicts[0]);
    assert!(matches!(verdicts[1].1, Verdict::Applied(_)));
    assert!(
        matches!(&verdicts[2].1, Verdict::Skipped(e) if e.message.to_lowercase().contains("licence")),
        "{:?}",
        verdicts[2]
    );
    for d in &desks {
        assert!(d.replica.state == fresh.state);
        assert_eq!(d.replica.state.member(mid(3)).unwrap().role, Some(Builtin::Admin.id()));
        assert_eq!(d.replica.state.licences_in_use(), 1);
    }
}

#[tokio::test]
async fn a_newer_schema_is_refused_and_never_written_to() {
    let db = TestDb::new().await;
    let (ws, history, _) = published(&db, 2).await;
    sqlx::query("UPDATE trellis_meta SET value = 99 WHERE key = 'schema'").execute(&db.admin).await.unwrap();
    let a = db.connect_as("u1").await;
    assert_eq!(a.schema().await.unwrap(), SchemaStatus::Newer(99, 1));
    let err = a.workspaces().await.unwrap_err();
    assert!(err.to_string().contains("newer Trellis"), "{err}");
    let owner = trellis_sync::Remote::from_pool(db.admin.clone(), "test");
    let err = owner.install().await.unwrap_err();
    assert!(matches!(err, RemoteError::SchemaNewer(99, 1)), "{err:?}");
    let err = a.publish(Uuid::now_v7(), "Other", &history).await.unwrap_err();
    assert!(matches!(err, RemoteError::SchemaNewer(..)));
    assert_eq!(a.head(ws).await.unwrap(), history.len() as u64);
}

/// Issue 18 brought schema 3 (the portal's tables), issue 19 schema 4 (the outbox): a
/// database at schema 2 is upgraded by the first sync of its owner's login; a manager's
/// login cannot, and is told so.
#[tokio::test]
async fn an_older_schema_is_upgraded_by_its_owners_sync_only() {
    let db = TestDb::new().await;
    let (ws, history, _) = published(&db, 2).await;
    for sql in [
        "DROP TABLE trellis_portal_sessions, trellis_portal_lockouts, trellis_portal_sign_ins, trellis_portal_spent_invitations",
        "DROP TABLE trellis_outbox",
        "DELETE FROM _sqlx_migrations WHERE version >= 3",
        "UPDATE trellis_meta SET value = 2 WHERE key = 'schema'",
    ] {
        sqlx::query(sql).execute(&db.admin).await.unwrap();
    }
    let a = db.connect_as("u1").await;
    assert_eq!(a.schema().await.unwrap(), SchemaStatus::Older(2));
    let err = a.ensure_current().await.unwrap_err();
    assert!(matches!(err, RemoteError::SchemaOlder(2)), "{err:?}");
    assert!(err.to_string().contains("owns it"), "{err}");
    assert_eq!(a.schema().await.unwrap(), SchemaStatus::Older(2), "a manager's login changed nothing");
    let owner = trellis_sync::Remote::from_pool(db.admin.clone(), "test");
    owner.ensure_current().await.unwrap();
    assert_eq!(a.schema().await.unwrap(), SchemaStatus::Current);
    a.ensure_current().await.unwrap();
    let sessions: i64 =
        sqlx::query_scalar("SELECT count(*) FROM trellis_portal_sessions").fetch_one(&db.admin).await.unwrap();
    assert_eq!(sessions, 0, "the portal's tables are back");
    let mail: i64 = sqlx::query_scalar("SELECT count(*) FROM trellis_outbox").fetch_one(&db.admin).await.unwrap();
    assert_eq!(mail, 0, "and the outbox");
    assert_eq!(a.head(ws).await.unwrap(), history.len() as u64, "the log is untouched");
}

#[tokio::test]
async fn wrong_credentials_and_an_unreachable_server_say_which() {
    let url = std::env::var("TRELLIS_TEST_PG").expect("run through scripts/test.sh");
    let mut config = trellis_sync::RemoteConfig::from_url(&url.replace("postgres@", "nobody_here@")).unwrap();
    let password = trellis_core::sensitive::Sensitive::new("wrong".to_owned());
    let err = trellis_sync::Remote::connect(&config, &password).await.err().unwrap();
    assert!(matches!(err, RemoteError::Authentication), "{err:?}");
    // The test server speaks no TLS: requiring it is a TLS failure, said as such.
    let mut tls = trellis_sync::RemoteConfig::from_url(&url).unwrap();
    tls.tls = trellis_core::wire::RemoteTls::Require;
    let err = trellis_sync::Remote::connect(&tls, &password).await.err().unwrap();
    assert!(matches!(err, RemoteError::Tls(_)), "{err:?}");
    config.port = 1;
    let err = trellis_sync::Remote::connect(&config, &password).await.err().unwrap();
    assert!(matches!(err, RemoteError::Unreachable(..)), "{err:?}");
    assert!(!format!("{err} {err:?}").contains("wrong"), "the password never reaches a message");
}
