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
    // One jsdom and one module graph for all files (Mantine and the icons load once, not
    // per file): the UI suite runs in a fraction of the isolated time. Each test still
    // starts from an empty query cache and IPC table (src/test/setup.ts).
    isolate: false,
    pool: "threads",
    // jsdom and Mantine's transitions are slow to start on a cold 2-core machine; the
    // tests wait for facts (findBy…), never for time.
    testTimeout: 20_000,
  },
});
