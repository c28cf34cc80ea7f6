// A person's "Permissions and why" as of a past moment (RPT-5): the permissions listed are
// Rust's access report at that moment for that member only, and each "Why?" asks about
// the same moment; without the audit log there is no past to ask about.
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { AccessReportQuery } from "../../gen/AccessReportQuery";
import type { MemberRow } from "../../gen/MemberRow";
import { callsOf, mockIpc } from "../../test/ipc";
import { session } from "../../test/fixtures";
import { renderUi } from "../../test/render";
import { PermissionsWhyDialog } from "./PermissionsWhyDialog";

const ana = { id: "m1", email: "ana@acme.test", name: "Ana", role_id: "admin", status: "active", invited_at: 0, joined_at: 0, invites_sent: 1, version: 2 } as MemberRow;
const roles = [{ id: "admin", name: "Admin", permissions: ["members.update", "members.read"] }] as never[];
const row = (person_id: string, permission: string, via: string) => ({
  kind: "member", person_id, name: "x", email: "x", permission, permission_label: permission, resource: "members", via: [via], why: "",
});

describe("PermissionsWhyDialog as of a past moment", () => {
  it("lists what Rust's report said then, for that member, and asks Why? about then", async () => {
    mockIpc({
      permission_catalog: { resources: [], actions: [], specials: [], portal_features: [] },
      access_report: { rows: [row("m1", "members.read", "Viewer"), row("m9", "members.update", "Admin")], total_rows: 2, groups: [], at: 1 },
    });
    renderUi(<PermissionsWhyDialog member={ana} roles={roles} session={session(["members.read", "audit_log.read"])} onClose={() => undefined} />);
    expect(await screen.findByText("members.update")).toBeInTheDocument();
    fireEvent.change(screen.getByTestId("why-as-of"), { target: { value: "2026-03-03T14:00" } });
    await waitFor(() => expect(screen.getByTestId("why-past")).toHaveTextContent("Role then: Viewer"));
    await waitFor(() => expect(screen.queryByText("members.update")).toBeNull());
    expect(screen.getByText("members.read")).toBeInTheDocument();
    const asked = callsOf("access_report")[0] as AccessReportQuery;
    expect(asked).toMatchObject({ people: "members", search: "ana@acme.test", at: new Date("2026-03-03T14:00").getTime() });
  });

  it("offers no past without the audit log", async () => {
    mockIpc({ permission_catalog: { resources: [], actions: [], specials: [], portal_features: [] } });
    renderUi(<PermissionsWhyDialog member={ana} roles={roles} session={session(["members.read"])} onClose={() => undefined} />);
    expect(await screen.findByText("members.update")).toBeInTheDocument();
    expect(screen.queryByTestId("why-as-of")).toBeNull();
  });
});
