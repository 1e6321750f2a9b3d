package io.ultrareliability.supervisor.daemon;

import io.ultrareliability.common.BotContract;
import io.ultrareliability.supervisor.config.SupervisorConfig;
import io.ultrareliability.supervisor.status.StatusSnapshot;
import java.util.HashMap;
import java.util.Map;

/**
 * Demo mode told where people look ({@code run}'s output, {@code status}, the dashboard), not
 * only in logs/bot.log: the default bot child without a token runs against its built-in
 * simulator, which a newcomer should not mistake for being online on Discord.
 */
final class DemoNotice {
    static final String LINE = "DEMO MODE: no Discord token set (DISCORD_TOKEN, DISCORD_TOKEN_FILE or "
            + "$CREDENTIALS_DIRECTORY/discord_token): the bot runs against a built-in Discord simulator";

    private DemoNotice() {
    }

    /**
     * @param env the supervisor's environment, which the child inherits
     * @return whether the child will run in demo mode; never for a child command of one's own
     */
    static boolean applies(SupervisorConfig config, Map<String, String> env) {
        if (config.child().defaultChild() == null) {
            return false;
        }
        Map<String, String> childEnv = new HashMap<>(env);
        childEnv.putAll(config.child().env());
        SupervisorConfig.Keeper keeper = config.keeper();
        if (keeper != null && keeper.demo()) {
            // issue 17: what the loader added for the demo pair is not a token of the user's
            childEnv.remove(BotContract.DISCORD_TOKEN, "demo-token");
            childEnv.remove(BotContract.DISCORD_API_BASE_URL, keeper.demoApiBaseUrl().toString());
            if (env.containsKey(BotContract.DISCORD_TOKEN)) {
                childEnv.put(BotContract.DISCORD_TOKEN, env.get(BotContract.DISCORD_TOKEN));
            }
        }
        return BotContract.demoMode(childEnv);
    }

    /** Fills {@code supervisor.demo_mode} of a status document. */
    static StatusSnapshot decorate(StatusSnapshot status, boolean demo) {
        return status.withSupervisor(status.supervisor().withDemoMode(demo));
    }
}
