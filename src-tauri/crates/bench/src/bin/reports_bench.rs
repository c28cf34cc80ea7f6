//! Reports, measured (issue 20) on 1,000,000 activities, 2,000 partner accounts and
//! 200,000 partner users:
//! * the Partner Activity Summary for a quarter over all partners, and for one partner;
//! * a page of the detail;
//! * the CSV of every activity (time, and memory added while writing it);
//! * a partner user's view of the summary, and their dashboard's tiles (RPT-3).
//!
//! Usage: `cargo run --release -p trellis-bench --bin trellis-reports-bench [-- --quick]`.

use std::time::Instant;
use trellis_bench::generate::{account_id, generate, Size};
use trellis_bench::timing::{best, memory, ms};
use trellis_commands::write_activity_csv;
use trellis_core::dashboards::{self, Dashboard, PublishTo, TileKind};
use trellis_core::reports::activity::{detail_page, summary, ActivityFilter};
use trellis_core::reports::period::{Bucket, Period};
use trellis_core::visibility::viewer;
use trellis_core::wire::ActivitySort;
use trellis_core::{DashboardId, Person};

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let size = if quick { Size::scaled(10) } else { Size::REPORTS };
    let started = Instant::now();
    let g = generate(size);
    let state = &g.state;
    println!(
        "generated {} activities, {} accounts, {} users in {}",
        size.activities,
        size.accounts,
        size.users,
        ms(started.elapsed())
    );
    let tz = jiff::tz::TimeZone::get("Europe/Paris").expect("the zone database");
    let quarter = Period::new("2025-04-01", "2025-06-30", tz.clone()).expect("dates");
    let year = Period::new("2025-01-01", "2025-12-31", tz).expect("dates");
    let all = |period: &Period| ActivityFilter {
        period: period.clone(),
        partners: Vec::new(),
        owner: None,
        types: Vec::new(),
        customer: None,
    };
    let owner = viewer(state, Person::Member(g.owner)).expect("the owner sees");

    let (t, s) = best(5, || summary(state, &owner, &all(&quarter), Bucket::Week, None));
    println!(
        "summary, a quarter, all partners ({} activities, {} rows): {}  (target ≤ 500 ms)",
        s.total,
        s.rows.len(),
        ms(t)
    );
    let one = ActivityFilter { partners: vec![account_id(7)], ..all(&quarter) };
    let (t, s) = best(5, || summary(state, &owner, &one, Bucket::Week, None));
    println!("summary, a quarter, one partner ({} activities): {}  (target ≤ 50 ms)", s.total, ms(t));
    let (t, p) = best(5, || detail_page(state, &owner, &all(&quarter), "", (ActivitySort::At, true), 3, Some(50)));
    println!("detail page, a quarter ({} activities): {}  (target ≤ 100 ms)", p.total, ms(t));

    // A partner user's own numbers: what a dashboard tile of theirs computes. The busiest
    // of a sample (Executives see their account's branch), so the figure is not of nothing.
    let partner = g
        .users
        .iter()
        .step_by(g.users.len().div_ceil(200).max(1))
        .filter_map(|u| viewer(state, Person::Contact(*u)))
        .max_by_key(|v| summary(state, v, &all(&quarter), Bucket::Month, None).total)
        .expect("a partner user sees");
    let (t, s) = best(5, || summary(state, &partner, &all(&quarter), Bucket::Month, None));
    println!("a partner user's summary, a quarter ({} activities): {}  (target ≤ 50 ms)", s.total, ms(t));
    // RPT-3: every tile of a dashboard, as that user's Home computes it (mid-quarter).
    let dashboard = Dashboard {
        id: DashboardId::new_v7(),
        name: "Partner performance".into(),
        tiles: TileKind::ALL.to_vec(),
        roles: Vec::new(),
        publish_to: PublishTo::NewAndExisting,
        locked: true,
        existing: Vec::new(),
        version: 1,
    };
    let now = jiff::Timestamp::from_second(1_747_310_400).expect("2025-05-15").as_millisecond();
    let paris = jiff::tz::TimeZone::get("Europe/Paris").expect("the zone database");
    let (t, tiles) = best(5, || dashboards::tiles(state, &partner, &dashboard, now, &paris));
    println!("a partner user's dashboard, {} tiles: {}  (target ≤ 50 ms)", tiles.len(), ms(t));

    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("detail.csv");
    // Forget the generation's peak: what counts is what the export adds.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let (before, _) = memory();
    let start = Instant::now();
    let file = std::fs::File::create(&path).expect("the CSV file");
    let rows = write_activity_csv(state, &owner, &all(&year), false, "", file).expect("written");
    let took = start.elapsed();
    let (_, peak) = memory();
    let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!(
        "CSV of {rows} activities ({:.0} MB): {}, {:.0} MiB added at peak  (targets ≤ 5 s, < 100 MB)",
        bytes as f64 / 1e6,
        ms(took),
        peak - before
    );
}
