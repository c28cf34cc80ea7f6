//! RPT-1: activity records — a call, email, meeting or task with a customer — logged and
//! edited by the partner users and members who did them.

use super::records::{self, NewRecord};
use crate::error::{RuleError, RuleResult};
use crate::event::Event;
use crate::ids::{Millis, RecordId};
use crate::op::Actor;
use crate::records::{ActivityFacts, Person, RecordKind};
use crate::state::State;
use crate::visibility::{record_access, viewer};

/// 2000-01-01 and 2100-01-01 (UTC): an activity outside them is a typing mistake.
const EARLIEST: Millis = 946_684_800_000;
const LATEST: Millis = 4_102_444_800_000;

/// The facts as they will be stored: a plausible time, and a customer the actor can see.
/// A customer the actor may not see is answered like one that does not exist (HIER-2).
fn facts_checked(state: &State, actor: &Actor, facts: &ActivityFacts) -> RuleResult<ActivityFacts> {
    if !(EARLIEST..LATEST).contains(&facts.at) {
        return Err(RuleError::invalid("at", "The activity's date must be between the years 2000 and 2099"));
    }
    if let Some(id) = facts.customer {
        let missing = || RuleError::not_found("customer_id", format!("No customer with id {id}"));
        let customer = state.record(id).filter(|r| r.kind == RecordKind::Customer).ok_or_else(missing)?;
        let person = match *actor {
            Actor::Partner(me) => Some(Person::Contact(me)),
            Actor::Member(me) => Some(Person::Member(me)),
            Actor::Bootstrap => None,
        };
        if let Some(person) = person {
            let sees = viewer(state, person).is_some_and(|v| record_access(state, &v, customer).is_some());
            if !sees {
                return Err(missing());
            }
        }
    }
    Ok(*facts)
}

/// Logged like any record of kind Activity (who may create one, and for whom), with its facts.
pub fn log(state: &State, actor: &Actor, new: NewRecord, facts: &ActivityFacts) -> RuleResult<Vec<Event>> {
    let mut events = records::create_record(state, actor, new)?;
    let facts = facts_checked(state, actor, facts)?;
    if let Some(Event::RecordSaved { after, .. }) = events.first_mut() {
        after.activity = Some(facts);
    }
    Ok(events)
}

/// Subject, type, time and customer, at the version the editor opened; the subject follows
/// the record-name rules and the rights are those of renaming the record (read/write access for partner users, update permission for members).
pub fn edit(
    state: &State,
    actor: &Actor,
    id: RecordId,
    version: u32,
    subject: &str,
    facts: &ActivityFacts,
) -> RuleResult<Vec<Event>> {
    let before = state
        .record(id)
        .filter(|r| r.kind == RecordKind::Activity)
        .ok_or_else(|| RuleError::not_found("record_id", format!("No activity with id {id}")))?;
    let segments = before.segments.clone();
    let edit = records::RecordEdit { id, version, name: subject, segments: &segments };
    let events = records::update_record(state, actor, edit)?;
    let facts = facts_checked(state, actor, facts)?;
    let mut events = match events {
        events if !events.is_empty() => events,
        _ => {
            // Same subject: the rights and version were checked; only the facts may change.
            if before.activity.as_ref() == Some(&facts) {
                return Ok(vec![]);
            }
            let mut after = before.clone();
            after.version += 1;
            vec![Event::RecordSaved { before: Some(before.clone()), after }]
        }
    };
    if let Some(Event::RecordSaved { after, .. }) = events.first_mut() {
        after.activity = Some(facts);
    }
    Ok(events)
}
