//! PREV-1..5 in the real windows: from Contoso's Access tab a manager opens the portal as
//! three partner users with different roles — a plain partner user, the Partner Executive,
//! and the Global admin who may grant subpartners — each in a preview window of its own.
//! Three different portals; a record edited as Tom; a colleague added as Priya; and the
//! audit log shows each start with its reason, the edits as whom, and each end.

use crate::driver::{App, Res};
use std::time::{Duration, Instant};

/// Opens the preview for `user` from the Access tab and switches WebDriver to its window.
async fn open_preview(
    app: &mut App,
    user: &str,
    reason: &str,
) -> Res<(fantoccini::wd::WindowHandle, fantoccini::wd::WindowHandle)> {
    let main = app.c.window().await?;
    app.choose("[data-testid=access-user]", user).await?;
    app.click("[data-testid=log-in-as-partner]").await?;
    app.type_into("[data-testid=preview-reason]", reason).await?;
    let preview = app.open_preview(&main).await?;
    app.wait("[data-testid=portal-banner]").await?;
    Ok((main, preview))
}

/// "End preview" in the portal; back to the main window once the preview's is gone.
async fn end_preview(app: &mut App, main: fantoccini::wd::WindowHandle) -> Res {
    app.click("[data-testid=portal-end]").await?;
    app.back_to_main_window(main).await?;
    Ok(())
}

async fn scenario(app: &mut App) -> Res {
    app.click_away("[data-testid=open-demo]").await?;
    app.click("[data-testid=nav-partners]").await?;
    app.click("[data-testid=partner-row][data-name='Contoso Networks'] [data-testid=partner-open]").await?;
    app.tab("access").await?;

    // Lena: Standard Partner Center and Help desk agent — no records of her own kind to
    // create, no Users page.
    let (main, _) =
        open_preview(app, "Lena Vogel — lena.vogel@contoso.example", "Ticket 101: Lena cannot find the Users page")
            .await?;
    app.wait("[data-testid=portal-home]").await?;
    app.wait_for_text_containing("[data-testid=portal-banner]", "viewing the portal as Lena Vogel (Contoso Networks)")
        .await?;
    app.shot("lena-home").await?;
    assert!(app.c.find_all(fantoccini::Locator::Css("[data-testid=portal-nav-users]")).await?.is_empty());
    app.click("[data-testid=portal-nav-access]").await?;
    app.wait("[data-testid=portal-access]").await?;
    app.shot("lena-my-access").await?;
    end_preview(app, main.clone()).await?;

    // Tom: the Partner Executive — sees his branch's opportunities and edits one.
    open_preview(app, "Tom Becker — tom.becker@contoso.example", "Ticket 102: check Tom's pipeline").await?;
    app.wait("[data-testid=portal-home]").await?;
    app.shot("tom-home").await?;

    app.click("[data-testid=portal-nav-opportunity]").await?;
    app.wait("[data-testid=portal-record-row]").await?;
    app.shot("tom-opportunities").await?;
    app.click("[data-testid=portal-record-edit]").await?;
    app.type_into("[data-testid=portal-record-name]", "Core switch refresh — phase 2").await?;
    app.click("[data-testid=portal-record-save]").await?;
    app.wait_xpath("//td[text()='Core switch refresh — phase 2']").await?;
    app.shot("tom-edited").await?;
    end_preview(app, main.clone()).await?;

    // Priya: Contoso's Global admin — the Users page; adds a colleague.
    open_preview(app, "Priya Raman — priya.raman@contoso.example", "Ticket 103: onboard Omar for Priya").await?;
    app.wait("[data-testid=portal-nav-users]").await?;
    app.shot("priya-home").await?;
    app.click("[data-testid=portal-nav-users]").await?;
    app.wait("[data-testid=portal-user-row]").await?;
    app.click("[data-testid=portal-user-add]").await?;
    app.type_into("[data-testid=portal-user-name]", "Omar Diaz").await?;
    app.type_into("[data-testid=portal-user-email]", "not-an-email").await?;
    app.click("[data-testid=portal-user-save]").await?;
    app.wait_xpath("//*[contains(text(), 'email') and contains(@class, 'error')]").await?;
    app.shot("priya-add-refused").await?;
    app.type_into("[data-testid=portal-user-email]", "omar.diaz@contoso.example").await?;
    app.click("[data-testid=portal-user-save]").await?;
    // PORT-1: Omar gets a one-time link to set his own password, shown once.
    app.wait("[data-testid=portal-user-created] [data-testid=invitation-link]").await?;
    app.shot("priya-added-omar").await?;

    // The main window says a preview is open, with its reason, and ends it.
    app.c.switch_to_window(main).await?;
    app.c.execute("document.querySelector('.mantine-Drawer-close')?.click()", vec![]).await?;
    app.wait_for_text_containing("[data-testid=open-previews]", "1 preview open").await?;
    app.click("[data-testid=open-previews]").await?;
    app.wait_xpath("//*[contains(text(), 'Ticket 103')]").await?;
    app.shot("main-open-previews").await?;
    app.click_text("button", "End").await?;
    app.wait_gone("[data-testid=open-previews]").await?;
    let deadline = Instant::now() + Duration::from_secs(20);
    while app.c.windows().await?.len() > 1 {
        if Instant::now() > deadline {
            return Err("ending from the main window did not close the preview".into());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    app.click("[data-testid=nav-audit]").await?;
    app.wait_xpath("//*[contains(text(), 'preview.end')]").await?;
    app.shot("audit-log").await?;

    let store = trellis_store::Store::open(&app.db).await?;
    let entries = store.journal(0, 40).await?;
    let starts: Vec<_> = entries.iter().filter(|e| e.action == "preview.start").collect();
    let ends: Vec<_> = entries.iter().filter(|e| e.action == "preview.end").collect();
    assert_eq!((starts.len(), ends.len()), (3, 3), "every preview's start and end are audited");
    let reasons = serde_json::to_string(&starts.iter().map(|e| &e.changes).collect::<Vec<_>>())?;
    let how = serde_json::to_string(&ends.iter().map(|e| &e.changes).collect::<Vec<_>>())?;
    assert_eq!(how.matches("ended by the manager").count(), 3, "{how}");
    for reason in ["Ticket 101", "Ticket 102", "Ticket 103"] {
        assert!(reasons.contains(reason), "{reason} in {reasons}");
    }
    let edit = entries.iter().find(|e| e.action == "record.update").expect("Tom's edit is journalled");
    assert!(
        edit.actor_label.contains("as partner") && edit.actor_label.contains("tom.becker@contoso.example"),
        "{}",
        edit.actor_label
    );
    let added =
        entries.iter().find(|e| e.action == "partner_user.add_by_partner").expect("Omar's addition is journalled");
    assert!(added.actor_label.contains("priya.raman@contoso.example"), "{}", added.actor_label);
    let state = store.load().await?;
    assert!(state.contact_by_email("omar.diaz@contoso.example").is_some_and(|c| c.has_access()));
    store.close().await;
    Ok(())
}

#[tokio::test]
async fn three_partner_users_three_portals_every_step_audited() {
    App::run("preview", |app| Box::pin(scenario(app))).await;
}
