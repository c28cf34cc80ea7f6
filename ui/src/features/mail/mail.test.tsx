// Admin › Outbox (MAIL-2): the server's refusal is shown as it said it; Resend goes through
// Rust and the list re-reads itself from the answer's invalidation.
import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { OutboxMessage } from "../../gen/OutboxMessage";
import { callsOf, mockIpc } from "../../test/ipc";
import { session } from "../../test/fixtures";
import { renderUi } from "../../test/render";
import { OutboxPage } from "./OutboxPage";

const failed: OutboxMessage = {
  id: "o1", kind: "partner_access", to: "pat@northwind.test", subject: "Your portal access", queued_at: 1_700_000_000_000,
  status: "failed", attempts: 1, next_at: 0, last_error: "550 5.1.1 <pat@northwind.test>: Recipient address rejected",
};

describe("OutboxPage", () => {
  it("shows why a message failed and resends it through Rust", async () => {
    let rows = [failed];
    mockIpc({
      outbox_list: () => rows,
      outbox_resend: () => {
        rows = [{ ...failed, status: "sent", last_error: undefined, server_reply: "250 2.0.0 Ok: queued as 4F2" }];
        return rows[0];
      },
    });
    const { user } = renderUi(<OutboxPage session={session(["partner_users.read", "partner_users.update"])} />);
    const row = await screen.findByTestId("outbox-row");
    expect(row).toHaveAttribute("data-status", "failed");
    expect(row).toHaveTextContent("Recipient address rejected");
    await user.click(screen.getByTestId("outbox-resend"));
    await waitFor(() => expect(screen.getByTestId("outbox-row")).toHaveAttribute("data-status", "sent"));
    expect(screen.getByTestId("outbox-row")).toHaveTextContent("250 2.0.0 Ok: queued as 4F2");
    expect(callsOf("outbox_resend")).toEqual([{ id: "o1" }]);
  });

  it("offers no Resend or Cancel without partner_users.update", async () => {
    mockIpc({ outbox_list: [failed] });
    renderUi(<OutboxPage session={session(["partner_users.read"])} />);
    await screen.findByTestId("outbox-row");
    expect(screen.queryByTestId("outbox-resend")).not.toBeInTheDocument();
  });
});
