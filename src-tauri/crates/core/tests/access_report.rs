//! RPT-2: for random workspaces, random changes and random filters, the access report's
//! rows are exactly the naive computation — every person, every permission the rules
//! grant them (`effective_permissions`, `viewer`), then the filter applied row by row —
//! its totals and group counts add up to those rows, and its *why* names exactly the
//! person's roles that include the permission.
mod support;

use proptest::prelude::*;
use std::collections::BTreeMap;
use support::random_world::*;
use support::*;
use trellis_core::reports::access::{
    count, for_each_holding, naive_rows, resource_mask, resource_of, AccessFilter, AccessGroupBy, AccessPeople,
    GroupKey,
};
use trellis_core::*;

const CASES: u32 = 1_000;

/// A random filter over `s`'s roles and accounts.
fn filter(s: &State, f: (u8, u8, u8, u8, u8)) -> AccessFilter {
    let (people, role, account, perms, search) = f;
    let roles: Vec<RoleId> = s.roles().iter().map(|r| r.id).collect();
    let accounts: Vec<PartnerAccountId> = s.accounts().map(|a| a.id).collect();
    let all: Vec<Permission> = Permission::all().collect();
    let mut mask = PermissionSet::all();
    match perms % 4 {
        0 => {}
        1 => mask = PermissionSet::EMPTY.with(all[perms as usize % all.len()]),
        2 => mask = resource_mask(["leads", "portal", "special", "members"][perms as usize / 4 % 4]).unwrap(),
        _ => {
            mask = resource_mask("leads")
                .unwrap()
                .intersection(PermissionSet::EMPTY.with(Permission::Crud(Resource::Leads, Action::Read)).with(all[3]))
        }
    }
    AccessFilter {
        people: [AccessPeople::Everyone, AccessPeople::Members, AccessPeople::PartnerUsers][people as usize % 3],
        search: ["", "c", "m1", "@globex", "initech", "zz"][search as usize % 6].to_owned(),
        roles: if role % 3 == 0 { Vec::new() } else { vec![roles[role as usize % roles.len()]] },
        accounts: if account % 3 == 0 || accounts.is_empty() {
            Vec::new()
        } else {
            vec![accounts[account as usize % accounts.len()]]
        },
        mask,
    }
}

/// The naive rows that pass `f`, judged person by person from the entities themselves.
fn naive_filtered(s: &State, f: &AccessFilter) -> Vec<(String, String)> {
    let mut by_email: BTreeMap<String, (bool, Vec<RoleId>, Option<PartnerAccountId>, String)> = BTreeMap::new();
    for m in s.members() {
        by_email.insert(m.email.clone(), (true, m.role.into_iter().collect(), None, m.name.to_lowercase()));
    }
    for c in s.contacts() {
        let roles = c.access.as_ref().map_or(Vec::new(), |a| {
            [Some(a.portal_role), a.agent_role, Some(a.admin_role)].into_iter().flatten().collect()
        });
        by_email.insert(c.email.clone(), (false, roles, Some(c.account), c.name.to_lowercase()));
    }
    naive_rows(s)
        .into_iter()
        .filter(|(email, key)| {
            let (member, roles, account, name) = &by_email[email];
            let kind_ok = match f.people {
                AccessPeople::Everyone => true,
                AccessPeople::Members => *member,
                AccessPeople::PartnerUsers => !member,
            };
            let account_ok = f.accounts.is_empty() || account.is_some_and(|a| f.accounts.contains(&a));
            let role_ok = f.roles.is_empty() || roles.iter().any(|r| f.roles.contains(r));
            let search_ok = name.contains(&f.search) || email.to_lowercase().contains(&f.search);
            let perm_ok = f.mask.contains(Permission::from_key(key).unwrap());
            kind_ok && account_ok && role_ok && search_ok && perm_ok
        })
        .collect()
}

fn check(seed: &[u8], changes: &[(u8, u8, u8)], f: (u8, u8, u8, u8, u8)) -> Result<(), TestCaseError> {
    let mut w = live(seed);
    for c in changes {
        if let Some(op) = to_op(&w.state, *c) {
            let owner = w.owner;
            let _ = w.run(owner, op);
        }
    }
    let s = &w.state;

    // Unfiltered: the naive computation, row for row.
    let mut rows = Vec::new();
    for_each_holding(s, &AccessFilter::default(), |h| {
        for p in h.granted.iter() {
            rows.push((h.holder.email().to_owned(), p.key()));
        }
    });
    rows.sort();
    prop_assert_eq!(&rows, &naive_rows(s));

    // Filtered, with the why, totals and groups.
    let f = filter(s, f);
    let mut rows = Vec::new();
    let mut people = 0;
    for_each_holding(s, &f, |h| {
        people += 1;
        for p in h.granted.iter() {
            let via: Vec<RoleId> = h.via(p).map(|r| r.id).collect();
            let held: Vec<&Role> = h.roles.iter().flatten().copied().collect();
            let expected: Vec<RoleId> = held.iter().filter(|r| r.permissions.contains(p)).map(|r| r.id).collect();
            assert!(!via.is_empty(), "a row with no role behind it");
            assert_eq!(via, expected);
            rows.push((h.holder.email().to_owned(), p.key()));
        }
    });
    rows.sort();
    prop_assert_eq!(&rows, &naive_filtered(s, &f));
    for by in [AccessGroupBy::Permission, AccessGroupBy::Resource, AccessGroupBy::Account, AccessGroupBy::Person] {
        let counted = count(s, &f, Some(by), usize::MAX, |_, _| {});
        prop_assert_eq!(counted.rows, rows.len() as u64);
        prop_assert_eq!(counted.people, people);
        let in_groups: u64 = counted.groups.iter().map(|(_, g)| g.rows).sum();
        prop_assert_eq!(counted.group_count, counted.groups.len() as u64);
        prop_assert_eq!(in_groups, rows.len() as u64, "each row in exactly one {:?} group", by);
        if by == AccessGroupBy::Permission {
            for (key, g) in &counted.groups {
                let GroupKey::Permission(p) = key else { panic!("{key:?}") };
                let naive = rows.iter().filter(|(_, k)| *k == p.key()).count() as u64;
                prop_assert_eq!((g.rows, g.people), (naive, naive));
            }
        }
        if by == AccessGroupBy::Resource {
            for (key, g) in &counted.groups {
                let GroupKey::Resource(r) = key else { panic!("{key:?}") };
                let naive = rows.iter().filter(|(_, k)| resource_of(Permission::from_key(k).unwrap()).0 == *r).count();
                prop_assert_eq!(g.rows, naive as u64);
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, ..ProptestConfig::default() })]

    #[test]
    fn the_report_is_the_naive_computation(
        seed in prop::collection::vec(any::<u8>(), 3),
        changes in prop::collection::vec((any::<u8>(), any::<u8>(), any::<u8>()), 0..8),
        f in (any::<u8>(), any::<u8>(), any::<u8>(), any::<u8>(), any::<u8>()),
    ) {
        check(&seed, &changes, f)?;
    }
}

/// A disabled account's users and a removed member hold nothing: no rows.
#[test]
fn no_rows_for_people_the_rules_give_nothing() {
    let mut w = live(&[0, 0, 0]);
    let owner = w.owner;
    w.run(owner, Op::DisablePartnerAccount { id: aid(2) }).unwrap();
    w.run(owner, Op::RemoveMembers { members: vec![mid(3)], at: T0 }).unwrap();
    let mut emails = Vec::new();
    for_each_holding(&w.state, &AccessFilter::default(), |h| emails.push(h.holder.email().to_owned()));
    assert!(!emails.iter().any(|e| e.ends_with("@initech.test")), "{emails:?}");
    assert!(!emails.iter().any(|e| e.starts_with("m3@")), "{emails:?}");
    assert!(emails.iter().any(|e| e.ends_with("@globex.test")));
}
