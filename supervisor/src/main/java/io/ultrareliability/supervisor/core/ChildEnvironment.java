package io.ultrareliability.supervisor.core;

import io.ultrareliability.common.BotContract;
import io.ultrareliability.supervisor.config.SupervisorConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/** The child's extra environment, derived from the config. */
final class ChildEnvironment {
    private ChildEnvironment() {
    }

    /** child.env plus BOT_HEALTH_PORT from health.url (unless child.env sets it). */
    static Map<String, String> of(SupervisorConfig config) {
        Map<String, String> env = new LinkedHashMap<>(config.child().env());
        if (config.health().enabled()) {
            int port = config.health().url().getPort();
            env.putIfAbsent(BotContract.BOT_HEALTH_PORT, Integer.toString(port == -1 ? 80 : port));
        }
        return env;
    }
}
