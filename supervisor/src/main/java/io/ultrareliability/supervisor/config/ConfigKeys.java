package io.ultrareliability.supervisor.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Every scalar config key with its default (as text), in documentation order. */
public final class ConfigKeys {
    /** Lists and maps: not scalar, handled apart. */
    public static final String CHILD_COMMAND = "child.command";
    public static final String CHILD_ENV = "child.env";
    public static final String LOG_TRIGGERS = "log_triggers";
    public static final String CHILD_AOT_CACHE = "child.aot_cache";
    /** issue 17: the gateway keeper's command (a list) and extra environment (a mapping). */
    public static final String KEEPER_COMMAND = "keeper.command";
    public static final String KEEPER_ENV = "keeper.env";

    public static final Map<String, String> SCALAR_DEFAULTS;

    static {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("child.workdir", "");                       // empty: ULTRA_HOME
        d.put(CHILD_AOT_CACHE, "auto");                   // off: never train or use the AOT cache
        d.put("health.url", "http://127.0.0.1:8790/health"); // empty: no HTTP probe
        d.put("health.interval", "5s");
        d.put("health.timeout", "2s");
        d.put("health.failure_threshold", "3");
        d.put("health.startup_grace", "60s");
        d.put("health.startup_interval", "250ms");
        d.put("health.not_ready_timeout", "5m");         // 0: never restart for HTTP 503
        d.put("heartbeat.max_age", "90s");                // 0: off
        d.put("heartbeat.failure_threshold", "2");
        d.put("memory.max_rss", "512MiB");                // 0: off
        d.put("memory.interval", "5s");
        d.put("memory.samples", "2");
        d.put("restart.initial_delay", "1s");
        d.put("restart.max_delay", "5m");
        d.put("restart.multiplier", "2");
        d.put("restart.jitter", "0.2");
        d.put("restart.reset_after", "10m");
        d.put("restart.crash_loop_failures", "5");
        d.put("restart.crash_loop_window", "10m");
        d.put("stop.grace", "15s");
        d.put("status.history_size", "20");
        d.put("web.enabled", "true");
        d.put("web.host", "127.0.0.1");
        d.put("web.port", "8791");                        // 0: any free port (run/web.port)
        d.put("web.allow_remote", "false");
        d.put("web.history_interval", "5s");
        d.put("web.history_size", "720");
        // issue 17: the gateway keeper, a second supervised program (docs/supervisor.md, "Keeper")
        d.put("keeper.enabled", "true");                  // false: the bot alone, as before
        d.put("keeper.port", "8792");                     // the bot's DISCORD_GATEWAY_URL points here
        d.put("keeper.demo_sim_port", "8793");            // demo mode: the keeper's simulator
        d.put("keeper.health.interval", "5s");
        d.put("keeper.health.timeout", "2s");
        d.put("keeper.health.failure_threshold", "3");
        d.put("keeper.health.startup_grace", "60s");
        d.put("keeper.health.startup_interval", "250ms");
        d.put("keeper.health.not_ready_timeout", "0");   // 0: a keeper waiting for Discord is not restarted
        d.put("keeper.memory.max_rss", "1GiB");           // 0: off
        d.put("keeper.memory.interval", "5s");
        d.put("keeper.memory.samples", "2");
        d.put("keeper.restart.initial_delay", "1s");
        d.put("keeper.restart.max_delay", "1m");
        d.put("keeper.restart.multiplier", "2");
        d.put("keeper.restart.jitter", "0.2");
        d.put("keeper.restart.reset_after", "10m");
        d.put("keeper.restart.crash_loop_failures", "5");
        d.put("keeper.restart.crash_loop_window", "10m");
        d.put("keeper.stop.grace", "15s");
        SCALAR_DEFAULTS = java.util.Collections.unmodifiableMap(d);
    }

    /** Default log triggers: patterns that mean the child's JVM is beyond saving. */
    public static final java.util.List<String> DEFAULT_LOG_TRIGGERS = java.util.List.of("OutOfMemoryError");

    private ConfigKeys() {
    }

    /** {@code health.failure_threshold} -> {@code ULTRA_HEALTH_FAILURE_THRESHOLD}. */
    public static String envName(String key) {
        return "ULTRA_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    public static boolean isKnown(String key) {
        return SCALAR_DEFAULTS.containsKey(key) || key.equals(CHILD_COMMAND) || key.equals(CHILD_ENV)
                || key.equals(LOG_TRIGGERS) || key.equals(KEEPER_COMMAND) || key.equals(KEEPER_ENV);
    }
}
