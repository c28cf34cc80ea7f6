//! `trellis-bench`: generates the issue's large workspace and measures, side by side in
//! one run, Trellis and casbin answering the same questions; then owner change (PA-3) on
//! a 500-user and a 50,000-user account, and listing one partner user's visible records.
//!
//! Usage: `cargo run --release -p trellis-bench [-- --quick]` (`--quick`: one tenth size).

use casbin::CoreApi;
use std::hint::black_box;
use std::time::Instant;
use trellis_bench::casbin_model::{permission_enforcer, person_key, visibility_enforcer};
use trellis_bench::{generate, Generated, Size};
use trellis_core::permissions::Permission;
use trellis_core::visibility::{partner_permissions, record_access, viewer, visible_records};
use trellis_core::{apply_and_commit, Action, Actor, Op, Person, Resource};

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// Median ns per call of `f(i)`, timed in batches of `batch` calls.
fn per_call(batches: usize, batch: usize, mut f: impl FnMut(usize)) -> f64 {
    let mut out = Vec::with_capacity(batches);
    for b in 0..batches {
        let t = Instant::now();
        for i in 0..batch {
            f(b * batch + i);
        }
        out.push(t.elapsed().as_nanos() as f64 / batch as f64);
    }
    median(out)
}

fn ms(ns: f64) -> String {
    format!("{:.2} ms", ns / 1e6)
}

struct Row {
    users: usize,
    ours_perm: f64,
    casbin_perm: f64,
    ours_see: f64,
    casbin_see: f64,
}

async fn compare(size: Size, casbin_samples: usize) -> (Row, Generated) {
    let t = Instant::now();
    let g = generate(size);
    eprintln!(
        "generated {} accounts, {} partner users, {} records in {:.1} s",
        g.state.accounts().count(),
        g.users.len(),
        g.state.record_count(),
        t.elapsed().as_secs_f64()
    );
    let state = &g.state;
    let users = &g.users;
    let records: Vec<&trellis_core::Record> = state.records().take(100_000).collect();
    let check = |i: usize| {
        let resource = Resource::ALL[i % Resource::ALL.len()];
        (users[(i * 7919) % users.len()], Permission::Crud(resource, Action::ALL[i % 4]))
    };
    let ours_perm = per_call(101, 2_000, |i| {
        let (u, p) = check(i);
        black_box(partner_permissions(state, u).contains(p));
    });
    let ours_see = per_call(101, 2_000, |i| {
        let u = users[(i * 104_729) % users.len()];
        let v = viewer(state, Person::Contact(u)).expect("viewer");
        black_box(record_access(state, &v, records[(i * 31) % records.len()]));
    });
    let t = Instant::now();
    let perms = permission_enforcer(state).await;
    let vis = visibility_enforcer(state).await;
    eprintln!("casbin enforcers built in {:.1} s", t.elapsed().as_secs_f64());
    let mut casbin_perm = Vec::new();
    let mut casbin_see = Vec::new();
    for i in 0..casbin_samples {
        let (u, p) = check(i);
        let Permission::Crud(resource, action) = p else { unreachable!() };
        let key = person_key(Person::Contact(u));
        let t = Instant::now();
        black_box(perms.enforce((key.as_str(), resource.key(), action.key())).unwrap());
        casbin_perm.push(t.elapsed().as_nanos() as f64);
        let viewer_key = person_key(Person::Contact(users[(i * 104_729) % users.len()]));
        let owner_key = person_key(records[(i * 31) % records.len()].owner);
        let t = Instant::now();
        black_box(vis.enforce((viewer_key.as_str(), owner_key.as_str())).unwrap());
        casbin_see.push(t.elapsed().as_nanos() as f64);
    }
    let row = Row {
        users: users.len(),
        ours_perm,
        casbin_perm: median(casbin_perm),
        ours_see,
        casbin_see: median(casbin_see),
    };
    (row, g)
}

/// PA-3: median time of an owner change (rules + commit, tree rebuilt) on `account`.
fn owner_change(g: &mut Generated, account: trellis_core::PartnerAccountId) -> f64 {
    let actor = Actor::Member(g.owner);
    let mut times = Vec::new();
    for i in 0..21 {
        let current = g.state.account(account).unwrap();
        let (version, current) = (current.version, current.owner);
        let owner = g.managers.iter().copied().cycle().skip(i).find(|m| *m != current).expect("two managers");
        let op = Op::ChangeAccountOwner { id: account, version, owner };
        let t = Instant::now();
        apply_and_commit(&mut g.state, &actor, &op).expect("owner change");
        times.push(t.elapsed().as_nanos() as f64);
    }
    median(times)
}

/// Median time to list everything one partner user sees, and how many records that is.
fn listing(g: &Generated, person: Person) -> (f64, usize) {
    let v = viewer(&g.state, person).expect("viewer");
    let mut n = 0;
    let mut times = Vec::new();
    for _ in 0..11 {
        let t = Instant::now();
        n = black_box(visible_records(&g.state, &v, None)).len();
        times.push(t.elapsed().as_nanos() as f64);
    }
    (median(times), n)
}

#[tokio::main]
async fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let full = if quick { Size::scaled(10) } else { Size::ISSUE };
    let scales = [Size::scaled(100), Size::scaled(10), full];
    let mut rows = Vec::new();
    let mut last = None;
    for (i, size) in scales.iter().enumerate() {
        if i == 1 && quick {
            continue;
        }
        let samples = if size.users >= 100_000 { 25 } else { 200 };
        let (row, g) = compare(*size, samples).await;
        rows.push(row);
        last = Some(g);
    }
    println!("\n## Side by side (median per check)\n");
    println!(
        "| partner users | Trellis permission | casbin permission | ratio | Trellis may-see | casbin may-see | ratio |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    for r in &rows {
        println!(
            "| {} | {:.0} ns | {:.0} ns | {:.0}× | {:.0} ns | {:.0} ns | {:.0}× |",
            r.users,
            r.ours_perm,
            r.casbin_perm,
            r.casbin_perm / r.ours_perm,
            r.ours_see,
            r.casbin_see,
            r.casbin_see / r.ours_see
        );
    }
    let mut g = last.expect("at least one size");
    let (big, small) = (g.big, g.small);
    let big_users = g.state.contacts_of(big).count();
    let small_users = g.state.contacts_of(small).count();
    let t_small = owner_change(&mut g, small);
    let t_big = owner_change(&mut g, big);
    println!("\n## Owner change (PA-3), median of 21\n");
    println!("| account | partner users | time |");
    println!("|---|---:|---:|");
    println!("| small | {small_users} | {} |", ms(t_small));
    println!("| big | {big_users} | {} |", ms(t_big));
    println!("| ratio big ÷ small | | {:.2} |", t_big / t_small);

    println!("\n## Listing the records one partner user sees (of {}), median of 11\n", g.state.record_count());
    println!("| who | records seen | time |");
    println!("|---|---:|---:|");
    let contacts = |a| g.state.contacts_of(a).map(|c| c.id).collect::<Vec<_>>();
    let typical = contacts(trellis_bench::generate::account_id(7));
    let small_all = contacts(small);
    let big_all = contacts(big);
    for (label, person) in [
        ("Partner User, typical account", Person::Contact(typical[0])),
        ("Partner Executive, 500-user account", Person::Contact(small_all[1])),
        ("Partner Executive, 50,000-user account", Person::Contact(big_all[1])),
    ] {
        let (t, n) = listing(&g, person);
        println!("| {label} | {n} | {} |", ms(t));
    }
}
