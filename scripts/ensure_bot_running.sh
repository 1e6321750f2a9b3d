#!/usr/bin/env bash
# The cron job (cron/ultra-reliability.cron, installed by setup_bot_cron.sh): starts the
# supervisor when it is not running. Silent when all is well; one line in
# logs/ultra_start.log when it had to start it. Defers to systemd when systemd runs the unit.
set -euo pipefail
# shellcheck source=scripts/lib/common.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib/common.sh"

if ur_systemd_manages; then
  exit 0   # systemd's Restart=always keeps it alive; a second starter would only fight it
fi

ur_private_dirs
# Cron and a human at the same moment: the second waits for the first, then finds it running.
(umask 077; : >>"$ULTRA_HOME/run/ensure.lock")
chmod 600 "$ULTRA_HOME/run/ensure.lock" 2>/dev/null || true
exec 9>>"$ULTRA_HOME/run/ensure.lock"
if ! flock -w "${ULTRA_ENSURE_LOCK_WAIT:-180}" 9; then
  # Success only when the supervisor runs: a lock held by anything else (a stuck run, another
  # user's shared lock) must not read as "all is well" to cron, forever.
  if "$UR_CLI" status >/dev/null 2>&1; then
    exit 0
  fi
  holders=$(ur_lock_holders "$ULTRA_HOME/run/ensure.lock")
  ur_log ultra_start.log "ensure: run/ensure.lock is held by $holders and the supervisor is not running; not started"
  echo "ensure_bot_running: run/ensure.lock is held by $holders and the supervisor is not running; not started" >&2
  exit 1
fi

# The supervisor's own file lock decides whether it runs (status exits 0 running, 3 not).
rc=0
"$UR_CLI" status >/dev/null 2>&1 || rc=$?
if [ "$rc" -eq 0 ]; then
  exit 0
fi

ur_log ultra_start.log "ensure: supervisor not running (status exit $rc): starting it"
if "$UR_CLI" start >>"$ULTRA_HOME/logs/ultra_start.log" 2>&1; then
  ur_log ultra_start.log "ensure: supervisor started"
else
  rc=$?
  ur_log ultra_start.log "ensure: start failed (exit $rc)"
  echo "ensure_bot_running: could not start the supervisor (exit $rc); see $ULTRA_HOME/logs/ultra_start.log" >&2
  exit "$rc"
fi
