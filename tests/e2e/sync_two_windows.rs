//! SYNC-1..3 in two real windows: two desktops (two database files) on one PostgreSQL.
//! A goes offline and edits a role's matrix; B renames the same role and edits another;
//! A reconnects and the merge happens without asking. Then both rename the role while A
//! is offline: A sees the conflict (before / theirs / mine) and applies its own on top.

use crate::driver::{App, Res};
use crate::proxy::Cable;
use sqlx::postgres::PgPoolOptions;
use trellis_commands::sync::remote_request;
use trellis_commands::Trellis;
use trellis_core::wire::*;
use trellis_core::{Audience, Builtin};

const OWNER: &str = "olivia@acme.test";
const OWNER_PW: &str = "quiet harbour lanterns";
const BOB: &str = "bob@acme.test";
const BOB_PW: &str = "bobs own long passphrase";
const INDICATOR: &str = "[data-testid=sync-indicator] .mantine-Badge-label";

struct Server {
    url: String,
    port: u16,
    database: String,
    alice: String,
    bob: String,
}

/// A database owned by A's login (it installs the schema), and B's login in trellis_client.
async fn server() -> Server {
    let url = std::env::var("TRELLIS_TEST_PG").expect("run through scripts/test.sh (it starts PostgreSQL)");
    let port: u16 = url.split(':').nth(2).and_then(|p| p.split('/').next()).and_then(|p| p.parse().ok()).unwrap();
    let sfx = uuid::Uuid::now_v7().simple().to_string()[20..].to_owned();
    let (database, alice, bob) = (format!("e2e_{sfx}"), format!("alice_{sfx}"), format!("bob_{sfx}"));
    let pool = PgPoolOptions::new().max_connections(1).connect(&url).await.unwrap();
    // The group roles a DBA creates beforehand (A's login may not create roles): without
    // them, this test passed only after another test had made them in the same cluster.
    for group in ["trellis_client", "trellis_portal"] {
        let sql = format!(
            "DO $$ BEGIN CREATE ROLE {group} NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
        );
        let _ = sqlx::query(&sql).execute(&pool).await;
    }
    for sql in [
        format!("CREATE ROLE {alice} LOGIN"),
        format!("CREATE ROLE {bob} LOGIN IN ROLE trellis_client"),
        format!("CREATE DATABASE {database} OWNER {alice}"),
    ] {
        sqlx::query(&sql).execute(&pool).await.unwrap();
    }
    Server { url, port, database, alice, bob }
}

async fn role(t: &Trellis, name: &str, perms: &[&str]) {
    let req = RoleCreateRequest {
        name: name.into(),
        description: String::new(),
        audience: Audience::Internal,
        permissions: perms.iter().map(|p| p.to_string()).collect(),
        group: None,
        restriction: None,
        segments: None,
    };
    t.role_create(req).await.unwrap();
}

/// A's workspace, published through the cable; B joined from a fresh install.
async fn desktops(s: &Server, cable: &Cable) -> (tempfile::TempDir, tempfile::TempDir) {
    let (a_dir, b_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let a = Trellis::open(&a_dir.path().join("trellis.db")).await.unwrap();
    a.workspace_create(CreateWorkspaceRequest {
        workspace_name: "Acme Channel".into(),
        owner_name: "Olivia Owner".into(),
        owner_email: OWNER.into(),
        password: OWNER_PW.into(),
    })
    .await
    .unwrap();
    role(&a, "Deal Desk", &["leads.read"]).await;
    role(&a, "Field Sales", &["leads.read"]).await;
    let bob = a
        .member_invite(InviteRequest {
            email: BOB.into(),
            name: "Bob Builder".into(),
            role_id: Some(Builtin::Admin.id().to_string()),
        })
        .await
        .unwrap();
    a.member_accept_invite(AcceptInviteRequest {
        code: bob.code.as_str().into(),
        name: String::new(),
        password: BOB_PW.into(),
    })
    .await
    .unwrap();
    a.member_set_db_login(MemberLoginRequest { member_id: bob.member.id.to_string(), login: Some(s.bob.clone()) })
        .await
        .unwrap();
    let a_url = format!("postgres://{}@127.0.0.1:{}/{}?sslmode=disable", s.alice, cable.port, s.database);
    a.sync_connect(remote_request(&a_url, "unused".into()).unwrap()).await.unwrap();
    a.sync_publish().await.unwrap();
    let b_url = s.url.replace("postgres@", &format!("{}@", s.bob)).replace("/postgres?", &format!("/{}?", s.database));
    let join = RemoteJoinRequest { remote: remote_request(&b_url, "unused".into()).unwrap(), workspace: None };
    Trellis::sync_join(&b_dir.path().join("trellis.db"), join).await.unwrap();
    (a_dir, b_dir)
}

async fn sign_in(app: &App, email: &str, password: &str) -> Res {
    app.type_into("[data-testid=sign-in-email]", email).await?;
    app.type_into("[data-testid=sign-in-password]", password).await?;
    app.click("[data-testid=sign-in-submit]").await?;
    app.wait("[data-testid=nav-permissions]").await.map(drop)
}

/// Admin › Permissions, freshly loaded.
async fn permissions(app: &App) -> Res {
    app.click("[data-testid=nav-users]").await?;
    app.click("[data-testid=nav-permissions]").await?;
    app.wait("[data-role='Field Sales']").await.map(drop)
}

async fn edit_role(app: &App, role: &str, name: Option<&str>, perms: &[(&str, bool)]) -> Res {
    app.menu(&format!("[data-role='{role}']"), "Edit").await?;
    if let Some(name) = name {
        app.type_into("[data-testid=role-name]", name).await?;
    }
    for (perm, on) in perms {
        app.set_checked(&format!("input[data-perm='{perm}']"), *on).await?;
    }
    // A click that lands while the dialog is still settling can be swallowed: click
    // again until the editor closes (a closed editor has no button left to click twice).
    close_until_gone(app, "//button[@data-testid='role-save']").await
}

async fn has_permission(app: &App, role: &str, perm: &str) -> Res<bool> {
    app.menu(&format!("[data-role='{role}']"), "View permissions").await?;
    let el = app.wait(&format!("input[data-perm='{perm}']")).await?;
    let on = el.prop("checked").await?.as_deref() == Some("true");
    close_until_gone(app, "//button[normalize-space()='Close']").await?;
    Ok(on)
}

/// Clicks the dialog button `xpath` until the permission matrix is gone (a click during
/// the dialog's animation can be swallowed).
async fn close_until_gone(app: &App, xpath: &str) -> Res {
    for _ in 0..5 {
        if let Ok(button) = app.c.find(fantoccini::Locator::XPath(xpath)).await {
            let _ = button.click().await;
        }
        for _ in 0..30 {
            if app.c.find(fantoccini::Locator::Css("[data-testid=permission-matrix]")).await.is_err() {
                return Ok(());
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }
    Err(format!("the dialog never closed after clicking {xpath}").into())
}

#[tokio::test]
async fn two_desktops_merge_offline_edits_and_settle_a_conflict() {
    let s = server().await;
    let cable = Cable::to(s.port).await;
    let (a_dir, b_dir) = desktops(&s, &cable).await;
    let (a_db, b_db) = (a_dir.path().join("trellis.db"), b_dir.path().join("trellis.db"));
    let poll = [("TRELLIS_SYNC_POLL_MS", "700")];
    let mut a = App::start_on("sync-a", a_dir, a_db, &poll).await.expect("A starts");
    let mut b = App::start_on("sync-b", b_dir, b_db, &poll).await.expect("B starts");
    let mut result = scenario(&mut a, &mut b, &cable).await.map_err(|e| e.to_string());
    if let Err(why) = &mut result {
        for (name, app) in [("A", &mut a), ("B", &mut b)] {
            if let Some(gone) = app.after_failure().await {
                why.push_str(&format!("\n{name}: {gone}"));
            }
        }
    }
    let verdicts = [a.axe_verdict(), b.axe_verdict()];
    a.close().await;
    b.close().await;
    if let Err(e) = result {
        panic!("end-to-end sync scenario failed: {e}");
    }
    for v in verdicts {
        if let Err(found) = v {
            panic!("serious or critical accessibility violations:\n{found}");
        }
    }
}

async fn scenario(a: &mut App, b: &mut App, cable: &Cable) -> Res {
    sign_in(a, OWNER, OWNER_PW).await?;
    sign_in(b, BOB, BOB_PW).await?; // Bob's password travelled as a hash only
    a.wait_for_text(INDICATOR, "Synced").await?;
    b.wait_for_text(INDICATOR, "Synced").await?;
    a.click("[data-testid=nav-security]").await?;
    a.wait("[data-testid=remote-following]").await?;
    a.shot("settings-remote-database").await?;
    permissions(b).await?;
    b.shot("joined-and-signed-in").await?;

    // A goes offline and ticks Leads · Update on Deal Desk.
    cable.unplug();
    permissions(a).await?;
    edit_role(a, "Deal Desk", None, &[("leads.update", true)]).await?;
    a.wait_for_text_containing(INDICATOR, "1 to send").await?;
    a.wait_for_text_containing(INDICATOR, "offline since").await?;
    a.shot("offline-edit-waits").await?;

    // B renames Deal Desk and edits Field Sales; both reach the server.
    edit_role(b, "Deal Desk", Some("Deal Room"), &[]).await?;
    edit_role(b, "Field Sales", None, &[("leads.delete", true)]).await?;
    b.wait_for_text(INDICATOR, "Synced").await?;
    b.shot("other-desktop-edits").await?;

    // A reconnects: merged without asking.
    cable.plug();
    a.wait_for_text(INDICATOR, "Synced").await?;
    permissions(a).await?;
    assert!(has_permission(a, "Deal Room", "leads.update").await?, "A's permission survived B's rename");
    assert!(has_permission(a, "Field Sales", "leads.delete").await?, "B's other edit arrived");
    a.shot("merged-on-a").await?;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        permissions(b).await?;
        if has_permission(b, "Deal Room", "leads.update").await? {
            break;
        }
        if std::time::Instant::now() > deadline {
            return Err("A's change never reached B".into());
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    b.shot("merged-on-b").await?;

    // Both rename the role; A, offline, is second: it sees the conflict.
    cable.unplug();
    edit_role(a, "Deal Room", Some("Deal Desk EMEA"), &[]).await?;
    permissions(b).await?;
    edit_role(b, "Deal Room", Some("Deal Desk APAC"), &[]).await?;
    b.wait_for_text(INDICATOR, "Synced").await?;
    permissions(b).await?;
    cable.plug();
    a.wait_for_text_containing(INDICATOR, "1 conflict").await?;
    a.shot("conflict-indicator").await?;
    a.click("[data-testid=sync-indicator]").await?;
    a.wait("[data-testid=sync-conflict]").await?;
    a.wait_xpath("//*[@data-testid='sync-conflict']//td[normalize-space()='Deal Desk APAC']").await?;
    a.wait_xpath("//*[@data-testid='sync-conflict']//td[normalize-space()='Deal Desk EMEA']").await?;
    a.shot("conflict-base-theirs-mine").await?;
    a.click("[data-testid=keep-mine]").await?;
    a.wait_gone("[data-testid=sync-conflict]").await?;
    a.wait_for_text(INDICATOR, "Synced").await?;
    a.shot("conflict-resolved").await?;
    // B, on the Permissions screen all along, refreshes by itself when it arrives.
    b.wait("[data-role='Deal Desk EMEA']").await?;
    b.shot("resolution-on-b").await?;
    Ok(())
}
