// RPT-1 in the portal: an activity is sent with its facts — type, the local time typed
// (as UTC ms) and the customer chosen among those the user sees; Rust's refusal of a
// field shows at that field.
import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { callsOf, mockIpc, refuse } from "../test/ipc";
import { renderUi } from "../test/render";
import { RecordDialog } from "./RecordDialog";

describe("RecordDialog (activity)", () => {
  it("sends type, time and customer, and shows a refused time at its field", async () => {
    let first = true;
    mockIpc({
      portal_records: { total: 1, rows: [{ id: "c1", kind: "customer", name: "Initech", owner: "Ann", write: true, why: "Yours", version: 1 }], can_create: true },
      portal_record_create: () => {
        if (first) {
          first = false;
          refuse({ code: "invalid", field: "at", message: "The activity's date must be between the years 2000 and 2099" });
        }
        return { id: "a1", kind: "activity", name: "Kick-off", owner: "Ann", write: true, why: "Yours", version: 1 };
      },
    });
    let saved = false;
    const { user } = renderUi(
      <RecordDialog kind="activity" label="Activities" editing="new" customers onClose={() => {}} onSaved={() => { saved = true; }} />,
    );
    const dialog = await screen.findByRole("dialog");
    await user.type(within(dialog).getByTestId("portal-record-name"), "Kick-off");
    await user.click(within(dialog).getByTestId("portal-activity-type"));
    await user.click(await screen.findByRole("option", { name: "Meeting" }));
    const when = within(dialog).getByTestId("portal-activity-when");
    await user.clear(when);
    await user.type(when, "2026-03-02T09:30");
    await user.click(within(dialog).getByTestId("portal-activity-customer"));
    await user.click(await screen.findByRole("option", { name: "Initech" }));
    await user.click(within(dialog).getByTestId("portal-record-save"));
    expect(await within(dialog).findByText("The activity's date must be between the years 2000 and 2099")).toBeInTheDocument();
    await user.click(within(dialog).getByTestId("portal-record-save"));
    await waitFor(() => expect(saved).toBe(true));
    expect(callsOf("portal_record_create").at(-1)).toEqual({
      kind: "activity", name: "Kick-off",
      activity: { kind: "meeting", at: new Date("2026-03-02T09:30").getTime(), customer_id: "c1" },
    });
  });
});
