// The one module that talks to the Rust side. Every command is typed with the
// ts-rs-generated request/response types; a wrong name or payload fails to compile.
import { invoke } from "@tauri-apps/api/core";
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

async function call<T>(command: CommandName, req?: unknown): Promise<T> {
  try {
    return await invoke<T>(command, req === undefined ? {} : { req });
  } catch (e) {
    if (isRuleError(e)) throw new ApiError(e);
    throw new ApiError({ code: "internal", message: String(e) });
  }
}

/** Every Rust command the window may call; kept equal to the shell's list by a Rust test. */
export const COMMANDS = [
  "session_info",
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
] as const;
export type CommandName = (typeof COMMANDS)[number];

export const api = {
  sessionInfo: () => call<SessionInfo>("session_info"),
  workspaceCreate: (req: CreateWorkspaceRequest) => call<SessionInfo>("workspace_create", req),
  workspaceCreateDemo: (req: DemoRequest) => call<SessionInfo>("workspace_create_demo", req),
  memberList: (req: MemberListQuery) => call<MemberPage>("member_list", req),
  memberInvite: (req: InviteRequest) => call<MemberRow>("member_invite", req),
  memberResendInvite: (req: MemberRef) => call<MemberRow>("member_resend_invite", req),
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
};

export type { MemberRow, MemberPage, RoleRow, PermissionCatalog, SessionInfo };
