// The portal's only way to the Rust side: the portal commands, typed with the generated
// wire types. No request carries who acts: the desktop takes it from this window (PREV-3).
// A portal server could serve this page unchanged by answering the same commands.
import { invoke } from "@tauri-apps/api/core";
import type { RuleError } from "../gen/RuleError";
import type { PortalSession } from "../gen/PortalSession";
import type { PortalHome } from "../gen/PortalHome";
import type { PortalRecordQuery } from "../gen/PortalRecordQuery";
import type { PortalRecordPage } from "../gen/PortalRecordPage";
import type { PortalRecordCreate } from "../gen/PortalRecordCreate";
import type { PortalRecordUpdate } from "../gen/PortalRecordUpdate";
import type { PortalRecordRow } from "../gen/PortalRecordRow";
import type { PortalMyAccess } from "../gen/PortalMyAccess";
import type { PortalUsers } from "../gen/PortalUsers";
import type { PortalUserAddRequest } from "../gen/PortalUserAddRequest";
import type { PortalUserCreated } from "../gen/PortalUserCreated";
import type { PortalUserRolesRequest } from "../gen/PortalUserRolesRequest";

export type {
  PortalSession, PortalHome, PortalRecordPage, PortalRecordRow, PortalMyAccess, PortalUsers, PortalUserCreated,
};

export class PortalError extends Error {
  readonly code: RuleError["code"];
  readonly field?: string;
  constructor(e: RuleError) {
    super(e.message);
    this.code = e.code;
    this.field = e.field;
  }
}

/** Fired when Rust says the preview is over (time, sign-out, a lost permission). */
export const ENDED_EVENT = "portal:ended";

/** Every command this page may call; kept equal to the desktop's list by a Rust test. */
export const PORTAL_COMMANDS = [
  "portal_session",
  "portal_home",
  "portal_records",
  "portal_record_create",
  "portal_record_update",
  "portal_items",
  "portal_my_access",
  "portal_users",
  "portal_user_add",
  "portal_user_set_roles",
  "portal_end",
] as const;

type PortalCommand = (typeof PORTAL_COMMANDS)[number];

async function call<T>(command: PortalCommand, req?: unknown): Promise<T> {
  try {
    return await invoke<T>(command, req === undefined ? {} : { req });
  } catch (e) {
    const rule = typeof e === "object" && e !== null && "code" in e && "message" in e;
    const err = new PortalError(rule ? (e as RuleError) : { code: "internal", message: String(e) });
    if (err.code === "session") window.dispatchEvent(new CustomEvent(ENDED_EVENT, { detail: err.message }));
    throw err;
  }
}

export const portal = {
  session: () => call<PortalSession>("portal_session"),
  home: () => call<PortalHome>("portal_home"),
  records: (q: PortalRecordQuery) => call<PortalRecordPage>("portal_records", q),
  createRecord: (req: PortalRecordCreate) => call<PortalRecordRow>("portal_record_create", req),
  updateRecord: (req: PortalRecordUpdate) => call<PortalRecordRow>("portal_record_update", req),
  items: () => call<string[]>("portal_items"),
  myAccess: () => call<PortalMyAccess>("portal_my_access"),
  users: () => call<PortalUsers>("portal_users"),
  addUser: (req: PortalUserAddRequest) => call<PortalUserCreated>("portal_user_add", req),
  setRoles: (req: PortalUserRolesRequest) => call<PortalUsers>("portal_user_set_roles", req),
  end: () => call<null>("portal_end"),
};

/** The message for `field`, when the error names it. */
export function fieldError(e: unknown, field: string): string | undefined {
  return e instanceof PortalError && e.field === field ? e.message : undefined;
}
