// The portal's query keys, and what each portal command's success makes stale. The portal
// has its own (it talks to other commands than the window), in the same shape.
import type { PortalRecordQuery } from "../gen/PortalRecordQuery";
import { queryClient } from "../lib/queryClient";

export const portalKeys = {
  whoami: ["portal", "whoami"] as const,
  session: ["portal", "session"] as const,
  home: ["portal", "home"] as const,
  records: (q: PortalRecordQuery) => ["portal", "records", q] as const,
  items: ["portal", "items"] as const,
  access: ["portal", "access"] as const,
  users: ["portal", "users"] as const,
  invitation: (code: string) => ["portal", "invitation", code] as const,
};

type Part = "whoami" | "session" | "home" | "records" | "items" | "access" | "users";

const INVALIDATES: Record<string, readonly Part[] | "reset"> = {
  portal_record_create: ["records", "home"],
  portal_home_arrange: ["home"],
  portal_record_update: ["records", "home"],
  portal_user_add: ["users"],
  portal_user_set_roles: ["users", "access", "session", "home", "records"],
  portal_change_password: ["whoami"],
  portal_sign_in: "reset",
  portal_accept_invitation: "reset",
  portal_sign_out: "reset",
  portal_sign_out_everywhere: "reset",
  portal_end: "reset",
};

export function invalidateAfter(command: string) {
  const effect = INVALIDATES[command];
  if (!effect) return;
  if (effect === "reset") {
    // Another person (or nobody) is signed in: nothing cached is theirs.
    queryClient.removeQueries({ queryKey: ["portal"] });
    return;
  }
  for (const part of effect) void queryClient.invalidateQueries({ queryKey: ["portal", part] });
}
