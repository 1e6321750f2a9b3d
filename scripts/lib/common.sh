# shellcheck shell=bash
# Shared setup for the operator scripts. Sourced, never run.
# Sets UR_SRC (the checkout), exports ULTRA_HOME (default: the checkout) and UR_CLI.

UR_SRC=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
export ULTRA_HOME=${ULTRA_HOME:-$UR_SRC}
# shellcheck disable=SC2034  # read by the scripts that source this file
UR_CLI=$UR_SRC/scripts/ultra-reliability

# One line, with a timestamp, to a log under ULTRA_HOME/logs.
ur_log() {
  local file=$1; shift
  mkdir -p "$ULTRA_HOME/logs"
  printf '%s %s\n' "$(date '+%Y-%m-%dT%H:%M:%S%z')" "$*" >>"$ULTRA_HOME/logs/$file"
}

# True when systemd is PID 1 and runs our unit: then systemd, not cron, keeps it alive.
ur_systemd_manages() {
  local unit=${ULTRA_SYSTEMD_UNIT:-ultra-reliability.service}
  [ -d "${ULTRA_SYSTEMD_RUNTIME_DIR:-/run/systemd/system}" ] || return 1
  command -v systemctl >/dev/null 2>&1 || return 1
  systemctl is-enabled --quiet "$unit" 2>/dev/null
}
