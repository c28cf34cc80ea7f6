// Dashboards (RPT-3): the list is Rust's answer (reach, warnings); publishing sends the
// chosen tiles, roles and audience; a field Rust names shows at that field.
import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { DashboardList } from "../../gen/DashboardList";
import { callsOf, mockIpc, refuse } from "../../test/ipc";
import { session } from "../../test/fixtures";
import { renderUi } from "../../test/render";
import { DashboardsPage } from "./DashboardsPage";

const TILES: DashboardList["tiles"] = [
  { kind: "activities_by_type", title: "Activities this quarter" },
  { kind: "activity_trend", title: "Activity this quarter, by week" },
  { kind: "open_opportunities", title: "Open opportunities" },
  { kind: "quiet_customers", title: "Customers without activity for 60 days" },
];
const APC = { id: "r-apc", name: "Advanced Partner Center" };
const ROLES = [APC, { id: "r-spc", name: "Standard Partner Center" }];
const MANAGER = ["reports.read", "reports.create", "reports.update", "reports.delete", "special.manage_partner_access"];

function list(dashboards: DashboardList["dashboards"]): DashboardList {
  return { dashboards, roles: ROLES, tiles: TILES };
}

const published: DashboardList["dashboards"][number] = {
  id: "d1", name: "Partner performance", tiles: ["activities_by_type", "open_opportunities"],
  roles: [APC, { id: "r-gone", name: "" }], publish_to: "new_users_only", locked: true, reach: 12,
  warnings: ["1 role it was published to no longer exists; the other roles' users still see it"], version: 3,
};

describe("DashboardsPage", () => {
  it("shows who gets each dashboard and what the manager should know", async () => {
    mockIpc({ dashboard_list: list([published]) });
    renderUi(<DashboardsPage session={session(MANAGER)} />);
    const card = await screen.findByTestId("dashboard-card");
    expect(card).toHaveTextContent("12 partner users see it");
    expect(card).toHaveTextContent("Deleted role");
    expect(card).toHaveTextContent("New users only");
    expect(card).toHaveTextContent("Activities this quarter · Open opportunities");
    expect(card).toHaveTextContent("no longer exists");
  });

  it("publishes the tiles and roles chosen, and shows Rust's refusal at its field", async () => {
    let saved = false;
    let current = list([]);
    mockIpc({
      dashboard_list: () => current,
      dashboard_save: (req) => {
        const r = req as { name: string };
        if (r.name.trim() === "") refuse({ code: "invalid", field: "name", message: "Dashboard name is required" });
        saved = true;
        current = list([{ ...published, name: r.name, roles: [APC], warnings: [], version: 1 }]);
        return current;
      },
    });
    const { user } = renderUi(<DashboardsPage session={session(MANAGER)} />);
    await user.click(await screen.findByTestId("dashboard-new"));
    const editor = await screen.findByTestId("dashboard-editor");
    await user.click(within(editor).getByLabelText("Customers without activity for 60 days"));
    await user.click(within(editor).getByTestId("dashboard-save"));
    expect(await within(editor).findByText("Dashboard name is required")).toBeInTheDocument();
    expect(saved).toBe(false);
    await user.type(within(editor).getByTestId("dashboard-name"), "Partner home");
    await user.click(within(editor).getByTestId("dashboard-roles"));
    await user.click(await screen.findByRole("option", { name: "Advanced Partner Center" }));
    await user.click(within(editor).getByTestId("dashboard-save"));
    await waitFor(() => expect(saved).toBe(true));
    expect(callsOf("dashboard_save").at(-1)).toEqual({
      dashboard_id: undefined, version: undefined, name: "Partner home",
      tiles: ["activities_by_type", "activity_trend", "open_opportunities"], role_ids: ["r-apc"],
      publish_to: "new_and_existing", locked: true,
    });
    expect(await screen.findByTestId("dashboard-card")).toHaveTextContent("Partner home");
  });

  it("offers no changes to someone who may only read reports", async () => {
    mockIpc({ dashboard_list: list([published]) });
    renderUi(<DashboardsPage session={session(["reports.read"])} />);
    await screen.findByTestId("dashboard-card");
    expect(screen.queryByTestId("dashboard-new")).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Actions for Partner performance" })).not.toBeInTheDocument();
  });
});
