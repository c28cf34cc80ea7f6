// The partner portal (PREV-1), as the preview window shows it. A feature area of its own:
// it talks to Rust only through `./ipc` (the portal commands) and never names who it is —
// the desktop binds this window to the partner user being previewed.
import "@mantine/core/styles.css";
import "@mantine/notifications/styles.css";
import "../app/a11y.css";
import { createRoot } from "react-dom/client";
import { MantineProvider } from "@mantine/core";
import { QueryClientProvider } from "@tanstack/react-query";
import { queryClient } from "../lib/queryClient";
import { Notifications } from "@mantine/notifications";
import { theme } from "../app/theme";
import { PortalApp } from "./PortalApp";
import { inBrowser } from "./ipc";

document.title = inBrowser ? "Partner portal" : "Partner portal — preview";

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <QueryClientProvider client={queryClient}>
      <MantineProvider theme={theme} defaultColorScheme="auto">
        <Notifications position="bottom-right" limit={3} />
        <PortalApp />
      </MantineProvider>
    </QueryClientProvider>,
  );
}
