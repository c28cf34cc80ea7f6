//! Debian's Chromium, headless, driven over WebDriver by its chromedriver (installed by
//! scripts/setup.sh --test). Each `Browser` is a fresh profile: its own cookies.
//! chromedriver runs in a process group of its own, with its own temporary directory:
//! when the driver goes, so do every browser it started and their profiles.

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub type Res<T = ()> = Result<T, Box<dyn std::error::Error>>;

pub struct Driver {
    /// chromedriver, until it is stopped.
    child: Option<Child>,
    port: u16,
    /// chromedriver's TMPDIR, where each browser's profile is made.
    _tmp: tempfile::TempDir,
}

impl Driver {
    pub async fn start() -> Res<Driver> {
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let tmp = tempfile::tempdir()?;
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .env("TMPDIR", tmp.path())
            .process_group(0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start chromedriver (run scripts/setup.sh --test): {e}"))?;
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                return Err("chromedriver did not open its port".into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Ok(Driver { child: Some(child), port, _tmp: tmp })
    }

    pub async fn browser(&self, shots: &str) -> Res<Browser> {
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), "chrome".into());
        caps.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({
                "binary": "/usr/bin/chromium",
                "args": ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,860"],
            }),
        );
        let c = ClientBuilder::native().capabilities(caps).connect(&format!("http://127.0.0.1:{}", self.port)).await?;
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../artifacts/e2e/portal");
        std::fs::create_dir_all(&dir)?;
        Ok(Browser { c, dir, prefix: shots.to_owned() })
    }
}

impl Drop for Driver {
    /// chromedriver goes with every browser it started (they are in its process group).
    fn drop(&mut self) {
        crate::process_group::stop(&mut self.child);
    }
}

pub struct Browser {
    pub c: Client,
    dir: PathBuf,
    prefix: String,
}

impl Browser {
    /// Saves a screenshot as artifacts/e2e/portal/<prefix>-<name>.png, once the page is
    /// still (tests/settled.js: no transition running, every dialog opaque) — and checks
    /// the page with axe-core (issue 22): a serious or critical violation fails the test,
    /// naming the rule and the element. Past a few seconds, it checks what is there.
    pub async fn shot(&self, name: &str) -> Res {
        // A transition starts a moment after what set it off: wait that moment, then for the fact.
        tokio::time::sleep(Duration::from_millis(300)).await;
        crate::settled::settle(&self.c).await;
        let png = self.c.screenshot().await?;
        std::fs::write(self.dir.join(format!("{}-{name}.png", self.prefix)), png)?;
        if !name.starts_with("missing-") {
            self.axe(name).await?;
        }
        Ok(())
    }

    async fn axe(&self, name: &str) -> Res {
        let present = self.c.execute("return typeof window.axe !== 'undefined'", vec![]).await?;
        if present.as_bool() != Some(true) {
            let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../ui/node_modules/axe-core/axe.min.js");
            let source = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            self.c.execute(&source, vec![]).await?;
        }
        let out = self.c.execute_async(include_str!("../../../../../tests/axe_run.js"), vec![]).await?;
        let text = out.as_str().unwrap_or_default();
        let found: Vec<serde_json::Value> =
            serde_json::from_str(text).map_err(|e| format!("axe-core on {name}: {text}: {e}"))?;
        let bad: Vec<String> = found
            .iter()
            .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")))
            .map(|v| format!("{} [{}]: {} ({})", v["id"], v["impact"], v["help"], v["nodes"]))
            .collect();
        std::fs::write(self.dir.join(format!("{}-{name}.axe.json", self.prefix)), text)?;
        if bad.is_empty() {
            Ok(())
        } else {
            Err(format!("accessibility on {name}:\n{}", bad.join("\n")).into())
        }
    }

    /// Waits for `css` to be on the page (React renders after each answer).
    pub async fn wait(&self, css: &str) -> Res<Element> {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(e) = self.c.find(Locator::Css(css)).await {
                return Ok(e);
            }
            if Instant::now() > deadline {
                let _ = self.shot(&format!("missing-{}", css.replace(|c: char| !c.is_alphanumeric(), "_"))).await;
                return Err(format!("{css} never appeared").into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until `css`'s text satisfies `ok`; returns it.
    pub async fn wait_text(&self, css: &str, ok: impl Fn(&str) -> bool) -> Res<String> {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(e) = self.c.find(Locator::Css(css)).await {
                if let Ok(t) = e.text().await {
                    if ok(&t) {
                        return Ok(t);
                    }
                }
            }
            if Instant::now() > deadline {
                return Err(format!("{css} never showed the expected text").into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Clicks `css` once the page is at rest, as a person would: a click on a dialog still
    /// sliding in lands where its button was a moment before.
    pub async fn click(&self, css: &str) -> Res {
        self.wait(css).await?;
        crate::settled::settle(&self.c).await;
        self.wait(css).await?.click().await?;
        Ok(())
    }

    pub async fn fill(&self, css: &str, text: &str) -> Res {
        let e = self.wait(css).await?;
        e.clear().await?;
        e.send_keys(text).await?;
        Ok(())
    }

    pub async fn sign_in(&self, email: &str, password: &str) -> Res {
        self.fill("[data-testid=portal-email]", email).await?;
        self.fill("[data-testid=portal-password]", password).await?;
        self.click("[data-testid=portal-sign-in-submit]").await
    }

    /// The `data-testid`s of every element matching `css`, in page order.
    pub async fn testids(&self, css: &str) -> Res<Vec<String>> {
        let mut out = Vec::new();
        for e in self.c.find_all(Locator::Css(css)).await? {
            out.push(e.attr("data-testid").await?.unwrap_or_default());
        }
        Ok(out)
    }
}
