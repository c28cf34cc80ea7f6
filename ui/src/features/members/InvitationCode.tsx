// SEC-4: an invitation's code, shown once. It is also mailed to the invitee when email is
// set up (MAIL-2); the invitee enters it under "Accept an invitation" on the sign-in screen.
import { Alert, Button, Code, CopyButton, Group, Stack, Text } from "@mantine/core";
import type { InvitationIssued } from "../../gen/InvitationIssued";

const CLIPBOARD_CLEAR_MS = 30_000;

function copy(text: string) {
  void navigator.clipboard.writeText(text);
  window.setTimeout(() => void navigator.clipboard.writeText(""), CLIPBOARD_CLEAR_MS);
}

export function InvitationCode({ issued }: { issued: InvitationIssued }) {
  return (
    <Stack data-testid="invitation-shown">
      <Alert color="yellow" title="Invitation created — shown once">
        When email is set up (Settings › Email), {issued.member.email} receives this code by email; otherwise give it
        by a channel you trust. They enter it under “Accept an invitation” on the sign-in screen. It works once, until {new Date(issued.expires_at).toLocaleString()}.
      </Alert>
      <Group justify="space-between">
        <Code fz="lg" data-testid="invitation-code">{issued.code}</Code>
        <CopyButton value={issued.code}>
          {({ copied }) => <Button variant="light" onClick={() => copy(issued.code)}>{copied ? "Copied" : "Copy"}</Button>}
        </CopyButton>
      </Group>
      <Text size="xs" c="dimmed">The clipboard is cleared 30 seconds after copying. Resending makes a new code and voids this one.</Text>
    </Stack>
  );
}
