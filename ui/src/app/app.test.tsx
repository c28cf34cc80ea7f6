// The command palette (Ctrl+K): screens the role may open, and people, roles and accounts
// found by Rust as one types; picking one says where to go.
import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { callsOf, mockIpc } from "../test/ipc";
import { session } from "../test/fixtures";
import { renderUi } from "../test/render";
import CommandPalette from "./CommandPalette";
import type { Focus, Screen } from "./screens";

const dana = { id: "m2", email: "dana@acme.test", name: "Dana Admin", role_name: "Admin", status: "active", invited_at: 0, joined_at: 0, invites_sent: 1, version: 1 };

describe("CommandPalette", () => {
  it("lists only the screens the role may open", async () => {
    mockIpc({ role_list: [] });
    renderUi(<CommandPalette session={session(["partners.read"])} onGo={() => undefined} onClose={() => undefined} />);
    await screen.findByTestId("palette-search");
    const ids = (await screen.findAllByTestId("palette-item")).map((i) => i.dataset.id);
    expect(ids).toContain("screen:partners");
    expect(ids).not.toContain("screen:users");
    expect(ids).not.toContain("screen:audit");
  });

  it("finds a person through Rust and goes to them", async () => {
    mockIpc({
      role_list: [],
      member_list: (q) => ({ total: 1, tabs: [], rows: (q as { search: string }).search === "dan" ? [dana] : [] }),
      partner_list: { total: 0, rows: [], owners: [], licences_used: 0 },
    });
    const went: [Screen, Focus | undefined][] = [];
    const { user } = renderUi(
      <CommandPalette session={session(["members.read", "partners.read", "roles.read"])} onGo={(s, f) => went.push([s, f])} onClose={() => undefined} />,
    );
    await user.type(await screen.findByTestId("palette-search"), "dan");
    const item = await screen.findByText("Dana Admin");
    expect(callsOf("member_list").at(-1)).toMatchObject({ search: "dan", limit: 6 });
    await user.click(item);
    await waitFor(() => expect(went).toEqual([["users", { kind: "search", text: "dana@acme.test" }]]));
  });
});

describe("Shell", () => {
  it("offers the screens the role may open, in one list, and ? shows the shortcuts", async () => {
    const { Shell } = await import("./Shell");
    mockIpc({
      sync_overview: null,
      permission_catalog: { resources: [], actions: [], specials: [], portal_features: [] },
    });
    const { user } = renderUi(<Shell session={session(["partners.read"])} onSession={() => undefined} />);
    const nav = await screen.findByRole("navigation", { name: "Main" });
    const items = [...nav.querySelectorAll("[data-testid^=nav-]")].map((n) => n.getAttribute("data-testid"));
    expect(items).toEqual(["nav-home", "nav-partners", "nav-sharing", "nav-sync"]);
    expect(nav).not.toHaveTextContent("Admin");
    await user.keyboard("?");
    expect(await screen.findByTestId("shortcuts-help")).toHaveTextContent("Jump to a screen, person, role or partner account");
  });
});
