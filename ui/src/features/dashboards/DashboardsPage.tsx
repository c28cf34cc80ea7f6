// Dashboards published to portal roles (RPT-3): what each shows, to whom, how many partner
// users get it now, and what the manager should know (deleted roles, users who will not
// see it). Publishing with a draft open lands in the draft, like every access change.
import { ActionIcon, Alert, Badge, Button, Card, Group, Menu, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { IconAlertTriangle, IconDots, IconEyeOff, IconPencil, IconPlus, IconTrash } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api, type SessionInfo } from "../../ipc";
import type { DashboardList } from "../../gen/DashboardList";
import type { DashboardRow } from "../../gen/DashboardRow";
import { keys } from "../../lib/keys";
import { queryClient } from "../../lib/queryClient";
import { Empty, LoadError } from "../../lib/states";
import { confirm } from "../../lib/confirm";
import { notifyError, notifySuccess } from "../../lib/notify";
import { can } from "../../lib/permissions";
import { DashboardEditor } from "./DashboardEditor";

export function DashboardsPage({ session }: { session: SessionInfo }) {
  const query = useQuery({ queryKey: keys.dashboards, queryFn: api.dashboardList });
  const list = query.data;
  const setList = (l: DashboardList) => queryClient.setQueryData(keys.dashboards, l);
  const [editing, setEditing] = useState<DashboardRow | "new" | null>(null);
  const manage = can(session, "special.manage_partner_access");
  const edit = manage && can(session, "reports.update");
  const remove = manage && can(session, "reports.delete");
  const run = async (label: string, f: () => Promise<DashboardList>) => {
    try {
      setList(await f());
      notifySuccess(label);
    } catch (err) {
      notifyError(err);
    }
  };
  const withdraw = async (d: DashboardRow) => {
    const ok = await confirm({ title: `Withdraw “${d.name}”?`, message: `${d.reach} partner users stop seeing it on their Home. It stays here to publish again.`, confirmLabel: "Withdraw" });
    if (ok) await run(`“${d.name}” withdrawn.`, () => api.dashboardSave({ dashboard_id: d.id, version: d.version, name: d.name, tiles: d.tiles, role_ids: [], publish_to: d.publish_to, locked: d.locked }));
  };
  const del = async (d: DashboardRow) => {
    const ok = await confirm({ title: `Delete “${d.name}”?`, message: "It leaves every Home it is on.", confirmLabel: "Delete dashboard", danger: true });
    if (ok) await run(`“${d.name}” deleted.`, () => api.dashboardDelete({ dashboard_id: d.id, version: d.version }));
  };
  const titles = new Map(list?.tiles.map((t) => [t.kind, t.title]));
  return (
    <Stack p="lg" gap="md" maw={1100}>
      <Group justify="space-between" align="end">
        <div>
          <Title order={2} size="h3">Dashboards</Title>
          <Text size="sm" c="dimmed">Publish report tiles to the portal Home of every user of a portal role — each counted over that user's own access.</Text>
        </div>
        {edit && list && <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing("new")} data-testid="dashboard-new">New dashboard</Button>}
      </Group>
      {query.error && <LoadError error={query.error} what="Dashboards" retry={() => void query.refetch()} />}
      {list && list.dashboards.length === 0 && <Empty>No dashboards yet: partners see only their own numbers on their Home.</Empty>}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {list?.dashboards.map((d) => (
          <Card key={d.id} withBorder data-testid="dashboard-card" data-name={d.name}>
            <Group justify="space-between" align="start" wrap="nowrap">
              <div>
                <Text fw={600}>{d.name}</Text>
                <Text size="sm" c="dimmed">
                  {d.roles.length === 0 ? "Not published" : `${d.reach} partner user${d.reach === 1 ? "" : "s"} see it`}
                </Text>
              </div>
              {(edit || remove) && (
                <Menu position="bottom-end" withinPortal>
                  <Menu.Target><ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${d.name}`}><IconDots size={18} /></ActionIcon></Menu.Target>
                  <Menu.Dropdown>
                    {edit && <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => setEditing(d)}>Edit or publish…</Menu.Item>}
                    {edit && d.roles.length > 0 && <Menu.Item leftSection={<IconEyeOff size={16} />} onClick={() => void withdraw(d)}>Withdraw</Menu.Item>}
                    {remove && <Menu.Item color="red.9" leftSection={<IconTrash size={16} />} onClick={() => void del(d)}>Delete</Menu.Item>}
                  </Menu.Dropdown>
                </Menu>
              )}
            </Group>
            <Group gap={6} mt="xs">
              {d.roles.map((r) => <Badge key={r.id} color={r.name ? "blue" : "red"} variant="light">{r.name || "Deleted role"}</Badge>)}
              {d.roles.length > 0 && <Badge color="gray" variant="outline">{d.publish_to === "new_users_only" ? "New users only" : "New and existing users"}</Badge>}
              <Badge color="gray" variant="outline">{d.locked ? "Locked" : "Changeable"}</Badge>
            </Group>
            <Text size="sm" mt="xs">{d.tiles.map((t) => titles.get(t) ?? t).join(" · ")}</Text>
            {d.warnings.map((w) => (
              <Alert key={w} mt="xs" color="yellow" variant="light" icon={<IconAlertTriangle size={16} />} p="xs">{w}</Alert>
            ))}
          </Card>
        ))}
      </SimpleGrid>
      {list && <DashboardEditor list={list} dashboard={editing} onClose={() => setEditing(null)} onSaved={setList} />}
    </Stack>
  );
}
