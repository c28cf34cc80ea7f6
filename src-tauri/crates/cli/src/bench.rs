//! `trellis bench`: the figures MEM-5 and MEM-3 are judged by, on a generated workspace in
//! a real SQLite file: state load, filter per query, and a committed bulk role change of
//! 10,000 members next to a raw insert of 10,000 rows in one transaction.

use crate::cli::BenchArgs;
use std::time::{Duration, Instant};
use trellis_commands::{demo_members, ApiResult, Trellis};
use trellis_core::wire::*;
use trellis_core::{Builtin, RuleError};

const PASSWORD: &str = "quiet harbour lanterns";

fn internal(e: impl std::fmt::Display) -> RuleError {
    RuleError::internal(e.to_string())
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

pub async fn run(args: &BenchArgs) -> ApiResult<()> {
    let dir = tempfile::tempdir().map_err(internal)?;
    let path = dir.path().join("bench.db");
    let n = args.members.max(args.bulk + 10);
    println!("Generating a workspace of {n} members in {}", path.display());
    let t = Trellis::open(&path).await?;
    t.workspace_create(CreateWorkspaceRequest {
        workspace_name: "Bench".into(),
        owner_name: "Owner".into(),
        owner_email: "owner@bench.example".into(),
        password: PASSWORD.into(),
    })
    .await?;
    let roles = [Some(Builtin::Member.id()), Some(Builtin::Viewer.id()), Some(Builtin::Admin.id()), None];
    let start = Instant::now();
    t.import_members(demo_members(n - 1, &roles)).await?;
    println!("  import (one op, one transaction): {:.0} ms", ms(start.elapsed()));
    t.store().close().await;
    drop(t);

    // State load from SQLite.
    let mut loads = Vec::new();
    for _ in 0..3 {
        let start = Instant::now();
        let t = Trellis::open(&path).await?;
        loads.push(start.elapsed());
        t.store().close().await;
    }
    let t = Trellis::open(&path).await?;
    let owner = SignInRequest { email: "owner@bench.example".into(), password: PASSWORD.into(), remember: false };
    t.auth_sign_in(owner).await?;

    // Filter: tab + search over the in-memory index, one page of 100 rows plus every tab count.
    let queries: Vec<(&str, MemberTab, &str)> = vec![
        ("all, no search", MemberTab::All, ""),
        ("all, search 'garcía'", MemberTab::All, "garcía"),
        ("all, search 'zoe.'", MemberTab::All, "zoe."),
        ("tab Viewer", MemberTab::Role { role_id: Builtin::Viewer.id().to_string() }, ""),
        ("tab No role + 'kim'", MemberTab::NoRole, "kim"),
        ("no match", MemberTab::All, "zzzzzz"),
    ];
    let mut filter_rows = Vec::new();
    for (label, tab, search) in &queries {
        let mut times = Vec::new();
        let mut total = 0;
        for _ in 0..15 {
            let q =
                MemberListQuery { tab: tab.clone(), search: (*search).into(), removed: false, offset: 0, limit: 100 };
            let start = Instant::now();
            total = t.member_list(q).await?.total;
            times.push(start.elapsed());
        }
        filter_rows.push((label.to_string(), total, median(times)));
    }

    // Bulk role change of `bulk` members, committed (events + journal in one transaction).
    let ids = t.member_ids_for_bench(args.bulk as usize).await;
    let mut bulk = Vec::new();
    for (i, role) in [Builtin::Viewer, Builtin::Member, Builtin::Viewer].iter().enumerate() {
        let req = ChangeRoleRequest { member_ids: ids.clone(), role_id: Some(role.id().to_string()) };
        let start = Instant::now();
        let out = t.member_change_role(req).await?;
        bulk.push(start.elapsed());
        if i == 0 {
            println!("  bulk change touched {} members", out.changed + out.unchanged);
        }
    }

    // Raw SQLite: insert `bulk` rows of the same shape in one transaction, one prepared statement per row.
    let pool = t.store().pool();
    sqlx::query("CREATE TABLE IF NOT EXISTS bench_raw (id TEXT PRIMARY KEY, email TEXT NOT NULL, name TEXT NOT NULL, role_id TEXT, status TEXT NOT NULL, invited_at INTEGER NOT NULL, joined_at INTEGER, removed_at INTEGER, invites_sent INTEGER NOT NULL, version INTEGER NOT NULL)")
        .execute(pool)
        .await
        .map_err(internal)?;
    let mut raw = Vec::new();
    for round in 0..3 {
        sqlx::query("DELETE FROM bench_raw").execute(pool).await.map_err(internal)?;
        let start = Instant::now();
        let mut tx = pool.begin().await.map_err(internal)?;
        for i in 0..args.bulk {
            sqlx::query("INSERT INTO bench_raw VALUES (?, ?, ?, ?, 'active', ?, ?, NULL, 0, 1)")
                .bind(format!("{round}-{i:08}"))
                .bind(format!("user{i}@bench.example"))
                .bind(format!("User {i}"))
                .bind(Builtin::Viewer.id().to_string())
                .bind(i as i64)
                .bind(i as i64)
                .execute(&mut *tx)
                .await
                .map_err(internal)?;
        }
        tx.commit().await.map_err(internal)?;
        raw.push(start.elapsed());
    }

    // CRED-1: one argon2id hash and one verification at the stored parameters.
    let secret = trellis_secrets::Sensitive::new("a benchmark passphrase".to_owned());
    let mut hashing = Vec::new();
    let mut verifying = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        let phc = trellis_secrets::hash_password(&secret).map_err(internal)?;
        hashing.push(start.elapsed());
        let start = Instant::now();
        assert!(trellis_secrets::verify_password(&phc, &secret));
        verifying.push(start.elapsed());
    }

    let (load, bulk, raw) = (median(loads), median(bulk), median(raw));
    println!();
    println!("members in workspace              {n}");
    println!("state load from SQLite (median)   {:>9.1} ms", ms(load));
    for (label, total, d) in &filter_rows {
        println!("filter: {label:<26} {:>9.2} ms  ({total} rows match)", ms(*d));
    }
    let worst = filter_rows.iter().map(|r| r.2).max().unwrap_or_default();
    println!("bulk role change of {} (median) {:>9.1} ms", args.bulk, ms(bulk));
    println!("raw insert of {} rows (median)  {:>9.1} ms", args.bulk, ms(raw));
    println!("bulk / raw ratio                  {:>9.2}   (goal ≤ 3)", ms(bulk) / ms(raw));
    println!("worst filter                      {:>9.2} ms (goal ≤ 30)", ms(worst));
    println!(
        "argon2id hash / verify (median)   {:>9.1} ms / {:.1} ms (m=19 MiB, t=2, p=1)",
        ms(median(hashing)),
        ms(median(verifying))
    );
    Ok(())
}
