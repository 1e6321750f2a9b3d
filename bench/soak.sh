#!/usr/bin/env bash
# The soak run: KILLS kill -9 cycles of the bot, then DROPS gateway drops, on one stack;
# fails on any missed recovery, double session or unparsable status file. Prints the
# distribution (min/median/p95/max); samples in e2e/target/soak.csv, summary in e2e/target/soak.txt.
#
#   bench/soak.sh [KILLS [DROPS [aot|plain]]]      (default 200 200 aot)
# aot: the supervisor trains its JDK 25 AOT cache first and the bot restarts from it (the
# production default); plain: child.aot_cache off.
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
# shellcheck source=scripts/lib/java.sh
. "$ROOT/scripts/lib/java.sh"

kills=${1:-200}
drops=${2:-200}
mode=${3:-aot}
case "$mode" in
  aot) aot=true ;;
  plain) aot=false ;;
  *) echo "usage: bench/soak.sh [KILLS [DROPS [aot|plain]]]" >&2; exit 2 ;;
esac
case "$kills$drops" in
  *[!0-9]*) echo "usage: bench/soak.sh [KILLS [DROPS]] (whole numbers)" >&2; exit 2 ;;
esac

ur_find_java
JAVA_HOME=$UR_JAVA_HOME mvn -B -q -f "$ROOT/pom.xml" -pl e2e -am verify -Psoak \
  -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=SoakIT -Dfailsafe.failIfNoSpecifiedTests=false \
  -De2e.soak.kills="$kills" -De2e.soak.drops="$drops" -De2e.soak.aot="$aot"
cat "$ROOT/e2e/target/soak.txt"
