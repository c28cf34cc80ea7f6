//! Scenarios through the command layer: the same calls the window and the CLI make,
//! on a real SQLite file. Bad input must name its field and change nothing (SEC-3).

use crate::support;

use support::{fresh, MEMBER_PW};
use trellis_commands::{ErrorCode, Trellis};
use trellis_core::wire::*;
use trellis_core::{Audience, Builtin, MemberStatus};

fn all(search: &str) -> MemberListQuery {
    MemberListQuery { tab: MemberTab::All, search: search.into(), removed: false, offset: 0, limit: 100, sort: None }
}

fn invite(email: &str, role: Option<Builtin>) -> InviteRequest {
    InviteRequest { email: email.into(), name: String::new(), role_id: role.map(|b| b.id().to_string()) }
}

/// Runs `f`, expects a refusal with `code` on `field`, and checks the journal did not grow.
macro_rules! refused {
    ($t:expr, $call:expr, $code:expr, $field:expr) => {{
        let before = $t.store().journal(0, 100_000).await.unwrap().len();
        let snapshot = $t.snapshot().await;
        let err = $call.await.expect_err("should be refused");
        assert_eq!(err.code, $code, "{err:?}");
        assert_eq!(err.field.as_deref(), $field, "{err:?}");
        assert_eq!($t.store().journal(0, 100_000).await.unwrap().len(), before, "journal grew");
        assert!($t.snapshot().await == snapshot, "state changed");
        err
    }};
}

#[tokio::test]
async fn invite_accept_bulk_change_and_remove() {
    let (_d, t) = fresh().await;
    let a = t.member_invite(invite("ana@acme.test", Some(Builtin::Viewer))).await.unwrap();
    let b = t.member_invite(invite("bo@acme.test", Some(Builtin::Viewer))).await.unwrap();
    assert_eq!(a.member.status, MemberStatus::Pending);
    t.member_accept_invite(AcceptInviteRequest {
        code: a.code.as_str().into(),
        name: "Ana Alves".into(),
        password: MEMBER_PW.into(),
    })
    .await
    .unwrap();
    let out = t
        .member_change_role(ChangeRoleRequest {
            member_ids: vec![a.member.id.to_string(), b.member.id.to_string()],
            role_id: Some(Builtin::Member.id().to_string()),
        })
        .await
        .unwrap();
    assert_eq!((out.changed, out.unchanged), (2, 0));
    let page = t.member_list(all("")).await.unwrap();
    assert_eq!(page.total, 3);
    let member_tab = page.tabs.iter().find(|c| c.label == "Member").unwrap();
    assert_eq!(member_tab.count, 2);
    t.member_remove(RemoveMembersRequest { member_ids: vec![b.member.id.to_string()] }).await.unwrap();
    assert_eq!(t.member_list(all("")).await.unwrap().total, 2);
    let removed = t.member_list(MemberListQuery { removed: true, ..all("") }).await.unwrap();
    assert_eq!(removed.rows[0].email, "bo@acme.test");
    // Every change went to the journal with who did it.
    let journal = t.store().journal(0, 100).await.unwrap();
    let actions: Vec<&str> = journal.iter().rev().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "workspace.create",
            "member.invite",
            "member.invite",
            "member.accept_invite",
            "member.change_role",
            "member.remove"
        ]
    );
    assert_eq!(journal[0].actor_label, "olivia@acme.test");
    assert_eq!(journal[2].actor_label, "ana@acme.test", "the invitee accepts as themselves");
}

#[tokio::test]
async fn search_and_tabs_filter_the_members() {
    let (_d, t) = fresh().await;
    t.member_invite(InviteRequest { email: "zed@partners.test".into(), name: "Zed Zimmer".into(), role_id: None })
        .await
        .unwrap();
    t.member_invite(invite("amy@acme.test", Some(Builtin::Admin))).await.unwrap();
    assert_eq!(t.member_list(all("ZIMM")).await.unwrap().total, 1);
    assert_eq!(t.member_list(all("acme.test")).await.unwrap().total, 2);
    let no_role = t.member_list(MemberListQuery { tab: MemberTab::NoRole, ..all("") }).await.unwrap();
    assert_eq!(no_role.rows.iter().map(|r| r.email.as_str()).collect::<Vec<_>>(), ["zed@partners.test"]);
    let admins = MemberTab::Role { role_id: Builtin::Admin.id().to_string() };
    assert_eq!(t.member_list(MemberListQuery { tab: admins, ..all("") }).await.unwrap().total, 1);
    let bad_tab = MemberTab::Role { role_id: "nope".into() };
    let err = t.member_list(MemberListQuery { tab: bad_tab, ..all("") }).await.unwrap_err();
    assert_eq!(err.field.as_deref(), Some("tab"));
}

#[tokio::test]
async fn bad_member_input_names_the_field_and_changes_nothing() {
    let (_d, t) = fresh().await;
    t.member_invite(invite("ana@acme.test", None)).await.unwrap();
    refused!(t, t.member_invite(invite("not an email", None)), ErrorCode::Invalid, Some("email"));
    refused!(t, t.member_invite(invite("ANA@ACME.TEST", None)), ErrorCode::Conflict, Some("email"));
    refused!(
        t,
        t.member_invite(InviteRequest { email: "x@acme.test".into(), name: "n".repeat(200), role_id: None }),
        ErrorCode::Invalid,
        Some("name")
    );
    refused!(
        t,
        t.member_invite(InviteRequest {
            email: "x@acme.test".into(),
            name: String::new(),
            role_id: Some("robert'); DROP TABLE members;--".into())
        }),
        ErrorCode::Invalid,
        Some("role_id")
    );
    refused!(
        t,
        t.member_invite(InviteRequest {
            email: "x@acme.test".into(),
            name: String::new(),
            role_id: Some(uuid::Uuid::now_v7().to_string())
        }),
        ErrorCode::NotFound,
        Some("role_id")
    );
    refused!(
        t,
        t.member_invite(invite("x@acme.test", Some(Builtin::AdvancedPartnerCenter))),
        ErrorCode::Rule,
        Some("role_id")
    );
    refused!(
        t,
        t.member_change_role(ChangeRoleRequest { member_ids: vec!["42".into()], role_id: None }),
        ErrorCode::Invalid,
        Some("member_ids")
    );
    refused!(
        t,
        t.member_remove(RemoveMembersRequest { member_ids: vec![uuid::Uuid::now_v7().to_string()] }),
        ErrorCode::NotFound,
        Some("member_ids")
    );
    refused!(t, t.member_resend_invite(MemberRef { member_id: String::new() }), ErrorCode::Invalid, Some("member_id"));
    let me = t.session_info().await.me.unwrap().id.to_string();
    refused!(
        t,
        t.member_remove(RemoveMembersRequest { member_ids: vec![me.clone()] }),
        ErrorCode::Rule,
        Some("member_ids")
    );
    refused!(
        t,
        t.member_change_role(ChangeRoleRequest {
            member_ids: vec![me],
            role_id: Some(Builtin::Viewer.id().to_string())
        }),
        ErrorCode::Rule,
        Some("member_ids")
    );
}

#[tokio::test]
async fn roles_clone_edit_delete_and_builtins_are_protected() {
    let (_d, t) = fresh().await;
    let clone = t
        .role_clone(RoleCloneRequest { source_id: Builtin::Member.id().to_string(), name: "Deal desk".into() })
        .await
        .unwrap();
    assert!(!clone.builtin);
    let mut perms: Vec<String> = clone.permissions.keys();
    perms.push("audit_log.read".into());
    let edited = t
        .role_update(RoleUpdateRequest {
            role_id: clone.id.to_string(),
            version: clone.version,
            name: "Deal Desk".into(),
            description: "Pricing approvals".into(),
            permissions: perms.clone(),
            restriction: None,
            segments: None,
        })
        .await
        .unwrap();
    assert_eq!(edited.permissions.len(), clone.permissions.len() + 1);
    // Stale edit, unknown permission, built-ins.
    refused!(
        t,
        t.role_update(RoleUpdateRequest {
            role_id: clone.id.to_string(),
            version: clone.version,
            name: "X".into(),
            description: String::new(),
            permissions: vec![],
            restriction: None,
            segments: None,
        }),
        ErrorCode::Stale,
        Some("version")
    );
    refused!(
        t,
        t.role_update(RoleUpdateRequest {
            role_id: clone.id.to_string(),
            version: edited.version,
            name: "X".into(),
            description: String::new(),
            permissions: vec!["members.teleport".into()],
            restriction: None,
            segments: None,
        }),
        ErrorCode::Invalid,
        Some("permissions")
    );
    refused!(
        t,
        t.role_update(RoleUpdateRequest {
            role_id: Builtin::Admin.id().to_string(),
            version: 1,
            name: "Admin".into(),
            description: String::new(),
            permissions: vec![],
            restriction: None,
            segments: None,
        }),
        ErrorCode::Rule,
        Some("role_id")
    );
    refused!(t, t.role_delete(RoleRef { role_id: Builtin::Viewer.id().to_string() }), ErrorCode::Rule, Some("role_id"));
    refused!(
        t,
        t.role_create(RoleCreateRequest {
            name: "  ".into(),
            description: String::new(),
            audience: Audience::Internal,
            permissions: vec![],
            group: None,
            restriction: None,
            segments: None,
        }),
        ErrorCode::Invalid,
        Some("name")
    );
    refused!(
        t,
        t.role_create(RoleCreateRequest {
            name: "r".repeat(101),
            description: String::new(),
            audience: Audience::Internal,
            permissions: vec![],
            group: None,
            restriction: None,
            segments: None,
        }),
        ErrorCode::Invalid,
        Some("name")
    );
    refused!(
        t,
        t.role_create(RoleCreateRequest {
            name: "deal desk".into(),
            description: String::new(),
            audience: Audience::Internal,
            permissions: vec![],
            group: None,
            restriction: None,
            segments: None,
        }),
        ErrorCode::Conflict,
        Some("name")
    );
    refused!(
        t,
        t.role_delete(RoleRef { role_id: uuid::Uuid::now_v7().to_string() }),
        ErrorCode::NotFound,
        Some("role_id")
    );
    // Deleting leaves holders with no role.
    let m = t
        .member_invite(InviteRequest {
            email: "rep@acme.test".into(),
            name: String::new(),
            role_id: Some(clone.id.to_string()),
        })
        .await
        .unwrap();
    let gone = t.role_delete(RoleRef { role_id: clone.id.to_string() }).await.unwrap();
    assert_eq!(gone.members_without_role, 1);
    let page = t.member_list(MemberListQuery { tab: MemberTab::NoRole, ..all("") }).await.unwrap();
    assert_eq!(page.rows[0].id, m.member.id);
}

#[tokio::test]
async fn mem1_members_without_member_management_are_refused_in_rust() {
    let (dir, t) = fresh().await;
    let mia = t.member_invite(invite("mia@acme.test", Some(Builtin::Member))).await.unwrap();
    t.member_accept_invite(AcceptInviteRequest {
        code: mia.code.as_str().into(),
        name: String::new(),
        password: MEMBER_PW.into(),
    })
    .await
    .unwrap();
    drop(t);
    let t = Trellis::open(&dir.path().join("trellis.db")).await.unwrap();
    t.auth_sign_in(SignInRequest { email: "MIA@acme.test".into(), password: MEMBER_PW.into(), remember: false })
        .await
        .unwrap();
    refused!(t, t.member_list(all("")), ErrorCode::Forbidden, None);
    refused!(t, t.role_list(RoleListQuery { audience: None }), ErrorCode::Forbidden, None);
    refused!(t, t.member_invite(invite("x@acme.test", None)), ErrorCode::Forbidden, None);
    refused!(
        t,
        t.role_clone(RoleCloneRequest { source_id: Builtin::Viewer.id().to_string(), name: "x".into() }),
        ErrorCode::Forbidden,
        None
    );
    let info = t.session_info().await;
    assert_eq!(info.me.unwrap().role_name.as_deref(), Some("Member"));
}

#[tokio::test]
async fn demo_workspace_is_one_call_and_survives_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let t = Trellis::open(&path).await.unwrap();
    let info = t.workspace_create_demo(DemoRequest { members: None }).await.unwrap();
    assert_eq!(info.workspace.unwrap().member_count, 50);
    let roles = t.role_list(RoleListQuery { audience: Some(Audience::Internal) }).await.unwrap();
    assert!(roles.iter().any(|r| r.name == "Channel Manager" && r.member_count > 5));
    let pending =
        t.member_list(all("")).await.unwrap().rows.iter().filter(|r| r.status == MemberStatus::Pending).count();
    assert_eq!(pending, 3);
    let before = t.snapshot().await;
    drop(t);
    let again = Trellis::open(&path).await.unwrap();
    assert!(again.snapshot().await == before);
    let err = again.workspace_create_demo(DemoRequest { members: None }).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Workspace);
}

/// Member rows are written through SQLite's own API (in id order, only the columns that
/// changed the email index when they must): whatever the writes, the file reopens to
/// exactly the state in memory.
#[tokio::test]
async fn member_writes_of_every_kind_reopen_to_the_same_state() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("members.db");
    let t = Trellis::open(&path).await.unwrap();
    t.workspace_create_demo(DemoRequest { members: None }).await.unwrap();
    let me = t.session_info().await.me.unwrap().id.to_string();
    let others: Vec<String> = t
        .member_list(all(""))
        .await
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.id.to_string())
        .filter(|id| *id != me)
        .collect();
    // A bulk change (in list order, written in id order), to no role, and back for some.
    let to = |role: Option<Builtin>, ids: &[String]| ChangeRoleRequest {
        member_ids: ids.to_vec(),
        role_id: role.map(|r| r.id().to_string()),
    };
    t.member_change_role(to(Some(Builtin::Viewer), &others)).await.unwrap();
    t.member_change_role(to(None, &others[..10])).await.unwrap();
    t.member_change_role(to(Some(Builtin::Admin), &others[5..8])).await.unwrap();
    // Removals free emails; an invitation takes one of them again (the email index).
    let gone = others[20..25].to_vec();
    let email =
        t.member_list(all("")).await.unwrap().rows.iter().find(|r| r.id.to_string() == gone[0]).unwrap().email.clone();
    t.member_remove(RemoveMembersRequest { member_ids: gone }).await.unwrap();
    t.member_invite(InviteRequest { email, name: "Back Again".into(), role_id: None }).await.unwrap();
    let before = t.snapshot().await;
    drop(t);
    let again = Trellis::open(&path).await.unwrap();
    assert!(again.snapshot().await == before, "the reopened file differs from the state that wrote it");
}
