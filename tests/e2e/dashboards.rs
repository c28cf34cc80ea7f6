//! Dashboards published to portal roles in the real windows (RPT-3): the demo's
//! "Partner performance" (Advanced Partner Center) on the Dashboards screen; a new
//! dashboard composed and published to the Hardware Partner Center role; then previews:
//! Marcus (Hardware Partner Center) gets it with his own numbers, Lena (Standard Partner
//! Center) gets no dashboard at all, Tom (Advanced) gets "Partner performance" only.
//! Screenshots of each, checked by axe.

use crate::driver::{App, Res};
use fantoccini::Locator;

async fn preview_home(app: &mut App, user: &str, reason: &str, shot: &str) -> Res<Vec<String>> {
    let main = app.c.window().await?;
    app.choose("[data-testid=access-user]", user).await?;
    app.click("[data-testid=log-in-as-partner]").await?;
    app.type_into("[data-testid=preview-reason]", reason).await?;
    app.open_preview(&main).await?;
    app.wait("[data-testid=portal-home]").await?;
    // The Home's numbers come with its dashboards, in one answer from Rust.
    app.wait("[data-testid^=portal-count-]").await?;
    app.shot(shot).await?;
    let mut names = Vec::new();
    for d in app.c.find_all(Locator::Css("[data-testid=portal-dashboard] h3")).await? {
        names.push(d.text().await?);
    }
    app.click("[data-testid=portal-end]").await?;
    app.back_to_main_window(main).await?;
    Ok(names)
}

async fn scenario(app: &mut App) -> Res {
    app.click_away("[data-testid=open-demo]").await?;
    app.click("[data-testid=nav-dashboards]").await?;
    app.wait_for_text_containing(
        "[data-testid=dashboard-card][data-name='Partner performance']",
        "partner users see it",
    )
    .await?;
    app.shot("dashboards-demo").await?;

    app.click("[data-testid=dashboard-new]").await?;
    app.type_into("[data-testid=dashboard-name]", "Hardware pipeline").await?;
    app.click_text("label", "Activity this quarter, by week").await?;
    app.choose("[data-testid=dashboard-roles]", "Hardware Partner Center").await?;
    app.click("[data-testid=dashboard-name]").await?;
    app.shot("dashboards-compose").await?;
    app.click("[data-testid=dashboard-save]").await?;
    app.wait_for_text_containing("[data-testid=dashboard-card][data-name='Hardware pipeline']", "see it").await?;
    app.wait_gone("[data-testid=dashboard-editor]").await?;
    app.shot("dashboards-published").await?;

    app.click("[data-testid=nav-partners]").await?;
    app.click("[data-testid=partner-row][data-name='Contoso Networks'] [data-testid=partner-open]").await?;
    app.tab("access").await?;
    let marcus =
        preview_home(app, "Marcus Hale — marcus.hale@contoso.example", "Check the hardware Home", "dashboards-marcus")
            .await?;
    assert_eq!(marcus, ["Hardware pipeline"], "Hardware Partner Center gets the new dashboard only");
    let lena =
        preview_home(app, "Lena Vogel — lena.vogel@contoso.example", "Lena's Home has no dashboard", "dashboards-lena")
            .await?;
    assert!(lena.is_empty(), "Standard Partner Center gets no dashboard: {lena:?}");
    let tom = preview_home(app, "Tom Becker — tom.becker@contoso.example", "Tom's Home", "dashboards-tom").await?;
    assert_eq!(tom, ["Partner performance"]);
    Ok(())
}

#[tokio::test]
async fn publish_a_dashboard_and_see_it_only_in_that_roles_previews() {
    App::run("dashboards", |app| Box::pin(scenario(app))).await;
}
