//! Sync against a real PostgreSQL, measured (issue: shared PostgreSQL):
//! * pull of a 100,000-op workspace and push of 10,000 pending ops, in ops/s, next to
//!   PostgreSQL COPY of the same rows;
//! * a desktop offline with 5,000 own changes coming back to 100,000 others' (issue 17);
//! * latency of a change on desktop A becoming visible on desktop B (p50, p99);
//! * 20 desktops pushing to one workspace at once, and 20 workspaces on one server.
//!
//! Usage: `cargo run --release -p trellis-bench --bin trellis-sync-bench [-- --quick]`.
//! It starts a throwaway server with scripts/pg-server.sh unless TRELLIS_BENCH_PG names a
//! superuser URL.

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, PgPool};
use std::str::FromStr;
use std::time::{Duration, Instant};
use trellis_bench::pg::server;
use trellis_core::sync::{Envelope, Genesis, Logged, Replica};
use trellis_core::*;
use trellis_sync::Remote;
use uuid::Uuid;

const T0: Millis = 1_764_000_000_000;

fn env(actor: Actor, op: Op) -> Envelope {
    Envelope { id: OpId::new_v7(), actor, via: None, at: T0, group: None, op }
}

/// The owner, `desks` Admins linked to logins `u1..`, and `extra` ops of realistic kinds
/// (invitations, role changes, role edits) to make the history long.
fn history(desks: usize, extra: usize, sfx: &str) -> Vec<Envelope> {
    let owner = Actor::Member(MemberId(Uuid::from_u128(1)));
    let mut out = vec![env(
        Actor::Bootstrap,
        Op::CreateWorkspace {
            name: "Bench".into(),
            owner: MemberId(Uuid::from_u128(1)),
            owner_name: "Owner".into(),
            owner_email: "owner@bench.test".into(),
            at: T0,
        },
    )];
    let admins: Vec<ImportedMember> = (1..=desks)
        .map(|i| ImportedMember {
            id: MemberId(Uuid::from_u128(100 + i as u128)),
            email: format!("desk{i}@bench.test"),
            name: format!("Desk {i}"),
            role: Some(Builtin::Admin.id()),
        })
        .collect();
    out.push(env(owner, Op::ImportMembers { members: admins, at: T0 }));
    for i in 1..=desks {
        let member = MemberId(Uuid::from_u128(100 + i as u128));
        out.push(env(owner, Op::SetDatabaseLogin { member, login: Some(format!("u{i}_{sfx}")) }));
    }
    let roles: Vec<RoleId> = (0..20).map(|_| RoleId::new_v7()).collect();
    for (i, id) in roles.iter().enumerate() {
        out.push(env(
            owner,
            Op::CreateRole {
                id: *id,
                name: format!("Role {i}"),
                description: String::new(),
                audience: Audience::Internal,
                group: None,
                permissions: PermissionSet::crud(&[Resource::Leads], &[Action::Read]),
                restriction: Default::default(),
                segments: Default::default(),
            },
        ));
    }
    let mut members = Vec::new();
    let mut versions = vec![1u32; roles.len()];
    while out.len() < extra {
        let k = out.len();
        let op = match k % 3 {
            0 => {
                let id = MemberId::new_v7();
                members.push(id);
                Op::InviteMember {
                    id,
                    email: format!("m{k}@bench.test"),
                    name: String::new(),
                    role: Some(roles[k % 20]),
                    at: T0,
                }
            }
            1 if !members.is_empty() => {
                Op::ChangeRoles { members: vec![members[k % members.len()]], role: Some(roles[(k / 3) % 20]) }
            }
            _ => {
                let r = k % 20;
                let v = versions[r];
                versions[r] += 1;
                Op::UpdateRole {
                    id: roles[r],
                    version: v,
                    name: format!("Role {r}"),
                    description: format!("edit {k}"),
                    permissions: PermissionSet::crud(&[Resource::Leads], &[Action::Read]),
                    restriction: Default::default(),
                    segments: Default::default(),
                }
            }
        };
        out.push(env(owner, op));
    }
    out
}

fn replay(history: &[Envelope]) -> State {
    let mut s = State::new();
    for e in history {
        apply_and_commit(&mut s, &e.actor, &e.op).expect("history applies");
    }
    s
}

async fn pool(url: &str, db: &str, user: &str, n: u32) -> PgPool {
    let o = PgConnectOptions::from_str(url).unwrap().database(db).username(user).disable_statement_logging();
    PgPoolOptions::new().max_connections(n).connect_with(o).await.unwrap()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

struct Desk {
    replica: Replica,
    remote: Remote,
    login: String,
    actor: Actor,
    ws: Uuid,
}

impl Desk {
    /// Desktop `i`: member 100 + i, signed by login `u{i}_{sfx}`, following `ws`.
    fn new(i: usize, sfx: &str, state: State, genesis: Genesis, remote: Remote, ws: Uuid) -> Desk {
        Desk {
            replica: Replica::new(state, genesis),
            remote,
            login: format!("u{i}_{sfx}"),
            actor: Actor::Member(MemberId(Uuid::from_u128(100 + i as u128))),
            ws,
        }
    }

    /// A local invitation (a new member), pending until the next sync.
    fn invite(&mut self, email: String) {
        let op = Op::InviteMember { id: MemberId::new_v7(), email, name: String::new(), role: None, at: T0 };
        self.replica.local(env(self.actor, op)).unwrap();
    }

    async fn sync(&mut self) -> usize {
        loop {
            let attempt = async {
                let mut push = self.remote.push(self.ws).await?;
                let rows = push.fetch_all(self.replica.head).await?;
                self.replica.integrate(&rows);
                self.replica.prepare_push(&self.login);
                let out = self.replica.outgoing();
                if !out.is_empty() {
                    push.append(&out).await?;
                }
                push.commit().await?;
                self.replica.acknowledge(out.len());
                Ok::<usize, trellis_sync::RemoteError>(out.len())
            };
            match attempt.await {
                Ok(n) => return n,
                Err(e) => eprintln!("retrying a sync: {e}"),
            }
        }
    }
}

#[tokio::main]
async fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let (pull_n, push_n, samples, per_client) =
        if quick { (10_000, 1_000, 40, 10) } else { (100_000, 10_000, 200, 50) };
    let server = server();
    let sfx = Uuid::now_v7().simple().to_string()[20..].to_owned();
    let db = format!("bench_{sfx}");
    let admin0 = pool(&server.url, "postgres", "postgres", 1).await;
    sqlx::query(&format!("CREATE DATABASE {db}")).execute(&admin0).await.unwrap();
    let _ = sqlx::query(
        "DO $$ BEGIN CREATE ROLE trellis_client NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$",
    )
    .execute(&admin0)
    .await;
    for i in 0..=20 {
        sqlx::query(&format!("CREATE ROLE u{i}_{sfx} LOGIN IN ROLE trellis_client")).execute(&admin0).await.unwrap();
    }
    let admin = pool(&server.url, &db, "postgres", 2).await;
    Remote::from_pool(admin.clone(), "bench").install().await.unwrap();
    let remote_as = |i: usize| {
        let (url, db, user) = (server.url.clone(), db.clone(), format!("u{i}_{sfx}"));
        async move { Remote::from_pool(pool(&url, &db, &user, 3).await, &user) }
    };
    println!("Sync against PostgreSQL ({}): one run on this machine\n", if quick { "quick" } else { "issue size" });

    // Pull: publish a long history, then download it as a joining desktop would.
    let hist = history(20, pull_n, &sfx);
    let publisher = remote_as(0).await;
    let ws = Uuid::now_v7();
    let t = Instant::now();
    let genesis = publisher.publish(ws, "Bench", &hist).await.unwrap();
    let publish = t.elapsed();
    // What autovacuum does after a bulk insert, done now so both readers below find the
    // rows' visibility already settled (the first reader would pay for it otherwise).
    sqlx::query("VACUUM ANALYZE trellis_log").execute(&admin).await.unwrap();
    let joiner = remote_as(1).await;
    let t = Instant::now();
    let mut rows: Vec<Logged> = Vec::new();
    loop {
        let page = joiner.fetch(ws, rows.last().map_or(0, |r| r.seq)).await.unwrap();
        if page.is_empty() {
            break;
        }
        rows.extend(page);
    }
    let download = t.elapsed();
    let t = Instant::now();
    let mut joined =
        Replica { state: State::new(), head: 0, genesis: genesis.clone(), pending: vec![], parked: vec![] };
    joined.integrate(&rows);
    let apply = t.elapsed();
    let mut conn = admin.acquire().await.unwrap();
    let t = Instant::now();
    let mut copy = conn
        .copy_out_raw(&format!(
            "COPY (SELECT seq, op_id, login, envelope FROM trellis_log WHERE workspace_id = '{ws}' ORDER BY seq) TO STDOUT"
        ))
        .await
        .unwrap();
    let mut bytes = 0usize;
    use futures_lite::StreamExt;
    while let Some(chunk) = copy.next().await {
        bytes += chunk.unwrap().len();
    }
    drop(copy);
    let copy_out = t.elapsed();
    let n = rows.len() as f64;
    println!("Pull of {} ops ({:.1} MB of envelopes):", rows.len(), bytes as f64 / 1e6);
    println!("  download            {:>9.0} ms  {:>9.0} ops/s", ms(download), n / download.as_secs_f64());
    println!(
        "  download + replay   {:>9.0} ms  {:>9.0} ops/s   (goal ≥ 50,000 ops/s)",
        ms(download + apply),
        n / (download + apply).as_secs_f64()
    );
    println!("  COPY TO STDOUT      {:>9.0} ms  {:>9.0} ops/s", ms(copy_out), n / copy_out.as_secs_f64());
    println!("  (publishing them took {:.0} ms)\n", ms(publish));

    // Long offline (issue 17): desktop 1 left right after the roles were made, queued
    // `own_n` changes of its own (one in five edits a role's description, which others
    // edited too: a conflict), and comes back to the whole log of others' changes.
    let own_n = if quick { 500 } else { 5_000 };
    let start = 2 + 20 + 20; // workspace, admins, their logins, the 20 roles
    let mut away = Replica {
        state: replay(&hist[..start]),
        head: start as u64,
        genesis: genesis.clone(),
        pending: vec![],
        parked: vec![],
    };
    let me = Actor::Member(MemberId(Uuid::from_u128(101)));
    for k in 0..own_n {
        let op = if k % 5 == 0 {
            let r = away.state.role_by_name(Audience::Internal, &format!("Role {}", (k / 5) % 20)).unwrap().clone();
            Op::UpdateRole {
                id: r.id,
                version: r.version,
                name: r.name.clone(),
                description: format!("offline edit {k}"),
                permissions: r.permissions,
                restriction: r.restriction,
                segments: r.segments.clone(),
            }
        } else {
            Op::InviteMember {
                id: MemberId::new_v7(),
                email: format!("away{k}@bench.test"),
                name: String::new(),
                role: None,
                at: T0,
            }
        };
        away.local(env(me, op)).unwrap();
    }
    let t = Instant::now();
    let got = away.integrate(&rows);
    let integrated = t.elapsed();
    let t = Instant::now();
    let checked = away.prepare_push(&format!("u1_{sfx}"));
    let prepared = t.elapsed();
    let conflicts = got.parked.len() + checked.parked.len();
    println!(
        "A desktop offline with {own_n} own changes, back to {} others' ({} own still to send, {conflicts} set aside as conflicts):",
        rows.len() - start,
        away.pending.len()
    );
    println!("  integrate           {:>9.0} ms", ms(integrated));
    println!("  check before push   {:>9.0} ms\n", ms(prepared));
    assert_eq!(
        away.pending.len() + conflicts + got.merged.len() + checked.merged.len(),
        own_n,
        "every own change accounted for"
    );

    // Push: 10,000 pending ops from one desktop, next to COPY FROM STDIN of the same rows.
    let state = replay(&hist[..genesis.head as usize]);
    let mut a = Desk::new(1, &sfx, state.clone(), genesis.clone(), remote_as(1).await, ws);
    a.replica.head = genesis.head;
    for k in 0..push_n {
        a.invite(format!("push{k}@bench.test"));
    }
    let outgoing = a.replica.outgoing();
    let t = Instant::now();
    let mut push = a.remote.push(ws).await.unwrap();
    push.append(&outgoing).await.unwrap();
    push.commit().await.unwrap();
    let pushed = t.elapsed();
    a.replica.acknowledge(outgoing.len());
    // The same rows into a table of the same shape: the same primary key and unique op id.
    sqlx::query(
        "CREATE TABLE copy_target (workspace_id uuid NOT NULL, seq bigint NOT NULL, op_id uuid NOT NULL UNIQUE,
           login name NOT NULL, envelope text NOT NULL, appended_at timestamptz NOT NULL DEFAULT now(),
           PRIMARY KEY (workspace_id, seq))",
    )
    .execute(&admin)
    .await
    .unwrap();
    let mut text = String::new();
    for (i, e) in outgoing.iter().enumerate() {
        let json = serde_json::to_string(e).unwrap().replace('\\', "\\\\");
        text.push_str(&format!("{ws}\t{}\t{}\tu1\t{json}\n", i + 1, e.id));
    }
    let t = Instant::now();
    let mut copy_in =
        conn.copy_in_raw("COPY copy_target (workspace_id, seq, op_id, login, envelope) FROM STDIN").await.unwrap();
    copy_in.send(text.as_bytes()).await.unwrap();
    copy_in.finish().await.unwrap();
    let copied = t.elapsed();
    let n = outgoing.len() as f64;
    println!("Push of {} pending ops:", outgoing.len());
    println!("  locked append       {:>9.0} ms  {:>9.0} ops/s", ms(pushed), n / pushed.as_secs_f64());
    println!("  COPY FROM STDIN     {:>9.0} ms  {:>9.0} ops/s", ms(copied), n / copied.as_secs_f64());
    println!("  ratio               {:>9.2} ×   (goal ≤ 3 ×)\n", pushed.as_secs_f64() / copied.as_secs_f64());
    drop(conn);

    // Latency: A changes, B (online, woken by LISTEN/NOTIFY) sees it.
    let small = history(20, 200, &sfx);
    let ws2 = Uuid::now_v7();
    let g2 = publisher.publish(ws2, "Latency", &small).await.unwrap();
    let s2 = replay(&small);
    // Op ids are unique across the server: every other workspace gets a history of its own.
    let fresh = || {
        let h = history(20, 200, &sfx);
        let s = replay(&h);
        (h, s)
    };
    let mut a = Desk::new(1, &sfx, s2.clone(), g2.clone(), remote_as(1).await, ws2);
    let mut b = Desk::new(2, &sfx, s2.clone(), g2.clone(), remote_as(2).await, ws2);
    let mut poke = b.remote.poke(ws2).await.unwrap();
    let mut lat = Vec::with_capacity(samples);
    for k in 0..samples {
        let id = MemberId::new_v7();
        let t = Instant::now();
        let op = Op::InviteMember { id, email: format!("lat{k}@bench.test"), name: String::new(), role: None, at: T0 };
        a.replica.local(env(a.actor, op)).unwrap();
        a.sync().await;
        while b.replica.state.member(id).is_none() {
            poke.wait(Duration::from_secs(2)).await;
            b.sync().await;
        }
        lat.push(t.elapsed());
    }
    lat.sort();
    let p = |q: f64| ms(lat[((lat.len() as f64 * q) as usize).min(lat.len() - 1)]);
    println!("Latency of a change on A visible on B ({samples} changes, both online, LISTEN/NOTIFY poke):");
    println!("  p50 {:.1} ms   p99 {:.1} ms   (goal p50 ≤ 300 ms)\n", p(0.5), p(0.99));

    // 20 desktops pushing to one workspace at once.
    let ws3 = Uuid::now_v7();
    let (h3, s3) = fresh();
    let g3 = publisher.publish(ws3, "Crowd", &h3).await.unwrap();
    let mut tasks = Vec::new();
    let t = Instant::now();
    for i in 1..=20usize {
        let mut d = Desk::new(i, &sfx, s3.clone(), g3.clone(), remote_as(i).await, ws3);
        tasks.push(tokio::spawn(async move {
            for k in 0..per_client {
                d.invite(format!("c{i}-{k}@bench.test"));
                d.sync().await;
            }
            d
        }));
    }
    let mut desks = Vec::new();
    for task in tasks {
        desks.push(task.await.unwrap());
    }
    let crowd = t.elapsed();
    for d in desks.iter_mut() {
        d.sync().await;
    }
    let ids: Vec<Uuid> = sqlx::query_scalar("SELECT op_id FROM trellis_log WHERE workspace_id = $1")
        .bind(ws3)
        .fetch_all(&admin)
        .await
        .unwrap();
    let distinct: std::collections::HashSet<_> = ids.iter().collect();
    let expected = g3.head as usize + 20 * per_client;
    let same = desks.iter().all(|d| d.replica.state == desks[0].replica.state);
    println!("20 desktops pushing to one workspace ({per_client} changes each, a sync after each):");
    println!(
        "  {:.0} ms, {:.0} ops/s; log rows {} (expected {expected}), distinct {}, desktops identical: {same}\n",
        ms(crowd),
        (20 * per_client) as f64 / crowd.as_secs_f64(),
        ids.len(),
        distinct.len()
    );
    assert_eq!(ids.len(), expected, "an op was lost or duplicated");

    // 20 workspaces on one server, one desktop each, at once.
    let mut tasks = Vec::new();
    let t = Instant::now();
    let mut spaces = Vec::new();
    for i in 1..=20usize {
        let w = Uuid::now_v7();
        let (h, s) = fresh();
        let g = publisher.publish(w, &format!("Space {i}"), &h).await.unwrap();
        spaces.push((w, g.head));
        let mut d = Desk::new(i, &sfx, s, g, remote_as(i).await, w);
        tasks.push(tokio::spawn(async move {
            for k in 0..per_client {
                d.invite(format!("s{k}@bench.test"));
                d.sync().await;
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let many = t.elapsed();
    let mut all_ok = true;
    for (w, head) in &spaces {
        let n: i64 = sqlx::query_scalar("SELECT count(DISTINCT op_id) FROM trellis_log WHERE workspace_id = $1")
            .bind(w)
            .fetch_one(&admin)
            .await
            .unwrap();
        all_ok &= n as u64 == head + per_client as u64;
    }
    println!("20 workspaces on one server, one desktop each ({per_client} changes each):");
    println!(
        "  {:.0} ms, {:.0} ops/s; every workspace exact: {all_ok}",
        ms(many),
        (20 * per_client) as f64 / many.as_secs_f64()
    );
    assert!(all_ok, "an op was lost or duplicated");
    drop(admin);
    drop(admin0);
}
