package io.ultrareliability.e2e.bench;

import io.ultrareliability.e2e.Drills;
import io.ultrareliability.e2e.Drills.Timing;
import io.ultrareliability.e2e.Stack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * kill -9 recovery through the supervisor with its own AOT cache ({@code child.aot_cache: auto},
 * the production default on JDK 25+): the stack starts, the supervisor trains the cache in the
 * background, then each kill -9 brings the bot back from it. Also times the training itself.
 */
final class AotStack {
    private final int rounds;

    AotStack(int rounds) {
        this.rounds = rounds;
    }

    Map<String, List<Timing>> measure() throws Exception {
        Map<String, List<Timing>> r = new LinkedHashMap<>();
        if (Runtime.version().feature() < 25) {
            return r;
        }
        List<Timing> list = new ArrayList<>();
        try (Stack stack = Stack.builder("bench-aot").aotCache().start()) {
            long t0 = System.nanoTime();
            stack.awaitTrue(Duration.ofSeconds(180), "the supervisor's AOT cache", stack::aotCacheReady);
            long trained = (System.nanoTime() - t0) / 1_000_000;
            r.put("AOT cache trained by the supervisor (from healthy)", List.of(new Timing("training", -1, trained, -1, -1)));
            for (int i = 0; i < rounds; i++) {
                list.add(Drills.processSignal(stack, "kill -9 (AOT cache)", "KILL", Duration.ofSeconds(60)));
            }
        }
        r.put("kill -9, bot with the AOT cache", list);
        return r;
    }
}
