package io.ultrareliability.sim.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SimIdsTest {
    @Test
    void fixedIds() {
        assertThat(SimIds.botUserId(0)).isEqualTo(100_000_000_000_000_001L);
        assertThat(SimIds.guildId(0)).isEqualTo(200_002_352_248_258_560L);
        assertThat(SimIds.guildId(1)).isEqualTo(200_002_352_252_452_864L);
        assertThat(SimIds.textChannelId(0)).isEqualTo(SimIds.guildId(0) + 1);
        assertThat(SimIds.guildIndexOfChannel(SimIds.textChannelId(2), 3)).isEqualTo(2);
        assertThat(SimIds.guildIndexOfChannel(SimIds.textChannelId(2), 2)).isEqualTo(-1);
        assertThat(SimIds.guildIndexOf(SimIds.guildId(1), 2)).isEqualTo(1);
    }

    @Test
    void guildIOfNShardsIsOnShardIModN() {
        for (int shards = 1; shards <= 16; shards++) {
            for (int i = 0; i < 40; i++) {
                assertThat((SimIds.guildId(i) >> 22) % shards).as("guild %d, %d shards", i, shards).isEqualTo(i % shards);
            }
        }
    }

    @Test
    void snowflakesCarryTheTimeAndAreUnique() {
        SimIds ids = new SimIds();
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        long a = ids.next(at);
        long b = ids.next(at);
        assertThat(b).isEqualTo(a + 1);
        assertThat((a >> 22) + 1_420_070_400_000L).isEqualTo(at.toEpochMilli());
    }
}
