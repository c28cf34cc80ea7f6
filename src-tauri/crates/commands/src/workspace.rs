//! WS-1: first run; the session summary the window starts from.

use crate::auth::{credential_change, hash};
use crate::engine::{now, Trellis};
use crate::session::Session;
use crate::ApiResult;
use serde_json::json;
use trellis_core::access::effective_permissions;
use trellis_core::password::{self, PasswordPolicy};
use trellis_core::wire::{CreateWorkspaceRequest, Me, SessionInfo, SessionStatus, WorkspaceInfo};
use trellis_core::{validate, Actor, MemberId, Op, RuleError};
use trellis_store::CredentialWrite;

impl Trellis {
    pub async fn session_info(&self) -> SessionInfo {
        let (status, member) = self.sessions.status(now());
        let draft = match self.sessions.editing() {
            Some(id) => {
                let drafts = self.drafts.read().await;
                let open = drafts.get(&id).filter(|d| d.status == trellis_core::draft::DraftStatus::Editing);
                open.map(|d| (d.id, d.name.clone()))
            }
            None => None,
        };
        let inner = self.read().await;
        let state = &inner.state;
        let workspace = state.workspace().map(|w| WorkspaceInfo {
            name: w.name.clone(),
            created_at: w.created_at,
            member_count: state.members().filter(|m| m.is_current()).count() as u32,
        });
        let me = member.and_then(|id| state.member(id)).map(|m| Me {
            id: m.id,
            name: m.display_name().to_owned(),
            email: m.email.clone(),
            role_name: m.role.and_then(|r| state.role(r)).map(|r| r.name.clone()),
            permissions: if status == SessionStatus::Active {
                effective_permissions(state, m)
            } else {
                Default::default()
            },
        });
        SessionInfo {
            workspace,
            me,
            status,
            password_policy: state.workspace().map(|w| w.password_policy).unwrap_or_default(),
            partner_features: state.workspace().map(|w| w.partner_features).unwrap_or_default(),
            idle_lock_minutes: self.sessions.idle_lock_minutes(),
            keyring: self.sessions.keyring_label(),
            draft: draft.map(|(id, name)| trellis_core::wire::EditingDraft { id: id.to_string(), name }),
            four_eyes: state.workspace().is_some_and(|w| w.four_eyes),
            preview_max_minutes: state
                .workspace()
                .map_or(trellis_core::model::PREVIEW_MAX_DEFAULT, |w| w.preview_max_minutes),
            portal_login: state.workspace().and_then(|w| w.portal_login.clone()),
            portal_idle_minutes: state
                .workspace()
                .map_or(trellis_core::model::PORTAL_IDLE_DEFAULT, |w| w.portal_idle_minutes),
            portal_url: state.workspace().and_then(|w| w.portal_url.clone()),
        }
    }

    /// WS-1: creates the workspace and its Owner with a password, and signs the Owner in.
    pub async fn workspace_create(&self, req: CreateWorkspaceRequest) -> ApiResult<SessionInfo> {
        if self.read().await.state.workspace().is_some() {
            return Err(RuleError::new(
                trellis_core::ErrorCode::Workspace,
                None,
                "This database already holds a workspace",
            ));
        }
        // Check the cheap things before the deliberately slow hash.
        validate::name("workspace_name", "Workspace name", &req.workspace_name)?;
        validate::name("owner_name", "Your name", &req.owner_name)?;
        let email = validate::email("owner_email", &req.owner_email)?;
        let personal = [email.as_str(), req.owner_name.as_str(), req.workspace_name.as_str()];
        password::require("password", req.password.expose(), PasswordPolicy::default(), &personal)?;
        let owner = MemberId::new_v7();
        let at = now();
        let phc = hash(req.password).await?;
        let op = Op::CreateWorkspace {
            name: req.workspace_name,
            owner,
            owner_name: req.owner_name,
            owner_email: email.clone(),
            at,
        };
        let write = CredentialWrite::Password { member: owner, phc, must_change: false, at };
        let change = credential_change(owner, &email, json!({ "password": null }), json!({ "password": "[set]" }));
        self.execute_with(Actor::Bootstrap, op, vec![write], vec![change]).await?;
        self.start_session(Session {
            member: owner,
            must_change: false,
            locked: false,
            last_activity: at,
            remembered: None,
            editing: None,
        });
        Ok(self.session_info().await)
    }
}
