// Generated from src-tauri/crates/portal/src/api.rs — do not edit. Regenerate: TRELLIS_WRITE_TS=1 cargo test -p trellis-portal --lib generated
// Each command's request and answer, as Rust declares them.
import type { PortalAcceptRequest } from "./PortalAcceptRequest";
import type { PortalChangePasswordRequest } from "./PortalChangePasswordRequest";
import type { PortalForgotAnswer } from "./PortalForgotAnswer";
import type { PortalForgotRequest } from "./PortalForgotRequest";
import type { PortalInvitationRequest } from "./PortalInvitationRequest";
import type { PortalInvitee } from "./PortalInvitee";
import type { PortalSignInRequest } from "./PortalSignInRequest";
import type { PortalWhoami } from "./PortalWhoami";

/** The portal server's own commands (signing in and out); the preview has none of them. */
export interface ServerCommands {
  portal_sign_in: { req: PortalSignInRequest; res: PortalWhoami };
  portal_invitation: { req: PortalInvitationRequest; res: PortalInvitee };
  portal_accept_invitation: { req: PortalAcceptRequest; res: PortalWhoami };
  portal_forgot_password: { req: PortalForgotRequest; res: PortalForgotAnswer };
  portal_whoami: { req: void; res: PortalWhoami };
  portal_change_password: { req: PortalChangePasswordRequest; res: PortalWhoami };
  portal_sign_out: { req: void; res: null };
  portal_sign_out_everywhere: { req: void; res: number };
}

export const SERVER_COMMANDS = [
  "portal_sign_in",
  "portal_invitation",
  "portal_accept_invitation",
  "portal_forgot_password",
  "portal_whoami",
  "portal_change_password",
  "portal_sign_out",
  "portal_sign_out_everywhere",
] as const;
