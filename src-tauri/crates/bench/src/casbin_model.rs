//! The same access model, written for casbin: RBAC for permissions (people → roles →
//! permissions) and the role hierarchy for record visibility (a person sees the records
//! of people strictly below their hierarchy role, and their own).
//!
//! casbin is asked about the record's *owner* (we hand it the record → owner lookup for
//! free), and only the hierarchy rule; Trellis answers the full question — read
//! permission, partner restriction, sharing rules — so the comparison favours casbin.

use casbin::prelude::*;
use trellis_core::permissions::Permission;
use trellis_core::{Person, State};

const PERMISSION_MODEL: &str = r#"
[request_definition]
r = sub, obj, act

[policy_definition]
p = sub, obj, act

[role_definition]
g = _, _

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = g(r.sub, p.sub) && r.obj == p.obj && r.act == p.act
"#;

/// casbin-rs evaluates every `g`-style function over one shared role graph, so the two
/// relations live in separate name spaces of it: `h:<role>` nodes form the hierarchy
/// (person → role → parent, transitive: "at or below"), and `d:<role>` nodes have no links
/// out (person → d:role means "sits exactly at"). "Strictly below" = below and not at.
const VISIBILITY_MODEL: &str = r#"
[request_definition]
r = sub, obj

[policy_definition]
p = sub, dsub

[role_definition]
g = _, _

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = r.sub == r.obj || (g(r.sub, p.dsub) && g(r.obj, p.sub) && !g(r.obj, p.dsub))
"#;

pub fn person_key(p: Person) -> String {
    match p {
        Person::Member(id) => format!("m:{id}"),
        Person::Contact(id) => format!("c:{id}"),
    }
}

fn people(state: &State) -> impl Iterator<Item = (Person, Option<trellis_core::HierarchyRoleId>)> + '_ {
    state
        .members()
        .map(|m| (Person::Member(m.id), state.position(Person::Member(m.id))))
        .chain(state.contacts().map(|c| (Person::Contact(c.id), state.position(Person::Contact(c.id)))))
}

async fn enforcer(model: &str, policy: String) -> Enforcer {
    let model = DefaultModel::from_str(model).await.expect("casbin model");
    Enforcer::new(model, StringAdapter::new(policy)).await.expect("casbin enforcer")
}

/// Roles as subjects of permission policies; people linked to the roles they hold.
pub async fn permission_enforcer(state: &State) -> Enforcer {
    let mut policy = String::new();
    for role in state.roles() {
        for p in role.permissions.iter() {
            if let Permission::Crud(resource, action) = p {
                policy.push_str(&format!("p, r:{}, {}, {}\n", role.id, resource.key(), action.key()));
            }
        }
    }
    for m in state.members() {
        if let Some(r) = m.role {
            policy.push_str(&format!("g, m:{}, r:{r}\n", m.id));
        }
    }
    for c in state.contacts() {
        if let Some(a) = c.access.as_ref().filter(|a| a.enabled) {
            policy.push_str(&format!("g, c:{}, r:{}\n", c.id, a.portal_role));
            policy.push_str(&format!("g, c:{}, r:{}\n", c.id, a.admin_role));
            if let Some(agent) = a.agent_role {
                policy.push_str(&format!("g, c:{}, r:{agent}\n", c.id));
            }
        }
    }
    enforcer(PERMISSION_MODEL, policy).await
}

/// One policy per hierarchy role ("people at this role see below it"), the hierarchy,
/// and each person's position in both name spaces.
pub async fn visibility_enforcer(state: &State) -> Enforcer {
    let mut policy = String::new();
    for role in state.hierarchy_roles() {
        policy.push_str(&format!("p, h:{0}, d:{0}\n", role.id));
        if let Some(parent) = role.parent {
            policy.push_str(&format!("g, h:{}, h:{parent}\n", role.id));
        }
    }
    for (person, node) in people(state) {
        if let Some(node) = node {
            let key = person_key(person);
            policy.push_str(&format!("g, {key}, h:{node}\n"));
            policy.push_str(&format!("g, {key}, d:{node}\n"));
        }
    }
    enforcer(VISIBILITY_MODEL, policy).await
}
