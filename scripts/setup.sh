#!/usr/bin/env bash
# Installs whatever Trellis needs on Debian/Ubuntu and is not there yet. Idempotent.
#   scripts/setup.sh          what building and running the app needs
#   scripts/setup.sh --test   also what the test suite needs (Xvfb, WebDriver, ...)
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
say() { printf '\033[1;36m[setup]\033[0m %s\n' "$*"; }

build_pkgs=(build-essential pkg-config file curl libssl-dev libdbus-1-dev libxdo-dev librsvg2-dev
  libgtk-3-dev libwebkit2gtk-4.1-dev libjavascriptcoregtk-4.1-dev libsoup-3.0-dev libayatana-appindicator3-dev)
test_pkgs=(webkit2gtk-driver xvfb xauth x11-utils xdotool dbus dbus-x11 keyutils postgresql python3
  chromium chromium-driver python3-aiosmtpd openssl xdg-utils)

missing=()
pkgs=("${build_pkgs[@]}")
[ $want_test = 1 ] && pkgs+=("${test_pkgs[@]}")
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if ! command -v npm >/dev/null; then missing+=(nodejs npm); fi
if [ ${#missing[@]} -gt 0 ]; then
  say "installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Vite 7 needs Node 20.19+; Debian 12 ships 18. The npm registry's `node` package brings a newer one.
if [ "$(node_major)" -lt 20 ]; then
  say "Node $(node -v) is too old; installing Node 22 from the npm registry"
  $SUDO npm install -g --no-audit --no-fund node@22 >/dev/null
  hash -r
fi

if ! command -v cargo >/dev/null; then
  echo "Rust is not installed. Install it with rustup (Rust 1.89 or newer), then run this again." >&2
  exit 1
fi
export PATH="$HOME/.cargo/bin:$PATH"

if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  say "installing UI packages"
  # `npm install`, not `npm ci`: with lockfiles written without registry URLs (this
  # machine's npm config), npm 11's `ci` refuses the other platforms' optional packages.
  (cd ui && npm install --no-audit --no-fund --loglevel=error)
fi

if [ $want_test = 1 ]; then
  if ! cargo nextest --version >/dev/null 2>&1; then
    say "installing cargo-nextest"
    cargo install cargo-nextest --locked --quiet
  fi
  if ! command -v tauri-driver >/dev/null; then
    say "installing tauri-driver"
    cargo install tauri-driver --version "^2" --locked --quiet
  fi
fi
