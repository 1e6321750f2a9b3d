package io.ultrareliability.e2e;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Set;

/**
 * One fault injected into a running stack and timed: until the responsible layer acted
 * ("detect") and until the bot was connected again, once ("healthy"). Shared by the soak
 * test and the recovery benchmark. Polls every 5 ms; every wait is bounded.
 */
public final class Drills {
    private static final Set<String> ACTING = Set.of("stopping", "backoff", "starting", "fatal", "stopped");

    private Drills() {
    }

    /** Milliseconds from the injection until the fault was noticed and until recovery. */
    public record Timing(String fault, long detectMs, long healthyMs, long oldPid, long newPid) {
        public Timing {
            requireNonNull(fault, "fault is null");
        }
    }

    /**
     * A process fault (kill -9, SIGSTOP): detect = the supervisor leaves "running" for this child
     * (or records a new one); healthy = /health 200 and one session, with a new PID.
     */
    public static Timing processSignal(Stack stack, String fault, String signal, Duration bound) {
        long pid = awaitSteady(stack, bound);
        long t0 = System.nanoTime();
        Procs.signal(pid, signal);
        try {
            long detect = until(stack, bound, "the supervisor to act on " + fault, t0, () -> supervisorActed(stack, pid));
            long healthy = until(stack, bound, "recovery after " + fault, t0, () -> {
                long now = stack.childPid();
                return now > 0 && now != pid && stack.recovered();
            });
            return new Timing(fault, detect, healthy, pid, stack.childPid());
        } finally {
            if (signal.equals("STOP") && Procs.alive(pid)) {
                Procs.signal(pid, "CONT");
            }
        }
    }

    /**
     * A gateway fault ({@code POST /_sim/<route>}): detect = the bot's disconnect counter grew;
     * healthy = /health 200 and one session again, same PID.
     */
    public static Timing gateway(Stack stack, String fault, String route, Duration bound) {
        long pid = awaitSteady(stack, bound);
        long disconnects = stack.botCounter("disconnects");
        long t0 = System.nanoTime();
        stack.sim.fault(route);
        long detect = until(stack, bound, "the bot to notice " + fault, t0,
                () -> stack.botCounter("disconnects") > disconnects);
        long healthy = until(stack, bound, "recovery after " + fault, t0, stack::recovered);
        long now = stack.childPid();
        if (now != pid) {
            throw new AssertionError(fault + " should be absorbed by the bot, but its PID changed " + pid + " -> " + now);
        }
        return new Timing(fault, detect, healthy, pid, now);
    }

    /**
     * Memory over the limit (a stack whose memory.max_rss is below the bot's RSS): t0 = the first
     * over-limit sample the status file shows; detect = the supervisor acts; healthy = the next bot connected.
     */
    public static Timing memory(Stack stack, Duration bound) {
        long pid = awaitSteady(stack, bound);
        stack.awaitTrue(bound, "an over-limit sample of " + pid, () -> {
            JsonNode s = stack.status();
            return s != null && s.path("child").path("pid").asLong() == pid
                    && s.path("child").path("memory").path("over_limit_samples").asInt() >= 1;
        });
        long t0 = System.nanoTime();
        long detect = until(stack, bound, "the memory restart", t0, () -> supervisorActed(stack, pid));
        long healthy = until(stack, bound, "recovery after the memory restart", t0, () -> {
            long now = stack.childPid();
            return now > 0 && now != pid && stack.recovered();
        });
        return new Timing("memory", detect, healthy, pid, stack.childPid());
    }

    private static boolean supervisorActed(Stack stack, long pid) {
        JsonNode s = stack.status();
        if (s == null) {
            return false;
        }
        JsonNode child = s.path("child");
        return child.path("pid").asLong() != pid || ACTING.contains(child.path("state").asText());
    }

    /** Waits for a recovered stack whose supervisor forgot past failures (so a restart is immediate). */
    public static long awaitSteady(Stack stack, Duration bound) {
        stack.awaitTrue(bound, "a healthy bot, child state running", () -> stack.recovered()
                && stack.childState().equals("running"));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode s = stack.status();
            if (s != null && s.path("backoff").path("attempt").asInt(0) == 0) {
                break;
            }
            E2e.sleepMs(50);
        }
        return stack.childPid();
    }

    private static long until(Stack stack, Duration bound, String what, long t0, java.util.function.BooleanSupplier c) {
        long deadline = t0 + bound.toNanos();
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + bound.toMillis() + " ms waiting for " + what + "\n"
                        + stack.diagnostics());
            }
            E2e.sleepMs(5);
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
