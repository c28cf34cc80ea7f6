//! DRAFT-1..4 in the real window, on the demo workspace: a draft clones Member into
//! "Deal Desk" without delete rights and moves three Members into it; live is untouched;
//! the effect lists their lost permissions; "Why?" explains one; publish; the audit log
//! shows one entry that opens to the draft's changes.

use crate::driver::{App, Res};
use fantoccini::Locator;

async fn scenario(app: &mut App) -> Res {
    app.click_away("[data-testid=open-demo]").await?;
    app.wait("[data-testid=nav-drafts]").await?;

    // A new draft opens at once, under the banner.
    app.click("[data-testid=nav-drafts]").await?;
    app.click_until("[data-testid=draft-new]", "[data-testid=draft-name]").await?;
    app.type_into("[data-testid=draft-name]", "Deal Desk").await?;
    app.type_into("[data-testid=draft-description]", "Reps keep everything but delete").await?;
    app.click("[data-testid=draft-create]").await?;
    app.wait("[data-testid=draft-banner]").await?;
    app.wait_for_text_containing("[data-testid=draft-banner]", "Draft: Deal Desk").await?;
    app.shot("draft-created").await?;

    // Clone Member into Deal Desk, without any delete right.
    app.click("[data-testid=nav-permissions]").await?;
    app.wait("[data-role='Member']").await?;
    app.menu("[data-role='Member']", "Clone").await?;
    app.type_into("[data-testid=clone-name]", "Deal Desk").await?;
    app.click("[data-testid=clone-save]").await?;
    app.wait("[data-role='Deal Desk']").await?;
    app.menu("[data-role='Deal Desk']", "Edit").await?;
    app.wait("[data-testid=permission-matrix]").await?;
    let mut deletes = Vec::new();
    for el in app.c.find_all(Locator::Css("input[data-perm$='.delete']")).await? {
        if el.prop("checked").await?.as_deref() == Some("true") {
            deletes.push(el.attr("data-perm").await?.unwrap_or_default());
        }
    }
    assert!(!deletes.is_empty(), "Member holds delete rights to take away");
    for key in &deletes {
        app.set_checked(&format!("input[data-perm='{key}']"), false).await?;
    }
    app.shot("draft-role-editor").await?;
    app.click("[data-testid=role-save]").await?;
    app.wait_gone("[data-testid=permission-matrix]").await?;

    // Move three Members into it.
    app.click("[data-testid=nav-users]").await?;
    app.click("[data-testid='tab-Member']").await?;
    app.wait("[data-testid=member-row]").await?;
    let mut emails = Vec::new();
    for row in app.c.find_all(Locator::Css("[data-testid=member-row]")).await? {
        let status = row.find(Locator::Css("[data-testid=member-status]")).await?.prop("textContent").await?;
        if status.unwrap_or_default().trim().eq_ignore_ascii_case("active") && emails.len() < 3 {
            emails.push(row.attr("data-email").await?.unwrap_or_default());
        }
    }
    assert_eq!(emails.len(), 3, "three active Members: {emails:?}");
    for email in &emails {
        app.set_checked(&format!("[data-email='{email}'] input[type=checkbox]"), true).await?;
    }
    app.choose("[data-testid=bulk-role]", "Deal Desk").await?;
    app.click("[data-testid=bulk-apply]").await?;
    app.click("[data-testid=confirm-ok]").await?;
    app.click("[data-testid='tab-Deal Desk']").await?;
    app.wait_for_text(&format!("[data-email='{}'] [data-testid=member-role]", emails[2]), "Deal Desk").await?;
    app.shot("draft-members-moved").await?;

    // A person's permissions, each with its "Why?", inside the draft.
    app.menu(&format!("[data-email='{}']", emails[0]), "Permissions and why…").await?;
    app.click("[data-testid=why-dialog] [data-testid=why-button]").await?;
    app.wait_for_text_containing("[data-testid=why-popover]", "“Deal Desk”").await?;
    app.shot("draft-person-why").await?;
    app.click(".mantine-Modal-close").await?;
    app.wait_gone("[data-testid=why-dialog]").await?;

    // Nothing is live yet.
    let store = trellis_store::Store::open(&app.db).await?;
    let live = store.load().await?;
    assert!(live.roles().iter().all(|r| r.name != "Deal Desk"), "DRAFT-1: live has no Deal Desk before publishing");

    // The effect: the three lose exactly the delete rights.
    app.click("[data-testid=draft-review]").await?;
    app.click_until("[data-testid=tab-effect]", "[data-testid=effect-view]").await?;
    app.wait("[data-testid=effect-person]").await?;
    for email in &emails {
        app.wait(&format!("[data-testid=effect-person][data-email='{email}']")).await?;
    }
    let people = app.c.find_all(Locator::Css("[data-testid=effect-person]")).await?;
    assert_eq!(people.len(), 3, "only the three moved members are affected");
    app.shot("draft-effect").await?;

    // Why: the chain that takes the permission away, in the draft.
    app.click(&format!("[data-testid=effect-person][data-email='{}'] [data-testid=why-button]", emails[0])).await?;
    app.wait_for_text_containing("[data-testid=why-popover]", "Deal Desk").await?;
    app.shot("draft-why").await?;
    app.c.find(Locator::Css("body")).await?.send_keys("\u{e00c}").await.ok(); // Escape

    // Publish: all of it, one journal entry.
    app.click_text("button", "Changes (3)").await?;
    app.click("[data-testid=draft-publish]").await?;
    app.click_away("[data-testid=confirm-ok]").await?;
    app.wait_for_text("[data-testid=draft-detail] [data-testid=draft-state]", "published").await?;
    app.wait_gone("[data-testid=draft-banner]").await?;
    app.shot("draft-published").await?;

    app.click("[data-testid=nav-audit]").await?;
    app.type_into("[data-testid=audit-action]", "draft.publish").await?;
    app.wait_xpath("//*[normalize-space()='1 entries']").await?;
    tokio::time::sleep(std::time::Duration::from_millis(400)).await; // the filtered list settles
    app.click("[data-testid=audit-row][data-action='draft.publish'] td:nth-child(4)").await?;
    app.wait("[data-testid=audit-draft]").await?;
    app.wait_for_text_containing("[data-testid=audit-draft]", "Move 3 members to “Deal Desk”").await?;
    app.shot("draft-audit-entry").await?;

    let journal = store.journal(0, 500).await?;
    assert_eq!(journal.iter().filter(|e| e.action == "draft.publish").count(), 1);
    let separate = journal.iter().any(|e| e.action.starts_with("role.") && e.target.contains("Deal Desk"));
    assert!(!separate, "the draft's changes are not separate live entries");
    let state = store.load().await?;
    let desk = state.roles().into_iter().find(|r| r.name == "Deal Desk").map(|r| r.id).expect("published");
    assert_eq!(state.members().filter(|m| m.role == Some(desk)).count(), 3);
    store.close().await;
    Ok(())
}

#[tokio::test]
async fn deal_desk_draft_effect_why_publish_and_audit() {
    App::run("drafts", |app| Box::pin(scenario(app))).await;
}
