//! Admin › Users (MEM-1..MEM-6).

use crate::auth::{credential_change, NewPassword};
use crate::engine::{internal, now, Trellis};
use crate::ApiResult;
use serde_json::json;
use trellis_core::wire::*;
use trellis_core::{access, password, MemberStatus};
use trellis_core::{query, Action, Event, MemberId, Op, Permission, Resource, RoleId, RuleError};
use trellis_store::CredentialWrite;

pub(crate) fn member_id(text: &str, field: &str) -> ApiResult<MemberId> {
    MemberId::parse(text, field)
}

fn member_ids(list: &[String]) -> ApiResult<Vec<MemberId>> {
    list.iter().map(|t| member_id(t, "member_ids")).collect()
}

pub(crate) fn role_id(text: Option<&str>) -> ApiResult<Option<RoleId>> {
    text.filter(|t| !t.trim().is_empty()).map(|t| RoleId::parse(t, "role_id")).transpose()
}

pub(crate) fn saved_row(trellis_state: &trellis_core::State, events: &[Event]) -> ApiResult<MemberRow> {
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
        self.require(Permission::Crud(Resource::Members, Action::Read)).await?;
        let inner = self.view().await?;
        query::member_page(inner.state(), &q)
    }

    /// MEM-2: the member appears at once as Pending.
    /// PU-3/PU-5 for a member: a temporary password (shown once, to be changed at the
    /// next sign-in) or one the manager types (with PU-4's optional one-shot flag).
    pub async fn member_reset_password(&self, req: ResetPasswordRequest) -> ApiResult<PasswordReset> {
        self.require_live()?;
        let perms = self.require(Permission::Crud(Resource::Members, Action::Update)).await?;
        let actor = self.actor().await?;
        let id = member_id(&req.member_id, "member_id")?;
        let target = {
            let inner = self.view().await?;
            let m = inner
                .state()
                .member(id)
                .cloned()
                .ok_or_else(|| RuleError::not_found("member_id", format!("No member with id {id}")))?;
            if m.status != MemberStatus::Active {
                return Err(RuleError::rule(
                    Some("member_id"),
                    format!("{} is not an active member", m.display_name()),
                ));
            }
            let theirs = access::effective_permissions(inner.state(), &m);
            access::require_within(perms, theirs, "member_id", &format!("{}'s role", m.display_name()))?;
            m
        };
        if let Some(p) = &req.password {
            let workspace = self.view().await?.state().workspace().map(|w| w.name.clone()).unwrap_or_default();
            password::require("password", p.expose(), self.policy().await, &[&target.email, &target.name, &workspace])?;
        }
        let new = NewPassword::make(req.password, req.require_change).await?;
        let write =
            CredentialWrite::Password { member: id, phc: new.phc.clone(), must_change: new.must_change, at: now() };
        let change = credential_change(
            id,
            &target.email,
            json!({ "password": "[redacted]" }),
            json!({ "password": new.how(), "must_change": new.must_change }),
        );
        self.security_event(actor, "member.reset_password", &target.email, vec![change], &[write]).await?;
        Ok(PasswordReset {
            member_id: id,
            email: target.email,
            temporary_password: new.shown,
            must_change: new.must_change,
        })
    }

    /// PU-4: sets the one-shot flag; the member's next sign-in must change the password.
    pub async fn member_require_password_change(&self, req: MemberRef) -> ApiResult<MemberRow> {
        self.require_live()?;
        let perms = self.require(Permission::Crud(Resource::Members, Action::Update)).await?;
        let actor = self.actor().await?;
        let id = member_id(&req.member_id, "member_id")?;
        let (row, email) = {
            let inner = self.view().await?;
            let m = inner
                .state()
                .member(id)
                .ok_or_else(|| RuleError::not_found("member_id", format!("No member with id {id}")))?;
            access::require_within(
                perms,
                access::effective_permissions(inner.state(), m),
                "member_id",
                &format!("{}'s role", m.display_name()),
            )?;
            (query::member_row(inner.state(), m), m.email.clone())
        };
        let credential = self.store().credential(id).await.map_err(internal)?;
        let Some(credential) = credential else {
            return Err(RuleError::rule(Some("member_id"), format!("{email} has no password yet")));
        };
        // Already required: nothing changes, so nothing is journalled.
        if !credential.must_change {
            let change = credential_change(id, &email, json!({ "must_change": false }), json!({ "must_change": true }));
            let write = CredentialWrite::MustChange { member: id, must_change: true };
            self.security_event(actor, "member.require_password_change", &email, vec![change], &[write]).await?;
        }
        Ok(row)
    }

    /// MEM-3: one role for one or many members, all or nothing.
    pub async fn member_change_role(&self, req: ChangeRoleRequest) -> ApiResult<BulkOutcome> {
        self.require(Permission::Crud(Resource::Members, Action::Update)).await?;
        let members = member_ids(&req.member_ids)?;
        let requested = members.len();
        let op = Op::ChangeRoles { members, role: role_id(req.role_id.as_deref())? };
        let events = self.execute(op).await?;
        Ok(outcome(requested, &events))
    }

    /// MEM-4: access ends at once; the member's row stays.
    pub async fn member_remove(&self, req: RemoveMembersRequest) -> ApiResult<BulkOutcome> {
        self.require(Permission::Crud(Resource::Members, Action::Delete)).await?;
        let members = member_ids(&req.member_ids)?;
        let requested = members.len();
        let events = self.execute(Op::RemoveMembers { members, at: now() }).await?;
        Ok(outcome(requested, &events))
    }
}
