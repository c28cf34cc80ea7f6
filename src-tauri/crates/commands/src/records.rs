//! Items (ITEM-1), sharing rules (SHARE-1) and the visibility explainer: what one person
//! sees and why (HIER-2, PU-6, PU-8).

use crate::engine::Trellis;
use crate::partners::account_id;
use crate::ApiResult;
use trellis_core::visibility::{record_access, viewer, visible_items, visible_records, Reason};
use trellis_core::wire::*;
use trellis_core::{
    Action, ContactId, Grantee, HierarchyRoleId, ItemId, MemberId, Op, PartnerRestriction, Permission, Person,
    RecordKind, Resource, RuleError, SharingRuleId, Special, State,
};

/// The explainer shows the first rows; counts cover everything.
const REPORT_ROWS: usize = 200;

pub(crate) fn person_label(state: &State, p: Person) -> String {
    match p {
        Person::Member(id) => state.member(id).map(|m| m.display_name().to_owned()).unwrap_or_default(),
        Person::Contact(id) => state
            .contact(id)
            .map(|c| {
                let account = state.account(c.account).map(|a| a.name.as_str()).unwrap_or("");
                format!("{} ({account})", c.name)
            })
            .unwrap_or_default(),
    }
}

fn role_name(state: &State, id: HierarchyRoleId) -> String {
    state.hierarchy_role(id).map(|h| h.name.clone()).unwrap_or_else(|| "a deleted role".into())
}

pub(crate) fn reason_text(state: &State, reason: Reason) -> String {
    match reason {
        Reason::Owner => "Owns it".into(),
        Reason::Hierarchy(role) => format!("Owner is below them, at {} (HIER-2)", role_name(state, role)),
        Reason::WholeAccount => "Whole-account access: a user of the same account owns it (PU-8)".into(),
        Reason::AccountOwner => "Owned by a disabled partner user; stays with the account's owner (PU-6, PA-3)".into(),
        Reason::SharingRule(id) => {
            format!("Sharing rule '{}' (SHARE-1)", state.sharing_rule(id).map(|r| r.name.as_str()).unwrap_or("deleted"))
        }
    }
}

/// Whose records `v` sees, in words (HIER-2, PU-8).
pub(crate) fn scope_text(state: &State, v: &trellis_core::visibility::Viewer) -> String {
    let scope = match (v.partner.map(|p| p.1), v.node) {
        (Some(PartnerRestriction::OwnOnly), _) => "Own records only (PU-8)".to_owned(),
        (Some(PartnerRestriction::WholeAccount), _) => {
            "Every partner user's records in the account (super user, PU-8)".to_owned()
        }
        (_, Some(n)) => format!("Own records and those of everyone below {} (HIER-2)", role_name(state, n)),
        (_, None) => "Own records only: holds no hierarchy role".to_owned(),
    };
    match v.segments {
        Some(f) => {
            let part =
                |label: &str, list: &[String]| (!list.is_empty()).then(|| format!("{label} {}", list.join(" or ")));
            let limits: Vec<String> =
                [part("department", &f.departments), part("location", &f.locations), part("class", &f.classes)]
                    .into_iter()
                    .flatten()
                    .collect();
            format!("{scope}; others' records only where {} (PU-8)", limits.join(", "))
        }
        None => scope,
    }
}

fn rule_row(state: &State, r: &trellis_core::SharingRule) -> SharingRuleRow {
    let grantee_name = match r.grantee {
        Grantee::Account(a) => state.account(a).map(|a| format!("All users of {}", a.name)).unwrap_or_default(),
        Grantee::Role(h) => format!("{} and above", role_name(state, h)),
    };
    SharingRuleRow {
        id: r.id,
        name: r.name.clone(),
        kind: r.kind,
        source_role_id: r.source,
        source_name: format!("{} and below", role_name(state, r.source)),
        grantee: r.grantee,
        grantee_name,
        access: r.access,
        version: r.version,
    }
}

impl Trellis {
    pub async fn item_list(&self) -> ApiResult<Vec<ItemRow>> {
        self.require(Permission::Crud(Resource::Items, Action::Read)).await?;
        let inner = self.view().await?;
        let mut rows: Vec<ItemRow> = inner
            .state()
            .items()
            .map(|i| ItemRow {
                id: i.id,
                name: i.name.clone(),
                available_in_partner_center: i.available_in_partner_center,
            })
            .collect();
        rows.sort_by_key(|r| r.name.to_lowercase());
        Ok(rows)
    }

    pub async fn item_create(&self, req: ItemCreateRequest) -> ApiResult<Vec<ItemRow>> {
        self.require(Permission::Crud(Resource::Items, Action::Create)).await?;
        let op = Op::CreateItem {
            id: ItemId::new_v7(),
            name: req.name,
            available_in_partner_center: req.available_in_partner_center,
        };
        self.execute(op).await?;
        self.item_list().await
    }

    /// ITEM-1: the *Available in Partner Center* flag.
    pub async fn item_set_availability(&self, req: ItemAvailabilityRequest) -> ApiResult<Vec<ItemRow>> {
        self.require(Permission::Crud(Resource::Items, Action::Update)).await?;
        let id = ItemId::parse(&req.item_id, "item_id")?;
        self.execute(Op::SetItemAvailability { id, available_in_partner_center: req.available_in_partner_center })
            .await?;
        self.item_list().await
    }

    pub async fn sharing_rule_list(&self) -> ApiResult<Vec<SharingRuleRow>> {
        self.require(Permission::Crud(Resource::Partners, Action::Read)).await?;
        let inner = self.view().await?;
        let mut rows: Vec<SharingRuleRow> = inner.state().sharing_rules().map(|r| rule_row(inner.state(), r)).collect();
        rows.sort_by_key(|r| r.name.to_lowercase());
        Ok(rows)
    }

    /// SHARE-1: create, or edit at the version the editor opened.
    pub async fn sharing_rule_save(&self, req: SharingRuleSaveRequest) -> ApiResult<Vec<SharingRuleRow>> {
        self.require(Permission::Crud(Resource::Partners, Action::Update)).await?;
        self.require(Permission::Special(Special::ManagePartnerAccess)).await?;
        let id = match req.rule_id.as_deref().filter(|t| !t.trim().is_empty()) {
            Some(t) => SharingRuleId::parse(t, "rule_id")?,
            None => SharingRuleId::new_v7(),
        };
        if req.rule_id.is_some() && req.version.is_none() {
            return Err(RuleError::invalid("version", "Editing a rule needs the version it was opened at"));
        }
        let grantee = match req.grantee_kind {
            GranteeKind::Account => Grantee::Account(account_id(&req.grantee_id, "grantee")?),
            GranteeKind::Role => Grantee::Role(HierarchyRoleId::parse(&req.grantee_id, "grantee")?),
        };
        let op = Op::SaveSharingRule {
            id,
            version: req.version,
            name: req.name,
            kind: req.kind,
            source: HierarchyRoleId::parse(&req.source_role_id, "source_role_id")?,
            grantee,
            access: req.access,
        };
        self.execute(op).await?;
        self.sharing_rule_list().await
    }

    pub async fn sharing_rule_delete(&self, req: SharingRuleRef) -> ApiResult<Vec<SharingRuleRow>> {
        self.require(Permission::Crud(Resource::Partners, Action::Update)).await?;
        self.require(Permission::Special(Special::ManagePartnerAccess)).await?;
        self.execute(Op::DeleteSharingRule { id: SharingRuleId::parse(&req.rule_id, "rule_id")? }).await?;
        self.sharing_rule_list().await
    }

    /// What one partner user (or member) sees, and why — the same functions the rules
    /// and the preview use, so the explanation cannot drift from the behaviour. Now, or
    /// (RPT-5, with `at`) as the rules answered at that moment, replayed from the journal
    /// (which needs read on the audit log).
    pub async fn visibility_report(&self, q: VisibilityQuery) -> ApiResult<VisibilityReport> {
        self.require(Permission::Crud(Resource::PartnerUsers, Action::Read)).await?;
        let person = match (q.contact_id.as_deref(), q.member_id.as_deref()) {
            (Some(c), None) => Person::Contact(ContactId::parse(c, "contact_id")?),
            (None, Some(m)) => Person::Member(MemberId::parse(m, "member_id")?),
            _ => return Err(RuleError::invalid("contact_id", "Name exactly one person: a contact or a member")),
        };
        if q.at.is_some() {
            self.require(Permission::Crud(Resource::AuditLog, Action::Read)).await?;
        }
        let field = if q.contact_id.is_some() { "contact_id" } else { "member_id" };
        self.with_state_at(q.at, |state| visibility_of(state, person, q.kind, field)).await?
    }
}

fn visibility_of(
    state: &trellis_core::State,
    person: Person,
    kind: Option<RecordKind>,
    field: &str,
) -> ApiResult<VisibilityReport> {
    {
        let exists = match person {
            Person::Contact(id) => state.contact(id).is_some(),
            Person::Member(id) => state.member(id).is_some(),
        };
        if !exists {
            return Err(RuleError::not_found(field, "No such person"));
        }
        let label = person_label(state, person);
        let Some(v) = viewer(state, person) else {
            return Ok(VisibilityReport {
                person: label,
                scope: "No access: disabled, removed, or on a disabled account — sees nothing".into(),
                total: 0,
                by_kind: Vec::new(),
                rows: Vec::new(),
                items: Vec::new(),
                permissions: Vec::new(),
            });
        };
        let scope = scope_text(state, &v);
        let records = visible_records(state, &v, kind);
        let by_kind = RecordKind::ALL
            .into_iter()
            .map(|kind| KindCount { kind, count: records.iter().filter(|r| r.kind == kind).count() as u32 })
            .filter(|k| k.count > 0)
            .collect();
        let mut shown: Vec<&trellis_core::Record> = records.clone();
        shown.sort_by_cached_key(|r| r.name.to_lowercase());
        let rows = shown
            .into_iter()
            .take(REPORT_ROWS)
            .filter_map(|r| {
                let grant = record_access(state, &v, r)?;
                let seg = &r.segments;
                Some(VisibleRecordRow {
                    name: r.name.clone(),
                    kind: r.kind,
                    segments: [&seg.department, &seg.location, &seg.class]
                        .into_iter()
                        .flatten()
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(" · "),
                    owner: person_label(state, r.owner),
                    write: grant.write,
                    reason: reason_text(state, grant.reason),
                })
            })
            .collect();
        let mut items: Vec<String> = visible_items(state, &v).iter().map(|i| i.name.clone()).collect();
        items.sort();
        Ok(VisibilityReport {
            person: label,
            scope,
            total: records.len() as u32,
            by_kind,
            rows,
            items,
            permissions: v.permissions.iter().map(|p| p.label()).collect(),
        })
    }
}
