//! The Partners list (PA-1) as a read model: filtered, sorted by name and paged here, so
//! the window asks for one page at a time (20,000 accounts are never sent whole).

use crate::ids::MemberId;
use crate::model::MemberStatus;
use crate::partners::PartnerAccount;
use crate::state::State;
use crate::wire::{OwnerOption, PartnerListQuery, PartnerPage, PartnerRow, PartnerStatusFilter};
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

/// One page of accounts matching `q` (status, kind, owner, name search), by name.
pub fn partner_page(state: &State, q: &PartnerListQuery, owner: Option<MemberId>) -> PartnerPage {
    let needle = q.search.trim().to_lowercase();
    let mut matching: Vec<(String, &PartnerAccount)> = state
        .accounts()
        .filter(|a| match q.status {
            PartnerStatusFilter::All => true,
            PartnerStatusFilter::Enabled => a.enabled,
            PartnerStatusFilter::Disabled => !a.enabled,
        })
        .filter(|a| q.kind.is_none_or(|k| a.kind == k) && owner.is_none_or(|o| a.owner == o))
        .map(|a| (a.name.to_lowercase(), a))
        .filter(|(name, _)| needle.is_empty() || name.contains(&needle))
        .collect();
    let total = matching.len() as u32;
    let limit = q.limit.unwrap_or(PARTNER_PAGE).clamp(1, PARTNER_PAGE_MAX) as usize;
    let offset = (q.offset as usize).min(matching.len());
    // Only the page needs ordering among its neighbours: select, then sort the page.
    let end = (offset + limit).min(matching.len());
    if end > 0 && end < matching.len() {
        matching.select_nth_unstable_by(end - 1, |x, y| (&x.0, x.1.id).cmp(&(&y.0, y.1.id)));
        matching.truncate(end);
    }
    if offset > 0 && offset < matching.len() {
        matching.select_nth_unstable_by(offset, |x, y| (&x.0, x.1.id).cmp(&(&y.0, y.1.id)));
    }
    let mut page: Vec<(String, &PartnerAccount)> = matching.into_iter().skip(offset).collect();
    page.sort_unstable_by(|x, y| (&x.0, x.1.id).cmp(&(&y.0, y.1.id)));
    let rows = page.into_iter().map(|(_, a)| partner_row(state, a)).collect();
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
