//! REL-2: a desktop whose workspace file is damaged rejoins the shared workspace into a new
//! file and keeps the changes it had not sent. What the damaged file still holds is read
//! (read-only) and written to an export next to the new file *first*; then the new file
//! joins; then each rescued change that the shared log does not already hold is applied
//! again as its author made it, with its original id (so the log could never hold it
//! twice), and waits to be sent like any change made here. A change the workspace refuses
//! now is listed with why, and nothing of it is applied.

use crate::engine::{internal, now, Trellis};
use crate::sync::remote_err;
use crate::ApiResult;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use trellis_core::sync::{Envelope, Pending};
use trellis_core::wire::{RemoteJoinRequest, RescueReport};
use trellis_core::{apply, RuleError};

/// What the export holds: the workspace the damaged file followed and its changes.
#[derive(Serialize, Deserialize)]
struct Export {
    workspace: Option<uuid::Uuid>,
    envelopes: Vec<Envelope>,
    unreadable: usize,
    problem: Option<String>,
}

/// Where a rescue keeps the changes it read: next to the new file.
pub fn export_path(new_file: &Path) -> PathBuf {
    let mut name = new_file.file_name().unwrap_or_default().to_os_string();
    name.push(".rescued-changes.json");
    new_file.with_file_name(name)
}

impl Trellis {
    /// Joins the shared workspace into `path` (a new file) keeping `damaged`'s unsent
    /// changes. An export left by an earlier attempt is used instead of reading again.
    pub async fn sync_rescue(
        path: &Path,
        damaged: &Path,
        req: RemoteJoinRequest,
    ) -> ApiResult<(Trellis, RescueReport)> {
        if path.exists() && std::fs::canonicalize(path).ok() == std::fs::canonicalize(damaged).ok() {
            return Err(RuleError::invalid("damaged", "Rejoin into a new file, not into the damaged one"));
        }
        let export = export_path(path);
        let rescued: Export = match std::fs::read_to_string(&export) {
            Ok(text) => serde_json::from_str(&text).map_err(|e| {
                RuleError::invalid("damaged", format!("{} is not a rescue export: {e}", export.display()))
            })?,
            Err(_) => {
                if !damaged.exists() {
                    return Err(RuleError::not_found("damaged", format!("No file at {}", damaged.display())));
                }
                let s = trellis_store::salvage::salvage(damaged).await;
                let rescued = Export {
                    workspace: s.workspace,
                    envelopes: s.envelopes,
                    unreadable: s.unreadable,
                    problem: s.problem,
                };
                // Written (and flushed) before anything else: the changes are safe in a file.
                let text = serde_json::to_string_pretty(&rescued).map_err(internal)?;
                write_synced(&export, &text)
                    .map_err(|e| RuleError::invalid("db", format!("cannot write {}: {e}", export.display())))?;
                rescued
            }
        };
        let (t, joined) = Trellis::sync_join(path, req).await?;
        let mut report = RescueReport {
            export: export.display().to_string(),
            found: rescued.envelopes.len() as u32,
            unreadable: rescued.unreadable as u32,
            problem: rescued.problem,
            already_shared: 0,
            reapplied: 0,
            refused: Vec::new(),
            joined,
        };
        let joined_ws = t.read().await.sync.as_ref().map(|f| f.workspace);
        if let (Some(theirs), Some(ours)) = (rescued.workspace, joined_ws) {
            if theirs != ours {
                return Err(RuleError::invalid(
                    "workspace",
                    "The damaged file followed another shared workspace: join that one (its changes stay in the export)",
                ));
            }
        }
        t.reapply(rescued.envelopes, &mut report).await?;
        Ok((t, report))
    }

    async fn reapply(&self, envelopes: Vec<Envelope>, report: &mut RescueReport) -> ApiResult<()> {
        let Some(ws) = self.read().await.sync.as_ref().map(|f| f.workspace) else { return Ok(()) };
        let ids: Vec<_> = envelopes.iter().map(|e| e.id).collect();
        let known = self.remote().await?.1.known_ops(ws, &ids).await.map_err(remote_err)?;
        for envelope in envelopes {
            if known.contains(&envelope.id) {
                report.already_shared += 1;
                continue;
            }
            let mut inner = self.write().await;
            let events = match apply(&inner.state, &envelope.actor, &envelope.op) {
                Ok(events) => events,
                Err(e) => {
                    let who = self.label(&inner.state, &envelope.actor);
                    report.refused.push(format!("{} by {who}: {}", envelope.op.action(), e.message));
                    continue;
                }
            };
            let label = format!("{} (rescued)", self.label(&inner.state, &envelope.actor));
            let pending = Pending { envelope, events };
            let p = &pending;
            self.store()
                .commit_with(&p.envelope.actor, &label, now(), &p.envelope.op, &p.events, &[], Vec::new(), Some(p))
                .await
                .map_err(internal)?;
            inner.state.commit(&pending.events);
            if let Some(sync) = inner.sync.as_mut() {
                sync.pending.push(pending);
            }
            report.reapplied += 1;
        }
        Ok(())
    }
}

fn write_synced(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = std::fs::File::create(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}
