//! WS-1, MEM-2, MEM-3, ROLE-2, ROLE-3 through the window: create the workspace, invite two
//! members, change both roles at once, clone Member into a custom role and edit its matrix,
//! then delete it and see its members left with no role.

use crate::driver::{App, Res};

const OWNER_PW: &str = "quiet harbour lanterns";
const ANA: &str = "[data-email='ana.alves@acme.test']";
const BO: &str = "[data-email='bo.berg@acme.test']";
/// The table's first row (the virtualiser draws rows in order).
const FIRST_ROW: &str = "[data-testid=members-scroll] > div > div:first-child >";

async fn scenario(app: &mut App) -> Res {
    // First run (WS-1).
    app.wait("[data-testid=ws-name]").await?;
    app.shot("first-run").await?;
    app.type_into("[data-testid=owner-email]", "not-an-email").await?;
    app.type_into("[data-testid=ws-name]", "Acme Channel").await?;
    app.type_into("[data-testid=owner-name]", "Olivia Owner").await?;
    app.type_into("[data-testid=password]", OWNER_PW).await?;
    app.type_into("[data-testid=password-confirm]", OWNER_PW).await?;
    app.click("[data-testid=create-workspace]").await?;
    // Rust refuses the email and the message appears next to the field.
    app.wait_xpath("//*[contains(text(), 'is not a valid email address')]").await?;
    app.shot("first-run-refused-email").await?;
    app.type_into("[data-testid=owner-email]", "olivia@acme.test").await?;
    app.click("[data-testid=create-workspace]").await?;
    app.wait("[data-testid=nav-users]").await?;
    app.wait("[data-email='olivia@acme.test']").await?;
    app.shot("users-owner-only").await?;

    // Invite two members (MEM-2): both appear at once as Pending.
    for (email, name) in [("ana.alves@acme.test", "Ana Alves"), ("bo.berg@acme.test", "Bo Berg")] {
        app.click("[data-testid=invite-open]").await?;
        app.type_into("[data-testid=invite-email]", email).await?;
        app.type_into("[data-testid=invite-name]", name).await?;
        app.choose("[data-testid=invite-role]", "Viewer").await?;
        if email.starts_with("ana") {
            app.shot("invite-drawer").await?;
        }
        app.click("[data-testid=invite-send]").await?;
        // SEC-4: the code to pass on is shown once; the window says nothing was sent.
        app.wait_for_text_containing("[data-testid=invitation-shown]", "a channel you trust").await?;
        if email.starts_with("ana") {
            app.shot("invitation-code-shown-once").await?;
        }
        app.click("[data-testid=invite-done]").await?;
        app.wait(&format!("[data-email='{email}']")).await?;
        app.wait_gone(".mantine-Drawer-content").await?;
    }
    app.wait_for_text(&format!("{ANA} [data-testid=member-status]"), "Pending").await?;
    app.shot("two-invited").await?;

    // Sorted by a column, in Rust (MEM-5): by Status, Olivia (active) comes before the two
    // pending; pressed again, the order turns; the header says which way.
    app.click("[data-testid=sort-status]").await?;
    app.wait(&format!("{FIRST_ROW} [data-email='olivia@acme.test']")).await?;
    app.wait("[role=columnheader][aria-sort=ascending] [data-testid=sort-status]").await?;
    app.shot("sorted-by-status").await?;
    app.click("[data-testid=sort-status]").await?;
    app.wait(&format!("{FIRST_ROW} {BO}")).await?;
    app.wait("[role=columnheader][aria-sort=descending] [data-testid=sort-status]").await?;
    app.click("[data-testid=sort-name]").await?;
    app.wait(&format!("{FIRST_ROW} {ANA}")).await?;

    // Bulk change both to Member (MEM-3), confirmed.
    app.set_checked(&format!("{ANA} input[type=checkbox]"), true).await?;
    app.set_checked(&format!("{BO} input[type=checkbox]"), true).await?;
    app.wait("[data-testid=bulk-bar]").await?;
    app.choose("[data-testid=bulk-role]", "Member").await?;
    app.click("[data-testid=bulk-apply]").await?;
    app.wait("[data-testid=confirm-ok]").await?;
    app.shot("bulk-confirm").await?;
    app.click("[data-testid=confirm-ok]").await?;
    app.wait_for_text(&format!("{ANA} [data-testid=member-role]"), "Member").await?;
    app.wait_for_text(&format!("{BO} [data-testid=member-role]"), "Member").await?;
    app.shot("bulk-changed").await?;

    // Permissions: clone Member (ROLE-2), edit the clone's matrix (ROLE-3).
    app.click("[data-testid=nav-permissions]").await?;
    app.wait("[data-role='Member']").await?;
    app.shot("permissions").await?;
    app.menu("[data-role='Member']", "Clone").await?;
    app.type_into("[data-testid=clone-name]", "Deal Desk").await?;
    app.click("[data-testid=clone-save]").await?;
    app.wait("[data-role='Deal Desk']").await?;
    app.menu("[data-role='Deal Desk']", "Edit").await?;
    app.set_checked("input[data-perm='audit_log.read']", true).await?;
    app.set_checked("input[data-perm='reports.delete']", false).await?;
    app.shot("role-editor").await?;
    app.click("[data-testid=role-save]").await?;
    app.wait_gone("[data-testid=permission-matrix]").await?;
    app.menu("[data-role='Deal Desk']", "View permissions").await?;
    let audit = app.wait("input[data-perm='audit_log.read']").await?;
    assert_eq!(audit.prop("checked").await?.as_deref(), Some("true"), "the edit was saved");
    let delete = app.wait("input[data-perm='reports.delete']").await?;
    assert_eq!(delete.prop("checked").await?.as_deref(), Some("false"), "the edit was saved");
    app.shot("role-view").await?;
    app.click_text("button", "Close").await?;

    // Give both members the custom role, then delete it (ROLE-3): they are left with no role.
    app.click("[data-testid=nav-users]").await?;
    app.set_checked(&format!("{ANA} input[type=checkbox]"), true).await?;
    app.set_checked(&format!("{BO} input[type=checkbox]"), true).await?;
    app.choose("[data-testid=bulk-role]", "Deal Desk").await?;
    app.click("[data-testid=bulk-apply]").await?;
    app.click("[data-testid=confirm-ok]").await?;
    app.wait_for_text(&format!("{BO} [data-testid=member-role]"), "Deal Desk").await?;
    app.click("[data-testid=nav-permissions]").await?;
    app.wait_for_text("[data-role='Deal Desk'] [data-testid=role-members]", "2").await?;
    app.menu("[data-role='Deal Desk']", "Delete").await?;
    app.wait("[data-testid=confirm-ok]").await?;
    app.shot("role-delete-confirm").await?;
    app.click("[data-testid=confirm-ok]").await?;
    app.wait_gone("[data-role='Deal Desk']").await?;
    app.click("[data-testid=nav-users]").await?;
    app.click("[data-testid='tab-No role']").await?;
    app.wait_for_text(&format!("{ANA} [data-testid=member-role]"), "No role").await?;
    app.wait_for_text(&format!("{BO} [data-testid=member-role]"), "No role").await?;
    app.shot("members-with-no-role").await?;

    // The same story is in the database and its journal (SEC-2), with who did it.
    let store = trellis_store::Store::open(&app.db).await?;
    let journal = store.journal(0, 100).await?;
    let actions: Vec<&str> = journal.iter().rev().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "workspace.create",
            "member.invite",
            "member.invite",
            "member.change_role",
            "role.clone",
            "role.update",
            "member.change_role",
            "role.delete"
        ]
    );
    assert!(journal.iter().filter(|e| e.action != "workspace.create").all(|e| e.actor_label == "olivia@acme.test"));
    let state = store.load().await?;
    let no_role = state.members().filter(|m| m.email.ends_with("@acme.test") && m.role.is_none()).count();
    assert_eq!(no_role, 2);
    store.close().await;
    Ok(())
}

#[tokio::test]
async fn create_invite_bulk_change_clone_edit_and_delete_a_role() {
    App::run("members_roles", |app| Box::pin(scenario(app))).await;
}
