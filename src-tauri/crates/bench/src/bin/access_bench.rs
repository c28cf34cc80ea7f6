//! The access report, measured (issue 21, RPT-2): 200,000 partner users over 2,000
//! accounts and 100,000 members — the report over everyone (totals and a first page), a
//! filter change, counts by role and by permission, and the CSV of every row (time and
//! memory added while writing it). Targets: ≤ 5 s over everyone, ≤ 150 ms a filter
//! change, CSV ≤ 5 s in < 100 MB added.
//!
//! Usage: `cargo run --release -p trellis-bench --bin trellis-access-bench [-- --quick]`.

use std::time::Instant;
use trellis_bench::generate::{add_field_sales, generate, Size};
use trellis_bench::timing::{best, memory, ms};
use trellis_commands::{access_report_page, write_access_csv};
use trellis_core::reports::access::{resource_mask, AccessFilter, AccessGroupBy, AccessPeople};
use trellis_core::*;

const T0: Millis = 1_764_000_000_000;

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let size =
        if quick { Size { records: 1_000, ..Size::scaled(10) } } else { Size { records: 10_000, ..Size::ISSUE } };
    let members = if quick { 10_000 } else { 100_000 };
    let g = generate(size);
    let mut state = g.state;
    let sales = add_field_sales(&mut state, g.owner, members, T0);
    let runs = if quick { 3 } else { 5 };

    let everyone = AccessFilter::default();
    let (t, r) = best(runs, || access_report_page(&state, &everyone, None, 0, 100));
    println!("{} partner users, {} members: {} rows held by {} people", size.users, members, r.total_rows, r.people);
    println!("report over everyone (totals + first page)   {:>10}   target ≤ 5,000 ms", ms(t));
    let (t, r) = best(runs, || access_report_page(&state, &everyone, None, 200_000, 100));
    println!("a page deep in the list (row 200,000)        {:>10}   ({} rows)", ms(t), r.rows.len());

    let search = AccessFilter { search: "rep123".into(), ..AccessFilter::default() };
    let (t, r) = best(runs, || access_report_page(&state, &search, None, 0, 100));
    println!("filter: a person's name                      {:>10}   target ≤ 150 ms ({} rows)", ms(t), r.total_rows);
    let partners = AccessFilter {
        people: AccessPeople::PartnerUsers,
        mask: resource_mask("leads").expect("leads"),
        ..AccessFilter::default()
    };
    let (t, r) = best(runs, || access_report_page(&state, &partners, None, 0, 100));
    println!("filter: partner users, leads only            {:>10}   target ≤ 150 ms ({} rows)", ms(t), r.total_rows);
    let role = AccessFilter { roles: vec![sales], ..AccessFilter::default() };
    let (t, r) = best(runs, || access_report_page(&state, &role, None, 0, 100));
    println!("filter: one role                             {:>10}   target ≤ 150 ms ({} rows)", ms(t), r.total_rows);
    let (t, r) = best(runs, || access_report_page(&state, &everyone, Some(AccessGroupBy::Role), 0, 100));
    println!("counted by role                              {:>10}   target ≤ 150 ms ({} groups)", ms(t), r.group_count);
    let (t, r) = best(runs, || access_report_page(&state, &everyone, Some(AccessGroupBy::Permission), 0, 100));
    println!("counted by permission                        {:>10}   target ≤ 150 ms ({} groups)", ms(t), r.group_count);
    let (t, r) = best(runs, || access_report_page(&state, &everyone, Some(AccessGroupBy::Person), 0, 100));
    println!("counted by person                            {:>10}   ({} groups)", ms(t), r.group_count);

    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("access.csv");
    // Forget the generation's peak: what counts is what the export adds.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let (before, _) = memory();
    let start = Instant::now();
    let file = std::fs::File::create(&path).expect("the CSV file");
    let rows = write_access_csv(&state, &everyone, file).expect("written");
    let took = start.elapsed();
    let (_, peak) = memory();
    let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!(
        "CSV of every row: {rows} rows ({:.0} MB) in {}, {:.0} MiB added at peak   targets ≤ 5 s, < 100 MB",
        bytes as f64 / 1e6,
        ms(took),
        peak - before
    );
}
