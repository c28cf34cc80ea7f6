//! Issue 22: the main flows by keyboard alone — no click after the app starts. First run,
//! the command palette (Ctrl+K), invite a member, change their role from the row's menu,
//! the shortcuts help (? and Escape), and a draft created, changed and published. Each
//! control is reached with Tab (proving it is in the tab order) and used with Enter or the
//! arrow keys.

use crate::driver::{App, Res};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use std::time::{Duration, Instant};

const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";
const ESCAPE: &str = "\u{E00C}";
const DOWN: &str = "\u{E015}";
const CONTROL: char = '\u{E009}';
const CTRL_K: &str = "\u{E009}k";
const PW: &str = "quiet harbour lanterns";

impl App {
    /// Presses `keys` one after the other on the keyboard (W3C actions: they go to
    /// whatever has the focus, the page itself included). `CTRL` holds Control down for
    /// the next key.
    async fn keys(&self, keys: &str) -> Res {
        let mut actions = KeyActions::new("keyboard".into());
        let mut held = None;
        for ch in keys.chars() {
            if ch == CONTROL {
                held = Some(ch);
                actions = actions.then(KeyAction::Down { value: ch });
                continue;
            }
            actions = actions.then(KeyAction::Down { value: ch }).then(KeyAction::Up { value: ch });
            if let Some(m) = held.take() {
                actions = actions.then(KeyAction::Up { value: m });
            }
        }
        self.c.perform_actions(actions).await?;
        Ok(())
    }

    async fn focused_matches(&self, css: &str) -> Res<bool> {
        let js = "return !!document.activeElement && document.activeElement.matches(arguments[0])";
        Ok(self.c.execute(js, vec![css.into()]).await?.as_bool() == Some(true))
    }

    /// Presses Tab until `css` has the focus: the control is reachable by keyboard.
    async fn tab_to(&self, css: &str) -> Res {
        self.wait(css).await?;
        for _ in 0..60 {
            if self.focused_matches(css).await? {
                return Ok(());
            }
            self.keys(TAB).await?;
        }
        Err(format!("{css} is not reachable with Tab").into())
    }

    /// Presses ArrowDown until the focused item reads `text` (menus, option lists).
    async fn arrow_to(&self, text: &str) -> Res {
        for _ in 0..30 {
            let js = "const e = document.activeElement; return e ? e.textContent.trim() : ''";
            if self.c.execute(js, vec![]).await?.as_str() == Some(text) {
                return Ok(());
            }
            self.keys(DOWN).await?;
        }
        Err(format!("no item '{text}' reachable with the arrow keys").into())
    }

    /// Waits until `css` has the focus (a dialog moves it there when it opens).
    async fn wait_focus(&self, css: &str) -> Res {
        let deadline = Instant::now() + Duration::from_secs(15);
        while !self.focused_matches(css).await? {
            if Instant::now() > deadline {
                return Err(format!("the focus never reached {css}").into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Ok(())
    }

    /// Ctrl+K, the name, Enter: the palette takes the window there.
    async fn jump(&self, to: &str) -> Res {
        self.keys(CTRL_K).await?;
        self.wait_focus("[data-testid=palette-search]").await?;
        self.keys(to).await?;
        self.wait_for_text_containing("[data-testid=palette-item]", to).await?;
        self.keys(ENTER).await?;
        self.wait_gone("[data-testid=palette-search]").await
    }
}

async fn scenario(app: &mut App) -> Res {
    // First run: the form takes the focus; every field and the button by Tab.
    app.wait_focus("[data-testid=ws-name]").await?;
    app.keys("Acme Channel").await?;
    for (field, text) in [
        ("owner-name", "Olivia Owner"),
        ("owner-email", "olivia@acme.test"),
        ("password", PW),
        ("password-confirm", PW),
    ] {
        app.tab_to(&format!("[data-testid={field}]")).await?;
        app.keys(text).await?;
    }
    app.tab_to("[data-testid=create-workspace]").await?;
    app.keys(ENTER).await?;
    app.wait("[data-email='olivia@acme.test']").await?;

    // The palette reaches any screen; "?" lists the shortcuts and Escape closes the list.
    app.jump("Permissions").await?;
    app.wait("[data-testid=roles-table]").await?;
    app.c.execute("document.activeElement && document.activeElement.blur()", vec![]).await?;
    app.keys("?").await?;
    app.wait("[data-testid=shortcuts-help]").await?;
    app.shot("keyboard-shortcuts-help").await?;
    app.keys(ESCAPE).await?;
    app.wait_gone("[data-testid=shortcuts-help]").await?;

    // Invite a member (MEM-2) without the mouse.
    app.jump("Users").await?;
    app.tab_to("[data-testid=invite-open]").await?;
    app.keys(ENTER).await?;
    app.wait_focus("[data-testid=invite-email]").await?;
    app.keys("kim.keys@acme.test").await?;
    app.tab_to("[data-testid=invite-name]").await?;
    app.keys("Kim Keys").await?;
    app.tab_to("[data-testid=invite-send]").await?;
    app.keys(ENTER).await?;
    app.wait("[data-testid=invitation-code]").await?;
    app.tab_to("[data-testid=invite-done]").await?;
    app.keys(ENTER).await?;
    app.wait_gone("[data-testid=invitation-code]").await?;

    // Change her role from the row's menu (MEM-3): Tab to it, Enter, arrows, Enter.
    let kim = "[data-email='kim.keys@acme.test']";
    app.tab_to(&format!("{kim} [data-testid=row-menu]")).await?;
    app.keys(ENTER).await?;
    app.arrow_to("Viewer").await?;
    app.shot("keyboard-row-menu").await?;
    app.keys(ENTER).await?;
    app.wait_for_text(&format!("{kim} [data-testid=member-role]"), "Viewer").await?;

    // A draft (DRAFT-1..3): create it, change Kim's role inside it, publish it.
    app.jump("Drafts").await?;
    app.tab_to("[data-testid=draft-new]").await?;
    app.keys(ENTER).await?;
    app.wait_focus("[data-testid=draft-name]").await?;
    app.keys("Kim to Admin").await?;
    app.tab_to("[data-testid=draft-create]").await?;
    app.keys(ENTER).await?;
    app.wait("[data-testid=draft-banner]").await?;
    app.jump("Users").await?;
    app.tab_to(&format!("{kim} [data-testid=row-menu]")).await?;
    app.keys(ENTER).await?;
    app.arrow_to("Admin").await?;
    app.keys(ENTER).await?;
    app.wait_for_text(&format!("{kim} [data-testid=member-role]"), "Admin").await?;
    app.jump("Drafts").await?;
    app.tab_to("[data-testid=draft-publish]").await?;
    app.keys(ENTER).await?;
    app.wait_focus("[data-testid=confirm-ok]").await?;
    app.keys(ENTER).await?;
    app.wait_for_text("[data-testid=draft-detail] [data-testid=draft-state]", "published").await?;
    app.shot("keyboard-draft-published").await?;

    // What the keyboard did is what the journal says.
    let store = trellis_store::Store::open(&app.db).await?;
    let state = store.load().await?;
    let kim = state.members().find(|m| m.email == "kim.keys@acme.test").ok_or("Kim was invited")?;
    let admin = state.role_by_name(trellis_core::model::Audience::Internal, "Admin").ok_or("the Admin role")?;
    assert_eq!(kim.role, Some(admin.id), "the published draft made Kim an Admin");
    store.close().await;
    Ok(())
}

#[tokio::test]
async fn invite_change_role_and_publish_a_draft_by_keyboard_alone() {
    App::run("keyboard", |app| Box::pin(scenario(app))).await;
}

const RIGHT: &str = "\u{E014}";

impl App {
    /// Presses ArrowRight until `css` has the focus (tabs take one Tab stop; their
    /// siblings are reached with the arrow keys).
    async fn arrow_right_to(&self, css: &str) -> Res {
        self.arrow_key_to(RIGHT, css).await
    }

    async fn arrow_key_to(&self, key: &str, css: &str) -> Res {
        for _ in 0..10 {
            if self.focused_matches(css).await? {
                return Ok(());
            }
            self.keys(key).await?;
        }
        Err(format!("{css} is not reachable with the arrow keys").into())
    }
}

/// A workspace with Partner Access on, the owner placed in the hierarchy, Globex enabled
/// and Pat its contact — made through the command layer, so the window's part is only
/// what the keyboard does.
async fn partner_workspace(db: &std::path::Path) -> Res {
    use trellis_core::wire::*;
    let t = trellis_commands::Trellis::open(db).await?;
    let s = t
        .workspace_create(CreateWorkspaceRequest {
            workspace_name: "Acme Channel".into(),
            owner_name: "Olivia Owner".into(),
            owner_email: "olivia@acme.test".into(),
            password: PW.into(),
        })
        .await?;
    let me = s.me.ok_or("signed in")?.id.to_string();
    t.settings_set_partner_features(trellis_core::PartnerFeatures {
        partner_access: true,
        advanced_partner_access: true,
        licences: 10,
    })
    .await?;
    let roles =
        t.hierarchy_role_create(HierarchyRoleCreateRequest { name: "Channel Manager".into(), parent_id: None }).await?;
    let position = roles.iter().find(|r| r.name == "Channel Manager").ok_or("the position")?.id.to_string();
    t.member_set_hierarchy_role(MemberHierarchyRequest { member_id: me.clone(), hierarchy_role_id: Some(position) })
        .await?;
    let globex = t
        .partner_create(PartnerCreateRequest {
            name: "Globex".into(),
            kind: trellis_core::AccountKind::Business,
            owner_id: me,
            parent_id: None,
        })
        .await?;
    t.partner_enable(PartnerRef { account_id: globex.id.to_string() }).await?;
    t.contact_create(ContactCreateRequest {
        account_id: globex.id.to_string(),
        name: "Pat Partner".into(),
        email: "pat@globex.test".into(),
    })
    .await?;
    Ok(())
}

async fn partner_scenario(app: &mut App) -> Res {
    // Sign in: the fields and the button by Tab.
    app.tab_to("[data-testid=sign-in-email]").await?;
    app.keys("olivia@acme.test").await?;
    app.tab_to("[data-testid=sign-in-password]").await?;
    app.keys(PW).await?;
    app.tab_to("[data-testid=sign-in-submit]").await?;
    app.keys(ENTER).await?;
    app.wait("[data-testid=signed-in]").await?;

    // Ctrl+K finds the account by name and opens its record.
    app.keys(CTRL_K).await?;
    app.wait_focus("[data-testid=palette-search]").await?;
    app.keys("Globex").await?;
    app.wait("[data-testid=palette-item][data-id^='account:']").await?;
    app.keys(ENTER).await?;
    app.wait("[data-testid=account-record]").await?;

    // Give Pat access (PU-1) with a temporary password: tabs by arrows, the rest by Tab.
    app.tab_to("[data-testid=tab-overview]").await?;
    app.arrow_right_to("[data-testid=tab-people]").await?;
    app.keys(ENTER).await?;
    app.tab_to("[data-testid=person-row][data-email='pat@globex.test'] [data-testid=give-access-open]").await?;
    app.keys(ENTER).await?;
    app.wait("[data-testid=give-access-form]").await?;
    // A radio group is one Tab stop; the arrow keys choose within it.
    app.tab_to("[data-testid=give-access-form] input[type=radio]:checked").await?;
    app.arrow_key_to(DOWN, "[data-testid=give-access-form] input[type=radio][value=temporary]").await?;
    let chosen = app.c.execute("return document.activeElement.checked", vec![]).await?;
    assert_eq!(chosen.as_bool(), Some(true), "the arrow keys chose the temporary password");
    app.tab_to("[data-testid=give-access-submit]").await?;
    app.keys(ENTER).await?;
    app.wait("[data-testid=access-given]").await?;
    app.shot("keyboard-access-given").await?;
    app.tab_to("[data-testid=access-given-done]").await?;
    app.keys(ENTER).await?;
    app.wait_for_text(
        "[data-testid=person-row][data-email='pat@globex.test'] [data-testid=person-access]",
        "Has access",
    )
    .await?;

    // Log in as partner (PREV-1): the reason, Open, and the portal in its own window.
    app.tab_to("[data-testid=tab-people]").await?;
    app.arrow_right_to("[data-testid=tab-access]").await?;
    app.keys(ENTER).await?;
    app.tab_to("[data-testid=log-in-as-partner]").await?;
    let main = app.c.window().await?;
    app.keys(ENTER).await?;
    app.wait_focus("[data-testid=preview-reason]").await?;
    app.keys("Ticket 77: checking Pat's leads").await?;
    app.tab_to("[data-testid=preview-open]").await?;
    app.keys(ENTER).await?;
    app.switch_to_new_window(&main).await?;
    app.wait_for_text_containing("[data-testid=portal-banner]", "viewing the portal as Pat Partner").await?;
    app.shot("keyboard-preview").await?;
    app.tab_to("[data-testid=portal-end]").await?;
    // Enter ends the preview and its window closes at once — possibly between the key's
    // down and up, which WebDriver then reports as an error. The window's going is the fact
    // to wait for, below.
    let _ = app.keys(ENTER).await;
    app.back_to_main_window(main).await?;

    let store = trellis_store::Store::open(&app.db).await?;
    let actions: Vec<String> = store.journal(0, 50).await?.into_iter().map(|e| e.action).collect();
    for done in ["partner_user.give_access", "preview.start", "preview.end"] {
        assert!(actions.iter().any(|a| a == done), "{done} is in the journal: {actions:?}");
    }
    store.close().await;
    Ok(())
}

#[tokio::test]
async fn give_access_and_log_in_as_partner_by_keyboard_alone() {
    let dir = tempfile::tempdir().expect("a temp folder");
    let db = dir.path().join("trellis.db");
    partner_workspace(&db).await.expect("the partner workspace");
    let mut app = App::start_on("keyboard-partner", dir, db, &[]).await.expect("the app starts");
    let result = partner_scenario(&mut app).await;
    let gone = match result {
        Err(_) => app.after_failure().await.map(|g| format!("\n{g}")).unwrap_or_default(),
        Ok(()) => String::new(),
    };
    let verdict = app.axe_verdict();
    app.close().await;
    if let Err(e) = result {
        panic!("end-to-end scenario failed: {e}{gone}");
    }
    if let Err(found) = verdict {
        panic!("serious or critical accessibility violations:\n{found}");
    }
}
