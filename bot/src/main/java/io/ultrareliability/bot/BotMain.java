package io.ultrareliability.bot;

import io.ultrareliability.bot.config.BotConfig;
import io.ultrareliability.bot.config.ConfigException;
import io.ultrareliability.bot.runtime.Bot;

import io.ultrareliability.common.BotContract;
import java.util.List;

/**
 * Entry point. Exit codes (design.md): 0 stopped on request, 78 fatal configuration (bad
 * environment, token rejected, fatal close code), 75 gave up reconnecting.
 */
public final class BotMain {
    public static final int EXIT_CONFIG = BotContract.EXIT_CONFIG;
    public static final int EXIT_TEMPFAIL = BotContract.EXIT_TEMPFAIL;

    private BotMain() {
    }

    public static void main(String[] args) {
        BotConfig config;
        try {
            config = BotConfig.from(System.getenv(), List.of(args));
        } catch (ConfigException e) {
            System.err.println("bot: configuration error: " + e.getMessage());
            System.err.flush();
            System.exit(EXIT_CONFIG);
            return;
        }
        try {
            new Bot(config).run();
        } catch (ConfigException e) {
            System.err.println("bot: configuration error: " + e.getMessage());
            System.err.flush();
            System.exit(EXIT_CONFIG);
        }
    }
}
