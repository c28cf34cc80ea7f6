// Members: a refusal lands next to the field it names; the bulk bar says "all or nothing"
// and keeps its word when Rust refuses one of them.
import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { RoleRow } from "../../gen/RoleRow";
import { callsOf, mockIpc } from "../../test/ipc";
import { session } from "../../test/fixtures";
import { renderUi } from "../../test/render";
import { BulkBar } from "./BulkBar";
import { InviteDrawer } from "./InviteDrawer";

const roles: RoleRow[] = [
  { id: "r-admin", name: "Administrator", description: "", audience: "internal", group: "portal", builtin: true, member_count: 1, permissions: [] } as unknown as RoleRow,
  { id: "r-member", name: "Member", description: "", audience: "internal", group: "portal", builtin: true, member_count: 2, permissions: [] } as unknown as RoleRow,
];

describe("InviteDrawer", () => {
  it("shows Rust's refusal under the email field and keeps what was typed (MEM-2)", async () => {
    mockIpc({
      member_invite: () => {
        throw { code: "invalid", field: "email", message: "Enter a work email address like name@company.com" };
      },
    });
    const { user } = renderUi(<InviteDrawer opened onClose={() => undefined} roles={roles} />);
    await user.type(await screen.findByTestId("invite-email"), "not-an-email");
    await user.click(screen.getByTestId("invite-send"));
    expect(await screen.findByText("Enter a work email address like name@company.com")).toBeInTheDocument();
    expect(screen.getByTestId("invite-email")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByTestId("invite-email")).toHaveValue("not-an-email");
    // The default role is Member, sent by id.
    expect(callsOf("member_invite")).toEqual([{ email: "not-an-email", name: "", role_id: "r-member" }]);
  });

  it("shows the code once after a successful invitation", async () => {
    mockIpc({
      member_invite: (req) => ({
        member: { id: "m9", email: (req as { email: string }).email, name: "", status: "pending", invited_at: 0, joined_at: null, invites_sent: 1, version: 1 },
        code: "K7Q2-XY9P",
        expires_at: Date.now() + 86_400_000,
      }),
    });
    const { user } = renderUi(<InviteDrawer opened onClose={() => undefined} roles={roles} />);
    await user.type(await screen.findByTestId("invite-email"), "dana@acme.test");
    await user.click(screen.getByTestId("invite-send"));
    expect(await screen.findByTestId("invitation-code")).toHaveTextContent("K7Q2-XY9P");
  });
});

describe("BulkBar", () => {
  it("asks before changing, says it is all or nothing, and reports a refusal as nobody changed (MEM-3)", async () => {
    mockIpc({
      member_change_role: () => {
        throw { code: "forbidden", field: "member_ids", message: "Olivia is the last Owner" };
      },
    });
    const { user } = renderUi(
      <BulkBar session={session(["members.update", "members.delete"])} selected={new Set(["a", "b", "c"])} roles={roles}
        onClear={() => undefined} onDone={() => undefined} />,
    );
    expect(screen.getByTestId("bulk-bar")).toHaveTextContent("3 members selected");
    await user.click(screen.getByTestId("bulk-role"));
    await user.click(await screen.findByRole("option", { name: "Administrator" }));
    await user.click(screen.getByTestId("bulk-apply"));
    const dialog = await screen.findByRole("dialog");
    expect(dialog).toHaveTextContent("If any one of them cannot be changed, none is.");
    await user.click(within(dialog).getByRole("button", { name: "Change to Administrator" }));
    expect(await screen.findByText("No member was changed")).toBeInTheDocument();
    expect(screen.getByText("Olivia is the last Owner")).toBeInTheDocument();
    expect(callsOf("member_change_role")).toEqual([{ member_ids: ["a", "b", "c"], role_id: "r-admin" }]);
  });

  it("offers no role change without members.update", async () => {
    renderUi(
      <BulkBar session={session(["members.delete"])} selected={new Set(["a"])} roles={roles} onClear={() => undefined} onDone={() => undefined} />,
    );
    await waitFor(() => expect(screen.getByTestId("bulk-remove")).toBeInTheDocument());
    expect(screen.queryByTestId("bulk-apply")).not.toBeInTheDocument();
  });
});
