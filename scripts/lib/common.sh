# shellcheck shell=bash
# Shared setup for the operator scripts. Sourced, never run.
# Sets UR_SRC (the checkout), exports ULTRA_HOME (default: the checkout) and UR_CLI.

UR_SRC=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
export ULTRA_HOME=${ULTRA_HOME:-$UR_SRC}
# shellcheck disable=SC2034  # read by the scripts that source this file
UR_CLI=$UR_SRC/scripts/ultra-reliability

# One line, with a timestamp, to a log under ULTRA_HOME/logs (0700; the log 0600).
ur_log() {
  local file=$1; shift
  ur_private_dirs
  (umask 077; printf '%s %s\n' "$(date '+%Y-%m-%dT%H:%M:%S%z')" "$*" >>"$ULTRA_HOME/logs/$file")
}

# run/ and logs/ exist and are 0700, as the supervisor keeps them.
ur_private_dirs() {
  (umask 077; mkdir -p "$ULTRA_HOME/run" "$ULTRA_HOME/logs")
  chmod 700 "$ULTRA_HOME/run" "$ULTRA_HOME/logs" 2>/dev/null || true
}

# Who holds a lock on FILE, from /proc/locks: "pid 123 (root: flock -s ...)", one per holder.
ur_lock_holders() {
  local file=$1 ino pid out=""
  ino=$(stat -c %i "$file" 2>/dev/null) || { echo "nobody (no such file)"; return; }
  while read -r pid; do
    out="${out:+$out; }pid $pid ($(ps -o user= -p "$pid" 2>/dev/null | tr -d ' '): $({ tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | cut -c1-160))"
  done < <(awk -v ino="$ino" '$2 != "->" { split($6, id, ":"); if (id[3] == ino) print $5 }' /proc/locks | sort -u)
  echo "${out:-nobody listed in /proc/locks (just released?)}"
}

# True when systemd is PID 1 and runs our unit: then systemd, not cron, keeps it alive.
ur_systemd_manages() {
  local unit=${ULTRA_SYSTEMD_UNIT:-ultra-reliability.service}
  [ -d "${ULTRA_SYSTEMD_RUNTIME_DIR:-/run/systemd/system}" ] || return 1
  command -v systemctl >/dev/null 2>&1 || return 1
  systemctl is-enabled --quiet "$unit" 2>/dev/null
}
