//! RPT-4: access-review campaigns. Starting, deciding and completing are ops (journalled,
//! synced, checked on every desktop); completing also builds a draft from the decisions
//! (`review_draft`), so their effect is seen, four eyes apply, and publishing is one entry.
//! Reviews are live only: a member with a draft open starts and decides them live.

use crate::engine::{internal, now, Trellis};
use crate::ApiResult;
use std::collections::HashMap;
use trellis_core::model::Audience;
use trellis_core::reviews::{roles_now, Review, ReviewItem, ReviewPeople, ReviewStatus, Verdict};
use trellis_core::wire::*;
use trellis_core::{Actor, MemberId, Millis, Op, PartnerAccountId, Person, ReviewId, RoleId, RuleError, State};

/// Items shown on one page unless the caller asks for fewer.
const PAGE: u32 = 100;
const MAX_PAGE: u32 = 1000;

/// What the journal says about people's access, read incrementally (RPT-4's items).
#[derive(Default)]
pub(crate) struct Facts {
    seq: i64,
    /// Who last gave or changed each person's access, and when.
    given: HashMap<Person, (Millis, String)>,
    /// Each member's last desktop sign-in on this desktop.
    pub(crate) signed_in: HashMap<MemberId, Millis>,
    /// Each partner user's last portal sign-in, as the last sync learnt it.
    pub(crate) portal: HashMap<Person, Millis>,
    /// Each member's newest change (not a sign-in): what "unused powers" looks at.
    pub(crate) changed: HashMap<MemberId, Millis>,
    /// When each campaign's reviewers were last reminded.
    pub(crate) reminded: HashMap<ReviewId, Millis>,
}

impl Facts {
    pub(crate) fn given(&self, p: Person) -> Option<&(Millis, String)> {
        self.given.get(&p)
    }
}

pub(crate) type FactsCache = tokio::sync::Mutex<Facts>;

fn parse_ids<T>(list: &[String], field: &str, parse: fn(&str, &str) -> ApiResult<T>) -> ApiResult<Vec<T>> {
    list.iter().filter(|t| !t.trim().is_empty()).map(|t| parse(t, field)).collect()
}

fn review_id(text: &str) -> ApiResult<ReviewId> {
    ReviewId::parse(text, "review_id")
}

fn member_name(state: &State, id: MemberId) -> String {
    state.member(id).map(|m| m.display_name().to_owned()).unwrap_or_default()
}

fn role_name(state: &State, id: RoleId) -> String {
    state.role(id).map(|r| r.name.clone()).unwrap_or_else(|| "a deleted role".to_owned())
}

/// A parsed item filter.
struct Filter {
    search: String,
    accounts: Vec<PartnerAccountId>,
    roles: Vec<RoleId>,
    mine: bool,
    decision: Option<Option<&'static str>>,
    changed: bool,
}

fn verdict_key(v: Option<Verdict>) -> Option<&'static str> {
    v.map(|v| match v {
        Verdict::Keep => "keep",
        Verdict::Revoke => "revoke",
        Verdict::ChangeRole(_) => "change",
    })
}

fn filter_of(f: &ReviewItemFilter) -> ApiResult<Filter> {
    let decision = match f.decision.as_deref().map(str::trim) {
        None | Some("") | Some("all") => None,
        Some("undecided") => Some(None),
        Some("keep") => Some(Some("keep")),
        Some("revoke") => Some(Some("revoke")),
        Some("change") => Some(Some("change")),
        Some(other) => {
            return Err(RuleError::invalid(
                "decision",
                format!(
                    "'{}' is not a decision: use undecided, keep, revoke or change",
                    trellis_core::validate::shorten(other)
                ),
            ))
        }
    };
    Ok(Filter {
        search: f.search.trim().to_lowercase(),
        accounts: parse_ids(&f.account_ids, "account_ids", PartnerAccountId::parse)?,
        roles: parse_ids(&f.role_ids, "role_ids", RoleId::parse)?,
        mine: f.mine,
        decision,
        changed: f.changed,
    })
}

fn name_email(state: &State, p: Person) -> (String, String) {
    match p {
        Person::Member(id) => state.member(id).map(|m| (m.display_name().to_owned(), m.email.clone())),
        Person::Contact(id) => state.contact(id).map(|c| (c.name.clone(), c.email.clone())),
    }
    .unwrap_or_default()
}

fn decides(review: &Review, item: &ReviewItem, me: MemberId) -> bool {
    item.reviewer == me || review.fallback == me
}

fn matches(state: &State, review: &Review, item: &ReviewItem, f: &Filter, me: MemberId) -> bool {
    if f.mine && !decides(review, item, me) {
        return false;
    }
    if !f.accounts.is_empty() && !item.account.is_some_and(|a| f.accounts.contains(&a)) {
        return false;
    }
    if !f.roles.is_empty() && !item.roles.iter().any(|r| f.roles.contains(r)) {
        return false;
    }
    if let Some(d) = f.decision {
        if verdict_key(item.decision.as_ref().map(|d| d.verdict)) != d {
            return false;
        }
    }
    if f.changed && roles_now(state, item.person) == item.roles {
        return false;
    }
    if !f.search.is_empty() {
        let (name, email) = name_email(state, item.person);
        if !name.to_lowercase().contains(&f.search) && !email.to_lowercase().contains(&f.search) {
            return false;
        }
    }
    true
}

fn scope_words(state: &State, r: &Review) -> String {
    let mut out = match r.scope.people {
        ReviewPeople::PartnerUsers => "Partner users".to_owned(),
        ReviewPeople::Members => "Members".to_owned(),
        ReviewPeople::Everyone => "Members and partner users".to_owned(),
    };
    if !r.scope.accounts.is_empty() {
        let names: Vec<String> = r
            .scope
            .accounts
            .iter()
            .map(|a| state.account(*a).map(|a| a.name.clone()).unwrap_or_else(|| "a deleted account".into()))
            .collect();
        out.push_str(&format!(" of {}", names.join(", ")));
    }
    if !r.scope.roles.is_empty() {
        let names: Vec<String> = r.scope.roles.iter().map(|id| role_name(state, *id)).collect();
        out.push_str(&format!(", holding {}", names.join(" or ")));
    }
    if r.scope.changed_only {
        out.push_str(", whose access changed since their last review");
    }
    out
}

/// Whether `me` may complete `r` (the rules decide; this only says so in the window).
fn can_complete(state: &State, r: &Review, me: MemberId) -> bool {
    let probe = Op::CompleteReview { review: r.id, at: r.started_at + 1 };
    trellis_core::apply(state, &Actor::Member(me), &probe).is_ok()
}

pub(crate) fn review_row(state: &State, r: &Review, me: MemberId, at: Millis) -> ReviewRow {
    let mut counts = ReviewCounts::default();
    let mut mine_undecided = 0;
    for i in state.reviews().items(r.id) {
        counts.items += 1;
        match i.decision.as_ref().map(|d| d.verdict) {
            None => {
                counts.undecided += 1;
                if decides(r, i, me) {
                    mine_undecided += 1;
                }
            }
            Some(Verdict::Keep) => counts.keep += 1,
            Some(Verdict::Revoke) => counts.revoke += 1,
            Some(Verdict::ChangeRole(_)) => counts.change += 1,
        }
    }
    ReviewRow {
        id: r.id,
        name: r.name.clone(),
        people: r.scope.people,
        scope: scope_words(state, r),
        changed_only: r.scope.changed_only,
        due: r.due,
        overdue: r.status == ReviewStatus::Open && at > r.due,
        due_soon: r.status == ReviewStatus::Open
            && at <= r.due
            && r.due - at <= crate::review_reminders::DUE_SOON_DAYS * 24 * 3600 * 1000,
        reminded_at: None,
        status: r.status,
        started_by: member_name(state, r.started_by),
        started_at: r.started_at,
        fallback: member_name(state, r.fallback),
        completed_by: r.completed_by.map(|m| member_name(state, m)),
        completed_at: r.completed_at,
        counts,
        mine_undecided,
        can_complete: r.status == ReviewStatus::Open && can_complete(state, r, me),
    }
}

fn decision_row(state: &State, item: &ReviewItem) -> Option<ReviewDecisionRow> {
    item.decision.as_ref().map(|d| ReviewDecisionRow {
        verdict: d.verdict,
        role: match d.verdict {
            Verdict::ChangeRole(r) => Some(role_name(state, r)),
            _ => None,
        },
        comment: d.comment.clone(),
        by: member_name(state, d.by),
        at: d.at,
    })
}

impl Trellis {
    pub(crate) fn me(actor: &Actor) -> ApiResult<MemberId> {
        match actor {
            Actor::Member(m) => Ok(*m),
            _ => Err(RuleError::forbidden("Only a member of the workspace takes part in access reviews")),
        }
    }

    /// Running a campaign needs the right to change some access (the rules then ask for
    /// exactly what its scope covers).
    pub(crate) async fn require_review_runner(&self) -> ApiResult<()> {
        use trellis_core::{Action, Permission, Resource};
        let perms = self.session_permissions().await?;
        let any = [Resource::Members, Resource::PartnerUsers]
            .iter()
            .any(|r| perms.contains(Permission::Crud(*r, Action::Update)));
        if !any {
            return Err(RuleError::forbidden(
                "Your role does not allow this: running an access review needs the permission to update members or partner users",
            ));
        }
        Ok(())
    }

    /// Reviews are live: refused inside an open draft, naming it.
    fn live_review(&self) -> ApiResult<()> {
        self.require_live().map_err(|_| {
            RuleError::rule(Some("draft"), "Access reviews happen live: leave the draft to start or decide one")
        })
    }

    pub async fn review_start(&self, req: ReviewStartRequest) -> ApiResult<ReviewRow> {
        self.require_review_runner().await?;
        self.live_review()?;
        let actor = self.actor().await?;
        let me = Self::me(&actor)?;
        let scope = trellis_core::reviews::ReviewScope {
            people: req.people,
            accounts: parse_ids(&req.account_ids, "account_ids", PartnerAccountId::parse)?,
            roles: parse_ids(&req.role_ids, "role_ids", RoleId::parse)?,
            changed_only: req.changed_only,
        };
        let fallback = match req.fallback_id.as_deref().filter(|t| !t.trim().is_empty()) {
            Some(t) => Some(MemberId::parse(t, "fallback")?),
            None => None,
        };
        let id = ReviewId::new_v7();
        let at = now();
        self.execute(Op::StartReview { id, name: req.name, scope, due: req.due, fallback, at }).await?;
        let inner = self.read().await;
        let r = inner.state.reviews().review(id).ok_or_else(|| internal("the review just started is missing"))?;
        Ok(review_row(&inner.state, r, me, now()))
    }

    /// Every campaign, newest first.
    pub async fn review_list(&self) -> ApiResult<Vec<ReviewRow>> {
        let me = Self::me(&self.actor().await?)?;
        let reminded = self.reminded().await?;
        let inner = self.read().await;
        let at = now();
        let row = |r: &trellis_core::reviews::Review| ReviewRow {
            reminded_at: reminded.get(&r.id).copied(),
            ..review_row(&inner.state, r, me, at)
        };
        Ok(inner.state.reviews().all().map(row).collect())
    }

    /// The journal's facts, brought up to date.
    pub(crate) async fn facts(&self) -> ApiResult<tokio::sync::MutexGuard<'_, Facts>> {
        let mut facts = self.review_facts.lock().await;
        let read = self.store().access_facts(facts.seq).await.map_err(internal)?;
        for (kind, id, at, by) in read.given {
            let Ok(uuid) = uuid::Uuid::parse_str(&id) else { continue };
            let person = match kind.as_str() {
                "member" => Person::Member(MemberId(uuid)),
                _ => Person::Contact(trellis_core::ContactId(uuid)),
            };
            facts.given.insert(person, (at, by));
        }
        for (actor, at) in read.sign_ins {
            if let Ok(Actor::Member(m)) = serde_json::from_str::<Actor>(&actor) {
                facts.signed_in.insert(m, at);
            }
        }
        for (actor, at) in read.changes {
            if let Ok(Actor::Member(m)) = serde_json::from_str::<Actor>(&actor) {
                let newest = facts.changed.entry(m).or_insert(at);
                *newest = (*newest).max(at);
            }
        }
        for (id, at) in read.reminded {
            if let Ok(id) = ReviewId::parse(&id, "review_id") {
                facts.reminded.insert(id, at);
            }
        }
        facts.seq = read.seq;
        facts.portal = self
            .store()
            .portal_sign_ins()
            .await
            .map_err(internal)?
            .into_iter()
            .filter_map(|(id, at)| {
                uuid::Uuid::parse_str(&id).ok().map(|u| (Person::Contact(trellis_core::ContactId(u)), at))
            })
            .collect();
        Ok(facts)
    }

    /// One page of a campaign's items that `filter` matches, with what a reviewer needs.
    pub async fn review_items(&self, q: ReviewItemsQuery) -> ApiResult<ReviewItemsPage> {
        let me = Self::me(&self.actor().await?)?;
        let id = review_id(&q.review_id)?;
        let f = filter_of(&q.filter)?;
        let limit = q.limit.unwrap_or(PAGE).clamp(1, MAX_PAGE) as usize;
        let perms = self.session_permissions().await?;
        let facts = self.facts().await?;
        let inner = self.read().await;
        let state = &inner.state;
        let review = state.reviews().find(id)?;
        // A reviewer sees the items they decide; others' only with read on those people.
        let reads = |p: Person| {
            let resource = match p {
                Person::Member(_) => trellis_core::Resource::Members,
                Person::Contact(_) => trellis_core::Resource::PartnerUsers,
            };
            perms.contains(trellis_core::Permission::Crud(resource, trellis_core::Action::Read))
        };
        let mut total = 0u32;
        let mut rows = Vec::new();
        let shown = state
            .reviews()
            .items(id)
            .filter(|i| (decides(review, i, me) || reads(i.person)) && matches(state, review, i, &f, me));
        for item in shown {
            total += 1;
            if total as usize <= q.offset as usize || rows.len() >= limit {
                continue;
            }
            let (name, email) = name_email(state, item.person);
            let now_roles = roles_now(state, item.person);
            let perms = now_roles
                .iter()
                .filter_map(|r| state.role(*r))
                .fold(trellis_core::PermissionSet::EMPTY, |s, r| s.union(r.permissions));
            let given = facts.given.get(&item.person);
            let last_sign_in = match item.person {
                Person::Member(m) => facts.signed_in.get(&m).copied(),
                p => facts.portal.get(&p).copied(),
            };
            rows.push(ReviewItemRow {
                person: item.person,
                name,
                email,
                account: item
                    .account
                    .and_then(|a| state.account(a))
                    .map_or_else(|| "Internal (members)".to_owned(), |a| a.name.clone()),
                roles: item.roles.iter().map(|r| ReviewRoleRef { id: *r, name: role_name(state, *r) }).collect(),
                changed: now_roles != item.roles,
                reviewer: member_name(state, item.reviewer),
                mine: decides(review, item, me),
                last_sign_in,
                given_at: given.map(|g| g.0),
                given_by: given.map(|g| g.1.clone()),
                permissions: perms.keys(),
                decision: decision_row(state, item),
            });
        }
        let mut roles: Vec<ReviewRoleChoice> = state
            .roles()
            .into_iter()
            .filter(|r| match review.scope.people {
                ReviewPeople::Members => r.audience == Audience::Internal,
                ReviewPeople::PartnerUsers => r.audience == Audience::Partner,
                ReviewPeople::Everyone => true,
            })
            .map(|r| ReviewRoleChoice {
                id: r.id,
                name: r.name.clone(),
                audience: if r.audience == Audience::Internal { "internal" } else { "partner" }.to_owned(),
            })
            .collect();
        roles.sort_by_key(|r| r.name.to_lowercase());
        Ok(ReviewItemsPage { review: review_row(state, review, me, now()), total, offset: q.offset, rows, roles })
    }

    /// Keep, revoke or change: for the people named, or for every item the filter matches
    /// that the signed-in member reviews (a bulk decision is one op, one journal entry).
    pub async fn review_decide(&self, req: ReviewDecideRequest) -> ApiResult<ReviewDecided> {
        self.live_review()?;
        let me = Self::me(&self.actor().await?)?;
        let id = review_id(&req.review_id)?;
        let verdict = match (req.verdict.trim(), req.role_id.as_deref().filter(|t| !t.trim().is_empty())) {
            ("keep", _) => Verdict::Keep,
            ("revoke", _) => Verdict::Revoke,
            ("change", Some(role)) => Verdict::ChangeRole(RoleId::parse(role, "role_id")?),
            ("change", None) => return Err(RuleError::invalid("role_id", "Choose the role to change to")),
            (other, _) => {
                return Err(RuleError::invalid(
                    "verdict",
                    format!(
                        "'{}' is not a decision: use keep, revoke or change",
                        trellis_core::validate::shorten(other)
                    ),
                ))
            }
        };
        let people = match (&req.filter, req.people.is_empty()) {
            (Some(_), false) => {
                return Err(RuleError::invalid("people", "Name the people, or give a filter — not both"));
            }
            (None, true) => return Err(RuleError::invalid("people", "Choose at least one person to decide for")),
            (None, false) => req.people.clone(),
            (Some(filter), true) => {
                let f = Filter { mine: true, ..filter_of(filter)? };
                let inner = self.read().await;
                let state = &inner.state;
                let review = state.reviews().find(id)?;
                let list: Vec<Person> =
                    state.reviews().items(id).filter(|i| matches(state, review, i, &f, me)).map(|i| i.person).collect();
                if list.is_empty() {
                    return Err(RuleError::invalid("filter", "No item you review matches this filter"));
                }
                list
            }
        };
        let events =
            self.execute(Op::DecideReview { review: id, people, verdict, comment: req.comment, at: now() }).await?;
        let inner = self.read().await;
        let r = inner.state.reviews().review(id).ok_or_else(|| internal("the review is missing"))?;
        Ok(ReviewDecided { decided: events.len() as u32, review: review_row(&inner.state, r, me, now()) })
    }
}
