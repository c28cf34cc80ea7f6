//! Drafts made whole by the app, not change by change (RPT-4: a completed review's
//! decisions). Every op is checked in order on one copy of live — a bulk of 10,000 is
//! one pass, not 10,000 replays — and the draft is saved with one journal entry.

use crate::engine::{internal, now, Trellis};
use crate::ApiResult;
use trellis_core::draft::{Draft, DraftStatus, Step};
use trellis_core::wire::DraftDetail;
use trellis_core::{apply, validate, Actor, DraftId, Event, MemberId, Op, OpId, State};

/// `ops` applied in order by `actor` over a copy of `live`: each with its events, or the
/// first refusal. Ops that would change nothing are left out.
pub(crate) fn dry_run(live: &State, actor: &Actor, ops: Vec<Op>) -> ApiResult<Vec<(Op, Vec<Event>)>> {
    if ops.is_empty() {
        return Ok(Vec::new());
    }
    let mut state = live.clone();
    let mut out = Vec::with_capacity(ops.len());
    for op in ops {
        let events = apply(&state, actor, &op)?;
        if trellis_core::sync::effect_free(&events) {
            continue;
        }
        state.commit(&events);
        out.push((op, events));
    }
    Ok(out)
}

impl Trellis {
    /// Saves a new draft by `author` holding `steps` (from `dry_run` over live), named
    /// `name` — or `name (2)`, … when an open draft already has it.
    pub(crate) async fn draft_from_steps(
        &self,
        name: &str,
        description: &str,
        author: MemberId,
        steps: Vec<(Op, Vec<Event>)>,
    ) -> ApiResult<DraftDetail> {
        // Room for " (12)" within the longest name a draft may have.
        let name: String = name.trim().chars().take(validate::MAX_NAME_CHARS - 5).collect();
        let taken: Vec<String> = self
            .drafts
            .read()
            .await
            .values()
            .filter(|d| d.status == DraftStatus::Editing)
            .map(|d| validate::name_key(&d.name))
            .collect();
        let mut chosen = name.clone();
        let mut n = 2;
        while taken.contains(&validate::name_key(&chosen)) {
            chosen = format!("{name} ({n})");
            n += 1;
        }
        let base = self.store().journal_head().await.map_err(internal)?;
        let at = now();
        let mut draft = Draft::new(DraftId::new_v7(), chosen, description.to_owned(), author, at, base);
        draft.steps =
            steps.into_iter().map(|(op, events)| Step { id: OpId::new_v7(), by: author, at, op, events }).collect();
        let after = serde_json::json!({ "description": draft.description, "changes": draft.steps.len() });
        self.save_draft_with(draft.clone(), "draft.create", after).await?;
        Ok(self.detail(&draft).await)
    }
}
