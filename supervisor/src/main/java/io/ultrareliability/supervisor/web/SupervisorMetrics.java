package io.ultrareliability.supervisor.web;

import static java.util.Objects.requireNonNull;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The supervisor's Prometheus metrics, in a registry of its own (not the client's global
 * default, so tests and several instances in one JVM never see each other's series). The core
 * calls the {@code record}/setter methods; {@code GET /metrics} serves {@link #scrape()}.
 */
public final class SupervisorMetrics {
    public static final String PREFIX = "ultra_reliability_";

    /** The restart reasons of design.md; each series exists (at 0) from the start. */
    public static final List<String> KNOWN_REASONS = List.of(
            "crash", "unhealthy", "stale-heartbeat", "memory", "log-trigger", "manual", "exit-tempfail");

    /** Anything else is counted as {@code other}: a label value must never grow without bound. */
    private static final Pattern REASON = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    /** States in which no child process runs. */
    private static final Set<String> DOWN_STATES = Set.of("stopped", "fatal", "backoff");

    private static final PrometheusTextFormatWriter WRITER = PrometheusTextFormatWriter.create();

    /** issue 17: the programs a supervisor runs; the per-program series' {@code program} label. */
    public static final List<String> PROGRAMS = List.of("bot", "keeper");

    private final PrometheusRegistry registry = new PrometheusRegistry();
    /** With a keeper: per-program series carry {@code program}; without, they stay as they were. */
    private final boolean perProgram;
    private final Counter restarts;
    private final Histogram healthLatency;
    private final Counter healthFailures;
    private final Gauge childUp;
    private final Gauge rss;
    private final Gauge backoffDelay;
    private final Gauge crashLoop;
    private final Gauge childPid;
    private final Gauge identifyRemaining;
    private final Gauge identifyWaiting;
    private final Counter unauthorized;

    public SupervisorMetrics() {
        this(false);
    }

    /**
     * @param perProgram the supervisor runs the keeper too (issue 17): the per-program series
     *        (restarts, probes, up, RSS, backoff, crash loop, PID) get a {@code program} label,
     *        {@code bot} or {@code keeper}; false: exactly the series of a bot alone
     */
    public SupervisorMetrics(boolean perProgram) {
        this.perProgram = perProgram;
        String[] program = perProgram ? new String[] {"program"} : new String[0];
        restarts = Counter.builder().name(PREFIX + "child_restarts_total")
                .help("Restarts of the child, by reason.").labelNames(perProgram
                        ? new String[] {"program", "reason"} : new String[] {"reason"})
                .withoutExemplars().register(registry);
        for (String p : programs()) {
            KNOWN_REASONS.forEach(r -> restarts.labelValues(labels(p, r)));
            restarts.labelValues(labels(p, "other"));
        }
        healthLatency = Histogram.builder().name(PREFIX + "health_check_duration_seconds")
                .help("Latency of the child's HTTP health probe, successful or not.")
                .classicOnly()
                .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5)
                .labelNames(program).withoutExemplars().register(registry);
        healthFailures = Counter.builder().name(PREFIX + "health_check_failures_total")
                .help("Health probes of the child that failed (error, timeout or non-2xx).")
                .labelNames(program).withoutExemplars().register(registry);
        childUp = gauge("child_up", "1 when the child process is running, else 0.", program);
        rss = gauge("child_rss_bytes", "Resident memory of the child's process tree in bytes; NaN when unknown.",
                program);
        backoffDelay = gauge("backoff_delay_seconds", "Delay before the next start of the child (0 when none).",
                program);
        crashLoop = gauge("crash_loop", "1 while the child is in a crash loop, else 0.", program);
        childPid = gauge("child_pid", "PID of the current child; 0 when there is none.", program);
        identifyRemaining = gauge("identify_budget_remaining",
                "IDENTIFYs left in Discord's session_start_limit as the bot reports it; NaN when unknown.");
        identifyWaiting = gauge("identify_budget_waiting",
                "1 while the bot waits for Discord to reset its IDENTIFY budget, else 0.");
        unauthorized = Counter.builder().name(PREFIX + "web_unauthorized_requests_total")
                .help("Control requests refused for a missing or wrong bearer token.")
                .withoutExemplars().register(registry);
        for (String p : programs()) {
            set(rss, p, Double.NaN);
            set(childUp, p, 0);
            set(backoffDelay, p, 0);
            set(crashLoop, p, 0);
            set(childPid, p, 0);
        }
    }

    private Gauge gauge(String name, String help) {
        return gauge(name, help, new String[0]);
    }

    private Gauge gauge(String name, String help, String[] labels) {
        return Gauge.builder().name(PREFIX + name).help(help).labelNames(labels).withoutExemplars().register(registry);
    }

    private List<String> programs() {
        return perProgram ? PROGRAMS : List.of("bot");
    }

    private String[] labels(String program, String... more) {
        if (!perProgram) {
            return more;
        }
        if (!PROGRAMS.contains(program)) {
            throw new IllegalArgumentException("unknown program " + program);
        }
        String[] all = new String[more.length + 1];
        all[0] = program;
        System.arraycopy(more, 0, all, 1, more.length);
        return all;
    }

    private void set(Gauge g, String program, double value) {
        if (perProgram) {
            g.labelValues(labels(program)).set(value);
        } else {
            g.set(value);
        }
    }

    /** One restart of the child; {@code reason} as in design.md ({@code crash}, {@code manual}, ...). */
    public void recordRestart(String reason) {
        recordRestart("bot", reason);
    }

    /** One restart of {@code program} ({@code bot}, {@code keeper}). */
    public void recordRestart(String program, String reason) {
        requireNonNull(reason, "reason is null");
        restarts.labelValues(labels(program, REASON.matcher(reason).matches() ? reason : "other")).inc();
    }

    /** One health probe: its latency goes into the histogram, a failure also into the counter. */
    public void recordHealthProbe(Duration latency, boolean ok) {
        recordHealthProbe("bot", latency, ok);
    }

    /** One health probe of {@code program}. */
    public void recordHealthProbe(String program, Duration latency, boolean ok) {
        requireNonNull(latency, "latency is null");
        double seconds = Math.max(0, latency.toNanos()) / 1e9;
        if (perProgram) {
            healthLatency.labelValues(labels(program)).observe(seconds);
            if (!ok) {
                healthFailures.labelValues(labels(program)).inc();
            }
        } else {
            healthLatency.observe(seconds);
            if (!ok) {
                healthFailures.inc();
            }
        }
    }

    public void childUp(boolean up) {
        set(childUp, "bot", up ? 1 : 0);
    }

    /** A negative value means unknown (no child, or it could not be measured). */
    public void rssBytes(long bytes) {
        set(rss, "bot", bytes < 0 ? Double.NaN : bytes);
    }

    public void backoffDelay(Duration delay) {
        requireNonNull(delay, "delay is null");
        set(backoffDelay, "bot", Math.max(0, delay.toNanos()) / 1e9);
    }

    public void crashLoop(boolean inCrashLoop) {
        set(crashLoop, "bot", inCrashLoop ? 1 : 0);
    }

    /** Zero or negative: no child. */
    public void childPid(long pid) {
        set(childPid, "bot", Math.max(0, pid));
    }

    /**
     * Sets every gauge from a status snapshot (the shape of {@link SupervisorControl#statusSnapshot()}):
     * {@code child_up} (a child PID is set and the state is not {@code stopped}/{@code fatal}/{@code backoff}),
     * {@code child_pid}, {@code child_rss_bytes}, {@code backoff_delay_seconds}, {@code crash_loop}.
     * The web server calls it before each scrape, so the gauges are current even when the core
     * only reports events ({@link #recordRestart}, {@link #recordHealthProbe}).
     */
    public void updateGauges(Map<String, Object> snapshot) {
        requireNonNull(snapshot, "snapshot is null");
        Long pid = Snapshots.longValue(snapshot, "child", "pid");
        String state = Snapshots.string(snapshot, "child", "state");
        boolean up = pid != null && pid > 0 && state != null && !DOWN_STATES.contains(state);
        childUp(up);
        childPid(up ? pid : 0);
        Long rssBytes = Snapshots.longValue(snapshot, "child", "memory", "rss_bytes");
        rssBytes(up && rssBytes != null ? rssBytes : -1);
        Long delayMs = Snapshots.longValue(snapshot, "backoff", "next_delay_ms");
        backoffDelay(Duration.ofMillis(delayMs == null ? 0 : Math.max(0, delayMs)));
        crashLoop(Boolean.TRUE.equals(Snapshots.bool(snapshot, "crash_loop")));
        Long remaining = Snapshots.longValue(snapshot, "child", "identify_budget", "remaining");
        identifyRemaining.set(up && remaining != null ? remaining : Double.NaN);
        String waitingUntil = Snapshots.string(snapshot, "child", "identify_budget", "waiting_until");
        identifyWaiting.set(up && waitingUntil != null ? 1 : 0);
        if (perProgram) {
            keeperGauges(snapshot);
        }
    }

    /** The keeper's section (issue 17): the same gauges, {@code program="keeper"}. */
    private void keeperGauges(Map<String, Object> snapshot) {
        Long pid = Snapshots.longValue(snapshot, "keeper", "pid");
        String state = Snapshots.string(snapshot, "keeper", "state");
        boolean up = pid != null && pid > 0 && state != null && !DOWN_STATES.contains(state);
        set(childUp, "keeper", up ? 1 : 0);
        set(childPid, "keeper", up ? pid : 0);
        Long rssBytes = Snapshots.longValue(snapshot, "keeper", "memory", "rss_bytes");
        set(rss, "keeper", up && rssBytes != null ? rssBytes : Double.NaN);
        Long delayMs = Snapshots.longValue(snapshot, "keeper", "backoff", "next_delay_ms");
        set(backoffDelay, "keeper", delayMs == null ? 0 : Math.max(0, delayMs) / 1e3);
        set(crashLoop, "keeper", Boolean.TRUE.equals(Snapshots.bool(snapshot, "keeper", "crash_loop")) ? 1 : 0);
    }

    void recordUnauthorized() {
        unauthorized.inc();
    }

    /** Every series in the Prometheus text exposition format (version 0.0.4). */
    public String scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try {
            WRITER.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render metrics", e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The Content-Type of {@link #scrape()}'s text. */
    public static String contentType() {
        return WRITER.getContentType();
    }
}
