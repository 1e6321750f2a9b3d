package io.ultrareliability.supervisor.daemon;

import io.ultrareliability.supervisor.lock.Home;
import io.ultrareliability.supervisor.status.PrivateFiles;
import java.net.URISyntaxException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;

/** Switches Log4j2 from the CLI's quiet setup to the daemon's files under ULTRA_HOME/logs. */
public final class Logging {
    private Logging() {
    }

    /** @param console also log to stdout (foreground {@code run}) */
    public static void daemon(Home home, boolean console) {
        // Log4j sets the mode of the files it creates; files an older version left 0644 are tightened here.
        for (String f : new String[] {"ultra_reliability.log", "bot.log", "supervisor.out", "auto_restart.log"}) {
            PrivateFiles.tighten(home.logsDir().resolve(f), PrivateFiles.FILE);
        }
        System.setProperty("ultra.home", home.root().toString());
        System.setProperty("ultra.console.level", console ? "info" : "off");
        try {
            var url = Logging.class.getResource("/log4j2-daemon.properties");
            Configurator.reconfigure(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Flushes and closes the appenders (we disable Log4j's own shutdown hook). */
    public static void shutdown() {
        LogManager.shutdown();
    }
}
