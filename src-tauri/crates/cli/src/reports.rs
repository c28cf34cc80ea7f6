//! `trellis reports`: the Partner Activity Summary and Detail (RPT-1), to the terminal,
//! as JSON, or streamed to a CSV file; and logging an activity as yourself.

use crate::print::out;
use clap::{Args, Subcommand, ValueEnum};
use trellis_commands::{ApiResult, Trellis};
use trellis_core::reports::period::Bucket;
use trellis_core::wire::*;
use trellis_core::{ActivityType, RuleError};

#[derive(Subcommand)]
pub enum ReportCmd {
    /// Partner activity: the summary per partner (default) or every activity (--detail).
    Activity(ActivityArgs),
    /// Log an activity you did (a call, email, meeting or task), optionally with a customer.
    Log {
        #[arg(long = "type", value_enum)]
        kind: TypeArg,
        subject: String,
        /// When, as YYYY-MM-DDTHH:MM in --tz (default: now).
        #[arg(long)]
        at: Option<String>,
        /// The customer, by record name or id.
        #[arg(long)]
        customer: Option<String>,
        #[arg(long)]
        tz: Option<String>,
    },
    /// The customers you can see (for --customer).
    Customers {
        #[arg(long, default_value = "")]
        search: String,
    },
}

#[derive(Args)]
pub struct ActivityArgs {
    #[arg(long, conflicts_with = "detail")]
    summary: bool,
    #[arg(long)]
    detail: bool,
    /// First day, YYYY-MM-DD.
    #[arg(long)]
    from: String,
    /// Last day, YYYY-MM-DD (included).
    #[arg(long)]
    to: String,
    /// IANA time zone the days are read in (default: this machine's).
    #[arg(long)]
    tz: Option<String>,
    /// A partner account by name (repeat for several).
    #[arg(long)]
    partner: Vec<String>,
    /// Only accounts owned by this channel manager (email).
    #[arg(long)]
    owner: Option<String>,
    #[arg(long = "type", value_enum)]
    types: Vec<TypeArg>,
    /// A customer, by record name or id.
    #[arg(long)]
    customer: Option<String>,
    #[arg(long, value_enum, default_value = "week")]
    bucket: BucketArg,
    /// List this partner's people too (summary).
    #[arg(long)]
    expand: Option<String>,
    /// Search subject, customer, partner and person (detail).
    #[arg(long, default_value = "")]
    search: String,
    #[arg(long, value_enum, default_value = "at")]
    sort: SortArg,
    #[arg(long)]
    desc: bool,
    #[arg(long, default_value_t = 0)]
    page: u32,
    #[arg(long, default_value_t = 50)]
    limit: u32,
    /// Stream the whole report to this CSV file instead.
    #[arg(long)]
    csv: Option<std::path::PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum TypeArg {
    Call,
    Email,
    Meeting,
    Task,
}

impl From<TypeArg> for ActivityType {
    fn from(t: TypeArg) -> Self {
        match t {
            TypeArg::Call => ActivityType::Call,
            TypeArg::Email => ActivityType::Email,
            TypeArg::Meeting => ActivityType::Meeting,
            TypeArg::Task => ActivityType::Task,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum BucketArg {
    Day,
    Week,
    Month,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum SortArg {
    At,
    Subject,
    Type,
    Partner,
    Customer,
    By,
}

fn sort(s: SortArg) -> ActivitySort {
    match s {
        SortArg::At => ActivitySort::At,
        SortArg::Subject => ActivitySort::Subject,
        SortArg::Type => ActivitySort::Type,
        SortArg::Partner => ActivitySort::Partner,
        SortArg::Customer => ActivitySort::Customer,
        SortArg::By => ActivitySort::By,
    }
}

async fn customer_id(t: &Trellis, text: Option<String>) -> ApiResult<Option<String>> {
    match text {
        Some(c) if uuid::Uuid::parse_str(c.trim()).is_ok() => Ok(Some(c)),
        Some(c) => Ok(Some(t.resolve_record(&c).await.map_err(|e| RuleError { field: Some("customer".into()), ..e })?)),
        None => Ok(None),
    }
}

/// "2026-03-31T14:05" in `tz`, as epoch milliseconds.
fn local_millis(text: &str, tz: &jiff::tz::TimeZone) -> ApiResult<i64> {
    let bad = || RuleError::invalid("at", format!("'{}' is not a time like 2026-03-31T14:05", text.trim()));
    let dt: jiff::civil::DateTime = text.trim().parse().map_err(|_| bad())?;
    let zoned = dt.to_zoned_datetime(tz.clone()).map_err(|_| bad())?;
    Ok(zoned.timestamp().as_millisecond())
}

fn count_line(label: &str, total: u32, t: &TypeCounts, customers: u32) -> String {
    format!(
        "{label:<34} {total:>7}  calls {:>5}  emails {:>5}  meetings {:>5}  tasks {:>5}  customers {customers:>5}",
        t.call, t.email, t.meeting, t.task
    )
}

pub async fn run(t: &Trellis, json: bool, cmd: ReportCmd) -> ApiResult<()> {
    match cmd {
        ReportCmd::Activity(a) => activity(t, json, a).await,
        ReportCmd::Log { kind, subject, at, customer, tz } => {
            let at = match at {
                Some(text) => local_millis(&text, &trellis_commands::time_zone(tz.as_deref())?)?,
                None => jiff::Timestamp::now().as_millisecond(),
            };
            let customer_id = customer_id(t, customer).await?;
            let req = ActivitySaveRequest { id: None, version: None, kind: kind.into(), subject, at, customer_id };
            let saved = t.activity_save(req).await?;
            out(json, &saved, || println!("logged activity {}", saved.id));
            Ok(())
        }
        ReportCmd::Customers { search } => {
            let list = t.customer_choices(CustomerQuery { search }).await?;
            out(json, &list, || list.iter().for_each(|c| println!("{}  {}", c.id, c.name)));
            Ok(())
        }
    }
}

async fn activity(t: &Trellis, json: bool, a: ActivityArgs) -> ApiResult<()> {
    let mut partners = Vec::new();
    for name in &a.partner {
        partners.push(t.resolve_account(name).await?.to_string());
    }
    let owner = match &a.owner {
        Some(email) => Some(t.resolve_member(email).await?.to_string()),
        None => None,
    };
    let filter = ActivityFilterRequest {
        from: a.from,
        to: a.to,
        tz: a.tz,
        partners,
        owner,
        types: a.types.iter().map(|t| (*t).into()).collect(),
        customer: customer_id(t, a.customer).await?,
    };
    if let Some(path) = a.csv {
        let file = std::fs::File::create(&path)
            .map_err(|e| RuleError::invalid("csv", format!("Cannot write {}: {e}", path.display())))?;
        let req = ActivityExportRequest { filter, summary: !a.detail, search: a.search };
        let rows = t.report_activity_csv(req, file).await?;
        out(json, &serde_json::json!({ "path": path.display().to_string(), "rows": rows }), || {
            println!("wrote {rows} rows to {}", path.display())
        });
        return Ok(());
    }
    if a.detail {
        let req = ActivityDetailRequest {
            filter,
            search: a.search,
            sort: sort(a.sort),
            descending: a.desc,
            page: a.page,
            page_size: Some(a.limit),
        };
        let page = t.report_activity_detail(req).await?;
        out(json, &page, || {
            for r in &page.rows {
                println!(
                    "{}  {:<8} {:<36} {:<28} {:<24} {}",
                    r.when,
                    r.kind.label(),
                    r.subject,
                    r.customer,
                    r.partner,
                    r.by
                );
            }
            println!("{} of {} activities (page {})", page.rows.len(), page.total, page.page);
        });
        return Ok(());
    }
    let expand = match &a.expand {
        Some(name) => Some(t.resolve_account(name).await?.to_string()),
        None => None,
    };
    let bucket = match a.bucket {
        BucketArg::Day => Bucket::Day,
        BucketArg::Week => Bucket::Week,
        BucketArg::Month => Bucket::Month,
    };
    let s = t.report_activity_summary(ActivitySummaryRequest { filter, bucket, expand }).await?;
    out(json, &s, || {
        println!("{}", count_line("All partners", s.total, &s.by_type, s.customers));
        for r in &s.rows {
            println!("{}", count_line(&r.name, r.total, &r.by_type, r.customers));
        }
        for p in &s.people {
            println!("  {}", count_line(&p.name, p.total, &p.by_type, p.customers));
        }
    });
    Ok(())
}
