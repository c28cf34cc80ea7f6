import { Center, Loader } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { api, SESSION_EVENT } from "../ipc";
import { keys } from "../lib/keys";
import { refreshSession, setSession } from "../lib/session";
import { LoadError } from "../lib/states";
import { ForcedPasswordChange } from "../features/auth/ChangePassword";
import { LockScreen } from "../features/auth/LockScreen";
import { SignIn } from "../features/auth/SignIn";
import { FirstRun } from "./FirstRun";
import { OpenedLink } from "../features/auth/OpenedLink";
import type { SessionInfo } from "../ipc";
import { Shell } from "./Shell";

/** Tells Rust the person is at work (at most every 30 s); Rust answers with the session,
 * which says whether it locked the app meanwhile. */
function reportActivity() {
  api.activity().then(setSession, () => undefined);
}

function useActivity(active: boolean) {
  const last = useRef(0);
  useEffect(() => {
    if (!active) return;
    const seen = () => {
      const now = Date.now();
      if (now - last.current < 30_000) return;
      last.current = now;
      reportActivity();
    };
    window.addEventListener("pointerdown", seen);
    window.addEventListener("keydown", seen);
    return () => {
      window.removeEventListener("pointerdown", seen);
      window.removeEventListener("keydown", seen);
    };
  }, [active]);
}

/** The first screen is painted (two frames after it renders): Rust notes the time. */
function reportFirstScreen() {
  requestAnimationFrame(() => requestAnimationFrame(() => void api.firstScreen().catch(() => undefined)));
}

export function App() {
  const query = useQuery({
    queryKey: keys.session,
    queryFn: api.sessionInfo,
    // While signed in, re-read now and then: Rust may have locked the app (idle) meanwhile.
    refetchInterval: (q) => (q.state.data?.status === "active" ? 20_000 : false),
  });
  const session = query.data ?? null;
  useEffect(() => {
    window.addEventListener(SESSION_EVENT, refreshSession);
    return () => window.removeEventListener(SESSION_EVENT, refreshSession);
  }, []);
  useActivity(session?.status === "active");
  const firstScreen = useRef(false);
  useEffect(() => {
    if (!session || firstScreen.current) return;
    firstScreen.current = true;
    reportFirstScreen();
  }, [session]);

  if (query.error && !session) return <LoadError error={query.error} what="Trellis" retry={refreshSession} />;
  if (!session) {
    return (
      <Center h="100%">
        <Loader aria-label="Loading workspace" />
      </Center>
    );
  }
  // Screens before the shell are the page's main content (the shell has its own).
  if (!session.workspace) return <main style={{ height: "100%" }}><FirstRun onCreated={setSession} /></main>;
  return (
    <>
      {screenFor(session)}
      <OpenedLink />
    </>
  );
}

/** The screen for where the person at the desk stands. */
function screenFor(session: SessionInfo) {
  switch (session.status) {
    case "signed_out":
      return <main style={{ height: "100%" }}><SignIn session={session} onSignedIn={setSession} /></main>;
    case "locked":
      return <main style={{ height: "100%" }}><LockScreen session={session} onChange={setSession} /></main>;
    case "must_change_password":
      return <main style={{ height: "100%" }}><ForcedPasswordChange session={session} onDone={setSession} /></main>;
    case "active":
      return <Shell session={session} onSession={setSession} />;
  }
}
