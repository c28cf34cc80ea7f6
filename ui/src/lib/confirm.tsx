// A promise-based confirmation dialog: `await confirm({...})` resolves true or false.
import { Button, Group, Modal, Text } from "@mantine/core";
import { useEffect, useState } from "react";

interface Ask {
  title: string;
  message: React.ReactNode;
  confirmLabel: string;
  danger?: boolean;
  resolve: (ok: boolean) => void;
}

let show: ((ask: Ask) => void) | null = null;

export function confirm(opts: Omit<Ask, "resolve">): Promise<boolean> {
  return new Promise((resolve) => {
    if (!show) return resolve(false);
    show({ ...opts, resolve });
  });
}

export function ModalsRoot() {
  const [ask, setAsk] = useState<Ask | null>(null);
  useEffect(() => {
    show = setAsk;
    return () => {
      show = null;
    };
  }, []);
  const close = (ok: boolean) => {
    ask?.resolve(ok);
    setAsk(null);
  };
  return (
    // Above drawers and other modals: a confirmation is always asked from inside one of them.
    <Modal opened={ask !== null} onClose={() => close(false)} title={ask?.title} centered zIndex={1000} data-testid="confirm-dialog">
      <Text size="sm">{ask?.message}</Text>
      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={() => close(false)}>
          Cancel
        </Button>
        <Button color={ask?.danger ? "red" : undefined} onClick={() => close(true)} data-testid="confirm-ok" data-autofocus>
          {ask?.confirmLabel}
        </Button>
      </Group>
    </Modal>
  );
}
