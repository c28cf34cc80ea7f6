//! RPT-1: the Partner Activity Summary and Detail for the signed-in member, over what
//! their own visibility allows (or the open draft's), and activities logged by members.

use crate::audit::require_export;
use crate::engine::Trellis;
use crate::ApiResult;
use jiff::tz::TimeZone;
use std::io::Write;
use trellis_core::reports::activity::{self, detail_hits, require_reports, ActivityFilter, RowMaker};
use trellis_core::visibility::{viewer, visible_records, Viewer};
use trellis_core::wire::*;
use trellis_core::{
    Action, ActivityFacts, Actor, Op, PartnerAccountId, Permission, Person, RecordId, RecordKind, RuleError, State,
};

/// The customers a picker offers at once; the search narrows the rest.
const CUSTOMER_CHOICES: usize = 200;

/// The zone dates are read in: the one asked for, else this machine's.
pub fn time_zone(name: Option<&str>) -> ApiResult<TimeZone> {
    match name.map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => TimeZone::get(n).map_err(|_| {
            RuleError::invalid("tz", format!("Unknown time zone '{}'", trellis_core::validate::shorten(n)))
        }),
        None => Ok(TimeZone::try_system().unwrap_or(TimeZone::UTC)),
    }
}

/// A spreadsheet runs a cell starting with = + - @ (or a tab or CR) as a formula: such
/// cells get a leading apostrophe, which shows as text.
pub(crate) fn guard_formula(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}").into()
    } else {
        s.into()
    }
}

fn me(actor: Actor) -> ApiResult<Person> {
    match actor {
        Actor::Member(id) => Ok(Person::Member(id)),
        _ => Err(RuleError::forbidden("Reports are for members")),
    }
}

fn day(tz: &TimeZone, at: i64) -> String {
    trellis_core::reports::period::local_text(tz, at)
}

impl Trellis {
    /// Runs `report` over the state the signed-in member is looking at (live, or their open
    /// draft), as them, with the request's filter checked against that state.
    async fn as_reader<T>(
        &self,
        req: &ActivityFilterRequest,
        report: impl FnOnce(&State, &Viewer, &ActivityFilter) -> ApiResult<T>,
    ) -> ApiResult<T> {
        let person = me(self.actor().await?)?;
        let view = self.view().await?;
        let state = view.state();
        let v = viewer(state, person);
        require_reports(v.as_ref())?;
        let Some(v) = v else { unreachable!("require_reports refuses a missing viewer") };
        let filter = ActivityFilter::resolve(state, req, time_zone(req.tz.as_deref())?)?;
        report(state, &v, &filter)
    }

    pub async fn report_activity_summary(&self, req: ActivitySummaryRequest) -> ApiResult<ActivitySummary> {
        self.require(reports_read()).await?;
        let expand = match req.expand.as_deref().filter(|e| !e.trim().is_empty()) {
            Some(text) => Some(PartnerAccountId::parse(text, "expand")?),
            None => None,
        };
        self.as_reader(&req.filter, |state, v, filter| Ok(activity::summary(state, v, filter, req.bucket, expand)))
            .await
    }

    pub async fn report_activity_detail(&self, req: ActivityDetailRequest) -> ApiResult<ActivityDetailPage> {
        self.require(reports_read()).await?;
        let sort = (req.sort, req.descending);
        self.as_reader(&req.filter, |state, v, filter| {
            Ok(activity::detail_page(state, v, filter, &req.search, sort, req.page, req.page_size))
        })
        .await
    }

    /// Streams the summary or the detail as CSV into `out`; returns the rows written.
    /// Exporting needs the Export permission besides the report's.
    pub async fn report_activity_csv(&self, req: ActivityExportRequest, out: impl Write) -> ApiResult<u32> {
        require_export(self.require(reports_read()).await?)?;
        self.as_reader(&req.filter, |state, v, filter| {
            write_activity_csv(state, v, filter, req.summary, &req.search, out)
        })
        .await
    }

    /// Logs (no id) or edits an activity as the signed-in member. Logging is not an access
    /// decision, so it is refused while a draft is open (DRAFT-1).
    pub async fn activity_save(&self, req: ActivitySaveRequest) -> ApiResult<ActivitySaved> {
        let actor = self.actor().await?;
        let person = me(actor)?;
        let customer = match req.customer_id.as_deref().filter(|c| !c.trim().is_empty()) {
            Some(text) => Some(RecordId::parse(text, "customer_id")?),
            None => None,
        };
        let facts = ActivityFacts { kind: req.kind, at: req.at, customer };
        let (id, op) = match (req.id.as_deref(), req.version) {
            (None, _) => {
                let id = RecordId::new_v7();
                let op =
                    Op::LogActivity { id, owner: person, subject: req.subject, facts, segments: Default::default() };
                (id, op)
            }
            (Some(text), Some(version)) => {
                let id = RecordId::parse(text, "id")?;
                (id, Op::EditActivity { id, version, subject: req.subject, facts })
            }
            (Some(_), None) => return Err(RuleError::invalid("version", "An edit names the version it was opened at")),
        };
        self.execute(op).await?;
        let version = self.read().await.state.record(id).map_or(1, |r| r.version);
        Ok(ActivitySaved { id, version })
    }

    /// Customers the signed-in member can see, for activity forms and report filters.
    pub async fn customer_choices(&self, q: CustomerQuery) -> ApiResult<Vec<CustomerChoice>> {
        self.require(Permission::Crud(trellis_core::Resource::Customers, Action::Read)).await?;
        let person = me(self.actor().await?)?;
        let view = self.view().await?;
        let state = view.state();
        let Some(v) = viewer(state, person) else { return Ok(Vec::new()) };
        let needle = q.search.trim().to_lowercase();
        let mut out: Vec<CustomerChoice> = visible_records(state, &v, Some(RecordKind::Customer))
            .into_iter()
            .filter(|r| needle.is_empty() || r.name.to_lowercase().contains(&needle))
            .map(|r| CustomerChoice { id: r.id, name: r.name.clone() })
            .collect();
        out.sort_by_cached_key(|c| c.name.to_lowercase());
        out.truncate(CUSTOMER_CHOICES);
        Ok(out)
    }
}

/// The summary (one line per partner) or the detail (one per activity) as CSV, streamed
/// into `out` row by row; returns the rows written (the header aside).
pub fn write_activity_csv(
    state: &State,
    v: &Viewer,
    filter: &ActivityFilter,
    summary: bool,
    search: &str,
    out: impl Write,
) -> ApiResult<u32> {
    let tz = filter.period.tz.clone();
    let mut w = csv::Writer::from_writer(std::io::BufWriter::with_capacity(1 << 16, out));
    let failed = |e: csv::Error| RuleError::internal(format!("Could not write the export: {e}"));
    let mut rows = 0u32;
    if summary {
        let s = activity::summary(state, v, filter, trellis_core::reports::period::Bucket::Month, None);
        w.write_record([
            "Partner",
            "Channel manager",
            "Activities",
            "Calls",
            "Emails",
            "Meetings",
            "Tasks",
            "Customers",
            "First activity",
            "Last activity",
        ])
        .map_err(failed)?;
        for r in &s.rows {
            let t = r.by_type;
            let numbers = [r.total, t.call, t.email, t.meeting, t.task, r.customers].map(|n| n.to_string());
            let mut cells = vec![guard_formula(&r.name).into_owned(), guard_formula(&r.owner).into_owned()];
            cells.extend(numbers);
            cells.extend([day(&tz, r.first), day(&tz, r.last)]);
            w.write_record(&cells).map_err(failed)?;
            rows += 1;
        }
    } else {
        w.write_record(["When", "Type", "Subject", "Customer", "Partner", "By"]).map_err(failed)?;
        let mut maker = RowMaker::new(state, v);
        let hits = detail_hits(state, &mut maker, filter, search, (ActivitySort::At, false), None);
        for hit in &hits {
            let customer = maker.customer(hit.facts.customer);
            let partner = activity::account_name(state, hit.account);
            let by = activity::person_name(state, hit.record.owner);
            w.write_record([
                day(&tz, hit.facts.at).as_str(),
                hit.facts.kind.label(),
                &guard_formula(&hit.record.name),
                &guard_formula(&customer),
                &guard_formula(&partner),
                &guard_formula(&by),
            ])
            .map_err(failed)?;
            rows += 1;
        }
    }
    w.flush().map_err(|e| RuleError::internal(format!("Could not write the export: {e}")))?;
    Ok(rows)
}

fn reports_read() -> Permission {
    Permission::Crud(trellis_core::Resource::Reports, Action::Read)
}
