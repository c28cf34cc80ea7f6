//! The partner portal in a real browser (Debian's Chromium, headless), served by a real
//! portal server over a real PostgreSQL, next to the manager's desktop (PORT-1..6).
//! Screenshots in artifacts/e2e/portal/.
mod chrome;
#[path = "../../../../../tests/process_group.rs"]
#[allow(dead_code)]
mod process_group;
#[path = "../../../../../tests/settled.rs"]
mod settled;
#[path = "../../../commands/tests/it/support/smtp.rs"]
#[allow(dead_code)]
mod smtp;
#[path = "../http/support.rs"]
mod support;

use chrome::{Driver, Res};
use support::*;
use trellis_core::dashboards::TileKind;
use trellis_core::wire::{ContactRef, PreviewStartRequest};

fn ui_dist() -> std::path::PathBuf {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../ui/dist");
    assert!(dir.join("portal.html").exists(), "build the UI first (scripts/test.sh does: cd ui && npm run build)");
    dir
}

#[tokio::test]
async fn a_partner_team_uses_the_portal_while_the_manager_decides() -> Res {
    let smtp = smtp::SmtpServer::start();
    let w = World::new().await;
    let p = w.serve_with("p", ui_dist(), |c| c.mail_every = std::time::Duration::from_millis(200)).await;
    let url = format!("http://{}/", p.addr);
    // Email through a real SMTP server; the portal's address for the links; the portal
    // process sends.
    mail_on(&w, &smtp, &p).await;
    let driver = Driver::start().await?;

    // Nina is given access with the default notification; she opens its link.
    let nina = contact(&w.a, &w.globex, "Nina Berg", "nina@globex.test").await;
    let given =
        w.a.partner_give_access(trellis_core::wire::GiveAccessRequest {
            contact_id: nina.clone(),
            portal_role_id: trellis_core::Builtin::AdvancedPartnerCenter.id().to_string(),
            agent_role_id: None,
            admin_role_id: None,
            hierarchy_role_id: {
                let s = w.a.snapshot().await;
                s.branch_of(s.contact(cid(&nina)).unwrap().account).last().map(|h| h.id.to_string())
            },
            can_grant_subpartners: false,
            delivery: trellis_core::wire::Delivery::Notification,
        })
        .await?;
    let shown = given.invitation.and_then(|i| i.link).expect("a link to the portal, shown once");
    w.a.sync_now().await?;
    // MAIL: the portal delivers the access notification; Nina opens the link in it.
    let mail = smtp.wait_for(1).await;
    assert_eq!(mail[0].to, "nina@globex.test");
    let link =
        mail[0].text.lines().find(|l| l.contains("/accept#code=")).expect("a link in the mail").trim().to_owned();
    assert_eq!(link, shown, "the mailed link is the one the manager saw");
    assert!(link.starts_with(&format!("http://{}/accept#code=", p.addr)), "{link}");
    let nina_id = cid(&nina);
    p.until("Nina's invitation", |s| s.contact(nina_id).is_some_and(|c| c.invitation.is_some())).await;
    let nb = driver.browser("0-nina").await?;
    nb.c.goto(&link).await?;
    nb.wait("[data-testid=portal-accept]").await?;
    assert!(!nb.c.current_url().await?.as_str().contains("code="), "the code leaves the address bar");
    nb.shot("accept-invitation").await?;
    nb.fill("[data-testid=portal-accept-password]", "birch window eighty-one").await?;
    nb.fill("[data-testid=portal-accept-password-again]", "birch window eighty-one").await?;
    nb.click("[data-testid=portal-accept-submit]").await?;
    nb.wait("[data-testid=portal-home]").await?;
    nb.shot("signed-in-by-the-link").await?;
    // The link works once.
    let again = driver.browser("0-nina-again").await?;
    again.c.goto(&link).await?;
    again.wait("[data-testid=portal-accept-invalid]").await?;
    again.shot("link-used").await?;
    // SEC-6: "Forgot your password?" answers the same for every email.
    again.c.goto(&url).await?;
    again.click("[data-testid=portal-forgot-link]").await?;
    again.fill("[data-testid=portal-forgot-email]", "nina@globex.test").await?;
    again.click("[data-testid=portal-forgot-submit]").await?;
    let answer = again.wait_text("[data-testid=portal-forgot-answer]", |t| t.contains("If this email")).await?;
    assert!(answer.contains("within the hour"), "{answer}");
    again.shot("forgot-password").await?;
    let mail = smtp.wait_for(2).await;
    assert!(mail[1].to == "nina@globex.test" && mail[1].subject.contains("Reset"), "{:?}", mail[1]);

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
        // The Home first shows what it cached, then Rust's fresh answer: wait for the latter.
        let numbers = format!("{} yours · {} you may edit", c.own, c.writable);
        let visible = format!("\n{}\n", c.visible);
        let shown = lena.wait_text(&css, |t| t.contains(&visible) && t.contains(&numbers)).await;
        assert!(shown.is_ok(), "the Home never showed {c:?}: {shown:?}");
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

    // RPT-3: the manager publishes a changeable dashboard to Advanced Partner Center; it
    // reaches Tom's Home in his browser, counted over his access; he hides a tile, and the
    // desktop learns it by sync.
    let publish = trellis_core::wire::DashboardSaveRequest {
        dashboard_id: None,
        version: None,
        name: "Globex at a glance".into(),
        tiles: vec![TileKind::ActivitiesByType, TileKind::OpenOpportunities],
        role_ids: vec![trellis_core::Builtin::AdvancedPartnerCenter.id().to_string()],
        publish_to: Default::default(),
        locked: false,
    };
    let dashboard = w.a.dashboard_save(publish).await?.dashboards[0].id;
    w.a.sync_now().await?;
    p.until("the dashboard", |s| s.dashboard(dashboard).is_some()).await;
    tom.click("[data-testid=portal-nav-home]").await?;
    tom.wait_text("[data-testid=tile-open_opportunities]", |t| t.contains("Globex renewal 2027")).await?;
    tom.shot("dashboard-on-home").await?;
    tom.click("[aria-label='Hide Activities this quarter']").await?;
    tom.wait("[data-testid=portal-dashboard-show-all]").await?;
    tom.shot("dashboard-tile-hidden").await?;
    let tom_id = cid(&w.tom);
    desktop_sees(&w.a, "Tom's hidden tile", |s| {
        s.contact(tom_id)
            .is_some_and(|c| c.hidden_tiles.get(&dashboard).is_some_and(|h| h == &[TileKind::ActivitiesByType]))
    })
    .await;

    // Priya adds a colleague, who accepts the link she passes on.
    let priya = driver.browser("3-priya").await?;
    priya.c.goto(&url).await?;
    priya.sign_in("priya@globex.test", PRIYA_PW).await?;
    priya.click("[data-testid=portal-nav-users]").await?;
    priya.click("[data-testid=portal-user-add]").await?;
    priya.fill("[data-testid=portal-user-name]", "Sam Ortiz").await?;
    priya.fill("[data-testid=portal-user-email]", "sam@globex.test").await?;
    priya.click("[data-testid=portal-user-save]").await?;
    let sam_link = priya.wait_text("[data-testid=invitation-link]", |t| t.contains("/accept#code=")).await?;
    priya.shot("colleague-added").await?;
    let sam = driver.browser("4-sam").await?;
    sam.c.goto(sam_link.trim()).await?;
    sam.fill("[data-testid=portal-accept-password]", "orchid tractor fifty-five").await?;
    sam.fill("[data-testid=portal-accept-password-again]", "orchid tractor fifty-five").await?;
    sam.click("[data-testid=portal-accept-submit]").await?;
    sam.wait("[data-testid=portal-home]").await?;
    sam.shot("accepted").await?;
    desktop_sees(&w.a, "Sam, added in the portal", |s| {
        s.contacts().any(|c| c.email == "sam@globex.test" && c.has_access())
    })
    .await;

    // The manager requires a password change: Lena's next sign-in goes through it.
    w.a.partner_require_password_change(ContactRef { contact_id: w.lena.clone() }).await?;
    w.a.sync_now().await?;
    let id = cid(&w.lena);
    p.until_password(id, |flag| flag == Some(true)).await;
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
