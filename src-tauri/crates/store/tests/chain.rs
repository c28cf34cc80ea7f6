//! RPT-6 on a real SQLite file: whatever raw SQL does to journal rows — an edited field,
//! a deleted entry, two entries swapped, the newest ones cut off, a link wiped, history
//! rewritten with every later link recomputed — `journal_verify` names where the chain
//! breaks (the last two only with an anchor, as no chain can see them alone).

use proptest::prelude::*;
use sqlx::Row;
use trellis_core::chain::{self, JournalRow};
use trellis_core::*;
use trellis_store::{Break, SecurityEvent, Store};

const T0: Millis = 1_764_000_000_000;

async fn journal_of(n: usize) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("t.db")).await.unwrap();
    // A real op first (the commit path), then security events (the other writer).
    let mut s = State::new();
    let owner = MemberId::new_v7();
    let op = Op::CreateWorkspace {
        name: "Acme".into(),
        owner,
        owner_name: "Olivia".into(),
        owner_email: "olivia@acme.test".into(),
        at: T0,
    };
    let events = apply(&s, &Actor::Bootstrap, &op).unwrap();
    store.commit(&Actor::Bootstrap, "setup", T0, &op, &events).await.unwrap();
    s.commit(&events);
    for i in 1..n {
        let entry = SecurityEvent {
            actor: &Actor::Member(owner),
            actor_label: "olivia@acme.test",
            at: T0 + i as i64,
            action: "auth.sign_in",
            target: &format!("entry {i}"),
            changes: vec![],
        };
        store.record(entry, &[]).await.unwrap();
    }
    (dir, store)
}

async fn raw(store: &Store, sql: &str) {
    sqlx::query(sql).execute(store.pool()).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// What an attacker with the file does first: lift the append-only triggers.
async fn unlock(store: &Store) {
    raw(store, "DROP TRIGGER journal_no_update").await;
    raw(store, "DROP TRIGGER journal_no_delete").await;
}

/// Recomputes every link from `from` on, as someone who knows the algorithm would.
async fn rechain(store: &Store, from: i64) {
    let rows =
        sqlx::query("SELECT seq, at, actor, actor_label, action, target, op, changes, hash FROM journal ORDER BY seq")
            .fetch_all(store.pool())
            .await
            .unwrap();
    let mut prev = chain::GENESIS;
    for r in &rows {
        let seq: i64 = r.get("seq");
        let link = chain::journal_link(
            &prev,
            &JournalRow {
                seq,
                at: r.get("at"),
                actor: r.get("actor"),
                actor_label: r.get("actor_label"),
                action: r.get("action"),
                target: r.get("target"),
                op: r.get("op"),
                changes: r.get("changes"),
            },
        );
        let link = if seq >= from {
            sqlx::query("UPDATE journal SET hash = ? WHERE seq = ?")
                .bind(&link[..])
                .bind(seq)
                .execute(store.pool())
                .await
                .unwrap();
            link
        } else {
            r.get::<Vec<u8>, _>("hash").try_into().unwrap()
        };
        prev = link;
    }
}

#[derive(Clone, Debug)]
enum Tamper {
    Edit { seq: i64, column: &'static str },
    Delete { seq: i64 },
    Swap { a: i64, b: i64 },
    Truncate { keep: i64 },
    WipeLink { seq: i64 },
    RewriteAndRechain { seq: i64 },
}

fn tamper(n: i64) -> impl Strategy<Value = Tamper> {
    let column = prop::sample::select(vec!["at", "actor", "actor_label", "action", "target", "op", "changes"]);
    prop_oneof![
        (1..=n, column).prop_map(|(seq, column)| Tamper::Edit { seq, column }),
        (1..=n).prop_map(|seq| Tamper::Delete { seq }),
        (1..n, 1..=n).prop_filter_map("two rows", |(a, b)| (a < b).then_some(Tamper::Swap { a, b })),
        (0..n).prop_map(|keep| Tamper::Truncate { keep }),
        (1..=n).prop_map(|seq| Tamper::WipeLink { seq }),
        (1..=n).prop_map(|seq| Tamper::RewriteAndRechain { seq }),
    ]
}

async fn check(n: i64, t: Tamper) {
    let (_dir, store) = journal_of(n as usize).await;
    let intact = store.journal_verify(None).await.unwrap();
    assert_eq!((intact.entries, intact.broken.clone()), (n as u64, None), "the untouched journal verifies");
    let anchor = store.journal_anchor().await.unwrap().unwrap();
    assert_eq!(intact.head, Some(anchor));
    unlock(&store).await;
    match &t {
        Tamper::Edit { seq, column } => {
            let value = if *column == "at" { "at + 1".to_owned() } else { format!("{column} || ' '") };
            raw(&store, &format!("UPDATE journal SET {column} = {value} WHERE seq = {seq}")).await;
        }
        Tamper::Delete { seq } => raw(&store, &format!("DELETE FROM journal WHERE seq = {seq}")).await,
        Tamper::Swap { a, b } => {
            raw(&store, &format!("UPDATE journal SET seq = -1 WHERE seq = {a}")).await;
            raw(&store, &format!("UPDATE journal SET seq = {a} WHERE seq = {b}")).await;
            raw(&store, &format!("UPDATE journal SET seq = {b} WHERE seq = -1")).await;
        }
        Tamper::Truncate { keep } => raw(&store, &format!("DELETE FROM journal WHERE seq > {keep}")).await,
        Tamper::WipeLink { seq } => raw(&store, &format!("UPDATE journal SET hash = NULL WHERE seq = {seq}")).await,
        Tamper::RewriteAndRechain { seq } => {
            raw(&store, &format!("UPDATE journal SET target = 'nothing to see' WHERE seq = {seq}")).await;
            rechain(&store, *seq).await;
        }
    }
    let alone = store.journal_verify(None).await.unwrap().broken;
    let anchored = store.journal_verify(Some(&anchor)).await.unwrap().broken;
    match t {
        Tamper::Edit { seq, .. } | Tamper::WipeLink { seq } => {
            assert!(matches!(alone, Some(Break::Mismatch { seq: s, .. }) if s == seq), "{alone:?}");
            assert_eq!(alone, anchored);
        }
        Tamper::Delete { seq } if seq == n => {
            assert_eq!(alone, None, "the newest entry gone looks like a shorter journal");
            assert_eq!(anchored, Some(Break::Missing { after: n - 1, next: None }));
        }
        Tamper::Delete { seq } => {
            assert_eq!(alone, Some(Break::Missing { after: seq - 1, next: Some(seq + 1) }));
            assert_eq!(alone, anchored);
        }
        Tamper::Swap { a, .. } => {
            assert!(matches!(alone, Some(Break::Mismatch { seq, .. }) if seq == a), "{alone:?}");
        }
        Tamper::Truncate { keep } => {
            assert_eq!(alone, None, "a cut-off journal is a valid chain");
            assert_eq!(anchored, Some(Break::Missing { after: keep, next: None }));
        }
        Tamper::RewriteAndRechain { .. } => {
            assert_eq!(alone, None, "a recomputed chain holds");
            assert_eq!(anchored, Some(Break::AnchorDiffers { seq: n }));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn every_tampering_is_detected(t in tamper(12)) {
        tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(check(12, t));
    }
}

/// A file from before the chain: its rows get their links when it is opened, in order,
/// and the append-only trigger then refuses to change them.
#[tokio::test]
async fn old_rows_are_linked_once_then_frozen() {
    let (_dir, store) = journal_of(5).await;
    let before = store.journal_anchor().await.unwrap().unwrap();
    unlock(&store).await;
    raw(&store, "UPDATE journal SET hash = NULL").await;
    // Put the trigger back as migration 22 leaves it.
    let sql = trellis_store::migrations::migrator().migrations.iter().find(|m| m.version == 22).unwrap().sql.clone();
    let trigger = sql.split("DROP TRIGGER journal_no_update;").nth(1).unwrap().split("-- The shared").next().unwrap();
    raw(&store, trigger).await;
    let path = store.path().to_owned();
    store.pool().close().await;
    let store = Store::open(&path).await.unwrap();
    assert_eq!(store.journal_anchor().await.unwrap(), Some(before), "the same links as written live");
    assert_eq!(store.journal_verify(None).await.unwrap().broken, None);
    let refused = sqlx::query("UPDATE journal SET hash = NULL WHERE seq = 1").execute(store.pool()).await;
    assert!(refused.unwrap_err().to_string().contains("append-only"));
    let refused = sqlx::query("UPDATE journal SET target = 'x' WHERE seq = 1").execute(store.pool()).await;
    assert!(refused.unwrap_err().to_string().contains("append-only"));
}

/// Writing goes on after a verify (which reads through SQLite's own API).
#[tokio::test]
async fn writes_continue_after_a_verify() {
    let (_dir, store) = journal_of(3).await;
    assert_eq!(store.journal_verify(None).await.unwrap().entries, 3);
    let me = Actor::Member(MemberId::new_v7());
    let entry = SecurityEvent {
        actor: &me,
        actor_label: "x",
        at: T0,
        action: "auth.sign_in",
        target: "after",
        changes: vec![],
    };
    tokio::time::timeout(std::time::Duration::from_secs(20), store.record(entry, &[]))
        .await
        .expect("not stuck")
        .unwrap();
    assert_eq!(store.journal_verify(None).await.unwrap().entries, 4);
}

/// The last link can be read again and again in one transaction (a draft's publish
/// writes two entries through two appends; the bench reads it thousands of times — which,
/// through sqlx's raw connection handle, once stalled for good).
#[tokio::test]
async fn the_last_link_reads_twice_in_one_transaction() {
    let (_dir, store) = journal_of(2).await;
    let took = tokio::time::timeout(std::time::Duration::from_secs(20), store.bench_last_link(3000)).await;
    took.expect("not stuck").unwrap();
}

/// Two files written in turn by one process (each write's guess of the last link is the
/// other file's): both chains stay whole.
#[tokio::test]
async fn guesses_from_another_file_or_a_rollback_never_break_a_chain() {
    let (_a_dir, a) = journal_of(3).await;
    let (_b_dir, b) = journal_of(5).await;
    let me = Actor::Member(MemberId::new_v7());
    let event = |target: &'static str| SecurityEvent {
        actor: Box::leak(Box::new(me)),
        actor_label: "x",
        at: T0,
        action: "auth.sign_in",
        target,
        changes: vec![],
    };
    for _ in 0..4 {
        a.record(event("a"), &[]).await.unwrap();
        b.record(event("b"), &[]).await.unwrap();
    }
    for (s, n) in [(&a, 7), (&b, 9)] {
        let v = s.journal_verify(None).await.unwrap();
        assert_eq!((v.entries, v.broken), (n, None));
    }
}
