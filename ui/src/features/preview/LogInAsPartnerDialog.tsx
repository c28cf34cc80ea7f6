// PREV-1, PREV-4, PREV-5: open the partner's portal in a window of its own, for a stated
// reason and a limited time — live, or over a draft (read-only). Rust checks the
// permission, the partner user's access and the limits, and audits the start.
import { Alert, Button, Group, Modal, NumberInput, Select, Stack, Text, Textarea } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../ipc";
import type { SessionInfo } from "../../gen/SessionInfo";
import { keys } from "../../lib/keys";
import { fieldError, notifyError, notifySuccess } from "../../lib/notify";
import { can } from "../../lib/permissions";

type Contact = { id: string; name: string };

export function LogInAsPartnerDialog({ session, contact, onClose }: {
  session: SessionInfo; contact: Contact | null; onClose: () => void;
}) {
  return (
    <Modal opened={contact !== null} onClose={onClose} title={`Log in as ${contact?.name ?? "partner"}`} centered size="lg">
      {/* A fresh form per partner user; what is typed survives the session being re-read. */}
      {contact && <PreviewForm key={contact.id} session={session} contact={contact} onClose={onClose} />}
    </Modal>
  );
}

function PreviewForm({ session, contact, onClose }: { session: SessionInfo; contact: Contact; onClose: () => void }) {
  const max = session.preview_max_minutes;
  const [reason, setReason] = useState("");
  const [minutes, setMinutes] = useState<number>(Math.min(30, max));
  const [draft, setDraft] = useState<string | null>(null);
  const drafts = (useQuery({
    queryKey: keys.drafts,
    queryFn: api.draftList,
    enabled: can(session, "roles.read"),
  }).data ?? []).filter((d) => ["editing", "ready", "stale"].includes(d.state));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const open = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.previewStart({ contact_id: contact.id, reason, minutes, draft_id: draft ?? undefined });
      notifySuccess(`The portal preview as ${contact.name} opened in its own window. Its start is in the audit log.`);
      onClose();
    } catch (err) {
      setError(err);
      if (!["reason", "minutes", "draft_id", "contact_id"].some((f) => fieldError(err, f))) notifyError(err, "Preview not opened");
    } finally {
      setBusy(false);
    }
  };
  return (
      <form onSubmit={open} noValidate>
        <Stack>
          <Text size="sm">
            A separate window shows the partner portal exactly as {contact.name} sees it. Changes you make there are saved
            for real and recorded in the audit log as made by you, as them, with your reason.
          </Text>
          <Textarea label="Reason" description="Required. Reviewers read it in the audit log." autosize minRows={2}
            placeholder="e.g. Ticket 4711: they cannot see EMEA leads" value={reason} onChange={(e) => setReason(e.currentTarget.value)}
            error={fieldError(error, "reason")} data-autofocus data-testid="preview-reason" />
          <Group align="start" grow>
            <NumberInput label="Duration (minutes)" min={1} max={max} value={minutes} onChange={(v) => setMinutes(Number(v))}
              description={`At most ${max} minutes (Settings)`} error={fieldError(error, "minutes")} data-testid="preview-minutes" />
            {drafts.length > 0 && (
              <Select label="Show" data={[{ value: "", label: "Live access" }, ...drafts.map((d) => ({ value: d.id, label: `Draft “${d.name}” (read-only)` }))]}
                value={draft ?? ""} onChange={(v) => setDraft(v || null)} error={fieldError(error, "draft_id")}
                comboboxProps={{ withinPortal: true }} data-testid="preview-draft" />
            )}
          </Group>
          {fieldError(error, "contact_id") && <Alert color="orange">{fieldError(error, "contact_id")}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={busy} data-testid="preview-open">Open preview</Button>
          </Group>
        </Stack>
      </form>
  );
}
