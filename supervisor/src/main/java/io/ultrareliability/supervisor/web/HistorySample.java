package io.ultrareliability.supervisor.web;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One point of the dashboard's charts.
 *
 * @param at when the sample was taken (the injected clock)
 * @param state the child's state ({@code running}, {@code backoff}, ...)
 * @param rssBytes resident memory of the child, null when unknown
 * @param healthLatencyMs latency of the last health probe, null when none yet
 * @param healthy result of the last health probe, null when none yet
 */
public record HistorySample(Instant at, String state, Long rssBytes, Double healthLatencyMs, Boolean healthy) {
    public HistorySample {
        requireNonNull(at, "at is null");
        requireNonNull(state, "state is null");
    }
}
