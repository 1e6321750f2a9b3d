package io.ultrareliability.sim.cli;

import io.ultrareliability.common.Durations;
import io.ultrareliability.sim.GatewaySim;
import io.ultrareliability.sim.SimConfig;
import io.ultrareliability.sim.SimStartException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The standalone simulator: runs until SIGTERM/SIGINT, then stops cleanly with exit 0. */
@Command(name = "gateway-sim", mixinStandardHelpOptions = true, version = "gateway-sim 0.1.0",
        description = "A local Discord (REST + gateway v10, JSON) with fault injection, on 127.0.0.1.")
public final class GatewaySimCommand implements Callable<Integer> {
    public static final int EXIT_START_FAILED = 1;

    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "0", description = "TCP port on 127.0.0.1 (0 = any free port).")
    int port;

    @Option(names = "--token", required = true, description = "Accepted bot token (repeatable). Simulator"
            + " tokens are test values, not secrets.")
    List<String> tokens;

    @Option(names = "--heartbeat-interval", defaultValue = "41250ms", converter = DurationConverter.class,
            description = "heartbeat_interval sent in HELLO, e.g. 1s (default ${DEFAULT-VALUE}).")
    Duration heartbeatInterval;

    @Option(names = "--guilds", defaultValue = "1", description = "Guilds each bot is in (default ${DEFAULT-VALUE}).")
    int guilds;

    @Option(names = "--resume-window", defaultValue = "5m", converter = DurationConverter.class,
            description = "How long a disconnected session stays resumable, its dispatches kept for the"
                    + " RESUME (default ${DEFAULT-VALUE}).")
    Duration resumeWindow;

    @Option(names = "--identify-limit", defaultValue = "1000",
            description = "session_start_limit.total: IDENTIFYs per window; using the last one resets the token "
                    + "(default ${DEFAULT-VALUE}).")
    int identifyLimit;

    @Option(names = "--identify-reset", defaultValue = "24h", converter = DurationConverter.class,
            description = "The IDENTIFY budget resets this long after the window's first IDENTIFY, e.g. 2m "
                    + "(default ${DEFAULT-VALUE}).")
    Duration identifyReset;

    @Option(names = "--port-file", description = "Also write the URLs and the port to this file (atomically).")
    Path portFile;

    private final CountDownLatch stop = new CountDownLatch(1);

    /** Parses, runs, and maps errors to exit codes: 2 bad usage, 1 could not start. */
    public static int run(String... args) {
        return commandLine(new GatewaySimCommand()).execute(args);
    }

    static CommandLine commandLine(GatewaySimCommand command) {
        CommandLine cl = new CommandLine(command);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("gateway-sim: " + e.getMessage());
            return e instanceof IllegalArgumentException ? CommandLine.ExitCode.USAGE : EXIT_START_FAILED;
        });
        return cl;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SimConfig config;
        try {
            config = new SimConfig(port, tokens, heartbeatInterval, guilds, resumeWindow);
        } catch (IllegalArgumentException e) {
            err.println("gateway-sim: " + e.getMessage());
            return CommandLine.ExitCode.USAGE;
        }
        if (identifyLimit < 1 || identifyLimit > 1_000_000) {
            err.println("gateway-sim: --identify-limit must be 1..1000000, got " + identifyLimit);
            return CommandLine.ExitCode.USAGE;
        }
        if (identifyReset.toMillis() < 1 || identifyReset.compareTo(Duration.ofDays(7)) > 0) {
            err.println("gateway-sim: --identify-reset must be between 1ms and 7d, got " + identifyReset);
            return CommandLine.ExitCode.USAGE;
        }
        GatewaySim sim;
        try {
            sim = GatewaySim.start(config);
            sim.faults().identifyLimit(identifyLimit);
            sim.faults().identifyReset(identifyReset);
        } catch (SimStartException e) {
            err.println("gateway-sim: " + e.getMessage());
            return EXIT_START_FAILED;
        }
        try {
            installSignalHandlers();
            String lines = "rest: " + sim.restBaseUrl() + "\ngateway: " + sim.gatewayUrl() + "\n";
            if (portFile != null) {
                writeAtomically(portFile, lines + "control: " + sim.controlUrl() + "\nport: " + sim.port() + "\n");
            }
            out.print(lines);
            out.flush();
            stop.await();
            return CommandLine.ExitCode.OK;
        } catch (IOException e) {
            err.println("gateway-sim: cannot write " + portFile + ": " + e.getMessage());
            return EXIT_START_FAILED;
        } finally {
            sim.close();
            out.println("gateway-sim stopped");
            out.flush();
        }
    }

    @SuppressWarnings("sunapi")
    private void installSignalHandlers() {
        for (String name : List.of("TERM", "INT")) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> stop.countDown());
            } catch (IllegalArgumentException e) {
                // Signal not available here: the JVM's default handling (exit) still applies.
            }
        }
    }

    private static void writeAtomically(Path file, String content) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path tmp = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Durations like {@code 250ms}, {@code 1s}, {@code 2m} (common's parser). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Durations.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
