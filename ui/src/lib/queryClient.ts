// The window's one cache of what Rust answered (TanStack Query). Nothing here goes stale by
// the clock: data changes only by a command (which invalidates what it touched, see
// `ipc/invalidates.ts`) or by others' changes arriving through sync (`useSyncInvalidation`).
import { QueryClient } from "@tanstack/react-query";

export function newQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // A refusal from Rust is an answer, not a network blip: never retried behind the user's back.
      queries: { retry: false, staleTime: Infinity, refetchOnWindowFocus: false, refetchOnReconnect: false },
      mutations: { retry: false },
    },
  });
}

export const queryClient = newQueryClient();
