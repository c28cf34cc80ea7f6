// Issue 19: a trellis:// link from an email opens its dialog with the code filled in — an
// invitation's Accept an invitation, a reset link's Choose a new password — at launch, or
// in the running window when the desktop hands the link over (a second launch passes it
// to this one). Rust reads the link strictly; the window only shows what it was given.
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { api, onLinkOffered } from "../../ipc";
import { keys } from "../../lib/keys";
import { AcceptInvitation } from "./AcceptInvitation";
import { ResetWithLink } from "./ResetWithLink";
import type { DeepLink } from "../../gen/DeepLink";

export function OpenedLink() {
  // Taking the link empties Rust's slot: the answer is kept until the shell offers another.
  const link = useQuery({ queryKey: keys.link, queryFn: api.takeLink, staleTime: Infinity, gcTime: Infinity });
  const { refetch } = link;
  useEffect(() => onLinkOffered(() => void refetch()), [refetch]);
  const [closed, setClosed] = useState<DeepLink | null>(null);
  const open = link.data && link.data !== closed ? link.data : null;
  const close = () => setClosed(link.data ?? null);
  return (
    <>
      <AcceptInvitation opened={open?.kind === "accept"} initialCode={open?.kind === "accept" ? open.code : ""} onClose={close} />
      <ResetWithLink opened={open?.kind === "reset"} initialCode={open?.kind === "reset" ? open.code : ""} onClose={close} />
    </>
  );
}
