package io.ultrareliability.keeper.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ultrareliability.keeper.Jsons;
import io.ultrareliability.keeper.state.MemoryStateStore;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Not a test: heap held by the keeper's state for G guilds x C channels x M members (default
 * 1,000 x 100 x 1,000 = 1M members, 100k channels), and how long a bot's IDENTIFY takes to
 * synthesize every GUILD_CREATE (the replay). Entities are shaped like Discord's (a member with
 * user, roles, joined_at, flags; a text channel with topic, permission overwrites).
 *
 * <pre>java -Xmx3g -cp ... io.ultrareliability.keeper.bench.StateMemoryBenchmark [guilds channels members]</pre>
 */
public final class StateMemoryBenchmark {
    private StateMemoryBenchmark() {
    }

    public static void main(String[] args) {
        int guilds = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int channels = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int members = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        long before = usedHeap();
        MemoryStateStore store = new MemoryStateStore();
        ObjectNode ready = Jsons.object().put("session_id", "bench");
        ready.putObject("user").put("id", "1").put("username", "bot");
        ArrayNode list = ready.putArray("guilds");
        for (int g = 0; g < guilds; g++) {
            list.addObject().put("id", Long.toString(guildId(g))).put("unavailable", true);
        }
        store.ready(ready);
        long t0 = System.nanoTime();
        for (int g = 0; g < guilds; g++) {
            store.apply("GUILD_CREATE", guildCreate(g, channels, members));
        }
        long loadMs = (System.nanoTime() - t0) / 1_000_000;
        long after = usedHeap();
        long[] chars = {0};
        long r0 = System.nanoTime();
        store.forEachGuild((type, data) -> chars[0] += data.length());
        long replayMs = (System.nanoTime() - r0) / 1_000_000;
        long held = after - before;
        System.out.printf(Locale.ROOT, "guilds=%d channels/guild=%d members/guild=%d%n", guilds, channels, members);
        System.out.printf(Locale.ROOT, "heap held: %.1f MiB (%.1f KiB per guild, %d bytes per member+channel)%n",
                held / 1048576.0, held / 1024.0 / guilds, held / ((long) guilds * (channels + members)));
        System.out.printf(Locale.ROOT, "state's own estimate: %.1f MiB%n", store.approximateBytes() / 1048576.0);
        System.out.printf(Locale.ROOT, "load (apply %d GUILD_CREATEs): %d ms%n", guilds, loadMs);
        System.out.printf(Locale.ROOT, "replay (synthesize %d GUILD_CREATEs, %.1f MiB of JSON): %d ms%n", guilds,
                chars[0] / 1048576.0, replayMs);
    }

    private static long guildId(int g) {
        return 300_000_000_000_000_000L + g;
    }

    static ObjectNode guildCreate(int g, int channels, int members) {
        long gid = guildId(g);
        ObjectNode d = Jsons.object().put("id", Long.toString(gid)).put("name", "guild " + g)
                .put("member_count", members).put("afk_timeout", 300).put("owner_id", "400000000000000001")
                .put("verification_level", 1).put("preferred_locale", "en-US").putNull("icon");
        d.putArray("features");
        ArrayNode roles = d.putArray("roles");
        for (int r = 0; r < 10; r++) {
            roles.addObject().put("id", Long.toString(r == 0 ? gid : gid * 10 + r)).put("name", "role " + r)
                    .put("color", 0).put("position", r).put("permissions", "1071698660929").put("hoist", false);
        }
        ArrayNode chans = d.putArray("channels");
        for (int c = 0; c < channels; c++) {
            ObjectNode ch = chans.addObject().put("id", Long.toString(gid * 1000 + c)).put("type", 0)
                    .put("name", "channel-" + c).put("position", c).put("topic", "a channel for topic " + c)
                    .put("rate_limit_per_user", 0).put("nsfw", false).putNull("parent_id");
            ch.putArray("permission_overwrites").addObject().put("id", Long.toString(gid)).put("type", 0)
                    .put("allow", "0").put("deny", "2048");
        }
        ArrayNode mem = d.putArray("members");
        for (int m = 0; m < members; m++) {
            ObjectNode member = mem.addObject();
            member.putObject("user").put("id", Long.toString(500_000_000_000_000_000L + m))
                    .put("username", "user" + m).put("global_name", "User " + m).putNull("avatar")
                    .put("discriminator", "0");
            member.putArray("roles").add(Long.toString(gid * 10 + 1 + (m % 9)));
            member.put("joined_at", "2024-05-01T12:00:00.000000+00:00").putNull("nick").put("deaf", false)
                    .put("mute", false).put("flags", 0);
        }
        d.putArray("threads");
        d.putArray("emojis");
        d.putArray("voice_states");
        d.putArray("guild_scheduled_events");
        return d;
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
