package io.ultrareliability.supervisor.status;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.ultrareliability.supervisor.probe.IdentifyBudget;
import io.ultrareliability.supervisor.process.ChildExit;
import java.time.Instant;
import java.util.List;

/**
 * The status document (design.md "Files", STATUS-SPEC.md): the one typed model the core fills,
 * the status file and {@code GET /status} serialize (through {@link StatusJson}), and the CLI and
 * the web layer read back. Record components mirror the JSON one to one (snake_case names,
 * ISO-8601 instants, null where the JSON has null), so reading a file gives back what was written.
 *
 * <p>{@code child} is the bot (schema 1 kept it there, so existing scripts keep working); the
 * gateway keeper, when the supervisor runs one, is the {@code keeper} section of the same shape
 * with its own backoff and restart history (schema 2). {@code crash_loop} at the top is the bot's.
 *
 * @param keeper null when {@code keeper.enabled: false} (written as {@code "keeper": null})
 */
@JsonNaming(SnakeCaseStrategy.class)
@JsonPropertyOrder({"schema", "updated_at", "supervisor", "child", "backoff", "crash_loop", "restart_history",
        "keeper"})
@JsonIgnoreProperties(value = {"schema", "crash_loop"}, allowGetters = true, ignoreUnknown = true)
public record StatusSnapshot(Instant updatedAt, Supervisor supervisor, Child child, Backoff backoff,
        List<RestartEntry> restartHistory, Child keeper) {
    public static final int SCHEMA = 2;

    public StatusSnapshot {
        requireNonNull(updatedAt, "updatedAt is null");
        requireNonNull(supervisor, "supervisor is null");
        requireNonNull(child, "child is null");
        requireNonNull(backoff, "backoff is null");
        restartHistory = restartHistory == null ? List.of() : List.copyOf(restartHistory);
    }

    /** Without a keeper ({@code keeper.enabled: false}). */
    public StatusSnapshot(Instant updatedAt, Supervisor supervisor, Child child, Backoff backoff,
            List<RestartEntry> restartHistory) {
        this(updatedAt, supervisor, child, backoff, restartHistory, null);
    }

    @JsonProperty("schema")
    public int schema() {
        return SCHEMA;
    }

    /** The bot's: the same as {@code backoff.crash_loop}. */
    @JsonProperty("crash_loop")
    public boolean crashLoop() {
        return backoff.crashLoop();
    }

    public StatusSnapshot withSupervisor(Supervisor s) {
        return new StatusSnapshot(updatedAt, s, child, backoff, restartHistory, keeper);
    }

    /** @param k the keeper section ({@link #asKeeperSection()} of the keeper core's snapshot); null: none */
    public StatusSnapshot withKeeper(Child k) {
        return new StatusSnapshot(updatedAt, supervisor, child, backoff, restartHistory, k);
    }

    /**
     * This snapshot, of the keeper's own core, as the {@code keeper} section of the document:
     * its child with its backoff, crash loop and restart history, all named {@code keeper}.
     */
    public Child asKeeperSection() {
        return child.asKeeperSection(backoff, restartHistory);
    }

    /**
     * @param httpPort the supervisor's web server port; null when it does not run
     * @param httpError why the web server could not start; left out when null
     * @param aotCache the bot's AOT cache; left out when null (a child command of one's own)
     */
    @JsonNaming(SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Supervisor(long pid, SupervisorState state, Instant startedAt, String version, Integer httpPort,
            @JsonInclude(Include.NON_NULL) String httpError, @JsonInclude(Include.NON_NULL) AotCache aotCache,
            boolean demoMode) {
        public Supervisor {
            requireNonNull(state, "state is null");
        }

        /** What the core knows; the daemon adds the web server, AOT cache and demo mode. */
        public Supervisor(long pid, SupervisorState state, Instant startedAt, String version) {
            this(pid, state, startedAt, version, null, null, null, false);
        }

        public Supervisor withHttp(Integer port, String error) {
            return new Supervisor(pid, state, startedAt, version, port, error, aotCache, demoMode);
        }

        public Supervisor withAotCache(AotCache cache) {
            return new Supervisor(pid, state, startedAt, version, httpPort, httpError, cache, demoMode);
        }

        public Supervisor withDemoMode(boolean demo) {
            return new Supervisor(pid, state, startedAt, version, httpPort, httpError, aotCache, demo);
        }
    }

    /**
     * One supervised program: the bot ({@code child}) or the keeper ({@code keeper}).
     *
     * <p>{@code enabled}, {@code backoff}, {@code crash_loop} and {@code restart_history} are the keeper
     * section's own; the bot's are at the top of the document, where schema 1 had them, so for the bot
     * they are null and left out.
     *
     * @param pid null when no process exists
     * @param uptimeSeconds 0 when no process exists; rounded to milliseconds
     * @param fatalReason left out when null
     * @param identifyBudget null when the program reports none (issue 13; the keeper never does)
     */
    @JsonNaming(SnakeCaseStrategy.class)
    @JsonPropertyOrder({"program", "enabled", "pid", "state", "started_at", "restarts", "uptime_seconds", "last_exit",
            "fatal_reason", "last_output", "health", "identify_budget", "memory", "backoff", "crash_loop",
            "restart_history"})
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Child(Program program, @JsonInclude(Include.NON_NULL) Boolean enabled, Long pid, ChildState state,
            Instant startedAt, int restarts, double uptimeSeconds, LastExit lastExit,
            @JsonInclude(Include.NON_NULL) String fatalReason, List<String> lastOutput, Health health,
            IdentifyBudget identifyBudget, Memory memory, @JsonInclude(Include.NON_NULL) Backoff backoff,
            @JsonInclude(Include.NON_NULL) Boolean crashLoop,
            @JsonInclude(Include.NON_NULL) List<RestartEntry> restartHistory) {
        public Child {
            program = program == null ? Program.BOT : program; // a schema 1 file has no program: the bot
            pid = pid != null && pid <= 0 ? null : pid;
            requireNonNull(state, "state is null");
            uptimeSeconds = Math.round(uptimeSeconds * 1000) / 1000.0;
            lastOutput = lastOutput == null ? List.of() : List.copyOf(lastOutput);
            requireNonNull(health, "health is null");
            requireNonNull(memory, "memory is null");
            restartHistory = restartHistory == null ? null : List.copyOf(restartHistory);
        }

        /**
         * A program's own section, without the keeper-only fields.
         *
         * @param pid 0 when no process exists
         * @param lastExit null before the first exit
         */
        public static Child of(Program program, long pid, ChildState state, Instant startedAt, int restarts,
                double uptimeSeconds, ChildExit lastExit, String fatalReason, List<String> lastOutput, Health health,
                IdentifyBudget identifyBudget, Memory memory) {
            return new Child(program, null, pid, state, startedAt, restarts, uptimeSeconds, LastExit.of(lastExit),
                    fatalReason, lastOutput, health, identifyBudget, memory, null, null, null);
        }

        /** The bot without an IDENTIFY budget (tests, a child command of one's own). */
        public Child(long pid, ChildState state, Instant startedAt, int restarts, double uptimeSeconds,
                ChildExit lastExit, String fatalReason, List<String> lastOutput, Health health, Memory memory) {
            this(Program.BOT, null, pid, state, startedAt, restarts, uptimeSeconds, LastExit.of(lastExit), fatalReason,
                    lastOutput, health, null, memory, null, null, null);
        }

        /** This section as the {@code keeper} of the document: with its own backoff and history. */
        public Child asKeeperSection(Backoff ownBackoff, List<RestartEntry> ownHistory) {
            requireNonNull(ownBackoff, "ownBackoff is null");
            List<RestartEntry> history = ownHistory == null ? List.of()
                    : ownHistory.stream().map(e -> e.withProgram(Program.KEEPER)).toList();
            return new Child(Program.KEEPER, true, pid, state, startedAt, restarts, uptimeSeconds, lastExit,
                    fatalReason, lastOutput, health, identifyBudget, memory, ownBackoff, ownBackoff.crashLoop(), history);
        }
    }

    /**
     * The last health probe of a program.
     *
     * @param ok null before the first answer
     * @param error left out when null
     * @param notReadySince since when the program has answered HTTP 503 without a 2xx in between, else null
     */
    @JsonNaming(SnakeCaseStrategy.class)
    @JsonPropertyOrder({"ok", "status_code", "consecutive_failures", "stale_heartbeat_failures", "latency_ms",
            "checked_at", "last_heartbeat_ack", "not_ready_since", "error"})
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Health(Boolean ok, int statusCode, int consecutiveFailures,
            @JsonProperty("stale_heartbeat_failures") int staleFailures, long latencyMs, Instant checkedAt,
            Instant lastHeartbeatAck, @JsonInclude(Include.NON_NULL) String error, Instant notReadySince) {
        /** No probe answered yet. */
        public static final Health NONE = new Health(null, 0, 0, 0, 0, null, null, null, null);

        public Health(Boolean ok, int statusCode, int consecutiveFailures, int staleFailures, long latencyMs,
                Instant checkedAt, Instant lastHeartbeatAck, String error) {
            this(ok, statusCode, consecutiveFailures, staleFailures, latencyMs, checkedAt, lastHeartbeatAck, error,
                    null);
        }
    }

    /** @param rssBytes null when unknown (no process, or it could not be measured) */
    @JsonNaming(SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Memory(Long rssBytes, long maxRssBytes, int overLimitSamples) {
        public Memory {
            rssBytes = rssBytes != null && rssBytes < 0 ? null : rssBytes;
        }

        /** @param rssBytes negative when unknown */
        public Memory(long rssBytes, long maxRssBytes, int overLimitSamples) {
            this(rssBytes < 0 ? null : Long.valueOf(rssBytes), maxRssBytes, overLimitSamples);
        }
    }

    /** @param nextStartAt null unless the program waits in backoff */
    @JsonNaming(SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Backoff(long nextDelayMs, int attempt, boolean crashLoop, Instant nextStartAt) {
    }
}
