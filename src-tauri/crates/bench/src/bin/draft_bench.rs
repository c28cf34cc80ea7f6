//! Drafts, measured (issue: offline role drafts):
//! * the effect of a draft that edits a role held by 100,000 members, next to applying
//!   the same change live;
//! * the effect of a draft that changes the owner of a partner account with 50,000 users
//!   (PA-3: its branch moves), next to applying it live;
//! * `why` for one person and one permission, and for one record, at 200,000 partner users.
//!
//! Usage: `cargo run --release -p trellis-bench --bin trellis-draft-bench [-- --quick]`.

use std::time::Instant;
use trellis_bench::generate::{add_field_sales, generate, Size};
use trellis_bench::timing::{best, ms};
use trellis_core::draft::{replay, Draft, Step};
use trellis_core::effect::effect;
use trellis_core::*;
use uuid::Uuid;

const T0: Millis = 1_764_000_000_000;

/// A draft of one change by `by`, made against `state`.
fn draft_of(state: &State, by: MemberId, op: Op) -> Draft {
    let events = apply(state, &Actor::Member(by), &op).expect("the draft's change applies");
    let mut d = Draft::new(DraftId(Uuid::from_u128(7)), "Bench".into(), String::new(), by, T0, 0);
    d.steps.push(Step { id: OpId(Uuid::from_u128(8)), by, at: T0, op, events });
    d
}

fn measure(label: &str, live: &State, by: MemberId, op: Op, runs: usize) {
    let d = draft_of(live, by, op.clone());
    let (t_replay, replayed) = best(runs, || replay(live, &d));
    let (t_effect, e) = best(runs, || effect(live, &replayed.state, &replayed.events));
    let (t_live, _) = best(runs, || apply(live, &Actor::Member(by), &op).expect("applies"));
    let mut scratch = live.clone();
    let events = apply(live, &Actor::Member(by), &op).expect("applies");
    let start = Instant::now();
    scratch.commit(&events);
    let t_commit = start.elapsed();
    let records = e.people.iter().filter(|p| p.records_change).count();
    println!("{label}");
    println!("  effect (the diff of access)        {:>10}   target ≤ 200 ms", ms(t_effect));
    println!(
        "  draft replayed over live           {:>10}   (cached in the app while live and draft stay put)",
        ms(t_replay)
    );
    println!(
        "  same change applied live           {:>10}   (rules {} + commit {})",
        ms(t_live + t_commit),
        ms(t_live),
        ms(t_commit)
    );
    println!("  people affected                    {:>10}   ({} whose records change)", e.people.len(), records);
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    // TRELLIS_BENCH_SCALE=N divides the partner side only (members stay as asked).
    let scale = std::env::var("TRELLIS_BENCH_SCALE").ok().and_then(|v| v.parse().ok());
    let size = match (quick, scale) {
        (true, _) => Size::scaled(20),
        (false, Some(n)) => Size::scaled(n),
        (false, None) => Size::ISSUE,
    };
    let members = if quick { 5_000 } else { 100_000 };
    let runs = if quick { 2 } else { 5 };
    println!(
        "workspace: {} partner users, {} records, {} accounts; +{members} members holding one role",
        size.users, size.records, size.accounts
    );
    let g = generate(size);
    let mut live = g.state;
    let owner = g.owner;
    let sales = add_field_sales(&mut live, owner, members, T0);
    // 1. A role held by 100,000 members loses delete rights and gains reports.
    let role = live.role(sales).expect("role").clone();
    let edit = Op::UpdateRole {
        id: sales,
        version: role.version,
        name: role.name.clone(),
        description: role.description.clone(),
        permissions: role
            .permissions
            .without(Permission::Crud(Resource::Leads, Action::Delete))
            .without(Permission::Crud(Resource::Opportunities, Action::Delete))
            .with(Permission::Crud(Resource::Reports, Action::Read)),
        restriction: role.restriction,
        segments: role.segments.clone(),
    };
    measure(&format!("Role edit held by {members} members (delete rights off, reports on)"), &live, owner, edit, runs);
    // The same role loses read on leads: every holder's visible leads are compared.
    let read_off = Op::UpdateRole {
        id: sales,
        version: role.version,
        name: role.name.clone(),
        description: role.description.clone(),
        permissions: role.permissions.without(Permission::Crud(Resource::Leads, Action::Read)),
        restriction: role.restriction,
        segments: role.segments.clone(),
    };
    measure(&format!("Role edit held by {members} members (read on leads off)"), &live, owner, read_off, runs);

    // 2. The big account (50,000 users) moves to another manager.
    let big = live.account(g.big).expect("big").clone();
    let to = g.managers.iter().copied().find(|m| *m != big.owner).expect("another manager");
    let change = Op::ChangeAccountOwner { id: big.id, version: big.version, owner: to };
    measure(&format!("Owner change of an account with {} users", size.big), &live, owner, change, runs);

    // 3. why, at 200,000 partner users.
    let user = g.users[g.users.len() / 2];
    let person = Person::Contact(user);
    let perm = Permission::Crud(Resource::Leads, Action::Read);
    let (t_why, w) = best(1000, || why::permission(&live, person, perm));
    println!(
        "why (one partner user, one permission)   {:>10}   target ≤ 1 ms   [{}]",
        format!("{:.1} µs", t_why.as_secs_f64() * 1e6),
        w.summary
    );
    let record = live.record_slots_of(person).first().map(|s| live.record_at(*s).id);
    if let Some(record) = record {
        let exec = Person::Member(big.owner);
        let (t_rec, w) = best(1000, || why::record(&live, exec, record));
        println!(
            "why (a manager, one record)              {:>10}   [{}]",
            format!("{:.1} µs", t_rec.as_secs_f64() * 1e6),
            w.summary
        );
    }
}
