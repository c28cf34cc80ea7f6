// The one module that talks to the Rust side. Every command is typed with the
// ts-rs-generated request/response types; a wrong name or payload fails to compile.
import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import { invalidateAfter } from "./invalidates";
import { ADMIN_COMMANDS, type AdminCommands } from "../gen/commands";
import type { AcceptInviteRequest } from "../gen/AcceptInviteRequest";
import type { ActivityDetailRequest } from "../gen/ActivityDetailRequest";
import type { ActivityExportRequest } from "../gen/ActivityExportRequest";
import type { ActivitySaveRequest } from "../gen/ActivitySaveRequest";
import type { ActivitySummaryRequest } from "../gen/ActivitySummaryRequest";
import type { CustomerQuery } from "../gen/CustomerQuery";
import type { DashboardRef } from "../gen/DashboardRef";
import type { DashboardSaveRequest } from "../gen/DashboardSaveRequest";
import type { ChangeRoleRequest } from "../gen/ChangeRoleRequest";
import type { CreateWorkspaceRequest } from "../gen/CreateWorkspaceRequest";
import type { DemoRequest } from "../gen/DemoRequest";
import type { InviteRequest } from "../gen/InviteRequest";
import type { MemberListQuery } from "../gen/MemberListQuery";
import type { MemberPage } from "../gen/MemberPage";
import type { MemberRef } from "../gen/MemberRef";
import type { MemberRow } from "../gen/MemberRow";
import type { PermissionCatalog } from "../gen/PermissionCatalog";
import type { RemoveMembersRequest } from "../gen/RemoveMembersRequest";
import type { RoleCloneRequest } from "../gen/RoleCloneRequest";
import type { RoleCreateRequest } from "../gen/RoleCreateRequest";
import type { RoleListQuery } from "../gen/RoleListQuery";
import type { RoleRef } from "../gen/RoleRef";
import type { RoleRow } from "../gen/RoleRow";
import type { RoleUpdateRequest } from "../gen/RoleUpdateRequest";
import type { RuleError } from "../gen/RuleError";
import type { SessionInfo } from "../gen/SessionInfo";
import type { AuditCsv } from "../gen/AuditCsv";
import type { DraftCreateRequest } from "../gen/DraftCreateRequest";
import type { DraftRef } from "../gen/DraftRef";
import type { DraftChangeRef } from "../gen/DraftChangeRef";
import type { DraftRow } from "../gen/DraftRow";
import type { DraftDetail } from "../gen/DraftDetail";
import type { DraftEffectQuery } from "../gen/DraftEffectQuery";
import type { EffectPage } from "../gen/EffectPage";
import type { DraftPersonQuery } from "../gen/DraftPersonQuery";
import type { PersonEffectDetail } from "../gen/PersonEffectDetail";
import type { WhyPermissionQuery } from "../gen/WhyPermissionQuery";
import type { WhyRecordQuery } from "../gen/WhyRecordQuery";
import type { Why } from "../gen/Why";
import type { FourEyesRequest } from "../gen/FourEyesRequest";
import type { PreviewStartRequest } from "../gen/PreviewStartRequest";
import type { PreviewRef } from "../gen/PreviewRef";
import type { PreviewMaxRequest } from "../gen/PreviewMaxRequest";
import type { PersonEffect } from "../gen/PersonEffect";
import type { RecordChangeRow } from "../gen/RecordChangeRow";
import type { EffectFilter } from "../gen/EffectFilter";
import type { DraftState } from "../gen/DraftState";
import type { EffectSummary } from "../gen/EffectSummary";
import type { AuditPage } from "../gen/AuditPage";
import type { AuditQuery } from "../gen/AuditQuery";
import type { AuditVerifyRequest } from "../gen/AuditVerifyRequest";
import type { AccessReportQuery } from "../gen/AccessReportQuery";
import type { ReviewStartRequest } from "../gen/ReviewStartRequest";
import type { ReviewItemsQuery } from "../gen/ReviewItemsQuery";
import type { ReviewDecideRequest } from "../gen/ReviewDecideRequest";
import type { ReviewRef } from "../gen/ReviewRef";
import type { ReviewFindingsQuery } from "../gen/ReviewFindingsQuery";
import type { FindingDraftRequest } from "../gen/FindingDraftRequest";
import type { ChangePasswordRequest } from "../gen/ChangePasswordRequest";
import type { IdleLockRequest } from "../gen/IdleLockRequest";
import type { PasswordCheck } from "../gen/PasswordCheck";
import type { PasswordCheckRequest } from "../gen/PasswordCheckRequest";
import type { ResetPasswordRequest } from "../gen/ResetPasswordRequest";
import type { ResetWithLinkRequest } from "../gen/ResetWithLinkRequest";
import type { PasswordPolicy } from "../gen/PasswordPolicy";
import type { HierarchyRoleCreateRequest } from "../gen/HierarchyRoleCreateRequest";
import type { HierarchyRoleRow } from "../gen/HierarchyRoleRow";
import type { MemberHierarchyRequest } from "../gen/MemberHierarchyRequest";
import type { PartnerCreateRequest } from "../gen/PartnerCreateRequest";
import type { PartnerFeatures } from "../gen/PartnerFeatures";
import type { PartnerListQuery } from "../gen/PartnerListQuery";
import type { PartnerPage } from "../gen/PartnerPage";
import type { PartnerRef } from "../gen/PartnerRef";
import type { PartnerRenameRequest } from "../gen/PartnerRenameRequest";
import type { PartnerRow } from "../gen/PartnerRow";
import type { AccountPeople } from "../gen/AccountPeople";
import type { AccountQuery } from "../gen/AccountQuery";
import type { ContactCreateRequest } from "../gen/ContactCreateRequest";
import type { ContactRef } from "../gen/ContactRef";
import type { GiveAccessRequest } from "../gen/GiveAccessRequest";
import type { AccessGiven } from "../gen/AccessGiven";
import type { UpdateAccessRequest } from "../gen/UpdateAccessRequest";
import type { PartnerPasswordRequest } from "../gen/PartnerPasswordRequest";
import type { OutboxMessage } from "../gen/OutboxMessage";
import type { OutboxRef } from "../gen/OutboxRef";
import type { DeliveryReport } from "../gen/DeliveryReport";
import type { MailInfo } from "../gen/MailInfo";
import type { MailSettingsRequest } from "../gen/MailSettingsRequest";
import type { PartnerOwnerRequest } from "../gen/PartnerOwnerRequest";
import type { PartnerLicenceShareRequest } from "../gen/PartnerLicenceShareRequest";
import type { DeletePartnerRolesRequest } from "../gen/DeletePartnerRolesRequest";
import type { HierarchyTreeQuery } from "../gen/HierarchyTreeQuery";
import type { TreeNode } from "../gen/TreeNode";
import type { ItemRow } from "../gen/ItemRow";
import type { ItemCreateRequest } from "../gen/ItemCreateRequest";
import type { ItemAvailabilityRequest } from "../gen/ItemAvailabilityRequest";
import type { SharingRuleRow } from "../gen/SharingRuleRow";
import type { SharingRuleSaveRequest } from "../gen/SharingRuleSaveRequest";
import type { SharingRuleRef } from "../gen/SharingRuleRef";
import type { VisibilityQuery } from "../gen/VisibilityQuery";
import type { VisibilityReport } from "../gen/VisibilityReport";
import type { SignInRequest } from "../gen/SignInRequest";
import type { UnlockRequest } from "../gen/UnlockRequest";
import type { MemberLoginRequest } from "../gen/MemberLoginRequest";
import type { RemoteJoinRequest } from "../gen/RemoteJoinRequest";
import type { RemoteSettingsRequest } from "../gen/RemoteSettingsRequest";
import type { SyncQueue } from "../gen/SyncQueue";
import type { SyncReport } from "../gen/SyncReport";
import type { SyncResolveRequest } from "../gen/SyncResolveRequest";
import type { SyncStatus } from "../gen/SyncStatus";
import type { ParkedChange } from "../gen/ParkedChange";
import type { FieldConflict } from "../gen/FieldConflict";
import type { RemoteTls } from "../gen/RemoteTls";
import type { PortalLoginRequest } from "../gen/PortalLoginRequest";
import type { PortalIdleRequest } from "../gen/PortalIdleRequest";
import type { PortalAddressRequest } from "../gen/PortalAddressRequest";
import type { PartnerInvitationIssued } from "../gen/PartnerInvitationIssued";

/** A refusal or failure from Rust: `{ code, field?, message }`. */
export class ApiError extends Error {
  readonly code: RuleError["code"];
  readonly field?: string;
  constructor(e: RuleError) {
    super(e.message);
    this.code = e.code;
    this.field = e.field;
  }
}

function isRuleError(e: unknown): e is RuleError {
  return typeof e === "object" && e !== null && "code" in e && "message" in e;
}

/** Fired when Rust says the session ended or locked, so the app can show the right screen. */
export const SESSION_EVENT = "trellis:session";

async function call<K extends CommandName>(command: K, ...args: Args<K>): Promise<Res<K>> {
  const req = args[0];
  try {
    const out = await invoke<Res<K>>(command, req === undefined ? {} : { req });
    invalidateAfter(command);
    return out;
  } catch (e) {
    const err = isRuleError(e) ? new ApiError(e) : new ApiError({ code: "internal", message: String(e) });
    if (err.code === "session" && !command.startsWith("auth_")) window.dispatchEvent(new Event(SESSION_EVENT));
    throw err;
  }
}

/** Every Rust command the window may call, with its request and answer: generated from
 * the Rust declarations (`src-tauri/src/commands.rs`), so a name or type that drifts from
 * Rust fails to compile here. */
export const COMMANDS = ADMIN_COMMANDS;
export type CommandName = keyof AdminCommands;
type Req<K extends CommandName> = AdminCommands[K]["req"];
type Res<K extends CommandName> = AdminCommands[K]["res"];
/** A command without a request takes no argument; one with a request requires it. */
type Args<K extends CommandName> = Req<K> extends void ? [] : [req: Req<K>];

export const api = {
  sessionInfo: () => call("session_info"),
  /** The first screen is painted: Rust logs how long start-up took (the bench reads it). */
  firstScreen: () => call("app_first_screen"),
  /** A trellis:// link the app was asked to open, once (see `onLinkOffered`). */
  takeLink: () => call("app_take_link"),
  passwordCheck: (req: PasswordCheckRequest) => call("password_check", req),
  signIn: (req: SignInRequest) => call("auth_sign_in", req),
  signOut: () => call("auth_sign_out"),
  lock: () => call("auth_lock"),
  unlock: (req: UnlockRequest) => call("auth_unlock", req),
  changePassword: (req: ChangePasswordRequest) => call("auth_change_password", req),
  setIdleLock: (req: IdleLockRequest) => call("auth_set_idle_lock", req),
  activity: () => call("auth_activity"),
  memberResetPassword: (req: ResetPasswordRequest) => call("member_reset_password", req),
  memberRequirePasswordChange: (req: MemberRef) => call("member_require_password_change", req),
  memberSendReset: (req: MemberRef) => call("member_send_reset", req),
  memberResetWithLink: (req: ResetWithLinkRequest) => call("member_reset_with_link", req),
  setPasswordPolicy: (req: PasswordPolicy) => call("settings_set_password_policy", req),
  setPartnerFeatures: (req: PartnerFeatures) => call("settings_set_partner_features", req),
  hierarchyList: () => call("hierarchy_list"),
  hierarchyRoleCreate: (req: HierarchyRoleCreateRequest) => call("hierarchy_role_create", req),
  memberSetHierarchyRole: (req: MemberHierarchyRequest) => call("member_set_hierarchy_role", req),
  partnerList: (req: PartnerListQuery) => call("partner_list", req),
  partnerCreate: (req: PartnerCreateRequest) => call("partner_create", req),
  partnerRename: (req: PartnerRenameRequest) => call("partner_rename", req),
  partnerEnable: (req: PartnerRef) => call("partner_enable", req),
  partnerDisable: (req: PartnerRef) => call("partner_disable", req),
  partnerPeople: (req: AccountQuery) => call("partner_people", req),
  contactCreate: (req: ContactCreateRequest) => call("contact_create", req),
  giveAccess: (req: GiveAccessRequest) => call("partner_give_access", req),
  revokeAccess: (req: ContactRef) => call("partner_revoke_access", req),
  updateAccess: (req: UpdateAccessRequest) => call("partner_update_access", req),
  partnerSetPassword: (req: PartnerPasswordRequest) => call("partner_set_password", req),
  partnerRequirePasswordChange: (req: ContactRef) =>
    call("partner_require_password_change", req),
  partnerInvite: (req: ContactRef) => call("partner_invite", req),
  setPortalLogin: (req: PortalLoginRequest) => call("settings_set_portal_login", req),
  setPortalIdle: (req: PortalIdleRequest) => call("settings_set_portal_idle", req),
  setPortalAddress: (req: PortalAddressRequest) => call("settings_set_portal_address", req),
  outboxList: () => call("outbox_list"),
  outboxResend: (req: OutboxRef) => call("outbox_resend", req),
  outboxCancel: (req: OutboxRef) => call("outbox_cancel", req),
  outboxSendNow: () => call("outbox_send_now"),
  emailSettings: () => call("settings_email"),
  setEmail: (req: MailSettingsRequest) => call("settings_set_email", req),
  clearEmail: () => call("settings_clear_email"),
  testEmail: () => call("settings_email_test"),
  partnerChangeOwner: (req: PartnerOwnerRequest) => call("partner_change_owner", req),
  partnerSetLicenceShare: (req: PartnerLicenceShareRequest) => call("partner_set_licence_share", req),
  addPartnerRole: (req: PartnerRef) => call("hierarchy_add_partner_role", req),
  deletePartnerRoles: (req: DeletePartnerRolesRequest) => call("hierarchy_delete_partner_roles", req),
  hierarchyTree: (req: HierarchyTreeQuery) => call("hierarchy_tree", req),
  itemList: () => call("item_list"),
  itemCreate: (req: ItemCreateRequest) => call("item_create", req),
  itemSetAvailability: (req: ItemAvailabilityRequest) => call("item_set_availability", req),
  sharingRuleList: () => call("sharing_rule_list"),
  sharingRuleSave: (req: SharingRuleSaveRequest) => call("sharing_rule_save", req),
  sharingRuleDelete: (req: SharingRuleRef) => call("sharing_rule_delete", req),
  visibilityReport: (req: VisibilityQuery) => call("visibility_report", req),
  auditList: (req: AuditQuery) => call("audit_list", req),
  auditAnchor: () => call("audit_anchor"),
  auditVerify: (req: AuditVerifyRequest) => call("audit_verify", req),
  auditExport: (req: AuditQuery) => call("audit_export", req),
  workspaceBackupNow: () => call("workspace_backup_now"),
  settingsBackupInfo: () => call("settings_backup_info"),
  activitySummary: (req: ActivitySummaryRequest) => call("report_activity_summary", req),
  dashboardList: () => call("dashboard_list"),
  dashboardSave: (req: DashboardSaveRequest) => call("dashboard_save", req),
  dashboardDelete: (req: DashboardRef) => call("dashboard_delete", req),
  activityDetail: (req: ActivityDetailRequest) => call("report_activity_detail", req),
  activityExport: (req: ActivityExportRequest) => call("report_activity_export", req),
  accessReport: (req: AccessReportQuery) => call("access_report", req),
  accessReportExport: (req: AccessReportQuery) => call("access_report_export", req),
  reviewStart: (req: ReviewStartRequest) => call("review_start", req),
  reviewList: () => call("review_list"),
  reviewItems: (req: ReviewItemsQuery) => call("review_items", req),
  reviewDecide: (req: ReviewDecideRequest) => call("review_decide", req),
  reviewComplete: (req: ReviewRef) => call("review_complete", req),
  reviewRemind: (req: ReviewRef) => call("review_remind", req),
  reviewEvidenceExport: (req: ReviewRef) => call("review_evidence_export", req),
  reviewFindings: (req: ReviewFindingsQuery) => call("review_findings", req),
  reviewFindingDraft: (req: FindingDraftRequest) => call("review_finding_draft", req),
  activitySave: (req: ActivitySaveRequest) => call("activity_save", req),
  customerChoices: (req: CustomerQuery) => call("customer_choices", req),
  workspaceCreate: (req: CreateWorkspaceRequest) => call("workspace_create", req),
  workspaceCreateDemo: (req: DemoRequest) => call("workspace_create_demo", req),
  memberList: (req: MemberListQuery) => call("member_list", req),
  memberInvite: (req: InviteRequest) => call("member_invite", req),
  memberResendInvite: (req: MemberRef) => call("member_resend_invite", req),
  memberRevokeInvite: (req: MemberRef) => call("member_revoke_invite", req),
  memberAcceptInvite: (req: AcceptInviteRequest) => call("member_accept_invite", req),
  memberChangeRole: (req: ChangeRoleRequest) => call("member_change_role", req),
  memberRemove: (req: RemoveMembersRequest) => call("member_remove", req),
  roleList: (req: RoleListQuery) => call("role_list", req),
  roleCreate: (req: RoleCreateRequest) => call("role_create", req),
  roleUpdate: (req: RoleUpdateRequest) => call("role_update", req),
  roleClone: (req: RoleCloneRequest) => call("role_clone", req),
  roleDelete: (req: RoleRef) => call("role_delete", req),
  permissionCatalog: () => call("permission_catalog"),
  syncOverview: () => call("sync_overview"),
  syncConnect: (req: RemoteSettingsRequest) => call("sync_connect", req),
  syncPublish: () => call("sync_publish"),
  syncNow: () => call("sync_now"),
  syncQueue: () => call("sync_queue"),
  syncResolve: (req: SyncResolveRequest) => call("sync_resolve", req),
  syncJoinHere: (req: RemoteJoinRequest) => call("sync_join_here", req),
  syncJoinProgress: () => call("sync_join_progress"),
  memberSetDbLogin: (req: MemberLoginRequest) => call("member_set_db_login", req),
  draftCreate: (req: DraftCreateRequest) => call("draft_create", req),
  draftList: () => call("draft_list"),
  draftShow: (req: DraftRef) => call("draft_show", req),
  draftOpen: (req: DraftRef) => call("draft_open", req),
  draftClose: () => call("draft_close"),
  draftRemoveChange: (req: DraftChangeRef) => call("draft_remove_change", req),
  draftApprove: (req: DraftRef) => call("draft_approve", req),
  draftDiscard: (req: DraftRef) => call("draft_discard", req),
  draftRebase: (req: DraftRef) => call("draft_rebase", req),
  draftPublish: (req: DraftRef) => call("draft_publish", req),
  draftEffect: (req: DraftEffectQuery) => call("draft_effect", req),
  draftEffectPerson: (req: DraftPersonQuery) => call("draft_effect_person", req),
  draftEffectExport: (req: DraftRef) => call("draft_effect_export", req),
  whyPermission: (req: WhyPermissionQuery) => call("why_permission", req),
  whyRecord: (req: WhyRecordQuery) => call("why_record", req),
  setFourEyes: (req: FourEyesRequest) => call("settings_set_four_eyes", req),
  previewStart: (req: PreviewStartRequest) => call("preview_start", req),
  previewList: () => call("preview_list"),
  previewClose: (req: PreviewRef) => call("preview_close", req),
  setPreviewMax: (req: PreviewMaxRequest) => call("settings_set_preview_max", req),
};

export type { MemberRow, MemberPage, RoleRow, PermissionCatalog, SessionInfo, PasswordCheck, AuditPage, AuditQuery, AuditCsv };
export type { HierarchyRoleRow, PartnerPage, PartnerRow, PartnerFeatures, AccountPeople };
export type { AccessGiven, TreeNode, ItemRow, SharingRuleRow, VisibilityReport, OutboxMessage, PartnerInvitationIssued };
export type { MailInfo, MailSettingsRequest, DeliveryReport };
export type { SyncStatus, SyncQueue, SyncReport, ParkedChange, FieldConflict, RemoteTls, RemoteSettingsRequest };
export type { DraftRow, DraftDetail, EffectPage, PersonEffect, PersonEffectDetail, RecordChangeRow, Why };
export type { EffectFilter, DraftState, EffectSummary };

/** The shell's poke when a trellis:// link waits (a second launch handed it over); the
 * link itself is taken with `api.takeLink`. Returns the way to stop listening. */
export function onLinkOffered(handler: () => void): () => void {
  let stop: (() => void) | undefined;
  let stopped = false;
  listen("trellis:link-offered", handler).then(
    (unlisten) => (stopped ? unlisten() : (stop = unlisten)),
    () => undefined,
  );
  return () => {
    stopped = true;
    stop?.();
  };
}
