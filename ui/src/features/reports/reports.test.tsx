// Reports › Partner activity: Rust's numbers shown as they come (totals, rows, the chart's
// table view), every filter and search sent to Rust, and a row opening its activity.
import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { ActivityDetailRequest } from "../../gen/ActivityDetailRequest";
import type { ActivitySummary } from "../../gen/ActivitySummary";
import type { ActivitySummaryRequest } from "../../gen/ActivitySummaryRequest";
import { callsOf, mockIpc } from "../../test/ipc";
import { session } from "../../test/fixtures";
import { renderUi } from "../../test/render";
import { ReportsPage } from "./ReportsPage";

const counts = (call: number, email: number, meeting: number, task: number) => ({ call, email, meeting, task });
const row = (name: string, account_id: string | undefined, total: number) => ({
  account_id, name, owner: "Dana Whitfield", total, by_type: counts(total, 0, 0, 0), customers: 2, first: 1_767_225_600_000, last: 1_767_225_600_000,
});

function summary(req: ActivitySummaryRequest): ActivitySummary {
  const contoso = req.types.length === 0 ? 7 : 3;
  return {
    bucket: req.bucket, buckets: ["2026-01-05", "2026-01-12"], total: contoso + 2, by_type: counts(contoso + 2, 0, 0, 0), customers: 3,
    rows: [row("Contoso Networks", "a1", contoso), row("Internal (members)", undefined, 2)],
    series: [{ name: "Contoso Networks", counts: [contoso - 1, 1] }, { name: "Internal (members)", counts: [2, 0] }],
    people: req.expand ? [row("Priya Raman", "a1", contoso)] : [],
  };
}

const detailRow = { id: "r1", at: 1_767_225_600_000, when: "2026-01-01 09:00", type: "call", subject: "Intro call", customer: "Core switch refresh account",
  customer_id: "c1", account_id: "a1", partner: "Contoso Networks", by: "Priya Raman", version: 1, write: true };

function ipc() {
  mockIpc({
    report_activity_summary: (q) => summary(q as ActivitySummaryRequest),
    report_activity_detail: (q) => ({ rows: (q as ActivityDetailRequest).search === "zzz" ? [] : [detailRow], total: (q as ActivityDetailRequest).search === "zzz" ? 0 : 1, page: 0, page_size: 50 }),
    partner_list: { total: 1, rows: [] },
    member_list: { total: 0, rows: [], counts: { all: 0, active: 0, invited: 0, removed: 0, no_role: 0, roles: [] } },
    customer_choices: [{ id: "c1", name: "Core switch refresh account" }],
  });
}

describe("ReportsPage", () => {
  it("shows Rust's summary, its table view and a partner's people (RPT-1)", async () => {
    ipc();
    const { user } = renderUi(<ReportsPage session={session(["reports.read", "special.export"])} />);
    await waitFor(() => expect(screen.getByTestId("stat-activities")).toHaveTextContent("9"));
    expect(screen.getAllByTestId("activity-summary-row").map((r) => r.dataset.partner)).toEqual(["Contoso Networks", "Internal (members)"]);
    await user.click(screen.getByRole("radio", { name: "Table" }));
    expect(await screen.findByTestId("activity-trend-table")).toHaveTextContent("2026-01-12");
    await user.click(screen.getByRole("button", { name: "Contoso Networks: show people" }));
    expect(await screen.findByTestId("activity-person-row")).toHaveTextContent("Priya Raman");
    expect((callsOf("report_activity_summary").at(-1) as ActivitySummaryRequest).expand).toBe("a1");
    // A type filter is Rust's to apply: the request carries it and the numbers change.
    await user.click(screen.getByTestId("report-type-meeting"));
    await waitFor(() => expect(screen.getByTestId("stat-activities")).toHaveTextContent("5"));
    expect((callsOf("report_activity_summary").at(-1) as ActivitySummaryRequest).types).toEqual(["meeting"]);
  });

  it("searches the detail in Rust and opens an activity", async () => {
    ipc();
    const { user } = renderUi(<ReportsPage session={session(["reports.read", "opportunities.create"])} />);
    await user.click(screen.getByTestId("tab-detail"));
    expect(await screen.findByTestId("activity-row")).toHaveTextContent("Intro call");
    await user.type(screen.getByTestId("activity-search"), "zzz");
    expect(await screen.findByTestId("activity-detail-empty")).toBeInTheDocument();
    expect((callsOf("report_activity_detail").at(-1) as ActivityDetailRequest).search).toBe("zzz");
    await user.clear(screen.getByTestId("activity-search"));
    await user.click(await screen.findByRole("button", { name: /Open Intro call/ }));
    expect(await screen.findByTestId("activity-subject")).toHaveValue("Intro call");
  });
});
