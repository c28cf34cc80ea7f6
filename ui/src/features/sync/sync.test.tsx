// The sync indicator's one line, and what others' changes make the window re-read.
import { QueryObserver } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import type { SyncStatus } from "../../gen/SyncStatus";
import { invalidateMoved } from "../../ipc/invalidates";
import { keys } from "../../lib/keys";
import { queryClient } from "../../lib/queryClient";
import { syncSummary } from "./useSyncStatus";

const base: SyncStatus = {
  remote: "trellis@db:5432/trellis", workspace: "w1", head: 10, to_send: 0, received: 0, moved: {}, conflicts: 0, refused: 0,
  last_sync_at: 1, offline_since: null,
};

describe("syncSummary", () => {
  it("says what waits, and colours by the worst of it", () => {
    expect(syncSummary(base)).toEqual({ text: "Synced", color: "teal" });
    expect(syncSummary({ ...base, to_send: 3, conflicts: 2 })).toEqual({ text: "3 to send · 2 conflicts", color: "orange" });
    expect(syncSummary({ ...base, last_error: "connection refused" })).toEqual({ text: "Sync failed", color: "red" });
    expect(syncSummary({ ...base, workspace: undefined, remote: undefined }).text).toBe("Not shared");
  });
});

describe("invalidateMoved", () => {
  it("re-reads what a moved area can alter, and leaves the rest cached", async () => {
    const seed = (key: readonly unknown[]) => {
      queryClient.setQueryData(key, 1);
      return new QueryObserver(queryClient, { queryKey: key, queryFn: async () => 2 });
    };
    const items = seed(keys.items);
    const roles = seed(keys.roles({}));
    const subs = [items.subscribe(() => undefined), roles.subscribe(() => undefined)];
    invalidateMoved(["item"]);
    expect(queryClient.getQueryState(keys.items)?.isInvalidated).toBe(true);
    expect(queryClient.getQueryState(keys.roles({}))?.isInvalidated).toBe(false);
    subs.forEach((u) => u());
  });
});
