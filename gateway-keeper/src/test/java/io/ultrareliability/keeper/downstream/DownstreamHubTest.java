package io.ultrareliability.keeper.downstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ultrareliability.common.token.Token;
import io.ultrareliability.keeper.Jsons;
import io.ultrareliability.keeper.buffer.BufferLimits;
import io.ultrareliability.keeper.buffer.DispatchBuffer;
import io.ultrareliability.keeper.state.MemoryStateStore;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hub with fake sockets (a proxy of Jetty's Session that records what is sent): ordering of
 * READY, guilds, buffer and live frames; per-session numbering; RESUME; member-chunk routing.
 */
class DownstreamHubTest {
    private static final String TOKEN = "hub-test-token";
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<String> upstream = new ArrayList<>();
    private final MemoryStateStore state = new MemoryStateStore();
    private DownstreamHub hub;

    /** A connection whose socket records every frame the keeper sends. */
    private record Bot(DownstreamConnection connection, List<String> sent, AtomicBoolean open) {
        List<JsonNode> frames() {
            List<JsonNode> out = new ArrayList<>();
            for (String s : List.copyOf(sent)) {
                try {
                    out.add(Jsons.read(s));
                } catch (Exception e) {
                    throw new AssertionError(s, e);
                }
            }
            return out;
        }

        List<String> types() {
            return frames().stream().filter(f -> f.path("op").asInt() == 0).map(f -> f.path("t").asText()).toList();
        }

        List<Long> seqs() {
            return frames().stream().filter(f -> f.path("op").asInt() == 0).map(f -> f.path("s").asLong()).toList();
        }

        void text(String frame) {
            connection.onWebSocketText(frame);
        }

        void kill() {
            open.set(false);
            connection.onWebSocketClose(1006, "gone", org.eclipse.jetty.websocket.api.Callback.NOOP);
        }
    }

    private Bot connect() {
        return connect(hub, null);
    }

    /**
     * A bot on {@code on}. With a {@code gate}, the socket completes no write until the gate is
     * opened (a bot that reads slowly); without one, every write completes at once.
     */
    private Bot connect(DownstreamHub on, Gate gate) {
        List<String> sent = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean open = new AtomicBoolean(true);
        Session session = (Session) Proxy.newProxyInstance(Session.class.getClassLoader(),
                new Class<?>[] {Session.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "isOpen" -> open.get();
                    case "sendText" -> {
                        sent.add((String) args[0]);
                        Callback written = (Callback) args[1];
                        if (gate == null) {
                            written.succeed();
                        } else {
                            gate.written(written);
                        }
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
        DownstreamConnection c = (DownstreamConnection) on.newConnection(new TokenCheck(new Token(TOKEN, "test")));
        c.onWebSocketOpen(session);
        return new Bot(c, sent, open);
    }

    /** Holds a socket's write completions until {@link #open()}. */
    private static final class Gate {
        private final List<Callback> held = new ArrayList<>();
        private boolean open;

        synchronized void written(Callback c) {
            if (open) {
                c.succeed();
            } else {
                held.add(c);
            }
        }

        void open() {
            List<Callback> release;
            synchronized (this) {
                open = true;
                release = List.copyOf(held);
                held.clear();
            }
            release.forEach(Callback::succeed);
        }
    }

    private static void awaitTrue(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 20 s: " + what);
            }
            Thread.sleep(5);
        }
    }

    private static JsonNode json(String text) {
        try {
            return Jsons.read(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private void publish(String type, String data) {
        JsonNode d = json(data);
        hub.publish(type, d, Jsons.text(d));
    }

    @BeforeEach
    void setUp() {
        InstantSource clock = now::get;
        hub = new DownstreamHub(state, new DispatchBuffer(BufferLimits.defaults()), clock,
                new HubSettings(Duration.ofSeconds(5), Duration.ofMinutes(5), 100, () -> "ws://127.0.0.1:1/gateway"),
                upstream::add);
        hub.upstreamReady((ObjectNode) json("{'session_id':'upstream','user':{'id':'9','username':'b'},"
                + "'guilds':[{'id':'1'}],'resume_gateway_url':'wss://discord'}"));
        publish("GUILD_CREATE", "{'id':'1','name':'g','afk_timeout':300,'channels':[{'id':'10','type':0}]}");
    }

    @Test
    void helloThenIdentifyGivesReadyGuildsBufferedThenLiveInOrder() {
        publish("MESSAGE_CREATE", "{'id':'100','channel_id':'10','content':'while nobody was there'}");
        assertThat(hub.stats().buffered()).as("the upstream GUILD_CREATE and the message").isEqualTo(2);
        Bot bot = connect();
        assertThat(bot.frames().getFirst().path("op").asInt()).isEqualTo(10);
        bot.text(("{'op':2,'d':{'token':'" + TOKEN + "','intents':513}}").replace('\'', '"'));
        publish("MESSAGE_CREATE", "{'id':'101','channel_id':'10','content':'live'}");
        assertThat(bot.types()).containsExactly("READY", "GUILD_CREATE", "MESSAGE_CREATE", "MESSAGE_CREATE");
        assertThat(bot.seqs()).containsExactly(1L, 2L, 3L, 4L);
        JsonNode ready = bot.frames().get(1).path("d");
        assertThat(ready.path("session_id").asText()).isNotEqualTo("upstream");
        assertThat(ready.path("resume_gateway_url").asText()).isEqualTo("ws://127.0.0.1:1/gateway");
        assertThat(hub.stats().buffered()).isZero();
        assertThat(upstream).as("nothing went upstream").isEmpty();
    }

    /**
     * Bot B IDENTIFYs and reads slowly (its socket completes no write: its burst stalls after
     * READY, outside the lock). Meanwhile a state change and a message arrive, and bot A
     * IDENTIFYs and gets its own burst and the message: nothing waits for B. Then B reads on
     * and gets READY, its guilds as they were when it IDENTIFYed, the buffer, then what
     * arrived meanwhile, numbered 1..n without a gap or a repeat.
     */
    @Test
    void aLiveDispatchReachesOtherBotsWhileAnIdentifyBurstIsBeingWritten() throws Exception {
        ExecutorService burstThreads = Executors.newCachedThreadPool();
        ExecutorService publisher = Executors.newSingleThreadExecutor();
        try {
            MemoryStateStore ownState = new MemoryStateStore();
            DownstreamHub threaded = new DownstreamHub(ownState, new DispatchBuffer(BufferLimits.defaults()), now::get,
                    new HubSettings(Duration.ofSeconds(5), Duration.ofMinutes(5), 100, () -> "ws://127.0.0.1:1/gateway"),
                    upstream::add, HubJournal.NONE, burstThreads);
            threaded.upstreamReady((ObjectNode) json("{'session_id':'upstream','user':{'id':'9','username':'b'},"
                    + "'guilds':[{'id':'1'},{'id':'2'},{'id':'3'}],'resume_gateway_url':'wss://discord'}"));
            for (String id : List.of("1", "2", "3")) {
                JsonNode g = json("{'id':'" + id + "','name':'g" + id + "','channels':[{'id':'" + id + "0','type':0}]}");
                threaded.publish("GUILD_CREATE", g, Jsons.text(g));
            }
            JsonNode buffered = json("{'id':'100','channel_id':'10','content':'buffered'}");
            threaded.publish("MESSAGE_CREATE", buffered, Jsons.text(buffered));

            Gate slowReader = new Gate();
            Bot b = connect(threaded, slowReader);
            b.text("{\"op\":2,\"d\":{\"token\":\"" + TOKEN + "\"}}");
            awaitTrue("bot B's READY handed to its socket", () -> b.types().contains("READY"));

            JsonNode channel = json("{'id':'11','guild_id':'1','type':0,'name':'during'}");
            JsonNode live = json("{'id':'101','channel_id':'10','content':'live'}");
            Bot a = connect(threaded, null);
            CompletableFuture<Void> meanwhile = CompletableFuture.runAsync(() -> {
                threaded.publish("CHANNEL_CREATE", channel, Jsons.text(channel));
                a.text("{\"op\":2,\"d\":{\"token\":\"" + TOKEN + "\"}}");
            }, publisher);
            meanwhile.get(20, TimeUnit.SECONDS);
            awaitTrue("bot A's guilds written while B's burst is stalled", () -> a.types().size() == 4);
            CompletableFuture.runAsync(() -> threaded.publish("MESSAGE_CREATE", live, Jsons.text(live)), publisher)
                    .get(20, TimeUnit.SECONDS);
            awaitTrue("the live message reached bot A", () -> a.types().size() == 5);
            assertThat(a.types()).containsExactly("READY", "GUILD_CREATE", "GUILD_CREATE", "GUILD_CREATE",
                    "MESSAGE_CREATE");
            assertThat(a.frames().get(2).path("d").path("channels")).as("A froze its guilds after the change")
                    .hasSize(2);
            assertThat(b.types()).as("B is still on its READY").containsExactly("READY");

            slowReader.open();
            awaitTrue("bot B got its whole burst and what came meanwhile", () -> b.types().size() == 7);
            assertThat(b.types()).containsExactly("READY", "GUILD_CREATE", "GUILD_CREATE", "GUILD_CREATE",
                    "MESSAGE_CREATE", "CHANNEL_CREATE", "MESSAGE_CREATE");
            assertThat(b.seqs()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
            assertThat(b.frames().get(2).path("d").path("channels")).as("B's guild 1 as it was at its IDENTIFY")
                    .hasSize(1);
            List<String> contents = b.frames().stream().filter(f -> "MESSAGE_CREATE".equals(f.path("t").asText()))
                    .map(f -> f.path("d").path("content").asText()).toList();
            assertThat(contents).containsExactly("buffered", "live");

            JsonNode after = json("{'id':'102','channel_id':'10','content':'after'}");
            threaded.publish("MESSAGE_CREATE", after, Jsons.text(after));
            assertThat(b.seqs()).as("straight to the socket once the burst is out").endsWith(7L, 8L);
            assertThat(a.seqs()).endsWith(5L, 6L);
        } finally {
            publisher.shutdownNow();
            burstThreads.shutdownNow();
        }
    }

    /**
     * A bot that stops reading (SIGSTOP) is closed 4009 by the keeper after 2 intervals + 1 s.
     * What it was sent after its last heartbeat's sequence goes back to the buffer: the process
     * that replaces it gets every message, and the interaction the keeper deferred meanwhile
     * marked. If the stopped bot comes back instead (SIGCONT) and RESUMEs, it gets them from its
     * replay ring once, not a second time from the buffer.
     */
    @Test
    void whatASilentBotNeverConfirmedReachesTheNextBotOrItsOwnResumeOnce() {
        for (boolean replaced : List.of(true, false)) {
            setUp();
            Bot stopped = connect();
            stopped.text("{\"op\":2,\"d\":{\"token\":\"" + TOKEN + "\"}}");
            String session = stopped.frames().get(1).path("d").path("session_id").asText();
            stopped.text("{\"op\":1,\"d\":2}");
            publish("MESSAGE_CREATE", "{'id':'1','content':'m1'}");
            publish("INTERACTION_CREATE", INTERACTION);
            publish("MESSAGE_CREATE", "{'id':'2','content':'m2'}");
            now.set(now.get().plusSeconds(2));
            assertThat(deferIds()).as("unread for 2 s: deferred").containsExactly(500L);
            now.set(now.get().plusSeconds(9).plusMillis(1));
            hub.tick();
            assertThat(stopped.connection().isOpen()).as("closed 4009 as silent").isFalse();
            assertThat(hub.stats().buffered()).as("re-buffered at once, not when its socket is gone").isEqualTo(3);
            publish("MESSAGE_CREATE", "{'id':'3','content':'m3'}");
            stopped.kill();
            assertThat(hub.stats().buffered()).as("m1, the interaction, m2 back in the buffer, then m3").isEqualTo(4);
            Bot next = connect();
            if (replaced) {
                next.text("{\"op\":2,\"d\":{\"token\":\"" + TOKEN + "\"}}");
                assertThat(next.types()).containsExactly("READY", "GUILD_CREATE", "MESSAGE_CREATE",
                        "INTERACTION_CREATE", "MESSAGE_CREATE", "MESSAGE_CREATE");
                assertThat(next.frames().get(4).path("d").path("ur_deferred").asBoolean()).isTrue();
                assertThat(next.frames().getLast().path("d").path("content").asText()).isEqualTo("m3");
            } else {
                next.text("{\"op\":6,\"d\":{\"token\":\"" + TOKEN + "\",\"session_id\":\"" + session
                        + "\",\"seq\":2}}");
                assertThat(next.types()).as("its replay ring, then the buffer without its own copies")
                        .containsExactly("MESSAGE_CREATE", "INTERACTION_CREATE", "MESSAGE_CREATE", "MESSAGE_CREATE",
                                "RESUMED");
                assertThat(next.seqs()).containsExactly(3L, 4L, 5L, 6L, 7L);
            }
            assertThat(hub.stats().buffered()).isZero();
        }
    }

    @Test
    void aKeeperStoppingPutsNothingBackInTheBuffer() {
        Bot bot = connect();
        bot.text("{\"op\":2,\"d\":{\"token\":\"" + TOKEN + "\"}}");
        publish("MESSAGE_CREATE", "{'id':'1'}");
        hub.closeAll(1001, "keeper stopping");
        bot.kill();
        assertThat(hub.stats().buffered()).as("its bot RESUMEs with the next keeper process").isZero();
    }

    @Test
    void aDeadBotsSessionResumesWithWhatItMissed() {
        Bot first = connect();
        first.text("{\"op\":2,\"d\":{\"token\":\"" + TOKEN + "\"}}");
        String session = first.frames().get(1).path("d").path("session_id").asText();
        publish("MESSAGE_CREATE", "{'id':'1'}");
        first.kill();
        publish("MESSAGE_CREATE", "{'id':'2'}");
        Bot second = connect();
        second.text("{\"op\":6,\"d\":{\"token\":\"" + TOKEN + "\",\"session_id\":\"" + session + "\",\"seq\":2}}");
        assertThat(second.types()).containsExactly("MESSAGE_CREATE", "MESSAGE_CREATE", "RESUMED");
        assertThat(second.seqs()).containsExactly(3L, 4L, 5L);
        assertThat(second.frames().get(1).path("d").path("id").asText()).isEqualTo("1");
        assertThat(second.frames().get(2).path("d").path("id").asText()).isEqualTo("2");
    }

    @Test
    void aNewBotSkipsBufferedStateChangesItsGuildCreatesAlreadyShow() {
        publish("CHANNEL_CREATE", "{'id':'12','guild_id':'1','type':0,'name':'later'}");
        publish("MESSAGE_CREATE", "{'id':'3','channel_id':'12'}");
        Bot bot = connect();
        bot.text("{\"op\":2,\"d\":{\"token\":\"" + TOKEN + "\"}}");
        assertThat(bot.types()).containsExactly("READY", "GUILD_CREATE", "MESSAGE_CREATE");
        assertThat(bot.frames().get(2).path("d").path("channels")).hasSize(2);
    }

    @Test
    void twoBotsEachGetEveryDispatchWithTheirOwnNumbers() {
        Bot a = connect();
        a.text("{\"op\":2,\"d\":{\"token\":\"" + TOKEN + "\"}}");
        publish("MESSAGE_CREATE", "{'id':'1'}");
        Bot b = connect();
        b.text("{\"op\":2,\"d\":{\"token\":\"" + TOKEN + "\"}}");
        publish("MESSAGE_CREATE", "{'id':'2'}");
        assertThat(a.seqs()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(b.seqs()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void memberChunksGoToTheBotThatAsked() {
        Bot a = connect();
        a.text("{\"op\":2,\"d\":{\"token\":\"" + TOKEN + "\"}}");
        Bot b = connect();
        b.text("{\"op\":2,\"d\":{\"token\":\"" + TOKEN + "\"}}");
        b.text("{\"op\":8,\"d\":{\"guild_id\":\"1\",\"limit\":0,\"query\":\"\",\"nonce\":\"n-b\"}}");
        assertThat(upstream).hasSize(1).first().asString().contains("n-b");
        publish("GUILD_MEMBERS_CHUNK", "{'guild_id':'1','members':[],'nonce':'n-b','chunk_index':0,'chunk_count':1}");
        assertThat(b.types()).endsWith("GUILD_MEMBERS_CHUNK");
        assertThat(a.types()).doesNotContain("GUILD_MEMBERS_CHUNK");
    }

    @Test
    void stateChangesReachTheSnapshotAndUnknownTypesPassThrough() {
        publish("CHANNEL_CREATE", "{'id':'11','guild_id':'1','type':0,'name':'new'}");
        Bot bot = connect();
        bot.text("{\"op\":2,\"d\":{\"token\":\"" + TOKEN + "\"}}");
        assertThat(bot.frames().get(2).path("d").path("channels")).hasSize(2);
        publish("BRAND_NEW_TYPE", "{'x':1}");
        assertThat(bot.types()).endsWith("BRAND_NEW_TYPE");
        assertThat(hub.stats().unknownTypes()).isEqualTo(1);
    }

    @Test
    void silentBotsAreClosedAndDetachedSessionsExpire() {
        Bot bot = connect();
        bot.text("{\"op\":2,\"d\":{\"token\":\"" + TOKEN + "\"}}");
        now.set(now.get().plusSeconds(11));
        hub.tick();
        assertThat(bot.connection().isOpen()).as("exactly 2 intervals + 1 s: still open").isTrue();
        now.set(now.get().plusMillis(1));
        hub.tick();
        assertThat(bot.connection().isOpen()).as("closed 4009 after 2 intervals + 1 s").isFalse();
        bot.kill();
        assertThat(hub.stats().sessions()).isEqualTo(1);
        now.set(now.get().plus(Duration.ofMinutes(5)));
        hub.tick();
        assertThat(hub.stats().sessions()).isZero();
    }

    // ---- SIGSTOP of the keeper: a restored session whose bot never RESUMEs ------------------------

    /** A keeper restarted with one bot session: floor 2 (READY, a guild), frames 3..7, its bot's last heartbeat said 4. */
    private String restoreSession() {
        List<HubJournal.SentFrame> frames = List.of(
                new HubJournal.SentFrame(3, DownstreamSession.frame("MESSAGE_CREATE", 3, "{\"id\":\"m3\"}")),
                new HubJournal.SentFrame(4, DownstreamSession.frame("MESSAGE_CREATE", 4, "{\"id\":\"m4\"}")),
                new HubJournal.SentFrame(5, DownstreamSession.frame("MESSAGE_CREATE", 5, "{\"id\":\"m5\"}")),
                new HubJournal.SentFrame(6, DownstreamSession.frame("CHANNEL_UPDATE", 6, "{\"id\":\"10\",\"guild_id\":\"1\"}")),
                new HubJournal.SentFrame(7, DownstreamSession.frame("MESSAGE_CREATE", 7, "{\"id\":\"m7\"}")));
        hub.restore(List.of(new HubJournal.SessionImage("old", 2, frames, 4)), List.of());
        return "old";
    }

    private static List<String> messageIds(Bot bot) {
        return bot.frames().stream().filter(f -> "MESSAGE_CREATE".equals(f.path("t").asText()))
                .map(f -> f.path("d").path("id").asText()).toList();
    }

    /**
     * The keeper was frozen and replaced; the bot's JDA gave up and a fresh one IDENTIFYs: it
     * gets what the old session's bot never confirmed (after seq 4, in order, the state change
     * skipped: its guilds show it), then what was buffered since the restart, then live.
     */
    @Test
    void aFreshIdentifyAfterAKeeperRestartGetsWhatTheRestoredSessionNeverConfirmed() {
        restoreSession();
        publish("MESSAGE_CREATE", "{'id':'m8'}");
        Bot fresh = connect();
        fresh.text("{\"op\":2,\"d\":{\"token\":\"" + TOKEN + "\"}}");
        publish("MESSAGE_CREATE", "{'id':'m9'}");
        assertThat(fresh.types()).containsExactly("READY", "GUILD_CREATE", "MESSAGE_CREATE", "MESSAGE_CREATE",
                "MESSAGE_CREATE", "MESSAGE_CREATE");
        assertThat(messageIds(fresh)).containsExactly("m5", "m7", "m8", "m9");
        assertThat(hub.stats().buffered()).isZero();

        // Handed over once: the next IDENTIFY does not get them again.
        fresh.kill();
        Bot another = connect();
        another.text("{\"op\":2,\"d\":{\"token\":\"" + TOKEN + "\"}}");
        assertThat(messageIds(another)).isEmpty();
    }

    /** The old session's bot RESUMEs after all: its replay ring gives 5..7 once; nothing is handed over. */
    @Test
    void aResumeOfTheRestoredSessionGetsItsFramesOnceAndNothingIsHandedOver() {
        String id = restoreSession();
        publish("MESSAGE_CREATE", "{'id':'m8'}");
        Bot same = connect();
        same.text("{\"op\":6,\"d\":{\"token\":\"" + TOKEN + "\",\"session_id\":\"" + id + "\",\"seq\":4}}");
        assertThat(messageIds(same)).containsExactly("m5", "m7", "m8");
        assertThat(same.types()).endsWith("RESUMED");
        Bot second = connect();
        second.text("{\"op\":2,\"d\":{\"token\":\"" + TOKEN + "\"}}");
        publish("MESSAGE_CREATE", "{'id':'m9'}");
        assertThat(messageIds(second)).as("a second bot: live only, no copies").containsExactly("m9");
        assertThat(messageIds(same)).containsExactly("m5", "m7", "m8", "m9");
    }

    /** Nobody comes back within the resume window: the unconfirmed frames go to the buffer, ahead of what arrived meanwhile. */
    @Test
    void whenTheRestoredSessionsWindowPassesItsUnconfirmedFramesAreBuffered() {
        restoreSession();
        publish("MESSAGE_CREATE", "{'id':'m8'}");
        now.set(now.get().plus(Duration.ofMinutes(5)).minusMillis(1));
        hub.tick();
        assertThat(hub.stats().sessions()).isEqualTo(1);
        assertThat(hub.stats().buffered()).as("GUILD_CREATE and m8 only").isEqualTo(2);
        now.set(now.get().plusMillis(1));
        hub.tick();
        assertThat(hub.stats().sessions()).isZero();
        Bot late = connect();
        late.text("{\"op\":2,\"d\":{\"token\":\"" + TOKEN + "\"}}");
        assertThat(messageIds(late)).containsExactly("m5", "m7", "m8");
    }

    /**
     * A bot that closes with its own 4xxx code (JDA's 4900: it gave up a frozen keeper) means to
     * RESUME; if a fresh JDA IDENTIFYs instead, it gets everything after the last heartbeat.
     */
    @Test
    void aBotThatGaveUpAndIdentifiesAfreshGetsWhatItNeverConfirmed() {
        Bot first = connect();
        first.text("{\"op\":2,\"d\":{\"token\":\"" + TOKEN + "\"}}");
        publish("MESSAGE_CREATE", "{'id':'a'}");
        first.text("{\"op\":1,\"d\":3}");
        publish("MESSAGE_CREATE", "{'id':'b'}");
        publish("MESSAGE_CREATE", "{'id':'c'}");
        first.open().set(false);
        first.connection().onWebSocketClose(4900, "ZOMBIE CONNECTION", org.eclipse.jetty.websocket.api.Callback.NOOP);
        Bot fresh = connect();
        fresh.text("{\"op\":2,\"d\":{\"token\":\"" + TOKEN + "\"}}");
        assertThat(messageIds(fresh)).containsExactly("b", "c");
    }

    /**
     * A bot that stops cleanly (1000: restart, upgrade, its supervisor gone) may have closed
     * with frames JDA never dispatched: the next bot gets what it never confirmed; an abrupt end
     * (kill -9: no close frame, 1006) keeps the at-most-once window.
     */
    @Test
    void aBotThatStopsCleanlyHandsWhatItNeverConfirmedToTheNextBotAKilledOneDoesNot() {
        Bot first = connect();
        first.text("{\"op\":2,\"d\":{\"token\":\"" + TOKEN + "\"}}");
        publish("MESSAGE_CREATE", "{'id':'a'}");
        first.text("{\"op\":1,\"d\":3}");
        publish("MESSAGE_CREATE", "{'id':'b'}");
        first.open().set(false);
        first.connection().onWebSocketClose(1000, "Shutting down", org.eclipse.jetty.websocket.api.Callback.NOOP);
        publish("MESSAGE_CREATE", "{'id':'c'}");
        Bot second = connect();
        second.text("{\"op\":2,\"d\":{\"token\":\"" + TOKEN + "\"}}");
        assertThat(messageIds(second)).containsExactly("b", "c");

        second.text("{\"op\":1,\"d\":" + second.seqs().get(second.seqs().size() - 1) + "}");
        publish("MESSAGE_CREATE", "{'id':'d'}");
        second.open().set(false);
        second.connection().onWebSocketClose(1006, "Disconnected", org.eclipse.jetty.websocket.api.Callback.NOOP);
        publish("MESSAGE_CREATE", "{'id':'e'}");
        Bot third = connect();
        third.text("{\"op\":2,\"d\":{\"token\":\"" + TOKEN + "\"}}");
        assertThat(messageIds(third)).containsExactly("e");
    }

    // ---- issue 17: interactions no bot read in time are deferred by the keeper ------------------

    private static final String INTERACTION = "{'id':'500','token':'itok','type':2,'data':{'name':'ping'}}";

    private List<Long> deferIds() {
        return hub.interactionsToDefer().stream().map(d -> d.id()).toList();
    }

    @Test
    void aLiveBotThatReadsTheInteractionInTimeIsLeftToAnswerIt() {
        Bot bot = connect();
        bot.text("{\"op\":2,\"d\":{\"token\":\"" + TOKEN + "\"}}");
        publish("INTERACTION_CREATE", INTERACTION);
        long seq = bot.seqs().getLast();
        now.set(now.get().plusMillis(1500));
        bot.text("{\"op\":1,\"d\":" + (seq - 1) + "}");
        assertThat(deferIds()).as("read up to the frame before: not yet").isEmpty();
        bot.text("{\"op\":1,\"d\":" + seq + "}");
        now.set(now.get().plusSeconds(10));
        assertThat(deferIds()).as("its heartbeat said it read it").isEmpty();
    }

    @Test
    void aLiveBotThatDoesNotConfirmWithinTwoSecondsGetsItDeferredExactlyThen() {
        Bot bot = connect();
        bot.text("{\"op\":2,\"d\":{\"token\":\"" + TOKEN + "\"}}");
        publish("INTERACTION_CREATE", INTERACTION);
        now.set(now.get().plusMillis(1999));
        assertThat(deferIds()).isEmpty();
        now.set(now.get().plusMillis(1));
        assertThat(deferIds()).containsExactly(500L);
        assertThat(deferIds()).as("deferred once").isEmpty();
    }

    @Test
    void aBufferedInteractionIsDeferredAndTheNextBotGetsItMarked() {
        publish("INTERACTION_CREATE", INTERACTION);
        now.set(now.get().plusSeconds(2));
        assertThat(deferIds()).containsExactly(500L);
        Bot bot = connect();
        bot.text("{\"op\":2,\"d\":{\"token\":\"" + TOKEN + "\"}}");
        assertThat(bot.types()).containsExactly("READY", "GUILD_CREATE", "INTERACTION_CREATE");
        JsonNode d = bot.frames().getLast().path("d");
        assertThat(d.path("ur_deferred").asBoolean()).isTrue();
        assertThat(d.path("token").asText()).isEqualTo("itok");
    }

    @Test
    void aBufferedInteractionReadByANewBotInTimeIsNotDeferredNorMarked() {
        publish("INTERACTION_CREATE", INTERACTION);
        now.set(now.get().plusSeconds(1));
        Bot bot = connect();
        bot.text("{\"op\":2,\"d\":{\"token\":\"" + TOKEN + "\"}}");
        assertThat(bot.frames().getLast().path("d").has("ur_deferred")).isFalse();
        bot.text("{\"op\":1,\"d\":" + bot.seqs().getLast() + "}");
        now.set(now.get().plusSeconds(5));
        assertThat(deferIds()).isEmpty();
    }

    @Test
    void anInteractionADeadBotNeverConfirmedGoesToTheNextBotAndAResumeGetsItOnce() {
        Bot first = connect();
        first.text("{\"op\":2,\"d\":{\"token\":\"" + TOKEN + "\"}}");
        String session = first.frames().get(1).path("d").path("session_id").asText();
        publish("INTERACTION_CREATE", INTERACTION);
        long seq = first.seqs().getLast();
        first.text("{\"op\":1,\"d\":" + (seq - 1) + "}");
        first.kill();
        assertThat(hub.stats().buffered()).as("the unread interaction is buffered again").isEqualTo(1);
        Bot resumed = connect();
        resumed.text("{\"op\":6,\"d\":{\"token\":\"" + TOKEN + "\",\"session_id\":\"" + session
                + "\",\"seq\":" + (seq - 1) + "}}");
        assertThat(resumed.types()).as("from the replay ring only").containsExactly("INTERACTION_CREATE", "RESUMED");
        resumed.kill();
        Bot fresh = connect();
        fresh.text("{\"op\":2,\"d\":{\"token\":\"" + TOKEN + "\"}}");
        assertThat(fresh.types()).as("a new process gets it from the buffer")
                .containsExactly("READY", "GUILD_CREATE", "INTERACTION_CREATE");
        now.set(now.get().plusSeconds(2));
        assertThat(deferIds()).as("nobody confirmed it: deferred at 2 s all the same").containsExactly(500L);
    }
}
