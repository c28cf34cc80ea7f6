// Issue 19: a trellis:// link opens Accept an invitation with its code filled in, at
// launch and when the running app is handed a link; nothing opens without one.
import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { DeepLink } from "../../gen/DeepLink";
import { callsOf, emitEvent, mockIpc } from "../../test/ipc";
import { renderUi } from "../../test/render";
import { OpenedLink } from "./OpenedLink";

describe("OpenedLink", () => {
  it("opens with the code of the link the app was started with, then with a newer one", async () => {
    const waiting: (DeepLink | null)[] = [{ kind: "accept", code: "ABCDE-FGHJK" }, null, { kind: "accept", code: "NEWER-CODE1" }];
    mockIpc({ app_take_link: () => waiting.shift() ?? null });
    const { user } = renderUi(<OpenedLink />);
    expect(await screen.findByTestId("accept-code")).toHaveValue("ABCDE-FGHJK");
    expect(screen.getByRole("dialog")).toHaveTextContent("Your invitation link filled in the code");
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.queryByTestId("accept-code")).not.toBeInTheDocument());

    // The shell says a second launch handed a link over: the window takes it.
    emitEvent("trellis:link-offered");
    await waitFor(() => expect(callsOf("app_take_link")).toHaveLength(2));
    expect(screen.queryByTestId("accept-code")).not.toBeInTheDocument();
    emitEvent("trellis:link-offered");
    expect(await screen.findByTestId("accept-code")).toHaveValue("NEWER-CODE1");
  });

  it("opens Choose a new password for a reset link, and shows Rust's refusal at its field", async () => {
    mockIpc({
      app_take_link: { kind: "reset", code: "RESET-CODE1" },
      password_check: { ok: true, rules: [] },
      member_reset_with_link: () => {
        throw { code: "rule", field: "code", message: "This reset link has expired: ask for a new one" };
      },
    });
    const { user } = renderUi(<OpenedLink />);
    expect(await screen.findByTestId("reset-code")).toHaveValue("RESET-CODE1");
    expect(screen.queryByTestId("accept-code")).not.toBeInTheDocument();
    await user.type(screen.getByTestId("reset-password"), "a brand new passphrase");
    await user.type(screen.getByTestId("reset-password-confirm"), "a brand new passphrase");
    await user.click(screen.getByTestId("reset-submit"));
    expect(await screen.findByText("This reset link has expired: ask for a new one")).toBeInTheDocument();
    // At the field, not as a toast as well.
    expect(screen.getAllByText("This reset link has expired: ask for a new one")).toHaveLength(1);
    expect(callsOf("member_reset_with_link")).toEqual([{ code: "RESET-CODE1", password: "a brand new passphrase" }]);
  });

  it("shows nothing when no link waits", async () => {
    mockIpc({ app_take_link: null });
    renderUi(<OpenedLink />);
    await waitFor(() => expect(callsOf("app_take_link")).toHaveLength(1));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });
});
