// Component tests: real components in jsdom, the IPC replaced at its one boundary
// (`@tauri-apps/api/core`'s invoke, under `src/ipc` and `src/portal/ipc.ts`).
import { defineConfig } from "vitest/config";

export default defineConfig({
  esbuild: { jsx: "automatic" },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.tsx", "src/**/*.test.ts"],
    setupFiles: ["src/test/setup.ts"],
    css: false,
    // jsdom and Mantine's transitions are slow to start on a cold 2-core machine; the
    // tests wait for facts (findBy…), never for time.
    testTimeout: 20_000,
  },
});
