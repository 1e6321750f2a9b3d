package io.ultrareliability.bot.connection;

import static java.util.Objects.requireNonNull;

/** What the overseer asks the runtime to do next. */
public sealed interface Decision {
    /** Nothing to do. */
    record None() implements Decision {
    }

    /** Build a fresh JDA instance for this generation (the previous one is already discarded). */
    record StartFresh(int generation, String reason) implements Decision {
        public StartFresh {
            requireNonNull(reason, "reason is null");
        }
    }

    /** Throw the instance of this generation away; a fresh one follows after the delay. */
    record Discard(int generation, long delayMillis, String reason) implements Decision {
        public Discard {
            requireNonNull(reason, "reason is null");
            if (delayMillis < 0) {
                throw new IllegalArgumentException("delayMillis < 0: " + delayMillis);
            }
        }
    }

    /** Leave the process with this exit code (78 fatal configuration, 75 gave up). */
    record Exit(int code, String reason) implements Decision {
        public Exit {
            requireNonNull(reason, "reason is null");
        }
    }

    Decision NONE = new None();
}
