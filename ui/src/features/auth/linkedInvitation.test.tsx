// Issue 19: a trellis:// link opens Accept an invitation with its code filled in, at
// launch and when the running app is handed a link; nothing opens without one.
import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { DeepLink } from "../../gen/DeepLink";
import { callsOf, emitEvent, mockIpc } from "../../test/ipc";
import { renderUi } from "../../test/render";
import { LinkedInvitation } from "./LinkedInvitation";

describe("LinkedInvitation", () => {
  it("opens with the code of the link the app was started with, then with a newer one", async () => {
    const waiting: (DeepLink | null)[] = [{ kind: "accept", code: "ABCDE-FGHJK" }, null, { kind: "accept", code: "NEWER-CODE1" }];
    mockIpc({ app_take_link: () => waiting.shift() ?? null });
    const { user } = renderUi(<LinkedInvitation />);
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

  it("shows nothing when no link waits", async () => {
    mockIpc({ app_take_link: null });
    renderUi(<LinkedInvitation />);
    await waitFor(() => expect(callsOf("app_take_link")).toHaveLength(1));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });
});
