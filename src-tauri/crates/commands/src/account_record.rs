//! The partner account record (Overview, Contacts & users, Access, Hierarchy), owner
//! change (PA-3), the account's partner roles (HIER-3) and the whole hierarchy as a tree.

use crate::engine::Trellis;
use crate::partners::{account_id, contact_row, optional, row};
use crate::ApiResult;
use trellis_core::query::role_rows;
use trellis_core::wire::*;
use trellis_core::{
    Action, Audience, HierarchyRoleId, MemberId, Op, PartnerAccountId, Permission, Person, Resource, RoleGroup,
    RuleError, State,
};

fn roles_of(state: &State, group: RoleGroup) -> Vec<RoleRow> {
    role_rows(state, Some(Audience::Partner)).into_iter().filter(|r| r.group == group).collect()
}

/// Contacts shown per page when the caller does not say.
const PAGE: u32 = 200;

/// Everything the account record shows, with the first page of contacts.
pub(crate) fn record(state: &State, id: PartnerAccountId) -> ApiResult<AccountPeople> {
    record_page(state, id, "", 0, PAGE)
}

fn record_page(state: &State, id: PartnerAccountId, search: &str, offset: u32, limit: u32) -> ApiResult<AccountPeople> {
    let account = state
        .account(id)
        .ok_or_else(|| RuleError::not_found("account_id", format!("No partner account with id {id}")))?;
    let needle = search.trim().to_lowercase();
    let mut matching: Vec<(String, &trellis_core::Contact)> = state
        .contacts_of(id)
        .map(|c| (c.name.to_lowercase(), c))
        .filter(|(name, c)| needle.is_empty() || name.contains(&needle) || c.email.to_lowercase().contains(&needle))
        .collect();
    matching.sort_unstable_by(|a, b| (&a.0, &a.1.email).cmp(&(&b.0, &b.1.email)));
    let contacts_total = matching.len() as u32;
    let contacts: Vec<ContactRow> =
        matching.into_iter().skip(offset as usize).take(limit as usize).map(|(_, c)| contact_row(state, c)).collect();
    let users_total = state.contacts_of(id).filter(|c| c.has_access()).count() as u32;
    let branch = state
        .branch_of(id)
        .into_iter()
        .map(|h| HierarchyRoleRow {
            id: h.id,
            name: h.name.clone(),
            parent_id: h.parent,
            account_id: h.account,
            member_count: state.people_at(h.id).len() as u32,
        })
        .collect();
    let mut subpartners: Vec<PartnerRow> =
        state.accounts().filter(|a| a.parent == Some(id)).map(|a| row(state, a)).collect();
    subpartners.sort_by_key(|r| r.name.to_lowercase());
    let owner_role = state
        .member(account.owner)
        .and_then(|m| m.hierarchy_role)
        .and_then(|h| state.hierarchy_role(h))
        .map(|h| h.name.clone());
    Ok(AccountPeople {
        account: row(state, account),
        owner_role,
        contacts,
        contacts_total,
        users_total,
        branch,
        portal_roles: roles_of(state, RoleGroup::Portal),
        agent_roles: roles_of(state, RoleGroup::Agent),
        admin_roles: roles_of(state, RoleGroup::Admin),
        subpartners,
        features: state.workspace().map(|w| w.partner_features).unwrap_or_default(),
        licences_used: state.licences_in_use(),
    })
}

impl Trellis {
    /// The account record: its people, branch, subpartners and the roles that can be given.
    pub async fn partner_people(&self, q: AccountQuery) -> ApiResult<AccountPeople> {
        self.require(Permission::Crud(Resource::PartnerUsers, Action::Read)).await?;
        let id = account_id(&q.account_id, "account_id")?;
        let limit = q.limit.unwrap_or(PAGE);
        if limit == 0 || limit > 500 {
            return Err(RuleError::invalid("limit", "Ask for between 1 and 500 contacts at a time"));
        }
        let search = q.search.unwrap_or_default();
        if search.chars().count() > 200 {
            return Err(RuleError::invalid("search", "The search is too long (200 characters at most)"));
        }
        record_page(self.view().await?.state(), id, &search, q.offset.unwrap_or(0), limit)
    }

    pub(crate) async fn record_after(&self, id: PartnerAccountId) -> ApiResult<AccountPeople> {
        record(self.view().await?.state(), id)
    }

    /// PA-3: the account's branch moves under the new owner's hierarchy role.
    pub async fn partner_change_owner(&self, req: PartnerOwnerRequest) -> ApiResult<AccountPeople> {
        self.require(Permission::Crud(Resource::Partners, Action::Update)).await?;
        let id = account_id(&req.account_id, "account_id")?;
        let owner = MemberId::parse(&req.owner_id, "owner_id")?;
        self.execute(Op::ChangeAccountOwner { id, version: req.version, owner }).await?;
        self.record_after(id).await
    }

    /// WS-3: the account's share of the licence pool (none: no share of its own).
    pub async fn partner_set_licence_share(&self, req: PartnerLicenceShareRequest) -> ApiResult<AccountPeople> {
        self.require(Permission::Crud(Resource::Partners, Action::Update)).await?;
        let id = account_id(&req.account_id, "account_id")?;
        self.execute(Op::SetLicenceShare { id, version: req.version, share: req.share }).await?;
        self.record_after(id).await
    }

    /// HIER-3: a new partner role on top of the branch.
    pub async fn hierarchy_add_partner_role(&self, req: PartnerRef) -> ApiResult<AccountPeople> {
        self.require(Permission::Crud(Resource::Partners, Action::Update)).await?;
        let account = account_id(&req.account_id, "account_id")?;
        self.execute(Op::AddPartnerHierarchyRole { account, id: HierarchyRoleId::new_v7() }).await?;
        self.record_after(account).await
    }

    /// HIER-3: delete one or several partner roles, moving their users as chosen.
    pub async fn hierarchy_delete_partner_roles(&self, req: DeletePartnerRolesRequest) -> ApiResult<AccountPeople> {
        self.require(Permission::Crud(Resource::Partners, Action::Update)).await?;
        let account = account_id(&req.account_id, "account_id")?;
        if req.role_ids.len() > 3 {
            return Err(RuleError::invalid("role_ids", "An account has at most three partner roles"));
        }
        let roles =
            req.role_ids.iter().map(|t| HierarchyRoleId::parse(t, "role_ids")).collect::<ApiResult<Vec<_>>>()?;
        let move_to = optional(req.move_to.as_deref(), |t| HierarchyRoleId::parse(t, "move_to"))?;
        self.execute(Op::DeletePartnerHierarchyRoles { account, roles, move_to }).await?;
        self.record_after(account).await
    }

    /// The whole hierarchy in tree order: internal roles and each account's branch, with
    /// the people at and below each role. A search keeps matches and their ancestors.
    pub async fn hierarchy_tree(&self, q: HierarchyTreeQuery) -> ApiResult<Vec<TreeNode>> {
        self.require(Permission::Crud(Resource::Roles, Action::Read)).await?;
        let inner = self.view().await?;
        let state = inner.state();
        let tree = state.tree();
        let needle = q.search.trim().to_lowercase();
        let order = tree.order();
        // People at each position, and per subtree by summing over the tour interval.
        let at: Vec<u32> = order.iter().map(|id| state.people_at(*id).len() as u32).collect();
        let mut prefix = vec![0u32; order.len() + 1];
        for (i, n) in at.iter().enumerate() {
            prefix[i + 1] = prefix[i] + n;
        }
        let mut depth: trellis_core::ids::IdMap<HierarchyRoleId, u32> = Default::default();
        let mut keep = vec![needle.is_empty(); order.len()];
        let mut matched = vec![false; order.len()];
        for (i, id) in order.iter().enumerate() {
            let role = state.hierarchy_role(*id).ok_or_else(|| RuleError::internal("tree out of step"))?;
            let d = role.parent.and_then(|p| depth.get(&p)).map_or(0, |d| d + 1);
            depth.insert(*id, d);
            if !needle.is_empty() && role.name.to_lowercase().contains(&needle) {
                matched[i] = true;
                // Keep the match, everything on its path to the root, and its subtree.
                let (tin, tout) = tree.span(*id).unwrap_or((i as u32, i as u32));
                for k in tin..=tout {
                    keep[k as usize] = true;
                }
                let mut up = role.parent;
                while let Some(p) = up {
                    if let Some((t, _)) = tree.span(p) {
                        keep[t as usize] = true;
                    }
                    up = state.hierarchy_role(p).and_then(|r| r.parent);
                }
            }
        }
        let mut nodes = Vec::new();
        for (i, id) in order.iter().enumerate() {
            if !keep[i] {
                continue;
            }
            let role = state.hierarchy_role(*id).ok_or_else(|| RuleError::internal("tree out of step"))?;
            let (tin, tout) = tree.span(*id).unwrap_or((i as u32, i as u32));
            let people = state.people_at(*id);
            let members = people.iter().filter(|p| matches!(p, Person::Member(_))).count() as u32;
            nodes.push(TreeNode {
                id: *id,
                name: role.name.clone(),
                parent_id: role.parent,
                depth: depth.get(id).copied().unwrap_or(0),
                account_id: role.account,
                account_name: role.account.and_then(|a| state.account(a)).map(|a| a.name.clone()),
                members,
                users: people.len() as u32 - members,
                people_below: prefix[tout as usize + 1] - prefix[tin as usize],
                matched: matched[i],
            });
        }
        Ok(nodes)
    }
}
