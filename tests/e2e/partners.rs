//! WS-2, WS-3, PA-1, PU-1, HIER-1 through the window: a partner account cannot be enabled
//! until Partner Access is on and its owner holds a hierarchy position; then it can, and
//! giving its first contact access creates its partner roles and uses a licence.

use crate::driver::{App, Res};

const OWNER_PW: &str = "quiet harbour lanterns";

async fn scenario(app: &mut App) -> Res {
    app.wait("[data-testid=ws-name]").await?;
    app.type_into("[data-testid=ws-name]", "Acme Channel").await?;
    app.type_into("[data-testid=owner-name]", "Olivia Owner").await?;
    app.type_into("[data-testid=owner-email]", "olivia@acme.test").await?;
    app.type_into("[data-testid=password]", OWNER_PW).await?;
    app.type_into("[data-testid=password-confirm]", OWNER_PW).await?;
    app.click("[data-testid=create-workspace]").await?;

    // A new business account, not yet enabled.
    app.click("[data-testid=nav-partners]").await?;
    app.click("[data-testid=partner-new]").await?;
    app.type_into("[data-testid=partner-name]", "Globex").await?;
    app.click("[data-testid=partner-create]").await?;
    app.wait("[data-testid=partner-row][data-name='Globex']").await?;
    app.wait_gone(".mantine-Drawer-content").await?;
    // PA-1: refused while Partner Access is off, with the reason.
    app.menu("[data-testid=partner-row][data-name='Globex']", "Enable as partner").await?;
    app.wait_xpath("//*[contains(text(), 'Partner Access is off')]").await?;
    app.shot("partner-refused-feature-off").await?;

    // Settings › Partner features: on, with 25 licences.
    app.click("[data-testid=nav-security]").await?;
    app.set_checked("[data-testid=feature-partner-access]", true).await?;
    app.type_into("[data-testid=feature-licences]", "25").await?;
    app.click("[data-testid=features-save]").await?;
    app.wait_xpath("//*[contains(text(), 'Partner features saved')]").await?;
    app.shot("settings-partner-features").await?;

    // Still refused: the owner holds no hierarchy role.
    app.click("[data-testid=nav-partners]").await?;
    app.menu("[data-testid=partner-row][data-name='Globex']", "Enable as partner").await?;
    app.wait_xpath("//*[contains(text(), 'holds no hierarchy role')]").await?;

    // Role hierarchy: add a position and place the owner in it.
    app.click("[data-testid=nav-hierarchy]").await?;
    app.type_into("[data-testid=hierarchy-name]", "Channel Manager").await?;
    app.click("[data-testid=hierarchy-add]").await?;
    app.wait("[data-testid=hierarchy-node][data-name='Channel Manager']").await?;
    app.choose("[data-testid=hierarchy-member]", "Olivia Owner").await?;
    app.choose("[data-testid=hierarchy-position]", "Channel Manager").await?;
    app.click("[data-testid=hierarchy-place]").await?;
    app.wait_xpath("//*[contains(text(), 'Olivia Owner placed')]").await?;
    app.shot("role-hierarchy").await?;

    // Now every prerequisite holds: enabled.
    app.click("[data-testid=nav-partners]").await?;
    app.menu("[data-testid=partner-row][data-name='Globex']", "Enable as partner").await?;
    app.wait_for_text("[data-testid=partner-row][data-name='Globex'] [data-testid=partner-status]", "Enabled").await?;
    app.wait_for_text("[data-testid=licence-usage]", "0 of 25 used").await?;
    app.shot("partner-enabled").await?;

    // PU-1 + HIER-1: the first partner user creates the account's branch; a licence is used.
    app.menu("[data-testid=partner-row][data-name='Globex']", "Contacts & users…").await?;
    app.type_into("[data-testid=contact-name]", "Ann Lee").await?;
    app.type_into("[data-testid=contact-email]", "ann@globex.test").await?;
    app.click("[data-testid=contact-add]").await?;
    app.click("[data-testid=person-row][data-email='ann@globex.test'] [data-testid=give-access-open]").await?;
    app.wait("[data-testid=give-access-form]").await?;
    app.shot("give-access").await?;
    app.click("[data-testid=give-access-submit]").await?;
    app.wait_for_text(
        "[data-testid=person-row][data-email='ann@globex.test'] [data-testid=person-access]",
        "Has access",
    )
    .await?;
    app.wait_for_text(
        "[data-testid=person-row][data-email='ann@globex.test'] [data-testid=person-hierarchy]",
        "Globex Partner User",
    )
    .await?;
    app.shot("partner-user-with-access").await?;
    app.c.execute("document.querySelector('.mantine-Drawer-close')?.click()", vec![]).await?;
    app.wait_for_text("[data-testid=licence-usage]", "1 of 25 used").await?;
    app.shot("licence-bar-moved").await?;

    let store = trellis_store::Store::open(&app.db).await?;
    let state = store.load().await?;
    assert!(state.accounts().any(|a| a.name == "Globex" && a.enabled));
    assert_eq!(state.licences_in_use(), 1);
    let globex = state.account_by_name("Globex").unwrap().id;
    assert_eq!(state.branch_of(globex).len(), 3, "HIER-1 created the three partner roles");
    assert_eq!(state.workspace().unwrap().partner_features.licences, 25);
    store.close().await;
    Ok(())
}

#[tokio::test]
async fn enable_a_partner_account_once_its_prerequisites_hold() {
    App::run("partners", |app| Box::pin(scenario(app))).await;
}
