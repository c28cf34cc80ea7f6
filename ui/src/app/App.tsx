import { Center, Loader } from "@mantine/core";
import { useCallback, useEffect, useState } from "react";
import { api, type SessionInfo } from "../ipc";
import { notifyError } from "../lib/notify";
import { FirstRun } from "./FirstRun";
import { Shell } from "./Shell";

export function App() {
  const [session, setSession] = useState<SessionInfo | null>(null);
  const refresh = useCallback(() => {
    api.sessionInfo().then(setSession, (e) => notifyError(e, "Trellis could not start"));
  }, []);
  useEffect(refresh, [refresh]);

  if (!session) {
    return (
      <Center h="100%">
        <Loader aria-label="Loading workspace" />
      </Center>
    );
  }
  if (!session.workspace || !session.me) {
    return <FirstRun onCreated={setSession} />;
  }
  return <Shell session={session} onSessionChange={refresh} />;
}
