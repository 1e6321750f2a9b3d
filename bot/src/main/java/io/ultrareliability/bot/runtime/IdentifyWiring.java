package io.ultrareliability.bot.runtime;

import io.ultrareliability.bot.config.BotConfig;
import io.ultrareliability.common.token.Token;
import io.ultrareliability.bot.health.HealthState;
import io.ultrareliability.bot.identify.IdentifyGovernor;
import io.ultrareliability.bot.identify.SessionStartLimitClient;
import io.ultrareliability.common.identify.BudgetPolicy;
import io.ultrareliability.common.identify.LedgerFile;
import io.ultrareliability.common.identify.LedgerStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** Builds the IDENTIFY governor from the configuration (issue 13). */
final class IdentifyWiring {
    private static final Logger LOG = LoggerFactory.getLogger(IdentifyWiring.class);

    private IdentifyWiring() {
    }

    static IdentifyGovernor governor(BotConfig config, Optional<URI> base, Token token, HealthState health) {
        if (config.keeperMode()) {
            // A keeper answers our IDENTIFY with its own session: Discord is not charged, so
            // neither the ledger nor session_start_limit apply; only the configured spacing does.
            LOG.info("IDENTIFY budget: not charged in keeper mode (the keeper holds the Discord session)");
            return new IdentifyGovernor(LedgerStore.inMemory(), Optional.empty(),
                    new BudgetPolicy(java.util.OptionalInt.empty(), config.identifyInterval(), Duration.ofMinutes(1)),
                    Math.max(0, config.shardId()), Clock.systemUTC(), config.guard().limitCacheTtl(),
                    health::identifyBudget);
        }
        LedgerStore store = config.guard().stateDir()
                .<LedgerStore>map(dir -> new LedgerFile(dir.resolve(LedgerFile.DEFAULT_NAME)))
                .orElseGet(LedgerStore::inMemory);
        if (store instanceof LedgerFile) {
            LOG.info("IDENTIFY ledger: {}", store.describe());
        } else if (!config.aotTrain()) {
            LOG.warn("BOT_STATE_DIR is not set: the IDENTIFY ledger is kept in memory and forgotten on exit");
        }
        BudgetPolicy policy = new BudgetPolicy(config.guard().identifyReserve(), config.identifyInterval(),
                Duration.ofMinutes(1));
        IdentifyGovernor governor = new IdentifyGovernor(store,
                Optional.of(new SessionStartLimitClient(base, token, Duration.ofSeconds(5))), policy,
                Math.max(0, config.shardId()), Clock.systemUTC(), config.guard().limitCacheTtl(),
                health::identifyBudget);
        governor.publishNow();
        return governor;
    }
}
