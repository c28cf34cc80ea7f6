// The signed-in member's menu: lock now, idle lock, change password, sign out.
import { Menu, Modal, UnstyledButton } from "@mantine/core";
import { IconClockPause, IconKey, IconLock, IconLogout } from "@tabler/icons-react";
import { useState } from "react";
import { api, type SessionInfo } from "../ipc";
import { notifyError, notifySuccess } from "../lib/notify";
import { ChangePasswordForm } from "../features/auth/ChangePassword";

const IDLE_CHOICES = [5, 15, 30, 60, 0];

export function UserMenu({ session, onSession, children }: { session: SessionInfo; onSession: (s: SessionInfo) => void; children: React.ReactNode }) {
  const [changing, setChanging] = useState(false);
  const run = (p: Promise<SessionInfo>) => p.then(onSession, notifyError);
  const setIdle = (minutes: number) =>
    api.setIdleLock({ minutes }).then((s) => {
      notifySuccess(minutes ? `Trellis now locks after ${minutes} minutes without activity.` : "Trellis no longer locks by itself.");
      onSession(s);
    }, notifyError);
  return (
    <>
      <Menu position="bottom-end" width={260} shadow="md">
        <Menu.Target>
          <UnstyledButton data-testid="user-menu" title="Account menu">{children}</UnstyledButton>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconLock size={16} />} onClick={() => run(api.lock())} data-testid="lock-now">Lock now</Menu.Item>
          <Menu.Item leftSection={<IconKey size={16} />} onClick={() => setChanging(true)}>Change password…</Menu.Item>
          <Menu.Label>Lock after inactivity</Menu.Label>
          {IDLE_CHOICES.map((m) => (
            <Menu.Item key={m} leftSection={<IconClockPause size={16} />} onClick={() => setIdle(m)}
              rightSection={session.idle_lock_minutes === m ? "✓" : undefined}>
              {m ? `${m} minutes` : "Never"}
            </Menu.Item>
          ))}
          <Menu.Divider />
          <Menu.Item color="red.9" leftSection={<IconLogout size={16} />} onClick={() => run(api.signOut())} data-testid="sign-out">
            Sign out
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal opened={changing} onClose={() => setChanging(false)} title="Change your password" centered>
        <ChangePasswordForm session={session} forced={false} onDone={(s) => { setChanging(false); onSession(s); }}
          onCancel={() => setChanging(false)} />
      </Modal>
    </>
  );
}
