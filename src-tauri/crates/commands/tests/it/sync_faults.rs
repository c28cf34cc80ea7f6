//! Sync under faults, Jepsen-style (issue 17): five desktops make random changes (roles,
//! members' roles, a shared role they all rename) and sync through fault-injecting TCP
//! proxies to a PostgreSQL server of this test's own, while the schedule cuts connections
//! (at once, or after N bytes: mid-transaction, mid-COPY, after the server's commit before
//! its answer), adds latency, trickles, partitions a desktop for several rounds, and
//! stops the server with `-m immediate` and starts it again in the middle of syncs. Every
//! few rounds, and at the end, the network heals and the desktops must converge:
//! - every desktop holds the same state, equal to a fault-free replay of the server's log
//!   (a fresh join);
//! - every change a desktop acknowledged is in the log exactly once, or set aside at its
//!   desktop for its author (never lost, never doubled);
//! - no queue stays stuck: nothing left to send once healed.
//!
//! `TRELLIS_FAULT_ROUNDS` sets the number of rounds (200 by default; 2,000 while developing).

use crate::support::fault_proxy::FaultProxy;
use crate::support::pg_cluster::Server;
use crate::support::*;
use std::path::{Path, PathBuf};
use std::time::Duration;
use trellis_commands::sync::remote_request;
use trellis_commands::Trellis;
use trellis_core::wire::*;
use trellis_core::{Audience, Builtin};

struct Desk {
    t: Trellis,
    path: PathBuf,
    proxy: FaultProxy,
    email: String,
    /// Roles this desktop created and was told were saved: each must reach the log once.
    made: Vec<String>,
    /// Rounds left offline (partitioned).
    offline: u32,
    /// The members whose roles the desktops change (never the managers themselves).
    pool: Vec<String>,
}

async fn sign_in(t: &Trellis, email: &str, password: &str) {
    t.auth_sign_in(SignInRequest { email: email.into(), password: password.into(), remember: false }).await.unwrap();
}

/// Five desktops on one shared workspace, each behind its own proxy and its own login.
async fn desks(dir: &Path, server: &Server) -> Vec<Desk> {
    let a = fresh_in(dir).await;
    let imported = trellis_commands::demo_members(20, &[Some(Builtin::Member.id())]);
    let pool: Vec<String> = imported.iter().map(|m| m.id.to_string()).collect();
    a.import_members(imported).await.unwrap();
    a.role_create(internal_role("Shared", &["leads.read"])).await.unwrap();
    let admin = server.admin().await;
    sqlx::query("CREATE ROLE trellis_client NOLOGIN").execute(&admin).await.unwrap();
    let names = ["bob", "cleo", "dan", "eve"];
    for n in names {
        let id = t_invite_admin(&a, &format!("{n}@acme.test")).await;
        sqlx::query(&format!("CREATE ROLE {n} LOGIN IN ROLE trellis_client")).execute(&admin).await.unwrap();
        a.member_set_db_login(MemberLoginRequest { member_id: id, login: Some(n.into()) }).await.unwrap();
    }
    let upstream = format!("127.0.0.1:{}", server.port);
    let proxy = FaultProxy::start(upstream.clone()).await;
    a.sync_connect(remote_request(&server.url("postgres", proxy.port), "unused".into()).unwrap()).await.unwrap();
    a.sync_publish().await.unwrap();
    let mut out = vec![Desk {
        t: a,
        path: dir.join("trellis.db"),
        proxy,
        email: "olivia@acme.test".into(),
        made: vec![],
        offline: 0,
        pool: pool.clone(),
    }];
    for n in names {
        let proxy = FaultProxy::start(upstream.clone()).await;
        let join = RemoteJoinRequest {
            remote: remote_request(&server.url(n, proxy.port), "unused".into()).unwrap(),
            workspace: None,
        };
        let path = dir.join(format!("{n}.db"));
        let (t, _) = Trellis::sync_join(&path, join).await.unwrap();
        let email = format!("{n}@acme.test");
        sign_in(&t, &email, MEMBER_PW).await;
        out.push(Desk { t, path, proxy, email, made: vec![], offline: 0, pool: pool.clone() });
    }
    out
}

/// One random change on `d`; role names are unique per desktop and round.
async fn change(d: &mut Desk, dice: &mut Dice, tag: &str) {
    let t = &d.t;
    match dice.next(4) {
        0 | 1 => {
            let name = tag.to_owned();
            if t.role_create(internal_role(&name, &["leads.read"])).await.is_ok() {
                d.made.push(name);
            }
        }
        2 => {
            let pick = d.pool[dice.next(d.pool.len() as u64) as usize].clone();
            let role = [Builtin::Viewer, Builtin::Member][dice.next(2) as usize].id().to_string();
            let _ = t.member_change_role(ChangeRoleRequest { member_ids: vec![pick], role_id: Some(role) }).await;
        }
        _ => {
            let q = RoleListQuery { audience: Some(Audience::Internal) };
            let roles = t.role_list(q).await.unwrap();
            if let Some(r) = roles.iter().find(|r| r.name.starts_with("Shared")) {
                let req = RoleUpdateRequest {
                    role_id: r.id.to_string(),
                    version: r.version,
                    name: format!("Shared {tag}"),
                    description: r.description.clone(),
                    permissions: r.permissions.keys(),
                    restriction: None,
                    segments: None,
                };
                let _ = t.role_update(req).await;
            }
        }
    }
}

/// Heals the network and syncs until every desktop is quiet, settling what sync set aside
/// (keep theirs, by its author at its desktop); then checks convergence.
async fn heal_and_check(desks: &mut [Desk], dir: &Path, server: &Server, check: u32) {
    for d in desks.iter_mut() {
        d.proxy.heal();
        d.offline = 0;
    }
    let mut quiet_passes = 0;
    for pass in 0..40 {
        let mut moved = false;
        for d in desks.iter() {
            match d.t.sync_now().await {
                Ok(r) => moved |= r.received > 0 || r.sent > 0,
                Err(e) => panic!("healed, a sync still fails on {} (pass {pass}): {e:?}", d.email),
            }
            for p in d.t.sync_queue().await.unwrap().parked {
                d.t.sync_resolve(SyncResolveRequest { id: p.id.to_string(), keep: Keep::Theirs }).await.unwrap();
                moved = true;
            }
        }
        quiet_passes = if moved { 0 } else { quiet_passes + 1 };
        if quiet_passes == 2 {
            break;
        }
    }
    assert_eq!(quiet_passes, 2, "the desktops never settled");
    let state = desks[0].t.snapshot().await;
    for d in desks.iter() {
        let s = d.t.sync_status().await;
        assert_eq!((s.to_send, s.conflicts, s.refused), (0, 0, 0), "{}: a queue stayed stuck", d.email);
        assert!(d.t.snapshot().await == state, "{} differs from olivia's desktop", d.email);
    }
    // A fault-free replay of the server's log: a fresh join, straight to the server.
    let join = RemoteJoinRequest {
        remote: remote_request(&server.url("bob", server.port), "unused".into()).unwrap(),
        workspace: None,
    };
    let (fresh, _) = Trellis::sync_join(&dir.join(format!("replay-{check}.db")), join).await.unwrap();
    assert!(fresh.snapshot().await == state, "the desktops differ from a replay of the log");
    // Every acknowledged role exactly once in the log, or set aside and dropped (then never).
    let admin = server.admin().await;
    let envelopes: Vec<String> =
        sqlx::query_scalar("SELECT envelope FROM trellis_log").fetch_all(&admin).await.unwrap();
    for d in desks.iter() {
        for name in &d.made {
            let needle = "\"op\":\"create_role\",\"id\"";
            let n =
                envelopes.iter().filter(|e| e.contains(needle) && e.contains(&format!("\"name\":\"{name}\""))).count();
            assert_eq!(n, 1, "{name}, made on {}, is in the log {n} times", d.email);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_desktops_converge_after_random_network_and_server_faults() {
    let rounds: u32 = std::env::var("TRELLIS_FAULT_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(200);
    let seed: u64 = std::env::var("TRELLIS_FAULT_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(0x5EED_F417);
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let mut desks = desks(dir.path(), &server).await;
    let mut dice = Dice(seed);
    let (mut restarts, mut cuts, mut failed_syncs) = (0, 0, 0);
    let mut partitioned_wait = Duration::ZERO;
    let mut reopened = 0;
    for round in 0..rounds {
        // Busy rounds (everyone changes something) and quiet ones (one desktop does, the
        // others' polls bring nothing): a failed push after a quiet poll once lost data.
        let busy = dice.next(2) == 0;
        let active = dice.next(desks.len() as u64) as usize;
        for (k, d) in desks.iter_mut().enumerate() {
            if busy || k == active {
                for c in 0..1 + dice.next(2) {
                    change(d, &mut dice, &format!("R{round}.{k}.{c}")).await;
                }
            }
        }
        let k = dice.next(desks.len() as u64) as usize;
        match dice.next(9) {
            0 | 1 => {
                // Cut once some bytes went up: mid-statement, mid-COPY.
                desks[k].proxy.cut_after(1 + dice.next(4_000));
                cuts += 1;
            }
            2 | 7 => {
                // Cut at the push's COMMIT: before the server has it (rolled back), or
                // after it committed there but before the desktop heard so.
                desks[k].proxy.cut_at_commit(dice.next(2) == 0);
                cuts += 1;
            }
            3 => desks[k].proxy.latency(Duration::from_millis(1 + dice.next(30))),
            4 => desks[k].proxy.trickle(1 + dice.next(64)),
            5 if desks[k].offline == 0 => {
                // Offline for several rounds: changes pile up there while others move on.
                desks[k].proxy.partition(true);
                desks[k].offline = 1 + dice.next(8) as u32;
                let started = std::time::Instant::now();
                assert!(desks[k].t.sync_now().await.is_err(), "a partitioned desktop cannot sync");
                partitioned_wait = partitioned_wait.max(started.elapsed());
                failed_syncs += 1;
            }
            6 if dice.next(3) == 0 => {
                // The server crashes while a desktop syncs.
                let syncing = desks[k].t.sync_now();
                let delay = Duration::from_millis(dice.next(40));
                let crash = async {
                    tokio::time::sleep(delay).await;
                    tokio::task::block_in_place(|| server.crash_and_restart());
                };
                let (result, ()) = tokio::join!(syncing, crash);
                failed_syncs += result.is_err() as u32;
                restarts += 1;
            }
            _ => {}
        }
        let mut failed = Vec::new();
        let first = dice.next(desks.len() as u64) as usize;
        for i in 0..desks.len() {
            let j = (first + i) % desks.len();
            let d = &mut desks[j];
            if d.offline > 0 {
                d.offline -= 1;
                if d.offline == 0 {
                    d.proxy.partition(false);
                }
                continue;
            }
            if d.t.sync_now().await.is_err() {
                failed_syncs += 1;
                failed.push(j);
            }
            d.proxy.heal();
        }
        // A desktop quits and starts again — often right after its sync failed: only what
        // is on disk survives.
        if dice.next(3) == 0 {
            let k = failed.first().copied().unwrap_or_else(|| dice.next(desks.len() as u64) as usize);
            let d = &mut desks[k];
            let t = Trellis::open(&d.path).await.unwrap();
            sign_in(&t, &d.email, if k == 0 { OWNER_PW } else { MEMBER_PW }).await;
            d.t = t;
            reopened += 1;
        }
        if (round + 1) % 50 == 0 || round + 1 == rounds {
            heal_and_check(&mut desks, dir.path(), &server, round).await;
        }
    }
    eprintln!(
        "{rounds} rounds: {cuts} cuts, {restarts} server crashes, {failed_syncs} failed syncs, {reopened} restarts \
         (longest failure when partitioned: {partitioned_wait:?}), all converged"
    );
    assert!(failed_syncs > 0, "the schedule injected no fault that a sync noticed");
}
