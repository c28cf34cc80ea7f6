// PU-3/PU-5 after access was given: type a password (with PU-4's flag) or generate a
// temporary one, shown once.
import { Text } from "@mantine/core";
import { api } from "../../../ipc";
import type { ContactRow } from "../../../gen/ContactRow";
import { SetPasswordDialog } from "../../auth/SetPasswordDialog";

export function PartnerPasswordDialog({ contact, onClose }: { contact: ContactRow | null; onClose: () => void }) {
  const save = async (password: string | null, requireChange: boolean) => {
    const r = await api.partnerSetPassword({ contact_id: contact?.id ?? "", password, require_change: requireChange });
    return { email: r.email, temporary_password: r.temporary_password };
  };
  return (
    <SetPasswordDialog target={contact} title={`Password for ${contact?.email ?? ""}`} save={save} testId="partner-reset-password"
      onClose={onClose}
      details={<Text size="sm">Signs in to the partner portal as <b>{contact?.email}</b>, at <b>{contact?.hierarchy_role}</b>.</Text>} />
  );
}
