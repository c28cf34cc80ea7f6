//! One Tauri command per user action, each a three-line adapter over the command layer.
//! The UI reaches them only through `ui/src/ipc/` (administration) and `ui/src/portal/ipc.ts`
//! (the preview). Which window may call which is Tauri's ACL (`capabilities/`); who may do
//! what is the command layer's.

use tauri::{Manager, Runtime, State};
use trellis_commands::{ApiError, PreviewEnd, Trellis};
use trellis_core::wire::*;

type Res<T> = Result<T, ApiError>;

/// One command as the UI sees it: its name, the Rust type of its request (none for a
/// command without one) and of its answer, and whether a preview window calls it.
#[derive(Debug, Clone, Copy)]
pub struct Signature {
    pub name: &'static str,
    pub req: Option<&'static str>,
    pub res: &'static str,
    pub portal: bool,
}

macro_rules! commands {
    (
        admin { $( $name:ident ( $($req:ty)? ) -> $out:ty ; )* }
        portal { $( $pname:ident ( $($preq:ty)? ) -> $pout:ty ; )* }
    ) => {
        $(
            /// PREV-3: the identity comes from the calling window's label, never the request.
            #[tauri::command]
            async fn $pname<R: Runtime>(webview: tauri::Webview<R>, t: State<'_, Trellis>, $(req: $preq)?) -> Res<$pout> {
                commands!(@portal t, webview, $pname $(, req, $preq)?)
            }
        )*
        $(
            #[tauri::command]
            async fn $name(t: State<'_, Trellis>, $(req: $req)?) -> Res<$out> {
                commands!(@call t, $name $(, req, $req)?)
            }
        )*

        /// Every command with its request and answer types, as written above: the UI's
        /// typed command map (`ui/src/gen/commands.ts`) is generated from this by
        /// `tests/ipc_contract.rs`, so a command is declared once, here.
        pub const SIGNATURES: &[Signature] = &[
            $(Signature { name: stringify!($name), req: commands!(@opt $($req)?), res: stringify!($out), portal: false }),*,
            Signature { name: "app_first_screen", req: None, res: "()", portal: false },
            Signature { name: "audit_export", req: Some("AuditQuery"), res: "SavedFile", portal: false },
            Signature { name: "workspace_backup_now", req: None, res: "BackupMade", portal: false },
            Signature { name: "draft_effect_export", req: Some("DraftRef"), res: "SavedFile", portal: false },
            Signature { name: "report_activity_export", req: Some("ActivityExportRequest"), res: "SavedFile", portal: false },
            Signature { name: "access_report_export", req: Some("AccessReportQuery"), res: "SavedFile", portal: false },
            Signature { name: "review_evidence_export", req: Some("ReviewRef"), res: "SavedFile", portal: false },
            Signature { name: "preview_start", req: Some("PreviewStartRequest"), res: "PreviewStarted", portal: false },
            Signature { name: "preview_close", req: Some("PreviewRef"), res: "Vec<PreviewRow>", portal: false },
            $(Signature { name: stringify!($pname), req: commands!(@opt $($preq)?), res: stringify!($pout), portal: true }),*,
            Signature { name: "portal_end", req: None, res: "()", portal: true },
        ];

        /// Every command the handler serves, for tests that compare it with the lists.
        pub const NAMES: &[&str] = &[
            $(stringify!($name)),*,
            "app_first_screen", "audit_export", "workspace_backup_now", "draft_effect_export", "report_activity_export", "access_report_export",
            "review_evidence_export", "preview_start", "preview_close",
            $(stringify!($pname)),*, "portal_end"
        ];

        pub fn handler<R: Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![
                $($name),*,
                app_first_screen, audit_export, workspace_backup_now, draft_effect_export, report_activity_export, access_report_export,
                review_evidence_export, preview_start, preview_close,
                $($pname),*, portal_end
            ]
        }
    };
    (@opt) => { None };
    (@opt $t:ty) => { Some(stringify!($t)) };
    (@call $t:ident, session_info) => { Ok($t.session_info().await) };
    (@call $t:ident, $name:ident) => { $t.$name().await };
    (@call $t:ident, $name:ident, $req:ident, $ty:ty) => { $t.$name($req).await };
    (@portal $t:ident, $w:ident, $name:ident) => { $t.$name($w.label()).await };
    (@portal $t:ident, $w:ident, $name:ident, $req:ident, $ty:ty) => { $t.$name($w.label(), $req).await };
}

commands! {
  admin {
    session_info() -> SessionInfo;
    app_take_link() -> Option<DeepLink>;
    password_check(PasswordCheckRequest) -> trellis_core::password::PasswordCheck;
    auth_sign_in(SignInRequest) -> SessionInfo;
    auth_sign_out() -> SessionInfo;
    auth_lock() -> SessionInfo;
    auth_unlock(UnlockRequest) -> SessionInfo;
    auth_change_password(ChangePasswordRequest) -> SessionInfo;
    auth_set_idle_lock(IdleLockRequest) -> SessionInfo;
    workspace_create(CreateWorkspaceRequest) -> SessionInfo;
    workspace_create_demo(DemoRequest) -> SessionInfo;
    member_list(MemberListQuery) -> MemberPage;
    member_invite(InviteRequest) -> InvitationIssued;
    member_resend_invite(MemberRef) -> InvitationIssued;
    member_revoke_invite(MemberRef) -> MemberRow;
    member_accept_invite(AcceptInviteRequest) -> MemberRow;
    member_change_role(ChangeRoleRequest) -> BulkOutcome;
    member_remove(RemoveMembersRequest) -> BulkOutcome;
    member_reset_password(ResetPasswordRequest) -> PasswordReset;
    member_require_password_change(MemberRef) -> MemberRow;
    member_send_reset(MemberRef) -> ResetMailed;
    member_reset_with_link(ResetWithLinkRequest) -> MemberRow;
    role_list(RoleListQuery) -> Vec<RoleRow>;
    role_create(RoleCreateRequest) -> RoleRow;
    role_update(RoleUpdateRequest) -> RoleRow;
    role_clone(RoleCloneRequest) -> RoleRow;
    role_delete(RoleRef) -> RoleDeleted;
    permission_catalog() -> PermissionCatalog;
    settings_set_password_policy(trellis_core::password::PasswordPolicy) -> SessionInfo;
    settings_set_partner_features(trellis_core::PartnerFeatures) -> SessionInfo;
    hierarchy_list() -> Vec<HierarchyRoleRow>;
    hierarchy_role_create(HierarchyRoleCreateRequest) -> Vec<HierarchyRoleRow>;
    member_set_hierarchy_role(MemberHierarchyRequest) -> MemberRow;
    partner_list(PartnerListQuery) -> PartnerPage;
    partner_create(PartnerCreateRequest) -> PartnerRow;
    partner_rename(PartnerRenameRequest) -> PartnerRow;
    partner_enable(PartnerRef) -> PartnerRow;
    partner_disable(PartnerRef) -> PartnerRow;
    partner_people(AccountQuery) -> AccountPeople;
    contact_create(ContactCreateRequest) -> AccountPeople;
    partner_give_access(GiveAccessRequest) -> AccessGiven;
    partner_revoke_access(ContactRef) -> AccountPeople;
    partner_update_access(UpdateAccessRequest) -> AccountPeople;
    partner_set_password(PartnerPasswordRequest) -> PartnerPasswordReset;
    partner_require_password_change(ContactRef) -> PartnerPasswordReset;
    outbox_list() -> Vec<OutboxMessage>;
    outbox_resend(OutboxRef) -> OutboxMessage;
    outbox_cancel(OutboxRef) -> OutboxMessage;
    outbox_send_now() -> DeliveryReport;
    partner_change_owner(PartnerOwnerRequest) -> AccountPeople;
    settings_backup_info() -> BackupInfo;
    partner_set_licence_share(PartnerLicenceShareRequest) -> AccountPeople;
    hierarchy_add_partner_role(PartnerRef) -> AccountPeople;
    hierarchy_delete_partner_roles(DeletePartnerRolesRequest) -> AccountPeople;
    hierarchy_tree(HierarchyTreeQuery) -> Vec<TreeNode>;
    item_list() -> Vec<ItemRow>;
    item_create(ItemCreateRequest) -> Vec<ItemRow>;
    item_set_availability(ItemAvailabilityRequest) -> Vec<ItemRow>;
    sharing_rule_list() -> Vec<SharingRuleRow>;
    sharing_rule_save(SharingRuleSaveRequest) -> Vec<SharingRuleRow>;
    sharing_rule_delete(SharingRuleRef) -> Vec<SharingRuleRow>;
    visibility_report(VisibilityQuery) -> VisibilityReport;
    audit_list(AuditQuery) -> AuditPage;
    audit_anchor() -> AuditAnchor;
    audit_verify(AuditVerifyRequest) -> AuditVerification;
    auth_activity() -> SessionInfo;
    sync_overview() -> SyncStatus;
    sync_connect(RemoteSettingsRequest) -> SyncConnected;
    sync_publish() -> SyncStatus;
    sync_now() -> SyncReport;
    sync_queue() -> SyncQueue;
    sync_resolve(SyncResolveRequest) -> SyncStatus;
    sync_join_here(RemoteJoinRequest) -> SessionInfo;
    sync_join_progress() -> JoinProgress;
    member_set_db_login(MemberLoginRequest) -> MemberRow;
    draft_create(DraftCreateRequest) -> DraftDetail;
    draft_list() -> Vec<DraftRow>;
    draft_show(DraftRef) -> DraftDetail;
    draft_open(DraftRef) -> DraftDetail;
    draft_close() -> SessionInfo;
    draft_remove_change(DraftChangeRef) -> DraftDetail;
    draft_approve(DraftRef) -> DraftDetail;
    draft_discard(DraftRef) -> DraftDetail;
    draft_rebase(DraftRef) -> DraftDetail;
    draft_publish(DraftRef) -> DraftDetail;
    draft_effect(DraftEffectQuery) -> EffectPage;
    draft_effect_person(DraftPersonQuery) -> PersonEffectDetail;
    why_permission(WhyPermissionQuery) -> trellis_core::why::Why;
    why_record(WhyRecordQuery) -> trellis_core::why::Why;
    settings_set_four_eyes(FourEyesRequest) -> SessionInfo;
    preview_list() -> Vec<PreviewRow>;
    settings_set_preview_max(PreviewMaxRequest) -> SessionInfo;
    settings_set_portal_login(PortalLoginRequest) -> SessionInfo;
    settings_set_portal_idle(PortalIdleRequest) -> SessionInfo;
    settings_set_portal_address(PortalAddressRequest) -> SessionInfo;
    settings_email() -> MailInfo;
    settings_set_email(MailSettingsRequest) -> MailInfo;
    settings_clear_email() -> SessionInfo;
    settings_email_test() -> MailTestResult;
    partner_invite(ContactRef) -> PartnerInvitationIssued;
    report_activity_summary(ActivitySummaryRequest) -> ActivitySummary;
    access_report(AccessReportQuery) -> AccessReport;
    review_start(ReviewStartRequest) -> ReviewRow;
    review_list() -> Vec<ReviewRow>;
    review_items(ReviewItemsQuery) -> ReviewItemsPage;
    review_decide(ReviewDecideRequest) -> ReviewDecided;
    review_complete(ReviewRef) -> ReviewCompleted;
    review_remind(ReviewRef) -> ReviewReminded;
    review_findings(ReviewFindingsQuery) -> ReviewFindings;
    review_finding_draft(FindingDraftRequest) -> DraftDetail;
    dashboard_list() -> DashboardList;
    dashboard_save(DashboardSaveRequest) -> DashboardList;
    dashboard_delete(DashboardRef) -> DashboardList;
    report_activity_detail(ActivityDetailRequest) -> ActivityDetailPage;
    activity_save(ActivitySaveRequest) -> ActivitySaved;
    customer_choices(CustomerQuery) -> Vec<CustomerChoice>;
  }
  portal {
    portal_session() -> PortalSession;
    portal_home() -> PortalHome;
    portal_home_arrange(PortalArrangeRequest) -> PortalHome;
    portal_records(PortalRecordQuery) -> PortalRecordPage;
    portal_record_create(PortalRecordCreate) -> PortalRecordRow;
    portal_record_update(PortalRecordUpdate) -> PortalRecordRow;
    portal_items() -> Vec<String>;
    portal_my_access() -> PortalMyAccess;
    portal_users() -> PortalUsers;
    portal_user_add(PortalUserAddRequest) -> PortalUserCreated;
    portal_user_set_roles(PortalUserRolesRequest) -> PortalUsers;
  }
}

/// PREV-1: opens the preview session, then its window; a window that cannot open ends the
/// session at once (audited).
#[tauri::command]
async fn preview_start<R: Runtime>(
    app: tauri::AppHandle<R>,
    t: State<'_, Trellis>,
    req: PreviewStartRequest,
) -> Res<PreviewStarted> {
    let started = t.preview_start(req).await?;
    if let Err(e) = crate::preview_window::open(&app, &started) {
        tracing::error!("cannot open the preview window: {e}");
        t.preview_end(&started.label, PreviewEnd::WindowFailed).await?;
        return Err(ApiError::internal("The preview window could not open; the preview was ended"));
    }
    t.preview_window_opened(&started.label);
    Ok(started)
}

/// The window's first screen is painted. Under `TRELLIS_EXIT_AFTER_FIRST_SCREEN` (what
/// `trellis bench` sets when it launches the app) the figures go to stdout and the app exits.
#[tauri::command]
async fn app_first_screen<R: Runtime>(app: tauri::AppHandle<R>, t: State<'_, Trellis>) -> Res<()> {
    let loaded = t.app_first_screen().await?;
    if std::env::var_os(crate::startup::EXIT_AFTER_FIRST_SCREEN).is_some() {
        println!("{}", crate::startup::report(&loaded));
        app.exit(0);
    }
    Ok(())
}

/// "End preview" in the portal: audited, then the window closes.
#[tauri::command]
async fn portal_end<R: Runtime>(webview: tauri::Webview<R>, t: State<'_, Trellis>) -> Res<()> {
    t.portal_end(webview.label()).await?;
    crate::preview_window::close(webview.app_handle(), webview.label());
    Ok(())
}

/// Ends one of the manager's previews from the main window, and closes its window.
#[tauri::command]
async fn preview_close<R: Runtime>(
    app: tauri::AppHandle<R>,
    t: State<'_, Trellis>,
    req: PreviewRef,
) -> Res<Vec<PreviewRow>> {
    let label = req.label.clone();
    let rows = t.preview_close(req).await?;
    crate::preview_window::close(&app, &label);
    Ok(rows)
}

/// DRAFT-2: a draft's effect as CSV, saved by Rust into the user's Downloads folder.
#[tauri::command]
async fn draft_effect_export<R: Runtime>(
    app: tauri::AppHandle<R>,
    t: State<'_, Trellis>,
    req: DraftRef,
) -> Res<SavedFile> {
    let export = t.draft_effect_csv(req).await?;
    let rows = export.csv.lines().count().saturating_sub(1) as u32;
    save_download(&app, &export.file_name, export.csv, rows)
}

/// SEC-2: the filtered audit log as CSV, saved by Rust into the user's Downloads folder
/// (the page never names a path).
#[tauri::command]
async fn audit_export<R: Runtime>(app: tauri::AppHandle<R>, t: State<'_, Trellis>, req: AuditQuery) -> Res<SavedFile> {
    let export = t.audit_export(req).await?;
    save_download(&app, &export.file_name, export.csv, export.rows)
}

/// RPT-1: the activity summary or detail as CSV, streamed by Rust into Downloads.
#[tauri::command]
async fn report_activity_export<R: Runtime>(
    app: tauri::AppHandle<R>,
    t: State<'_, Trellis>,
    req: ActivityExportRequest,
) -> Res<SavedFile> {
    let name = if req.summary { "partner-activity-summary.csv" } else { "partner-activity-detail.csv" };
    let path = download_path(&app, name)?;
    let file = std::fs::File::create(&path).map_err(|e| cannot_save(&path, e))?;
    match t.report_activity_csv(req, file).await {
        Ok(rows) => Ok(SavedFile { path: path.display().to_string(), rows }),
        Err(e) => {
            // Nothing half-written stays behind.
            let _ = std::fs::remove_file(&path);
            Err(e)
        }
    }
}

/// RPT-2: every row of the access report as CSV, streamed by Rust into Downloads.
#[tauri::command]
async fn access_report_export<R: Runtime>(
    app: tauri::AppHandle<R>,
    t: State<'_, Trellis>,
    req: AccessReportQuery,
) -> Res<SavedFile> {
    let path = download_path(&app, "access-report.csv")?;
    let file = std::fs::File::create(&path).map_err(|e| cannot_save(&path, e))?;
    match t.access_report_csv(req, file).await {
        Ok(rows) => Ok(SavedFile { path: path.display().to_string(), rows: rows.min(u32::MAX as u64) as u32 }),
        Err(e) => {
            // Nothing half-written stays behind.
            let _ = std::fs::remove_file(&path);
            Err(e)
        }
    }
}

/// RPT-4: a campaign's evidence as CSV, into Downloads.
#[tauri::command]
async fn review_evidence_export<R: Runtime>(
    app: tauri::AppHandle<R>,
    t: State<'_, Trellis>,
    req: ReviewRef,
) -> Res<SavedFile> {
    let path = download_path(&app, "access-review-evidence.csv")?;
    let file = std::fs::File::create(&path).map_err(|e| cannot_save(&path, e))?;
    match t.review_evidence_csv(req, file).await {
        Ok(rows) => Ok(SavedFile { path: path.display().to_string(), rows }),
        Err(e) => {
            let _ = std::fs::remove_file(&path);
            Err(e)
        }
    }
}

/// Issue 17: a backup of the workspace's file, made while the app uses it, in Downloads.
#[tauri::command]
async fn workspace_backup_now<R: Runtime>(app: tauri::AppHandle<R>, t: State<'_, Trellis>) -> Res<BackupMade> {
    let path = download_path(&app, "trellis-backup.db")?;
    t.workspace_backup(&path).await
}

/// Where an export goes: Downloads (or the app's data folder), stamped so none is overwritten.
fn download_path<R: Runtime>(app: &tauri::AppHandle<R>, file_name: &str) -> Res<std::path::PathBuf> {
    let dir = app
        .path()
        .download_dir()
        .or_else(|_| app.path().app_data_dir())
        .map_err(|e| ApiError::internal(e.to_string()))?;
    std::fs::create_dir_all(&dir).map_err(|e| cannot_save(&dir, e))?;
    let stamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let name = std::path::Path::new(file_name);
    let stem = name.file_stem().and_then(|s| s.to_str()).unwrap_or("export");
    let ext = name.extension().and_then(|e| e.to_str()).unwrap_or("csv");
    Ok(dir.join(format!("{stem}-{stamp}.{ext}")))
}

fn cannot_save(path: &std::path::Path, e: std::io::Error) -> ApiError {
    tracing::error!("cannot write {}: {e}", path.display());
    ApiError::internal(format!("Could not save the export in {}", path.parent().unwrap_or(path).display()))
}

/// Writes an export into Downloads (or the app's data folder), stamped so none is overwritten.
fn save_download<R: Runtime>(app: &tauri::AppHandle<R>, file_name: &str, csv: String, rows: u32) -> Res<SavedFile> {
    let path = download_path(app, file_name)?;
    std::fs::write(&path, csv).map_err(|e| cannot_save(&path, e))?;
    Ok(SavedFile { path: path.display().to_string(), rows })
}
