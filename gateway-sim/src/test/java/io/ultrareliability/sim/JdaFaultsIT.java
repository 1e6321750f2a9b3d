package io.ultrareliability.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ultrareliability.sim.jda.SimJda;
import java.time.Duration;
import java.util.List;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.events.session.SessionRecreateEvent;
import net.dv8tion.jda.api.events.session.SessionResumeEvent;
import net.dv8tion.jda.api.events.session.ShutdownEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A real JDA 6 client lives through every gateway fault; we assert what JDA actually does. */
class JdaFaultsIT {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final String TOKEN = "faults-token";

    private GatewaySim sim;
    private SimJda client;

    @BeforeEach
    void login() {
        sim = GatewaySim.start(SimConfig.defaults().withTokens(List.of(TOKEN))
                .withHeartbeatInterval(Duration.ofSeconds(1)));
        client = SimJda.login(sim, TOKEN);
        await("ReadyEvent").atMost(DEADLINE).until(() -> client.events().count(ReadyEvent.class) == 1);
    }

    @AfterEach
    void shutdown() {
        try {
            client.close();
        } finally {
            sim.close();
        }
    }

    private void awaitResumed(int times) {
        await("SessionResumeEvent x" + times).atMost(DEADLINE)
                .until(() -> client.events().count(SessionResumeEvent.class) == times);
        await("session open again").atMost(DEADLINE).until(() -> sim.stats().sessionsOpen() == 1);
        assertThat(client.jda().getStatus()).isEqualTo(JDA.Status.CONNECTED);
        assertThat(sim.stats().resumes()).isEqualTo(times);
        assertThat(sim.stats().identifies()).isEqualTo(1);
        assertThat(client.events().count(SessionRecreateEvent.class)).isZero();
    }

    private void awaitNewSession() {
        await("SessionRecreateEvent").atMost(DEADLINE)
                .until(() -> client.events().count(SessionRecreateEvent.class) == 1);
        await("session open again").atMost(DEADLINE).until(() -> sim.stats().sessionsOpen() == 1);
        assertThat(client.jda().getStatus()).isEqualTo(JDA.Status.CONNECTED);
        assertThat(sim.stats().identifies()).isEqualTo(2);
        assertThat(client.jda().getGuildById(sim.guildId(0))).isNotNull();
    }

    @Test
    void reconnectOp7IsResumed() {
        sim.faults().reconnect();
        awaitResumed(1);
    }

    @Test
    void resumableInvalidSessionIsResumed() {
        sim.faults().invalidate(true);
        awaitResumed(1);
    }

    @Test
    void nonResumableInvalidSessionStartsANewSession() {
        sim.faults().invalidate(false);
        awaitNewSession();
    }

    @ParameterizedTest(name = "server close {0} is resumed")
    @ValueSource(ints = {1000, 1001, 4000, 4002, 4008})
    void resumableCloseCodes(int code) {
        sim.faults().close(code);
        awaitResumed(1);
    }

    @ParameterizedTest(name = "server close {0}: JDA tries RESUME, gets op 9 false, identifies anew")
    @ValueSource(ints = {4001, 4003, 4005, 4007, 4009})
    void closeCodesThatEndTheSession(int code) {
        sim.faults().close(code);
        awaitNewSession();
        assertThat(sim.stats().resumes()).isZero();
    }

    @ParameterizedTest(name = "server close {0} shuts JDA down")
    @ValueSource(ints = {4004, 4010, 4011, 4013, 4014})
    void fatalCloseCodes(int code) {
        sim.faults().close(code);
        await("ShutdownEvent").atMost(DEADLINE).until(() -> client.events().count(ShutdownEvent.class) == 1);
        assertThat(client.events().all(ShutdownEvent.class).getFirst().getCode()).isEqualTo(code);
        await().atMost(DEADLINE).until(() -> client.jda().getStatus() == JDA.Status.SHUTDOWN);
        assertThat(sim.stats().sessionsOpen()).isZero();
    }

    @Test
    void tcpDropIsResumed() {
        sim.faults().drop();
        awaitResumed(1);
    }

    @Test
    void zombieConnectionIsDetectedByJdaAndResumedOnceAcksComeBack() {
        long before = sim.stats().heartbeats();
        sim.faults().zombie(true);
        await("JDA gives up on the zombie connection and resumes").atMost(DEADLINE)
                .until(() -> sim.stats().resumes() >= 1);
        assertThat(sim.stats().heartbeats()).isGreaterThan(before);
        sim.faults().zombie(false);
        await("connected, with ACKs again").atMost(DEADLINE).until(() ->
                client.jda().getStatus() == JDA.Status.CONNECTED && sim.stats().sessionsOpen() == 1);
        long resumes = sim.stats().resumes();
        long heartbeats = sim.stats().heartbeats();
        await("stays connected for two more heartbeats").atMost(DEADLINE)
                .until(() -> sim.stats().heartbeats() >= heartbeats + 2);
        assertThat(sim.stats().resumes()).isEqualTo(resumes);
        assertThat(sim.stats().identifies()).isEqualTo(1);
    }

    @Test
    void refusedConnectionsAreRetriedUntilTheGatewayAcceptsAgain() {
        sim.faults().refuse(Duration.ofSeconds(2));
        sim.faults().drop();
        awaitResumed(1);
    }

    @Test
    void silentGatewayMakesJdaTimeOutAndReconnect() {
        sim.faults().silence(true);
        sim.faults().drop();
        await("JDA reconnected into the silence").atMost(DEADLINE).until(() -> sim.stats().connectionsOpen() == 1);
        assertThat(sim.stats().sessionsOpen()).isZero();
        sim.faults().silence(false);
        // JDA waits up to 10 s for HELLO, then reconnects and resumes.
        await("resumed after the silence").atMost(Duration.ofSeconds(40))
                .until(() -> client.events().count(SessionResumeEvent.class) == 1);
        assertThat(sim.stats().identifies()).isEqualTo(1);
    }

    @Test
    void revokedTokenEndsInShutdown4004() {
        sim.faults().revokeTokens();
        sim.faults().drop();
        await("ShutdownEvent").atMost(DEADLINE).until(() -> client.events().count(ShutdownEvent.class) == 1);
        assertThat(client.events().all(ShutdownEvent.class).getFirst().getCode()).isEqualTo(4004);
    }

    @Test
    void resetForgetsTheSessionSoJdaIdentifiesAnew() {
        sim.faults().zombie(true);
        sim.faults().reset();
        await("SessionRecreateEvent").atMost(DEADLINE)
                .until(() -> client.events().count(SessionRecreateEvent.class) == 1);
        await("session open again").atMost(DEADLINE).until(() -> sim.stats().sessionsOpen() == 1);
        // Counters were zeroed by the reset: only the new IDENTIFY is counted.
        assertThat(sim.stats().identifies()).isEqualTo(1);
        assertThat(sim.stats().resumes()).isZero();
        await("ACKs flow again (zombie was cleared)").atMost(DEADLINE)
                .until(() -> client.jda().getStatus() == JDA.Status.CONNECTED && sim.stats().heartbeats() >= 2);
    }

    @Test
    void privilegedIntentsSwitchedOffEndInShutdown4014AtTheNextIdentify() {
        sim.faults().privilegedIntents(false);
        sim.faults().invalidate(false); // forces a new IDENTIFY (SimJda asks for MESSAGE_CONTENT)
        await("ShutdownEvent").atMost(DEADLINE).until(() -> client.events().count(ShutdownEvent.class) == 1);
        assertThat(client.events().all(ShutdownEvent.class).getFirst().getCode()).isEqualTo(4014);
    }

    @Test
    void restCallsWaitOutA429AndThenSucceed() {
        sim.faults().rateLimit(Duration.ofSeconds(1));
        client.jda().getTextChannelById(sim.firstTextChannelId()).sendMessage("after the 429")
                .timeout(15, java.util.concurrent.TimeUnit.SECONDS).complete();
        assertThat(sim.stats().messagesPosted()).isEqualTo(1);
        assertThat(sim.stats().lastMessages()).extracting(PostedMessage::content).containsExactly("after the 429");
    }
}
