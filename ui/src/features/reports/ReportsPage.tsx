// Reports › Partner activity (RPT-1): the summary and the detail over one filter, both
// computed by Rust over what the signed-in member may see, and exportable as CSV.
import { Button, Group, Menu, Stack, Tabs, Text, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconDownload, IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import type { ActivityRow } from "../../gen/ActivityRow";
import { api, type SessionInfo } from "../../ipc";
import { notifyError, notifySuccess } from "../../lib/notify";
import { can } from "../../lib/permissions";
import { ActivityDrawer } from "./ActivityDrawer";
import { ActivityFilters, applyPreset, type FilterState } from "./ActivityFilters";
import { DetailView } from "./DetailView";
import { TIME_ZONE } from "./period";
import { SummaryView } from "./SummaryView";

/** The last 12 months as of when the screen opens (not when the app started). */
const start = (): FilterState => applyPreset({ preset: "12m", filter: { from: "", to: "", tz: TIME_ZONE, partners: [], types: [] } }, "12m");

export function ReportsPage({ session }: { session: SessionInfo }) {
  const [state, setState] = useState<FilterState>(start);
  const [tab, setTab] = useState<string | null>("summary");
  const [open, setOpen] = useState<ActivityRow | "new" | null>(null);
  const [busy, setBusy] = useState(false);
  const [filter] = useDebouncedValue(state.filter, 250);
  const complete = filter.from !== "" && filter.to !== "";

  const exportCsv = async (summary: boolean) => {
    setBusy(true);
    try {
      const saved = await api.activityExport({ ...state.filter, summary, search: "" });
      notifySuccess(`${saved.rows.toLocaleString()} rows exported to ${saved.path}`);
    } catch (e) {
      notifyError(e, "Not exported");
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack h="100%" gap={0}>
      <Group justify="space-between" px="lg" pt="md" pb="xs">
        <div>
          <Title order={2} size="h3">Partner activity</Title>
          <Text size="sm" c="dimmed">Which partners talked to which customers, and when — counted over the records you may see. Days are {TIME_ZONE} days.</Text>
        </div>
        <Group gap="sm">
          {can(session, "opportunities.create") && (
            <Button variant="default" leftSection={<IconPlus size={16} />} onClick={() => setOpen("new")} data-testid="activity-new">Log activity</Button>
          )}
          {can(session, "special.export") && (
            <Menu position="bottom-end">
              <Menu.Target>
                <Button leftSection={<IconDownload size={16} />} variant="default" loading={busy} data-testid="activity-export">Export CSV</Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item onClick={() => void exportCsv(true)} data-testid="activity-export-summary">Summary (one line per partner)</Menu.Item>
                <Menu.Item onClick={() => void exportCsv(false)} data-testid="activity-export-detail">Detail (every activity)</Menu.Item>
              </Menu.Dropdown>
            </Menu>
          )}
        </Group>
      </Group>
      <ActivityFilters value={state} onChange={setState} />
      <Tabs value={tab} onChange={setTab} style={{ flex: 1, minHeight: 0, display: "flex", flexDirection: "column" }} keepMounted={false}>
        <Tabs.List px="lg" mb="sm">
          <Tabs.Tab value="summary" data-testid="tab-summary">Summary</Tabs.Tab>
          <Tabs.Tab value="detail" data-testid="tab-detail">Detail</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="summary" style={{ flex: 1, overflow: "auto" }}>{complete && <SummaryView filter={filter} />}</Tabs.Panel>
        <Tabs.Panel value="detail" style={{ flex: 1, minHeight: 0, display: "flex", flexDirection: "column" }}>
          {complete && <DetailView filter={filter} onOpen={setOpen} />}
        </Tabs.Panel>
      </Tabs>
      {open && <ActivityDrawer row={open} onClose={() => setOpen(null)} />}
    </Stack>
  );
}
