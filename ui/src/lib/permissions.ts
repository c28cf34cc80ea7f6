import type { SessionInfo } from "../ipc";

/** Whether the signed-in member holds `key`. For showing controls only: Rust decides. */
export function can(session: SessionInfo, key: string): boolean {
  return session.me?.permissions.includes(key) ?? false;
}
