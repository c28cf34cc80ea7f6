import { defineConfig } from "vite";

// No React plugin: esbuild compiles JSX with the automatic runtime.
export default defineConfig({
  esbuild: { jsx: "automatic" },
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: {
    target: "safari16",
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      // Two pages: the administration window, and the partner portal the preview shows.
      input: { main: "index.html", portal: "portal.html" },
      // Mantine marks modules "use client" for React Server Components; irrelevant in a desktop app.
      onwarn(warning, warn) {
        if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
      },
    },
  },
});
