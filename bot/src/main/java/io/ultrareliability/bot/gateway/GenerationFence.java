package io.ultrareliability.bot.gateway;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which JDA generations have been given up. Generations only grow, so one number says it all:
 * every generation at or below {@link #retire(int)}'s highest argument is retired for good.
 * Shared by the launcher's session controllers and listeners: a retired instance must never
 * open (or keep) a gateway connection, even when its login finishes after it was given up.
 */
public final class GenerationFence {
    private final AtomicInteger highestRetired = new AtomicInteger(0);

    /** From now on, {@code generation} (and every older one) must not connect. */
    public void retire(int generation) {
        highestRetired.accumulateAndGet(generation, Math::max);
    }

    public boolean isRetired(int generation) {
        return generation <= highestRetired.get();
    }
}
