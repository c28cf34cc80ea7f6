// DRAFT-4: "Why?" next to a permission — the chain that grants it (or does not), read
// from Rust's own evaluation, live or inside a draft.
import { ActionIcon, Loader, Popover, Stack, Text, Tooltip } from "@mantine/core";
import { IconHelpCircle } from "@tabler/icons-react";
import { useState } from "react";
import type { Person } from "../../gen/Person";
import { api, type Why } from "../../ipc";
import { notifyError } from "../../lib/notify";

interface Props {
  person: Person;
  permission: string;
  /** Explain inside this draft; live when absent. */
  draftId?: string;
  label?: string;
}

export function WhyButton({ person, permission, draftId, label }: Props) {
  const [why, setWhy] = useState<Why | null>(null);
  const [opened, setOpened] = useState(false);
  const open = () => {
    setOpened(true);
    setWhy(null);
    api.whyPermission({ person, permission, draft_id: draftId }).then(setWhy, (e) => {
      setOpened(false);
      notifyError(e, "Cannot explain");
    });
  };
  return (
    <Popover opened={opened} onChange={setOpened} width={380} position="bottom-start" withArrow shadow="md">
      <Popover.Target>
        <Tooltip label={label ?? "Why?"}>
          <ActionIcon variant="subtle" size="sm" aria-label={`Why: ${permission}`} onClick={open} data-testid="why-button">
            <IconHelpCircle size={15} />
          </ActionIcon>
        </Tooltip>
      </Popover.Target>
      <Popover.Dropdown data-testid="why-popover">
        {!why ? <Loader size="sm" /> : (
          <Stack gap={4}>
            <Text size="sm" fw={600} c={why.granted ? "teal" : "red"}>{why.summary}</Text>
            {why.chain.map((step, i) => (
              <Text key={i} size="xs">{i + 1}. {step}</Text>
            ))}
            <Text size="xs" c="dimmed">{draftId ? "As it would be once the draft is published." : "As it is now (live)."}</Text>
          </Stack>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}
