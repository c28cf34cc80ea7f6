#!/usr/bin/env bash
# Builds and launches Trellis on its embedded database. The first run offers to create a
# workspace or to open a demo one. TRELLIS_DB=/path/to/file.db picks another database.
# This build becomes the desktop's handler of trellis:// links (scripts/register-links.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
(cd ui && npm run --silent build)
touch src-tauri/src/lib.rs   # the page is embedded at compile time
cargo build --quiet --bin trellis-app
app="${CARGO_TARGET_DIR:-target}/debug/trellis-app"
bash scripts/register-links.sh "$app" "${TRELLIS_DB:-}" || echo "trellis:// links not registered" >&2
exec "$app" "$@"
