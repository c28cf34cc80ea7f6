//! The partner portal in a real browser (Debian's Chromium, headless), served by a real
//! portal server over a real PostgreSQL, next to the manager's desktop (PORT-1..6).
//! Screenshots in artifacts/e2e/portal/.
mod chrome;
#[path = "../http/support.rs"]
mod support;

use chrome::{Driver, Res};
use std::time::{Duration, Instant};
use support::*;
use trellis_commands::Trellis;
use trellis_core::wire::{ContactRef, PreviewStartRequest};

fn ui_dist() -> std::path::PathBuf {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../ui/dist");
    assert!(dir.join("portal.html").exists(), "build the UI first (scripts/test.sh does: cd ui && npm run build)");
    dir
}

/// Syncs the desktop until `fact` holds (the portal pushes partners' changes at once).
async fn desktop_sees(t: &Trellis, what: &str, fact: impl Fn(&trellis_core::State) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        t.sync_now().await.unwrap();
        if fact(&t.snapshot().await) {
            return;
        }
        assert!(Instant::now() < deadline, "the desktop never saw: {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_partner_team_uses_the_portal_while_the_manager_decides() -> Res {
    let w = World::new().await;
    let p = w.serve_ui("p", ui_dist()).await;
    let url = format!("http://{}/", p.addr);
    let driver = Driver::start().await?;

    // Lena signs in and sees what the manager's preview of her shows.
    let lena = driver.browser("1-lena").await?;
    lena.c.goto(&url).await?;
    lena.wait("[data-testid=portal-sign-in]").await?;
    lena.shot("sign-in").await?;
    lena.sign_in("lena@globex.test", "not her password at all").await?;
    lena.wait("[data-testid=portal-sign-in-error]").await?;
    lena.sign_in("lena@globex.test", LENA_PW).await?;
    lena.wait("[data-testid=portal-home]").await?;
    lena.click("[data-testid=portal-nav-lead]").await?;
    lena.click("[data-testid=portal-record-new]").await?;
    lena.fill("[data-testid=portal-record-name]", "Lena's first lead").await?;
    lena.click("[data-testid=portal-record-save]").await?;
    lena.wait_text("[data-testid=portal-records-lead]", |t| t.contains("Lena's first lead")).await?;
    desktop_sees(&w.a, "Lena's lead", |s| s.records().any(|r| r.name == "Lena's first lead")).await;
    let preview =
        w.a.preview_start(PreviewStartRequest {
            contact_id: w.lena.clone(),
            reason: "Compare with the portal".into(),
            minutes: None,
            draft_id: None,
        })
        .await?;
    let (session, home) = (w.a.portal_session(&preview.label).await?, w.a.portal_home(&preview.label).await?);
    lena.click("[data-testid=portal-nav-home]").await?;
    for c in &home.counts {
        let css = format!("[data-testid=portal-count-{}]", serde_json::to_value(c.kind)?.as_str().unwrap_or(""));
        let shown = lena.wait_text(&css, |t| t.contains(" yours")).await?;
        let numbers = format!("{} yours · {} you may edit", c.own, c.writable);
        assert!(shown.contains(&format!("\n{}\n", c.visible)) && shown.contains(&numbers), "{shown:?} vs {c:?}");
    }
    assert_eq!(home.counts.iter().find(|c| c.kind == trellis_core::RecordKind::Lead).map(|c| c.visible), Some(1));
    let mut sections = vec!["portal-nav-home".to_owned()];
    sections.extend(
        session.kinds.iter().map(|k| format!("portal-nav-{}", serde_json::to_value(k.kind).unwrap().as_str().unwrap())),
    );
    if session.items {
        sections.push("portal-nav-items".into());
    }
    if session.users {
        sections.push("portal-nav-users".into());
    }
    sections.push("portal-nav-access".into());
    assert_eq!(lena.testids("[data-testid^=portal-nav-]").await?, sections, "the same sections as the preview");
    lena.shot("home-as-the-preview-shows").await?;

    // Tom edits an opportunity; the manager's desktop sees it after sync.
    let tom = driver.browser("2-tom").await?;
    tom.c.goto(&url).await?;
    tom.sign_in("tom@globex.test", TOM_PW).await?;
    tom.click("[data-testid=portal-nav-opportunity]").await?;
    tom.click("[data-testid=portal-record-new]").await?;
    tom.fill("[data-testid=portal-record-name]", "Globex renewal").await?;
    tom.click("[data-testid=portal-record-save]").await?;
    tom.click("[data-testid=portal-record-edit]").await?;
    tom.fill("[data-testid=portal-record-name]", "Globex renewal 2027").await?;
    tom.click("[data-testid=portal-record-save]").await?;
    tom.wait_text("[data-testid=portal-records-opportunity]", |t| t.contains("Globex renewal 2027")).await?;
    tom.shot("opportunity-edited").await?;
    desktop_sees(&w.a, "Tom's edit", |s| s.records().any(|r| r.name == "Globex renewal 2027")).await;

    // Priya adds a colleague, who signs in with the temporary password and must change it.
    let priya = driver.browser("3-priya").await?;
    priya.c.goto(&url).await?;
    priya.sign_in("priya@globex.test", PRIYA_PW).await?;
    priya.click("[data-testid=portal-nav-users]").await?;
    priya.click("[data-testid=portal-user-add]").await?;
    priya.fill("[data-testid=portal-user-name]", "Sam Ortiz").await?;
    priya.fill("[data-testid=portal-user-email]", "sam@globex.test").await?;
    priya.click("[data-testid=portal-user-save]").await?;
    let temporary = priya.wait_text("[data-testid=temporary-password]", |t| t.len() >= 12).await?;
    priya.shot("colleague-added").await?;
    let sam = driver.browser("4-sam").await?;
    sam.c.goto(&url).await?;
    sam.sign_in("sam@globex.test", &temporary).await?;
    sam.wait("[data-testid=portal-change-password]").await?;
    sam.shot("must-change-first").await?;
    sam.fill("[data-testid=portal-current-password]", &temporary).await?;
    sam.fill("[data-testid=portal-new-password]", "orchid tractor fifty-five").await?;
    sam.fill("[data-testid=portal-new-password-again]", "orchid tractor fifty-five").await?;
    sam.click("[data-testid=portal-change-password-submit]").await?;
    sam.wait("[data-testid=portal-home]").await?;
    desktop_sees(&w.a, "Sam, added in the portal", |s| {
        s.contacts().any(|c| c.email == "sam@globex.test" && c.has_access())
    })
    .await;

    // The manager requires a password change: Lena's next sign-in goes through it.
    w.a.partner_require_password_change(ContactRef { contact_id: w.lena.clone() }).await?;
    w.a.sync_now().await?;
    let id = cid(&w.lena);
    let deadline = Instant::now() + Duration::from_secs(60);
    while p.trellis.store().partner_credential(id).await? != Some(true) {
        assert!(Instant::now() < deadline, "the portal never got the flag");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    lena.click("[data-testid=portal-user-menu]").await?;
    lena.click("[data-testid=portal-menu-sign-out]").await?;
    lena.sign_in("lena@globex.test", LENA_PW).await?;
    lena.wait("[data-testid=portal-change-password]").await?;
    lena.shot("required-change").await?;
    lena.fill("[data-testid=portal-current-password]", LENA_PW).await?;
    lena.fill("[data-testid=portal-new-password]", "marble orchard seventy").await?;
    lena.fill("[data-testid=portal-new-password-again]", "marble orchard seventy").await?;
    lena.click("[data-testid=portal-change-password-submit]").await?;
    lena.wait("[data-testid=portal-home]").await?;

    // The manager revokes Lena: her next click lands on the access-removed page.
    w.a.partner_revoke_access(ContactRef { contact_id: w.lena.clone() }).await?;
    w.a.sync_now().await?;
    p.until("Lena revoked", |s| s.contact(id).is_some_and(|c| !c.has_access())).await;
    lena.click("[data-testid=portal-nav-access]").await?;
    lena.wait("[data-testid=portal-access-removed]").await?;
    lena.shot("access-removed").await?;
    Ok(())
}
