//! DRAFT-3, DRAFT-5: publishing a draft — every change re-checked, in order, as the
//! publisher, against the state it lands on; all of them or none.

use crate::access::{active_member, require};
use crate::error::{RuleError, RuleResult};
use crate::event::Event;
use crate::ids::MemberId;
use crate::model::MemberStatus;
use crate::op::{Actor, Op};
use crate::permissions::{Action, Permission, Resource};
use crate::state::State;
use crate::validate;

pub struct Publication<'a> {
    pub name: &'a str,
    pub author: MemberId,
    pub approver: Option<MemberId>,
    pub editors: &'a [MemberId],
    pub ops: &'a [Op],
}

pub fn publish(state: &State, actor: &Actor, p: Publication) -> RuleResult<Vec<Event>> {
    active_member(state, actor)?;
    validate::name("name", "Draft name", p.name)?;
    if p.ops.is_empty() {
        return Err(RuleError::rule(Some("draft"), "This draft has no changes to publish"));
    }
    if state.workspace().is_some_and(|w| w.four_eyes) {
        let approver = p.approver.ok_or_else(|| {
            RuleError::rule(
                Some("approval"),
                "This workspace asks for four eyes: another manager must approve the draft before it is published",
            )
        })?;
        if approver == p.author {
            return Err(RuleError::rule(Some("approval"), "A draft's author cannot approve it (four eyes)"));
        }
        if p.editors.contains(&approver) {
            return Err(RuleError::rule(
                Some("approval"),
                "The manager who approved this draft made one of its changes: another manager must approve it (four eyes)",
            ));
        }
        let still = state.member(approver).is_some_and(|m| m.status == MemberStatus::Active);
        if !still
            || require(state, &Actor::Member(approver), Permission::Crud(Resource::Roles, Action::Update)).is_err()
        {
            return Err(RuleError::rule(
                Some("approval"),
                "The manager who approved this draft may no longer edit roles: it needs a new approval",
            ));
        }
    }
    let n = p.ops.len();
    let mut events = Vec::new();
    // Later changes are checked against the state the earlier ones leave; the copy is
    // made only when there is a later change.
    let mut scratch: Option<State> = None;
    for (i, op) in p.ops.iter().enumerate() {
        if !op.draftable() {
            return Err(RuleError::invalid(
                "ops",
                format!("Change {} of {n} ({}) cannot be part of a draft", i + 1, op.action()),
            ));
        }
        let current = scratch.as_ref().unwrap_or(state);
        let produced = super::apply(current, actor, op).map_err(|e| RuleError {
            message: format!(
                "Change {} of {n} ({}): {}",
                i + 1,
                crate::draft::describe(current, op),
                crate::naming::name_ids(&e.message, current, &events)
            ),
            ..e
        })?;
        if i + 1 < n {
            scratch.get_or_insert_with(|| state.clone()).commit(&produced);
        }
        events.extend(produced);
    }
    Ok(events)
}
