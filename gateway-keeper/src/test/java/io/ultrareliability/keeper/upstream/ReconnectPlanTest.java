package io.ultrareliability.keeper.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultrareliability.common.ExponentialBackoff;
import io.ultrareliability.keeper.upstream.ReconnectPlan.Action;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReconnectPlanTest {
    private final ReconnectPlan plan = new ReconnectPlan(
            new ExponentialBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60), 2.0, 0.25));

    @Test
    void aDropResumesAtOnceThenBacksOffUntilConnected() {
        assertThat(plan.afterClose(1006, true, 0.5)).isEqualTo(
                new ReconnectPlan.Next(Action.RESUME, Duration.ZERO, "close 1006: connection dropped without a close frame"));
        assertThat(plan.afterConnectFailure(true, 0.5).delay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(plan.afterConnectFailure(true, 0.5).delay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(plan.afterConnectFailure(true, 0.0).delay()).isEqualTo(Duration.ofMillis(3000));
        plan.connected();
        assertThat(plan.afterClose(4000, true, 0.5).delay()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {4001, 4003, 4005, 4007, 4009})
    void sessionEndingCodesIdentify(int code) {
        assertThat(plan.afterClose(code, true, 0.5).action()).isEqualTo(Action.IDENTIFY);
    }

    @ParameterizedTest
    @ValueSource(ints = {4004, 4010, 4011, 4012, 4013, 4014})
    void fatalCodesStop(int code) {
        ReconnectPlan.Next next = plan.afterClose(code, true, 0.5);
        assertThat(next.action()).isEqualTo(Action.FATAL);
        assertThat(next.why()).contains("(close " + code + ")");
    }

    @Test
    void withoutASessionThereIsNothingToResume() {
        assertThat(plan.afterClose(1006, false, 0.5).action()).isEqualTo(Action.IDENTIFY);
        assertThat(plan.afterReconnectRequest(false).action()).isEqualTo(Action.IDENTIFY);
    }

    @Test
    void op7ResumesImmediately() {
        assertThat(plan.afterReconnectRequest(true)).isEqualTo(
                new ReconnectPlan.Next(Action.RESUME, Duration.ZERO, "op 7 reconnect"));
    }

    @Test
    void op9NotResumableWaitsOneToFiveSecondsAndIdentifies() {
        assertThat(plan.afterInvalidSession(false, true, 0.0)).isEqualTo(
                new ReconnectPlan.Next(Action.IDENTIFY, Duration.ofSeconds(1), "op 9 (not resumable)"));
        assertThat(plan.afterInvalidSession(false, true, 0.5).delay()).isEqualTo(Duration.ofSeconds(3));
        assertThat(plan.afterInvalidSession(true, true, 0.5).action()).isEqualTo(Action.RESUME);
    }
}
