package io.ultrareliability.common.identify;

import java.io.IOException;
import java.util.function.UnaryOperator;

/** Where the ledger lives: a file under {@code run/} or, without a state directory, memory. */
public interface LedgerStore {
    IdentifyLedger load() throws IOException;

    /** Reads, applies {@code change} and writes back as one step; returns what was written. */
    IdentifyLedger update(UnaryOperator<IdentifyLedger> change) throws IOException;

    /** Where it is, for logs and docs ("memory" when nowhere). */
    String describe();

    /** A store that forgets on exit: for a bot without a state directory, and for tests. */
    static LedgerStore inMemory() {
        return new LedgerStore() {
            private IdentifyLedger ledger = IdentifyLedger.empty();

            @Override
            public synchronized IdentifyLedger load() {
                return ledger;
            }

            @Override
            public synchronized IdentifyLedger update(UnaryOperator<IdentifyLedger> change) {
                ledger = java.util.Objects.requireNonNull(change.apply(ledger), "change returned null");
                return ledger;
            }

            @Override
            public String describe() {
                return "memory";
            }
        };
    }
}
