// The state both one-time-code forms keep (accepting an invitation, a reset link): the
// code, the new password twice, the error Rust answered and whether a call is running,
// all started again each time the dialog opens.
import { useEffect, useState } from "react";
import { fieldError, notifyError } from "../../lib/notify";

export function useCodeForm(opened: boolean, initialCode: string) {
  const [code, setCode] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setCode(initialCode);
    setPassword("");
    setConfirm("");
    setError(null);
  }, [opened, initialCode]);
  /** The form's submit: the two passwords must agree, then `call` runs; an error Rust
   * pinned on one of `fields` shows there, any other in a toast titled `failed`. */
  const submit = (failed: string, fields: string[], call: () => Promise<void>) => async (e: React.FormEvent) => {
    e.preventDefault();
    if (password !== confirm) return notifyError(new Error("The two passwords differ"), failed);
    setBusy(true);
    try {
      await call();
    } catch (err) {
      setError(err);
      if (!fields.some((f) => fieldError(err, f))) notifyError(err, failed);
    } finally {
      setBusy(false);
    }
  };
  return { code, setCode, password, setPassword, confirm, setConfirm, error, busy, submit };
}
