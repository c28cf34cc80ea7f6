//! The demo workspace's partner programme in the window: the Role hierarchy with partner
//! branches (searched and expanded), an account record's tabs with the "what they see"
//! explainer (HIER-2, PU-8, ITEM-1), and the Items, Sharing rules and Permissions screens.
//! Partner admins adding colleagues (PC-4) happens in the portal preview (`preview.rs`).

use crate::driver::{App, Res};

async fn scenario(app: &mut App) -> Res {
    app.click_away("[data-testid=open-demo]").await?;
    app.click("[data-testid=nav-hierarchy]").await?;
    app.wait("[data-testid=hierarchy-node][data-name='Contoso Networks Partner Executive']").await?;
    app.shot("demo-hierarchy-collapsed").await?;
    app.type_into("[data-testid=hierarchy-search]", "contoso").await?;
    app.wait("[data-testid=hierarchy-node][data-name='Contoso Networks Partner User']").await?;
    app.wait_gone("[data-testid=hierarchy-node][data-name='Fabrikam Solutions Partner Executive']").await?;
    app.shot("demo-hierarchy-search").await?;

    app.click("[data-testid=nav-partners]").await?;
    app.wait_for_text("[data-testid=licence-usage]", "7 of 25 used").await?;
    app.shot("demo-partners").await?;
    app.click("[data-testid=partner-row][data-name='Contoso Networks'] [data-testid=partner-open]").await?;
    app.wait("[data-testid=owner-select]").await?;
    app.shot("demo-record-overview").await?;
    app.tab("people").await?;
    app.click("[data-testid=person-row][data-email='priya.raman@contoso.example'] [data-testid=person-sees]").await?;
    app.wait("[data-testid=visibility-report]").await?;
    app.shot("demo-what-priya-sees").await?;
    app.c.execute("document.querySelectorAll('.mantine-Modal-close').forEach((b) => b.click())", vec![]).await?;
    app.wait_gone("[data-testid=visibility-report]").await?;
    app.c.execute("document.querySelector('.mantine-Drawer-close')?.click()", vec![]).await?;

    app.click("[data-testid=nav-items]").await?;
    app.wait("[data-testid=item-row][data-name='Internal Lab Kit']").await?;
    app.shot("demo-items").await?;
    app.click("[data-testid=nav-sharing]").await?;
    app.wait("[data-testid=rule-row][data-name='EMEA leads for Fabrikam managers']").await?;
    app.shot("demo-sharing-rules").await?;

    Ok(())
}

#[tokio::test]
async fn the_demo_partner_programme_screen_by_screen() {
    App::run("demo", |app| Box::pin(scenario(app))).await;
}
