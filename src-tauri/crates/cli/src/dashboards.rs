//! `trellis dashboards`: compose, publish, withdraw and delete dashboards for portal roles
//! (RPT-3). Honours `--draft`: publishing can wait for four eyes like any access change.

use crate::print::out;
use clap::{Subcommand, ValueEnum};
use trellis_commands::{ApiResult, Trellis};
use trellis_core::dashboards::{PublishTo, TileKind};
use trellis_core::validate::name_key;
use trellis_core::wire::*;
use trellis_core::RuleError;

#[derive(Clone, Copy, ValueEnum)]
pub enum TileArg {
    ActivitiesByType,
    ActivityTrend,
    OpenOpportunities,
    QuietCustomers,
}

impl From<TileArg> for TileKind {
    fn from(t: TileArg) -> TileKind {
        match t {
            TileArg::ActivitiesByType => TileKind::ActivitiesByType,
            TileArg::ActivityTrend => TileKind::ActivityTrend,
            TileArg::OpenOpportunities => TileKind::OpenOpportunities,
            TileArg::QuietCustomers => TileKind::QuietCustomers,
        }
    }
}

#[derive(Subcommand)]
pub enum DashboardCmd {
    /// Every dashboard: its tiles, roles, who gets it, and warnings.
    List,
    /// Create or change a dashboard (by name); `--role` publishes it to that portal role.
    Save {
        name: String,
        #[arg(long = "tile", value_enum, required = true)]
        tiles: Vec<TileArg>,
        /// A portal role by name (repeat for several); none: not published.
        #[arg(long = "role")]
        roles: Vec<String>,
        /// Only users who get the role from now on (the others keep their Home).
        #[arg(long)]
        new_users_only: bool,
        /// Users may not hide its tiles.
        #[arg(long)]
        locked: bool,
        /// A new name, when changing one.
        #[arg(long)]
        rename: Option<String>,
    },
    /// Stop showing a dashboard to anyone (it is kept, unpublished).
    Withdraw {
        name: String,
    },
    Delete {
        name: String,
    },
}

fn find(list: &DashboardList, name: &str) -> Option<DashboardRow> {
    list.dashboards.iter().find(|d| name_key(&d.name) == name_key(name)).cloned()
}

fn missing(name: &str) -> RuleError {
    RuleError::not_found("name", format!("No dashboard named '{}'", trellis_core::validate::shorten(name)))
}

pub async fn run(t: &Trellis, json: bool, cmd: DashboardCmd) -> ApiResult<()> {
    let list = match cmd {
        DashboardCmd::List => t.dashboard_list().await?,
        DashboardCmd::Save { name, tiles, roles, new_users_only, locked, rename } => {
            let list = t.dashboard_list().await?;
            let existing = find(&list, &name);
            let mut role_ids = Vec::new();
            for r in &roles {
                let role = list
                    .roles
                    .iter()
                    .find(|x| name_key(&x.name) == name_key(r))
                    .ok_or_else(|| RuleError::not_found("role", format!("No portal role named '{r}'")))?;
                role_ids.push(role.id.to_string());
            }
            let req = DashboardSaveRequest {
                dashboard_id: existing.as_ref().map(|d| d.id.to_string()),
                version: existing.as_ref().map(|d| d.version),
                name: rename.unwrap_or(name),
                tiles: tiles.into_iter().map(TileKind::from).collect(),
                role_ids,
                publish_to: if new_users_only { PublishTo::NewUsersOnly } else { PublishTo::NewAndExisting },
                locked,
            };
            t.dashboard_save(req).await?
        }
        DashboardCmd::Withdraw { name } => {
            let d = find(&t.dashboard_list().await?, &name).ok_or_else(|| missing(&name))?;
            let req = DashboardSaveRequest {
                dashboard_id: Some(d.id.to_string()),
                version: Some(d.version),
                name: d.name.clone(),
                tiles: d.tiles.clone(),
                role_ids: Vec::new(),
                publish_to: d.publish_to,
                locked: d.locked,
            };
            t.dashboard_save(req).await?
        }
        DashboardCmd::Delete { name } => {
            let d = find(&t.dashboard_list().await?, &name).ok_or_else(|| missing(&name))?;
            t.dashboard_delete(DashboardRef { dashboard_id: d.id.to_string(), version: d.version }).await?
        }
    };
    out(json, &list.dashboards, || {
        if list.dashboards.is_empty() {
            println!("No dashboards.");
        }
        for d in &list.dashboards {
            let roles: Vec<&str> =
                d.roles.iter().map(|r| if r.name.is_empty() { "(deleted role)" } else { r.name.as_str() }).collect();
            let to = if roles.is_empty() { "not published".to_owned() } else { format!("→ {}", roles.join(", ")) };
            let only = if d.publish_to == PublishTo::NewUsersOnly { ", new users only" } else { "" };
            let lock = if d.locked { ", locked" } else { "" };
            println!("{}  {to}{only}{lock} — {} partner users", d.name, d.reach);
            let tiles: Vec<&str> = d.tiles.iter().map(|k| k.title()).collect();
            println!("    tiles: {}", tiles.join(" · "));
            for w in &d.warnings {
                println!("    ! {w}");
            }
        }
    });
    Ok(())
}
