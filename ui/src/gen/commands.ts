// Generated from src-tauri/src/commands.rs — do not edit. Regenerate: TRELLIS_WRITE_TS=1 cargo test --test ipc_contract
// Each command's request and answer, as Rust declares them.
import type { AcceptInviteRequest } from "./AcceptInviteRequest";
import type { AccessGiven } from "./AccessGiven";
import type { AccessReport } from "./AccessReport";
import type { AccessReportQuery } from "./AccessReportQuery";
import type { AccountPeople } from "./AccountPeople";
import type { AccountQuery } from "./AccountQuery";
import type { ActivityDetailPage } from "./ActivityDetailPage";
import type { ActivityDetailRequest } from "./ActivityDetailRequest";
import type { ActivityExportRequest } from "./ActivityExportRequest";
import type { ActivitySaveRequest } from "./ActivitySaveRequest";
import type { ActivitySaved } from "./ActivitySaved";
import type { ActivitySummary } from "./ActivitySummary";
import type { ActivitySummaryRequest } from "./ActivitySummaryRequest";
import type { AuditAnchor } from "./AuditAnchor";
import type { AuditPage } from "./AuditPage";
import type { AuditQuery } from "./AuditQuery";
import type { AuditVerification } from "./AuditVerification";
import type { AuditVerifyRequest } from "./AuditVerifyRequest";
import type { BackupInfo } from "./BackupInfo";
import type { BackupMade } from "./BackupMade";
import type { BulkOutcome } from "./BulkOutcome";
import type { ChangePasswordRequest } from "./ChangePasswordRequest";
import type { ChangeRoleRequest } from "./ChangeRoleRequest";
import type { ContactCreateRequest } from "./ContactCreateRequest";
import type { ContactRef } from "./ContactRef";
import type { CreateWorkspaceRequest } from "./CreateWorkspaceRequest";
import type { CustomerChoice } from "./CustomerChoice";
import type { CustomerQuery } from "./CustomerQuery";
import type { DashboardList } from "./DashboardList";
import type { DashboardRef } from "./DashboardRef";
import type { DashboardSaveRequest } from "./DashboardSaveRequest";
import type { DeepLink } from "./DeepLink";
import type { DeletePartnerRolesRequest } from "./DeletePartnerRolesRequest";
import type { DeliveryReport } from "./DeliveryReport";
import type { DemoRequest } from "./DemoRequest";
import type { DraftChangeRef } from "./DraftChangeRef";
import type { DraftCreateRequest } from "./DraftCreateRequest";
import type { DraftDetail } from "./DraftDetail";
import type { DraftEffectQuery } from "./DraftEffectQuery";
import type { DraftPersonQuery } from "./DraftPersonQuery";
import type { DraftRef } from "./DraftRef";
import type { DraftRow } from "./DraftRow";
import type { EffectPage } from "./EffectPage";
import type { FindingDraftRequest } from "./FindingDraftRequest";
import type { FourEyesRequest } from "./FourEyesRequest";
import type { GiveAccessRequest } from "./GiveAccessRequest";
import type { HierarchyRoleCreateRequest } from "./HierarchyRoleCreateRequest";
import type { HierarchyRoleRow } from "./HierarchyRoleRow";
import type { HierarchyTreeQuery } from "./HierarchyTreeQuery";
import type { IdleLockRequest } from "./IdleLockRequest";
import type { InvitationIssued } from "./InvitationIssued";
import type { InviteRequest } from "./InviteRequest";
import type { ItemAvailabilityRequest } from "./ItemAvailabilityRequest";
import type { ItemCreateRequest } from "./ItemCreateRequest";
import type { ItemRow } from "./ItemRow";
import type { JoinProgress } from "./JoinProgress";
import type { MailInfo } from "./MailInfo";
import type { MailSettingsRequest } from "./MailSettingsRequest";
import type { MailTestResult } from "./MailTestResult";
import type { MemberHierarchyRequest } from "./MemberHierarchyRequest";
import type { MemberListQuery } from "./MemberListQuery";
import type { MemberLoginRequest } from "./MemberLoginRequest";
import type { MemberPage } from "./MemberPage";
import type { MemberRef } from "./MemberRef";
import type { MemberRow } from "./MemberRow";
import type { OutboxMessage } from "./OutboxMessage";
import type { OutboxRef } from "./OutboxRef";
import type { PartnerCreateRequest } from "./PartnerCreateRequest";
import type { PartnerFeatures } from "./PartnerFeatures";
import type { PartnerInvitationIssued } from "./PartnerInvitationIssued";
import type { PartnerLicenceShareRequest } from "./PartnerLicenceShareRequest";
import type { PartnerListQuery } from "./PartnerListQuery";
import type { PartnerOwnerRequest } from "./PartnerOwnerRequest";
import type { PartnerPage } from "./PartnerPage";
import type { PartnerPasswordRequest } from "./PartnerPasswordRequest";
import type { PartnerPasswordReset } from "./PartnerPasswordReset";
import type { PartnerRef } from "./PartnerRef";
import type { PartnerRenameRequest } from "./PartnerRenameRequest";
import type { PartnerRow } from "./PartnerRow";
import type { PasswordCheck } from "./PasswordCheck";
import type { PasswordCheckRequest } from "./PasswordCheckRequest";
import type { PasswordPolicy } from "./PasswordPolicy";
import type { PasswordReset } from "./PasswordReset";
import type { PermissionCatalog } from "./PermissionCatalog";
import type { PersonEffectDetail } from "./PersonEffectDetail";
import type { PortalAddressRequest } from "./PortalAddressRequest";
import type { PortalArrangeRequest } from "./PortalArrangeRequest";
import type { PortalHome } from "./PortalHome";
import type { PortalIdleRequest } from "./PortalIdleRequest";
import type { PortalLoginRequest } from "./PortalLoginRequest";
import type { PortalMyAccess } from "./PortalMyAccess";
import type { PortalRecordCreate } from "./PortalRecordCreate";
import type { PortalRecordPage } from "./PortalRecordPage";
import type { PortalRecordQuery } from "./PortalRecordQuery";
import type { PortalRecordRow } from "./PortalRecordRow";
import type { PortalRecordUpdate } from "./PortalRecordUpdate";
import type { PortalSession } from "./PortalSession";
import type { PortalUserAddRequest } from "./PortalUserAddRequest";
import type { PortalUserCreated } from "./PortalUserCreated";
import type { PortalUserRolesRequest } from "./PortalUserRolesRequest";
import type { PortalUsers } from "./PortalUsers";
import type { PreviewMaxRequest } from "./PreviewMaxRequest";
import type { PreviewRef } from "./PreviewRef";
import type { PreviewRow } from "./PreviewRow";
import type { PreviewStartRequest } from "./PreviewStartRequest";
import type { PreviewStarted } from "./PreviewStarted";
import type { RemoteJoinRequest } from "./RemoteJoinRequest";
import type { RemoteSettingsRequest } from "./RemoteSettingsRequest";
import type { RemoveMembersRequest } from "./RemoveMembersRequest";
import type { ResetMailed } from "./ResetMailed";
import type { ResetPasswordRequest } from "./ResetPasswordRequest";
import type { ResetWithLinkRequest } from "./ResetWithLinkRequest";
import type { ReviewCompleted } from "./ReviewCompleted";
import type { ReviewDecideRequest } from "./ReviewDecideRequest";
import type { ReviewDecided } from "./ReviewDecided";
import type { ReviewFindings } from "./ReviewFindings";
import type { ReviewFindingsQuery } from "./ReviewFindingsQuery";
import type { ReviewItemsPage } from "./ReviewItemsPage";
import type { ReviewItemsQuery } from "./ReviewItemsQuery";
import type { ReviewRef } from "./ReviewRef";
import type { ReviewReminded } from "./ReviewReminded";
import type { ReviewRow } from "./ReviewRow";
import type { ReviewStartRequest } from "./ReviewStartRequest";
import type { RoleCloneRequest } from "./RoleCloneRequest";
import type { RoleCreateRequest } from "./RoleCreateRequest";
import type { RoleDeleted } from "./RoleDeleted";
import type { RoleListQuery } from "./RoleListQuery";
import type { RoleRef } from "./RoleRef";
import type { RoleRow } from "./RoleRow";
import type { RoleUpdateRequest } from "./RoleUpdateRequest";
import type { SavedFile } from "./SavedFile";
import type { SessionInfo } from "./SessionInfo";
import type { SharingRuleRef } from "./SharingRuleRef";
import type { SharingRuleRow } from "./SharingRuleRow";
import type { SharingRuleSaveRequest } from "./SharingRuleSaveRequest";
import type { SignInRequest } from "./SignInRequest";
import type { SyncConnected } from "./SyncConnected";
import type { SyncQueue } from "./SyncQueue";
import type { SyncReport } from "./SyncReport";
import type { SyncResolveRequest } from "./SyncResolveRequest";
import type { SyncStatus } from "./SyncStatus";
import type { TreeNode } from "./TreeNode";
import type { UnlockRequest } from "./UnlockRequest";
import type { UpdateAccessRequest } from "./UpdateAccessRequest";
import type { VisibilityQuery } from "./VisibilityQuery";
import type { VisibilityReport } from "./VisibilityReport";
import type { Why } from "./Why";
import type { WhyPermissionQuery } from "./WhyPermissionQuery";
import type { WhyRecordQuery } from "./WhyRecordQuery";

/** The administration window's commands (capabilities/main.json). */
export interface AdminCommands {
  session_info: { req: void; res: SessionInfo };
  app_first_screen: { req: void; res: null };
  app_take_link: { req: void; res: DeepLink | null };
  password_check: { req: PasswordCheckRequest; res: PasswordCheck };
  auth_sign_in: { req: SignInRequest; res: SessionInfo };
  auth_sign_out: { req: void; res: SessionInfo };
  auth_lock: { req: void; res: SessionInfo };
  auth_unlock: { req: UnlockRequest; res: SessionInfo };
  auth_change_password: { req: ChangePasswordRequest; res: SessionInfo };
  auth_set_idle_lock: { req: IdleLockRequest; res: SessionInfo };
  workspace_create: { req: CreateWorkspaceRequest; res: SessionInfo };
  workspace_create_demo: { req: DemoRequest; res: SessionInfo };
  member_list: { req: MemberListQuery; res: MemberPage };
  member_invite: { req: InviteRequest; res: InvitationIssued };
  member_resend_invite: { req: MemberRef; res: InvitationIssued };
  member_revoke_invite: { req: MemberRef; res: MemberRow };
  member_accept_invite: { req: AcceptInviteRequest; res: MemberRow };
  member_change_role: { req: ChangeRoleRequest; res: BulkOutcome };
  member_remove: { req: RemoveMembersRequest; res: BulkOutcome };
  member_reset_password: { req: ResetPasswordRequest; res: PasswordReset };
  member_require_password_change: { req: MemberRef; res: MemberRow };
  member_send_reset: { req: MemberRef; res: ResetMailed };
  member_reset_with_link: { req: ResetWithLinkRequest; res: MemberRow };
  role_list: { req: RoleListQuery; res: RoleRow[] };
  role_create: { req: RoleCreateRequest; res: RoleRow };
  role_update: { req: RoleUpdateRequest; res: RoleRow };
  role_clone: { req: RoleCloneRequest; res: RoleRow };
  role_delete: { req: RoleRef; res: RoleDeleted };
  permission_catalog: { req: void; res: PermissionCatalog };
  settings_set_password_policy: { req: PasswordPolicy; res: SessionInfo };
  settings_set_partner_features: { req: PartnerFeatures; res: SessionInfo };
  hierarchy_list: { req: void; res: HierarchyRoleRow[] };
  hierarchy_role_create: { req: HierarchyRoleCreateRequest; res: HierarchyRoleRow[] };
  member_set_hierarchy_role: { req: MemberHierarchyRequest; res: MemberRow };
  partner_list: { req: PartnerListQuery; res: PartnerPage };
  partner_create: { req: PartnerCreateRequest; res: PartnerRow };
  partner_rename: { req: PartnerRenameRequest; res: PartnerRow };
  partner_enable: { req: PartnerRef; res: PartnerRow };
  partner_disable: { req: PartnerRef; res: PartnerRow };
  partner_people: { req: AccountQuery; res: AccountPeople };
  contact_create: { req: ContactCreateRequest; res: AccountPeople };
  partner_give_access: { req: GiveAccessRequest; res: AccessGiven };
  partner_revoke_access: { req: ContactRef; res: AccountPeople };
  partner_update_access: { req: UpdateAccessRequest; res: AccountPeople };
  partner_set_password: { req: PartnerPasswordRequest; res: PartnerPasswordReset };
  partner_require_password_change: { req: ContactRef; res: PartnerPasswordReset };
  outbox_list: { req: void; res: OutboxMessage[] };
  outbox_resend: { req: OutboxRef; res: OutboxMessage };
  outbox_cancel: { req: OutboxRef; res: OutboxMessage };
  outbox_send_now: { req: void; res: DeliveryReport };
  partner_change_owner: { req: PartnerOwnerRequest; res: AccountPeople };
  partner_set_licence_share: { req: PartnerLicenceShareRequest; res: AccountPeople };
  hierarchy_add_partner_role: { req: PartnerRef; res: AccountPeople };
  hierarchy_delete_partner_roles: { req: DeletePartnerRolesRequest; res: AccountPeople };
  hierarchy_tree: { req: HierarchyTreeQuery; res: TreeNode[] };
  item_list: { req: void; res: ItemRow[] };
  item_create: { req: ItemCreateRequest; res: ItemRow[] };
  item_set_availability: { req: ItemAvailabilityRequest; res: ItemRow[] };
  sharing_rule_list: { req: void; res: SharingRuleRow[] };
  sharing_rule_save: { req: SharingRuleSaveRequest; res: SharingRuleRow[] };
  sharing_rule_delete: { req: SharingRuleRef; res: SharingRuleRow[] };
  visibility_report: { req: VisibilityQuery; res: VisibilityReport };
  audit_list: { req: AuditQuery; res: AuditPage };
  audit_anchor: { req: void; res: AuditAnchor };
  audit_verify: { req: AuditVerifyRequest; res: AuditVerification };
  auth_activity: { req: void; res: SessionInfo };
  sync_overview: { req: void; res: SyncStatus };
  sync_connect: { req: RemoteSettingsRequest; res: SyncConnected };
  sync_publish: { req: void; res: SyncStatus };
  sync_now: { req: void; res: SyncReport };
  sync_queue: { req: void; res: SyncQueue };
  sync_resolve: { req: SyncResolveRequest; res: SyncStatus };
  sync_join_here: { req: RemoteJoinRequest; res: SessionInfo };
  sync_join_progress: { req: void; res: JoinProgress };
  member_set_db_login: { req: MemberLoginRequest; res: MemberRow };
  draft_create: { req: DraftCreateRequest; res: DraftDetail };
  draft_list: { req: void; res: DraftRow[] };
  draft_show: { req: DraftRef; res: DraftDetail };
  draft_open: { req: DraftRef; res: DraftDetail };
  draft_close: { req: void; res: SessionInfo };
  draft_remove_change: { req: DraftChangeRef; res: DraftDetail };
  draft_approve: { req: DraftRef; res: DraftDetail };
  draft_discard: { req: DraftRef; res: DraftDetail };
  draft_rebase: { req: DraftRef; res: DraftDetail };
  draft_publish: { req: DraftRef; res: DraftDetail };
  draft_effect: { req: DraftEffectQuery; res: EffectPage };
  draft_effect_person: { req: DraftPersonQuery; res: PersonEffectDetail };
  why_permission: { req: WhyPermissionQuery; res: Why };
  why_record: { req: WhyRecordQuery; res: Why };
  settings_set_four_eyes: { req: FourEyesRequest; res: SessionInfo };
  preview_start: { req: PreviewStartRequest; res: PreviewStarted };
  preview_list: { req: void; res: PreviewRow[] };
  preview_close: { req: PreviewRef; res: PreviewRow[] };
  settings_set_preview_max: { req: PreviewMaxRequest; res: SessionInfo };
  settings_set_portal_login: { req: PortalLoginRequest; res: SessionInfo };
  settings_set_portal_idle: { req: PortalIdleRequest; res: SessionInfo };
  settings_set_portal_address: { req: PortalAddressRequest; res: SessionInfo };
  settings_email: { req: void; res: MailInfo };
  settings_set_email: { req: MailSettingsRequest; res: MailInfo };
  settings_clear_email: { req: void; res: SessionInfo };
  settings_email_test: { req: void; res: MailTestResult };
  partner_invite: { req: ContactRef; res: PartnerInvitationIssued };
  audit_export: { req: AuditQuery; res: SavedFile };
  workspace_backup_now: { req: void; res: BackupMade };
  settings_backup_info: { req: void; res: BackupInfo };
  report_activity_summary: { req: ActivitySummaryRequest; res: ActivitySummary };
  dashboard_list: { req: void; res: DashboardList };
  dashboard_save: { req: DashboardSaveRequest; res: DashboardList };
  dashboard_delete: { req: DashboardRef; res: DashboardList };
  report_activity_detail: { req: ActivityDetailRequest; res: ActivityDetailPage };
  report_activity_export: { req: ActivityExportRequest; res: SavedFile };
  access_report: { req: AccessReportQuery; res: AccessReport };
  access_report_export: { req: AccessReportQuery; res: SavedFile };
  review_start: { req: ReviewStartRequest; res: ReviewRow };
  review_list: { req: void; res: ReviewRow[] };
  review_items: { req: ReviewItemsQuery; res: ReviewItemsPage };
  review_decide: { req: ReviewDecideRequest; res: ReviewDecided };
  review_complete: { req: ReviewRef; res: ReviewCompleted };
  review_remind: { req: ReviewRef; res: ReviewReminded };
  review_findings: { req: ReviewFindingsQuery; res: ReviewFindings };
  review_finding_draft: { req: FindingDraftRequest; res: DraftDetail };
  review_evidence_export: { req: ReviewRef; res: SavedFile };
  activity_save: { req: ActivitySaveRequest; res: ActivitySaved };
  customer_choices: { req: CustomerQuery; res: CustomerChoice[] };
  draft_effect_export: { req: DraftRef; res: SavedFile };
}

export const ADMIN_COMMANDS = [
  "session_info",
  "app_first_screen",
  "app_take_link",
  "password_check",
  "auth_sign_in",
  "auth_sign_out",
  "auth_lock",
  "auth_unlock",
  "auth_change_password",
  "auth_set_idle_lock",
  "workspace_create",
  "workspace_create_demo",
  "member_list",
  "member_invite",
  "member_resend_invite",
  "member_revoke_invite",
  "member_accept_invite",
  "member_change_role",
  "member_remove",
  "member_reset_password",
  "member_require_password_change",
  "member_send_reset",
  "member_reset_with_link",
  "role_list",
  "role_create",
  "role_update",
  "role_clone",
  "role_delete",
  "permission_catalog",
  "settings_set_password_policy",
  "settings_set_partner_features",
  "hierarchy_list",
  "hierarchy_role_create",
  "member_set_hierarchy_role",
  "partner_list",
  "partner_create",
  "partner_rename",
  "partner_enable",
  "partner_disable",
  "partner_people",
  "contact_create",
  "partner_give_access",
  "partner_revoke_access",
  "partner_update_access",
  "partner_set_password",
  "partner_require_password_change",
  "outbox_list",
  "outbox_resend",
  "outbox_cancel",
  "outbox_send_now",
  "partner_change_owner",
  "partner_set_licence_share",
  "hierarchy_add_partner_role",
  "hierarchy_delete_partner_roles",
  "hierarchy_tree",
  "item_list",
  "item_create",
  "item_set_availability",
  "sharing_rule_list",
  "sharing_rule_save",
  "sharing_rule_delete",
  "visibility_report",
  "audit_list",
  "audit_anchor",
  "audit_verify",
  "auth_activity",
  "sync_overview",
  "sync_connect",
  "sync_publish",
  "sync_now",
  "sync_queue",
  "sync_resolve",
  "sync_join_here",
  "sync_join_progress",
  "member_set_db_login",
  "draft_create",
  "draft_list",
  "draft_show",
  "draft_open",
  "draft_close",
  "draft_remove_change",
  "draft_approve",
  "draft_discard",
  "draft_rebase",
  "draft_publish",
  "draft_effect",
  "draft_effect_person",
  "why_permission",
  "why_record",
  "settings_set_four_eyes",
  "preview_start",
  "preview_list",
  "preview_close",
  "settings_set_preview_max",
  "settings_set_portal_login",
  "settings_set_portal_idle",
  "settings_set_portal_address",
  "settings_email",
  "settings_set_email",
  "settings_clear_email",
  "settings_email_test",
  "partner_invite",
  "audit_export",
  "workspace_backup_now",
  "settings_backup_info",
  "report_activity_summary",
  "dashboard_list",
  "dashboard_save",
  "dashboard_delete",
  "report_activity_detail",
  "report_activity_export",
  "access_report",
  "access_report_export",
  "review_start",
  "review_list",
  "review_items",
  "review_decide",
  "review_complete",
  "review_remind",
  "review_findings",
  "review_finding_draft",
  "review_evidence_export",
  "activity_save",
  "customer_choices",
  "draft_effect_export",
] as const;

/** PREV-3: the commands a preview window may call (capabilities/preview.json). */
export interface PortalCommands {
  portal_session: { req: void; res: PortalSession };
  portal_home: { req: void; res: PortalHome };
  portal_records: { req: PortalRecordQuery; res: PortalRecordPage };
  portal_record_create: { req: PortalRecordCreate; res: PortalRecordRow };
  portal_record_update: { req: PortalRecordUpdate; res: PortalRecordRow };
  portal_items: { req: void; res: string[] };
  portal_home_arrange: { req: PortalArrangeRequest; res: PortalHome };
  portal_my_access: { req: void; res: PortalMyAccess };
  portal_users: { req: void; res: PortalUsers };
  portal_user_add: { req: PortalUserAddRequest; res: PortalUserCreated };
  portal_user_set_roles: { req: PortalUserRolesRequest; res: PortalUsers };
  portal_end: { req: void; res: null };
}

export const PORTAL_COMMANDS = [
  "portal_session",
  "portal_home",
  "portal_records",
  "portal_record_create",
  "portal_record_update",
  "portal_items",
  "portal_home_arrange",
  "portal_my_access",
  "portal_users",
  "portal_user_add",
  "portal_user_set_roles",
  "portal_end",
] as const;
