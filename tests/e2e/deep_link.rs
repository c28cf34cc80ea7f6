//! Issue 19 through the window: an invitation email's trellis:// link opens the running
//! app's Accept an invitation with the code filled in. The desktop opens a link by
//! launching the app with it; that second launch hands the link to the running app (on
//! the same workspace file) and exits, and the invitee accepts and signs in. A reset link
//! an administrator emails opens Choose a new password the same way.

use crate::driver::{App, Res};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const OWNER_PW: &str = "quiet harbour lanterns";
const ANA_PW: &str = "anas very own passphrase";
const ANA_NEW_PW: &str = "anas passphrase from the link";

/// Launches the app again on the same workspace file, as the desktop would with a link,
/// and waits for it to hand over and exit.
async fn launch_again(app: &App, args: &[&str]) -> Res<Output> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_trellis-app"))
        .args(args)
        .env("TRELLIS_DB", &app.db)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait()?.is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            return Err("the second launch did not hand over and exit".into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(child.wait_with_output()?)
}

async fn scenario(app: &mut App) -> Res {
    app.wait("[data-testid=ws-name]").await?;
    app.type_into("[data-testid=ws-name]", "Acme Channel").await?;
    app.type_into("[data-testid=owner-name]", "Olivia Owner").await?;
    app.type_into("[data-testid=owner-email]", "olivia@acme.test").await?;
    app.type_into("[data-testid=password]", OWNER_PW).await?;
    app.type_into("[data-testid=password-confirm]", OWNER_PW).await?;
    app.click("[data-testid=create-workspace]").await?;

    // Mail goes out through a real SMTP server on this machine.
    let smtp = crate::smtp::SmtpServer::start();
    app.click("[data-testid=nav-security]").await?;
    app.type_into("[data-testid=email-host]", "127.0.0.1").await?;
    app.type_into("[data-testid=email-port]", &smtp.port.to_string()).await?;
    app.choose("[data-testid=email-security]", "None — a server on this computer only").await?;
    app.type_into("[data-testid=email-from-address]", "partners@acme.test").await?;
    app.click("[data-testid=email-save]").await?;
    app.wait_for_text_containing("[data-testid=email-sender]", "This computer sends").await?;

    // Olivia invites Ana; the email carries the link.
    app.click("[data-testid=nav-users]").await?;
    app.click("[data-testid=invite-open]").await?;
    app.type_into("[data-testid=invite-email]", "ana@acme.test").await?;
    app.type_into("[data-testid=invite-name]", "Ana Alves").await?;
    app.click("[data-testid=invite-send]").await?;
    let shown = app.wait("[data-testid=invitation-code]").await?.prop("textContent").await?.unwrap_or_default();
    app.click("[data-testid=invite-done]").await?;
    app.wait_gone(".mantine-Drawer-content").await?;
    let mail = smtp.wait_for_to("ana@acme.test").await;
    let link =
        mail.text.lines().map(str::trim).find(|l| l.starts_with("trellis://accept?")).ok_or("no link in the email")?;
    assert_eq!(crate::smtp::code_in(link), shown, "the link carries the invitation's code");

    // Starting Trellis again without a link only brings the running window forward.
    app.click("[data-testid=user-menu]").await?;
    app.click("[data-testid=sign-out]").await?;
    app.wait("[data-testid=sign-in-email]").await?;
    let again = launch_again(app, &[]).await?;
    assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));
    assert_eq!(app.c.windows().await?.len(), 1, "no second window");

    // The desktop opens the link: the second launch hands it over and exits; the running
    // window shows Accept an invitation with the code in it.
    let handed = launch_again(app, &[link]).await?;
    assert!(handed.status.success(), "{}", String::from_utf8_lossy(&handed.stderr));
    let code = app.wait("[data-testid=accept-code]").await?;
    assert_eq!(code.prop("value").await?.unwrap_or_default(), shown);
    app.shot("accept-from-link").await?;
    app.type_into("[data-testid=accept-password]", ANA_PW).await?;
    app.type_into("[data-testid=accept-password-confirm]", ANA_PW).await?;
    app.wait("[data-testid=password-checklist] [data-rule=not_common][data-passed=true]").await?;
    app.click("[data-testid=accept-submit]").await?;
    app.wait_gone("[data-testid=accept-code]").await?;
    app.type_into("[data-testid=sign-in-email]", "ana@acme.test").await?;
    app.type_into("[data-testid=sign-in-password]", ANA_PW).await?;
    app.click("[data-testid=sign-in-submit]").await?;
    app.wait_for_text_containing("[data-testid=signed-in]", "ana@acme.test").await?;
    app.shot("signed-in-after-link").await?;

    // The same link again: the window opens it, and Rust refuses the used code at its field.
    let used = launch_again(app, &[link]).await?;
    assert!(used.status.success(), "{}", String::from_utf8_lossy(&used.stderr));
    app.wait("[data-testid=accept-code]").await?;
    app.type_into("[data-testid=accept-password]", ANA_PW).await?;
    app.type_into("[data-testid=accept-password-confirm]", ANA_PW).await?;
    app.click("[data-testid=accept-submit]").await?;
    app.wait_for_text_containing(".mantine-InputWrapper-error", "not valid").await?;
    app.click_text("button", "Cancel").await?;
    app.wait_gone("[data-testid=accept-code]").await?;

    // A reset link (SEC-6 for members): Olivia emails it from Ana's row; the link opens
    // Choose a new password in the running window; Ana's old password stops working.
    sign_out(app).await?;
    sign_in(app, "olivia@acme.test", OWNER_PW).await?;
    app.menu("[data-email='ana@acme.test']", "Email a reset link…").await?;
    app.click("[data-testid=confirm-ok]").await?;
    let reset = smtp.wait_for_containing("trellis://reset?").await;
    let link = reset.text.lines().map(str::trim).find(|l| l.starts_with("trellis://reset?")).ok_or("no reset link")?;
    sign_out(app).await?;
    let handed = launch_again(app, &[link]).await?;
    assert!(handed.status.success(), "{}", String::from_utf8_lossy(&handed.stderr));
    app.wait("[data-testid=reset-code]").await?;
    app.type_into("[data-testid=reset-password]", ANA_NEW_PW).await?;
    app.type_into("[data-testid=reset-password-confirm]", ANA_NEW_PW).await?;
    app.wait("[data-testid=password-checklist] [data-rule=not_common][data-passed=true]").await?;
    app.shot("reset-from-link").await?;
    app.click("[data-testid=reset-submit]").await?;
    app.wait_gone("[data-testid=reset-code]").await?;
    sign_in(app, "ana@acme.test", ANA_NEW_PW).await?;
    app.wait_for_text_containing("[data-testid=signed-in]", "ana@acme.test").await?;
    Ok(())
}

async fn sign_in(app: &App, email: &str, password: &str) -> Res {
    app.type_into("[data-testid=sign-in-email]", email).await?;
    app.type_into("[data-testid=sign-in-password]", password).await?;
    app.click("[data-testid=sign-in-submit]").await?;
    app.wait("[data-testid=signed-in]").await.map(|_| ())
}

async fn sign_out(app: &App) -> Res {
    app.click("[data-testid=user-menu]").await?;
    app.click("[data-testid=sign-out]").await?;
    app.wait("[data-testid=sign-in-email]").await.map(|_| ())
}

#[tokio::test]
async fn an_emailed_link_opens_accept_in_the_running_window() {
    App::run("deep-link", |app| Box::pin(scenario(app))).await;
}
