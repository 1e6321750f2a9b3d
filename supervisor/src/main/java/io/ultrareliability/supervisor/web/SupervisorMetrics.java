package io.ultrareliability.supervisor.web;

import static java.util.Objects.requireNonNull;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.ultrareliability.supervisor.probe.IdentifyBudget;
import io.ultrareliability.supervisor.status.ChildState;
import io.ultrareliability.supervisor.status.StatusSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
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
    private static final Set<ChildState> DOWN_STATES = Set.of(ChildState.STOPPED, ChildState.FATAL, ChildState.BACKOFF);

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
    public void updateGauges(StatusSnapshot snapshot) {
        requireNonNull(snapshot, "snapshot is null");
        StatusSnapshot.Child c = snapshot.child();
        boolean up = c.pid() != null && !DOWN_STATES.contains(c.state());
        childUp(up);
        childPid(up ? c.pid() : 0);
        rssBytes(up && c.memory().rssBytes() != null ? c.memory().rssBytes() : -1);
        backoffDelay(Duration.ofMillis(Math.max(0, snapshot.backoff().nextDelayMs())));
        crashLoop(snapshot.crashLoop());
        IdentifyBudget budget = c.identifyBudget();
        identifyRemaining.set(up && budget != null ? budget.remaining() : Double.NaN);
        identifyWaiting.set(up && budget != null && budget.waitingUntil() != null ? 1 : 0);
        if (perProgram) {
            keeperGauges(snapshot.keeper());
        }
    }

    /** The keeper's section (issue 17): the same gauges, {@code program="keeper"}; null: none yet. */
    private void keeperGauges(StatusSnapshot.Child k) {
        boolean up = k != null && k.pid() != null && !DOWN_STATES.contains(k.state());
        set(childUp, "keeper", up ? 1 : 0);
        set(childPid, "keeper", up ? k.pid() : 0);
        set(rss, "keeper", up && k.memory().rssBytes() != null ? k.memory().rssBytes() : Double.NaN);
        long delayMs = k == null || k.backoff() == null ? 0 : Math.max(0, k.backoff().nextDelayMs());
        set(backoffDelay, "keeper", delayMs / 1e3);
        set(crashLoop, "keeper", k != null && Boolean.TRUE.equals(k.crashLoop()) ? 1 : 0);
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
