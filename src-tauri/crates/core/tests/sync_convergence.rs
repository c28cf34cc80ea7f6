//! SYNC-1..3, convergence: 2–5 desktops make random changes as random members, go
//! offline and online, sync at random moments and settle conflicts at random, while a
//! tampering desktop appends forged and rule-breaking rows. In the end every desktop's
//! state equals a fresh replay of the shared log; the licence pool is never
//! oversubscribed; there is always an active Owner; every own change is in the log or
//! waiting for its author's decision (never silently dropped); and no change in the log
//! overwrote a field that another desktop had changed since its author last synced.
mod support;

use proptest::prelude::*;
use std::collections::{HashMap, HashSet};
use support::*;
use trellis_core::partners::AccessRoles;
use trellis_core::sync::{touches, Envelope, Genesis, Logged, ParkReason, Replica, Verdict};
use trellis_core::*;
use uuid::Uuid;

const CASES: u32 = 10_000;
const ROLES: u128 = 3;
const CONTACTS: u128 = 5;
const LICENCES: u32 = 2;

fn login(i: usize) -> String {
    format!("u{i}")
}

/// The published history: an Owner (client 0), four Admins (clients 1–4), custom roles,
/// an enabled partner account with contacts, two licences, and items.
fn genesis() -> (State, Vec<Logged>, Genesis) {
    let mut w = World::new();
    let owner = w.owner;
    let mut ops: Vec<(Actor, Op)> = Vec::new();
    let mut run = |w: &mut World, actor: Actor, op: Op| {
        w.run(actor, op.clone()).expect("genesis op");
        ops.push((actor, op));
    };
    for n in 1..=4u128 {
        let op = Op::ImportMembers {
            members: vec![ImportedMember {
                id: mid(n),
                email: format!("m{n}@acme.test"),
                name: format!("Manager {n}"),
                role: Some(Builtin::Admin.id()),
            }],
            at: T0,
        };
        run(&mut w, owner, op);
    }
    for n in 0..=4u128 {
        run(&mut w, owner, Op::SetDatabaseLogin { member: mid(n), login: Some(login(n as usize)) });
    }
    for r in 0..ROLES {
        let op = Op::CreateRole {
            id: rid(r),
            name: format!("Shared {r}"),
            description: String::new(),
            audience: Audience::Internal,
            group: None,
            permissions: PermissionSet::crud(&[Resource::Leads], &[Action::Read]),
            restriction: Default::default(),
            segments: Default::default(),
        };
        run(&mut w, owner, op);
    }
    let features = PartnerFeatures { partner_access: true, advanced_partner_access: true, licences: LICENCES };
    run(&mut w, owner, Op::SetPartnerFeatures { features });
    run(&mut w, owner, Op::CreateHierarchyRole { id: hid(1), name: "Channel".into(), parent: None });
    run(&mut w, owner, Op::SetMemberHierarchyRole { member: mid(0), role: Some(hid(1)) });
    let account = Op::CreatePartnerAccount {
        id: aid(1),
        name: "Globex".into(),
        kind: AccountKind::Business,
        owner: mid(0),
        parent: None,
    };
    run(&mut w, owner, account);
    run(&mut w, owner, Op::EnablePartnerAccount { id: aid(1) });
    for n in 0..CONTACTS {
        let op = Op::CreateContact {
            id: cid(n),
            account: aid(1),
            name: format!("C {n}"),
            email: format!("c{n}@globex.test"),
        };
        run(&mut w, owner, op);
    }
    for n in 0..2u128 {
        let op = Op::CreateItem {
            id: ItemId(Uuid::from_u128(0x6000 + n)),
            name: format!("Item {n}"),
            available_in_partner_center: false,
        };
        run(&mut w, owner, op);
    }
    let rows: Vec<Logged> = ops
        .into_iter()
        .enumerate()
        .map(|(i, (actor, op))| Logged {
            seq: i as u64 + 1,
            login: "u0".into(),
            envelope: Envelope {
                id: OpId(Uuid::from_u128(0x9000 + i as u128)),
                actor,
                via: None,
                at: T0,
                group: None,
                op,
            },
        })
        .collect();
    let g = Genesis { head: rows.len() as u64, login: "u0".into() };
    (w.state, rows, g)
}

#[derive(Debug, Clone)]
enum Change {
    Rename(u8, u8),
    Toggle(u8, u8),
    Assign(u8, u8),
    Give(u8),
    Revoke(u8),
    Invite(u8),
    CreateRole(u8),
    RenameAccount(u8),
    Item(u8, bool),
    DemoteOwner,
}

#[derive(Debug, Clone)]
enum Step {
    Local(u8, Change),
    Sync(u8),
    Toggle(u8),
    Resolve(u8, bool),
    Forge(u8, u8),
    Breaking(u8),
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        3 => (0u8..3, 0u8..3).prop_map(|(r, n)| Change::Rename(r, n)),
        3 => (0u8..3, 0u8..4).prop_map(|(r, p)| Change::Toggle(r, p)),
        2 => (1u8..5, 0u8..5).prop_map(|(m, r)| Change::Assign(m, r)),
        2 => (0u8..5).prop_map(Change::Give),
        1 => (0u8..5).prop_map(Change::Revoke),
        1 => (0u8..3).prop_map(Change::Invite),
        1 => (0u8..3).prop_map(Change::CreateRole),
        1 => (0u8..3).prop_map(Change::RenameAccount),
        1 => (0u8..2, any::<bool>()).prop_map(|(i, on)| Change::Item(i, on)),
        1 => Just(Change::DemoteOwner),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        8 => (0u8..5, change()).prop_map(|(c, ch)| Step::Local(c, ch)),
        4 => (0u8..5).prop_map(Step::Sync),
        2 => (0u8..5).prop_map(Step::Toggle),
        1 => (0u8..5, any::<bool>()).prop_map(|(c, mine)| Step::Resolve(c, mine)),
        1 => (0u8..5, 0u8..5).prop_map(|(by, claim)| Step::Forge(by, claim)),
        1 => (0u8..5).prop_map(Step::Breaking),
    ]
}

const PERMS: [Permission; 4] = [
    Permission::Crud(Resource::Leads, Action::Read),
    Permission::Crud(Resource::Leads, Action::Delete),
    Permission::Crud(Resource::Customers, Action::Read),
    Permission::Crud(Resource::Opportunities, Action::Update),
];

fn to_op(state: &State, c: &Change, fresh: u128) -> Option<Op> {
    Some(match c {
        Change::Rename(r, n) | Change::Toggle(r, n) => {
            let role = state.role(rid(*r as u128 % ROLES))?;
            let (mut name, mut permissions) = (role.name.clone(), role.permissions);
            if let Change::Rename(..) = c {
                name = format!("Name {n}");
            } else {
                let p = PERMS[*n as usize % PERMS.len()];
                permissions = if permissions.contains(p) { permissions.without(p) } else { permissions.with(p) };
            }
            Op::UpdateRole {
                id: role.id,
                version: role.version,
                name,
                description: role.description.clone(),
                permissions,
                restriction: role.restriction,
                segments: role.segments.clone(),
            }
        }
        Change::Assign(m, r) => {
            let role = match r {
                0 => Some(Builtin::Member.id()),
                1 => Some(Builtin::Viewer.id()),
                2 => None,
                n => Some(rid(*n as u128 % ROLES)),
            };
            Op::ChangeRoles { members: vec![mid(*m as u128)], role }
        }
        Change::Give(n) => Op::GiveAccess {
            contact: cid(*n as u128),
            roles: AccessRoles { portal_role: Builtin::StandardPartnerCenter.id(), agent_role: None, admin_role: None },
            hierarchy_role: state.tree().branch(aid(1)).last().copied(),
            branch: [hid(fresh), hid(fresh + 1), hid(fresh + 2)],
            can_grant_subpartners: false,
            invitation: None,
        },
        Change::Revoke(n) => Op::RevokeAccess { contact: cid(*n as u128) },
        Change::Invite(n) => Op::InviteMember {
            id: mid(fresh),
            email: format!("new{n}@acme.test"),
            name: String::new(),
            role: Some(Builtin::Viewer.id()),
            at: T0,
        },
        Change::CreateRole(n) => Op::CreateRole {
            id: rid(fresh),
            name: format!("Custom {n}"),
            description: String::new(),
            audience: Audience::Internal,
            group: None,
            permissions: PermissionSet::EMPTY,
            restriction: Default::default(),
            segments: Default::default(),
        },
        Change::RenameAccount(n) => {
            let account = state.account(aid(1))?;
            Op::RenamePartnerAccount { id: account.id, version: account.version, name: format!("Globex {n}") }
        }
        Change::Item(i, on) => Op::SetItemAvailability {
            id: ItemId(Uuid::from_u128(0x6000 + *i as u128 % 2)),
            available_in_partner_center: *on,
        },
        Change::DemoteOwner => Op::ChangeRoles { members: vec![mid(0)], role: Some(Builtin::Admin.id()) },
    })
}

struct Client {
    replica: Replica,
    online: bool,
    login: String,
    actor: Actor,
    created: Vec<OpId>,
    settled: HashSet<OpId>,
}

struct Sim {
    log: Vec<Logged>,
    genesis_state: State,
    genesis: Genesis,
    clients: Vec<Client>,
    /// Each change's author and the log position its author had seen when making it.
    base: HashMap<OpId, (usize, u64)>,
    fresh: u128,
}

impl Sim {
    fn new(n: usize) -> Sim {
        let (state, log, genesis) = genesis();
        let clients = (0..n)
            .map(|i| Client {
                replica: Replica::new(state.clone(), genesis.clone()),
                online: true,
                login: login(i),
                actor: Actor::Member(mid(i as u128)),
                created: Vec::new(),
                settled: HashSet::new(),
            })
            .collect();
        Sim { log, genesis_state: state, genesis, clients, base: HashMap::new(), fresh: 0x7000_0000 }
    }

    fn next_id(&mut self) -> u128 {
        self.fresh += 8;
        self.fresh
    }

    fn local(&mut self, i: usize, c: &Change) {
        let fresh = self.next_id();
        let client = &mut self.clients[i];
        let Some(op) = to_op(&client.replica.state, c, fresh) else { return };
        let id = OpId(Uuid::from_u128(fresh));
        let envelope = Envelope { id, actor: client.actor, via: None, at: T0, group: None, op };
        if let Ok(Some(_)) = client.replica.local(envelope) {
            client.created.push(id);
            self.base.insert(id, (i, client.replica.head));
        }
    }

    fn sync(&mut self, i: usize) {
        let client = &mut self.clients[i];
        if !client.online {
            return;
        }
        let after = client.replica.head as usize;
        let got = client.replica.integrate(&self.log[after..]);
        client.settled.extend(got.merged);
        let checked = client.replica.prepare_push(&client.login);
        client.settled.extend(checked.merged);
        let out = client.replica.outgoing();
        if out.is_empty() {
            return;
        }
        for envelope in out.iter() {
            let seq = self.log.len() as u64 + 1;
            self.log.push(Logged { seq, login: client.login.clone(), envelope: envelope.clone() });
        }
        client.replica.acknowledge(out.len());
    }

    fn resolve(&mut self, i: usize, mine: bool) {
        let fresh = self.next_id();
        let client = &mut self.clients[i];
        let Some(first) = client.replica.parked.first() else { return };
        let id = first.envelope.id;
        if mine {
            let new_id = OpId(Uuid::from_u128(fresh));
            if client.replica.retry(id, new_id).is_ok() {
                client.settled.insert(id);
                client.created.push(new_id);
                self.base.insert(new_id, (i, client.replica.head));
            }
        } else {
            client.replica.discard(id);
            client.settled.insert(id);
        }
    }

    /// A desktop with raw SQL access appends a row in someone else's name.
    fn forge(&mut self, by: usize, claim: usize) {
        if by == claim {
            return;
        }
        let fresh = self.next_id();
        let op = Op::ChangeRoles { members: vec![mid(claim as u128)], role: Some(Builtin::Owner.id()) };
        let envelope = Envelope {
            id: OpId(Uuid::from_u128(fresh)),
            actor: Actor::Member(mid(claim as u128)),
            via: None,
            at: T0,
            group: None,
            op,
        };
        let seq = self.log.len() as u64 + 1;
        self.log.push(Logged { seq, login: login(by), envelope });
    }

    /// A row under the appender's own name that breaks a rule where it lands: every
    /// contact given access at once, over the licence pool, as a group.
    fn breaking(&mut self, by: usize) {
        let group = Some(Uuid::from_u128(self.next_id()));
        for n in 0..CONTACTS {
            let fresh = self.next_id();
            let op = Op::GiveAccess {
                contact: cid(n),
                roles: AccessRoles {
                    portal_role: Builtin::StandardPartnerCenter.id(),
                    agent_role: None,
                    admin_role: None,
                },
                hierarchy_role: None,
                branch: [hid(fresh), hid(fresh + 1), hid(fresh + 2)],
                can_grant_subpartners: false,
                invitation: None,
            };
            let envelope = Envelope {
                id: OpId(Uuid::from_u128(fresh)),
                actor: Actor::Member(mid(by as u128)),
                via: None,
                at: T0,
                group,
                op,
            };
            let seq = self.log.len() as u64 + 1;
            self.log.push(Logged { seq, login: login(by), envelope });
        }
    }

    fn settle(&mut self) {
        for c in &mut self.clients {
            c.online = true;
        }
        for _ in 0..2 {
            for i in 0..self.clients.len() {
                self.sync(i);
            }
        }
    }
}

fn run(n: usize, steps: &[Step]) -> Result<(), TestCaseError> {
    let mut sim = Sim::new(n);
    for s in steps {
        match s {
            Step::Local(c, ch) => sim.local(*c as usize % n, ch),
            Step::Sync(c) => sim.sync(*c as usize % n),
            Step::Toggle(c) => {
                let c = &mut sim.clients[*c as usize % n];
                c.online = !c.online;
            }
            Step::Resolve(c, mine) => sim.resolve(*c as usize % n, *mine),
            Step::Forge(by, claim) => sim.forge(*by as usize % n, *claim as usize % n),
            Step::Breaking(by) => sim.breaking(*by as usize % n),
        }
        for c in &sim.clients {
            prop_assert!(c.replica.state.licences_in_use() <= LICENCES, "licence pool oversubscribed");
            prop_assert!(c.replica.state.active_owner_count() >= 1, "no active Owner");
        }
    }
    sim.settle();

    // A fresh replay of the shared log.
    let mut fresh = Replica::new(sim.genesis_state.clone(), sim.genesis.clone());
    let replay = fresh.integrate(&sim.log);
    for (i, c) in sim.clients.iter().enumerate() {
        prop_assert!(c.replica.pending.is_empty(), "client {i} still has changes to send");
        prop_assert_eq!(c.replica.head, sim.log.len() as u64);
        prop_assert!(c.replica.state == fresh.state, "client {i} differs from a fresh replay of the log");
    }
    prop_assert!(fresh.state.licences_in_use() <= LICENCES);
    prop_assert!(fresh.state.active_owner_count() >= 1);

    // Forged rows never take effect.
    for (row, verdict) in &replay.rows {
        if let Actor::Member(m) = row.envelope.actor {
            if m != mid(row.login[1..].parse::<u128>().unwrap_or(99)) {
                prop_assert!(matches!(verdict, Verdict::Skipped(_)), "a forged row was applied");
            }
        }
    }

    // None silently dropped: every own change is in the log, parked, or settled by its author.
    let in_log: HashSet<OpId> = sim.log.iter().map(|r| r.envelope.id).collect();
    for (i, c) in sim.clients.iter().enumerate() {
        let parked: HashSet<OpId> = c.replica.parked.iter().map(|p| p.envelope.id).collect();
        for id in &c.created {
            prop_assert!(
                in_log.contains(id) || parked.contains(id) || c.settled.contains(id),
                "client {i}'s change {id} vanished"
            );
        }
        for p in &c.replica.parked {
            if let ParkReason::Conflict { fields } = &p.reason {
                prop_assert!(!fields.is_empty());
            }
        }
    }

    // Never silently overwritten: a row changing a field that another desktop changed in
    // the log after this row's author last synced must not exist.
    let mut last: HashMap<(String, String, String), (u64, usize, serde_json::Value)> = HashMap::new();
    for (row, verdict) in &replay.rows {
        let Verdict::Applied(events) = verdict else { continue };
        let author = sim.base.get(&row.envelope.id).copied();
        for t in touches(events) {
            let key = (t.kind.to_owned(), t.id.clone(), t.field.clone());
            if let (Some((author, base)), Some((seq, by, value))) = (author, last.get(&key)) {
                prop_assert!(
                    !(*by != author && *seq > base && *value != t.after),
                    "row {} overwrote {:?} changed at {} by client {} after its author's base {}",
                    row.seq,
                    key,
                    seq,
                    by,
                    base
                );
            }
            if let Some((author, _)) = author {
                last.insert(key, (row.seq, author, t.after.clone()));
            } else {
                last.remove(&key);
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, ..ProptestConfig::default() })]

    #[test]
    fn desktops_converge_on_the_shared_log(n in 2usize..=5, steps in prop::collection::vec(step(), 1..40)) {
        run(n, &steps)?;
    }
}

#[test]
fn two_offline_edits_to_different_fields_merge_and_to_one_field_conflict() {
    let mut sim = Sim::new(2);
    sim.clients[0].online = false;
    sim.local(0, &Change::Toggle(0, 1)); // A ticks Leads · Delete on Shared 0
    sim.local(1, &Change::Rename(0, 7)); // B renames Shared 0
    sim.sync(1);
    sim.clients[0].online = true;
    sim.sync(0);
    sim.sync(1);
    for c in &sim.clients {
        let role = c.replica.state.role(rid(0)).unwrap();
        assert_eq!(role.name, "Name 7");
        assert!(role.permissions.contains(PERMS[1]), "A's permission survived B's rename");
        assert!(c.replica.parked.is_empty());
    }
    // Now both rename it, differently: whoever syncs second sees base / theirs / mine.
    sim.local(0, &Change::Rename(0, 1));
    sim.local(1, &Change::Rename(0, 2));
    sim.sync(0);
    sim.sync(1);
    let parked = &sim.clients[1].replica.parked;
    assert_eq!(parked.len(), 1);
    let ParkReason::Conflict { fields } = &parked[0].reason else { panic!("expected a conflict") };
    assert_eq!(fields[0].field, "name");
    assert_eq!(fields[0].base, "Name 7");
    assert_eq!(fields[0].theirs, "Name 1");
    assert_eq!(fields[0].mine, "Name 2");
    // Apply mine on top: re-checked as a new change, then everyone has it.
    sim.resolve(1, true);
    sim.settle();
    for c in &sim.clients {
        assert_eq!(c.replica.state.role(rid(0)).unwrap().name, "Name 2");
    }
}

#[test]
fn the_last_licence_taken_elsewhere_is_refused_and_kept() {
    let mut sim = Sim::new(2);
    sim.local(0, &Change::Give(0));
    sim.local(0, &Change::Give(1));
    sim.sync(0);
    sim.sync(1);
    sim.clients[1].online = false;
    sim.local(1, &Change::Revoke(0));
    sim.local(0, &Change::Give(2)); // A: licence freed? no — still two in use at A
    assert_eq!(sim.clients[0].created.len(), 2, "A cannot exceed the pool locally");
    sim.clients[1].online = true;
    sim.sync(1); // B frees one
    sim.sync(0);
    sim.local(0, &Change::Give(2)); // A takes it
    sim.clients[1].online = false;
    sim.local(1, &Change::Give(3)); // B, offline, takes the same one
    sim.sync(0);
    sim.clients[1].online = true;
    sim.sync(1);
    let parked = &sim.clients[1].replica.parked;
    assert_eq!(parked.len(), 1, "B's change is kept, marked");
    assert!(
        matches!(&parked[0].reason, ParkReason::Refused { error } if error.message.contains("licence")),
        "{parked:?}"
    );
    sim.settle();
    assert!(sim.clients.iter().all(|c| c.replica.state.licences_in_use() == LICENCES));
}

/// Found by the property test: A gives access to a contact and revokes it again while B,
/// who saw neither, gives it. B's change set the whole `access` object where A had
/// changed `access.enabled`: that is a conflict for B to decide, not a silent re-grant.
#[test]
fn giving_access_that_was_given_and_revoked_meanwhile_is_a_conflict() {
    let mut sim = Sim::new(2);
    sim.local(0, &Change::Give(0)); // creates the account's branch: later grants match
    sim.sync(0);
    sim.sync(1);
    sim.local(0, &Change::Give(4));
    sim.sync(0);
    sim.local(0, &Change::Revoke(4));
    sim.sync(0);
    sim.local(1, &Change::Give(4)); // B has not synced since before either
    sim.sync(1);
    let parked = &sim.clients[1].replica.parked;
    assert_eq!(parked.len(), 1, "B's grant waits for B: {parked:?}");
    let ParkReason::Conflict { fields } = &parked[0].reason else { panic!("expected a conflict") };
    assert!(fields.iter().any(|f| f.field == "access"), "{fields:?}");
    sim.settle();
    let access = sim.clients[0].replica.state.contact(cid(4)).unwrap().access.clone();
    assert!(!access.is_some_and(|a| a.enabled), "A's revoke stands");
}
