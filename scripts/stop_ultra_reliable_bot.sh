#!/usr/bin/env bash
# Stops the supervisor and the bot cleanly (SIGTERM, grace, then SIGKILL of what is left).
set -euo pipefail
# shellcheck source=scripts/lib/common.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib/common.sh"

if ur_systemd_manages; then
  echo "systemd runs ultra-reliability here: use 'systemctl stop ultra-reliability'" >&2
  exit 1
fi
ur_log ultra_start.log "stop: requested by $(id -un 2>/dev/null || id -u)"
exec "$UR_CLI" stop
