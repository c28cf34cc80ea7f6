// The access review: the rows, counts and groups are Rust's; each filter is asked again of
// Rust (never a filter over what was shown); "As of" asks for that moment, and only a
// reader of the audit log is offered it.
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { AccessReportQuery } from "../../gen/AccessReportQuery";
import { callsOf, mockIpc } from "../../test/ipc";
import { session } from "../../test/fixtures";
import { renderUi } from "../../test/render";
import { momentOf } from "../../lib/AsOf";
import { AccessPage } from "./AccessPage";

const row = (email: string, permission: string) => ({
  kind: "member", person_id: email, name: email.split("@")[0], email, permission, permission_label: permission,
  resource: "Leads", via: ["Admin"], why: "through the role “Admin”",
});

function answer(q: AccessReportQuery) {
  const rows = [row("ana@acme.test", "leads.read"), row("bo@acme.test", "leads.update")].filter((r) => r.email.includes(q.search));
  const groups = q.group_by ? [{ key: "admin", label: "Admin", rows: rows.length, people: rows.length }] : [];
  return { total_rows: rows.length, people: rows.length, rows, groups, group_count: groups.length, at: q.at ?? null };
}

const lists = { role_list: [], partner_list: { total: 0, rows: [] }, permission_catalog: { resources: [], actions: [], specials: [], portal_features: [] } };

describe("AccessPage", () => {
  it("shows Rust's rows with their why, and asks again for each filter (RPT-2)", async () => {
    mockIpc({ ...lists, access_report: (q) => answer(q as AccessReportQuery) });
    const { user } = renderUi(<AccessPage session={session(["members.read", "partner_users.read"])} />);
    await waitFor(() => expect(screen.getAllByTestId("access-row")).toHaveLength(2));
    expect(screen.getByTestId("access-table")).toHaveTextContent("through the role “Admin”");
    await user.type(screen.getByTestId("access-search"), "bo@");
    await waitFor(() => expect(screen.getAllByTestId("access-row")).toHaveLength(1));
    expect((callsOf("access_report").at(-1) as AccessReportQuery).search).toBe("bo@");
    expect(screen.getByTestId("access-total")).toHaveTextContent("1 permission held by 1 person");
    expect(screen.queryByTestId("access-as-of")).toBeNull();
  });

  it("asks for a past moment and says which one it shows (RPT-5)", async () => {
    mockIpc({ ...lists, access_report: (q) => answer(q as AccessReportQuery) });
    renderUi(<AccessPage session={session(["members.read", "audit_log.read"])} />);
    fireEvent.change(await screen.findByTestId("access-as-of"), { target: { value: "2026-03-03T14:00" } });
    await waitFor(() => expect(screen.getByTestId("access-past")).toBeInTheDocument());
    expect((callsOf("access_report").at(-1) as AccessReportQuery).at).toBe(momentOf("2026-03-03T14:00"));
  });

  it("explains a row as the rules did at the moment shown (RPT-5)", async () => {
    mockIpc({
      ...lists,
      access_report: (q) => answer(q as AccessReportQuery),
      why_permission: (q) => ({ granted: true, summary: `why at ${(q as { at?: number }).at}`, chain: ["ana holds Admin"] }),
    });
    const { user } = renderUi(<AccessPage session={session(["members.read", "audit_log.read"])} />);
    fireEvent.change(await screen.findByTestId("access-as-of"), { target: { value: "2026-03-03T14:00" } });
    await waitFor(() => expect(screen.getByTestId("access-past")).toBeInTheDocument());
    const [first] = screen.getAllByTestId("why-button");
    await user.click(first as HTMLElement);
    const at = momentOf("2026-03-03T14:00");
    expect(await screen.findByTestId("why-popover")).toHaveTextContent(`why at ${at}`);
    expect(screen.getByTestId("why-popover")).toHaveTextContent("As it was on");
    expect((callsOf("why_permission").at(-1) as { at?: number }).at).toBe(at);
  });

  it("says the report could not be read, with Rust's reason", async () => {
    mockIpc({ ...lists, access_report: () => { throw { code: "forbidden", message: "the access report needs the permission to read members or partner users" }; } });
    renderUi(<AccessPage session={session([])} />);
    expect(await screen.findByTestId("load-error")).toHaveTextContent("read members or partner users");
  });
});
