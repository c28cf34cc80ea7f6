//! Settings › Partner features, the internal role hierarchy, and partner accounts
//! (PA-1, PA-2, HIER-4), contacts and revoking access (PU-6).

use crate::engine::Trellis;
use crate::ApiResult;
use trellis_core::wire::*;
use trellis_core::{
    Action, Event, HierarchyRoleId, MemberId, Op, PartnerAccountId, PartnerFeatures, Permission, Resource, RuleError,
};

pub(crate) fn account_id(text: &str, field: &str) -> ApiResult<PartnerAccountId> {
    PartnerAccountId::parse(text, field)
}

pub(crate) fn optional<T>(text: Option<&str>, parse: impl Fn(&str) -> ApiResult<T>) -> ApiResult<Option<T>> {
    text.filter(|t| !t.trim().is_empty()).map(parse).transpose()
}

pub(crate) fn row(state: &trellis_core::State, a: &trellis_core::PartnerAccount) -> PartnerRow {
    trellis_core::partner_query::partner_row(state, a)
}

fn saved_account(state: &trellis_core::State, events: &[Event]) -> ApiResult<PartnerRow> {
    events
        .iter()
        .rev()
        .find_map(|e| match e {
            Event::PartnerAccountSaved { after, .. } => state.account(after.id).map(|a| row(state, a)),
            _ => None,
        })
        .ok_or_else(|| RuleError::internal("the change produced no account"))
}

pub(crate) fn contact_row(state: &trellis_core::State, c: &trellis_core::Contact) -> ContactRow {
    let access = c.access.as_ref();
    ContactRow {
        id: c.id,
        name: c.name.clone(),
        email: c.email.clone(),
        access: c.has_access(),
        revoked: access.is_some_and(|a| !a.enabled),
        portal_role: access.and_then(|a| state.role(a.portal_role)).map(|r| r.name.clone()),
        portal_role_id: access.map(|a| a.portal_role),
        agent_role: access.and_then(|a| a.agent_role).and_then(|r| state.role(r)).map(|r| r.name.clone()),
        agent_role_id: access.and_then(|a| a.agent_role),
        admin_role: access.and_then(|a| state.role(a.admin_role)).map(|r| r.name.clone()),
        admin_role_id: access.map(|a| a.admin_role),
        hierarchy_role: access.and_then(|a| state.hierarchy_role(a.hierarchy_role)).map(|h| h.name.clone()),
        hierarchy_role_id: access.map(|a| a.hierarchy_role),
        fixed_hierarchy_role: access.is_some_and(|a| a.fixed_hierarchy_role),
        can_grant_subpartners: access.is_some_and(|a| a.can_grant_subpartners),
        version: c.version,
    }
}

impl Trellis {
    pub async fn contact_create(&self, req: ContactCreateRequest) -> ApiResult<AccountPeople> {
        self.require(Permission::Crud(Resource::PartnerUsers, Action::Create)).await?;
        let account = account_id(&req.account_id, "account_id")?;
        let op = Op::CreateContact { id: trellis_core::ContactId::new_v7(), account, name: req.name, email: req.email };
        self.execute(op).await?;
        self.partner_people(AccountQuery::of(account.to_string())).await
    }

    /// PU-6: frees the licence.
    pub async fn partner_revoke_access(&self, req: ContactRef) -> ApiResult<AccountPeople> {
        self.require(Permission::Crud(Resource::PartnerUsers, Action::Update)).await?;
        let contact = trellis_core::ContactId::parse(&req.contact_id, "contact_id")?;
        self.execute(Op::RevokeAccess { contact }).await?;
        let account = self.view().await?.state().contact(contact).map(|c| c.account.to_string()).unwrap_or_default();
        self.partner_people(AccountQuery::of(account)).await
    }

    /// WS-2/WS-3: Partner Access, Advanced Partner Access, the licence pool.
    pub async fn settings_set_partner_features(&self, req: PartnerFeatures) -> ApiResult<SessionInfo> {
        self.require(Permission::Crud(Resource::Settings, Action::Update)).await?;
        self.execute(Op::SetPartnerFeatures { features: req }).await?;
        Ok(self.session_info().await)
    }

    pub async fn hierarchy_list(&self) -> ApiResult<Vec<HierarchyRoleRow>> {
        self.require(Permission::Crud(Resource::Roles, Action::Read)).await?;
        let inner = self.view().await?;
        let state = inner.state();
        let mut rows: Vec<HierarchyRoleRow> = state
            .hierarchy_roles()
            .map(|h| HierarchyRoleRow {
                id: h.id,
                name: h.name.clone(),
                parent_id: h.parent,
                account_id: h.account,
                member_count: state.members().filter(|m| m.is_current() && m.hierarchy_role == Some(h.id)).count()
                    as u32,
            })
            .collect();
        rows.sort_by_key(|r| r.name.to_lowercase());
        Ok(rows)
    }

    pub async fn hierarchy_role_create(&self, req: HierarchyRoleCreateRequest) -> ApiResult<Vec<HierarchyRoleRow>> {
        self.require(Permission::Crud(Resource::Roles, Action::Create)).await?;
        let parent = optional(req.parent_id.as_deref(), |t| HierarchyRoleId::parse(t, "parent_id"))?;
        self.execute(Op::CreateHierarchyRole { id: HierarchyRoleId::new_v7(), name: req.name, parent }).await?;
        self.hierarchy_list().await
    }

    /// Places a member in the hierarchy (PA-1 needs the account owner to hold a position).
    pub async fn member_set_hierarchy_role(&self, req: MemberHierarchyRequest) -> ApiResult<MemberRow> {
        self.require(Permission::Crud(Resource::Members, Action::Update)).await?;
        let member = MemberId::parse(&req.member_id, "member_id")?;
        let role = optional(req.hierarchy_role_id.as_deref(), |t| HierarchyRoleId::parse(t, "hierarchy_role_id"))?;
        self.execute(Op::SetMemberHierarchyRole { member, role }).await?;
        let inner = self.view().await?;
        let m = inner.state().member(member).ok_or_else(|| RuleError::internal("the member vanished"))?;
        Ok(trellis_core::query::member_row(inner.state(), m))
    }

    pub async fn partner_list(&self, q: PartnerListQuery) -> ApiResult<PartnerPage> {
        self.require(Permission::Crud(Resource::Partners, Action::Read)).await?;
        let inner = self.view().await?;
        let state = inner.state();
        let owner = optional(q.owner_id.as_deref(), |t| MemberId::parse(t, "owner_id"))?;
        Ok(trellis_core::partner_query::partner_page(state, &q, owner))
    }

    pub async fn partner_create(&self, req: PartnerCreateRequest) -> ApiResult<PartnerRow> {
        self.require(Permission::Crud(Resource::Partners, Action::Create)).await?;
        let owner = MemberId::parse(&req.owner_id, "owner_id")?;
        let parent = optional(req.parent_id.as_deref(), |t| account_id(t, "parent_id"))?;
        let op =
            Op::CreatePartnerAccount { id: PartnerAccountId::new_v7(), name: req.name, kind: req.kind, owner, parent };
        let events = self.execute(op).await?;
        saved_account(self.view().await?.state(), &events)
    }

    /// HIER-4: the account's partner hierarchy roles are renamed with it.
    pub async fn partner_rename(&self, req: PartnerRenameRequest) -> ApiResult<PartnerRow> {
        self.require(Permission::Crud(Resource::Partners, Action::Update)).await?;
        let id = account_id(&req.account_id, "account_id")?;
        let events = self.execute(Op::RenamePartnerAccount { id, version: req.version, name: req.name }).await?;
        saved_account(self.view().await?.state(), &events)
    }

    /// PA-1: each unmet prerequisite is named in the refusal.
    pub async fn partner_enable(&self, req: PartnerRef) -> ApiResult<PartnerRow> {
        self.require(Permission::Crud(Resource::Partners, Action::Update)).await?;
        let events = self.execute(Op::EnablePartnerAccount { id: account_id(&req.account_id, "account_id")? }).await?;
        saved_account(self.view().await?.state(), &events)
    }

    /// PA-2: disabled, never deleted.
    pub async fn partner_disable(&self, req: PartnerRef) -> ApiResult<PartnerRow> {
        self.require(Permission::Crud(Resource::Partners, Action::Update)).await?;
        let events = self.execute(Op::DisablePartnerAccount { id: account_id(&req.account_id, "account_id")? }).await?;
        saved_account(self.view().await?.state(), &events)
    }
}
