//! PORT-5: the portal service's database login appends partner users' changes. A row it
//! appended counts only for a partner user with portal access at that point of the log;
//! a member's change, or a partner user's without access, is forged wherever it is read.
mod support;

use support::*;
use trellis_core::sync::{credential_writer_ok, prove, CredentialKind, Envelope, Genesis, Logged};
use trellis_core::*;

const PORTAL: &str = "trellis_portal";

fn world() -> World {
    let mut w = partner_world(10);
    w.run(w.owner, give(1, Builtin::AdvancedPartnerCenter, None)).unwrap();
    w.run(w.owner, Op::SetDatabaseLogin { member: mid(0), login: Some("olivia".into()) }).unwrap();
    w.run(w.owner, Op::SetPortalLogin { login: Some(PORTAL.into()) }).unwrap();
    w
}

fn row(login: &str, actor: Actor, via: Option<MemberId>) -> Logged {
    let op = Op::CreateRecord {
        id: RecordId::new_v7(),
        kind: RecordKind::Lead,
        name: "From the portal".into(),
        owner: Person::Contact(cid(1)),
        segments: Default::default(),
    };
    Logged {
        seq: 10,
        login: login.into(),
        envelope: Envelope { id: OpId::new_v7(), actor, via, at: T0, group: None, op },
    }
}

fn genesis() -> Genesis {
    Genesis { head: 1, login: "olivia".into() }
}

#[test]
fn port5_a_partner_user_with_access_is_proven_by_the_portal_login() {
    let w = world();
    prove(&w.state, &genesis(), &row(PORTAL, Actor::Partner(cid(1)), None)).expect("the portal acts for Contact 1");
}

#[test]
fn port5_the_portal_login_cannot_act_for_a_member_or_a_partner_user_without_access() {
    let w = world();
    for (actor, via) in [
        (Actor::Member(mid(0)), None),
        (Actor::Partner(cid(2)), None),
        (Actor::Partner(cid(1)), Some(mid(0))),
        (Actor::Bootstrap, None),
    ] {
        let err = prove(&w.state, &genesis(), &row(PORTAL, actor, via)).expect_err("forged");
        assert_eq!(err.code, ErrorCode::Forbidden, "{actor:?}: {err:?}");
    }
}

#[test]
fn port5_access_revoked_before_the_row_makes_it_forged() {
    let mut w = world();
    w.run(w.owner, Op::RevokeAccess { contact: cid(1) }).unwrap();
    let err = prove(&w.state, &genesis(), &row(PORTAL, Actor::Partner(cid(1)), None)).expect_err("no access");
    assert!(err.message.contains("without portal access"), "{err:?}");
}

#[test]
fn port5_another_login_cannot_act_for_a_partner_user_without_a_manager() {
    let w = world();
    let err = prove(&w.state, &genesis(), &row("mallory", Actor::Partner(cid(1)), None)).expect_err("forged");
    assert_eq!(err.code, ErrorCode::Forbidden);
    // An unlinked portal: its login proves nothing any more.
    let mut w = world();
    w.run(w.owner, Op::SetPortalLogin { login: None }).unwrap();
    prove(&w.state, &genesis(), &row(PORTAL, Actor::Partner(cid(1)), None)).expect_err("unlinked");
}

#[test]
fn port5_the_portal_login_sets_partner_passwords_never_members() {
    let w = world();
    assert!(credential_writer_ok(&w.state, CredentialKind::Contact, cid(1).0, PORTAL));
    assert!(!credential_writer_ok(&w.state, CredentialKind::Member, mid(0).0, PORTAL));
    assert!(!credential_writer_ok(&w.state, CredentialKind::Contact, uuid::Uuid::from_u128(7), PORTAL));
}

#[test]
fn port5_one_login_is_a_members_or_the_portals_never_both() {
    let mut w = world();
    w.refused(w.owner, Op::SetPortalLogin { login: Some("olivia".into()) }, ErrorCode::Conflict, Some("login"));
    let member = w.add(5, Some(Builtin::Admin));
    let Actor::Member(id) = member else { unreachable!() };
    w.refused(
        w.owner,
        Op::SetDatabaseLogin { member: id, login: Some(PORTAL.into()) },
        ErrorCode::Conflict,
        Some("login"),
    );
    w.refused(w.owner, Op::SetPortalLogin { login: Some("bad login!".into()) }, ErrorCode::Invalid, Some("login"));
    // Only a manager who changes settings and manages partner access links it.
    let viewer = w.add(6, Some(Builtin::Viewer));
    w.refused(viewer, Op::SetPortalLogin { login: None }, ErrorCode::Forbidden, None);
}

#[test]
fn port4_the_idle_timeout_is_a_workspace_setting_within_bounds() {
    let mut w = world();
    assert_eq!(w.state.workspace().unwrap().portal_idle_minutes, 30);
    w.run(w.owner, Op::SetPortalIdle { minutes: 15 }).unwrap();
    assert_eq!(w.state.workspace().unwrap().portal_idle_minutes, 15);
    w.refused(w.owner, Op::SetPortalIdle { minutes: 1 }, ErrorCode::Invalid, Some("portal_idle_minutes"));
}
