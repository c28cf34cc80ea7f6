//! DRAFT-4, "why": the chain that grants a person a permission or a record — role and
//! group → permission; owner, hierarchy path, whole account, account owner or sharing
//! rule → record. Read off the same evaluation `access` and `visibility` run, so the
//! explanation cannot disagree with the answer. Constant time in the number of people.

use crate::access::effective_permissions;
use crate::ids::{HierarchyRoleId, RecordId, RoleId};
use crate::model::MemberStatus;
use crate::permissions::{Action, Permission};
use crate::records::{Grantee, Person, ShareAccess};
use crate::state::State;
use crate::visibility::{record_access, viewer, Reason};
use serde::Serialize;
use ts_rs::TS;

/// The answer, and the steps that lead to it, in words.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
pub struct Why {
    pub granted: bool,
    pub summary: String,
    pub chain: Vec<String>,
}

fn who(state: &State, person: Person) -> String {
    match person {
        Person::Member(id) => state.member(id).map_or_else(|| "This member".to_owned(), |m| m.email.clone()),
        Person::Contact(id) => state.contact(id).map_or_else(|| "This partner user".to_owned(), |c| c.email.clone()),
    }
}

fn role_name(state: &State, id: RoleId) -> String {
    state.role(id).map_or_else(|| "a deleted role".to_owned(), |r| format!("“{}”", r.name))
}

fn place(state: &State, id: HierarchyRoleId) -> String {
    state.hierarchy_role(id).map_or_else(|| "a deleted role".to_owned(), |h| format!("“{}”", h.name))
}

/// Why `person` does or does not hold `permission`.
pub fn permission(state: &State, person: Person, permission: Permission) -> Why {
    let name = who(state, person);
    let label = permission.label();
    let no = |summary: String, chain: Vec<String>| Why { granted: false, summary, chain };
    match person {
        Person::Member(id) => {
            let Some(m) = state.member(id) else { return no(format!("{name} is not a member"), Vec::new()) };
            match m.status {
                MemberStatus::Pending => {
                    return no(format!("{name} has not accepted the invitation: no permissions yet"), Vec::new())
                }
                MemberStatus::Removed => return no(format!("{name} was removed: no permissions"), Vec::new()),
                MemberStatus::Active => {}
            }
            let Some(role) = m.role else { return no(format!("{name} holds no role"), Vec::new()) };
            let holds = effective_permissions(state, m).contains(permission);
            let first = format!("{name} holds the role {} (workspace group)", role_name(state, role));
            if holds {
                let chain = vec![first, format!("{} includes “{label}”", role_name(state, role))];
                Why { granted: true, summary: format!("{name} may {label} through {}", role_name(state, role)), chain }
            } else {
                let chain = vec![first, format!("{} does not include “{label}”", role_name(state, role))];
                no(format!("{name} may not {label}: no role of theirs includes it"), chain)
            }
        }
        Person::Contact(id) => {
            let Some(c) = state.contact(id) else { return no(format!("{name} is not a partner user"), Vec::new()) };
            let Some(access) = c.access.as_ref().filter(|a| a.enabled) else {
                return no(format!("{name} has no enabled portal access: no permissions"), Vec::new());
            };
            let groups = [
                ("portal", Some(access.portal_role)),
                ("agent", access.agent_role),
                ("admin", Some(access.admin_role)),
            ];
            let mut chain = Vec::new();
            let mut through = Vec::new();
            for (group, role) in groups {
                let Some(role) = role else { continue };
                let includes = state.role(role).is_some_and(|r| r.permissions.contains(permission));
                chain.push(format!(
                    "{name} holds {} ({group} group), which {} “{label}”",
                    role_name(state, role),
                    if includes { "includes" } else { "does not include" }
                ));
                if includes {
                    through.push(role_name(state, role));
                }
            }
            if through.is_empty() {
                no(format!("{name} may not {label}: none of their roles includes it"), chain)
            } else {
                Why { granted: true, summary: format!("{name} may {label} through {}", through.join(" and ")), chain }
            }
        }
    }
}

/// The hierarchy path from `upper` down to `lower`, as names.
fn path(state: &State, upper: HierarchyRoleId, lower: HierarchyRoleId) -> String {
    let mut names = Vec::new();
    let mut next = Some(lower);
    while let Some(p) = next {
        names.push(place(state, p));
        if p == upper || names.len() > 64 {
            break;
        }
        next = state.hierarchy_role(p).and_then(|h| h.parent);
    }
    names.reverse();
    names.join(" › ")
}

/// Why `person` does or does not see `record`, and whether read/write.
pub fn record(state: &State, person: Person, record: RecordId) -> Why {
    let name = who(state, person);
    let no = |summary: String, chain: Vec<String>| Why { granted: false, summary, chain };
    let Some(r) = state.record(record) else { return no("No such record".to_owned(), Vec::new()) };
    let title = format!("{} “{}”", r.kind.label(), r.name);
    let Some(v) = viewer(state, person) else {
        return no(format!("{name} sees no records: no active membership or enabled portal access"), Vec::new());
    };
    let read = Permission::Crud(r.kind.resource(), Action::Read);
    if !v.permissions.contains(read) {
        let mut chain = permission(state, person, read).chain;
        chain.push(format!("Without “{}” no {} record is visible", read.label(), r.kind.label().to_lowercase()));
        return no(format!("{name} does not see {title}: their roles do not include “{}”", read.label()), chain);
    }
    let Some(grant) = record_access(state, &v, r) else {
        let mut chain = vec![format!("{title} is owned by {}", who(state, r.owner))];
        if r.owner != person && v.segments.is_some_and(|f| !f.allows(&r.segments)) {
            chain
                .push("It is outside the departments, locations or classes their portal role allows (PU-8)".to_owned());
        } else {
            chain.push("The owner is not below them in the hierarchy, and no sharing rule grants it".to_owned());
        }
        return no(format!("{name} does not see {title}"), chain);
    };
    let mut chain = Vec::new();
    match grant.reason {
        Reason::Owner => chain.push(format!("{name} owns {title}")),
        Reason::Hierarchy(owner_place) => {
            chain.push(format!("{title} is owned by {}, at {}", who(state, r.owner), place(state, owner_place)));
            if let Some(node) = v.node {
                chain.push(format!("That is below {name}'s role: {}", path(state, node, owner_place)));
            }
        }
        Reason::WholeAccount => {
            chain.push(format!("{title} is owned by {}, a partner user of the same account", who(state, r.owner)));
            chain.push(format!("{name}'s portal role sees the whole account (PU-8)"));
        }
        Reason::AccountOwner => {
            chain.push(format!("{title} is owned by {}, whose portal access is disabled (PU-6)", who(state, r.owner)));
            chain
                .push("A disabled user's records stay with the account's owner and those above them (PA-3)".to_owned());
        }
        Reason::SharingRule(id) => {
            if let Some(rule) = state.sharing_rule(id) {
                let to = match rule.grantee {
                    Grantee::Account(a) => state
                        .account(a)
                        .map_or_else(|| "an account".to_owned(), |a| format!("the account “{}”", a.name)),
                    Grantee::Role(h) => format!("{} and above", place(state, h)),
                };
                let access = if rule.access == ShareAccess::ReadWrite { "read/write" } else { "read only" };
                chain.push(format!(
                    "{title} is owned by {}, at or below {}",
                    who(state, r.owner),
                    place(state, rule.source)
                ));
                chain.push(format!("The sharing rule “{}” shares those records with {to}, {access}", rule.name));
            }
        }
    }
    let update = Permission::Crud(r.kind.resource(), Action::Update);
    if grant.write {
        chain.push(format!("Read/write: their roles include “{}”", update.label()));
    } else if v.permissions.contains(update) {
        chain.push("Read only: the sharing rule grants reading only".to_owned());
    } else {
        chain.push(format!("Read only: their roles do not include “{}”", update.label()));
    }
    let how = if grant.write { "read/write" } else { "read only" };
    Why { granted: true, summary: format!("{name} sees {title}, {how}"), chain }
}
