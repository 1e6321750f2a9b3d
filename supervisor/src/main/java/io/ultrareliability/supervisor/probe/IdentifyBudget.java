package io.ultrareliability.supervisor.probe;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The child's {@code identify_budget} from its /health answer (issue 13): what is left of
 * Discord's IDENTIFY budget and, while the child waits for Discord to reset it, until when.
 *
 * @param resetAt null when unknown
 * @param waitingUntil null unless the child is waiting for the budget
 * @param reason the child's {@code not_ready_reason} while waiting, else null
 */
@JsonNaming(SnakeCaseStrategy.class) // also {@code child.identify_budget} of the status file
@JsonIgnoreProperties(ignoreUnknown = true)
public record IdentifyBudget(int remaining, int total, Instant resetAt, @JsonProperty("ledger_24h") int ledger24h,
        Instant waitingUntil,
        String reason) {

    /** A child waiting for its budget is alive and cannot be helped by a restart. */
    public boolean waiting() {
        return waitingUntil != null;
    }

    /** From a /health body; null when absent or unreadable. */
    static IdentifyBudget from(JsonNode health) {
        JsonNode b = health.path("identify_budget");
        if (!b.isObject() || !b.path("remaining").isIntegralNumber() || !b.path("total").isIntegralNumber()) {
            return null;
        }
        JsonNode reason = health.path("not_ready_reason");
        return new IdentifyBudget(b.path("remaining").asInt(), b.path("total").asInt(), instant(b.path("reset_at")),
                b.path("ledger_24h").asInt(), instant(b.path("waiting_until")),
                reason.isTextual() ? shorten(reason.asText()) : null);
    }

    private static Instant instant(JsonNode n) {
        try {
            return n.isTextual() ? Instant.parse(n.asText()) : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A child's text goes into the status file: bounded. */
    private static String shorten(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
