//! Faults on the real server: the connection cut mid-transaction (`pg_terminate_backend`)
//! before and after the append, and the server restarted while desktops sync. Nothing
//! acknowledged is lost, nothing is stored twice, and the next sync resumes.
mod support;

use std::process::Command;
use support::*;
use trellis_core::sync::Replica;
use trellis_core::*;
use uuid::Uuid;

fn rename(state: &State, name: &str) -> Op {
    let r = state.role(rid(0)).expect("shared role");
    Op::UpdateRole {
        id: r.id,
        version: r.version,
        name: name.into(),
        description: r.description.clone(),
        permissions: r.permissions,
        restriction: r.restriction,
        segments: r.segments.clone(),
    }
}

async fn cut(db: &TestDb, login: &str) -> i64 {
    sqlx::query_scalar("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = $1")
        .bind(login)
        .fetch_one(&db.admin)
        .await
        .unwrap()
}

async fn log_ids(db: &TestDb, ws: Uuid) -> Vec<Uuid> {
    sqlx::query_scalar("SELECT op_id FROM trellis_log WHERE workspace_id = $1 ORDER BY seq")
        .bind(ws)
        .fetch_all(&db.admin)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_connection_cut_before_or_after_the_append_loses_and_doubles_nothing() {
    let db = TestDb::new().await;
    db.install().await;
    let history = history(&db, 2);
    let ws = Uuid::now_v7();
    let genesis = db.connect_as("u0").await.publish(ws, "Acme", &history).await.unwrap();
    let state = replay(&history);
    let mut a = Desk::new(&state, &genesis, db.connect_as("u1").await, db.login("u1"), 1, ws);

    // Cut while the lock is held, before anything was appended: the push fails whole.
    assert!(a.local(rename(&a.replica.state, "First")).unwrap());
    let mut push = a.remote.push(ws).await.unwrap();
    push.fetch_all(a.replica.head).await.unwrap();
    assert!(cut(&db, &db.login("u1")).await >= 1);
    assert!(push.append(&a.replica.outgoing()).await.is_err());
    drop(push);
    assert_eq!(a.replica.pending.len(), 1, "still pending, not lost");

    // Cut after the append, before the commit: the server rolls back; nothing is stored.
    let mut push = a.remote.push(ws).await.unwrap();
    push.fetch_all(a.replica.head).await.unwrap();
    push.append(&a.replica.outgoing()).await.unwrap();
    cut(&db, &db.login("u1")).await;
    assert!(push.commit().await.is_err());
    assert_eq!(log_ids(&db, ws).await.len() as u64, genesis.head);

    // The next sync resumes and sends it once.
    a.sync().await.unwrap();
    a.sync().await.unwrap();
    let ids = log_ids(&db, ws).await;
    assert_eq!(ids.len() as u64, genesis.head + 1);
    assert!(a.replica.pending.is_empty());
    assert_eq!(a.replica.state.role(rid(0)).unwrap().name, "First");
}

/// A private server for this test (restarting the shared one would disturb the others).
struct Private {
    url: String,
    dir: String,
    bin: String,
}

impl Private {
    fn start() -> Private {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../scripts/pg-server.sh");
        let out = Command::new("bash")
            .args(["-c", &format!(". {root} && pg_server_start && echo \"$TRELLIS_TEST_PG|$TRELLIS_TEST_PG_DIR|$TRELLIS_TEST_PG_BIN\"")])
            .output()
            .expect("start a private PostgreSQL");
        let text = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        let mut parts = text.split('|').map(str::to_owned);
        let (url, dir, bin) =
            (parts.next().unwrap(), parts.next().unwrap_or_default(), parts.next().unwrap_or_default());
        assert!(url.starts_with("postgres://"), "private server: {text} {}", String::from_utf8_lossy(&out.stderr));
        Private { url, dir, bin }
    }

    fn pg_ctl(&self, args: &str) {
        let cmd = format!("{}/pg_ctl -D {}/data {args}", self.bin, self.dir);
        let status = if is_root() {
            Command::new("su").args(["postgres", "-s", "/bin/sh", "-c", &cmd]).status()
        } else {
            Command::new("sh").args(["-c", &cmd]).status()
        };
        assert!(status.unwrap().success(), "pg_ctl {args}");
    }
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0").unwrap_or(false)
}

impl Drop for Private {
    fn drop(&mut self) {
        self.pg_ctl("-m immediate -w stop");
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[tokio::test]
async fn desktops_keep_syncing_through_a_server_restart() {
    let server = Private::start();
    std::env::set_var("TRELLIS_TEST_PG", &server.url); // this test binary's own server
    let db = TestDb::new().await;
    db.install().await;
    let history = history(&db, 2);
    let ws = Uuid::now_v7();
    let genesis = db.connect_as("u0").await.publish(ws, "Acme", &history).await.unwrap();
    let state = replay(&history);
    let mut desks = Vec::new();
    for n in 1..=2u128 {
        let who = format!("u{n}");
        desks.push(Desk::new(&state, &genesis, db.connect_as(&who).await, db.login(&who), n, ws));
    }
    let mut made = 0;
    let mut failures = 0;
    for round in 0..30 {
        for (i, d) in desks.iter_mut().enumerate() {
            let op = Op::CreateRole {
                id: RoleId::new_v7(),
                name: format!("R {round}.{i}"),
                description: String::new(),
                audience: Audience::Internal,
                group: None,
                permissions: PermissionSet::EMPTY,
                restriction: Default::default(),
                segments: Default::default(),
            };
            assert!(d.local(op).unwrap());
            made += 1;
            if d.sync().await.is_err() {
                failures += 1;
            }
        }
        if round == 10 {
            // A sync holds the workspace's lock when the server restarts under it.
            let d = &mut desks[0];
            let mut push = d.remote.push(ws).await.unwrap();
            push.fetch_all(d.replica.head).await.unwrap();
            server.pg_ctl("-m fast -w restart");
            assert!(push.append(&d.replica.outgoing()).await.is_err(), "the restart cut the sync");
            drop(push);
            failures += 1;
        }
    }
    assert!(failures >= 1);
    for _ in 0..3 {
        for d in desks.iter_mut() {
            let _ = d.sync().await;
        }
    }
    let ids = log_ids(&db, ws).await;
    assert_eq!(ids.len() as u64, genesis.head + made, "every change exactly once");
    let rows = desks[0].remote.fetch(ws, genesis.head).await.unwrap();
    let mut fresh = Replica::new(state, genesis);
    fresh.integrate(&rows);
    for d in &desks {
        assert!(d.replica.pending.is_empty());
        assert!(d.replica.state == fresh.state);
    }
}
