// RPT-6: verify the journal's hash chain (and the shared log's), keep an anchor of its
// head somewhere this desktop cannot rewrite, and check against one kept before.
import { Alert, Button, Checkbox, Code, CopyButton, Group, Modal, Stack, Text, Textarea } from "@mantine/core";
import { IconAlertTriangle, IconCircleCheck } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../ipc";
import type { AuditAnchor } from "../../gen/AuditAnchor";
import type { AuditVerification } from "../../gen/AuditVerification";
import type { ChainCheck } from "../../gen/ChainCheck";
import { errorMessage } from "../../lib/notify";

function short(link: string): string {
  return `${link.slice(0, 12)}…${link.slice(-6)}`;
}

function CheckResult({ name, check }: { name: string; check: ChainCheck }) {
  if (!check.intact) {
    return (
      <Alert color="red" icon={<IconAlertTriangle size={18} />} title={`${name}: not intact`} data-testid="integrity-broken">
        {check.problem}
      </Alert>
    );
  }
  const head = check.head;
  return (
    <Alert color="teal" icon={<IconCircleCheck size={18} />} title={`${name}: intact`} data-testid="integrity-intact">
      {check.entries.toLocaleString()} entries recomputed{check.anchored ? ", and the anchor matches" : ""}.
      {head && <> Head: entry {head.position.toLocaleString()} · <Code>{short(head.link)}</Code></>}
    </Alert>
  );
}

/// Parses a pasted anchor; a clear message when it is not one.
function parseAnchor(text: string): AuditAnchor | string | null {
  if (!text.trim()) return null;
  try {
    const a = JSON.parse(text) as AuditAnchor;
    if (typeof a !== "object" || a === null || (!a.journal && !a.shared_log)) return "This is not an anchor saved by Trellis";
    return a;
  } catch {
    return "This is not an anchor saved by Trellis (it is not JSON)";
  }
}

export function IntegrityDialog({ opened, onClose, shared }: { opened: boolean; onClose: () => void; shared: boolean }) {
  const [withShared, setWithShared] = useState(shared);
  const [pasted, setPasted] = useState("");
  const [anchor, setAnchor] = useState<AuditAnchor | null>(null);
  const parsed = parseAnchor(pasted);
  const verify = useMutation<AuditVerification, unknown, void>({
    mutationFn: () => api.auditVerify({ anchor: typeof parsed === "object" && parsed ? parsed : undefined, shared: withShared }),
  });
  const takeAnchor = useMutation({ mutationFn: () => api.auditAnchor(), onSuccess: setAnchor });
  const anchorText = anchor ? JSON.stringify(anchor, null, 2) : "";

  return (
    <Modal opened={opened} onClose={onClose} title="Journal integrity" size="lg" data-testid="integrity-dialog">
      <Stack gap="sm">
        <Text size="sm">
          Every journal entry carries a hash chained over the one before it, so a changed, moved or deleted entry
          shows. An <b>anchor</b> — the newest entry's position and hash — kept outside this computer also shows the
          newest entries being removed, or the whole journal rewritten.
        </Text>
        {shared && (
          <Checkbox label="Also read the shared log again and recompute its chain" checked={withShared}
            onChange={(e) => setWithShared(e.currentTarget.checked)} />
        )}
        <Textarea label="A saved anchor (optional)" description="Paste an anchor you kept to check the journal still holds it."
          autosize minRows={2} maxRows={6} value={pasted} onChange={(e) => setPasted(e.currentTarget.value)}
          error={typeof parsed === "string" ? parsed : undefined} data-testid="integrity-anchor-input" />
        <Group>
          <Button onClick={() => verify.mutate()} loading={verify.isPending} disabled={typeof parsed === "string"} data-testid="integrity-verify">
            Verify now
          </Button>
          <Button variant="default" onClick={() => takeAnchor.mutate()} loading={takeAnchor.isPending} data-testid="integrity-take-anchor">
            Take an anchor
          </Button>
        </Group>
        {verify.error != null && <Alert color="red" title="Not verified">{errorMessage(verify.error)}</Alert>}
        {verify.data && (
          <Stack gap="xs" aria-live="polite">
            <CheckResult name="Journal" check={verify.data.journal} />
            {verify.data.shared_log && <CheckResult name="Shared log" check={verify.data.shared_log} />}
          </Stack>
        )}
        {takeAnchor.error != null && <Alert color="red" title="No anchor">{errorMessage(takeAnchor.error)}</Alert>}
        {anchor && (
          <Stack gap={4} data-testid="integrity-anchor">
            <Text size="sm">Keep this where this computer cannot change it (a mail to yourself, a ticket, a printout):</Text>
            <Code block>{anchorText}</Code>
            <CopyButton value={anchorText}>
              {({ copied, copy }) => (
                <Button variant="light" size="xs" onClick={copy} w="fit-content">{copied ? "Copied" : "Copy anchor"}</Button>
              )}
            </CopyButton>
          </Stack>
        )}
      </Stack>
    </Modal>
  );
}
