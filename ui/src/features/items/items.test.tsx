// Items (ITEM-1): the list is Rust's, and flagging one for Partner Center shows Rust's answer.
import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { ItemRow } from "../../gen/ItemRow";
import { callsOf, mockIpc } from "../../test/ipc";
import { session } from "../../test/fixtures";
import { renderUi } from "../../test/render";
import { ItemsPage } from "./ItemsPage";

describe("ItemsPage", () => {
  it("counts offered items and flags one through Rust", async () => {
    let items: ItemRow[] = [
      { id: "i1", name: "Support plan", available_in_partner_center: true },
      { id: "i2", name: "Onboarding", available_in_partner_center: false },
    ];
    mockIpc({
      item_list: () => items,
      item_set_availability: (req) => {
        const { item_id, available_in_partner_center } = req as { item_id: string; available_in_partner_center: boolean };
        items = items.map((i) => (i.id === item_id ? { ...i, available_in_partner_center } : i));
        return items;
      },
    });
    const { user } = renderUi(<ItemsPage session={session(["items.read", "items.update"])} />);
    expect(await screen.findByText(/1 of 2 offered/)).toBeInTheDocument();
    await user.click(screen.getAllByRole("switch")[1]!);
    expect(await screen.findByText(/2 of 2 offered/)).toBeInTheDocument();
    await waitFor(() => expect(callsOf("item_set_availability")).toEqual([{ item_id: "i2", available_in_partner_center: true }]));
  });
});
