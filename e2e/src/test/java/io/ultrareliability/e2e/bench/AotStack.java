package io.ultrareliability.e2e.bench;

import io.ultrareliability.e2e.Drills;
import io.ultrareliability.e2e.Drills.Timing;
import io.ultrareliability.e2e.E2e;
import io.ultrareliability.e2e.Stack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** kill -9 recovery through the supervisor with the bot started from a JDK 25 AOT cache. */
final class AotStack {
    private final int rounds;
    private final Path cache;

    AotStack(int rounds, Path cache) {
        this.rounds = rounds;
        this.cache = cache;
    }

    Map<String, List<Timing>> measure() throws Exception {
        Map<String, List<Timing>> r = new LinkedHashMap<>();
        if (cache == null) {
            return r;
        }
        List<String> cmd = new ArrayList<>(List.of(E2e.JAVA));
        cmd.addAll(ColdStart.flags(List.of("-XX:AOTCache=" + cache)));
        cmd.addAll(List.of("-jar", E2e.jar("bot").toString(), "--supervised"));
        List<Timing> list = new ArrayList<>();
        try (Stack stack = Stack.builder("bench-aot").env("ULTRA_CHILD_COMMAND", String.join(" ", cmd)).start()) {
            for (int i = 0; i < rounds; i++) {
                list.add(Drills.processSignal(stack, "kill -9 (AOT cache)", "KILL", Duration.ofSeconds(60)));
            }
        }
        r.put("kill -9, bot with the AOT cache", list);
        return r;
    }
}
