//! WS-2, WS-3, PA-1, PA-2, HIER-4: partner features, the internal role hierarchy, and
//! partner accounts (created, renamed, enabled, disabled — never deleted).

use crate::access::require;
use crate::error::{RuleError, RuleResult};
use crate::event::Event;
use crate::ids::{HierarchyRoleId, MemberId, PartnerAccountId};
use crate::model::MemberStatus;
use crate::op::Actor;
use crate::partners::{AccountKind, HierarchyRole, PartnerAccount, PartnerFeatures};
use crate::permissions::{Action, Permission, Resource, Special};
use crate::state::State;
use crate::validate;

/// A licence pool larger than any real programme; keeps counts in range.
pub const MAX_LICENCES: u32 = 10_000_000;

fn account<'s>(state: &'s State, id: PartnerAccountId, field: &str) -> RuleResult<&'s PartnerAccount> {
    state.account(id).ok_or_else(|| RuleError::not_found(field, format!("No partner account with id {id}")))
}

/// WS-2: Advanced Partner Access only together with Partner Access. WS-3: the pool.
pub fn set_features(state: &State, actor: &Actor, features: PartnerFeatures) -> RuleResult<Vec<Event>> {
    require(state, actor, Permission::Crud(Resource::Settings, Action::Update))?;
    if features.advanced_partner_access && !features.partner_access {
        return Err(RuleError::rule(
            Some("advanced_partner_access"),
            "Advanced Partner Access needs Partner Access switched on too (WS-2)",
        ));
    }
    if features.licences > MAX_LICENCES {
        return Err(RuleError::invalid("licences", format!("At most {MAX_LICENCES} licences")));
    }
    if features.licences < state.licences_in_use() {
        return Err(RuleError::rule(
            Some("licences"),
            format!(
                "{} licences are in use; disable partner users before lowering the pool below that (WS-3)",
                state.licences_in_use()
            ),
        ));
    }
    let before = state.workspace().cloned().ok_or_else(|| RuleError::internal("no workspace"))?;
    let mut after = before.clone();
    after.partner_features = features;
    Ok(vec![Event::WorkspaceSaved { before, after }])
}

/// An internal position (e.g. VP Channel › Channel Manager). Names are unique.
pub fn create_hierarchy_role(
    state: &State,
    actor: &Actor,
    id: HierarchyRoleId,
    name: &str,
    parent: Option<HierarchyRoleId>,
) -> RuleResult<Vec<Event>> {
    require(state, actor, Permission::Crud(Resource::Roles, Action::Create))?;
    let name = validate::name("name", "Hierarchy role name", name)?;
    if let Some(other) = state.internal_hierarchy_role_by_name(&name) {
        return Err(RuleError::conflict("name", format!("A hierarchy role named '{}' already exists", other.name)));
    }
    if let Some(p) = parent {
        let parent = state
            .hierarchy_role(p)
            .ok_or_else(|| RuleError::not_found("parent_id", format!("No hierarchy role with id {p}")))?;
        if parent.account.is_some() {
            return Err(RuleError::rule(
                Some("parent_id"),
                format!("'{}' belongs to a partner account's branch", parent.name),
            ));
        }
    }
    if state.hierarchy_role(id).is_some() {
        return Err(RuleError::conflict("id", "That hierarchy role id is already used"));
    }
    Ok(vec![Event::HierarchyRoleSaved {
        before: None,
        after: HierarchyRole { id, name, parent, account: None, version: 1 },
    }])
}

/// Places a member in the internal hierarchy (or takes them out of it).
pub fn set_member_hierarchy_role(
    state: &State,
    actor: &Actor,
    member: MemberId,
    role: Option<HierarchyRoleId>,
) -> RuleResult<Vec<Event>> {
    require(state, actor, Permission::Crud(Resource::Members, Action::Update))?;
    let before =
        state.member(member).ok_or_else(|| RuleError::not_found("member_id", format!("No member with id {member}")))?;
    if !before.is_current() {
        return Err(RuleError::rule(Some("member_id"), format!("{} was removed", before.display_name())));
    }
    if let Some(r) = role {
        let h = state
            .hierarchy_role(r)
            .ok_or_else(|| RuleError::not_found("hierarchy_role_id", format!("No hierarchy role with id {r}")))?;
        if h.account.is_some() {
            return Err(RuleError::rule(
                Some("hierarchy_role_id"),
                format!("'{}' is a partner hierarchy role; members hold internal ones", h.name),
            ));
        }
    }
    if before.hierarchy_role == role {
        return Ok(vec![]);
    }
    let mut after = before.clone();
    after.hierarchy_role = role;
    after.version += 1;
    Ok(vec![Event::MemberSaved { before: Some(before.clone()), after }])
}

fn unique_account_name(state: &State, name: &str, except: Option<PartnerAccountId>) -> RuleResult<()> {
    match state.account_by_name(name) {
        Some(other) if Some(other.id) != except => {
            Err(RuleError::conflict("name", format!("A partner account named '{}' already exists", other.name)))
        }
        _ => Ok(()),
    }
}

pub fn create_account(
    state: &State,
    actor: &Actor,
    id: PartnerAccountId,
    name: &str,
    kind: AccountKind,
    owner: MemberId,
    parent: Option<PartnerAccountId>,
) -> RuleResult<Vec<Event>> {
    require(state, actor, Permission::Crud(Resource::Partners, Action::Create))?;
    let name = validate::name("name", "Account name", name)?;
    unique_account_name(state, &name, None)?;
    let o =
        state.member(owner).ok_or_else(|| RuleError::not_found("owner_id", format!("No member with id {owner}")))?;
    if !o.is_current() {
        return Err(RuleError::rule(
            Some("owner_id"),
            format!("{} was removed and cannot own accounts", o.display_name()),
        ));
    }
    if let Some(p) = parent {
        account(state, p, "parent_id")?;
    }
    if state.account(id).is_some() {
        return Err(RuleError::conflict("id", "That account id is already used"));
    }
    let after = PartnerAccount { id, name, kind, owner, parent, enabled: false, licence_share: None, version: 1 };
    Ok(vec![Event::PartnerAccountSaved { before: None, after }])
}

/// HIER-4: renaming an account renames its partner hierarchy roles (ids unchanged).
/// WS-3: an account's share of the pool. Lowering it below what the account's users hold
/// takes nobody's access away (nothing is revoked without a decision): no new access is
/// given there until it is back under, and RPT-4's findings list the account.
pub fn set_licence_share(
    state: &State,
    actor: &Actor,
    id: PartnerAccountId,
    version: u32,
    share: Option<u32>,
) -> RuleResult<Vec<Event>> {
    require(state, actor, Permission::Crud(Resource::Partners, Action::Update))?;
    require(state, actor, Permission::Special(Special::ManagePartnerAccess))?;
    let before = account(state, id, "account_id")?;
    if before.version != version {
        return Err(RuleError::stale(
            "version",
            format!("'{}' was changed since you opened it; reload and try again", before.name),
        ));
    }
    if share.is_some_and(|n| n > MAX_LICENCES) {
        return Err(RuleError::invalid("licence_share", format!("A share is at most {MAX_LICENCES} licences")));
    }
    let mut after = before.clone();
    after.licence_share = share;
    after.version += 1;
    Ok(vec![Event::PartnerAccountSaved { before: Some(before.clone()), after }])
}

pub fn rename_account(
    state: &State,
    actor: &Actor,
    id: PartnerAccountId,
    version: u32,
    name: &str,
) -> RuleResult<Vec<Event>> {
    require(state, actor, Permission::Crud(Resource::Partners, Action::Update))?;
    let before = account(state, id, "account_id")?;
    if before.version != version {
        return Err(RuleError::stale(
            "version",
            format!("'{}' was changed since you opened it; reload and try again", before.name),
        ));
    }
    let name = validate::name("name", "Account name", name)?;
    unique_account_name(state, &name, Some(id))?;
    let mut events = Vec::new();
    for role in state.hierarchy_roles().filter(|r| r.account == Some(id)) {
        if let Some(rest) = role.name.strip_prefix(before.name.as_str()) {
            let mut after = role.clone();
            after.name = format!("{name}{rest}");
            after.version += 1;
            events.push(Event::HierarchyRoleSaved { before: Some(role.clone()), after });
        }
    }
    let mut after = before.clone();
    after.name = name;
    after.version += 1;
    events.push(Event::PartnerAccountSaved { before: Some(before.clone()), after });
    Ok(events)
}

/// PA-1: Partner Access on, a business account, owned by an active member who holds a
/// hierarchy role. Each refusal names the prerequisite that is not met.
pub fn enable_account(state: &State, actor: &Actor, id: PartnerAccountId) -> RuleResult<Vec<Event>> {
    require(state, actor, Permission::Crud(Resource::Partners, Action::Update))?;
    require(state, actor, Permission::Special(Special::ManagePartnerAccess))?;
    let before = account(state, id, "account_id")?;
    if before.enabled {
        return Err(RuleError::rule(Some("account_id"), format!("'{}' is already enabled as a partner", before.name)));
    }
    let features = state.workspace().map(|w| w.partner_features).unwrap_or_default();
    if !features.partner_access {
        return Err(RuleError::rule(
            Some("partner_access"),
            "Partner Access is off: switch it on in Settings › Partner features first (PA-1)",
        ));
    }
    if before.kind != AccountKind::Business {
        return Err(RuleError::rule(
            Some("kind"),
            format!("'{}' is a person account; only business accounts can be enabled as partners (PA-1)", before.name),
        ));
    }
    let owner = state.member(before.owner);
    let Some(owner) = owner.filter(|m| m.status == MemberStatus::Active) else {
        return Err(RuleError::rule(
            Some("owner_id"),
            "The account's owner is not an active member; choose another owner (PA-1)",
        ));
    };
    if owner.hierarchy_role.is_none() {
        return Err(RuleError::rule(
            Some("owner_id"),
            format!(
                "The owner {} holds no hierarchy role; place them in the role hierarchy first (PA-1)",
                owner.display_name()
            ),
        ));
    }
    let mut after = before.clone();
    after.enabled = true;
    after.version += 1;
    Ok(vec![Event::PartnerAccountSaved { before: Some(before.clone()), after }])
}

/// PA-2: accounts are never deleted, only disabled (and re-enabled through `enable`).
pub fn disable_account(state: &State, actor: &Actor, id: PartnerAccountId) -> RuleResult<Vec<Event>> {
    require(state, actor, Permission::Crud(Resource::Partners, Action::Update))?;
    require(state, actor, Permission::Special(Special::ManagePartnerAccess))?;
    let before = account(state, id, "account_id")?;
    if !before.enabled {
        return Err(RuleError::rule(Some("account_id"), format!("'{}' is not enabled", before.name)));
    }
    let mut after = before.clone();
    after.enabled = false;
    after.version += 1;
    // PA-2: its partner users are disabled too, freeing their licences.
    let mut events: Vec<Event> =
        state.contacts().filter(|c| c.account == id && c.has_access()).map(super::partner_users::disabled).collect();
    events.push(Event::PartnerAccountSaved { before: Some(before.clone()), after });
    Ok(events)
}
