//! Shared by the command-layer tests: a fresh workspace on a real SQLite file, signed in
//! as its Owner.
#![allow(dead_code)]

use trellis_commands::Trellis;
use trellis_core::wire::{AcceptInviteRequest, CreateWorkspaceRequest, InviteRequest, MemberRow};
use trellis_core::Builtin;

pub const OWNER_PW: &str = "a long owner passphrase";
pub const MEMBER_PW: &str = "members own passphrase";

pub async fn fresh() -> (tempfile::TempDir, Trellis) {
    let dir = tempfile::tempdir().unwrap();
    let t = Trellis::open(&dir.path().join("trellis.db")).await.unwrap();
    t.workspace_create(CreateWorkspaceRequest {
        workspace_name: "Acme Channel".into(),
        owner_name: "Olivia Owner".into(),
        owner_email: "olivia@acme.test".into(),
        password: OWNER_PW.into(),
    })
    .await
    .unwrap();
    (dir, t)
}

/// An active Viewer who accepted their invitation with `MEMBER_PW`.
pub async fn viewer_with_password(t: &Trellis, email: &str, name: &str) -> MemberRow {
    let role_id = Some(Builtin::Viewer.id().to_string());
    let row = t.member_invite(InviteRequest { email: email.into(), name: name.into(), role_id }).await.unwrap();
    let accept = AcceptInviteRequest { member_id: row.id.to_string(), name: String::new(), password: MEMBER_PW.into() };
    t.member_accept_invite(accept).await.unwrap();
    row
}
