//! SEC-2: the audit log — every journal entry, filterable, exportable to CSV.

use crate::engine::{internal, Trellis};
use crate::ApiResult;
use serde_json::Value;
use trellis_core::wire::{AuditChange, AuditCsv, AuditDraft, AuditPage, AuditQuery, AuditRow};
use trellis_core::{Action, MemberId, Op, Permission, Resource, Special, State};
use trellis_store::{JournalEntry, JournalFilter};

const SHOWN_CHANGES: usize = 20;
const MAX_PAGE: u32 = 500;
const MAX_EXPORT: u32 = 100_000;

/// Field values as display text; anything about a password is redacted whatever it says.
fn text(v: &Option<Value>) -> String {
    match v {
        None => "—".into(),
        Some(Value::Object(map)) => map
            .iter()
            .map(|(k, v)| {
                let shown = if k.contains("password") || k == "phc" {
                    match v {
                        Value::Null => "none".to_owned(),
                        Value::String(s) if s.starts_with('[') => s.clone(),
                        _ => "[redacted]".to_owned(),
                    }
                } else {
                    match v {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    }
                };
                format!("{k}: {shown}")
            })
            .collect::<Vec<_>>()
            .join("; "),
        Some(other) => other.to_string(),
    }
}

/// A published draft's entry opens to its changes, with who drafted and approved it.
fn draft(state: &State, op: &Option<Op>) -> Option<AuditDraft> {
    let Some(Op::PublishDraft { name, author, approver, ops, .. }) = op else { return None };
    let email = |id: MemberId| state.member(id).map_or_else(|| id.to_string(), |m| m.email.clone());
    Some(AuditDraft {
        name: name.clone(),
        author: email(*author),
        approver: approver.map(email),
        changes: ops.iter().map(|o| trellis_core::draft::describe(state, o)).collect(),
    })
}

fn row(state: &State, e: JournalEntry) -> AuditRow {
    let more = e.changes.len().saturating_sub(SHOWN_CHANGES) as u32;
    AuditRow {
        draft: draft(state, &e.op),
        seq: e.seq,
        at: e.at,
        actor: e.actor_label,
        action: e.action,
        target: e.target,
        changes: e
            .changes
            .into_iter()
            .take(SHOWN_CHANGES)
            .map(|c| AuditChange { kind: c.kind, label: c.label, before: text(&c.before), after: text(&c.after) })
            .collect(),
        more_changes: more,
    }
}

fn filter(q: &AuditQuery, limit: u32) -> JournalFilter {
    JournalFilter {
        actor: q.actor.trim().to_owned(),
        action: q.action.trim().to_owned(),
        target: q.target.trim().to_owned(),
        from: q.from.unwrap_or(i64::MIN),
        to: q.to.unwrap_or(i64::MAX),
        offset: q.offset,
        limit,
    }
}

/// RFC 4180 quoting, and a leading `'` on cells a spreadsheet would run as a formula.
pub(crate) fn csv_cell(s: &str) -> String {
    let guarded = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_owned() };
    format!("\"{}\"", guarded.replace('"', "\"\""))
}

/// Exports (the audit log, reports) need the Export permission besides reading.
pub(crate) fn require_export(perms: trellis_core::PermissionSet) -> ApiResult<()> {
    trellis_core::access::require_within(perms, Permission::Special(Special::Export).into(), "export", "Exporting")
}

impl Trellis {
    pub async fn audit_list(&self, q: AuditQuery) -> ApiResult<AuditPage> {
        self.require(Permission::Crud(Resource::AuditLog, Action::Read)).await?;
        let limit = if q.limit == 0 { 100 } else { q.limit.min(MAX_PAGE) };
        let (total, entries) = self.store().journal_search(&filter(&q, limit)).await.map_err(internal)?;
        let inner = self.read().await;
        Ok(AuditPage { total, rows: entries.into_iter().map(|e| row(&inner.state, e)).collect() })
    }

    /// The filtered log as CSV: one line per changed entity, with before and after.
    pub async fn audit_export(&self, q: AuditQuery) -> ApiResult<AuditCsv> {
        require_export(self.require(Permission::Crud(Resource::AuditLog, Action::Read)).await?)?;
        let (_, entries) =
            self.store().journal_search(&filter(&AuditQuery { offset: 0, ..q }, MAX_EXPORT)).await.map_err(internal)?;
        let mut csv = String::from("seq,time_utc_ms,actor,action,target,entity,entity_label,before,after\n");
        let mut rows = 0;
        for e in entries {
            let mut target = e.target.clone();
            if let Some(d) = draft(&self.read().await.state, &e.op) {
                let approved = d.approver.map(|a| format!(", approved by {a}")).unwrap_or_default();
                target = format!("{target} (drafted by {}{approved}): {}", d.author, d.changes.join("; "));
            }
            let head = [e.seq.to_string(), e.at.to_string(), e.actor_label.clone(), e.action.clone(), target];
            let lines: Vec<[String; 4]> = if e.changes.is_empty() {
                vec![[String::new(), String::new(), String::new(), String::new()]]
            } else {
                e.changes.iter().map(|c| [c.kind.clone(), c.label.clone(), text(&c.before), text(&c.after)]).collect()
            };
            for l in lines {
                let cells: Vec<String> = head.iter().chain(l.iter()).map(|c| csv_cell(c)).collect();
                csv.push_str(&cells.join(","));
                csv.push('\n');
                rows += 1;
            }
        }
        Ok(AuditCsv { file_name: "trellis-audit-log.csv".into(), csv, rows })
    }
}
