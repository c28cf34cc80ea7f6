// Sharing rules (SHARE-1): deleting asks first, goes through Rust, and the list is Rust's answer.
import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { SharingRuleRow } from "../../gen/SharingRuleRow";
import { callsOf, mockIpc } from "../../test/ipc";
import { session } from "../../test/fixtures";
import { renderUi } from "../../test/render";
import { SharingRulesPage } from "./SharingRulesPage";

const rule: SharingRuleRow = {
  id: "s1", name: "EMEA leads to Northwind", kind: "lead", source_role_id: "h1", source_name: "VP EMEA",
  grantee: { kind: "account", id: "a1" }, grantee_name: "Northwind", access: "read_write", version: 1,
};

describe("SharingRulesPage", () => {
  it("deletes a rule only after confirming, and shows what Rust left", async () => {
    let rules = [rule];
    mockIpc({
      sharing_rule_list: () => rules,
      sharing_rule_delete: () => {
        rules = [];
        return rules;
      },
    });
    const { user } = renderUi(<SharingRulesPage session={session(["partners.read", "partners.update", "special.manage_partner_access"])} />);
    const row = await screen.findByTestId("rule-row");
    expect(row).toHaveTextContent("Read/write");
    await user.click(within(row).getByRole("button", { name: `Actions for ${rule.name}` }));
    await user.click(await screen.findByRole("menuitem", { name: "Delete" }));
    const dialog = await screen.findByRole("dialog");
    expect(dialog).toHaveTextContent("The access it grants ends at once.");
    expect(callsOf("sharing_rule_delete")).toEqual([]);
    await user.click(within(dialog).getByRole("button", { name: "Delete rule" }));
    await waitFor(() => expect(screen.queryByTestId("rule-row")).not.toBeInTheDocument());
    expect(callsOf("sharing_rule_delete")).toEqual([{ rule_id: "s1" }]);
  });

  it("offers no changes to someone who may only read", async () => {
    mockIpc({ sharing_rule_list: [rule] });
    renderUi(<SharingRulesPage session={session(["partners.read"])} />);
    await screen.findByTestId("rule-row");
    expect(screen.queryByTestId("rule-new")).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: `Actions for ${rule.name}` })).not.toBeInTheDocument();
  });
});
