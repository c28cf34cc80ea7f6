// Log in as partner (PREV-1, PREV-4): the reason is Rust's to require; its refusal lands under
// the field, and open drafts are offered as a read-only view.
import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { callsOf, mockIpc } from "../../test/ipc";
import { session } from "../../test/fixtures";
import { renderUi } from "../../test/render";
import { LogInAsPartnerDialog } from "./LogInAsPartnerDialog";

describe("LogInAsPartnerDialog", () => {
  it("shows Rust's refusal of an empty reason under the field", async () => {
    mockIpc({
      draft_list: [
        { id: "d1", name: "Deal Desk", state: "editing", author: "Olivia", changes: 1, updated_at: 0, base: 1 },
        { id: "d2", name: "Old", state: "published", author: "Olivia", changes: 1, updated_at: 0, base: 1 },
      ],
      preview_start: () => { throw { code: "invalid", field: "reason", message: "Say why you open the portal as them" }; },
    });
    const { user } = renderUi(
      <LogInAsPartnerDialog session={session(["special.log_in_as_partner", "roles.read"])} contact={{ id: "c1", name: "Pat" }} onClose={() => undefined} />,
    );
    await user.click(await screen.findByTestId("preview-open"));
    expect(await screen.findByText("Say why you open the portal as them")).toBeInTheDocument();
    expect(callsOf("preview_start")).toEqual([{ contact_id: "c1", reason: "", minutes: 30, draft_id: undefined }]);
    // Only drafts still open may be previewed.
    await user.click(screen.getByTestId("preview-draft"));
    expect(await screen.findByRole("option", { name: "Draft “Deal Desk” (read-only)" })).toBeInTheDocument();
    expect(screen.queryByRole("option", { name: "Draft “Old” (read-only)" })).not.toBeInTheDocument();
  });
});
