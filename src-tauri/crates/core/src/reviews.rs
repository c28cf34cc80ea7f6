//! RPT-4: access reviews. A campaign names who is in scope, who reviews each partner
//! account's people and by when; every person in scope is an item whose access someone
//! confirms (keep), ends (revoke) or changes (another role). Decisions are ops, so they are
//! made offline and sync like every other change; completing a campaign hands its
//! revocations and changes to a draft (the command layer), so their effect is seen before
//! anything applies. An item nobody decided never changes by itself.
//!
//! Items are chosen here, from the state alone, so every desktop replaying a `StartReview`
//! gets the same items.

use crate::ids::{MemberId, Millis, PartnerAccountId, ReviewId, RoleId};
use crate::model::{Builtin, MemberStatus};
use crate::records::Person;
use crate::state::State;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

/// Whose access a campaign reviews.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReviewPeople {
    #[default]
    PartnerUsers,
    Members,
    Everyone,
}

impl ReviewPeople {
    pub fn partners(self) -> bool {
        matches!(self, ReviewPeople::PartnerUsers | ReviewPeople::Everyone)
    }
    pub fn members(self) -> bool {
        matches!(self, ReviewPeople::Members | ReviewPeople::Everyone)
    }
}

/// The people a campaign covers: a kind of person, narrowed to some partner accounts
/// and to holders of some roles (empty lists narrow nothing).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReviewScope {
    pub people: ReviewPeople,
    #[serde(default)]
    pub accounts: Vec<PartnerAccountId>,
    #[serde(default)]
    pub roles: Vec<RoleId>,
    /// Only people whose roles changed since a completed review last decided them (or
    /// whom none did).
    #[serde(default)]
    pub changed_only: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReviewStatus {
    Open,
    Completed,
}

/// A campaign's header; its items are kept apart (there may be tens of thousands).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Review {
    pub id: ReviewId,
    pub name: String,
    pub scope: ReviewScope,
    /// When decisions are due (Unix ms). Nothing happens by itself at that moment.
    #[ts(type = "number")]
    pub due: Millis,
    /// Reviews the items of accounts whose owner cannot, and every member's item.
    pub fallback: MemberId,
    pub started_by: MemberId,
    #[ts(type = "number")]
    pub started_at: Millis,
    pub status: ReviewStatus,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_by: Option<MemberId>,
    #[ts(type = "number | null")]
    #[serde(default)]
    pub completed_at: Option<Millis>,
    pub version: u32,
}

/// What a reviewer decided for one person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(tag = "verdict", content = "role", rename_all = "snake_case")]
pub enum Verdict {
    Keep,
    Revoke,
    /// Replace the role of this one's group (portal, agent or admin; a member's role).
    ChangeRole(RoleId),
}

impl Verdict {
    pub fn changes_access(self) -> bool {
        !matches!(self, Verdict::Keep)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Decision {
    pub verdict: Verdict,
    pub comment: String,
    pub by: MemberId,
    #[ts(type = "number")]
    pub at: Millis,
}

/// One person's access under review.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReviewItem {
    pub review: ReviewId,
    pub person: Person,
    /// A partner user's account (none for members).
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<PartnerAccountId>,
    pub reviewer: MemberId,
    /// The roles they held when the campaign started.
    pub roles: Vec<RoleId>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<Decision>,
}

impl ReviewItem {
    pub fn key(&self) -> (ReviewId, Person) {
        (self.review, self.person)
    }
}

/// Every campaign and its items, as the state keeps them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Reviews {
    reviews: BTreeMap<ReviewId, Review>,
    items: BTreeMap<(ReviewId, Person), ReviewItem>,
}

impl Reviews {
    pub fn review(&self, id: ReviewId) -> Option<&Review> {
        self.reviews.get(&id)
    }

    /// The campaign `id`, or the refusal that names `review_id`.
    pub fn find(&self, id: ReviewId) -> crate::error::RuleResult<&Review> {
        self.review(id)
            .ok_or_else(|| crate::error::RuleError::not_found("review_id", format!("No review with id {id}")))
    }

    /// Newest first (ids are UUIDv7).
    pub fn all(&self) -> impl Iterator<Item = &Review> {
        self.reviews.values().rev()
    }

    pub fn item(&self, review: ReviewId, person: Person) -> Option<&ReviewItem> {
        self.items.get(&(review, person))
    }

    /// A campaign's items, in person order.
    pub fn items(&self, review: ReviewId) -> impl Iterator<Item = &ReviewItem> {
        let lo = (review, Person::Member(MemberId(uuid::Uuid::nil())));
        self.items.range(lo..).take_while(move |(k, _)| k.0 == review).map(|(_, v)| v)
    }

    pub fn all_items(&self) -> impl Iterator<Item = &ReviewItem> {
        self.items.values()
    }

    pub(crate) fn put(&mut self, review: Review) {
        self.reviews.insert(review.id, review);
    }
    pub(crate) fn drop(&mut self, id: ReviewId) {
        self.reviews.remove(&id);
    }
    pub(crate) fn put_item(&mut self, item: ReviewItem) {
        self.items.insert(item.key(), item);
    }
    pub(crate) fn drop_item(&mut self, key: (ReviewId, Person)) {
        self.items.remove(&key);
    }
}

/// An item's id where one text names it (the journal, sync's touches).
pub fn item_key(item: &ReviewItem) -> String {
    let person = match item.person {
        Person::Member(id) => format!("member:{id}"),
        Person::Contact(id) => format!("contact:{id}"),
    };
    format!("{}/{person}", item.review)
}

/// The roles `person` holds now, in a stable order; none when they have no access.
pub fn roles_now(state: &State, person: Person) -> Vec<RoleId> {
    match person {
        Person::Member(id) => match state.member(id) {
            Some(m) if m.status == MemberStatus::Active => m.role.into_iter().collect(),
            _ => Vec::new(),
        },
        Person::Contact(id) => match state.contact(id).and_then(|c| c.access.as_ref()).filter(|a| a.enabled) {
            Some(a) => {
                let mut out = vec![a.portal_role];
                out.extend(a.agent_role);
                if a.admin_role != Builtin::NoAdmin.id() {
                    out.push(a.admin_role);
                }
                out
            }
            None => Vec::new(),
        },
    }
}

/// Whether `member` may review: an active member of the workspace.
pub fn can_review(state: &State, member: MemberId) -> bool {
    state.member(member).is_some_and(|m| m.status == MemberStatus::Active)
}

/// The roles `person` held when a completed campaign last decided their access (an item
/// left undecided confirmed nothing).
fn last_reviewed(state: &State, person: Person) -> Option<&[RoleId]> {
    let reviews = state.reviews();
    reviews
        .all()
        .filter(|r| r.status == ReviewStatus::Completed)
        .find_map(|r| reviews.item(r.id, person).filter(|i| i.decision.is_some()))
        .map(|i| i.roles.as_slice())
}

/// The items a campaign with `scope` starts with: everyone in scope who holds access now.
pub fn choose_items(state: &State, id: ReviewId, scope: &ReviewScope, fallback: MemberId) -> Vec<ReviewItem> {
    let mut out = Vec::new();
    let in_roles = |roles: &[RoleId]| scope.roles.is_empty() || roles.iter().any(|r| scope.roles.contains(r));
    let changed = |person: Person, roles: &[RoleId]| {
        !scope.changed_only || last_reviewed(state, person).is_none_or(|was| was != roles)
    };
    if scope.people.members() && scope.accounts.is_empty() {
        for m in state.members() {
            let person = Person::Member(m.id);
            let roles = roles_now(state, person);
            if roles.is_empty() || !in_roles(&roles) || !changed(person, &roles) {
                continue;
            }
            out.push(ReviewItem { review: id, person, account: None, reviewer: fallback, roles, decision: None });
        }
    }
    if scope.people.partners() {
        for c in state.contacts() {
            if !scope.accounts.is_empty() && !scope.accounts.contains(&c.account) {
                continue;
            }
            let person = Person::Contact(c.id);
            let roles = roles_now(state, person);
            if roles.is_empty() || !in_roles(&roles) || !changed(person, &roles) {
                continue;
            }
            let owner = state.account(c.account).map(|a| a.owner).filter(|o| can_review(state, *o));
            let reviewer = owner.unwrap_or(fallback);
            out.push(ReviewItem { review: id, person, account: Some(c.account), reviewer, roles, decision: None });
        }
    }
    out.sort_by_key(|i| i.person);
    out
}
