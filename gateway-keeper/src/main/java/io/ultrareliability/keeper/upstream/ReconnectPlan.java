package io.ultrareliability.keeper.upstream;

import static java.util.Objects.requireNonNull;

import io.ultrareliability.common.ExponentialBackoff;
import io.ultrareliability.common.gateway.CloseCodePolicy;
import java.time.Duration;

/**
 * What the upstream does after a connection ends, as a pure function: resume, identify or stop,
 * and after how long. The first retry after a healthy session is immediate (a dropped socket or
 * op 7 should cost milliseconds); then the shared {@link ExponentialBackoff} with jitter, reset
 * only by READY or RESUMED (JDA issue 117: a backoff never reset is a slow bot forever).
 */
public final class ReconnectPlan {
    /** What to do next. */
    public enum Action {
        RESUME,
        IDENTIFY,
        FATAL
    }

    /** The decision: {@code why} is one line for the log. */
    public record Next(Action action, Duration delay, String why) {
        public Next {
            requireNonNull(action, "action is null");
            requireNonNull(delay, "delay is null");
            requireNonNull(why, "why is null");
        }
    }

    /** Discord asks for 1-5 s before a new IDENTIFY after op 9 {@code false}. */
    static final Duration INVALID_SESSION_MIN = Duration.ofSeconds(1);
    static final Duration INVALID_SESSION_SPREAD = Duration.ofSeconds(4);

    private final ExponentialBackoff backoff;
    private int failures;

    public ReconnectPlan(ExponentialBackoff backoff) {
        this.backoff = requireNonNull(backoff, "backoff is null");
    }

    /** 1 s doubling to 60 s, +-25 % jitter. */
    public static ReconnectPlan defaults() {
        return new ReconnectPlan(new ExponentialBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60), 2.0, 0.25));
    }

    /** READY or RESUMED arrived: the connection works, the next failure starts from scratch. */
    public void connected() {
        failures = 0;
    }

    /** The socket closed with {@code code} (1006 for a drop without a close frame). */
    public Next afterClose(int code, boolean haveSession, double random) {
        CloseCodePolicy.Verdict verdict = CloseCodePolicy.verdict(code);
        if (verdict.fatal()) {
            return new Next(Action.FATAL, Duration.ZERO, verdict.meaning());
        }
        Action action = haveSession && CloseCodePolicy.mayResume(code) ? Action.RESUME : Action.IDENTIFY;
        return new Next(action, nextDelay(random), "close " + code + ": " + verdict.meaning());
    }

    /** Op 7: Discord asks for a reconnect; resume at once. */
    public Next afterReconnectRequest(boolean haveSession) {
        return new Next(haveSession ? Action.RESUME : Action.IDENTIFY, Duration.ZERO, "op 7 reconnect");
    }

    /** Op 9: resumable or not; a new session waits 1-5 s as Discord asks. */
    public Next afterInvalidSession(boolean resumable, boolean haveSession, double random) {
        if (resumable && haveSession) {
            return new Next(Action.RESUME, nextDelay(random), "op 9 (resumable)");
        }
        long ms = INVALID_SESSION_MIN.toMillis() + Math.round(INVALID_SESSION_SPREAD.toMillis() * clamp(random));
        failures++;
        return new Next(Action.IDENTIFY, Duration.ofMillis(ms), "op 9 (not resumable)");
    }

    /** The connection never opened (refused, timed out, handshake failed). */
    public Next afterConnectFailure(boolean haveSession, double random) {
        return new Next(haveSession ? Action.RESUME : Action.IDENTIFY, nextDelay(random), "connect failed");
    }

    private Duration nextDelay(double random) {
        failures++;
        return failures == 1 ? Duration.ZERO : backoff.delay(failures - 1, clamp(random));
    }

    private static double clamp(double random) {
        return random >= 0.0 && random < 1.0 ? random : 0.5;
    }

    public int failures() {
        return failures;
    }
}
