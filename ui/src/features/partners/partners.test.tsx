// What one partner user sees and why (HIER-2, PU-8, SHARE-1): Rust's report, shown as is;
// a refusal says so instead of an empty panel.
import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { VisibilityReport } from "../../gen/VisibilityReport";
import { callsOf, mockIpc } from "../../test/ipc";
import { renderUi } from "../../test/render";
import { VisibilityPanel } from "./record/VisibilityPanel";

const report: VisibilityReport = {
  person: "Pat", scope: "Records owned at Northwind › Sales and below, and what sharing rules give", total: 3,
  by_kind: [{ kind: "lead", count: 2 }, { kind: "opportunity", count: 1 }],
  rows: [
    { name: "Contoso deal", kind: "lead", segments: "EMEA", owner: "Pat", write: true, reason: "Pat owns it" },
    { name: "Fabrikam", kind: "lead", segments: "", owner: "Olivia", write: false, reason: "Sharing rule “EMEA leads to Northwind” (read only)" },
  ],
  items: ["Support plan"], permissions: ["Read leads"],
};

describe("VisibilityPanel", () => {
  it("shows the scope, counts, each record's access and why", async () => {
    mockIpc({ visibility_report: report });
    renderUi(<VisibilityPanel contactId="c1" />);
    const panel = await screen.findByTestId("visibility-report");
    expect(screen.getByTestId("visibility-total")).toHaveTextContent("3 records");
    expect(panel).toHaveTextContent("Showing the first 2 of 3.");
    expect(panel).toHaveTextContent("Sharing rule “EMEA leads to Northwind” (read only)");
    expect(callsOf("visibility_report")).toEqual([{ contact_id: "c1" }]);
  });

  it("says why it cannot show them", async () => {
    mockIpc({ visibility_report: () => { throw { code: "not_found", field: "contact_id", message: "No such partner user" }; } });
    renderUi(<VisibilityPanel contactId="gone" />);
    expect(await screen.findByTestId("load-error")).toHaveTextContent("No such partner user");
  });
});
