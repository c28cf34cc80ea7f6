// Renders a component as the window does: Mantine, the query cache, notifications, confirm.
import { MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactElement } from "react";
import { theme } from "../app/theme";
import { ModalsRoot } from "../lib/confirm";
import { queryClient } from "../lib/queryClient";

export function renderUi(ui: ReactElement) {
  const user = userEvent.setup();
  const result = render(
    <QueryClientProvider client={queryClient}>
      <MantineProvider theme={theme} env="test">
        <Notifications />
        <ModalsRoot />
        {ui}
      </MantineProvider>
    </QueryClientProvider>,
  );
  return { user, ...result };
}
