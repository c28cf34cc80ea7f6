// The portal server's header (PORT-1): who is signed in, for which partner, and the way
// out — sign out here, or everywhere. The preview shows its Banner instead.
import { Button, Group, Menu, Text } from "@mantine/core";
import { IconChevronDown, IconKey, IconLogout, IconLogout2 } from "@tabler/icons-react";
import type { PortalSession } from "./ipc";

export function UserHeader({ session, onChangePassword, onSignOut, onSignOutEverywhere }: {
  session: PortalSession; onChangePassword: () => void; onSignOut: () => void; onSignOutEverywhere: () => void;
}) {
  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap" data-testid="portal-user-header">
      <Text fw={700}>{session.account} · Partner portal</Text>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button variant="subtle" rightSection={<IconChevronDown size={14} />} data-testid="portal-user-menu">
            {session.user_name}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{session.user_email}</Menu.Label>
          <Menu.Item leftSection={<IconKey size={14} />} onClick={onChangePassword} data-testid="portal-menu-password">
            Change password
          </Menu.Item>
          <Menu.Item leftSection={<IconLogout size={14} />} onClick={onSignOut} data-testid="portal-menu-sign-out">
            Sign out
          </Menu.Item>
          <Menu.Item leftSection={<IconLogout2 size={14} />} onClick={onSignOutEverywhere} data-testid="portal-menu-sign-out-everywhere">
            Sign out everywhere
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}
