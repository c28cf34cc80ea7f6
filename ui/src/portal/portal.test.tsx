// The portal for three kinds of partner user: each sees the pages their roles allow and no
// other (PREV-1: absent, not greyed out), with their own numbers from Rust.
import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { PortalSession } from "../gen/PortalSession";
import type { PortalHome } from "../gen/PortalHome";
import { callsOf, mockIpc } from "../test/ipc";
import { renderUi } from "../test/render";
import { PortalApp } from "./PortalApp";

function portalSession(extra: Partial<PortalSession>): PortalSession {
  return {
    preview: true, manager: "Olivia Owner", user_name: "Pat", user_email: "pat@northwind.test", account: "Northwind",
    reason: "Ticket 42", expires_at: Date.now() + 600_000, now: Date.now(), read_only: false,
    kinds: [], items: false, users: false, ...extra,
  };
}

const LEADS = { kind: "lead" as const, label: "Leads", can_create: true };
const OPPS = { kind: "opportunity" as const, label: "Opportunities", can_create: false };

function home(visible: number, colleagues?: number, dashboards: PortalHome["dashboards"] = []): PortalHome {
  return { counts: [{ kind: "lead", label: "Leads", visible, own: 2, writable: 2 }], items: 3, colleagues, dashboards };
}

function navIds() {
  return screen.getAllByTestId(/^portal-nav-/).map((n) => n.dataset.testid);
}

describe("PortalApp (preview)", () => {
  it("a Partner User sees their leads and their access, nothing else", async () => {
    mockIpc({ portal_session: portalSession({ kinds: [LEADS] }), portal_home: home(5) });
    renderUi(<PortalApp />);
    await screen.findByTestId("portal-home");
    expect(navIds()).toEqual(["portal-nav-home", "portal-nav-lead", "portal-nav-access"]);
    expect(await screen.findByText("5")).toBeInTheDocument();
    expect(screen.getByTestId("portal-banner")).toHaveTextContent("Olivia Owner viewing the portal as Pat (Northwind)");
  });

  it("a Partner Manager also sees opportunities, products and the users they manage", async () => {
    mockIpc({ portal_session: portalSession({ kinds: [LEADS, OPPS], items: true, users: true }), portal_home: home(40, 6) });
    renderUi(<PortalApp />);
    await screen.findByTestId("portal-home");
    expect(navIds()).toEqual(["portal-nav-home", "portal-nav-lead", "portal-nav-opportunity", "portal-nav-items", "portal-nav-users", "portal-nav-access"]);
    expect(await screen.findByText("Users you manage")).toBeInTheDocument();
  });

  it("shows the dashboards Rust sends for this user, tile by tile, with the chart's numbers as a table", async () => {
    const dashboards: PortalHome["dashboards"] = [{
      id: "d1", name: "Partner home", locked: true, tiles: [
        { kind: "activities_by_type", title: "Activities this quarter", total: 7, by_type: { call: 3, email: 2, meeting: 1, task: 1 }, buckets: [], counts: [], rows: [] },
        { kind: "activity_trend", title: "Activity this quarter, by week", total: 7, buckets: ["2026-03-30", "2026-04-06"], counts: [4, 3], rows: [] },
        { kind: "open_opportunities", title: "Open opportunities", total: 6, buckets: [], counts: [], rows: [{ id: "r1", label: "Fabrikam renewal" }] },
      ], hidden: [],
    }];
    mockIpc({ portal_session: portalSession({ kinds: [LEADS, OPPS] }), portal_home: home(5, undefined, dashboards) });
    renderUi(<PortalApp />);
    expect(await screen.findByText("Partner home")).toBeInTheDocument();
    expect(screen.getByTestId("tile-activities_by_type")).toHaveTextContent("3 calls · 2 emails · 1 meeting · 1 task");
    expect(screen.getByRole("img", { name: "7 activities over 2 weeks" })).toBeInTheDocument();
    expect(screen.getByRole("cell", { name: "2026-04-06" })).toBeInTheDocument();
    expect(screen.getByTestId("tile-open_opportunities")).toHaveTextContent("Fabrikam renewal");
    expect(screen.getByTestId("tile-open_opportunities")).toHaveTextContent("and 5 more");
    expect(screen.queryByRole("button", { name: /^Hide / })).not.toBeInTheDocument();
  });

  it("on a changeable dashboard the user hides a tile and shows it again, through Rust", async () => {
    const tile = (kind: "activities_by_type" | "open_opportunities", title: string) =>
      ({ kind, title, total: 1, buckets: [], counts: [], rows: [] });
    let hidden: ("activities_by_type" | "open_opportunities")[] = [];
    const homeNow = () => home(5, undefined, [{
      id: "d1", name: "Partner home", locked: false,
      tiles: [tile("activities_by_type", "Activities this quarter"), tile("open_opportunities", "Open opportunities")].filter((t) => !hidden.includes(t.kind)),
      hidden: hidden.map((k) => ({ kind: k, title: k })),
    }]);
    mockIpc({
      portal_session: portalSession({ kinds: [LEADS, OPPS] }),
      portal_home: () => homeNow(),
      portal_home_arrange: (req) => {
        hidden = (req as { hidden: typeof hidden }).hidden;
        return homeNow();
      },
    });
    const { user } = renderUi(<PortalApp />);
    await user.click(await screen.findByRole("button", { name: "Hide Open opportunities" }));
    await waitFor(() => expect(screen.queryByTestId("tile-open_opportunities")).not.toBeInTheDocument());
    expect(callsOf("portal_home_arrange")).toEqual([{ dashboard_id: "d1", hidden: ["open_opportunities"] }]);
    await user.click(await screen.findByTestId("portal-dashboard-show-all"));
    expect(await screen.findByTestId("tile-open_opportunities")).toBeInTheDocument();
    expect(callsOf("portal_home_arrange").at(-1)).toEqual({ dashboard_id: "d1", hidden: [] });
  });

  it("a draft preview is read-only: records show no Edit, and the banner says so", async () => {
    mockIpc({
      portal_session: portalSession({ kinds: [LEADS], read_only: true, draft: "Deal Desk" }),
      portal_home: home(1),
      portal_records: {
        total: 1, can_create: false,
        rows: [{ id: "l1", kind: "lead", name: "Contoso deal", owner: "Pat", write: true, why: "You own it", version: 1 }],
      },
    });
    const { user } = renderUi(<PortalApp />);
    expect(await screen.findByTestId("portal-banner")).toHaveTextContent("Showing draft “Deal Desk”: read-only");
    await user.click(screen.getByTestId("portal-nav-lead"));
    expect(await screen.findByText("Contoso deal")).toBeInTheDocument();
    expect(screen.queryByTestId("portal-record-edit")).not.toBeInTheDocument();
    expect(screen.queryByTestId("portal-record-new")).not.toBeInTheDocument();
    await waitFor(() => expect(callsOf("portal_records")).toEqual([{ kind: "lead", search: "", offset: 0, limit: 25 }]));
  });

  it("an ended preview says why, in Rust's words", async () => {
    mockIpc({ portal_session: () => { throw { code: "session", message: "This preview's time is up: it has ended." }; } });
    renderUi(<PortalApp />);
    expect(await screen.findByTestId("portal-ended")).toHaveTextContent("This preview's time is up");
  });
});
