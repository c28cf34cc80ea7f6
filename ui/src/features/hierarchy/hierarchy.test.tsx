// Role hierarchy: an empty hierarchy says where to start; adding a position is Rust's to
// check, and its refusal lands under the name.
import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { callsOf, mockIpc } from "../../test/ipc";
import { session } from "../../test/fixtures";
import { renderUi } from "../../test/render";
import { HierarchyPage } from "./HierarchyPage";

describe("HierarchyPage", () => {
  it("starts empty, and shows a refused name under the field", async () => {
    mockIpc({
      hierarchy_list: [],
      hierarchy_tree: [],
      member_list: { total: 0, rows: [], tabs: [] },
      hierarchy_role_create: () => { throw { code: "conflict", field: "name", message: "A position named 'VP Channel' already exists" }; },
    });
    const { user } = renderUi(<HierarchyPage session={session(["roles.read", "roles.create", "members.read"])} />);
    expect(await screen.findByText(/No positions yet/)).toBeInTheDocument();
    await user.type(screen.getByTestId("hierarchy-name"), "VP Channel");
    await user.click(screen.getByTestId("hierarchy-add"));
    expect(await screen.findByText("A position named 'VP Channel' already exists")).toBeInTheDocument();
    expect(callsOf("hierarchy_role_create")).toEqual([{ name: "VP Channel", parent_id: undefined }]);
  });
});
