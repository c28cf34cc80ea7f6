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
      // Issue 22: every read goes through TanStack Query (a key, a cache, invalidation);
      // no component fetches from an effect. Effects may still subscribe to events.
      "no-restricted-syntax": ["error", {
        selector: "CallExpression[callee.name=/^use(Layout)?Effect$/] MemberExpression[object.name=/^(api|portal)$/]",
        message: "Read with useQuery (src/lib/queries.ts, keys in src/lib/keys.ts), not from an effect.",
      }, {
        // The other way a hand-made loader hides: a memoised `load` called from an effect.
        selector: "CallExpression[callee.name='useCallback'] MemberExpression[object.name=/^(api|portal)$/]",
        message: "A loader kept in useCallback is a hand-written cache: use useQuery.",
      }],
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
        { group: ["../ipc", "../ipc/*", "../features/*", "../lib/*", "!../lib/queryClient", "!../lib/states", "../app/App", "../app/Shell"],
          message: "The portal uses only portal code (and the window's UI-only helpers: query client, load states)." },
      ] }],
    },
  },
  {
    files: ["src/portal/ipc.ts"],
    rules: { "no-restricted-imports": "off" },
  },
);
