// The sync state, refreshed every few seconds while the window is open (background sync
// runs in Rust; this only reads where it stands).
import { useCallback, useEffect, useState } from "react";
import { api, type SyncStatus } from "../../ipc";

const EVERY_MS = 3000;
/** Fired after anything that changes sync state, so every view refreshes at once. */
export const SYNC_EVENT = "trellis:sync";

export function useSyncStatus(): [SyncStatus | null, () => void] {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const refresh = useCallback(() => {
    // Same answer, same object: the shell does not re-render every few seconds for nothing.
    const keep = (next: SyncStatus | null) =>
      setStatus((prev) => (JSON.stringify(prev) === JSON.stringify(next) ? prev : next));
    api.syncOverview().then(keep).catch(() => keep(null));
  }, []);
  useEffect(() => {
    refresh();
    const timer = window.setInterval(refresh, EVERY_MS);
    window.addEventListener(SYNC_EVENT, refresh);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener(SYNC_EVENT, refresh);
    };
  }, [refresh]);
  return [status, refresh];
}

export function announceSync() {
  window.dispatchEvent(new Event(SYNC_EVENT));
}

/** One line for the indicator: synced · 3 to send · offline since 14:02 · 2 conflicts · 1 refused. */
export function syncSummary(s: SyncStatus): { text: string; color: string } {
  if (!s.workspace) return { text: s.remote ? "Not published" : "Not shared", color: "gray" };
  const parts: string[] = [];
  if (s.offline_since) {
    const t = new Date(s.offline_since).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    parts.push(`offline since ${t}`);
  }
  if (s.to_send > 0) parts.push(`${s.to_send} to send`);
  if (s.conflicts > 0) parts.push(`${s.conflicts} conflict${s.conflicts === 1 ? "" : "s"}`);
  if (s.refused > 0) parts.push(`${s.refused} refused`);
  if (parts.length === 0) return { text: s.last_error ? "Sync failed" : "Synced", color: s.last_error ? "red" : "teal" };
  const color = s.conflicts > 0 || s.refused > 0 ? "orange" : s.offline_since ? "gray" : "blue";
  return { text: parts.join(" · "), color };
}
