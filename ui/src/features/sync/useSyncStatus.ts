// The sync state, re-read every few seconds while the window is open (background sync runs
// in Rust; this only reads where it stands), and what others' changes made stale.
import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { api, type SyncStatus } from "../../ipc";
import { invalidateMoved } from "../../ipc/invalidates";
import { keys } from "../../lib/keys";
import { queryClient } from "../../lib/queryClient";

const EVERY_MS = 3000;

export function useSyncStatus(): [SyncStatus | null, () => void] {
  const q = useQuery({
    queryKey: keys.sync,
    // Unreachable or not shared: the indicator says so; never an error screen.
    queryFn: () => api.syncOverview().catch(() => null),
    refetchInterval: EVERY_MS,
  });
  return [q.data ?? null, () => void q.refetch()];
}

/** Others' changes arrived by sync: re-read what their areas can alter (the open screen
 * refreshes in place; a dialog keeps what is typed in it). */
export function useSyncInvalidation(status: SyncStatus | null) {
  const seen = useRef<Record<string, number> | null>(null);
  useEffect(() => {
    if (!status) return;
    const before = seen.current;
    seen.current = status.moved;
    if (!before) return;
    const areas = Object.entries(status.moved).filter(([area, n]) => n > (before[area] ?? 0)).map(([area]) => area);
    if (areas.length > 0) invalidateMoved(areas);
  }, [status]);
}

/** After anything that changes sync state: every view of it re-reads at once. */
export function announceSync() {
  void queryClient.invalidateQueries({ queryKey: ["sync"] });
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
