// Settings › Partner features: a refusal names its field (WS-3: the pool cannot shrink below
// the licences in use), and the form keeps what was typed.
import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { callsOf, mockIpc } from "../../test/ipc";
import { session } from "../../test/fixtures";
import { renderUi } from "../../test/render";
import { PartnerFeaturesCard } from "./PartnerFeaturesCard";

describe("PartnerFeaturesCard", () => {
  it("shows Rust's refusal next to the switch it names, and changes nothing", async () => {
    mockIpc({
      settings_set_partner_features: () => {
        throw { code: "rule", field: "licences", message: "12 partner users hold a licence: the pool cannot be smaller (WS-3)" };
      },
    });
    const seen: unknown[] = [];
    const { user } = renderUi(<PartnerFeaturesCard session={session(["settings.read", "settings.update"])} onSession={(s) => seen.push(s)} />);
    const licences = screen.getByTestId("feature-licences");
    await user.clear(licences);
    await user.type(licences, "5");
    await user.click(screen.getByTestId("features-save"));
    expect(await screen.findByText("12 partner users hold a licence: the pool cannot be smaller (WS-3)")).toBeInTheDocument();
    expect(licences).toHaveValue("5");
    expect(callsOf("settings_set_partner_features")).toEqual([{ partner_access: true, advanced_partner_access: true, licences: 5 }]);
    expect(seen).toEqual([]);
  });

  it("is read-only without settings.update", () => {
    renderUi(<PartnerFeaturesCard session={session(["settings.read"])} onSession={() => undefined} />);
    expect(screen.queryByTestId("features-save")).not.toBeInTheDocument();
  });
});
