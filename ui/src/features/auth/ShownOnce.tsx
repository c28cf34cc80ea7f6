// PU-5: a temporary password, shown once, with a copy button that clears the clipboard.
import { Alert, Button, Code, CopyButton, Group, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";

const CLIPBOARD_CLEAR_MS = 30_000;

function copy(text: string) {
  void navigator.clipboard.writeText(text);
  window.setTimeout(() => void navigator.clipboard.writeText(""), CLIPBOARD_CLEAR_MS);
}

export function ShownOnce({ email, password, children }: { email: string; password: string; children?: ReactNode }) {
  return (
    <Stack data-testid="temporary-password-shown">
      <Alert color="yellow" title="Shown once">
        This temporary password cannot be shown again. {email} must change it at the first sign-in.
      </Alert>
      <Group justify="space-between">
        <Code fz="lg" data-testid="temporary-password">{password}</Code>
        <CopyButton value={password}>
          {({ copied }) => <Button variant="light" onClick={() => copy(password)}>{copied ? "Copied" : "Copy"}</Button>}
        </CopyButton>
      </Group>
      {children}
      <Text size="xs" c="dimmed">The clipboard is cleared 30 seconds after copying. Pass the password on by a channel other than email.</Text>
    </Stack>
  );
}
