//! RPT-2, the access report: who (members and partner users) holds which effective
//! permission on which resource, and through which of their roles. One row per person and
//! permission; filtered by person, role, account, permission and resource; counted by any
//! of them. Effective means what the rules grant now (`access::effective_permissions`,
//! `visibility::viewer`): an invited or removed member, a partner user whose access or
//! account is disabled, holds nothing and has no row.
//!
//! People are walked in a fixed order (members as the members list sorts them, then
//! partner users account by account, accounts by name), so a page is an offset into one
//! sequence and the CSV is the same sequence to the end. A scan of 300,000 people reads
//! each one's roles and does a few set operations: no per-row allocation until a row is
//! actually shown.

use crate::ids::{PartnerAccountId, RoleId};
use crate::model::{Member, MemberStatus, Role};
use crate::partners::{Contact, PartnerAccount};
use crate::permissions::{Permission, PermissionSet};
use crate::state::State;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;

/// Whose access the report covers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AccessPeople {
    #[default]
    Everyone,
    Members,
    PartnerUsers,
}

/// What the report counts rows by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AccessGroupBy {
    Person,
    Role,
    Account,
    Permission,
    Resource,
}

/// The report's filter, resolved to ids and one permission mask.
#[derive(Clone, Debug)]
pub struct AccessFilter {
    pub people: AccessPeople,
    /// Lower-cased; matched anywhere in a person's name or email.
    pub search: String,
    /// A person passes when they hold any of these (empty: every role).
    pub roles: Vec<RoleId>,
    /// Partner users of these accounts only (members then have no rows).
    pub accounts: Vec<PartnerAccountId>,
    /// The permissions shown: the chosen permissions within the chosen resources.
    pub mask: PermissionSet,
}

impl Default for AccessFilter {
    fn default() -> Self {
        AccessFilter {
            people: AccessPeople::Everyone,
            search: String::new(),
            roles: Vec::new(),
            accounts: Vec::new(),
            mask: PermissionSet::all(),
        }
    }
}

/// The resource a permission is on: a matrix resource, or the special permissions, or the
/// portal's features — as a stable key and its label.
pub fn resource_of(p: Permission) -> (&'static str, &'static str) {
    match p {
        Permission::Crud(r, _) => (r.key(), r.label()),
        Permission::Special(_) => ("special", "Special permissions"),
        Permission::Portal(_) => ("portal", "Partner portal features"),
    }
}

/// Every permission on the resource `key` (as `resource_of` names it), if it is one.
pub fn resource_mask(key: &str) -> Option<PermissionSet> {
    let mut set = PermissionSet::EMPTY;
    for p in Permission::all().filter(|p| resource_of(*p).0 == key) {
        set.insert(p);
    }
    (!set.is_empty()).then_some(set)
}

/// A person as the report sees them.
#[derive(Clone, Copy, Debug)]
pub enum Holder<'s> {
    Member(&'s Member),
    PartnerUser(&'s Contact, &'s PartnerAccount),
}

impl<'s> Holder<'s> {
    pub fn name(&self) -> &'s str {
        match self {
            Holder::Member(m) => &m.name,
            Holder::PartnerUser(c, _) => &c.name,
        }
    }

    pub fn email(&self) -> &'s str {
        match self {
            Holder::Member(m) => &m.email,
            Holder::PartnerUser(c, _) => &c.email,
        }
    }

    pub fn account(&self) -> Option<&'s PartnerAccount> {
        match self {
            Holder::Member(_) => None,
            Holder::PartnerUser(_, a) => Some(a),
        }
    }
}

/// One person who holds something the filter shows: their roles (up to three: a partner
/// user's portal, agent and admin roles) and what they grant within the mask.
pub struct Holding<'s> {
    pub holder: Holder<'s>,
    pub roles: [Option<&'s Role>; 3],
    /// The union of `roles`' permissions, within the filter's mask.
    pub granted: PermissionSet,
}

impl<'s> Holding<'s> {
    /// The person's roles that include `p`: the report's *why*.
    pub fn via(&self, p: Permission) -> impl Iterator<Item = &'s Role> + '_ {
        self.roles.iter().flatten().copied().filter(move |r| r.permissions.contains(p))
    }
}

/// ASCII case-insensitive `contains` without allocating; other text is lower-cased.
fn contains_ci(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return true;
    }
    if hay.is_ascii() && needle.is_ascii() {
        let (h, n) = (hay.as_bytes(), needle.as_bytes());
        return h.len() >= n.len() && h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n));
    }
    hay.to_lowercase().contains(needle)
}

/// Calls `each` for every person with at least one shown permission, in report order.
pub fn for_each_holding<'s>(state: &'s State, f: &AccessFilter, mut each: impl FnMut(&Holding<'s>)) {
    let role_ok =
        |roles: &[Option<&Role>; 3]| f.roles.is_empty() || roles.iter().flatten().any(|r| f.roles.contains(&r.id));
    if f.people != AccessPeople::PartnerUsers && f.accounts.is_empty() {
        for (m, search) in state.members_in_order() {
            if m.status != MemberStatus::Active {
                continue;
            }
            let Some(role) = m.role.and_then(|r| state.role(r)) else { continue };
            let roles = [Some(role), None, None];
            let granted = role.permissions.intersection(f.mask);
            if granted.is_empty() || !role_ok(&roles) || !search.contains(f.search.as_str()) {
                continue;
            }
            each(&Holding { holder: Holder::Member(m), roles, granted });
        }
    }
    if f.people == AccessPeople::Members {
        return;
    }
    let mut accounts: Vec<&PartnerAccount> =
        state.accounts().filter(|a| a.enabled && (f.accounts.is_empty() || f.accounts.contains(&a.id))).collect();
    accounts.sort_by(|a, b| a.name.to_lowercase().cmp(&b.name.to_lowercase()).then(a.id.cmp(&b.id)));
    for account in accounts {
        for c in state.contacts_of(account.id) {
            let Some(access) = c.access.as_ref().filter(|a| a.enabled) else { continue };
            let roles = [
                state.role(access.portal_role),
                access.agent_role.and_then(|r| state.role(r)),
                state.role(access.admin_role),
            ];
            let all = roles.iter().flatten().fold(PermissionSet::EMPTY, |s, r| s.union(r.permissions));
            let granted = all.intersection(f.mask);
            if granted.is_empty() || !role_ok(&roles) {
                continue;
            }
            if !(contains_ci(&c.name, &f.search) || contains_ci(&c.email, &f.search)) {
                continue;
            }
            each(&Holding { holder: Holder::PartnerUser(c, account), roles, granted });
        }
    }
}

/// Rows and people counted under one group.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GroupCount {
    pub rows: u64,
    pub people: u64,
}

/// A group's key: what the rows share.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GroupKey<'s> {
    Person(&'s str),
    Role(RoleId),
    Account(PartnerAccountId),
    /// Members, who belong to no partner account.
    Workspace,
    Permission(Permission),
    Resource(&'static str),
}

/// The report's totals and, when asked, its largest groups.
pub struct Counted<'s> {
    pub rows: u64,
    pub people: u64,
    /// The `top` groups with the most rows (ties in key order), largest first.
    pub groups: Vec<(GroupKey<'s>, GroupCount)>,
    /// How many groups there are in all.
    pub group_count: u64,
}

/// Totals, the `top` largest groups by `by`, and, through `page`, each holding with the
/// position of its first row (the caller picks the rows of the page it shows).
///
/// Permissions and resources are counted in arrays (61 and 14 slots), people in a list
/// of which only the largest `top` are sorted: a HashMap entry per row cost 300 ms at
/// 4.4 million rows.
pub fn count<'s>(
    state: &'s State,
    f: &AccessFilter,
    by: Option<AccessGroupBy>,
    top: usize,
    mut page: impl FnMut(u64, &Holding<'s>),
) -> Counted<'s> {
    let perms: Vec<Permission> = Permission::all().collect();
    let mut resources: Vec<(&'static str, PermissionSet)> = Vec::new();
    for p in &perms {
        let key = resource_of(*p).0;
        match resources.iter_mut().find(|(k, _)| *k == key) {
            Some((_, set)) => set.insert(*p),
            None => resources.push((key, PermissionSet::EMPTY.with(*p))),
        }
    }
    let mut per_perm = vec![0u64; perms.len()];
    let mut per_resource = vec![GroupCount::default(); resources.len()];
    let mut per_person: Vec<(GroupKey<'s>, GroupCount)> = Vec::new();
    let mut few: HashMap<GroupKey<'s>, GroupCount> = HashMap::new();
    let (mut rows, mut people) = (0u64, 0u64);
    for_each_holding(state, f, |h| {
        let n = h.granted.len() as u64;
        page(rows, h);
        rows += n;
        people += 1;
        match by {
            None => {}
            Some(AccessGroupBy::Person) => {
                per_person.push((GroupKey::Person(h.holder.email()), GroupCount { rows: n, people: 1 }))
            }
            Some(AccessGroupBy::Account) => {
                let key = h.holder.account().map_or(GroupKey::Workspace, |a| GroupKey::Account(a.id));
                let g = few.entry(key).or_default();
                g.rows += n;
                g.people += 1;
            }
            Some(AccessGroupBy::Role) => {
                for (i, r) in h.roles.iter().enumerate() {
                    let Some(r) = r else { continue };
                    // The same role in two groups of a partner user counts once.
                    if h.roles[..i].iter().flatten().any(|o| o.id == r.id) {
                        continue;
                    }
                    let n = r.permissions.intersection(h.granted).len() as u64;
                    if n > 0 {
                        let g = few.entry(GroupKey::Role(r.id)).or_default();
                        g.rows += n;
                        g.people += 1;
                    }
                }
            }
            Some(AccessGroupBy::Permission) => {
                for (i, p) in perms.iter().enumerate() {
                    per_perm[i] += h.granted.contains(*p) as u64;
                }
            }
            Some(AccessGroupBy::Resource) => {
                for (i, (_, set)) in resources.iter().enumerate() {
                    let n = h.granted.intersection(*set).len() as u64;
                    if n > 0 {
                        per_resource[i].rows += n;
                        per_resource[i].people += 1;
                    }
                }
            }
        }
    });
    let mut groups: Vec<(GroupKey<'s>, GroupCount)> = match by {
        None => Vec::new(),
        Some(AccessGroupBy::Person) => per_person,
        Some(AccessGroupBy::Permission) => perms
            .iter()
            .zip(per_perm)
            .filter(|(_, n)| *n > 0)
            .map(|(p, n)| (GroupKey::Permission(*p), GroupCount { rows: n, people: n }))
            .collect(),
        Some(AccessGroupBy::Resource) => resources
            .iter()
            .zip(per_resource)
            .filter(|(_, g)| g.rows > 0)
            .map(|((k, _), g)| (GroupKey::Resource(k), g))
            .collect(),
        Some(_) => few.into_iter().collect(),
    };
    let group_count = groups.len() as u64;
    let order = |a: &(GroupKey<'s>, GroupCount), b: &(GroupKey<'s>, GroupCount)| {
        b.1.rows.cmp(&a.1.rows).then_with(|| a.0.cmp_key(&b.0))
    };
    if groups.len() > top {
        groups.select_nth_unstable_by(top, order);
        groups.truncate(top);
    }
    groups.sort_by(order);
    Counted { rows, people, groups, group_count }
}

impl GroupKey<'_> {
    /// A total order among keys of one kind, for ties (no allocation but for the 61
    /// permissions).
    fn cmp_key(&self, other: &Self) -> std::cmp::Ordering {
        use GroupKey::*;
        match (self, other) {
            (Person(a), Person(b)) => a.cmp(b),
            (Role(a), Role(b)) => a.cmp(b),
            (Account(a), Account(b)) => a.cmp(b),
            (Permission(a), Permission(b)) => a.key().cmp(&b.key()),
            (Resource(a), Resource(b)) => a.cmp(b),
            (a, b) => a.rank().cmp(&b.rank()),
        }
    }

    fn rank(&self) -> u8 {
        match self {
            GroupKey::Person(_) => 0,
            GroupKey::Role(_) => 1,
            GroupKey::Account(_) => 2,
            GroupKey::Workspace => 3,
            GroupKey::Permission(_) => 4,
            GroupKey::Resource(_) => 5,
        }
    }
}

/// The naive answer, for tests: every (email, permission key) the rules grant, person by
/// person, over everyone — members through `effective_permissions`, partner users
/// through `viewer` — with no filter.
pub fn naive_rows(state: &State) -> Vec<(String, String)> {
    use crate::records::Person;
    let mut out = Vec::new();
    for m in state.members() {
        for p in crate::access::effective_permissions(state, m).iter() {
            out.push((m.email.clone(), p.key()));
        }
    }
    for c in state.contacts() {
        if let Some(v) = crate::visibility::viewer(state, Person::Contact(c.id)) {
            for p in v.permissions.iter() {
                out.push((c.email.clone(), p.key()));
            }
        }
    }
    out.sort();
    out
}
