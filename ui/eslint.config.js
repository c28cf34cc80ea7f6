import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";

export default tseslint.config(
  { ignores: ["dist", "src/gen"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["src/**/*.{ts,tsx}"],
    languageOptions: { globals: globals.browser },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Only the ipc module may talk to Tauri (one typed boundary).
      "no-restricted-imports": ["error", { patterns: [{ group: ["@tauri-apps/*"], message: "Import from src/ipc instead." }] }],
    },
  },
  {
    files: ["src/ipc/**"],
    rules: { "no-restricted-imports": "off" },
  },
  {
    // PREV-3: the portal is a feature area of its own; it reaches Rust only through its own
    // ipc module (the portal commands) and uses nothing of the administration window.
    files: ["src/portal/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [
        { group: ["@tauri-apps/*"], message: "Import from src/portal/ipc instead." },
        { group: ["../ipc", "../ipc/*", "../features/*", "../lib/*", "../app/App", "../app/Shell"], message: "The portal uses only portal code." },
      ] }],
    },
  },
  {
    files: ["src/portal/ipc.ts"],
    rules: { "no-restricted-imports": "off" },
  },
);
