//! A database of its own per test on the throwaway server `scripts/test.sh` starts
//! (`TRELLIS_TEST_PG`), managers' logins in `trellis_client`, and a small workspace.
#![allow(dead_code)]

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, PgPool};
use std::str::FromStr;
use trellis_core::sync::{Envelope, Genesis, Replica};
use trellis_core::*;
use trellis_sync::Remote;
use uuid::Uuid;

pub const T0: Millis = 1_764_000_000_000;

pub fn mid(n: u128) -> MemberId {
    MemberId(Uuid::from_u128(0x1000_0000_0000_7000_8000_0000_0000_0000 + n))
}
pub fn rid(n: u128) -> RoleId {
    RoleId(Uuid::from_u128(0x2000_0000_0000_7000_8000_0000_0000_0000 + n))
}
pub fn aid(n: u128) -> PartnerAccountId {
    PartnerAccountId(Uuid::from_u128(0x3000_0000_0000_7000_8000_0000_0000_0000 + n))
}
pub fn hid(n: u128) -> HierarchyRoleId {
    HierarchyRoleId(Uuid::from_u128(0x4000_0000_0000_7000_8000_0000_0000_0000 + n))
}
pub fn cid(n: u128) -> ContactId {
    ContactId(Uuid::from_u128(0x5000_0000_0000_7000_8000_0000_0000_0000 + n))
}

fn server_url() -> String {
    std::env::var("TRELLIS_TEST_PG")
        .expect("TRELLIS_TEST_PG is not set: run the tests through scripts/test.sh, which starts a PostgreSQL server")
}

/// One test's database, its superuser pool, and a suffix that keeps its logins apart.
pub struct TestDb {
    pub name: String,
    pub admin: PgPool,
    pub suffix: String,
}

impl TestDb {
    pub async fn new() -> TestDb {
        let suffix = Uuid::now_v7().simple().to_string()[20..].to_owned();
        let name = format!("trellis_{suffix}");
        let base = PgConnectOptions::from_str(&server_url()).unwrap().disable_statement_logging();
        let server = PgPoolOptions::new().max_connections(1).connect_with(base.clone()).await.unwrap();
        sqlx::query(&format!("CREATE DATABASE {name}")).execute(&server).await.unwrap();
        // Cluster-wide: tests racing to create it are fine.
        let _ = sqlx::query(
            "DO $$ BEGIN CREATE ROLE trellis_client NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$",
        )
        .execute(&server)
        .await;
        server.close().await;
        let admin = PgPoolOptions::new().max_connections(2).connect_with(base.database(&name)).await.unwrap();
        TestDb { name, admin, suffix }
    }

    /// The schema, installed by the database owner.
    pub async fn install(&self) -> Remote {
        let remote = Remote::from_pool(self.admin.clone(), "test");
        remote.install().await.expect("install schema");
        remote
    }

    /// A manager's own login (member of trellis_client), created on first use.
    pub fn login(&self, who: &str) -> String {
        format!("{who}_{}", self.suffix)
    }

    pub async fn connect_as(&self, who: &str) -> Remote {
        let login = self.login(who);
        let _ = sqlx::query(&format!("CREATE ROLE {login} LOGIN IN ROLE trellis_client")).execute(&self.admin).await;
        let o = PgConnectOptions::from_str(&server_url())
            .unwrap()
            .database(&self.name)
            .username(&login)
            .disable_statement_logging();
        let pool = PgPoolOptions::new().max_connections(2).connect_with(o).await.unwrap();
        Remote::from_pool(pool, &login)
    }
}

/// The published history: an Owner (client 0) and Admins (clients 1–3) each linked to
/// their login, a shared role, an enabled partner account with contacts, `licences`.
pub fn history(db: &TestDb, licences: u32) -> Vec<Envelope> {
    let owner = Actor::Member(mid(0));
    let mut ops: Vec<(Actor, Op)> = vec![(
        Actor::Bootstrap,
        Op::CreateWorkspace {
            name: "Acme Channel".into(),
            owner: mid(0),
            owner_name: "Olivia".into(),
            owner_email: "olivia@acme.test".into(),
            at: T0,
        },
    )];
    let members = (1..=3u128)
        .map(|n| ImportedMember {
            id: mid(n),
            email: format!("m{n}@acme.test"),
            name: format!("Manager {n}"),
            role: Some(Builtin::Admin.id()),
        })
        .collect();
    ops.push((owner, Op::ImportMembers { members, at: T0 }));
    for n in 0..=3u128 {
        ops.push((owner, Op::SetDatabaseLogin { member: mid(n), login: Some(db.login(&format!("u{n}"))) }));
    }
    ops.push((
        owner,
        Op::CreateRole {
            id: rid(0),
            name: "Shared".into(),
            description: String::new(),
            audience: Audience::Internal,
            group: None,
            permissions: PermissionSet::crud(&[Resource::Leads], &[Action::Read]),
            restriction: Default::default(),
            segments: Default::default(),
        },
    ));
    let features = PartnerFeatures { partner_access: true, advanced_partner_access: true, licences };
    ops.push((owner, Op::SetPartnerFeatures { features }));
    ops.push((owner, Op::CreateHierarchyRole { id: hid(1), name: "Channel".into(), parent: None }));
    ops.push((owner, Op::SetMemberHierarchyRole { member: mid(0), role: Some(hid(1)) }));
    ops.push((
        owner,
        Op::CreatePartnerAccount {
            id: aid(1),
            name: "Globex".into(),
            kind: AccountKind::Business,
            owner: mid(0),
            parent: None,
        },
    ));
    ops.push((owner, Op::EnablePartnerAccount { id: aid(1) }));
    for n in 0..4u128 {
        ops.push((
            owner,
            Op::CreateContact {
                id: cid(n),
                account: aid(1),
                name: format!("C {n}"),
                email: format!("c{n}@globex.test"),
            },
        ));
    }
    ops.into_iter()
        .map(|(actor, op)| Envelope { id: OpId(Uuid::now_v7()), actor, via: None, at: T0, group: None, op })
        .collect()
}

/// The state the history builds, for replicas to start from.
pub fn replay(history: &[Envelope]) -> State {
    let mut state = State::new();
    for e in history {
        apply_and_commit(&mut state, &e.actor, &e.op).expect("history applies");
    }
    state
}

pub fn give(state: &State, n: u128) -> Op {
    Op::GiveAccess {
        contact: cid(n),
        roles: partners::AccessRoles {
            portal_role: Builtin::StandardPartnerCenter.id(),
            agent_role: None,
            admin_role: None,
        },
        hierarchy_role: state.tree().branch(aid(1)).last().copied(),
        branch: [HierarchyRoleId::new_v7(), HierarchyRoleId::new_v7(), HierarchyRoleId::new_v7()],
        can_grant_subpartners: false,
        invitation: None,
    }
}

pub fn envelope(actor: Actor, op: Op) -> Envelope {
    Envelope { id: OpId(Uuid::now_v7()), actor, via: None, at: T0, group: None, op }
}

/// One desktop: a replica and its connection under its own login.
pub struct Desk {
    pub replica: Replica,
    pub remote: Remote,
    pub login: String,
    pub actor: Actor,
    pub ws: Uuid,
}

impl Desk {
    pub fn new(state: &State, genesis: &Genesis, remote: Remote, login: String, n: u128, ws: Uuid) -> Desk {
        Desk { replica: Replica::new(state.clone(), genesis.clone()), remote, login, actor: Actor::Member(mid(n)), ws }
    }

    /// Push then pull, as the app does: lock, take in what is new, send what is pending.
    pub async fn sync(&mut self) -> Result<(), trellis_sync::RemoteError> {
        let mut push = self.remote.push(self.ws).await?;
        let rows = push.fetch_all(self.replica.head).await?;
        self.replica.integrate(&rows);
        self.replica.prepare_push(&self.login);
        let out = self.replica.outgoing();
        if !out.is_empty() {
            push.append(&out).await?;
        }
        push.commit().await?;
        self.replica.acknowledge(out.len());
        Ok(())
    }

    pub fn local(&mut self, op: Op) -> RuleResult<bool> {
        let actor = self.actor;
        Ok(self.replica.local(envelope(actor, op))?.is_some())
    }
}
