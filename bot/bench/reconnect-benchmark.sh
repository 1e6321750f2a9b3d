#!/usr/bin/env bash
# Reconnect-time benchmark: the bot vs a plain JDA client, against the gateway simulator.
# Usage: bot/bench/reconnect-benchmark.sh [rounds]   (build first: scripts/test -pl bot -am, or mvn package)
set -euo pipefail
cd "$(dirname "$0")/.."
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if [[ ! -f target/bot.jar || ! -d target/test-classes ]]; then
  echo "build the bot module first (target/bot.jar and target/test-classes)" >&2
  exit 1
fi
exec "$java_bin" -cp "target/test-classes:target/classes:target/lib/*" \
  -Dlog4j2.configurationFile=classpath:log4j2-test.xml \
  io.ultrareliability.bot.bench.ReconnectBenchmark "${1:-5}"
