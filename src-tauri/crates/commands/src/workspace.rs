//! WS-1: first run, the session summary.

use crate::engine::Trellis;
use crate::ApiResult;
use trellis_core::access::effective_permissions;
use trellis_core::wire::{CreateWorkspaceRequest, Me, SessionInfo, WorkspaceInfo};
use trellis_core::{MemberId, Op};

impl Trellis {
    pub async fn session_info(&self) -> SessionInfo {
        let inner = self.read().await;
        let state = &inner.state;
        let workspace = state.workspace().map(|w| WorkspaceInfo {
            name: w.name.clone(),
            created_at: w.created_at,
            member_count: state.members().filter(|m| m.is_current()).count() as u32,
        });
        let me = inner.session.and_then(|id| state.member(id)).map(|m| Me {
            id: m.id,
            name: m.display_name().to_owned(),
            email: m.email.clone(),
            role_name: m.role.and_then(|r| state.role(r)).map(|r| r.name.clone()),
            permissions: effective_permissions(state, m),
        });
        SessionInfo { workspace, me }
    }

    /// WS-1: creates the workspace and its Owner, and signs the Owner in.
    pub async fn workspace_create(&self, req: CreateWorkspaceRequest) -> ApiResult<SessionInfo> {
        let op = Op::CreateWorkspace {
            name: req.workspace_name,
            owner: MemberId::new_v7(),
            owner_name: req.owner_name,
            owner_email: req.owner_email,
            at: crate::engine::now(),
        };
        self.execute_as(Some(trellis_core::Actor::Bootstrap), op).await?;
        Ok(self.session_info().await)
    }
}
