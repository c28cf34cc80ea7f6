//! Reports › Partner activity in the real window (RPT-1): the demo's year of activity as
//! a summary with its chart (loaded on demand) and the same numbers as a table, a type
//! filter applied by Rust, the CSV export, the detail with its search, and an activity
//! opened from it. Screenshots of each, checked by axe.

use crate::driver::{App, Res};

async fn scenario(app: &mut App) -> Res {
    app.click_away("[data-testid=open-demo]").await?;
    app.click("[data-testid=nav-reports]").await?;
    app.wait("[data-testid=activity-summary-row][data-partner='Contoso Networks']").await?;
    app.wait("[data-testid=activity-chart] svg").await?;
    app.shot("reports-summary-chart").await?;

    // Meetings only: Rust counts again; the Activities figure becomes the Meetings figure.
    let meetings = app.wait("[data-testid=stat-meetings]").await?.text().await?;
    app.click_text("label", "Meetings").await?;
    app.wait_for_text("[data-testid=stat-activities]", &meetings).await?;
    app.click_text("label", "Table").await?;
    app.wait("[data-testid=activity-trend-table]").await?;
    app.click("[data-testid=activity-summary-row][data-partner='Contoso Networks'] button").await?;
    app.wait("[data-testid=activity-person-row]").await?;
    app.shot("reports-summary-table-meetings").await?;

    app.click("[data-testid=activity-export]").await?;
    app.click("[data-testid=activity-export-summary]").await?;
    app.wait_for_text_containing(".mantine-Notification-root", "rows exported to").await?;

    app.tab("detail").await?;
    app.wait("[data-testid=activity-row]").await?;
    app.type_into("[data-testid=activity-search]", "review").await?;
    app.wait_for_text_containing("[data-testid=activity-detail-table]", "Quarterly business review").await?;
    app.shot("reports-detail-search").await?;
    app.click("[data-testid=activity-row] button").await?;
    app.wait("[data-testid=activity-subject]").await?;
    app.shot("reports-activity-open").await?;
    Ok(())
}

#[tokio::test]
async fn partner_activity_summary_chart_table_export_and_detail() {
    App::run("reports", |app| Box::pin(scenario(app))).await;
}
