package io.ultrareliability.supervisor.daemon;

import static java.util.Objects.requireNonNull;

import io.ultrareliability.supervisor.core.SupervisorListener;
import io.ultrareliability.supervisor.status.RestartRecord;
import io.ultrareliability.supervisor.web.SupervisorMetrics;
import java.time.Duration;

/** Feeds the core's events into the Prometheus metrics (the gauges are read from the status). */
final class MetricsListener implements SupervisorListener {
    private final SupervisorMetrics metrics;
    private final String program;

    MetricsListener(SupervisorMetrics metrics) {
        this(metrics, "bot");
    }

    /** @param program whose core this listens to ({@code bot}, {@code keeper}): the series' label */
    MetricsListener(SupervisorMetrics metrics, String program) {
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.program = requireNonNull(program, "program is null");
    }

    @Override
    public void onRestart(RestartRecord record) {
        metrics.recordRestart(program, record.reason().jsonName());
    }

    @Override
    public void onHealthProbe(Duration latency, boolean ok) {
        metrics.recordHealthProbe(program, latency, ok);
    }
}
