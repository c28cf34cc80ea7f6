//! RPT-3: dashboards, as the window composes them and as a partner's Home shows them.

use crate::dashboards::{PublishTo, TileKind};
use crate::ids::{DashboardId, RecordId, RoleId};
use crate::wire::TypeCounts;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Create (no id) or change a dashboard, publishing it to `role_ids` (empty: unpublished).
#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct DashboardSaveRequest {
    #[ts(optional)]
    #[serde(default)]
    pub dashboard_id: Option<String>,
    #[ts(optional)]
    #[serde(default)]
    pub version: Option<u32>,
    pub name: String,
    pub tiles: Vec<TileKind>,
    #[serde(default)]
    pub role_ids: Vec<String>,
    #[serde(default)]
    pub publish_to: PublishTo,
    #[serde(default)]
    pub locked: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct DashboardRef {
    pub dashboard_id: String,
    pub version: u32,
}

#[derive(Clone, Debug, Serialize, TS)]
pub struct DashboardRoleRef {
    pub id: RoleId,
    /// Empty when the role was deleted.
    pub name: String,
}

/// One dashboard in the manager's list.
#[derive(Clone, Debug, Serialize, TS)]
pub struct DashboardRow {
    pub id: DashboardId,
    pub name: String,
    pub tiles: Vec<TileKind>,
    pub roles: Vec<DashboardRoleRef>,
    pub publish_to: PublishTo,
    pub locked: bool,
    /// Partner users who get it on their Home now.
    pub reach: u32,
    pub warnings: Vec<String>,
    pub version: u32,
}

#[derive(Clone, Debug, Serialize, TS)]
pub struct DashboardList {
    pub dashboards: Vec<DashboardRow>,
    /// The portal roles a dashboard may be published to.
    pub roles: Vec<DashboardRoleRef>,
    /// Every tile kind, with its title, in the order the composer offers them.
    pub tiles: Vec<TileChoice>,
}

#[derive(Clone, Debug, Serialize, TS)]
pub struct TileChoice {
    pub kind: TileKind,
    pub title: String,
}

#[derive(Clone, Debug, Serialize, TS)]
pub struct TileRow {
    pub id: RecordId,
    pub label: String,
}

/// One tile as one partner user sees it: only what their own access counts.
#[derive(Clone, Debug, Default, Serialize, TS)]
pub struct DashboardTile {
    pub kind: TileKind,
    pub title: String,
    pub total: u32,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_type: Option<TypeCounts>,
    /// A chart: the first day of each bucket, and the count in it.
    pub buckets: Vec<String>,
    pub counts: Vec<u32>,
    pub rows: Vec<TileRow>,
}

#[derive(Clone, Debug, Serialize, TS)]
pub struct DashboardView {
    pub id: DashboardId,
    pub name: String,
    /// Changeable (not locked): the user may hide tiles, and show them again.
    pub locked: bool,
    pub tiles: Vec<DashboardTile>,
    /// Tiles this user hid (changeable dashboards only).
    pub hidden: Vec<TileChoice>,
}

/// RPT-3: the tiles to hide on one changeable dashboard of the caller's Home.
#[derive(Clone, Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PortalArrangeRequest {
    pub dashboard_id: String,
    pub hidden: Vec<TileKind>,
}
