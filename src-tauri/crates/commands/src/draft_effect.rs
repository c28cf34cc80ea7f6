//! A draft's effect (DRAFT-2) as the window and the CLI read it — summary, filtered
//! pages of people, one person's records, CSV — and "why" (DRAFT-4), live or in a draft.

use crate::audit::csv_cell;
use crate::drafts::draft_id;
use crate::engine::Trellis;
use crate::records::reason_text;
use crate::ApiResult;
use std::collections::BTreeMap;
use trellis_core::draft::Draft;
use trellis_core::effect::{records, PersonEffect};
use trellis_core::why::{self, Why};
use trellis_core::wire::*;
use trellis_core::{Action, Permission, Person, RecordId, Resource, RuleError, State};

const PAGE: u32 = 100;

fn summary(people: &[PersonEffect], warnings: Vec<String>) -> EffectSummary {
    let mut by_permission: BTreeMap<String, (String, u32, u32)> = BTreeMap::new();
    let mut by_role: BTreeMap<String, u32> = BTreeMap::new();
    let mut by_account: BTreeMap<String, u32> = BTreeMap::new();
    let mut items: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    for p in people {
        for perm in p.gained.iter() {
            by_permission.entry(perm.key()).or_insert_with(|| (perm.label(), 0, 0)).1 += 1;
        }
        for perm in p.lost.iter() {
            by_permission.entry(perm.key()).or_insert_with(|| (perm.label(), 0, 0)).2 += 1;
        }
        let mut roles: Vec<&String> = p.roles_before.iter().chain(&p.roles_after).collect();
        roles.sort();
        roles.dedup();
        for r in roles {
            *by_role.entry(r.clone()).or_default() += 1;
        }
        *by_account.entry(p.account.clone().unwrap_or_else(|| "Internal members".into())).or_default() += 1;
        for i in &p.items_shown {
            items.entry(i.clone()).or_default().0 += 1;
        }
        for i in &p.items_hidden {
            items.entry(i.clone()).or_default().1 += 1;
        }
    }
    let count = |f: fn(&PersonEffect) -> bool| people.iter().filter(|p| f(p)).count() as u32;
    let mut by_role: Vec<NameCount> = by_role.into_iter().map(|(name, people)| NameCount { name, people }).collect();
    by_role.sort_by_key(|n| std::cmp::Reverse(n.people));
    let mut by_account: Vec<NameCount> =
        by_account.into_iter().map(|(name, people)| NameCount { name, people }).collect();
    by_account.sort_by_key(|n| std::cmp::Reverse(n.people));
    EffectSummary {
        people: people.len() as u32,
        gaining: count(|p| !p.gained.is_empty() || !p.items_shown.is_empty()),
        losing: count(|p| !p.lost.is_empty() || !p.items_hidden.is_empty()),
        records: count(|p| p.records_change),
        by_permission: by_permission
            .into_iter()
            .map(|(permission, (label, gained, lost))| PermissionCount { permission, label, gained, lost })
            .collect(),
        by_role,
        by_account,
        items: items.into_iter().map(|(name, (shown, hidden))| ItemCount { name, shown, hidden }).collect(),
        warnings,
    }
}

fn matches(p: &PersonEffect, filter: EffectFilter, search: &str, permission: Option<Permission>) -> bool {
    let by_filter = match filter {
        EffectFilter::All => true,
        EffectFilter::Gaining => !p.gained.is_empty() || !p.items_shown.is_empty(),
        EffectFilter::Losing => !p.lost.is_empty() || !p.items_hidden.is_empty(),
        EffectFilter::Records => p.records_change,
        EffectFilter::Items => !p.items_shown.is_empty() || !p.items_hidden.is_empty(),
        EffectFilter::Members => matches!(p.person, Person::Member(_)),
        EffectFilter::PartnerUsers => matches!(p.person, Person::Contact(_)),
    };
    let by_permission = permission.is_none_or(|x| p.gained.contains(x) || p.lost.contains(x));
    let by_search = search.is_empty()
        || p.name.to_lowercase().contains(search)
        || p.email.to_lowercase().contains(search)
        || p.account.as_ref().is_some_and(|a| a.to_lowercase().contains(search));
    by_filter && by_permission && by_search
}

fn permission_key(key: &str, field: &str) -> ApiResult<Permission> {
    Permission::from_key(key.trim()).ok_or_else(|| {
        RuleError::invalid(field, format!("'{}' is not a permission", trellis_core::validate::shorten(key)))
    })
}

fn becomes(before: Option<bool>, after: Option<bool>) -> &'static str {
    match (before, after) {
        (None, Some(_)) => "visible",
        (Some(_), None) => "hidden",
        (Some(false), Some(true)) => "read/write",
        _ => "read only",
    }
}

impl Trellis {
    async fn draft_for_effect(&self, text: &str) -> ApiResult<Draft> {
        self.require(Permission::Crud(Resource::Roles, Action::Read)).await?;
        let d = self.find_draft(draft_id(text)?).await?;
        d.require_editing("draft_id")?;
        Ok(d)
    }

    /// DRAFT-2: the summary, then a page of the people it changes something for.
    pub async fn draft_effect(&self, q: DraftEffectQuery) -> ApiResult<EffectPage> {
        let d = self.draft_for_effect(&q.draft_id).await?;
        let permission = q
            .permission
            .as_deref()
            .filter(|k| !k.trim().is_empty())
            .map(|k| permission_key(k, "permission"))
            .transpose()?;
        let (_, effect) = self.replayed_with_effect(&d).await;
        let search = q.search.unwrap_or_default().trim().to_lowercase();
        let filter = q.filter.unwrap_or_default();
        let matching: Vec<&PersonEffect> =
            effect.people.iter().filter(|p| matches(p, filter, &search, permission)).collect();
        let offset = q.offset.unwrap_or(0) as usize;
        let limit = q.limit.unwrap_or(PAGE).clamp(1, 1000) as usize;
        Ok(EffectPage {
            summary: summary(&effect.people, effect.warnings.clone()),
            total: matching.len() as u32,
            people: matching.into_iter().skip(offset).take(limit).cloned().collect(),
        })
    }

    /// One person: what changes for them, record by record.
    pub async fn draft_effect_person(&self, q: DraftPersonQuery) -> ApiResult<PersonEffectDetail> {
        let d = self.draft_for_effect(&q.draft_id).await?;
        let (replayed, effect) = self.replayed_with_effect(&d).await;
        let inner = self.read().await;
        let live = &inner.state;
        if trellis_core::effect::describe_person(live, q.person).is_none()
            && trellis_core::effect::describe_person(&replayed.state, q.person).is_none()
        {
            return Err(RuleError::not_found("person", "No such member or partner user"));
        }
        let rows = records(live, &replayed.state, q.person)
            .into_iter()
            .map(|c| RecordChangeRow {
                becomes: becomes(c.before.map(|g| g.write), c.after.map(|g| g.write)).to_owned(),
                before: c.before.map_or_else(|| "Not visible".to_owned(), |g| reason_text(live, g.reason)),
                after: c.after.map_or_else(|| "Not visible".to_owned(), |g| reason_text(&replayed.state, g.reason)),
                change: c,
            })
            .collect();
        Ok(PersonEffectDetail { effect: effect.people.iter().find(|p| p.person == q.person).cloned(), records: rows })
    }

    /// DRAFT-2, exported: one line per person and change (records included).
    pub async fn draft_effect_csv(&self, req: DraftRef) -> ApiResult<EffectCsv> {
        let d = self.draft_for_effect(&req.draft_id).await?;
        let (replayed, effect) = self.replayed_with_effect(&d).await;
        let inner = self.read().await;
        let mut out = ["name", "email", "kind", "account", "change", "what"].map(csv_cell).join(",") + "\n";
        for p in &effect.people {
            let kind = if matches!(p.person, Person::Member(_)) { "member" } else { "partner user" };
            let mut line = |change: &str, what: &str| {
                let cells = [&p.name, &p.email, kind, p.account.as_deref().unwrap_or(""), change, what];
                out.push_str(&cells.iter().map(|c| csv_cell(c)).collect::<Vec<_>>().join(","));
                out.push('\n');
            };
            for perm in p.gained.iter() {
                line("gains permission", &perm.label());
            }
            for perm in p.lost.iter() {
                line("loses permission", &perm.label());
            }
            for i in &p.items_shown {
                line("item appears", i);
            }
            for i in &p.items_hidden {
                line("item disappears", i);
            }
            if p.records_change {
                for c in records(&inner.state, &replayed.state, p.person) {
                    let what = format!("{} {}", c.kind.label(), c.name);
                    line(&format!("record {}", becomes(c.before.map(|g| g.write), c.after.map(|g| g.write))), &what);
                }
            }
        }
        let safe: String = d.name.chars().map(|c| if c.is_alphanumeric() { c } else { '-' }).collect();
        Ok(EffectCsv { file_name: format!("trellis-draft-{safe}-effect.csv"), csv: out })
    }

    /// Runs `explain` on the state a "why" asks about: live, or the draft's (replayed once
    /// and shared, never copied per question).
    async fn explain<T>(
        &self,
        draft: Option<&str>,
        at: Option<trellis_core::Millis>,
        explain: impl FnOnce(&State) -> ApiResult<T>,
    ) -> ApiResult<T> {
        self.require(Permission::Crud(Resource::Roles, Action::Read)).await?;
        let draft = draft.filter(|t| !t.trim().is_empty());
        if let Some(at) = at {
            // RPT-5: the past is the journal's history, so it needs the audit log.
            self.require(Permission::Crud(Resource::AuditLog, Action::Read)).await?;
            if draft.is_some() {
                return Err(RuleError::invalid("at", "Ask about a past moment or about a draft, not both"));
            }
            return self.with_state_at(Some(at), explain).await?;
        }
        match draft {
            Some(text) => {
                let d = self.find_draft(draft_id(text)?).await?;
                d.require_editing("draft_id")?;
                explain(&self.replayed(&d).await.state)
            }
            None => explain(&self.read().await.state),
        }
    }

    fn check_person(state: &State, person: Person) -> ApiResult<()> {
        match trellis_core::effect::describe_person(state, person) {
            Some(_) => Ok(()),
            None => Err(RuleError::not_found("person", "No such member or partner user")),
        }
    }

    /// DRAFT-4: why a person holds a permission (or not), live or in a draft.
    pub async fn why_permission(&self, q: WhyPermissionQuery) -> ApiResult<Why> {
        let permission = permission_key(&q.permission, "permission")?;
        self.explain(q.draft_id.as_deref(), q.at, |state| {
            Self::check_person(state, q.person)?;
            Ok(why::permission(state, q.person, permission))
        })
        .await
    }

    /// DRAFT-4: why a person sees a record (or not), and whether read/write.
    pub async fn why_record(&self, q: WhyRecordQuery) -> ApiResult<Why> {
        let record = RecordId::parse(&q.record_id, "record_id")?;
        self.explain(q.draft_id.as_deref(), q.at, |state| {
            Self::check_person(state, q.person)?;
            if state.record(record).is_none() {
                return Err(RuleError::not_found("record_id", format!("No record with id {record}")));
            }
            Ok(why::record(state, q.person, record))
        })
        .await
    }
}
