//! RPT-3: dashboards a manager composes from report tiles and publishes to portal roles.
//!
//! Who sees one is decided here, from the state alone: a partner user with enabled access
//! on an enabled account, holding one of its portal roles — unless it was published for
//! new users only and they already held such a role then. Every tile is computed over the
//! viewer's own visibility (HIER-2, PU-8, SHARE-1); a tile whose data they may not read is
//! left out, never shown as an error.

use crate::ids::{ContactId, DashboardId, Millis, RecordId, RoleId};
use crate::model::{Audience, RoleGroup};
use crate::permissions::{Action, Permission, Resource};
use crate::records::{Person, RecordKind};
use crate::reports::activity::{for_each_hit, summary, ActivityFilter};
use crate::reports::period::{Bucket, Period};
use crate::state::State;
use crate::visibility::{viewer, visible_records, Viewer};
use crate::wire::{DashboardTile, DashboardView, TileChoice, TileRow};
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// At most this many tiles on one dashboard (a Home, not a report).
pub const MAX_TILES: usize = 8;
/// A short list shows this many rows.
pub const LIST_ROWS: usize = 5;
/// "Customers without activity" looks back this many days.
pub const QUIET_DAYS: i64 = 60;

/// What a tile shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TileKind {
    /// Numbers: activities this quarter, by type.
    #[default]
    ActivitiesByType,
    /// A chart: activities this quarter, week by week.
    ActivityTrend,
    /// A number and a short list: the opportunities they see.
    OpenOpportunities,
    /// A number and a short list: customers nobody they see has touched for 60 days.
    QuietCustomers,
}

impl TileKind {
    pub const ALL: [TileKind; 4] =
        [TileKind::ActivitiesByType, TileKind::ActivityTrend, TileKind::OpenOpportunities, TileKind::QuietCustomers];

    pub fn title(self) -> &'static str {
        match self {
            TileKind::ActivitiesByType => "Activities this quarter",
            TileKind::ActivityTrend => "Activity this quarter, by week",
            TileKind::OpenOpportunities => "Open opportunities",
            TileKind::QuietCustomers => "Customers without activity for 60 days",
        }
    }

    /// The record kinds a viewer must be able to read for the tile to mean anything.
    fn needs(self) -> &'static [RecordKind] {
        match self {
            TileKind::ActivitiesByType | TileKind::ActivityTrend => &[RecordKind::Activity],
            TileKind::OpenOpportunities => &[RecordKind::Opportunity],
            TileKind::QuietCustomers => &[RecordKind::Customer, RecordKind::Activity],
        }
    }

    /// Tiles are reports: the report permission, and read on what they count.
    pub fn readable(self, v: &Viewer) -> bool {
        v.permissions.contains(Permission::Crud(Resource::Reports, Action::Read))
            && self.needs().iter().all(|k| v.permissions.contains(Permission::Crud(k.resource(), Action::Read)))
    }
}

/// NetSuite's choice when publishing: everyone holding the role, or only those who get it
/// afterwards (the others keep their Home as it was).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PublishTo {
    #[default]
    NewAndExisting,
    NewUsersOnly,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Dashboard {
    pub id: DashboardId,
    pub name: String,
    pub tiles: Vec<TileKind>,
    /// The portal roles it is published to; empty: not published (or withdrawn).
    pub roles: Vec<RoleId>,
    pub publish_to: PublishTo,
    /// Locked: users see it as published; changeable: each may hide tiles on their Home.
    pub locked: bool,
    /// New users only: who held one of its roles when it was published to that role.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub existing: Vec<ContactId>,
    pub version: u32,
}

impl Dashboard {
    pub fn published(&self) -> bool {
        !self.roles.is_empty()
    }
}

/// The portal role a contact holds, when their access is enabled and their account is.
fn portal_role(state: &State, contact: ContactId) -> Option<RoleId> {
    let c = state.contact(contact)?;
    let access = c.access.as_ref().filter(|a| a.enabled)?;
    state.account(c.account).filter(|a| a.enabled)?;
    Some(access.portal_role)
}

/// RPT-3: whether `contact` gets `dashboard` on their Home (tiles aside).
pub fn reaches(state: &State, dashboard: &Dashboard, contact: ContactId) -> bool {
    portal_role(state, contact).is_some_and(|r| dashboard.roles.contains(&r))
        && !(dashboard.publish_to == PublishTo::NewUsersOnly && dashboard.existing.binary_search(&contact).is_ok())
}

/// Partner users holding `role` now (enabled access, enabled account), by id.
pub fn holders(state: &State, role: RoleId) -> Vec<ContactId> {
    let mut out: Vec<ContactId> =
        state.contacts().filter(|c| portal_role(state, c.id) == Some(role)).map(|c| c.id).collect();
    out.sort_unstable();
    out
}

/// Whether `role` can be published to: a portal role.
pub fn is_portal_role(state: &State, role: RoleId) -> bool {
    state.role(role).is_some_and(|r| r.audience == Audience::Partner && r.group == RoleGroup::Portal)
}

/// The dashboards `contact` sees with at least one tile, by name.
pub fn dashboards_of(state: &State, contact: ContactId) -> Vec<&Dashboard> {
    let Some(v) = viewer(state, Person::Contact(contact)) else { return Vec::new() };
    let mut out: Vec<&Dashboard> =
        state.dashboards().filter(|d| reaches(state, d, contact) && d.tiles.iter().any(|t| t.readable(&v))).collect();
    out.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    out
}

/// The calendar quarter holding `today`.
pub fn quarter_of(today: Date) -> (Date, Date) {
    let first_month = (today.month() - 1) / 3 * 3 + 1;
    let from = Date::new(today.year(), first_month, 1).unwrap_or(today);
    let to = from.checked_add(3.months()).and_then(|d| d.checked_sub(1.day())).unwrap_or(today);
    (from, to)
}

fn local_today(now: Millis, tz: &TimeZone) -> Option<Date> {
    let ts = Timestamp::from_millisecond(now).ok()?;
    Some(tz.to_offset(ts).to_datetime(ts).date())
}

/// The filter a tile counts over: this quarter, every partner, every type.
pub fn quarter_filter(now: Millis, tz: &TimeZone) -> Option<ActivityFilter> {
    let (from, to) = quarter_of(local_today(now, tz)?);
    let period = Period::of_dates(from, to, tz.clone());
    Some(ActivityFilter { period, partners: Vec::new(), owner: None, types: Vec::new(), customer: None })
}

/// Every tile of `dashboard` that `v` may read, computed over what `v` sees.
pub fn tiles(state: &State, v: &Viewer, dashboard: &Dashboard, now: Millis, tz: &TimeZone) -> Vec<DashboardTile> {
    let quarter = quarter_filter(now, tz);
    // Both activity tiles read the same quarter: counted once.
    let mut counted = None;
    let mut out = Vec::new();
    for kind in dashboard.tiles.iter().copied().filter(|k| k.readable(v)) {
        let mut tile = DashboardTile { kind, title: kind.title().to_owned(), ..DashboardTile::default() };
        match kind {
            TileKind::ActivitiesByType | TileKind::ActivityTrend => {
                let Some(filter) = &quarter else { continue };
                let s: &_ = counted.get_or_insert_with(|| summary(state, v, filter, Bucket::Week, None));
                tile.total = s.total;
                if kind == TileKind::ActivitiesByType {
                    tile.by_type = Some(s.by_type);
                } else {
                    tile.buckets = s.buckets.clone();
                    tile.counts = (0..s.buckets.len()).map(|i| s.series.iter().map(|x| x.counts[i]).sum()).collect();
                }
            }
            TileKind::OpenOpportunities => {
                let mut seen = visible_records(state, v, Some(RecordKind::Opportunity));
                tile.total = seen.len() as u32;
                seen.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
                tile.rows = seen.iter().take(LIST_ROWS).map(|r| TileRow { id: r.id, label: r.name.clone() }).collect();
            }
            TileKind::QuietCustomers => {
                let Some(today) = local_today(now, tz) else { continue };
                let from = today.checked_sub(QUIET_DAYS.days()).unwrap_or(today);
                let recent = ActivityFilter {
                    period: Period::of_dates(from, today, tz.clone()),
                    partners: Vec::new(),
                    owner: None,
                    types: Vec::new(),
                    customer: None,
                };
                let mut touched: FxHashSet<RecordId> = FxHashSet::default();
                for_each_hit(state, v, &recent, |h| touched.extend(h.facts.customer));
                let mut quiet: Vec<_> = visible_records(state, v, Some(RecordKind::Customer))
                    .into_iter()
                    .filter(|r| !touched.contains(&r.id))
                    .collect();
                tile.total = quiet.len() as u32;
                quiet.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
                tile.rows = quiet.iter().take(LIST_ROWS).map(|r| TileRow { id: r.id, label: r.name.clone() }).collect();
            }
        }
        out.push(tile);
    }
    out
}

/// The Home of `contact`: each dashboard they get, with the tiles they may read — less
/// those they hid, when it is changeable (a locked one shows every tile).
pub fn home(state: &State, contact: ContactId, now: Millis, tz: &TimeZone) -> Vec<DashboardView> {
    let Some(v) = viewer(state, Person::Contact(contact)) else { return Vec::new() };
    let hidden_by = state.contact(contact).map(|c| &c.hidden_tiles);
    dashboards_of(state, contact)
        .into_iter()
        .map(|d| {
            let hidden: &[TileKind] = match hidden_by.and_then(|h| h.get(&d.id)) {
                Some(h) if !d.locked => h,
                _ => &[],
            };
            let shown =
                Dashboard { tiles: d.tiles.iter().copied().filter(|t| !hidden.contains(t)).collect(), ..d.clone() };
            DashboardView {
                id: d.id,
                name: d.name.clone(),
                locked: d.locked,
                tiles: tiles(state, &v, &shown, now, tz),
                hidden: hidden
                    .iter()
                    .filter(|t| t.readable(&v))
                    .map(|t| TileChoice { kind: *t, title: t.title().to_owned() })
                    .collect(),
            }
        })
        .collect()
}

/// What the manager should know: roles that no longer exist, users who will not see it.
pub fn warnings(state: &State, dashboard: &Dashboard) -> Vec<String> {
    let mut out = Vec::new();
    let gone = dashboard.roles.iter().filter(|r| state.role(**r).is_none()).count();
    if gone > 0 {
        out.push(format!(
            "{gone} role{} it was published to no longer exist{}; the other roles' users still see it",
            if gone == 1 { "" } else { "s" },
            if gone == 1 { "s" } else { "" }
        ));
    }
    let parked = state
        .contacts()
        .filter(|c| {
            c.access.as_ref().is_some_and(|a| dashboard.roles.contains(&a.portal_role))
                && portal_role(state, c.id).is_none()
        })
        .count();
    if parked > 0 {
        out.push(format!(
            "{parked} user{} of these roles {} disabled access or a disabled account and will not see it",
            if parked == 1 { "" } else { "s" },
            if parked == 1 { "has" } else { "have" }
        ));
    }
    out
}
