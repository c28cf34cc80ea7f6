//! Waits until nothing on the page moves, before a click or a screenshot: shared by the
//! window driver (tests/e2e/driver.rs) and the portal's Chromium driver, which include
//! this file with `#[path]`. What counts as moving is tests/settled.js.

use std::time::{Duration, Instant};

/// Returns once the page is at rest; past a few seconds, goes on with what is there
/// (the check that follows a click or a screenshot still catches anything wrong).
pub async fn settle(c: &fantoccini::Client) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if c.execute(include_str!("settled.js"), vec![]).await.ok().and_then(|v| v.as_bool()) == Some(true) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
