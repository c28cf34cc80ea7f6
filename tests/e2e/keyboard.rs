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
