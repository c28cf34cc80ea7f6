//! Admin › Users (MEM-1..MEM-6).

use crate::engine::{now, Trellis};
use crate::ApiResult;
use trellis_core::wire::*;
use trellis_core::{query, Action, Actor, Event, MemberId, Op, Permission, Resource, RoleId, RuleError};

fn member_id(text: &str, field: &str) -> ApiResult<MemberId> {
    MemberId::parse(text, field)
}

fn member_ids(list: &[String]) -> ApiResult<Vec<MemberId>> {
    list.iter().map(|t| member_id(t, "member_ids")).collect()
}

fn role_id(text: Option<&str>) -> ApiResult<Option<RoleId>> {
    text.filter(|t| !t.trim().is_empty()).map(|t| RoleId::parse(t, "role_id")).transpose()
}

fn saved_row(trellis_state: &trellis_core::State, events: &[Event]) -> ApiResult<MemberRow> {
    events
        .iter()
        .find_map(|e| match e {
            Event::MemberSaved { after, .. } => {
                trellis_state.member(after.id).map(|m| query::member_row(trellis_state, m))
            }
            _ => None,
        })
        .ok_or_else(|| RuleError::internal("the change produced no member"))
}

fn outcome(requested: usize, events: &[Event]) -> BulkOutcome {
    let changed = events.iter().filter(|e| matches!(e, Event::MemberSaved { .. })).count();
    BulkOutcome { changed: changed as u32, unchanged: requested.saturating_sub(changed) as u32 }
}

impl Trellis {
    /// MEM-5: a page of the members table, with the count of every tab.
    pub async fn member_list(&self, q: MemberListQuery) -> ApiResult<MemberPage> {
        let inner = self.read().await;
        inner.require(Permission::Crud(Resource::Members, Action::Read))?;
        query::member_page(&inner.state, &q)
    }

    /// MEM-2: the member appears at once as Pending.
    pub async fn member_invite(&self, req: InviteRequest) -> ApiResult<MemberRow> {
        self.read().await.require(Permission::Crud(Resource::Members, Action::Create))?;
        let op = Op::InviteMember {
            id: MemberId::new_v7(),
            email: req.email,
            name: req.name,
            role: role_id(req.role_id.as_deref())?,
            at: now(),
        };
        let events = self.execute(op).await?;
        saved_row(&self.read().await.state, &events)
    }

    pub async fn member_resend_invite(&self, req: MemberRef) -> ApiResult<MemberRow> {
        self.read().await.require(Permission::Crud(Resource::Members, Action::Create))?;
        let op = Op::ResendInvite { member: member_id(&req.member_id, "member_id")?, at: now() };
        let events = self.execute(op).await?;
        saved_row(&self.read().await.state, &events)
    }

    pub async fn member_revoke_invite(&self, req: MemberRef) -> ApiResult<MemberRow> {
        self.read().await.require(Permission::Crud(Resource::Members, Action::Delete))?;
        let op = Op::RevokeInvite { member: member_id(&req.member_id, "member_id")?, at: now() };
        let events = self.execute(op).await?;
        saved_row(&self.read().await.state, &events)
    }

    /// Stands in for the invitee following the emailed link, until email delivery exists:
    /// the actor is the invitee, not the signed-in member.
    pub async fn member_accept_invite(&self, req: AcceptInviteRequest) -> ApiResult<MemberRow> {
        let id = member_id(&req.member_id, "member_id")?;
        let op = Op::AcceptInvite { member: id, name: req.name, at: now() };
        let events = self.execute_as(Some(Actor::Member(id)), op).await?;
        saved_row(&self.read().await.state, &events)
    }

    /// MEM-3: one role for one or many members, all or nothing.
    pub async fn member_change_role(&self, req: ChangeRoleRequest) -> ApiResult<BulkOutcome> {
        self.read().await.require(Permission::Crud(Resource::Members, Action::Update))?;
        let members = member_ids(&req.member_ids)?;
        let requested = members.len();
        let op = Op::ChangeRoles { members, role: role_id(req.role_id.as_deref())? };
        let events = self.execute(op).await?;
        Ok(outcome(requested, &events))
    }

    /// MEM-4: access ends at once; the member's row stays.
    pub async fn member_remove(&self, req: RemoveMembersRequest) -> ApiResult<BulkOutcome> {
        self.read().await.require(Permission::Crud(Resource::Members, Action::Delete))?;
        let members = member_ids(&req.member_ids)?;
        let requested = members.len();
        let events = self.execute(Op::RemoveMembers { members, at: now() }).await?;
        Ok(outcome(requested, &events))
    }
}
