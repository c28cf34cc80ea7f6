#!/usr/bin/env bash
# A throwaway PostgreSQL server for the sync tests: a fresh cluster in a temporary folder
# on a free port. Source it; it exports TRELLIS_TEST_PG (a superuser URL) and
# TRELLIS_TEST_PG_DIR, and `pg_server_stop` stops and removes it.
#   . scripts/pg-server.sh && pg_server_start
set -euo pipefail

pg_bindir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$d" ] && echo "$d" || dirname "$(command -v pg_ctl)"
}

pg_server_start() {
  local bin dir port runas=()
  bin=$(pg_bindir)
  dir=$(mktemp -d /tmp/trellis-pg.XXXXXX)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  # initdb refuses to run as root: the cluster belongs to the postgres user then.
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; runas=(su postgres -s /bin/sh -c); fi
  local init="$bin/initdb -D $dir/data -A trust -U postgres --no-sync -E UTF8"
  local start="$bin/pg_ctl -D $dir/data -o '-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=200' -l $dir/log -w start"
  if [ ${#runas[@]} -gt 0 ]; then
    "${runas[@]}" "$init" >/dev/null && "${runas[@]}" "$start" >/dev/null
  else
    sh -c "$init" >/dev/null && sh -c "$start" >/dev/null
  fi
  export TRELLIS_TEST_PG="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
  export TRELLIS_TEST_PG_DIR="$dir"
  export TRELLIS_TEST_PG_BIN="$bin"
}

pg_server_stop() {
  [ -n "${TRELLIS_TEST_PG_DIR:-}" ] || return 0
  local stop="$TRELLIS_TEST_PG_BIN/pg_ctl -D $TRELLIS_TEST_PG_DIR/data -m immediate -w stop"
  if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$stop" >/dev/null 2>&1 || true
  else sh -c "$stop" >/dev/null 2>&1 || true; fi
  rm -rf "$TRELLIS_TEST_PG_DIR"
}
