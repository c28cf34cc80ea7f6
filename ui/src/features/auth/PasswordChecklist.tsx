// PU-3 / WS-4: the policy checked in Rust as the person types (debounced); one source of truth.
import { Group, List, Text, ThemeIcon } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconCheck, IconX } from "@tabler/icons-react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { api, type PasswordCheck } from "../../ipc";
import { keys } from "../../lib/keys";

interface Props {
  password: string;
  email?: string;
  name?: string;
  onResult?: (check: PasswordCheck | null) => void;
}

export function PasswordChecklist({ password, email = "", name = "", onResult }: Props) {
  const [debounced] = useDebouncedValue(password, 200);
  const req = { password: debounced, email, name };
  const check = useQuery({
    queryKey: keys.passwordCheck(req),
    queryFn: () => api.passwordCheck(req),
    // A password typed is kept no longer than it is on screen.
    gcTime: 0,
    placeholderData: keepPreviousData,
  }).data ?? null;
  const report = useRef(onResult);
  useEffect(() => {
    report.current = onResult;
  });
  useEffect(() => {
    report.current?.(check);
  }, [check]);
  if (!check) return null;
  return (
    <List spacing={2} size="sm" center aria-live="polite" data-testid="password-checklist">
      {check.rules.map((r) => (
        <List.Item key={r.id} data-rule={r.id} data-passed={password.length > 0 && r.passed}
          icon={
            <ThemeIcon size={18} radius="xl" color={password.length === 0 ? "gray" : r.passed ? "teal" : "red"} variant="light">
              {password.length > 0 && r.passed ? <IconCheck size={12} /> : <IconX size={12} />}
            </ThemeIcon>
          }>
          <Group gap={4}>
            <Text size="sm" c={password.length > 0 && r.passed ? undefined : "dimmed"}>{r.label}</Text>
          </Group>
        </List.Item>
      ))}
    </List>
  );
}
