#!/usr/bin/env bash
# Try the partner portal on this machine in one command:
#   bash scripts/portal.sh
# Starts a throwaway PostgreSQL, publishes the demo workspace to it from a manager's
# working copy, links a portal login as the portal service, joins a portal working copy
# under that login and serves the portal on http://127.0.0.1:8080 (or
# $TRELLIS_PORTAL_LISTEN). Prints the address and a demo partner user's email and
# password. Ctrl+C stops it all and removes the temporary files.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1;36m[portal]\033[0m %s\n' "$*"; }

bash scripts/setup.sh --test
export PATH="$HOME/.cargo/bin:$PATH"
[ -f ui/dist/portal.html ] || (cd ui && npm run --silent build)
say "building trellis (the first build takes a few minutes)"
cargo build -q -p trellis-cli
trellis=$PWD/target/debug/trellis

. scripts/pg-server.sh
work=$(mktemp -d /tmp/trellis-portal.XXXXXX)
cleanup() {
  pg_server_stop
  rm -rf "$work"
}
trap cleanup EXIT
pg_server_start
url="$TRELLIS_TEST_PG"
listen="${TRELLIS_PORTAL_LISTEN:-127.0.0.1:8080}"
owner=dana.whitfield@northwind-channel.example
owner_pw="northwind trellis demo"
partner=priya.raman@contoso.example
partner_pw="contoso portal demo"
login=trellis_portal_demo

# The portal's own database login: it reads the log and appends partner users' changes
# (trellis_client), and keeps portal sessions (trellis_portal). See docs/PORTAL.md.
psql_super() { "$TRELLIS_TEST_PG_BIN/psql" -q -X "$url" -c "$1" >/dev/null; }
psql_super "DO \$\$ BEGIN CREATE ROLE trellis_client NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END \$\$"
psql_super "DO \$\$ BEGIN CREATE ROLE trellis_portal NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END \$\$"
psql_super "CREATE ROLE $login LOGIN IN ROLE trellis_client, trellis_portal"

# Both working copies keep the database password in the OS keyring: one kernel keyring
# session for everything below.
keyctl session - bash -s <<EOF
set -euo pipefail
say() { printf '\033[1;36m[portal]\033[0m %s\n' "\$*"; }
say "demo workspace, published from a manager's working copy"
"$trellis" --db "$work/manager.db" demo >/dev/null
printf '%s\n%s\n' "$owner_pw" "$partner_pw" | "$trellis" --db "$work/manager.db" --as "$owner" partners set-password "$partner" --password-stdin >/dev/null
printf '%s\n' "$owner_pw" | "$trellis" --db "$work/manager.db" --as "$owner" settings portal-login "$login" >/dev/null
printf '%s\nunused\n' "$owner_pw" | "$trellis" --db "$work/manager.db" --as "$owner" sync connect "$url" >/dev/null
printf '%s\n' "$owner_pw" | "$trellis" --db "$work/manager.db" --as "$owner" sync publish >/dev/null
say "the portal's working copy joins under $login"
printf 'unused\n' | "$trellis" --db "$work/portal.db" sync join "${url/postgres@/$login@}" >/dev/null
say "partner portal: http://$listen"
say "sign in as $partner with the password: $partner_pw"
say "Ctrl+C stops it"
exec "$trellis" --db "$work/portal.db" portal serve --listen "$listen" --ui ui/dist
EOF
