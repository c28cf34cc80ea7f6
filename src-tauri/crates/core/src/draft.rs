//! Drafts (DRAFT-1, DRAFT-3, DRAFT-5): a named list of changes kept over the live state,
//! affecting nobody until published.
//!
//! A draft records each change with the events it produced where it was made. Its state
//! is always the *current* live state with its changes replayed on top, each rebased the
//! way sync rebases a change (`sync::rebase`: the fields it changed win, the rest is
//! live). A field the draft changed that live has changed too since is a conflict: the
//! manager sees base / live / draft and rebases the draft before publishing it.

use crate::error::RuleError;
use crate::event::Event;
use crate::ids::{DraftId, MemberId, Millis, OpId};
use crate::op::{Actor, Op};
use crate::state::State;
use crate::sync::{accumulate, rebase, touches, FieldConflict};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use ts_rs::TS;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DraftStatus {
    Editing,
    Published,
    Discarded,
}

/// Who did something to a draft, and when.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub by: MemberId,
    pub at: Millis,
}

/// One change in a draft, with the events it produced where it was made.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Step {
    pub id: OpId,
    pub by: MemberId,
    pub at: Millis,
    pub op: Op,
    pub events: Vec<Event>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub id: DraftId,
    pub name: String,
    pub description: String,
    pub author: MemberId,
    pub created_at: Millis,
    pub updated_at: Millis,
    pub status: DraftStatus,
    /// Published or discarded: by whom, when.
    pub closed: Option<Stamp>,
    /// DRAFT-5: cleared by any edit.
    pub approval: Option<Stamp>,
    /// The journal entry that published it.
    pub published_seq: Option<i64>,
    /// The live journal position the draft was last based on (created or rebased).
    pub base_seq: i64,
    pub steps: Vec<Step>,
}

impl Draft {
    pub fn new(id: DraftId, name: String, description: String, author: MemberId, at: Millis, base_seq: i64) -> Draft {
        Draft {
            id,
            name,
            description,
            author,
            created_at: at,
            updated_at: at,
            status: DraftStatus::Editing,
            closed: None,
            approval: None,
            published_seq: None,
            base_seq,
            steps: Vec::new(),
        }
    }

    /// A refusal unless the draft can still be edited, naming `field`.
    pub fn require_editing(&self, field: &str) -> Result<(), RuleError> {
        match self.status {
            DraftStatus::Editing => Ok(()),
            DraftStatus::Published => Err(RuleError::rule(
                Some(field),
                format!("The draft '{}' was published: it can no longer change", self.name),
            )),
            DraftStatus::Discarded => Err(RuleError::rule(
                Some(field),
                format!("The draft '{}' was discarded: it can no longer change", self.name),
            )),
        }
    }
}

/// A draft replayed over the live state.
#[derive(Clone, Debug)]
pub struct Replayed {
    /// Live with the draft's changes on top (up to the first that no longer applies).
    pub state: State,
    /// Each change as it would be published now (rebased onto live).
    pub ops: Vec<Op>,
    /// Everything the draft changes relative to live, in order.
    pub events: Vec<Event>,
    /// Fields the draft changed that live changed too since the draft's base.
    pub conflicts: Vec<FieldConflict>,
    /// The first change that no longer applies, and why.
    pub broken: Option<(usize, RuleError)>,
}

/// Replays `draft` over `live`.
pub fn replay(live: &State, draft: &Draft) -> Replayed {
    let mut state = live.clone();
    let (mut ops, mut events, mut broken) = (Vec::new(), Vec::new(), None);
    for (i, step) in draft.steps.iter().enumerate() {
        let op = rebase(&step.op, &step.events, &state);
        match crate::apply(&state, &Actor::Member(step.by), &op) {
            Ok(produced) => {
                state.commit(&produced);
                events.extend(produced);
                ops.push(op);
            }
            Err(e) => {
                let all: Vec<Event> = draft.steps.iter().flat_map(|s| s.events.iter().cloned()).collect();
                let message = crate::naming::name_ids(&e.message, &state, &all);
                broken = Some((i, RuleError { message, ..e }));
                break;
            }
        }
    }
    Replayed { state, ops, events, conflicts: conflicts_with_live(live, draft), broken }
}

/// The draft with each change re-recorded against live as it is now: conflicts are
/// settled in the draft's favour (the manager saw them), versions move to live's.
/// `Err` names the first change that no longer applies.
pub fn rebased(live: &State, draft: &Draft) -> Result<Draft, RuleError> {
    let mut state = live.clone();
    let mut out = draft.clone();
    for (i, step) in out.steps.iter_mut().enumerate() {
        let op = rebase(&step.op, &step.events, &state);
        let produced = crate::apply(&state, &Actor::Member(step.by), &op).map_err(|e| RuleError {
            message: format!(
                "Change {} ({}) no longer applies: {}",
                i + 1,
                describe_with(&state, &step.op, &step.events),
                crate::naming::name_ids(&e.message, &state, &step.events)
            ),
            ..e
        })?;
        state.commit(&produced);
        step.op = op;
        step.events = produced;
    }
    Ok(out)
}

/// Fields the draft changed whose live value is no longer the one the draft started from.
pub fn conflicts_with_live(live: &State, draft: &Draft) -> Vec<FieldConflict> {
    let mut created: HashSet<(String, String)> = HashSet::new();
    let mut fields: HashMap<(String, String, String), (Value, Value)> = HashMap::new();
    let mut labels: HashMap<(String, String), String> = HashMap::new();
    let mut order: Vec<(String, String, String)> = Vec::new();
    for step in &draft.steps {
        for (kind, id) in creations(&step.events) {
            created.insert((kind.to_owned(), id));
        }
        let list = touches(&step.events);
        for t in &list {
            let key = (t.kind.to_owned(), t.id.clone(), t.field.clone());
            if !fields.contains_key(&key) {
                order.push(key);
            }
            labels.entry((t.kind.to_owned(), t.id.clone())).or_insert_with(|| t.label.clone());
        }
        accumulate(&mut fields, list);
    }
    let mut out = Vec::new();
    let mut earlier: HashSet<(String, String, String)> = HashSet::new();
    for key in order {
        let (kind, id, field) = &key;
        earlier.insert(key.clone());
        if created.contains(&(kind.clone(), id.clone())) {
            continue;
        }
        // A field inside an object the draft itself set first (access given, then its
        // `enabled` changed) started from the draft's value, not live's.
        let inside_own =
            field.match_indices('.').any(|(i, _)| earlier.contains(&(kind.clone(), id.clone(), field[..i].to_owned())));
        if inside_own {
            continue;
        }
        let (base, mine) = &fields[&key];
        let now = match entity(live, kind, id) {
            Some(mut v) if field.is_empty() => {
                strip_version(&mut v);
                let mut b = base.clone();
                strip_version(&mut b);
                if v == b {
                    continue;
                }
                v
            }
            Some(v) => {
                let now = field_value(&v, field);
                if now == *base {
                    continue;
                }
                now
            }
            None => Value::String("(deleted)".into()),
        };
        out.push(FieldConflict {
            kind: kind.clone(),
            id: id.clone(),
            label: labels.get(&(kind.clone(), id.clone())).cloned().unwrap_or_default(),
            field: field.clone(),
            base: base.clone(),
            theirs: now,
            mine: mine.clone(),
        });
    }
    out
}

/// A field as `touches` names it: permissions count one by one (`permissions.leads.read`
/// is whether the list holds it).
fn field_value(entity: &Value, field: &str) -> Value {
    match field.strip_prefix("permissions.") {
        Some(key) => {
            Value::Bool(entity.get("permissions").and_then(Value::as_array).is_some_and(|l| l.iter().any(|p| p == key)))
        }
        None => crate::sync::value_at(entity, field),
    }
}

fn strip_version(v: &mut Value) {
    if let Value::Object(map) = v {
        map.remove("version");
    }
}

/// Entities the events created (kind and id as `touches` names them).
fn creations(events: &[Event]) -> Vec<(&'static str, String)> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::MemberSaved { before: None, after } => Some(("member", after.id.to_string())),
            Event::RoleSaved { before: None, after } => Some(("role", after.id.to_string())),
            Event::HierarchyRoleSaved { before: None, after } => Some(("hierarchy_role", after.id.to_string())),
            Event::PartnerAccountSaved { before: None, after } => Some(("partner_account", after.id.to_string())),
            Event::ContactSaved { before: None, after } => Some(("contact", after.id.to_string())),
            Event::RecordSaved { before: None, after } => Some(("record", after.id.to_string())),
            Event::ItemSaved { before: None, after } => Some(("item", after.id.to_string())),
            Event::SharingRuleSaved { before: None, after } => Some(("sharing_rule", after.id.to_string())),
            Event::DashboardSaved { before: None, after } => Some(("dashboard", after.id.to_string())),
            _ => None,
        })
        .collect()
}

/// The live entity `touches` calls `kind`/`id`, as JSON.
fn entity(state: &State, kind: &str, id: &str) -> Option<Value> {
    fn json<T: Serialize>(v: &T) -> Option<Value> {
        serde_json::to_value(v).ok()
    }
    let uuid = uuid::Uuid::parse_str(id).ok();
    match kind {
        "workspace" => state.workspace().and_then(json),
        "member" => state.member(crate::MemberId(uuid?)).and_then(json),
        "role" => state.role(crate::RoleId(uuid?)).and_then(json),
        "hierarchy_role" => state.hierarchy_role(crate::HierarchyRoleId(uuid?)).and_then(json),
        "partner_account" => state.account(crate::PartnerAccountId(uuid?)).and_then(json),
        "contact" => state.contact(crate::ContactId(uuid?)).and_then(json),
        "record" => state.record(crate::RecordId(uuid?)).and_then(json),
        "item" => state.item(crate::ItemId(uuid?)).and_then(json),
        "sharing_rule" => state.sharing_rule(crate::SharingRuleId(uuid?)).and_then(json),
        "dashboard" => state.dashboard(crate::DashboardId(uuid?)).and_then(json),
        _ => None,
    }
}

/// A change in words, for the draft's list and for refusals ("Change 2 of 5 (…)").
pub fn describe(state: &State, op: &Op) -> String {
    describe_with(state, op, &[])
}

/// As [`describe`], naming also what `state` no longer holds but `events` carry (a draft's
/// step describes itself with its own events: "Delete role “Deal Desk”", not "a role").
pub fn describe_with(state: &State, op: &Op, events: &[Event]) -> String {
    let named = |id: uuid::Uuid| crate::naming::name_of(state, events, id);
    let role = |id: crate::ids::RoleId| named(id.0).unwrap_or_else(|| "a role".to_owned());
    let member = |id| state.member(id).map_or_else(|| "a member".to_owned(), |m| m.email.clone());
    let contact = |id| state.contact(id).map_or_else(|| "a partner user".to_owned(), |c| c.email.clone());
    let account = |id| state.account(id).map_or_else(|| "an account".to_owned(), |a| format!("“{}”", a.name));
    let place = |id: crate::ids::HierarchyRoleId| named(id.0).unwrap_or_else(|| "a hierarchy role".to_owned());
    match op {
        Op::ChangeRoles { members, role: to } => {
            let to = to.map_or_else(|| "no role".to_owned(), role);
            match members.as_slice() {
                [one] => format!("Give {} the role {to}", member(*one)),
                many => format!("Move {} members to {to}", many.len()),
            }
        }
        Op::CreateRole { name, .. } => format!("Create role “{name}”"),
        Op::UpdateRole { id, name, .. } => {
            let was = state.role(*id).map(|r| r.name.clone()).unwrap_or_default();
            if was.is_empty() || was == *name {
                format!("Edit role “{name}”")
            } else {
                format!("Edit role “{was}” (renamed “{name}”)")
            }
        }
        Op::CloneRole { source, name, .. } => format!("Clone {} as “{name}”", role(*source)),
        Op::DeleteRole { id } => format!("Delete role {}", role(*id)),
        Op::CreateHierarchyRole { name, .. } => format!("Create hierarchy role “{name}”"),
        Op::SetMemberHierarchyRole { member: m, role: r } => {
            format!("Place {} at {}", member(*m), r.map_or_else(|| "no hierarchy role".to_owned(), place))
        }
        Op::GiveAccess { contact: c, .. } => format!("Give {} portal access", contact(*c)),
        Op::RevokeAccess { contact: c } => format!("Revoke {}'s portal access", contact(*c)),
        Op::UpdateAccess { contact: c, .. } => format!("Change {}'s partner roles", contact(*c)),
        // RPT-4's findings: an account nobody uses any more.
        Op::DisablePartnerAccount { id } => format!("Disable the partner account {}", account(*id)),
        Op::ChangeAccountOwner { id, owner, .. } => format!("Make {} the owner of {}", member(*owner), account(*id)),
        Op::SetLicenceShare { id, share: Some(n), .. } => format!("Give {} a share of {n} licence(s)", account(*id)),
        Op::SetLicenceShare { id, share: None, .. } => format!("Take {}'s licence share away", account(*id)),
        Op::AddPartnerHierarchyRole { account: a, .. } => format!("Add a partner role to {}", account(*a)),
        Op::DeletePartnerHierarchyRoles { account: a, roles, .. } => {
            format!("Delete {} partner role(s) of {}", roles.len(), account(*a))
        }
        Op::SetItemAvailability { id, available_in_partner_center } => {
            let item = state.item(*id).map_or_else(|| "an item".to_owned(), |i| format!("“{}”", i.name));
            let how = if *available_in_partner_center { "available in" } else { "hidden from" };
            format!("Make {item} {how} Partner Center")
        }
        Op::SaveSharingRule { name, version: None, .. } => format!("Create sharing rule “{name}”"),
        Op::SaveSharingRule { name, .. } => format!("Edit sharing rule “{name}”"),
        Op::DeleteSharingRule { id } => {
            let rule = named(id.0).unwrap_or_else(|| "a sharing rule".to_owned());
            format!("Delete sharing rule {rule}")
        }
        Op::SaveDashboard { id, version, name, roles, publish_to, .. } => {
            // The step's own events say what it was before (`state` may already be after).
            let before = events.iter().find_map(|e| match e {
                Event::DashboardSaved { before: Some(b), .. } if b.id == *id => Some(b),
                _ => None,
            });
            let was_published = before.or_else(|| state.dashboard(*id)).is_some_and(|d| d.published());
            if roles.is_empty() {
                match version {
                    None => format!("Create dashboard “{name}” (not published)"),
                    Some(_) if was_published => format!("Withdraw dashboard “{name}”"),
                    Some(_) => format!("Edit dashboard “{name}”"),
                }
            } else {
                let to: Vec<String> = roles.iter().map(|r| role(*r)).collect();
                let only =
                    if *publish_to == crate::dashboards::PublishTo::NewUsersOnly { " (new users only)" } else { "" };
                format!("Publish dashboard “{name}” to {}{only}", to.join(", "))
            }
        }
        Op::DeleteDashboard { id, .. } => {
            let d = named(id.0).unwrap_or_else(|| "a dashboard".to_owned());
            format!("Delete dashboard {d}")
        }
        other => other.action().to_owned(),
    }
}
