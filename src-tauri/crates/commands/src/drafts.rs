//! Drafts (DRAFT-1, DRAFT-3, DRAFT-5): prepared changes that affect nobody until
//! published. While a member has a draft open, every change they make through any
//! command goes to the draft (`engine::execute_labelled`), and every screen reads the
//! draft's state (`view`); publishing sends it to live — and to the shared log — as one.

use crate::engine::{internal, now, Inner, Trellis};
use crate::ApiResult;
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::RwLockReadGuard;
use trellis_core::draft::{
    conflicts_with_live, describe, describe_with, rebased, replay, Draft, DraftStatus, Replayed, Stamp, Step,
};
use trellis_core::effect::Effect;
use trellis_core::sync::{effect_free, Envelope, Pending};
use trellis_core::wire::*;
use trellis_core::{apply, validate, Action, Actor, DraftId, Event, MemberId, Op, OpId, Permission, Resource};
use trellis_core::{RuleError, State};
use trellis_store::{Change, Publishing, SecurityEvent};

/// A draft replayed over live (and its effect, once asked for), for one live revision.
pub(crate) struct Cached {
    key: (u64, usize, i64),
    pub replayed: Arc<Replayed>,
    pub effect: Option<Arc<Effect>>,
}

pub(crate) type Replays = std::sync::Mutex<HashMap<DraftId, Cached>>;

const CACHED_DRAFTS: usize = 4;

pub(crate) fn live_only() -> RuleError {
    RuleError::rule(Some("draft"), "This cannot be part of a draft: leave the draft to do it live")
}

/// What a screen reads: live, or the open draft's state.
pub(crate) enum View<'a> {
    Live(RwLockReadGuard<'a, Inner>),
    Draft(Arc<Replayed>),
}

impl View<'_> {
    pub fn state(&self) -> &State {
        match self {
            View::Live(inner) => &inner.state,
            View::Draft(r) => &r.state,
        }
    }
}

pub(crate) fn draft_id(text: &str) -> ApiResult<DraftId> {
    DraftId::parse(text, "draft_id")
}

fn entry<'a>(
    actor: &'a Actor,
    label: &'a str,
    action: &'a str,
    draft: &'a Draft,
    after: serde_json::Value,
) -> SecurityEvent<'a> {
    let change = Change {
        kind: "draft".into(),
        id: draft.id.to_string(),
        label: draft.name.clone(),
        before: None,
        after: Some(after),
    };
    SecurityEvent { actor, actor_label: label, at: now(), action, target: &draft.name, changes: vec![change] }
}

impl Trellis {
    /// The draft with `id`, as it is now.
    pub(crate) async fn find_draft(&self, id: DraftId) -> ApiResult<Draft> {
        self.drafts
            .read()
            .await
            .get(&id)
            .cloned()
            .ok_or_else(|| RuleError::not_found("draft_id", format!("No draft with id {id}")))
    }

    /// `draft` replayed over live, from the cache while neither moved.
    pub(crate) async fn replayed(&self, draft: &Draft) -> Arc<Replayed> {
        self.cached(draft, false).await.0
    }

    /// As `replayed`, with the draft's effect (DRAFT-2).
    pub(crate) async fn replayed_with_effect(&self, draft: &Draft) -> (Arc<Replayed>, Arc<Effect>) {
        let (r, e) = self.cached(draft, true).await;
        (r, e.expect("asked for"))
    }

    async fn cached(&self, draft: &Draft, with_effect: bool) -> (Arc<Replayed>, Option<Arc<Effect>>) {
        let inner = self.read().await;
        let key = (self.live_rev.load(std::sync::atomic::Ordering::SeqCst), draft.steps.len(), draft.updated_at);
        let hit = {
            let cache = self.replays.lock().unwrap_or_else(|p| p.into_inner());
            cache.get(&draft.id).filter(|c| c.key == key).map(|c| (c.replayed.clone(), c.effect.clone()))
        };
        let (replayed, effect) = match hit {
            Some(found) => found,
            None => (Arc::new(replay(&inner.state, draft)), None),
        };
        let effect = match (effect, with_effect) {
            (Some(e), _) => Some(e),
            (None, true) => {
                Some(Arc::new(trellis_core::effect::effect(&inner.state, &replayed.state, &replayed.events)))
            }
            (None, false) => None,
        };
        let mut cache = self.replays.lock().unwrap_or_else(|p| p.into_inner());
        // Each entry holds a whole state: keep a few (the open draft is asked for most).
        if cache.len() >= CACHED_DRAFTS && !cache.contains_key(&draft.id) {
            let editing = self.sessions.editing();
            let evict = cache.keys().copied().find(|k| Some(*k) != editing);
            if let Some(k) = evict {
                cache.remove(&k);
            }
        }
        cache.insert(draft.id, Cached { key, replayed: replayed.clone(), effect: effect.clone() });
        (replayed, effect)
    }

    /// What the signed-in member's screens read: their open draft, or live.
    pub(crate) async fn view(&self) -> ApiResult<View<'_>> {
        if let Some(id) = self.sessions.editing() {
            match self.find_draft(id).await {
                Ok(d) if d.status == DraftStatus::Editing => return Ok(View::Draft(self.replayed(&d).await)),
                // Published or discarded meanwhile: back to live.
                _ => self.sessions.set_editing(None),
            }
        }
        Ok(View::Live(self.read().await))
    }

    /// Refuses while a draft is open: for actions that only exist live (passwords).
    pub(crate) fn require_live(&self) -> ApiResult<()> {
        match self.sessions.editing() {
            Some(_) => Err(live_only()),
            None => Ok(()),
        }
    }

    /// DRAFT-1: `op` by `actor` goes to the open draft, checked against the draft's state.
    pub(crate) async fn draft_step(&self, id: DraftId, actor: Actor, op: Op) -> ApiResult<Vec<Event>> {
        let Actor::Member(by) = actor else { return Err(live_only()) };
        let mut drafts = self.drafts.write().await;
        let draft =
            drafts.get(&id).ok_or_else(|| RuleError::not_found("draft_id", format!("No draft with id {id}")))?;
        draft.require_editing("draft_id")?;
        let replayed = self.replayed(draft).await;
        if !op.draftable() {
            return Err(RuleError::rule(
                Some("draft"),
                format!(
                    "“{}” cannot be part of a draft: leave the draft “{}” to do it live",
                    describe(&replayed.state, &op),
                    draft.name
                ),
            ));
        }
        if let Some((i, e)) = &replayed.broken {
            return Err(RuleError::rule(
                Some("draft"),
                format!("Change {} of this draft no longer applies ({}): rebase or remove it first", i + 1, e.message),
            ));
        }
        let events = apply(&replayed.state, &actor, &op)?;
        if effect_free(&events) {
            return Ok(Vec::new());
        }
        let what = describe(&replayed.state, &op);
        let mut next = draft.clone();
        let at = now();
        next.steps.push(Step { id: OpId::new_v7(), by, at, op, events: events.clone() });
        next.updated_at = at.max(draft.updated_at + 1);
        next.approval = None; // DRAFT-5: any edit voids the approval
        let label = self.label(&self.read().await.state, &actor);
        let after = serde_json::json!({ "change": what, "changes": next.steps.len() });
        self.store()
            .save_draft(&next, Some(entry(&actor, &label, "draft.change", &next, after)))
            .await
            .map_err(internal)?;
        drafts.insert(id, next);
        Ok(events)
    }

    /// Applies a change to a draft's record (not its steps) and journals it.
    pub(crate) async fn save_draft_with(
        &self,
        draft: Draft,
        action: &'static str,
        after: serde_json::Value,
    ) -> ApiResult<()> {
        let actor = self.actor().await?;
        let label = self.label(&self.read().await.state, &actor);
        self.store().save_draft(&draft, Some(entry(&actor, &label, action, &draft, after))).await.map_err(internal)?;
        self.drafts.write().await.insert(draft.id, draft);
        Ok(())
    }

    fn email_of(state: &State, id: MemberId) -> String {
        state.member(id).map(|m| m.email.clone()).unwrap_or_default()
    }

    /// `stale`: whether live moved what the draft changes (or a change no longer applies).
    pub(crate) fn draft_row(&self, state: &State, d: &Draft, stale: bool) -> DraftRow {
        let four_eyes = state.workspace().is_some_and(|w| w.four_eyes);
        let draft_state = match d.status {
            DraftStatus::Published => DraftState::Published,
            DraftStatus::Discarded => DraftState::Discarded,
            DraftStatus::Editing if stale => DraftState::Stale,
            DraftStatus::Editing if d.steps.is_empty() || (four_eyes && d.approval.is_none()) => DraftState::Editing,
            DraftStatus::Editing => DraftState::Ready,
        };
        DraftRow {
            id: d.id.to_string(),
            name: d.name.clone(),
            description: d.description.clone(),
            author: Self::email_of(state, d.author),
            created_at: d.created_at,
            updated_at: d.updated_at,
            state: draft_state,
            changes: d.steps.len() as u32,
            base: d.base_seq,
            approved_by: d.approval.map(|a| Self::email_of(state, a.by)),
            closed_by: d.closed.map(|c| Self::email_of(state, c.by)),
            closed_at: d.closed.map(|c| c.at),
        }
    }

    pub(crate) async fn detail(&self, d: &Draft) -> DraftDetail {
        let replayed = if d.status == DraftStatus::Editing { Some(self.replayed(d).await) } else { None };
        let inner = self.read().await;
        let live = &inner.state;
        let four_eyes = live.workspace().is_some_and(|w| w.four_eyes);
        let named = replayed.as_ref().map_or(live, |r| &r.state);
        let steps = d
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| DraftStepRow {
                index: i as u32,
                action: s.op.action().to_owned(),
                description: describe_with(named, &s.op, &s.events),
                by: Self::email_of(live, s.by),
                at: s.at,
            })
            .collect();
        let mut blockers = Vec::new();
        match d.status {
            DraftStatus::Published => blockers.push("This draft was published".to_owned()),
            DraftStatus::Discarded => blockers.push("This draft was discarded".to_owned()),
            DraftStatus::Editing => {
                if d.steps.is_empty() {
                    blockers.push("No changes yet".to_owned());
                }
                if let Some(r) = &replayed {
                    if let Some((i, e)) = &r.broken {
                        blockers.push(format!("Change {} no longer applies: {}", i + 1, e.message));
                    }
                    if !r.conflicts.is_empty() {
                        blockers.push(format!(
                            "Live changed {} field(s) this draft changes since it was made: review them and rebase",
                            r.conflicts.len()
                        ));
                    }
                }
                if four_eyes && d.approval.is_none() {
                    blockers.push("Needs another manager's approval (four eyes)".to_owned());
                }
            }
        }
        let warnings = replayed.as_ref().map(|r| trellis_core::effect::warnings(&r.state)).unwrap_or_default();
        DraftDetail {
            row: self.draft_row(
                live,
                d,
                replayed.as_ref().is_some_and(|r| r.broken.is_some() || !r.conflicts.is_empty()),
            ),
            steps,
            conflicts: replayed.as_ref().map(|r| r.conflicts.clone()).unwrap_or_default(),
            broken: replayed
                .as_ref()
                .and_then(|r| r.broken.as_ref())
                .map(|(i, e)| format!("Change {}: {}", i + 1, e.message)),
            warnings,
            four_eyes,
            blockers,
            open: self.sessions.editing() == Some(d.id),
        }
    }

    async fn editable(&self, text: &str) -> ApiResult<Draft> {
        let d = self.find_draft(draft_id(text)?).await?;
        d.require_editing("draft_id")?;
        Ok(d)
    }

    pub async fn draft_create(&self, req: DraftCreateRequest) -> ApiResult<DraftDetail> {
        self.require(Permission::Crud(Resource::Roles, Action::Read)).await?;
        let Actor::Member(me) = self.actor().await? else { return Err(live_only()) };
        let name = validate::name("name", "Draft name", &req.name)?;
        let description = validate::description("description", &req.description)?;
        let key = validate::name_key(&name);
        let taken = self
            .drafts
            .read()
            .await
            .values()
            .any(|d| d.status == DraftStatus::Editing && validate::name_key(&d.name) == key);
        if taken {
            return Err(RuleError::conflict("name", format!("An open draft is already called '{name}'")));
        }
        let base = self.store().journal_head().await.map_err(internal)?;
        let draft = Draft::new(DraftId::new_v7(), name, description, me, now(), base);
        self.save_draft_with(draft.clone(), "draft.create", serde_json::json!({ "description": draft.description }))
            .await?;
        Ok(self.detail(&draft).await)
    }

    pub async fn draft_list(&self) -> ApiResult<Vec<DraftRow>> {
        self.require(Permission::Crud(Resource::Roles, Action::Read)).await?;
        let drafts: Vec<Draft> = self.drafts.read().await.values().cloned().collect();
        let inner = self.read().await;
        // The list compares each draft's fields with live (cheap); a change that no longer
        // applies at all shows when the draft is opened.
        let rows_of = |d: &Draft| {
            let stale = d.status == DraftStatus::Editing && !conflicts_with_live(&inner.state, d).is_empty();
            self.draft_row(&inner.state, d, stale)
        };
        let mut rows: Vec<DraftRow> = drafts.iter().map(rows_of).collect();
        rows.sort_by_key(|r| (r.state == DraftState::Published || r.state == DraftState::Discarded, -r.updated_at));
        Ok(rows)
    }

    pub async fn draft_show(&self, req: DraftRef) -> ApiResult<DraftDetail> {
        self.require(Permission::Crud(Resource::Roles, Action::Read)).await?;
        let d = self.find_draft(draft_id(&req.draft_id)?).await?;
        Ok(self.detail(&d).await)
    }

    /// Opens a draft for editing: from now on this member's changes go to it.
    pub async fn draft_open(&self, req: DraftRef) -> ApiResult<DraftDetail> {
        self.require(Permission::Crud(Resource::Roles, Action::Read)).await?;
        let d = self.editable(&req.draft_id).await?;
        self.sessions.set_editing(Some(d.id));
        Ok(self.detail(&d).await)
    }

    /// Leaves the draft: changes are live again.
    pub async fn draft_close(&self) -> ApiResult<SessionInfo> {
        self.actor().await?;
        self.sessions.set_editing(None);
        Ok(self.session_info().await)
    }

    /// Removes one change (and only if nothing later in the draft depends on it).
    pub async fn draft_remove_change(&self, req: DraftChangeRef) -> ApiResult<DraftDetail> {
        self.require(Permission::Crud(Resource::Roles, Action::Read)).await?;
        let mut d = self.editable(&req.draft_id).await?;
        let i = req.index as usize;
        if i >= d.steps.len() {
            return Err(RuleError::not_found("index", format!("The draft has no change {}", i + 1)));
        }
        let removed = d.steps.remove(i);
        let check = replay(&self.read().await.state, &d);
        if let Some((j, e)) = check.broken {
            return Err(RuleError::rule(
                Some("index"),
                format!("Change {} depends on it ({}): remove that one first", j + 2, e.message),
            ));
        }
        d.updated_at = now().max(d.updated_at + 1);
        d.approval = None;
        let what = describe(&self.read().await.state, &removed.op);
        self.save_draft_with(d.clone(), "draft.remove_change", serde_json::json!({ "removed": what })).await?;
        Ok(self.detail(&d).await)
    }

    /// DRAFT-5: another manager who may edit roles approves the draft as it is now.
    pub async fn draft_approve(&self, req: DraftRef) -> ApiResult<DraftDetail> {
        self.require(Permission::Crud(Resource::Roles, Action::Update)).await?;
        let Actor::Member(me) = self.actor().await? else { return Err(live_only()) };
        let mut d = self.editable(&req.draft_id).await?;
        if !self.read().await.state.workspace().is_some_and(|w| w.four_eyes) {
            return Err(RuleError::rule(
                Some("draft_id"),
                "This workspace does not ask for approvals: four eyes is off in Settings",
            ));
        }
        if d.author == me {
            return Err(RuleError::rule(
                Some("draft_id"),
                "You drafted this: another manager must approve it (four eyes)",
            ));
        }
        if d.steps.is_empty() {
            return Err(RuleError::rule(Some("draft_id"), "This draft has no changes to approve"));
        }
        // DRAFT-5: four eyes means someone who made none of it; else an author's colleague
        // could add a change to an empty draft and approve it themselves.
        if d.steps.iter().any(|s| s.by == me) {
            return Err(RuleError::rule(
                Some("draft_id"),
                "You made changes in this draft: a manager who made none of them must approve it (four eyes)",
            ));
        }
        let r = self.replayed(&d).await;
        if r.broken.is_some() || !r.conflicts.is_empty() {
            return Err(RuleError::stale(
                "draft_id",
                "Live changed since this draft was made: it must be rebased before approval",
            ));
        }
        d.approval = Some(Stamp { by: me, at: now() });
        self.save_draft_with(d.clone(), "draft.approve", serde_json::json!({ "changes": d.steps.len() })).await?;
        Ok(self.detail(&d).await)
    }

    pub async fn draft_discard(&self, req: DraftRef) -> ApiResult<DraftDetail> {
        let perms = self.require(Permission::Crud(Resource::Roles, Action::Read)).await?;
        let Actor::Member(me) = self.actor().await? else { return Err(live_only()) };
        let mut d = self.editable(&req.draft_id).await?;
        if d.author != me && !perms.contains(Permission::Crud(Resource::Roles, Action::Update)) {
            return Err(RuleError::rule(
                Some("draft_id"),
                "Only the draft's author or a manager who may edit roles can discard it",
            ));
        }
        d.status = DraftStatus::Discarded;
        d.closed = Some(Stamp { by: me, at: now() });
        d.updated_at = now().max(d.updated_at + 1);
        if self.sessions.editing() == Some(d.id) {
            self.sessions.set_editing(None);
        }
        self.save_draft_with(d.clone(), "draft.discard", serde_json::json!({ "changes": d.steps.len() })).await?;
        Ok(self.detail(&d).await)
    }

    /// DRAFT-3: after reviewing base / live / draft, the draft is re-recorded over live
    /// as it is now (its own values win on the fields it changes).
    pub async fn draft_rebase(&self, req: DraftRef) -> ApiResult<DraftDetail> {
        self.require(Permission::Crud(Resource::Roles, Action::Read)).await?;
        let d = self.editable(&req.draft_id).await?;
        let mut next = {
            let inner = self.read().await;
            rebased(&inner.state, &d).map_err(|e| RuleError { field: Some("draft_id".into()), ..e })?
        };
        next.base_seq = self.store().journal_head().await.map_err(internal)?;
        next.updated_at = now().max(d.updated_at + 1);
        next.approval = None;
        self.save_draft_with(next.clone(), "draft.rebase", serde_json::json!({ "changes": next.steps.len() })).await?;
        Ok(self.detail(&next).await)
    }

    /// DRAFT-3: every change re-checked against live, applied all together or not at all;
    /// one journal entry, one change for the shared log.
    pub async fn draft_publish(&self, req: DraftRef) -> ApiResult<DraftDetail> {
        self.require(Permission::Crud(Resource::Roles, Action::Read)).await?;
        let actor = self.actor().await?;
        let Actor::Member(me) = actor else { return Err(live_only()) };
        let mut d = self.editable(&req.draft_id).await?;
        let r = self.replayed(&d).await;
        if let Some((i, e)) = &r.broken {
            return Err(RuleError {
                field: Some("draft_id".into()),
                message: format!("Change {} of {} no longer applies: {}", i + 1, d.steps.len(), e.message),
                ..e.clone()
            });
        }
        if !r.conflicts.is_empty() {
            return Err(RuleError::stale(
                "draft_id",
                format!(
                    "Live changed {} field(s) this draft changes since it was made: review base / live / draft and rebase it",
                    r.conflicts.len()
                ),
            ));
        }
        let op = Op::PublishDraft {
            draft: d.id,
            name: d.name.clone(),
            author: d.author,
            approver: d.approval.map(|a| a.by),
            editors: editors(&d),
            ops: r.ops.clone(),
        };
        let mut inner = self.write().await;
        let events = apply(&inner.state, &actor, &op)
            .map_err(|e| RuleError { field: e.field.or(Some("draft_id".into())), ..e })?;
        let label = self.label(&inner.state, &actor);
        let at = now();
        let pending = inner.sync.as_ref().map(|_| Pending {
            envelope: Envelope { id: OpId::new_v7(), actor, via: None, at, group: None, op: op.clone() },
            events: events.clone(),
        });
        d.status = DraftStatus::Published;
        d.closed = Some(Stamp { by: me, at });
        d.updated_at = at.max(d.updated_at + 1);
        let publishing =
            Publishing { actor: &actor, actor_label: &label, at, op: &op, events: &events, pending: pending.as_ref() };
        self.store().publish_draft(&mut d, publishing).await.map_err(internal)?;
        inner.state.commit(&events);
        if let (Some(sync), Some(p)) = (inner.sync.as_mut(), pending) {
            sync.pending.push(p);
        }
        drop(inner);
        self.drafts.write().await.insert(d.id, d.clone());
        if self.sessions.editing() == Some(d.id) {
            self.sessions.set_editing(None);
        }
        Ok(self.detail(&d).await)
    }

    /// DRAFT-5's setting.
    pub async fn settings_set_four_eyes(&self, req: FourEyesRequest) -> ApiResult<SessionInfo> {
        self.require(Permission::Crud(Resource::Settings, Action::Update)).await?;
        self.execute(Op::SetFourEyes { on: req.on }).await?;
        Ok(self.session_info().await)
    }
}

/// Everyone who made one of a draft's changes, in the order they first did.
fn editors(d: &Draft) -> Vec<MemberId> {
    let mut out: Vec<MemberId> = Vec::new();
    for s in &d.steps {
        if !out.contains(&s.by) {
            out.push(s.by);
        }
    }
    out
}
