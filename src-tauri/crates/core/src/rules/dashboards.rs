//! RPT-3: composing, publishing, changing, withdrawing and deleting dashboards.

use crate::access::require;
use crate::dashboards::{holders, is_portal_role, reaches, Dashboard, PublishTo, TileKind, MAX_TILES};
use crate::error::{RuleError, RuleResult};
use crate::event::Event;
use crate::ids::{ContactId, DashboardId, RoleId};
use crate::op::Actor;
use crate::permissions::{Action, Permission, Resource, Special};
use crate::state::State;
use crate::validate;

/// A dashboard as the manager asks for it.
pub struct DashboardDraft<'a> {
    pub id: DashboardId,
    pub version: Option<u32>,
    pub name: &'a str,
    pub tiles: &'a [TileKind],
    pub roles: &'a [RoleId],
    pub publish_to: PublishTo,
    pub locked: bool,
}

/// Dashboards decide what partners see: the report permission and managing partner access.
fn require_manage(state: &State, actor: &Actor, action: Action) -> RuleResult<()> {
    require(state, actor, Permission::Crud(Resource::Reports, action))?;
    require(state, actor, Permission::Special(Special::ManagePartnerAccess))?;
    Ok(())
}

pub fn save(state: &State, actor: &Actor, d: DashboardDraft) -> RuleResult<Vec<Event>> {
    let before = state.dashboard(d.id);
    require_manage(state, actor, if before.is_some() { Action::Update } else { Action::Create })?;
    let name = validate::name("name", "Dashboard name", d.name)?;
    let key = validate::name_key(&name);
    if let Some(other) = state.dashboards().find(|x| x.id != d.id && validate::name_key(&x.name) == key) {
        return Err(RuleError::conflict("name", format!("A dashboard named '{}' already exists", other.name)));
    }
    if d.tiles.is_empty() {
        return Err(RuleError::invalid("tiles", "A dashboard needs at least one tile"));
    }
    if d.tiles.len() > MAX_TILES {
        return Err(RuleError::invalid("tiles", format!("A dashboard holds at most {MAX_TILES} tiles")));
    }
    let mut tiles: Vec<TileKind> = Vec::with_capacity(d.tiles.len());
    for t in d.tiles {
        if tiles.contains(t) {
            return Err(RuleError::invalid("tiles", format!("The tile '{}' is there twice", t.title())));
        }
        tiles.push(*t);
    }
    let mut roles: Vec<RoleId> = Vec::with_capacity(d.roles.len());
    for r in d.roles {
        let role = state.role(*r).ok_or_else(|| RuleError::not_found("roles", format!("No role with id {r}")))?;
        if !is_portal_role(state, *r) {
            return Err(RuleError::rule(
                Some("roles"),
                format!("'{}' is not a portal role: dashboards are published to portal roles (RPT-3)", role.name),
            ));
        }
        if !roles.contains(r) {
            roles.push(*r);
        }
    }
    let version = match (before, d.version) {
        (None, None) => 1,
        (Some(b), Some(v)) if b.version == v => v + 1,
        (Some(b), Some(_)) => {
            return Err(RuleError::stale("version", format!("'{}' was changed since you opened it; reload", b.name)))
        }
        (Some(_), None) => return Err(RuleError::conflict("id", "That dashboard id is already used")),
        (None, Some(_)) => return Err(RuleError::not_found("dashboard_id", "That dashboard no longer exists")),
    };
    // New users only: whoever holds a role when it is added keeps their Home as it was.
    // Those who already had the dashboard keep it; a role already published adds nobody.
    let existing = match d.publish_to {
        PublishTo::NewAndExisting => Vec::new(),
        PublishTo::NewUsersOnly => {
            let kept = before.filter(|b| b.publish_to == PublishTo::NewUsersOnly);
            let mut out = kept.map(|b| b.existing.clone()).unwrap_or_default();
            let had = |r: &RoleId| before.is_some_and(|b| b.roles.contains(r));
            for r in roles.iter().filter(|r| !had(r)) {
                out.extend(holders(state, *r));
            }
            out.sort_unstable();
            out.dedup();
            out
        }
    };
    let after =
        Dashboard { id: d.id, name, tiles, roles, publish_to: d.publish_to, locked: d.locked, existing, version };
    if before.is_some_and(|b| b.version == d.version.unwrap_or(0) && same(b, &after)) {
        return Ok(Vec::new());
    }
    Ok(vec![Event::DashboardSaved { before: before.cloned(), after }])
}

/// Equal but for the version: saving it would change nothing.
fn same(a: &Dashboard, b: &Dashboard) -> bool {
    Dashboard { version: b.version, ..a.clone() } == *b
}

pub fn delete(state: &State, actor: &Actor, id: DashboardId, version: u32) -> RuleResult<Vec<Event>> {
    require_manage(state, actor, Action::Delete)?;
    let before = state
        .dashboard(id)
        .ok_or_else(|| RuleError::not_found("dashboard_id", format!("No dashboard with id {id}")))?;
    if before.version != version {
        return Err(RuleError::stale("version", format!("'{}' was changed since you opened it; reload", before.name)));
    }
    Ok(vec![Event::DashboardDeleted { before: before.clone() }])
}

/// RPT-3: a partner user hides tiles on their own Home — only their own, only on a
/// dashboard they get, and only when it was published changeable (not locked).
pub fn arrange(
    state: &State,
    actor: &Actor,
    contact: ContactId,
    id: DashboardId,
    hidden: &[TileKind],
) -> RuleResult<Vec<Event>> {
    if *actor != Actor::Partner(contact) {
        return Err(RuleError::forbidden("Only the partner user arranges their own Home"));
    }
    let before = state
        .contact(contact)
        .ok_or_else(|| RuleError::not_found("contact_id", format!("No partner user with id {contact}")))?;
    let missing = || RuleError::not_found("dashboard_id", format!("No dashboard with id {id} on your Home"));
    let dashboard = state.dashboard(id).filter(|d| reaches(state, d, contact)).ok_or_else(missing)?;
    if dashboard.locked {
        return Err(RuleError::rule(
            Some("dashboard_id"),
            format!("'{}' is locked: its tiles cannot be hidden", dashboard.name),
        ));
    }
    let mut tiles: Vec<TileKind> = Vec::new();
    for t in hidden {
        if !dashboard.tiles.contains(t) {
            return Err(RuleError::invalid("hidden", format!("'{}' has no tile '{}'", dashboard.name, t.title())));
        }
        if !tiles.contains(t) {
            tiles.push(*t);
        }
    }
    tiles.sort_unstable();
    let mut after = before.clone();
    if tiles.is_empty() {
        after.hidden_tiles.remove(&id);
    } else {
        after.hidden_tiles.insert(id, tiles);
    }
    // Forget dashboards that are gone, so the list never grows.
    after.hidden_tiles.retain(|d, _| state.dashboard(*d).is_some());
    if after == *before {
        return Ok(Vec::new());
    }
    // The version stays: it guards what managers edit (access, roles), and a manager's
    // open access editor must not go stale because the user tidied their Home.
    Ok(vec![Event::ContactSaved { before: Some(before.clone()), after }])
}
