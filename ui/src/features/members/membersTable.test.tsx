// The members table (MEM-5) on TanStack Table: a column header asks Rust for that order,
// says which way it sorts, and a selection made before the sort is still there after it.
import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { MemberListQuery } from "../../gen/MemberListQuery";
import type { MemberPage } from "../../gen/MemberPage";
import type { MemberRow } from "../../gen/MemberRow";
import { callsOf, mockIpc } from "../../test/ipc";
import { session } from "../../test/fixtures";
import { renderUi } from "../../test/render";
import { withViewport } from "../../test/viewport";
import { UsersPage } from "./UsersPage";

const member = (id: string, name: string, role: string, status: MemberRow["status"]): MemberRow => ({
  id, email: `${id}@acme.test`, name, role_id: `r-${role}`, role_name: role, status, invited_at: 0, joined_at: null, invites_sent: 1, version: 1,
});
const ada = member("ada", "Ada", "Viewer", "active");
const ben = member("ben", "Ben", "Admin", "active");
const cy = member("cy", "Cy", "Member", "pending");
const byName = [ada, ben, cy];
const byRole = [ben, cy, ada];

/** Rust's answer: rows in the order asked for. */
function page(req: unknown): MemberPage {
  const sort = (req as MemberListQuery).sort;
  const rows = sort?.by === "role" ? [...byRole] : [...byName];
  if (sort?.descending) rows.reverse();
  return { total: rows.length, offset: 0, rows, tabs: [{ tab: { kind: "all" }, label: "All", count: 3 }] };
}

withViewport();

const emails = () => screen.getAllByTestId("member-row").map((r) => r.getAttribute("data-email"));
const lastSort = () => (callsOf("member_list").at(-1) as MemberListQuery).sort;

describe("MembersTable", () => {
  it("sorts in Rust by the header clicked, both ways, and keeps the selection", async () => {
    mockIpc({ member_list: page, role_list: [] });
    const { user } = renderUi(<UsersPage session={session(["members.read", "members.update", "roles.read"])} />);
    await waitFor(() => expect(emails()).toEqual(["ada@acme.test", "ben@acme.test", "cy@acme.test"]));
    expect(lastSort()).toEqual({ by: "name", descending: false });
    const table = screen.getByRole("table", { name: "Members" });
    expect(within(table).getByRole("columnheader", { name: /Member/ })).toHaveAttribute("aria-sort", "ascending");

    await user.click(screen.getByRole("checkbox", { name: "Select Ada" }));
    expect(screen.getByTestId("bulk-bar")).toHaveTextContent("1 member selected");

    await user.click(screen.getByTestId("sort-role"));
    await waitFor(() => expect(emails()).toEqual(["ben@acme.test", "cy@acme.test", "ada@acme.test"]));
    expect(lastSort()).toEqual({ by: "role", descending: false });
    expect(within(table).getByRole("columnheader", { name: /Role/ })).toHaveAttribute("aria-sort", "ascending");
    expect(within(table).getByRole("columnheader", { name: /Member/ })).toHaveAttribute("aria-sort", "none");

    await user.click(screen.getByTestId("sort-role"));
    await waitFor(() => expect(emails()).toEqual(["ada@acme.test", "cy@acme.test", "ben@acme.test"]));
    expect(lastSort()).toEqual({ by: "role", descending: true });
    expect(within(table).getByRole("columnheader", { name: /Role/ })).toHaveAttribute("aria-sort", "descending");
    // The same members in another order: Ada is still selected.
    expect(screen.getByRole("checkbox", { name: "Select Ada" })).toBeChecked();
    expect(screen.getByTestId("bulk-bar")).toHaveTextContent("1 member selected");
  });

  it("selects every loaded member that can be, and no removed one", async () => {
    const removed = member("dee", "Dee", "Viewer", "removed");
    mockIpc({
      member_list: () => ({ total: 4, offset: 0, rows: [...byName, removed], tabs: [{ tab: { kind: "all" }, label: "All", count: 4 }] }),
      role_list: [],
    });
    const { user } = renderUi(<UsersPage session={session(["members.read", "members.update"])} />);
    await waitFor(() => expect(emails()).toHaveLength(4));
    expect(screen.queryByRole("checkbox", { name: "Select Dee" })).not.toBeInTheDocument();
    await user.click(screen.getByTestId("select-all"));
    expect(screen.getByTestId("bulk-bar")).toHaveTextContent("3 members selected");
    await user.click(screen.getByRole("checkbox", { name: "Select Ben" }));
    expect(screen.getByTestId("bulk-bar")).toHaveTextContent("2 members selected");
    expect(screen.getByTestId("select-all")).not.toBeChecked();
  });
});

describe("Email a reset link", () => {
  it("asks first, then has Rust email the link; a refusal says why", async () => {
    mockIpc({
      member_list: page,
      role_list: [],
      member_send_reset: () => {
        throw { code: "rule", field: "member_id", message: "Email is not set up: set it up in Settings › Email, or reset the password here" };
      },
    });
    const { user } = renderUi(<UsersPage session={session(["members.read", "members.update"])} />);
    await waitFor(() => expect(emails()).toHaveLength(3));
    await user.click(screen.getByRole("button", { name: "Actions for Ada" }));
    await user.click(await screen.findByTestId("send-reset"));
    const dialog = await screen.findByRole("dialog");
    expect(dialog).toHaveTextContent("It works once, for an hour");
    expect(callsOf("member_send_reset")).toEqual([]);
    await user.click(within(dialog).getByRole("button", { name: "Email the link" }));
    expect(await screen.findByText(/Email is not set up/)).toBeInTheDocument();
    expect(callsOf("member_send_reset")).toEqual([{ member_id: "ada" }]);
  });
});
