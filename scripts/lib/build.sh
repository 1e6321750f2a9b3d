# shellcheck shell=bash
# Builds the project's jars when they are missing or older than the sources. Sourced.
# Needs UR_SRC (the checkout) and UR_JAVA_HOME (from java.sh).

ur_jars() {
  printf '%s\n' "$UR_SRC/gateway-sim-cli/target/gateway-sim-cli.jar" \
    "$UR_SRC/bot/target/bot.jar" "$UR_SRC/supervisor/target/supervisor.jar" \
    "$UR_SRC/gateway-keeper/target/gateway-keeper.jar"
}

# True when some jar is missing or some source or pom is newer than the oldest jar.
ur_build_needed() {
  local jar oldest=''
  while read -r jar; do
    [ -f "$jar" ] || return 0
    if [ -z "$oldest" ] || [ "$jar" -ot "$oldest" ]; then oldest=$jar; fi
  done < <(ur_jars)
  [ -n "$(find "$UR_SRC" -path "$UR_SRC/.git" -prune -o \
      \( -name pom.xml -o -path '*/src/main/*' \) -type f -newer "$oldest" -print -quit)" ]
}

# Maven's output in, one line per module out ("  [3/6] Ultra-Reliability bot"): a first
# build takes about a minute, and a silent minute looks like a hang.
ur_build_progress() {
  sed -n -u 's/^\[INFO\] Building \(.*\) [^ ]\{1,\} \{1,\}\[\([0-9]\{1,\}\/[0-9]\{1,\}\)\]$/  [\2] \1/p'
}

ur_ensure_built() {
  ur_build_needed || return 0
  if ! command -v mvn >/dev/null 2>&1; then
    echo "error: the jars are not built and Maven (mvn) is not installed: apt-get install maven" >&2
    return 1
  fi
  if [ ! -x "$UR_JAVA_HOME/bin/javac" ]; then
    echo "error: building needs a JDK, but $UR_JAVA_HOME has no javac" >&2
    return 1
  fi
  mkdir -p "$UR_SRC/target"
  (
    # One build at a time: two launchers started together must not race in target/.
    exec 9>"$UR_SRC/target/.build.lock"
    flock 9
    ur_build_needed || exit 0
    set -o pipefail   # the build's status, not the progress filter's
    started=$SECONDS
    echo "Building the jars (first run or sources changed, about a minute); log: target/build.log" >&2
    if ! JAVA_HOME=$UR_JAVA_HOME mvn -B -ntp -f "$UR_SRC/pom.xml" -DskipTests package 2>&1 \
        | tee "$UR_SRC/target/build.log" | ur_build_progress >&2; then
      echo "error: the build failed; last lines of target/build.log:" >&2
      tail -n 30 "$UR_SRC/target/build.log" >&2
      exit 1
    fi
    echo "Built in $((SECONDS - started))s." >&2
    touch "$UR_SRC"/*/target/*.jar
  )
}
