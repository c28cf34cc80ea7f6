// The one module that talks to the Rust side. Every command is typed with the
// ts-rs-generated request/response types; a wrong name or payload fails to compile.
import { invoke } from "@tauri-apps/api/core";
import { invalidateAfter } from "./invalidates";
import type { AcceptInviteRequest } from "../gen/AcceptInviteRequest";
import type { BulkOutcome } from "../gen/BulkOutcome";
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
import type { RoleDeleted } from "../gen/RoleDeleted";
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
import type { InvitationIssued } from "../gen/InvitationIssued";
import type { PreviewStarted } from "../gen/PreviewStarted";
import type { PreviewRow } from "../gen/PreviewRow";
import type { PreviewRef } from "../gen/PreviewRef";
import type { PreviewMaxRequest } from "../gen/PreviewMaxRequest";
import type { PersonEffect } from "../gen/PersonEffect";
import type { RecordChangeRow } from "../gen/RecordChangeRow";
import type { EffectFilter } from "../gen/EffectFilter";
import type { DraftState } from "../gen/DraftState";
import type { EffectSummary } from "../gen/EffectSummary";
import type { AuditPage } from "../gen/AuditPage";
import type { AuditQuery } from "../gen/AuditQuery";
import type { ChangePasswordRequest } from "../gen/ChangePasswordRequest";
import type { IdleLockRequest } from "../gen/IdleLockRequest";
import type { PasswordCheck } from "../gen/PasswordCheck";
import type { PasswordCheckRequest } from "../gen/PasswordCheckRequest";
import type { PasswordReset } from "../gen/PasswordReset";
import type { ResetPasswordRequest } from "../gen/ResetPasswordRequest";
import type { SavedFile } from "../gen/SavedFile";
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
import type { ContactCreateRequest } from "../gen/ContactCreateRequest";
import type { ContactRef } from "../gen/ContactRef";
import type { GiveAccessRequest } from "../gen/GiveAccessRequest";
import type { AccessGiven } from "../gen/AccessGiven";
import type { UpdateAccessRequest } from "../gen/UpdateAccessRequest";
import type { PartnerPasswordRequest } from "../gen/PartnerPasswordRequest";
import type { PartnerPasswordReset } from "../gen/PartnerPasswordReset";
import type { OutboxMessage } from "../gen/OutboxMessage";
import type { OutboxRef } from "../gen/OutboxRef";
import type { DeliveryReport } from "../gen/DeliveryReport";
import type { MailInfo } from "../gen/MailInfo";
import type { MailSettingsRequest } from "../gen/MailSettingsRequest";
import type { MailTestResult } from "../gen/MailTestResult";
import type { PartnerOwnerRequest } from "../gen/PartnerOwnerRequest";
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
import type { SyncConnected } from "../gen/SyncConnected";
import type { SyncQueue } from "../gen/SyncQueue";
import type { SyncReport } from "../gen/SyncReport";
import type { SyncResolveRequest } from "../gen/SyncResolveRequest";
import type { SyncStatus } from "../gen/SyncStatus";
import type { ParkedChange } from "../gen/ParkedChange";
import type { FieldConflict } from "../gen/FieldConflict";
import type { RemoteTls } from "../gen/RemoteTls";
import type { JoinProgress } from "../gen/JoinProgress";
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

async function call<T>(command: CommandName, req?: unknown): Promise<T> {
  try {
    const out = await invoke<T>(command, req === undefined ? {} : { req });
    invalidateAfter(command);
    return out;
  } catch (e) {
    const err = isRuleError(e) ? new ApiError(e) : new ApiError({ code: "internal", message: String(e) });
    if (err.code === "session" && !command.startsWith("auth_")) window.dispatchEvent(new Event(SESSION_EVENT));
    throw err;
  }
}

/** Every Rust command the window may call; kept equal to the shell's list by a Rust test. */
export const COMMANDS = [
  "session_info",
  "app_first_screen",
  "password_check",
  "auth_sign_in",
  "auth_sign_out",
  "auth_lock",
  "auth_unlock",
  "auth_change_password",
  "auth_set_idle_lock",
  "auth_activity",
  "member_reset_password",
  "member_require_password_change",
  "audit_list",
  "audit_export",
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
  "workspace_create",
  "workspace_create_demo",
  "member_list",
  "member_invite",
  "member_resend_invite",
  "member_revoke_invite",
  "member_accept_invite",
  "member_change_role",
  "member_remove",
  "role_list",
  "role_create",
  "role_update",
  "role_clone",
  "role_delete",
  "permission_catalog",
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
  "draft_effect_export",
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
] as const;
export type CommandName = (typeof COMMANDS)[number];

export const api = {
  sessionInfo: () => call<SessionInfo>("session_info"),
  /** The first screen is painted: Rust logs how long start-up took (the bench reads it). */
  firstScreen: () => call<void>("app_first_screen"),
  passwordCheck: (req: PasswordCheckRequest) => call<PasswordCheck>("password_check", req),
  signIn: (req: SignInRequest) => call<SessionInfo>("auth_sign_in", req),
  signOut: () => call<SessionInfo>("auth_sign_out"),
  lock: () => call<SessionInfo>("auth_lock"),
  unlock: (req: UnlockRequest) => call<SessionInfo>("auth_unlock", req),
  changePassword: (req: ChangePasswordRequest) => call<SessionInfo>("auth_change_password", req),
  setIdleLock: (req: IdleLockRequest) => call<SessionInfo>("auth_set_idle_lock", req),
  activity: () => call<SessionInfo>("auth_activity"),
  memberResetPassword: (req: ResetPasswordRequest) => call<PasswordReset>("member_reset_password", req),
  memberRequirePasswordChange: (req: MemberRef) => call<MemberRow>("member_require_password_change", req),
  setPasswordPolicy: (req: PasswordPolicy) => call<SessionInfo>("settings_set_password_policy", req),
  setPartnerFeatures: (req: PartnerFeatures) => call<SessionInfo>("settings_set_partner_features", req),
  hierarchyList: () => call<HierarchyRoleRow[]>("hierarchy_list"),
  hierarchyRoleCreate: (req: HierarchyRoleCreateRequest) => call<HierarchyRoleRow[]>("hierarchy_role_create", req),
  memberSetHierarchyRole: (req: MemberHierarchyRequest) => call<MemberRow>("member_set_hierarchy_role", req),
  partnerList: (req: PartnerListQuery) => call<PartnerPage>("partner_list", req),
  partnerCreate: (req: PartnerCreateRequest) => call<PartnerRow>("partner_create", req),
  partnerRename: (req: PartnerRenameRequest) => call<PartnerRow>("partner_rename", req),
  partnerEnable: (req: PartnerRef) => call<PartnerRow>("partner_enable", req),
  partnerDisable: (req: PartnerRef) => call<PartnerRow>("partner_disable", req),
  partnerPeople: (req: PartnerRef) => call<AccountPeople>("partner_people", req),
  contactCreate: (req: ContactCreateRequest) => call<AccountPeople>("contact_create", req),
  giveAccess: (req: GiveAccessRequest) => call<AccessGiven>("partner_give_access", req),
  revokeAccess: (req: ContactRef) => call<AccountPeople>("partner_revoke_access", req),
  updateAccess: (req: UpdateAccessRequest) => call<AccountPeople>("partner_update_access", req),
  partnerSetPassword: (req: PartnerPasswordRequest) => call<PartnerPasswordReset>("partner_set_password", req),
  partnerRequirePasswordChange: (req: ContactRef) =>
    call<PartnerPasswordReset>("partner_require_password_change", req),
  partnerInvite: (req: ContactRef) => call<PartnerInvitationIssued>("partner_invite", req),
  setPortalLogin: (req: PortalLoginRequest) => call<SessionInfo>("settings_set_portal_login", req),
  setPortalIdle: (req: PortalIdleRequest) => call<SessionInfo>("settings_set_portal_idle", req),
  setPortalAddress: (req: PortalAddressRequest) => call<SessionInfo>("settings_set_portal_address", req),
  outboxList: () => call<OutboxMessage[]>("outbox_list"),
  outboxResend: (req: OutboxRef) => call<OutboxMessage>("outbox_resend", req),
  outboxCancel: (req: OutboxRef) => call<OutboxMessage>("outbox_cancel", req),
  outboxSendNow: () => call<DeliveryReport>("outbox_send_now"),
  emailSettings: () => call<MailInfo>("settings_email"),
  setEmail: (req: MailSettingsRequest) => call<MailInfo>("settings_set_email", req),
  clearEmail: () => call<SessionInfo>("settings_clear_email"),
  testEmail: () => call<MailTestResult>("settings_email_test"),
  partnerChangeOwner: (req: PartnerOwnerRequest) => call<AccountPeople>("partner_change_owner", req),
  addPartnerRole: (req: PartnerRef) => call<AccountPeople>("hierarchy_add_partner_role", req),
  deletePartnerRoles: (req: DeletePartnerRolesRequest) => call<AccountPeople>("hierarchy_delete_partner_roles", req),
  hierarchyTree: (req: HierarchyTreeQuery) => call<TreeNode[]>("hierarchy_tree", req),
  itemList: () => call<ItemRow[]>("item_list"),
  itemCreate: (req: ItemCreateRequest) => call<ItemRow[]>("item_create", req),
  itemSetAvailability: (req: ItemAvailabilityRequest) => call<ItemRow[]>("item_set_availability", req),
  sharingRuleList: () => call<SharingRuleRow[]>("sharing_rule_list"),
  sharingRuleSave: (req: SharingRuleSaveRequest) => call<SharingRuleRow[]>("sharing_rule_save", req),
  sharingRuleDelete: (req: SharingRuleRef) => call<SharingRuleRow[]>("sharing_rule_delete", req),
  visibilityReport: (req: VisibilityQuery) => call<VisibilityReport>("visibility_report", req),
  auditList: (req: AuditQuery) => call<AuditPage>("audit_list", req),
  auditExport: (req: AuditQuery) => call<SavedFile>("audit_export", req),
  workspaceCreate: (req: CreateWorkspaceRequest) => call<SessionInfo>("workspace_create", req),
  workspaceCreateDemo: (req: DemoRequest) => call<SessionInfo>("workspace_create_demo", req),
  memberList: (req: MemberListQuery) => call<MemberPage>("member_list", req),
  memberInvite: (req: InviteRequest) => call<InvitationIssued>("member_invite", req),
  memberResendInvite: (req: MemberRef) => call<InvitationIssued>("member_resend_invite", req),
  memberRevokeInvite: (req: MemberRef) => call<MemberRow>("member_revoke_invite", req),
  memberAcceptInvite: (req: AcceptInviteRequest) => call<MemberRow>("member_accept_invite", req),
  memberChangeRole: (req: ChangeRoleRequest) => call<BulkOutcome>("member_change_role", req),
  memberRemove: (req: RemoveMembersRequest) => call<BulkOutcome>("member_remove", req),
  roleList: (req: RoleListQuery) => call<RoleRow[]>("role_list", req),
  roleCreate: (req: RoleCreateRequest) => call<RoleRow>("role_create", req),
  roleUpdate: (req: RoleUpdateRequest) => call<RoleRow>("role_update", req),
  roleClone: (req: RoleCloneRequest) => call<RoleRow>("role_clone", req),
  roleDelete: (req: RoleRef) => call<RoleDeleted>("role_delete", req),
  permissionCatalog: () => call<PermissionCatalog>("permission_catalog"),
  syncOverview: () => call<SyncStatus>("sync_overview"),
  syncConnect: (req: RemoteSettingsRequest) => call<SyncConnected>("sync_connect", req),
  syncPublish: () => call<SyncStatus>("sync_publish"),
  syncNow: () => call<SyncReport>("sync_now"),
  syncQueue: () => call<SyncQueue>("sync_queue"),
  syncResolve: (req: SyncResolveRequest) => call<SyncStatus>("sync_resolve", req),
  syncJoinHere: (req: RemoteJoinRequest) => call<SessionInfo>("sync_join_here", req),
  syncJoinProgress: () => call<JoinProgress>("sync_join_progress"),
  memberSetDbLogin: (req: MemberLoginRequest) => call<MemberRow>("member_set_db_login", req),
  draftCreate: (req: DraftCreateRequest) => call<DraftDetail>("draft_create", req),
  draftList: () => call<DraftRow[]>("draft_list"),
  draftShow: (req: DraftRef) => call<DraftDetail>("draft_show", req),
  draftOpen: (req: DraftRef) => call<DraftDetail>("draft_open", req),
  draftClose: () => call<SessionInfo>("draft_close"),
  draftRemoveChange: (req: DraftChangeRef) => call<DraftDetail>("draft_remove_change", req),
  draftApprove: (req: DraftRef) => call<DraftDetail>("draft_approve", req),
  draftDiscard: (req: DraftRef) => call<DraftDetail>("draft_discard", req),
  draftRebase: (req: DraftRef) => call<DraftDetail>("draft_rebase", req),
  draftPublish: (req: DraftRef) => call<DraftDetail>("draft_publish", req),
  draftEffect: (req: DraftEffectQuery) => call<EffectPage>("draft_effect", req),
  draftEffectPerson: (req: DraftPersonQuery) => call<PersonEffectDetail>("draft_effect_person", req),
  draftEffectExport: (req: DraftRef) => call<SavedFile>("draft_effect_export", req),
  whyPermission: (req: WhyPermissionQuery) => call<Why>("why_permission", req),
  whyRecord: (req: WhyRecordQuery) => call<Why>("why_record", req),
  setFourEyes: (req: FourEyesRequest) => call<SessionInfo>("settings_set_four_eyes", req),
  previewStart: (req: PreviewStartRequest) => call<PreviewStarted>("preview_start", req),
  previewList: () => call<PreviewRow[]>("preview_list"),
  previewClose: (req: PreviewRef) => call<PreviewRow[]>("preview_close", req),
  setPreviewMax: (req: PreviewMaxRequest) => call<SessionInfo>("settings_set_preview_max", req),
};

export type { MemberRow, MemberPage, RoleRow, PermissionCatalog, SessionInfo, PasswordCheck, AuditPage, AuditQuery, AuditCsv };
export type { HierarchyRoleRow, PartnerPage, PartnerRow, PartnerFeatures, AccountPeople };
export type { AccessGiven, TreeNode, ItemRow, SharingRuleRow, VisibilityReport, OutboxMessage, PartnerInvitationIssued };
export type { MailInfo, MailSettingsRequest, DeliveryReport };
export type { SyncStatus, SyncQueue, SyncReport, ParkedChange, FieldConflict, RemoteTls, RemoteSettingsRequest };
export type { DraftRow, DraftDetail, EffectPage, PersonEffect, PersonEffectDetail, RecordChangeRow, Why };
export type { EffectFilter, DraftState, EffectSummary };
