package io.ultrareliability.supervisor.status;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * {@code supervisor.aot_cache.state}.
 * <ul>
 *   <li>{@code off}: not used; {@code detail} says why (config, JDK older than 25)
 *   <li>{@code none}: no valid cache yet; trained once the bot is healthy
 *   <li>{@code training}: a training run is in progress
 *   <li>{@code ready}: a cache for this build exists; {@code in_use} tells whether the live bot
 *       started from it
 *   <li>{@code failed}: the last training run failed; {@code detail} says how
 * </ul>
 */
public enum AotCacheState {
    OFF, NONE, TRAINING, READY, FAILED;

    @JsonValue
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
