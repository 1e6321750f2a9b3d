#!/usr/bin/env bash
# The recovery benchmark: per fault (kill -9, SIGSTOP hang, memory over the limit, gateway drop,
# op 7, close 4009) the time until the responsible layer acted and until the bot is connected
# again; the physical floor (the bot's own cold start to healthy, also with AppCDS and a JDK 25
# AOT cache); kill -9 with the AOT cache; the supervisor's idle CPU and RSS; and kill -9 of the
# bot as Discord sees it (events lost, interactions failed, IDENTIFYs, seconds offline) with the
# gateway-keeper off and on, side by side ("discord").
# Prints a table (medians over N rounds) and writes every sample to bench/results/*.csv.
#
#   bench/recovery.sh [-n ROUNDS] [--idle SECONDS] [--only kill9,sigstop,memory,drop,op7,close4009,floor,aot,idle,discord] [--keeper off,on]
#
# Builds the jars and the e2e test classes first (mvn package, tests skipped). Needs JDK 21+
# (25 for the AOT cache) and Maven; uses only 127.0.0.1.
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
# shellcheck source=scripts/lib/java.sh
. "$ROOT/scripts/lib/java.sh"

rounds=5
idle=60
only=''
keeper=''
usage() { sed -n '2,13s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }
while [ $# -gt 0 ]; do
  case "$1" in
    -n|--rounds) rounds=${2:?-n needs a number}; shift 2 ;;
    --idle) idle=${2:?--idle needs seconds}; shift 2 ;;
    --only) only=${2:?--only needs a list}; shift 2 ;;
    --keeper) keeper=${2:?--keeper needs off, on or off,on}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "error: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
case "$rounds$idle" in
  *[!0-9]*) echo "error: -n and --idle take whole numbers" >&2; exit 2 ;;
esac

ur_find_java
echo "Building (mvn package, tests skipped); log: bench/results/build.log" >&2
mkdir -p "$ROOT/bench/results"
if ! JAVA_HOME=$UR_JAVA_HOME mvn -B -q -f "$ROOT/pom.xml" -pl e2e -am -DskipTests package \
    dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test \
    >"$ROOT/bench/results/build.log" 2>&1; then
  echo "error: the build failed; last lines of bench/results/build.log:" >&2
  tail -n 30 "$ROOT/bench/results/build.log" >&2
  exit 1
fi

stamp=$(date -u +%Y%m%dT%H%M%SZ)
args=(--rounds "$rounds" --idle "$idle" --out "$ROOT/bench/results/recovery-$stamp.csv")
if [ -n "$only" ]; then
  args+=(--only "$only")
fi
if [ -n "$keeper" ]; then
  args+=(--keeper "$keeper")
fi
cd "$ROOT/e2e"
"$UR_JAVA" -Xmx256m -De2e.root="$ROOT" \
  -cp "$ROOT/e2e/target/test-classes:$(cat "$ROOT/e2e/target/test-classpath.txt")" \
  io.ultrareliability.e2e.bench.RecoveryBench "${args[@]}" | tee "$ROOT/bench/results/recovery-$stamp.txt"
