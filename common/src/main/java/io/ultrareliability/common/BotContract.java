package io.ultrareliability.common;

import static java.util.Objects.requireNonNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the bot and the supervisor agree on: the bot's exit codes, its arguments, the
 * environment the supervisor hands it and the health field the supervisor reads. Both sides
 * name these through this class, so a rename cannot leave one side behind.
 */
public final class BotContract {
    /** sysexits EX_TEMPFAIL: the bot gave up reconnecting; the supervisor restarts it after a backoff. */
    public static final int EXIT_TEMPFAIL = 75;
    /** sysexits EX_CONFIG: a fatal configuration (token, intents); the supervisor stops restarting it. */
    public static final int EXIT_CONFIG = 78;

    /** Argument: the bot runs under the supervisor (dies with it). */
    public static final String ARG_SUPERVISED = "--supervised";
    /** Argument: a JDK AOT cache training run against the embedded simulator. */
    public static final String ARG_AOT_TRAIN = "--aot-train";

    /** {@code GET /health}: when the gateway last acknowledged a heartbeat (ISO-8601, or null). */
    public static final String HEALTH_LAST_HEARTBEAT_ACK = "last_heartbeat_ack";

    /** The Discord bot token itself. */
    public static final String DISCORD_TOKEN = "DISCORD_TOKEN";
    /** A file holding the token. */
    public static final String DISCORD_TOKEN_FILE = "DISCORD_TOKEN_FILE";
    /** systemd's credentials folder; the token is its file {@link #TOKEN_CREDENTIAL}. */
    public static final String CREDENTIALS_DIRECTORY = "CREDENTIALS_DIRECTORY";
    /** The name of the token's file in {@link #CREDENTIALS_DIRECTORY}. */
    public static final String TOKEN_CREDENTIAL = "discord_token";
    /** Another Discord REST base (a simulator); needs a token. */
    public static final String DISCORD_API_BASE_URL = "DISCORD_API_BASE_URL";
    /** The bot's health server port; the supervisor sets it from {@code health.url}. */
    public static final String BOT_HEALTH_PORT = "BOT_HEALTH_PORT";
    /** The bot's health server address. */
    public static final String BOT_HEALTH_HOST = "BOT_HEALTH_HOST";

    private BotContract() {
    }

    /**
     * True when a bot started with this environment runs in demo mode: no token from any
     * source and no other Discord named, so it talks to its built-in simulator. A source that
     * is named but unreadable is not demo mode: the bot refuses to start (exit 78).
     */
    public static boolean demoMode(Map<String, String> env) {
        requireNonNull(env, "env is null");
        if (named(env, DISCORD_TOKEN) || named(env, DISCORD_TOKEN_FILE) || named(env, DISCORD_API_BASE_URL)) {
            return false;
        }
        return !named(env, CREDENTIALS_DIRECTORY)
                || !Files.exists(Path.of(env.get(CREDENTIALS_DIRECTORY).strip(), TOKEN_CREDENTIAL));
    }

    private static boolean named(Map<String, String> env, String name) {
        String v = env.get(name);
        return v != null && !v.isBlank();
    }
}
