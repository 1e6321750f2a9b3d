package io.ultrareliability.supervisor.status;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * {@code supervisor.aot_cache}: the bot's AOT cache.
 *
 * @param inUse whether the live bot started from the cache
 * @param since when {@code state} was entered
 * @param detail why (off, failed) or what (ready: how it was trained); never null
 */
@JsonNaming(SnakeCaseStrategy.class)
@JsonPropertyOrder({"state", "in_use", "since", "detail"})
@JsonIgnoreProperties(ignoreUnknown = true)
public record AotCache(AotCacheState state, boolean inUse, Instant since, String detail) {
    public AotCache {
        requireNonNull(state, "state is null");
        requireNonNull(detail, "detail is null");
    }
}
