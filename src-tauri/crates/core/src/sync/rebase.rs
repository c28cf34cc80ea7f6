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
