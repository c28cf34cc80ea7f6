// The audit log: filters are Rust's query (never a filter over what was shown), and a
// failed read says so instead of an empty table.
import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { AuditQuery } from "../../gen/AuditQuery";
import { callsOf, mockIpc } from "../../test/ipc";
import { session } from "../../test/fixtures";
import { renderUi } from "../../test/render";
import { AuditPage } from "./AuditPage";

const row = (seq: number, actor: string, action: string) => ({ seq, at: 1_700_000_000_000 + seq, actor, action, target: "Deal Desk", changes: [], more_changes: 0 });

describe("AuditPage", () => {
  it("asks Rust again for each filter and shows its rows (SEC-2)", async () => {
    mockIpc({
      audit_list: (q) => {
        const rows = [row(1, "olivia@acme.test", "role.create"), row(2, "dana@acme.test", "member.invite")]
          .filter((r) => r.actor.includes((q as AuditQuery).actor));
        return { total: rows.length, rows };
      },
    });
    const { user } = renderUi(<AuditPage session={session(["audit_log.read"])} />);
    await waitFor(() => expect(screen.getAllByTestId("audit-row")).toHaveLength(2));
    await user.type(screen.getByTestId("audit-actor"), "dana");
    await waitFor(() => expect(screen.getAllByTestId("audit-row")).toHaveLength(1));
    expect(screen.getByTestId("audit-table")).toHaveTextContent("member.invite");
    expect((callsOf("audit_list").at(-1) as AuditQuery).actor).toBe("dana");
  });

  it("says the log could not be read, with Rust's reason", async () => {
    mockIpc({ audit_list: () => { throw { code: "forbidden", message: "Your role does not allow this: it needs the permission to read the audit log" }; } });
    renderUi(<AuditPage session={session([])} />);
    expect(await screen.findByTestId("load-error")).toHaveTextContent("needs the permission to read the audit log");
  });
});
