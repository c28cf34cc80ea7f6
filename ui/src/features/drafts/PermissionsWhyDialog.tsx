// DRAFT-4 on a person: what a member may do, each permission with its "Why?" — live, or
// inside the open draft — and any other permission to ask "why not?".
import { Badge, Group, Modal, ScrollArea, Select, Stack, Text } from "@mantine/core";
import { useMemo, useState } from "react";
import type { MemberRow, PermissionCatalog, RoleRow, SessionInfo } from "../../ipc";
import { useCatalog } from "../../lib/queries";
import { WhyButton } from "./WhyButton";

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
  if (!member) return null;
  const person = { kind: "member" as const, id: member.id };
  const draftId = session.draft?.id;
  const role = roles.find((r) => r.id === member.role_id);
  const held: string[] = member.status === "active" && role ? role.permissions : [];
  const label = (k: string) => options.find((o) => o.value === k)?.label ?? k;
  return (
    <Modal opened onClose={onClose} title={`What ${member.name || member.email} may do`} size="lg" data-testid="why-dialog">
      <Stack>
        <Text size="sm" c="dimmed">
          {draftId ? `Inside the draft “${session.draft?.name}”.` : "As it is now."} Role: {role?.name ?? "none"}
          {member.status !== "active" ? ` · ${member.status}: no permissions` : ""}
        </Text>
        <ScrollArea.Autosize mah={340}>
          <Group gap={6}>
            {held.length === 0 && <Text size="sm">No permissions.</Text>}
            {held.map((k) => (
              <Group key={k} gap={0}>
                <Badge variant="light" tt="none">{label(k)}</Badge>
                <WhyButton person={person} permission={k} draftId={draftId} />
              </Group>
            ))}
          </Group>
        </ScrollArea.Autosize>
        <Group align="end">
          <Select label="Why not…?" placeholder="Any permission" data={options} value={asked} onChange={setAsked} searchable w={320} />
          {asked && <WhyButton person={person} permission={asked} draftId={draftId} label="Explain" />}
        </Group>
      </Stack>
    </Modal>
  );
}
