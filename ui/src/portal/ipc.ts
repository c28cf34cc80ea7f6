// The portal's only way to the Rust side: the portal commands, typed with the generated
// wire types. No request carries who acts: the desktop takes it from this window (PREV-3),
// the portal server from its session cookie (PORT-1). The one transport choice is here:
// Tauri in the preview window, `fetch` to `/api/<command>` in a partner's browser.
import { invoke, isTauri } from "@tauri-apps/api/core";
import type { RuleError } from "../gen/RuleError";
import { invalidateAfter } from "./keys";
import { PORTAL_COMMANDS, type PortalCommands } from "../gen/commands";
import { SERVER_COMMANDS, type ServerCommands } from "../gen/server_commands";
import type { PortalSession } from "../gen/PortalSession";
import type { PortalHome } from "../gen/PortalHome";
import type { PortalArrangeRequest } from "../gen/PortalArrangeRequest";
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
import type { PortalWhoami } from "../gen/PortalWhoami";
import type { PortalSignInRequest } from "../gen/PortalSignInRequest";
import type { PortalChangePasswordRequest } from "../gen/PortalChangePasswordRequest";
import type { PortalInvitee } from "../gen/PortalInvitee";
import type { PortalInvitationRequest } from "../gen/PortalInvitationRequest";
import type { PortalAcceptRequest } from "../gen/PortalAcceptRequest";
import type { PortalForgotRequest } from "../gen/PortalForgotRequest";

export type {
  PortalSession, PortalHome, PortalRecordPage, PortalRecordRow, PortalMyAccess, PortalUsers, PortalUserCreated, PortalWhoami,
  PortalInvitee,
};

/** In a partner's browser (the portal server), not the manager's preview window. */
export const inBrowser = !isTauri();

export class PortalError extends Error {
  readonly code: RuleError["code"];
  readonly field?: string;
  constructor(e: RuleError) {
    super(e.message);
    this.code = e.code;
    this.field = e.field;
  }
}

/** Fired when Rust says the preview is over (time, sign-out, a lost permission), or the
 * portal server says the session ended (signed out, timed out, access removed). */
export const ENDED_EVENT = "portal:ended";
/** Fired when the portal server says the password must be changed first (PORT-3). */
export const MUST_CHANGE_EVENT = "portal:must-change";

/** Every command this page may call — the preview's (capabilities/preview.json) and, in a
 * partner's browser, the server's own — with request and answer types generated from the
 * Rust declarations (`commands.rs`, the portal server's `api.rs`). */
export { PORTAL_COMMANDS, SERVER_COMMANDS };
type Commands = PortalCommands & ServerCommands;
type PortalCommand = keyof Commands;
type Args<K extends PortalCommand> = Commands[K]["req"] extends void ? [] : [req: Commands[K]["req"]];
type Res<K extends PortalCommand> = Commands[K]["res"];

async function overHttp<T>(command: PortalCommand, req?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/${command}`, {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(req === undefined ? {} : { req }),
    });
  } catch {
    throw { code: "internal", message: "The partner portal cannot be reached: check your connection and try again" };
  }
  const body: unknown = await res.json().catch(() => null);
  if (res.ok) return body as T;
  throw body ?? { code: "internal", message: `The partner portal answered ${res.status}` };
}

async function call<K extends PortalCommand>(command: K, ...args: Args<K>): Promise<Res<K>> {
  type T = Res<K>;
  const req = args[0];
  try {
    const out = inBrowser ? await overHttp<T>(command, req) : await invoke<T>(command, req === undefined ? {} : { req });
    invalidateAfter(command);
    return out;
  } catch (e) {
    const rule = typeof e === "object" && e !== null && "code" in e && "message" in e;
    const err = new PortalError(rule ? (e as RuleError) : { code: "internal", message: String(e) });
    if (err.code === "session" && err.field === "must_change") window.dispatchEvent(new CustomEvent(MUST_CHANGE_EVENT));
    else if (err.code === "session" && !["portal_sign_in", "portal_change_password", "portal_accept_invitation"].includes(command))
      window.dispatchEvent(new CustomEvent(ENDED_EVENT, { detail: err.message }));
    throw err;
  }
}

export const portal = {
  session: () => call("portal_session"),
  home: () => call("portal_home"),
  records: (q: PortalRecordQuery) => call("portal_records", q),
  createRecord: (req: PortalRecordCreate) => call("portal_record_create", req),
  updateRecord: (req: PortalRecordUpdate) => call("portal_record_update", req),
  items: () => call("portal_items"),
  arrangeHome: (req: PortalArrangeRequest) => call("portal_home_arrange", req),
  myAccess: () => call("portal_my_access"),
  users: () => call("portal_users"),
  addUser: (req: PortalUserAddRequest) => call("portal_user_add", req),
  setRoles: (req: PortalUserRolesRequest) => call("portal_user_set_roles", req),
  end: () => call("portal_end"),
  // The portal server only (PORT-1, PORT-3, PORT-4).
  signIn: (req: PortalSignInRequest) => call("portal_sign_in", req),
  whoami: () => call("portal_whoami"),
  changePassword: (req: PortalChangePasswordRequest) => call("portal_change_password", req),
  signOut: () => call("portal_sign_out"),
  signOutEverywhere: () => call("portal_sign_out_everywhere"),
  invitation: (req: PortalInvitationRequest) => call("portal_invitation", req),
  acceptInvitation: (req: PortalAcceptRequest) => call("portal_accept_invitation", req),
  forgotPassword: (req: PortalForgotRequest) => call("portal_forgot_password", req),
};

/** The message for `field`, when the error names it. */
export function fieldError(e: unknown, field: string): string | undefined {
  return e instanceof PortalError && e.field === field ? e.message : undefined;
}
