//! Log in as partner (PREV-1..5): accountable impersonation. A preview binds a window label
//! to (manager, partner user, reason, expiry, draft); every portal command looks its
//! session up by the calling window's label — never by anything in the request — and
//! re-checks, on every call, that the preview is still allowed. Start and end (however it
//! ends) are in the audit log; `open_previews` makes the end survive a crash.

use crate::drafts::View;
use crate::engine::{internal, now, Trellis};
use crate::ApiResult;
use std::collections::HashMap;
use std::sync::Mutex;
use trellis_core::draft::DraftStatus;
use trellis_core::model::{PREVIEW_DEFAULT_MINUTES, PREVIEW_MAX_DEFAULT};
use trellis_core::visibility::viewer;
use trellis_core::wire::{PreviewRow, PreviewStartRequest, PreviewStarted};
use trellis_core::{access, Actor, ContactId, DraftId, ErrorCode, MemberId, Millis, Permission, Person, RuleError};
use trellis_core::{Special, State};
use trellis_store::{Change, OpenPreview, SecurityEvent};

/// Window labels of previews start with this; the preview capability matches `preview-*`.
pub const PREVIEW_LABEL_PREFIX: &str = "preview-";

#[derive(Clone, Debug)]
pub(crate) struct Preview {
    pub manager: MemberId,
    pub contact: ContactId,
    pub reason: String,
    pub started: Millis,
    pub expires: Millis,
    /// PREV-1 with drafts: the portal over this draft's state, read-only.
    pub draft: Option<DraftId>,
    /// "partner user (account)" for the audit log.
    pub target: String,
    /// The shell built its window (`preview_window_opened`): only then does a missing
    /// window mean it was closed, not that it is still being built.
    pub window: bool,
}

#[derive(Default)]
pub(crate) struct Previews(Mutex<HashMap<String, Preview>>);

impl Previews {
    fn with<T>(&self, f: impl FnOnce(&mut HashMap<String, Preview>) -> T) -> T {
        f(&mut self.0.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

/// How a preview ended, for the audit log.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PreviewEnd {
    /// "End preview" in the portal, or the manager ended it from the main window.
    ByManager,
    TimeUp,
    WindowClosed,
    AppClosed,
    SignedOut,
    PermissionLost,
    PartnerUserLost,
    WindowFailed,
}

impl PreviewEnd {
    pub fn text(self) -> &'static str {
        match self {
            PreviewEnd::ByManager => "ended by the manager",
            PreviewEnd::TimeUp => "time was up",
            PreviewEnd::WindowClosed => "the preview window was closed",
            PreviewEnd::AppClosed => "Trellis was closed",
            PreviewEnd::SignedOut => "the manager signed out",
            PreviewEnd::PermissionLost => "the manager no longer may log in as partner",
            PreviewEnd::PartnerUserLost => "the partner user no longer has portal access",
            PreviewEnd::WindowFailed => "the preview window could not open",
        }
    }
}

fn ended() -> RuleError {
    RuleError::session("This preview has ended: open a new one from the partner user's Access tab")
}

fn target(state: &State, contact: ContactId) -> String {
    state
        .contact(contact)
        .map(|c| {
            let account = state.account(c.account).map(|a| a.name.as_str()).unwrap_or("");
            format!("{} ({account})", c.email)
        })
        .unwrap_or_default()
}

/// PREV-5: a reason is required, in words a reviewer can read.
fn reason(text: &str) -> ApiResult<String> {
    if text.trim().is_empty() {
        return Err(RuleError::invalid("reason", "Say why you are opening this preview: a reason is required"));
    }
    trellis_core::validate::description("reason", text)
}

/// Whom a portal command serves: a manager's preview (the calling window's label), or a
/// partner user signed in to the portal server (the server's session, PORT-1). Never
/// anything the page sent.
#[derive(Clone, Copy, Debug)]
pub enum PortalUser<'a> {
    Preview(&'a str),
    SignedIn(ContactId),
}

impl<'a> From<&'a str> for PortalUser<'a> {
    fn from(label: &'a str) -> Self {
        PortalUser::Preview(label)
    }
}

impl<'a> From<&'a String> for PortalUser<'a> {
    fn from(label: &'a String) -> Self {
        PortalUser::Preview(label)
    }
}

/// The portal's caller, checked: who acts, as whom, over which state.
pub(crate) struct Caller {
    pub contact: ContactId,
    pub draft: Option<DraftId>,
    /// The manager's preview behind it; `None` on the portal server.
    pub preview: Option<Preview>,
}

impl Trellis {
    /// PREV-1, PREV-4, PREV-5: opens a preview session for `contact`, audited with its
    /// reason. The shell then opens the window with the returned label.
    pub async fn preview_start(&self, req: PreviewStartRequest) -> ApiResult<PreviewStarted> {
        let manager = self.preview_manager().await?;
        let contact = ContactId::parse(&req.contact_id, "contact_id")?;
        let reason = reason(&req.reason)?;
        let (max, state_target) = {
            let inner = self.read().await;
            let max = inner.state.workspace().map_or(PREVIEW_MAX_DEFAULT, |w| w.preview_max_minutes);
            (max, target(&inner.state, contact))
        };
        let minutes = req.minutes.unwrap_or(PREVIEW_DEFAULT_MINUTES.min(max));
        if minutes == 0 || minutes > max {
            return Err(RuleError::invalid(
                "minutes",
                format!("A preview lasts from 1 to {max} minutes (the workspace's maximum)"),
            ));
        }
        let draft = match req.draft_id.as_deref().filter(|d| !d.trim().is_empty()) {
            Some(text) => {
                let d = self.find_draft(crate::drafts::draft_id(text)?).await?;
                if d.status != DraftStatus::Editing {
                    return Err(RuleError::rule(Some("draft_id"), format!("'{}' is no longer a draft", d.name)));
                }
                Some(d)
            }
            None => None,
        };
        {
            let view = match &draft {
                Some(d) => View::Draft(self.replayed(d).await),
                None => View::Live(self.read().await),
            };
            let state = view.state();
            if state.contact(contact).is_none() {
                return Err(RuleError::not_found("contact_id", format!("No partner user with id {contact}")));
            }
            if viewer(state, Person::Contact(contact)).is_none() {
                return Err(RuleError::rule(
                    Some("contact_id"),
                    "Only an enabled partner user with portal access, on an enabled account, can be previewed (PREV-5)",
                ));
            }
        }
        let at = now();
        let label = format!("{PREVIEW_LABEL_PREFIX}{}", uuid::Uuid::now_v7().simple());
        let preview = Preview {
            manager,
            contact,
            reason: reason.clone(),
            started: at,
            expires: at + minutes as Millis * 60_000,
            draft: draft.as_ref().map(|d| d.id),
            target: state_target.clone(),
            window: false,
        };
        let mut after = serde_json::json!({ "reason": reason, "minutes": minutes });
        if let Some(d) = &draft {
            after["draft"] = serde_json::json!(d.name);
        }
        let change = Change {
            kind: "preview".into(),
            id: label.clone(),
            label: state_target.clone(),
            before: None,
            after: Some(after),
        };
        let actor = Actor::Member(manager);
        let actor_label = self.label(&self.read().await.state, &actor);
        let owner = self.preview_owner.id().map_err(internal)?;
        let row =
            OpenPreview { label: label.clone(), manager, contact, target: state_target.clone(), started_at: at, owner };
        let entry = SecurityEvent {
            actor: &actor,
            actor_label: &actor_label,
            at,
            action: "preview.start",
            target: &state_target,
            changes: vec![change],
        };
        self.store().preview_opened(&row, entry).await.map_err(internal)?;
        self.previews.with(|p| p.insert(label.clone(), preview.clone()));
        let title = match &draft {
            Some(d) => format!("Portal preview — {state_target} — draft “{}”", d.name),
            None => format!("Portal preview — {state_target}"),
        };
        Ok(PreviewStarted { label, title, expires_at: preview.expires })
    }

    /// The signed-in member, if they may log in as partner now. Refused inside a preview
    /// by construction: only the main window reaches this command (PREV-5).
    async fn preview_manager(&self) -> ApiResult<MemberId> {
        self.require(Permission::Special(Special::LogInAsPartner)).await?;
        match self.actor().await? {
            Actor::Member(m) => Ok(m),
            _ => Err(RuleError::forbidden("Only a signed-in manager opens a preview")),
        }
    }

    /// Ends the preview bound to `label`, audited with how it ended. `false` when there was
    /// none open (already ended): nothing is written twice.
    pub async fn preview_end(&self, label: &str, how: PreviewEnd) -> ApiResult<bool> {
        let preview = self.previews.with(|p| p.remove(label));
        let at = now();
        let (manager, target, started) = match &preview {
            Some(p) => (p.manager, p.target.clone(), p.started),
            None => return Ok(false),
        };
        self.audit_end(label, manager, &target, started, at, how).await
    }

    async fn audit_end(
        &self,
        label: &str,
        manager: MemberId,
        target: &str,
        started: Millis,
        at: Millis,
        how: PreviewEnd,
    ) -> ApiResult<bool> {
        let actor = Actor::Member(manager);
        let actor_label = self.label(&self.read().await.state, &actor);
        let minutes = ((at - started).max(0) as f64 / 60_000.0 * 10.0).round() / 10.0;
        let change = Change {
            kind: "preview".into(),
            id: label.to_owned(),
            label: target.to_owned(),
            before: None,
            after: Some(serde_json::json!({ "ended": how.text(), "minutes_open": minutes })),
        };
        let entry = SecurityEvent {
            actor: &actor,
            actor_label: &actor_label,
            at,
            action: "preview.end",
            target,
            changes: vec![change],
        };
        self.store().preview_closed(label, entry).await.map_err(internal)
    }

    /// Previews left open by a Trellis that stopped are ended in the audit log. Those of
    /// a Trellis still running (the app, while a CLI opens the same file) are not ours to
    /// end: only a gone owner's are (issue 17).
    pub(crate) async fn close_orphan_previews(&self) -> ApiResult<()> {
        let open = self.store().open_previews().await.map_err(internal)?;
        for p in open {
            if self.previews.with(|m| m.contains_key(&p.label)) || !self.preview_owner.is_gone(&p.owner) {
                continue;
            }
            self.audit_end(&p.label, p.manager, &p.target, p.started_at, now(), PreviewEnd::AppClosed).await?;
        }
        Ok(())
    }

    /// Ends every open preview (the app is quitting, or the manager signed out).
    pub async fn preview_end_all(&self, how: PreviewEnd) -> ApiResult<Vec<String>> {
        let labels: Vec<String> = self.previews.with(|p| p.keys().cloned().collect());
        for label in &labels {
            self.preview_end(label, how).await?;
        }
        Ok(labels)
    }

    /// PREV-5: ends previews whose time is up; returns their labels so the shell closes
    /// their windows. The shell calls it every few seconds.
    pub async fn preview_sweep(&self) -> ApiResult<Vec<String>> {
        self.preview_sweep_at(now()).await
    }

    /// As `preview_sweep`, as if the clock read `at`.
    pub async fn preview_sweep_at(&self, at: Millis) -> ApiResult<Vec<String>> {
        let due: Vec<String> =
            self.previews.with(|p| p.iter().filter(|(_, v)| v.expires <= at).map(|(k, _)| k.clone()).collect());
        for label in &due {
            self.preview_end(label, PreviewEnd::TimeUp).await?;
        }
        Ok(due)
    }

    /// The shell built the preview's window.
    pub fn preview_window_opened(&self, label: &str) {
        self.previews.with(|p| p.get_mut(label).map(|v| v.window = true));
    }

    /// The open previews whose window was built (the shell ends those whose window is
    /// gone). A window still being built is not counted: under load WebKit can take
    /// seconds, and ending the preview then closed its window as soon as it showed.
    pub fn preview_labels_with_windows(&self) -> Vec<String> {
        self.previews.with(|p| p.iter().filter(|(_, v)| v.window).map(|(k, _)| k.clone()).collect())
    }

    /// Whether a preview is open for `label` (the shell closes windows whose preview ended).
    pub fn preview_is_open(&self, label: &str) -> bool {
        self.previews.with(|p| p.contains_key(label))
    }

    /// Ends one of the signed-in manager's previews from the main window.
    pub async fn preview_close(&self, req: trellis_core::wire::PreviewRef) -> ApiResult<Vec<PreviewRow>> {
        let me = self.preview_manager().await?;
        let mine = self.previews.with(|p| p.get(&req.label).is_some_and(|v| v.manager == me));
        if !mine {
            return Err(RuleError::not_found("label", "No preview of yours is open with that label"));
        }
        self.preview_end(&req.label, PreviewEnd::ByManager).await?;
        self.preview_list().await
    }

    /// The signed-in manager's open previews.
    pub async fn preview_list(&self) -> ApiResult<Vec<PreviewRow>> {
        let me = self.preview_manager().await?;
        let mine: Vec<(String, Preview)> = self
            .previews
            .with(|p| p.iter().filter(|(_, v)| v.manager == me).map(|(k, v)| (k.clone(), v.clone())).collect());
        let drafts = self.drafts.read().await;
        let state = &self.read().await.state;
        let mut rows: Vec<PreviewRow> = mine
            .into_iter()
            .map(|(label, p)| PreviewRow {
                label,
                partner_user: state.contact(p.contact).map(|c| c.name.clone()).unwrap_or_default(),
                account: state
                    .contact(p.contact)
                    .and_then(|c| state.account(c.account))
                    .map(|a| a.name.clone())
                    .unwrap_or_default(),
                reason: p.reason,
                expires_at: p.expires,
                draft: p.draft.and_then(|d| drafts.get(&d)).map(|d| d.name.clone()),
            })
            .collect();
        rows.sort_by_key(|r| r.expires_at);
        Ok(rows)
    }

    /// The checked caller behind `who`: a preview's (below), or a signed-in partner user
    /// who still has portal access (PORT-6: checked on every request, as previews are).
    pub(crate) async fn portal_caller(&self, who: PortalUser<'_>) -> ApiResult<Caller> {
        match who {
            PortalUser::Preview(label) => self.preview_caller(label).await,
            PortalUser::SignedIn(contact) => {
                if viewer(&self.read().await.state, Person::Contact(contact)).is_none() {
                    return Err(RuleError::session(crate::portal_auth::ACCESS_REMOVED));
                }
                Ok(Caller { contact, draft: None, preview: None })
            }
        }
    }

    /// PREV-3, PREV-5: the session bound to the calling window, checked again on every
    /// call. Whatever no longer holds ends the preview, audited, and refuses the call.
    async fn preview_caller(&self, label: &str) -> ApiResult<Caller> {
        let preview = self.previews.with(|p| p.get(label).cloned()).ok_or_else(ended)?;
        if now() >= preview.expires {
            self.preview_end(label, PreviewEnd::TimeUp).await?;
            return Err(RuleError::session("This preview's time is up: it has ended"));
        }
        // The manager must still be the one signed in; a locked Trellis pauses the preview.
        if self.sessions.member() != Some(preview.manager) {
            self.preview_end(label, PreviewEnd::SignedOut).await?;
            return Err(ended());
        }
        let actor = match self.actor().await {
            Ok(a) => a,
            Err(e) if e.code == ErrorCode::Session && self.sessions.member() == Some(preview.manager) => return Err(e),
            Err(e) => {
                self.preview_end(label, PreviewEnd::SignedOut).await?;
                return Err(e);
            }
        };
        let still = {
            let inner = self.read().await;
            let may = access::require(&inner.state, &actor, Permission::Special(Special::LogInAsPartner)).is_ok();
            let user = viewer(&inner.state, Person::Contact(preview.contact)).is_some();
            (may, user)
        };
        match still {
            (false, _) => {
                self.preview_end(label, PreviewEnd::PermissionLost).await?;
                Err(RuleError::forbidden(
                    "You no longer have the permission to log in as partner: the preview has ended",
                ))
            }
            (true, false) if preview.draft.is_none() => {
                self.preview_end(label, PreviewEnd::PartnerUserLost).await?;
                Err(RuleError::session("This partner user no longer has portal access: the preview has ended"))
            }
            _ => Ok(Caller { contact: preview.contact, draft: preview.draft, preview: Some(preview) }),
        }
    }
}
