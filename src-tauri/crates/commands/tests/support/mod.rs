//! Shared by the command-layer tests: a fresh workspace on a real SQLite file, signed in
//! as its Owner.
#![allow(dead_code)]

use trellis_commands::Trellis;
use trellis_core::wire::CreateWorkspaceRequest;

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
