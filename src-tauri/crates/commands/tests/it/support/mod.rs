//! Shared by the command-layer tests: a fresh workspace on a real SQLite file, signed in
//! as its Owner.
#![allow(dead_code)]

pub mod fault_proxy;
pub mod pg_cluster;
pub mod smtp;

use trellis_commands::Trellis;
use trellis_core::wire::{
    AcceptInviteRequest, ContactCreateRequest, CreateWorkspaceRequest, HierarchyRoleCreateRequest, InviteRequest,
    MemberHierarchyRequest, MemberRow, PartnerCreateRequest, PartnerRef,
};
use trellis_core::Builtin;

pub const OWNER_PW: &str = "a long owner passphrase";
pub const MEMBER_PW: &str = "members own passphrase";

pub async fn fresh() -> (tempfile::TempDir, Trellis) {
    let dir = tempfile::tempdir().unwrap();
    let t = fresh_in(dir.path()).await;
    (dir, t)
}

/// As `fresh`, in `dir` (its `trellis.db`).
pub async fn fresh_in(dir: &std::path::Path) -> Trellis {
    let t = Trellis::open(&dir.join("trellis.db")).await.unwrap();
    t.workspace_create(CreateWorkspaceRequest {
        workspace_name: "Acme Channel".into(),
        owner_name: "Olivia Owner".into(),
        owner_email: "olivia@acme.test".into(),
        password: OWNER_PW.into(),
    })
    .await
    .unwrap();
    t
}

/// An active Viewer who accepted their invitation with `MEMBER_PW`.
pub async fn viewer_with_password(t: &Trellis, email: &str, name: &str) -> MemberRow {
    let role_id = Some(Builtin::Viewer.id().to_string());
    let row = t.member_invite(InviteRequest { email: email.into(), name: name.into(), role_id }).await.unwrap();
    let accept =
        AcceptInviteRequest { code: row.code.as_str().into(), name: String::new(), password: MEMBER_PW.into() };
    t.member_accept_invite(accept).await.unwrap();
    row.member
}

/// Partner Access (and Advanced) with `licences`; the signed-in member placed at a new
/// "Channel Manager" position; the enabled business account Globex they own, with a
/// contact per `(name, email)`. Returns the account id and the contact ids, in order.
pub async fn globex(t: &Trellis, licences: u32, people: &[(&str, &str)]) -> (String, Vec<String>) {
    let me = t.session_info().await.me.unwrap().id.to_string();
    let features = trellis_core::PartnerFeatures { partner_access: true, advanced_partner_access: true, licences };
    t.settings_set_partner_features(features).await.unwrap();
    let rows = t
        .hierarchy_role_create(HierarchyRoleCreateRequest { name: "Channel Manager".into(), parent_id: None })
        .await
        .unwrap();
    let cm = rows.iter().find(|r| r.name == "Channel Manager").unwrap().id.to_string();
    t.member_set_hierarchy_role(MemberHierarchyRequest { member_id: me.clone(), hierarchy_role_id: Some(cm) })
        .await
        .unwrap();
    let account = PartnerCreateRequest {
        name: "Globex".into(),
        kind: trellis_core::AccountKind::Business,
        owner_id: me,
        parent_id: None,
    };
    let account = t.partner_create(account).await.unwrap().id.to_string();
    t.partner_enable(PartnerRef { account_id: account.clone() }).await.unwrap();
    let mut ids = Vec::new();
    for (name, email) in people {
        let req = ContactCreateRequest { account_id: account.clone(), name: (*name).into(), email: (*email).into() };
        let record = t.contact_create(req).await.unwrap();
        ids.push(record.contacts.iter().find(|c| c.email == *email).unwrap().id.to_string());
    }
    (account, ids)
}

/// A database of its own on the test server (`TRELLIS_TEST_PG`, started by
/// scripts/test.sh), and a manager login `who_…` in trellis_client. Returns the
/// superuser URL of that database and the login.
pub async fn sync_database(who: &str) -> (String, String) {
    use sqlx::postgres::PgPoolOptions;
    let url = std::env::var("TRELLIS_TEST_PG").expect("run the tests through scripts/test.sh (it starts PostgreSQL)");
    let name = format!("cmd_{}", &uuid::Uuid::now_v7().simple().to_string()[20..]);
    let server = PgPoolOptions::new().max_connections(1).connect(&url).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&server).await.unwrap();
    let _ = sqlx::query(
        "DO $$ BEGIN CREATE ROLE trellis_client NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$",
    )
    .execute(&server)
    .await;
    let login = format!("{who}_{}", &name[4..]);
    sqlx::query(&format!("CREATE ROLE {login} LOGIN IN ROLE trellis_client")).execute(&server).await.unwrap();
    (url.replace("/postgres?", &format!("/{name}?")), login)
}

/// Invites an Admin who accepts with `MEMBER_PW`; returns their id.
pub async fn t_invite_admin(t: &Trellis, email: &str) -> String {
    let role_id = Some(Builtin::Admin.id().to_string());
    let row = t.member_invite(InviteRequest { email: email.into(), name: String::new(), role_id }).await.unwrap();
    let accept =
        AcceptInviteRequest { code: row.code.as_str().into(), name: String::new(), password: MEMBER_PW.into() };
    t.member_accept_invite(accept).await.unwrap();
    row.member.id.to_string()
}

/// An internal role named `name` with `permissions` (keys), nothing else set.
pub fn internal_role(name: &str, permissions: &[&str]) -> trellis_core::wire::RoleCreateRequest {
    trellis_core::wire::RoleCreateRequest {
        name: name.into(),
        description: String::new(),
        audience: trellis_core::Audience::Internal,
        permissions: permissions.iter().map(|p| p.to_string()).collect(),
        group: None,
        restriction: None,
        segments: None,
    }
}

/// A cheap, seedable pseudo-random sequence (no extra crate): xorshift.
pub struct Dice(pub u64);
impl Dice {
    /// A number in `0..n` (0 when `n` is 0).
    pub fn next(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

/// The workspace at `db`, opened with its Owner signed in.
pub async fn owner_signed_in(db: &std::path::Path) -> Trellis {
    let t = Trellis::open(db).await.unwrap();
    let req = trellis_core::wire::SignInRequest {
        email: "olivia@acme.test".into(),
        password: OWNER_PW.into(),
        remember: false,
    };
    t.auth_sign_in(req).await.unwrap();
    t
}

/// Portal access with `portal` as the portal role, no agent or admin role, the account's
/// default hierarchy role and the default notification (PU-1).
pub fn give_access(contact: &str, portal: trellis_core::Builtin) -> trellis_core::wire::GiveAccessRequest {
    trellis_core::wire::GiveAccessRequest {
        contact_id: contact.into(),
        portal_role_id: portal.id().to_string(),
        agent_role_id: None,
        admin_role_id: None,
        hierarchy_role_id: None,
        can_grant_subpartners: false,
        delivery: trellis_core::wire::Delivery::Notification,
    }
}
