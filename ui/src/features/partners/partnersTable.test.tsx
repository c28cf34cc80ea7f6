// The partners table (PA-1) on TanStack Table: Rust sorts by the column whose header is
// pressed (by keyboard too); the header says which way.
import { screen, waitFor, within } from "@testing-library/react";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import type { PartnerListQuery } from "../../gen/PartnerListQuery";
import type { PartnerPage } from "../../gen/PartnerPage";
import type { PartnerRow } from "../../gen/PartnerRow";
import type { PartnerSort } from "../../gen/PartnerSort";
import { api } from "../../ipc";
import { keys } from "../../lib/keys";
import { usePagedList } from "../../lib/usePages";
import { callsOf, mockIpc } from "../../test/ipc";
import { session } from "../../test/fixtures";
import { renderUi } from "../../test/render";
import { withViewport } from "../../test/viewport";
import { PartnersTable } from "./PartnersTable";

withViewport();

const account = (name: string, owner: string): PartnerRow => ({
  id: name.toLowerCase(), name, kind: "business", owner_id: owner, owner_name: owner, owner_removed: false, enabled: true,
  licences_used: 0, version: 1,
});
const globex = account("Globex", "Zoe");
const initech = account("Initech", "Adam");

function page(req: unknown): PartnerPage {
  const sort = (req as PartnerListQuery).sort;
  const rows = sort?.by === "owner" ? [initech, globex] : [globex, initech];
  if (sort?.descending) rows.reverse();
  return { rows, total: 2, offset: 0, owners: [], features: { partner_access: true, advanced_partner_access: true, licences: 5 }, licences_used: 0 };
}

function Partners() {
  const [sort, setSort] = useState<PartnerSort>({ by: "name", descending: false });
  const q = { search: "", status: "all" as const, sort };
  const pages = usePagedList<PartnerPage>(keys.partners(q), (offset, limit) => api.partnerList({ ...q, offset, limit }), 100);
  const none = () => undefined;
  return <PartnersTable session={session(["partners.read"])} pages={pages} sort={sort} onSort={setSort}
    actions={{ show: none, enable: none, disable: none, rename: none }} />;
}

const names = () => screen.getAllByTestId("partner-row").map((r) => r.getAttribute("data-name"));

describe("PartnersTable", () => {
  it("asks Rust for the order of the header pressed, by keyboard too", async () => {
    mockIpc({ partner_list: page });
    const { user } = renderUi(<Partners />);
    await waitFor(() => expect(names()).toEqual(["Globex", "Initech"]));
    const table = screen.getByRole("table", { name: "Partner accounts" });
    screen.getByTestId("sort-owner").focus();
    await user.keyboard("{Enter}");
    await waitFor(() => expect(names()).toEqual(["Initech", "Globex"]));
    expect((callsOf("partner_list").at(-1) as PartnerListQuery).sort).toEqual({ by: "owner", descending: false });
    expect(within(table).getByRole("columnheader", { name: /Owner/ })).toHaveAttribute("aria-sort", "ascending");
    await user.keyboard(" ");
    await waitFor(() => expect(names()).toEqual(["Globex", "Initech"]));
    expect((callsOf("partner_list").at(-1) as PartnerListQuery).sort).toEqual({ by: "owner", descending: true });
    // The actions column cannot be sorted: no button in its header.
    expect(screen.queryByTestId("sort-actions")).not.toBeInTheDocument();
  });
});
