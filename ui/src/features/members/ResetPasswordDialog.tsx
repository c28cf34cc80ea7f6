// PU-3/PU-4/PU-5 for a member: a temporary password shown once, or one typed by the manager.
import { Text } from "@mantine/core";
import { api, type MemberRow } from "../../ipc";
import { SetPasswordDialog } from "../auth/SetPasswordDialog";

export function ResetPasswordDialog({ member, onClose }: { member: MemberRow | null; onClose: () => void }) {
  const save = async (password: string | null, requireChange: boolean) => {
    const r = await api.memberResetPassword({ member_id: member?.id ?? "", password, require_change: requireChange });
    return { email: r.email, temporary_password: r.temporary_password };
  };
  return (
    <SetPasswordDialog target={member} title={`Reset the password of ${member?.email ?? ""}`} save={save} testId="reset-password"
      onClose={onClose}
      details={
        <Text size="sm">
          Signs in to Trellis as <b>{member?.email}</b> with the role <b>{member?.role_name ?? "no role"}</b>.
        </Text>
      } />
  );
}
