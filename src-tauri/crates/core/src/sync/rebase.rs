//! Rebasing one's own change onto others': edits carry the version they were made
//! against and the whole new value of what they edit, so re-applying one as it was would
//! be refused as stale, or would put back what others changed meanwhile. A rebased edit
//! keeps only the fields its author changed, takes every other field from the current
//! state, and carries the current version. Conflicts are found before (`touch`): by the
//! time an op is rebased, nobody else changed the fields it keeps.

use crate::event::Event;
use crate::op::Op;
use crate::partners::AccessRoles;
use crate::state::State;

/// `op` as its author would have made it on `state`, given `mine`: the events it produced
/// where it was first applied. Ops that carry no version are returned as they are.
pub fn rebase(op: &Op, mine: &[Event], state: &State) -> Op {
    match op {
        Op::UpdateRole { id, .. } => {
            let (Some(current), Some((b, a))) = (state.role(*id), saved_role(mine, *id)) else { return op.clone() };
            let pick = |changed: bool, mine: &str, theirs: &str| if changed { mine } else { theirs }.to_owned();
            let added = a.permissions.minus(b.permissions);
            let removed = b.permissions.minus(a.permissions);
            Op::UpdateRole {
                id: *id,
                version: current.version,
                name: pick(a.name != b.name, &a.name, &current.name),
                description: pick(a.description != b.description, &a.description, &current.description),
                permissions: current.permissions.union(added).minus(removed),
                restriction: if a.restriction != b.restriction { a.restriction } else { current.restriction },
                segments: if a.segments != b.segments { a.segments.clone() } else { current.segments.clone() },
            }
        }
        Op::RenamePartnerAccount { id, name, .. } => match state.account(*id) {
            Some(current) => {
                let changed = saved_account(mine, *id).is_some_and(|(b, a)| a.name != b.name);
                let name = if changed { name.clone() } else { current.name.clone() };
                Op::RenamePartnerAccount { id: *id, version: current.version, name }
            }
            None => op.clone(),
        },
        Op::SetLicenceShare { id, share, .. } => match state.account(*id) {
            Some(current) => {
                let changed = saved_account(mine, *id).is_some_and(|(b, a)| a.licence_share != b.licence_share);
                let share = if changed { *share } else { current.licence_share };
                Op::SetLicenceShare { id: *id, version: current.version, share }
            }
            None => op.clone(),
        },
        Op::ChangeAccountOwner { id, owner, .. } => match state.account(*id) {
            Some(current) => {
                let changed = saved_account(mine, *id).is_some_and(|(b, a)| a.owner != b.owner);
                let owner = if changed { *owner } else { current.owner };
                Op::ChangeAccountOwner { id: *id, version: current.version, owner }
            }
            None => op.clone(),
        },
        Op::UpdateAccess { contact, .. } => {
            let current = state.contact(*contact);
            let (Some(current), Some((b, a))) = (current, saved_access(mine, *contact)) else { return op.clone() };
            let Some(now) = current.access.as_ref() else { return op.clone() };
            let admin = if a.admin_role != b.admin_role { a.admin_role } else { now.admin_role };
            Op::UpdateAccess {
                contact: *contact,
                version: current.version,
                roles: AccessRoles {
                    portal_role: if a.portal_role != b.portal_role { a.portal_role } else { now.portal_role },
                    agent_role: if a.agent_role != b.agent_role { a.agent_role } else { now.agent_role },
                    admin_role: Some(admin),
                },
                hierarchy_role: if a.hierarchy_role != b.hierarchy_role {
                    a.hierarchy_role
                } else {
                    now.hierarchy_role
                },
                can_grant_subpartners: if a.can_grant_subpartners != b.can_grant_subpartners {
                    a.can_grant_subpartners
                } else {
                    now.can_grant_subpartners
                },
            }
        }
        Op::SaveSharingRule { id, version: Some(_), .. } => {
            let found = mine.iter().find_map(|e| match e {
                Event::SharingRuleSaved { before: Some(b), after } if after.id == *id => Some((b, after)),
                _ => None,
            });
            let (Some(current), Some((b, a))) = (state.sharing_rule(*id), found) else { return op.clone() };
            Op::SaveSharingRule {
                id: *id,
                version: Some(current.version),
                name: if a.name != b.name { a.name.clone() } else { current.name.clone() },
                kind: if a.kind != b.kind { a.kind } else { current.kind },
                source: if a.source != b.source { a.source } else { current.source },
                grantee: if a.grantee != b.grantee { a.grantee } else { current.grantee },
                access: if a.access != b.access { a.access } else { current.access },
            }
        }
        Op::SaveDashboard { id, version: Some(_), .. } => {
            let found = mine.iter().find_map(|e| match e {
                Event::DashboardSaved { before: Some(b), after } if after.id == *id => Some((b, after)),
                _ => None,
            });
            let (Some(current), Some((b, a))) = (state.dashboard(*id), found) else { return op.clone() };
            Op::SaveDashboard {
                id: *id,
                version: Some(current.version),
                name: if a.name != b.name { a.name.clone() } else { current.name.clone() },
                tiles: if a.tiles != b.tiles { a.tiles.clone() } else { current.tiles.clone() },
                roles: if a.roles != b.roles { a.roles.clone() } else { current.roles.clone() },
                publish_to: if a.publish_to != b.publish_to { a.publish_to } else { current.publish_to },
                locked: if a.locked != b.locked { a.locked } else { current.locked },
            }
        }
        Op::DeleteDashboard { id, .. } => match state.dashboard(*id) {
            Some(current) => Op::DeleteDashboard { id: *id, version: current.version },
            None => op.clone(),
        },
        // Only the members whose role this change really moved: the others' roles are
        // not its to set again.
        Op::ChangeRoles { members, role } => {
            let moved: Vec<_> = members
                .iter()
                .copied()
                .filter(|m| {
                    mine.iter().any(|e| matches!(e, Event::MemberSaved { before: Some(b), after } if after.id == *m && b.role != after.role))
                })
                .collect();
            Op::ChangeRoles { members: if moved.is_empty() { members.clone() } else { moved }, role: *role }
        }
        _ => op.clone(),
    }
}

fn saved_role(events: &[Event], id: crate::ids::RoleId) -> Option<(&crate::model::Role, &crate::model::Role)> {
    events.iter().find_map(|e| match e {
        Event::RoleSaved { before: Some(b), after } if after.id == id => Some((b, after)),
        _ => None,
    })
}

fn saved_account(
    events: &[Event],
    id: crate::ids::PartnerAccountId,
) -> Option<(&crate::partners::PartnerAccount, &crate::partners::PartnerAccount)> {
    events.iter().find_map(|e| match e {
        Event::PartnerAccountSaved { before: Some(b), after } if after.id == id => Some((b, after)),
        _ => None,
    })
}

fn saved_access(
    events: &[Event],
    id: crate::ids::ContactId,
) -> Option<(&crate::partners::PortalAccess, &crate::partners::PortalAccess)> {
    events.iter().find_map(|e| match e {
        Event::ContactSaved { before: Some(b), after } if after.id == id => {
            Some((b.access.as_ref()?, after.access.as_ref()?))
        }
        _ => None,
    })
}

/// As [`rebase`], for a published draft too: each of its changes is rebased onto the
/// state the earlier ones leave, with its own events (the k-th save, in `mine`, of what
/// the k-th change of the draft to that entity edits).
pub fn rebase_as(actor: &crate::op::Actor, op: &Op, mine: &[Event], state: &State) -> Op {
    let Op::PublishDraft { draft, name, author, approver, editors, ops } = op else { return rebase(op, mine, state) };
    let mut scratch: Option<State> = None;
    let mut seen: std::collections::HashMap<(u8, uuid::Uuid), usize> = Default::default();
    let mut out = Vec::with_capacity(ops.len());
    for (i, inner) in ops.iter().enumerate() {
        let current = scratch.as_ref().unwrap_or(state);
        let tail = match edited(inner) {
            Some(key) => {
                let k = seen.entry(key).or_default();
                let tail = nth_save(mine, key, *k);
                *k += 1;
                tail
            }
            None => mine,
        };
        let rebased = rebase(inner, tail, current);
        let produced = if i + 1 < ops.len() { crate::apply(current, actor, &rebased).ok() } else { None };
        if let Some(events) = produced {
            scratch.get_or_insert_with(|| state.clone()).commit(&events);
        }
        out.push(rebased);
    }
    Op::PublishDraft {
        draft: *draft,
        name: name.clone(),
        author: *author,
        approver: *approver,
        editors: editors.clone(),
        ops: out,
    }
}

/// What a versioned edit edits: (entity kind, id).
fn edited(op: &Op) -> Option<(u8, uuid::Uuid)> {
    match op {
        Op::UpdateRole { id, .. } => Some((0, id.0)),
        Op::RenamePartnerAccount { id, .. } | Op::ChangeAccountOwner { id, .. } | Op::SetLicenceShare { id, .. } => {
            Some((1, id.0))
        }
        Op::UpdateAccess { contact, .. } => Some((2, contact.0)),
        Op::SaveSharingRule { id, version: Some(_), .. } => Some((3, id.0)),
        Op::SaveDashboard { id, version: Some(_), .. } | Op::DeleteDashboard { id, .. } => Some((4, id.0)),
        _ => None,
    }
}

/// `mine` from the k-th save of the entity `key` names (empty when there is none).
fn nth_save(mine: &[Event], key: (u8, uuid::Uuid), k: usize) -> &[Event] {
    let saves = |e: &Event| match e {
        Event::RoleSaved { before: Some(_), after } => (0, after.id.0) == key,
        Event::PartnerAccountSaved { before: Some(_), after } => (1, after.id.0) == key,
        Event::ContactSaved { before: Some(_), after } => (2, after.id.0) == key,
        Event::SharingRuleSaved { before: Some(_), after } => (3, after.id.0) == key,
        Event::DashboardSaved { before: Some(_), after } => (4, after.id.0) == key,
        Event::DashboardDeleted { before } => (4, before.id.0) == key,
        _ => false,
    };
    let at = mine.iter().enumerate().filter(|(_, e)| saves(e)).nth(k).map_or(mine.len(), |(i, _)| i);
    &mine[at..]
}
