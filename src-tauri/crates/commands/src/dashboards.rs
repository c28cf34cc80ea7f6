//! RPT-3: dashboards the manager composes and publishes to portal roles. Publishing,
//! changing, withdrawing and deleting go through `execute`, so they are journalled,
//! synced, and land in the open draft when there is one.

use crate::engine::Trellis;
use crate::ApiResult;
use trellis_core::dashboards::{reaches, warnings, Dashboard, TileKind};
use trellis_core::model::{Audience, RoleGroup};
use trellis_core::wire::*;
use trellis_core::{Action, DashboardId, Op, Permission, Resource, RoleId, RuleError, Special, State};

fn role_ref(state: &State, id: RoleId) -> DashboardRoleRef {
    DashboardRoleRef { id, name: state.role(id).map(|r| r.name.clone()).unwrap_or_default() }
}

fn row(state: &State, d: &Dashboard) -> DashboardRow {
    let reach = if d.published() { state.contacts().filter(|c| reaches(state, d, c.id)).count() as u32 } else { 0 };
    DashboardRow {
        id: d.id,
        name: d.name.clone(),
        tiles: d.tiles.clone(),
        roles: d.roles.iter().map(|r| role_ref(state, *r)).collect(),
        publish_to: d.publish_to,
        locked: d.locked,
        reach,
        warnings: warnings(state, d),
        version: d.version,
    }
}

impl Trellis {
    /// Every dashboard, the portal roles one may go to, and the tiles to compose from.
    pub async fn dashboard_list(&self) -> ApiResult<DashboardList> {
        self.require(Permission::Crud(Resource::Reports, Action::Read)).await?;
        let inner = self.view().await?;
        let state = inner.state();
        let mut dashboards: Vec<DashboardRow> = state.dashboards().map(|d| row(state, d)).collect();
        dashboards.sort_by_key(|d| d.name.to_lowercase());
        let mut roles: Vec<DashboardRoleRef> = state
            .roles()
            .into_iter()
            .filter(|r| r.audience == Audience::Partner && r.group == RoleGroup::Portal)
            .map(|r| role_ref(state, r.id))
            .collect();
        roles.sort_by(|a, b| a.name.cmp(&b.name));
        let tiles = TileKind::ALL.iter().map(|k| TileChoice { kind: *k, title: k.title().to_owned() }).collect();
        Ok(DashboardList { dashboards, roles, tiles })
    }

    /// Create, change, publish (roles named) or withdraw (no roles) a dashboard.
    pub async fn dashboard_save(&self, req: DashboardSaveRequest) -> ApiResult<DashboardList> {
        self.require(Permission::Crud(Resource::Reports, Action::Update)).await?;
        self.require(Permission::Special(Special::ManagePartnerAccess)).await?;
        let id = match req.dashboard_id.as_deref().filter(|t| !t.trim().is_empty()) {
            Some(t) => DashboardId::parse(t, "dashboard_id")?,
            None => DashboardId::new_v7(),
        };
        if req.dashboard_id.is_some() && req.version.is_none() {
            return Err(RuleError::invalid("version", "Changing a dashboard needs the version it was opened at"));
        }
        let roles = req.role_ids.iter().map(|r| RoleId::parse(r, "roles")).collect::<Result<Vec<_>, _>>()?;
        let op = Op::SaveDashboard {
            id,
            version: req.version,
            name: req.name,
            tiles: req.tiles,
            roles,
            publish_to: req.publish_to,
            locked: req.locked,
        };
        self.execute(op).await?;
        self.dashboard_list().await
    }

    pub async fn dashboard_delete(&self, req: DashboardRef) -> ApiResult<DashboardList> {
        self.require(Permission::Crud(Resource::Reports, Action::Delete)).await?;
        self.require(Permission::Special(Special::ManagePartnerAccess)).await?;
        let id = DashboardId::parse(&req.dashboard_id, "dashboard_id")?;
        self.execute(Op::DeleteDashboard { id, version: req.version }).await?;
        self.dashboard_list().await
    }
}
