package io.ultrareliability.bot.runtime;

import io.ultrareliability.bot.connection.ConnectionEvents;
import io.ultrareliability.bot.connection.ConnectionState;
import io.ultrareliability.bot.connection.Overseer;
import io.ultrareliability.bot.connection.OverseerSettings;
import io.ultrareliability.bot.health.HealthState;
import io.ultrareliability.bot.identify.IdentifyGovernor;
import io.ultrareliability.common.ExponentialBackoff;
import net.dv8tion.jda.api.JDA;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The manager carrying out the overseer's decisions with fake instances. Time is a fake clock
 * moved by the test, and the manager's wake-ups are fired by the test as it moves the clock
 * (exactly at their deadlines); only the hand-over between threads is waited for.
 */
class ConnectionManagerTest {
    private final AtomicLong now = new AtomicLong();
    private final FakeTimer timer = new FakeTimer();
    /** The health state reads the same fake time (an IDENTIFY wait's end is an instant). */
    private final HealthState health = new HealthState(new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now.get());
        }
    });
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
            health, now::get, loop, builders, (code, reason) -> exitCode.set(code), 3, timer);

    /** The manager's wake-ups, by deadline; cancelled ones are dropped when fired. */
    private static final class FakeTimer implements Wakeup.Timer {
        private record Wakeup(long at, Runnable task, CompletableFuture<Void> handle) {
        }

        private final List<Wakeup> pending = new ArrayList<>();

        @Override
        public synchronized Future<?> at(long deadlineMillis, Runnable task) {
            Wakeup w = new Wakeup(deadlineMillis, task, new CompletableFuture<>());
            pending.add(w);
            return w.handle();
        }

        synchronized Optional<Wakeup> due(long t) {
            pending.removeIf(w -> w.handle().isCancelled());
            Optional<Wakeup> first = pending.stream().filter(w -> w.at() <= t).min(Comparator.comparingLong(Wakeup::at));
            first.ifPresent(pending::remove);
            return first;
        }

        /** The deadline of the one live wake-up, or MAX_VALUE when none is set. */
        synchronized long next() {
            pending.removeIf(w -> w.handle().isCancelled());
            assertThat(pending).as("one wake-up at a time").hasSizeLessThanOrEqualTo(1);
            return pending.isEmpty() ? Long.MAX_VALUE : pending.get(0).at();
        }
    }

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

    /** Until every task queued on the manager's single loop thread so far has run. */
    private void drainLoop() {
        try {
            loop.submit(() -> { }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the manager's loop did not run a queued task", e);
        }
    }

    /**
     * Moves the clock to {@code t}, firing every wake-up due on the way at its own deadline
     * (ManualScheduler style), and lets the loop run what they queued.
     */
    private void advanceTo(long t) {
        drainLoop();
        for (Optional<FakeTimer.Wakeup> w = timer.due(t); w.isPresent(); w = timer.due(t)) {
            now.set(Math.max(now.get(), w.get().at()));
            w.get().task().run();
            drainLoop();
        }
        now.set(t);
    }

    private long nextWakeup() {
        drainLoop();
        return timer.next();
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
        assertThat(nextWakeup()).as("connected: the only deadline is the heartbeat timeout").isEqualTo(60_000);
    }

    @Test
    void noBeatWhileNothingIsDue() {
        startConnected();
        advanceTo(59_999);
        assertThat(health.state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(nextWakeup()).isEqualTo(60_000);
    }

    @Test
    void instanceNotBackInTimeIsDiscardedAndReplacedAfterBackoff() {
        startConnected();
        events.disconnected(1, 1006, false);
        awaitState(ConnectionState.RECONNECTING);
        assertThat(nextWakeup()).as("the connection timeout from the close").isEqualTo(30_000);
        advanceTo(29_999);
        assertThat(health.state()).isEqualTo(ConnectionState.RECONNECTING);
        advanceTo(30_000);
        assertThat(health.state()).isEqualTo(ConnectionState.BACKOFF);
        await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(5)).until(() -> launched.get(0).discarded);
        assertThat(health.snapshot(false).connectionAttempts()).isEqualTo(1);
        assertThat(nextWakeup()).as("the backoff's end").isEqualTo(35_000);
        advanceTo(34_999);
        assertThat(health.state()).as("one ms before the backoff ends").isEqualTo(ConnectionState.BACKOFF);
        assertThat(launched).hasSize(1);
        advanceTo(35_000);
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
        advanceTo(10_000);
        events.activity(1); // a heartbeat ACK at 10 s
        advanceTo(60_000);
        assertThat(health.state()).as("the wake-up at 60 s learns of the ACK").isEqualTo(ConnectionState.CONNECTED);
        assertThat(nextWakeup()).isEqualTo(70_000);
        advanceTo(69_999);
        events.activity(2); // news from a generation that is not current: ignored
        advanceTo(70_000);
        assertThat(health.state()).isEqualTo(ConnectionState.BACKOFF);
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
        assertThat(nextWakeup()).as("fatal: nothing left to wake up for").isEqualTo(Long.MAX_VALUE);
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
        long[] backoff = {5_000, 10_000};
        for (int i = 1; i <= 2; i++) {
            t += 30_000;
            advanceTo(t);
            assertThat(health.state()).isEqualTo(ConnectionState.BACKOFF);
            assertThat(nextWakeup()).as("backoff %d", i).isEqualTo(t + backoff[i - 1]);
            t += backoff[i - 1];
            advanceTo(t);
            assertThat(health.state()).as("a fresh instance, maybe built already")
                    .isIn(ConnectionState.STARTING, ConnectionState.CONNECTING);
            int expected = i + 1;
            await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(5)).until(() -> launched.size() == expected);
        }
        advanceTo(t + 30_000);
        await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(5)).until(() -> exitCode.get() == 75);
        assertThat(health.state()).isEqualTo(ConnectionState.GAVE_UP);
        assertThat(nextWakeup()).isEqualTo(Long.MAX_VALUE);
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
        try {
            assertThat(loop.awaitTermination(5, TimeUnit.SECONDS)).as("the loop ran its last task").isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(health.state()).isEqualTo(ConnectionState.STOPPED);
        assertThat(timer.next()).as("the heartbeat wake-up is cancelled").isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void anInstanceWhoseLoginOutlastsTheTimeoutIsRetiredBeforeItFinishesAndDiscardedAfter() {
        CountDownLatch login = new CountDownLatch(1);
        slowLogin = login;
        manager.start();
        awaitState(ConnectionState.STARTING);
        advanceTo(30_000); // the connection timeout passes while instance #1 is still logging in
        assertThat(health.state()).isEqualTo(ConnectionState.BACKOFF);
        // retired while its login still runs: its session controller must not connect it
        await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(5)).until(() -> retired.contains(1));
        assertThat(launched).isEmpty();
        login.countDown();
        await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(5))
                .until(() -> launched.size() == 1 && launched.get(0).discarded);
        assertThat(launched.get(0).generation).isEqualTo(1);
        advanceTo(35_000);
        await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(5)).until(() -> launched.size() == 2);
        assertThat(retired).doesNotContain(2);
    }

    private static IdentifyGovernor.View budgetView(Long waitingUntilMillis) {
        return new IdentifyGovernor.View(0, 1000, Instant.ofEpochMilli(3_600_000), 1000,
                waitingUntilMillis == null ? null : Instant.ofEpochMilli(waitingUntilMillis),
                waitingUntilMillis == null ? "" : "budget spent", true, "memory");
    }

    private void startConnecting() {
        manager.start();
        await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(5))
                .until(() -> launched.size() == 1 && health.state() == ConnectionState.CONNECTING);
        assertThat(nextWakeup()).isEqualTo(30_000);
    }

    @Test
    void aWaitForTheIdentifyBudgetHoldsTheConnectionTimeoutUntilItEnds() {
        startConnecting();
        advanceTo(10_000);
        health.identifyBudget(budgetView(50_000L)); // the governor holds the IDENTIFY until 50 s
        assertThat(nextWakeup()).as("the timeout runs from the end of the wait").isEqualTo(80_000);
        advanceTo(79_999);
        assertThat(health.state()).isEqualTo(ConnectionState.CONNECTING);
        advanceTo(80_000);
        assertThat(health.state()).isEqualTo(ConnectionState.BACKOFF);
        assertThat(health.snapshot(false).lastFailure()).isEqualTo("not connected within 30000 ms");
    }

    @Test
    void aWaitThatEndsEarlyBetweenTwoDeadlinesStillCounts() {
        startConnecting();
        advanceTo(5_000);
        health.identifyBudget(budgetView(20_000L));
        advanceTo(12_000);
        health.identifyBudget(budgetView(null)); // the IDENTIFY went through at 12 s
        assertThat(nextWakeup()).as("the timeout runs from the wait's actual end").isEqualTo(42_000);
        advanceTo(41_999);
        assertThat(health.state()).isEqualTo(ConnectionState.CONNECTING);
        advanceTo(42_000);
        assertThat(health.state()).isEqualTo(ConnectionState.BACKOFF);
    }
}
