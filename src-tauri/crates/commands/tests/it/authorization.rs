//! SEC-1: every command, as every built-in internal role, no role, a removed member and a
//! locked session, is allowed exactly when `authz::COMMANDS` (and the role's matrix) say so.
//! A command without an entry here — or without a fixture below — fails this test.

use trellis_commands::authz::{Needs, COMMANDS};
use trellis_commands::{ApiError, ErrorCode, Trellis};
use trellis_core::reports::period::Bucket;
use trellis_core::wire::*;
use trellis_core::{Builtin, PermissionSet};

const OWNER_PW: &str = "quiet harbour lanterns";
const PW: &str = "a member's long passphrase";

#[derive(Clone, Copy, Debug)]
enum Who {
    Role(Builtin),
    NoRole,
    Removed,
    Locked,
}

struct World {
    _dir: tempfile::TempDir,
    t: Trellis,
    target: String,
    pending: String,
    custom_role: String,
    doomed_role: String,
    account: String,
    hierarchy: String,
    contact: String,
    draft: String,
}

async fn member(t: &Trellis, email: &str, role: Option<Builtin>) -> String {
    let row = t
        .member_invite(InviteRequest {
            email: email.into(),
            name: String::new(),
            role_id: role.map(|b| b.id().to_string()),
        })
        .await
        .unwrap();
    t.member_accept_invite(AcceptInviteRequest {
        code: row.code.as_str().into(),
        name: String::new(),
        password: PW.into(),
    })
    .await
    .unwrap();
    row.member.id.to_string()
}

async fn world(who: Who) -> (World, PermissionSet) {
    let dir = tempfile::tempdir().unwrap();
    let t = Trellis::open(&dir.path().join("trellis.db")).await.unwrap();
    t.workspace_create(CreateWorkspaceRequest {
        workspace_name: "Matrix".into(),
        owner_name: "Olivia".into(),
        owner_email: "olivia@acme.test".into(),
        password: OWNER_PW.into(),
    })
    .await
    .unwrap();
    let target = member(&t, "target@acme.test", Some(Builtin::Viewer)).await;
    let pending = t
        .member_invite(InviteRequest {
            email: "pending@acme.test".into(),
            name: String::new(),
            role_id: Some(Builtin::Viewer.id().to_string()),
        })
        .await
        .unwrap()
        .member
        .id
        .to_string();
    let custom_role = t
        .role_clone(RoleCloneRequest { source_id: Builtin::Viewer.id().to_string(), name: "Fixture".into() })
        .await
        .unwrap()
        .id
        .to_string();
    let hierarchy = t
        .hierarchy_role_create(HierarchyRoleCreateRequest { name: "Channel Manager".into(), parent_id: None })
        .await
        .unwrap()[0]
        .id
        .to_string();
    let account = PartnerCreateRequest {
        name: "Fixture Co".into(),
        kind: trellis_core::AccountKind::Business,
        owner_id: target.clone(),
        parent_id: None,
    };
    let account = t.partner_create(account).await.unwrap().id.to_string();
    let contact =
        ContactCreateRequest { account_id: account.clone(), name: "Ann".into(), email: "ann@fixture.test".into() };
    let contact = t.contact_create(contact).await.unwrap().contacts[0].id.to_string();
    let doomed_role = t
        .role_create(RoleCreateRequest {
            name: "Doomed".into(),
            description: String::new(),
            audience: trellis_core::Audience::Internal,
            permissions: vec![],
            group: None,
            restriction: None,
            segments: None,
        })
        .await
        .unwrap()
        .id
        .to_string();
    let draft =
        t.draft_create(DraftCreateRequest { name: "Fixture".into(), description: String::new() }).await.unwrap();
    let draft = draft.row.id;
    let (email, role) = match who {
        Who::Role(Builtin::Owner) | Who::Locked => ("olivia@acme.test", Some(Builtin::Owner)),
        Who::Role(b) => ("actor@acme.test", Some(b)),
        Who::NoRole => ("actor@acme.test", None),
        Who::Removed => ("actor@acme.test", Some(Builtin::Admin)),
    };
    if email != "olivia@acme.test" {
        member(&t, email, role).await;
    }
    t.auth_sign_out().await.unwrap();
    let password = if email == "olivia@acme.test" { OWNER_PW } else { PW };
    t.auth_sign_in(SignInRequest { email: email.into(), password: password.into(), remember: false }).await.unwrap();
    match who {
        Who::Removed => {
            let me = t.session_info().await.me.unwrap().id.to_string();
            t.member_remove(RemoveMembersRequest { member_ids: vec![me] }).await.unwrap();
        }
        Who::Locked => {
            t.auth_lock().await.unwrap();
        }
        _ => {}
    }
    let perms = match who {
        Who::Role(b) => b.permissions(),
        _ => PermissionSet::EMPTY,
    };
    (World { _dir: dir, t, target, pending, custom_role, doomed_role, account, hierarchy, contact, draft }, perms)
}

fn all() -> MemberListQuery {
    MemberListQuery { tab: MemberTab::All, search: String::new(), removed: false, offset: 0, limit: 10, sort: None }
}

/// Calls `name` with a harmless, valid-looking request. `Err` carries the refusal.
async fn call(w: &World, name: &str) -> Result<(), ApiError> {
    let t = &w.t;
    match name {
        "app_first_screen" => t.app_first_screen().await.map(drop),
        "app_take_link" => t.app_take_link().await.map(drop),
        "session_info" => {
            t.session_info().await;
            Ok(())
        }
        "password_check" => t
            .password_check(PasswordCheckRequest { password: "x".into(), email: String::new(), name: String::new() })
            .await
            .map(drop),
        "auth_sign_in" => t
            .auth_sign_in(SignInRequest { email: "nobody@acme.test".into(), password: "wrong".into(), remember: false })
            .await
            .map(drop),
        "auth_sign_out" => t.auth_sign_out().await.map(drop),
        "auth_unlock" => t.auth_unlock(UnlockRequest { password: "wrong password".into() }).await.map(drop),
        "auth_activity" => t.auth_activity().await.map(drop),
        "auth_lock" => t.auth_lock().await.map(drop),
        "auth_change_password" => t
            .auth_change_password(ChangePasswordRequest {
                current_password: "wrong".into(),
                new_password: "whatever it is now".into(),
            })
            .await
            .map(drop),
        "auth_set_idle_lock" => t.auth_set_idle_lock(IdleLockRequest { minutes: 15 }).await.map(drop),
        "workspace_create" => t
            .workspace_create(CreateWorkspaceRequest {
                workspace_name: "X".into(),
                owner_name: "X".into(),
                owner_email: "x@acme.test".into(),
                password: OWNER_PW.into(),
            })
            .await
            .map(drop),
        "workspace_create_demo" => t.workspace_create_demo(DemoRequest { members: None }).await.map(drop),
        "permission_catalog" => t.permission_catalog().await.map(drop),
        "member_accept_invite" => t
            .member_accept_invite(AcceptInviteRequest {
                code: "no such code".into(),
                name: String::new(),
                password: "short".into(),
            })
            .await
            .map(drop),
        "member_list" => t.member_list(all()).await.map(drop),
        "member_invite" => t
            .member_invite(InviteRequest { email: "new@acme.test".into(), name: String::new(), role_id: None })
            .await
            .map(drop),
        "member_resend_invite" => t.member_resend_invite(MemberRef { member_id: w.pending.clone() }).await.map(drop),
        "member_revoke_invite" => t.member_revoke_invite(MemberRef { member_id: w.pending.clone() }).await.map(drop),
        "member_change_role" => t
            .member_change_role(ChangeRoleRequest {
                member_ids: vec![w.target.clone()],
                role_id: Some(Builtin::Viewer.id().to_string()),
            })
            .await
            .map(drop),
        "member_remove" => t.member_remove(RemoveMembersRequest { member_ids: vec![w.target.clone()] }).await.map(drop),
        "member_reset_password" => t
            .member_reset_password(ResetPasswordRequest {
                member_id: w.target.clone(),
                password: None,
                require_change: false,
            })
            .await
            .map(drop),
        "member_require_password_change" => {
            t.member_require_password_change(MemberRef { member_id: w.target.clone() }).await.map(drop)
        }
        "member_send_reset" => t.member_send_reset(MemberRef { member_id: w.target.clone() }).await.map(drop),
        "member_reset_with_link" => t
            .member_reset_with_link(ResetWithLinkRequest {
                code: "ABCDE-FGHJK-LMNPQ-RSTUV".into(),
                password: "a fine new passphrase".into(),
            })
            .await
            .map(drop),
        "role_list" => t.role_list(RoleListQuery { audience: None }).await.map(drop),
        "role_create" => t
            .role_create(RoleCreateRequest {
                name: "New".into(),
                description: String::new(),
                audience: trellis_core::Audience::Internal,
                permissions: vec![],
                group: None,
                restriction: None,
                segments: None,
            })
            .await
            .map(drop),
        "role_update" => t
            .role_update(RoleUpdateRequest {
                role_id: w.custom_role.clone(),
                version: 1,
                name: "Fixture".into(),
                description: String::new(),
                permissions: vec!["leads.read".into()],
                restriction: None,
                segments: None,
            })
            .await
            .map(drop),
        "role_clone" => t
            .role_clone(RoleCloneRequest { source_id: w.custom_role.clone(), name: "Fixture copy".into() })
            .await
            .map(drop),
        "role_delete" => t.role_delete(RoleRef { role_id: w.doomed_role.clone() }).await.map(drop),
        "settings_set_password_policy" => t
            .settings_set_password_policy(trellis_core::password::PasswordPolicy { min_length: 15, max_length: 128 })
            .await
            .map(drop),
        "settings_set_partner_features" => {
            let features =
                trellis_core::PartnerFeatures { partner_access: true, advanced_partner_access: false, licences: 10 };
            t.settings_set_partner_features(features).await.map(drop)
        }
        "hierarchy_list" => t.hierarchy_list().await.map(drop),
        "hierarchy_role_create" => t
            .hierarchy_role_create(HierarchyRoleCreateRequest { name: "Fresh".into(), parent_id: None })
            .await
            .map(drop),
        "member_set_hierarchy_role" => {
            let req =
                MemberHierarchyRequest { member_id: w.target.clone(), hierarchy_role_id: Some(w.hierarchy.clone()) };
            t.member_set_hierarchy_role(req).await.map(drop)
        }
        "partner_list" => t
            .partner_list(PartnerListQuery {
                search: String::new(),
                status: PartnerStatusFilter::All,
                kind: None,
                owner_id: None,
                offset: 0,
                limit: None,
                sort: None,
            })
            .await
            .map(drop),
        "partner_create" => {
            let kind = trellis_core::AccountKind::Business;
            let req = PartnerCreateRequest { name: "New Co".into(), kind, owner_id: w.target.clone(), parent_id: None };
            t.partner_create(req).await.map(drop)
        }
        "partner_rename" => {
            let req = PartnerRenameRequest { account_id: w.account.clone(), version: 1, name: "Renamed Co".into() };
            t.partner_rename(req).await.map(drop)
        }
        "partner_enable" => t.partner_enable(PartnerRef { account_id: w.account.clone() }).await.map(drop),
        "partner_disable" => t.partner_disable(PartnerRef { account_id: w.account.clone() }).await.map(drop),
        "partner_people" => t.partner_people(AccountQuery::of(w.account.clone())).await.map(drop),
        "contact_create" => {
            let req = ContactCreateRequest {
                account_id: w.account.clone(),
                name: "Bo".into(),
                email: "bo@fixture.test".into(),
            };
            t.contact_create(req).await.map(drop)
        }
        "partner_give_access" => {
            let req = GiveAccessRequest {
                contact_id: w.contact.clone(),
                portal_role_id: Builtin::StandardPartnerCenter.id().to_string(),
                agent_role_id: None,
                admin_role_id: None,
                hierarchy_role_id: None,
                can_grant_subpartners: false,
                delivery: Delivery::Notification,
            };
            t.partner_give_access(req).await.map(drop)
        }
        "partner_update_access" => {
            let req = UpdateAccessRequest {
                contact_id: w.contact.clone(),
                version: 1,
                portal_role_id: Builtin::StandardPartnerCenter.id().to_string(),
                agent_role_id: None,
                admin_role_id: None,
                hierarchy_role_id: w.hierarchy.clone(),
                can_grant_subpartners: false,
            };
            t.partner_update_access(req).await.map(drop)
        }
        "partner_set_password" => {
            let req = PartnerPasswordRequest { contact_id: w.contact.clone(), password: None, require_change: false };
            t.partner_set_password(req).await.map(drop)
        }
        "partner_require_password_change" => {
            t.partner_require_password_change(ContactRef { contact_id: w.contact.clone() }).await.map(drop)
        }
        "outbox_list" => t.outbox_list().await.map(drop),
        "outbox_resend" => t.outbox_resend(OutboxRef { id: uuid::Uuid::now_v7().to_string() }).await.map(drop),
        "outbox_cancel" => t.outbox_cancel(OutboxRef { id: uuid::Uuid::now_v7().to_string() }).await.map(drop),
        "outbox_send_now" => t.outbox_send_now().await.map(drop),
        "settings_email" => t.settings_email().await.map(drop),
        "settings_set_email" => {
            let req = MailSettingsRequest {
                host: "127.0.0.1".into(),
                port: 1,
                security: trellis_core::mail::MailSecurity::None,
                user: None,
                password: None,
                from_name: "Matrix".into(),
                from_address: "partners@acme.test".into(),
            };
            t.settings_set_email(req).await.map(drop)
        }
        "settings_clear_email" => t.settings_clear_email().await.map(drop),
        "settings_email_test" => t.settings_email_test().await.map(drop),
        "partner_change_owner" => {
            let req = PartnerOwnerRequest { account_id: w.account.clone(), version: 1, owner_id: w.target.clone() };
            t.partner_change_owner(req).await.map(drop)
        }
        "partner_set_licence_share" => {
            let req = PartnerLicenceShareRequest { account_id: w.account.clone(), version: 1, share: Some(3) };
            t.partner_set_licence_share(req).await.map(drop)
        }
        "hierarchy_add_partner_role" => {
            t.hierarchy_add_partner_role(PartnerRef { account_id: w.account.clone() }).await.map(drop)
        }
        "hierarchy_delete_partner_roles" => {
            let req = DeletePartnerRolesRequest {
                account_id: w.account.clone(),
                role_ids: vec![w.hierarchy.clone()],
                move_to: None,
            };
            t.hierarchy_delete_partner_roles(req).await.map(drop)
        }
        "hierarchy_tree" => t.hierarchy_tree(HierarchyTreeQuery { search: String::new() }).await.map(drop),
        "item_list" => t.item_list().await.map(drop),
        "item_create" => {
            let req = ItemCreateRequest { name: "Fixture item".into(), available_in_partner_center: false };
            t.item_create(req).await.map(drop)
        }
        "item_set_availability" => {
            let req = ItemAvailabilityRequest { item_id: w.target.clone(), available_in_partner_center: true };
            t.item_set_availability(req).await.map(drop)
        }
        "dashboard_list" => t.dashboard_list().await.map(drop),
        "dashboard_save" => {
            let req = DashboardSaveRequest {
                dashboard_id: None,
                version: None,
                name: "Fixture dashboard".into(),
                tiles: vec![trellis_core::dashboards::TileKind::OpenOpportunities],
                role_ids: vec![],
                publish_to: Default::default(),
                locked: false,
            };
            t.dashboard_save(req).await.map(drop)
        }
        "dashboard_delete" => {
            t.dashboard_delete(DashboardRef { dashboard_id: w.target.clone(), version: 1 }).await.map(drop)
        }
        "sharing_rule_list" => t.sharing_rule_list().await.map(drop),
        "sharing_rule_save" => {
            let req = SharingRuleSaveRequest {
                rule_id: None,
                version: None,
                name: "Fixture rule".into(),
                kind: trellis_core::RecordKind::Lead,
                source_role_id: w.hierarchy.clone(),
                grantee_kind: GranteeKind::Account,
                grantee_id: w.account.clone(),
                access: trellis_core::ShareAccess::Read,
            };
            t.sharing_rule_save(req).await.map(drop)
        }
        "sharing_rule_delete" => t.sharing_rule_delete(SharingRuleRef { rule_id: w.target.clone() }).await.map(drop),
        "preview_start" => {
            let req = PreviewStartRequest {
                contact_id: w.contact.clone(),
                reason: "Authorization matrix".into(),
                minutes: None,
                draft_id: None,
            };
            t.preview_start(req).await.map(drop)
        }
        "preview_list" => t.preview_list().await.map(drop),
        "preview_close" => t.preview_close(PreviewRef { label: "preview-none".into() }).await.map(drop),
        "settings_set_preview_max" => t.settings_set_preview_max(PreviewMaxRequest { minutes: 45 }).await.map(drop),
        "settings_set_portal_login" => {
            t.settings_set_portal_login(PortalLoginRequest { login: Some("portal_web".into()) }).await.map(drop)
        }
        "settings_set_portal_idle" => t.settings_set_portal_idle(PortalIdleRequest { minutes: 20 }).await.map(drop),
        "settings_set_portal_address" => {
            let req = PortalAddressRequest { url: Some("https://partners.example.com".into()) };
            t.settings_set_portal_address(req).await.map(drop)
        }
        "partner_invite" => t.partner_invite(ContactRef { contact_id: w.contact.clone() }).await.map(drop),
        "visibility_report" => {
            let q = VisibilityQuery { contact_id: Some(w.contact.clone()), member_id: None, kind: None, at: None };
            t.visibility_report(q).await.map(drop)
        }
        "partner_revoke_access" => {
            t.partner_revoke_access(ContactRef { contact_id: w.contact.clone() }).await.map(drop)
        }
        "audit_list" => t.audit_list(AuditQuery::default()).await.map(drop),
        "audit_anchor" => t.audit_anchor().await.map(drop),
        "access_report" => t.access_report(Default::default()).await.map(drop),
        "access_report_export" => t.access_report_csv(Default::default(), std::io::sink()).await.map(drop),
        "audit_verify" => t.audit_verify(Default::default()).await.map(drop),
        "review_start" => {
            let req = ReviewStartRequest {
                name: "Fixture review".into(),
                people: trellis_core::reviews::ReviewPeople::PartnerUsers,
                account_ids: vec![],
                role_ids: vec![],
                changed_only: false,
                due: 4_000_000_000_000,
                fallback_id: None,
            };
            t.review_start(req).await.map(drop)
        }
        "review_list" => t.review_list().await.map(drop),
        "review_findings" => t.review_findings(Default::default()).await.map(drop),
        "review_finding_draft" => {
            let req = FindingDraftRequest { kind: FindingKind::AccountsWithoutUsers, quiet_days: None };
            t.review_finding_draft(req).await.map(drop)
        }
        "review_items" | "review_decide" | "review_complete" | "review_remind" | "review_evidence_export" => {
            let review_id = trellis_core::ReviewId::new_v7().to_string();
            match name {
                "review_items" => {
                    let q = ReviewItemsQuery { review_id, filter: Default::default(), offset: 0, limit: None };
                    t.review_items(q).await.map(drop)
                }
                "review_decide" => {
                    let req = ReviewDecideRequest {
                        review_id,
                        people: vec![],
                        filter: Some(Default::default()),
                        verdict: "keep".into(),
                        role_id: None,
                        comment: String::new(),
                    };
                    t.review_decide(req).await.map(drop)
                }
                "review_complete" => t.review_complete(ReviewRef { review_id }).await.map(drop),
                "review_remind" => t.review_remind(ReviewRef { review_id }).await.map(drop),
                _ => t.review_evidence_csv(ReviewRef { review_id }, std::io::sink()).await.map(drop),
            }
        }
        "audit_export" => t.audit_export(AuditQuery::default()).await.map(drop),
        "workspace_backup_now" => {
            let to = std::env::temp_dir().join(format!("trellis-authz-{}.db", uuid::Uuid::now_v7()));
            let made = t.workspace_backup(&to).await.map(drop);
            let _ = std::fs::remove_file(&to);
            made
        }
        "settings_backup_info" => t.settings_backup_info().await.map(drop),
        "report_activity_summary" | "report_activity_detail" | "report_activity_export" => {
            let filter = ActivityFilterRequest {
                from: "2026-01-01".into(),
                to: "2026-03-31".into(),
                tz: Some("Europe/Paris".into()),
                ..Default::default()
            };
            match name {
                "report_activity_summary" => {
                    let req = ActivitySummaryRequest { filter, bucket: Bucket::Week, expand: None };
                    t.report_activity_summary(req).await.map(drop)
                }
                "report_activity_detail" => {
                    let req = ActivityDetailRequest {
                        filter,
                        search: String::new(),
                        sort: ActivitySort::At,
                        descending: false,
                        page: 0,
                        page_size: None,
                    };
                    t.report_activity_detail(req).await.map(drop)
                }
                _ => {
                    let req = ActivityExportRequest { filter, summary: true, search: String::new() };
                    t.report_activity_csv(req, std::io::sink()).await.map(drop)
                }
            }
        }
        "activity_save" => {
            let req = ActivitySaveRequest {
                id: None,
                version: None,
                kind: trellis_core::ActivityType::Call,
                subject: "Intro call".into(),
                at: 1_767_225_600_000,
                customer_id: None,
            };
            t.activity_save(req).await.map(drop)
        }
        "customer_choices" => t.customer_choices(CustomerQuery::default()).await.map(drop),
        "sync_overview" => t.sync_overview().await.map(drop),
        "sync_now" => t.sync_now().await.map(drop),
        "sync_queue" => t.sync_queue().await.map(drop),
        "sync_resolve" => {
            t.sync_resolve(SyncResolveRequest { id: w.target.clone(), keep: Keep::Theirs }).await.map(drop)
        }
        "sync_connect" | "sync_join_here" => {
            let remote = RemoteSettingsRequest {
                host: String::new(),
                port: 5432,
                database: "trellis".into(),
                user: "fixture".into(),
                password: "unused".into(),
                tls: RemoteTls::Require,
                ca_file: None,
            };
            if name == "sync_connect" {
                t.sync_connect(remote).await.map(drop)
            } else {
                t.sync_join_here(RemoteJoinRequest { remote, workspace: None }).await.map(drop)
            }
        }
        "sync_publish" => t.sync_publish().await.map(drop),
        "sync_join_progress" => t.sync_join_progress().await.map(drop),
        "member_set_db_login" => {
            let req = MemberLoginRequest { member_id: w.target.clone(), login: Some("fixture_login".into()) };
            t.member_set_db_login(req).await.map(drop)
        }
        "draft_create" => {
            t.draft_create(DraftCreateRequest { name: "Another".into(), description: String::new() }).await.map(drop)
        }
        "draft_list" => t.draft_list().await.map(drop),
        "draft_show" => t.draft_show(draft(w)).await.map(drop),
        "draft_open" => {
            let opened = t.draft_open(draft(w)).await.map(drop);
            t.draft_close().await.ok();
            opened
        }
        "draft_close" => t.draft_close().await.map(drop),
        "draft_remove_change" => {
            t.draft_remove_change(DraftChangeRef { draft_id: w.draft.clone(), index: 0 }).await.map(drop)
        }
        "draft_approve" => t.draft_approve(draft(w)).await.map(drop),
        "draft_discard" => t.draft_discard(draft(w)).await.map(drop),
        "draft_rebase" => t.draft_rebase(draft(w)).await.map(drop),
        "draft_publish" => t.draft_publish(draft(w)).await.map(drop),
        "draft_effect" => t
            .draft_effect(DraftEffectQuery {
                draft_id: w.draft.clone(),
                search: None,
                filter: None,
                permission: None,
                offset: None,
                limit: None,
            })
            .await
            .map(drop),
        "draft_effect_person" => {
            let person = trellis_core::Person::Member(trellis_core::MemberId::parse(&w.target, "t").unwrap());
            t.draft_effect_person(DraftPersonQuery { draft_id: w.draft.clone(), person }).await.map(drop)
        }
        "draft_effect_export" => t.draft_effect_csv(draft(w)).await.map(drop),
        "why_permission" => {
            let person = trellis_core::Person::Member(trellis_core::MemberId::parse(&w.target, "t").unwrap());
            t.why_permission(WhyPermissionQuery { person, permission: "leads.read".into(), draft_id: None, at: None })
                .await
                .map(drop)
        }
        "why_record" => {
            let person = trellis_core::Person::Member(trellis_core::MemberId::parse(&w.target, "t").unwrap());
            let record_id = trellis_core::RecordId::new_v7().to_string();
            t.why_record(WhyRecordQuery { person, record_id, draft_id: None, at: None }).await.map(drop)
        }
        "settings_set_four_eyes" => t.settings_set_four_eyes(FourEyesRequest { on: false }).await.map(drop),
        other => panic!("no fixture for command '{other}': add one to tests/it/authorization.rs"),
    }
}

fn draft(w: &World) -> DraftRef {
    DraftRef { draft_id: w.draft.clone() }
}

/// A refusal for lack of authority (not a rule or input problem with the request).
fn denied(r: &Result<(), ApiError>) -> bool {
    matches!(r, Err(e) if e.code == ErrorCode::Forbidden || (e.code == ErrorCode::Session && e.field.is_none()))
}

#[tokio::test]
async fn every_command_is_allowed_exactly_when_the_matrix_says_so() {
    let cases = [
        Who::Role(Builtin::Owner),
        Who::Role(Builtin::Admin),
        Who::Role(Builtin::Member),
        Who::Role(Builtin::Viewer),
        Who::NoRole,
        Who::Removed,
        Who::Locked,
    ];
    // Commands that end or lock the session run last, so they do not hide the others.
    let last = ["auth_lock", "auth_sign_out"];
    let mut order: Vec<_> = COMMANDS.iter().filter(|(n, _)| !last.contains(n)).collect();
    order.extend(last.iter().map(|l| COMMANDS.iter().find(|(n, _)| n == l).expect("listed")));
    let mut checked = 0;
    for who in cases {
        let (w, perms) = world(who).await;
        let usable = matches!(who, Who::Role(_) | Who::NoRole);
        for (name, needs) in &order {
            let expected = match needs {
                Needs::Public => true,
                Needs::SignedIn => usable,
                Needs::All(list) => usable && list.iter().all(|p| perms.contains(*p)),
                Needs::Any(any, all) => {
                    usable && any.iter().any(|p| perms.contains(*p)) && all.iter().all(|p| perms.contains(*p))
                }
            };
            let result = call(&w, name).await;
            assert_eq!(!denied(&result), expected, "{name} as {who:?}: {result:?}");
            checked += 1;
        }
    }
    assert_eq!(checked, COMMANDS.len() * 7);
}
