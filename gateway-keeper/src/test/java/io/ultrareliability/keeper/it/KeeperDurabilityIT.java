package io.ultrareliability.keeper.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.ultrareliability.keeper.KeeperMain;
import io.ultrareliability.sim.GatewaySim;
import io.ultrareliability.sim.SimConfig;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16's done-when rows on real processes: the simulator (embedded, heartbeat 1 s, resume
 * window {@link #SIM_WINDOW}), the keeper as its own JVM with its SQLite store, and a real JDA
 * bot ({@link CountingBot}) as its own JVM. Messages and slash commands stream all along; one
 * stack goes through every row in turn, each row checking that everything injected so far
 * reached a bot and how many IDENTIFYs the simulator counted.
 */
class KeeperDurabilityIT {
    /** Longer than a keeper's restart on a loaded 2-core machine (up to ~15 s seen), short of Discord's minutes. */
    static final Duration SIM_WINDOW = Duration.ofSeconds(40);
    static final Duration DELIVERY = Duration.ofSeconds(60);
    static final String TOKEN = "sim-token";

    @TempDir
    Path home;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Proc> procs = new ArrayList<>();
    private final Set<String> injected = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean streaming = new AtomicBoolean();
    private final AtomicInteger counter = new AtomicInteger();
    private GatewaySim sim;
    private Thread streamer;
    private int port;
    /** Outside the temporary home, so a failed run leaves its process logs to read. */
    private final Path logs = Path.of("target", "it-logs", "durability-" + System.currentTimeMillis());

    @AfterEach
    void tearDown() throws Exception {
        streaming.set(false);
        if (streamer != null) {
            streamer.interrupt();
        }
        procs.forEach(Proc::close);
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void keeperDeathsRestartsAndUpgradesLoseNothingAndCostNoIdentify() throws Exception {
        Started first = startSimKeeperAndBot();
        Proc keeper = first.keeper();
        Proc bot = first.bot();
        long identifies = sim.stats().identifies();
        long ended = sim.tokenStats(0).sessionsEnded();
        startStreaming();

        // Row 1: kill -9 of the keeper mid-stream.
        Thread.sleep(1500);
        keeper.kill9();
        keeper = keeper("k2");
        awaitDelivered("kill -9 of the keeper");
        assertEquals(identifies, sim.stats().identifies(), "IDENTIFYs after kill -9 of the keeper");

        // Row 2: kill -9 of the keeper and the bot together (messages keep coming in the gap).
        streaming.set(false);
        awaitDelivered("before killing keeper and bot");
        keeper.kill9();
        bot.kill9();
        startStreaming();
        Thread.sleep(1500);
        keeper = keeper("k3");
        bot("b2");
        awaitDelivered("kill -9 of keeper and bot together");
        assertEquals(identifies, sim.stats().identifies(), "IDENTIFYs after kill -9 of keeper and bot");

        // Row 3: the keeper killed twice within a minute.
        keeper.kill9();
        keeper = keeper("k4");
        awaitKeeperLive("after the first of two kills");
        keeper.kill9();
        keeper = keeper("k5");
        awaitDelivered("two kill -9 within a minute");
        assertEquals(identifies, sim.stats().identifies(), "IDENTIFYs after two kills within a minute");

        // Row 4: an upgrade (SIGTERM, start again) is invisible to the simulator's sessions.
        int code = keeper.sigterm(Duration.ofSeconds(20));
        assertEquals(0, code == 143 ? 0 : code, "keeper exit code on SIGTERM; log " + keeper.log());
        keeper = keeper("k6");
        awaitDelivered("upgrade (SIGTERM and start)");
        assertEquals(identifies, sim.stats().identifies(), "IDENTIFYs after an upgrade");
        assertEquals(ended, sim.tokenStats(0).sessionsEnded(), "sessions ended at the simulator by an upgrade");

        // Row 5: stopped past the simulator's resume window: exactly one IDENTIFY. What Discord
        // receives while no session exists reaches nobody, so nothing is injected in that gap.
        streaming.set(false);
        awaitDelivered("before the long stop");
        keeper.kill9();
        Thread.sleep(SIM_WINDOW.plusSeconds(3).toMillis());
        keeper("k7");
        awaitKeeperLive("after a stop past the resume window");
        startStreaming();
        Thread.sleep(1500);
        awaitDelivered("stop past the resume window");
        assertEquals(identifies + 1, sim.stats().identifies(), "IDENTIFYs after a stop past the resume window");
        streaming.set(false);

        // Row 6: a full stop that takes the bot offline: the admin route, behind the secret.
        URI stop = URI.create("http://127.0.0.1:" + port + "/admin/stop?end_session=true");
        assertEquals(401, http.send(HttpRequest.newBuilder(stop).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode(), "admin stop without the secret");
        long endedBefore = sim.tokenStats(0).sessionsEnded();
        String secret = java.nio.file.Files.readString(home.resolve("run").resolve("keeper-admin.secret")).strip();
        assertEquals(202, http.send(HttpRequest.newBuilder(stop).header("Authorization", "Bearer " + secret)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode(),
                "admin stop with the secret");
        Proc last = procs.get(procs.size() - 1);
        await("keeper exits after /admin/stop", () -> !last.alive(), Duration.ofSeconds(30), last);
        await("the simulator sees the session ended (close 1000)",
                () -> sim.tokenStats(0).sessionsEnded() > endedBefore, Duration.ofSeconds(10), last);
        keeper("k8");
        awaitKeeperLive("after a full stop");
        assertEquals(identifies + 2, sim.stats().identifies(), "a start after a full stop IDENTIFIES (session ended)");
    }

    /**
     * The restored-session case behind "SIGSTOP of the keeper": frames the keeper committed to a
     * bot session and wrote to its socket, which the bot never read (it is stopped), then the
     * keeper dies; the bot does not come back to RESUME, a new bot process IDENTIFYs with the
     * restarted keeper. It must get every one of them (handed over from the restored session).
     */
    @Test
    void aFreshIdentifyAfterAKeeperRestartGetsWhatTheOldSessionNeverRead() throws Exception {
        Started first = startSimKeeperAndBot();
        Proc keeper = first.keeper();
        Proc bot = first.bot();
        long identifies = sim.stats().identifies();
        startStreaming();
        Thread.sleep(1500);
        new ProcessBuilder("kill", "-STOP", Long.toString(bot.pid())).inheritIO().start().waitFor();
        // Less than the keeper's silent-bot timeout (2 intervals + 1 s = 3 s): the session is
        // still live, so ~10 messages are written to the stopped bot's socket and never read.
        Thread.sleep(1200);
        keeper.kill9();
        bot.kill9();
        Thread.sleep(1000);
        keeper("k2");
        awaitKeeperLive("after kill -9");
        bot("b2");
        awaitDelivered("stopped bot's session restored, a new bot IDENTIFYs");
        assertEquals(identifies, sim.stats().identifies(), "IDENTIFYs at the simulator");
    }

    private record Started(Proc keeper, Proc bot) {
    }

    /** The simulator, keeper "k1" on a free port, and bot "b1" READY through it. */
    private Started startSimKeeperAndBot() throws Exception {
        sim = GatewaySim.start(SimConfig.defaults().withHeartbeatInterval(Duration.ofSeconds(1))
                .withResumeWindow(SIM_WINDOW));
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Proc keeper = keeper("k1");
        awaitKeeperLive("first start");
        Proc bot = bot("b1");
        await("bot READY through the keeper", () -> bot.lines().contains("READY"), Duration.ofSeconds(90), bot);
        return new Started(keeper, bot);
    }

    private Proc keeper(String name) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("DISCORD_TOKEN", TOKEN);
        env.put("DISCORD_API_BASE_URL", sim.restBaseUrl().toString());
        env.put("KEEPER_PORT", Integer.toString(port));
        env.put("ULTRA_HOME", home.toString());
        env.put("KEEPER_HEARTBEAT_INTERVAL", "1s");
        // GUILDS | GUILD_MESSAGES | MESSAGE_CONTENT: the bot tells messages apart by their content.
        env.put("DISCORD_INTENTS", Integer.toString(1 | (1 << 9) | (1 << 15)));
        Proc p = Proc.java(KeeperMain.class.getName(), env, logs.resolve(name + ".log"));
        procs.add(p);
        return p;
    }

    private Proc bot(String name) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("DISCORD_TOKEN", TOKEN);
        env.put("BOT_GATEWAY", "ws://127.0.0.1:" + port + "/gateway");
        env.put("BOT_API", sim.restBaseUrl().toString());
        Proc p = Proc.java(CountingBot.class.getName(), env, logs.resolve(name + ".log"));
        procs.add(p);
        return p;
    }

    private void startStreaming() {
        streaming.set(true);
        String channel = sim.firstTextChannelId();
        streamer = Thread.ofPlatform().daemon().name("streamer").start(() -> {
            while (streaming.get()) {
                int n = counter.incrementAndGet();
                String content = "m-" + n;
                sim.faults().injectMessage(channel, content);
                injected.add("GOT m " + content);
                if (n % 5 == 0) {
                    sim.faults().injectInteraction("i-" + n);
                    injected.add("GOT i i-" + n);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        while (streamer.isAlive() && counter.get() == 0) {
            Thread.onSpinWait();
        }
    }

    private void awaitDelivered(String row) throws InterruptedException {
        Instant deadline = Instant.now().plus(DELIVERY);
        while (true) {
            Set<String> snapshot = new HashSet<>(injected);
            Set<String> got = new HashSet<>();
            for (Proc p : procs) {
                for (String line : p.lines()) {
                    if (line.startsWith("GOT ")) {
                        got.add(line);
                    }
                }
            }
            snapshot.removeAll(got);
            if (snapshot.isEmpty()) {
                assertNoDuplicates(row);
                report(row);
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                fail(row + ": " + snapshot.size() + " of " + injected.size() + " injected events never reached a bot"
                        + " within " + DELIVERY + ", e.g. " + snapshot.stream().sorted().limit(5).toList() + "; logs in "
                        + logs.toAbsolutePath());
            }
            Thread.sleep(200);
        }
    }

    /** Figures for docs/keeper.md (not assertions): the store's commit times and absorbed replays. */
    private void report(String row) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/metrics")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            StringBuilder b = new StringBuilder("FIGURES " + row + ": injected " + injected.size());
            for (String line : r.body().split("\n")) {
                if (line.startsWith("keeper_store_commit_p") || line.startsWith("keeper_upstream_duplicates_total")
                        || line.startsWith("keeper_store_bytes") || line.startsWith("keeper_store_commits_total")
                        || line.startsWith("keeper_replayed_total") || line.startsWith("keeper_upstream_resumes")
                        || line.startsWith("keeper_store_durable_seq")) {
                    b.append(", ").append(line);
                }
            }
            System.out.println(b);
        } catch (java.io.IOException e) {
            System.out.println("FIGURES " + row + ": metrics unavailable: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A bot process never reads the same event twice (the keeper absorbs Discord's replay). */
    private void assertNoDuplicates(String row) {
        for (Proc p : procs) {
            Set<String> seen = new HashSet<>();
            for (String line : p.lines()) {
                if (line.startsWith("GOT ") && !seen.add(line)) {
                    fail(row + ": bot " + p.log().getFileName() + " read " + line + " twice");
                }
            }
        }
    }

    private void awaitKeeperLive(String why) throws InterruptedException {
        await("keeper upstream live (" + why + ")", () -> {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/health")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 200;
            } catch (java.io.IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }, Duration.ofSeconds(60), null);
    }

    private void await(String what, BooleanSupplier condition, Duration bound, Proc proc) throws InterruptedException {
        Instant deadline = Instant.now().plus(bound);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                fail(what + ": not within " + bound + (proc == null ? "; logs in " + logs.toAbsolutePath()
                        : "; log " + proc.log()));
            }
            Thread.sleep(100);
        }
    }
}
