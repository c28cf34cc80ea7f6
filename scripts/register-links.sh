#!/usr/bin/env bash
# Makes this build of Trellis the desktop's handler of trellis:// links (issue 19), so an
# invitation email's link opens it; the .deb does the same for installed builds
# (src-tauri/trellis.desktop). scripts/launch.sh calls it for development builds.
# Usage: register-links.sh /path/to/trellis-app [/path/to/workspace.db]
set -euo pipefail
exe="$(realpath "$1")"
db="${2:-}"
# A desktop entry's Exec quotes arguments; these characters would need escapes in it.
case "$exe$db" in *[\"\`\$\\]*) echo "register-links: unusual characters in the path; not registering" >&2; exit 0 ;; esac
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
mkdir -p "$apps"
# %u: the desktop passes the link as the one argument (the .deb's default entry lacks it).
command="\"$exe\" %u"
if [ -n "$db" ]; then command="env \"TRELLIS_DB=$(realpath -m "$db")\" $command"; fi
cat > "$apps/trellis-dev.desktop" <<ENTRY
[Desktop Entry]
Type=Application
Name=Trellis (development build)
Exec=$command
Terminal=false
NoDisplay=true
MimeType=x-scheme-handler/trellis;
ENTRY
if command -v xdg-mime >/dev/null; then xdg-mime default trellis-dev.desktop x-scheme-handler/trellis || true; fi
if command -v update-desktop-database >/dev/null; then update-desktop-database "$apps" 2>/dev/null || true; fi
