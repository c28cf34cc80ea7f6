//! The member backlog on a real SQLite file: a bulk change commits as one compact row
//! next to its journal row; loading lays it over the table; a direct write drains it
//! first; a drain brings the table up to date; drains and commits interleave freely.

use sqlx::Row;
use trellis_core::*;
use trellis_store::Store;

const T0: Millis = 1_764_000_000_000;

async fn run(store: &Store, state: &mut State, actor: Actor, op: Op) {
    let events = apply(state, &actor, &op).expect("the op is allowed");
    store.commit(&actor, "test", T0, &op, &events).await.expect("commit");
    state.commit(&events);
}

/// A workspace with its Owner and `n` imported members; returns the state, the Owner
/// and the members' ids in import order.
async fn workspace(store: &Store, n: usize) -> (State, Actor, Vec<MemberId>) {
    let mut s = State::new();
    let owner = MemberId::new_v7();
    let create = Op::CreateWorkspace {
        name: "Acme".into(),
        owner,
        owner_name: "Olivia".into(),
        owner_email: "olivia@acme.test".into(),
        at: T0,
    };
    run(store, &mut s, Actor::Bootstrap, create).await;
    let me = Actor::Member(owner);
    let list: Vec<ImportedMember> = (0..n)
        .map(|i| ImportedMember {
            id: MemberId::new_v7(),
            email: format!("m{i:05}@acme.test"),
            name: format!("Member {i:05}"),
            role: Some(Builtin::Member.id()),
        })
        .collect();
    let ids = list.iter().map(|m| m.id).collect();
    run(store, &mut s, me, Op::ImportMembers { members: list, at: T0 }).await;
    (s, me, ids)
}

async fn backlog_rows(store: &Store) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM member_backlog").fetch_one(store.pool()).await.unwrap()
}

/// The role the members table itself holds for `id` (not what loading makes of it).
async fn table_role(store: &Store, id: MemberId) -> Option<String> {
    sqlx::query("SELECT role_id FROM members WHERE id = ?")
        .bind(id.to_string())
        .fetch_one(store.pool())
        .await
        .unwrap()
        .get(0)
}

fn change(ids: &[MemberId], role: Option<Builtin>) -> Op {
    Op::ChangeRoles { members: ids.to_vec(), role: role.map(Builtin::id) }
}

#[tokio::test]
async fn a_bulk_change_commits_to_the_backlog_and_loads_back_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("trellis.db");
    let store = Store::open(&path).await.unwrap();
    store.hold_drains(true);
    let (mut s, me, ids) = workspace(&store, 1_200).await;
    assert_eq!(backlog_rows(&store).await, 0, "new members are written to their table at once");

    // Two overlapping bulk changes: the second must win where they overlap.
    run(&store, &mut s, me, change(&ids[..1_000], Some(Builtin::Viewer))).await;
    run(&store, &mut s, me, change(&ids[400..1_100], None)).await;
    assert_eq!(backlog_rows(&store).await, 2);
    let member_role = Some(Builtin::Member.id().to_string());
    assert_eq!(table_role(&store, ids[0]).await, member_role, "the table waits for the drain");

    // Loading lays the backlog over the table, in order; so does reopening the file.
    assert!(store.load().await.unwrap() == s, "loading with a full backlog differs from memory");
    store.close().await;
    let store = Store::open(&path).await.unwrap();
    store.hold_drains(true);
    assert!(store.load().await.unwrap() == s, "reopening with a full backlog differs from memory");

    // The drain writes every row and empties the backlog.
    assert_eq!(store.settle().await.unwrap(), 1_000 + 700);
    assert_eq!(backlog_rows(&store).await, 0);
    assert_eq!(table_role(&store, ids[0]).await, Some(Builtin::Viewer.id().to_string()));
    assert_eq!(table_role(&store, ids[500]).await, None);
    assert_eq!(table_role(&store, ids[1_150]).await, member_role);
    assert!(store.load().await.unwrap() == s, "the drained table differs from memory");
    assert_eq!(store.settle().await.unwrap(), 0, "nothing left to drain");
}

/// A removal frees an email, and a direct write (one member) must not be overtaken by an
/// older backlog row: it drains the backlog in its own transaction first.
#[tokio::test]
async fn a_direct_write_drains_the_backlog_first() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("trellis.db")).await.unwrap();
    store.hold_drains(true);
    let (mut s, me, ids) = workspace(&store, 1_400).await;
    // A bulk removal: status and email index change, through the backlog.
    run(&store, &mut s, me, Op::RemoveMembers { members: ids[..600].to_vec(), at: T0 + 1 }).await;
    assert_eq!(backlog_rows(&store).await, 1);
    // The same email again, for a new member: the unique email index must see the
    // removal first.
    let email = s.member(ids[0]).unwrap().email.clone();
    let again = MemberId::new_v7();
    let invite = Op::InviteMember { id: again, email, name: "Back Again".into(), role: None, at: T0 + 2 };
    run(&store, &mut s, me, invite).await;
    assert_eq!(backlog_rows(&store).await, 0, "the direct write drained the backlog");
    // One member changed directly after a bulk change of it: the direct write stays.
    run(&store, &mut s, me, change(&ids[600..], Some(Builtin::Viewer))).await;
    assert_eq!(backlog_rows(&store).await, 1);
    run(&store, &mut s, me, change(&ids[700..701], Some(Builtin::Admin))).await;
    assert_eq!(table_role(&store, ids[700]).await, Some(Builtin::Admin.id().to_string()));
    assert_eq!(backlog_rows(&store).await, 0);
    assert!(store.load().await.unwrap() == s, "the loaded state differs from memory");
}

#[tokio::test]
async fn a_damaged_backlog_row_stops_loading_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("trellis.db")).await.unwrap();
    store.hold_drains(true);
    workspace(&store, 3).await;
    sqlx::query("INSERT INTO member_backlog (rows) VALUES (x'01ff00')").execute(store.pool()).await.unwrap();
    let Err(err) = store.load().await else { panic!("a damaged row is an error") };
    let err = err.to_string();
    assert!(err.contains("member backlog row") && err.contains("cut short"), "{err}");
    let err = store.settle().await.expect_err("the drain refuses it too").to_string();
    assert!(err.contains("member backlog row"), "{err}");
    assert_eq!(backlog_rows(&store).await, 1, "a refused drain leaves the backlog as it was");
}

/// Background drains run while bulk and single changes keep committing on other
/// connections: every write transaction waits its turn (none fails busy), and the file
/// ends as memory says.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drains_and_commits_interleave_without_busy_errors() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("trellis.db")).await.unwrap();
    let (mut s, me, ids) = workspace(&store, 1_500).await;
    let settler = {
        let store = store.clone();
        tokio::spawn(async move {
            for _ in 0..40 {
                store.settle().await.expect("a drain waits its turn");
                tokio::time::sleep(std::time::Duration::from_millis(2)).await;
            }
        })
    };
    let roles = [Builtin::Viewer, Builtin::Admin, Builtin::Member];
    for round in 0..12 {
        let role = roles[round % 3];
        run(&store, &mut s, me, change(&ids[(round * 50)..(round * 50 + 900)], Some(role))).await;
        if round % 4 == 3 {
            // A direct write, which drains whatever is left first.
            run(&store, &mut s, me, change(&ids[round..round + 1], None)).await;
        }
    }
    // Which drain wrote which rows depends on timing; that every one succeeded does not.
    settler.await.unwrap();
    store.settle().await.unwrap();
    assert_eq!(backlog_rows(&store).await, 0);
    assert!(store.load().await.unwrap() == s, "the file differs from memory");
}
