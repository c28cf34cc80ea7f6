//! DRAFT-1..5 through the command layer, on a real SQLite file: the "Deal Desk" draft
//! changes nobody until published, its effect lists the lost permissions, "why" explains
//! them, publishing is one journal entry; bad input, stale drafts and four-eyes refusals
//! name their field and change nothing; drafts survive a restart.
use crate::support;

use support::*;
use trellis_commands::Trellis;
use trellis_core::wire::*;
use trellis_core::{Audience, Builtin, ErrorCode, MemberId, Person};

async fn role(t: &Trellis, name: &str) -> Option<RoleRow> {
    let q = RoleListQuery { audience: Some(Audience::Internal) };
    t.role_list(q).await.unwrap().into_iter().find(|r| r.name == name)
}

async fn members_with(t: &Trellis, role_name: &str) -> usize {
    let q = MemberListQuery {
        tab: MemberTab::All,
        search: String::new(),
        removed: false,
        offset: 0,
        limit: 100,
        sort: None,
    };
    t.member_list(q).await.unwrap().rows.iter().filter(|m| m.role_name.as_deref() == Some(role_name)).count()
}

fn r(d: &DraftDetail) -> DraftRef {
    DraftRef { draft_id: d.row.id.clone() }
}

fn effect_query(d: &DraftDetail) -> DraftEffectQuery {
    DraftEffectQuery {
        draft_id: d.row.id.clone(),
        search: None,
        filter: None,
        permission: None,
        offset: None,
        limit: None,
    }
}

/// Three Members, and the Deal Desk draft: Member cloned without delete rights, the three
/// moved into it.
async fn deal_desk(t: &Trellis) -> (DraftDetail, Vec<String>) {
    let mut ids = Vec::new();
    for n in 1..=3 {
        let row = t
            .member_invite(InviteRequest {
                email: format!("rep{n}@acme.test"),
                name: format!("Rep {n}"),
                role_id: Some(Builtin::Member.id().to_string()),
            })
            .await
            .unwrap();
        let accept =
            AcceptInviteRequest { code: row.code.as_str().into(), name: String::new(), password: MEMBER_PW.into() };
        t.member_accept_invite(accept).await.unwrap();
        ids.push(row.member.id.to_string());
    }
    let draft = t
        .draft_create(DraftCreateRequest { name: "Deal Desk".into(), description: "Reps without delete".into() })
        .await
        .unwrap();
    t.draft_open(r(&draft)).await.unwrap();
    let clone =
        t.role_clone(RoleCloneRequest { source_id: Builtin::Member.id().to_string(), name: "Deal Desk".into() });
    let clone = clone.await.unwrap();
    let keep: Vec<String> = clone.permissions.keys().into_iter().filter(|k| !k.ends_with(".delete")).collect();
    let update = RoleUpdateRequest {
        role_id: clone.id.to_string(),
        version: clone.version,
        name: clone.name.clone(),
        description: "Member, without delete".into(),
        permissions: keep,
        restriction: None,
        segments: None,
    };
    t.role_update(update).await.unwrap();
    let change = ChangeRoleRequest { member_ids: ids.clone(), role_id: Some(clone.id.to_string()) };
    assert_eq!(t.member_change_role(change).await.unwrap().changed, 3);
    (t.draft_show(r(&draft)).await.unwrap(), ids)
}

#[tokio::test]
async fn a_draft_changes_nobody_until_published_and_publishes_as_one_entry() {
    let (dir, t) = fresh().await;
    let (draft, ids) = deal_desk(&t).await;
    assert_eq!(draft.steps.len(), 3, "{:?}", draft.steps);
    assert!(draft.open);
    // Inside the draft, the screens read the draft.
    assert!(role(&t, "Deal Desk").await.is_some());
    assert_eq!(members_with(&t, "Deal Desk").await, 3);
    assert_eq!(t.session_info().await.draft.unwrap().name, "Deal Desk");
    // Changes that are not about access stay live-only, naming why.
    let invite = t.member_invite(InviteRequest { email: "x@acme.test".into(), name: String::new(), role_id: None });
    let refused = invite.await.unwrap_err();
    assert_eq!(refused.field.as_deref(), Some("draft"), "{refused:?}");

    // DRAFT-1: live is untouched.
    t.draft_close().await.unwrap();
    assert!(role(&t, "Deal Desk").await.is_none(), "nothing is live before publishing");
    assert_eq!(members_with(&t, "Member").await, 3);

    // DRAFT-2: the three lose the delete permissions, and nobody else changes.
    let effect = t.draft_effect(effect_query(&draft)).await.unwrap();
    assert_eq!(effect.summary.people, 3);
    assert_eq!(effect.summary.losing, 3);
    assert_eq!(effect.summary.gaining, 0);
    let lost: Vec<String> = effect.people[0].lost.keys();
    assert!(!lost.is_empty() && lost.iter().all(|k| k.ends_with(".delete")), "{lost:?}");
    assert!(effect.summary.by_permission.iter().all(|p| p.lost == 3 && p.gained == 0));
    let search = DraftEffectQuery { search: Some("rep2".into()), ..effect_query(&draft) };
    assert_eq!(t.draft_effect(search).await.unwrap().total, 1);
    let csv = t.draft_effect_csv(r(&draft)).await.unwrap().csv;
    assert_eq!(csv.lines().filter(|l| l.contains("loses permission")).count(), 3 * lost.len());

    // DRAFT-4: why, live and in the draft.
    let rep1 = Person::Member(MemberId::parse(&ids[0], "id").unwrap());
    let perm = lost[0].clone();
    let live = WhyPermissionQuery { person: rep1, permission: perm.clone(), draft_id: None, at: None };
    let live = t.why_permission(live).await.unwrap();
    assert!(live.granted && live.summary.contains("“Member”"), "{live:?}");
    let drafted =
        WhyPermissionQuery { person: rep1, permission: perm.clone(), draft_id: Some(draft.row.id.clone()), at: None };
    let drafted = t.why_permission(drafted).await.unwrap();
    assert!(
        !drafted.granted && drafted.chain.iter().any(|c| c.contains("“Deal Desk” does not include")),
        "{drafted:?}"
    );

    // DRAFT-3: publish — all of it, one journal entry.
    let published = t.draft_publish(r(&draft)).await.unwrap();
    assert_eq!(published.row.state, DraftState::Published);
    assert!(role(&t, "Deal Desk").await.is_some());
    assert_eq!(members_with(&t, "Deal Desk").await, 3);
    let log = t.audit_list(AuditQuery { action: "draft.publish".into(), limit: 10, ..Default::default() });
    let log = log.await.unwrap();
    assert_eq!(log.total, 1);
    let entry = log.rows[0].draft.as_ref().expect("opens to its changes");
    assert_eq!(entry.changes.len(), 3);
    assert_eq!(entry.author, "olivia@acme.test");
    let roles = t.audit_list(AuditQuery { action: "role.".into(), limit: 10, ..Default::default() }).await.unwrap();
    assert!(roles.rows.iter().all(|r| !r.target.contains("Deal Desk")), "no separate live role entries");

    // A published draft can no longer change.
    let again = t.draft_open(r(&draft)).await.unwrap_err();
    assert_eq!(again.field.as_deref(), Some("draft_id"));
    let discard = t.draft_discard(r(&draft)).await.unwrap_err();
    assert_eq!(discard.field.as_deref(), Some("draft_id"));

    // Drafts survive a restart.
    drop(t);
    let t = Trellis::open(&dir.path().join("trellis.db")).await.unwrap();
    t.auth_sign_in(SignInRequest { email: "olivia@acme.test".into(), password: OWNER_PW.into(), remember: false })
        .await
        .unwrap();
    let list = t.draft_list().await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].state, DraftState::Published);
    assert_eq!(list[0].changes, 3);
}

#[tokio::test]
async fn bad_input_and_stale_drafts_are_refused_naming_the_field() {
    let (_dir, t) = fresh().await;
    let bad = |id: &str| DraftRef { draft_id: id.into() };
    let e = t.draft_show(bad("not an id")).await.unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Invalid, Some("draft_id")));
    let e = t.draft_publish(bad(&uuid::Uuid::now_v7().to_string())).await.unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::NotFound, Some("draft_id")));
    let e = t.draft_create(DraftCreateRequest { name: "  ".into(), description: String::new() }).await.unwrap_err();
    assert_eq!(e.field.as_deref(), Some("name"));
    let long = "x".repeat(500);
    let e = t.draft_create(DraftCreateRequest { name: long, description: String::new() }).await.unwrap_err();
    assert_eq!(e.field.as_deref(), Some("name"));

    t.role_create(internal_role("Partner Desk", &["leads.read"])).await.unwrap();
    let d = t.draft_create(DraftCreateRequest { name: "Q3".into(), description: String::new() }).await.unwrap();
    let e = t.draft_create(DraftCreateRequest { name: "q3".into(), description: String::new() }).await.unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Conflict, Some("name")));
    let e = t.draft_publish(r(&d)).await.unwrap_err();
    assert_eq!(e.field.as_deref(), Some("draft"), "an empty draft: {e:?}");

    // The draft renames the role; live renames it too meanwhile: stale.
    t.draft_open(r(&d)).await.unwrap();
    let in_draft = role(&t, "Partner Desk").await.unwrap();
    let rename = |row: &RoleRow, name: &str| RoleUpdateRequest {
        role_id: row.id.to_string(),
        version: row.version,
        name: name.into(),
        description: String::new(),
        permissions: row.permissions.keys(),
        restriction: None,
        segments: None,
    };
    t.role_update(rename(&in_draft, "Channel Desk")).await.unwrap();
    t.draft_close().await.unwrap();
    let live = role(&t, "Partner Desk").await.unwrap();
    t.role_update(rename(&live, "Alliance Desk")).await.unwrap();
    let shown = t.draft_show(r(&d)).await.unwrap();
    assert_eq!(shown.row.state, DraftState::Stale);
    assert_eq!(shown.conflicts.len(), 1);
    assert_eq!(shown.conflicts[0].field, "name");
    assert_eq!(shown.conflicts[0].base, "Partner Desk");
    assert_eq!(shown.conflicts[0].theirs, "Alliance Desk");
    assert_eq!(shown.conflicts[0].mine, "Channel Desk");
    let e = t.draft_publish(r(&d)).await.unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Stale, Some("draft_id")));
    assert!(role(&t, "Alliance Desk").await.is_some(), "a refused publish changes nothing");
    assert!(role(&t, "Channel Desk").await.is_none());
    // Rebase: the manager saw base / live / draft; the draft's value goes on top.
    let rebased = t.draft_rebase(r(&d)).await.unwrap();
    assert!(rebased.conflicts.is_empty());
    assert_eq!(rebased.row.state, DraftState::Ready);
    t.draft_publish(r(&d)).await.unwrap();
    assert!(role(&t, "Channel Desk").await.is_some());

    // Discarded drafts cannot be edited or published.
    let gone = t.draft_create(DraftCreateRequest { name: "Gone".into(), description: String::new() }).await.unwrap();
    t.draft_discard(r(&gone)).await.unwrap();
    let e = t.draft_open(r(&gone)).await.unwrap_err();
    assert_eq!(e.field.as_deref(), Some("draft_id"));
    assert!(e.message.contains("discarded"), "{e:?}");
}

#[tokio::test]
async fn four_eyes_needs_another_managers_approval_and_an_edit_voids_it() {
    let (_dir, t) = fresh().await;
    t_invite_admin(&t, "bob@acme.test").await;
    t.settings_set_four_eyes(FourEyesRequest { on: true }).await.unwrap();
    let d = t.draft_create(DraftCreateRequest { name: "Tighten".into(), description: String::new() }).await.unwrap();
    t.draft_open(r(&d)).await.unwrap();
    t.role_create(internal_role("Auditor", &["leads.read"])).await.unwrap();
    t.draft_close().await.unwrap();

    let e = t.draft_approve(r(&d)).await.unwrap_err();
    assert_eq!(e.field.as_deref(), Some("draft_id"), "the author cannot approve: {e:?}");
    let e = t.draft_publish(r(&d)).await.unwrap_err();
    assert_eq!(e.field.as_deref(), Some("approval"), "{e:?}");
    assert!(role(&t, "Auditor").await.is_none());

    // Bob approves on this desktop.
    let sign_in =
        |email: &str, password: &str| SignInRequest { email: email.into(), password: password.into(), remember: false };
    t.auth_sign_in(sign_in("bob@acme.test", MEMBER_PW)).await.unwrap();
    let approved = t.draft_approve(r(&d)).await.unwrap();
    assert_eq!(approved.row.approved_by.as_deref(), Some("bob@acme.test"));
    assert_eq!(approved.row.state, DraftState::Ready);

    // An edit voids the approval.
    t.auth_sign_in(sign_in("olivia@acme.test", OWNER_PW)).await.unwrap();
    t.draft_open(r(&d)).await.unwrap();
    t.role_create(internal_role("Auditor 2", &["leads.read"])).await.unwrap();
    t.draft_close().await.unwrap();
    let shown = t.draft_show(r(&d)).await.unwrap();
    assert!(shown.row.approved_by.is_none());
    assert!(t.draft_publish(r(&d)).await.is_err());

    t.auth_sign_in(sign_in("bob@acme.test", MEMBER_PW)).await.unwrap();
    t.draft_approve(r(&d)).await.unwrap();
    t.auth_sign_in(sign_in("olivia@acme.test", OWNER_PW)).await.unwrap();
    let published = t.draft_publish(r(&d)).await.unwrap();
    assert_eq!(published.row.state, DraftState::Published);
    let log = t.audit_list(AuditQuery { action: "draft.".into(), limit: 20, ..Default::default() }).await.unwrap();
    let actions: Vec<&str> = log.rows.iter().map(|r| r.action.as_str()).collect();
    for a in ["draft.create", "draft.change", "draft.approve", "draft.publish"] {
        assert!(actions.contains(&a), "{a} in {actions:?}");
    }
    let entry = log.rows.iter().find(|r| r.action == "draft.publish").unwrap().draft.clone().unwrap();
    assert_eq!(entry.approver.as_deref(), Some("bob@acme.test"));
}

/// DRAFT-5 (issue 17): an approver must have made none of the draft's changes. Olivia
/// creates an empty draft, Bob adds "Auditor" to it: Bob may not approve it, and a
/// publication naming him both approver and editor is refused by the rules themselves.
#[tokio::test]
async fn four_eyes_refuses_an_approver_who_made_one_of_the_changes() {
    let (_dir, t) = fresh().await;
    t_invite_admin(&t, "bob@acme.test").await;
    t_invite_admin(&t, "cleo@acme.test").await;
    t.settings_set_four_eyes(FourEyesRequest { on: true }).await.unwrap();
    let d = t.draft_create(DraftCreateRequest { name: "Empty".into(), description: String::new() }).await.unwrap();
    let sign_in =
        |email: &str, password: &str| SignInRequest { email: email.into(), password: password.into(), remember: false };
    t.auth_sign_in(sign_in("bob@acme.test", MEMBER_PW)).await.unwrap();
    t.draft_open(r(&d)).await.unwrap();
    t.role_create(internal_role("Auditor", &["leads.read"])).await.unwrap();
    t.draft_close().await.unwrap();

    let e = t.draft_approve(r(&d)).await.unwrap_err();
    assert_eq!(e.field.as_deref(), Some("draft_id"), "{e:?}");
    assert!(e.message.contains("made changes"), "{e:?}");
    assert!(t.draft_show(r(&d)).await.unwrap().row.approved_by.is_none(), "the refusal changed nothing");
    assert!(t.draft_publish(r(&d)).await.is_err());
    assert!(role(&t, "Auditor").await.is_none());

    // The rules refuse it too, whoever sends the publication (another desktop, a forged row).
    let state = t.snapshot().await;
    let bob = state.members().find(|m| m.email == "bob@acme.test").unwrap().id;
    let olivia = state.members().find(|m| m.email == "olivia@acme.test").unwrap().id;
    let op = trellis_core::Op::PublishDraft {
        draft: trellis_core::DraftId::new_v7(),
        name: "Empty".into(),
        author: olivia,
        approver: Some(bob),
        editors: vec![bob],
        ops: vec![trellis_core::Op::SetFourEyes { on: true }],
    };
    let e = trellis_core::apply(&state, &trellis_core::Actor::Member(olivia), &op).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("approval"), "{e:?}");

    // Cleo, who made none of it, approves; then the draft publishes.
    t.auth_sign_in(sign_in("cleo@acme.test", MEMBER_PW)).await.unwrap();
    t.draft_approve(r(&d)).await.unwrap();
    t.auth_sign_in(sign_in("olivia@acme.test", OWNER_PW)).await.unwrap();
    assert_eq!(t.draft_publish(r(&d)).await.unwrap().row.state, DraftState::Published);
    assert!(role(&t, "Auditor").await.is_some());
}

/// Issue 17, found 6: a draft's steps name what they change even when the draft (or live
/// since) removed it: "Delete role “Auditor”", not "Delete role a role".
#[tokio::test]
async fn a_drafts_steps_name_a_role_it_deletes() {
    let (_dir, t) = fresh().await;
    let auditor = t.role_create(internal_role("Auditor", &["leads.read"])).await.unwrap();
    let d = t.draft_create(DraftCreateRequest { name: "Tidy".into(), description: String::new() }).await.unwrap();
    t.draft_open(r(&d)).await.unwrap();
    t.role_delete(RoleRef { role_id: auditor.id.to_string() }).await.unwrap();
    t.draft_close().await.unwrap();
    let shown = t.draft_show(r(&d)).await.unwrap();
    assert_eq!(shown.steps[0].description, "Delete role “Auditor”");
}
