package io.ultrareliability.e2e.bench;

import io.ultrareliability.e2e.DiscordDrills;
import io.ultrareliability.e2e.DiscordRow;
import io.ultrareliability.e2e.Drills;
import io.ultrareliability.e2e.Drills.Timing;
import io.ultrareliability.e2e.Stack;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recovery benchmark behind {@code bench/recovery.sh}: per fault, time to detect and time
 * until the bot is healthy again (medians over N rounds), the physical floor (the bot's own
 * cold start to healthy), with and without a JDK 25 AOT cache, and the supervisor's idle CPU
 * and RSS. Prints a table; writes every sample as CSV.
 *
 * <p>Arguments: {@code --rounds N} (default 5), {@code --idle SECONDS} (default 60),
 * {@code --out FILE.csv}, {@code --only fault,fault} (kill9, sigstop, memory, drop, op7,
 * close4009, floor, aot, idle, discord), {@code --keeper off,on} (the modes of the discord part).
 *
 * <p>The discord part: kill -9 of the bot while messages (every 100 ms) and slash commands
 * (every 300-500 ms) stream, with the keeper off (the bot straight on the simulator) and on
 * (the supervisor runs keeper and bot), side by side: events lost, interactions failed,
 * IDENTIFYs, seconds shown offline, as the simulator and the bots count them.
 */
public final class RecoveryBench {
    private static final Duration BOUND = Duration.ofSeconds(60);

    private final int rounds;
    private final int idleSeconds;
    private final Path out;
    private final List<String> only;
    private final Map<String, List<Timing>> results = new LinkedHashMap<>();
    private final Map<String, List<DiscordRow.Figures>> discord = new LinkedHashMap<>();
    private List<String> keeperModes = List.of("off", "on");
    private final List<String> notes = new ArrayList<>();

    private RecoveryBench(int rounds, int idleSeconds, Path out, List<String> only) {
        this.rounds = rounds;
        this.idleSeconds = idleSeconds;
        this.out = out;
        this.only = only;
    }

    public static void main(String[] args) throws Exception {
        int rounds = 5;
        int idle = 60;
        Path out = Path.of("bench", "results", "recovery-" + Instant.now().toString().replace(':', '-') + ".csv");
        List<String> only = List.of();
        List<String> modes = List.of("off", "on");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--idle" -> idle = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--only" -> only = List.of(args[++i].split(","));
                case "--keeper" -> modes = List.of(args[++i].split(","));
                default -> {
                    System.err.println("recovery bench: unknown argument " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (rounds < 1 || idle < 0) {
            System.err.println("recovery bench: --rounds must be >= 1 and --idle >= 0");
            System.exit(2);
        }
        if (!List.of("off", "on").containsAll(modes)) {
            System.err.println("recovery bench: --keeper takes off, on or off,on");
            System.exit(2);
        }
        RecoveryBench bench = new RecoveryBench(rounds, idle, out, only);
        bench.keeperModes = modes;
        bench.run();
        if (bench.notes.stream().anyMatch(n -> n.startsWith("FAILED"))) {
            System.exit(1);
        }
    }

    private boolean wanted(String name) {
        return only.isEmpty() || only.contains(name);
    }

    private void run() throws Exception {
        ColdStart cold = new ColdStart(rounds);
        if (wanted("floor")) {
            section("floor", () -> results.put("floor: bot cold start (default flags)", cold.measure(List.of())));
        }
        if (wanted("aot")) {
            section("class-data caches", () -> {
                results.putAll(cold.measureCaches());
                notes.addAll(cold.notes());
            });
        }
        if (wanted("kill9") || wanted("sigstop") || wanted("drop") || wanted("op7") || wanted("close4009")) {
            section("stack faults", () -> {
                try (Stack stack = Stack.builder("bench").start()) {
                    for (int i = 0; i < rounds; i++) {
                        if (wanted("kill9")) {
                            add(Drills.processSignal(stack, "kill -9", "KILL", BOUND));
                        }
                        if (wanted("drop")) {
                            add(Drills.gateway(stack, "gateway drop (1006)", "drop", BOUND));
                        }
                        if (wanted("op7")) {
                            add(Drills.gateway(stack, "op 7 RECONNECT", "reconnect", BOUND));
                        }
                        if (wanted("close4009")) {
                            add(Drills.gateway(stack, "close 4009", "close?code=4009", BOUND));
                        }
                        if (wanted("sigstop")) {
                            add(Drills.processSignal(stack, "SIGSTOP hang", "STOP", BOUND));
                        }
                        System.err.printf("round %d/%d done%n", i + 1, rounds);
                    }
                }
            });
        }
        if (wanted("memory")) {
            section("memory", () -> {
                try (Stack stack = Stack.builder("bench-memory").set("memory.max_rss=96MiB").set("memory.interval=1s")
                        .set("memory.samples=6").start()) {
                    for (int i = 0; i < rounds; i++) {
                        add(Drills.memory(stack, BOUND));
                    }
                }
                notes.add("memory: max_rss 96MiB (below a connected bot's RSS, so every bot is replaced in turn),"
                        + " samples 6 x 1 s; t0 = the bot is healthy and the status shows an over-limit sample");
            });
        }
        if (wanted("discord")) {
            for (String mode : keeperModes) {
                section("discord, keeper " + mode, () -> discordKill(mode.equals("on")));
            }
        }
        if (wanted("aot") && cold.aotCache() != null) {
            section("kill -9 with the AOT cache", () -> results.putAll(new AotStack(rounds).measure()));
        }
        String[] idle = {""};
        if (wanted("idle") && idleSeconds > 0) {
            section("idle", () -> idle[0] = new IdleProbe(idleSeconds).measure());
        }
        report(idle[0]);
    }

    /** kill -9 of the bot while traffic streams, as Discord sees it, with the keeper on or off. */
    private void discordKill(boolean keeper) throws Exception {
        String fault = "kill -9 of the bot, keeper " + (keeper ? "on" : "off");
        try (Stack stack = Stack.builder(keeper ? "bench-keeper" : "bench-direct").keeper(keeper).start()) {
            stack.sim.fault("interaction-deadline?enforce=true");
            for (int i = 0; i < rounds; i++) {
                discord.computeIfAbsent(fault, k -> new ArrayList<>()).add(DiscordDrills.killBot(stack, fault, keeper, BOUND));
                System.err.printf("%s: round %d/%d done%n", fault, i + 1, rounds);
            }
        }
    }

    /** A part of the benchmark that failed is reported and the rest still runs. */
    private void section(String name, Part part) {
        try {
            part.run();
        } catch (Exception | AssertionError e) {
            String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            notes.add("FAILED " + name + ": " + e.getClass().getSimpleName() + ": " + first);
            e.printStackTrace();
        }
    }

    @FunctionalInterface
    private interface Part {
        void run() throws Exception;
    }

    private void add(Timing t) {
        results.computeIfAbsent(t.fault(), k -> new ArrayList<>()).add(t);
    }

    private void report(String idle) throws IOException {
        Files.createDirectories(out.toAbsolutePath().getParent());
        StringBuilder csv = new StringBuilder("fault,round,detect_ms,healthy_ms\n");
        results.forEach((fault, list) -> {
            for (int i = 0; i < list.size(); i++) {
                csv.append('"').append(fault).append("\",").append(i + 1).append(',').append(list.get(i).detectMs())
                        .append(',').append(list.get(i).healthyMs()).append('\n');
            }
        });
        Files.writeString(out, csv);
        PrintStream o = System.out;
        o.printf("Recovery benchmark: %d round(s), %d cores, %s %s%n", rounds,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"));
        o.printf("%-44s %4s %9s %9s %9s %9s %9s %9s%n", "fault", "n", "detect", "det p95", "healthy", "min", "p95", "max");
        results.forEach((fault, list) -> {
            Stats d = Stats.of(list.stream().mapToLong(Timing::detectMs).toArray());
            Stats h = Stats.of(list.stream().mapToLong(Timing::healthyMs).toArray());
            o.printf("%-44s %4d %9s %9s %9d %9d %9d %9d%n", fault, list.size(),
                    d.median() < 0 ? "-" : d.median() + "", d.p95() < 0 ? "-" : d.p95() + "", h.median(), h.min(),
                    h.p95(), h.max());
        });
        o.println("(milliseconds; detect/healthy are medians, measured from the injection)");
        if (!discord.isEmpty()) {
            o.printf("%n%-36s %4s %9s %12s %14s %10s %10s %12s%n", "as Discord sees it", "n", "healthy", "events lost",
                    "interactions", "failed", "IDENTIFYs", "offline s");
            discord.forEach((fault, list) -> {
                Stats h = Stats.of(list.stream().mapToLong(DiscordRow.Figures::recoveryMs).toArray());
                long lost = list.stream().mapToLong(DiscordRow.Figures::messagesLost).sum();
                long injected = list.stream().mapToLong(DiscordRow.Figures::messagesInjected).sum();
                long commands = list.stream().mapToLong(DiscordRow.Figures::commandsInjected).sum();
                long failed = list.stream().mapToLong(DiscordRow.Figures::commandsNotCompleted).sum();
                long identifies = list.stream().mapToLong(DiscordRow.Figures::identifies).sum();
                double offline = list.stream().mapToLong(DiscordRow.Figures::offlineMs).sum() / 1000.0 / list.size();
                o.printf("%-36s %4d %9d %5d of %-5d %14d %10d %10.1f %12.1f%n", fault.replace("kill -9 of the bot, ", "kill -9 bot, "),
                        list.size(), h.median(), lost, injected, commands, failed, identifies / (double) list.size(), offline);
            });
            o.println("(healthy: median ms from the kill to a new bot serving; events lost and interactions failed: totals"
                    + " over the rounds (failed = the users' slash commands not completed: \"This interaction failed\" or"
                    + " \"thinking...\" forever); IDENTIFYs and offline s:"
                    + " per round, at the simulator)");
            discord.values().forEach(list -> list.forEach(f -> o.println("  " + f.line())));
        }
        notes.forEach(n -> o.println("note: " + n));
        if (!idle.isEmpty()) {
            o.println(idle);
        }
        o.println("CSV: " + out.toAbsolutePath());
    }
}
