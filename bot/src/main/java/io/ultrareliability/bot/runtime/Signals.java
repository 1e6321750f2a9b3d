package io.ultrareliability.bot.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.util.function.Consumer;

/**
 * SIGTERM and SIGINT stop the bot cleanly. A custom handler replaces the JVM's own shutdown on
 * that signal, so the stop routine calls {@code System.exit} itself. SIGHUP is ignored (one log
 * line), so a terminal hang-up never kills the bot.
 */
public final class Signals {
    private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

    private Signals() {
    }

    public static void onTermination(Consumer<String> stop) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), s -> {
                    Thread t = new Thread(() -> stop.accept("received SIG" + s.getName()), "signal-" + name);
                    t.start();
                });
            } catch (IllegalArgumentException e) {
                LOG.warn("Cannot handle SIG{} on this platform: {}", name, e.getMessage());
            }
        }
        try {
            Signal.handle(new Signal("HUP"), s -> LOG.info("SIGHUP ignored"));
        } catch (IllegalArgumentException e) {
            LOG.warn("Cannot handle SIGHUP on this platform: {}", e.getMessage());
        }
    }
}
