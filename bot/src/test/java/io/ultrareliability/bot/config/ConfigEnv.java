package io.ultrareliability.bot.config;

import java.util.HashMap;
import java.util.Map;

/** The environments the config tests hand to {@link BotConfig#from}, and the token they must never leak. */
final class ConfigEnv {
    static final String SECRET = "MTIz.secret-token-value";

    private ConfigEnv() {
    }

    /** @param kv name, value, name, value, ...; the map is mutable so a test can add to it */
    static Map<String, String> env(String... kv) {
        if (kv.length % 2 != 0) {
            throw new IllegalArgumentException("env takes name, value pairs");
        }
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
