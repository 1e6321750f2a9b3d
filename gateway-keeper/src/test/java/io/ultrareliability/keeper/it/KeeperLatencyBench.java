package io.ultrareliability.keeper.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultrareliability.keeper.Keeper;
import io.ultrareliability.keeper.KeeperConfig;
import io.ultrareliability.sim.GatewaySim;
import io.ultrareliability.sim.SimConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Not a test (no assertions, no CI): figures for docs/perf.md.
 * <ol>
 *   <li>Added latency per dispatch: the simulator injects N messages (~500/s); one plain client reads them
 *       straight from the simulator, another through the keeper; the difference of the two arrival
 *       times per message, p50/p99.</li>
 *   <li>The at-most-once window: messages stream every 2 ms; the client through the keeper drops
 *       its TCP connection (what kill -9 does); a new client IDENTIFYs. Every message the first
 *       did not read and the second did not get was written to the dead socket: lost.</li>
 * </ol>
 * Run: {@code java -cp <test classpath> io.ultrareliability.keeper.it.KeeperLatencyBench [N]}.
 */
public final class KeeperLatencyBench {
    private KeeperLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        String token = "bench-token-0123456789";
        try (GatewaySim sim = GatewaySim.start(SimConfig.defaults().withTokens(List.of(token))
                .withHeartbeatInterval(Duration.ofSeconds(5)))) {
            Path home = Files.createTempDirectory("keeper-bench");
            KeeperConfig config = KeeperConfig.fromEnv(Map.of("DISCORD_TOKEN", token, "DISCORD_API_BASE_URL",
                    sim.restBaseUrl().toString(), "KEEPER_PORT", "0", "ULTRA_HOME", home.toString(),
                    "KEEPER_HEARTBEAT_INTERVAL", "5s", "DISCORD_INTENTS", Integer.toString(1 | 1 << 9 | 1 << 15)));
            try (Keeper keeper = Keeper.start(config, reason -> System.err.println("fatal: " + reason))) {
                Thread.sleep(3000);
                latency(sim, keeper, token, n);
                window(sim, keeper, token);
                window(sim, keeper, token);
                window(sim, keeper, token);
            }
        }
    }

    private static void latency(GatewaySim sim, Keeper keeper, String token, int n) throws Exception {
        Map<String, Long> direct = new ConcurrentHashMap<>();
        Map<String, Long> kept = new ConcurrentHashMap<>();
        try (RawGateway d = RawGateway.connect(sim.gatewayUrl().toString());
                RawGateway k = RawGateway.connect(keeper.gatewayUrl())) {
            d.next(Duration.ofSeconds(10));
            k.next(Duration.ofSeconds(10));
            d.identify(token);
            k.identify(token);
            d.until("GUILD_CREATE", Duration.ofSeconds(20));
            k.until("GUILD_CREATE", Duration.ofSeconds(20));
            Thread reader1 = reader(d, direct, n);
            Thread reader2 = reader(k, kept, n);
            // Paced (~500/s): the figure is the keeper's cost per dispatch, not queueing in a burst.
            for (int i = 0; i < n; i++) {
                sim.faults().injectMessage(sim.firstTextChannelId(), "m" + i);
                Thread.sleep(2);
            }
            reader1.join(60_000);
            reader2.join(60_000);
        }
        List<Long> added = new ArrayList<>();
        for (Map.Entry<String, Long> e : kept.entrySet()) {
            Long base = direct.get(e.getKey());
            if (base != null) {
                added.add(e.getValue() - base);
            }
        }
        Collections.sort(added);
        System.out.printf(Locale.ROOT, "added latency through the keeper, %d messages: p50 %.3f ms, p99 %.3f ms,"
                + " max %.3f ms%n", added.size(), pct(added, 50), pct(added, 99), added.getLast() / 1e6);
    }

    private static Thread reader(RawGateway g, Map<String, Long> arrivals, int n) {
        return Thread.ofPlatform().start(() -> {
            try {
                while (arrivals.size() < n) {
                    JsonNode f = g.next(Duration.ofSeconds(30));
                    if ("MESSAGE_CREATE".equals(f.path("t").asText())) {
                        arrivals.put(f.path("d").path("content").asText(), System.nanoTime());
                    }
                }
            } catch (InterruptedException | AssertionError e) {
                // the bench reports what arrived
            }
        });
    }

    private static double pct(List<Long> sorted, int p) {
        int i = Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, i)) / 1e6;
    }

    private static void window(GatewaySim sim, Keeper keeper, String token) throws Exception {
        Set<Integer> first = new TreeSet<>();
        Set<Integer> second = new TreeSet<>();
        int total = 1500;
        String prefix = "w" + System.nanoTime() + "-";
        RawGateway a = RawGateway.connect(keeper.gatewayUrl());
        a.next(Duration.ofSeconds(10));
        a.identify(token);
        a.until("GUILD_CREATE", Duration.ofSeconds(20));
        Thread readA = Thread.ofPlatform().start(() -> collect(a, prefix, first));
        Thread inject = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < total; i++) {
                sim.faults().injectMessage(sim.firstTextChannelId(), prefix + i);
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        Thread.sleep(1000);
        a.abort();
        readA.interrupt();
        long killedAt = System.nanoTime();
        Thread.sleep(500);
        RawGateway b = RawGateway.connect(keeper.gatewayUrl());
        b.next(Duration.ofSeconds(10));
        b.identify(token);
        inject.join();
        Thread readB = Thread.ofPlatform().start(() -> collect(b, prefix, second));
        readB.join(15_000);
        readB.interrupt();
        b.close();
        Set<Integer> lost = new TreeSet<>();
        for (int i = 0; i < total; i++) {
            if (!first.contains(i) && !second.contains(i)) {
                lost.add(i);
            }
        }
        System.out.printf(Locale.ROOT, "at-most-once window (one message every ~2 ms, TCP drop): %d of %d lost %s;"
                + " first client read %d, second %d%n", lost.size(), total, lost.size() > 10 ? "" : lost.toString(),
                first.size(), second.size());
        if (killedAt == 0) {
            throw new IllegalStateException();
        }
    }

    private static void collect(RawGateway g, String prefix, Set<Integer> seen) {
        try {
            while (true) {
                JsonNode f = g.next(Duration.ofSeconds(5));
                String c = f.path("d").path("content").asText("");
                if (c.startsWith(prefix)) {
                    synchronized (seen) {
                        seen.add(Integer.parseInt(c.substring(prefix.length())));
                    }
                }
            }
        } catch (InterruptedException | AssertionError e) {
            // done
        }
    }
}
