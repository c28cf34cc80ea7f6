//! One desktop's view of the shared log: the state, the log position it reflects, and
//! the desktop's own changes that the log does not hold yet.

use super::touch::{accumulate, conflicts, touches, FieldConflict};
use super::{prove, rebase_as, Envelope, Genesis, Logged};
use crate::error::{RuleError, RuleResult};
use crate::event::Event;
use crate::ids::OpId;
use crate::rules::apply;
use crate::state::State;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// An own change applied here and waiting for the log, with the events it produced here.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pending {
    pub envelope: Envelope,
    pub events: Vec<Event>,
}

/// Why an own change was set aside instead of re-applied.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ParkReason {
    /// SYNC-3: with others' changes in, a rule refuses it.
    Refused { error: RuleError },
    /// SYNC-2: someone else changed the same fields to other values.
    Conflict { fields: Vec<FieldConflict> },
}

/// An own change set aside, not applied, until the manager retries or discards it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Parked {
    pub envelope: Envelope,
    /// The events it produced where it was first applied: base → mine.
    pub events: Vec<Event>,
    pub reason: ParkReason,
}

/// What one row of the log did here.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    Applied(Vec<Event>),
    /// Broke a rule, or its actor was not proven, at its place in the log: every desktop
    /// skips it alike, and the audit log shows it refused.
    Skipped(RuleError),
}

/// Everything an integration changed, for the store to persist in one transaction: undo
/// `undone` (newest first), apply `rows`' events, then apply `redone`'s.
#[derive(Clone, Debug, Default)]
pub struct Integration {
    pub undone: Vec<Pending>,
    pub rows: Vec<(Logged, Verdict)>,
    pub acked: Vec<OpId>,
    pub redone: Vec<Pending>,
    pub parked: Vec<Parked>,
    /// Own changes that others' changes made moot (the same values are already there):
    /// settled, nothing left to send.
    pub merged: Vec<OpId>,
}

impl Integration {
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty() && self.parked.is_empty()
    }
}

#[derive(Clone, Debug)]
pub struct Replica {
    pub state: State,
    /// The last log position applied.
    pub head: u64,
    pub genesis: Genesis,
    pub pending: Vec<Pending>,
    pub parked: Vec<Parked>,
}

type Theirs = HashMap<(String, String, String), (Value, Value)>;

impl Replica {
    /// A replica at the end of the published history, whose state is `state`.
    pub fn new(state: State, genesis: Genesis) -> Self {
        Replica { state, head: genesis.head, genesis, pending: Vec::new(), parked: Vec::new() }
    }

    /// An own change: applied at once, pending until the log holds it. `None` when it
    /// would change nothing (then it is neither applied nor sent: re-applied later, on
    /// top of others' changes, it could undo theirs).
    pub fn local(&mut self, envelope: Envelope) -> RuleResult<Option<&Pending>> {
        let events = apply(&self.state, &envelope.actor, &envelope.op)?;
        if effect_free(&events) {
            return Ok(None);
        }
        self.state.commit(&events);
        self.pending.push(Pending { envelope, events });
        Ok(self.pending.last())
    }

    /// Takes in log rows after `head` (others' and own): own pending changes come off,
    /// the rows go underneath, own changes go back on top — merged, or parked.
    pub fn integrate(&mut self, rows: &[Logged]) -> Integration {
        let rows: Vec<&Logged> = rows.iter().filter(|r| r.seq > self.head).collect();
        if rows.is_empty() {
            return Integration::default();
        }
        let undone = std::mem::take(&mut self.pending);
        for p in undone.iter().rev() {
            self.state.revert(&p.events);
        }
        let own: HashSet<OpId> = undone.iter().map(|p| p.envelope.id).collect();
        let mut theirs = Theirs::new();
        let mut out = Integration::default();
        let mut i = 0;
        while i < rows.len() {
            let group = rows[i].envelope.group;
            let mut j = i + 1;
            while group.is_some() && j < rows.len() && rows[j].envelope.group == group {
                j += 1;
            }
            self.apply_rows(&rows[i..j], &own, &mut theirs, &mut out);
            i = j;
        }
        self.head = rows.last().map_or(self.head, |r| r.seq);
        let in_log: HashSet<OpId> = rows.iter().map(|r| r.envelope.id).collect();
        let mut rest = Vec::new();
        for p in &undone {
            if in_log.contains(&p.envelope.id) {
                out.acked.push(p.envelope.id);
                let skipped = out.rows.iter().find_map(|(r, v)| match v {
                    Verdict::Skipped(e) if r.envelope.id == p.envelope.id => Some(e.clone()),
                    _ => None,
                });
                if let Some(error) = skipped {
                    out.parked.push(Parked {
                        envelope: p.envelope.clone(),
                        events: p.events.clone(),
                        reason: ParkReason::Refused { error },
                    });
                }
            } else {
                rest.push(p.clone());
            }
        }
        let (redone, parked, merged) = self.restack(rest, &theirs, None);
        out.redone = redone;
        out.parked.extend(parked);
        out.merged = merged;
        self.parked.extend(out.parked.iter().cloned());
        out.undone = undone;
        out
    }

    /// Applies one row, or a group of rows all together or not at all.
    fn apply_rows(&mut self, rows: &[&Logged], own: &HashSet<OpId>, theirs: &mut Theirs, out: &mut Integration) {
        let mut applied: Vec<Vec<Event>> = Vec::new();
        let mut failure = None;
        for row in rows {
            let result = prove(&self.state, &self.genesis, row)
                .and_then(|_| apply(&self.state, &row.envelope.actor, &row.envelope.op));
            match result {
                Ok(events) => {
                    self.state.commit(&events);
                    applied.push(events);
                }
                Err(e) => {
                    failure = Some(e);
                    break;
                }
            }
        }
        match failure {
            Some(error) => {
                for events in applied.iter().rev() {
                    self.state.revert(events);
                }
                for row in rows {
                    out.rows.push(((*row).clone(), Verdict::Skipped(error.clone())));
                }
            }
            None => {
                for (row, events) in rows.iter().zip(applied) {
                    // Field-level touches only matter when own changes wait to go back on
                    // top; a desktop with nothing pending (a join, a quiet pull) skips them.
                    if !own.is_empty() && !own.contains(&row.envelope.id) {
                        accumulate(theirs, touches(&events));
                    }
                    out.rows.push(((*row).clone(), Verdict::Applied(events)));
                }
            }
        }
    }

    /// Re-applies own changes in order: conflicting ones and refused ones are parked; the
    /// rest are rebased and applied. With `login`, each must also pass the actor proof it
    /// will face in the log.
    fn restack(
        &mut self,
        list: Vec<Pending>,
        theirs: &Theirs,
        login: Option<&str>,
    ) -> (Vec<Pending>, Vec<Parked>, Vec<OpId>) {
        let (mut redone, mut parked, mut merged) = (Vec::new(), Vec::new(), Vec::new());
        for p in list {
            let found = conflicts(&touches(&p.events), theirs);
            if !found.is_empty() {
                parked.push(Parked {
                    envelope: p.envelope,
                    events: p.events,
                    reason: ParkReason::Conflict { fields: found },
                });
                continue;
            }
            let op = rebase_as(&p.envelope.actor, &p.envelope.op, &p.events, &self.state);
            let mut envelope = p.envelope.clone();
            envelope.op = op;
            let proof = match login {
                Some(login) => {
                    let row = Logged { seq: self.head + redone.len() as u64 + 1, login: login.to_owned(), envelope };
                    let r = prove(&self.state, &self.genesis, &row);
                    envelope = row.envelope;
                    r
                }
                None => Ok(()),
            };
            match proof.and_then(|_| apply(&self.state, &envelope.actor, &envelope.op)) {
                Ok(events) if effect_free(&events) => merged.push(envelope.id),
                Ok(events) => {
                    self.state.commit(&events);
                    redone.push(Pending { envelope, events });
                }
                Err(error) => parked.push(Parked {
                    envelope: p.envelope,
                    events: p.events,
                    reason: ParkReason::Refused { error },
                }),
            }
        }
        self.pending = redone.clone();
        (redone, parked, merged)
    }

    /// Before sending: checks every pending change against the proof the log will ask of
    /// it under `login`, parking those that would fail (and what depended on them).
    /// Returns what to persist, like `integrate`.
    pub fn prepare_push(&mut self, login: &str) -> Integration {
        let undone = std::mem::take(&mut self.pending);
        for p in undone.iter().rev() {
            self.state.revert(&p.events);
        }
        let (redone, parked, merged) = self.restack(undone.clone(), &Theirs::new(), Some(login));
        self.parked.extend(parked.iter().cloned());
        Integration { undone, rows: Vec::new(), acked: Vec::new(), redone, parked, merged }
    }

    /// What to send: every pending change, in order.
    pub fn outgoing(&self) -> Vec<Envelope> {
        self.pending.iter().map(|p| p.envelope.clone()).collect()
    }

    /// The log took the first `n` pending changes at positions `head + 1 ..= head + n`,
    /// appended while this replica was at the log's end: nothing to re-apply.
    pub fn acknowledge(&mut self, n: usize) -> Vec<Pending> {
        let n = n.min(self.pending.len());
        self.head += n as u64;
        self.pending.drain(..n).collect()
    }

    /// Keep theirs: drops a parked change.
    pub fn discard(&mut self, id: OpId) -> Option<Parked> {
        let i = self.parked.iter().position(|p| p.envelope.id == id)?;
        Some(self.parked.remove(i))
    }

    /// Apply mine on top: the parked change, rebased onto the current state (its own
    /// fields win), re-checked as a new change under `new_id`. Refused, it stays parked
    /// with the new reason.
    pub fn retry(&mut self, id: OpId, new_id: OpId) -> RuleResult<&Pending> {
        let i = self
            .parked
            .iter()
            .position(|p| p.envelope.id == id)
            .ok_or_else(|| RuleError::not_found("id", format!("No change {id} is waiting for a decision")))?;
        let parked = &self.parked[i];
        let op = rebase_as(&parked.envelope.actor, &parked.envelope.op, &parked.events, &self.state);
        match apply(&self.state, &parked.envelope.actor, &op) {
            Ok(events) if effect_free(&events) => {
                Err(RuleError::rule(Some("id"), "This change is already in place: nothing left to apply"))
            }
            Ok(events) => {
                let parked = self.parked.remove(i);
                self.state.commit(&events);
                let envelope = Envelope { id: new_id, op, ..parked.envelope };
                self.pending.push(Pending { envelope, events });
                Ok(self.pending.last().expect("just pushed"))
            }
            Err(error) => {
                self.parked[i].reason = ParkReason::Refused { error: error.clone() };
                Err(error)
            }
        }
    }
}

/// Whether events change nothing but versions: no entity created or deleted, no field moved.
pub fn effect_free(events: &[Event]) -> bool {
    // Compared as entities with the version set aside (no JSON: this runs on every local
    // change of a shared workspace, bulk role changes of 10,000 members included).
    fn same<T: Clone + PartialEq>(before: &T, after: &T, was: u32, version: fn(&mut T) -> &mut u32) -> bool {
        let mut a = after.clone();
        *version(&mut a) = was;
        a == *before
    }
    events.iter().all(|e| match e {
        Event::WorkspaceSaved { before, after } => before == after,
        Event::MemberSaved { before: Some(b), after } => same(b, after, b.version, |m| &mut m.version),
        Event::RoleSaved { before: Some(b), after } => same(b, after, b.version, |r| &mut r.version),
        Event::HierarchyRoleSaved { before: Some(b), after } => same(b, after, b.version, |r| &mut r.version),
        Event::PartnerAccountSaved { before: Some(b), after } => same(b, after, b.version, |a| &mut a.version),
        Event::ContactSaved { before: Some(b), after } => same(b, after, b.version, |c| &mut c.version),
        Event::RecordSaved { before: Some(b), after } => same(b, after, b.version, |r| &mut r.version),
        Event::ItemSaved { before: Some(b), after } => same(b, after, b.version, |i| &mut i.version),
        Event::SharingRuleSaved { before: Some(b), after } => same(b, after, b.version, |r| &mut r.version),
        Event::DashboardSaved { before: Some(b), after } => same(b, after, b.version, |d| &mut d.version),
        _ => false,
    })
}
