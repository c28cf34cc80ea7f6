#!/usr/bin/env bash
# Runs every check and every test: formatting, lints, type checks, unit, property,
# store, command-layer and end-to-end tests (the real app in Xvfb over WebDriver).
# Screenshots land in artifacts/e2e/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
# The README's commands leave the work tree clean (the setup once rewrote the lockfile).
if git rev-parse --git-dir >/dev/null 2>&1 && ! git diff --quiet -- ui/package-lock.json; then
  echo "scripts/setup.sh rewrote ui/package-lock.json: commit the lockfile npm install writes" >&2
  exit 1
fi
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
step() { printf '\n\033[1;36m== %s\033[0m\n' "$*"; }
started=$(date +%s)

step "format and lints"
cargo fmt --all --check
(cd ui && npm run --silent typecheck && npm run --silent lint)

step "UI component tests (Vitest, the IPC mocked at its one boundary)"
(cd ui && npm run --silent test)

step "UI build (embedded into the app)"
(cd ui && npm run --silent build)
touch src-tauri/src/lib.rs

cargo clippy --workspace --all-targets --quiet -- -D warnings

step "unit, property, store, command-layer, sync, portal (HTTP and Chromium) tests"
# Screenshots of this run only: the portal's browser test writes artifacts/e2e/portal/.
rm -rf artifacts/e2e && mkdir -p artifacts/e2e
# A throwaway PostgreSQL server for the sync tests (the shared truth), stopped at exit.
. scripts/pg-server.sh
pg_server_start
trap pg_server_stop EXIT
# A session keyring of its own, so the real OS keyring (kernel keyutils) works headless.
keyctl session - cargo nextest run --workspace -E 'not binary(e2e)'

step "end-to-end: the real window under Xvfb, driven over WebDriver"
xvfb-run -a -s "-screen 0 1440x900x24" dbus-run-session -- keyctl session - cargo nextest run --test e2e --no-capture

echo
echo "all checks passed in $(( $(date +%s) - started ))s"
