//! The partner portal server at scale (issue 18), on the large workspace (200,000 partner
//! users, 1,000,000 records) and a real PostgreSQL, over real HTTP on loopback:
//! * the records API for typical partner users under 200 concurrent sessions (p50, p99,
//!   requests/s), next to the same server returning a static 1 KB file;
//! * a burst of 50 sign-ins during that load: the records API's p99 with and without it,
//!   and sign-in p99 next to argon2id's own;
//! * revocation: a manager's change appended → that user refused by the portal (p50, p99);
//! * the process's resident memory (the portal and this load generator together).
//!
//! `cargo run --release -p trellis-bench --bin trellis-portal-bench [-- --quick]`. It starts
//! a throwaway PostgreSQL with scripts/pg-server.sh unless TRELLIS_BENCH_PG names one.

use std::sync::Arc;
use std::time::{Duration, Instant};
use trellis_bench::generate::{generate, Size};
use trellis_bench::pg::server;
use trellis_core::sync::{Envelope, Genesis};
use trellis_core::wire::PortalRecordQuery;
use trellis_core::*;

const BENCH_PW: &str = "bench portal passphrase";
const SESSIONS: usize = 200;
const BURST: usize = 50;

fn pct(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

fn rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0.0);
    kb / 1024.0
}

struct Load {
    latencies_ms: Vec<f64>,
    per_second: f64,
}

/// `workers` loops calling `call` until `span` has passed.
async fn load<F, Fut>(workers: usize, span: Duration, call: F) -> Load
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let call = Arc::new(call);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for w in 0..workers {
        let call = call.clone();
        tasks.push(tokio::spawn(async move {
            let mut out = Vec::new();
            while started.elapsed() < span {
                let t = Instant::now();
                assert!(call(w).await, "a request failed under load");
                out.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            out
        }));
    }
    let mut latencies_ms = Vec::new();
    for t in tasks {
        latencies_ms.extend(t.await.unwrap());
    }
    let per_second = latencies_ms.len() as f64 / started.elapsed().as_secs_f64();
    Load { latencies_ms, per_second }
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let size = if quick { Size::scaled(10) } else { Size::ISSUE };
    let pg = server();
    let dir = tempfile::tempdir().unwrap();

    // The shared database: a workspace with no history (the portal's copy is seeded below),
    // the portal's login, and the owner appending as the superuser `postgres`.
    let admin = sqlx::postgres::PgPoolOptions::new().max_connections(2).connect(&pg.url).await.unwrap();
    for role in ["trellis_client", "trellis_portal"] {
        let _ = sqlx::query(&format!(
            "DO $$ BEGIN CREATE ROLE {role} NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$"
        ))
        .execute(&admin)
        .await;
    }
    let _ = sqlx::query("CREATE ROLE bench_portal LOGIN IN ROLE trellis_client, trellis_portal").execute(&admin).await;
    let remote = trellis_sync::Remote::from_pool(admin.clone(), "bench");
    remote.install().await.unwrap();
    let ws = uuid::Uuid::now_v7();
    remote.publish(ws, "Bench Channel", &[]).await.unwrap();

    let started = Instant::now();
    let g = generate(size);
    let owner = g.owner;
    let generated = started.elapsed();
    let started = Instant::now();
    let path = dir.path().join("portal.db");
    let store = trellis_store::Store::open(&path).await.unwrap();
    let mut events = Vec::new();
    let mut workspace = g.state.workspace().unwrap().clone();
    workspace.portal_login = Some("bench_portal".into());
    let roles = g.state.roles().into_iter().cloned().collect();
    events.push(Event::WorkspaceCreated { workspace: workspace.clone(), roles });
    // Creation writes the first settings only; the rest (the portal's login) as a save.
    events.push(Event::WorkspaceSaved { before: workspace.clone(), after: workspace });
    for m in g.state.members() {
        let mut m = m.clone();
        if m.id == g.owner {
            m.db_login = Some("postgres".into());
        }
        events.push(Event::MemberSaved { before: None, after: m });
    }
    events.extend(g.state.hierarchy_roles().map(|h| Event::HierarchyRoleSaved { before: None, after: h.clone() }));
    events.extend(g.state.accounts().map(|a| Event::PartnerAccountSaved { before: None, after: a.clone() }));
    events.extend(g.state.contacts().map(|c| Event::ContactSaved { before: None, after: c.clone() }));
    events.extend(g.state.records().map(|r| Event::RecordSaved { before: None, after: r.clone() }));
    store.seed(&events).await.unwrap();
    drop(events);
    // Typical partner users: Partner User level (the leaves of each account's branch),
    // spread over the accounts.
    let typical: Vec<ContactId> = g
        .users
        .iter()
        .copied()
        .filter(|c| {
            let node = g.state.position(Person::Contact(*c)).expect("bench users have access");
            g.state.tree().below(node).is_empty()
        })
        .collect();
    let step = (typical.len() / (SESSIONS + BURST + 40)).max(1);
    let people: Vec<ContactId> = typical.iter().step_by(step).copied().take(SESSIONS + BURST + 40).collect();
    // A partner manager of an ordinary account sees their team's records.
    let manager = g
        .state
        .contacts_of(g.small)
        .find(|c| c.access.as_ref().is_some_and(|a| g.state.tree().below(a.hierarchy_role).len() == 1))
        .map(|c| c.id)
        .expect("an account has a manager");
    // The heaviest viewer: the big account's Partner Executive sees every record its
    // users own.
    let heaviest = g
        .state
        .contacts_of(g.big)
        .find(|c| c.access.as_ref().is_some_and(|a| g.state.tree().below(a.hierarchy_role).len() == 2))
        .map(|c| c.id)
        .expect("the big account has an executive");
    let phc = trellis_secrets::hash_password(&sensitive::Sensitive::new(BENCH_PW.to_owned())).unwrap();
    let writes: Vec<_> = people
        .iter()
        .map(|c| trellis_store::CredentialWrite::PartnerPassword {
            contact: *c,
            phc: phc.clone(),
            must_change: false,
            at: 1,
        })
        .collect();
    let event = trellis_store::SecurityEvent {
        actor: &Actor::Bootstrap,
        actor_label: "bench",
        at: 1,
        action: "bench.seed",
        target: "bench",
        changes: Vec::new(),
    };
    store.record(event, &writes).await.unwrap();
    let request =
        trellis_commands::sync::remote_request(&pg.url.replace("postgres@", "bench_portal@"), "unused".into()).unwrap();
    let config = trellis_commands::sync::remote_config(&request).unwrap();
    store.sync_save_config(&serde_json::to_string(&config).unwrap()).await.unwrap();
    store.sync_follow(ws, &Genesis { head: 0, login: "postgres".into() }, 0).await.unwrap();
    drop(store);
    let password_file = dir.path().join("db-password");
    std::fs::write(&password_file, "unused\n").unwrap();
    std::env::set_var("TRELLIS_DB_PASSWORD_FILE", &password_file);
    let seeded = started.elapsed();
    let started = Instant::now();
    let t = Arc::new(trellis_commands::Trellis::open(&path).await.unwrap());
    let opened = started.elapsed();
    println!(
        "workspace: {} partner users, {} records — generated {:.1} s, written {:.1} s, portal opened {:.1} s",
        size.users,
        size.records,
        generated.as_secs_f64(),
        seeded.as_secs_f64(),
        opened.as_secs_f64()
    );
    drop(g);
    // The generator's memory goes back to the system: a real portal process never had it.
    // SAFETY: malloc_trim only releases free heap pages; it touches no live allocation.
    unsafe { libc::malloc_trim(0) };
    println!("resident memory with the portal's state loaded (before any request): {:.0} MiB", rss_mib());
    for (who, contact) in [
        ("a typical partner user", people[1]),
        ("a partner manager of a 500-user account", manager),
        ("the big account's executive", heaviest),
    ] {
        let query = || PortalRecordQuery { kind: RecordKind::Lead, search: String::new(), offset: 0, limit: Some(50) };
        let page = t.portal_records(trellis_commands::PortalUser::SignedIn(contact), query()).await.unwrap();
        let mut took = Vec::new();
        for _ in 0..50 {
            let t0 = Instant::now();
            t.portal_records(trellis_commands::PortalUser::SignedIn(contact), query()).await.unwrap();
            took.push(t0.elapsed().as_secs_f64() * 1000.0);
        }
        println!(
            "records page in-process (no HTTP, no session check), {who} seeing {} leads: p50 {:.2} ms, p99 {:.2} ms",
            page.total,
            pct(&mut took, 0.5),
            pct(&mut took, 0.99)
        );
    }

    let ui = dir.path().join("ui");
    std::fs::create_dir_all(ui.join("assets")).unwrap();
    std::fs::write(ui.join("portal.html"), "<!doctype html>").unwrap();
    std::fs::write(ui.join("assets/static-1k.txt"), "x".repeat(1024)).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let mut config = trellis_portal::PortalConfig::new(addr, ui);
    config.per_ip_per_second = 1_000_000;
    config.per_ip_burst = 1_000_000;
    config.sign_ins_per_minute = 1_000;
    let portal = trellis_portal::Portal::new(t.clone(), config).await.unwrap();
    tokio::spawn(trellis_portal::serve(listener, portal, std::future::pending()));

    let origin = format!("http://{addr}");
    let client = reqwest::Client::builder().pool_max_idle_per_host(SESSIONS + BURST).build().unwrap();
    let emails: Vec<String> = {
        let s = t.snapshot().await;
        people.iter().map(|c| s.contact(*c).unwrap().email.clone()).collect()
    };
    let sign_in = {
        let (client, origin) = (client.clone(), origin.clone());
        move |email: String| {
            let (client, origin) = (client.clone(), origin.clone());
            async move {
                let res = client
                    .post(format!("{origin}/api/portal_sign_in"))
                    .header("origin", &origin)
                    .json(&serde_json::json!({ "req": { "email": email, "password": BENCH_PW } }))
                    .send()
                    .await
                    .unwrap();
                assert!(res.status().is_success(), "sign-in: {}", res.status());
                let cookie = res.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
                cookie
            }
        }
    };
    let mut cookies = Vec::new();
    for chunk in emails[..SESSIONS].chunks(8) {
        let batch: Vec<_> = chunk.iter().map(|e| tokio::spawn(sign_in(e.clone()))).collect();
        for b in batch {
            cookies.push(b.await.unwrap());
        }
    }
    let cookies = Arc::new(cookies);
    println!("resident memory after {SESSIONS} sign-ins: {:.0} MiB", rss_mib());
    let records = {
        let (client, origin, cookies) = (client.clone(), origin.clone(), cookies.clone());
        move |w: usize| {
            let (client, origin, cookie) = (client.clone(), origin.clone(), cookies[w].clone());
            async move {
                let res = client
                    .post(format!("{origin}/api/portal_records"))
                    .header("origin", &origin)
                    .header("cookie", cookie)
                    .json(&serde_json::json!({ "req": { "kind": "lead", "search": "", "limit": 50 } }))
                    .send()
                    .await
                    .unwrap();
                let ok = res.status().is_success();
                let _ = res.bytes().await;
                ok
            }
        }
    };
    let span = Duration::from_secs(if quick { 4 } else { 10 });
    let _warm = load(SESSIONS, Duration::from_secs(1), records.clone()).await;
    let mut api = load(SESSIONS, span, records.clone()).await;
    let statics = {
        let (client, origin) = (client.clone(), origin.clone());
        move |_w: usize| {
            let (client, origin) = (client.clone(), origin.clone());
            async move {
                let res = client.get(format!("{origin}/assets/static-1k.txt")).send().await.unwrap();
                let ok = res.status().is_success();
                let _ = res.bytes().await;
                ok
            }
        }
    };
    let mut stat = load(SESSIONS, span, statics).await;
    println!(
        "records API, {SESSIONS} sessions: p50 {:.1} ms, p99 {:.1} ms, {:.0} req/s; static 1 KB: p50 {:.1} ms, p99 {:.1} ms, {:.0} req/s (API at {:.0} %)",
        pct(&mut api.latencies_ms, 0.5),
        pct(&mut api.latencies_ms, 0.99),
        api.per_second,
        pct(&mut stat.latencies_ms, 0.5),
        pct(&mut stat.latencies_ms, 0.99),
        stat.per_second,
        100.0 * api.per_second / stat.per_second
    );

    // A burst of sign-ins during the load.
    let mut argon = Vec::new();
    for _ in 0..20 {
        let (phc, t0) = (phc.clone(), Instant::now());
        tokio::task::spawn_blocking(move || {
            trellis_secrets::verify_password(&phc, &sensitive::Sensitive::new(BENCH_PW.to_owned()))
        })
        .await
        .unwrap();
        argon.push(t0.elapsed().as_secs_f64() * 1000.0);
    }
    let burst_emails: Vec<String> = emails[SESSIONS..SESSIONS + BURST].to_vec();
    let background = tokio::spawn(load(SESSIONS, span, records.clone()));
    tokio::time::sleep(span / 3).await;
    let mut burst = Vec::new();
    let tasks: Vec<_> = burst_emails
        .into_iter()
        .map(|e| {
            let f = sign_in(e);
            tokio::spawn(async move {
                let t0 = Instant::now();
                f.await;
                t0.elapsed().as_secs_f64() * 1000.0
            })
        })
        .collect();
    for task in tasks {
        burst.push(task.await.unwrap());
    }
    let mut during = background.await.unwrap();
    println!(
        "sign-in burst of {BURST}: records API p99 {:.1} ms (without: {:.1} ms); sign-in p50 {:.0} ms, p99 {:.0} ms; argon2id alone p50 {:.0} ms, p99 {:.0} ms",
        pct(&mut during.latencies_ms, 0.99),
        pct(&mut api.latencies_ms, 0.99),
        pct(&mut burst, 0.5),
        pct(&mut burst, 0.99),
        pct(&mut argon, 0.5),
        pct(&mut argon, 0.99),
    );

    // Sign-ins one at a time, quiet and under the records load: what a sign-in costs
    // beyond its argon2id verification.
    let timed = |email: String| {
        let f = sign_in(email);
        async move {
            let t0 = Instant::now();
            f.await;
            t0.elapsed().as_secs_f64() * 1000.0
        }
    };
    let mut quiet = Vec::new();
    for e in &emails[SESSIONS + BURST..SESSIONS + BURST + 20] {
        quiet.push(timed(e.clone()).await);
    }
    let background = tokio::spawn(load(SESSIONS, span, records.clone()));
    tokio::time::sleep(span / 3).await;
    let mut loaded = Vec::new();
    for e in &emails[SESSIONS + BURST + 20..SESSIONS + BURST + 40] {
        loaded.push(timed(e.clone()).await);
    }
    background.await.unwrap();
    println!(
        "sign-in one at a time: quiet p50 {:.0} ms, p99 {:.0} ms; under the {SESSIONS}-session load p50 {:.0} ms, p99 {:.0} ms",
        pct(&mut quiet, 0.5),
        pct(&mut quiet, 0.99),
        pct(&mut loaded, 0.5),
        pct(&mut loaded, 0.99),
    );

    // Revocation: appended by the owner's login → the portal refuses that user.
    let mut latency = Vec::new();
    let rounds = if quick { 10 } else { 30 };
    for (i, contact) in people.iter().take(rounds).enumerate() {
        let cookie = cookies[i].clone();
        let envelope = Envelope {
            id: OpId::new_v7(),
            actor: Actor::Member(owner),
            via: None,
            at: 1,
            group: None,
            op: Op::RevokeAccess { contact: *contact },
        };
        let t0 = Instant::now();
        sqlx::query("SELECT trellis_append($1, $2, ARRAY[$3], ARRAY[$4])")
            .bind(ws)
            .bind(i as i64)
            .bind(envelope.id.0)
            .bind(serde_json::to_string(&envelope).unwrap())
            .execute(&admin)
            .await
            .unwrap();
        loop {
            let res = client
                .post(format!("{origin}/api/portal_home"))
                .header("origin", &origin)
                .header("cookie", &cookie)
                .body("{}")
                .send()
                .await
                .unwrap();
            if res.status().as_u16() == 401 {
                break;
            }
            assert!(t0.elapsed() < Duration::from_secs(60), "the portal never refused a revoked user");
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        latency.push(t0.elapsed().as_secs_f64() * 1000.0);
    }
    println!(
        "revocation appended → refused: p50 {:.0} ms, p99 {:.0} ms ({rounds} users)",
        pct(&mut latency, 0.5),
        pct(&mut latency, 0.99)
    );
    println!("resident memory at the end (portal and load generator together): {:.0} MiB", rss_mib());
}
