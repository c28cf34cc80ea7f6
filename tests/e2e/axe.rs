//! Issue 22: accessibility measured by a machine. axe-core (the copy the UI's npm install
//! brings) runs in the real window on every screen and dialog a scenario photographs; what
//! it finds is written to `artifacts/e2e/<scenario>/axe.json`, and a serious or critical
//! violation fails the scenario at its end (so one run reports them all).

use crate::driver::{App, Res};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Finding {
    pub id: String,
    pub impact: Option<String>,
    pub help: String,
    pub nodes: Vec<String>,
    #[serde(default)]
    pub screen: String,
}

fn axe_source() -> Res<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ui/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).map_err(|e| format!("{}: {e} (run scripts/setup.sh)", path.display()).into())
}

const RUN: &str = include_str!("../axe_run.js");

impl App {
    /// Runs axe-core on what the window shows now and keeps what it found under `screen`.
    pub async fn axe(&mut self, screen: &str) -> Res {
        let present = self.c.execute("return typeof window.axe !== 'undefined'", vec![]).await?;
        if present.as_bool() != Some(true) {
            self.c.execute(&axe_source()?, vec![]).await?;
        }
        let out = self.c.execute_async(RUN, vec![]).await?;
        let text = out.as_str().unwrap_or_default();
        if let Some(err) = text.strip_prefix("ERROR ") {
            return Err(format!("axe-core failed on {screen}: {err}").into());
        }
        let found: Vec<Finding> = serde_json::from_str(text)?;
        self.findings.extend(found.into_iter().map(|f| Finding { screen: screen.to_string(), ..f }));
        self.screens_checked += 1;
        Ok(())
    }

    /// Writes the report; the serious and critical findings, one line each, if any.
    pub fn axe_verdict(&self) -> Result<(), String> {
        let count = |impact: &str| self.findings.iter().filter(|f| f.impact.as_deref() == Some(impact)).count();
        let report = serde_json::json!({
            "screens": self.screens_checked,
            "critical": count("critical"), "serious": count("serious"), "moderate": count("moderate"), "minor": count("minor"),
            "findings": self.findings,
        });
        let _ = std::fs::write(self.shots.join("axe.json"), serde_json::to_string_pretty(&report).unwrap_or_default());
        let bad: Vec<String> = self
            .findings
            .iter()
            .filter(|f| matches!(f.impact.as_deref(), Some("serious" | "critical")))
            .map(|f| {
                format!(
                    "{} [{}] on {}: {} ({})",
                    f.id,
                    f.impact.as_deref().unwrap_or("?"),
                    f.screen,
                    f.help,
                    f.nodes.join(", ")
                )
            })
            .collect();
        if bad.is_empty() {
            Ok(())
        } else {
            Err(bad.join("\n"))
        }
    }
}
