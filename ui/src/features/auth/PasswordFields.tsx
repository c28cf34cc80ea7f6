// A new password typed twice, with the live policy checklist. Reports whether both agree.
import { PasswordInput, Stack } from "@mantine/core";
import { useState } from "react";
import type { PasswordCheck } from "../../ipc";
import { PasswordChecklist } from "./PasswordChecklist";

interface Props {
  label?: string;
  value: string;
  onChange: (v: string) => void;
  confirm: string;
  onConfirmChange: (v: string) => void;
  email?: string;
  name?: string;
  error?: string;
  testId?: string;
  onValidChange?: (ok: boolean) => void;
}

export function PasswordFields({ label = "Password", value, onChange, confirm, onConfirmChange, email, name, error, testId = "password", onValidChange }: Props) {
  const [, setCheck] = useState<PasswordCheck | null>(null);
  const mismatch = confirm.length > 0 && confirm !== value;
  const handle = (c: PasswordCheck | null) => {
    setCheck(c);
    onValidChange?.(!!c?.ok);
  };
  return (
    <Stack gap="xs">
      <PasswordInput label={label} value={value} onChange={(e) => onChange(e.currentTarget.value)} error={error}
        required data-testid={testId} autoComplete="new-password" />
      <PasswordChecklist password={value} email={email} name={name} onResult={handle} />
      <PasswordInput label="Repeat the password" value={confirm} onChange={(e) => onConfirmChange(e.currentTarget.value)}
        error={mismatch ? "The two passwords differ" : undefined} required data-testid={`${testId}-confirm`}
        autoComplete="new-password" />
    </Stack>
  );
}
