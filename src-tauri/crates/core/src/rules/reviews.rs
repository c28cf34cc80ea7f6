//! RPT-4: starting an access review, deciding its items, completing it.

use crate::access::{active_member, require};
use crate::error::{RuleError, RuleResult};
use crate::event::Event;
use crate::ids::{MemberId, Millis, ReviewId};
use crate::model::Audience;
use crate::op::Actor;
use crate::permissions::{Action, Permission, Resource, Special};
use crate::records::Person;
use crate::reviews::{can_review, choose_items, Decision, Review, ReviewScope, ReviewStatus, Verdict};
use crate::state::State;
use crate::validate;

/// 2000-01-01 and 2100-01-01 (UTC).
const EARLIEST: Millis = 946_684_800_000;
const LATEST: Millis = 4_102_444_800_000;
/// A comment explains a decision; a page of text is not one.
pub const MAX_COMMENT: usize = 1000;

/// Running a campaign over someone's access needs the right to change that access.
fn require_run(state: &State, actor: &Actor, scope: &ReviewScope) -> RuleResult<MemberId> {
    let me = active_member(state, actor)?.id;
    if scope.people.partners() {
        require(state, actor, Permission::Crud(Resource::PartnerUsers, Action::Update))?;
        require(state, actor, Permission::Special(Special::ManagePartnerAccess))?;
    }
    if scope.people.members() {
        require(state, actor, Permission::Crud(Resource::Members, Action::Update))?;
    }
    Ok(me)
}

pub struct Start<'a> {
    pub id: ReviewId,
    pub name: &'a str,
    pub scope: &'a ReviewScope,
    pub due: Millis,
    pub fallback: Option<MemberId>,
    pub at: Millis,
}

pub fn start(state: &State, actor: &Actor, s: Start) -> RuleResult<Vec<Event>> {
    let me = require_run(state, actor, s.scope)?;
    let name = validate::name("name", "Review name", s.name)?;
    let key = validate::name_key(&name);
    if state.reviews().all().any(|r| validate::name_key(&r.name) == key) {
        return Err(RuleError::conflict("name", format!("A review named '{name}' already exists")));
    }
    if state.reviews().review(s.id).is_some() {
        return Err(RuleError::conflict("id", "That review id is already used"));
    }
    if !(EARLIEST..LATEST).contains(&s.due) {
        return Err(RuleError::invalid("due", "The due date must be between the years 2000 and 2099"));
    }
    if s.due <= s.at {
        return Err(RuleError::invalid("due", "The due date must be in the future"));
    }
    let fallback = s.fallback.unwrap_or(me);
    if !can_review(state, fallback) {
        return Err(RuleError::not_found("fallback", "The fallback reviewer must be an active member"));
    }
    for a in &s.scope.accounts {
        if state.account(*a).is_none() {
            return Err(RuleError::not_found("accounts", format!("No partner account with id {a}")));
        }
    }
    if !s.scope.accounts.is_empty() && !s.scope.people.partners() {
        return Err(RuleError::invalid("accounts", "Partner accounts narrow a review of partner users"));
    }
    for r in &s.scope.roles {
        if state.role(*r).is_none() {
            return Err(RuleError::not_found("roles", format!("No role with id {r}")));
        }
    }
    let items = choose_items(state, s.id, s.scope, fallback);
    if items.is_empty() {
        let why = if s.scope.changed_only { " whose access changed since their last review" } else { "" };
        return Err(RuleError::rule(
            Some("scope"),
            format!("Nobody in this scope holds access{why}: nothing to review"),
        ));
    }
    let review = Review {
        id: s.id,
        name,
        scope: s.scope.clone(),
        due: s.due,
        fallback,
        started_by: me,
        started_at: s.at,
        status: ReviewStatus::Open,
        completed_by: None,
        completed_at: None,
        version: 1,
    };
    let mut events = Vec::with_capacity(items.len() + 1);
    events.push(Event::ReviewSaved { before: None, after: review });
    events.extend(items.into_iter().map(|after| Event::ReviewItemSaved { before: None, after }));
    Ok(events)
}

fn open_review(state: &State, id: ReviewId) -> RuleResult<&Review> {
    let review = state.reviews().find(id)?;
    if review.status != ReviewStatus::Open {
        return Err(RuleError::rule(
            Some("review_id"),
            format!("'{}' is completed: its decisions can no longer change", review.name),
        ));
    }
    Ok(review)
}

fn person_label(state: &State, p: Person) -> String {
    match p {
        Person::Member(id) => state.member(id).map(|m| m.display_name().to_owned()).unwrap_or_else(|| id.to_string()),
        Person::Contact(id) => state.contact(id).map(|c| c.name.clone()).unwrap_or_else(|| id.to_string()),
    }
}

pub struct Decide<'a> {
    pub review: ReviewId,
    pub people: &'a [Person],
    pub verdict: Verdict,
    pub comment: &'a str,
    pub at: Millis,
}

/// RPT-4: the reviewer of each item (its account's owner, or the fallback reviewer)
/// decides it; the fallback reviewer may decide any. Deciding again replaces the decision.
pub fn decide(state: &State, actor: &Actor, d: Decide) -> RuleResult<Vec<Event>> {
    let me = active_member(state, actor)?.id;
    let review = open_review(state, d.review)?;
    if d.people.is_empty() {
        return Err(RuleError::invalid("people", "Choose at least one person to decide for"));
    }
    let comment = d.comment.trim();
    if comment.chars().count() > MAX_COMMENT {
        return Err(RuleError::invalid("comment", format!("A comment holds at most {MAX_COMMENT} characters")));
    }
    if comment.chars().any(|c| c.is_control() && c != '\n') {
        return Err(RuleError::invalid("comment", "A comment cannot hold control characters"));
    }
    let new_role = match d.verdict {
        Verdict::ChangeRole(r) => {
            Some(state.role(r).ok_or_else(|| RuleError::not_found("role_id", format!("No role with id {r}")))?)
        }
        _ => None,
    };
    let mut events = Vec::with_capacity(d.people.len());
    let mut seen = std::collections::HashSet::with_capacity(d.people.len());
    // A person named twice is decided once (the second would repeat the first's event).
    for p in d.people.iter().filter(|p| seen.insert(**p)) {
        let item = state.reviews().item(review.id, *p).ok_or_else(|| {
            RuleError::not_found("people", format!("{} is not part of '{}'", person_label(state, *p), review.name))
        })?;
        if item.reviewer != me && review.fallback != me {
            let reviewer = state.member(item.reviewer).map(|m| m.display_name().to_owned()).unwrap_or_default();
            return Err(RuleError::forbidden(format!(
                "You do not review {}'s access: {reviewer} does (or the fallback reviewer)",
                person_label(state, *p)
            )));
        }
        if let Some(role) = new_role {
            let wanted = if matches!(p, Person::Member(_)) { Audience::Internal } else { Audience::Partner };
            if role.audience != wanted {
                let whose = if wanted == Audience::Internal { "a member" } else { "a partner user" };
                return Err(RuleError::rule(Some("role_id"), format!("'{}' is not a role for {whose}", role.name)));
            }
        }
        let decision = Decision { verdict: d.verdict, comment: comment.to_owned(), by: me, at: d.at };
        if item.decision.as_ref().is_some_and(|was| was.verdict == d.verdict && was.comment == decision.comment) {
            continue;
        }
        let mut after = item.clone();
        after.decision = Some(decision);
        events.push(Event::ReviewItemSaved { before: Some(item.clone()), after });
    }
    Ok(events)
}

/// RPT-4: completing closes the campaign for decisions; the command layer turns its
/// revocations and changes into a draft. Undecided items stay as they are.
pub fn complete(state: &State, actor: &Actor, id: ReviewId, at: Millis) -> RuleResult<Vec<Event>> {
    let review = open_review(state, id)?;
    let me = require_run(state, actor, &review.scope)?;
    let mut after = review.clone();
    after.status = ReviewStatus::Completed;
    after.completed_by = Some(me);
    after.completed_at = Some(at);
    after.version += 1;
    Ok(vec![Event::ReviewSaved { before: Some(review.clone()), after }])
}
