//! Read models answered from the in-memory indexes (MEM-5: 100,000 members without lag).

use crate::error::RuleResult;
use crate::ids::RoleId;
use crate::model::{Audience, Member, MemberStatus};
use crate::permissions::{Action, PortalFeature, Resource, Special};
use crate::state::State;
use crate::wire::*;

pub const MAX_PAGE: u32 = 1_000;

fn row(state: &State, m: &Member) -> MemberRow {
    let role = m.role.and_then(|r| state.role(r));
    MemberRow {
        id: m.id,
        email: m.email.clone(),
        name: m.name.clone(),
        role_id: m.role,
        role_name: role.map(|r| r.name.clone()),
        status: m.status,
        invited_at: m.invited_at,
        joined_at: m.joined_at,
        invites_sent: m.invites_sent,
        version: m.version,
        db_login: m.db_login.clone(),
    }
}

/// Parsed tab filter.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    All,
    NoRole,
    Role(RoleId),
}

/// The members table: one tab, a text search, a page of rows, and every tab's count.
pub fn member_page(state: &State, q: &MemberListQuery) -> RuleResult<MemberPage> {
    let tab = match &q.tab {
        MemberTab::All => Tab::All,
        MemberTab::NoRole => Tab::NoRole,
        MemberTab::Role { role_id } => {
            let id = RoleId::parse(role_id, "tab")?;
            state.role(id).ok_or_else(|| crate::RuleError::not_found("tab", format!("No role with id {id}")))?;
            Tab::Role(id)
        }
    };
    let needle = q.search.trim().to_lowercase();
    // One SIMD substring finder for the whole scan (str::contains re-plans per haystack).
    let finder = memchr::memmem::Finder::new(needle.as_bytes());
    let limit = q.limit.min(MAX_PAGE) as usize;
    let offset = q.offset as usize;
    let internal: Vec<_> = state.roles().into_iter().filter(|r| r.audience == Audience::Internal).collect();
    let mut per_role = vec![0u32; internal.len()];
    let (mut all, mut no_role, mut total) = (0u32, 0u32, 0u32);
    let sort = q.sort.unwrap_or_default();
    // By name (the index's own order) a page streams out of the scan; any other order
    // needs every match first.
    let by_index = sort == MemberSort::default();
    let mut rows = Vec::with_capacity(limit);
    let mut matches: Vec<&Member> = Vec::new();
    for (m, text) in state.members_in_order() {
        if (m.status == MemberStatus::Removed) != q.removed {
            continue;
        }
        if !needle.is_empty() && finder.find(text.as_bytes()).is_none() {
            continue;
        }
        all += 1;
        match m.role {
            None => no_role += 1,
            Some(r) => {
                if let Some(i) = internal.iter().position(|role| role.id == r) {
                    per_role[i] += 1;
                }
            }
        }
        let in_tab = match tab {
            Tab::All => true,
            Tab::NoRole => m.role.is_none(),
            Tab::Role(r) => m.role == Some(r),
        };
        if in_tab {
            if !by_index {
                matches.push(m);
            } else if total as usize >= offset && rows.len() < limit {
                rows.push(row(state, m));
            }
            total += 1;
        }
    }
    if !by_index {
        sort_members(state, &mut matches, sort);
        rows.extend(matches.iter().skip(offset).take(limit).map(|m| row(state, m)));
    }
    let mut tabs = vec![TabCount { tab: MemberTab::All, label: "All".into(), count: all }];
    tabs.extend(internal.iter().zip(per_role).map(|(r, count)| TabCount {
        tab: MemberTab::Role { role_id: r.id.to_string() },
        label: r.name.clone(),
        count,
    }));
    tabs.push(TabCount { tab: MemberTab::NoRole, label: "No role".into(), count: no_role });
    Ok(MemberPage { total, offset: q.offset, rows, tabs })
}

/// Orders members already in name order by another column; ties keep name order (a stable
/// sort), so a page boundary never moves between two reads of the same state.
fn sort_members(state: &State, members: &mut [&Member], sort: MemberSort) {
    match sort.by {
        MemberSortKey::Name => {}
        MemberSortKey::Role => {
            // Roles by name, members without one last.
            let mut roles: Vec<_> = state.roles().into_iter().map(|r| (r.name.to_lowercase(), r.id)).collect();
            roles.sort();
            let rank =
                |m: &Member| m.role.and_then(|r| roles.iter().position(|(_, id)| *id == r)).unwrap_or(usize::MAX);
            members.sort_by_cached_key(|m| rank(m));
        }
        MemberSortKey::Status => members.sort_by_key(|m| match m.status {
            MemberStatus::Active => 0,
            MemberStatus::Pending => 1,
            MemberStatus::Removed => 2,
        }),
        MemberSortKey::Invited => members.sort_by_key(|m| m.invited_at),
    }
    if sort.descending {
        members.reverse();
    }
}

pub fn member_row(state: &State, m: &Member) -> MemberRow {
    row(state, m)
}

pub fn role_rows(state: &State, audience: Option<Audience>) -> Vec<RoleRow> {
    state
        .roles()
        .into_iter()
        .filter(|r| audience.is_none_or(|a| a == r.audience))
        .map(|r| RoleRow {
            id: r.id,
            name: r.name.clone(),
            description: r.description.clone(),
            audience: r.audience,
            group: r.group,
            builtin: r.builtin.is_some(),
            member_count: match r.audience {
                Audience::Internal => state.holders_of(r.id),
                Audience::Partner => state.partner_holders_of(r.id),
            } as u32,
            permissions: r.permissions,
            restriction: r.restriction,
            segments: r.segments.clone(),
            version: r.version,
        })
        .collect()
}

pub fn catalog() -> PermissionCatalog {
    let entry = |key: &str, label: &str, description: &str| CatalogEntry {
        key: key.to_owned(),
        label: label.to_owned(),
        description: description.to_owned(),
    };
    PermissionCatalog {
        resources: Resource::ALL.iter().map(|r| entry(r.key(), r.label(), r.description())).collect(),
        actions: Action::ALL
            .iter()
            .map(|a| {
                let d = match a {
                    Action::Read => "See it in lists and records.",
                    Action::Create => "Add new ones.",
                    Action::Update => "Change existing ones.",
                    Action::Delete => "Remove or disable them.",
                };
                let label = match a {
                    Action::Read => "Read",
                    Action::Create => "Create",
                    Action::Update => "Update",
                    Action::Delete => "Delete",
                };
                entry(a.key(), label, d)
            })
            .collect(),
        specials: Special::ALL.iter().map(|s| entry(s.key(), s.label(), s.description())).collect(),
        portal_features: PortalFeature::ALL.iter().map(|f| entry(f.key(), f.label(), f.description())).collect(),
    }
}
