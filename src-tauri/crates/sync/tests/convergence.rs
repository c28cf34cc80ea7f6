//! SYNC-1..3 against the real server: random desktops, random changes, random offline
//! spells and syncs through PostgreSQL's row lock. Every desktop ends equal to a fresh
//! replay of the server's log, the licence pool holds, and an active Owner remains.
mod support;

use proptest::prelude::*;
use support::*;
use trellis_core::sync::Replica;
use trellis_core::*;
use uuid::Uuid;

const CASES: u32 = 100;

#[derive(Debug, Clone)]
enum Step {
    Rename(u8, u8),
    Toggle(u8, u8),
    Give(u8, u8),
    Revoke(u8, u8),
    Assign(u8, u8, u8),
    Sync(u8),
    Offline(u8),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        2 => (0u8..3, 0u8..3).prop_map(|(d, n)| Step::Rename(d, n)),
        2 => (0u8..3, 0u8..3).prop_map(|(d, n)| Step::Toggle(d, n)),
        2 => (0u8..3, 0u8..4).prop_map(|(d, n)| Step::Give(d, n)),
        1 => (0u8..3, 0u8..4).prop_map(|(d, n)| Step::Revoke(d, n)),
        1 => (0u8..3, 0u8..4, 0u8..3).prop_map(|(d, m, r)| Step::Assign(d, m, r)),
        3 => (0u8..3).prop_map(Step::Sync),
        1 => (0u8..3).prop_map(Step::Offline),
    ]
}

const PERMS: [Permission; 3] = [
    Permission::Crud(Resource::Leads, Action::Delete),
    Permission::Crud(Resource::Customers, Action::Read),
    Permission::Crud(Resource::Opportunities, Action::Update),
];

fn op(state: &State, s: &Step) -> Option<Op> {
    let role = state.role(rid(0))?;
    let edit = |name: String, permissions| Op::UpdateRole {
        id: role.id,
        version: role.version,
        name,
        description: role.description.clone(),
        permissions,
        restriction: role.restriction,
        segments: role.segments.clone(),
    };
    Some(match s {
        Step::Rename(_, n) => edit(format!("Name {n}"), role.permissions),
        Step::Toggle(_, n) => {
            let p = PERMS[*n as usize % 3];
            let perms =
                if role.permissions.contains(p) { role.permissions.without(p) } else { role.permissions.with(p) };
            edit(role.name.clone(), perms)
        }
        Step::Give(_, n) => give(state, *n as u128),
        Step::Revoke(_, n) => Op::RevokeAccess { contact: cid(*n as u128) },
        Step::Assign(_, m, r) => Op::ChangeRoles {
            members: vec![mid(*m as u128)],
            role: [Some(Builtin::Owner.id()), Some(Builtin::Viewer.id()), Some(rid(0))][*r as usize % 3],
        },
        _ => return None,
    })
}

async fn run(db: &TestDb, n: usize, steps: Vec<Step>) -> Result<(), TestCaseError> {
    let publisher = db.connect_as("u0").await;
    let history = history(db, 2);
    let ws = Uuid::now_v7();
    let genesis = publisher.publish(ws, "Acme", &history).await.unwrap();
    let state = replay(&history);
    let mut desks = Vec::new();
    for i in 0..n {
        let who = format!("u{i}");
        desks.push((Desk::new(&state, &genesis, db.connect_as(&who).await, db.login(&who), i as u128, ws), true));
    }
    for s in &steps {
        let d = match s {
            Step::Rename(d, _) | Step::Toggle(d, _) | Step::Give(d, _) | Step::Revoke(d, _) | Step::Assign(d, _, _) => {
                *d
            }
            Step::Sync(d) | Step::Offline(d) => *d,
        } as usize
            % n;
        let (desk, online) = &mut desks[d];
        match s {
            Step::Sync(_) if *online => desk.sync().await.unwrap(),
            Step::Sync(_) => {}
            Step::Offline(_) => *online = !*online,
            other => {
                if let Some(op) = op(&desk.replica.state, other) {
                    let _ = desk.local(op);
                }
            }
        }
        prop_assert!(desk.replica.state.licences_in_use() <= 2);
        prop_assert!(desk.replica.state.active_owner_count() >= 1);
    }
    for _ in 0..2 {
        for (desk, _) in desks.iter_mut() {
            desk.sync().await.unwrap();
        }
    }
    let rows = desks[0].0.remote.fetch(ws, genesis.head).await.unwrap();
    let mut fresh = Replica::new(state, genesis);
    let mut all = rows.clone();
    while let Some(last) = all.last().filter(|_| all.len() % 5_000 == 0) {
        let more = desks[0].0.remote.fetch(ws, last.seq).await.unwrap();
        if more.is_empty() {
            break;
        }
        all.extend(more);
    }
    fresh.integrate(&all);
    for (i, (desk, _)) in desks.iter().enumerate() {
        prop_assert!(desk.replica.pending.is_empty());
        prop_assert!(desk.replica.state == fresh.state, "desktop {i} differs from a fresh replay");
    }
    Ok(())
}

#[test]
fn desktops_converge_through_the_real_server() {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let db = rt.block_on(async {
        let db = TestDb::new().await;
        db.install().await;
        db
    });
    let mut runner =
        proptest::test_runner::TestRunner::new(ProptestConfig { cases: CASES, ..ProptestConfig::default() });
    runner
        .run(&(2usize..=3, prop::collection::vec(step(), 1..25)), |(n, steps)| rt.block_on(run(&db, n, steps)))
        .unwrap();
}
