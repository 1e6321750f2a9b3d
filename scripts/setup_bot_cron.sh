#!/usr/bin/env bash
# Installs the cron entry from cron/ultra-reliability.cron (every 5 minutes,
# ensure_bot_running.sh) into the invoking user's crontab. Idempotent; every other entry
# is kept. Works when the user has no crontab yet.
#   setup_bot_cron.sh            install (or update) the entry
#   setup_bot_cron.sh --remove   remove it
#   setup_bot_cron.sh --print    print the entry, change nothing
set -euo pipefail
# shellcheck source=scripts/lib/common.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib/common.sh"

MARKER='# ultra-reliability:ensure'

# The header comment above, lines 2-7 (not the shellcheck directive below it).
usage() { sed -n '2,7s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }

# The template with this checkout's paths filled in, single-quoted for /bin/sh.
entry() {
  local home_q src_q
  home_q=$(printf "'%s'" "${ULTRA_HOME//\'/\'\\\'\'}")
  src_q=$(printf "'%s'" "${UR_SRC//\'/\'\\\'\'}")
  grep -v '^[[:space:]]*#' "$UR_SRC/cron/ultra-reliability.cron" | grep -v '^[[:space:]]*$' \
    | sed -e "s|@ULTRA_HOME@|$(sed_escape "$home_q")|g" -e "s|@ULTRA_SRC@|$(sed_escape "$src_q")|g"
}

# Escapes a string for the replacement side of sed's s|||.
sed_escape() { printf '%s' "$1" | sed -e 's/[\\|&]/\\&/g'; }

# The current crontab, or nothing when the user has none. Read whole before writing.
current() { crontab -l 2>/dev/null || true; }

action=install
case "${1:-}" in
  '') ;;
  --remove) action=remove ;;
  --print) action=print ;;
  -h|--help) usage; exit 0 ;;
  *) echo "error: unknown option '$1'" >&2; usage >&2; exit 2 ;;
esac

# --print only shows the entry: it needs no crontab command.
if [ "$action" != print ] && ! command -v crontab >/dev/null 2>&1; then
  echo "error: no crontab command: install cron (apt-get install cron)" >&2
  exit 1
fi

case "$action" in
  print)
    entry
    ;;
  install)
    new=$(entry)
    mkdir -p "$ULTRA_HOME/logs"   # the entry appends to logs/ultra_start.log
    others=$(current | grep -vF -- "$MARKER" || true)
    { [ -z "$others" ] || printf '%s\n' "$others"; printf '%s\n' "$new"; } | crontab -
    echo "Installed: $new"
    ;;
  remove)
    others=$(current | grep -vF -- "$MARKER" || true)
    { [ -z "$others" ] || printf '%s\n' "$others"; } | crontab -
    echo "Removed the ultra-reliability entry (other entries kept)."
    ;;
esac
