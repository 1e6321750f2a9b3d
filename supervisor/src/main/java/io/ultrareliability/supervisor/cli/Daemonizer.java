package io.ultrareliability.supervisor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultrareliability.supervisor.UltraReliabilityMain;
import io.ultrareliability.supervisor.app.ExitCodes;
import io.ultrareliability.supervisor.lock.Home;
import io.ultrareliability.supervisor.lock.LockHolders;
import io.ultrareliability.supervisor.lock.SupervisorLock;
import io.ultrareliability.supervisor.process.ProcessIdentity;
import io.ultrareliability.supervisor.status.PrivateFiles;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the supervisor in the background: re-launches this JVM as
 * {@code setsid java ... run --daemon} (new session, no terminal, stdin from /dev/null,
 * output appended to logs/supervisor.out), then waits until the child is healthy.
 */
final class Daemonizer {
    private static final Duration POLL = Duration.ofMillis(100);

    private Daemonizer() {
    }

    /** @return an exit code; prints one result line to out or err */
    static int start(HomeOptions opts, Duration timeout, PrintWriter out, PrintWriter err) {
        Home home = opts.home();
        ProcessIdentity running = RunningSupervisor.find(home);
        if (running != null) {
            out.println("already running (pid " + running.pid() + ")");
            return ExitCodes.OK;
        }
        Process daemon;
        try {
            home.createDirs();
            Path outFile = home.daemonOut();
            PrivateFiles.file(outFile); // the JVM's own crash output may quote anything: 0600
            ProcessBuilder pb = new ProcessBuilder(command(opts)).directory(home.root().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(outFile.toFile()))
                    .redirectErrorStream(true);
            pb.environment().put("ULTRA_HOME", home.root().toString());
            daemon = pb.start();
        } catch (IOException e) {
            err.println("cannot start the supervisor: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!daemon.isAlive()) {
                int code = daemon.exitValue();
                ProcessIdentity other = RunningSupervisor.find(home);
                if (code == ExitCodes.ALREADY_RUNNING && other == null) {
                    // The winner of a race may still be stopping a leftover child before it claims the home.
                    other = awaitClaim(home, deadline);
                }
                if (code == ExitCodes.ALREADY_RUNNING && other != null) {
                    out.println("already running (pid " + other.pid() + ")");
                    return ExitCodes.OK;
                }
                // Success only when `status` would say running: a lock held by something that is
                // not this home's supervisor is a failure, named, so cron tries again and says why.
                List<LockHolders.Holder> holders = LockHolders.of(home.lockFile());
                if (other == null && !holders.isEmpty()) {
                    err.println("cannot start: " + SupervisorLock.describeHolders(home, holders));
                    return ExitCodes.FAILURE;
                }
                err.println("the supervisor exited with code " + code + "; see " + home.daemonOut() + " and "
                        + home.logsDir().resolve("ultra_reliability.log"));
                return code == ExitCodes.CONFIG ? ExitCodes.CONFIG : ExitCodes.FAILURE;
            }
            JsonNode s = RunningSupervisor.status(home);
            if (s != null && s.path("supervisor").path("pid").asLong() == daemon.pid()) {
                String state = s.path("child").path("state").asText();
                if (state.equals("running")) {
                    out.println("started: supervisor pid " + daemon.pid() + ", child pid "
                            + s.path("child").path("pid").asText() + " healthy");
                    return ExitCodes.OK;
                }
                if (state.equals("fatal")) {
                    err.println("the child failed fatally: " + s.path("child").path("fatal_reason").asText()
                            + " (supervisor pid " + daemon.pid() + " keeps running; fix it, then `restart`)");
                    return ExitCodes.FAILURE;
                }
            }
            RunningSupervisor.sleep(POLL);
        }
        err.println("the child was not healthy within " + timeout.toSeconds() + " s; supervisor pid " + daemon.pid()
                + " keeps trying (see `status`)");
        return ExitCodes.FAILURE;
    }

    private static ProcessIdentity awaitClaim(Home home, long deadline) {
        while (System.nanoTime() < deadline) {
            ProcessIdentity id = RunningSupervisor.find(home);
            if (id != null) {
                return id;
            }
            RunningSupervisor.sleep(POLL);
        }
        return null;
    }

    private static List<String> command(HomeOptions opts) {
        List<String> cmd = new ArrayList<>();
        cmd.add(setsid());
        cmd.add(ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!arg.startsWith("-agentlib:jdwp")) {
                cmd.add(arg);
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(UltraReliabilityMain.class.getName());
        cmd.add("run");
        cmd.add("--daemon");
        cmd.addAll(opts.asArgs());
        return cmd;
    }

    private static String setsid() {
        return Files.isExecutable(Path.of("/usr/bin/setsid")) ? "/usr/bin/setsid" : "setsid";
    }
}
