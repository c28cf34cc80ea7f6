//! `trellis access report`: who holds which permission, and why (RPT-2), now or at a past
//! moment (RPT-5); to the terminal, as JSON, or every row to a CSV file.

use crate::print::out;
use clap::{Args, Subcommand, ValueEnum};
use trellis_commands::{ApiResult, Trellis};
use trellis_core::reports::access::{AccessGroupBy, AccessPeople};
use trellis_core::wire::*;
use trellis_core::{Audience, RuleError};

#[derive(Subcommand)]
pub enum AccessCmd {
    /// One row per person and permission they hold, with the roles it comes through.
    Report(ReportArgs),
}

#[derive(Args)]
pub struct ReportArgs {
    #[arg(long, value_enum, default_value = "everyone")]
    people: PeopleArg,
    /// Part of a name or email.
    #[arg(long, default_value = "")]
    search: String,
    /// People holding this role, by name (repeat for several).
    #[arg(long)]
    role: Vec<String>,
    /// Partner users of this account, by name (repeat for several).
    #[arg(long)]
    account: Vec<String>,
    /// A permission key such as leads.read (repeat for several).
    #[arg(long)]
    permission: Vec<String>,
    /// A resource: leads, members, …, special, portal (repeat for several).
    #[arg(long)]
    resource: Vec<String>,
    /// Count rows by this instead of listing them.
    #[arg(long, value_enum)]
    group_by: Option<GroupArg>,
    /// The answer at a past moment: 2026-03-03 (the end of that day, UTC) or
    /// 2026-03-03T14:00:00Z.
    #[arg(long)]
    at: Option<String>,
    #[arg(long, default_value_t = 0)]
    offset: u32,
    #[arg(long, default_value_t = 100)]
    limit: u32,
    /// Write every row to this CSV file instead (refused if it exists).
    #[arg(long)]
    csv: Option<std::path::PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum PeopleArg {
    Everyone,
    Members,
    Partners,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum GroupArg {
    Person,
    Role,
    Account,
    Permission,
    Resource,
}

pub async fn access(t: &Trellis, json: bool, cmd: AccessCmd) -> ApiResult<()> {
    let AccessCmd::Report(a) = cmd;
    let mut role_ids = Vec::new();
    for name in &a.role {
        // A role name is looked up among internal roles, then partner roles.
        let id = match t.resolve_role(Audience::Internal, name).await {
            Ok(id) => id,
            Err(_) => t.resolve_role(Audience::Partner, name).await?,
        };
        role_ids.push(id.to_string());
    }
    let mut account_ids = Vec::new();
    for name in &a.account {
        account_ids.push(
            t.resolve_account(name).await.map_err(|e| RuleError { field: Some("account".into()), ..e })?.to_string(),
        );
    }
    let q = AccessReportQuery {
        people: match a.people {
            PeopleArg::Everyone => AccessPeople::Everyone,
            PeopleArg::Members => AccessPeople::Members,
            PeopleArg::Partners => AccessPeople::PartnerUsers,
        },
        search: a.search,
        role_ids,
        account_ids,
        permissions: a.permission,
        resources: a.resource,
        group_by: a.group_by.map(|g| match g {
            GroupArg::Person => AccessGroupBy::Person,
            GroupArg::Role => AccessGroupBy::Role,
            GroupArg::Account => AccessGroupBy::Account,
            GroupArg::Permission => AccessGroupBy::Permission,
            GroupArg::Resource => AccessGroupBy::Resource,
        }),
        at: a.at.as_deref().map(crate::drafts::moment).transpose()?,
        offset: a.offset,
        limit: a.limit,
    };
    if let Some(path) = a.csv {
        let file = crate::admin::create_new(&path, "csv")?;
        match t.access_report_csv(q, file).await {
            Ok(rows) => eprintln!("{rows} rows written to {}", path.display()),
            Err(e) => {
                let _ = std::fs::remove_file(&path);
                return Err(e);
            }
        }
        return Ok(());
    }
    let grouped = q.group_by.is_some();
    let r = t.access_report(q).await?;
    out(json, &r, || {
        if grouped {
            for g in &r.groups {
                println!("{:>8} rows  {:>6} people  {}", g.rows, g.people, g.label);
            }
        } else {
            for row in &r.rows {
                let account = row.account.as_deref().map(|a| format!(" ({a})")).unwrap_or_default();
                println!("{}{account}  {}  {}", row.email, row.permission, row.why);
            }
        }
        let when = r.at.map(|at| {
            format!(" at {}", jiff::Timestamp::from_millisecond(at).map_or(at.to_string(), |t| t.to_string()))
        });
        eprintln!("{} rows, {} people{}", r.total_rows, r.people, when.unwrap_or_default());
    });
    Ok(())
}
