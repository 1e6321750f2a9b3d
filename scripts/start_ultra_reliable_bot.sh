#!/usr/bin/env bash
# Starts the supervisor (and through it the gateway keeper and the bot) in the background, detached from this
# terminal, unless it already runs; waits until the bot is healthy and prints its status.
# Harmless to run twice. Log: logs/ultra_start.log.
set -euo pipefail
# shellcheck source=scripts/lib/common.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib/common.sh"

if ur_systemd_manages; then
  echo "systemd runs ultra-reliability here: use 'systemctl start ultra-reliability'" >&2
  exit 1
fi

if "$UR_CLI" status >/dev/null 2>&1; then
  echo "Ultra-Reliability is already running."
  "$UR_CLI" status || true
  exit 0
fi

ur_log ultra_start.log "start: starting the supervisor (ULTRA_HOME=$ULTRA_HOME)"
log=$ULTRA_HOME/logs/ultra_start.log
before=$(wc -l <"$log")
# Not `if ! cmd; then rc=$?`: there $? is the negation's status, always 0.
rc=0
"$UR_CLI" start >>"$log" 2>&1 || rc=$?
if [ "$rc" -ne 0 ]; then
  ur_log ultra_start.log "start: failed (exit $rc)"
  if [ "$rc" -eq 78 ]; then
    # EX_CONFIG: nothing was started; the CLI's "config error: ..." lines say what to fix.
    echo "error: the configuration is invalid (exit $rc), nothing was started:" >&2
    tail -n +"$((before + 1))" "$log" | grep '^config error: ' >&2 || true
  else
    echo "error: the supervisor did not come up healthy (exit $rc). Last lines of logs/ultra_start.log:" >&2
    tail -n 15 "$log" >&2
  fi
  exit "$rc"
fi
ur_log ultra_start.log "start: supervisor up"
"$UR_CLI" status || true
