//! Access reviews, measured (issue 21, RPT-4): a campaign of 10,000 partner users in a
//! workspace of 200,000 partner users and 100,000 members — starting it, one bulk
//! decision over every item (target ≤ 200 ms), and completion to a draft with its effect
//! (target ≤ 2 s): the decided revocations checked in order on a copy of live (as the app
//! does before the campaign closes), replayed as a draft, and the effect computed.
//!
//! Usage: `cargo run --release -p trellis-bench --bin trellis-review-bench [-- --quick]`.

use std::time::Instant;
use trellis_bench::generate::{add_field_sales, generate, Size};
use trellis_bench::timing::ms;
use trellis_core::draft::{replay, Draft, Step};
use trellis_core::effect::effect;
use trellis_core::reviews::{ReviewPeople, ReviewScope, Verdict};
use trellis_core::*;
use uuid::Uuid;

const T0: Millis = 1_764_000_000_000;
const ITEMS: usize = 10_000;

/// Applies `op` as `by` and commits it; the time of both, and the events.
fn run(state: &mut State, by: MemberId, op: &Op) -> (std::time::Duration, Vec<Event>) {
    let start = Instant::now();
    let events = apply(state, &Actor::Member(by), op).expect("applies");
    state.commit(&events);
    (start.elapsed(), events)
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let size =
        if quick { Size { records: 1_000, ..Size::scaled(10) } } else { Size { records: 10_000, ..Size::ISSUE } };
    let members = if quick { 10_000 } else { 100_000 };
    let items = if quick { ITEMS / 10 } else { ITEMS };
    let g = generate(size);
    let mut state = g.state;
    add_field_sales(&mut state, g.owner, members, T0);
    let owner = g.owner;

    // Accounts, smallest first, until they hold the campaign's 10,000 partner users.
    let mut accounts: Vec<(usize, PartnerAccountId)> =
        state.accounts().map(|a| (state.contacts_of(a.id).filter(|c| c.has_access()).count(), a.id)).collect();
    accounts.sort();
    let mut chosen = Vec::new();
    let mut total = 0;
    for (n, id) in accounts {
        if total >= items {
            break;
        }
        total += n;
        chosen.push(id);
    }
    let review = ReviewId(Uuid::from_u128(0x5e71e3));
    let scope =
        ReviewScope { people: ReviewPeople::PartnerUsers, accounts: chosen, roles: vec![], changed_only: false };
    let start = Op::StartReview { id: review, name: "Q4".into(), scope, due: T0 + 86_400_000, fallback: None, at: T0 };
    let (t, started) = run(&mut state, owner, &start);
    println!("{} partner users, {members} members; a campaign of {} items", size.users, started.len() - 1);
    println!("start (items chosen from the state)          {:>10}", ms(t));
    // The app also writes each op in one transaction: its rows and its journal entry.
    let dir = tempfile::tempdir().expect("a temporary folder");
    let rt = tokio::runtime::Runtime::new().expect("a runtime");
    let store = rt.block_on(trellis_store::Store::open(&dir.path().join("review.db"))).expect("a store");
    let me = Actor::Member(owner);
    let save = |op: &Op, events: &[Event]| {
        let start = Instant::now();
        rt.block_on(store.commit(&me, "olivia@bench.test", T0, op, events)).expect("written");
        start.elapsed()
    };
    println!("  written (rows and journal entry)           {:>10}", ms(save(&start, &started)));

    let people: Vec<Person> = state.reviews().items(review).map(|i| i.person).collect();
    let keep =
        Op::DecideReview { review, people: people.clone(), verdict: Verdict::Keep, comment: "ok".into(), at: T0 + 1 };
    let (t, decided) = run(&mut state, owner, &keep);
    let t_write = save(&keep, &decided);
    println!(
        "bulk decision: keep every item               {:>10}   target ≤ 200 ms ({} decided: rules {}, written {})",
        ms(t + t_write),
        decided.len(),
        ms(t),
        ms(t_write)
    );

    for share in [10, 1] {
        let revoked: Vec<Person> = people.iter().step_by(share).copied().collect();
        let mut s = state.clone();
        let revoke = Op::DecideReview {
            review,
            people: revoked.clone(),
            verdict: Verdict::Revoke,
            comment: "gone".into(),
            at: T0 + 2,
        };
        let (t_decide, _) = run(&mut s, owner, &revoke);
        let start = Instant::now();
        // As `review_complete`: the revocations checked in order on one copy of live...
        let mut copy = s.clone();
        let mut steps = Vec::with_capacity(revoked.len());
        for p in &revoked {
            let Person::Contact(c) = p else { continue };
            let op = Op::RevokeAccess { contact: *c };
            let events = apply(&copy, &Actor::Member(owner), &op).expect("revocation applies");
            copy.commit(&events);
            steps.push(Step { id: OpId::new_v7(), by: owner, at: T0, op, events });
        }
        let t_check = start.elapsed();
        // ...then the draft as the app reads it: replayed over live, and its effect.
        let mut d = Draft::new(DraftId::new_v7(), "Access review: Q4".into(), String::new(), owner, T0, 0);
        d.steps = steps;
        let replayed = replay(&s, &d);
        assert!(replayed.broken.is_none());
        let e = effect(&s, &replayed.state, &replayed.events);
        let t_total = start.elapsed();
        println!(
            "revoke {:>5} (decision {:>8}); completion to a draft with its effect {:>10}   target ≤ 2,000 ms",
            revoked.len(),
            ms(t_decide),
            ms(t_total)
        );
        println!("    checked on a copy of live {:>10}; {} people in the effect", ms(t_check), e.people.len());
    }
}
