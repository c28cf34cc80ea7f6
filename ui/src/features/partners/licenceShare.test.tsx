// WS-3: an account's share of the licence pool — shown against what its users hold, over
// the share said plainly, and a refusal from Rust shown next to the field.
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { AccountPeople } from "../../gen/AccountPeople";
import { callsOf, mockIpc } from "../../test/ipc";
import { renderUi } from "../../test/render";
import { LicenceShare } from "./record/LicenceShare";

function record(share: number | undefined, used: number): AccountPeople {
  return {
    account: {
      id: "a1", name: "Globex", kind: "business", owner_id: "m1", owner_name: "Olivia", owner_removed: false,
      enabled: true, licence_share: share, licences_used: used, version: 4,
    },
    contacts: [], contacts_total: 0, users_total: used, branch: [], portal_roles: [], agent_roles: [], admin_roles: [],
    subpartners: [], features: { partner_access: true, advanced_partner_access: true, licences: 10 }, licences_used: used,
  };
}

describe("LicenceShare", () => {
  it("says when an account is over its share, and saves a new one", async () => {
    const onRecord = vi.fn();
    mockIpc({ partner_set_licence_share: () => record(3, 3) });
    renderUi(<LicenceShare record={record(1, 3)} onRecord={onRecord} manage />);
    expect(screen.getByTestId("share-summary")).toHaveTextContent("3 of its share of 1 used");
    expect(screen.getByTestId("share-over")).toBeInTheDocument();
    fireEvent.change(screen.getByTestId("share-input"), { target: { value: "3" } });
    fireEvent.click(screen.getByTestId("share-save"));
    await waitFor(() => expect(onRecord).toHaveBeenCalled());
    expect(callsOf("partner_set_licence_share")).toEqual([{ account_id: "a1", version: 4, share: 3 }]);
  });

  it("shows Rust's refusal next to the field and no form without the right", async () => {
    mockIpc({ partner_set_licence_share: () => { throw { code: "invalid", field: "licence_share", message: "A share is at most 10000000 licences" }; } });
    const { unmount } = renderUi(<LicenceShare record={record(undefined, 2)} onRecord={() => {}} manage />);
    expect(screen.getByTestId("share-summary")).toHaveTextContent("2 used · no share of its own");
    expect(screen.queryByTestId("share-over")).toBeNull();
    fireEvent.change(screen.getByTestId("share-input"), { target: { value: "99999999" } });
    fireEvent.click(screen.getByTestId("share-save"));
    expect(await screen.findByText("A share is at most 10000000 licences")).toBeInTheDocument();
    unmount();
    renderUi(<LicenceShare record={record(2, 2)} onRecord={() => {}} manage={false} />);
    expect(screen.queryByTestId("share-input")).toBeNull();
  });
});
