//! The Partners list (PA-1) as a read model: filtered, sorted by name and paged here, so
//! the window asks for one page at a time (20,000 accounts are never sent whole).

use crate::ids::MemberId;
use crate::model::MemberStatus;
use crate::partners::AccountKind;
use crate::partners::PartnerAccount;
use crate::state::State;
use crate::wire::{OwnerOption, PartnerListQuery, PartnerPage, PartnerRow, PartnerSortKey, PartnerStatusFilter};
use std::collections::BTreeMap;

pub const PARTNER_PAGE: u32 = 100;
pub const PARTNER_PAGE_MAX: u32 = 500;

pub fn partner_row(state: &State, a: &PartnerAccount) -> PartnerRow {
    let owner = state.member(a.owner);
    PartnerRow {
        id: a.id,
        name: a.name.clone(),
        kind: a.kind,
        owner_id: a.owner,
        owner_name: owner.map(|m| m.display_name().to_owned()).unwrap_or_default(),
        owner_removed: owner.is_none_or(|m| m.status == MemberStatus::Removed),
        parent_name: a.parent.and_then(|p| state.account(p)).map(|p| p.name.clone()),
        enabled: a.enabled,
        licence_share: a.licence_share,
        licences_used: state.licences_used_by(a.id),
        version: a.version,
    }
}

/// One page of accounts matching `q` (status, kind, owner, name search), by name unless
/// `q.sort` says another column (ties by name, then id, so pages never overlap).
pub fn partner_page(state: &State, q: &PartnerListQuery, owner: Option<MemberId>) -> PartnerPage {
    let needle = q.search.trim().to_lowercase();
    let sort = q.sort.unwrap_or_default();
    let mut matching: Vec<Keyed> = state
        .accounts()
        .filter(|a| match q.status {
            PartnerStatusFilter::All => true,
            PartnerStatusFilter::Enabled => a.enabled,
            PartnerStatusFilter::Disabled => !a.enabled,
        })
        .filter(|a| q.kind.is_none_or(|k| a.kind == k) && owner.is_none_or(|o| a.owner == o))
        .map(|a| (a.name.to_lowercase(), a))
        .filter(|(name, _)| needle.is_empty() || name.contains(&needle))
        .map(|(name, a)| Keyed { column: column_key(state, a, sort.by), name, account: a })
        .collect();
    let total = matching.len() as u32;
    let limit = q.limit.unwrap_or(PARTNER_PAGE).clamp(1, PARTNER_PAGE_MAX) as usize;
    let offset = (q.offset as usize).min(matching.len());
    let order = |x: &Keyed, y: &Keyed| {
        let by_column = x.column.cmp(&y.column).then_with(|| x.name.cmp(&y.name)).then(x.account.id.cmp(&y.account.id));
        if sort.descending {
            by_column.reverse()
        } else {
            by_column
        }
    };
    // Only the page needs ordering among its neighbours: select, then sort the page.
    let end = (offset + limit).min(matching.len());
    if end > 0 && end < matching.len() {
        matching.select_nth_unstable_by(end - 1, order);
        matching.truncate(end);
    }
    if offset > 0 && offset < matching.len() {
        matching.select_nth_unstable_by(offset, order);
    }
    let mut page: Vec<Keyed> = matching.into_iter().skip(offset).collect();
    page.sort_unstable_by(order);
    let rows = page.into_iter().map(|k| partner_row(state, k.account)).collect();
    let mut owners: BTreeMap<MemberId, String> = BTreeMap::new();
    for a in state.accounts() {
        owners
            .entry(a.owner)
            .or_insert_with(|| state.member(a.owner).map(|m| m.display_name().to_owned()).unwrap_or_default());
    }
    let mut owners: Vec<OwnerOption> = owners.into_iter().map(|(id, name)| OwnerOption { id, name }).collect();
    owners.sort_by_key(|o| o.name.to_lowercase());
    PartnerPage {
        rows,
        total,
        offset: offset as u32,
        owners,
        features: state.workspace().map(|w| w.partner_features).unwrap_or_default(),
        licences_used: state.licences_in_use(),
    }
}

/// An account with what it is ordered by: the sorted column's value, then its name.
struct Keyed<'a> {
    column: ColumnKey,
    name: String,
    account: &'a PartnerAccount,
}

#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum ColumnKey {
    /// Sorting by name: the name itself is the key.
    None,
    Text(String),
    /// A missing parent sorts after every name.
    Missing,
    Flag(bool),
}

fn column_key(state: &State, a: &PartnerAccount, by: PartnerSortKey) -> ColumnKey {
    match by {
        PartnerSortKey::Name => ColumnKey::None,
        PartnerSortKey::Kind => ColumnKey::Flag(a.kind != AccountKind::Business),
        PartnerSortKey::Owner => {
            ColumnKey::Text(state.member(a.owner).map(|m| m.display_name().to_lowercase()).unwrap_or_default())
        }
        PartnerSortKey::Parent => match a.parent.and_then(|p| state.account(p)) {
            Some(p) => ColumnKey::Text(p.name.to_lowercase()),
            None => ColumnKey::Missing,
        },
        // Enabled first.
        PartnerSortKey::Status => ColumnKey::Flag(!a.enabled),
    }
}
