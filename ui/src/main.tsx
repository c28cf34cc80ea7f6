import "@mantine/core/styles.css";
import "@mantine/notifications/styles.css";
import "./app/app.css";
import "./app/a11y.css";
import { createRoot } from "react-dom/client";
import { MantineProvider } from "@mantine/core";
import { QueryClientProvider } from "@tanstack/react-query";
import { queryClient } from "./lib/queryClient";
import { Notifications } from "@mantine/notifications";
import { ModalsRoot } from "./lib/confirm";
import { theme } from "./app/theme";
import { App } from "./app/App";

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <QueryClientProvider client={queryClient}>
      <MantineProvider theme={theme} defaultColorScheme="auto">
        <Notifications position="bottom-right" limit={4} />
        <ModalsRoot />
        <App />
      </MantineProvider>
    </QueryClientProvider>,
  );
}
