//! The access review and the journal's integrity in the real window (RPT-2, RPT-6): on the
//! demo workspace, every permission with its why; narrowed to one partner user; counted by
//! role; then the audit log's chain verified and an anchor taken. Screenshots, checked by
//! axe.

use crate::driver::{App, Res};
use fantoccini::Locator;

async fn scenario(app: &mut App) -> Res {
    app.click_away("[data-testid=open-demo]").await?;
    app.click("[data-testid=nav-access]").await?;
    app.wait("[data-testid=access-row]").await?;
    app.wait_for_text_containing("[data-testid=access-total]", "people").await?;
    app.shot("access-everyone").await?;

    app.type_into("[data-testid=access-search]", "lena.vogel").await?;
    app.wait_for_text_containing("[data-testid=access-table]", "Standard Partner Center").await?;
    for row in app.c.find_all(Locator::Css("[data-testid=access-row]")).await? {
        let text = row.text().await?;
        assert!(text.contains("lena.vogel@contoso.example"), "only Lena's rows: {text}");
        assert!(text.contains("through"), "each with its why: {text}");
    }
    app.shot("access-one-partner-user").await?;

    app.choose("[data-testid=access-group]", "By role").await?;
    app.wait_for_text_containing("[data-testid=access-groups]", "Standard Partner Center").await?;
    app.shot("access-by-role").await?;

    app.click("[data-testid=nav-audit]").await?;
    app.click("[data-testid=audit-integrity]").await?;
    app.click("[data-testid=integrity-verify]").await?;
    app.wait_for_text_containing("[data-testid=integrity-intact]", "entries recomputed").await?;
    app.click("[data-testid=integrity-take-anchor]").await?;
    app.wait_for_text_containing("[data-testid=integrity-anchor]", "\"journal\"").await?;
    app.shot("audit-integrity").await?;
    Ok(())
}

#[tokio::test]
async fn review_who_holds_what_and_verify_the_journal() {
    App::run("access-review", |app| Box::pin(scenario(app))).await;
}
