// DRAFT-4 on a person: what a member may do, each permission with its "Why?" — live,
// inside the open draft, or (RPT-5) as the rules answered at a past moment — and any other
// permission to ask "why not?". The past's permissions are Rust's access report then.
import { Badge, Group, Modal, ScrollArea, Select, Stack, Text } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { api, type MemberRow, type PermissionCatalog, type RoleRow, type SessionInfo } from "../../ipc";
import { keys as queryKeys } from "../../lib/keys";
import { can } from "../../lib/permissions";
import { useCatalog } from "../../lib/queries";
import { LoadError } from "../../lib/states";
import { AsOfInput, momentOf } from "../../lib/AsOf";
import { WhyButton } from "./WhyButton";

const pastFmt = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

interface Props {
  member: MemberRow | null;
  roles: RoleRow[];
  session: SessionInfo;
  onClose: () => void;
}

function keys(c: PermissionCatalog): { value: string; label: string }[] {
  const out: { value: string; label: string }[] = [];
  for (const r of c.resources) for (const a of c.actions) out.push({ value: `${r.key}.${a.key}`, label: `${a.label} ${r.label.toLowerCase()}` });
  for (const s of c.specials) out.push({ value: `special.${s.key}`, label: s.label });
  return out;
}

export function PermissionsWhyDialog({ member, roles, session, onClose }: Props) {
  const catalog = useCatalog(member !== null).data;
  const [asked, setAsked] = useState<string | null>(null);
  const options = useMemo(() => (catalog ? keys(catalog) : []), [catalog]);
  const [asOf, setAsOf] = useState("");
  const [debounced] = useDebouncedValue(asOf, 300);
  const draftId = session.draft?.id;
  // The past needs the audit log, and is live's (a draft has no past of its own).
  const pastAllowed = can(session, "audit_log.read") && !draftId;
  const at = pastAllowed ? momentOf(debounced) : null;
  const q = {
    people: "members" as const, search: member?.email ?? "", role_ids: [], account_ids: [], permissions: [], resources: [],
    at, offset: 0, limit: 500,
  };
  const past = useQuery({
    queryKey: queryKeys.access(q), queryFn: () => api.accessReport(q), enabled: member !== null && at !== null,
    placeholderData: keepPreviousData,
  });
  if (!member) return null;
  const person = { kind: "member" as const, id: member.id };
  const role = roles.find((r) => r.id === member.role_id);
  const then = at !== null ? (past.data?.rows ?? []).filter((r) => r.person_id === member.id) : null;
  const held: string[] = then
    ? [...new Set(then.map((r) => r.permission))]
    : member.status === "active" && role ? role.permissions : [];
  const label = (k: string) => options.find((o) => o.value === k)?.label ?? k;
  return (
    <Modal opened onClose={onClose} title={`What ${member.name || member.email} may do`} size="lg" data-testid="why-dialog">
      <Stack>
        {pastAllowed && (
          <AsOfInput value={asOf} onChange={setAsOf} testId="why-as-of" size="xs" />
        )}
        {then ? (
          <Text size="sm" c="dimmed" data-testid="why-past">
            As of {at !== null ? pastFmt.format(new Date(at)) : ""}, the rules answered then.{" "}
            {past.data ? `Role then: ${[...new Set(then.flatMap((r) => r.via))].join(", ") || "none, or not a member yet"}` : "Reading the journal…"}
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            {draftId ? `Inside the draft “${session.draft?.name}”.` : "As it is now."} Role: {role?.name ?? "none"}
            {member.status !== "active" ? ` · ${member.status}: no permissions` : ""}
          </Text>
        )}
        {at !== null && past.error && <LoadError error={past.error} what="The past" retry={() => void past.refetch()} />}
        <ScrollArea.Autosize mah={340}>
          <Group gap={6}>
            {held.length === 0 && <Text size="sm">No permissions.</Text>}
            {held.map((k) => (
              <Group key={k} gap={0}>
                <Badge variant="light" tt="none">{label(k)}</Badge>
                <WhyButton person={person} permission={k} draftId={draftId} at={at ?? undefined} />
              </Group>
            ))}
          </Group>
        </ScrollArea.Autosize>
        <Group align="end">
          <Select label="Why not…?" placeholder="Any permission" data={options} value={asked} onChange={setAsked} searchable w={320} />
          {asked && <WhyButton person={person} permission={asked} draftId={draftId} at={at ?? undefined} label="Explain" />}
        </Group>
      </Stack>
    </Modal>
  );
}
