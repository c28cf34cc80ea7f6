// PU-3/PU-4/PU-5, for a member or a partner user: generate a temporary password (shown
// once) or type one (checked live against the policy), with PU-4's one-shot flag.
import { Button, Checkbox, Group, Modal, SegmentedControl, Stack, Text } from "@mantine/core";
import { useEffect, useState, type ReactNode } from "react";
import { fieldError, notifyError, notifySuccess } from "../../lib/notify";
import { PasswordFields } from "./PasswordFields";
import { ShownOnce } from "./ShownOnce";

/** Whom the password is for; `null` closes the dialog. */
export interface PasswordTarget {
  email: string;
  name: string;
}

interface Props {
  target: PasswordTarget | null;
  title: string;
  /** Saves: `null` asks Rust for a temporary password, which comes back once. */
  save: (password: string | null, requireChange: boolean) => Promise<{ email: string; temporary_password?: string }>;
  /** Shown under a temporary password: what the person signs in to, and as what. */
  details?: ReactNode;
  testId: string;
  onClose: () => void;
}

export function SetPasswordDialog({ target, title, save, details, testId, onClose }: Props) {
  const [mode, setMode] = useState<"temporary" | "manual">("temporary");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  // PU-4: always shown unchecked; saving checked sets the one-shot flag.
  const [requireChange, setRequireChange] = useState(false);
  const [shown, setShown] = useState<{ email: string; password: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setMode("temporary");
    setPassword("");
    setConfirm("");
    setRequireChange(false);
    setShown(null);
    setError(null);
  }, [target]);
  const close = () => {
    setShown(null); // the temporary password is gone for good once the dialog closes
    onClose();
  };
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!target) return;
    if (mode === "manual" && password !== confirm) return notifyError(new Error("The two passwords differ"), "Not saved");
    setBusy(true);
    try {
      const r = await save(mode === "manual" ? password : null, requireChange);
      setRequireChange(false);
      if (r.temporary_password) setShown({ email: r.email, password: r.temporary_password });
      else {
        notifySuccess(`Password set for ${r.email}. Pass it on by phone or in person, never by email.`);
        close();
      }
    } catch (err) {
      setError(err);
      if (!fieldError(err, "password")) notifyError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={target !== null} onClose={close} title={title} centered size="md">
      {shown ? (
        <Stack>
          <ShownOnce email={shown.email} password={shown.password}>{details}</ShownOnce>
          <Group justify="flex-end"><Button onClick={close} data-testid="password-done">Done</Button></Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <SegmentedControl value={mode} onChange={(v) => setMode(v as "temporary" | "manual")}
              data={[{ value: "temporary", label: "Generate a temporary password" }, { value: "manual", label: "Type a password" }]} />
            {mode === "manual" && (
              <>
                <PasswordFields value={password} onChange={setPassword} confirm={confirm} onConfirmChange={setConfirm}
                  email={target?.email} name={target?.name} error={fieldError(error, "password")} testId={testId} />
                <Checkbox label="Require password change on next login" checked={requireChange}
                  onChange={(e) => setRequireChange(e.currentTarget.checked)} />
                <Text size="xs" c="dimmed">Tell them the password by phone or in person — never by email.</Text>
              </>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>Cancel</Button>
              <Button type="submit" loading={busy} data-testid="reset-submit">{mode === "temporary" ? "Generate" : "Set password"}</Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
