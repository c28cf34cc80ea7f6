import { Center, Loader } from "@mantine/core";
import { useCallback, useEffect, useRef, useState } from "react";
import { api, SESSION_EVENT, type SessionInfo } from "../ipc";
import { notifyError } from "../lib/notify";
import { ForcedPasswordChange } from "../features/auth/ChangePassword";
import { LockScreen } from "../features/auth/LockScreen";
import { SignIn } from "../features/auth/SignIn";
import { FirstRun } from "./FirstRun";
import { Shell } from "./Shell";

/** Tells Rust the person is at work (at most every 30 s), and notices when Rust locked the app. */
function useActivity(active: boolean, onSession: (s: SessionInfo) => void) {
  const last = useRef(0);
  useEffect(() => {
    if (!active) return;
    const seen = () => {
      const now = Date.now();
      if (now - last.current < 30_000) return;
      last.current = now;
      api.activity().then(onSession, () => undefined);
    };
    const poll = window.setInterval(() => api.sessionInfo().then(onSession, () => undefined), 20_000);
    window.addEventListener("pointerdown", seen);
    window.addEventListener("keydown", seen);
    return () => {
      window.clearInterval(poll);
      window.removeEventListener("pointerdown", seen);
      window.removeEventListener("keydown", seen);
    };
  }, [active, onSession]);
}

export function App() {
  const [session, setSession] = useState<SessionInfo | null>(null);
  const refresh = useCallback(() => {
    api.sessionInfo().then(setSession, (e) => notifyError(e, "Trellis could not start"));
  }, []);
  useEffect(refresh, [refresh]);
  useEffect(() => {
    window.addEventListener(SESSION_EVENT, refresh);
    return () => window.removeEventListener(SESSION_EVENT, refresh);
  }, [refresh]);
  // Only a change of status or person swaps the screen; counts refresh inside it.
  const onSession = useCallback((s: SessionInfo) => {
    setSession((old) => (old && old.status === s.status && old.me?.id === s.me?.id ? old : s));
  }, []);
  useActivity(session?.status === "active", onSession);
  // Once the first screen is painted (two frames after it renders), Rust notes the time.
  const firstScreen = useRef(false);
  useEffect(() => {
    if (!session || firstScreen.current) return;
    firstScreen.current = true;
    requestAnimationFrame(() => requestAnimationFrame(() => void api.firstScreen().catch(() => undefined)));
  }, [session]);

  if (!session) {
    return (
      <Center h="100%">
        <Loader aria-label="Loading workspace" />
      </Center>
    );
  }
  if (!session.workspace) return <FirstRun onCreated={setSession} />;
  switch (session.status) {
    case "signed_out":
      return <SignIn session={session} onSignedIn={setSession} />;
    case "locked":
      return <LockScreen session={session} onChange={setSession} />;
    case "must_change_password":
      return <ForcedPasswordChange session={session} onDone={setSession} />;
    case "active":
      return <Shell session={session} onSessionChange={refresh} onSession={setSession} />;
  }
}
