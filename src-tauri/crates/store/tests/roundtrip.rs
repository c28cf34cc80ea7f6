//! On a real SQLite file: what is committed comes back on reopen, replaying the journal
//! rebuilds exactly the loaded state, and the journal refuses edits.

use trellis_core::*;
use trellis_store::Store;

const T0: Millis = 1_764_000_000_000;

async fn run(store: &Store, state: &mut State, actor: Actor, op: Op) -> RuleResult<()> {
    let events = apply(state, &actor, &op)?;
    store.commit(&actor, "test", T0, &op, &events).await.expect("commit");
    state.commit(&events);
    Ok(())
}

/// A workspace with roles created, cloned, edited and deleted, and members in every state.
async fn scenario(store: &Store) -> State {
    let mut s = State::new();
    let owner = MemberId::new_v7();
    run(
        store,
        &mut s,
        Actor::Bootstrap,
        Op::CreateWorkspace {
            name: "Acme".into(),
            owner,
            owner_name: "Olivia".into(),
            owner_email: "olivia@acme.test".into(),
            at: T0,
        },
    )
    .await
    .unwrap();
    let me = Actor::Member(owner);
    let custom = RoleId::new_v7();
    run(store, &mut s, me, Op::CloneRole { source: Builtin::Member.id(), id: custom, name: "Channel rep".into() })
        .await
        .unwrap();
    let doomed = RoleId::new_v7();
    run(
        store,
        &mut s,
        me,
        Op::CreateRole {
            id: doomed,
            name: "Temp".into(),
            description: "short-lived".into(),
            audience: Audience::Internal,
            permissions: PermissionSet::EMPTY,
            group: None,
            restriction: Default::default(),
            segments: Default::default(),
        },
    )
    .await
    .unwrap();
    let mut ids = Vec::new();
    for n in 0..30 {
        let id = MemberId::new_v7();
        ids.push(id);
        run(
            store,
            &mut s,
            me,
            Op::InviteMember {
                id,
                email: format!("M{n}@acme.test"),
                name: format!("Member {n}"),
                role: Some(Builtin::Viewer.id()),
                at: T0 + n,
            },
        )
        .await
        .unwrap();
        if n % 3 != 0 {
            run(store, &mut s, Actor::Member(id), Op::AcceptInvite { member: id, name: String::new(), at: T0 + n })
                .await
                .unwrap();
        }
    }
    run(store, &mut s, me, Op::ChangeRoles { members: ids[0..10].to_vec(), role: Some(custom) }).await.unwrap();
    run(store, &mut s, me, Op::ChangeRoles { members: ids[10..12].to_vec(), role: Some(doomed) }).await.unwrap();
    run(store, &mut s, me, Op::DeleteRole { id: doomed }).await.unwrap();
    run(store, &mut s, me, Op::RemoveMembers { members: ids[20..25].to_vec(), at: T0 + 99 }).await.unwrap();
    run(store, &mut s, me, Op::RevokeInvite { member: ids[27], at: T0 + 100 }).await.unwrap();
    // Partner features, the hierarchy and accounts (PA-1, PA-2, HIER-4).
    let features = PartnerFeatures { partner_access: true, advanced_partner_access: true, licences: 40 };
    run(store, &mut s, me, Op::SetPartnerFeatures { features }).await.unwrap();
    let vp = HierarchyRoleId::new_v7();
    let cm = HierarchyRoleId::new_v7();
    run(store, &mut s, me, Op::CreateHierarchyRole { id: vp, name: "VP Channel".into(), parent: None }).await.unwrap();
    run(store, &mut s, me, Op::CreateHierarchyRole { id: cm, name: "Channel Manager".into(), parent: Some(vp) })
        .await
        .unwrap();
    run(store, &mut s, me, Op::SetMemberHierarchyRole { member: owner, role: Some(cm) }).await.unwrap();
    let globex = PartnerAccountId::new_v7();
    let east = PartnerAccountId::new_v7();
    let kind = AccountKind::Business;
    run(store, &mut s, me, Op::CreatePartnerAccount { id: globex, name: "Globex".into(), kind, owner, parent: None })
        .await
        .unwrap();
    let sub = Op::CreatePartnerAccount { id: east, name: "Globex East".into(), kind, owner, parent: Some(globex) };
    run(store, &mut s, me, sub).await.unwrap();
    run(store, &mut s, me, Op::EnablePartnerAccount { id: globex }).await.unwrap();
    run(store, &mut s, me, Op::EnablePartnerAccount { id: east }).await.unwrap();
    run(store, &mut s, me, Op::DisablePartnerAccount { id: east }).await.unwrap();
    // Partner users (PU-1, HIER-1, PU-6), then the rename (HIER-4) renames the branch.
    let (c1, c2) = (ContactId::new_v7(), ContactId::new_v7());
    for (c, email) in [(c1, "ann@globex.test"), (c2, "bob@globex.test")] {
        let op = Op::CreateContact { id: c, account: globex, name: email.into(), email: email.into() };
        run(store, &mut s, me, op).await.unwrap();
    }
    let branch = [HierarchyRoleId::new_v7(), HierarchyRoleId::new_v7(), HierarchyRoleId::new_v7()];
    // Ann holds every kind of role and a pending invitation link: each column reads back.
    let give = |contact, hierarchy_role| Op::GiveAccess {
        contact,
        roles: trellis_core::partners::AccessRoles {
            portal_role: Builtin::AdvancedPartnerCenter.id(),
            agent_role: (contact == c1).then(|| Builtin::SalesAgent.id()),
            admin_role: (contact == c1).then(|| Builtin::UserManagementAdmin.id()),
        },
        hierarchy_role,
        branch,
        can_grant_subpartners: contact == c1,
        invitation: (contact == c1)
            .then(|| trellis_core::partners::PartnerInvitation { digest: "ab".repeat(32), expires: 4_102_444_800_000 }),
    };
    run(store, &mut s, me, give(c1, None)).await.unwrap();
    run(store, &mut s, me, give(c2, Some(branch[1]))).await.unwrap();
    run(store, &mut s, me, Op::RevokeAccess { contact: c2 }).await.unwrap();
    run(store, &mut s, me, Op::RenamePartnerAccount { id: globex, version: 2, name: "Globex Corp".into() })
        .await
        .unwrap();
    run(
        store,
        &mut s,
        me,
        Op::UpdateRole {
            id: custom,
            version: 1,
            name: "Channel Rep".into(),
            description: "Field reps".into(),
            permissions: PermissionSet::crud(&[Resource::Leads], &Action::ALL),
            restriction: Default::default(),
            segments: Default::default(),
        },
    )
    .await
    .unwrap();
    // Records, items, sharing rules, a restricted portal role, PA-3 and HIER-3.
    let hw = RoleId::new_v7();
    let portal = Op::CreateRole {
        id: hw,
        name: "Hardware partner".into(),
        description: String::new(),
        audience: trellis_core::Audience::Partner,
        group: None,
        permissions: Builtin::AdvancedPartnerCenter.permissions(),
        restriction: trellis_core::PartnerRestriction::WholeAccount,
        segments: trellis_core::SegmentFilter { departments: vec![], locations: vec!["EMEA".into()], classes: vec![] },
    };
    run(store, &mut s, me, portal).await.unwrap();
    let segments =
        trellis_core::Segments { department: Some("Sales".into()), location: Some("EMEA".into()), class: None };
    for (n, owner) in [(0, trellis_core::Person::Contact(c1)), (1, trellis_core::Person::Member(owner))] {
        let op = Op::CreateRecord {
            id: trellis_core::RecordId::new_v7(),
            kind: trellis_core::RecordKind::ALL[n],
            name: format!("Record {n}"),
            owner,
            segments: segments.clone(),
        };
        run(store, &mut s, me, op).await.unwrap();
    }
    // An activity about a customer (RPT-1): its facts are columns of their own.
    let customer = trellis_core::RecordId::new_v7();
    let op = Op::CreateRecord {
        id: customer,
        kind: trellis_core::RecordKind::Customer,
        name: "Initech".into(),
        owner: trellis_core::Person::Member(owner),
        segments: Default::default(),
    };
    run(store, &mut s, me, op).await.unwrap();
    let facts = trellis_core::ActivityFacts {
        kind: trellis_core::ActivityType::Meeting,
        at: 1_764_000_000_000,
        customer: Some(customer),
    };
    let op = Op::LogActivity {
        id: trellis_core::RecordId::new_v7(),
        owner: trellis_core::Person::Member(owner),
        subject: "Kick-off".into(),
        facts,
        segments: Default::default(),
    };
    run(store, &mut s, me, op).await.unwrap();
    let item = trellis_core::ItemId::new_v7();
    run(store, &mut s, me, Op::CreateItem { id: item, name: "Router".into(), available_in_partner_center: false })
        .await
        .unwrap();
    run(store, &mut s, me, Op::SetItemAvailability { id: item, available_in_partner_center: true }).await.unwrap();
    let rule = Op::SaveSharingRule {
        id: trellis_core::SharingRuleId::new_v7(),
        version: None,
        name: "VP leads to Globex".into(),
        kind: trellis_core::RecordKind::Lead,
        source: vp,
        grantee: trellis_core::Grantee::Account(globex),
        access: trellis_core::ShareAccess::ReadWrite,
    };
    run(store, &mut s, me, rule).await.unwrap();
    // RPT-3: a dashboard saved twice (published, then changed) and one deleted.
    use trellis_core::dashboards::{PublishTo, TileKind};
    let home = trellis_core::DashboardId::new_v7();
    let dashboard = |id, version: Option<u32>, name: &str, roles: Vec<trellis_core::RoleId>| Op::SaveDashboard {
        id,
        version,
        name: name.into(),
        tiles: vec![TileKind::ActivitiesByType, TileKind::QuietCustomers],
        roles,
        // First for new users only (Ann is an existing one), then for everyone.
        publish_to: if version.is_none() { PublishTo::NewUsersOnly } else { PublishTo::NewAndExisting },
        locked: false,
    };
    let apc = trellis_core::Builtin::AdvancedPartnerCenter.id();
    run(store, &mut s, me, dashboard(home, None, "Partner home", vec![apc])).await.unwrap();
    run(store, &mut s, me, dashboard(home, Some(1), "Partner home (Q3)", vec![apc])).await.unwrap();
    let gone = trellis_core::DashboardId::new_v7();
    run(store, &mut s, me, dashboard(gone, None, "Old", vec![])).await.unwrap();
    run(store, &mut s, me, Op::DeleteDashboard { id: gone, version: 1 }).await.unwrap();
    assert_eq!(s.dashboards().count(), 1);
    let hide = Op::ArrangeHome { contact: c1, dashboard: home, hidden: vec![TileKind::QuietCustomers] };
    run(store, &mut s, Actor::Partner(c1), hide).await.unwrap();
    assert_eq!(s.contact(c1).unwrap().hidden_tiles.len(), 1);
    run(store, &mut s, me, Op::DeletePartnerHierarchyRoles { account: globex, roles: vec![branch[0]], move_to: None })
        .await
        .unwrap();
    run(store, &mut s, me, Op::AddPartnerHierarchyRole { account: globex, id: HierarchyRoleId::new_v7() })
        .await
        .unwrap();
    run(store, &mut s, me, Op::SetMemberHierarchyRole { member: ids[1], role: Some(vp) }).await.unwrap();
    let version = s.account(globex).unwrap().version;
    run(store, &mut s, me, Op::ChangeAccountOwner { id: globex, version, owner: ids[1] }).await.unwrap();
    s
}

#[tokio::test]
async fn reopening_gives_back_the_same_state() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("trellis.db");
    let store = Store::open(&path).await.unwrap();
    let state = scenario(&store).await;
    store.close().await;
    let reopened = Store::open(&path).await.unwrap();
    let loaded = reopened.load().await.unwrap();
    assert_eq!(loaded.member_count(), 31);
    assert!(loaded == state, "loaded state differs from the state in memory");
}

#[tokio::test]
async fn replaying_the_journal_rebuilds_the_loaded_state() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("trellis.db")).await.unwrap();
    scenario(&store).await;
    let loaded = store.load().await.unwrap();
    let mut replayed = State::new();
    let ops = store.journal_ops().await.unwrap();
    assert!(ops.len() > 40);
    for (actor, op) in &ops {
        apply_and_commit(&mut replayed, actor, op).expect("journal op replays");
    }
    assert!(replayed == loaded);
}

#[tokio::test]
async fn journal_records_before_and_after_and_refuses_edits() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("trellis.db")).await.unwrap();
    scenario(&store).await;
    let entries = store.journal(0, 100).await.unwrap();
    assert_eq!(entries[0].action, "partner.change_owner");
    let update = entries.iter().find(|e| e.action == "role.update").unwrap();
    let change = &update.changes[0];
    assert_eq!(change.before.as_ref().unwrap()["name"], "Channel rep");
    assert_eq!(change.after.as_ref().unwrap()["name"], "Channel Rep");
    assert!(change.after.as_ref().unwrap().get("version").is_none(), "only meaningful fields are diffed");
    let delete = sqlx::query("DELETE FROM journal").execute(store.pool()).await;
    assert!(delete.unwrap_err().to_string().contains("append-only"));
    let update = sqlx::query("UPDATE journal SET actor_label = 'mallory'").execute(store.pool()).await;
    assert!(update.is_err());
}

#[tokio::test]
async fn a_failed_commit_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("trellis.db")).await.unwrap();
    let state = scenario(&store).await;
    let before = store.journal(0, 1000).await.unwrap().len();
    // An event the database refuses (a member pointing at a role that does not exist)
    // after a valid one: the transaction must roll back both and the journal entry.
    let any = state.members().next().unwrap().clone();
    let mut ok = any.clone();
    ok.name = "Changed".into();
    let mut bad = any.clone();
    bad.id = MemberId::new_v7();
    bad.email = "ghost@acme.test".into();
    bad.role = Some(RoleId::new_v7());
    let events = vec![
        Event::MemberSaved { before: Some(any.clone()), after: ok },
        Event::MemberSaved { before: None, after: bad },
    ];
    let op = Op::RemoveMembers { members: vec![any.id], at: T0 };
    assert!(store.commit(&Actor::Bootstrap, "test", T0, &op, &events).await.is_err());
    assert_eq!(store.journal(0, 1000).await.unwrap().len(), before);
    assert!(store.load().await.unwrap() == state);
}

/// A field cleared is journalled with its before and after (a role set to none), and a
/// role's deletion names the role, not the first of its former members.
#[tokio::test]
async fn a_cleared_field_and_a_deleted_role_are_journalled_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("trellis.db")).await.unwrap();
    let mut s = State::new();
    let owner = MemberId::new_v7();
    let create = Op::CreateWorkspace {
        name: "Acme".into(),
        owner,
        owner_name: "Olivia".into(),
        owner_email: "olivia@acme.test".into(),
        at: T0,
    };
    run(&store, &mut s, Actor::Bootstrap, create).await.unwrap();
    let me = Actor::Member(owner);
    let desk = RoleId::new_v7();
    run(&store, &mut s, me, Op::CloneRole { source: Builtin::Member.id(), id: desk, name: "Deal Desk".into() })
        .await
        .unwrap();
    let (ana, bo) = (MemberId::new_v7(), MemberId::new_v7());
    for (id, email) in [(ana, "ana@acme.test"), (bo, "bo@acme.test")] {
        let invite = Op::InviteMember { id, email: email.into(), name: String::new(), role: Some(desk), at: T0 };
        run(&store, &mut s, me, invite).await.unwrap();
    }
    run(&store, &mut s, me, Op::ChangeRoles { members: vec![ana], role: None }).await.unwrap();
    run(&store, &mut s, me, Op::DeleteRole { id: desk }).await.unwrap();
    let entries = store.journal(0, 10).await.unwrap();
    let cleared = entries.iter().find(|e| e.action == "member.change_role").unwrap();
    assert_eq!(cleared.changes[0].before.as_ref().unwrap()["role"], desk.to_string());
    assert!(cleared.changes[0].after.as_ref().unwrap()["role"].is_null(), "{:?}", cleared.changes);
    let deleted = entries.iter().find(|e| e.action == "role.delete").unwrap();
    assert_eq!(deleted.target, "Deal Desk (and 1 more)");
}
