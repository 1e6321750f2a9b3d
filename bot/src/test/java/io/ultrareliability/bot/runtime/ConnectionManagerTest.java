package io.ultrareliability.bot.runtime;

import io.ultrareliability.bot.connection.ConnectionEvents;
import io.ultrareliability.bot.connection.ConnectionState;
import io.ultrareliability.bot.connection.Overseer;
import io.ultrareliability.bot.connection.OverseerSettings;
import io.ultrareliability.bot.health.HealthState;
import io.ultrareliability.common.ExponentialBackoff;
import net.dv8tion.jda.api.JDA;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The manager carrying out the overseer's decisions with fake instances. Overseer time is a
 * fake clock moved by the test; only the hand-over between threads is waited for.
 */
class ConnectionManagerTest {
    private final AtomicLong now = new AtomicLong();
    /** The last time the manager read (its loop reads it on every tick). */
    private final AtomicLong lastRead = new AtomicLong(-1);
    private final HealthState health = new HealthState(Clock.systemUTC());
    private final List<FakeInstance> launched = new CopyOnWriteArrayList<>();
    private final AtomicInteger exitCode = new AtomicInteger(-1);
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService builders = Executors.newCachedThreadPool();
    private volatile LaunchException failNextLaunch;
    private volatile ConnectionEvents events;
    private final List<Integer> retired = new CopyOnWriteArrayList<>();
    /** When set, the next launch (a slow REST login) waits for it. */
    private volatile CountDownLatch slowLogin;

    private final ConnectionManager manager = new ConnectionManager(
            new Overseer(new OverseerSettings(Duration.ofSeconds(30), Duration.ofSeconds(60),
                    new ExponentialBackoff(Duration.ofSeconds(5), Duration.ofSeconds(60), 2.0, 0.2), 3, Duration.ofSeconds(60)),
                    () -> 0.5),
            new ConnectionManager.Launcher() {
                @Override
                public ConnectionManager.Instance launch(int generation, ConnectionEvents ev) throws LaunchException {
                    events = ev;
                    LaunchException fail = failNextLaunch;
                    if (fail != null) {
                        failNextLaunch = null;
                        throw fail;
                    }
                    CountDownLatch slow = slowLogin;
                    if (slow != null) {
                        slowLogin = null;
                        try {
                            if (!slow.await(5, TimeUnit.SECONDS)) {
                                throw new LaunchException("test login latch never released", false, null);
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new LaunchException("interrupted", false, e);
                        }
                    }
                    FakeInstance i = new FakeInstance(generation);
                    launched.add(i);
                    return i;
                }

                @Override
                public void retire(int generation) {
                    retired.add(generation);
                }
            },
            health, () -> {
                long t = now.get();
                lastRead.set(t);
                return t;
            }, loop, builders, (code, reason) -> exitCode.set(code), 3);

    private static final class FakeInstance implements ConnectionManager.Instance {
        final int generation;
        volatile boolean discarded;
        volatile boolean closed;

        FakeInstance(int generation) {
            this.generation = generation;
        }

        @Override
        public JDA jda() {
            return null;
        }

        @Override
        public boolean connected() {
            return false;
        }

        @Override
        public void discard() {
            discarded = true;
        }

        @Override
        public void close(Duration timeout) {
            closed = true;
        }
    }

    @AfterEach
    void shutDown() {
        loop.shutdownNow();
        builders.shutdownNow();
    }

    private void awaitState(ConnectionState state) {
        await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(5)).until(() -> health.state() == state);
    }

    /**
     * Until a tick has run with the clock at {@code t}: the loop read it (only ticks read the
     * clock here), then a task queued behind that tick on the same single thread has run.
     */
    private void awaitTickAt(long t) {
        lastRead.set(-1);
        await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(5)).until(() -> lastRead.get() == t);
        try {
            loop.submit(() -> { }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the manager's loop did not run a queued task", e);
        }
    }

    private void startConnected() {
        manager.start();
        await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(5)).until(() -> launched.size() == 1 && health.state() == ConnectionState.CONNECTING);
        events.connected(1);
        awaitState(ConnectionState.CONNECTED);
    }

    @Test
    void connectsThroughTheFirstInstance() {
        startConnected();
        assertThat(launched.get(0).generation).isEqualTo(1);
        assertThat(health.snapshot(false).generation()).isEqualTo(1);
    }

    @Test
    void instanceNotBackInTimeIsDiscardedAndReplacedAfterBackoff() {
        startConnected();
        events.disconnected(1, 1006, false);
        awaitState(ConnectionState.RECONNECTING);
        now.set(30_000);
        awaitState(ConnectionState.BACKOFF);
        await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(5)).until(() -> launched.get(0).discarded);
        assertThat(health.snapshot(false).connectionAttempts()).isEqualTo(1);
        now.set(34_999);
        awaitTickAt(34_999);
        assertThat(health.state()).as("one ms before the backoff ends").isEqualTo(ConnectionState.BACKOFF);
        assertThat(launched).hasSize(1);
        now.set(35_000);
        await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(5)).until(() -> launched.size() == 2);
        assertThat(launched.get(1).generation).isEqualTo(2);
        events.connected(1); // the old instance's late news changes nothing
        events.connected(2);
        awaitState(ConnectionState.CONNECTED);
        assertThat(health.snapshot(false).freshInstances()).isEqualTo(1);
    }

    @Test
    void heartbeatActivityKeepsItAliveUntilItStops() {
        startConnected();
        now.set(10_000);
        events.activity(1); // a heartbeat ACK at 10 s
        now.set(69_999);
        events.activity(2); // news from a generation that is not current: ignored
        now.set(70_000);
        awaitState(ConnectionState.BACKOFF);
        assertThat(health.snapshot(false).lastFailure())
                .isEqualTo("connection stale: no heartbeat ACK and no event for 60000 ms while connected");
    }

    @Test
    void fatalCloseCodeExits78() {
        startConnected();
        events.disconnected(1, 4014, true);
        await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(5)).until(() -> exitCode.get() == 78);
        assertThat(health.state()).isEqualTo(ConnectionState.FATAL);
        await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(5)).until(() -> launched.get(0).discarded);
    }

    @Test
    void rejectedTokenAtLaunchExits78() {
        failNextLaunch = new LaunchException("the Discord token was rejected at login (REST 401)", true, null);
        manager.start();
        await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(5)).until(() -> exitCode.get() == 78);
        assertThat(launched).isEmpty();
    }

    @Test
    void threeFailuresInARowExit75() {
        manager.start();
        await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(5)).until(() -> launched.size() == 1);
        long t = 0;
        for (int i = 1; i <= 2; i++) {
            t += 30_000;
            now.set(t);
            awaitState(ConnectionState.BACKOFF);
            t += 60_000;
            now.set(t);
            int expected = i + 1;
            await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(5)).until(() -> launched.size() == expected);
        }
        now.set(t + 30_000);
        await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(5)).until(() -> exitCode.get() == 75);
        assertThat(health.state()).isEqualTo(ConnectionState.GAVE_UP);
    }

    @Test
    void reconnectOnRequestReturnsTheNewGeneration() throws Exception {
        startConnected();
        assertThat(manager.reconnect()).isEqualTo(2);
        await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(5)).until(() -> launched.size() == 2 && launched.get(0).discarded);
        assertThat(health.snapshot(false).connectionAttempts()).isZero();
    }

    @Test
    void stopClosesTheCurrentInstanceCleanly() {
        startConnected();
        manager.stop(Duration.ofSeconds(2));
        assertThat(launched.get(0).closed).isTrue();
        assertThat(launched.get(0).discarded).isFalse();
    }

    @Test
    void anInstanceWhoseLoginOutlastsTheTimeoutIsRetiredBeforeItFinishesAndDiscardedAfter() {
        CountDownLatch login = new CountDownLatch(1);
        slowLogin = login;
        manager.start();
        awaitState(ConnectionState.STARTING);
        now.set(30_000); // the connection timeout passes while instance #1 is still logging in
        awaitState(ConnectionState.BACKOFF);
        // retired while its login still runs: its session controller must not connect it
        await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(5)).until(() -> retired.contains(1));
        assertThat(launched).isEmpty();
        login.countDown();
        await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(5))
                .until(() -> launched.size() == 1 && launched.get(0).discarded);
        assertThat(launched.get(0).generation).isEqualTo(1);
        now.set(35_000);
        await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(5)).until(() -> launched.size() == 2);
        assertThat(retired).doesNotContain(2);
    }
}
