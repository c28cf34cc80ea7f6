// A dialog keeps what is typed while the data under it is re-read (issue 22): the portal's
// user list is invalidated (a colleague changed, a sync moved) while "Add user" is open.
import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { PortalSession } from "../gen/PortalSession";
import type { PortalUsers } from "../gen/PortalUsers";
import { queryClient } from "../lib/queryClient";
import { callsOf, mockIpc } from "../test/ipc";
import { renderUi } from "../test/render";
import { portalKeys } from "./keys";
import { UsersPage } from "./UsersPage";

const session = {
  preview: false, manager: "", user_name: "Priya", user_email: "priya@northwind.test", account: "Northwind", reason: "",
  expires_at: 0, now: 0, read_only: false, kinds: [], items: false, users: true,
} as PortalSession;

function users(n: number): PortalUsers {
  return {
    accounts: [{ id: "a1", name: "Northwind" }],
    users: Array.from({ length: n }, (_, i) => ({
      id: `c${i}`, name: `Colleague ${i}`, email: `c${i}@northwind.test`, account: "Northwind", enabled: true,
      portal_role_id: "p1", portal_role: "Partner User", admin_role_id: "n1", admin_role: "No admin", version: 1, editable: true, me: false,
    })),
    portal_roles: [{ id: "p1", name: "Partner User" }], agent_roles: [], admin_roles: [{ id: "n1", name: "No admin" }],
  } as PortalUsers;
}

describe("Add user under a refresh", () => {
  it("keeps the typed name and email when the user list is re-read", async () => {
    let count = 1;
    mockIpc({ portal_users: () => users(count) });
    const { user } = renderUi(<UsersPage session={session} />);
    await user.click(await screen.findByTestId("portal-user-add"));
    await user.type(await screen.findByTestId("portal-user-name"), "Sam Seller");
    await user.type(screen.getByTestId("portal-user-email"), "sam@northwind.test");
    count = 2;
    await queryClient.invalidateQueries({ queryKey: portalKeys.users });
    await waitFor(() => expect(callsOf("portal_users")).toHaveLength(2));
    await screen.findByText("Colleague 1");
    expect(screen.getByTestId("portal-user-name")).toHaveValue("Sam Seller");
    expect(screen.getByTestId("portal-user-email")).toHaveValue("sam@northwind.test");
  });
});
