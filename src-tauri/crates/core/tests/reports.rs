//! RPT-1: the Partner Activity Summary equals a naive recomputation over random
//! workspaces — every filter, empty ranges, activities at local midnight in zones with
//! DST (and one whose clocks jump at midnight) — and never counts what the viewer may not
//! see. The detail lists the same activities, in order, page after page.
mod support;

use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use support::*;
use trellis_core::reports::activity::{detail_page, summary, ActivityFilter};
use trellis_core::reports::period::{Bucket, Period};
use trellis_core::visibility::{record_access, viewer};
use trellis_core::wire::{ActivitySort, TypeCounts};
use trellis_core::*;
use uuid::Uuid;

const ZONES: [&str; 5] = ["UTC", "Europe/Paris", "America/Sao_Paulo", "America/New_York", "Pacific/Apia"];
const CONTACTS: u128 = 8;

fn account_of(n: u128) -> PartnerAccountId {
    aid(if n <= 4 { 1 } else { 2 })
}

fn customer(n: u8) -> RecordId {
    RecordId(Uuid::from_u128(0x7000_0000 + n as u128))
}

/// Globex (contacts 1–4, owned by the Owner) and Initech (5–8, owned by member 1, who
/// sits in another branch); contact 3 holds Standard Partner Center (no activities).
fn world(revoke: bool) -> World {
    let mut w = partner_world(20);
    w.add(1, Some(Builtin::Member));
    w.run(w.owner, Op::CreateHierarchyRole { id: hid(2), name: "Channel Ops".into(), parent: None }).unwrap();
    w.run(w.owner, Op::SetMemberHierarchyRole { member: mid(1), role: Some(hid(2)) }).unwrap();
    let op = Op::CreatePartnerAccount {
        id: aid(2),
        name: "Initech".into(),
        kind: AccountKind::Business,
        owner: mid(1),
        parent: None,
    };
    w.run(w.owner, op).unwrap();
    w.run(w.owner, Op::EnablePartnerAccount { id: aid(2) }).unwrap();
    for n in 5..=CONTACTS {
        let op = Op::CreateContact {
            id: cid(n),
            account: aid(2),
            name: format!("Contact {n}"),
            email: format!("c{n}@initech.test"),
        };
        w.run(w.owner, op).unwrap();
    }
    for n in 1..=CONTACTS {
        let role = if n == 3 { Builtin::StandardPartnerCenter } else { Builtin::AdvancedPartnerCenter };
        let top = w.state.tree().branch(account_of(n)).first().copied();
        let place = if n == 1 || n == 5 { None } else { top };
        w.run(w.owner, give(n, role, place)).unwrap();
    }
    for (n, owner) in [
        (0u8, Person::Member(mid(0))),
        (1, Person::Contact(cid(1))),
        (2, Person::Contact(cid(6))),
        (3, Person::Member(mid(1))),
    ] {
        let op = Op::CreateRecord {
            id: customer(n),
            kind: RecordKind::Customer,
            name: format!("Customer {n}"),
            owner,
            segments: Default::default(),
        };
        w.run(w.owner, op).unwrap();
    }
    if revoke {
        w.run(w.owner, Op::RevokeAccess { contact: cid(2) }).unwrap();
    }
    w
}

#[derive(Debug, Clone)]
struct Logged {
    owner: u8,
    kind: u8,
    day: i64,
    minutes: i64,
    customer: Option<u8>,
}

fn logged() -> impl Strategy<Value = Logged> {
    // Minutes around local midnight are where zones disagree; the rest spread over the day.
    let minutes = prop_oneof![(-90i64..90), (0i64..1440)];
    (0u8..10, 0u8..4, 0i64..400, minutes, prop::option::of(0u8..4))
        .prop_map(|(owner, kind, day, minutes, customer)| Logged { owner, kind, day, minutes, customer })
}

fn base() -> Date {
    Date::new(2025, 1, 1).unwrap()
}

fn at(tz: &TimeZone, l: &Logged) -> Millis {
    let day = base().checked_add(l.day.days()).unwrap();
    let midnight = day.to_zoned_datetime(tz.clone()).unwrap().timestamp().as_millisecond();
    midnight + l.minutes * 60_000
}

fn owner_of(n: u8) -> Person {
    match n {
        8 => Person::Member(mid(0)),
        9 => Person::Member(mid(1)),
        n => Person::Contact(cid(n as u128 + 1)),
    }
}

#[derive(Debug, Clone)]
struct Query {
    zone: usize,
    from: i64,
    len: i64,
    partners: u8,
    owner: Option<bool>,
    types: u8,
    customer: Option<u8>,
    bucket: u8,
    viewer: u8,
}

fn query() -> impl Strategy<Value = Query> {
    // Mostly wide open, so most cases count something; every filter still gets its turn.
    (
        0..ZONES.len(),
        -10i64..300,
        prop_oneof![1 => 0i64..3, 3 => 0i64..400],
        prop_oneof![2 => Just(0u8), 1 => 1u8..4],
        prop_oneof![3 => Just(None), 1 => any::<bool>().prop_map(Some)],
        prop_oneof![3 => Just(0u8), 1 => 1u8..16],
        prop_oneof![3 => Just(None), 1 => (0u8..4).prop_map(Some)],
        0u8..3,
        prop_oneof![1 => 0u8..2, 1 => 0u8..10],
    )
        .prop_map(|(zone, from, len, partners, owner, types, customer, bucket, viewer)| Query {
            zone,
            from,
            len,
            partners,
            owner,
            types,
            customer,
            bucket,
            viewer,
        })
}

#[derive(Debug, Default, PartialEq)]
struct Expected {
    by_type: TypeCounts,
    customers: BTreeSet<RecordId>,
    first: Millis,
    last: Millis,
    buckets: BTreeMap<Date, u32>,
}

fn naive_bucket(bucket: Bucket, mut d: Date) -> Date {
    match bucket {
        Bucket::Day => d,
        Bucket::Week => {
            while d.weekday() != Weekday::Monday {
                d = d.yesterday().unwrap();
            }
            d
        }
        Bucket::Month => Date::new(d.year(), d.month(), 1).unwrap(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn summary_equals_a_naive_recount(
        activities in prop::collection::vec(logged(), 0..120),
        revoke in any::<bool>(),
        q in query(),
    ) {
        let tz = TimeZone::get(ZONES[q.zone]).unwrap();
        let mut w = world(false);
        for (n, l) in activities.iter().enumerate() {
            let facts = ActivityFacts { kind: ActivityType::ALL[l.kind as usize], at: at(&tz, l), customer: l.customer.map(customer) };
            let op = Op::LogActivity {
                id: RecordId(Uuid::from_u128(0x8000_0000 + n as u128)),
                owner: owner_of(l.owner),
                subject: format!("Activity {n}"),
                facts,
                segments: Default::default(),
            };
            // Contact 3 (Standard Partner Center) may own nothing: refused, and skipped.
            let _ = w.run(w.owner, op);
        }
        if revoke {
            w.run(w.owner, Op::RevokeAccess { contact: cid(2) }).unwrap();
        }
        let state = &w.state;
        let person = match q.viewer {
            0 => Person::Member(mid(0)),
            1 => Person::Member(mid(1)),
            n => Person::Contact(cid(n as u128 - 1)),
        };
        let from = base().checked_add(q.from.days()).unwrap();
        let to = from.checked_add(q.len.days()).unwrap();
        let partners: Vec<PartnerAccountId> = [aid(1), aid(2)].into_iter().enumerate().filter(|(i, _)| q.partners & (1 << i) != 0).map(|(_, a)| a).collect();
        let owner = q.owner.map(|b| if b { mid(0) } else { mid(1) });
        let types: Vec<ActivityType> = ActivityType::ALL.into_iter().filter(|t| q.types & (1 << t.index()) != 0).collect();
        let filter = ActivityFilter {
            period: Period::of_dates(from, to, tz.clone()),
            partners: partners.clone(),
            owner,
            types: types.clone(),
            customer: q.customer.map(customer),
        };
        let bucket = [Bucket::Day, Bucket::Week, Bucket::Month][q.bucket as usize];
        let Some(v) = viewer(state, person) else { return Ok(()) };
        let got = summary(state, &v, &filter, bucket, Some(aid(1)));

        // The naive recount: every record, one by one.
        let mut expected: BTreeMap<Option<PartnerAccountId>, Expected> = BTreeMap::new();
        let mut people: BTreeMap<Person, u32> = BTreeMap::new();
        for r in state.records() {
            let Some(f) = &r.activity else { continue };
            if record_access(state, &v, r).is_none() { continue }
            let date = Timestamp::from_millisecond(f.at).unwrap().to_zoned_datetime(tz.clone()).date();
            if date < from || date > to { continue }
            if !types.is_empty() && !types.contains(&f.kind) { continue }
            if filter.customer.is_some() && f.customer != filter.customer { continue }
            let account = match r.owner { Person::Contact(c) => state.contact(c).map(|c| c.account), Person::Member(_) => None };
            if !partners.is_empty() && !account.is_some_and(|a| partners.contains(&a)) { continue }
            if let Some(o) = owner {
                if account.and_then(|a| state.account(a)).is_none_or(|a| a.owner != o) { continue }
            }
            let e = expected.entry(account).or_default();
            if e.by_type.total() == 0 { e.first = f.at; e.last = f.at; }
            e.by_type.add(f.kind);
            e.customers.extend(f.customer);
            e.first = e.first.min(f.at);
            e.last = e.last.max(f.at);
            *e.buckets.entry(naive_bucket(got.bucket, date)).or_default() += 1;
            if account == Some(aid(1)) { *people.entry(r.owner).or_default() += 1; }
        }
        prop_assert_eq!(got.rows.len(), expected.len());
        let total: u32 = expected.values().map(|e| e.by_type.total()).sum();
        prop_assert_eq!(got.total, total);
        for row in &got.rows {
            let e = &expected[&row.account_id];
            prop_assert_eq!(row.by_type, e.by_type);
            prop_assert_eq!(row.total, e.by_type.total());
            prop_assert_eq!(row.customers as usize, e.customers.len());
            prop_assert_eq!((row.first, row.last), (e.first, e.last));
            if let Some(series) = got.series.iter().find(|s| s.name == row.name) {
                for (start, count) in got.buckets.iter().zip(&series.counts) {
                    let d: Date = start.parse().unwrap();
                    prop_assert_eq!(*count, e.buckets.get(&d).copied().unwrap_or(0), "bucket {}", start);
                }
            }
        }
        let charted: u32 = got.series.iter().flat_map(|s| s.counts.iter()).sum();
        prop_assert_eq!(charted, total, "the chart shows every counted activity once");
        let listed: u32 = got.people.iter().map(|p| p.total).sum();
        prop_assert_eq!(listed, people.values().sum::<u32>());

        // The detail: the same activities, in time order, across pages.
        let mut seen = Vec::new();
        for page in 0.. {
            let p = detail_page(state, &v, &filter, "", (ActivitySort::At, false), page, Some(7));
            prop_assert_eq!(p.total, total);
            if p.rows.is_empty() { break }
            seen.extend(p.rows.into_iter().map(|r| (r.at, r.id)));
        }
        prop_assert_eq!(seen.len() as u32, total);
        prop_assert!(seen.windows(2).all(|w| w[0] < w[1]), "pages are ordered and never overlap");
        // Pages select their rows without sorting everything: they must read as the whole
        // list sorted (one page of 500 holds every case here), whatever the order asked.
        for sort in [(ActivitySort::At, true), (ActivitySort::Type, false), (ActivitySort::Subject, true)] {
            let whole: Vec<_> = detail_page(state, &v, &filter, "", sort, 0, Some(500)).rows.into_iter().map(|r| r.id).collect();
            let mut paged = Vec::new();
            for page in 0..=(total / 7) {
                paged.extend(detail_page(state, &v, &filter, "", sort, page, Some(7)).rows.into_iter().map(|r| r.id));
            }
            prop_assert_eq!(&paged, &whole, "{:?}", sort);
        }
    }
}

#[test]
fn reports_refuse_bad_dates_naming_the_field() {
    let tz = TimeZone::UTC;
    for (from, to, field) in [
        ("2026-13-01", "2026-12-31", "from"),
        ("yesterday", "2026-12-31", "from"),
        ("2026-01-01", "2025-12-31", "to"),
        ("2026-01-01", "2199-01-01", "to"),
        ("1970-01-01", "2026-01-01", "from"),
    ] {
        let err = Period::new(from, to, tz.clone()).unwrap_err();
        assert_eq!(err.field.as_deref(), Some(field), "{from}..{to}: {err:?}");
    }
}

#[test]
fn a_long_range_coarsens_so_the_chart_stays_under_two_thousand_points() {
    let p = Period::new("2001-01-01", "2025-12-31", TimeZone::UTC).unwrap();
    assert_eq!(p.fit(Bucket::Day, 6), Bucket::Month);
    assert!(p.starts(Bucket::Month).len() * 6 <= 2_000);
    let q = Period::new("2026-01-01", "2026-03-31", TimeZone::UTC).unwrap();
    assert_eq!(q.fit(Bucket::Day, 6), Bucket::Day);
}

#[test]
fn an_activity_needs_a_plausible_date_and_a_customer_the_actor_sees() {
    let mut w = world(false);
    let log = |at: Millis, customer: Option<RecordId>| Op::LogActivity {
        id: RecordId(Uuid::from_u128(0x8100_0000)),
        owner: Person::Contact(cid(6)),
        subject: "Quarterly review".into(),
        facts: ActivityFacts { kind: ActivityType::Meeting, at, customer },
        segments: Default::default(),
    };
    w.refused(Actor::Partner(cid(6)), log(0, None), ErrorCode::Invalid, Some("at"));
    // Customer 1 belongs to Globex's contact 1: Initech's user may not see it (HIER-2).
    w.refused(Actor::Partner(cid(6)), log(T0, Some(customer(1))), ErrorCode::NotFound, Some("customer_id"));
    w.refused(
        Actor::Partner(cid(6)),
        log(T0, Some(RecordId(Uuid::from_u128(1)))),
        ErrorCode::NotFound,
        Some("customer_id"),
    );
    // Standard Partner Center may not create activities.
    let op = Op::LogActivity {
        id: RecordId(Uuid::from_u128(0x8100_0001)),
        owner: Person::Contact(cid(3)),
        subject: "Call".into(),
        facts: ActivityFacts { kind: ActivityType::Call, at: T0, customer: None },
        segments: Default::default(),
    };
    w.refused(Actor::Partner(cid(3)), op, ErrorCode::Forbidden, None);
    w.run(Actor::Partner(cid(6)), log(T0, Some(customer(2)))).unwrap();
    let id = RecordId(Uuid::from_u128(0x8100_0000));
    let r = w.state.record(id).unwrap();
    assert_eq!(r.activity.as_ref().unwrap().customer, Some(customer(2)));
    // Editing keeps the version rule, and an edit that changes nothing writes nothing.
    let edit = |version: u32, kind: ActivityType| Op::EditActivity {
        id,
        version,
        subject: "Quarterly review".into(),
        facts: ActivityFacts { kind, at: T0, customer: Some(customer(2)) },
    };
    w.refused(Actor::Partner(cid(6)), edit(7, ActivityType::Call), ErrorCode::Stale, Some("version"));
    assert!(w.run(Actor::Partner(cid(6)), edit(1, ActivityType::Meeting)).unwrap().is_empty());
    w.run(Actor::Partner(cid(6)), edit(1, ActivityType::Call)).unwrap();
    let r = w.state.record(id).unwrap();
    assert_eq!((r.version, r.activity.as_ref().unwrap().kind), (2, ActivityType::Call));
}

/// The time index reports read (RPT-1) after logs, edits that move an activity, and the
/// undo sync performs: always exactly the activities, oldest first.
#[test]
fn the_activity_time_index_follows_logs_edits_and_undo() {
    fn index(state: &State) -> Vec<(Millis, RecordId)> {
        state
            .activity_slots_between(Millis::MIN, Millis::MAX)
            .map(|s| state.record_at(s))
            .map(|r| (r.activity.as_ref().unwrap().at, r.id))
            .collect()
    }
    fn recount(state: &State) -> Vec<(Millis, RecordId)> {
        let mut all: Vec<_> = state.records().filter_map(|r| r.activity.as_ref().map(|f| (f.at, r.id))).collect();
        all.sort_by_key(|(at, id)| (*at, state.records().position(|r| r.id == *id)));
        all
    }
    let mut w = world(false);
    let id = |n: u128| RecordId(Uuid::from_u128(0x8200_0000 + n));
    for n in 0..4u128 {
        let op = Op::LogActivity {
            id: id(n),
            owner: Person::Contact(cid(6)),
            subject: format!("Call {n}"),
            facts: ActivityFacts { kind: ActivityType::Call, at: T0 + (3 - n as i64) * 60_000, customer: None },
            segments: Default::default(),
        };
        w.run(Actor::Partner(cid(6)), op).unwrap();
    }
    assert_eq!(index(&w.state).len(), 4);
    assert_eq!(index(&w.state), recount(&w.state));
    let before = index(&w.state);
    let mv = Op::EditActivity {
        id: id(0),
        version: 1,
        subject: "Call 0".into(),
        facts: ActivityFacts { kind: ActivityType::Call, at: T0 - 86_400_000, customer: None },
    };
    let events = w.run(Actor::Partner(cid(6)), mv).unwrap();
    assert_eq!(index(&w.state)[0], (T0 - 86_400_000, id(0)), "the moved activity is now the oldest");
    assert_eq!(index(&w.state), recount(&w.state));
    w.state.revert(&events);
    assert_eq!(index(&w.state), before, "undoing the edit puts it back");
    let op = Op::LogActivity {
        id: id(9),
        owner: Person::Contact(cid(6)),
        subject: "Late call".into(),
        facts: ActivityFacts { kind: ActivityType::Call, at: T0, customer: None },
        segments: Default::default(),
    };
    let events = w.run(Actor::Partner(cid(6)), op).unwrap();
    assert_eq!(index(&w.state).len(), 5);
    w.state.revert(&events);
    assert_eq!(index(&w.state), before, "undoing a log removes it from the index");
    // A window reads only its own activities.
    let inside: Vec<_> = w.state.activity_slots_between(T0 + 60_000, T0 + 180_000).collect();
    assert_eq!(inside.len(), 2);
}

/// `Period::contains` reads offsets it computed once; it must name the same local date as
/// the zone itself, every 7 minutes of a year that has DST changes, in every test zone.
#[test]
fn a_period_dates_instants_exactly_as_the_zone_does() {
    for zone in ZONES {
        let tz = TimeZone::get(zone).unwrap();
        let p = Period::of_dates(Date::new(2025, 1, 1).unwrap(), Date::new(2025, 12, 31).unwrap(), tz.clone());
        let start = Timestamp::from_second(1_735_603_200).unwrap().as_millisecond(); // 2024-12-31 UTC
        let mut at = start;
        while at < start + 368 * 86_400_000 {
            let local = p.local_date(at).unwrap();
            let expected =
                (Date::new(2025, 1, 1).unwrap()..=Date::new(2025, 12, 31).unwrap()).contains(&local).then_some(local);
            assert_eq!(p.contains(at), expected, "{zone} at {at}");
            at += 7 * 60_000;
        }
    }
}
