//! One Tauri command per user action, each a three-line adapter over the command layer.
//! The UI reaches them only through `ui/src/ipc/`.

use tauri::State;
use trellis_commands::{ApiError, Trellis};
use trellis_core::wire::*;

type Res<T> = Result<T, ApiError>;

macro_rules! commands {
    ($( $name:ident ( $($req:ty)? ) -> $out:ty ; )*) => {
        $(
            #[tauri::command]
            async fn $name(t: State<'_, Trellis>, $(req: $req)?) -> Res<$out> {
                commands!(@call t, $name $(, req, $req)?)
            }
        )*

        /// Every command name, for the handler and for tests that check the UI's list.
        pub const NAMES: &[&str] = &[$(stringify!($name)),*, "audit_export"];

        pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($name),*, audit_export]
        }
    };
    (@call $t:ident, session_info) => { Ok($t.session_info().await) };
    (@call $t:ident, $name:ident) => { $t.$name().await };
    (@call $t:ident, $name:ident, $req:ident, $ty:ty) => { $t.$name($req).await };
}

commands! {
    session_info() -> SessionInfo;
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
    member_invite(InviteRequest) -> MemberRow;
    member_resend_invite(MemberRef) -> MemberRow;
    member_revoke_invite(MemberRef) -> MemberRow;
    member_accept_invite(AcceptInviteRequest) -> MemberRow;
    member_change_role(ChangeRoleRequest) -> BulkOutcome;
    member_remove(RemoveMembersRequest) -> BulkOutcome;
    member_reset_password(ResetPasswordRequest) -> PasswordReset;
    member_require_password_change(MemberRef) -> MemberRow;
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
    partner_change_owner(PartnerOwnerRequest) -> AccountPeople;
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
    portal_add_user(PortalAddUserRequest) -> PortalUserAdded;
    audit_list(AuditQuery) -> AuditPage;
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
}

/// SEC-2: the filtered audit log as CSV, saved by Rust into the user's Downloads folder
/// (the page never names a path).
#[tauri::command]
async fn audit_export(app: tauri::AppHandle, t: State<'_, Trellis>, req: AuditQuery) -> Res<SavedFile> {
    use tauri::Manager;
    let export = t.audit_export(req).await?;
    let dir = app
        .path()
        .download_dir()
        .or_else(|_| app.path().app_data_dir())
        .map_err(|e| ApiError::internal(e.to_string()))?;
    let stamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let path = dir.join(export.file_name.replace(".csv", &format!("-{stamp}.csv")));
    std::fs::create_dir_all(&dir).and_then(|_| std::fs::write(&path, export.csv)).map_err(|e| {
        tracing::error!("cannot write {}: {e}", path.display());
        ApiError::internal(format!("Could not save the export in {}", dir.display()))
    })?;
    Ok(SavedFile { path: path.display().to_string(), rows: export.rows })
}
