//! Log in as partner through the command layer (PREV-1..5): what opening a preview needs,
//! what is audited and how often, every way a preview ends, a crash's open preview closed
//! at the next start, a draft's preview read-only, and the portal's records as the
//! partner user. The window-level lock-down (PREV-3) is `tests/preview_acl.rs` at the root.

use crate::support;

use support::{fresh, MEMBER_PW};
use trellis_commands::{ErrorCode, PreviewEnd, Trellis};
use trellis_core::wire::*;
use trellis_core::{Builtin, RecordKind};

/// Globex with Ann (Advanced Partner Center, Global admin) and Bo (no access yet).
async fn globex(t: &Trellis) -> (String, String, String) {
    let people = [("Ann Lee", "ann@globex.test"), ("Bo Kim", "bo@globex.test")];
    let (account, contacts) = support::globex(t, 5, &people).await;
    let give = GiveAccessRequest {
        contact_id: contacts[0].clone(),
        portal_role_id: Builtin::AdvancedPartnerCenter.id().to_string(),
        agent_role_id: None,
        admin_role_id: Some(Builtin::GlobalAdmin.id().to_string()),
        hierarchy_role_id: None,
        can_grant_subpartners: false,
        delivery: Delivery::Notification,
    };
    t.partner_give_access(give).await.unwrap();
    (account, contacts[0].clone(), contacts[1].clone())
}

fn start(contact: &str, reason: &str) -> PreviewStartRequest {
    PreviewStartRequest { contact_id: contact.into(), reason: reason.into(), minutes: None, draft_id: None }
}

async fn audit(t: &Trellis, action: &str) -> Vec<AuditRow> {
    t.audit_list(AuditQuery { action: action.into(), limit: 100, ..AuditQuery::default() }).await.unwrap().rows
}

fn ended_how(row: &AuditRow) -> String {
    serde_json::to_string(&row.changes).unwrap()
}

#[tokio::test]
async fn prev5_a_preview_needs_a_reason_a_limit_and_a_previewable_user() {
    let (_d, t) = fresh().await;
    let (_, ann, bo) = globex(&t).await;
    let refused = [
        (start(&ann, "   "), ErrorCode::Invalid, "reason"),
        (start(&ann, &"why ".repeat(200)), ErrorCode::Invalid, "reason"),
        (start(&ann, "bidi \u{7} bell"), ErrorCode::Invalid, "reason"),
        (PreviewStartRequest { minutes: Some(0), ..start(&ann, "ok") }, ErrorCode::Invalid, "minutes"),
        (PreviewStartRequest { minutes: Some(61), ..start(&ann, "ok") }, ErrorCode::Invalid, "minutes"),
        (start(&bo, "Bo has no portal access"), ErrorCode::Rule, "contact_id"),
        (start("not-an-id", "ok"), ErrorCode::Invalid, "contact_id"),
        (start(&uuid::Uuid::now_v7().to_string(), "ok"), ErrorCode::NotFound, "contact_id"),
        (PreviewStartRequest { draft_id: Some("nope".into()), ..start(&ann, "ok") }, ErrorCode::Invalid, "draft_id"),
    ];
    for (req, code, field) in refused {
        let err = t.preview_start(req).await.unwrap_err();
        assert_eq!((err.code, err.field.as_deref()), (code, Some(field)), "{}", err.message);
    }
    assert!(audit(&t, "preview.start").await.is_empty(), "a refused preview audits nothing");
    // PREV-5: the workspace's maximum is a setting, within bounds.
    let err = t.settings_set_preview_max(PreviewMaxRequest { minutes: 2 }).await.unwrap_err();
    assert_eq!(err.field.as_deref(), Some("preview_max_minutes"));
    assert_eq!(t.settings_set_preview_max(PreviewMaxRequest { minutes: 90 }).await.unwrap().preview_max_minutes, 90);
    let long = t.preview_start(PreviewStartRequest { minutes: Some(90), ..start(&ann, "A long audit") }).await.unwrap();
    let session = t.portal_session(&long.label).await.unwrap();
    assert!(session.expires_at - session.now > 89 * 60_000);
}

/// PREV-5's sweep ends a preview whose window is gone, but only once the shell said its
/// window was built: a window still being built (seconds under load) is not gone.
#[tokio::test]
async fn prev5_a_preview_counts_as_windowed_only_once_its_window_was_built() {
    let (_d, t) = fresh().await;
    let (_, ann, _) = globex(&t).await;
    let started = t.preview_start(start(&ann, "Ticket 8")).await.unwrap();
    assert!(t.preview_is_open(&started.label));
    assert!(t.preview_labels_with_windows().is_empty(), "its window is still being built");
    t.preview_window_opened(&started.label);
    assert_eq!(t.preview_labels_with_windows(), std::slice::from_ref(&started.label));
    t.preview_window_opened("preview-unknown");
    assert_eq!(t.preview_labels_with_windows().len(), 1, "an unknown label opens nothing");
}

#[tokio::test]
async fn prev2_prev4_start_edits_and_end_are_audited_once() {
    let (_d, t) = fresh().await;
    let (_, ann, _) = globex(&t).await;
    let started = t.preview_start(start(&ann, "Ticket 7: Ann's leads")).await.unwrap();
    let session = t.portal_session(&started.label).await.unwrap();
    assert_eq!((session.user_email.as_str(), session.account.as_str()), ("ann@globex.test", "Globex"));
    assert_eq!((session.manager.as_str(), session.read_only), ("olivia@acme.test", false));
    let starts = audit(&t, "preview.start").await;
    assert_eq!(starts.len(), 1);
    assert!(ended_how(&starts[0]).contains("Ticket 7: Ann's leads"), "the reason is in the start's entry");

    let made = t
        .portal_record_create(
            &started.label,
            PortalRecordCreate {
                kind: RecordKind::Lead,
                name: "Lead from the portal".into(),
                activity: None,
                department: None,
                location: None,
                class: None,
            },
        )
        .await
        .unwrap();
    assert!(made.write && made.owner.starts_with("Ann Lee"), "{made:?}");
    let created = audit(&t, "record.create").await;
    assert_eq!(created[0].actor, "olivia@acme.test as partner · ann@globex.test (partner)");
    assert!(ended_how(&created[0]).contains("Ticket 7"), "the edit carries the preview's reason");
    // PREV-2 edits are real, at the version shown; a stale one is refused and changes nothing.
    let edit = |version| PortalRecordUpdate {
        record_id: made.id.clone(),
        version,
        name: "Lead, renamed".into(),
        activity: None,
        department: Some("Sales".into()),
        location: None,
        class: None,
    };
    let renamed = t.portal_record_update(&started.label, edit(made.version)).await.unwrap();
    assert_eq!((renamed.name.as_str(), renamed.department.as_deref()), ("Lead, renamed", Some("Sales")));
    let err = t.portal_record_update(&started.label, edit(made.version)).await.unwrap_err();
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Stale, Some("version")));
    let bad = PortalRecordUpdate { name: "x".repeat(500), ..edit(renamed.version) };
    assert_eq!(t.portal_record_update(&started.label, bad).await.unwrap_err().field.as_deref(), Some("name"));

    t.portal_end(&started.label).await.unwrap();
    assert!(!t.preview_end(&started.label, PreviewEnd::WindowClosed).await.unwrap(), "already ended");
    let ends = audit(&t, "preview.end").await;
    assert_eq!(ends.len(), 1, "the end is audited once, however many ways it is noticed");
    assert!(ended_how(&ends[0]).contains("ended by the manager"));
    let err = t.portal_home(&started.label).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Session);
}

#[tokio::test]
async fn prev5_time_sign_out_and_lost_access_each_end_the_preview() {
    let (_d, t) = fresh().await;
    let (_, ann, _) = globex(&t).await;
    let first = t.preview_start(start(&ann, "Timed")).await.unwrap();
    assert!(t.preview_sweep().await.unwrap().is_empty(), "not yet");
    assert_eq!(t.preview_sweep_at(first.expires_at).await.unwrap(), vec![first.label.clone()]);
    assert!(!t.preview_is_open(&first.label));
    assert_eq!(t.portal_session(&first.label).await.unwrap_err().code, ErrorCode::Session);

    let second = t.preview_start(start(&ann, "Sign-out")).await.unwrap();
    t.auth_sign_out().await.unwrap();
    assert_eq!(t.portal_home(&second.label).await.unwrap_err().code, ErrorCode::Session);
    let sign_in =
        SignInRequest { email: "olivia@acme.test".into(), password: support::OWNER_PW.into(), remember: false };
    t.auth_sign_in(sign_in).await.unwrap();
    assert_eq!(
        t.portal_home(&second.label).await.unwrap_err().code,
        ErrorCode::Session,
        "a new sign-in does not revive it"
    );

    let third = t.preview_start(start(&ann, "Revoked")).await.unwrap();
    t.partner_revoke_access(ContactRef { contact_id: ann.clone() }).await.unwrap();
    assert_eq!(t.portal_home(&third.label).await.unwrap_err().code, ErrorCode::Session);
    let ends: Vec<String> = audit(&t, "preview.end").await.iter().map(ended_how).collect();
    for how in ["time was up", "the manager signed out", "no longer has portal access"] {
        assert_eq!(ends.iter().filter(|e| e.contains(how)).count(), 1, "{how} in {ends:?}");
    }
}

#[tokio::test]
async fn prev5_losing_the_permission_ends_the_preview_at_its_next_call() {
    let (_d, t) = fresh().await;
    let (_, ann, _) = globex(&t).await;
    let role = support::internal_role(
        "Previewer",
        &[
            "special.log_in_as_partner",
            "roles.read",
            "roles.update",
            "partner_users.read",
            "members.read",
            "audit_log.read",
        ],
    );
    let role = t.role_create(role).await.unwrap();
    let pat = t
        .member_invite(InviteRequest {
            email: "pat@acme.test".into(),
            name: "Pat Previewer".into(),
            role_id: Some(role.id.to_string()),
        })
        .await
        .unwrap();
    let accept =
        AcceptInviteRequest { code: pat.code.as_str().into(), name: String::new(), password: MEMBER_PW.into() };
    t.member_accept_invite(accept).await.unwrap();
    t.auth_sign_out().await.unwrap();
    let sign_in = SignInRequest { email: "pat@acme.test".into(), password: MEMBER_PW.into(), remember: false };
    t.auth_sign_in(sign_in).await.unwrap();
    let started = t.preview_start(start(&ann, "Pat checks Ann")).await.unwrap();
    t.portal_home(&started.label).await.unwrap();
    // Pat's role loses "log in as partner" (Pat may edit roles, and drops it from their own).
    let update = RoleUpdateRequest {
        role_id: role.id.to_string(),
        version: role.version,
        name: "Previewer".into(),
        description: String::new(),
        permissions: ["roles.read", "roles.update", "partner_users.read", "members.read", "audit_log.read"]
            .map(String::from)
            .to_vec(),
        restriction: None,
        segments: None,
    };
    t.role_update(update).await.unwrap();
    let err = t.portal_home(&started.label).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Forbidden, "{}", err.message);
    assert!(!t.preview_is_open(&started.label));
    let ends = audit(&t, "preview.end").await;
    assert!(ended_how(&ends[0]).contains("no longer may log in as partner"), "{:?}", ends[0].changes);
    assert_eq!(t.preview_start(start(&ann, "Again")).await.unwrap_err().code, ErrorCode::Forbidden);
}

#[tokio::test]
async fn prev5_a_preview_left_open_when_trellis_stopped_is_ended_at_the_next_start() {
    let (dir, t) = fresh().await;
    let (_, ann, _) = globex(&t).await;
    let started = t.preview_start(start(&ann, "Then the power went")).await.unwrap();
    drop(t);
    let t = Trellis::open(&dir.path().join("trellis.db")).await.unwrap();
    let sign_in =
        SignInRequest { email: "olivia@acme.test".into(), password: support::OWNER_PW.into(), remember: false };
    t.auth_sign_in(sign_in).await.unwrap();
    let ends = audit(&t, "preview.end").await;
    assert_eq!(ends.len(), 1);
    assert!(ended_how(&ends[0]).contains("Trellis was closed"), "{:?}", ends[0].changes);
    assert_eq!(t.portal_home(&started.label).await.unwrap_err().code, ErrorCode::Session);
    drop(t);
    let t = Trellis::open(&dir.path().join("trellis.db")).await.unwrap();
    let sign_in =
        SignInRequest { email: "olivia@acme.test".into(), password: support::OWNER_PW.into(), remember: false };
    t.auth_sign_in(sign_in).await.unwrap();
    assert_eq!(audit(&t, "preview.end").await.len(), 1, "ended once, not at every start");
}

#[tokio::test]
async fn prev1_a_drafts_preview_shows_the_draft_read_only() {
    let (_d, t) = fresh().await;
    let (_, ann, _) = globex(&t).await;
    let draft = t
        .draft_create(DraftCreateRequest { name: "Ann to Standard".into(), description: String::new() })
        .await
        .unwrap();
    t.draft_open(DraftRef { draft_id: draft.row.id.clone() }).await.unwrap();
    let people = t
        .partner_people(AccountQuery { account_id: globex_id(&t).await, search: None, offset: None, limit: None })
        .await
        .unwrap();
    let row = people.contacts.iter().find(|c| c.email == "ann@globex.test").unwrap();
    t.partner_update_access(UpdateAccessRequest {
        contact_id: ann.clone(),
        version: row.version,
        portal_role_id: Builtin::StandardPartnerCenter.id().to_string(),
        agent_role_id: None,
        admin_role_id: row.admin_role_id.map(|r| r.to_string()),
        hierarchy_role_id: row.hierarchy_role_id.unwrap().to_string(),
        can_grant_subpartners: false,
    })
    .await
    .unwrap();
    t.draft_close().await.unwrap();

    let live = t.preview_start(start(&ann, "Live")).await.unwrap();
    let drafted = t
        .preview_start(PreviewStartRequest { draft_id: Some(draft.row.id.clone()), ..start(&ann, "The draft") })
        .await
        .unwrap();
    let live_kinds = t.portal_session(&live.label).await.unwrap().kinds;
    let session = t.portal_session(&drafted.label).await.unwrap();
    assert!(session.read_only && session.draft.as_deref() == Some("Ann to Standard"));
    assert!(live_kinds.iter().any(|k| k.kind == RecordKind::Lead), "live: Advanced Partner Center reads leads");
    assert!(session.kinds.is_empty(), "the draft's Standard Partner Center reads no records: {:?}", session.kinds);
    let access = t.portal_my_access(&drafted.label).await.unwrap();
    assert_eq!(access.roles[0].name, "Standard Partner Center");
    let err = t
        .portal_record_create(
            &drafted.label,
            PortalRecordCreate {
                kind: RecordKind::Lead,
                name: "No".into(),
                activity: None,
                department: None,
                location: None,
                class: None,
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("draft"));
    assert!(audit(&t, "record.create").await.is_empty());
}

async fn globex_id(t: &Trellis) -> String {
    let state = t.snapshot().await;
    let id = state.accounts().find(|a| a.name == "Globex").unwrap().id.to_string();
    id
}

/// Issue 17, found 4: a second process on the same file (the CLI's `whoami` while the app
/// has a preview open) must not end the app's preview in the audit log. Only the owner
/// ends it; once the owner is gone (its lock released, as by a crash) the next start does.
#[tokio::test]
async fn prev5_a_second_process_leaves_a_live_owners_preview_open() {
    let (dir, app) = fresh().await;
    let (_, ann, _) = globex(&app).await;
    let started = app.preview_start(start(&ann, "Checking Ann's pipeline")).await.unwrap();
    let path = dir.path().join("trellis.db");
    let sign_in =
        || SignInRequest { email: "olivia@acme.test".into(), password: support::OWNER_PW.into(), remember: false };

    let cli = Trellis::open(&path).await.unwrap();
    cli.auth_sign_in(sign_in()).await.unwrap();
    assert!(audit(&cli, "preview.end").await.is_empty(), "another process ended a live preview");
    drop(cli);
    assert!(app.portal_home(&started.label).await.is_ok(), "the preview works on");

    // Its real end is written, once, by its owner.
    assert!(app.preview_end(&started.label, PreviewEnd::ByManager).await.unwrap());
    let ends = audit(&app, "preview.end").await;
    assert_eq!(ends.len(), 1);
    assert!(!ended_how(&ends[0]).contains("Trellis was closed"), "{:?}", ends[0].changes);

    // A second preview, then the owner dies without ending it: the next start ends it.
    app.preview_start(start(&ann, "Second look")).await.unwrap();
    let owners = std::path::PathBuf::from(format!("{}.owners", path.display()));
    assert_eq!(std::fs::read_dir(&owners).unwrap().count(), 1, "the app holds one owner lock");
    drop(app);
    let next = Trellis::open(&path).await.unwrap();
    next.auth_sign_in(sign_in()).await.unwrap();
    let ends = audit(&next, "preview.end").await;
    assert_eq!(ends.len(), 2, "the orphan is ended");
    assert!(ended_how(&ends[0]).contains("Trellis was closed"), "{:?}", ends[0].changes);
}
