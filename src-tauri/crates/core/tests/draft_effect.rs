//! DRAFT-1..3: for random workspaces and random drafts, the computed effect equals the
//! naive difference of access (every person, every record, every item) between live and
//! live + draft (dashboards on partner Homes included, RPT-3); publishing applies exactly the draft; a refused publish changes nothing.
mod support;

use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use support::random_world::*;
use support::*;
use trellis_core::dashboards::PublishTo;
use trellis_core::draft::{replay, Draft, Step};
use trellis_core::effect::{effect, records};
use trellis_core::visibility::{partner_permissions, record_access, viewer, visible_items};
use trellis_core::*;
use uuid::Uuid;

const CASES: u32 = 3_000;

type Access = (PermissionSet, BTreeMap<RecordId, bool>, BTreeSet<ItemId>, BTreeSet<DashboardId>);

/// RPT-3, the slow way: published to their portal role, enabled access on an enabled
/// account, not an existing user of a new-users-only dashboard, and a tile they may read.
fn naive_dashboards(s: &State, person: Person, v: &visibility::Viewer) -> BTreeSet<DashboardId> {
    let Person::Contact(c) = person else { return BTreeSet::new() };
    let contact = s.contact(c).unwrap();
    let Some(a) = contact.access.as_ref().filter(|a| a.enabled) else { return BTreeSet::new() };
    if !s.account(contact.account).is_some_and(|x| x.enabled) {
        return BTreeSet::new();
    }
    s.dashboards()
        .filter(|d| d.roles.contains(&a.portal_role))
        .filter(|d| d.publish_to == PublishTo::NewAndExisting || !d.existing.contains(&c))
        .filter(|d| d.tiles.iter().any(|t| t.readable(v)))
        .map(|d| d.id)
        .collect()
}

/// Everything `person` may do and see, the slow way: every record checked one by one.
fn naive(s: &State, person: Person) -> Access {
    let perms = match person {
        Person::Member(id) => s.member(id).map_or(PermissionSet::EMPTY, |m| access::effective_permissions(s, m)),
        Person::Contact(id) => partner_permissions(s, id),
    };
    let Some(v) = viewer(s, person) else { return (perms, BTreeMap::new(), BTreeSet::new(), BTreeSet::new()) };
    let records = s.records().filter_map(|r| record_access(s, &v, r).map(|g| (r.id, g.write))).collect();
    let items = visible_items(s, &v).into_iter().map(|i| i.id).collect();
    (perms, records, items, naive_dashboards(s, person, &v))
}

fn everyone(s: &State) -> BTreeSet<Person> {
    s.members().map(|m| Person::Member(m.id)).chain(s.contacts().map(|c| Person::Contact(c.id))).collect()
}

fn check(seed: &[u8], changes: &[(u8, u8, u8)]) -> Result<(), TestCaseError> {
    let w = live(seed);
    let live = w.state.clone();
    // Draft: each change applied to the draft's state as it goes, refused ones left out.
    let mut draft = Draft::new(DraftId(Uuid::from_u128(1)), "Random".into(), String::new(), mid(0), T0, 0);
    let mut state = live.clone();
    for (i, c) in changes.iter().enumerate() {
        let Some(op) = to_op(&state, *c) else { continue };
        if let Ok(events) = apply(&state, &w.owner, &op) {
            state.commit(&events);
            draft.steps.push(Step { id: OpId(Uuid::from_u128(100 + i as u128)), by: mid(0), at: T0, op, events });
        }
    }
    let replayed = replay(&live, &draft);
    prop_assert!(replayed.broken.is_none());
    prop_assert!(replayed.conflicts.is_empty(), "nothing moved live: {:?}", replayed.conflicts);
    prop_assert!(replayed.state == state, "the replayed draft is the draft");

    // The effect against the naive difference.
    let computed = effect(&live, &replayed.state, &replayed.events);
    let by_person: BTreeMap<Person, _> = computed.people.iter().map(|p| (p.person, p)).collect();
    prop_assert_eq!(by_person.len(), computed.people.len(), "one entry per person");
    let mut all = everyone(&live);
    all.extend(everyone(&state));
    for person in all {
        let (pb, rb, ib, db) = naive(&live, person);
        let (pa, ra, ia, da) = naive(&state, person);
        let records_differ = rb != ra;
        let changed = pb != pa || records_differ || ib != ia || db != da;
        let Some(e) = by_person.get(&person) else {
            prop_assert!(!changed, "{person:?} changes but is missing from the effect");
            continue;
        };
        prop_assert!(changed, "{person:?} is listed but nothing changes for them");
        prop_assert_eq!(e.gained, pa.minus(pb));
        prop_assert_eq!(e.lost, pb.minus(pa));
        prop_assert_eq!(e.records_change, records_differ, "{:?}", person);
        let detail = records(&live, &state, person);
        let expected: Vec<RecordId> = rb
            .keys()
            .chain(ra.keys())
            .filter(|id| rb.get(id) != ra.get(id))
            .copied()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let got: BTreeSet<RecordId> = detail.iter().map(|r| r.id).collect();
        prop_assert_eq!(got.into_iter().collect::<Vec<_>>(), expected, "{:?}", person);
        for r in &detail {
            prop_assert_eq!(r.before.map(|g| g.write), rb.get(&r.id).copied());
            prop_assert_eq!(r.after.map(|g| g.write), ra.get(&r.id).copied());
        }
        let shown: BTreeSet<ItemId> = ia.difference(&ib).copied().collect();
        let hidden: BTreeSet<ItemId> = ib.difference(&ia).copied().collect();
        prop_assert_eq!(e.items_shown.len(), shown.len());
        prop_assert_eq!(e.items_hidden.len(), hidden.len());
        prop_assert_eq!(e.dashboards_shown.len(), da.difference(&db).count(), "{:?}", person);
        prop_assert_eq!(e.dashboards_hidden.len(), db.difference(&da).count(), "{:?}", person);
    }

    // Publishing applies exactly the draft…
    if replayed.ops.is_empty() {
        return Ok(());
    }
    let publish = |ops: Vec<Op>| Op::PublishDraft {
        draft: draft.id,
        name: "Random".into(),
        author: mid(0),
        approver: None,
        editors: vec![],
        ops,
    };
    let mut published = live.clone();
    apply_and_commit(&mut published, &w.owner, &publish(replayed.ops.clone())).expect("publishes");
    prop_assert!(published == state, "publishing applies exactly the draft");
    // …and a publish that fails on its last change changes nothing, naming that change.
    let mut bad = replayed.ops.clone();
    bad.push(Op::DeleteRole { id: Builtin::Owner.id() });
    let before = live.clone();
    let mut target = live.clone();
    let err = apply_and_commit(&mut target, &w.owner, &publish(bad.clone())).unwrap_err();
    prop_assert!(err.message.starts_with(&format!("Change {} of {}", bad.len(), bad.len())), "{}", err.message);
    prop_assert!(target == before, "a refused publish changes nothing");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, ..ProptestConfig::default() })]

    #[test]
    fn effect_is_the_difference_of_access_and_publish_is_the_draft(
        seed in prop::collection::vec(any::<u8>(), 3),
        changes in prop::collection::vec((any::<u8>(), any::<u8>(), any::<u8>()), 1..8),
    ) {
        check(&seed, &changes)?;
    }
}

/// Past 20,000 people the effect is computed on every core: the same people, in the same
/// order, with the same changes as one pass would give.
#[test]
fn a_role_held_by_many_is_summarised_whole_and_in_order() {
    let mut w = World::new();
    let owner = w.owner;
    let role = Op::CreateRole {
        id: rid(9),
        name: "Field".into(),
        description: String::new(),
        audience: Audience::Internal,
        group: None,
        permissions: PermissionSet::crud(&[Resource::Leads], &[Action::Read, Action::Delete]),
        restriction: Default::default(),
        segments: Default::default(),
    };
    w.run(owner, role).unwrap();
    let n = 20_500u128;
    let members = (1..=n)
        .map(|i| ImportedMember {
            id: mid(i),
            email: format!("r{i}@acme.test"),
            name: String::new(),
            role: Some(rid(9)),
        })
        .collect();
    w.run(owner, Op::ImportMembers { members, at: T0 }).unwrap();
    let live = w.state.clone();
    let r = live.role(rid(9)).unwrap().clone();
    let op = Op::UpdateRole {
        id: r.id,
        version: r.version,
        name: r.name.clone(),
        description: String::new(),
        permissions: r.permissions.without(Permission::Crud(Resource::Leads, Action::Delete)),
        restriction: r.restriction,
        segments: r.segments.clone(),
    };
    let events = apply_and_commit(&mut w.state, &owner, &op).unwrap();
    let e = effect(&live, &w.state, &events);
    assert_eq!(e.people.len(), n as usize);
    assert!(e.people.windows(2).all(|p| p[0].person < p[1].person), "in order, no repeats");
    let lost = PermissionSet::EMPTY.with(Permission::Crud(Resource::Leads, Action::Delete));
    assert!(e.people.iter().all(|p| p.lost == lost && p.gained.is_empty()));
}
