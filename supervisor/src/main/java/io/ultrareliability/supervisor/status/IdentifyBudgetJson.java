package io.ultrareliability.supervisor.status;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ultrareliability.supervisor.probe.IdentifyBudget;
import java.time.Instant;

/** {@code child.identify_budget} in the status file (issue 13); null when the child reports none. */
final class IdentifyBudgetJson {
    private IdentifyBudgetJson() {
    }

    static void put(ObjectNode child, IdentifyBudget b) {
        if (b == null) {
            child.putNull("identify_budget");
            return;
        }
        ObjectNode o = child.putObject("identify_budget");
        o.put("remaining", b.remaining());
        o.put("total", b.total());
        instant(o, "reset_at", b.resetAt());
        o.put("ledger_24h", b.ledger24h());
        instant(o, "waiting_until", b.waitingUntil());
        if (b.reason() != null) {
            o.put("reason", b.reason());
        } else {
            o.putNull("reason");
        }
    }

    private static void instant(ObjectNode o, String name, Instant at) {
        if (at == null) {
            o.putNull(name);
        } else {
            o.put(name, at.toString());
        }
    }
}
