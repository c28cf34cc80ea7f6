//! RPT-3: dashboards published to portal roles — who gets one, tiles computed over the
//! viewer's own access (equal to the report run as them), tiles they may not read left
//! out, new users only, warnings, and every bad input refused naming its field.
mod support;

use jiff::tz::TimeZone;
use support::*;
use trellis_core::dashboards::{dashboards_of, home, quarter_filter, warnings, Dashboard, PublishTo, TileKind};
use trellis_core::reports::activity::summary;
use trellis_core::reports::period::Bucket;
use trellis_core::visibility::viewer;
use trellis_core::*;
use uuid::Uuid;

/// 2026-05-15 12:00 UTC: the second quarter.
const NOW: Millis = 1_778_846_400_000;

fn did(n: u128) -> DashboardId {
    DashboardId(Uuid::from_u128(0x9000_0000 + n))
}

fn save(n: u128, version: Option<u32>, roles: Vec<RoleId>, publish_to: PublishTo) -> Op {
    Op::SaveDashboard {
        id: did(n),
        version,
        name: format!("Partner home {n}"),
        tiles: TileKind::ALL.to_vec(),
        roles,
        publish_to,
        locked: true,
    }
}

/// Globex: contact 1 (Advanced Partner Center, top of the branch: sees 2 and 3 below),
/// 2 and 4 (Advanced), 3 (Standard: no opportunities, so no activities either).
fn world() -> World {
    let mut w = partner_world(20);
    for n in 1..=4u128 {
        let role = if n == 3 { Builtin::StandardPartnerCenter } else { Builtin::AdvancedPartnerCenter };
        let top = w.state.tree().branch(aid(1)).first().copied();
        let place = if n == 1 { None } else { top };
        w.run(w.owner, give(n, role, place)).unwrap();
    }
    let mut k = 0u128;
    for (owner, n) in [(1u128, 3u32), (2, 2), (4, 4)] {
        for i in 0..n {
            k += 1;
            let op = Op::LogActivity {
                id: RecordId(Uuid::from_u128(0x8000_0000 + k)),
                owner: Person::Contact(cid(owner)),
                subject: format!("Call {k}"),
                facts: ActivityFacts {
                    kind: ActivityType::ALL[i as usize % 4],
                    at: NOW - (i as i64 + 1) * 86_400_000,
                    customer: None,
                },
                segments: Default::default(),
            };
            w.run(w.owner, op).unwrap();
        }
        let op = Op::CreateRecord {
            id: RecordId(Uuid::from_u128(0x8100_0000 + owner)),
            kind: RecordKind::Opportunity,
            name: format!("Deal of {owner}"),
            owner: Person::Contact(cid(owner)),
            segments: Default::default(),
        };
        w.run(w.owner, op).unwrap();
    }
    w
}

fn apc() -> RoleId {
    Builtin::AdvancedPartnerCenter.id()
}

#[test]
fn tiles_equal_the_report_run_as_that_partner_user() {
    let mut w = world();
    w.run(w.owner, save(1, None, vec![apc()], PublishTo::NewAndExisting)).unwrap();
    let tz = TimeZone::UTC;
    for n in [1u128, 2, 4] {
        let s = &w.state;
        let v = viewer(s, Person::Contact(cid(n))).unwrap();
        let report = summary(s, &v, &quarter_filter(NOW, &tz).unwrap(), Bucket::Week, None);
        let dashboards = home(s, cid(n), NOW, &tz);
        assert_eq!(dashboards.len(), 1, "contact {n} gets the dashboard");
        let tiles = &dashboards[0].tiles;
        let by_type = tiles.iter().find(|t| t.kind == TileKind::ActivitiesByType).unwrap();
        assert_eq!(by_type.by_type, Some(report.by_type), "contact {n}");
        assert_eq!(by_type.total, report.total);
        let trend = tiles.iter().find(|t| t.kind == TileKind::ActivityTrend).unwrap();
        assert_eq!(trend.counts.iter().sum::<u32>(), report.total);
        assert_eq!(trend.buckets, report.buckets);
    }
    // Contact 1, the account's first user, got a role below the branch's top, where 2 and 4
    // sit (HIER-2): 2 counts 1's three activities with their own two, 1 only their own.
    let one = &home(&w.state, cid(1), NOW, &tz)[0].tiles[0];
    let two = &home(&w.state, cid(2), NOW, &tz)[0].tiles[0];
    assert_eq!((one.total, two.total), (3, 5));
    let deals =
        home(&w.state, cid(2), NOW, &tz)[0].tiles.iter().find(|t| t.kind == TileKind::OpenOpportunities).cloned();
    assert_eq!(deals.unwrap().rows.iter().map(|r| r.label.as_str()).collect::<Vec<_>>(), ["Deal of 1", "Deal of 2"]);
}

#[test]
fn only_holders_of_a_published_role_get_it_and_a_tile_they_cannot_read_is_left_out() {
    let mut w = world();
    w.run(w.owner, save(1, None, vec![apc(), Builtin::StandardPartnerCenter.id()], PublishTo::NewAndExisting)).unwrap();
    // Standard Partner Center reads reports but not opportunities: every tile needs them.
    assert!(home(&w.state, cid(3), NOW, &TimeZone::UTC).is_empty(), "no tile readable: no dashboard");
    // A custom portal role that reads customers and reports but not opportunities.
    let limited = Op::CreateRole {
        id: rid(50),
        name: "Customer desk".into(),
        description: String::new(),
        audience: Audience::Partner,
        group: None,
        permissions: PermissionSet::crud(&[Resource::Customers, Resource::Reports], &[Action::Read])
            .union(PermissionSet::crud(&[Resource::Opportunities], &[Action::Read])),
        restriction: Default::default(),
        segments: Default::default(),
    };
    w.run(w.owner, limited).unwrap();
    let d = w.state.dashboard(did(1)).unwrap().clone();
    w.run(w.owner, save(1, Some(d.version), vec![rid(50)], PublishTo::NewAndExisting)).unwrap();
    assert!(home(&w.state, cid(2), NOW, &TimeZone::UTC).is_empty(), "withdrawn from Advanced");
    let c = w.state.contact(cid(2)).unwrap().clone();
    let to_limited = Op::UpdateAccess {
        contact: cid(2),
        version: c.version,
        roles: trellis_core::partners::AccessRoles { portal_role: rid(50), agent_role: None, admin_role: None },
        hierarchy_role: c.access.as_ref().unwrap().hierarchy_role,
        can_grant_subpartners: false,
    };
    w.run(w.owner, to_limited).unwrap();
    let got = home(&w.state, cid(2), NOW, &TimeZone::UTC);
    assert_eq!(got.len(), 1, "moved into the role: they get it at the next page");
    // Take the opportunities read away from the role: the activity tiles leave, no error.
    let role = w.state.role(rid(50)).unwrap().clone();
    let update = Op::UpdateRole {
        id: rid(50),
        version: role.version,
        name: role.name.clone(),
        description: String::new(),
        permissions: role.permissions.without(Permission::Crud(Resource::Opportunities, Action::Read)),
        restriction: role.restriction,
        segments: role.segments.clone(),
    };
    w.run(w.owner, update).unwrap();
    assert!(home(&w.state, cid(2), NOW, &TimeZone::UTC).is_empty(), "every tile needs opportunities");
    // Disabled access and disabled accounts see nothing.
    w.run(w.owner, save(2, None, vec![apc()], PublishTo::NewAndExisting)).unwrap();
    assert_eq!(dashboards_of(&w.state, cid(4)).len(), 1);
    w.run(w.owner, Op::RevokeAccess { contact: cid(4) }).unwrap();
    assert!(dashboards_of(&w.state, cid(4)).is_empty());
    let warned = warnings(&w.state, w.state.dashboard(did(2)).unwrap());
    assert!(warned.iter().any(|m| m.contains("1 user of these roles has disabled access")), "{warned:?}");
    w.run(w.owner, Op::DisablePartnerAccount { id: aid(1) }).unwrap();
    assert!(dashboards_of(&w.state, cid(1)).is_empty());
}

#[test]
fn new_users_only_leaves_existing_holders_as_they_were() {
    let mut w = world();
    w.run(w.owner, save(1, None, vec![apc()], PublishTo::NewUsersOnly)).unwrap();
    let d: &Dashboard = w.state.dashboard(did(1)).unwrap();
    assert_eq!(d.existing, vec![cid(1), cid(2), cid(4)]);
    assert!(dashboards_of(&w.state, cid(2)).is_empty(), "held the role when it was published");
    // Contact 3 moves to Advanced Partner Center afterwards: a new user of the role.
    let c = w.state.contact(cid(3)).unwrap().clone();
    let op = Op::UpdateAccess {
        contact: cid(3),
        version: c.version,
        roles: trellis_core::partners::AccessRoles { portal_role: apc(), agent_role: None, admin_role: None },
        hierarchy_role: c.access.as_ref().unwrap().hierarchy_role,
        can_grant_subpartners: false,
    };
    w.run(w.owner, op).unwrap();
    assert_eq!(dashboards_of(&w.state, cid(3)).len(), 1);
    // Switching to new and existing gives it to everyone holding the role.
    let v = w.state.dashboard(did(1)).unwrap().version;
    w.run(w.owner, save(1, Some(v), vec![apc()], PublishTo::NewAndExisting)).unwrap();
    assert_eq!(dashboards_of(&w.state, cid(2)).len(), 1);
    assert!(w.state.dashboard(did(1)).unwrap().existing.is_empty());
}

#[test]
fn a_deleted_role_leaves_the_dashboard_working_for_the_rest_with_a_warning() {
    let mut w = world();
    let role = Op::CreateRole {
        id: rid(51),
        name: "Resellers".into(),
        description: String::new(),
        audience: Audience::Partner,
        group: None,
        permissions: Builtin::AdvancedPartnerCenter.permissions(),
        restriction: Default::default(),
        segments: Default::default(),
    };
    w.run(w.owner, role).unwrap();
    w.run(w.owner, save(1, None, vec![apc(), rid(51)], PublishTo::NewAndExisting)).unwrap();
    w.run(w.owner, Op::DeleteRole { id: rid(51) }).unwrap();
    let d = w.state.dashboard(did(1)).unwrap();
    assert_eq!(
        warnings(&w.state, d),
        ["1 role it was published to no longer exists; the other roles' users still see it"]
    );
    assert_eq!(dashboards_of(&w.state, cid(2)).len(), 1);
}

#[test]
fn bad_dashboards_are_refused_naming_the_field() {
    let mut w = world();
    let with = |f: &dyn Fn(&mut Op)| {
        let mut op = save(1, None, vec![apc()], PublishTo::NewAndExisting);
        f(&mut op);
        op
    };
    let owner = w.owner;
    let cases: Vec<(Op, ErrorCode, &str)> = vec![
        (
            with(&|o| {
                if let Op::SaveDashboard { name, .. } = o {
                    *name = "  ".into()
                }
            }),
            ErrorCode::Invalid,
            "name",
        ),
        (
            with(&|o| {
                if let Op::SaveDashboard { name, .. } = o {
                    *name = "x".repeat(500)
                }
            }),
            ErrorCode::Invalid,
            "name",
        ),
        (
            with(&|o| {
                if let Op::SaveDashboard { tiles, .. } = o {
                    tiles.clear()
                }
            }),
            ErrorCode::Invalid,
            "tiles",
        ),
        (
            with(&|o| {
                if let Op::SaveDashboard { tiles, .. } = o {
                    tiles.push(TileKind::ActivityTrend)
                }
            }),
            ErrorCode::Invalid,
            "tiles",
        ),
        (
            with(&|o| {
                if let Op::SaveDashboard { roles, .. } = o {
                    roles.push(rid(999))
                }
            }),
            ErrorCode::NotFound,
            "roles",
        ),
        (
            with(&|o| {
                if let Op::SaveDashboard { roles, .. } = o {
                    roles.push(Builtin::Admin.id())
                }
            }),
            ErrorCode::Rule,
            "roles",
        ),
        (
            with(&|o| {
                if let Op::SaveDashboard { version, .. } = o {
                    *version = Some(1)
                }
            }),
            ErrorCode::NotFound,
            "dashboard_id",
        ),
    ];
    for (op, code, field) in cases {
        w.refused(owner, op, code, Some(field));
    }
    w.run(owner, save(1, None, vec![apc()], PublishTo::NewAndExisting)).unwrap();
    w.refused(owner, save(1, Some(7), vec![], PublishTo::NewAndExisting), ErrorCode::Stale, Some("version"));
    let mut clash = save(2, None, vec![], PublishTo::NewAndExisting);
    if let Op::SaveDashboard { name, .. } = &mut clash {
        *name = "PARTNER home 1".into();
    }
    let err = w.refused(owner, clash, ErrorCode::Conflict, Some("name"));
    assert!(err.message.contains("already exists"), "{err:?}");
    w.refused(owner, Op::DeleteDashboard { id: did(1), version: 9 }, ErrorCode::Stale, Some("version"));
    // A Viewer may read reports but not publish what partners see.
    let viewer_member = w.add(7, Some(Builtin::Viewer));
    w.refused(viewer_member, save(3, None, vec![], PublishTo::NewAndExisting), ErrorCode::Forbidden, None);
    // Saving what is already there writes nothing.
    let v = w.state.dashboard(did(1)).unwrap().version;
    assert!(w.run(owner, save(1, Some(v), vec![apc()], PublishTo::NewAndExisting)).unwrap().is_empty());
    w.run(owner, Op::DeleteDashboard { id: did(1), version: v }).unwrap();
    assert!(w.state.dashboard(did(1)).is_none());
}

/// Changeable dashboards: a partner user hides tiles on their own Home and shows them
/// again; a locked dashboard refuses (and shows every tile even if some were hidden before
/// it was locked); nobody arranges someone else's Home; unknown tiles are named.
#[test]
fn a_user_hides_tiles_only_on_a_changeable_dashboard_of_their_own_home() {
    let mut w = world();
    let mut op = save(1, None, vec![apc()], PublishTo::NewAndExisting);
    if let Op::SaveDashboard { locked, tiles, .. } = &mut op {
        *locked = false;
        *tiles = vec![TileKind::ActivitiesByType, TileKind::OpenOpportunities];
    }
    w.run(w.owner, op).unwrap();
    let version = w.state.contact(cid(2)).unwrap().version;
    let arrange = |hidden: Vec<TileKind>| Op::ArrangeHome { contact: cid(2), dashboard: did(1), hidden };
    let kinds = |w: &World| -> (Vec<TileKind>, Vec<TileKind>) {
        let h = home(&w.state, cid(2), NOW, &TimeZone::UTC);
        (h[0].tiles.iter().map(|t| t.kind).collect(), h[0].hidden.iter().map(|t| t.kind).collect())
    };
    w.run(Actor::Partner(cid(2)), arrange(vec![TileKind::ActivitiesByType])).unwrap();
    assert_eq!(kinds(&w), (vec![TileKind::OpenOpportunities], vec![TileKind::ActivitiesByType]));
    assert_eq!(home(&w.state, cid(4), NOW, &TimeZone::UTC)[0].tiles.len(), 2, "a colleague's Home is their own");
    // Everything hidden: the dashboard stays, so its tiles can be shown again.
    w.run(Actor::Partner(cid(2)), arrange(vec![TileKind::ActivitiesByType, TileKind::OpenOpportunities])).unwrap();
    assert_eq!(kinds(&w).0, vec![]);
    w.refused(Actor::Partner(cid(4)), arrange(vec![]), ErrorCode::Forbidden, None);
    w.refused(w.owner, arrange(vec![]), ErrorCode::Forbidden, None);
    w.refused(Actor::Partner(cid(2)), arrange(vec![TileKind::QuietCustomers]), ErrorCode::Invalid, Some("hidden"));
    let other = Op::ArrangeHome { contact: cid(2), dashboard: did(9), hidden: vec![] };
    w.refused(Actor::Partner(cid(2)), other, ErrorCode::NotFound, Some("dashboard_id"));
    // Locked since: every tile shows again, and hiding is refused.
    let v = w.state.dashboard(did(1)).unwrap().version;
    let mut lock = save(1, Some(v), vec![apc()], PublishTo::NewAndExisting);
    if let Op::SaveDashboard { tiles, .. } = &mut lock {
        *tiles = vec![TileKind::ActivitiesByType, TileKind::OpenOpportunities];
    }
    w.run(w.owner, lock).unwrap();
    assert_eq!(kinds(&w), (vec![TileKind::ActivitiesByType, TileKind::OpenOpportunities], vec![]));
    w.refused(Actor::Partner(cid(2)), arrange(vec![]), ErrorCode::Rule, Some("dashboard_id"));
    // Arranging keeps the contact's version: a manager's open access editor stays valid.
    assert_eq!(w.state.contact(cid(2)).unwrap().version, version);
}
