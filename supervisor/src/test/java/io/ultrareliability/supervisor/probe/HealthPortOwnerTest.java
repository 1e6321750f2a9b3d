package io.ultrareliability.supervisor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HealthPortOwnerTest {
    @Test
    void listeningSocketsOfThePortOnly() {
        String table = """
                  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
                   0: 0100007F:225E 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 111 1 0
                   1: 0100007F:225E 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 222 1 0
                   2: 0100007F:225F 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 333 1 0
                """;
        assertThat(HealthPortOwner.listening(table, 8798)).containsExactly("111");
        assertThat(HealthPortOwner.listening(table, 1)).isEmpty();
    }
}
