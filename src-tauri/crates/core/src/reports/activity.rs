//! RPT-1: the Partner Activity Summary and Detail, over exactly the activities the viewer
//! may see (HIER-2, PU-8, SHARE-1) — never a count that includes someone else's records.

use super::period::{bucket_index, local_text, Bucket, Period};
use crate::error::{RuleError, RuleResult};
use crate::ids::{MemberId, Millis, PartnerAccountId, RecordId};
use crate::permissions::{Action, Permission, Resource};
use crate::records::{ActivityFacts, ActivityType, Person, Record, RecordKind};
use crate::state::State;
use crate::visibility::{record_access, visible_records, Viewer};
use crate::wire::{
    ActivityDetailPage, ActivityFilterRequest, ActivityGroupRow, ActivityRow, ActivitySeries, ActivitySort,
    ActivitySummary, TypeCounts,
};
use jiff::civil::Date;
use jiff::tz::TimeZone;
use rustc_hash::{FxHashMap, FxHashSet};
use uuid::Uuid;

/// The chart shows this many partners by name, then everyone else together.
pub const TOP_SERIES: usize = 5;
pub const INTERNAL: &str = "Internal (members)";
pub const DEFAULT_PAGE_SIZE: u32 = 50;
pub const MAX_PAGE_SIZE: u32 = 500;

/// A filter whose ids were found in the workspace.
#[derive(Clone, Debug)]
pub struct ActivityFilter {
    pub period: Period,
    /// Empty: every partner, and internal activity.
    pub partners: Vec<PartnerAccountId>,
    pub owner: Option<MemberId>,
    pub types: Vec<ActivityType>,
    pub customer: Option<RecordId>,
}

fn id_of(field: &str, text: &str) -> RuleResult<Uuid> {
    Uuid::parse_str(text.trim())
        .map_err(|_| RuleError::invalid(field, format!("'{}' is not an id", crate::validate::shorten(text))))
}

impl ActivityFilter {
    /// Checks a request against the workspace: every id must name something that exists.
    pub fn resolve(state: &State, req: &ActivityFilterRequest, tz: TimeZone) -> RuleResult<ActivityFilter> {
        let period = Period::new(&req.from, &req.to, tz)?;
        let mut partners = Vec::new();
        for text in &req.partners {
            let id = PartnerAccountId(id_of("partners", text)?);
            state
                .account(id)
                .ok_or_else(|| RuleError::not_found("partners", format!("No partner account with id {id}")))?;
            partners.push(id);
        }
        let owner = match &req.owner {
            Some(text) if !text.trim().is_empty() => {
                let id = MemberId(id_of("owner", text)?);
                state.member(id).ok_or_else(|| RuleError::not_found("owner", format!("No member with id {id}")))?;
                Some(id)
            }
            _ => None,
        };
        let customer = match &req.customer {
            Some(text) if !text.trim().is_empty() => {
                let id = RecordId(id_of("customer", text)?);
                state
                    .record(id)
                    .filter(|r| r.kind == RecordKind::Customer)
                    .ok_or_else(|| RuleError::not_found("customer", format!("No customer with id {id}")))?;
                Some(id)
            }
            _ => None,
        };
        Ok(ActivityFilter { period, partners, owner, types: req.types.clone(), customer })
    }
}

/// RPT-1: reports need the report permission, and activities need read on their resource.
pub fn require_reports(viewer: Option<&Viewer>) -> RuleResult<()> {
    let allowed = viewer.is_some_and(|v| v.permissions.contains(Permission::Crud(Resource::Reports, Action::Read)));
    if allowed {
        Ok(())
    } else {
        Err(RuleError::forbidden("Reports need the permission to view reports"))
    }
}

/// The partner account an activity counts for: its owner's, when a partner user did it.
pub fn account_of(state: &State, record: &Record) -> Option<PartnerAccountId> {
    match record.owner {
        Person::Contact(c) => state.contact(c).map(|c| c.account),
        Person::Member(_) => None,
    }
}

/// One visible activity inside the filter.
#[derive(Clone, Copy, Debug)]
pub struct Hit<'s> {
    pub record: &'s Record,
    pub facts: &'s ActivityFacts,
    /// `facts.at`, copied so sorting by time reads no record.
    pub at: Millis,
    pub date: Date,
    pub account: Option<PartnerAccountId>,
}

/// Every activity `viewer` sees that the filter keeps, in no promised order (the detail
/// sorts; the summary only counts).
pub fn hits<'s>(state: &'s State, viewer: &Viewer, filter: &ActivityFilter) -> Vec<Hit<'s>> {
    let mut out = Vec::new();
    for_each_hit(state, viewer, filter, |h| out.push(h));
    out
}

/// As [`hits`], handing each to `f` as it is found: a summary over a quarter of the whole
/// workspace counts 250,000 activities without keeping them, while they are in cache.
pub fn for_each_hit<'s>(state: &'s State, viewer: &Viewer, filter: &ActivityFilter, f: impl FnMut(Hit<'s>)) {
    scan(state, viewer, filter, false, f)
}

/// As [`for_each_hit`]; with `on_cores`, a member's period is checked on every core (the
/// detail page, which someone waits for), at the price of the found hits held twice for a
/// moment — so the CSV of a whole year, and the summary, stay on one.
fn scan<'s>(state: &'s State, viewer: &Viewer, filter: &ActivityFilter, on_cores: bool, mut f: impl FnMut(Hit<'s>)) {
    let mut accounts: Option<FxHashSet<PartnerAccountId>> =
        (!filter.partners.is_empty()).then(|| filter.partners.iter().copied().collect());
    if let Some(owner) = filter.owner {
        let owned: FxHashSet<PartnerAccountId> = state.accounts().filter(|a| a.owner == owner).map(|a| a.id).collect();
        accounts = Some(match accounts {
            Some(chosen) => chosen.intersection(&owned).copied().collect(),
            None => owned,
        });
    }
    let keep = |r: &'s Record| -> Option<Hit<'s>> {
        let facts = r.activity.as_ref()?;
        let date = filter.period.contains(facts.at)?;
        if !filter.types.is_empty() && !filter.types.contains(&facts.kind) {
            return None;
        }
        if filter.customer.is_some() && facts.customer != filter.customer {
            return None;
        }
        let account = account_of(state, r);
        if let Some(set) = &accounts {
            if !account.is_some_and(|a| set.contains(&a)) {
                return None;
            }
        }
        Some(Hit { record: r, facts, at: facts.at, date, account })
    };
    match &accounts {
        // A partner filter reads only those partners' users' records, each checked.
        Some(set) => {
            for account in set {
                for contact in state.contacts_of(*account) {
                    for slot in state.record_slots_of(Person::Contact(contact.id)) {
                        let r = state.record_at(*slot);
                        if r.kind == RecordKind::Activity && record_access(state, viewer, r).is_some() {
                            keep(r).into_iter().for_each(&mut f);
                        }
                    }
                }
            }
        }
        // A partner user sees their account at most: walking what they see is cheapest.
        None if viewer.partner.is_some() => {
            visible_records(state, viewer, Some(RecordKind::Activity)).into_iter().filter_map(keep).for_each(f)
        }
        // A member may see most of the workspace: read only the period, each checked.
        None => {
            let (from, to) = filter.period.window();
            // Slots in ascending order read the record array front to back.
            let mut slots: Vec<u32> = state.activity_slots_between(from, to).collect();
            slots.sort_unstable();
            let check = |slot: &u32| {
                let r = state.record_at(*slot);
                record_access(state, viewer, r).and_then(|_| keep(r))
            };
            if on_cores {
                filter_on_cores(&slots, check, ON_CORES_FROM).into_iter().for_each(f)
            } else {
                slots.iter().filter_map(check).for_each(f)
            }
        }
    }
}

/// Below this many slots one core is quicker than starting threads.
const ON_CORES_FROM: usize = 50_000;

/// `check` over `slots`, in order. A quarter of a large workspace is 250,000 independent
/// visibility checks on a state nobody writes meanwhile: the cores share them.
fn filter_on_cores<T: Send, F>(slots: &[u32], check: F, from: usize) -> Vec<T>
where
    F: Fn(&u32) -> Option<T> + Sync,
{
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
    if slots.len() < from || threads == 1 {
        return slots.iter().filter_map(&check).collect();
    }
    let size = slots.len().div_ceil(threads).max(1);
    let check = &check;
    std::thread::scope(|s| {
        let parts: Vec<_> =
            slots.chunks(size).map(|part| s.spawn(move || part.iter().filter_map(check).collect::<Vec<T>>())).collect();
        let mut out = Vec::new();
        for part in parts {
            out.extend(part.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
        }
        out
    })
}

#[derive(Default)]
struct Tally {
    by_type: TypeCounts,
    customers: FxHashSet<RecordId>,
    first: Millis,
    last: Millis,
    per_bucket: Vec<u32>,
}

impl Tally {
    fn with_buckets(n: usize) -> Tally {
        Tally { per_bucket: vec![0; n], ..Tally::default() }
    }

    fn add(&mut self, hit: &Hit, bucket: Option<usize>) {
        if self.by_type.total() == 0 {
            self.first = hit.facts.at;
            self.last = hit.facts.at;
        }
        self.by_type.add(hit.facts.kind);
        self.customers.extend(hit.facts.customer);
        self.first = self.first.min(hit.facts.at);
        self.last = self.last.max(hit.facts.at);
        if let Some(b) = bucket {
            self.per_bucket[b] += 1;
        }
    }

    fn row(&self, account_id: Option<PartnerAccountId>, name: String, owner: String) -> ActivityGroupRow {
        ActivityGroupRow {
            account_id,
            name,
            owner,
            total: self.by_type.total(),
            by_type: self.by_type,
            customers: self.customers.len() as u32,
            first: self.first,
            last: self.last,
        }
    }
}

fn busiest_first(rows: &mut [ActivityGroupRow]) {
    rows.sort_by(|a, b| b.total.cmp(&a.total).then_with(|| a.name.cmp(&b.name)));
}

pub fn person_name(state: &State, person: Person) -> String {
    match person {
        Person::Member(id) => state.member(id).map_or_else(String::new, |m| m.display_name().to_owned()),
        Person::Contact(id) => state.contact(id).map_or_else(String::new, |c| c.name.clone()),
    }
}

pub fn account_name(state: &State, account: Option<PartnerAccountId>) -> String {
    match account {
        Some(a) => state.account(a).map_or_else(String::new, |a| a.name.clone()),
        None => INTERNAL.to_owned(),
    }
}

/// RPT-1 Partner Activity Summary. `expand` lists that account's people too.
pub fn summary(
    state: &State,
    viewer: &Viewer,
    filter: &ActivityFilter,
    bucket: Bucket,
    expand: Option<PartnerAccountId>,
) -> ActivitySummary {
    let bucket = filter.period.fit(bucket, TOP_SERIES + 1);
    let starts = filter.period.starts(bucket);
    let mut all = Tally::default();
    let mut groups: FxHashMap<Option<PartnerAccountId>, Tally> = FxHashMap::default();
    let mut people: FxHashMap<Person, Tally> = FxHashMap::default();
    for_each_hit(state, viewer, filter, |hit| {
        let b = bucket_index(&starts, hit.date);
        all.add(&hit, None);
        groups.entry(hit.account).or_insert_with(|| Tally::with_buckets(starts.len())).add(&hit, Some(b));
        if expand.is_some() && hit.account == expand {
            people.entry(hit.record.owner).or_default().add(&hit, None);
        }
    });
    let owner_of = |a: Option<PartnerAccountId>| {
        a.and_then(|a| state.account(a))
            .and_then(|a| state.member(a.owner))
            .map_or_else(String::new, |m| m.display_name().to_owned())
    };
    let mut rows: Vec<ActivityGroupRow> =
        groups.iter().map(|(a, t)| t.row(*a, account_name(state, *a), owner_of(*a))).collect();
    busiest_first(&mut rows);
    let mut series: Vec<ActivitySeries> = Vec::new();
    let mut others = vec![0u32; starts.len()];
    for (n, row) in rows.iter().enumerate() {
        let counts = &groups[&row.account_id].per_bucket;
        if n < TOP_SERIES {
            series.push(ActivitySeries { name: row.name.clone(), counts: counts.clone() });
        } else {
            others.iter_mut().zip(counts).for_each(|(o, c)| *o += c);
        }
    }
    if rows.len() > TOP_SERIES {
        series.push(ActivitySeries { name: "All others".into(), counts: others });
    }
    let mut people: Vec<ActivityGroupRow> =
        people.iter().map(|(p, t)| t.row(expand, person_name(state, *p), String::new())).collect();
    busiest_first(&mut people);
    ActivitySummary {
        bucket,
        buckets: starts.iter().map(|d| d.to_string()).collect(),
        total: all.by_type.total(),
        by_type: all.by_type,
        customers: all.customers.len() as u32,
        rows,
        series,
        people,
    }
}

/// Turns hits into rows, naming customers only to those who may see them.
pub struct RowMaker<'s, 'v> {
    state: &'s State,
    viewer: &'v Viewer<'s>,
    customers: FxHashMap<RecordId, String>,
}

impl<'s, 'v> RowMaker<'s, 'v> {
    pub fn new(state: &'s State, viewer: &'v Viewer<'s>) -> Self {
        RowMaker { state, viewer, customers: FxHashMap::default() }
    }

    pub fn customer(&mut self, id: Option<RecordId>) -> String {
        let Some(id) = id else { return String::new() };
        let (state, viewer) = (self.state, self.viewer);
        self.customers
            .entry(id)
            .or_insert_with(|| match state.record(id) {
                Some(r) if record_access(state, viewer, r).is_some() => r.name.clone(),
                _ => "(a customer you cannot see)".to_owned(),
            })
            .clone()
    }

    pub fn row(&mut self, hit: &Hit, tz: &TimeZone) -> ActivityRow {
        let write = record_access(self.state, self.viewer, hit.record).is_some_and(|g| g.write);
        ActivityRow {
            id: hit.record.id,
            at: hit.facts.at,
            when: local_text(tz, hit.facts.at),
            kind: hit.facts.kind,
            subject: hit.record.name.clone(),
            customer_id: hit.facts.customer,
            customer: self.customer(hit.facts.customer),
            account_id: hit.account,
            partner: account_name(self.state, hit.account),
            by: person_name(self.state, hit.record.owner),
            version: hit.record.version,
            write,
        }
    }
}

/// The detail's hits, searched and sorted (ties by time, then id, so pages never overlap).
/// `names` is the caller's, so the customer names read here serve its rows too. With
/// `first`, only that many need to be in order (a page): the rest are counted, not sorted.
pub fn detail_hits<'s>(
    state: &'s State,
    names: &mut RowMaker<'s, '_>,
    filter: &ActivityFilter,
    search: &str,
    (sort, descending): (ActivitySort, bool),
    first: Option<usize>,
) -> Vec<Hit<'s>> {
    let mut hits = Vec::new();
    scan(state, names.viewer, filter, first.is_some(), |h| hits.push(h));
    let needle = search.trim().to_lowercase();
    if !needle.is_empty() {
        hits.retain(|h| {
            let has = |s: &str| s.to_lowercase().contains(&needle);
            has(&h.record.name)
                || has(&names.customer(h.facts.customer))
                || has(&account_name(state, h.account))
                || has(&person_name(state, h.record.owner))
        });
    }
    let tie = |a: &Hit, b: &Hit| a.at.cmp(&b.at).then_with(|| a.record.id.cmp(&b.record.id));
    let cheap = |a: &Hit, b: &Hit| {
        let order = match sort {
            ActivitySort::Type => a.facts.kind.cmp(&b.facts.kind).then_with(|| tie(a, b)),
            ActivitySort::Subject => a.record.name.cmp(&b.record.name).then_with(|| tie(a, b)),
            _ => tie(a, b),
        };
        if descending {
            order.reverse()
        } else {
            order
        }
    };
    match sort {
        ActivitySort::At | ActivitySort::Type | ActivitySort::Subject => match first {
            // A page of 250,000: select its rows in linear time, then sort only them.
            Some(n) if n < hits.len() => {
                hits.select_nth_unstable_by(n, cheap);
                hits[..n].sort_by(cheap);
            }
            _ => hits.sort_by(cheap),
        },
        ActivitySort::Partner | ActivitySort::By | ActivitySort::Customer => {
            match sort {
                ActivitySort::Partner => {
                    hits.sort_by_cached_key(|h| (account_name(state, h.account), h.at, h.record.id))
                }
                ActivitySort::By => {
                    hits.sort_by_cached_key(|h| (person_name(state, h.record.owner), h.at, h.record.id))
                }
                _ => hits.sort_by_cached_key(|h| (names.customer(h.facts.customer), h.at, h.record.id)),
            }
            if descending {
                hits.reverse();
            }
        }
    }
    hits
}

/// RPT-1 Partner Activity Detail: one page.
pub fn detail_page(
    state: &State,
    viewer: &Viewer,
    filter: &ActivityFilter,
    search: &str,
    sort: (ActivitySort, bool),
    page: u32,
    page_size: Option<u32>,
) -> ActivityDetailPage {
    let page_size = page_size.unwrap_or(DEFAULT_PAGE_SIZE).clamp(1, MAX_PAGE_SIZE);
    let mut maker = RowMaker::new(state, viewer);
    let start = (page as usize).saturating_mul(page_size as usize);
    let hits = detail_hits(state, &mut maker, filter, search, sort, Some(start.saturating_add(page_size as usize)));
    let rows = hits.iter().skip(start).take(page_size as usize).map(|h| maker.row(h, &filter.period.tz)).collect();
    ActivityDetailPage { rows, total: hits.len() as u32, page, page_size }
}

#[cfg(test)]
mod tests {
    /// The cores' answer is the one core's, in the same order, whatever the split.
    #[test]
    fn filtering_on_cores_keeps_order_and_drops_nothing() {
        for n in [0usize, 1, 2, 3, 7, 8, 9, 1000, 1001] {
            let slots: Vec<u32> = (0..n as u32).collect();
            let check = |s: &u32| (s % 3 != 1).then_some(*s * 2);
            let one: Vec<u32> = slots.iter().filter_map(check).collect();
            assert_eq!(super::filter_on_cores(&slots, check, 0), one, "{n} slots");
        }
    }
}
