//! Drives the real app: tauri-driver (over WebKitWebDriver) starts the debug binary in a
//! real window (under Xvfb in the test command) on a fresh database in a temp folder.

use crate::process_group;
use fantoccini::error::NewSessionError;
use fantoccini::{elements::Element, Client, ClientBuilder, Locator};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

pub type Res<T = ()> = Result<T, Box<dyn std::error::Error>>;

pub struct App {
    pub c: Client,
    /// tauri-driver, until it is stopped.
    driver: Option<Child>,
    _dir: tempfile::TempDir,
    pub db: PathBuf,
    pub(crate) shots: PathBuf,
    n: usize,
    /// What axe-core found on each screen photographed (issue 22, `axe.rs`).
    pub(crate) findings: Vec<crate::axe::Finding>,
    pub(crate) screens_checked: usize,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

impl App {
    pub async fn start(shots: &str) -> Res<App> {
        let dir = tempfile::tempdir()?;
        let db = dir.path().join("trellis.db");
        Self::start_on(shots, dir, db, &[]).await
    }

    /// The app on an existing database file (kept in `dir`), with extra environment.
    pub async fn start_on(shots: &str, dir: tempfile::TempDir, db: PathBuf, env: &[(&str, &str)]) -> Res<App> {
        let (port, native) = (free_port(), free_port());
        let shots = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("artifacts/e2e").join(shots);
        std::fs::create_dir_all(&shots)?;
        // The app's log (behind tauri-driver and WebKitWebDriver, which swallow its
        // stderr), next to the screenshots: its warnings explain a window that went away.
        let log = shots.join("app.log");
        let _ = std::fs::remove_file(&log);
        // What tauri-driver, WebKitWebDriver and the app write to stdout and stderr (a
        // panic, a WebKit warning), kept beside it for the same reason.
        let out = std::fs::File::create(shots.join("driver.log"))?;
        let driver = Command::new("tauri-driver")
            .args(["--port", &port.to_string(), "--native-port", &native.to_string()])
            .env("TRELLIS_DB", &db)
            .env("TRELLIS_LOG_FILE", &log)
            .envs(env.iter().copied())
            .stdout(out.try_clone()?)
            .stderr(out)
            // Its own process group, so that WebKitWebDriver behind it goes with it.
            .process_group(0)
            .spawn()
            .map_err(|e| format!("cannot start tauri-driver (run scripts/setup.sh --test): {e}"))?;
        // tauri-driver opens its port before WebKitWebDriver (behind it) opens the native one;
        // a session asked for in between is dropped mid-answer. Wait for both facts.
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() || TcpStream::connect(("127.0.0.1", native)).is_err() {
            if Instant::now() > deadline {
                return Err("tauri-driver (or WebKitWebDriver behind it) did not open its port".into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), "wry".into());
        caps.insert("tauri:options".into(), serde_json::json!({ "application": env!("CARGO_BIN_EXE_trellis-app") }));
        // A connection dropped before any answer (the native driver still starting) is
        // asked again; a refusal that came as an answer is not.
        let c = loop {
            match ClientBuilder::native().capabilities(caps.clone()).connect(&format!("http://127.0.0.1:{port}")).await
            {
                Ok(c) => break c,
                Err(e @ (NewSessionError::FailedC(_) | NewSessionError::Lost(_))) if Instant::now() < deadline => {
                    eprintln!("the WebDriver session was dropped while starting ({e}); asking again");
                    tokio::time::sleep(Duration::from_millis(250)).await;
                }
                Err(e) => return Err(e.into()),
            }
        };
        Ok(App { c, driver: Some(driver), _dir: dir, db, shots, n: 0, findings: Vec::new(), screens_checked: 0 })
    }

    /// Saves a screenshot of the window as the next numbered artefact, and checks the
    /// screen's accessibility (every screen and dialog worth a picture is worth a check).
    pub async fn shot(&mut self, name: &str) -> Res {
        // Transitions start a moment after what set them off: wait that moment, then for
        // the fact that they ended (axe found a closing drawer's section with no name under
        // a CPU hog, where 350 ms did not cover the animation).
        tokio::time::sleep(Duration::from_millis(350)).await;
        crate::settled::settle(&self.c).await;
        self.n += 1;
        let png = self.c.screenshot().await?;
        std::fs::write(self.shots.join(format!("{:02}-{name}.png", self.n)), png)?;
        if name != "FAILED" {
            self.axe(name).await?;
        }
        Ok(())
    }

    /// Waits for `css`. Any error counts as "not yet": WebKitWebDriver reports a node that
    /// React replaced mid-lookup as stale rather than missing.
    pub async fn wait(&self, css: &str) -> Res<Element> {
        self.find(Locator::Css(css), css).await
    }

    pub async fn wait_xpath(&self, xpath: &str) -> Res<Element> {
        self.find(Locator::XPath(xpath), xpath).await
    }

    async fn find(&self, locator: Locator<'_>, what: &str) -> Res<Element> {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            match self.c.find(locator).await {
                Ok(el) => return Ok(el),
                // The app (or a driver) went away: no point waiting, and say who is left.
                Err(e) if e.is_invalid_session_id() => {
                    return Err(format!("waiting for {what}: {}", self.session_ended()).into())
                }
                // Debug, not Display: WebKitWebDriver often sends an empty message, and the kind
                // of error is what tells a stuck window from a missing element.
                Err(e) if Instant::now() > deadline => return Err(format!("waiting for {what}: {e:?}").into()),
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    /// Clicks `css` once the page is at rest, as a person would: a click on a dialog still
    /// sliding in lands where its button was a moment before and is lost without an error
    /// (the preview scenario's Save under a CPU hog; a confirmation's OK, idle). Retries
    /// while the element cannot take a click yet.
    pub async fn click(&self, css: &str) -> Res {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            // First the element, then the rest: a dialog not yet drawn when the page is
            // read as still would be clicked the moment it appears, mid-way in.
            self.wait(css).await?;
            crate::settled::settle(&self.c).await;
            match self.wait(css).await?.click().await {
                Ok(_) => return Ok(()),
                // A click that closes its own window (a preview's End) can be answered with
                // an error as the window goes: it was taken, and trying again would wait
                // for a window that is gone.
                Err(e) if e.is_no_such_window() || self.window_gone().await => return Ok(()),
                Err(e) if Instant::now() > deadline => return Err(format!("clicking {css}: {e}").into()),
                Err(_) => tokio::time::sleep(Duration::from_millis(150)).await,
            }
        }
    }

    /// What is left when the WebDriver session ended before the scenario did.
    fn session_ended(&self) -> String {
        let left = self.driver.as_ref().map(|d| process_group::members(d.id())).unwrap_or_default();
        format!(
            "the WebDriver session ended (its app or a driver went away); still in tauri-driver's process \
             group: [{}]; see {} and driver.log beside it",
            left.join(", "),
            self.shots.join("app.log").display()
        )
    }

    /// After a scenario failed: a screenshot of the moment, or, when the window is gone,
    /// which of the app and its drivers went away.
    pub async fn after_failure(&mut self) -> Option<String> {
        match self.c.title().await {
            Err(e) if e.is_invalid_session_id() => Some(self.session_ended()),
            _ => {
                let _ = self.shot("FAILED").await;
                None
            }
        }
    }

    async fn window_gone(&self) -> bool {
        matches!(self.c.find(Locator::Css("body")).await, Err(e) if e.is_no_such_window())
    }

    /// Clicks `css` until `until` appears: a click that lands while a drawer is still
    /// animating in can be swallowed without an error.
    pub async fn click_until(&self, css: &str, until: &str) -> Res {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let _ = self.click(css).await;
            for _ in 0..10 {
                if self.c.find(Locator::Css(until)).await.is_ok() {
                    return Ok(());
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            if Instant::now() > deadline {
                return Err(format!("clicking {css} never showed {until}").into());
            }
        }
    }

    /// Clicks `css` until it is gone: a click that lands while a modal or the first-run
    /// screen is still settling can be swallowed without an error (seen under a loaded
    /// CI machine). Between tries it waits long enough for a closing animation to end.
    pub async fn click_away(&self, css: &str) -> Res {
        self.wait(css).await?;
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if self.c.find(Locator::Css(css)).await.is_err() {
                return Ok(());
            }
            if let Ok(e) = self.c.find(Locator::Css(css)).await {
                let _ = e.click().await;
            }
            for _ in 0..15 {
                tokio::time::sleep(Duration::from_millis(100)).await;
                if self.c.find(Locator::Css(css)).await.is_err() {
                    return Ok(());
                }
            }
            if Instant::now() > deadline {
                return Err(format!("clicking {css} never took").into());
            }
        }
    }

    /// Opens the record tab `name` (Overview, people, access, hierarchy).
    pub async fn tab(&self, name: &str) -> Res {
        let css = format!("[data-testid=tab-{name}]");
        self.click_until(&css, &format!("{css}[aria-selected=true]")).await
    }

    /// Clicks the element with exactly this visible text, within elements matching `tag_and_attrs`.
    pub async fn click_text(&self, tag_and_attrs: &str, text: &str) -> Res {
        let xpath = format!("//{tag_and_attrs}[normalize-space()='{text}']");
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            match self.wait_xpath(&xpath).await?.click().await {
                Ok(_) => return Ok(()),
                Err(e) if Instant::now() > deadline => return Err(format!("clicking {xpath}: {e}").into()),
                Err(_) => tokio::time::sleep(Duration::from_millis(150)).await,
            }
        }
    }

    /// Replaces the text of the input `css`, retrying while it is still animating in.
    /// A dialog that fills its form just after opening can put its value back between the
    /// clear and the typing ("Deal RoomDeal Desk APAC"): the value is read back and typed
    /// again, a few times, when it is not what was typed.
    pub async fn type_into(&self, css: &str, text: &str) -> Res {
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut checks = 0;
        loop {
            let input = self.wait(css).await?;
            let attempt = async {
                input.clear().await?;
                input.send_keys(text).await
            };
            match attempt.await {
                Ok(()) => {
                    tokio::time::sleep(Duration::from_millis(60)).await;
                    let now = self.wait(css).await?.prop("value").await.ok().flatten().unwrap_or_default();
                    checks += 1;
                    if now == text || checks >= 4 {
                        return Ok(());
                    }
                }
                Err(e) if Instant::now() > deadline => return Err(format!("typing into {css}: {e}").into()),
                Err(_) => tokio::time::sleep(Duration::from_millis(150)).await,
            }
        }
    }

    /// Sets the value of the input `css` as a person picking it would (date and time
    /// inputs are segmented controls in WebKit, typed in the locale's own order): through
    /// the native setter, then an `input` event, which React's `onChange` hears.
    pub async fn set_value(&self, css: &str, value: &str) -> Res {
        self.wait(css).await?;
        let js = "const el = document.querySelector(arguments[0]);
                  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(el, arguments[1]);
                  el.dispatchEvent(new Event('input', { bubbles: true }));
                  return el.value;";
        let got = self.c.execute(js, vec![css.into(), value.into()]).await?;
        // A time input writes whole minutes without their ":00" seconds.
        let same = |g: &str| g == value || format!("{g}:00") == value;
        if !got.as_str().is_some_and(same) {
            return Err(format!("{css} took {got} instead of {value}").into());
        }
        Ok(())
    }

    /// Makes the checkbox (or switch) `css` checked or not. Idempotent, unlike a retried
    /// click, which could toggle twice when a first attempt both lands and reports an error.
    pub async fn set_checked(&self, css: &str, checked: bool) -> Res {
        let want = if checked { "true" } else { "false" };
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let el = self.wait(css).await?;
            if el.prop("checked").await.ok().flatten().as_deref() == Some(want) {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!("{css} never became checked={checked}").into());
            }
            let _ = el.click().await;
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Picks `option` in the Mantine select whose input matches `css` (the visible one:
    /// other selects on the page may hold an option with the same text).
    pub async fn choose(&self, css: &str, option: &str) -> Res {
        self.click(css).await?;
        let xpath = format!("//*[@role='option'][normalize-space()='{option}']");
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            for el in self.c.find_all(Locator::XPath(&xpath)).await.unwrap_or_default() {
                if el.is_displayed().await.unwrap_or(false) && el.click().await.is_ok() {
                    return Ok(());
                }
            }
            if Instant::now() > deadline {
                return Err(format!("no visible option '{option}' for {css}").into());
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    /// Opens the row menu inside `row_css` and clicks the item `item`.
    /// Opens the menu of the row `row_css` and clicks `item`. A row re-drawn just as it
    /// was clicked (its list refreshing) loses the menu it opened: seen under a CPU hog.
    /// So the trigger's `aria-expanded` is read: a menu that opened and closed again
    /// without its item, or a click that opened nothing, is clicked again.
    pub async fn menu(&self, row_css: &str, item: &str) -> Res {
        let trigger = format!("{row_css} [aria-haspopup='menu']");
        let xpath = format!("//button[@role='menuitem'][normalize-space()='{item}']");
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            self.click(&trigger).await?;
            let clicked = Instant::now();
            let mut opened = false;
            loop {
                if self.c.find(Locator::XPath(&xpath)).await.is_ok() {
                    return self.click_text("button[@role='menuitem']", item).await;
                }
                let expanded = match self.c.find(Locator::Css(&trigger)).await {
                    Ok(el) => el.attr("aria-expanded").await.ok().flatten().as_deref() == Some("true"),
                    Err(_) => false,
                };
                opened |= expanded;
                if Instant::now() > deadline {
                    return Err(format!("the menu of {row_css} never showed '{item}'").into());
                }
                if (opened && !expanded) || (!opened && clicked.elapsed() > Duration::from_secs(5)) {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }

    /// Waits until `css` shows `text` (ignoring case: CSS may upper-case a badge).
    pub async fn wait_for_text(&self, css: &str, text: &str) -> Res {
        let deadline = Instant::now() + Duration::from_secs(15);
        let mut seen = String::from("(nothing)");
        loop {
            if let Ok(el) = self.c.find(Locator::Css(css)).await {
                seen = el.prop("textContent").await.ok().flatten().unwrap_or_default();
                if seen.trim().eq_ignore_ascii_case(text) {
                    return Ok(());
                }
            }
            if Instant::now() > deadline {
                return Err(format!("{css} never showed '{text}'; last seen: '{seen}'").into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until `css` shows text containing `part` (ignoring case).
    pub async fn wait_for_text_containing(&self, css: &str, part: &str) -> Res {
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut seen = String::from("(nothing)");
        loop {
            if let Ok(el) = self.c.find(Locator::Css(css)).await {
                seen = el.prop("textContent").await.ok().flatten().unwrap_or_default();
                if seen.to_lowercase().contains(&part.to_lowercase()) {
                    return Ok(());
                }
            }
            if Instant::now() > deadline {
                return Err(format!("{css} never showed '{part}'; last seen: '{seen}'").into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until nothing matches `css`.
    pub async fn wait_gone(&self, css: &str) -> Res {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            // A lookup error (a stale node) means "look again", not "gone".
            if self.c.find_all(Locator::Css(css)).await.is_ok_and(|found| found.is_empty()) {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!("{css} is still there").into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Admin › Users: invites `email` (default role) and reads the invitation code shown
    /// once (SEC-4); signs out; on the sign-in screen, accepts the invitation with that code
    /// and `password` (waiting for the live checklist; `shot` names a screenshot of the
    /// filled dialog); signs `manager` back in and waits for the row to turn Active.
    pub async fn invite_and_accept(
        &mut self,
        email: &str,
        name: &str,
        password: &str,
        shot: Option<&str>,
        manager: (&str, &str),
    ) -> Res {
        self.click("[data-testid=invite-open]").await?;
        self.type_into("[data-testid=invite-email]", email).await?;
        self.type_into("[data-testid=invite-name]", name).await?;
        self.click("[data-testid=invite-send]").await?;
        let code = self.wait("[data-testid=invitation-code]").await?.prop("textContent").await?.unwrap_or_default();
        if code.len() < 20 {
            return Err(format!("no invitation code shown: {code:?}").into());
        }
        self.click("[data-testid=invite-done]").await?;
        self.wait_gone(".mantine-Drawer-content").await?;
        let row = format!("[data-email='{email}']");
        self.wait(&row).await?;
        self.click("[data-testid=user-menu]").await?;
        self.click("[data-testid=sign-out]").await?;
        self.click("[data-testid=accept-invitation-open]").await?;
        self.type_into("[data-testid=accept-code]", &code).await?;
        self.type_into("[data-testid=accept-password]", password).await?;
        self.type_into("[data-testid=accept-password-confirm]", password).await?;
        self.wait("[data-testid=password-checklist] [data-rule=not_common][data-passed=true]").await?;
        if let Some(name) = shot {
            self.shot(name).await?;
        }
        self.click("[data-testid=accept-submit]").await?;
        self.wait_gone("[data-testid=accept-code]").await?;
        self.type_into("[data-testid=sign-in-email]", manager.0).await?;
        self.type_into("[data-testid=sign-in-password]", manager.1).await?;
        self.click("[data-testid=sign-in-submit]").await?;
        self.wait_for_text(&format!("{row} [data-testid=member-status]"), "Active").await
    }

    /// Clicks *Open preview* and switches to the preview window. A click that lands while
    /// the dialog is still scaling in can miss its button; while the button is still shown
    /// and not busy (Rust not yet asked), and no window came, it is clicked again.
    pub async fn open_preview(&self, main: &fantoccini::wd::WindowHandle) -> Res<fantoccini::wd::WindowHandle> {
        let button = "[data-testid=preview-open]";
        self.click(button).await?;
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut again = Instant::now() + Duration::from_secs(3);
        while !self.c.windows().await?.iter().any(|h| h != main) {
            if Instant::now() > deadline {
                return Err("the preview window did not appear to WebDriver".into());
            }
            if Instant::now() > again {
                if let Ok(el) = self.c.find(Locator::Css(button)).await {
                    let idle = el.attr("data-loading").await.ok().flatten().is_none();
                    if idle && el.is_displayed().await.unwrap_or(false) {
                        eprintln!("Open preview was not taken; clicking it again");
                        let _ = el.click().await;
                    }
                }
                again = Instant::now() + Duration::from_secs(3);
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        self.switch_to_new_window(main).await
    }

    /// Waits for a window other than `main` (a preview) and switches to it.
    pub async fn switch_to_new_window(&self, main: &fantoccini::wd::WindowHandle) -> Res<fantoccini::wd::WindowHandle> {
        let deadline = Instant::now() + Duration::from_secs(20);
        let other = loop {
            if let Some(h) = self.c.windows().await?.into_iter().find(|h| h != main) {
                break h;
            }
            if Instant::now() > deadline {
                return Err("the preview window did not appear to WebDriver".into());
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        };
        // The handle can exist before its page does: wait until the new window answers a
        // script with its document loaded, switching again while it does not.
        loop {
            self.c.switch_to_window(other.clone()).await?;
            let ready = self.c.execute("return document.readyState", vec![]).await;
            if ready.as_ref().is_ok_and(|v| v.as_str() == Some("complete")) {
                return Ok(other);
            }
            if Instant::now() > deadline {
                return Err(format!("the preview window never finished loading: {ready:?}").into());
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Waits until only `main` is left (the preview window closed) and switches back to it.
    pub async fn back_to_main_window(&self, main: fantoccini::wd::WindowHandle) -> Res {
        let deadline = Instant::now() + Duration::from_secs(20);
        while self.c.windows().await?.len() > 1 {
            if Instant::now() > deadline {
                return Err("the preview window did not close".into());
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        self.c.switch_to_window(main).await?;
        Ok(())
    }

    /// Starts the app, runs `scenario`, and on failure saves a screenshot before panicking.
    pub async fn run<F>(shots: &str, scenario: F)
    where
        F: for<'a> FnOnce(&'a mut App) -> std::pin::Pin<Box<dyn std::future::Future<Output = Res> + 'a>>,
    {
        let mut app = App::start(shots).await.expect("the app starts under WebDriver");
        let result = scenario(&mut app).await;
        if let Err(e) = &result {
            let gone = app.after_failure().await.map(|g| format!("\n{g}")).unwrap_or_default();
            app.close().await;
            panic!("end-to-end scenario failed: {e}{gone}");
        }
        let verdict = app.axe_verdict();
        app.close().await;
        if let Err(found) = verdict {
            panic!("serious or critical accessibility violations:\n{found}");
        }
    }

    pub async fn close(mut self) {
        let _ = self.c.clone().close().await;
        process_group::stop(&mut self.driver);
    }
}

impl Drop for App {
    fn drop(&mut self) {
        process_group::stop(&mut self.driver);
    }
}
