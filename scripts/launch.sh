#!/usr/bin/env bash
# Builds and launches Trellis on its embedded database. The first run offers to create a
# workspace or to open a demo one. TRELLIS_DB=/path/to/file.db picks another database.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
(cd ui && npm run --silent build)
touch src-tauri/src/lib.rs   # the page is embedded at compile time
exec cargo run --quiet --bin trellis-app
