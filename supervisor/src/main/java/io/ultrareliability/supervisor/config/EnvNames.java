package io.ultrareliability.supervisor.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code ULTRA_*} environment variables: one per scalar config key, {@code ULTRA_CHILD_COMMAND},
 * {@code ULTRA_KEEPER_COMMAND},
 * and the documented variables that are not config keys. Any other {@code ULTRA_} name is a
 * typo that would silently change nothing ({@code ULTRA_HEALTH_INTERVALL=3s}), so it is an
 * error naming the closest known name.
 */
public final class EnvNames {
    /** Read by the launcher, the scripts, the units or the tests, not by the config loader. */
    public static final Set<String> NOT_KEYS = Set.of(
            "ULTRA_HOME",                 // the home directory
            "ULTRA_CONFIG",               // the config file
            "ULTRA_SUPERVISOR_JAVA_OPTS", // scripts/ultra-reliability: the supervisor JVM's options
            "ULTRA_JAVA",                 // scripts/lib/java.sh: which java
            "ULTRA_SRC",                  // the checkout, for the scripts and the e2e tests
            "ULTRA_ENSURE_LOCK_WAIT",     // ensure_bot_running.sh: how long to wait for run/ensure.lock
            "ULTRA_SYSTEMD_RUNTIME_DIR",  // scripts: where to look for a running systemd
            "ULTRA_SYSTEMD_UNIT");        // scripts: the unit's name

    private EnvNames() {
    }

    /** Every name the supervisor or its scripts understand, sorted. */
    public static Set<String> known() {
        Set<String> all = new TreeSet<>(NOT_KEYS);
        for (String key : ConfigKeys.SCALAR_DEFAULTS.keySet()) {
            all.add(ConfigKeys.envName(key));
        }
        all.add(ConfigKeys.envName(ConfigKeys.CHILD_COMMAND));
        all.add(ConfigKeys.envName(ConfigKeys.KEEPER_COMMAND));
        return all;
    }

    /** One problem line per unknown {@code ULTRA_*} variable. */
    public static List<String> problems(Map<String, String> env) {
        Set<String> known = known();
        List<String> out = new ArrayList<>();
        for (String name : new TreeSet<>(env.keySet())) {
            if (name.startsWith("ULTRA_") && !known.contains(name)) {
                out.add("environment " + name + ": unknown variable (did you mean " + closest(name, known)
                        + "?); unset it or fix its name");
            }
        }
        return out;
    }

    static String closest(String name, Set<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(name, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Levenshtein distance, two rows. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
