package io.ultrareliability.supervisor.testkit;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A child for the supervisor's integration tests and benchmark: JDK classes only, run as
 * {@code java -cp target/test-classes io.ultrareliability.supervisor.testkit.FakeChild ...}.
 * Like the bot it serves /health on $BOT_HEALTH_PORT and exits when its stdin closes.
 *
 * <pre>
 * --crash-after MS --code N   exit with N after MS ms and, when serving HTTP, after a 200
 * --exit N                    exit with N at once (78 fatal config, 75 tempfail)
 * --stale-after MS            last_heartbeat_ack stops moving after MS ms
 * --ignore-term               ignore SIGTERM (the supervisor must SIGKILL)
 * --grandchild                spawn `sleep 600` in our process group
 * --leak-mb N --leak-after MS allocate and touch N MiB after MS ms
 * --print LINE --print-after MS   print LINE after MS ms and, when serving HTTP, after a 200
 * --ignore-stdin              do not exit on stdin EOF
 * --spam N                    print N numbered 100-character lines at once
 * --no-http                   serve nothing
 * --status-after MS CODE      /health answers CODE (e.g. 503: alive, not ready) after MS ms and
 *                             once it has answered 200 (so a loaded machine cannot skip "running")
 * </pre>
 */
public final class FakeChild {
    private static final List<byte[]> LEAK = new ArrayList<>();
    private static volatile Instant ack = Instant.now();
    private static volatile boolean ackFrozen;
    private static volatile int healthStatus = 200;
    /** Set once /health has answered 200: the supervisor has seen this child healthy. */
    private static final java.util.concurrent.CountDownLatch SEEN_HEALTHY = new java.util.concurrent.CountDownLatch(1);

    private FakeChild() {
    }

    /** {@code mb} MiB of 'x' on stdout without a newline, then one line saying how long it took. */
    private static void writeLongLine(long mb) {
        sleep(500);
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) 'x');
        java.io.FileOutputStream out = new java.io.FileOutputStream(java.io.FileDescriptor.out);
        long t0 = System.nanoTime();
        try {
            for (long i = 0; i < mb * 16; i++) {
                out.write(chunk);
            }
            out.write(("\nLONG LINE DONE " + mb + " MiB in " + (System.nanoTime() - t0) / 1_000_000 + " ms\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (java.io.IOException e) {
            System.err.println("long line failed: " + e);
        }
    }

    public static void main(String[] args) throws Exception {
        long crashAfter = -1;
        int code = 1;
        long staleAfter = -1;
        long leakMb = 0;
        long leakAfter = 0;
        String print = null;
        long printAfter = 0;
        boolean ignoreStdin = false;
        boolean http = true;
        long longLineMb = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--crash-after" -> crashAfter = Long.parseLong(args[++i]);
                case "--code" -> code = Integer.parseInt(args[++i]);
                case "--exit" -> {
                    System.out.println("FakeChild exiting with " + args[i + 1]);
                    System.exit(Integer.parseInt(args[++i]));
                }
                case "--stale-after" -> staleAfter = Long.parseLong(args[++i]);
                case "--ignore-term" -> sun.misc.Signal.handle(new sun.misc.Signal("TERM"),
                        s -> System.out.println("FakeChild ignoring SIGTERM"));
                case "--grandchild" -> {
                    Process p = new ProcessBuilder("sleep", "600").redirectErrorStream(true).start();
                    System.out.println("GRANDCHILD " + p.pid());
                }
                case "--leak-mb" -> leakMb = Long.parseLong(args[++i]);
                case "--leak-after" -> leakAfter = Long.parseLong(args[++i]);
                case "--print" -> print = args[++i];
                case "--print-after" -> printAfter = Long.parseLong(args[++i]);
                case "--ignore-stdin" -> ignoreStdin = true;
                case "--no-http" -> http = false;
                case "--long-line-mb" -> longLineMb = Long.parseLong(args[++i]);
                case "--status-after" -> {
                    long after = Long.parseLong(args[++i]);
                    int status = Integer.parseInt(args[++i]);
                    Thread s = new Thread(() -> {
                        sleep(after);
                        awaitSeenHealthy();
                        healthStatus = status;
                        System.out.println("FakeChild /health now answers " + status);
                        System.out.flush();
                    }, "status-after");
                    s.setDaemon(true);
                    s.start();
                }
                case "--spam" -> {
                    int n = Integer.parseInt(args[++i]);
                    for (int k = 0; k < n; k++) {
                        System.out.printf("spam line %06d %s%n", k, "x".repeat(82));
                    }
                    System.out.flush();
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (http) {
            serveHealth(Integer.parseInt(System.getenv().getOrDefault("BOT_HEALTH_PORT", "8790")));
        }
        System.out.println("READY " + ProcessHandle.current().pid());
        System.out.flush();
        if (longLineMb > 0) {
            long mb = longLineMb;
            Thread w = new Thread(() -> writeLongLine(mb), "long-line");
            w.setDaemon(true);
            w.start();
        }
        if (!ignoreStdin) {
            Thread t = new Thread(FakeChild::exitOnStdinEof, "stdin-watch");
            t.setDaemon(true);
            t.start();
        }
        Thread ticker = new Thread(() -> {
            while (true) {
                if (!ackFrozen) {
                    ack = Instant.now();
                }
                sleep(100);
            }
        }, "heartbeat");
        ticker.setDaemon(true);
        ticker.start();

        long start = System.nanoTime();
        boolean printed = print == null;
        boolean leaked = leakMb == 0;
        while (true) {
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            if (crashAfter >= 0 && elapsed >= crashAfter && (!http || SEEN_HEALTHY.getCount() == 0)) {
                System.out.println("FakeChild crashing with " + code);
                System.out.flush();
                Runtime.getRuntime().halt(code);
            }
            if (staleAfter >= 0 && elapsed >= staleAfter) {
                ackFrozen = true;
            }
            if (!printed && elapsed >= printAfter && (!http || SEEN_HEALTHY.getCount() == 0)) {
                System.out.println(print);
                System.out.flush();
                printed = true;
            }
            if (!leaked && elapsed >= leakAfter) {
                for (long i = 0; i < leakMb; i++) {
                    byte[] mb = new byte[1 << 20];
                    for (int j = 0; j < mb.length; j += 4096) {
                        mb[j] = 1;
                    }
                    LEAK.add(mb);
                }
                System.out.println("FakeChild leaked " + leakMb + " MiB");
                leaked = true;
            }
            sleep(20);
        }
    }

    private static void serveHealth(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        server.createContext("/health", ex -> {
            byte[] body = ("{\"status\":\"healthy\",\"timestamp\":\"" + Instant.now()
                    + "\",\"discord_bot\":{\"status\":\"connected\"},\"last_heartbeat_ack\":\"" + ack + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            int status = healthStatus;
            ex.sendResponseHeaders(status, body.length);
            if (status == 200) {
                SEEN_HEALTHY.countDown();
            }
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
    }

    private static void awaitSeenHealthy() {
        try {
            SEEN_HEALTHY.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void exitOnStdinEof() {
        try (InputStream in = System.in) {
            while (in.read() != -1) {
                // keep reading until the supervisor's end of the pipe closes
            }
        } catch (IOException e) {
            // treat as EOF
        }
        System.out.println("FakeChild: stdin closed, exiting");
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
