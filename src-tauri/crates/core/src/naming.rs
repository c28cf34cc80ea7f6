//! Names for ids, so that what a manager reads says “Deal Desk”, not a UUID: from the
//! state, or from events that still carry an entity the state no longer holds (a role a
//! draft deletes, one deleted live since) (issue 17, found 6).

use crate::event::Event;
use crate::ids::*;
use crate::state::State;
use uuid::Uuid;

/// The name of whatever has id `id`, quoted (“…”), or an email for a person.
pub fn name_of(state: &State, events: &[Event], id: Uuid) -> Option<String> {
    let quoted = |n: &str| format!("“{n}”");
    if let Some(r) = state.role(RoleId(id)) {
        return Some(quoted(&r.name));
    }
    if let Some(m) = state.member(MemberId(id)) {
        return Some(m.email.clone());
    }
    if let Some(c) = state.contact(ContactId(id)) {
        return Some(c.email.clone());
    }
    if let Some(a) = state.account(PartnerAccountId(id)) {
        return Some(quoted(&a.name));
    }
    if let Some(h) = state.hierarchy_role(HierarchyRoleId(id)) {
        return Some(quoted(&h.name));
    }
    if let Some(r) = state.sharing_rule(SharingRuleId(id)) {
        return Some(quoted(&r.name));
    }
    if let Some(d) = state.dashboard(DashboardId(id)) {
        return Some(quoted(&d.name));
    }
    if let Some(i) = state.item(ItemId(id)) {
        return Some(quoted(&i.name));
    }
    if let Some(r) = state.record(RecordId(id)) {
        return Some(quoted(&r.name));
    }
    events.iter().rev().find_map(|e| match e {
        Event::RoleSaved { after: r, .. } | Event::RoleDeleted { before: r } if r.id.0 == id => Some(quoted(&r.name)),
        Event::HierarchyRoleSaved { after: h, .. } | Event::HierarchyRoleDeleted { before: h } if h.id.0 == id => {
            Some(quoted(&h.name))
        }
        Event::SharingRuleSaved { after: r, .. } | Event::SharingRuleDeleted { before: r } if r.id.0 == id => {
            Some(quoted(&r.name))
        }
        Event::DashboardSaved { after: d, .. } | Event::DashboardDeleted { before: d } if d.id.0 == id => {
            Some(quoted(&d.name))
        }
        Event::MemberSaved { after: m, .. } if m.id.0 == id => Some(m.email.clone()),
        Event::ContactSaved { after: c, .. } if c.id.0 == id => Some(c.email.clone()),
        Event::PartnerAccountSaved { after: a, .. } if a.id.0 == id => Some(quoted(&a.name)),
        _ => None,
    })
}

/// `message` with every UUID in it replaced by the name of what it identifies, where one
/// is known; unknown ids stay as they are.
pub fn name_ids(message: &str, state: &State, events: &[Event]) -> String {
    const LEN: usize = 36;
    let bytes = message.as_bytes();
    let mut out = String::with_capacity(message.len());
    let mut i = 0;
    let mut copied = 0;
    while i + LEN <= bytes.len() {
        // Checked as bytes first: only an all-ASCII window may be sliced as a string.
        let shaped = bytes[i..i + LEN].iter().enumerate().all(|(k, b)| match k {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        });
        if shaped {
            let candidate = &message[i..i + LEN];
            if let Some(name) = Uuid::parse_str(candidate).ok().and_then(|u| name_of(state, events, u)) {
                out.push_str(&message[copied..i]);
                out.push_str(&name);
                i += LEN;
                copied = i;
                continue;
            }
        }
        // Step one character (messages are UTF-8: never split one).
        i += message[i..].chars().next().map_or(1, char::len_utf8);
    }
    out.push_str(&message[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Builtin;

    #[test]
    fn ids_become_names_and_unknown_ones_stay() {
        let mut state = State::new();
        let op = crate::op::Op::CreateWorkspace {
            name: "Acme".into(),
            owner: MemberId(Uuid::now_v7()),
            owner_name: "Olivia".into(),
            owner_email: "olivia@acme.test".into(),
            at: 1,
        };
        crate::rules::apply_and_commit(&mut state, &crate::op::Actor::Bootstrap, &op).unwrap();
        let admin = Builtin::Admin.id();
        let unknown = Uuid::now_v7();
        let text = format!("No role with id {} — or {unknown} — “ünïcode” {}", admin, admin);
        let named = name_ids(&text, &state, &[]);
        assert_eq!(named, format!("No role with id “Admin” — or {unknown} — “ünïcode” “Admin”"));
    }
}
