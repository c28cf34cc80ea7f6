//! Admin › Permissions (ROLE-1..ROLE-5).

use crate::engine::Trellis;
use crate::ApiResult;
use trellis_core::wire::*;
use trellis_core::{query, Action, Event, Op, Permission, PermissionSet, Resource, RoleId, RuleError};

fn role_row(state: &trellis_core::State, id: RoleId) -> ApiResult<RoleRow> {
    query::role_rows(state, None)
        .into_iter()
        .find(|r| r.id == id)
        .ok_or_else(|| RuleError::internal("the role vanished"))
}

impl Trellis {
    pub async fn role_list(&self, q: RoleListQuery) -> ApiResult<Vec<RoleRow>> {
        self.require(Permission::Crud(Resource::Roles, Action::Read)).await?;
        let inner = self.view().await?;
        Ok(query::role_rows(inner.state(), q.audience))
    }

    /// ROLE-4: the matrix's resources, actions and special permissions, explained.
    pub async fn permission_catalog(&self) -> ApiResult<PermissionCatalog> {
        Ok(query::catalog())
    }

    pub async fn role_create(&self, req: RoleCreateRequest) -> ApiResult<RoleRow> {
        self.require(Permission::Crud(Resource::Roles, Action::Create)).await?;
        let id = RoleId::new_v7();
        let op = Op::CreateRole {
            id,
            name: req.name,
            description: req.description,
            audience: req.audience,
            permissions: PermissionSet::from_keys(&req.permissions, "permissions")?,
            group: req.group,
            restriction: req.restriction.unwrap_or_default(),
            segments: req.segments.unwrap_or_default(),
        };
        self.execute(op).await?;
        role_row(self.view().await?.state(), id)
    }

    pub async fn role_update(&self, req: RoleUpdateRequest) -> ApiResult<RoleRow> {
        self.require(Permission::Crud(Resource::Roles, Action::Update)).await?;
        let id = RoleId::parse(&req.role_id, "role_id")?;
        // PU-8: an edit that does not mention the restriction keeps it.
        let (current, current_segments) =
            self.view().await?.state().role(id).map(|r| (r.restriction, r.segments.clone())).unwrap_or_default();
        let op = Op::UpdateRole {
            id,
            version: req.version,
            name: req.name,
            description: req.description,
            permissions: PermissionSet::from_keys(&req.permissions, "permissions")?,
            restriction: req.restriction.unwrap_or(current),
            segments: req.segments.unwrap_or(current_segments),
        };
        self.execute(op).await?;
        role_row(self.view().await?.state(), id)
    }

    pub async fn role_clone(&self, req: RoleCloneRequest) -> ApiResult<RoleRow> {
        self.require(Permission::Crud(Resource::Roles, Action::Create)).await?;
        let id = RoleId::new_v7();
        let op = Op::CloneRole { source: RoleId::parse(&req.source_id, "source_id")?, id, name: req.name };
        self.execute(op).await?;
        role_row(self.view().await?.state(), id)
    }

    /// ROLE-3: its members stay, with no role.
    pub async fn role_delete(&self, req: RoleRef) -> ApiResult<RoleDeleted> {
        self.require(Permission::Crud(Resource::Roles, Action::Delete)).await?;
        let op = Op::DeleteRole { id: RoleId::parse(&req.role_id, "role_id")? };
        let events = self.execute(op).await?;
        let members = events.iter().filter(|e| matches!(e, Event::MemberSaved { .. })).count();
        Ok(RoleDeleted { members_without_role: members as u32 })
    }
}
