// The window's screens: one list for the navigation, the command palette and the shortcuts
// help, each with the permission that shows it (Rust checks every command anyway).
import type { SessionInfo } from "../ipc";
import { can } from "../lib/permissions";

export type Screen =
  | "home" | "partners" | "reports" | "dashboards" | "hierarchy" | "items" | "sharing" | "users" | "permissions" | "drafts" | "access" | "reviews" | "audit" | "outbox"
  | "security" | "sync";

export interface ScreenInfo {
  id: Screen;
  label: string;
  /** Under "Admin" in the navigation. */
  admin: boolean;
  needs?: string;
  description: string;
}

export const SCREENS: ScreenInfo[] = [
  { id: "home", label: "Overview", admin: false, description: "What your role allows" },
  { id: "partners", label: "Partners", admin: false, needs: "partners.read", description: "Partner accounts, access and licences" },
  { id: "reports", label: "Partner activity", admin: false, needs: "reports.read", description: "Who talked to which customers, when (reports)" },
  { id: "dashboards", label: "Dashboards", admin: false, needs: "reports.read", description: "Report tiles published to portal roles" },
  { id: "hierarchy", label: "Role hierarchy", admin: false, needs: "roles.read", description: "Whose records roll up to whom" },
  { id: "items", label: "Items", admin: false, needs: "items.read", description: "Products and services in Partner Center" },
  { id: "sharing", label: "Sharing rules", admin: false, needs: "partners.read", description: "Records shared with partners" },
  { id: "users", label: "Users", admin: true, needs: "members.read", description: "The internal team and their roles" },
  { id: "permissions", label: "Permissions", admin: true, needs: "roles.read", description: "Roles and what they allow" },
  { id: "drafts", label: "Drafts", admin: true, needs: "roles.read", description: "Prepare, review and publish access changes" },
  { id: "access", label: "Access report", admin: true, needs: "partner_users.read", description: "Who holds which permission and why, now or at a past moment" },
  { id: "reviews", label: "Access reviews", admin: true, needs: "partner_users.read", description: "Campaigns where account owners confirm who keeps access" },
  { id: "audit", label: "Audit log", admin: true, needs: "audit_log.read", description: "Who did what, when" },
  { id: "outbox", label: "Outbox", admin: true, needs: "partner_users.read", description: "Email sent and waiting" },
  { id: "security", label: "Settings", admin: true, needs: "settings.read", description: "Security, email, portal, partner features" },
  { id: "sync", label: "Sync", admin: false, description: "The shared database: what waits, conflicts" },
];

export function visibleScreens(session: SessionInfo): ScreenInfo[] {
  return SCREENS.filter((s) => !s.needs || can(session, s.needs));
}

/** Where the palette (or a link) sends the window: a screen, and what to open on it. */
export type Focus =
  | { kind: "search"; text: string }
  | { kind: "role"; id: string }
  | { kind: "account"; row: import("../ipc").PartnerRow };

export interface Nav {
  screen: Screen;
  focus?: Focus;
  /** Moves on every navigation, so the screen starts afresh with its focus. */
  n: number;
}
