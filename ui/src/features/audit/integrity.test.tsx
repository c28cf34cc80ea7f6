// RPT-6 in the window: the check is Rust's (the dialog only shows what it found, naming the
// entry), a pasted anchor goes to Rust whole, and something that is not an anchor is
// refused before anything is asked.
import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { AuditVerifyRequest } from "../../gen/AuditVerifyRequest";
import { callsOf, mockIpc } from "../../test/ipc";
import { renderUi } from "../../test/render";
import { IntegrityDialog } from "./IntegrityDialog";

const head = { position: 41, link: "ab".repeat(32), at: 1_700_000_000_000 };
const intact = { entries: 41, head, intact: true, broken_at: null, anchored: false };

describe("IntegrityDialog", () => {
  it("shows the entry Rust names when the chain breaks", async () => {
    mockIpc({
      audit_verify: () => ({
        journal: { entries: 11, head, intact: false, broken_at: 12, anchored: false,
          problem: "Entry 12 (role.create · Deal Desk, 2026-03-03 14:00:00 UTC) does not match its link" },
      }),
    });
    const { user } = renderUi(<IntegrityDialog opened onClose={() => {}} shared={false} />);
    await user.click(screen.getByTestId("integrity-verify"));
    expect(await screen.findByTestId("integrity-broken")).toHaveTextContent("Entry 12 (role.create");
    expect(screen.queryByTestId("integrity-intact")).toBeNull();
  });

  it("sends a pasted anchor whole and says it matched", async () => {
    mockIpc({ audit_verify: () => ({ journal: { ...intact, anchored: true } }) });
    const { user } = renderUi(<IntegrityDialog opened onClose={() => {}} shared={false} />);
    const anchor = { workspace: "Acme", taken_at: 1, journal: head };
    await user.click(screen.getByTestId("integrity-anchor-input"));
    await user.paste(JSON.stringify(anchor));
    await user.click(screen.getByTestId("integrity-verify"));
    expect(await screen.findByTestId("integrity-intact")).toHaveTextContent("the anchor matches");
    const sent = callsOf("audit_verify").at(-1) as AuditVerifyRequest;
    expect(sent.anchor).toEqual(anchor);
    expect(sent.shared).toBe(false);
  });

  it("refuses text that is not an anchor without asking Rust", async () => {
    mockIpc({ audit_verify: () => ({ journal: intact }) });
    const { user } = renderUi(<IntegrityDialog opened onClose={() => {}} shared />);
    await user.click(screen.getByTestId("integrity-anchor-input"));
    await user.paste("hello");
    expect(screen.getByText(/not an anchor saved by Trellis/)).toBeInTheDocument();
    expect(screen.getByTestId("integrity-verify")).toBeDisabled();
    expect(callsOf("audit_verify")).toHaveLength(0);
  });

  it("shows the anchor Rust takes, to copy", async () => {
    mockIpc({ audit_anchor: () => ({ workspace: "Acme", taken_at: 5, journal: head }) });
    const { user } = renderUi(<IntegrityDialog opened onClose={() => {}} shared={false} />);
    await user.click(screen.getByTestId("integrity-take-anchor"));
    await waitFor(() => expect(screen.getByTestId("integrity-anchor")).toHaveTextContent(head.link));
  });
});
