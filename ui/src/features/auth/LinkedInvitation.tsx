// Issue 19: an invitation email's trellis:// link opens Trellis's Accept an invitation
// with the code filled in — at launch, or in the running window when the desktop hands
// the link over (a second launch passes it to this one). Rust reads the link strictly;
// the window only shows what it was given.
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { api, onLinkOffered } from "../../ipc";
import { keys } from "../../lib/keys";
import { AcceptInvitation } from "./AcceptInvitation";
import type { DeepLink } from "../../gen/DeepLink";

export function LinkedInvitation() {
  // Taking the link empties Rust's slot: the answer is kept until the shell offers another.
  const link = useQuery({ queryKey: keys.link, queryFn: api.takeLink, staleTime: Infinity, gcTime: Infinity });
  const { refetch } = link;
  useEffect(() => onLinkOffered(() => void refetch()), [refetch]);
  const [closed, setClosed] = useState<DeepLink | null>(null);
  const offered = link.data?.kind === "accept" && link.data !== closed ? link.data : null;
  return <AcceptInvitation opened={offered !== null} initialCode={offered?.code ?? ""} onClose={() => setClosed(link.data ?? null)} />;
}
