#!/usr/bin/env bash
# Runs the suite again and again to catch tests that depend on how fast this machine is:
# the non-window tests RUNS times and the window tests WINDOW_RUNS times, with nextest's
# retries off, on an idle machine and then with every core kept busy by a CPU hog.
#   scripts/soak.sh [RUNS [WINDOW_RUNS]]     (defaults: 20 and 5)
#   SOAK_LOADS="idle hog" scripts/soak.sh    (which conditions to run; default both)
# Each run gets a fresh PostgreSQL server, as scripts/test.sh does (the tests leave their
# databases behind: 600 of them, 5 GB, after a dozen runs).
# Prints one line per run, with any browser, driver or app process it left running, and
# a summary; exits non-zero if any run failed. Logs of failed runs, with the screenshots
# and app logs of the time, are kept in artifacts/soak/.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
window_runs=${2:-5}
loads=${SOAK_LOADS:-idle hog}
export PATH="$HOME/.cargo/bin:$PATH" CARGO_TERM_COLOR=never
mkdir -p artifacts/soak

bash scripts/setup.sh --test >/dev/null
(cd ui && npm run --silent build)
cargo nextest run --workspace --no-run --cargo-quiet
. scripts/pg-server.sh
hog_pids=()
stop_hog() { for p in "${hog_pids[@]}"; do kill "$p" 2>/dev/null || true; done; hog_pids=(); }
trap 'stop_hog; pg_server_stop' EXIT
start_hog() {
  for _ in $(seq "$(nproc)"); do
    (while :; do :; done) &
    hog_pids+=($!)
  done
}

failures=0
summary=()
one() { # label, log, command...
  local label=$1 log=$2 started rc
  shift 2
  pg_server_start
  started=$(date +%s)
  if "$@" >"$log" 2>&1; then rc=0; else rc=$?; fi
  local took=$(( $(date +%s) - started ))
  pg_server_stop
  local left
  # Zombies do not count: killed, they wait for a reaper this container's PID 1 may not be.
  left=$(ps -eo stat=,comm= | awk '$1 !~ /^Z/ {print $2}' \
    | grep -cxE 'chromium|chromedriver|WebKitWebDriver|tauri-driver|trellis-app|trellis' || true)
  [ "$left" -gt 0 ] && echo "  $label: left $left browser, driver or app processes running"
  if [ $rc -eq 0 ]; then
    echo "  $label: passed in ${took}s"
    rm -f "$log"
    return 0
  fi
  # The next run overwrites the screenshots and app logs: keep this run's beside its log.
  [ -d artifacts/e2e ] && cp -r artifacts/e2e "${log%.log}-artifacts"
  echo "  $label: FAILED in ${took}s (log: $log)"
  grep -E '^\s+(FAIL|SIGKILL|TIMEOUT)' "$log" | sort -u | sed 's/^/    /' || true
  return 1
}

for load in $loads; do
  [ "$load" = hog ] && start_hog
  echo "== $load: $runs runs of the non-window tests, $window_runs of the window tests"
  ok=0; bad=0
  for i in $(seq "$runs"); do
    if one "tests $i/$runs" "artifacts/soak/$load-tests-$i.log" \
      keyctl session - cargo nextest run --workspace -E 'not binary(e2e)' --retries 0 --no-fail-fast; then
      ok=$((ok + 1))
    else
      bad=$((bad + 1))
    fi
  done
  wok=0; wbad=0
  for i in $(seq "$window_runs"); do
    if one "window $i/$window_runs" "artifacts/soak/$load-window-$i.log" \
      xvfb-run -a -s "-screen 0 1440x900x24" dbus-run-session -- keyctl session - \
      cargo nextest run --test e2e --retries 0 --no-fail-fast; then
      wok=$((wok + 1))
    else
      wbad=$((wbad + 1))
    fi
  done
  stop_hog
  summary+=("$load: tests $ok passed / $bad failed; window $wok passed / $wbad failed")
  failures=$((failures + bad + wbad))
done

echo
printf '%s\n' "${summary[@]}"
[ "$failures" -eq 0 ]
