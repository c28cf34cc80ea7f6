//! Crash safety with kill -9: the test re-runs its own binary as a child that writes or
//! syncs, kills it at random moments, and checks that nothing acknowledged was lost and
//! nothing was applied twice. Local writes need no server; the sync trials use the
//! PostgreSQL server `scripts/test.sh` starts.
use crate::support;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;
use support::*;
use trellis_commands::sync::remote_request;
use trellis_commands::Trellis;
use trellis_core::wire::*;
use trellis_core::{Audience, Builtin};

const CHILD: &str = "TRELLIS_CRASH_CHILD";
const DB: &str = "TRELLIS_CRASH_DB";
const FROM: &str = "TRELLIS_CRASH_FROM";

/// The child's side, started by the tests below (never on its own).
#[tokio::test]
#[ignore = "the child process of the crash tests, which start it"]
async fn crash_child() {
    let Ok(role) = std::env::var(CHILD) else { return };
    let db = std::path::PathBuf::from(std::env::var(DB).unwrap());
    match role.as_str() {
        "writes" => {
            let t = owner_signed_in(&db).await;
            let from: u32 = std::env::var(FROM).unwrap().parse().unwrap();
            for i in from..from + 1_000 {
                t.role_create(internal_role(&format!("Local {i}"), &["leads.read"])).await.unwrap();
                println!("ack {i}");
            }
        }
        "bulk" => {
            // Bulk role changes of every generated member, alternating two roles.
            let t = owner_signed_in(&db).await;
            let ids = t.member_ids_for_bench(BULK).await;
            let from: u32 = std::env::var(FROM).unwrap().parse().unwrap();
            for i in from.. {
                let role = bulk_role(i);
                t.member_change_role(ChangeRoleRequest { member_ids: ids.clone(), role_id: Some(role.to_string()) })
                    .await
                    .unwrap();
                println!("ack {i}");
            }
        }
        "sync" => {
            let t = Trellis::open(&db).await.unwrap();
            let _ = t.sync_unattended().await;
        }
        "preview" => {
            // Opens a preview of the first partner user with access, then waits to be killed.
            let t = owner_signed_in(&db).await;
            let contact = std::env::var(FROM).unwrap();
            let req =
                PreviewStartRequest { contact_id: contact, reason: "Crash".into(), minutes: None, draft_id: None };
            t.preview_start(req).await.unwrap();
            println!("ack 0");
            std::future::pending::<()>().await;
        }
        other => panic!("unknown child {other}"),
    }
}

fn child(role: &str, db: &Path, from: impl ToString) -> std::process::Child {
    Command::new(std::env::current_exe().unwrap())
        .args(["crash::crash_child", "--exact", "--ignored", "--nocapture", "--test-threads=1"])
        .env(CHILD, role)
        .env(DB, db)
        .env(FROM, from.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// The writes a child acknowledges ("ack N" lines), read until `stop_after` of them (or
/// until it ends). The child runs on meanwhile; its pipe is returned so that it stays open
/// until the caller kills it (closed, the child's next line would end it instead).
fn acks(c: &mut std::process::Child, stop_after: usize) -> (Vec<u32>, BufReader<std::process::ChildStdout>) {
    let mut pipe = BufReader::new(c.stdout.take().unwrap());
    let lines = (&mut pipe).lines().map_while(Result::ok);
    // The harness may have written "test crash::crash_child ... " on the first ack's line.
    let ack = |l: String| l.rsplit_once("ack ").and_then(|(_, n)| n.trim().parse().ok());
    let acked = lines.filter_map(ack).take(stop_after).collect();
    (acked, pipe)
}

#[tokio::test]
async fn acknowledged_local_writes_survive_kill_9() {
    let (dir, t) = fresh().await;
    drop(t);
    let db = dir.path().join("trellis.db");
    let mut dice = Dice(0x9E37_79B9_7F4A_7C15);
    let mut acked: Vec<u32> = Vec::new();
    let mut next = 0u32;
    let mut kills = 0;
    while acked.len() < 1_000 {
        let mut c = child("writes", &db, next);
        let (got, _pipe) = acks(&mut c, 50 + dice.next(250) as usize);
        acked.extend(got);
        std::thread::sleep(Duration::from_millis(dice.next(15)));
        let _ = c.kill(); // SIGKILL: mid-transaction, mid-fsync, wherever it is
        let _ = c.wait();
        kills += 1;
        next = acked.last().map_or(0, |n| n + 1) + 10_000; // names never collide across children
                                                           // The database opens and holds every acknowledged write.
        let t = Trellis::open(&db).await.expect("the database opens after kill -9");
        let state = t.snapshot().await;
        for i in &acked {
            assert!(
                state.role_by_name(Audience::Internal, &format!("Local {i}")).is_some(),
                "acknowledged write {i} lost"
            );
        }
    }
    assert!(kills >= 3, "the writer was killed mid-run {kills} times");
}

/// Members the bulk trial changes at once, and the role its `i`th change gives them.
const BULK: usize = 3_000;
fn bulk_role(i: u32) -> trellis_core::RoleId {
    [Builtin::Viewer, Builtin::Member, Builtin::Admin][i as usize % 3].id()
}

/// Bulk member writes go through SQLite's own API inside sqlx's transaction: killed
/// anywhere, a bulk change is there whole or not at all, and every acknowledged one is.
#[tokio::test]
async fn bulk_member_changes_are_all_or_nothing_under_kill_9() {
    let (dir, t) = fresh().await;
    t.import_members(trellis_commands::demo_members(BULK as u32 + 10, &[Some(Builtin::Member.id())])).await.unwrap();
    drop(t);
    let db = dir.path().join("trellis.db");
    let mut dice = Dice(0x2545_F491_4F6C_DD1D);
    let mut last_acked: Option<u32> = None;
    let mut next = 0u32;
    for _ in 0..12 {
        let mut c = child("bulk", &db, next);
        let (got, _pipe) = acks(&mut c, 1 + dice.next(4) as usize);
        last_acked = got.last().copied().or(last_acked);
        std::thread::sleep(Duration::from_millis(dice.next(120)));
        let _ = c.kill();
        let _ = c.wait();
        let acked = last_acked.expect("the child acknowledged a change");
        let t = Trellis::open(&db).await.expect("the database opens after kill -9");
        // How far the child got is read back from the journal, not guessed from how long it
        // ran: it keeps committing between the last line read and the kill (issue 17).
        let filter = trellis_store::JournalFilter {
            actor: String::new(),
            action: "member.change_role".into(),
            target: String::new(),
            from: 0,
            to: i64::MAX,
            offset: 0,
            limit: 1,
        };
        let (rows, _) = t.store().journal_search(&filter).await.unwrap();
        let done = rows.checked_sub(1).expect("a journal row for each acknowledged change");
        assert!(done >= acked, "acknowledged change {acked} lost: the journal ends at change {done}");
        let ids = t.member_ids_for_bench(BULK).await;
        let state = t.snapshot().await;
        let roles: std::collections::BTreeSet<_> =
            ids.iter().map(|id| state.member(trellis_core::MemberId(id.parse().unwrap())).unwrap().role).collect();
        // Exactly the last journaled change — never a mix, never one the journal lacks.
        assert_eq!(roles.len(), 1, "a bulk change was torn by kill -9: {roles:?}");
        assert_eq!(roles.into_iter().next().unwrap(), Some(bulk_role(done)), "members hold change {done}'s role");
        drop(t);
        next = done + 1;
    }
}

#[tokio::test]
async fn a_sync_killed_at_random_points_loses_nothing_and_doubles_nothing() {
    let (url, c_login) = sync_database("carol").await;
    let (dir, a) = fresh().await;
    let carol = t_invite_admin(&a, "carol@acme.test").await;
    a.member_set_db_login(MemberLoginRequest { member_id: carol, login: Some(c_login.clone()) }).await.unwrap();
    a.sync_connect(remote_request(&url, "unused".into()).unwrap()).await.unwrap();
    a.sync_publish().await.unwrap();
    let workspace = a.sync_status().await.workspace.unwrap();
    drop(a);
    let db = dir.path().join("trellis.db");
    // C, another desktop, keeps writing so A always has something to pull as well.
    let c_url = url.replace("postgres@", &format!("{c_login}@"));
    let join = RemoteJoinRequest { remote: remote_request(&c_url, "unused".into()).unwrap(), workspace: None };
    let (c, _) = Trellis::sync_join(&dir.path().join("c.db"), join).await.unwrap();
    c.auth_sign_in(SignInRequest { email: "carol@acme.test".into(), password: MEMBER_PW.into(), remember: false })
        .await
        .unwrap();

    let mut dice = Dice(0xD1B5_4A32_D192_ED03);
    let mut acked = Vec::new();
    let mut remote = Vec::new();
    let trials = 200;
    // How long one sync takes here, start to exit, so that kills land anywhere in it. It
    // is re-measured by every sync that ends before its kill: a machine that speeds up or
    // slows down mid-run keeps being hit mid-sync, whatever its speed.
    let started = std::time::Instant::now();
    assert!(child("sync", &db, 0).wait().unwrap().success());
    let mut span = started.elapsed().as_millis() as u64;
    let mut killed = 0;
    for trial in 0..trials {
        // C writes on two trials in three: the others are quiet polls, where nothing comes
        // in and A only pushes (the case that once lost A's pending change, issue 17).
        if dice.next(3) != 0 {
            let name = format!("Remote {trial}");
            c.role_create(internal_role(&name, &["leads.read"])).await.unwrap();
            c.sync_now().await.unwrap();
            remote.push(name);
        }
        {
            let a = owner_signed_in(&db).await;
            for k in 0..1 + dice.next(2) {
                let name = format!("A {trial}.{k}");
                a.role_create(internal_role(&name, &["leads.read"])).await.unwrap();
                acked.push(name);
            }
        }
        let started = std::time::Instant::now();
        let mut child = child("sync", &db, 0);
        let delay = Duration::from_millis(dice.next(span.max(10) * 5 / 4));
        loop {
            if child.try_wait().unwrap().is_some() {
                span = started.elapsed().as_millis() as u64;
                break;
            }
            if started.elapsed() >= delay {
                killed += 1;
                break;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        let _ = child.kill();
        let _ = child.wait();
    }
    assert!(killed >= trials / 4, "only {killed} of {trials} syncs were killed mid-way");
    // The next start resumes: one sync sends whatever is left; C catches up.
    let a = owner_signed_in(&db).await;
    a.sync_now().await.unwrap();
    c.sync_now().await.unwrap();
    let status = a.sync_status().await;
    assert_eq!((status.to_send, status.conflicts, status.refused), (0, 0, 0));
    assert!(a.snapshot().await == c.snapshot().await, "both desktops hold the same workspace");

    // In the shared log, every acknowledged change exactly once.
    let pool = sqlx::postgres::PgPoolOptions::new().max_connections(1).connect(&url).await.unwrap();
    let envelopes: Vec<String> = sqlx::query_scalar("SELECT envelope FROM trellis_log WHERE workspace_id = $1")
        .bind(workspace)
        .fetch_all(&pool)
        .await
        .unwrap();
    for name in &acked {
        let needle = format!("\"name\":\"{name}\"");
        let n = envelopes.iter().filter(|e| e.contains(&needle)).count();
        assert_eq!(n, 1, "{name} is in the shared log {n} times");
    }
    let state = a.snapshot().await;
    for name in &remote {
        assert!(state.role_by_name(Audience::Internal, name).is_some(), "{name} reached A");
    }
}

/// PREV-5 (issue 17): while the process that opened a preview runs, another process on the
/// same file leaves it open; once that process is killed -9, the next start ends it in the
/// audit log, once.
#[tokio::test]
async fn a_killed_apps_preview_is_ended_by_the_next_start_and_only_then() {
    let (dir, t) = fresh().await;
    let (_, contacts) = globex(&t, 5, &[("Ann Lee", "ann@globex.test")]).await;
    t.partner_give_access(give_access(&contacts[0], Builtin::AdvancedPartnerCenter)).await.unwrap();
    drop(t);
    let db = dir.path().join("trellis.db");
    let ends = |t: Trellis| async move {
        let q = AuditQuery { action: "preview.end".into(), limit: 10, ..AuditQuery::default() };
        t.audit_list(q).await.unwrap().rows.len()
    };

    let mut app = child("preview", &db, &contacts[0]);
    let (got, _pipe) = acks(&mut app, 1);
    assert_eq!(got, vec![0], "the child opened its preview");
    assert_eq!(ends(owner_signed_in(&db).await).await, 0, "a second process ended a live app's preview");
    assert_eq!(ends(owner_signed_in(&db).await).await, 0);
    let _ = app.kill();
    let _ = app.wait();
    assert_eq!(ends(owner_signed_in(&db).await).await, 1, "the killed app's preview is ended at the next start");
    assert_eq!(ends(owner_signed_in(&db).await).await, 1, "once");
}
