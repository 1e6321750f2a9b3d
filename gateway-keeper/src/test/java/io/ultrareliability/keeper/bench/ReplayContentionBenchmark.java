package io.ultrareliability.keeper.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ultrareliability.common.token.Token;
import io.ultrareliability.keeper.Jsons;
import io.ultrareliability.keeper.buffer.BufferLimits;
import io.ultrareliability.keeper.buffer.DispatchBuffer;
import io.ultrareliability.keeper.downstream.DownstreamHub;
import io.ultrareliability.keeper.downstream.HubSettings;
import io.ultrareliability.keeper.downstream.TokenCheck;
import io.ultrareliability.keeper.state.MemoryStateStore;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * Not a test: how long live fan-out waits while another bot IDENTIFYs against a big state.
 * Bot A is connected; bot B IDENTIFYs (G guilds x C channels x M members, default 1,000 x 100 x
 * 1,000); meanwhile a MESSAGE_CREATE is published every 20 ms and the time from publish to bot
 * A's socket is recorded. Fake sockets (they complete every write at once), one JVM, public
 * API only (so the same class measures the hub before and after a change).
 *
 * <pre>java -Xmx4g -cp ... io.ultrareliability.keeper.bench.ReplayContentionBenchmark [guilds channels members]</pre>
 */
public final class ReplayContentionBenchmark {
    private static final String TOKEN = "bench-token";

    private ReplayContentionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int guilds = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int channels = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int members = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        MemoryStateStore state = new MemoryStateStore();
        DownstreamHub hub = new DownstreamHub(state, new DispatchBuffer(BufferLimits.defaults()),
                InstantSource.system(), new HubSettings(Duration.ofSeconds(60), Duration.ofMinutes(5), 1000,
                        () -> "ws://127.0.0.1:1/gateway"), frame -> { });
        ObjectNode ready = Jsons.object().put("session_id", "bench");
        ready.putObject("user").put("id", "1").put("username", "bot");
        ArrayNode list = ready.putArray("guilds");
        for (int g = 0; g < guilds; g++) {
            list.addObject().put("id", Long.toString(300_000_000_000_000_000L + g)).put("unavailable", true);
        }
        hub.upstreamReady(ready);
        for (int g = 0; g < guilds; g++) {
            ObjectNode d = StateMemoryBenchmark.guildCreate(g, channels, members);
            hub.publish("GUILD_CREATE", d, Jsons.text(d));
        }
        TokenCheck tokens = new TokenCheck(new Token(TOKEN, "bench"));
        ConcurrentHashMap<String, Long> arrivedAtA = new ConcurrentHashMap<>();
        Session.Listener a = hub.newConnection(tokens);
        a.onWebSocketOpen(socket(text -> {
            if (text.contains("\"MESSAGE_CREATE\"")) {
                arrivedAtA.put(Jsons.read(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)).path("d").path("id").asText(),
                        System.nanoTime());
            }
        }));
        a.onWebSocketText(identify());
        AtomicLong bChars = new AtomicLong();
        AtomicLong bLastGuild = new AtomicLong();
        AtomicLong bReady = new AtomicLong();
        Session.Listener b = hub.newConnection(tokens);
        b.onWebSocketOpen(socket(text -> {
            bChars.addAndGet(text.length());
            if (text.startsWith("{\"op\":0,\"t\":\"READY\"")) {
                bReady.set(System.nanoTime());
            }
            if (text.startsWith("{\"op\":0,\"t\":\"GUILD_CREATE\"")) {
                bLastGuild.set(System.nanoTime());
            }
        }));
        long start = System.nanoTime();
        Thread identifying = Thread.ofPlatform().name("bot-b-identify").start(() -> b.onWebSocketText(identify()));
        List<Long> published = new ArrayList<>();
        List<Long> publishCallMs = new ArrayList<>();
        int id = 0;
        while (bLastGuild.get() == 0 || published.size() < 5 || identifying.isAlive()) {
            if (System.nanoTime() - start > Duration.ofMinutes(5).toNanos()) {
                throw new IllegalStateException("bot B's replay did not finish within 5 minutes");
            }
            Thread.sleep(20);
            JsonNode d = Jsons.read("{\"id\":\"" + (++id) + "\",\"channel_id\":\"1\",\"content\":\"live\"}");
            long t0 = System.nanoTime();
            published.add(t0);
            hub.publish("MESSAGE_CREATE", d, Jsons.text(d));
            publishCallMs.add((System.nanoTime() - t0) / 1_000_000);
            if (bLastGuild.get() != 0 && System.nanoTime() - bLastGuild.get() > Duration.ofSeconds(1).toNanos()) {
                break;
            }
        }
        identifying.join(Duration.ofMinutes(1).toMillis());
        long replayMs = (bLastGuild.get() - start) / 1_000_000;
        List<Long> latency = new ArrayList<>();
        for (int i = 0; i < published.size(); i++) {
            Long at = arrivedAtA.get(Integer.toString(i + 1));
            latency.add(at == null ? -1 : (at - published.get(i)) / 1_000_000);
        }
        List<Long> sorted = new ArrayList<>(latency);
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "guilds=%d channels/guild=%d members/guild=%d%n", guilds, channels, members);
        System.out.printf(Locale.ROOT, "bot B replay: READY written after %d ms, the last GUILD_CREATE after %d ms, "
                + "%.1f MiB written%n", (bReady.get() - start) / 1_000_000, replayMs, bChars.get() / 1048576.0);
        System.out.printf(Locale.ROOT, "live dispatches to bot A during it: %d, publish->A ms p50 %d max %d "
                + "(first %d); longest publish call %d ms%n", latency.size(), sorted.get(sorted.size() / 2),
                sorted.getLast(), latency.getFirst(), Collections.max(publishCallMs));
    }

    private static String identify() {
        return "{\"op\":2,\"d\":{\"token\":\"" + TOKEN + "\",\"intents\":513}}";
    }

    /** A socket that hands every frame to {@code sink} and completes the write at once. */
    private static Session socket(java.util.function.Consumer<String> sink) {
        return (Session) Proxy.newProxyInstance(Session.class.getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "isOpen" -> true;
                    case "sendText" -> {
                        sink.accept((String) args[0]);
                        if (args[1] instanceof Callback cb) {
                            cb.succeed();
                        }
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }
}
