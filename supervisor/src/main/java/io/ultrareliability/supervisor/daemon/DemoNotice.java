package io.ultrareliability.supervisor.daemon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ultrareliability.common.BotContract;
import io.ultrareliability.supervisor.config.SupervisorConfig;
import java.util.HashMap;
import java.util.Map;

/**
 * Demo mode told where people look ({@code run}'s output, {@code status}, the dashboard), not
 * only in logs/bot.log: the default bot child without a token runs against its built-in
 * simulator, which a newcomer should not mistake for being online on Discord.
 */
final class DemoNotice {
    static final String LINE = "DEMO MODE: no Discord token set (DISCORD_TOKEN, DISCORD_TOKEN_FILE or "
            + "$CREDENTIALS_DIRECTORY/discord_token): the bot runs against its built-in Discord simulator";

    private DemoNotice() {
    }

    /**
     * @param env the supervisor's environment, which the child inherits
     * @return whether the child will run in demo mode; never for a child command of one's own
     */
    static boolean applies(SupervisorConfig config, Map<String, String> env) {
        if (config.keeper() != null) {
            return config.keeper().demo(); // the bot's env now names the demo token: the config knows
        }
        if (config.child().defaultChild() == null) {
            return false;
        }
        Map<String, String> childEnv = new HashMap<>(env);
        childEnv.putAll(config.child().env());
        return BotContract.demoMode(childEnv);
    }

    /** Adds {@code supervisor.demo_mode} to a status document; returns it. */
    static ObjectNode decorate(ObjectNode status, boolean demo) {
        if (status.get("supervisor") instanceof ObjectNode sup) {
            sup.put("demo_mode", demo);
        }
        return status;
    }
}
