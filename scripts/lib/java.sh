# shellcheck shell=bash
# UR_JAVA_HOME and UR_JAVA are this file's output, read by the scripts that source it.
# shellcheck disable=SC2034
# Finds a JDK 21+ for the project's scripts. Sourced, never run.
#
# Order: $JAVA_HOME if it is 21+, else `java` on PATH if it is 21+, else the newest JDK
# under /usr/lib/jvm (UR_JVM_DIR overrides the folder, for tests). On success it sets
# UR_JAVA_HOME and UR_JAVA; on failure it prints what it found and returns 1.

UR_MIN_JAVA=21

# Prints the feature version (17, 21, 25) of the java binary $1, or nothing.
ur_java_feature() {
  local spec
  spec=$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n 1)
  spec=${spec#1.}            # 1.8 -> 8
  case "$spec" in
    ''|*[!0-9]*) return 0 ;;
    *) printf '%s\n' "$spec" ;;
  esac
}

ur_find_java() {
  local found=() candidate home feature best_home='' best_feature=0 dir
  dir=${UR_JVM_DIR:-/usr/lib/jvm}

  if [ -n "${JAVA_HOME:-}" ]; then
    if [ -x "$JAVA_HOME/bin/java" ]; then
      feature=$(ur_java_feature "$JAVA_HOME/bin/java")
      if [ "${feature:-0}" -ge "$UR_MIN_JAVA" ]; then
        UR_JAVA_HOME=$JAVA_HOME; UR_JAVA=$JAVA_HOME/bin/java; return 0
      fi
      found+=("JAVA_HOME=$JAVA_HOME is Java ${feature:-unknown}")
    else
      found+=("JAVA_HOME=$JAVA_HOME has no bin/java")
    fi
  fi

  if candidate=$(command -v java 2>/dev/null); then
    feature=$(ur_java_feature "$candidate")
    if [ "${feature:-0}" -ge "$UR_MIN_JAVA" ]; then
      home=$(dirname "$(dirname "$(readlink -f "$candidate")")")
      UR_JAVA_HOME=$home; UR_JAVA=$home/bin/java; return 0
    fi
    found+=("java on PATH ($candidate) is Java ${feature:-unknown}")
  else
    found+=("no java on PATH")
  fi

  if [ -d "$dir" ]; then
    for home in "$dir"/*/; do
      home=${home%/}
      [ -x "$home/bin/java" ] || continue
      [ -L "$home" ] && continue   # Debian's aliases point at the real folders
      feature=$(ur_java_feature "$home/bin/java")
      if [ "${feature:-0}" -gt "$best_feature" ]; then
        best_feature=$feature; best_home=$home
      fi
    done
    if [ "$best_feature" -ge "$UR_MIN_JAVA" ]; then
      UR_JAVA_HOME=$best_home; UR_JAVA=$best_home/bin/java; return 0
    fi
    if [ -n "$best_home" ]; then
      found+=("newest JDK under $dir is $best_home (Java $best_feature)")
    else
      found+=("no JDK under $dir")
    fi
  else
    found+=("no folder $dir")
  fi

  {
    echo "error: Ultra-Reliability needs Java $UR_MIN_JAVA or newer, and found none:"
    printf '  - %s\n' "${found[@]}"
    echo "Install one (for example: apt-get install openjdk-21-jdk-headless) or set JAVA_HOME."
  } >&2
  return 1
}
