//! Settings: the workspace password policy (WS-4) and the longest preview (PREV-5).

use crate::engine::Trellis;
use crate::ApiResult;
use trellis_core::password::PasswordPolicy;
use trellis_core::wire::SessionInfo;
use trellis_core::{Action, Op, Permission, Resource};

impl Trellis {
    /// WS-4: minimum length (8 or more) and maximum length (64 or more), NIST's bounds.
    pub async fn settings_set_password_policy(&self, policy: PasswordPolicy) -> ApiResult<SessionInfo> {
        self.require(Permission::Crud(Resource::Settings, Action::Update)).await?;
        self.execute(Op::SetPasswordPolicy { policy }).await?;
        Ok(self.session_info().await)
    }

    /// PREV-5: the longest a portal preview may last.
    pub async fn settings_set_preview_max(&self, req: trellis_core::wire::PreviewMaxRequest) -> ApiResult<SessionInfo> {
        self.require(Permission::Crud(Resource::Settings, Action::Update)).await?;
        self.require_live()?;
        self.execute(Op::SetPreviewMax { minutes: req.minutes }).await?;
        Ok(self.session_info().await)
    }

    /// PORT-5: links the portal service's database login (or unlinks it: the portal then
    /// can change nothing). Rows it appends count only for partner users with access.
    pub async fn settings_set_portal_login(
        &self,
        req: trellis_core::wire::PortalLoginRequest,
    ) -> ApiResult<SessionInfo> {
        self.require(Permission::Crud(Resource::Settings, Action::Update)).await?;
        self.require_live()?;
        let login = req.login.filter(|l| !l.trim().is_empty());
        self.execute(Op::SetPortalLogin { login }).await?;
        Ok(self.session_info().await)
    }

    /// PORT-4: how long an unused portal session lasts.
    pub async fn settings_set_portal_idle(&self, req: trellis_core::wire::PortalIdleRequest) -> ApiResult<SessionInfo> {
        self.require(Permission::Crud(Resource::Settings, Action::Update)).await?;
        self.require_live()?;
        self.execute(Op::SetPortalIdle { minutes: req.minutes }).await?;
        Ok(self.session_info().await)
    }

    /// The portal's public address, used in invitation links.
    pub async fn settings_set_portal_address(
        &self,
        req: trellis_core::wire::PortalAddressRequest,
    ) -> ApiResult<SessionInfo> {
        self.require(Permission::Crud(Resource::Settings, Action::Update)).await?;
        self.require_live()?;
        self.execute(Op::SetPortalAddress { url: req.url }).await?;
        Ok(self.session_info().await)
    }
}
