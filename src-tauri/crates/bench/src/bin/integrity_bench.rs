//! RPT-6, measured: `audit verify` over 1,000,000 journal entries (target ≤ 3 s), and
//! what the chain adds to a single write (target ≤ 5 %). A write's time is mostly the
//! commit's fsync, which varies more between runs than the chain costs, so the chain's
//! own work — reading the last link inside a write transaction (on the million-entry
//! file; a write does it only when its guess of the last link is stale) and hashing a
//! typical entry — is timed on its own and set against the median chained write. A bare
//! INSERT on a fresh file is printed for scale.
//!
//! Then time travel (RPT-5): a workspace of 100,000 members (one import) and then
//! single changes, each its own journal entry, padded to 1,000,000 entries with more role
//! changes; the state rebuilt from the first entry, then from checkpoints (written by the
//! first question) at moments spread over the journal (target ≤ 2 s at any date, ≤ 200 ms
//! beside a checkpoint: read from the file, then kept in memory).
//!
//! Usage: `cargo run --release -p trellis-bench --bin trellis-integrity-bench [-- --quick]
//! [--time-travel]` (the second: time travel only).

use std::time::{Duration, Instant};
use trellis_bench::timing::{best, ms};
use trellis_core::chain::JournalRow;
use trellis_core::*;
use trellis_store::{SecurityEvent, Store, Until};

const T0: i64 = 1_764_000_000_000;

/// A role change's journal text, about the size of a typical entry.
const CHANGES: &str = r#"[{"kind":"role","id":"0193a1b2-7c4d-7e8f-9a0b-1c2d3e4f5a6b","label":"Deal Desk","before":{"permissions":["leads.read","leads.update","opportunities.read"]},"after":{"permissions":["leads.read","leads.update","opportunities.read","opportunities.update"]}}]"#;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

#[tokio::main]
async fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let n: u64 = if quick { 100_000 } else { 1_000_000 };
    let dir = tempfile::tempdir().expect("temp dir");
    if std::env::args().any(|a| a == "--time-travel") {
        return time_travel(&dir, quick).await;
    }
    let store = Store::open(&dir.path().join("chain.db")).await.expect("open");
    let actor = serde_json::to_string(&Actor::Member(MemberId::new_v7())).expect("json");
    let op = r#"{"UpdateRole":{"role":"0193a1b2-7c4d-7e8f-9a0b-1c2d3e4f5a6b","version":3}}"#;
    let row = JournalRow {
        seq: 0,
        at: T0,
        actor: &actor,
        actor_label: "olivia@acme.test",
        action: "role.update",
        target: "Deal Desk",
        op,
        changes: CHANGES,
    };
    let start = Instant::now();
    store.bench_fill_journal(n, row).await.expect("fill");
    println!("journal of {n} entries written in {:.1} s", start.elapsed().as_secs_f64());

    let mut t_verify = Duration::MAX;
    let mut v = None;
    for _ in 0..3 {
        let start = Instant::now();
        v = Some(store.journal_verify(None).await.expect("verify"));
        t_verify = t_verify.min(start.elapsed());
    }
    let v = v.expect("verified");
    assert!(v.broken.is_none() && v.entries == n);
    println!("audit verify, {n} entries             {:>10}   target ≤ 3,000 ms (1,000,000)", ms(t_verify));

    let runs = if quick { 500 } else { 2000 };
    // The chain's read, at its worst (a stale guess of the last link): the last entry's
    // link inside a write transaction, on the million-entry file.
    let mut reads = Vec::new();
    for _ in 0..runs {
        let mut tx = store.pool().begin_with("BEGIN IMMEDIATE").await.expect("begin");
        let start = Instant::now();
        let last: Option<(i64, Vec<u8>)> = sqlx::query_as("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1")
            .fetch_optional(&mut *tx)
            .await
            .expect("last link");
        reads.push(start.elapsed());
        assert!(last.is_some());
        tx.rollback().await.expect("rollback");
    }
    let link_read = median(reads);

    // One write, chained and unchained, on fresh files.
    let store = Store::open(&dir.path().join("chained.db")).await.expect("open");
    let plain = Store::open(&dir.path().join("plain.db")).await.expect("open");
    let (mut chained, mut unchained) = (Vec::new(), Vec::new());
    let me = Actor::Member(MemberId::new_v7());
    for i in 0..runs {
        let target = format!("entry {i}");
        let start = Instant::now();
        let entry = SecurityEvent {
            actor: &me,
            actor_label: "olivia@acme.test",
            at: T0,
            action: "auth.sign_in",
            target: &target,
            changes: vec![],
        };
        store.record(entry, &[]).await.expect("record");
        chained.push(start.elapsed());

        let start = Instant::now();
        let mut tx = plain.pool().begin_with("BEGIN IMMEDIATE").await.expect("begin");
        sqlx::query("INSERT INTO journal (at, actor, actor_label, action, target, op, changes) VALUES (?, ?, ?, ?, ?, 'null', '[]')")
            .bind(T0)
            .bind(&actor)
            .bind("olivia@acme.test")
            .bind("auth.sign_in")
            .bind(&target)
            .execute(&mut *tx)
            .await
            .expect("insert");
        tx.commit().await.expect("commit");
        unchained.push(start.elapsed());
    }
    let (c, u) = (median(chained), median(unchained));
    let (hash_10k, _) = best(5, || {
        let mut l = trellis_core::chain::GENESIS;
        for _ in 0..10_000 {
            l = trellis_core::chain::journal_link(&l, &row);
        }
        l
    });
    let hash_one = hash_10k / 10_000;
    let added = (link_read + hash_one).as_secs_f64() / c.as_secs_f64() * 100.0;
    println!("single write, chained (median)         {:>10}", ms(c));
    println!("single write, no chain (median)        {:>10}   (a bare INSERT: for scale, not a comparison)", ms(u));
    println!("hashing one entry                      {:>7.1} µs", hash_one.as_secs_f64() * 1e6);
    println!("reading the last link (1,000,000 rows) {:>7.1} µs", link_read.as_secs_f64() * 1e6);
    println!("what the chain adds to a write         {added:>9.1} %   target ≤ 5 %");

    time_travel(&dir, quick).await;
}

async fn time_travel(dir: &tempfile::TempDir, quick: bool) {
    let (members, changes) = if quick { (10_000u128, 2_000u128) } else { (100_000, 20_000) };
    let store = Store::open(&dir.path().join("history.db")).await.expect("open");
    let mut state = State::new();
    let owner = MemberId(uuid::Uuid::from_u128(1));
    let run = async |state: &mut State, actor: Actor, op: Op| {
        let events = apply(state, &actor, &op).expect("applies");
        store.commit(&actor, "bench", T0, &op, &events).await.expect("commit");
        state.commit(&events);
    };
    let create = Op::CreateWorkspace {
        name: "Bench".into(),
        owner,
        owner_name: "Olivia".into(),
        owner_email: "olivia@bench.test".into(),
        at: T0,
    };
    run(&mut state, Actor::Bootstrap, create).await;
    let me = Actor::Member(owner);
    let list: Vec<ImportedMember> = (0..members)
        .map(|n| ImportedMember {
            id: MemberId(uuid::Uuid::from_u128(0x1000 + n)),
            email: format!("m{n}@bench.test"),
            name: format!("Member {n}"),
            role: Some(Builtin::Viewer.id()),
        })
        .collect();
    run(&mut state, me, Op::ImportMembers { members: list, at: T0 }).await;
    let start = Instant::now();
    for n in 0..changes {
        let role = if n % 2 == 0 { Builtin::Member } else { Builtin::Viewer };
        let op = Op::ChangeRoles {
            members: vec![MemberId(uuid::Uuid::from_u128(0x1000 + n % members))],
            role: Some(role.id()),
        };
        run(&mut state, me, op).await;
    }
    let head = store.journal_anchor().await.expect("anchor").expect("entries").seq;
    println!(
        "history: {members} members, then {changes} single changes ({:.1} s to write), {head} entries",
        start.elapsed().as_secs_f64()
    );
    // Padding: one member's role flipping, as many entries as it takes.
    let total: i64 = if quick { 100_000 } else { 1_000_000 };
    let member = MemberId(uuid::Uuid::from_u128(0x1000));
    let (viewer, member_role) = (Builtin::Viewer.id(), Builtin::Member.id());
    let changes = format!(
        r#"[{{"kind":"member","id":"{member}","label":"m0@bench.test","before":{{"role":"{member_role}"}},"after":{{"role":"{viewer}"}}}}]"#
    );
    let actor = serde_json::to_string(&me).expect("json");
    let row = JournalRow {
        seq: 0,
        at: T0 + 1,
        actor: &actor,
        actor_label: "olivia@bench.test",
        action: "member.change_role",
        target: "m0@bench.test",
        op: "{}",
        changes: &changes,
    };
    store.bench_fill_journal((total - head).max(0) as u64, row).await.expect("padding");
    let head = store.journal_anchor().await.expect("anchor").expect("entries").seq;
    store.set_checkpoint_every(0);
    let start = Instant::now();
    let past = store.state_at_from_scratch(Until::Entry(head)).await.expect("rebuilt");
    assert_eq!(past.seq, head);
    println!("{head} entries: time travel from the first entry to the newest   {:>10}", ms(start.elapsed()));
    store.set_checkpoint_every(trellis_store::CHECKPOINT_EVERY);
    let start = Instant::now();
    store.state_at(Until::Entry(head)).await.expect("rebuilt");
    let written = store.checkpoints().await.expect("checkpoints");
    println!("the first question, writing {} checkpoints on its way      {:>10}", written.len(), ms(start.elapsed()));
    let every = trellis_store::CHECKPOINT_EVERY;
    let mut worst = Duration::ZERO;
    for k in 1..=9 {
        // The worst place: just before the next checkpoint.
        let until = (head * k / 10 / every) * every + every - 1;
        let start = Instant::now();
        let past = store.state_at(Until::Entry(until.min(head))).await.expect("rebuilt");
        worst = worst.max(start.elapsed());
        assert_eq!(past.seq, until.min(head));
    }
    println!("time travel to any entry (9 moments, worst case)         {:>10}   target ≤ 2,000 ms", ms(worst));
    // One read from the file (the moments above kept another in memory).
    let written = store.checkpoints().await.expect("checkpoints");
    let at = written[written.len() / 2];
    assert!(at + 1_000 <= head, "{written:?}");
    let start = Instant::now();
    let past = store.state_at(Until::Entry(at)).await.expect("rebuilt");
    assert_eq!(past.from, at);
    println!("time travel to a checkpoint's own entry                  {:>10}   target ≤ 200 ms", ms(start.elapsed()));
    // Its state is kept in memory once read: the next question near it moves a copy.
    let start = Instant::now();
    let past = store.state_at(Until::Entry(at + 1_000)).await.expect("rebuilt");
    assert_eq!(past.from, at);
    println!("then 1,000 entries past the same checkpoint              {:>10}   target ≤ 200 ms", ms(start.elapsed()));
}
