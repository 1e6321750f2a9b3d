package io.ultrareliability.bot.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * With {@code --supervised}: the supervisor holds our stdin open and is our parent. When stdin
 * reaches EOF (the supervisor died, the kernel closed its end) or our parent changes, the bot
 * stops by itself, so a dead supervisor never leaves a second bot online after a restart.
 */
public final class SupervisedWatch {
    private static final Logger LOG = LoggerFactory.getLogger(SupervisedWatch.class);

    private SupervisedWatch() {
    }

    /**
     * @param parentPid reads the current parent PID (empty: none)
     * @param onGone called once, with a one-line reason
     */
    public static void start(InputStream stdin, Supplier<Optional<Long>> parentPid, ScheduledExecutorService timer,
                             long pollMillis, Consumer<String> onGone) {
        requireNonNull(stdin, "stdin is null");
        requireNonNull(parentPid, "parentPid is null");
        requireNonNull(onGone, "onGone is null");
        Optional<Long> initial = parentPid.get();
        LOG.info("Supervised mode: stopping when stdin closes or parent process {} goes away",
                initial.map(String::valueOf).orElse("(none)"));
        Thread reader = new Thread(() -> {
            byte[] buf = new byte[256];
            try {
                while (stdin.read(buf) != -1) {
                    // the supervisor sends nothing; anything it does send is ignored
                }
                onGone.accept("stdin reached EOF (supervisor gone)");
            } catch (IOException e) {
                onGone.accept("stdin failed (" + e.getMessage() + "): supervisor gone");
            }
        }, "supervised-stdin");
        reader.setDaemon(true);
        reader.start();
        timer.scheduleWithFixedDelay(() -> {
            Optional<Long> now = parentPid.get();
            if (!now.equals(initial)) {
                onGone.accept("parent process changed from " + initial.map(String::valueOf).orElse("none")
                        + " to " + now.map(String::valueOf).orElse("none") + " (supervisor gone)");
            }
        }, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
    }

    /** The real parent PID, re-read at every call. */
    public static Optional<Long> currentParentPid() {
        return ProcessHandle.current().parent().filter(ProcessHandle::isAlive).map(ProcessHandle::pid);
    }
}
