// Answers Rust would give, built from the generated wire types so a changed type breaks here.
import type { SessionInfo } from "../gen/SessionInfo";

export function session(permissions: string[], extra: Partial<SessionInfo> = {}): SessionInfo {
  return {
    status: "active",
    workspace: { name: "Acme", created_at: 0, member_count: 3 },
    me: { id: "m1", email: "owner@acme.test", name: "Olivia Owner", role_name: "Owner", permissions },
    password_policy: { min_length: 12, max_length: 128 },
    partner_features: { partner_access: true, advanced_partner_access: true, licences: 10 },
    idle_lock_minutes: 0,
    four_eyes: false,
    preview_max_minutes: 60,
    portal_idle_minutes: 30,
    ...extra,
  };
}
