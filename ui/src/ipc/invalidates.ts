// What each command's success makes stale, in one table: a mutation invalidates exactly
// the domains it can change (`lib/keys.ts`), whoever called it. Reads are absent. Every
// journaled write also touches the audit log and (with a draft open, where it lands) the
// drafts. "all" re-reads whatever is on screen; "reset" drops everything cached: who is signed in, the workspace, or the draft
// being looked at changed, so nothing the window holds is known to be true any more.
import type { Domain } from "../lib/keys";
import { queryClient } from "../lib/queryClient";
import type { CommandName } from "./index";

type Effect = readonly Domain[] | "reset" | "all";

const JOURNAL: readonly Domain[] = ["audit", "drafts"];
// A review's items show each person's roles now: whatever changes people changes them.
const PEOPLE: readonly Domain[] = ["members", "roles", "session", "hierarchy", "why", "outbox", "reviews", ...JOURNAL];
const PARTNERS: readonly Domain[] = [
  "partners", "people", "hierarchy", "visibility", "reports", "previews", "why", "outbox", "reviews", ...JOURNAL,
];
const REVIEWS: readonly Domain[] = ["reviews", ...JOURNAL];
const SETTINGS: readonly Domain[] = ["session", ...JOURNAL];

export const INVALIDATES: Partial<Record<CommandName, Effect>> = {
  auth_sign_in: "reset",
  auth_sign_out: "reset",
  auth_lock: ["session"],
  auth_unlock: ["session"],
  auth_change_password: ["session", ...JOURNAL],
  auth_set_idle_lock: ["session"],
  workspace_create: "reset",
  workspace_create_demo: "reset",
  member_invite: PEOPLE,
  member_resend_invite: PEOPLE,
  member_revoke_invite: PEOPLE,
  member_accept_invite: PEOPLE,
  member_change_role: PEOPLE,
  member_remove: [...PEOPLE, "partners"],
  member_reset_password: PEOPLE,
  member_require_password_change: PEOPLE,
  member_send_reset: ["outbox", ...JOURNAL],
  member_reset_with_link: ["outbox", ...JOURNAL],
  member_set_hierarchy_role: [...PEOPLE, "visibility", "reports"],
  member_set_db_login: PEOPLE,
  role_create: ["roles", "members", "catalog", "people", ...JOURNAL],
  role_update: ["roles", "members", "session", "people", "why", "visibility", "reports", "previews", ...JOURNAL],
  role_clone: ["roles", "members", "people", ...JOURNAL],
  role_delete: ["roles", "members", "session", "people", "why", "visibility", "reports", ...JOURNAL],
  settings_set_password_policy: SETTINGS,
  settings_set_partner_features: [...SETTINGS, "partners", "people", "previews"],
  settings_set_four_eyes: SETTINGS,
  settings_set_preview_max: [...SETTINGS, "previews"],
  settings_set_portal_login: SETTINGS,
  settings_set_portal_idle: SETTINGS,
  settings_set_portal_address: SETTINGS,
  settings_set_email: [...SETTINGS, "email"],
  settings_clear_email: [...SETTINGS, "email"],
  settings_email_test: ["email"],
  hierarchy_role_create: ["hierarchy", "members", ...JOURNAL],
  hierarchy_add_partner_role: PARTNERS,
  hierarchy_delete_partner_roles: PARTNERS,
  partner_create: PARTNERS,
  partner_rename: PARTNERS,
  partner_enable: PARTNERS,
  partner_disable: PARTNERS,
  partner_change_owner: [...PARTNERS, "members"],
  partner_set_licence_share: [...PARTNERS, "reviews"],
  contact_create: PARTNERS,
  partner_give_access: PARTNERS,
  partner_revoke_access: PARTNERS,
  partner_update_access: PARTNERS,
  partner_set_password: PARTNERS,
  partner_require_password_change: PARTNERS,
  partner_invite: PARTNERS,
  outbox_resend: ["outbox", ...JOURNAL],
  outbox_cancel: ["outbox", ...JOURNAL],
  outbox_send_now: ["outbox"],
  item_create: ["items", "visibility", "reports", "previews", ...JOURNAL],
  item_set_availability: ["items", "visibility", "reports", "previews", ...JOURNAL],
  dashboard_save: ["reports", "previews", ...JOURNAL],
  dashboard_delete: ["reports", "previews", ...JOURNAL],
  review_start: REVIEWS,
  review_decide: REVIEWS,
  review_complete: REVIEWS,
  review_remind: [...REVIEWS, "outbox"],
  workspace_backup_now: ["backup", ...JOURNAL],
  review_finding_draft: JOURNAL,
  sharing_rule_save: ["sharing", "visibility", "reports", "why", "previews", ...JOURNAL],
  sharing_rule_delete: ["sharing", "visibility", "reports", "why", "previews", ...JOURNAL],
  // Others' changes may come in with any of these: everything shown is re-read.
  sync_connect: ["sync"],
  sync_publish: ["sync", "session"],
  sync_now: "all",
  sync_resolve: "all",
  sync_join_here: "reset",
  draft_create: ["drafts", "session"],
  draft_open: "reset",
  draft_close: "reset",
  draft_remove_change: ["drafts", "session"],
  draft_approve: ["drafts"],
  draft_discard: "reset",
  draft_rebase: ["drafts"],
  draft_publish: "reset",
  preview_start: ["previews", ...JOURNAL],
  preview_close: ["previews", ...JOURNAL],
  activity_save: ["reports", "visibility", ...JOURNAL],
};

/** Marks stale what `command` changed; the queries on screen re-read at once. */
export function invalidateAfter(command: CommandName) {
  const effect = INVALIDATES[command];
  if (!effect) return;
  if (effect === "all") {
    void queryClient.invalidateQueries();
    return;
  }
  if (effect === "reset") {
    // The session is re-read, not dropped, so the window keeps its screen while it loads.
    void queryClient.resetQueries({ predicate: (q) => q.queryKey[0] !== "session" });
    void queryClient.invalidateQueries({ queryKey: ["session"] });
    return;
  }
  for (const domain of new Set(effect)) void queryClient.invalidateQueries({ queryKey: [domain] });
}

/** Others' changes came in by sync: `moved` counts them per area of the journal (`member`,
 * `partner`, …); each area names the domains its changes can alter. */
const AREA: Record<string, readonly Domain[] | "reset"> = {
  workspace: "reset",
  draft: "reset",
  member: [...PEOPLE, "partners"],
  role: ["roles", "members", "session", "people", "why", "visibility", "reports", "previews", ...JOURNAL],
  settings: [...SETTINGS, "email", "partners", "people", "previews"],
  hierarchy: [...PARTNERS, "members"],
  partner: PARTNERS,
  contact: PARTNERS,
  partner_user: PARTNERS,
  record: ["visibility", "reports", "previews", "why", ...JOURNAL],
  item: ["items", "visibility", "reports", "previews", ...JOURNAL],
  sharing_rule: ["sharing", "visibility", "reports", "why", "previews", ...JOURNAL],
  activity: ["reports", "visibility", "previews", ...JOURNAL],
  dashboard: ["reports", "previews", ...JOURNAL],
  review: REVIEWS,
};

export function invalidateMoved(areas: Iterable<string>) {
  const domains = new Set<Domain>(["sync", "session", "audit"]);
  for (const area of areas) {
    const effect = AREA[area] ?? "reset";
    if (effect === "reset") {
      void queryClient.invalidateQueries();
      return;
    }
    effect.forEach((d) => domains.add(d));
  }
  for (const domain of domains) void queryClient.invalidateQueries({ queryKey: [domain] });
}
