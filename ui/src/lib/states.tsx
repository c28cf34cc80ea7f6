// The three states every screen's data can be in besides "here it is", drawn one way
// everywhere: loading, empty, and could-not-load (with the reason Rust gave, and a retry).
import { Alert, Button, Center, Loader, Stack, Text } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import type { ReactNode } from "react";

export function Loading({ label = "Loading…", inline = false }: { label?: string; inline?: boolean }) {
  if (inline) return <Loader size="sm" aria-label={label} />;
  return (
    <Center py="xl" h="100%">
      <Loader aria-label={label} />
    </Center>
  );
}

export function Empty({ children, action, testId = "empty" }: { children: ReactNode; action?: ReactNode; testId?: string }) {
  return (
    <Stack align="center" gap="xs" py="xl" data-testid={testId}>
      <Text c="dimmed" ta="center">{children}</Text>
      {action}
    </Stack>
  );
}

export function LoadError({ error, retry, what }: { error: unknown; retry?: () => void; what?: string }) {
  const message = error instanceof Error ? error.message : String(error);
  return (
    <Alert color="red" icon={<IconAlertTriangle size={18} />} title={what ? `${what} could not be read` : "Could not be read"}
      m="md" role="alert" data-testid="load-error">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{message}</Text>
        {retry && <Button size="xs" variant="light" color="red" onClick={retry}>Try again</Button>}
      </Stack>
    </Alert>
  );
}

interface Query<T> {
  data: T | undefined;
  error: unknown;
  isPending: boolean;
  refetch: () => unknown;
}

/** Renders `children(data)` once a query has answered; its loading and error states otherwise. */
export function QueryView<T>({ query, what, children, inline }: {
  query: Query<T>;
  what?: string;
  inline?: boolean;
  children: (data: T) => ReactNode;
}) {
  if (query.data !== undefined) return <>{children(query.data)}</>;
  if (query.error) return <LoadError error={query.error} what={what} retry={() => void query.refetch()} />;
  return <Loading inline={inline} label={what ? `Loading ${what.toLowerCase()}` : undefined} />;
}
