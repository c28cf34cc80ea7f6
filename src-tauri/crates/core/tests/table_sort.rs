//! The members (MEM-5) and partners (PA-1) tables sorted by a column in Rust: read page by
//! page, the pages together are every match once, in the column's order (ties by name).
mod support;

use std::cmp::Ordering;
use support::*;
use trellis_core::partner_query::partner_page;
use trellis_core::query::member_page;
use trellis_core::wire::*;
use trellis_core::*;

fn members_world() -> World {
    let mut w = World::new();
    let roles = [Some(Builtin::Admin), Some(Builtin::Viewer), None, Some(Builtin::Member)];
    for n in 1..=11u128 {
        w.add(n, roles[n as usize % roles.len()]);
    }
    // Two still pending, invited last.
    for n in 20..22u128 {
        let op = Op::InviteMember {
            id: mid(n),
            email: format!("p{n}@acme.test"),
            name: format!("Abel {n}"),
            role: Some(Builtin::Viewer.id()),
            at: T0 + 1_000 + n as i64,
        };
        w.run(w.owner, op).unwrap();
    }
    w
}

/// Every row of the members table sorted by `sort`, read `per` rows at a time.
fn members_paged(state: &State, sort: Option<MemberSort>, per: u32) -> Vec<MemberRow> {
    let mut rows = Vec::new();
    loop {
        let q = MemberListQuery {
            tab: MemberTab::All,
            search: String::new(),
            removed: false,
            offset: rows.len() as u32,
            limit: per,
            sort,
        };
        let page = member_page(state, &q).unwrap();
        assert_eq!(page.total, 14, "every read counts every match");
        if page.rows.is_empty() {
            return rows;
        }
        rows.extend(page.rows);
    }
}

fn member_column(r: &MemberRow, by: MemberSortKey) -> (u8, String, i64) {
    match by {
        MemberSortKey::Name => (0, String::new(), 0),
        // Roles by name; no role last.
        MemberSortKey::Role => r.role_name.as_ref().map_or((1, String::new(), 0), |n| (0, n.to_lowercase(), 0)),
        MemberSortKey::Status => (
            match r.status {
                MemberStatus::Active => 0,
                MemberStatus::Pending => 1,
                MemberStatus::Removed => 2,
            },
            String::new(),
            0,
        ),
        MemberSortKey::Invited => (0, String::new(), r.invited_at),
    }
}

#[test]
fn mem5_members_sort_by_each_column_both_ways_across_pages() {
    let w = members_world();
    let by_name = members_paged(&w.state, None, 1_000);
    let names: Vec<_> = by_name.iter().map(|r| r.id).collect();
    for by in [MemberSortKey::Name, MemberSortKey::Role, MemberSortKey::Status, MemberSortKey::Invited] {
        for descending in [false, true] {
            let sort = Some(MemberSort { by, descending });
            let rows = members_paged(&w.state, sort, 3);
            let mut ids: Vec<_> = rows.iter().map(|r| r.id).collect();
            assert_eq!(ids.len(), names.len(), "{by:?} {descending}: a row missing or twice");
            ids.sort();
            ids.dedup();
            assert_eq!(ids.len(), names.len(), "{by:?} {descending}: a row on two pages");
            for pair in rows.windows(2) {
                let order = member_column(&pair[0], by).cmp(&member_column(&pair[1], by));
                let wrong = if descending { Ordering::Less } else { Ordering::Greater };
                assert_ne!(order, wrong, "{by:?} {descending}: {} before {}", pair[0].email, pair[1].email);
            }
            // The same rows whatever the page size: a page boundary never moves a row.
            let whole: Vec<_> = members_paged(&w.state, sort, 1_000).iter().map(|r| r.id).collect();
            assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), whole, "{by:?} {descending}");
        }
    }
    // By name ascending is the index's order; descending is its reverse.
    let asc: Vec<_> = members_paged(&w.state, Some(MemberSort::default()), 2).iter().map(|r| r.id).collect();
    assert_eq!(asc, names);
    let desc = Some(MemberSort { by: MemberSortKey::Name, descending: true });
    let mut reversed: Vec<_> = members_paged(&w.state, desc, 2).iter().map(|r| r.id).collect();
    reversed.reverse();
    assert_eq!(reversed, names);
    // The column actually orders: pending members come after active ones, not by name.
    let status = members_paged(&w.state, Some(MemberSort { by: MemberSortKey::Status, descending: false }), 5);
    assert_eq!(status.iter().rev().take(2).filter(|r| r.status == MemberStatus::Pending).count(), 2);
    assert_ne!(status.iter().map(|r| r.id).collect::<Vec<_>>(), names);
}

fn partners_world() -> World {
    let mut w = partner_world(10);
    w.add(1, Some(Builtin::Member));
    let names = ["Umbrella", "Acme Resale", "Zeta Partners", "Initech", "Hooli", "Pied Piper", "Vandelay"];
    for (i, name) in names.iter().enumerate() {
        let n = 10 + i as u128;
        let kind = if i % 3 == 0 { AccountKind::Person } else { AccountKind::Business };
        let owner = if i % 2 == 0 { mid(0) } else { mid(1) };
        let parent = (i % 4 == 1).then_some(aid(1));
        w.run(w.owner, Op::CreatePartnerAccount { id: aid(n), name: (*name).into(), kind, owner, parent }).unwrap();
    }
    w.run(w.owner, Op::EnablePartnerAccount { id: aid(14) }).unwrap();
    w
}

fn partners_paged(state: &State, sort: Option<PartnerSort>, per: u32) -> Vec<PartnerRow> {
    let mut rows = Vec::new();
    loop {
        let q = PartnerListQuery {
            search: String::new(),
            status: PartnerStatusFilter::All,
            kind: None,
            owner_id: None,
            offset: rows.len() as u32,
            limit: Some(per),
            sort,
        };
        let page = partner_page(state, &q, None);
        assert_eq!(page.total, 8);
        if page.rows.is_empty() {
            return rows;
        }
        rows.extend(page.rows);
    }
}

fn partner_column(r: &PartnerRow, by: PartnerSortKey) -> (String, String) {
    let column = match by {
        PartnerSortKey::Name => String::new(),
        PartnerSortKey::Kind => format!("{}", u8::from(r.kind != AccountKind::Business)),
        PartnerSortKey::Owner => r.owner_name.to_lowercase(),
        // No parent after every name.
        PartnerSortKey::Parent => r.parent_name.as_ref().map_or("\u{10FFFF}".into(), |p| p.to_lowercase()),
        PartnerSortKey::Status => format!("{}", u8::from(!r.enabled)),
    };
    (column, r.name.to_lowercase())
}

#[test]
fn pa1_partners_sort_by_each_column_both_ways_across_pages() {
    let w = partners_world();
    let by_name: Vec<_> = partners_paged(&w.state, None, 500).iter().map(|r| r.id).collect();
    let by = [
        PartnerSortKey::Name,
        PartnerSortKey::Kind,
        PartnerSortKey::Owner,
        PartnerSortKey::Parent,
        PartnerSortKey::Status,
    ];
    for by in by {
        for descending in [false, true] {
            let sort = Some(PartnerSort { by, descending });
            let rows = partners_paged(&w.state, sort, 3);
            let keys: Vec<_> = rows.iter().map(|r| partner_column(r, by)).collect();
            let mut expected = keys.clone();
            expected.sort();
            if descending {
                expected.reverse();
            }
            assert_eq!(keys, expected, "{by:?} {descending}");
            let mut ids: Vec<_> = rows.iter().map(|r| r.id).collect();
            ids.sort();
            ids.dedup();
            assert_eq!(ids.len(), by_name.len(), "{by:?} {descending}: a row missing or on two pages");
        }
    }
    let status = partners_paged(&w.state, Some(PartnerSort { by: PartnerSortKey::Status, descending: false }), 2);
    assert!(status[0].enabled && status[1].enabled && !status[2].enabled, "enabled accounts first");
}
