// The signed-in session lives in the query cache (`keys.session`); commands that answer
// with a new one (sign-in, unlock, settings) put it there, and every screen re-renders.
import type { SessionInfo } from "../ipc";
import { keys } from "./keys";
import { queryClient } from "./queryClient";

export function setSession(s: SessionInfo) {
  queryClient.setQueryData(keys.session, s);
}

export function refreshSession() {
  void queryClient.invalidateQueries({ queryKey: keys.session });
}
