// DRAFT-4: "Why?" next to a permission — the chain that grants it (or does not), read
// from Rust's own evaluation, live or inside a draft.
import { ActionIcon, Loader, Popover, Stack, Text, Tooltip } from "@mantine/core";
import { IconHelpCircle } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { Person } from "../../gen/Person";
import { api } from "../../ipc";
import { keys } from "../../lib/keys";

interface Props {
  person: Person;
  permission: string;
  /** Explain inside this draft; live when absent. */
  draftId?: string;
  /** RPT-5: explain as the rules answered at this past moment (ms since the epoch). */
  at?: number;
  label?: string;
}

const pastFmt = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export function WhyButton({ person, permission, draftId, at, label }: Props) {
  const [opened, setOpened] = useState(false);
  const q = { person, permission, draft_id: draftId, at };
  // Read when first opened, then kept until a change makes it stale.
  const why = useQuery({ queryKey: keys.whyPermission(q), queryFn: () => api.whyPermission(q), enabled: opened });
  const open = () => setOpened((o) => !o);
  return (
    <Popover opened={opened} onChange={setOpened} width={380} position="bottom-start" withArrow shadow="md">
      <Popover.Target>
        <Tooltip label={label ?? "Why?"}>
          <ActionIcon variant="subtle" size="sm" aria-label={`Why: ${permission}`} onClick={open} data-testid="why-button">
            <IconHelpCircle size={15} />
          </ActionIcon>
        </Tooltip>
      </Popover.Target>
      <Popover.Dropdown data-testid="why-popover" aria-label={`Why: ${permission}`}>
        {why.error ? (
          <Text size="sm" c="red" role="alert">Cannot explain: {why.error.message}</Text>
        ) : !why.data ? <Loader size="sm" aria-label="Explaining" /> : (
          <Stack gap={4}>
            <Text size="sm" fw={600} c={why.data.granted ? "teal" : "red"}>{why.data.summary}</Text>
            {why.data.chain.map((step, i) => (
              <Text key={i} size="xs">{i + 1}. {step}</Text>
            ))}
            <Text size="xs" c="dimmed">
              {at != null ? `As it was on ${pastFmt.format(new Date(at))}.` : draftId ? "As it would be once the draft is published." : "As it is now (live)."}
            </Text>
          </Stack>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}
