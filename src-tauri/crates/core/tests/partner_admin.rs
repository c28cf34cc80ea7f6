//! ROLE-6, PC-1..PC-5, PA-4: one role per group, agent and admin roles, and the Microsoft
//! walkthrough — a partner's own Global admin or User management admin adds users, within
//! the account and its subpartners, never beyond their own permissions.
mod support;

use support::*;
use trellis_core::partners::AccessRoles;
use trellis_core::*;

fn access(portal: Builtin, agent: Option<Builtin>, admin: Option<Builtin>) -> AccessRoles {
    AccessRoles { portal_role: portal.id(), agent_role: agent.map(Builtin::id), admin_role: admin.map(Builtin::id) }
}

fn give_with(n: u128, roles: AccessRoles, subpartners: bool) -> Op {
    Op::GiveAccess {
        contact: cid(n),
        roles,
        hierarchy_role: None,
        branch: [hid(100 + n * 3), hid(101 + n * 3), hid(102 + n * 3)],
        can_grant_subpartners: subpartners,
        invitation: None,
    }
}

fn add_user(n: u128, account: PartnerAccountId, roles: AccessRoles) -> Op {
    Op::AddPartnerUser {
        contact: cid(n),
        account,
        name: format!("New {n}"),
        email: format!("new{n}@partner.test"),
        roles,
        hierarchy_role: None,
        branch: [hid(200 + n * 3), hid(201 + n * 3), hid(202 + n * 3)],
        invitation: None,
    }
}

/// Globex (with a Global admin, contact 1) and its enabled subpartner Globex Resellers;
/// Initech, unrelated.
fn world() -> World {
    let mut w = partner_world(20);
    w.run(
        w.owner,
        give_with(
            1,
            access(Builtin::AdvancedPartnerCenter, Some(Builtin::AdminAgent), Some(Builtin::GlobalAdmin)),
            false,
        ),
    )
    .unwrap();
    for (n, name, parent) in [(2, "Globex Resellers", Some(aid(1))), (3, "Initech", None)] {
        let op = Op::CreatePartnerAccount {
            id: aid(n),
            name: name.into(),
            kind: AccountKind::Business,
            owner: mid(0),
            parent,
        };
        w.run(w.owner, op).unwrap();
        w.run(w.owner, Op::EnablePartnerAccount { id: aid(n) }).unwrap();
    }
    w
}

#[test]
fn pc1_defaults_to_no_admin_and_role6_one_role_per_group() {
    let mut w = world();
    w.run(w.owner, give(2, Builtin::StandardPartnerCenter, Some(w.state.branch_of(aid(1))[2].id))).unwrap();
    let a = w.state.contact(cid(2)).unwrap().access.clone().unwrap();
    assert_eq!(a.admin_role, Builtin::NoAdmin.id(), "PC-1: No admin by default");
    assert_eq!(a.agent_role, None);
    // A role from the wrong group, in each slot, is refused naming the slot.
    let bad_agent = AccessRoles {
        agent_role: Some(Builtin::StandardPartnerCenter.id()),
        ..access(Builtin::StandardPartnerCenter, None, None)
    };
    let mut op = give_with(3, bad_agent, false);
    if let Op::GiveAccess { hierarchy_role, .. } = &mut op {
        *hierarchy_role = Some(w.state.branch_of(aid(1))[2].id);
    }
    w.refused(w.owner, op, ErrorCode::Rule, Some("agent_role_id"));
    let bad_admin = access(Builtin::StandardPartnerCenter, None, Some(Builtin::SalesAgent));
    w.refused(w.owner, give_with(3, bad_admin, false), ErrorCode::Rule, Some("admin_role_id"));
    let internal = access(Builtin::Admin, None, None);
    w.refused(w.owner, give_with(3, internal, false), ErrorCode::Rule, Some("portal_role_id"));
}

#[test]
fn pc4_a_global_admin_adds_users_to_their_own_account_within_their_permissions() {
    let mut w = world();
    let admin = Actor::Partner(cid(1));
    w.run(admin, add_user(10, aid(1), access(Builtin::StandardPartnerCenter, Some(Builtin::SalesAgent), None)))
        .unwrap();
    let c = w.state.contact(cid(10)).unwrap();
    assert_eq!(c.account, aid(1));
    assert!(c.has_access(), "PC-5: added with access, consuming a licence");
    assert_eq!(w.state.licences_in_use(), 2);
    // Not in an unrelated account.
    w.refused(
        admin,
        add_user(11, aid(3), access(Builtin::StandardPartnerCenter, None, None)),
        ErrorCode::Forbidden,
        Some("account_id"),
    );
    // Not in a subpartner unless allowed to give login access to subpartners (PA-4).
    w.refused(
        admin,
        add_user(11, aid(2), access(Builtin::StandardPartnerCenter, None, None)),
        ErrorCode::Forbidden,
        Some("account_id"),
    );
    // The email is unique, the name required.
    let mut dup = add_user(12, aid(1), access(Builtin::StandardPartnerCenter, None, None));
    if let Op::AddPartnerUser { email, .. } = &mut dup {
        *email = "c2@globex.test".into();
    }
    w.refused(admin, dup, ErrorCode::Conflict, Some("email"));
}

#[test]
fn pa4_with_the_subpartner_flag_an_admin_reaches_subpartners() {
    let mut w = world();
    let c = w.state.contact(cid(1)).unwrap();
    let op = Op::UpdateAccess {
        contact: cid(1),
        version: c.version,
        roles: access(Builtin::AdvancedPartnerCenter, Some(Builtin::AdminAgent), Some(Builtin::GlobalAdmin)),
        hierarchy_role: c.access.as_ref().unwrap().hierarchy_role,
        can_grant_subpartners: true,
    };
    w.run(w.owner, op).unwrap();
    let admin = Actor::Partner(cid(1));
    w.run(admin, add_user(11, aid(2), access(Builtin::StandardPartnerCenter, None, None))).unwrap();
    assert_eq!(w.state.contact(cid(11)).unwrap().account, aid(2));
    // HIER-1 applies there too: the subpartner's branch was created for its first user.
    assert_eq!(w.state.branch_of(aid(2)).len(), 3);
    w.refused(
        admin,
        add_user(12, aid(3), access(Builtin::StandardPartnerCenter, None, None)),
        ErrorCode::Forbidden,
        Some("account_id"),
    );
}

#[test]
fn pc4_only_user_admins_add_users_and_never_beyond_their_own_permissions() {
    let mut w = world();
    let user = w.state.branch_of(aid(1))[2].id;
    // Contact 2: Standard Partner Center + User management admin.
    let mut op = give_with(2, access(Builtin::StandardPartnerCenter, None, Some(Builtin::UserManagementAdmin)), false);
    if let Op::GiveAccess { hierarchy_role, .. } = &mut op {
        *hierarchy_role = Some(user);
    }
    w.run(w.owner, op).unwrap();
    // Contact 3: no admin role.
    let mut op = give_with(3, access(Builtin::AdvancedPartnerCenter, None, None), false);
    if let Op::GiveAccess { hierarchy_role, .. } = &mut op {
        *hierarchy_role = Some(user);
    }
    w.run(w.owner, op).unwrap();
    w.refused(
        Actor::Partner(cid(3)),
        add_user(20, aid(1), access(Builtin::StandardPartnerCenter, None, None)),
        ErrorCode::Forbidden,
        None,
    );
    let manager = Actor::Partner(cid(2));
    // Advanced Partner Center carries lead permissions the user admin lacks.
    let err = w.refused(
        manager,
        add_user(21, aid(1), access(Builtin::AdvancedPartnerCenter, None, None)),
        ErrorCode::Forbidden,
        Some("roles"),
    );
    assert!(err.message.contains("do not hold"), "{}", err.message);
    w.run(manager, add_user(22, aid(1), access(Builtin::StandardPartnerCenter, None, None))).unwrap();
    // Members use Give access; partner actors cannot run the channel team's ops.
    w.refused(
        w.owner,
        add_user(23, aid(1), access(Builtin::StandardPartnerCenter, None, None)),
        ErrorCode::Forbidden,
        None,
    );
    w.refused(manager, Op::EnablePartnerAccount { id: aid(3) }, ErrorCode::Forbidden, None);
    // A revoked admin loses the power at once.
    w.run(w.owner, Op::RevokeAccess { contact: cid(2) }).unwrap();
    w.refused(
        manager,
        add_user(24, aid(1), access(Builtin::StandardPartnerCenter, None, None)),
        ErrorCode::Forbidden,
        None,
    );
}
