//! RPT-2: the access report — who holds which effective permission, and why — for the
//! window, the CLI and CSV; over the live state, the open draft's, or (RPT-5) the state
//! as it was at a past moment.

use crate::audit::require_export;
use crate::engine::Trellis;
use crate::reports::guard_formula;
use crate::ApiResult;
use std::io::Write;
use trellis_core::reports::access::{
    self, resource_mask, resource_of, AccessFilter, AccessGroupBy, AccessPeople, GroupKey, Holder, Holding,
};
use trellis_core::wire::{AccessGroup, AccessReport, AccessReportQuery, AccessRow};
use trellis_core::{Action, PartnerAccountId, Permission, PermissionSet, Resource, RoleId, RuleError, State};

const MAX_PAGE: u32 = 500;
const MAX_GROUPS: usize = 500;

/// The query's filters as ids and one permission mask; a bad value is refused by field.
fn filter(q: &AccessReportQuery, may: AccessPeople) -> ApiResult<AccessFilter> {
    let people = match (q.people, may) {
        (p, AccessPeople::Everyone) => p,
        (AccessPeople::Everyone, only) => only,
        (p, only) if p == only => p,
        (_, only) => {
            let what = if only == AccessPeople::Members { "members" } else { "partner users" };
            return Err(RuleError::forbidden(format!("Your role lets you see the access of {what} only")));
        }
    };
    let roles = q.role_ids.iter().map(|r| RoleId::parse(r, "role_ids")).collect::<ApiResult<Vec<_>>>()?;
    let accounts =
        q.account_ids.iter().map(|a| PartnerAccountId::parse(a, "account_ids")).collect::<ApiResult<Vec<_>>>()?;
    let mut mask = PermissionSet::all();
    if !q.permissions.is_empty() {
        mask = PermissionSet::from_keys(&q.permissions, "permissions")?;
    }
    if !q.resources.is_empty() {
        let mut within = PermissionSet::EMPTY;
        for key in &q.resources {
            let set = resource_mask(key.trim()).ok_or_else(|| {
                RuleError::invalid("resources", format!("Unknown resource '{}'", trellis_core::validate::shorten(key)))
            })?;
            within = within.union(set);
        }
        mask = mask.intersection(within);
    }
    let search = q.search.trim().to_lowercase();
    if search.chars().count() > 200 {
        return Err(RuleError::invalid("search", "Search for at most 200 characters"));
    }
    Ok(AccessFilter { people, search, roles, accounts, mask })
}

const GROUPS: [&str; 3] = ["portal", "agent", "admin"];

fn row(h: &Holding<'_>, p: Permission) -> AccessRow {
    let via: Vec<String> = h.via(p).map(|r| r.name.clone()).collect();
    let why = match h.holder {
        Holder::Member(_) => format!("through the role “{}”", via.first().map_or("", String::as_str)),
        Holder::PartnerUser(..) => {
            let parts: Vec<String> = h
                .roles
                .iter()
                .zip(GROUPS)
                .filter_map(|(r, g)| r.filter(|r| r.permissions.contains(p)).map(|r| format!("“{}” ({g})", r.name)))
                .collect();
            format!("through {}", parts.join(" and "))
        }
    };
    let (kind, person_id) = match h.holder {
        Holder::Member(m) => ("member", m.id.to_string()),
        Holder::PartnerUser(c, _) => ("partner_user", c.id.to_string()),
    };
    AccessRow {
        kind: kind.to_owned(),
        person_id,
        name: h.holder.name().to_owned(),
        email: h.holder.email().to_owned(),
        account: h.holder.account().map(|a| a.name.clone()),
        permission: p.key(),
        permission_label: p.label(),
        resource: resource_of(p).1.to_owned(),
        via,
        why,
    }
}

fn group_label(state: &State, key: &GroupKey<'_>) -> (String, String) {
    match *key {
        GroupKey::Person(email) => (email.to_owned(), email.to_owned()),
        GroupKey::Role(id) => {
            (id.to_string(), state.role(id).map_or_else(|| "a deleted role".into(), |r| r.name.clone()))
        }
        GroupKey::Account(id) => {
            (id.to_string(), state.account(id).map_or_else(|| "a partner account".into(), |a| a.name.clone()))
        }
        GroupKey::Workspace => ("members".to_owned(), "Members (no partner account)".to_owned()),
        GroupKey::Permission(p) => (p.key(), p.label()),
        GroupKey::Resource(r) => (r.to_owned(), resource_of_key(r)),
    }
}

fn resource_of_key(key: &str) -> String {
    Permission::all().map(resource_of).find(|(k, _)| *k == key).map_or_else(|| key.to_owned(), |(_, l)| l.to_owned())
}

/// The report over `state`: totals, groups and one page of rows.
pub fn report(state: &State, f: &AccessFilter, by: Option<AccessGroupBy>, offset: u32, limit: u32) -> AccessReport {
    let (from, to) = (offset as u64, offset as u64 + limit as u64);
    let mut rows = Vec::new();
    let counted = access::count(state, f, by, MAX_GROUPS, |first, h| {
        let n = h.granted.len() as u64;
        if first + n <= from || first >= to {
            return;
        }
        for (i, p) in h.granted.iter().enumerate() {
            let at = first + i as u64;
            if at >= from && at < to {
                rows.push(row(h, p));
            }
        }
    });
    let groups: Vec<AccessGroup> = counted
        .groups
        .iter()
        .map(|(k, c)| {
            let (key, label) = group_label(state, k);
            AccessGroup { key, label, rows: c.rows, people: c.people }
        })
        .collect();
    let group_count = counted.group_count;
    AccessReport { total_rows: counted.rows, people: counted.people, rows, groups, group_count, at: None }
}

/// Every row as CSV into `out`; returns the rows written.
pub fn write_csv(state: &State, f: &AccessFilter, out: impl Write) -> ApiResult<u64> {
    let mut w = csv::Writer::from_writer(std::io::BufWriter::with_capacity(1 << 16, out));
    let failed = |e: csv::Error| RuleError::internal(format!("Could not write the export: {e}"));
    w.write_record([
        "Kind",
        "Name",
        "Email",
        "Partner account",
        "Permission",
        "Permission label",
        "Resource",
        "Through",
    ])
    .map_err(failed)?;
    let mut rows = 0u64;
    let mut error = None;
    access::for_each_holding(state, f, |h| {
        if error.is_some() {
            return;
        }
        let kind = if matches!(h.holder, Holder::Member(_)) { "Member" } else { "Partner user" };
        let name = guard_formula(h.holder.name());
        let email = guard_formula(h.holder.email());
        let account = h.holder.account().map(|a| guard_formula(&a.name).into_owned()).unwrap_or_default();
        for p in h.granted.iter() {
            let via: Vec<&str> = h.via(p).map(|r| r.name.as_str()).collect();
            let via = guard_formula(&via.join("; ")).into_owned();
            let key = p.key();
            let label = p.label();
            let record = [kind, &name, &email, &account, &key, &label, resource_of(p).1, &via];
            if let Err(e) = w.write_record(record) {
                error = Some(failed(e));
                return;
            }
            rows += 1;
        }
    });
    if let Some(e) = error {
        return Err(e);
    }
    w.flush().map_err(|e| RuleError::internal(format!("Could not write the export: {e}")))?;
    Ok(rows)
}

impl Trellis {
    /// Whose access the signed-in member may see: members with read on members, partner
    /// users with read on partner users; time travel also needs the audit log (it is the
    /// journal's history).
    async fn access_scope(&self, q: &AccessReportQuery) -> ApiResult<(AccessPeople, PermissionSet)> {
        let perms = self.session_permissions().await?;
        let members = perms.contains(Permission::Crud(Resource::Members, Action::Read));
        let partners = perms.contains(Permission::Crud(Resource::PartnerUsers, Action::Read));
        if q.at.is_some() && !perms.contains(Permission::Crud(Resource::AuditLog, Action::Read)) {
            return Err(RuleError::forbidden(
                "Your role does not allow this: looking at a past moment needs the permission to read the audit log",
            ));
        }
        let scope = match (members, partners) {
            (true, true) => AccessPeople::Everyone,
            (true, false) => AccessPeople::Members,
            (false, true) => AccessPeople::PartnerUsers,
            (false, false) => return Err(RuleError::forbidden(
                "Your role does not allow this: the access report needs the permission to read members or partner users",
            )),
        };
        Ok((scope, perms))
    }

    /// RPT-2: one page of who holds what, with totals and counts by the chosen grouping.
    pub async fn access_report(&self, q: AccessReportQuery) -> ApiResult<AccessReport> {
        let f = filter(&q, self.access_scope(&q).await?.0)?;
        let limit = if q.limit == 0 { 100 } else { q.limit.min(MAX_PAGE) };
        self.with_state_at(q.at, |state| {
            let mut r = report(state, &f, q.group_by, q.offset, limit);
            r.at = q.at;
            r
        })
        .await
    }

    /// RPT-2: every row of the report as CSV (Export permission besides), streamed.
    pub async fn access_report_csv(&self, q: AccessReportQuery, out: impl Write) -> ApiResult<u64> {
        let (scope, perms) = self.access_scope(&q).await?;
        require_export(perms)?;
        let f = filter(&q, scope)?;
        self.with_state_at(q.at, |state| write_csv(state, &f, out)).await?
    }
}
