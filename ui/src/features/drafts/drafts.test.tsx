// Drafts: the banner says where changes go and leads out; the effect view asks Rust again
// for every filter, and shows who gains and who loses.
import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { EffectPage } from "../../gen/EffectPage";
import { callsOf, mockIpc } from "../../test/ipc";
import { session } from "../../test/fixtures";
import { renderUi } from "../../test/render";
import { DraftBanner } from "./DraftBanner";
import { EffectView } from "./EffectView";

describe("DraftBanner", () => {
  it("is absent live, names the open draft, and leaving it hands Rust's session back (DRAFT-1)", async () => {
    const live = renderUi(<DraftBanner session={session([])} onSession={() => undefined} onReview={() => undefined} />);
    expect(screen.queryByTestId("draft-banner")).not.toBeInTheDocument();
    live.unmount();

    const left: unknown[] = [];
    mockIpc({ draft_close: session([]) });
    const open = session([], { draft: { id: "d1", name: "Deal Desk" } });
    const { user } = renderUi(<DraftBanner session={open} onSession={(s) => left.push(s)} onReview={() => undefined} />);
    expect(screen.getByTestId("draft-banner")).toHaveTextContent("Draft: Deal Desk");
    expect(screen.getByTestId("draft-banner")).toHaveTextContent("affects nobody until the draft is published");
    await user.click(screen.getByTestId("draft-leave"));
    await waitFor(() => expect(left).toHaveLength(1));
    expect(callsOf("draft_close")).toHaveLength(1);
  });
});

function page(filter: string): EffectPage {
  const everyone = [
    { person: { kind: "member", id: "m2" }, name: "Uma", email: "uma@acme.test", roles_before: ["Member"], roles_after: ["Administrator"],
      gained: ["roles.update"], lost: [], records_change: false, items_shown: [], items_hidden: [], dashboards_shown: [], dashboards_hidden: [] },
    { person: { kind: "member", id: "m3" }, name: "Lee", email: "lee@acme.test", roles_before: ["Sales"], roles_after: ["Member"],
      gained: [], lost: ["leads.update"], records_change: true, items_shown: [], items_hidden: [], dashboards_shown: [], dashboards_hidden: [] },
  ] as EffectPage["people"];
  const people = everyone.filter((p) => filter === "all" || (filter === "gaining" ? p.gained.length > 0 : p.lost.length > 0));
  return {
    summary: { people: 2, gaining: 1, losing: 1, records: 1, by_permission: [], by_role: [], by_account: [], items: [], warnings: [] },
    total: people.length,
    people,
  };
}

describe("EffectView", () => {
  it("counts gainers and losers, and each filter is asked of Rust (DRAFT-2)", async () => {
    mockIpc({ draft_effect: (req) => page((req as { filter: string }).filter) });
    const { user } = renderUi(<EffectView draftId="d1" />);
    expect(await screen.findByTestId("effect-view")).toHaveTextContent("Gain something1");
    expect(screen.getAllByTestId("effect-person").map((r) => r.dataset.email)).toEqual(["uma@acme.test", "lee@acme.test"]);

    await user.click(screen.getByRole("textbox", { name: "Show" }));
    await user.click(await screen.findByRole("option", { name: "Losing" }));
    await waitFor(() => expect(screen.getAllByTestId("effect-person").map((r) => r.dataset.email)).toEqual(["lee@acme.test"]));
    expect(callsOf("draft_effect").map((q) => (q as { filter: string }).filter)).toEqual(["all", "losing"]);
    expect(screen.getByTestId("effect-people")).toHaveTextContent("records change");
  });
});
