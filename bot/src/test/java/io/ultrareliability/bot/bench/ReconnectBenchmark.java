package io.ultrareliability.bot.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultrareliability.sim.GatewaySim;
import io.ultrareliability.sim.SimConfig;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.ConcurrentSessionController;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Not a test: how long from an injected gateway fault until the client is serving again, for
 * op 7, a TCP drop (1006) and close 4009, comparing
 * <ul>
 *   <li>the bot (real jar, own process): fault until {@code /health} is 200 again with one more
 *       resume or new session counted, polled every 2 ms;</li>
 *   <li>a plain JDA 6.5 client left to its defaults (JDA's ConcurrentSessionController, zlib),
 *       pointed at the simulator (REST base URL and a getGateway() override, nothing else):
 *       fault until its status is CONNECTED again after a resume or new session.</li>
 * </ul>
 * Each side gets its own simulator (heartbeat 41.25 s, as Discord). Run with
 * {@code bot/bench/reconnect-benchmark.sh [rounds]}.
 */
public final class ReconnectBenchmark {
    private static final String TOKEN = "bench-token";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SIM = " @sim";

    private ReconnectBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Map<String, Consumer<GatewaySim>> faults = new LinkedHashMap<>();
        faults.put("op 7 RECONNECT", s -> s.faults().reconnect());
        faults.put("TCP drop (1006)", s -> s.faults().drop());
        faults.put("close 4009", s -> s.faults().close(4009));

        Map<String, List<Long>> bot = runBot(faults, rounds);
        Map<String, List<Long>> plain = runPlainJda(faults, rounds);

        System.out.println();
        System.out.println("| fault | bot: first RESUME/IDENTIFY at sim | bot: /health 200 | plain JDA: first RESUME/IDENTIFY at sim "
                + "| plain JDA: CONNECTED |");
        System.out.println("| --- | --- | --- | --- | --- |");
        for (String f : faults.keySet()) {
            System.out.println("| " + f + " | " + summary(bot.get(f + SIM)) + " | " + summary(bot.get(f)) + " | "
                    + summary(plain.get(f + SIM)) + " | " + summary(plain.get(f)) + " |");
        }
        System.out.println("(median (min-max) ms over " + rounds + " rounds)");
    }

    private static String summary(List<Long> ms) {
        List<Long> sorted = new ArrayList<>(ms);
        sorted.sort(Long::compare);
        long median = sorted.get(sorted.size() / 2);
        return String.format(Locale.ROOT, "%d (%d-%d)", median, sorted.get(0), sorted.get(sorted.size() - 1));
    }

    private static GatewaySim sim() {
        return GatewaySim.start(SimConfig.defaults().withTokens(List.of(TOKEN)));
    }

    // ---- the bot, as a process -------------------------------------------------------------

    private static Map<String, List<Long>> runBot(Map<String, Consumer<GatewaySim>> faults, int rounds)
            throws Exception {
        Map<String, List<Long>> results = new LinkedHashMap<>();
        Path log = Files.createTempFile("bench-bot", ".log");
        try (GatewaySim sim = sim()) {
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", Path.of("target", "bot.jar").toAbsolutePath().toString());
            pb.environment().keySet().removeIf(k -> k.startsWith("DISCORD_") || k.startsWith("BOT_"));
            pb.environment().put("DISCORD_TOKEN", TOKEN);
            pb.environment().put("DISCORD_API_BASE_URL", sim.restBaseUrl().toString());
            pb.environment().put("BOT_HEALTH_PORT", "0");
            pb.redirectErrorStream(true).redirectOutput(log.toFile());
            Process p = pb.start();
            try {
                int port = healthPort(log);
                String base = "http://127.0.0.1:" + port;
                waitFor(() -> status(base + "/health") == 200 ? 1 : 0, 1, 30_000);
                faultRounds(new Client("bot       ", "/health 200", () -> status(base + "/health") == 200,
                        () -> sessions(base)), sim, faults, rounds, results);
                pollingCost(p, base);
            } finally {
                p.destroy();
                p.waitFor();
            }
        } finally {
            Files.deleteIfExists(log);
        }
        return results;
    }

    /** What polling /health 50 times a second costs the bot: answer latency and CPU, vs idle. */
    private static void pollingCost(Process bot, String base) throws Exception {
        Duration window = Duration.ofSeconds(20);
        Duration idleCpu = cpu(bot);
        Thread.sleep(window.toMillis());
        idleCpu = cpu(bot).minus(idleCpu);
        Duration busyCpu = cpu(bot);
        List<Long> micros = new ArrayList<>();
        long next = System.nanoTime();
        long end = next + window.toNanos();
        while (next < end) {
            long t0 = System.nanoTime();
            if (status(base + "/health") != 200) {
                throw new IllegalStateException("/health not 200 while polling");
            }
            micros.add((System.nanoTime() - t0) / 1_000);
            next += 20_000_000L; // 50 per second
            long sleep = (next - System.nanoTime()) / 1_000_000;
            if (sleep > 0) {
                Thread.sleep(sleep);
            }
        }
        busyCpu = cpu(bot).minus(busyCpu);
        micros.sort(Long::compare);
        System.out.printf(Locale.ROOT, "%nGET /health at 50/s for %d s: %d answers, latency p50 %d us, p99 %d us, "
                        + "max %d us; bot CPU %d ms (idle %d s before: %d ms)%n", window.toSeconds(), micros.size(),
                micros.get(micros.size() / 2), micros.get(micros.size() * 99 / 100), micros.get(micros.size() - 1),
                busyCpu.toMillis(), window.toSeconds(), idleCpu.toMillis());
    }

    private static Duration cpu(Process p) {
        return p.info().totalCpuDuration().orElseThrow(() -> new IllegalStateException("no CPU time for the bot"));
    }

    private static long sessions(String base) {
        try {
            JsonNode s = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/discord-status")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            return s.path("resumes").asLong() + s.path("new_sessions").asLong();
        } catch (Exception e) {
            return -1;
        }
    }

    private static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static int healthPort(Path log) throws Exception {
        Pattern p = Pattern.compile("health: http://127\\.0\\.0\\.1:(\\d+)");
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            Matcher m = p.matcher(Files.readString(log));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("bot printed no health port");
    }

    // ---- plain JDA, in this process --------------------------------------------------------

    private static Map<String, List<Long>> runPlainJda(Map<String, Consumer<GatewaySim>> faults, int rounds)
            throws Exception {
        Map<String, List<Long>> results = new LinkedHashMap<>();
        try (GatewaySim sim = sim()) {
            String gateway = sim.gatewayUrl().toString();
            long[] sessions = {0};
            JDA jda = JDABuilder.createLight(TOKEN, EnumSet.of(GatewayIntent.GUILD_MESSAGES))
                    .setRestConfig(new RestConfig().setBaseUrl(sim.restBaseUrl().toString()))
                    .setSessionController(new ConcurrentSessionController() {
                        @Override
                        public String getGateway() {
                            return gateway; // the one change needed to reach the simulator at all
                        }
                    })
                    .addEventListeners((net.dv8tion.jda.api.hooks.EventListener) event -> {
                        if (event instanceof net.dv8tion.jda.api.events.session.SessionResumeEvent
                                || event instanceof net.dv8tion.jda.api.events.session.SessionRecreateEvent) {
                            synchronized (sessions) {
                                sessions[0]++;
                            }
                        }
                    })
                    .build();
            try {
                jda.awaitReady();
                LongSupplier count = () -> {
                    synchronized (sessions) {
                        return sessions[0];
                    }
                };
                faultRounds(new Client("plain JDA ", "CONNECTED", () -> jda.getStatus() == JDA.Status.CONNECTED,
                        count), sim, faults, rounds, results);
            } finally {
                jda.shutdownNow();
            }
        }
        return results;
    }

    /** Session counters as the simulator sees them (same method for both clients). */
    private static long simSessions(GatewaySim sim) {
        var st = sim.stats();
        return st.resumes() + st.identifies();
    }

    /**
     * A client under measurement: {@code up} says it serves, {@code sessions} counts the sessions
     * it started or resumed; {@code label} and {@code upName} head its printed line.
     */
    private record Client(String label, String upName, BooleanSupplier up, LongSupplier sessions) {
    }

    /** Every fault {@code rounds} times on a serving client: times at the simulator (key + SIM) and at the client. */
    private static void faultRounds(Client client, GatewaySim sim, Map<String, Consumer<GatewaySim>> faults,
                                    int rounds, Map<String, List<Long>> results) throws InterruptedException {
        for (var e : faults.entrySet()) {
            List<Long> times = new ArrayList<>();
            List<Long> simTimes = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                long before = client.sessions().getAsLong();
                long[] t = measure(sim, e.getValue(),
                        () -> client.up().getAsBoolean() && client.sessions().getAsLong() > before ? 1 : 0);
                simTimes.add(t[0]);
                times.add(t[1]);
                Thread.sleep(1_000);
            }
            System.out.println(client.label() + e.getKey() + ": at sim " + simTimes + ", " + client.upName() + " "
                    + times);
            results.put(e.getKey() + SIM, simTimes);
            results.put(e.getKey(), times);
        }
    }

    /**
     * Injects the fault and returns {ms until the simulator saw a new RESUME/IDENTIFY,
     * ms until the client itself says it is serving again}.
     */
    private static long[] measure(GatewaySim sim, Consumer<GatewaySim> fault, LongSupplier serving)
            throws InterruptedException {
        long simBefore = simSessions(sim);
        long t0 = System.nanoTime();
        fault.accept(sim);
        long atSim = -1;
        long atClient = -1;
        long deadline = t0 + 60_000_000_000L;
        while (atSim < 0 || atClient < 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not recovered within 60 s");
            }
            if (atSim < 0 && simSessions(sim) > simBefore) {
                atSim = (System.nanoTime() - t0) / 1_000_000;
            }
            // ask the client only once the simulator has seen it back (it cannot be serving
            // before that), so the polling does not load the process while it reconnects
            if (atSim >= 0 && atClient < 0 && serving.getAsLong() != 0) {
                atClient = (System.nanoTime() - t0) / 1_000_000;
            }
            Thread.sleep(1);
        }
        return new long[] {atSim, atClient};
    }

    private static void waitFor(LongSupplier condition, long pollMs, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMillis(timeoutMs).toNanos();
        while (condition.getAsLong() == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not recovered within " + timeoutMs + " ms");
            }
            Thread.sleep(pollMs);
        }
    }
}
