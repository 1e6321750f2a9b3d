package io.ultrareliability.sim.gateway;

import io.ultrareliability.sim.state.SimIds;
import java.util.ArrayList;
import java.util.List;

/** Which of the configured guilds a shard holds: Discord's {@code (guild_id >> 22) % shard_count}. */
record ShardLayout(int guilds) {
    List<Integer> guildsOf(int shardId, int shardCount) {
        List<Integer> result = new ArrayList<>();
        for (int i = 0; i < guilds; i++) {
            if ((SimIds.guildId(i) >> 22) % shardCount == shardId) {
                result.add(i);
            }
        }
        return result;
    }

    /** The session is live and its shard holds guild {@code guildIndex}. */
    boolean holds(GatewaySession session, int guildIndex) {
        return !session.ended()
                && (SimIds.guildId(guildIndex) >> 22) % session.shardCount() == session.shardId();
    }
}
