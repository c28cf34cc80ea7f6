//! The Partners list at scale (issue 11): 20,000 partner accounts and 200,000 partner
//! users; each filter, search and page of the window's list, answered by the same read
//! model the command layer uses (`core::partner_query`). Goal: ≤ 30 ms each.
//!
//! `cargo run --release -p trellis-bench --bin trellis-partners-bench [-- --quick]`

use std::time::Instant;
use trellis_bench::generate::{generate, Size};
use trellis_core::partner_query::partner_page;
use trellis_core::wire::{PartnerListQuery, PartnerStatusFilter};
use trellis_core::AccountKind;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let divisor = if quick { 10 } else { 1 };
    let size = Size {
        accounts: 20_000 / divisor,
        users: 200_000 / divisor,
        records: 1_000,
        big: 5_000 / divisor,
        small: 50,
        managers: 50,
        activities: 0,
    };
    let started = Instant::now();
    let g = generate(size);
    println!(
        "generated {} accounts, {} partner users in {:.1} s",
        size.accounts,
        size.users,
        started.elapsed().as_secs_f64()
    );
    let owner = g.managers.first().copied();
    let q = |search: &str, status, kind, offset| PartnerListQuery {
        search: search.into(),
        status,
        kind,
        owner_id: None,
        offset,
        limit: Some(100),
        sort: None,
    };
    let cases: Vec<(&str, PartnerListQuery, Option<trellis_core::MemberId>)> = vec![
        ("first page, no filter", q("", PartnerStatusFilter::All, None, 0), None),
        ("page 100 (offset 9,900)", q("", PartnerStatusFilter::All, None, 9_900), None),
        ("last page", q("", PartnerStatusFilter::All, None, size.accounts as u32 - 100), None),
        ("search 'partner 12' (a few hundred)", q("partner 12", PartnerStatusFilter::All, None, 0), None),
        ("search, no match", q("zzzz", PartnerStatusFilter::All, None, 0), None),
        ("enabled only", q("", PartnerStatusFilter::Enabled, None, 0), None),
        ("business, one owner", q("", PartnerStatusFilter::All, Some(AccountKind::Business), 0), owner),
    ];
    println!("\n| Partners list, {} accounts | rows matching | median | goal |", size.accounts);
    println!("|---|---:|---:|---:|");
    let mut worst: f64 = 0.0;
    for (label, query, owner) in cases {
        let mut times = Vec::new();
        let mut total = 0;
        for _ in 0..21 {
            let t = Instant::now();
            let page = partner_page(&g.state, &query, owner);
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            total = page.total;
            assert!(page.rows.len() <= 100);
        }
        let m = median(times);
        worst = worst.max(m);
        println!("| {label} | {total} | {m:.2} ms | ≤ 30 ms |");
    }
    println!("\nworst: {worst:.2} ms (goal ≤ 30 ms)");
}
