// The permission matrix: a permission the editor does not hold is locked, with the reason
// (MEM-6); held ones toggle; portal features are never locked.
import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { PermissionCatalog } from "../../gen/PermissionCatalog";
import { renderUi } from "../../test/render";
import { LOCK_REASON, PermissionMatrix } from "./PermissionMatrix";

const catalog: PermissionCatalog = {
  resources: [{ key: "leads", label: "Leads", description: "Sales leads" }, { key: "roles", label: "Roles", description: "Roles" }],
  actions: [{ key: "read", label: "Read", description: "" }, { key: "update", label: "Update", description: "" }],
  specials: [{ key: "log_in_as_partner", label: "Log in as partner", description: "Preview the portal" }],
  portal_features: [{ key: "deal_registration", label: "Deal registration", description: "" }],
};

describe("PermissionMatrix", () => {
  it("locks what the editor does not hold and toggles what they do", async () => {
    const changes: Set<string>[] = [];
    const { user } = renderUi(
      <PermissionMatrix catalog={catalog} value={new Set(["leads.read"])} onChange={(s) => changes.push(s)} partner
        held={new Set(["leads.read", "leads.update"])} />,
    );
    const rolesUpdate = screen.getByRole("checkbox", { name: "Update Roles" });
    expect(rolesUpdate).toBeDisabled();
    expect(rolesUpdate).toHaveAttribute("aria-description", LOCK_REASON);
    expect(screen.getByRole("checkbox", { name: /Log in as partner/ })).toBeDisabled();
    expect(screen.getByRole("checkbox", { name: /Deal registration/ })).toBeEnabled();

    await user.click(screen.getByRole("checkbox", { name: "Update Leads" }));
    expect([...(changes.at(-1) ?? [])].sort()).toEqual(["leads.read", "leads.update"]);
    // "Toggle all" on a row grants only what may be granted.
    await user.click(screen.getByRole("button", { name: "Toggle all Roles permissions" }));
    expect(changes.at(-1)?.has("roles.update")).toBe(false);
  });

  it("locks nothing when only viewing", () => {
    renderUi(<PermissionMatrix catalog={catalog} value={new Set(["roles.update"])} held={new Set()} />);
    expect(screen.getByRole("checkbox", { name: "Update Roles" })).not.toHaveAttribute("data-locked");
  });
});
